//! End-to-end tests: a real gateway on port 0 with real models, called over HTTP.

mod comprehension;
mod gateway;
mod helpers;
mod openapi;
mod speech;
mod speech_synthesis;
mod text_extraction;
mod vision;
