//! Faces: detection (YuNet, or RetinaFace), pose from the landmarks, quality from the pixels,
//! and, for comparison, alignment and embeddings (MobileFaceNet).

pub mod align;
pub mod detail;
pub mod detector;
pub mod embed;
pub mod pose;
pub mod quality;
pub mod retinaface;
pub mod yunet;

use aigate_core::detection::{PixelBox, nms};

pub use detector::FaceDetector;

/// Faces scoring below this (0..1) are not reported.
pub const MIN_SCORE: f32 = 0.6;
/// Faces overlapping a better one by more than this are duplicates.
pub const NMS_IOU: f32 = 0.3;
/// Larger images are shrunk to this longest side before detection (a face must then still be
/// about 10 px wide to be found).
pub const MAX_SIDE: u32 = 1280;
/// DetectFaces reports at most this many faces, the largest first (Rekognition's limit).
pub const MAX_FACES: usize = 100;

/// A detected face in image pixels. Landmarks, in the ArcFace template's order: the eye on the
/// image's left, the other eye, the nose tip, the mouth corner on the image's left, the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    pub rect: PixelBox,
    /// 0..1
    pub score: f32,
    pub landmarks: [(f32, f32); 5],
}

impl Face {
    pub fn scaled(&self, factor: f32) -> Self {
        Self {
            rect: self.rect.scaled(factor),
            score: self.score,
            landmarks: self.landmarks.map(|(x, y)| (x * factor, y * factor)),
        }
    }
}

/// NMS over faces, best score first.
pub fn keep_best(faces: Vec<Face>, max_iou: f32) -> Vec<Face> {
    let boxes: Vec<PixelBox> = faces.iter().map(|f| f.rect).collect();
    let scores: Vec<f32> = faces.iter().map(|f| f.score).collect();
    nms(&boxes, &scores, max_iou).into_iter().map(|i| faces[i].clone()).collect()
}

/// The `limit` largest faces, largest first.
pub fn largest(mut faces: Vec<Face>, limit: usize) -> Vec<Face> {
    faces.sort_by(|a, b| b.rect.area().total_cmp(&a.rect.area()));
    faces.truncate(limit);
    faces
}
