//! YOLOX-Nano (COCO, 80 classes): letterboxed 416×416 BGR input with raw 0..255 values, and the
//! decoding of its 3549 grid predictions into boxes with per-class NMS.

use aigate_core::detection::{PixelBox, nms};
use aigate_core::runtime::{self, RuntimeError};
use aigate_core::tensor::{Channels, Normalize, letterbox, nchw};
use image::RgbImage;
use ndarray::Array4;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

pub const INPUT_SIZE: u32 = 416;
const STRIDES: [usize; 3] = [8, 16, 32];
const PAD: [u8; 3] = [114, 114, 114];
const NMS_IOU: f32 = 0.45;
/// Columns per prediction: box (4), objectness, 80 class scores.
const ROW: usize = 85;

/// An object found: its class index, score (0..1) and box in original image pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub class: usize,
    pub score: f32,
    pub rect: PixelBox,
}

/// The network input for one image.
pub struct DetectorInput {
    tensor: Array4<f32>,
    ratio: f32,
}

/// Letterboxes the image into the model's canvas. CPU-bound.
pub fn preprocess(image: &RgbImage) -> DetectorInput {
    let boxed = letterbox(image, INPUT_SIZE, INPUT_SIZE, PAD);
    DetectorInput { tensor: nchw(&boxed.image, Channels::Bgr, Normalize::RAW), ratio: boxed.ratio }
}

#[derive(Debug, thiserror::Error)]
pub enum DetectorError {
    #[error("object model run failed: {0}")]
    Run(#[from] ort::Error),
    #[error("object model output has shape {0:?}; expected [1, 3549, 85]")]
    Shape(Vec<i64>),
}

pub struct ObjectDetector {
    session: Session,
}

impl ObjectDetector {
    /// Loads the model; blocking.
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: runtime::load_session(path)? })
    }

    /// Detections scoring at least `min_score`, best first.
    pub fn detect(&mut self, input: &DetectorInput, min_score: f32) -> Result<Vec<Detection>, DetectorError> {
        let tensor = TensorRef::from_array_view(&input.tensor)?;
        let outputs = self.session.run(ort::inputs![tensor])?;
        let (shape, data) = outputs[0].try_extract_tensor::<f32>()?;
        if shape.len() != 3 || shape[2] as usize != ROW || data.len() != grid_size() * ROW {
            return Err(DetectorError::Shape(shape.to_vec()));
        }
        Ok(decode(data, input.ratio, min_score))
    }
}

fn grid_size() -> usize {
    STRIDES.iter().map(|s| (INPUT_SIZE as usize / s).pow(2)).sum()
}

/// Grid predictions into boxes on the original image: centre = (offset + cell) × stride,
/// size = exp(log-size) × stride, score = objectness × class score; then NMS per class.
pub fn decode(data: &[f32], ratio: f32, min_score: f32) -> Vec<Detection> {
    let mut candidates: Vec<Detection> = Vec::new();
    let mut rows = data.chunks_exact(ROW);
    for stride in STRIDES {
        let cells = INPUT_SIZE as usize / stride;
        for index in 0..cells * cells {
            let Some(row) = rows.next() else { return Vec::new() };
            let objectness = row[4];
            if objectness < min_score {
                continue;
            }
            let (class, class_score) =
                row[5..].iter().enumerate().fold((0, f32::MIN), |best, (c, &s)| if s > best.1 { (c, s) } else { best });
            let score = objectness * class_score;
            if score < min_score || !score.is_finite() {
                continue;
            }
            let s = stride as f32;
            let (cx, cy) = ((row[0] + (index % cells) as f32) * s, (row[1] + (index / cells) as f32) * s);
            let (w, h) = (row[2].exp() * s, row[3].exp() * s);
            let rect = PixelBox::from_centre(cx, cy, w, h).scaled(1.0 / ratio.max(f32::EPSILON));
            candidates.push(Detection { class, score, rect });
        }
    }
    per_class_nms(candidates)
}

fn per_class_nms(mut candidates: Vec<Detection>) -> Vec<Detection> {
    candidates.sort_by_key(|d| d.class);
    let mut kept = Vec::new();
    for class_group in candidates.chunk_by(|a, b| a.class == b.class) {
        let boxes: Vec<PixelBox> = class_group.iter().map(|d| d.rect).collect();
        let scores: Vec<f32> = class_group.iter().map(|d| d.score).collect();
        kept.extend(nms(&boxes, &scores, NMS_IOU).into_iter().map(|i| class_group[i].clone()));
    }
    kept.sort_by(|a, b| b.score.total_cmp(&a.score));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zero output with one prediction set at grid row `index`.
    fn output_with(index: usize, values: [f32; 4], objectness: f32, class: usize, class_score: f32) -> Vec<f32> {
        let mut data = vec![0.0; grid_size() * ROW];
        let row = &mut data[index * ROW..(index + 1) * ROW];
        row[..4].copy_from_slice(&values);
        row[4] = objectness;
        row[5 + class] = class_score;
        data
    }

    #[test]
    fn decodes_a_cell_of_the_coarsest_stride() {
        // Stride 32 starts after 52² + 26² cells; cell (x 2, y 1) of its 13×13 grid.
        let index = 52 * 52 + 26 * 26 + 13 + 2;
        let data = output_with(index, [0.5, 0.5, 0.0, 1.0f32.ln()], 0.9, 15, 0.8);
        let found = decode(&data, 0.5, 0.25);
        assert_eq!(found.len(), 1);
        let d = &found[0];
        assert_eq!(d.class, 15);
        assert!((d.score - 0.72).abs() < 1e-6);
        // Centre (2.5 × 32, 1.5 × 32) = (80, 48), size 32 × 32 on the canvas; × 2 on the image.
        assert_eq!(d.rect, PixelBox { x1: 128.0, y1: 64.0, x2: 192.0, y2: 128.0 });
    }

    #[test]
    fn weak_predictions_are_dropped() {
        let data = output_with(0, [0.0; 4], 0.9, 0, 0.2);
        assert!(decode(&data, 1.0, 0.25).is_empty());
        assert!(decode(&data[..100], 1.0, 0.0).is_empty(), "a short output decodes to nothing");
    }
}
