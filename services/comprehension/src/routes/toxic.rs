//! DetectToxicContent.

use super::{ComprehendErrors, TAG};
use crate::api::{DetectToxicContentRequest, DetectToxicContentResponse};
use crate::request::read_json;
use crate::service::ComprehensionService;
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

/// Scores text segments for toxic content (AWS Comprehend DetectToxicContent).
#[utoipa::path(
    post,
    path = "/detect-toxic-content",
    tag = TAG,
    operation_id = "DetectToxicContent",
    summary = "Detect toxic content in text segments (Comprehend DetectToxicContent)",
    description = "Mirrors AWS Comprehend `DetectToxicContent` for English with one model: \
        `alt-profanity-check` (TF-IDF and a calibrated linear SVM, converted to ONNX). It scores \
        profanity only, so each result has the one label PROFANITY, and `Toxicity` is its \
        probability; Comprehend's other labels (HATE_SPEECH, INSULT, GRAPHIC, HARASSMENT_OR_ABUSE, \
        SEXUAL, VIOLENCE_OR_THREAT) are not scored. 1 to 10 segments of at most 1,000 bytes.",
    request_body(content = DetectToxicContentRequest, example = json!({"TextSegments": [{"Text": "Have a wonderful day!"}, {"Text": "What the hell is this crap"}], "LanguageCode": "en"})),
    responses(
        (status = 200, description = "One result per segment, in order.", body = DetectToxicContentResponse,
         example = json!({"ResultList": [
            {"Labels": [{"Name": "PROFANITY", "Score": 0.02}], "Toxicity": 0.02},
            {"Labels": [{"Name": "PROFANITY", "Score": 0.91}], "Toxicity": 0.91}
         ]})),
        ComprehendErrors,
    ),
)]
pub async fn detect_toxic_content(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<DetectToxicContentResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: DetectToxicContentRequest = read_json(body, service.config().max_request_bytes).await?;
    let segments = request.text_segments.into_iter().map(|s| s.text).collect();
    let result_list = service.toxic_content(segments, request.language_code.as_deref()).await?;
    Ok(Json(DetectToxicContentResponse { result_list }))
}
