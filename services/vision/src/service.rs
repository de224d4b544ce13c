//! The service: its models and operations. No HTTP here; `routes.rs` is the transport.

use crate::SERVICE_NAME;
use crate::config::VisionConfig;
use aigate_core::ServiceContext;
use aigate_core::runtime::RuntimeError;

pub struct VisionService {
    #[allow(dead_code)] // Read by the operations as they land.
    config: VisionConfig,
}

impl aigate_core::Service for VisionService {
    const NAME: &'static str = SERVICE_NAME;
    type Config = VisionConfig;

    fn load(config: &VisionConfig, _context: &ServiceContext) -> Result<Self, RuntimeError> {
        Ok(Self { config: config.clone() })
    }

    fn routes() -> utoipa_axum::router::OpenApiRouter<aigate_core::Ready<Self>> {
        crate::routes::routes()
    }
}
