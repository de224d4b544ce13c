//! HTTP: one POST route per operation, each documented by its `#[utoipa::path]`. The gateway
//! nests this router under `/v1/vision` and adds authentication.

use crate::service::VisionService;
use aigate_core::Ready;
use utoipa_axum::router::OpenApiRouter;

pub fn routes() -> OpenApiRouter<Ready<VisionService>> {
    OpenApiRouter::new()
}
