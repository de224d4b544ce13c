//! DetectText.

use super::{Geometry, Image};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectTextRequest {
    pub image: Image,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectTextResponse {
    /// LINE detections in reading order, then WORD detections.
    pub text_detections: Vec<TextDetection>,
    #[schema(example = "ppocr-v6-1.0")]
    pub text_model_version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TextType {
    Line,
    Word,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TextDetection {
    #[schema(example = "COFFEE")]
    pub detected_text: String,
    #[serde(rename = "Type")]
    pub kind: TextType,
    /// Unique within the response; lines are numbered first, then words.
    #[schema(example = 0)]
    pub id: u32,
    /// WORD detections: the id of their line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(null))]
    pub parent_id: Option<u32>,
    #[schema(example = 98.6)]
    pub confidence: f32,
    pub geometry: Geometry,
}
