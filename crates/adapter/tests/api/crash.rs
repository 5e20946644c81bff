//! A submission survives a crash whole or not at all: the adapter runs as its own process, is
//! killed with SIGKILL while `POST /api/applications/{id}/submission` is in flight, and is
//! started again on the same data folder. Each request is then either submitted (numbered,
//! with its receipt and its one `submissions` row) or still an intact draft (its answers,
//! files and unfinished upload all there, no row, no number taken) that can be submitted now;
//! never half of each. Request numbers stay unique, and none is lost.
//!
//! Kept apart from `support`'s in-process server, since only a process can be killed: its
//! HTTP helpers talk to the spawned process (`Citizen`); only the form's good answers come
//! from `applications.rs`.

use std::{
    collections::HashSet,
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex, mpsc},
    time::{Duration, Instant},
};

use crate::applications::good_answers;
use base64::Engine;
use qyzmet_domain::FormDefinition;
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqlitePoolOptions},
};
use tempfile::TempDir;
use time::OffsetDateTime;

const SERVICE: &str = "housing-assistance";
const KEY_PASSWORD: &str = "my-key-file-1";
const SESSION_COOKIE: &str = "qyzmet_session";
/// The demo citizen (data/demo/accounts.toml).
const CITIZEN_IIN: &str = "850714300127";
/// Kill moments, counted from the moment the request's last byte is written.
const FIXED_DELAYS_MS: [f64; 5] = [0.0, 1.0, 3.0, 10.0, 30.0];
/// Then this many rounds home in on the moment where the outcome turns from "still a draft"
/// to "submitted" (the commit), whatever this machine's speed: the kills that land inside
/// the transaction, or between its commit and the answer, are there.
const BISECTION_ROUNDS: usize = 10;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The demo accounts' password, as `data/demo/accounts.toml` gives it.
fn demo_password() -> String {
    #[derive(serde::Deserialize)]
    struct DemoFile {
        password: String,
    }
    let text = std::fs::read_to_string(repo_root().join("data/demo/accounts.toml")).unwrap();
    toml::from_str::<DemoFile>(&text).unwrap().password
}

fn b64(bytes: impl AsRef<[u8]>) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

/// The adapter binary running on the data folder; killed and reaped when dropped, whatever
/// happened (a failed assertion included).
struct Adapter {
    child: Child,
    /// `http://127.0.0.1:port`.
    url: String,
    /// What it wrote to stderr, for a failure's message.
    stderr: Arc<Mutex<String>>,
}

impl Adapter {
    /// Starts the adapter and waits for its `listening on http://…` line.
    fn start(data_dir: &Path, static_dir: &Path) -> Adapter {
        let root = repo_root();
        let mut child = Command::new(env!("CARGO_BIN_EXE_qyzmet-adapter"))
            // The default persons and demo-account files are relative to the repository.
            .current_dir(&root)
            .env_remove("QYZMET_CONFIG")
            .env("QYZMET_ADDRESS", "127.0.0.1:0")
            .env("QYZMET_DATA_DIR", data_dir)
            .env("QYZMET_STATIC_DIR", static_dir)
            .env("QYZMET_CATALOGUE_DIR", root.join("data"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the adapter binary starts");
        let stdout = child.stdout.take().unwrap();
        let stderr_pipe = child.stderr.take().unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut adapter = Adapter {
            child,
            url: String::new(),
            stderr: stderr.clone(),
        };
        // Both pipes are read to their end, so the adapter never blocks on a full one.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
                let mut all = stderr.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let (found, url) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some((_, url)) = line.split_once("listening on ") {
                    let _ = found.send(url.trim().to_owned());
                }
            }
        });
        // Blocking here is fine: nothing else runs on the test's runtime meanwhile.
        match url.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => adapter.url = url,
            Err(err) => panic!(
                "the adapter did not start ({err}): {}",
                adapter.stderr.lock().unwrap()
            ),
        }
        adapter
    }

    /// `host:port`, for a raw request.
    fn socket_address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// SIGKILL (what std's `Child::kill` sends on Unix), then reaps the process. Returns
    /// when the signal was sent.
    fn kill(&mut self) -> Instant {
        self.child.kill().expect("SIGKILL sent");
        let sent = Instant::now();
        let status = self.child.wait().expect("the adapter is reaped");
        assert!(!status.success(), "the adapter was killed: {status}");
        sent
    }
}

