//! The service's settings (`[services.speech]` in the gateway config).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechConfig {
    /// Requests that may wait for each model before the service answers 429.
    pub queue_capacity: usize,
}

impl Default for SpeechConfig {
    fn default() -> Self {
        Self { queue_capacity: 16 }
    }
}
