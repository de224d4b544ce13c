//! The OpenAPI document: every service's routes plus the gateway's own, with the errors the
//! gateway itself may answer (401, 429, 504) added to every `/v1` operation.

use aigate_comprehension::ComprehensionService;
use aigate_core::ErrorBody;
use aigate_core::error::error_example;
use aigate_speech::SpeechService;
use aigate_text_extraction::TextExtractionService;
use aigate_vision::VisionService;
use utoipa::OpenApi;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{Ref, RefOr};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "aigate",
        description = "Self-hosted, offline AI services with AWS-shaped APIs (Textract, Rekognition, Comprehend, …). \
Errors use AWS's envelope: the HTTP status, `{\"__type\": \"…Exception\", \"message\": \"…\"}` and an `X-Amzn-ErrorType` header.",
        license(name = "Apache-2.0")
    ),
    paths(crate::system::list_models, crate::system::health, crate::system::ready, crate::system::prometheus),
    components(schemas(ErrorBody)),
    tags(
        (name = "text-extraction", description = "OCR, layout, tables and forms, shaped like AWS Textract"),
        (name = "vision", description = "Labels, faces, face comparison and collections, moderation and text in images, shaped like AWS Rekognition"),
        (name = "comprehension", description = "Language, sentiment, entities, PII, key phrases, toxicity and embeddings, shaped like AWS Comprehend"),
        (name = "speech", description = "Text-to-speech shaped like AWS Polly and speech-to-text shaped like AWS Transcribe"),
        (name = "gateway", description = "Models, health and metrics")
    )
)]
struct GatewayDoc;

/// The whole document, the same whatever the config says.
pub fn spec() -> utoipa::openapi::OpenApi {
    let mut doc = GatewayDoc::openapi();
    doc.merge(crate::services::spec::<TextExtractionService>());
    doc.merge(crate::services::spec::<VisionService>());
    doc.merge(crate::services::spec::<ComprehensionService>());
    doc.merge(crate::services::spec::<SpeechService>());
    add_security(&mut doc);
    add_gateway_errors(&mut doc);
    doc
}

fn add_security(doc: &mut utoipa::openapi::OpenApi) {
    let components = doc.components.get_or_insert_with(Default::default);
    components
        .add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    components.add_security_scheme("api_key", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("x-api-key"))));
    doc.security = Some(vec![
        SecurityRequirement::default(),
        SecurityRequirement::new("bearer", Vec::<String>::new()),
        SecurityRequirement::new("api_key", Vec::<String>::new()),
    ]);
}

fn error_response(description: &str, code: &str, message: &str) -> RefOr<utoipa::openapi::Response> {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .example(Some(error_example(code, message)))
        .build();
    RefOr::T(ResponseBuilder::new().description(description).content("application/json", content).build())
}

fn add_gateway_errors(doc: &mut utoipa::openapi::OpenApi) {
    let errors = [
        (
            "401",
            "No API key, or an unknown one (only when keys are configured)",
            "UnrecognizedClientException",
            "the API key is not valid",
        ),
        (
            "429",
            "Rate limit or model queue full; see Retry-After",
            "ThrottlingException",
            "rate limit exceeded; retry in 1 s",
        ),
        (
            "504",
            "The request took longer than the gateway's timeout",
            "RequestTimeoutException",
            "the request took longer than 120 s",
        ),
    ];
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/v1/") {
            continue;
        }
        for operation in [&mut item.get, &mut item.post, &mut item.put, &mut item.delete].into_iter().flatten() {
            for (status, description, code, message) in errors {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error_response(description, code, message));
            }
        }
    }
}
