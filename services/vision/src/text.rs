//! DetectText through the text-extraction crate's OCR engine (PP-OCR): its lines and words as
//! Rekognition TextDetections, with geometry on the image as sent.

use crate::api::{DetectTextResponse, Geometry, Point, TextDetection, TextType};
use crate::labels::percent;
use aigate_core::ApiError;
use aigate_text_extraction::blocks::normalise;
use aigate_text_extraction::geometry::PageSize;
use aigate_text_extraction::ocr::{OcrEngine, OcrPage, Quad};
use image::{DynamicImage, RgbImage};
use std::path::Path;

/// Reported as `TextModelVersion`.
pub const MODEL_VERSION: &str = "ppocr-v6-1.0";

/// The OCR engine, or why it could not load (then only DetectText is unavailable).
pub struct TextReader {
    engine: Result<OcrEngine, String>,
}

impl TextReader {
    /// Loads the text-extraction service's OCR models from `dir`; blocking.
    pub fn load(dir: &Path, queue_capacity: usize) -> Self {
        let engine = OcrEngine::load(dir, queue_capacity).map_err(|e| {
            tracing::warn!(error = %e, "DetectText is unavailable: the OCR models did not load");
            format!(
                "DetectText is unavailable: the text-extraction models did not load ({e}); \
                 run `aigate models fetch --only text-extraction`"
            )
        });
        Self { engine }
    }

    pub async fn detect_text(&self, image: RgbImage) -> Result<DetectTextResponse, ApiError> {
        let engine = self.engine.as_ref().map_err(|message| ApiError::service_unavailable(message.clone()))?;
        let mut page = engine.read(DynamicImage::ImageRgb8(image)).await?;
        normalise(&mut page);
        Ok(DetectTextResponse { text_detections: detections(&page), text_model_version: MODEL_VERSION.to_string() })
    }
}

/// LINE detections in reading order, then WORD detections pointing at their line.
pub fn detections(page: &OcrPage) -> Vec<TextDetection> {
    let size = PageSize {
        width: page.image.width() as f32,
        height: page.image.height() as f32,
        rotation_degrees: page.rotation_degrees,
    };
    let geometry = |quad: &Quad| {
        let g = size.geometry_of_quad(quad);
        let b = g.bounding_box;
        Geometry {
            bounding_box: crate::api::BoundingBox { width: b.width, height: b.height, left: b.left, top: b.top },
            polygon: g.polygon.iter().map(|p| Point { x: p.x, y: p.y }).collect(),
        }
    };
    let mut lines = Vec::with_capacity(page.lines.len());
    let mut words = Vec::new();
    let mut next_word_id = page.lines.len() as u32;
    for (line_id, line) in (0u32..).zip(&page.lines) {
        lines.push(TextDetection {
            detected_text: line.text.clone(),
            kind: TextType::Line,
            id: line_id,
            parent_id: None,
            confidence: percent(line.confidence),
            geometry: geometry(&line.quad),
        });
        for word in &line.words {
            words.push(TextDetection {
                detected_text: word.text.clone(),
                kind: TextType::Word,
                id: next_word_id,
                parent_id: Some(line_id),
                confidence: percent(word.confidence),
                geometry: geometry(&word.quad),
            });
            next_word_id += 1;
        }
    }
    lines.extend(words);
    lines
}
