//! Text comprehension shaped like AWS Comprehend: language, sentiment, entities, PII, key
//! phrases, toxicity, embeddings.
//!
//! - `api`: wire types; `request`/`text`: body reading and document checks; `errors`: names.
//! - `language`, `sentiment`, `key_phrases`: one engine each; `batch_items`: the Batch* contract.
//! - `service`: the operations; `routes`: HTTP and OpenAPI.

pub mod api;
pub mod batch_items;
pub mod config;
pub mod custom;
pub mod embed;
pub mod entities;
pub mod errors;
pub mod files;
pub mod key_phrases;
pub mod language;
pub mod offsets;
pub mod pii;
pub mod request;
pub mod routes;
pub mod sentiment;
pub mod service;
pub mod text;
pub mod toxicity;
pub mod transformer;

#[cfg(test)]
mod test_models;

pub use config::ComprehensionConfig;
pub use routes::routes;
pub use service::ComprehensionService;

/// The service's name in routes (`/v1/comprehension/...`), config and the model manifest.
pub const SERVICE_NAME: &str = "comprehension";
