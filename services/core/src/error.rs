//! The one error type. On the wire it is AWS's shape, so AWS SDKs and docs map 1:1:
//! an HTTP status, `{"__type":"InvalidParameterException","message":"…"}` and an `X-Amzn-ErrorType` header.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// An error as a client sees it.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// The AWS error name, sent as `__type`.
    pub code: Cow<'static, str>,
    pub message: String,
}

/// The JSON body of every error response.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The AWS-style error name.
    #[serde(rename = "__type")]
    #[schema(example = "InvalidParameterException")]
    pub error_type: String,
    /// What went wrong, for a person.
    #[schema(example = "Document.Bytes is not valid base64")]
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        Self { status, code: code.into(), message: message.into() }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "InvalidParameterException", message)
    }

    /// A body that is not valid JSON for the operation (AWS: SerializationException).
    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "SerializationException", message)
    }

    pub fn throttling(message: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "ThrottlingException", message)
    }

    pub fn service_unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailableException", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "ResourceNotFoundException", message)
    }

    /// An unexpected failure. The client gets a generic message; the cause goes to the log.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalServerError", "internal error; see the gateway log")
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody { error_type: self.code.to_string(), message: self.message.clone() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status.as_u16(), self.message)
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let header = HeaderValue::from_str(&self.code).unwrap_or(HeaderValue::from_static("InternalServerError"));
        let mut response = (self.status, axum::Json(self.body())).into_response();
        response.headers_mut().insert("x-amzn-errortype", header);
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            // A full queue drains within about a request's time; rate limits set their own value.
            response.headers_mut().insert("retry-after", HeaderValue::from_static("1"));
        }
        response
    }
}

/// Builds the example body that the OpenAPI docs show for an error.
pub fn error_example(code: &str, message: &str) -> serde_json::Value {
    serde_json::json!({ "__type": code, "message": message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn error_response_has_aws_shape() {
        let response = ApiError::invalid_parameter("bad").into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(response.headers()["x-amzn-errortype"], "InvalidParameterException");
        let bytes = axum::body::to_bytes(response.into_body(), 1024).await.expect("body");
        let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(body, serde_json::json!({"__type": "InvalidParameterException", "message": "bad"}));
    }

    #[test]
    fn throttling_says_when_to_retry() {
        let response = ApiError::throttling("queue full").into_response();
        assert_eq!(response.headers()["retry-after"], "1");
        assert!(!ApiError::invalid_parameter("x").into_response().headers().contains_key("retry-after"));
    }
}
