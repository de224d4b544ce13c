//! Per-request bookkeeping: the request id (`x-amzn-RequestId`, taken from the client or made
//! up), a log line per request, Prometheus counters and latency by operation and status, and the
//! request timeout.

use aigate_core::{ApiError, metrics};
use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::{Duration, Instant};

pub const REQUEST_ID: &str = "x-amzn-requestid";

/// The operation label: the matched route template, so unknown paths can't blow up cardinality.
fn operation(request: &Request) -> String {
    request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into())
}

pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let operation = operation(&request);
    let method = request.method().clone();
    let span = tracing::info_span!("request", request_id = %id, %method, operation = %operation);
    let mut request = request;
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, value);
    }
    let mut response = tracing::Instrument::instrument(next.run(request), span.clone()).await;
    let elapsed = started.elapsed().as_secs_f64();
    let status = response.status().as_u16().to_string();
    let error_type = response.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    span.in_scope(|| {
        tracing::info!(status = %status, error_type = %error_type, latency_ms = (elapsed * 1000.0).round(), "request")
    });
    if operation.starts_with("/v1/") {
        let labels = [("operation", operation.as_str()), ("status", status.as_str())];
        metrics::global().inc_counter("aigate_requests_total", &labels);
        metrics::global().observe("aigate_request_duration_seconds", &[("operation", operation.as_str())], elapsed);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// Answers 504 RequestTimeoutException when the handler takes longer than the configured limit.
pub async fn timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            axum::http::StatusCode::GATEWAY_TIMEOUT,
            "RequestTimeoutException",
            format!("the request took longer than {} s", limit.as_secs()),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::middleware::{from_fn, from_fn_with_state};
    use axum::routing::get;
    use tower::ServiceExt;

    fn app() -> Router {
        Router::new()
            .route("/v1/slow", get(|| async { tokio::time::sleep(Duration::from_secs(5)).await }))
            .route("/v1/fast", get(|| async { "ok" }))
            .layer(from_fn_with_state(Duration::from_millis(100), timeout))
            .layer(from_fn(track))
    }

    #[tokio::test]
    async fn slow_requests_get_504_and_every_response_a_request_id() {
        let slow =
            app().oneshot(Request::get("/v1/slow").body(Body::empty()).expect("request")).await.expect("response");
        assert_eq!(slow.status(), 504);
        assert_eq!(slow.headers()["x-amzn-errortype"], "RequestTimeoutException");
        assert!(slow.headers().contains_key(REQUEST_ID));

        let request =
            Request::get("/v1/fast").header(REQUEST_ID, "client-chosen-id").body(Body::empty()).expect("request");
        let fast = app().oneshot(request).await.expect("response");
        assert_eq!(fast.status(), 200);
        assert_eq!(fast.headers()[REQUEST_ID], "client-chosen-id", "a client's request id is kept");
    }
}
