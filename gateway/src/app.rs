//! Building and running the gateway: bind, mount the services, stack the middleware, serve until
//! a shutdown signal, then drain in-flight requests.

use crate::auth::{self, ApiKeys};
use crate::config::{GatewayConfig, ServiceSection};
use crate::in_flight::{self, InFlight};
use crate::rate_limit::{self, RateLimiter};
use crate::services::{self, Mounted};
use crate::system::{self, SystemState};
use crate::{observe, openapi};
use aigate_comprehension::ComprehensionService;
use aigate_core::ServiceContext;
use aigate_core::runtime::{self, RuntimeError, RuntimeOptions};
use aigate_core::store::Database;
use aigate_core::{ApiError, Service};
use aigate_speech::SpeechService;
use aigate_text_extraction::TextExtractionService;
use aigate_vision::VisionService;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa_swagger_ui::SwaggerUi;

/// Every service the gateway knows, by name.
pub const SERVICES: [&str; 4] =
    [TextExtractionService::NAME, VisionService::NAME, ComprehensionService::NAME, SpeechService::NAME];

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Runtime(#[from] RuntimeError),
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
    #[error("unknown service `{0}`; known services: {known}", known = SERVICES.join(", "))]
    UnknownService(String),
    #[error("service `{0}` is disabled in the config")]
    Disabled(String),
    #[error("{0}")]
    Models(String),
    #[error("{0}")]
    Store(String),
    #[error("cannot set up forwarding for {0}: {1}")]
    Forward(&'static str, reqwest::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Binds the listener and mounts the services. `only` runs one service alone (for scale-out).
    pub async fn build(config: &GatewayConfig, only: Option<&str>) -> Result<Self, StartError> {
        if let Some(name) = only
            && !SERVICES.contains(&name)
        {
            return Err(StartError::UnknownService(name.to_string()));
        }
        let timeout = Duration::from_secs(config.request_timeout_secs);
        let database = Database::new(config.store.url.clone()).map_err(|e| StartError::Store(e.to_string()))?;
        let context = ServiceContext { model_dir: config.model_dir.clone(), database };
        let sections = &config.services;
        let mounted = [
            mount::<TextExtractionService>(&sections.text_extraction, config, &context, only, timeout)?,
            mount::<VisionService>(&sections.vision, config, &context, only, timeout)?,
            mount::<ComprehensionService>(&sections.comprehension, config, &context, only, timeout)?,
            mount::<SpeechService>(&sections.speech, config, &context, only, timeout)?,
        ];
        let mounted = mounted.into_iter().flatten().collect();
        let listener =
            TcpListener::bind(&config.listen).await.map_err(|e| StartError::Bind(config.listen.clone(), e))?;
        Ok(Self { listener, router: router(config, mounted) })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown).await
    }
}

/// Mounts one service in-process or forwarded, or not at all (disabled, or not the `only` one).
fn mount<S: Service>(
    section: &ServiceSection<S::Config>,
    config: &GatewayConfig,
    context: &ServiceContext,
    only: Option<&str>,
    timeout: Duration,
) -> Result<Option<Mounted>, StartError> {
    match only {
        Some(name) if name != S::NAME => return Ok(None),
        Some(name) if !section.enabled => return Err(StartError::Disabled(name.to_string())),
        None if !section.enabled => return Ok(None),
        _ => {}
    }
    if only.is_none() && !section.url.is_empty() {
        return services::forwarded::<S>(section, timeout).map(Some).map_err(|e| StartError::Forward(S::NAME, e));
    }
    runtime::init(&RuntimeOptions { dylib_path: config.ort_dylib_path(), threads: config.runtime.threads })?;
    check_models(S::NAME, config)?;
    Ok(Some(services::embedded::<S>(section, context)))
}

/// Fails at start-up, with the fix, when a service's model files are not installed.
fn check_models(service: &str, config: &GatewayConfig) -> Result<(), StartError> {
    let manifest = aigate_models::Manifest::embedded();
    let missing: Vec<String> = manifest
        .for_service(service)
        .filter(|m| !m.opt_in)
        .map(|m| m.installed_path(&config.model_dir))
        .filter(|p| !p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(StartError::Models(format!(
        "models for {service} are missing ({}): run `aigate models fetch --only {service}`",
        missing.join(", ")
    )))
}

fn router(config: &GatewayConfig, mounted: Vec<Mounted>) -> Router {
    let system = Arc::new(SystemState {
        services: mounted.iter().map(|m| (m.name, m.readiness.clone())).collect(),
        model_dir: config.model_dir.clone(),
    });
    let mut v1 = Router::new().route("/v1/models", get(system::list_models)).with_state(system.clone());
    for service in mounted {
        v1 = v1.merge(service.router);
    }
    let limiter = RateLimiter::new(config.auth.rate_limit_per_second, config.auth.rate_limit_burst);
    let v1 = v1
        .layer(from_fn_with_state(InFlight::new(config.max_in_flight), in_flight::limit))
        .layer(from_fn_with_state(limiter, rate_limit::limit))
        .layer(from_fn_with_state(ApiKeys::new(&config.auth.api_keys), auth::require_key))
        .layer(from_fn_with_state(Duration::from_secs(config.request_timeout_secs), observe::timeout));
    let mut app = Router::new()
        .route("/health", get(system::health))
        .route("/ready", get(system::ready))
        .route("/metrics", get(system::prometheus))
        .with_state(system)
        .merge(SwaggerUi::new("/docs").url("/openapi.json", openapi::spec()))
        .merge(v1)
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn(observe::track));
    if let Some(cors) = cors(&config.cors_allow_origins) {
        app = app.layer(cors);
    }
    app
}

async fn unknown_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "UnknownOperationException", "no such operation; see /docs for the API")
}

async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowedException",
        "this operation takes another HTTP method; see /docs",
    )
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers(tower_http::cors::Any)
            .expose_headers([observe::REQUEST_ID.parse().unwrap_or(axum::http::header::CONTENT_TYPE)]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    #[tokio::test]
    async fn cors_answers_preflight_for_configured_origins() {
        let mut config = GatewayConfig::load(None, Vec::new()).expect("config");
        config.cors_allow_origins = vec!["https://app.example.com".into()];
        let preflight = Request::builder()
            .method(Method::OPTIONS)
            .uri("/v1/models")
            .header("origin", "https://app.example.com")
            .header("access-control-request-method", "GET")
            .body(Body::empty())
            .expect("request");
        let response = router(&config, Vec::new()).oneshot(preflight).await.expect("response");
        assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");

        let other =
            Request::get("/health").header("origin", "https://evil.example").body(Body::empty()).expect("request");
        let response = router(&config, Vec::new()).oneshot(other).await.expect("response");
        assert!(!response.headers().contains_key("access-control-allow-origin"));
    }
}
