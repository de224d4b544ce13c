//! Comprehend's error names. Every one is a 400 except where noted; the envelope is core's
//! `ApiError`.

use aigate_core::ApiError;
use axum::http::StatusCode;

pub const INVALID_REQUEST: &str = "InvalidRequestException";
pub const TEXT_SIZE: &str = "TextSizeLimitExceededException";
pub const UNSUPPORTED_LANGUAGE: &str = "UnsupportedLanguageException";
pub const BATCH_SIZE: &str = "BatchSizeLimitExceededException";

pub fn invalid_request(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, INVALID_REQUEST, message)
}

pub fn text_size(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, TEXT_SIZE, message)
}

pub fn unsupported_language(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, UNSUPPORTED_LANGUAGE, message)
}

pub fn batch_size(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, BATCH_SIZE, message)
}
