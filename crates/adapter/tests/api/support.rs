//! `spawn_app`: the real application on 127.0.0.1:0, a fresh data folder per test.

use std::path::{Path, PathBuf};

use qyzmet_adapter::{config::Config, startup::Application};
use tempfile::TempDir;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub data_dir: TempDir,
    /// Kept alive for the test's duration when the test serves a built app.
    pub _static_dir: Option<TempDir>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

pub fn config(catalogue_dir: &Path, data_dir: &Path, static_dir: &Path) -> Config {
    Config {
        address: "127.0.0.1:0".parse().unwrap(),
        persons_file: repo_root().join("data/demo/persons.toml"),
        demo_accounts_file: repo_root().join("data/demo/accounts.toml"),
        data_dir: data_dir.to_path_buf(),
        catalogue_dir: catalogue_dir.to_path_buf(),
        static_dir: static_dir.to_path_buf(),
        ..Config::default()
    }
}

/// The adapter with the repository's catalogue and no built app.
pub async fn spawn_app() -> TestApp {
    spawn_with(None).await
}

/// The adapter serving a stand-in for Trunk's `dist/` (an index page and a hashed asset).
pub async fn spawn_app_with_pages() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><title>Қызмет</title>",
    )
    .unwrap();
    std::fs::write(dir.path().join("qyzmet-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(
        dir.path().join("qyzmet-0123456789abcdef_bg.wasm.br"),
        b"brotli bytes",
    )
    .unwrap();
    spawn_with(Some(dir)).await
}

async fn spawn_with(static_dir: Option<TempDir>) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let static_path = static_dir
        .as_ref()
        .map(|d| d.path().to_path_buf())
        .unwrap_or_else(|| data_dir.path().join("no-dist"));
    let config = config(&repo_root().join("data"), data_dir.path(), &static_path);
    let app = Application::build(config)
        .await
        .expect("the application did not build");
    let address = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        data_dir,
        _static_dir: static_dir,
    }
}
