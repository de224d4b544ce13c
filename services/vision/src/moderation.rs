//! DetectModerationLabels with Yahoo's open_nsfw: one probability that the image is "not safe
//! for work" (trained on pornographic versus other images). What it can and cannot tell:
//!
//! - It gives ONE number. There are no sub-categories: aigate reports it as the single top-level
//!   label "Explicit Nudity" (Confidence = the probability × 100) and never reports Suggestive,
//!   Violence, Drugs, Tobacco, Alcohol, Gambling, Hate Symbols, Rude Gestures or Visually
//!   Disturbing content: the model was never trained on them, so their absence means nothing.
//! - Yahoo's guidance: under 0.2 is likely safe, over 0.8 likely explicit; in between (swimwear,
//!   lingerie, art, skin close-ups) the score is unreliable. It is not a calibrated probability.
//! - Harmless photos score low (astronaut 3%, coffee 1%, cat 0.01%), so the default
//!   MinConfidence of 50 returns no label for them.

use crate::api::ModerationLabel;
use aigate_core::runtime::{self, RuntimeError};
use aigate_core::tensor::{Channels, Normalize, nhwc};
use image::RgbImage;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use ndarray::Array4;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

pub const MODEL_FILE: &str = "open-nsfw.onnx";
/// Reported as `ModerationModelVersion`.
pub const MODEL_VERSION: &str = "open-nsfw-1.0";
pub const LABEL: &str = "Explicit Nudity";
const RESIZE: u32 = 256;
const CROP: u32 = 224;
/// PIL's default JPEG quality, which the reference preprocessing round-trips through.
const JPEG_QUALITY: u8 = 75;
const MEAN_BGR: [f32; 3] = [104.0, 117.0, 123.0];

/// The reference preprocessing: bilinear resize to 256×256, centre crop 224, a JPEG round trip
/// (the model was trained on JPEG-decoded pixels), BGR minus the dataset mean, NHWC. CPU-bound.
pub fn preprocess(image: &RgbImage) -> Result<Array4<f32>, String> {
    let resized = imageops::resize(image, RESIZE, RESIZE, FilterType::Triangle);
    let offset = (RESIZE - CROP) / 2;
    let crop = imageops::crop_imm(&resized, offset, offset, CROP, CROP).to_image();
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY).encode_image(&crop).map_err(|e| e.to_string())?;
    let decoded = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).map_err(|e| e.to_string())?;
    let normalize = Normalize { mean: MEAN_BGR, scale: [1.0; 3] };
    Ok(nhwc(&decoded.to_rgb8(), Channels::Bgr, normalize))
}

pub struct NsfwModel {
    session: Session,
}

impl NsfwModel {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: runtime::load_session(path)? })
    }

    /// The not-safe-for-work probability, 0..1.
    pub fn score(&mut self, input: &Array4<f32>) -> Result<f32, String> {
        let tensor = TensorRef::from_array_view(input).map_err(|e| e.to_string())?;
        let outputs = self.session.run(ort::inputs![tensor]).map_err(|e| e.to_string())?;
        let (_, data) = outputs[0].try_extract_tensor::<f32>().map_err(|e| e.to_string())?;
        match data {
            [_, nsfw] if nsfw.is_finite() => Ok(nsfw.clamp(0.0, 1.0)),
            other => Err(format!("moderation model gave {} values; expected [safe, nsfw]", other.len())),
        }
    }
}

/// The labels for a score at `min_confidence` (0–100).
pub fn labels(score: f32, min_confidence: f32) -> Vec<ModerationLabel> {
    let confidence = crate::labels::percent(score);
    if confidence < min_confidence {
        return Vec::new();
    }
    vec![ModerationLabel { name: LABEL.into(), parent_name: String::new(), confidence, taxonomy_level: 1 }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_label_above_the_threshold_only() {
        assert!(labels(0.03, 50.0).is_empty());
        let found = labels(0.93, 50.0);
        assert_eq!((found[0].name.as_str(), found[0].taxonomy_level), (LABEL, 1));
        assert!((found[0].confidence - 93.0).abs() < 1e-4);
    }

    #[test]
    fn input_is_224_square_bgr_minus_mean() {
        let image = RgbImage::from_pixel(300, 100, image::Rgb([200, 117, 104]));
        let input = preprocess(&image).expect("preprocess");
        assert_eq!(input.shape(), &[1, 224, 224, 3]);
        // B − 104 ≈ 0, R − 123 ≈ 77 (give or take the JPEG round trip).
        assert!(input[[0, 100, 100, 0]].abs() < 3.0 && (input[[0, 100, 100, 2]] - 77.0).abs() < 3.0);
    }
}
