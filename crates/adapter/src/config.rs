//! Configuration in layers: defaults in code, then an optional TOML file (`QYZMET_CONFIG`),
//! then `QYZMET_*` environment variables. Secrets never live in the repository.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where to listen. `127.0.0.1:0` picks a free port (tests).
    pub address: SocketAddr,
    /// The data folder: the SQLite database and, later, uploaded files.
    pub data_dir: PathBuf,
    /// The catalogue: regions, acts and services (see `data/README.md`).
    pub catalogue_dir: PathBuf,
    /// The built app (Trunk's `dist/`). Missing: the API still runs, pages answer 503.
    pub static_dir: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            address: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("var"),
            catalogue_dir: PathBuf::from("data"),
            static_dir: PathBuf::from("dist"),
        }
    }
}

impl Config {
    /// Reads the layers from the process environment.
    pub fn load() -> anyhow::Result<Config> {
        Self::from_env(|key| std::env::var(key).ok())
    }

    /// Reads the layers from `env` (a function, so tests need not touch the process).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let mut config = match env("QYZMET_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read the configuration file {path}"))?;
                toml::from_str(&text)
                    .with_context(|| format!("in the configuration file {path}"))?
            }
            None => Config::default(),
        };
        if let Some(address) = env("QYZMET_ADDRESS") {
            config.address = address.parse().with_context(|| {
                format!("QYZMET_ADDRESS={address:?} is not an address like 127.0.0.1:8080")
            })?;
        }
        if let Some(dir) = env("QYZMET_DATA_DIR") {
            config.data_dir = dir.into();
        }
        if let Some(dir) = env("QYZMET_CATALOGUE_DIR") {
            config.catalogue_dir = dir.into();
        }
        if let Some(dir) = env("QYZMET_STATIC_DIR") {
            config.static_dir = dir.into();
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults() {
        let config = Config::from_env(|key| match key {
            "QYZMET_ADDRESS" => Some("127.0.0.1:9090".into()),
            "QYZMET_DATA_DIR" => Some("/tmp/q".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.address.port(), 9090);
        assert_eq!(config.data_dir, PathBuf::from("/tmp/q"));
        assert_eq!(config.catalogue_dir, PathBuf::from("data"));
    }

    #[test]
    fn a_bad_address_names_the_variable() {
        let err =
            Config::from_env(|key| (key == "QYZMET_ADDRESS").then(|| "eighty".into())).unwrap_err();
        assert!(format!("{err:#}").contains("QYZMET_ADDRESS"));
    }
}
