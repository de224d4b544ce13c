//! The service: its models and operations. No HTTP here; `routes.rs` is the transport.

use crate::SERVICE_NAME;
use crate::config::SpeechConfig;
use aigate_core::ServiceContext;
use aigate_core::runtime::RuntimeError;

pub struct SpeechService {
    #[allow(dead_code)] // Read by the operations as they land.
    config: SpeechConfig,
}

impl aigate_core::Service for SpeechService {
    const NAME: &'static str = SERVICE_NAME;
    type Config = SpeechConfig;

    fn load(config: &SpeechConfig, _context: &ServiceContext) -> Result<Self, RuntimeError> {
        Ok(Self { config: config.clone() })
    }

    fn routes() -> utoipa_axum::router::OpenApiRouter<aigate_core::Ready<Self>> {
        crate::routes::routes()
    }
}
