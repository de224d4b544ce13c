//! A cap on requests in flight across all `/v1` routes. Each service's model queues are bounded
//! too, but decoding happens before a request reaches a queue; this bounds the memory that
//! decoded inputs can hold. Past the cap the gateway answers 429 ThrottlingException at once.

use aigate_core::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct InFlight(Arc<Semaphore>);

impl InFlight {
    pub fn new(limit: usize) -> Self {
        Self(Arc::new(Semaphore::new(limit.max(1))))
    }
}

pub async fn limit(State(in_flight): State<InFlight>, request: Request, next: Next) -> Result<Response, ApiError> {
    let _permit = in_flight
        .0
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::throttling("too many requests in flight; retry shortly"))?;
    Ok(next.run(request).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::middleware::from_fn_with_state;
    use axum::routing::get;
    use std::time::Duration;
    use tower::ServiceExt;

    #[tokio::test]
    async fn requests_past_the_cap_get_429() {
        let app = Router::new()
            .route("/slow", get(|| async { tokio::time::sleep(Duration::from_millis(300)).await }))
            .layer(from_fn_with_state(InFlight::new(1), limit));
        let first = tokio::spawn(app.clone().oneshot(Request::get("/slow").body(Body::empty()).expect("request")));
        tokio::time::sleep(Duration::from_millis(50)).await;
        let second = app.clone().oneshot(Request::get("/slow").body(Body::empty()).expect("request")).await;
        assert_eq!(second.expect("response").status(), 429);
        assert_eq!(first.await.expect("join").expect("response").status(), 200);
        let third = app.oneshot(Request::get("/slow").body(Body::empty()).expect("request")).await;
        assert_eq!(third.expect("response").status(), 200, "the permit is released");
    }
}
