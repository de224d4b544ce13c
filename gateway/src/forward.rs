//! Forwarding a service's routes to its own process (`aigate serve --only <service>`). The
//! gateway keeps auth, rate limits, metrics and the error envelope; a dead or slow upstream
//! answers 503 ServiceUnavailableException instead of hanging.

use aigate_core::ApiError;
use aigate_core::body::read_limited;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::Response;
use std::time::Duration;

/// The most the gateway buffers of a forwarded body; the upstream applies the service's own limits.
const MAX_FORWARDED_BODY: usize = 256 << 20;

/// Request headers passed upstream; hop-by-hop headers stay behind.
const FORWARDED_HEADERS: [&str; 6] =
    ["content-type", "accept", "authorization", "x-api-key", "x-amzn-requestid", "x-amz-target"];

#[derive(Clone)]
pub struct Upstream {
    pub service: &'static str,
    pub base_url: String,
    pub client: reqwest::Client,
}

impl Upstream {
    pub fn new(service: &'static str, base_url: &str, timeout: Duration) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder().connect_timeout(Duration::from_secs(3)).timeout(timeout).build()?;
        Ok(Self { service, base_url: base_url.trim_end_matches('/').to_string(), client })
    }

    fn unavailable(&self, error: impl std::fmt::Display) -> ApiError {
        ApiError::service_unavailable(format!(
            "the {} service at {} is unavailable: {error}",
            self.service, self.base_url
        ))
    }

    /// Whether the upstream reports itself ready.
    pub async fn ready(&self) -> bool {
        let probe = self.client.get(format!("{}/ready", self.base_url)).timeout(Duration::from_secs(2)).send().await;
        probe.is_ok_and(|r| r.status().is_success())
    }
}

pub async fn forward(State(upstream): State<Upstream>, request: Request) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let path_and_query = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let body = read_limited(body, MAX_FORWARDED_BODY, "RequestEntityTooLargeException").await?;
    let mut outbound = upstream.client.request(parts.method.clone(), format!("{}{path_and_query}", upstream.base_url));
    for name in FORWARDED_HEADERS {
        if let Some(value) = parts.headers.get(name) {
            outbound = outbound.header(name, value.clone());
        }
    }
    let reply = outbound.body(body).send().await.map_err(|e| upstream.unavailable(e))?;
    let status = StatusCode::from_u16(reply.status().as_u16()).map_err(|e| upstream.unavailable(e))?;
    let mut response = Response::builder().status(status);
    for (name, value) in reply.headers() {
        let keep = matches!(name.as_str(), "content-type" | "x-amzn-errortype" | "retry-after")
            || name.as_str().starts_with("x-amzn-");
        if keep && let Ok(name) = HeaderName::from_bytes(name.as_str().as_bytes()) {
            response = response.header(name, value.as_bytes());
        }
    }
    let bytes = reply.bytes().await.map_err(|e| upstream.unavailable(e))?;
    response.body(Body::from(bytes)).map_err(ApiError::internal)
}
