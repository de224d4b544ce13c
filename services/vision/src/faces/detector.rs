//! The configured face detector behind one type, so the operations need not know which it is.

use super::Face;
use super::retinaface::{self, RetinaFace, RetinaInput};
use super::yunet::{self, Yunet, YunetInput};
use crate::config::FaceDetectorKind;
use aigate_core::runtime::RuntimeError;
use image::RgbImage;
use std::path::Path;

/// Model files in the service's folder.
pub const YUNET_MODEL: &str = "yunet_n_dynamic.onnx";
pub const RETINAFACE_MODEL: &str = "retinaface_mnet025.onnx";

pub enum FaceDetector {
    Yunet(Yunet),
    RetinaFace(RetinaFace),
}

/// A pre-processed image for the detector of the same kind.
pub enum FaceInput {
    Yunet(YunetInput),
    RetinaFace(RetinaInput),
}

impl FaceDetector {
    /// Loads the detector of `kind` from the service's model folder; blocking.
    pub fn load(kind: FaceDetectorKind, dir: &Path) -> Result<Self, RuntimeError> {
        match kind {
            FaceDetectorKind::Yunet => Ok(Self::Yunet(Yunet::load(&dir.join(YUNET_MODEL))?)),
            FaceDetectorKind::Retinaface => Ok(Self::RetinaFace(RetinaFace::load(&dir.join(RETINAFACE_MODEL))?)),
        }
    }

    /// The input for a detector of `kind`. CPU-bound.
    pub fn preprocess(kind: FaceDetectorKind, image: &RgbImage) -> FaceInput {
        match kind {
            FaceDetectorKind::Yunet => FaceInput::Yunet(yunet::preprocess(image)),
            FaceDetectorKind::Retinaface => FaceInput::RetinaFace(retinaface::preprocess(image)),
        }
    }

    /// Faces in image pixels, best score first.
    pub fn detect(&mut self, input: &FaceInput) -> Result<Vec<Face>, String> {
        match (self, input) {
            (Self::Yunet(model), FaceInput::Yunet(input)) => model.detect(input),
            (Self::RetinaFace(model), FaceInput::RetinaFace(input)) => model.detect(input),
            _ => Err("the face input was prepared for another detector".into()),
        }
    }
}
