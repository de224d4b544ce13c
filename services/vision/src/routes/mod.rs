//! HTTP: one POST route per Rekognition operation, each documented by its `#[utoipa::path]`
//! (registering a route is what puts it in the OpenAPI spec). The gateway nests this router
//! under `/v1/vision` and adds authentication (401).

mod collections;
mod compare;
mod detect;

use crate::service::VisionService;
use aigate_core::{ErrorBody, Ready};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Schemas the routes refer to that no route body names directly.
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(ErrorBody)))]
struct Components;

pub fn routes() -> OpenApiRouter<Ready<VisionService>> {
    OpenApiRouter::with_openapi(<Components as utoipa::OpenApi>::openapi())
        .routes(routes!(detect::detect_labels))
        .routes(routes!(detect::detect_faces))
        .routes(routes!(detect::detect_moderation_labels))
        .routes(routes!(detect::detect_text))
        .routes(routes!(compare::compare_faces))
        .routes(routes!(collections::create_collection))
        .routes(routes!(collections::list_collections))
        .routes(routes!(collections::delete_collection))
        .routes(routes!(collections::index_faces))
        .routes(routes!(collections::list_faces))
        .routes(routes!(collections::delete_faces))
        .routes(routes!(collections::search_faces_by_image))
}

/// The errors every image operation can answer, with Rekognition's `__type` names.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only: handlers answer `ApiError`, which has this shape.
pub enum ImageErrors {
    /// The request or the image is not acceptable.
    #[response(status = 400, examples(
        ("InvalidParameterException" = (summary = "A parameter is missing or wrong, or the image is under 80 px", value = json!({"__type": "InvalidParameterException", "message": "the image is 40x40 px; each side must be at least 80 px"}))),
        ("InvalidImageFormatException" = (summary = "Not JPEG, PNG or WebP, or damaged", value = json!({"__type": "InvalidImageFormatException", "message": "unsupported image format; send one of: JPG, PNG, WEBP"}))),
        ("ImageTooLargeException" = (summary = "A side is over 10,000 px", value = json!({"__type": "ImageTooLargeException", "message": "the image is 12000x800 px; each side must be at most 10000 px"}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: expected value at line 1 column 1"}))),
    ))]
    BadRequest(ErrorBody),
    /// The body or the decoded image is over `max_image_bytes` (5 MB by default).
    #[response(status = 413, example = json!({"__type": "ImageTooLargeException", "message": "the image is 6291456 bytes; the limit is 5242880 bytes"}))]
    TooLarge(ErrorBody),
    /// A model's queue is full; retry with backoff.
    #[response(status = 429, example = json!({"__type": "ThrottlingException", "message": "the yolox-nano model queue is full; retry later"}))]
    Throttled(ErrorBody),
    /// An unexpected failure; the cause is in the gateway log.
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    /// The models are still loading.
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

/// The errors of the operations that embed faces (CompareFaces, IndexFaces, SearchFacesByImage).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only.
pub enum FaceErrors {
    /// The request or an image is not acceptable, or an image has no face.
    #[response(status = 400, examples(
        ("InvalidParameterException" = (summary = "A parameter is wrong, or no face was found", value = json!({"__type": "InvalidParameterException", "message": "no face was found in SourceImage"}))),
        ("InvalidImageFormatException" = (summary = "Not JPEG, PNG or WebP, or damaged", value = json!({"__type": "InvalidImageFormatException", "message": "unsupported image format; send one of: JPG, PNG, WEBP"}))),
        ("ImageTooLargeException" = (summary = "A side is over 10,000 px", value = json!({"__type": "ImageTooLargeException", "message": "the image is 12000x800 px; each side must be at most 10000 px"}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: missing field `TargetImage`"}))),
    ))]
    BadRequest(ErrorBody),
    /// Face comparison is switched off (the embedding model's license is unknown).
    #[response(status = 403, example = json!({"__type": "AccessDeniedException", "message": "CompareFaces needs the MobileFaceNet face-embedding model, whose license is unknown, so it is off by default. To enable it: run `aigate models fetch --only vision --include-opt-in`, set `face_comparison = true` in [services.vision] (or AIGATE__SERVICES__VISION__FACE_COMPARISON=true), and restart the gateway"}))]
    AccessDenied(ErrorBody),
    /// The collection does not exist.
    #[response(status = 404, example = json!({"__type": "ResourceNotFoundException", "message": "collection \"staff\" does not exist"}))]
    NotFound(ErrorBody),
    /// The body or an image is over the byte limit.
    #[response(status = 413, example = json!({"__type": "ImageTooLargeException", "message": "the image is 6291456 bytes; the limit is 5242880 bytes"}))]
    TooLarge(ErrorBody),
    #[response(status = 429, example = json!({"__type": "ThrottlingException", "message": "the mobilefacenet model queue is full; retry later"}))]
    Throttled(ErrorBody),
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

/// The errors of the collection operations that read or write no image.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only.
pub enum CollectionErrors {
    #[response(status = 400, examples(
        ("InvalidParameterException" = (summary = "A parameter is wrong", value = json!({"__type": "InvalidParameterException", "message": "CollectionId must be 1 to 255 characters of [a-zA-Z0-9_.-]; got \"my staff\""}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: missing field `CollectionId`"}))),
    ))]
    BadRequest(ErrorBody),
    #[response(status = 404, example = json!({"__type": "ResourceNotFoundException", "message": "collection \"staff\" does not exist"}))]
    NotFound(ErrorBody),
    /// CreateCollection: the id is taken.
    #[response(status = 409, example = json!({"__type": "ResourceAlreadyExistsException", "message": "collection \"staff\" already exists"}))]
    AlreadyExists(ErrorBody),
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::extract::State;
    use axum::http::HeaderMap;

