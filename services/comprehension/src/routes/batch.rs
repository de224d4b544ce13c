//! The Batch* operations: 1 to 25 documents; a bad document goes to ErrorList, the others to
//! ResultList.

use super::{ComprehendErrors, TAG};
use crate::api::{
    BatchDetectDominantLanguageResponse, BatchDetectEntitiesResponse, BatchDetectKeyPhrasesResponse,
    BatchDetectSentimentResponse, BatchLanguageRequest, BatchTextRequest, EntitiesItem, KeyPhrasesItem, LanguageItem,
    SentimentItem,
};
use crate::batch_items::each;
use crate::request::read_json;
use crate::service::ComprehensionService;
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

/// Detects the language of each document (AWS Comprehend BatchDetectDominantLanguage).
#[utoipa::path(
    post,
    path = "/batch-detect-dominant-language",
    tag = TAG,
    operation_id = "BatchDetectDominantLanguage",
    summary = "Detect the dominant language of up to 25 documents (Comprehend BatchDetectDominantLanguage)",
    description = "Mirrors AWS Comprehend `BatchDetectDominantLanguage`: DetectDominantLanguage for \
        each of 1 to 25 documents. A document that fails (empty, over 100,000 bytes) is listed in \
        `ErrorList` with its index; the others are in `ResultList`.",
    request_body(content = BatchLanguageRequest, example = json!({"TextList": ["Good morning, how are you?", "   ", "Guten Morgen, wie geht es dir?"]})),
    responses(
        (status = 200, description = "Results and per-document errors.", body = BatchDetectDominantLanguageResponse,
         example = json!({
            "ResultList": [
                {"Index": 0, "Languages": [{"LanguageCode": "en", "Score": 0.93}]},
                {"Index": 2, "Languages": [{"LanguageCode": "de", "Score": 0.99}]}
            ],
            "ErrorList": [{"Index": 1, "ErrorCode": "InvalidRequestException", "ErrorMessage": "Text is empty or only whitespace; send at least one character of text"}]
         })),
        ComprehendErrors,
    ),
)]
pub async fn batch_detect_dominant_language(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<BatchDetectDominantLanguageResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: BatchLanguageRequest = read_json(body, service.config().max_request_bytes).await?;
    let outcome = each(request.text_list, |index, text| {
        let service = service.clone();
        async move { Ok(LanguageItem { index, languages: service.dominant_language(text).await? }) }
    })
    .await?;
    Ok(Json(outcome.into()))
}

/// Detects the sentiment of each document (AWS Comprehend BatchDetectSentiment).
#[utoipa::path(
    post,
    path = "/batch-detect-sentiment",
    tag = TAG,
    operation_id = "BatchDetectSentiment",
    summary = "Detect the sentiment of up to 25 documents (Comprehend BatchDetectSentiment)",
    description = "Mirrors AWS Comprehend `BatchDetectSentiment`: DetectSentiment for each of 1 to 25 \
        documents (5,000 bytes each). A document that fails is listed in `ErrorList` with its index; \
        an unsupported `LanguageCode` fails the whole request.",
    request_body(content = BatchTextRequest, example = json!({"TextList": ["I love this phone.", "The battery died after an hour."], "LanguageCode": "en"})),
    responses(
        (status = 200, description = "Results and per-document errors.", body = BatchDetectSentimentResponse,
         example = json!({
            "ResultList": [
                {"Index": 0, "Sentiment": "POSITIVE", "SentimentScore": {"Positive": 0.677, "Negative": 0.0, "Neutral": 0.323, "Mixed": 0.0}},
                {"Index": 1, "Sentiment": "NEUTRAL", "SentimentScore": {"Positive": 0.0, "Negative": 0.0, "Neutral": 1.0, "Mixed": 0.0}}
            ],
            "ErrorList": []
         })),
        ComprehendErrors,
    ),
)]
pub async fn batch_detect_sentiment(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<BatchDetectSentimentResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: BatchTextRequest = read_json(body, service.config().max_request_bytes).await?;
    let code = request.language_code;
    crate::text::language(code.as_deref(), &service.sentiment_languages(), "BatchDetectSentiment")?;
    let outcome = each(request.text_list, |index, text| {
        let (service, code) = (service.clone(), code.clone());
        async move {
            let (sentiment, sentiment_score) = service.sentiment(text, code.as_deref()).await?;
            Ok(SentimentItem { index, sentiment, sentiment_score })
        }
    })
    .await?;
    Ok(Json(outcome.into()))
}

