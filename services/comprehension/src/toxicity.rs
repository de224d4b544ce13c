//! DetectToxicContent with the profanity model of `alt-profanity-check` 1.9.1 (TF-IDF and a
//! calibrated linear SVM, converted to ONNX by `models/converters/profanity_check_to_onnx.py`).
//! It scores one thing, profanity, so each segment gets the label PROFANITY with the model's
//! probability, and `Toxicity` is that same probability.

use crate::api::{ToxicLabel, ToxicResult};
use aigate_core::runtime::{RuntimeError, load_session};
use ort::session::Session;
use ort::value::Tensor;
use std::path::Path;

pub const LABEL: &str = "PROFANITY";

pub struct Profanity {
    session: Session,
}

impl Profanity {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: load_session(path)? })
    }

    /// The probability that each text is profane.
    pub fn probabilities(&mut self, texts: &[String]) -> Result<Vec<f32>, String> {
        let input = Tensor::from_string_array(([texts.len(), 1], texts)).map_err(|e| e.to_string())?;
        let outputs = self.session.run(ort::inputs!["text" => input]).map_err(|e| e.to_string())?;
        let value = outputs.get("probabilities").ok_or("the model has no probabilities output")?;
        let (shape, data) = value.try_extract_tensor::<f32>().map_err(|e| e.to_string())?;
        if shape.len() != 2 || shape[0] as usize != texts.len() || shape[1] != 2 {
            return Err(format!("unexpected output shape {shape:?}"));
        }
        Ok(data.chunks_exact(2).map(|row| row[1]).collect())
    }
}

pub fn result(probability: f32) -> ToxicResult {
    ToxicResult { labels: vec![ToxicLabel { name: LABEL.to_string(), score: probability }], toxicity: probability }
}
