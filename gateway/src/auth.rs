//! Optional API keys: `Authorization: Bearer KEY` or `x-api-key: KEY`, compared in constant time.

use aigate_core::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The caller's identity once authenticated: its key's index, for rate limits and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub usize);

#[derive(Clone)]
pub struct ApiKeys(Arc<Vec<Vec<u8>>>);

impl ApiKeys {
    pub fn new(keys: &[String]) -> Self {
        Self(Arc::new(keys.iter().map(|k| k.as_bytes().to_vec()).collect()))
    }

    pub fn enabled(&self) -> bool {
        !self.0.is_empty()
    }

    /// Index of the matching key. Every key is compared, so timing reveals nothing about which
    /// one matched or how much of a key was right.
    fn find(&self, presented: &[u8]) -> Option<KeyId> {
        let mut found = None;
        for (index, key) in self.0.iter().enumerate() {
            if bool::from(key.as_slice().ct_eq(presented)) {
                found = Some(KeyId(index));
            }
        }
        found
    }
}

fn presented_key(headers: &HeaderMap) -> Option<&[u8]> {
    if let Some(value) = headers.get("x-api-key") {
        return Some(value.as_bytes());
    }
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    let scheme = value.get(..7)?;
    scheme.eq_ignore_ascii_case(b"bearer ").then(|| value.get(7..)).flatten().map(<[u8]>::trim_ascii)
}

pub async fn require_key(State(keys): State<ApiKeys>, mut request: Request, next: Next) -> Result<Response, ApiError> {
    if !keys.enabled() {
        return Ok(next.run(request).await);
    }
    let presented = presented_key(request.headers()).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "MissingAuthenticationTokenException",
            "an API key is required: send `Authorization: Bearer KEY` or `x-api-key: KEY`",
        )
    })?;
    let id = keys.find(presented).ok_or_else(|| {
        ApiError::new(StatusCode::UNAUTHORIZED, "UnrecognizedClientException", "the API key is not valid")
    })?;
    request.extensions_mut().insert(id);
    Ok(next.run(request).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_from_either_header() {
        let keys = ApiKeys::new(&["alpha".into(), "beta".into()]);
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, "Bearer beta".parse().expect("header"));
        assert_eq!(presented_key(&headers).and_then(|k| keys.find(k)), Some(KeyId(1)));
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", "alpha".parse().expect("header"));
        assert_eq!(presented_key(&headers).and_then(|k| keys.find(k)), Some(KeyId(0)));
        assert_eq!(keys.find(b"alph"), None);
        assert_eq!(keys.find(b"alphaa"), None);
    }
}
