//! Per-client rate limits: a token bucket per API key (or per client address when keys are off).
//! An empty bucket answers 429 ThrottlingException with `Retry-After`.

use crate::auth::KeyId;
use aigate_core::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Buckets kept at most; idle full buckets are dropped first when it is reached.
const MAX_CLIENTS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Client {
    Key(KeyId),
    Address(IpAddr),
    Unknown,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

#[derive(Clone)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Arc<Mutex<HashMap<Client, Bucket>>>,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: u32) -> Self {
        Self { per_second, burst: f64::from(burst.max(1)), buckets: Arc::default() }
    }

    pub fn enabled(&self) -> bool {
        self.per_second > 0.0
    }

    /// Takes one token; on an empty bucket returns the seconds until one is available.
    fn take(&self, client: Client, now: Instant) -> Result<(), f64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            let (per_second, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.updated).as_secs_f64() * per_second < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket { tokens: self.burst, updated: now });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - bucket.tokens) / self.per_second)
        }
    }
}

pub async fn limit(State(limiter): State<RateLimiter>, request: Request, next: Next) -> Response {
    if !limiter.enabled() {
        return next.run(request).await;
    }
    let client = match (request.extensions().get::<KeyId>(), request.extensions().get::<ConnectInfo<SocketAddr>>()) {
        (Some(key), _) => Client::Key(*key),
        (None, Some(ConnectInfo(address))) => Client::Address(address.ip()),
        (None, None) => Client::Unknown,
    };
    match limiter.take(client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.ceil().max(1.0) as u64;
            let mut response =
                ApiError::throttling(format!("rate limit exceeded; retry in {seconds} s")).into_response();
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert("retry-after", value);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bucket_allows_burst_then_refills() {
        let limiter = RateLimiter::new(2.0, 3);
        let start = Instant::now();
        let client = Client::Key(KeyId(0));
        for _ in 0..3 {
            assert!(limiter.take(client, start).is_ok());
        }
        let wait = limiter.take(client, start).expect_err("empty");
        assert!((wait - 0.5).abs() < 1e-9, "{wait}");
        assert!(limiter.take(Client::Key(KeyId(1)), start).is_ok(), "other clients have their own bucket");
        assert!(limiter.take(client, start + Duration::from_millis(600)).is_ok());
    }
}
