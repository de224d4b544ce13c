//! The single-image analyses: DetectLabels, DetectFaces, DetectModerationLabels, DetectText.

use super::ImageErrors;
use crate::api::{
    DetectFacesRequest, DetectFacesResponse, DetectLabelsRequest, DetectLabelsResponse, DetectModerationLabelsRequest,
    DetectModerationLabelsResponse, DetectTextRequest, DetectTextResponse, RawImage,
};
use crate::service::{LabelParams, VisionService};
use crate::validate::{self, count, percentage};
use aigate_core::body::JsonOrRaw;
use aigate_core::{ApiError, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;

/// Finds objects and labels them (AWS Rekognition DetectLabels).
#[utoipa::path(
    post,
    path = "/detect-labels",
    tag = "vision",
    operation_id = "DetectLabels",
    summary = "Detect objects and label them (Rekognition DetectLabels)",
    description = "Mirrors AWS Rekognition `DetectLabels` with YOLOX-Nano (COCO, 80 object classes, \
        COCO mAP 25.8). Each label has its instances' boxes (fractions of the image), Parents from a \
        small taxonomy of our own (Cat → Pet, Mammal, Animal) and a category. Only the 80 COCO object \
        classes exist: no scene or concept labels (Outdoors, Sky…), no image-level labels without a \
        box. Send the Rekognition JSON (`Image.Bytes`, base64) or the raw image with an `image/*` \
        content type (defaults apply then). Images: JPEG, PNG or WebP, at most 5 MB, 80 to 10,000 px \
        per side.",
    request_body(
        description = "Rekognition JSON, or the image itself.",
        content(
            (DetectLabelsRequest = "application/json", example = json!({
                "Image": {"Bytes": crate::api::EXAMPLE_BYTES}, "MaxLabels": 10, "MinConfidence": 55
            })),
            (RawImage = "image/jpeg"),
            (RawImage = "image/png"),
            (RawImage = "image/webp"),
        ),
    ),
    responses(
        (status = 200, description = "The labels, the most confident first.", body = DetectLabelsResponse, example = json!({
            "Labels": [{
                "Name": "Cat", "Confidence": 63.5,
                "Instances": [{"BoundingBox": {"Width": 0.87, "Height": 0.9, "Left": 0.0, "Top": 0.0}, "Confidence": 63.5}],
                "Parents": [{"Name": "Pet"}, {"Name": "Mammal"}, {"Name": "Animal"}],
                "Categories": [{"Name": "Animals and Pets"}]
            }],
            "LabelModelVersion": "yolox-nano-coco-1.0"
        })),
        ImageErrors,
    ),
)]
pub async fn detect_labels(
    State(ready): State<Ready<VisionService>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<DetectLabelsResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    let (image, params) = match validate::read_image_request::<DetectLabelsRequest>(&headers, body, config).await? {
        JsonOrRaw::Json(request) => {
            let params = LabelParams {
                max_labels: count("MaxLabels", request.max_labels, 0, 1000, 1000)?,
                min_confidence: percentage("MinConfidence", request.min_confidence, 55.0)?,
            };
            (validate::decode_image(request.image, "Image", config).await?, params)
        }
        JsonOrRaw::Raw(bytes) => (
            validate::decode_raw(bytes.to_vec(), config).await?,
            LabelParams { max_labels: 1000, min_confidence: 55.0 },
        ),
    };
    Ok(Json(service.detect_labels(image, params).await?))
}

