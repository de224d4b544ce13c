//! Reading request bodies: a byte limit applied while reading (so a huge upload is cut off, not
//! buffered), JSON parsing whose failures come out in the error envelope, and base64 fields.

use crate::ApiError;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine;
use bytes::Bytes;
use serde::de::DeserializeOwned;

/// How much a base64 string grows its payload, plus room for the rest of the JSON.
pub fn json_limit_for(payload_limit: usize) -> usize {
    payload_limit / 3 * 4 + 4 + 64 * 1024
}

/// A request body: either the operation's JSON, or a raw image sent with an image content type.
pub enum JsonOrRaw<T> {
    Json(T),
    Raw(Bytes),
}

/// Reads at most `limit` bytes of body; a longer body answers 413 with `too_large_code`.
pub async fn read_limited(body: Body, limit: usize, too_large_code: &'static str) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let too_large =
            std::error::Error::source(&error).is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
        if too_large {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                too_large_code,
                format!("the request body exceeds {limit} bytes"),
            )
        } else {
            ApiError::invalid_parameter(format!("could not read the request body: {error}"))
        }
    })
}

fn is_raw_media(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("image/") || ct.starts_with("application/octet-stream"))
}

/// Reads a body that is either JSON (`T`) or a raw upload. Raw uploads may be `raw_limit` bytes;
/// JSON may be larger by the base64 overhead.
pub async fn read_json_or_raw<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    raw_limit: usize,
    too_large_code: &'static str,
) -> Result<JsonOrRaw<T>, ApiError> {
    if is_raw_media(headers) {
        return Ok(JsonOrRaw::Raw(read_limited(body, raw_limit, too_large_code).await?));
    }
    let bytes = read_limited(body, json_limit_for(raw_limit), too_large_code).await?;
    parse_json(&bytes).map(JsonOrRaw::Json)
}

/// Parses JSON, answering SerializationException with serde's explanation on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::serialization("the request body is empty; send the operation's JSON"));
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::serialization(format!("the request body is not valid JSON for this operation: {e}")))
}

/// Decodes a base64 field (standard alphabet, padding optional, whitespace ignored).
pub fn decode_base64(field: &str, value: &str) -> Result<Vec<u8>, ApiError> {
    let cleaned: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(cleaned.as_bytes()))
        .map_err(|e| ApiError::invalid_parameter(format!("{field} is not valid base64: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn long_body_is_413_with_the_services_name() {
        let error =
            read_limited(Body::from(vec![0u8; 100]), 10, "DocumentTooLargeException").await.expect_err("too long");
        assert_eq!(error.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(error.code, "DocumentTooLargeException");
    }

    #[test]
    fn base64_errors_name_the_field() {
        assert_eq!(decode_base64("Document.Bytes", "aGk=").expect("ok"), b"hi");
        assert_eq!(decode_base64("Document.Bytes", "aGk").expect("no pad"), b"hi");
        let error = decode_base64("Document.Bytes", "***").expect_err("bad");
        assert!(error.message.starts_with("Document.Bytes"));
    }

    #[test]
    fn bad_json_is_a_serialization_error() {
        let error = parse_json::<serde_json::Value>(b"{oops").expect_err("bad");
        assert_eq!(error.code, "SerializationException");
    }
}
