//! HTTP: one POST route per operation, each documented by its `#[utoipa::path]`. The gateway
//! nests this router under `/v1/speech` and adds authentication.

use crate::service::SpeechService;
use aigate_core::{ErrorBody, Ready};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Schemas the routes refer to that no route body names directly.
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(ErrorBody)))]
struct Components;

pub fn routes() -> OpenApiRouter<Ready<SpeechService>> {
    OpenApiRouter::with_openapi(<Components as utoipa::OpenApi>::openapi())
        .routes(routes!(crate::transcription::routes::transcribe))
        .routes(routes!(crate::jobs::routes::start_transcription_job))
        .routes(routes!(crate::jobs::routes::get_transcription_job))
        .routes(routes!(crate::jobs::routes::list_transcription_jobs))
        .routes(routes!(crate::jobs::routes::delete_transcription_job))
        .routes(routes!(crate::jobs::routes::get_transcript))
        .routes(routes!(crate::synthesis::routes::synthesize_speech))
        .routes(routes!(crate::synthesis::routes::describe_voices))
}
