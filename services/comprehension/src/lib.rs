//! Text comprehension shaped like AWS Comprehend: language, sentiment, entities, PII, key phrases, toxicity, embeddings.

pub mod config;
pub mod routes;
pub mod service;

pub use config::ComprehensionConfig;
pub use routes::routes;
pub use service::ComprehensionService;

/// The service's name in routes (`/v1/comprehension/...`), config and the model manifest.
pub const SERVICE_NAME: &str = "comprehension";
