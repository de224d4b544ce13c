//! The single-document Detect* operations.

use super::{ComprehendErrors, TAG};
use crate::api::{
    DetectDominantLanguageRequest, DetectDominantLanguageResponse, DetectEntitiesResponse, DetectKeyPhrasesResponse,
    DetectSentimentResponse, TextRequest,
};
use crate::request::read_json;
use crate::service::ComprehensionService;
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

/// Detects the language a text is written in (AWS Comprehend DetectDominantLanguage).
#[utoipa::path(
    post,
    path = "/detect-dominant-language",
    tag = TAG,
    operation_id = "DetectDominantLanguage",
    summary = "Detect the dominant language of a text (Comprehend DetectDominantLanguage)",
    description = "Mirrors AWS Comprehend `DetectDominantLanguage`. The `lingua` detector knows 75 \
        languages; codes are ISO 639-1 (`zh` for Chinese). Languages with a confidence of at least \
        0.01 are listed, most likely first (at most 5); text without letters gives an empty list. \
        Limit: 100,000 bytes of UTF-8.",
    request_body(content = DetectDominantLanguageRequest, example = json!({"Text": "Bonjour, je voudrais réserver une table pour deux personnes ce soir."})),
    responses(
        (status = 200, description = "The likely languages.", body = DetectDominantLanguageResponse,
         example = json!({"Languages": [{"LanguageCode": "fr", "Score": 0.97}]})),
        ComprehendErrors,
    ),
)]
pub async fn detect_dominant_language(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<DetectDominantLanguageResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: DetectDominantLanguageRequest = read_json(body, service.config().max_request_bytes).await?;
    Ok(Json(DetectDominantLanguageResponse { languages: service.dominant_language(request.text).await? }))
}

/// Detects the sentiment of a text (AWS Comprehend DetectSentiment).
#[utoipa::path(
    post,
    path = "/detect-sentiment",
    tag = TAG,
    operation_id = "DetectSentiment",
    summary = "Detect the sentiment of a text (Comprehend DetectSentiment)",
    description = "Mirrors AWS Comprehend `DetectSentiment` with the VADER lexicon engine (English). \
        `Sentiment` is MIXED when both the positive and the negative word shares are at least 0.1 \
        and |compound| < 0.5; else POSITIVE when VADER's compound score is ≥ 0.05, NEGATIVE when it \
        is ≤ −0.05, NEUTRAL otherwise. `SentimentScore` holds VADER's positive, negative and \
        neutral shares and Mixed = 2·min(positive, negative), rescaled to sum to 1. \
        Limit: 5,000 bytes of UTF-8. Other languages: UnsupportedLanguageException.",
    request_body(content = TextRequest, example = json!({"Text": "I love this phone, the camera is absolutely wonderful!", "LanguageCode": "en"})),
    responses(
        (status = 200, description = "The sentiment and its scores.", body = DetectSentimentResponse,
         example = json!({"Sentiment": "POSITIVE", "SentimentScore": {"Positive": 0.586, "Negative": 0.0, "Neutral": 0.414, "Mixed": 0.0}})),
        ComprehendErrors,
    ),
)]
pub async fn detect_sentiment(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<DetectSentimentResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: TextRequest = read_json(body, service.config().max_request_bytes).await?;
    let (sentiment, sentiment_score) = service.sentiment(request.text, request.language_code.as_deref()).await?;
    Ok(Json(DetectSentimentResponse { sentiment, sentiment_score }))
}

/// Finds the key phrases of a text (AWS Comprehend DetectKeyPhrases).
#[utoipa::path(
    post,
    path = "/detect-key-phrases",
    tag = TAG,
    operation_id = "DetectKeyPhrases",
    summary = "Detect the key phrases of a text (Comprehend DetectKeyPhrases)",
    description = "Mirrors AWS Comprehend `DetectKeyPhrases` with YAKE, an unsupervised ranking of \
        1- to 3-word candidates by casing, position, frequency and context. Score = 1 / (1 + YAKE \
        score), so higher is more relevant; at most 20 phrases, best first. Offsets count \
        characters and point at the phrase's first occurrence. Languages: en, es, fr, de, it, pt, \
        nl, da, fi, hu, pl, ru, sv, tr. Limit: 100,000 bytes of UTF-8.",
    request_body(content = TextRequest, example = json!({"Text": "Amazon Comprehend uses natural language processing to extract insights from documents.", "LanguageCode": "en"})),
    responses(
        (status = 200, description = "The key phrases, most relevant first.", body = DetectKeyPhrasesResponse,
         example = json!({"KeyPhrases": [
            {"Score": 0.96, "Text": "Amazon Comprehend", "BeginOffset": 0, "EndOffset": 17},
            {"Score": 0.93, "Text": "natural language processing", "BeginOffset": 23, "EndOffset": 50}
         ]})),
        ComprehendErrors,
    ),
)]
pub async fn detect_key_phrases(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<DetectKeyPhrasesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: TextRequest = read_json(body, service.config().max_request_bytes).await?;
    Ok(Json(DetectKeyPhrasesResponse {
        key_phrases: service.key_phrases(request.text, request.language_code.as_deref()).await?,
    }))
}

/// Finds the named entities of a text (AWS Comprehend DetectEntities).
#[utoipa::path(
    post,
    path = "/detect-entities",
    tag = TAG,
    operation_id = "DetectEntities",
    summary = "Detect the entities in a text (Comprehend DetectEntities)",
    description = "Mirrors AWS Comprehend `DetectEntities`. English uses aigate's offline engine: \
        capitalised phrases classified by gazetteers (GeoNames places, US census given names and \
        surnames), organisation and event suffix rules and honorifics, plus date and quantity \
        grammars. Types: PERSON, LOCATION, ORGANIZATION, DATE, QUANTITY, COMMERCIAL_ITEM, EVENT, \
        TITLE. It is a rule engine, not a neural model: see docs/benchmarks.md for its F1 against \
        spaCy `en_core_web_sm`. Offsets count characters. Limit: 100,000 bytes of UTF-8. \
        Custom endpoints (`EndpointArn`) are not supported.",
    request_body(content = TextRequest, example = json!({"Text": "Jeff Bezos founded Amazon in Seattle on July 5, 1994.", "LanguageCode": "en"})),
    responses(
        (status = 200, description = "The entities, in text order.", body = DetectEntitiesResponse,
         example = json!({"Entities": [
            {"Score": 0.8, "Type": "PERSON", "Text": "Jeff Bezos", "BeginOffset": 0, "EndOffset": 10},
            {"Score": 0.3, "Type": "ORGANIZATION", "Text": "Amazon", "BeginOffset": 19, "EndOffset": 25},
            {"Score": 0.85, "Type": "LOCATION", "Text": "Seattle", "BeginOffset": 29, "EndOffset": 36},
            {"Score": 0.9, "Type": "DATE", "Text": "July 5, 1994", "BeginOffset": 40, "EndOffset": 52}
         ]})),
        ComprehendErrors,
    ),
)]
pub async fn detect_entities(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<DetectEntitiesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: TextRequest = read_json(body, service.config().max_request_bytes).await?;
    Ok(Json(DetectEntitiesResponse {
        entities: service.entities(request.text, request.language_code.as_deref()).await?,
    }))
}
