//! `spawn_app`: the real application on 127.0.0.1:0, a fresh data folder per test.
//! `spawn_app_with` tweaks its configuration first (short locks and sessions); a `Browser`
//! keeps one visitor's session cookie, as a browser's cookie jar would.

use std::{
    path::{Path, PathBuf},
    sync::Mutex,
};

use qyzmet_adapter::{config::Config, startup::Application};
use qyzmet_domain::Role;
use reqwest::{Method, RequestBuilder, header::HeaderMap};
use serde_json::{Value, json};
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
        notary_file: repo_root().join("data/demo/notaries.toml"),
        data_dir: data_dir.to_path_buf(),
        catalogue_dir: catalogue_dir.to_path_buf(),
        static_dir: static_dir.to_path_buf(),
        ..Config::default()
    }
}

/// The adapter with the repository's catalogue and no built app.
pub async fn spawn_app() -> TestApp {
    spawn_with(None, |_| {}).await
}

/// `spawn_app` with the configuration changed by `tweak` first (e.g. `config.sign_in`,
/// `config.sessions`).
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_with(None, tweak).await
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
    spawn_with(Some(dir), |_| {}).await
}

async fn spawn_with(static_dir: Option<TempDir>, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let static_path = static_dir
        .as_ref()
        .map(|d| d.path().to_path_buf())
        .unwrap_or_else(|| data_dir.path().join("no-dist"));
    let mut config = config(&repo_root().join("data"), data_dir.path(), &static_path);
    tweak(&mut config);
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

/// The demo accounts of `data/demo/accounts.toml` (one per role, one password for all).
#[derive(serde::Deserialize)]
struct DemoFile {
    password: String,
    account: Vec<DemoEntry>,
}

#[derive(serde::Deserialize)]
struct DemoEntry {
    iin: String,
    role: Role,
}

fn demo_file() -> DemoFile {
    let text = std::fs::read_to_string(repo_root().join("data/demo/accounts.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// The demo accounts' password.
pub fn demo_password() -> String {
    demo_file().password
}

/// The IIN of the demo account with `role`.
pub fn demo_iin(role: Role) -> String {
    demo_file()
        .account
        .into_iter()
        .find(|account| account.role == role)
        .map(|account| account.iin)
        .unwrap_or_else(|| panic!("no demo account for {role:?}"))
}

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "qyzmet_session";
/// The cookie of a screen set up as a hall kiosk.
pub const HALL_COOKIE: &str = "qyzmet_hall";

/// One answer, read whole: status, headers, and the body as text and (when it is) JSON.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as it came (for binary answers: key files, CRLs).
    pub bytes: Vec<u8>,
    /// `Value::Null` when the body is not JSON.
    pub json: Value,
}

impl Reply {
    /// The error envelope's `code`, if any.
    pub fn code(&self) -> Option<&str> {
        self.json["code"].as_str()
    }

    /// The `Set-Cookie` for the session cookie, if the answer sets it.
    pub fn session_set_cookie(&self) -> Option<String> {
        self.set_cookie(SESSION_COOKIE)
    }

    /// The `Set-Cookie` for cookie `name`, if the answer sets it.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    /// The answer's `(field, problem)` pairs.
    pub fn problems(&self) -> Vec<(String, String)> {
        self.json["problems"]
            .as_array()
            .map(|problems| {
                problems
                    .iter()
                    .map(|p| {
                        (
                            p["field"].as_str().unwrap_or_default().to_owned(),
                            p["problem"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn is_json(&self) -> bool {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"))
            && self.json.is_object()
    }
}

/// A visitor's browser: sends the session cookie it holds, and keeps what `Set-Cookie` says
/// (reqwest's own cookie store is not enabled). Its requests carry no `Origin`, like a
/// same-origin `fetch` of a GET or a non-browser client.
pub struct Browser {
    address: String,
    client: reqwest::Client,
    cookie: Mutex<Option<String>>,
    /// The hall screen's cookie, once an operator set this browser up as a hall kiosk.
    hall: Mutex<Option<String>>,
}

/// A `Set-Cookie`'s value, or `None` when it removes the cookie.
fn kept_value(set: &str) -> Option<String> {
    let value = set
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    let removed = value.is_empty()
        || set
            .split(';')
            .any(|attr| attr.trim().eq_ignore_ascii_case("max-age=0"));
    (!removed).then_some(value)
}

impl Browser {
    /// The session cookie's value, if it holds one.
    pub fn cookie(&self) -> Option<String> {
        self.cookie.lock().unwrap().clone()
    }

    /// Puts a cookie in the jar (a replayed or planted one), or empties it.
    pub fn set_cookie(&self, value: Option<String>) {
        *self.cookie.lock().unwrap() = value;
    }

    /// A request with the cookie the browser holds; send it with `send`.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{}", self.address, path));
        let hall = self.hall.lock().unwrap().clone();
        let cookies: Vec<String> = [(SESSION_COOKIE, self.cookie()), (HALL_COOKIE, hall)]
            .into_iter()
            .filter_map(|(name, value)| value.map(|value| format!("{name}={value}")))
            .collect();
        if cookies.is_empty() {
            builder
        } else {
            builder.header("cookie", cookies.join("; "))
        }
    }

    /// Sends, reads the whole answer, and keeps any session cookie it sets (or removes).
    pub async fn send(&self, request: RequestBuilder) -> Reply {
        let response = request.send().await.expect("request failed");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .expect("the body could not be read")
            .to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        let reply = Reply {
            status,
            headers,
            text,
            bytes,
            json,
        };
        if let Some(set) = reply.session_set_cookie() {
            self.set_cookie(kept_value(&set));
        }
        // The hall cookie's path is the queue's API: every request here is sent it anyway.
        if let Some(set) = reply.set_cookie(HALL_COOKIE) {
            *self.hall.lock().unwrap() = kept_value(&set);
        }
        reply
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        let request = self.request(method, path);
        let request = match body {
            Some(body) => request.json(body),
            None => request,
        };
        self.send(request).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    /// `POST /api/session`.
    pub async fn sign_in(&self, iin: &str, password: &str) -> Reply {
        self.post("/api/session", &json!({ "iin": iin, "password": password }))
            .await
    }

    /// `POST /api/accounts` with the password repeated and no e-mail.
    pub async fn register(&self, iin: &str, password: &str, phone: &str) -> Reply {
        self.post(
            "/api/accounts",
            &json!({
                "iin": iin,
                "password": password,
                "password_repeat": password,
                "phone": phone,
                "email": "",
            }),
        )
        .await
    }
}

impl TestApp {
    /// A new browser with no cookie.
    pub fn browser(&self) -> Browser {
        Browser {
            address: self.address.clone(),
            client: self.client.clone(),
            cookie: Mutex::new(None),
            hall: Mutex::new(None),
        }
    }

    /// A new browser signed in as the demo account with `role`.
    pub async fn signed_in(&self, role: Role) -> Browser {
        let browser = self.browser();
        let reply = browser.sign_in(&demo_iin(role), &demo_password()).await;
        assert_eq!(reply.status, 200, "{role:?} signs in: {}", reply.text);
        assert!(browser.cookie().is_some(), "{role:?} got a session cookie");
        browser
    }

    /// The application's SQLite file, opened read-only beside the running server.
    pub async fn database(&self) -> sqlx::SqlitePool {
        let path = self.data_dir.path().join("qyzmet.db");
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true);
        sqlx::SqlitePool::connect_with(options).await.unwrap()
    }
}

/// The person with `iin` as `data/demo/persons.toml` records them, as the API's JSON.
pub fn person_in_file(iin: &str) -> Value {
    let text = std::fs::read_to_string(repo_root().join("data/demo/persons.toml")).unwrap();
    let file: toml::Value = toml::from_str(&text).unwrap();
    let person = file["person"]
        .as_array()
        .unwrap()
        .iter()
        .find(|person| person["iin"].as_str() == Some(iin))
        .unwrap_or_else(|| panic!("{iin} is not in persons.toml"));
    serde_json::to_value(person).unwrap()
}
