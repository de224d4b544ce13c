//! What the OCR pipeline returns. Coordinates are pixels of the upright page (after the page
//! orientation has been corrected); `OcrPage::image` is that upright page.

use image::RgbImage;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// Four corners in order: top-left, top-right, bottom-right, bottom-left.
pub type Quad = [Point; 4];

#[derive(Debug, Clone)]
pub struct OcrWord {
    pub text: String,
    /// 0..1
    pub confidence: f32,
    pub quad: Quad,
}

#[derive(Debug, Clone)]
pub struct OcrLine {
    pub text: String,
    /// 0..1: the mean of the recogniser's best probabilities over the kept CTC steps.
    pub confidence: f32,
    pub quad: Quad,
    pub words: Vec<OcrWord>,
}

#[derive(Debug, Clone)]
pub struct OcrPage {
    /// The upright page the coordinates refer to.
    pub image: RgbImage,
    /// Clockwise rotation (0, 90, 180 or 270) the input had; it was undone before detection.
    pub rotation_degrees: u32,
    /// Lines in reading order: top to bottom, then left to right.
    pub lines: Vec<OcrLine>,
}
