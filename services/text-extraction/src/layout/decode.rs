//! PicoDet (GFL) post-processing, as in `rapid_layout`'s `PicoDetPostProcess`.
//!
//! Per stride level the model gives a class-score map (already sigmoid) and, per anchor, 4 × `bins`
//! distance logits (left, top, right, bottom). A distance is the softmax expectation over the
//! bins times the stride, measured from the anchor centre ((i + 0.5) · stride). Boxes scoring
//! above the threshold go through per-class hard NMS.

use crate::geometry::Rect;

pub const SCORE_THRESHOLD: f32 = 0.5;
pub const NMS_IOU: f32 = 0.5;
/// Boxes kept per class after NMS.
const KEEP_TOP_K: usize = 100;

/// One stride level's outputs, row-major: `scores` is [anchors × classes], `distances`
/// [anchors × 4 × bins].
#[derive(Debug, Clone, Copy)]
pub struct Level<'a> {
    pub scores: &'a [f32],
    pub distances: &'a [f32],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub class: usize,
    pub score: f32,
    /// In input pixels, clipped to the input.
    pub rect: Rect,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DecodeError {
    #[error("a level has {anchors} anchors, which matches no stride for a {width}x{height} input")]
    UnknownStride { anchors: usize, width: usize, height: usize },
    #[error("a level's scores and distances disagree on the anchor count")]
    Mismatch,
}

/// Decodes all levels of one image whose network input is `width` × `height`.
pub fn decode(
    levels: &[Level],
    classes: usize,
    bins: usize,
    width: usize,
    height: usize,
) -> Result<Vec<Detection>, DecodeError> {
    if classes == 0 || bins == 0 {
        return Ok(Vec::new());
    }
    let mut candidates: Vec<Detection> = Vec::new();
    for level in levels {
        let anchors = level.scores.len() / classes;
        if anchors * classes != level.scores.len() || anchors * 4 * bins != level.distances.len() {
            return Err(DecodeError::Mismatch);
        }
        let (stride, grid_width) = [8, 16, 32, 64, 128]
            .into_iter()
            .map(|s| (s, width.div_ceil(s), height.div_ceil(s)))
            .find(|&(_, w, h)| w * h == anchors)
            .map(|(s, w, _)| (s, w))
            .ok_or(DecodeError::UnknownStride { anchors, width, height })?;
        for anchor in 0..anchors {
            let scores = &level.scores[anchor * classes..(anchor + 1) * classes];
            if !scores.iter().any(|&s| s > SCORE_THRESHOLD) {
                continue;
            }
            let cx = ((anchor % grid_width) as f32 + 0.5) * stride as f32;
            let cy = ((anchor / grid_width) as f32 + 0.5) * stride as f32;
            let side = |k: usize| {
                expectation(&level.distances[(anchor * 4 + k) * bins..(anchor * 4 + k + 1) * bins]) * stride as f32
            };
            let rect = Rect::new(
                (cx - side(0)).clamp(0.0, width as f32),
                (cy - side(1)).clamp(0.0, height as f32),
                (cx + side(2)).clamp(0.0, width as f32),
                (cy + side(3)).clamp(0.0, height as f32),
            );
            for (class, &score) in scores.iter().enumerate() {
                if score > SCORE_THRESHOLD {
                    candidates.push(Detection { class, score, rect });
                }
            }
        }
    }
    Ok((0..classes)
        .flat_map(|class| hard_nms(candidates.iter().filter(|d| d.class == class).cloned().collect()))
        .collect())
}

/// The expected bin index under the softmax of `logits`.
fn expectation(logits: &[f32]) -> f32 {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let weights: Vec<f32> = logits.iter().map(|&l| (l - max).exp()).collect();
    let total: f32 = weights.iter().sum();
    if !(total.is_finite() && total > 0.0) {
        return 0.0;
    }
    weights.iter().enumerate().map(|(i, w)| i as f32 * w).sum::<f32>() / total
}

/// Keeps the best box, drops those overlapping it by more than [`NMS_IOU`], and repeats.
fn hard_nms(mut detections: Vec<Detection>) -> Vec<Detection> {
    detections.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<Detection> = Vec::new();
    for detection in detections {
        if kept.len() >= KEEP_TOP_K {
            break;
        }
        if kept.iter().all(|k| k.rect.iou(&detection.rect) <= NMS_IOU) {
            kept.push(detection);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Logits that put all weight on bin `bin`.
    fn peaked(bins: usize, bin: usize) -> Vec<f32> {
        (0..bins).map(|i| if i == bin { 30.0 } else { 0.0 }).collect()
    }

    #[test]
    fn expectation_of_a_peak_is_its_bin() {
        assert!((expectation(&peaked(8, 3)) - 3.0).abs() < 1e-4);
        assert!((expectation(&[0.0; 8]) - 3.5).abs() < 1e-4);
    }

    #[test]
    fn decodes_boxes_around_anchor_centres_and_suppresses_duplicates() {
        // A 32×16 input at stride 8: a 4×2 grid. Anchor 5 (column 1, row 1; centre 12,12) scores
        // class 1 at 0.9 with distances 1,1,2,1 bins (× 8 px); anchor 6 nearly duplicates it at 0.8.
        let (classes, bins, width, height) = (2, 8, 32, 16);
        let mut scores = vec![0.0; 8 * classes];
        scores[5 * classes + 1] = 0.9;
        scores[6 * classes + 1] = 0.8;
        let mut distances = vec![0.0; 8 * 4 * bins];
        for (anchor, sides) in [(5, [1, 1, 2, 1]), (6, [2, 1, 1, 1])] {
            for (k, bin) in sides.into_iter().enumerate() {
                let start = (anchor * 4 + k) * bins;
                distances[start..start + bins].copy_from_slice(&peaked(bins, bin));
            }
        }
        let level = Level { scores: &scores, distances: &distances };
        let found = decode(&[level], classes, bins, width, height).expect("decode");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].class, 1);
        let r = found[0].rect;
        assert!((r.left - 4.0).abs() < 0.01 && (r.top - 4.0).abs() < 0.01, "{r:?}");
        assert!((r.right - 28.0).abs() < 0.01 && (r.bottom - 16.0).abs() < 0.01, "{r:?}");
    }

    #[test]
    fn rejects_levels_that_fit_no_stride() {
        let level = Level { scores: &[0.0; 7], distances: &[0.0; 7 * 32] };
        assert!(matches!(decode(&[level], 1, 8, 32, 16), Err(DecodeError::UnknownStride { anchors: 7, .. })));
    }
}