/// Finds the key phrases of each document (AWS Comprehend BatchDetectKeyPhrases).
#[utoipa::path(
    post,
    path = "/batch-detect-key-phrases",
    tag = TAG,
    operation_id = "BatchDetectKeyPhrases",
    summary = "Detect the key phrases of up to 25 documents (Comprehend BatchDetectKeyPhrases)",
    description = "Mirrors AWS Comprehend `BatchDetectKeyPhrases`: DetectKeyPhrases for each of 1 to 25 \
        documents. A document that fails is listed in `ErrorList` with its index; an unsupported \
        `LanguageCode` fails the whole request.",
    request_body(content = BatchTextRequest, example = json!({"TextList": ["Amazon Comprehend finds key phrases in text."], "LanguageCode": "en"})),
    responses(
        (status = 200, description = "Results and per-document errors.", body = BatchDetectKeyPhrasesResponse,
         example = json!({
            "ResultList": [{"Index": 0, "KeyPhrases": [{"Score": 0.95, "Text": "Amazon Comprehend", "BeginOffset": 0, "EndOffset": 17}]}],
            "ErrorList": []
         })),
        ComprehendErrors,
    ),
)]
pub async fn batch_detect_key_phrases(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<BatchDetectKeyPhrasesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: BatchTextRequest = read_json(body, service.config().max_request_bytes).await?;
    let code = request.language_code;
    crate::text::language(code.as_deref(), crate::key_phrases::LANGUAGES, "BatchDetectKeyPhrases")?;
    let outcome = each(request.text_list, |index, text| {
        let (service, code) = (service.clone(), code.clone());
        async move { Ok(KeyPhrasesItem { index, key_phrases: service.key_phrases(text, code.as_deref()).await? }) }
    })
    .await?;
    Ok(Json(outcome.into()))
}

/// Finds the entities of each document (AWS Comprehend BatchDetectEntities).
#[utoipa::path(
    post,
    path = "/batch-detect-entities",
    tag = TAG,
    operation_id = "BatchDetectEntities",
    summary = "Detect the entities in up to 25 documents (Comprehend BatchDetectEntities)",
    description = "Mirrors AWS Comprehend `BatchDetectEntities`: DetectEntities for each of 1 to 25 \
        documents. A document that fails is listed in `ErrorList` with its index; an unsupported \
        `LanguageCode` fails the whole request.",
    request_body(content = BatchTextRequest, example = json!({"TextList": ["Angela Merkel visited Paris.", ""], "LanguageCode": "en"})),
    responses(
        (status = 200, description = "Results and per-document errors.", body = BatchDetectEntitiesResponse,
         example = json!({
            "ResultList": [{"Index": 0, "Entities": [
                {"Score": 0.8, "Type": "PERSON", "Text": "Angela Merkel", "BeginOffset": 0, "EndOffset": 13},
                {"Score": 0.85, "Type": "LOCATION", "Text": "Paris", "BeginOffset": 22, "EndOffset": 27}]}],
            "ErrorList": [{"Index": 1, "ErrorCode": "InvalidRequestException", "ErrorMessage": "Text is empty or only whitespace; send at least one character of text"}]
         })),
        ComprehendErrors,
    ),
)]
pub async fn batch_detect_entities(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<BatchDetectEntitiesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: BatchTextRequest = read_json(body, service.config().max_request_bytes).await?;
    let code = request.language_code;
    crate::text::language(code.as_deref(), &service.entity_languages(), "BatchDetectEntities")?;
    let outcome = each(request.text_list, |index, text| {
        let (service, code) = (service.clone(), code.clone());
        async move { Ok(EntitiesItem { index, entities: service.entities(text, code.as_deref()).await? }) }
    })
    .await?;
    Ok(Json(outcome.into()))
}