impl Drop for Adapter {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer, read whole.
struct Reply {
    status: u16,
    text: String,
    bytes: Vec<u8>,
    /// `Value::Null` when the body is not JSON.
    json: Value,
}

/// The demo citizen signed in to one run of the adapter.
struct Citizen {
    url: String,
    http: reqwest::Client,
    cookie: String,
}

impl Citizen {
    async fn sign_in(adapter: &Adapter) -> Citizen {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{}/api/session", adapter.url))
            .json(&json!({ "iin": CITIZEN_IIN, "password": demo_password() }))
            .send()
            .await
            .expect("sign-in request");
        assert_eq!(response.status(), 200, "the citizen signs in");
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(|value| value.strip_prefix(&format!("{SESSION_COOKIE}=")))
            .and_then(|value| value.split(';').next())
            .expect("a session cookie")
            .to_owned();
        Citizen {
            url: adapter.url.clone(),
            http,
            cookie,
        }
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{}", self.url, path))
            .header("cookie", format!("{SESSION_COOKIE}={}", self.cookie))
    }

    async fn send(&self, request: RequestBuilder) -> Reply {
        let response = request.send().await.expect("request failed");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("the body is read").to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            text,
            bytes,
            json,
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(self.request(Method::GET, path)).await
    }

    async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(self.request(Method::POST, path).json(body)).await
    }

    async fn submit(&self, id: &str, signature: &str) -> Reply {
        self.post(
            &format!("/api/applications/{id}/submission"),
            &json!({ "signature": signature }),
        )
        .await
    }

    /// What to sign, as the adapter gives it.
    async fn canonical(&self, id: &str) -> Vec<u8> {
        let reply = self.get(&format!("/api/applications/{id}/signing")).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        unb64(reply.json["canonical"].as_str().unwrap())
    }

    /// A test signing certificate from the cabinet: the key file (PKCS#12).
    async fn key_file(&self) -> Vec<u8> {
        let reply = self
            .post("/api/certificates", &json!({ "password": KEY_PASSWORD }))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.bytes
    }

    /// The request's attached files and unfinished uploads.
    async fn documents(&self, id: &str) -> (Vec<Value>, Vec<Value>) {
        let reply = self.get(&format!("/api/applications/{id}/documents")).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let files = reply.json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| json!([f["id"], f["slot"], f["name"], f["size"], f["content_type"]]))
            .collect();
        let uploads = reply.json["uploads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| json!([u["id"], u["slot"], u["name"], u["length"]]))
            .collect();
        (files, uploads)
    }
}

