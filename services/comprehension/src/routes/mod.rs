//! HTTP: one POST route per operation, each documented by its `#[utoipa::path]`. The gateway
//! nests this router under `/v1/comprehension` and adds authentication.

mod batch;
mod detect;
mod pii;
mod toxic;
mod vectors;

use crate::service::ComprehensionService;
use aigate_core::{ErrorBody, Ready};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The OpenAPI tag of every route.
const TAG: &str = "comprehension";

#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(ErrorBody)))]
struct Components;

pub fn routes() -> OpenApiRouter<Ready<ComprehensionService>> {
    OpenApiRouter::with_openapi(<Components as utoipa::OpenApi>::openapi())
        .routes(routes!(detect::detect_dominant_language))
        .routes(routes!(detect::detect_sentiment))
        .routes(routes!(detect::detect_key_phrases))
        .routes(routes!(detect::detect_entities))
        .routes(routes!(pii::detect_pii_entities))
        .routes(routes!(pii::contains_pii_entities))
        .routes(routes!(batch::batch_detect_dominant_language))
        .routes(routes!(batch::batch_detect_sentiment))
        .routes(routes!(batch::batch_detect_key_phrases))
        .routes(routes!(batch::batch_detect_entities))
        .routes(routes!(toxic::detect_toxic_content))
        .routes(routes!(vectors::embed))
        .routes(routes!(vectors::similarity))
        .routes(routes!(vectors::classify_document))
}

/// The errors every operation can answer, with Comprehend's `__type` names.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only: handlers answer `ApiError`, which has this shape.
pub(crate) enum ComprehendErrors {
    /// The request or a document is not acceptable.
    #[response(status = 400, examples(
        ("InvalidRequestException" = (summary = "Empty text, invalid UTF-8, or a missing field value", value = json!({"__type": "InvalidRequestException", "message": "Text is empty or only whitespace; send at least one character of text"}))),
        ("TextSizeLimitExceededException" = (summary = "A document is over the operation's limit in UTF-8 bytes", value = json!({"__type": "TextSizeLimitExceededException", "message": "Text is 5210 bytes of UTF-8; this operation accepts at most 5000"}))),
        ("UnsupportedLanguageException" = (summary = "The operation does not support the LanguageCode", value = json!({"__type": "UnsupportedLanguageException", "message": "DetectSentiment does not support LanguageCode \"de\"; supported: en"}))),
        ("BatchSizeLimitExceededException" = (summary = "More than 25 documents", value = json!({"__type": "BatchSizeLimitExceededException", "message": "TextList has 26 items; at most 25 are allowed"}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: missing field `Text` at line 1 column 2"}))),
    ))]
    BadRequest(ErrorBody),
    /// The body is over `max_request_bytes`.
    #[response(status = 413, example = json!({"__type": "TextSizeLimitExceededException", "message": "the request body exceeds 4000000 bytes"}))]
    TooLarge(ErrorBody),
    /// A model's queue is full; retry with backoff.
    #[response(status = 429, example = json!({"__type": "ThrottlingException", "message": "the embedding model queue is full; retry later"}))]
    Throttled(ErrorBody),
    /// An unexpected failure; the cause is in the gateway log.
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    /// The models are still loading.
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

#[cfg(test)]
mod tests;
