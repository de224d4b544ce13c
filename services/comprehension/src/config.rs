//! The service's settings (`[services.comprehension]` in the gateway config).

use crate::custom::OnnxModelConfig;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComprehensionConfig {
    /// Inputs that may wait for each model before the service answers 429.
    pub queue_capacity: usize,
    /// Largest request body, in bytes (25 documents of 100,000 bytes, JSON-escaped).
    pub max_request_bytes: usize,
    /// Most texts the embedding model runs at once.
    pub embed_max_batch: usize,
    /// How long the first text of an embedding batch waits for others, in milliseconds.
    pub embed_max_delay_ms: u64,
    /// An ONNX sequence classifier for DetectSentiment in its languages (VADER serves English
    /// otherwise).
    pub sentiment_model: Option<OnnxModelConfig>,
    /// An ONNX token classifier for DetectEntities in its languages.
    pub entity_model: Option<OnnxModelConfig>,
}

impl Default for ComprehensionConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 256,
            max_request_bytes: 4_000_000,
            embed_max_batch: 32,
            embed_max_delay_ms: 2,
            sentiment_model: None,
            entity_model: None,
        }
    }
}