/// A small PNG, different for each `slot`.
fn png(slot: &str) -> Vec<u8> {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(2, 2, |x, y| {
        image::Rgb([x as u8 * 100, y as u8 * 100, slot.len() as u8])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    png
}

/// Starts a tus upload of `length` bytes for `slot`; returns its location.
async fn begin_upload(
    citizen: &Citizen,
    application: &str,
    slot: &str,
    name: &str,
    length: usize,
) -> String {
    let created = citizen
        .send(
            citizen
                .request(
                    Method::POST,
                    &format!("/api/applications/{application}/uploads"),
                )
                .header("tus-resumable", "1.0.0")
                .header("upload-length", length.to_string())
                .header(
                    "upload-metadata",
                    format!("slot {},filename {}", b64(slot), b64(name)),
                ),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let reply = citizen
        .get(&format!("/api/applications/{application}/documents"))
        .await;
    let uploads = reply.json["uploads"].as_array().unwrap();
    uploads
        .iter()
        .find(|u| u["name"] == name)
        .and_then(|u| u["id"].as_str())
        .map(|id| format!("/api/uploads/{id}"))
        .expect("the upload is listed")
}

/// A PNG attached to `slot` with tus in one piece.
async fn attach(citizen: &Citizen, application: &str, slot: &str) {
    let bytes = png(slot);
    let location = begin_upload(
        citizen,
        application,
        slot,
        &format!("{slot}.png"),
        bytes.len(),
    )
    .await;
    let done = citizen
        .send(
            citizen
                .request(Method::PATCH, &location)
                .header("tus-resumable", "1.0.0")
                .header("upload-offset", "0")
                .header("content-type", "application/offset+octet-stream")
                .body(bytes),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
}

/// A complete, signed draft, and what it held before the crash.
struct Draft {
    id: String,
    /// The answers as saved.
    answers: Value,
    /// Its attached files (id, slot, name, size, type).
    files: Vec<Value>,
    /// Its unfinished uploads (one): a submission deletes them, so they show which side of
    /// the transaction the crash fell on.
    uploads: Vec<Value>,
    /// The canonical bytes signed, and the signature (base64).
    content: Vec<u8>,
    signature: String,
}

/// A draft of `SERVICE` with every question answered, a PNG in each required slot, an upload
/// begun and not finished, and its signature.
async fn signed_draft(citizen: &Citizen, p12: &[u8]) -> Draft {
    let reply = citizen
        .post("/api/applications", &json!({ "service": SERVICE }))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let id = reply.json["id"].as_str().unwrap().to_owned();
    let form: FormDefinition = serde_json::from_value(
        citizen
            .get(&format!("/api/services/{SERVICE}/form"))
            .await
            .json,
    )
    .unwrap();
    let answers = good_answers(&form);
    let saved = citizen
        .send(
            citizen
                .request(Method::PATCH, &format!("/api/applications/{id}"))
                .json(&json!({ "answers": answers, "seq": 1 })),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    let service = citizen.get(&format!("/api/services/{SERVICE}")).await;
    let mut slots = Vec::new();
    for document in service.json["service"]["documents"].as_array().unwrap() {
        let portal = document["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "portal");
        if document["required"] == true && portal {
            let slot = document["id"].as_str().unwrap().to_owned();
            attach(citizen, &id, &slot).await;
            slots.push(slot);
        }
    }
    assert!(!slots.is_empty(), "{SERVICE} asks for a document");
    begin_upload(citizen, &id, &slots[0], "unfinished.png", 4096).await;
    let (files, uploads) = citizen.documents(&id).await;
    assert_eq!(files.len(), slots.len());
    assert_eq!(uploads.len(), 1);
    let content = citizen.canonical(&id).await;
    let store = qyzmet_signing::KeyStore::open(p12, KEY_PASSWORD).expect("the key file opens");
    let now = OffsetDateTime::now_utc().unix_timestamp() as u64;
    let signature = b64(store.sign(&content, now).expect("signs"));
    Draft {
        id,
        answers: saved.json["answers"].clone(),
        files,
        uploads,
        content,
        signature,
    }
}

/// Writes `POST …/submission` on a raw socket, all in one write; the stream is returned the
/// moment the last byte is written.
fn write_submission(adapter: &Adapter, cookie: &str, draft: &Draft) -> TcpStream {
    let body = json!({ "signature": draft.signature }).to_string();
    let request = format!(
        "POST /api/applications/{id}/submission HTTP/1.1\r\nhost: {host}\r\n\
         cookie: {SESSION_COOKIE}={cookie}\r\ncontent-type: application/json\r\n\
         content-length: {length}\r\nconnection: close\r\n\r\n{body}",
        id = draft.id,
        host = adapter.socket_address(),
        length = body.len(),
    );
    let mut stream = TcpStream::connect(adapter.socket_address()).expect("connects");
    stream.set_nodelay(true).unwrap();
    stream
        .write_all(request.as_bytes())
        .expect("the request is written");
    stream
}

/// The status of whatever answer came on `stream` (the adapter may have died before, during
/// or after writing it).
fn answer_status(mut stream: TcpStream) -> Option<u16> {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut answer = Vec::new();
    // A reset after the kill is an error here; what arrived before it is kept in `answer`.
    let _ = stream.read_to_end(&mut answer);
    let head = String::from_utf8_lossy(&answer);
    head.strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
}

/// How long a submission takes here, from its last byte written to its answer's first byte:
/// `draft` is submitted normally on a raw socket.
fn time_a_submission(adapter: &Adapter, cookie: &str, draft: &Draft) -> Duration {
    let mut stream = write_submission(adapter, cookie, draft);
    let written = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut first = [0u8; 1];
    stream.read_exact(&mut first).expect("an answer");
    let took = written.elapsed();
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    let head = format!("{}{}", first[0] as char, String::from_utf8_lossy(&rest));
    assert!(head.starts_with("HTTP/1.1 201"), "{head}");
    took
}

/// The data folder's SQLite file, read-only beside the running adapter.
async fn database(data_dir: &Path) -> SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(data_dir.join("qyzmet.db"))
        .read_only(true);
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap()
}

/// Request numbers agree with the submissions: each year's `last` is the count of that
/// year's submissions, whose numbers are exactly 1..=last (none given twice, none lost).
async fn check_numbers(db: &SqlitePool) {
    let numbers: Vec<(String,)> = sqlx::query_as("SELECT number FROM submissions")
        .fetch_all(db)
        .await
        .unwrap();
    let years: Vec<(i64, i64)> = sqlx::query_as("SELECT year, last FROM request_numbers")
        .fetch_all(db)
        .await
        .unwrap();
    let mut counted = 0;
    for (year, last) in &years {
        let mut sequences: Vec<i64> = numbers
            .iter()
            .filter_map(|(n,)| n.strip_prefix(&format!("{year}-")))
            .map(|s| s.parse().expect("a number's sequence"))
            .collect();
        sequences.sort_unstable();
        counted += sequences.len();
        assert_eq!(
            sequences,
            (1..=*last).collect::<Vec<_>>(),
            "request_numbers says {year}: {last}; submissions have {numbers:?}"
        );
    }
    assert_eq!(
        counted,
        numbers.len(),
        "a submission's number is of a year request_numbers does not know: {numbers:?} {years:?}"
    );
}

/// Where a round landed.
#[derive(Debug, PartialEq)]
enum Outcome {
    Submitted,
    Draft,
}

/// After the restart: `draft` is either wholly submitted or wholly a draft. Returns which,
/// and its number (a draft is submitted again here, and must then succeed).
async fn inspect(
    citizen: &Citizen,
    db: &SqlitePool,
    draft: &Draft,
    answered: Option<u16>,
) -> (Outcome, String) {
    let id = &draft.id;
    let application = citizen.get(&format!("/api/applications/{id}")).await;
    assert_eq!(application.status, 200, "{}", application.text);
    assert_eq!(
        application.json["answers"], draft.answers,
        "the answers are all still there"
    );
    let (files, uploads) = citizen.documents(id).await;
    assert_eq!(files, draft.files, "the attached files are all still there");
    let rows: Vec<(String, Vec<u8>, Vec<u8>)> = sqlx::query_as(
        "SELECT number, signed_content, signature FROM submissions WHERE application_id = ?",
    )
    .bind(id)
    .fetch_all(db)
    .await
    .unwrap();
    match application.json["status"].as_str() {
        Some("submitted") => {
            let number = application.json["number"]
                .as_str()
                .expect("a submitted request has a number")
                .to_owned();
            assert_eq!(rows.len(), 1, "one submissions row");
            assert_eq!(rows[0].0, number);
            assert_eq!(rows[0].1, draft.content, "the signed bytes are kept");
            assert_eq!(b64(&rows[0].2), draft.signature, "the signature is kept");
            assert!(
                uploads.is_empty(),
                "the unfinished upload went with the submission: {uploads:?}"
            );
            let receipt = citizen
                .get(&format!("/api/applications/{id}/receipt"))
                .await;
            assert_eq!(receipt.status, 200, "{}", receipt.text);
            assert_eq!(receipt.json["number"], number.as_str());
            assert_eq!(
                receipt.json["documents"].as_array().map(Vec::len),
                Some(draft.files.len())
            );
            // Sent again (the browser retrying after the lost answer): the same receipt.
            let again = citizen.submit(id, &draft.signature).await;
            assert_eq!(again.status, 200, "{}", again.text);
            assert_eq!(again.json["number"], number.as_str());
            (Outcome::Submitted, number)
        }
        Some("draft") => {
            assert!(
                application.json.get("number").is_none(),
                "a draft has no number: {}",
                application.text
            );
            assert!(rows.is_empty(), "a draft has no submissions row");
            assert_ne!(
                answered,
                Some(201),
                "the adapter answered 201 Created, yet the submission was lost"
            );
            assert_eq!(
                uploads, draft.uploads,
                "the unfinished upload is still there"
            );
            assert_eq!(
                citizen.canonical(id).await,
                draft.content,
                "the draft signs to the same bytes"
            );
            let reply = citizen.submit(id, &draft.signature).await;
            assert_eq!(
                reply.status, 201,
                "submitted after the restart: {}",
                reply.text
            );
            let number = reply.json["number"].as_str().unwrap().to_owned();
            let shown = citizen.get(&format!("/api/applications/{id}")).await;
            assert_eq!(shown.json["status"], "submitted");
            assert_eq!(shown.json["number"], number.as_str());
            (Outcome::Draft, number)
        }
        other => panic!(
            "neither submitted nor a draft: {other:?}: {}",
            application.text
        ),
    }
}

/// The adapter, its data folder, the signed-in citizen and their key file, across restarts.
struct Rig<'a> {
    data_dir: &'a Path,
    static_dir: &'a Path,
    adapter: Adapter,
    citizen: Citizen,
    p12: Vec<u8>,
    /// Every request number given so far.
    numbers: HashSet<String>,
    /// Submitted with its 201 seen / submitted with no answer seen / still a draft.
    answered: usize,
    unanswered: usize,
    drafts: usize,
}

impl Rig<'_> {
    fn remember(&mut self, number: String) {
        assert!(
            self.numbers.insert(number.clone()),
            "{number} was given twice"
        );
    }

    /// One round: a new signed draft, its submission killed `delay` after it is written, the
    /// adapter started again, and the draft inspected.
    async fn round(&mut self, delay: Duration) -> Outcome {
        let draft = signed_draft(&self.citizen, &self.p12).await;
        // No await between the write and the kill: the moment is the thread's own.
        let stream = write_submission(&self.adapter, &self.citizen.cookie, &draft);
        let written = Instant::now();
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        let killed_after = self.adapter.kill() - written;
        let answered = answer_status(stream);

        self.adapter = Adapter::start(self.data_dir, self.static_dir);
        self.citizen = Citizen::sign_in(&self.adapter).await;
        let db = database(self.data_dir).await;
        check_numbers(&db).await;
        let (outcome, number) = inspect(&self.citizen, &db, &draft, answered).await;
        check_numbers(&db).await;
        db.close().await;
        eprintln!(
            "crash: SIGKILL {killed_after:?} after the request (aimed at {delay:?}), \
             answer seen: {answered:?} -> {outcome:?} {number}"
        );
        self.remember(number);
        match (&outcome, answered) {
            (Outcome::Draft, _) => self.drafts += 1,
            (Outcome::Submitted, Some(_)) => self.answered += 1,
            (Outcome::Submitted, None) => self.unanswered += 1,
        }
        outcome
    }
}

#[tokio::test]
async fn a_submission_killed_midway_is_whole_or_not_at_all_after_a_restart() {
    let started = Instant::now();
    // Declared before the rig, so its adapter is killed before the folders go.
    let data_dir = TempDir::new().unwrap();
    let static_dir = TempDir::new().unwrap();
    let adapter = Adapter::start(data_dir.path(), static_dir.path());
    let citizen = Citizen::sign_in(&adapter).await;
    let p12 = citizen.key_file().await;
    let mut rig = Rig {
        data_dir: data_dir.path(),
        static_dir: static_dir.path(),
        adapter,
        citizen,
        p12,
        numbers: HashSet::new(),
        answered: 0,
        unanswered: 0,
        drafts: 0,
    };

    // A submission without a crash first: how long one takes here.
    let draft = signed_draft(&rig.citizen, &rig.p12).await;
    let took = time_a_submission(&rig.adapter, &rig.citizen.cookie, &draft);
    let shown = rig
        .citizen
        .get(&format!("/api/applications/{}", draft.id))
        .await;
    assert_eq!(shown.json["status"], "submitted", "{}", shown.text);
    rig.remember(shown.json["number"].as_str().unwrap().to_owned());

    // The latest kill that left a draft, and the earliest that found it submitted.
    let mut draft_at = Duration::ZERO;
    let mut submitted_at = took * 2;
    for ms in FIXED_DELAYS_MS {
        let delay = Duration::from_secs_f64(ms / 1000.0);
        match rig.round(delay).await {
            Outcome::Draft => draft_at = draft_at.max(delay),
            Outcome::Submitted => submitted_at = submitted_at.min(delay),
        }
    }
    for _ in 0..BISECTION_ROUNDS {
        let delay = (draft_at + submitted_at) / 2;
        match rig.round(delay).await {
            Outcome::Draft => draft_at = delay,
            Outcome::Submitted => submitted_at = delay,
        }
        // Closed in on, or crossed by the timing's jitter: look a little around it again.
        if submitted_at <= draft_at + Duration::from_micros(100) {
            let middle = (draft_at + submitted_at) / 2;
            draft_at = middle.saturating_sub(Duration::from_millis(1));
            submitted_at = middle + Duration::from_millis(1);
        }
    }

    let db = database(data_dir.path()).await;
    check_numbers(&db).await;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM submissions")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(usize::try_from(count).unwrap(), rig.numbers.len());
    db.close().await;
    eprintln!(
        "crash: a submission takes {took:?} here; after the kill: {} submitted whole ({} of them \
         with the 201 seen, {} with no answer), {} still whole drafts; {:?} in all",
        rig.answered + rig.unanswered,
        rig.answered,
        rig.unanswered,
        rig.drafts,
        started.elapsed()
    );
}
