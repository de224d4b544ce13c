//! aigate extensions on sentence embeddings: Embed, Similarity, and zero-shot ClassifyDocument.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct EmbedRequest {
    /// 1 to 25 texts.
    #[schema(example = json!(["A man is playing a guitar.", "Someone plays an acoustic guitar."]))]
    pub text_list: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct EmbedResponse {
    /// One unit-length vector per text, in order.
    #[schema(example = json!([[0.0123, -0.0456, 0.0789]]))]
    pub embeddings: Vec<Vec<f32>>,
    #[schema(example = 384)]
    pub dimensions: usize,
    #[schema(example = "all-minilm-l6-v2-int8")]
    pub model_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TextPair {
    #[schema(example = "A man is playing a guitar.")]
    pub text1: String,
    #[schema(example = "Someone plays an acoustic guitar.")]
    pub text2: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SimilarityRequest {
    /// 1 to 25 pairs.
    pub pairs: Vec<TextPair>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SimilarityResult {
    pub index: usize,
    /// Cosine similarity of the two embeddings, -1 to 1.
    #[schema(example = 0.8)]
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SimilarityResponse {
    pub result_list: Vec<SimilarityResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ClassifyDocumentRequest {
    #[schema(example = "The striker scored twice in the second half.")]
    pub text: String,
    /// 2 to 50 candidate labels.
    #[schema(example = json!(["sports", "politics", "finance"]))]
    pub candidate_labels: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DocumentClass {
    #[schema(example = "sports")]
    pub name: String,
    /// Softmax over the labels' similarities; the scores sum to 1.
    #[schema(example = 0.91)]
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ClassifyDocumentResponse {
    /// Every candidate label, best first.
    pub classes: Vec<DocumentClass>,
}