/// Finds faces with their landmarks, pose and quality (AWS Rekognition DetectFaces).
#[utoipa::path(
    post,
    path = "/detect-faces",
    tag = "vision",
    operation_id = "DetectFaces",
    summary = "Detect faces (Rekognition DetectFaces)",
    description = "Mirrors AWS Rekognition `DetectFaces` with YuNet (or RetinaFace-MobileNet0.25 when \
        `face_detector = \"retinaface\"`). Returns at most the 100 largest faces, each with its box, \
        five landmarks (eyeLeft, eyeRight, nose, mouthLeft, mouthRight), a Pose estimated from the \
        landmarks (coarse: about ±10°) and Quality measured from the pixels (Brightness: mean \
        luminance; Sharpness: variance of the Laplacian). No age, gender, emotions or other \
        attributes: `Attributes: [\"ALL\"]` returns the same fields. Images larger than 1280 px are \
        searched at 1280 px, so faces must be about 10 px wide there. Send the Rekognition JSON or \
        the raw image with an `image/*` content type.",
    request_body(
        description = "Rekognition JSON, or the image itself.",
        content(
            (DetectFacesRequest = "application/json", example = json!({"Image": {"Bytes": crate::api::EXAMPLE_BYTES}})),
            (RawImage = "image/jpeg"),
            (RawImage = "image/png"),
            (RawImage = "image/webp"),
        ),
    ),
    responses(
        (status = 200, description = "The faces, the largest first.", body = DetectFacesResponse, example = json!({
            "FaceDetails": [{
                "BoundingBox": {"Width": 0.18, "Height": 0.22, "Left": 0.35, "Top": 0.13}, "Confidence": 93.6,
                "Landmarks": [
                    {"Type": "eyeLeft", "X": 0.41, "Y": 0.2}, {"Type": "eyeRight", "X": 0.48, "Y": 0.2},
                    {"Type": "nose", "X": 0.45, "Y": 0.25}, {"Type": "mouthLeft", "X": 0.42, "Y": 0.29},
                    {"Type": "mouthRight", "X": 0.48, "Y": 0.29}
                ],
                "Pose": {"Roll": 1.5, "Yaw": 8.2, "Pitch": -3.0},
                "Quality": {"Brightness": 61.3, "Sharpness": 78.0}
            }]
        })),
        ImageErrors,
    ),
)]
pub async fn detect_faces(
    State(ready): State<Ready<VisionService>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<DetectFacesResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    let image = match validate::read_image_request::<DetectFacesRequest>(&headers, body, config).await? {
        JsonOrRaw::Json(request) => {
            for attribute in &request.attributes {
                if !matches!(attribute.as_str(), "DEFAULT" | "ALL") {
                    return Err(ApiError::invalid_parameter(format!(
                        "Attributes value {attribute:?} is not supported by aigate; use DEFAULT or ALL"
                    )));
                }
            }
            validate::decode_image(request.image, "Image", config).await?
        }
        JsonOrRaw::Raw(bytes) => validate::decode_raw(bytes.to_vec(), config).await?,
    };
    Ok(Json(service.detect_faces(image).await?))
}

/// Flags explicit images (AWS Rekognition DetectModerationLabels).
#[utoipa::path(
    post,
    path = "/detect-moderation-labels",
    tag = "vision",
    operation_id = "DetectModerationLabels",
    summary = "Flag explicit images (Rekognition DetectModerationLabels)",
    description = "Mirrors AWS Rekognition `DetectModerationLabels` with Yahoo's open_nsfw, which gives \
        ONE number: the probability that the image is pornographic / not safe for work. It is reported \
        as the single top-level label `Explicit Nudity` (Confidence = probability × 100) when at or above \
        `MinConfidence` (default 50). What it cannot tell: there are no sub-categories, and Suggestive, \
        Violence, Visually Disturbing, Drugs, Tobacco, Alcohol, Gambling, Hate Symbols and Rude Gestures \
        are never reported (the model knows nothing of them, so their absence proves nothing). Scores \
        between 20 and 80 (swimwear, art, skin close-ups) are unreliable; it is not a calibrated \
        probability. Harmless photos score low (a portrait 3, a cup of coffee 1, a cat 0.01). Send the \
        Rekognition JSON or the raw image with an `image/*` content type.",
    request_body(
        description = "Rekognition JSON, or the image itself.",
        content(
            (DetectModerationLabelsRequest = "application/json", example = json!({
                "Image": {"Bytes": crate::api::EXAMPLE_BYTES}, "MinConfidence": 50
            })),
            (RawImage = "image/jpeg"),
            (RawImage = "image/png"),
            (RawImage = "image/webp"),
        ),
    ),
    responses(
        (status = 200, description = "No label when the image is judged safe; otherwise `Explicit Nudity`.", body = DetectModerationLabelsResponse, example = json!({
            "ModerationLabels": [{"Name": "Explicit Nudity", "ParentName": "", "Confidence": 91.4, "TaxonomyLevel": 1}],
            "ModerationModelVersion": "open-nsfw-1.0"
        })),
        ImageErrors,
    ),
)]
pub async fn detect_moderation_labels(
    State(ready): State<Ready<VisionService>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<DetectModerationLabelsResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    let (image, min_confidence) =
        match validate::read_image_request::<DetectModerationLabelsRequest>(&headers, body, config).await? {
            JsonOrRaw::Json(request) => {
                let min_confidence = percentage("MinConfidence", request.min_confidence, 50.0)?;
                (validate::decode_image(request.image, "Image", config).await?, min_confidence)
            }
            JsonOrRaw::Raw(bytes) => (validate::decode_raw(bytes.to_vec(), config).await?, 50.0),
        };
    Ok(Json(service.detect_moderation_labels(image, min_confidence).await?))
}

