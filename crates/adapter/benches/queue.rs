//! Benchmark (issue 10): 1,000 concurrent booking attempts on one slot with 10 places, from
//! 1,000 clients (each a citizen with their own session and connection) over loopback: exactly
//! 10 must succeed and the rest get `slot_full`. Then the same 1,000 attempts uncontended (each
//! on a slot with room: at most two per slot), so the ratio shows what contention costs. Run by
//! `./scripts/bench.sh` (`cargo bench -p qyzmet-adapter --bench queue`).
//!
//! The citizens and their sessions are written straight into the adapter's SQLite file
//! (hashing 1,000 passwords would measure Argon2); the bookings go through real HTTP.

use std::time::{Duration, Instant};

use qyzmet_adapter::{config::Config, startup::Application};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const ATTEMPTS: usize = 1_000;
const PLACES: u64 = 10;
const BRANCH: &str = "atyrau-regional";

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = tempfile::tempdir()?;
    // The catalogue as it is, with the regional branch given ten windows: ten places a slot.
    let catalogue = data.path().join("catalogue");
    copy_dir(&root.join("data"), &catalogue)?;
    let queue = std::fs::read_to_string(catalogue.join("queue.toml"))?;
    let queue = queue.replacen("windows = 6", &format!("windows = {PLACES}"), 1);
    std::fs::write(catalogue.join("queue.toml"), queue)?;
    let config = Config {
        address: "127.0.0.1:0".parse()?,
        persons_file: root.join("data/demo/persons.toml"),
        demo_accounts_file: root.join("data/demo/accounts.toml"),
        notary_file: root.join("data/demo/notaries.toml"),
        data_dir: data.path().join("state"),
        catalogue_dir: catalogue,
        static_dir: data.path().join("no-dist"),
        ..Config::default()
    };
    let app = Application::build(config).await?;
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());
    let cookies = plant(&data.path().join("state/qyzmet.db"), "contended").await?;

    let slots = open_slots(&base).await?;
    let first = slots
        .first()
        .ok_or_else(|| anyhow::anyhow!("no open slot"))?;
    anyhow::ensure!(first["left"] == PLACES, "a slot with {PLACES} places");
    let start = first["start"].as_str().unwrap_or_default().to_owned();
    let contended = attempt(&base, &cookies, |_| start.clone()).await?;
    anyhow::ensure!(
        contended.succeeded == usize::try_from(PLACES)?,
        "{} bookings of a slot with {PLACES} places",
        contended.succeeded
    );
    anyhow::ensure!(
        contended.slot_full == ATTEMPTS - contended.succeeded,
        "every other attempt is refused as slot_full"
    );

    // Uncontended: other people, each on a slot with room.
    let others = plant(&data.path().join("state/qyzmet.db"), "spread").await?;
    let spread: Vec<String> = slots[1..]
        .iter()
        .map(|s| s["start"].as_str().unwrap_or_default().to_owned())
        .collect();
    anyhow::ensure!(spread.len() * 2 >= ATTEMPTS, "enough slots ahead");
    let uncontended = attempt(&base, &others, |n| spread[n % spread.len()].clone()).await?;
    anyhow::ensure!(
        uncontended.succeeded == ATTEMPTS,
        "every uncontended attempt books"
    );

    println!("queue: {ATTEMPTS} concurrent booking attempts from {ATTEMPTS} clients over loopback");
    println!("| run | booked | slot_full | attempts/s | ratio to uncontended | p50 | p99 |");
    println!("|---|---|---|---|---|---|---|");
    for (name, run) in [
        ("uncontended (≤ 2 a slot)", &uncontended),
        ("one slot, 10 places", &contended),
    ] {
        println!(
            "| {name} | {} | {} | {:.0} | {:.2}× | {:.1} ms | {:.1} ms |",
            run.succeeded,
            run.slot_full,
            run.per_second,
            run.per_second / uncontended.per_second,
            run.p50.as_secs_f64() * 1000.0,
            run.p99.as_secs_f64() * 1000.0,
        );
    }
    Ok(())
}

struct Run {
    succeeded: usize,
    slot_full: usize,
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

/// Every client books at once (`slot(n)` for client n); each on its own connection.
async fn attempt(
    base: &str,
    cookies: &[String],
    slot: impl Fn(usize) -> String,
) -> anyhow::Result<Run> {
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(cookies.len() + 1));
    let mut tasks = Vec::new();
    for (n, cookie) in cookies.iter().enumerate() {
        let client = reqwest::Client::new();
        let url = format!("{base}/api/queue/bookings");
        let body = json!({ "branch": BRANCH, "purpose": "collect-result", "start": slot(n) });
        let cookie = cookie.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let began = Instant::now();
            let reply = client
                .post(url)
                .header("cookie", cookie)
                .json(&body)
                .send()
                .await?;
            let status = reply.status().as_u16();
            let body: Value = reply.json().await.unwrap_or(Value::Null);
            anyhow::Ok((status, body, began.elapsed()))
        }));
    }
    let began = Instant::now();
    barrier.wait().await;
    let mut latencies = Vec::new();
    let (mut succeeded, mut slot_full) = (0, 0);
    for task in tasks {
        let (status, body, took) = task.await??;
        latencies.push(took);
        match status {
            201 => succeeded += 1,
            409 if body["problems"][0]["problem"] == "slot_full" => slot_full += 1,
            other => anyhow::bail!("unexpected answer {other}: {body}"),
        }
    }
    let elapsed = began.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    Ok(Run {
        succeeded,
        slot_full,
        per_second: cookies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    })
}

/// The branch's open slots ahead, day by day.
async fn open_slots(base: &str) -> anyhow::Result<Vec<Value>> {
    let client = reqwest::Client::new();
    let branch: Value = client
        .get(format!("{base}/api/queue/branches/{BRANCH}"))
        .send()
        .await?
        .json()
        .await?;
    let mut slots = Vec::new();
    for day in branch["days"].as_array().into_iter().flatten().skip(1) {
        let date = day["date"].as_str().unwrap_or_default();
        let found: Value = client
            .get(format!(
                "{base}/api/queue/branches/{BRANCH}/slots?date={date}"
            ))
            .send()
            .await?
            .json()
            .await?;
        slots.extend(found["slots"].as_array().into_iter().flatten().cloned());
    }
    Ok(slots)
}

/// ATTEMPTS citizens with live sessions; their cookies.
async fn plant(path: &std::path::Path, tag: &str) -> anyhow::Result<Vec<String>> {
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut cookies = Vec::new();
    let mut tx = db.begin().await?;
    for n in 0..ATTEMPTS {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (iin, role, password_hash, phone, created_at)
             VALUES (?, 'citizen', 'planted', '+77010000000', ?) RETURNING id",
        )
        .bind(format!("{tag}-{n}"))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let token = hex(&Sha256::digest(format!("{tag}-{n}-{now}")));
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen) VALUES (?, ?, ?, ?)",
        )
        .bind(hex(&Sha256::digest(token.as_bytes())))
        .bind(id)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        cookies.push(format!("qyzmet_session={token}"));
    }
    tx.commit().await?;
    db.close().await;
    Ok(cookies)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
