//! What the gateway needs to know about a service: its name, its settings, how to load its
//! models, and its documented routes. Adding a service is one crate plus one line in the gateway.

use crate::Ready;
use crate::runtime::RuntimeError;
use crate::store::Database;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use utoipa_axum::router::OpenApiRouter;

/// What the gateway hands every service when it loads.
#[derive(Debug, Clone)]
pub struct ServiceContext {
    /// The models folder; a service's files are in `model_dir/<NAME>/`.
    pub model_dir: PathBuf,
    /// The embedded database (opened on first use) for state that must survive restarts.
    pub database: Database,
}

impl ServiceContext {
    /// This service's model folder.
    pub fn service_models(&self, service: &str) -> PathBuf {
        self.model_dir.join(service)
    }
}

pub trait Service: Send + Sync + Sized + 'static {
    /// The route prefix (`/v1/<NAME>/…`), the config section and the manifest's service name.
    const NAME: &'static str;

    /// The service's own settings (limits, queue sizes), read from the gateway config.
    type Config: DeserializeOwned + Serialize + Default + Clone + Send + Sync + std::fmt::Debug + 'static;

    /// Loads the service's models. Blocking; called once at start-up on a blocking thread inside
    /// the tokio runtime (`Handle::current().block_on` works there for async set-up).
    fn load(config: &Self::Config, context: &ServiceContext) -> Result<Self, RuntimeError>;

    /// The service's routes, relative to `/v1/<NAME>`, each documented with utoipa.
    fn routes() -> OpenApiRouter<Ready<Self>>;
}
