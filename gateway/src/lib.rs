//! The aigate gateway: config, API keys, rate limits, body limits, routing to in-process or
//! forwarded services, OpenAPI and docs, metrics and health.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod forward;
pub mod in_flight;
pub mod observe;
pub mod openapi;
pub mod rate_limit;
pub mod services;
pub mod system;

pub use app::Application;
pub use config::GatewayConfig;
