//! The OCR pipeline: page orientation, text detection, line angle classification and
//! recognition, with word boxes from the recogniser's CTC step positions.

mod classify;
mod crop;
mod ctc;
mod detect;
mod engine;
mod geometry;
mod orientation;
mod page;
mod recognize;
mod tensor;
mod types;

pub use engine::{ANGLE_MODEL, DETECTION_MODEL, MODEL_FILES, ORIENTATION_MODEL, OcrEngine, RECOGNITION_MODEL};
pub use types::{OcrLine, OcrPage, OcrWord, Point, Quad};

#[cfg(test)]
mod model_tests;