/// Reads the text in a photo (AWS Rekognition DetectText).
#[utoipa::path(
    post,
    path = "/detect-text",
    tag = "vision",
    operation_id = "DetectText",
    summary = "Detect text in an image (Rekognition DetectText)",
    description = "Mirrors AWS Rekognition `DetectText` with the text-extraction service's OCR (PP-OCR v6, \
        the same pipeline as DetectDocumentText): LINE detections in reading order, then WORD detections \
        with the `ParentId` of their line. Geometry is on the image as sent (a BoundingBox and a \
        four-point Polygon starting at the text's top-left corner). Unlike Rekognition there is no limit \
        of 100 words and no `Filters`. Answers 503 when the text-extraction models are not installed. \
        Send the Rekognition JSON or the raw image with an `image/*` content type.",
    request_body(
        description = "Rekognition JSON, or the image itself.",
        content(
            (DetectTextRequest = "application/json", example = json!({"Image": {"Bytes": crate::api::EXAMPLE_BYTES}})),
            (RawImage = "image/jpeg"),
            (RawImage = "image/png"),
            (RawImage = "image/webp"),
        ),
    ),
    responses(
        (status = 200, description = "Lines, then words.", body = DetectTextResponse, example = json!({
            "TextDetections": [
                {"DetectedText": "OPEN DAILY", "Type": "LINE", "Id": 0, "Confidence": 98.2,
                 "Geometry": {"BoundingBox": {"Width": 0.4, "Height": 0.08, "Left": 0.3, "Top": 0.2},
                              "Polygon": [{"X": 0.3, "Y": 0.2}, {"X": 0.7, "Y": 0.2}, {"X": 0.7, "Y": 0.28}, {"X": 0.3, "Y": 0.28}]}},
                {"DetectedText": "OPEN", "Type": "WORD", "Id": 1, "ParentId": 0, "Confidence": 98.9,
                 "Geometry": {"BoundingBox": {"Width": 0.17, "Height": 0.08, "Left": 0.3, "Top": 0.2},
                              "Polygon": [{"X": 0.3, "Y": 0.2}, {"X": 0.47, "Y": 0.2}, {"X": 0.47, "Y": 0.28}, {"X": 0.3, "Y": 0.28}]}},
                {"DetectedText": "DAILY", "Type": "WORD", "Id": 2, "ParentId": 0, "Confidence": 97.5,
                 "Geometry": {"BoundingBox": {"Width": 0.2, "Height": 0.08, "Left": 0.5, "Top": 0.2},
                              "Polygon": [{"X": 0.5, "Y": 0.2}, {"X": 0.7, "Y": 0.2}, {"X": 0.7, "Y": 0.28}, {"X": 0.5, "Y": 0.28}]}}
            ],
            "TextModelVersion": "ppocr-v6-1.0"
        })),
        ImageErrors,
    ),
)]
pub async fn detect_text(
    State(ready): State<Ready<VisionService>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<DetectTextResponse>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    let image = match validate::read_image_request::<DetectTextRequest>(&headers, body, config).await? {
        JsonOrRaw::Json(request) => validate::decode_image(request.image, "Image", config).await?,
        JsonOrRaw::Raw(bytes) => validate::decode_raw(bytes.to_vec(), config).await?,
    };
    Ok(Json(service.detect_text(image).await?))
}
