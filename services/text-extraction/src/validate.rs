//! Requests in, validated documents out: the body (Textract JSON with base64 `Document.Bytes`,
//! or a raw image with an `image/*` content type) is read within the byte limit, the feature
//! list is checked, and the image is decoded within the size limits off the async threads.
//!
//! Status codes: a body or document over `max_document_bytes` is 413 DocumentTooLargeException
//! (the payload is too large). An image within the byte limit whose sides exceed `max_side_px` is
//! also DocumentTooLargeException, but 400: resending the same bytes will never work, and the
//! payload itself was acceptable. Every other input error is 400.

use crate::api::{AnalyzeDocumentRequest, DetectDocumentTextRequest, Document};
use crate::config::TextExtractionConfig;
use aigate_core::ApiError;
use aigate_core::body::{JsonOrRaw, decode_base64, read_json_or_raw};
use aigate_core::image::{ImageError, ImageErrorNames, ImageLimits, decode};
use axum::body::Body;
use axum::http::HeaderMap;
use image::{DynamicImage, ImageFormat};

pub const TOO_LARGE: &str = "DocumentTooLargeException";
pub const FORMATS: &[ImageFormat] = &[ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Tiff, ImageFormat::WebP];
/// The features a raw-image AnalyzeDocument gets when the query names none.
pub const ALL_FEATURES: FeatureSet = FeatureSet { layout: true, tables: true, forms: true };
const SUPPORTED: &str = "LAYOUT, TABLES, FORMS";

pub struct ValidDocument {
    pub image: DynamicImage,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FeatureSet {
    pub layout: bool,
    pub tables: bool,
    pub forms: bool,
}

pub struct ValidAnalyzeRequest {
    pub image: DynamicImage,
    pub features: FeatureSet,
}

/// Validates a DetectDocumentText request.
pub async fn detect_document_text(
    headers: &HeaderMap,
    body: Body,
    config: &TextExtractionConfig,
) -> Result<ValidDocument, ApiError> {
    let image = match read_json_or_raw::<DetectDocumentTextRequest>(headers, body, config.max_document_bytes, TOO_LARGE)
        .await?
    {
        JsonOrRaw::Json(request) => decode_document(request.document, config).await?,
        JsonOrRaw::Raw(bytes) => decode_raw(bytes.to_vec(), config).await?,
    };
    Ok(ValidDocument { image })
}

/// Validates an AnalyzeDocument request. A raw image takes its features from the query
/// (`?FeatureTypes=TABLES,FORMS`), or all of them when the query names none.
pub async fn analyze_document(
    headers: &HeaderMap,
    query: Option<&str>,
    body: Body,
    config: &TextExtractionConfig,
) -> Result<ValidAnalyzeRequest, ApiError> {
    match read_json_or_raw::<AnalyzeDocumentRequest>(headers, body, config.max_document_bytes, TOO_LARGE).await? {
        JsonOrRaw::Json(request) => {
            let features = parse_features(&request.feature_types)?;
            Ok(ValidAnalyzeRequest { image: decode_document(request.document, config).await?, features })
        }
        JsonOrRaw::Raw(bytes) => {
            let named = query_features(query.unwrap_or_default());
            let features = if named.is_empty() { ALL_FEATURES } else { parse_features(&named)? };
            Ok(ValidAnalyzeRequest { image: decode_raw(bytes.to_vec(), config).await?, features })
        }
    }
}

/// Checks `FeatureTypes` against what aigate supports.
pub fn parse_features(values: &[String]) -> Result<FeatureSet, ApiError> {
    if values.is_empty() {
        return Err(ApiError::invalid_parameter(format!("FeatureTypes must list at least one of: {SUPPORTED}")));
    }
    let mut features = FeatureSet::default();
    for value in values {
        match value.as_str() {
            "LAYOUT" => features.layout = true,
            "TABLES" => features.tables = true,
            "FORMS" => features.forms = true,
            "QUERIES" | "SIGNATURES" => {
                return Err(ApiError::invalid_parameter(format!(
                    "FeatureTypes value {value} is not supported by aigate; supported values: {SUPPORTED}"
                )));
            }
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "FeatureTypes value {other:?} is not valid; allowed values: {SUPPORTED}"
                )));
            }
        }
    }
    Ok(features)
}

/// The `FeatureTypes` values of a query string, comma-separated and/or repeated.
fn query_features(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| *key == "FeatureTypes")
        .flat_map(|(_, value)| {
            value.replace("%2C", ",").replace("%2c", ",").split(',').map(str::to_string).collect::<Vec<_>>()
        })
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

async fn decode_document(document: Document, config: &TextExtractionConfig) -> Result<DynamicImage, ApiError> {
    if document.s3_object.is_some() {
        return Err(ApiError::invalid_parameter(
            "Document.S3Object is not supported by aigate (there is no S3); send the document inline in Document.Bytes",
        ));
    }
    let Some(encoded) = document.bytes else {
        return Err(ApiError::invalid_parameter("Document.Bytes is required"));
    };
    let limits = limits(config);
    off_thread(move || {
        let bytes = decode_base64("Document.Bytes", &encoded)?;
        decode(&bytes, &limits).map_err(|e| image_error(e, "Document.Bytes is empty"))
    })
    .await
}

async fn decode_raw(bytes: Vec<u8>, config: &TextExtractionConfig) -> Result<DynamicImage, ApiError> {
    let limits = limits(config);
    off_thread(move || {
        decode(&bytes, &limits).map_err(|e| image_error(e, "the request body is empty; send the document image"))
    })
    .await
}

