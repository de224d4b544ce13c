//! YuNet-n: a face detector with five landmarks. Input: the image in BGR with raw 0..255 values,
//! padded to multiples of 32 (any size). Outputs per stride 8, 16, 32: class and objectness
//! scores, box offsets and landmark offsets for every cell.

use super::{Face, MAX_SIDE, MIN_SCORE, NMS_IOU, keep_best};
use aigate_core::detection::PixelBox;
use aigate_core::runtime::{self, RuntimeError};
use aigate_core::tensor::{Channels, Normalize, nchw, pad_to_multiple, shrink_to};
use image::RgbImage;
use ndarray::Array4;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

const STRIDES: [usize; 3] = [8, 16, 32];

/// The network input: the padded image, and the factor it was shrunk by.
pub struct YunetInput {
    tensor: Array4<f32>,
    ratio: f32,
}

/// Shrinks large images to `MAX_SIDE` and pads to a multiple of 32. CPU-bound.
pub fn preprocess(image: &RgbImage) -> YunetInput {
    let (shrunk, ratio) = shrink_to(image, MAX_SIDE);
    let padded = pad_to_multiple(&shrunk, 32, [0, 0, 0]);
    YunetInput { tensor: nchw(&padded, Channels::Bgr, Normalize::RAW), ratio }
}

pub struct Yunet {
    session: Session,
}

/// One stride's outputs, flattened: one row per cell.
struct Level<'a> {
    stride: usize,
    cls: &'a [f32],
    obj: &'a [f32],
    bbox: &'a [f32],
    kps: &'a [f32],
}

impl Yunet {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: runtime::load_session(path)? })
    }

    /// Faces in original image pixels, deduplicated, best first.
    pub fn detect(&mut self, input: &YunetInput) -> Result<Vec<Face>, String> {
        let (height, width) = (input.tensor.shape()[2], input.tensor.shape()[3]);
        let tensor = TensorRef::from_array_view(&input.tensor).map_err(|e| e.to_string())?;
        let outputs = self.session.run(ort::inputs![tensor]).map_err(|e| e.to_string())?;
        let get = |name: &str| -> Result<&[f32], String> {
            let value = outputs.get(name).ok_or_else(|| format!("face model has no output {name}"))?;
            value.try_extract_tensor::<f32>().map(|(_, data)| data).map_err(|e| e.to_string())
        };
        let mut faces = Vec::new();
        for stride in STRIDES {
            let level = Level {
                stride,
                cls: get(&format!("cls_{stride}"))?,
                obj: get(&format!("obj_{stride}"))?,
                bbox: get(&format!("bbox_{stride}"))?,
                kps: get(&format!("kps_{stride}"))?,
            };
            decode_level(&level, width / stride, height / stride, &mut faces)?;
        }
        let scale = 1.0 / input.ratio.max(f32::EPSILON);
        let faces = faces.into_iter().map(|f| f.scaled(scale)).collect();
        Ok(keep_best(faces, NMS_IOU))
    }
}

/// Score = sqrt(cls × obj); centre = (cell + offset) × stride; size = exp(log-size) × stride;
/// landmark = (cell + offset) × stride.
fn decode_level(level: &Level, columns: usize, rows: usize, faces: &mut Vec<Face>) -> Result<(), String> {
    let cells = columns * rows;
    if level.cls.len() < cells
        || level.obj.len() < cells
        || level.bbox.len() < cells * 4
        || level.kps.len() < cells * 10
    {
        return Err(format!("face model outputs for stride {} are shorter than {cells} cells", level.stride));
    }
    let s = level.stride as f32;
    for index in 0..cells {
        let score = (level.cls[index].clamp(0.0, 1.0) * level.obj[index].clamp(0.0, 1.0)).sqrt();
        if score < MIN_SCORE {
            continue;
        }
        let (cx, cy) = ((index % columns) as f32, (index / columns) as f32);
        let b = &level.bbox[index * 4..index * 4 + 4];
        let rect = PixelBox::from_centre((cx + b[0]) * s, (cy + b[1]) * s, b[2].exp() * s, b[3].exp() * s);
        let k = &level.kps[index * 10..index * 10 + 10];
        let landmarks = std::array::from_fn(|i| ((cx + k[2 * i]) * s, (cy + k[2 * i + 1]) * s));
        faces.push(Face { rect, score, landmarks });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_one_cell() {
        // A 2×2 grid at stride 8; the face is in cell (x 1, y 0).
        let (cls, obj) = ([0.0, 0.81, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]);
        let mut bbox = [0.0; 16];
        bbox[4..8].copy_from_slice(&[0.5, 0.5, 2.0f32.ln(), 1.0f32.ln()]);
        let mut kps = [0.0; 40];
        kps[10..20].copy_from_slice(&[0.25, 0.5, 0.75, 0.5, 0.5, 0.75, 0.25, 1.0, 0.75, 1.0]);
        let level = Level { stride: 8, cls: &cls, obj: &obj, bbox: &bbox, kps: &kps };
        let mut faces = Vec::new();
        decode_level(&level, 2, 2, &mut faces).expect("decode");
        assert_eq!(faces.len(), 1);
        assert!((faces[0].score - 0.9).abs() < 1e-6);
        assert_eq!(faces[0].rect, PixelBox { x1: 4.0, y1: 0.0, x2: 20.0, y2: 8.0 });
        assert_eq!(faces[0].landmarks[0], (10.0, 4.0));
        assert!(decode_level(&level, 4, 4, &mut faces).is_err(), "outputs too short for the grid");
    }
}
