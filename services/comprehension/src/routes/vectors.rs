//! aigate's embedding operations: Embed, Similarity and zero-shot ClassifyDocument.

use super::{ComprehendErrors, TAG};
use crate::api::{
    ClassifyDocumentRequest, ClassifyDocumentResponse, EmbedRequest, EmbedResponse, SimilarityRequest,
    SimilarityResponse, SimilarityResult,
};
use crate::embed::{DIMENSIONS, MODEL_ID};
use crate::request::read_json;
use crate::service::ComprehensionService;
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

/// Embeds texts as unit vectors (aigate extension).
#[utoipa::path(
    post,
    path = "/embed",
    tag = TAG,
    operation_id = "Embed",
    summary = "Embed texts as sentence vectors (aigate extension)",
    description = "Not an AWS operation. all-MiniLM-L6-v2 (int8 ONNX): mask-weighted mean pooling of \
        its token vectors, L2-normalised, 384 dimensions; the first 256 tokens of each text count. \
        1 to 25 texts of at most 10,000 bytes. Concurrent requests are batched on the server \
        (`embed_max_batch`, `embed_max_delay_ms`).",
    request_body(content = EmbedRequest, example = json!({"TextList": ["A man is playing a guitar.", "Someone plays an acoustic guitar."]})),
    responses(
        (status = 200, description = "One vector per text, in order.", body = EmbedResponse,
         example = json!({"Embeddings": [[0.0123, -0.0456, 0.0789], [0.0098, -0.0512, 0.0811]], "Dimensions": 384, "ModelId": "all-minilm-l6-v2-int8"})),
        ComprehendErrors,
    ),
)]
pub async fn embed(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<EmbedResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: EmbedRequest = read_json(body, service.config().max_request_bytes).await?;
    let embeddings = service.embed(request.text_list).await?;
    Ok(Json(EmbedResponse { embeddings, dimensions: DIMENSIONS, model_id: MODEL_ID.to_string() }))
}

/// Scores how alike two texts are (aigate extension).
#[utoipa::path(
    post,
    path = "/similarity",
    tag = TAG,
    operation_id = "Similarity",
    summary = "Semantic similarity of text pairs (aigate extension)",
    description = "Not an AWS operation. The cosine similarity (−1 to 1) of the two texts' Embed \
        vectors, for 1 to 25 pairs. Paraphrases score high (around 0.8), unrelated texts near 0.",
    request_body(content = SimilarityRequest, example = json!({"Pairs": [{"Text1": "A man is playing a guitar.", "Text2": "Someone plays an acoustic guitar."}]})),
    responses(
        (status = 200, description = "One score per pair.", body = SimilarityResponse,
         example = json!({"ResultList": [{"Index": 0, "Score": 0.8}]})),
        ComprehendErrors,
    ),
)]
pub async fn similarity(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<SimilarityResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: SimilarityRequest = read_json(body, service.config().max_request_bytes).await?;
    let pairs = request.pairs.into_iter().map(|p| (p.text1, p.text2)).collect();
    let scores = service.similarity(pairs).await?;
    let result_list = scores.into_iter().enumerate().map(|(index, score)| SimilarityResult { index, score }).collect();
    Ok(Json(SimilarityResponse { result_list }))
}

/// Classifies a text among labels the request names (zero-shot).
#[utoipa::path(
    post,
    path = "/classify-document",
    tag = TAG,
    operation_id = "ClassifyDocument",
    summary = "Zero-shot classification against candidate labels",
    description = "Shaped like AWS Comprehend `ClassifyDocument`'s answer, but no custom classifier \
        endpoint is needed: the labels come in the request (2 to 50). Each label is embedded as \
        \"This text is about {label}.\" (cached), compared with the text's embedding by cosine, and \
        the similarities go through a softmax at temperature 20. `Classes` lists every label, best \
        first; the scores sum to 1.",
    request_body(content = ClassifyDocumentRequest, example = json!({"Text": "The striker scored twice in the second half.", "CandidateLabels": ["sports", "politics", "finance"]})),
    responses(
        (status = 200, description = "Every label with its probability, best first.", body = ClassifyDocumentResponse,
         example = json!({"Classes": [{"Name": "sports", "Score": 0.93}, {"Name": "finance", "Score": 0.04}, {"Name": "politics", "Score": 0.03}]})),
        ComprehendErrors,
    ),
)]
pub async fn classify_document(
    State(ready): State<Ready<ComprehensionService>>,
    body: Body,
) -> Result<Json<ClassifyDocumentResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: ClassifyDocumentRequest = read_json(body, service.config().max_request_bytes).await?;
    Ok(Json(ClassifyDocumentResponse { classes: service.classify(request.text, request.candidate_labels).await? }))
}
