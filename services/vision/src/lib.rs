//! Image analysis shaped like AWS Rekognition: labels, faces, face comparison, face collections,
//! moderation, text.
//!
//! - `labels`: YOLOX-Nano COCO objects as Rekognition labels with a small taxonomy.
//! - `faces`: face detection (YuNet or RetinaFace), pose, quality.
//! - `api`: wire types; `validate`: requests into valid inputs; `service`: the operations;
//!   `routes`: HTTP and OpenAPI.

pub mod api;
pub mod collections;
pub mod compare;
pub mod config;
pub mod faces;
pub mod geometry;
pub mod labels;
pub mod moderation;
pub mod routes;
pub mod service;
pub mod text;
pub mod validate;

pub use config::VisionConfig;
pub use routes::routes;
pub use service::VisionService;

/// The service's name in routes (`/v1/vision/...`), config and the model manifest.
pub const SERVICE_NAME: &str = "vision";
