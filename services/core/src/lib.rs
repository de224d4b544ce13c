//! What every aigate service shares: the ONNX Runtime environment and session building, model
//! workers behind bounded queues, the one error type, request limits, image decoding and metrics.

pub mod audio;
pub mod batch;
pub mod body;
pub mod detection;
pub mod error;
pub mod image;
pub mod metrics;
pub mod ready;
pub mod runtime;
pub mod service;
pub mod store;
pub mod tensor;
pub mod worker;

pub use error::{ApiError, ErrorBody};
pub use ready::Ready;
pub use service::{Service, ServiceContext};
pub use worker::ModelWorker;
