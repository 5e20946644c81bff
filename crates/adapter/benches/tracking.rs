//! Benchmark (issue 8): with 10,000 submitted requests in the database, a request's status
//! page data and the provider's workbench list under 64 concurrent connections over loopback,
//! each as a ratio to the same server's `/api/health` measured in the same run, with p50 and
//! p99 latency. Run by `./scripts/bench.sh` (`cargo bench -p qyzmet-adapter --bench tracking`).
//!
//! The requests are written straight into the adapter's SQLite file (as 10,000 submissions
//! through the API would leave them: application, submission, workflow row), then the real
//! server answers real HTTP from a client in the same process.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use qyzmet_adapter::{config::Config, startup::Application};

const REQUESTS: usize = 10_000;
const CONNECTIONS: usize = 64;
/// A provider's staff at their workbench at once.
const STAFF: usize = 8;
const WARM_UP: Duration = Duration::from_secs(1);
const MEASURE: Duration = Duration::from_secs(5);
const CITIZEN: &str = "850714300127";
const OFFICE: &str = "781102300563";
const PASSWORD: &str = "qyzmet-demo";

struct Figures {
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = tempfile::tempdir()?;
    let config = Config {
        address: "127.0.0.1:0".parse()?,
        persons_file: root.join("data/demo/persons.toml"),
        demo_accounts_file: root.join("data/demo/accounts.toml"),
        notary_file: root.join("data/demo/notaries.toml"),
        data_dir: data.path().to_path_buf(),
        catalogue_dir: root.join("data"),
        static_dir: data.path().join("no-dist"),
        ..Config::default()
    };
    let app = Application::build(config).await?;
    let base = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped());

    let one = seed(&data.path().join("qyzmet.db")).await?;
    let citizen = session(&base, CITIZEN).await?;
    let office = session(&base, OFFICE).await?;
    // `… --bench tracking -- status`: the status page alone, for a profiler.
    if std::env::args().any(|a| a == "status") {
        let status = load(
            &base,
            &format!("/api/applications/{one}/status"),
            Some(&citizen),
            CONNECTIONS,
        )
        .await?;
        println!("status page data: {:.0} requests/s", status.per_second);
        return Ok(());
    }

    let health = load(&base, "/api/health", None, CONNECTIONS).await?;
    // The session alone (what every signed-in read pays before its own work).
    let session_only = load(&base, "/api/session", Some(&citizen), CONNECTIONS).await?;
    let status = load(
        &base,
        &format!("/api/applications/{one}/status"),
        Some(&citizen),
        CONNECTIONS,
    )
    .await?;
    let workbench = load(
        &base,
        "/api/workbench?per_page=20",
        Some(&office),
        CONNECTIONS,
    )
    .await?;
    let deep = load(
        &base,
        "/api/workbench?per_page=20&page=400",
        Some(&office),
        CONNECTIONS,
    )
    .await?;
    let staff_health = load(&base, "/api/health", None, STAFF).await?;
    let staff_first = load(&base, "/api/workbench?per_page=20", Some(&office), STAFF).await?;
    let staff_deep = load(
        &base,
        "/api/workbench?per_page=20&page=400",
        Some(&office),
        STAFF,
    )
    .await?;

    println!(
        "tracking: {REQUESTS} submitted requests, {}s each; each ratio against /api/health at the same concurrency",
        MEASURE.as_secs()
    );
    println!("| measure | connections | requests/s | ratio to /api/health | p50 | p99 |");
    println!("|---|---|---|---|---|---|");
    for (name, connections, figures, baseline) in [
        ("/api/health (baseline)", CONNECTIONS, &health, &health),
        (
            "/api/session (the session alone)",
            CONNECTIONS,
            &session_only,
            &health,
        ),
        ("status page data", CONNECTIONS, &status, &health),
        ("workbench, first page", CONNECTIONS, &workbench, &health),
        ("workbench, page 400", CONNECTIONS, &deep, &health),
        (
            "/api/health (baseline)",
            STAFF,
            &staff_health,
            &staff_health,
        ),
        ("workbench, first page", STAFF, &staff_first, &staff_health),
        ("workbench, page 400", STAFF, &staff_deep, &staff_health),
    ] {
        println!(
            "| {name} | {connections} | {:.0} | {:.2}× | {:.2} ms | {:.2} ms |",
            figures.per_second,
            figures.per_second / baseline.per_second,
            figures.p50.as_secs_f64() * 1000.0,
            figures.p99.as_secs_f64() * 1000.0,
        );
    }
    Ok(())
}

