//! Configuration in layers: defaults in code, then an optional TOML file (`QYZMET_CONFIG`),
//! then `QYZMET_*` environment variables. Secrets never live in the repository.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::Context;
use qyzmet_domain::Role;
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
    /// The embedded stand-in for the state persons database (ГБД ФЛ): demo persons.
    pub persons_file: PathBuf,
    /// Demo accounts, one per role, created at start if missing. Only for the embedded
    /// default: a production configuration sets this to `false` and starts with none.
    pub demo_accounts: bool,
    pub demo_accounts_file: PathBuf,
    /// The embedded stand-in for the notary registry (ЕНИС): demo powers of attorney.
    pub notary_file: PathBuf,
    /// Adds `Secure` to the session cookie; set it when the portal is served over TLS.
    pub secure_cookies: bool,
    pub sessions: SessionConfig,
    pub sign_in: SignInConfig,
    pub uploads: UploadConfig,
    pub trust: TrustConfig,
}

/// Which certification authorities a signature may chain to.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrustConfig {
    /// Trust the embedded test authority (and let citizens obtain test certificates from it).
    /// The embedded default; production sets `false` and names the national authority below.
    pub embedded_authority: bool,
    /// Root certificates to trust (PEM or DER files), e.g. the national authority's.
    pub roots: Vec<PathBuf>,
    /// Their issuing CAs' certificates (PEM or DER), for chains that do not carry them.
    pub intermediates: Vec<PathBuf>,
    /// Their revocation lists (PEM or DER), read at start: a signing certificate whose issuer
    /// has no list here is refused, since it cannot be shown not to be revoked.
    pub crls: Vec<PathBuf>,
}

impl Default for TrustConfig {
    fn default() -> Self {
        TrustConfig {
            embedded_authority: true,
            roots: Vec::new(),
            intermediates: Vec::new(),
            crls: Vec::new(),
        }
    }
}

/// Limits on document scans.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UploadConfig {
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// All files of one request together, in bytes.
    pub max_request_bytes: u64,
}

impl Default for UploadConfig {
    fn default() -> Self {
        UploadConfig {
            max_file_bytes: 20 * 1024 * 1024,
            max_request_bytes: 100 * 1024 * 1024,
        }
    }
}

/// How long a session lasts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SessionConfig {
    /// Ends after this long without a request.
    pub idle_seconds: u32,
    /// Ends this long after sign-in whatever happens.
    pub absolute_seconds: u32,
    /// The page warns this long before the idle end.
    pub warn_before_seconds: u32,
    /// An operator's session at a service-centre kiosk ends after this long without a
    /// request, so the next person at the desk finds no trace of the last citizen.
    pub kiosk_idle_seconds: u32,
    /// The kiosk warns this long before its idle end.
    pub kiosk_warn_before_seconds: u32,
}

impl SessionConfig {
    /// How long a session of `role` lasts without a request.
    pub fn idle_for(&self, role: Role) -> u32 {
        match role {
            Role::Operator => self.kiosk_idle_seconds,
            _ => self.idle_seconds,
        }
    }

    /// How long before its idle end a session of `role` is warned.
    pub fn warn_before_for(&self, role: Role) -> u32 {
        match role {
            Role::Operator => self.kiosk_warn_before_seconds,
            _ => self.warn_before_seconds,
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            idle_seconds: 30 * 60,
            absolute_seconds: 12 * 60 * 60,
            warn_before_seconds: 5 * 60,
            kiosk_idle_seconds: 5 * 60,
            kiosk_warn_before_seconds: 60,
        }
    }
}

/// How sign-in slows down and locks after failures.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SignInConfig {
    /// Failures for one IIN after which each further attempt waits (doubling each time).
    pub slow_after: u32,
    pub first_delay_seconds: u32,
    /// Failures for one IIN after which it is locked for `lock_seconds`.
    pub lock_after: u32,
    pub lock_seconds: u32,
    /// Failures from one client address within `address_window_seconds` after which that
    /// address waits for the window's end (whatever IINs it tries).
    pub address_failures: u32,
    pub address_window_seconds: u32,
}

impl Default for SignInConfig {
    fn default() -> Self {
        SignInConfig {
            slow_after: 3,
            first_delay_seconds: 2,
            lock_after: 5,
            lock_seconds: 15 * 60,
            address_failures: 30,
            address_window_seconds: 15 * 60,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            address: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("var"),
            catalogue_dir: PathBuf::from("data"),
            static_dir: PathBuf::from("dist"),
            persons_file: PathBuf::from("data/demo/persons.toml"),
            demo_accounts: true,
            demo_accounts_file: PathBuf::from("data/demo/accounts.toml"),
            notary_file: PathBuf::from("data/demo/notaries.toml"),
            secure_cookies: false,
            sessions: SessionConfig::default(),
            sign_in: SignInConfig::default(),
            uploads: UploadConfig::default(),
            trust: TrustConfig::default(),
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
        if let Some(seconds) = env("QYZMET_SESSION_IDLE_SECONDS") {
            config.sessions.idle_seconds = seconds.parse().with_context(|| {
                format!("QYZMET_SESSION_IDLE_SECONDS={seconds:?} is not a number of seconds")
            })?;
        }
        if let Some(seconds) = env("QYZMET_KIOSK_IDLE_SECONDS") {
            config.sessions.kiosk_idle_seconds = seconds.parse().with_context(|| {
                format!("QYZMET_KIOSK_IDLE_SECONDS={seconds:?} is not a number of seconds")
            })?;
        }
        if let Some(seconds) = env("QYZMET_KIOSK_WARN_SECONDS") {
            config.sessions.kiosk_warn_before_seconds = seconds.parse().with_context(|| {
                format!("QYZMET_KIOSK_WARN_SECONDS={seconds:?} is not a number of seconds")
            })?;
        }
        if let Some(bytes) = env("QYZMET_MAX_FILE_BYTES") {
            config.uploads.max_file_bytes = bytes.parse().with_context(|| {
                format!("QYZMET_MAX_FILE_BYTES={bytes:?} is not a number of bytes")
            })?;
        }
        if let Some(bytes) = env("QYZMET_MAX_REQUEST_BYTES") {
            config.uploads.max_request_bytes = bytes.parse().with_context(|| {
                format!("QYZMET_MAX_REQUEST_BYTES={bytes:?} is not a number of bytes")
            })?;
        }
        if let Some(seconds) = env("QYZMET_SESSION_WARN_SECONDS") {
            config.sessions.warn_before_seconds = seconds.parse().with_context(|| {
                format!("QYZMET_SESSION_WARN_SECONDS={seconds:?} is not a number of seconds")
            })?;
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
