//! Engines for ONNX models the user configures: a sequence classifier for DetectSentiment and
//! a token classifier (BERT-style BIO tags) for DetectEntities. Each needs the model, its
//! `tokenizer.json`, and its `config.json` (labels from `id2label`); `labels` maps the model's
//! labels to Comprehend's sentiments or entity types.

pub mod sequence;
pub mod token;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `[services.comprehension.sentiment_model]` or `[services.comprehension.entity_model]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnnxModelConfig {
    /// The ONNX file; relative paths are under `<model_dir>/comprehension/`.
    pub model: PathBuf,
    /// Its `tokenizer.json`.
    pub tokenizer: PathBuf,
    /// Its `config.json`, whose `id2label` names the outputs.
    pub config: PathBuf,
    /// Language codes the model serves, e.g. `["en", "de"]`.
    pub languages: Vec<String>,
    /// Model label → Comprehend name (`"LABEL_2" = "POSITIVE"`, `"PER" = "PERSON"`). Labels not
    /// listed use the usual names (positive/negative/neutral/mixed; PER/LOC/ORG/MISC…).
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// Tokens per window (default 512).
    #[serde(default)]
    pub max_tokens: Option<usize>,
}

impl OnnxModelConfig {
    pub fn resolve(&self, dir: &Path, path: &Path) -> PathBuf {
        if path.is_absolute() { path.to_path_buf() } else { dir.join(path) }
    }
}

/// The labels of `config.json`'s `id2label`, in id order.
pub fn read_labels(path: &Path) -> Result<Vec<String>, String> {
    #[derive(Deserialize)]
    struct Config {
        id2label: BTreeMap<String, String>,
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let config: Config = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut pairs: Vec<(usize, String)> = config
        .id2label
        .into_iter()
        .map(|(id, label)| id.parse().map(|id| (id, label)).map_err(|_| format!("id2label key {id:?} is not a number")))
        .collect::<Result<_, _>>()?;
    pairs.sort();
    if pairs.iter().enumerate().any(|(i, (id, _))| i != *id) {
        return Err("id2label must number its labels 0, 1, 2, …".into());
    }
    Ok(pairs.into_iter().map(|(_, label)| label).collect())
}

/// Softmax of one row of logits.
pub fn softmax(row: &[f32]) -> Vec<f32> {
    crate::embed::zero_shot::softmax(row)
}