/// Writes `REQUESTS` submitted requests of the demo citizen, at the demo provider, with
/// steps due over the last and next 30 days (some overdue). Returns one request's id.
async fn seed(path: &std::path::Path) -> anyhow::Result<String> {
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await?;
    let (account,): (i64,) = sqlx::query_as("SELECT id FROM accounts WHERE iin = ?")
        .bind(CITIZEN)
        .fetch_one(&db)
        .await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let states = ["submitted", "registered", "assigned", "prepared", "signed"];
    let mut tx = db.begin().await?;
    for i in 0..REQUESTS {
        let id = format!("{i:032x}");
        let submitted_at = now - 86_400 * 10 + i64::try_from(i)? * 60;
        sqlx::query(
            "INSERT INTO applications (id, account_id, service, status, created_at, updated_at)
             VALUES (?, ?, 'housing-assistance', 'draft', ?, ?)",
        )
        .bind(&id)
        .bind(account)
        .bind(submitted_at)
        .bind(submitted_at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO submissions (application_id, number, signed_content, signature,
               signer_certificate, signer_iin, accepted_by, submitted_at, region, act,
               result_due, result_due_estimated)
             VALUES (?, ?, x'7b7d', x'00', x'00', ?, 'portal', ?, 'atyrau', '001', ?, 0)",
        )
        .bind(&id)
        .bind(format!("2026-{:06}", i + 1))
        .bind(CITIZEN)
        .bind(submitted_at)
        .bind(submitted_at + 86_400 * 14)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO workflow (application_id, provider, state, step_due, updated_at)
             VALUES (?, 'atyrau-city-employment', ?, ?, ?)",
        )
        .bind(&id)
        .bind(states[i % states.len()])
        .bind(now - 86_400 * 30 + i64::try_from(i)? * 518)
        .bind(submitted_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&db).await?;
    db.close().await;
    Ok(format!("{:032x}", REQUESTS / 2))
}

async fn session(base: &str, iin: &str) -> anyhow::Result<String> {
    let reply = reqwest::Client::new()
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({ "iin": iin, "password": PASSWORD }))
        .send()
        .await?;
    anyhow::ensure!(reply.status().is_success(), "{iin} signs in");
    let cookie = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("qyzmet_session="))
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))?;
    Ok(cookie.to_owned())
}

/// `connections` clients asking `path` one after another for `WARM_UP`, then for `MEASURE`.
async fn load(
    base: &str,
    path: &str,
    cookie: Option<&str>,
    connections: usize,
) -> anyhow::Result<Figures> {
    let url = Arc::new(format!("{base}{path}"));
    let cookie = Arc::new(cookie.map(str::to_owned));
    let start = Instant::now();
    let tasks = (0..connections).map(|_| {
        let (url, cookie) = (url.clone(), cookie.clone());
        tokio::spawn(async move {
            // One connection each (a client of its own keeps one alive).
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()?;
            let mut latencies = Vec::new();
            loop {
                let began = Instant::now();
                if began - start >= WARM_UP + MEASURE {
                    break;
                }
                let mut request = client.get(url.as_str());
                if let Some(cookie) = cookie.as_deref() {
                    request = request.header("cookie", cookie);
                }
                let reply = request.send().await?;
                anyhow::ensure!(reply.status().is_success(), "{url}: {}", reply.status());
                reply.bytes().await?;
                if began - start >= WARM_UP {
                    latencies.push(began.elapsed());
                }
            }
            anyhow::Ok(latencies)
        })
    });
    let mut all = Vec::new();
    for task in futures_util::future::join_all(tasks).await {
        all.extend(task??);
    }
    all.sort_unstable();
    anyhow::ensure!(!all.is_empty(), "{path}: no answers");
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Ok(Figures {
        per_second: all.len() as f64 / MEASURE.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    })
}
