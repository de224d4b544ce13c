//! The Batch* operations: up to 25 documents, one result or one error per document.

use crate::api::{DominantLanguage, Entity, KeyPhrase, Sentiment, SentimentScore};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// BatchDetectDominantLanguage.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct BatchLanguageRequest {
    /// 1 to 25 documents.
    #[schema(example = json!(["Hello, how are you?", "Hola, ¿cómo estás?"]))]
    pub text_list: Vec<String>,
}

/// BatchDetectSentiment, BatchDetectEntities, BatchDetectKeyPhrases.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct BatchTextRequest {
    /// 1 to 25 documents.
    #[schema(example = json!(["I love this phone.", "The battery died after an hour."]))]
    pub text_list: Vec<String>,
    #[schema(example = "en")]
    pub language_code: Option<String>,
}

/// Why one document of a batch failed; the others still have results.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct BatchItemError {
    #[schema(example = 1)]
    pub index: usize,
    #[schema(example = "InvalidRequestException")]
    pub error_code: String,
    #[schema(example = "Text is empty or only whitespace")]
    pub error_message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct LanguageItem {
    pub index: usize,
    pub languages: Vec<DominantLanguage>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SentimentItem {
    pub index: usize,
    pub sentiment: Sentiment,
    pub sentiment_score: SentimentScore,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct EntitiesItem {
    pub index: usize,
    pub entities: Vec<Entity>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct KeyPhrasesItem {
    pub index: usize,
    pub key_phrases: Vec<KeyPhrase>,
}

/// A batch's answer type: results for the documents that worked, errors for the others.
macro_rules! batch_response {
    ($name:ident, $item:ty) => {
        #[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            pub result_list: Vec<$item>,
            pub error_list: Vec<BatchItemError>,
        }

        impl From<(Vec<$item>, Vec<BatchItemError>)> for $name {
            fn from((result_list, error_list): (Vec<$item>, Vec<BatchItemError>)) -> Self {
                Self { result_list, error_list }
            }
        }
    };
}

batch_response!(BatchDetectDominantLanguageResponse, LanguageItem);
batch_response!(BatchDetectSentimentResponse, SentimentItem);
batch_response!(BatchDetectEntitiesResponse, EntitiesItem);
batch_response!(BatchDetectKeyPhrasesResponse, KeyPhrasesItem);
