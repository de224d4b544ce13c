//! CompareFaces.

use super::FaceErrors;
use crate::api::{CompareFacesRequest, CompareFacesResponse};
use crate::service::VisionService;
use crate::validate::{self, percentage};
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;

/// Compares the source image's largest face with every face of the target (AWS Rekognition CompareFaces).
#[utoipa::path(
    post,
    path = "/compare-faces",
    tag = "vision",
    operation_id = "CompareFaces",
    summary = "Compare a face with the faces of another image (Rekognition CompareFaces)",
    description = "Mirrors AWS Rekognition `CompareFaces`. The largest face of `SourceImage` is compared \
        with up to 100 faces of `TargetImage`: faces are detected, aligned on their five landmarks and \
        embedded by MobileFaceNet (128 values); the cosine of two embeddings becomes the Similarity by a \
        calibrated logistic map, 100 / (1 + e^(−13.86·(cos − 0.5))): cosine 0.5 → 50, 0.6 → 80 (the \
        default `SimilarityThreshold`), 0.74 → 96.5. Calibration: 406 pairs of different people (the 29 \
        faces of the 1927 Solvay photo) had cosines up to 0.52 (Similarity 56); the same faces after a \
        change of the photo (shifted and rescaled crop, half size, JPEG, darker, mirrored) had 0.61 and \
        above. The model's license is unknown, so this operation is off by default and answers 403 \
        AccessDeniedException until `face_comparison = true` (and the model was fetched with \
        `aigate models fetch --only vision --include-opt-in`). JSON only; each image at most 5 MB.",
    request_body(content = CompareFacesRequest, content_type = "application/json", example = json!({
        "SourceImage": {"Bytes": crate::api::EXAMPLE_BYTES},
        "TargetImage": {"Bytes": crate::api::EXAMPLE_BYTES},
        "SimilarityThreshold": 80
    })),
    responses(
        (status = 200, description = "The source face, the matching target faces and the others.", body = CompareFacesResponse, example = json!({
            "SourceImageFace": {"BoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13}, "Confidence": 93.6},
            "FaceMatches": [{"Similarity": 99.1, "Face": {
                "BoundingBox": {"Width": 0.24, "Height": 0.3, "Left": 0.3, "Top": 0.1}, "Confidence": 93.2,
                "Landmarks": [{"Type": "eyeLeft", "X": 0.4, "Y": 0.2}, {"Type": "eyeRight", "X": 0.5, "Y": 0.2},
                              {"Type": "nose", "X": 0.45, "Y": 0.26}, {"Type": "mouthLeft", "X": 0.41, "Y": 0.31},
                              {"Type": "mouthRight", "X": 0.49, "Y": 0.31}],
                "Pose": {"Roll": 1.0, "Yaw": 6.5, "Pitch": -2.0}, "Quality": {"Brightness": 60.2, "Sharpness": 80.4}
            }}],
            "UnmatchedFaces": []
        })),
        FaceErrors,
    ),
)]
pub async fn compare_faces(
    State(ready): State<Ready<VisionService>>,
    body: Body,
) -> Result<Json<CompareFacesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    // The body is read first even when the switch is off: answering mid-upload breaks the
    // client's pipe instead of showing it the 403.
    let request: CompareFacesRequest = validate::read_json(body, config, 2).await?;
    service.embedder("CompareFaces")?;
    let threshold = percentage("SimilarityThreshold", request.similarity_threshold, 80.0)?;
    let source = validate::decode_image(request.source_image, "SourceImage", config).await?;
    let target = validate::decode_image(request.target_image, "TargetImage", config).await?;
    Ok(Json(service.compare_faces(source, target, threshold).await?))
}
