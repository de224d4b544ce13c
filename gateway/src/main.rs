use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = aigate_gateway::cli::Cli::parse();
    if let Err(message) = aigate_gateway::cli::run(cli).await {
        eprintln!("aigate: {message}");
        std::process::exit(1);
    }
}
