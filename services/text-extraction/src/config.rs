//! The service's settings (`[services.text_extraction]` in the gateway config).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TextExtractionConfig {
    /// Largest document accepted, in bytes (AWS Textract's synchronous limit is 10 MB).
    pub max_document_bytes: usize,
    /// Largest accepted width or height in pixels (Textract: 10,000).
    pub max_side_px: u32,
    /// Requests that may wait for each model before the service answers 429.
    pub queue_capacity: usize,
}

impl Default for TextExtractionConfig {
    fn default() -> Self {
        Self { max_document_bytes: 10_000_000, max_side_px: 10_000, queue_capacity: 16 }
    }
}
