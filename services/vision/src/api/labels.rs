//! DetectLabels.

use super::{BoundingBox, Image};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectLabelsRequest {
    pub image: Image,
    /// At most this many labels, the most confident first (default: all).
    #[schema(example = 10)]
    #[serde(default)]
    pub max_labels: Option<i64>,
    /// Labels below this confidence (0–100) are left out (default 55).
    #[schema(example = 55.0)]
    #[serde(default)]
    pub min_confidence: Option<f32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectLabelsResponse {
    /// The most confident first.
    pub labels: Vec<Label>,
    #[schema(example = "yolox-nano-coco-1.0")]
    pub label_model_version: String,
}

/// An object class found in the image, with every instance of it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Label {
    #[schema(example = "Cat")]
    pub name: String,
    /// The best instance's confidence, 0–100.
    #[schema(example = 92.5)]
    pub confidence: f32,
    /// Each object of this class: its box and confidence.
    pub instances: Vec<Instance>,
    /// More general labels, nearest first (Cat → Pet, Mammal, Animal).
    pub parents: Vec<NamedItem>,
    /// The label's category, as in Rekognition's taxonomy (e.g. "Animals and Pets").
    pub categories: Vec<NamedItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    pub bounding_box: BoundingBox,
    #[schema(example = 92.5)]
    pub confidence: f32,
}

/// A label's parent or category: just a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct NamedItem {
    #[schema(example = "Animal")]
    pub name: String,
}