    #[test]
    fn every_operation_is_documented_with_its_errors() {
        let (_, api) = routes().split_for_parts();
        let json = serde_json::to_value(&api).expect("spec");
        let image_operations = ["/detect-labels", "/detect-faces", "/detect-moderation-labels", "/detect-text"];
        let face_operations = ["/compare-faces", "/index-faces", "/search-faces-by-image"];
        let collection_operations =
            ["/create-collection", "/list-collections", "/delete-collection", "/list-faces", "/delete-faces"];
        for (paths, statuses) in [
            (&image_operations[..], &["200", "400", "413", "429", "500", "503"][..]),
            (&face_operations[..], &["200", "400", "403", "404", "413", "429", "500", "503"][..]),
            (&collection_operations[..], &["200", "400", "404", "500", "503"][..]),
        ] {
            for path in paths {
                let operation = &json["paths"][path]["post"];
                assert_eq!(operation["tags"], serde_json::json!(["vision"]), "{path}");
                for status in statuses {
                    assert!(operation["responses"][status].is_object(), "{path} {status}");
                }
                assert!(operation["requestBody"]["content"]["application/json"]["schema"].is_object(), "{path}");
            }
        }
        for path in image_operations {
            let content = &json["paths"][path]["post"]["requestBody"]["content"];
            assert_eq!(content["image/jpeg"]["schema"]["$ref"], "#/components/schemas/RawImage", "{path}");
        }
        for schema in ["ErrorBody", "FaceDetail", "Label", "CompareFacesResponse", "SearchFacesByImageResponse"] {
            assert!(json["components"]["schemas"][schema].is_object(), "{schema} missing from components");
        }
    }

    #[tokio::test]
    async fn a_service_still_loading_answers_503() {
        let response = detect::detect_labels(State(Ready::default()), HeaderMap::new(), Body::empty()).await;
        let error = response.expect_err("not ready");
        assert_eq!((error.status.as_u16(), error.code.as_ref()), (503, "ServiceUnavailableException"));
    }
}
