//! Image analysis shaped like AWS Rekognition: labels, faces, face comparison, face collections, moderation, text.

pub mod config;
pub mod routes;
pub mod service;

pub use config::VisionConfig;
pub use routes::routes;
pub use service::VisionService;

/// The service's name in routes (`/v1/vision/...`), config and the model manifest.
pub const SERVICE_NAME: &str = "vision";
