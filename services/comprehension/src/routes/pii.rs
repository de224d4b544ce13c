//! DetectPiiEntities and ContainsPiiEntities.

use super::{ComprehendErrors, TAG};
use crate::api::{ContainsPiiEntitiesResponse, DetectPiiEntitiesResponse, TextRequest};
use crate::request::read_json;
use crate::service::ComprehensionService;
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

/// Finds personal information in a text (AWS Comprehend DetectPiiEntities).
#[utoipa::path(
    post,
    path = "/detect-pii-entities",
    tag = TAG,
    operation_id = "DetectPiiEntities",
    summary = "Detect personally identifiable information (Comprehend DetectPiiEntities)",
    description = "Mirrors AWS Comprehend `DetectPiiEntities` for English. Each type is a rule whose \
        matches are validated: EMAIL (local part and domain labels), URL (host is a domain, IP or \
        localhost), IP_ADDRESS (IPv4 without leading zeros, IPv6), CREDIT_DEBIT_NUMBER (13–19 \
        digits, Luhn checksum and a card network's prefix), SSN (not 000/666/9xx area, 00 group, \
        0000 serial), PHONE (North American numbers with valid area code and exchange, or `+` \
        international numbers of 8–15 digits), ADDRESS (house number, street name and type, plus a \
        city, a real US state and ZIP when present), DATE_TIME (the date grammar) and NAME (PERSON \
        from the entity engine). Offsets count characters. Limit: 100,000 bytes of UTF-8.",
    request_body(content = TextRequest, example = json!({"Text": "Email jane.doe@example.com or call (206) 555-0142. Card 4111 1111 1111 1111.", "LanguageCode": "en"})),
    responses(
        (status = 200, description = "The PII entities, in text order.", body = DetectPiiEntitiesResponse,
         example = json!({"Entities": [
            {"Score": 0.99, "Type": "EMAIL", "BeginOffset": 6, "EndOffset": 26},
            {"Score": 0.9, "Type": "PHONE", "BeginOffset": 35, "EndOffset": 49},
            {"Score": 0.97, "Type": "CREDIT_DEBIT_NUMBER", "BeginOffset": 56, "EndOffset": 75}
         ]})),
        ComprehendErrors,
    ),
)]
pub async fn detect_pii_entities(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<DetectPiiEntitiesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: TextRequest = read_json(body, service.config().max_request_bytes).await?;
    Ok(Json(DetectPiiEntitiesResponse {
        entities: service.pii_entities(request.text, request.language_code.as_deref()).await?,
    }))
}

/// Says which kinds of personal information a text contains (AWS Comprehend ContainsPiiEntities).
#[utoipa::path(
    post,
    path = "/contains-pii-entities",
    tag = TAG,
    operation_id = "ContainsPiiEntities",
    summary = "List the kinds of PII in a text (Comprehend ContainsPiiEntities)",
    description = "Mirrors AWS Comprehend `ContainsPiiEntities`: one label per PII type that \
        DetectPiiEntities finds, with the best score of that type. Limit: 100,000 bytes of UTF-8.",
    request_body(content = TextRequest, example = json!({"Text": "My SSN is 123-45-6789 and my email is jane@example.com.", "LanguageCode": "en"})),
    responses(
        (status = 200, description = "The PII types present.", body = ContainsPiiEntitiesResponse,
         example = json!({"Labels": [{"Name": "EMAIL", "Score": 0.99}, {"Name": "SSN", "Score": 0.95}]})),
        ComprehendErrors,
    ),
)]
pub async fn contains_pii_entities(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<ContainsPiiEntitiesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: TextRequest = read_json(body, service.config().max_request_bytes).await?;
    Ok(Json(ContainsPiiEntitiesResponse {
        labels: service.pii_labels(request.text, request.language_code.as_deref()).await?,
    }))
}
