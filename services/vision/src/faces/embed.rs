//! Face embeddings (MobileFaceNet, 128 values) and their comparison. The model's license is
//! unknown, so it is only loaded when `face_comparison` is switched on.
//!
//! Similarity calibration. Cosines of L2-normalised embeddings on real photos
//! (`bench/vision_face_calibration.py`): 406 pairs of different people (the 29 faces of the 1927
//! Solvay photo) have cosines from −0.15 to 0.52 (99th percentile 0.46); 150 pairs of the same
//! face after a change of the photo (shifted and rescaled crop, half size, JPEG quality 30,
//! darker, mirrored) have 0.61 to 0.99 (1st percentile 0.72); two different photos of one person
//! scored 0.74 in the model survey. The logistic map Similarity = 100 / (1 + e^(−13.86·(cos −
//! 0.5))) puts cosine 0.50 at 50, 0.60 at 80 (Rekognition's default threshold), 0.74 at 96.5,
//! and the most similar pair of different people (0.52) at 56.

use aigate_core::runtime::{self, RuntimeError};
use ndarray::Array4;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

pub const MODEL_FILE: &str = "mobilefacenet.onnx";
/// Reported as `FaceModelVersion`.
pub const MODEL_VERSION: &str = "mobilefacenet-1.0";
pub const DIMENSIONS: usize = 128;
/// The calibration's midpoint (Similarity 50) and slope; see the module documentation.
const MIDPOINT: f32 = 0.5;
const SLOPE: f32 = 13.86;

pub struct Embedder {
    session: Session,
}

impl Embedder {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: runtime::load_session(path)? })
    }

    /// The L2-normalised embedding of each aligned face.
    pub fn embed(&mut self, faces: &[Array4<f32>]) -> Result<Vec<Vec<f32>>, String> {
        let mut embeddings = Vec::with_capacity(faces.len());
        for face in faces {
            let tensor = TensorRef::from_array_view(face).map_err(|e| e.to_string())?;
            let outputs = self.session.run(ort::inputs![tensor]).map_err(|e| e.to_string())?;
            let (_, data) = outputs[0].try_extract_tensor::<f32>().map_err(|e| e.to_string())?;
            if data.len() != DIMENSIONS {
                return Err(format!("embedding model gave {} values; expected {DIMENSIONS}", data.len()));
            }
            embeddings.push(normalised(data));
        }
        Ok(embeddings)
    }
}

fn normalised(values: &[f32]) -> Vec<f32> {
    let norm = values.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > f32::EPSILON && norm.is_finite() {
        values.iter().map(|v| v / norm).collect()
    } else {
        vec![0.0; values.len()]
    }
}

/// Cosine of two L2-normalised embeddings.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The calibrated 0–100 Similarity of a cosine.
pub fn similarity(cosine: f32) -> f32 {
    let value = 100.0 / (1.0 + (-SLOPE * (cosine - MIDPOINT)).exp());
    if value.is_finite() { (value * 100.0).round() / 100.0 } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_anchors() {
        assert!((similarity(0.5) - 50.0).abs() < 0.01);
        assert!((similarity(0.6) - 80.0).abs() < 0.1);
        assert!(similarity(0.52) < 60.0 && similarity(0.74) > 95.0);
        assert!(similarity(-1.0) < 0.01 && similarity(1.0) > 99.8);
    }

    #[test]
    fn cosine_of_normalised_vectors() {
        let a = normalised(&[3.0, 4.0]);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
        assert!((cosine(&a, &normalised(&[-4.0, 3.0]))).abs() < 1e-6);
        assert_eq!(normalised(&[0.0, 0.0]), [0.0, 0.0]);
    }
}