async fn off_thread<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(job).await.map_err(ApiError::internal)?
}

fn limits(config: &TextExtractionConfig) -> ImageLimits {
    ImageLimits { max_bytes: config.max_document_bytes, min_side: 1, max_side: config.max_side_px, formats: FORMATS }
}

/// Textract's names for image problems.
pub const IMAGE_ERRORS: ImageErrorNames = ImageErrorNames {
    too_large: TOO_LARGE,
    unsupported: "UnsupportedDocumentException",
    corrupt: "BadDocumentException",
};

pub fn image_error(error: ImageError, empty_message: &str) -> ApiError {
    error.into_api_error(&IMAGE_ERRORS, empty_message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, header};
    use std::io::Cursor;

    fn config() -> TextExtractionConfig {
        TextExtractionConfig { max_document_bytes: 100_000, max_side_px: 1_000, queue_capacity: 1 }
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_luma8(width, height).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).expect("encode");
        out
    }

    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                out.push(if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
            }
        }
        out
    }

    fn json_headers() -> HeaderMap {
        HeaderMap::from_iter([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))])
    }

    async fn detect_json(body: serde_json::Value) -> Result<ValidDocument, ApiError> {
        detect_document_text(&json_headers(), Body::from(body.to_string()), &config()).await
    }

    async fn detect_error(body: serde_json::Value) -> (u16, String) {
        match detect_json(body).await {
            Ok(_) => (200, String::new()),
            Err(e) => (e.status.as_u16(), e.code.to_string()),
        }
    }

    #[tokio::test]
    async fn decodes_json_and_raw_documents() {
        let valid = detect_json(serde_json::json!({"Document": {"Bytes": base64(&png(30, 20))}})).await.expect("valid");
        assert_eq!((valid.image.width(), valid.image.height()), (30, 20));
        let raw_headers = HeaderMap::from_iter([(header::CONTENT_TYPE, HeaderValue::from_static("image/png"))]);
        let raw = analyze_document(&raw_headers, Some("FeatureTypes=TABLES"), Body::from(png(5, 5)), &config())
            .await
            .expect("raw");
        assert_eq!(raw.features, FeatureSet { tables: true, ..FeatureSet::default() });
        let raw = analyze_document(&raw_headers, None, Body::from(png(5, 5)), &config()).await.expect("raw");
        assert_eq!(raw.features, ALL_FEATURES);
    }

    #[tokio::test]
    async fn bad_documents_get_textract_errors() {
        let truncated = png(200, 200);
        let truncated = base64(&truncated[..truncated.len() / 2]);
        let cases = [
            (serde_json::json!({"Document": {"Bytes": ""}}), (400, "InvalidParameterException")),
            (serde_json::json!({"Document": {}}), (400, "InvalidParameterException")),
            (
                serde_json::json!({"Document": {"S3Object": {"Bucket": "b", "Name": "n"}}}),
                (400, "InvalidParameterException"),
            ),
            (serde_json::json!({"Document": {"Bytes": "not base64!"}}), (400, "InvalidParameterException")),
            (
                serde_json::json!({"Document": {"Bytes": base64(b"plain text, not an image")}}),
                (400, "UnsupportedDocumentException"),
            ),
            (serde_json::json!({"Document": {"Bytes": truncated}}), (400, "BadDocumentException")),
            (serde_json::json!({"Document": {"Bytes": base64(&png(1001, 2))}}), (400, TOO_LARGE)),
            (serde_json::json!({"Document": {"Bytes": base64(&vec![0u8; 100_001])}}), (413, TOO_LARGE)),
            (serde_json::json!({"Document": "oops"}), (400, "SerializationException")),
        ];
        for (body, (status, code)) in cases {
            assert_eq!(detect_error(body.clone()).await, (status, code.to_string()), "{body:.80}");
        }
    }

    #[tokio::test]
    async fn oversized_bodies_are_413() {
        let raw_headers = HeaderMap::from_iter([(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"))]);
        let error = detect_document_text(&raw_headers, Body::from(vec![0u8; 100_001]), &config())
            .await
            .err()
            .expect("too large");
        assert_eq!((error.status.as_u16(), error.code.as_ref()), (413, TOO_LARGE));
        let error = detect_document_text(&json_headers(), Body::from(vec![b' '; 300_000]), &config())
            .await
            .err()
            .expect("too large");
        assert_eq!((error.status.as_u16(), error.code.as_ref()), (413, TOO_LARGE));
    }

    #[test]
    fn feature_types_are_checked() {
        let parse = |values: &[&str]| parse_features(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>());
        assert_eq!(parse(&["TABLES", "FORMS"]).expect("ok"), FeatureSet { layout: false, tables: true, forms: true });
        assert!(parse(&[]).expect_err("empty").message.contains("at least one"));
        assert!(parse(&["QUERIES"]).expect_err("queries").message.contains("not supported by aigate"));
        let unknown = parse(&["tables"]).expect_err("unknown");
        assert_eq!(unknown.code, "InvalidParameterException");
        assert!(unknown.message.contains("LAYOUT, TABLES, FORMS"));
        assert_eq!(
            query_features("x=1&FeatureTypes=TABLES%2CFORMS&FeatureTypes=LAYOUT"),
            ["TABLES", "FORMS", "LAYOUT"]
        );
    }
}
