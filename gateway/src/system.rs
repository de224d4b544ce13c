//! The gateway's own endpoints: liveness, readiness, metrics and the model list.

use crate::services::Readiness;
use aigate_core::metrics;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Arc;

/// What `/ready` and `/v1/models` need to know.
pub struct SystemState {
    pub services: Vec<(&'static str, Readiness)>,
    pub model_dir: PathBuf,
}

/// Liveness: the process is up and serving HTTP.
#[utoipa::path(get, path = "/health", tag = "gateway", security(()),
    responses((status = 200, description = "The process is up", example = json!({"status": "ok"}))))]
pub async fn health() -> impl IntoResponse {
    Json(serde_json::json!({"status": "ok"}))
}

/// Readiness: 200 once every mounted service has loaded its models (or its upstream is ready).
#[utoipa::path(get, path = "/ready", tag = "gateway", security(()),
    responses(
        (status = 200, description = "Every service can take requests",
            example = json!({"ready": true, "services": {"text-extraction": "ready"}})),
        (status = 503, description = "A service is loading, failed to load, or its upstream is down",
            example = json!({"ready": false, "services": {"text-extraction": "loading models"}}))
    ))]
pub async fn ready(State(state): State<Arc<SystemState>>) -> impl IntoResponse {
    let mut all_ready = true;
    let mut services = serde_json::Map::new();
    for (name, readiness) in &state.services {
        let status = match readiness.check().await {
            Ok(()) => "ready".to_string(),
            Err(reason) => {
                all_ready = false;
                reason
            }
        };
        services.insert(name.to_string(), status.into());
    }
    let status = if all_ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(serde_json::json!({"ready": all_ready, "services": services})))
}

/// Prometheus metrics: requests by operation and status, latency histograms, model run time
/// and model queue depth.
#[utoipa::path(get, path = "/metrics", tag = "gateway", security(()),
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn prometheus() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics::global().render())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ModelsResponse {
    /// Every model in the manifest, with its license and whether it is installed.
    pub models: Vec<aigate_models::ModelInfo>,
}

/// Lists every model aigate knows, with its license, source and install status.
#[utoipa::path(
    get,
    path = "/v1/models",
    tag = "gateway",
    responses((status = 200, description = "The model manifest with each model's status", body = ModelsResponse))
)]
pub async fn list_models(State(state): State<Arc<SystemState>>) -> impl IntoResponse {
    let model_dir = state.model_dir.clone();
    let models =
        tokio::task::spawn_blocking(move || aigate_models::list(aigate_models::Manifest::embedded(), &model_dir))
            .await
            .unwrap_or_default();
    Json(ModelsResponse { models })
}
