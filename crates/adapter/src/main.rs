//! `qyzmet-adapter`: serves the Qyzmet app and its JSON API on one origin.

use qyzmet_adapter::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    telemetry::init();
    let config = match Config::load() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("qyzmet-adapter: configuration: {err:#}");
            return std::process::ExitCode::from(2);
        }
    };
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(err) => {
            // The operator must see which file, entry and field stopped the start.
            eprintln!("qyzmet-adapter: cannot start: {err:#}");
            return std::process::ExitCode::from(1);
        }
    };
    tracing::info!(address = %app.address(), "Qyzmet is listening");
    println!("Qyzmet is listening on http://{}", app.address());
    match app.run_until_stopped().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("qyzmet-adapter: {err:#}");
            std::process::ExitCode::from(1)
        }
    }
}
