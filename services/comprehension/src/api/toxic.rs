//! DetectToxicContent.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TextSegment {
    #[schema(example = "You are a wonderful person.")]
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectToxicContentRequest {
    /// 1 to 10 segments, each at most 1 KB (Comprehend's limits).
    pub text_segments: Vec<TextSegment>,
    #[schema(example = "en")]
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ToxicLabel {
    /// PROFANITY (the label this model scores).
    #[schema(example = "PROFANITY")]
    pub name: String,
    #[schema(example = 0.02)]
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ToxicResult {
    pub labels: Vec<ToxicLabel>,
    /// Overall toxicity, 0–1.
    #[schema(example = 0.02)]
    pub toxicity: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectToxicContentResponse {
    /// One result per segment, in order.
    pub result_list: Vec<ToxicResult>,
}
