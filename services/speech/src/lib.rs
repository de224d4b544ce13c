//! Speech shaped like AWS Polly (text-to-speech with speech marks) and Transcribe (speech-to-text with word timestamps).

pub mod config;
pub mod jobs;
pub mod routes;
pub mod service;
pub mod synthesis;
pub mod transcription;
pub mod vad;

#[cfg(test)]
mod test_models;

pub use config::SpeechConfig;
pub use routes::routes;
pub use service::SpeechService;

/// The service's name in routes (`/v1/speech/...`), config and the model manifest.
pub const SERVICE_NAME: &str = "speech";
