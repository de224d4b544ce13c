//! Mounting each service under `/v1/<service>`: in-process (models load in the background and
//! the service answers 503 until they have), or forwarded to its own process when its config
//! section has a `url`.

use crate::config::ServiceSection;
use crate::forward::{Upstream, forward};
use aigate_core::{Ready, Service, ServiceContext};
use axum::Router;
use axum::routing::any;
use std::sync::Arc;
use std::time::Duration;
use utoipa::openapi::OpenApi;

/// How a mounted service reports whether it can take requests.
#[derive(Clone)]
pub enum Readiness {
    /// Ready, or `Err(Some(reason))` when loading failed, `Err(None)` while loading.
    Local(Arc<dyn Fn() -> Result<(), Option<String>> + Send + Sync>),
    Remote(Upstream),
}

impl Readiness {
    /// `Ok(())` when ready, else what it is waiting for or what went wrong.
    pub async fn check(&self) -> Result<(), String> {
        match self {
            Readiness::Local(state) => state().map_err(|failure| {
                failure.map_or_else(|| "loading models".to_string(), |f| format!("failed to load: {f}"))
            }),
            Readiness::Remote(upstream) => {
                if upstream.ready().await {
                    Ok(())
                } else {
                    Err(format!("upstream {} is not ready", upstream.base_url))
                }
            }
        }
    }
}

pub struct Mounted {
    pub name: &'static str,
    pub router: Router,
    pub readiness: Readiness,
}

/// The service's documented routes, nested under `/v1/<service>`.
pub fn spec<S: Service>() -> OpenApi {
    let (_, spec) = S::routes().split_for_parts();
    OpenApi::default().nest(format!("/v1/{}", S::NAME), spec)
}

/// Mounts the service in-process; its models load on a blocking thread.
pub fn embedded<S: Service>(section: &ServiceSection<S::Config>, context: &ServiceContext) -> Mounted {
    let ready = Ready::<S>::default();
    let (router, _) = S::routes().split_for_parts();
    let router = Router::new().nest(&format!("/v1/{}", S::NAME), router.with_state(ready.clone()));
    let (settings, context, slot) = (section.settings.clone(), context.clone(), ready.clone());
    tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        match S::load(&settings, &context) {
            Ok(service) => {
                slot.set(Arc::new(service));
                tracing::info!(service = S::NAME, seconds = started.elapsed().as_secs_f64(), "models loaded");
            }
            Err(error) => {
                tracing::error!(service = S::NAME, %error, "could not load the service's models");
                slot.fail(error.to_string());
            }
        }
    });
    let state = move || {
        if ready.is_ready() { Ok(()) } else { Err(ready.failure().map(str::to_string)) }
    };
    Mounted { name: S::NAME, router, readiness: Readiness::Local(Arc::new(state)) }
}

/// Mounts the service's documented routes as forwards to `section.url`.
pub fn forwarded<S: Service>(
    section: &ServiceSection<S::Config>,
    timeout: Duration,
) -> Result<Mounted, reqwest::Error> {
    let upstream = Upstream::new(S::NAME, &section.url, timeout)?;
    let mut router = Router::new();
    for path in spec::<S>().paths.paths.keys() {
        router = router.route(path, any(forward).with_state(upstream.clone()));
    }
    Ok(Mounted { name: S::NAME, router, readiness: Readiness::Remote(upstream) })
}
