//! HTTP: Textract's DetectDocumentText and AnalyzeDocument as two POST routes, documented by
//! their `#[utoipa::path]` (registering a route is what puts it in the OpenAPI spec). The
//! gateway nests this router under `/v1/text-extraction` and adds authentication (401).

use crate::api::{AnalyzeDocumentResponse, DetectDocumentTextResponse, RawDocument};
use crate::service::TextExtractionService;
use crate::validate;
use aigate_core::{ApiError, ErrorBody, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Schemas the routes refer to that no route body names directly.
#[derive(utoipa::OpenApi)]
#[openapi(components(schemas(ErrorBody)))]
struct Components;

pub fn routes() -> OpenApiRouter<Ready<TextExtractionService>> {
    OpenApiRouter::with_openapi(<Components as utoipa::OpenApi>::openapi())
        .routes(routes!(detect_document_text))
        .routes(routes!(analyze_document))
}

/// The errors both operations can answer, with Textract's `__type` names.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only: handlers answer `ApiError`, which has this shape.
enum TextractErrors {
    /// The request or the document is not acceptable.
    #[response(status = 400, examples(
        ("InvalidParameterException" = (summary = "A parameter is missing or wrong", value = json!({"__type": "InvalidParameterException", "message": "Document.Bytes is not valid base64: Invalid symbol 33, offset 3."}))),
        ("UnsupportedDocumentException" = (summary = "Not PNG, JPEG, TIFF or WebP", value = json!({"__type": "UnsupportedDocumentException", "message": "unsupported image format; send one of: PNG, JPG, TIF, WEBP"}))),
        ("BadDocumentException" = (summary = "The image is damaged", value = json!({"__type": "BadDocumentException", "message": "the image could not be decoded: Format error decoding Png: unexpected end of data"}))),
        ("DocumentTooLargeException" = (summary = "A side is over max_side_px", value = json!({"__type": "DocumentTooLargeException", "message": "the image is 30000x30000 px; each side must be at most 10000 px"}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: expected value at line 1 column 1"}))),
    ))]
    BadRequest(ErrorBody),
    /// The body or the decoded document is over `max_document_bytes` (10 MB by default).
    #[response(status = 413, example = json!({"__type": "DocumentTooLargeException", "message": "the request body exceeds 10000000 bytes"}))]
    TooLarge(ErrorBody),
    /// A model's queue is full; retry with backoff.
    #[response(status = 429, example = json!({"__type": "ThrottlingException", "message": "the text-recognition model queue is full; retry later"}))]
    Throttled(ErrorBody),
    /// An unexpected failure; the cause is in the gateway log.
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    /// The models are still loading.
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

/// Reads the lines and words of a document (AWS Textract DetectDocumentText).
#[utoipa::path(
    post,
    path = "/detect-document-text",
    tag = "text-extraction",
    operation_id = "DetectDocumentText",
    summary = "Detect the text in a document image (Textract DetectDocumentText)",
    description = "Mirrors AWS Textract `DetectDocumentText` for one page. Send the Textract JSON \
        (`Document.Bytes`, base64) or the raw image with an `image/*` content type. Accepted formats: \
        PNG, JPEG, TIFF (first page), WebP. Limits: 10 MB per document (`max_document_bytes`), \
        10,000 px per side (`max_side_px`). The page is turned upright when it was scanned rotated or \
        upside down, and geometry is reported on the image as sent, like Textract (a polygon starts \
        at the text's top-left corner). Blocks: PAGE, then LINE blocks in reading \
        order, then WORD blocks. S3 documents are not supported.",
    request_body(
        description = "Textract JSON, or the image itself.",
        content(
            (crate::api::DetectDocumentTextRequest = "application/json", example = json!({
                "Document": {"Bytes": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg=="}
            })),
            (RawDocument = "image/png"),
            (RawDocument = "image/jpeg"),
            (RawDocument = "image/tiff"),
            (RawDocument = "image/webp"),
        ),
    ),
    responses(
        (status = 200, description = "The page, its lines and its words.", body = DetectDocumentTextResponse, example = json!({
            "DocumentMetadata": {"Pages": 1},
            "Blocks": [
                {"BlockType": "PAGE", "Id": "4b6f2f0e-3c61-4f0b-9d1e-7a2c5d8e9f01", "Page": 1,
                 "Geometry": {"BoundingBox": {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0},
                              "Polygon": [{"X": 0.0, "Y": 0.0}, {"X": 1.0, "Y": 0.0}, {"X": 1.0, "Y": 1.0}, {"X": 0.0, "Y": 1.0}]},
                 "Relationships": [{"Type": "CHILD", "Ids": ["9a1d3c55-8e0b-4a53-a1c4-1f2e3d4c5b6a"]}]},
                {"BlockType": "LINE", "Id": "9a1d3c55-8e0b-4a53-a1c4-1f2e3d4c5b6a", "Page": 1, "Text": "Total due:", "Confidence": 99.1,
                 "Geometry": {"BoundingBox": {"Width": 0.12, "Height": 0.02, "Left": 0.08, "Top": 0.55},
                              "Polygon": [{"X": 0.08, "Y": 0.55}, {"X": 0.2, "Y": 0.55}, {"X": 0.2, "Y": 0.57}, {"X": 0.08, "Y": 0.57}]},
                 "Relationships": [{"Type": "CHILD", "Ids": ["c0ffee00-1111-4222-8333-444455556666", "c0ffee00-7777-4888-9999-aaaabbbbcccc"]}]},
                {"BlockType": "WORD", "Id": "c0ffee00-1111-4222-8333-444455556666", "Page": 1, "Text": "Total", "Confidence": 99.4, "TextType": "PRINTED",
                 "Geometry": {"BoundingBox": {"Width": 0.06, "Height": 0.02, "Left": 0.08, "Top": 0.55},
                              "Polygon": [{"X": 0.08, "Y": 0.55}, {"X": 0.14, "Y": 0.55}, {"X": 0.14, "Y": 0.57}, {"X": 0.08, "Y": 0.57}]}},
                {"BlockType": "WORD", "Id": "c0ffee00-7777-4888-9999-aaaabbbbcccc", "Page": 1, "Text": "due:", "Confidence": 98.8, "TextType": "PRINTED",
                 "Geometry": {"BoundingBox": {"Width": 0.05, "Height": 0.02, "Left": 0.15, "Top": 0.55},
                              "Polygon": [{"X": 0.15, "Y": 0.55}, {"X": 0.2, "Y": 0.55}, {"X": 0.2, "Y": 0.57}, {"X": 0.15, "Y": 0.57}]}}
            ],
            "DetectDocumentTextModelVersion": "1.0"
        })),
        TextractErrors,
    ),
)]
pub async fn detect_document_text(
    State(ready): State<Ready<TextExtractionService>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<DetectDocumentTextResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request = validate::detect_document_text(&headers, body, service.config()).await?;
    Ok(Json(service.detect_document_text(request).await?))
}

/// Reads a document and analyses its layout, tables and forms (AWS Textract AnalyzeDocument).
#[utoipa::path(
    post,
    path = "/analyze-document",
    tag = "text-extraction",
    operation_id = "AnalyzeDocument",
    summary = "Analyse a document image: layout, tables, forms (Textract AnalyzeDocument)",
    description = "Mirrors AWS Textract `AnalyzeDocument` for one page: the blocks of \
        DetectDocumentText plus, per `FeatureTypes`: LAYOUT (LAYOUT_TITLE, LAYOUT_TEXT, LAYOUT_HEADER, \
        LAYOUT_FOOTER, LAYOUT_FIGURE, LAYOUT_TABLE blocks, each with CHILD links to its LINE blocks), \
        TABLES (ruled tables: TABLE and CELL blocks with RowIndex/ColumnIndex and CHILD links to WORD \
        blocks; tables without ruling lines are not found) and FORMS (KEY_VALUE_SET blocks for \
        `Key: value` text). QUERIES and SIGNATURES are not supported. Send the Textract JSON, or the \
        raw image with an `image/*` content type and the features in the `FeatureTypes` query \
        parameter (all three when absent). Accepted formats: PNG, JPEG, TIFF (first page), WebP. \
        Limits: 10 MB per document (`max_document_bytes`), 10,000 px per side (`max_side_px`).",
    params(
        ("FeatureTypes" = Option<String>, Query, description = "Raw-image requests only: comma-separated LAYOUT, TABLES, FORMS (default: all).", example = "TABLES,FORMS"),
    ),
    request_body(
        description = "Textract JSON, or the image itself.",
        content(
            (crate::api::AnalyzeDocumentRequest = "application/json", example = json!({
                "Document": {"Bytes": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg=="},
                "FeatureTypes": ["LAYOUT", "TABLES", "FORMS"]
            })),
            (RawDocument = "image/png"),
            (RawDocument = "image/jpeg"),
            (RawDocument = "image/tiff"),
            (RawDocument = "image/webp"),
        ),
    ),
    responses(
        (status = 200, description = "The text blocks plus those of the requested analyses.", body = AnalyzeDocumentResponse, example = json!({
            "DocumentMetadata": {"Pages": 1},
            "Blocks": [
                {"BlockType": "PAGE", "Id": "4b6f2f0e-3c61-4f0b-9d1e-7a2c5d8e9f01", "Page": 1,
                 "Geometry": {"BoundingBox": {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0},
                              "Polygon": [{"X": 0.0, "Y": 0.0}, {"X": 1.0, "Y": 0.0}, {"X": 1.0, "Y": 1.0}, {"X": 0.0, "Y": 1.0}]},
                 "Relationships": [{"Type": "CHILD", "Ids": ["9a1d3c55-8e0b-4a53-a1c4-1f2e3d4c5b6a", "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", "e1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"]}]},
                {"BlockType": "LINE", "Id": "9a1d3c55-8e0b-4a53-a1c4-1f2e3d4c5b6a", "Page": 1, "Text": "Total due: 353.40", "Confidence": 99.1,
                 "Geometry": {"BoundingBox": {"Width": 0.4, "Height": 0.02, "Left": 0.08, "Top": 0.55},
                              "Polygon": [{"X": 0.08, "Y": 0.55}, {"X": 0.48, "Y": 0.55}, {"X": 0.48, "Y": 0.57}, {"X": 0.08, "Y": 0.57}]},
                 "Relationships": [{"Type": "CHILD", "Ids": ["c0ffee00-1111-4222-8333-444455556666", "c0ffee00-7777-4888-9999-aaaabbbbcccc", "c0ffee00-dddd-4eee-8fff-000011112222"]}]},
                {"BlockType": "KEY_VALUE_SET", "Id": "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", "Page": 1, "Confidence": 99.1, "EntityTypes": ["KEY"],
                 "Geometry": {"BoundingBox": {"Width": 0.12, "Height": 0.02, "Left": 0.08, "Top": 0.55},
                              "Polygon": [{"X": 0.08, "Y": 0.55}, {"X": 0.2, "Y": 0.55}, {"X": 0.2, "Y": 0.57}, {"X": 0.08, "Y": 0.57}]},
                 "Relationships": [{"Type": "VALUE", "Ids": ["e1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6"]},
                                   {"Type": "CHILD", "Ids": ["c0ffee00-1111-4222-8333-444455556666", "c0ffee00-7777-4888-9999-aaaabbbbcccc"]}]},
                {"BlockType": "KEY_VALUE_SET", "Id": "e1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", "Page": 1, "Confidence": 99.0, "EntityTypes": ["VALUE"],
                 "Geometry": {"BoundingBox": {"Width": 0.08, "Height": 0.02, "Left": 0.4, "Top": 0.55},
                              "Polygon": [{"X": 0.4, "Y": 0.55}, {"X": 0.48, "Y": 0.55}, {"X": 0.48, "Y": 0.57}, {"X": 0.4, "Y": 0.57}]},
                 "Relationships": [{"Type": "CHILD", "Ids": ["c0ffee00-dddd-4eee-8fff-000011112222"]}]}
            ],
            "AnalyzeDocumentModelVersion": "1.0"
        })),
        TextractErrors,
    ),
)]
pub async fn analyze_document(
    State(ready): State<Ready<TextExtractionService>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<AnalyzeDocumentResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request = validate::analyze_document(&headers, query.as_deref(), body, service.config()).await?;
    Ok(Json(service.analyze_document(request).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_operations_are_documented_with_their_errors() {
        let (_, api) = routes().split_for_parts();
        let json = serde_json::to_value(&api).expect("spec");
        for path in ["/detect-document-text", "/analyze-document"] {
            let operation = &json["paths"][path]["post"];
            assert_eq!(operation["tags"], serde_json::json!(["text-extraction"]), "{path}");
            for status in ["200", "400", "413", "429", "500", "503"] {
                assert!(operation["responses"][status].is_object(), "{path} {status}");
            }
            let content = &operation["requestBody"]["content"];
            assert!(content["application/json"]["schema"].is_object(), "{path}");
            assert_eq!(content["image/png"]["schema"]["$ref"], "#/components/schemas/RawDocument", "{path}");
        }
        assert_eq!(json["components"]["schemas"]["RawDocument"]["format"], "binary");
        for schema in ["ErrorBody", "Block", "AnalyzeDocumentRequest", "DetectDocumentTextResponse"] {
            assert!(json["components"]["schemas"][schema].is_object(), "{schema} missing from components");
        }
    }

    #[tokio::test]
    async fn a_service_still_loading_answers_503() {
        let response = detect_document_text(State(Ready::default()), HeaderMap::new(), Body::empty()).await;
        let error = response.expect_err("not ready");
        assert_eq!((error.status.as_u16(), error.code.as_ref()), (503, "ServiceUnavailableException"));
    }
}
