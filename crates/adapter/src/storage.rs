//! The embedded store: one SQLite file under the data folder, created and migrated at start.
//! WAL mode with `synchronous = NORMAL` and a single writer connection pool is the recipe
//! for SQLite under a web server; PostgreSQL is the path to scale.

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context;
use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

/// Opens (creating if needed) `data_dir/qyzmet.db` and runs the migrations.
pub async fn open(data_dir: &Path) -> anyhow::Result<SqlitePool> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data folder {}", data_dir.display()))?;
    let path = data_dir.join("qyzmet.db");
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A connection to a local file does not go stale; the ping sqlx sends before handing
        // one out is a round trip to its worker thread on every query (half of a status read).
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("cannot migrate the database")?;
    Ok(pool)
}

/// Records which catalogue data this start serves.
pub async fn record_catalogue(
    pool: &SqlitePool,
    digest: &str,
    services: usize,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO catalogue_versions (digest, services) VALUES (?, ?)")
        .bind(digest)
        .bind(i64::try_from(services)?)
        .execute(pool)
        .await?;
    Ok(())
}

/// A round trip to the database, for the health check.
pub async fn ping(pool: &SqlitePool) -> anyhow::Result<i64> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM catalogue_versions")
        .fetch_one(pool)
        .await?;
    Ok(count)
}
