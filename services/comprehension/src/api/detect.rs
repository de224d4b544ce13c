//! Single-document operations: DetectDominantLanguage, DetectSentiment, DetectEntities,
//! DetectKeyPhrases.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// DetectDominantLanguage: the text only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectDominantLanguageRequest {
    /// UTF-8 text, at most 100,000 bytes.
    #[schema(example = "Bonjour, je voudrais réserver une table pour deux personnes.")]
    pub text: String,
}

/// A text and the language it is written in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TextRequest {
    /// UTF-8 text. Limits: 5,000 bytes for sentiment, 100,000 for the other operations.
    #[schema(example = "Jeff Bezos founded Amazon in Seattle on July 5, 1994.")]
    pub text: String,
    /// ISO 639-1 code of the text's language, e.g. `en`.
    #[schema(example = "en")]
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DominantLanguage {
    /// ISO 639-1 code (`zh` for Chinese).
    #[schema(example = "fr")]
    pub language_code: String,
    /// Confidence, 0–1.
    #[schema(example = 0.98)]
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectDominantLanguageResponse {
    /// Likely languages, most likely first.
    pub languages: Vec<DominantLanguage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Sentiment {
    Positive,
    Negative,
    Neutral,
    Mixed,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SentimentScore {
    #[schema(example = 0.55)]
    pub positive: f32,
    #[schema(example = 0.0)]
    pub negative: f32,
    #[schema(example = 0.45)]
    pub neutral: f32,
    #[schema(example = 0.0)]
    pub mixed: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectSentimentResponse {
    pub sentiment: Sentiment,
    pub sentiment_score: SentimentScore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityType {
    Person,
    Location,
    Organization,
    CommercialItem,
    Event,
    Date,
    Quantity,
    Title,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Entity {
    #[schema(example = 0.9)]
    pub score: f32,
    #[serde(rename = "Type")]
    pub entity_type: EntityType,
    #[schema(example = "Seattle")]
    pub text: String,
    /// Offset of the first character, counted in Unicode characters (code points).
    #[schema(example = 35)]
    pub begin_offset: usize,
    /// Offset just past the last character, in characters.
    #[schema(example = 42)]
    pub end_offset: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectEntitiesResponse {
    pub entities: Vec<Entity>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPhrase {
    /// Relevance, 0–1 (higher is more relevant).
    #[schema(example = 0.93)]
    pub score: f32,
    #[schema(example = "natural language processing")]
    pub text: String,
    /// In characters.
    pub begin_offset: usize,
    /// In characters, exclusive.
    pub end_offset: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DetectKeyPhrasesResponse {
    pub key_phrases: Vec<KeyPhrase>,
}
