//! DetectModerationLabels.

use super::Image;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectModerationLabelsRequest {
    pub image: Image,
    /// Labels below this confidence (0–100) are left out (default 50).
    #[schema(example = 50.0)]
    #[serde(default)]
    pub min_confidence: Option<f32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectModerationLabelsResponse {
    /// Empty when the image is judged safe at `MinConfidence`.
    pub moderation_labels: Vec<ModerationLabel>,
    #[schema(example = "open-nsfw-1.0")]
    pub moderation_model_version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ModerationLabel {
    #[schema(example = "Explicit Nudity")]
    pub name: String,
    /// Empty for a top-level label.
    #[schema(example = "")]
    pub parent_name: String,
    #[schema(example = 87.1)]
    pub confidence: f32,
    /// 1 for a top-level label.
    #[schema(example = 1)]
    pub taxonomy_level: u32,
}
