//! What the gateway needs to know about a service: its name, its settings, how to load its
//! models, and its documented routes. Adding a service is one crate plus one line in the gateway.

use crate::Ready;
use crate::runtime::RuntimeError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;
use utoipa_axum::router::OpenApiRouter;

pub trait Service: Send + Sync + Sized + 'static {
    /// The route prefix (`/v1/<NAME>/…`), the config section and the manifest's service name.
    const NAME: &'static str;

    /// The service's own settings (limits, queue sizes), read from the gateway config.
    type Config: DeserializeOwned + Serialize + Default + Clone + Send + Sync + std::fmt::Debug + 'static;

    /// Loads the service's models. Blocking; called once at start-up on a blocking thread.
    fn load(config: &Self::Config, model_dir: &Path) -> Result<Self, RuntimeError>;

    /// The service's routes, relative to `/v1/<NAME>`, each documented with utoipa.
    fn routes() -> OpenApiRouter<Ready<Self>>;
}
