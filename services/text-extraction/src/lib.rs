//! Text extraction shaped like AWS Textract: DetectDocumentText and AnalyzeDocument (LAYOUT,
//! TABLES, FORMS) over PP-OCR models run through ONNX Runtime.
//!
//! - `ocr`: the OCR pipeline (orientation, detection, recognition, word boxes).
//! - `layout`: the CDLA layout model; `tables` and `forms`: rule-based analyses of the OCR page.
//! - `blocks`/`geometry`: Textract blocks from all of the above.
//! - `api`: wire types; `validate`: requests into valid inputs; `service`: the operations;
//!   `routes`: HTTP and OpenAPI.

pub mod api;
pub mod blocks;
pub mod config;
pub mod forms;
pub mod frame;
pub mod geometry;
pub mod layout;
pub mod ocr;
pub mod routes;
pub mod service;
pub mod tables;
pub mod validate;

#[cfg(test)]
mod service_tests;
#[cfg(test)]
mod test_models;

pub use config::TextExtractionConfig;
pub use routes::routes;
pub use service::TextExtractionService;

/// The service's name in routes (`/v1/text-extraction/...`), config and the model manifest.
pub const SERVICE_NAME: &str = "text-extraction";
