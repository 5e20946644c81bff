//! Server-side sessions: the browser holds a random token in an HttpOnly, SameSite=Strict
//! cookie; the database holds only the token's SHA-256, the account, and when the session was
//! created and last used. Signing out deletes the row, so a copied cookie is dead too.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::{accounts::Account, clock, config::SessionConfig, error::AppError};

pub const COOKIE: &str = "qyzmet_session";

/// A live session of an account.
#[derive(Clone, Debug)]
pub struct Session {
    pub account: Account,
    token_hash: String,
    /// Seconds left before the session ends without activity (or at its absolute end).
    pub expires_in: u32,
}

impl Session {
    pub fn token_hash(&self) -> &str {
        &self.token_hash
    }
}

/// What the database keeps of a token.
pub(crate) fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Starts a session for `account`, ending `replacing` if the browser had one (the token
/// changes on every sign-in, so a token planted before sign-in is worthless after it).
pub async fn start(
    db: &SqlitePool,
    cache: &Cache,
    account: &Account,
    replacing: Option<&str>,
) -> Result<String, AppError> {
    if let Some(old) = replacing {
        end(db, cache, old).await?;
    }
    let token = random_token()?;
    let now = clock::now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen) VALUES (?, ?, ?, ?)",
    )
    .bind(hash(&token))
    .bind(account.id)
    .bind(now)
    .bind(now)
    .execute(db)
    .await?;
    Ok(token)
}

/// Sessions read in the last few seconds, so a burst of requests (a page's API calls, a status
/// page reloading on each change) costs one database read rather than one each. Signing out
/// and ending a session remove the entry at once, so this process never lets an ended session
/// through; several adapter processes would each keep their own, and a session signed out on
/// one would end on the others within `CACHE_FOR`.
#[derive(Clone, Default)]
pub struct Cache(Arc<Mutex<HashMap<String, Cached>>>);

/// How long an entry is trusted without reading the database again.
const CACHE_FOR: Duration = Duration::from_secs(5);
/// More entries than this: the cache starts again (a bound, not an expected size).
const CACHE_MAX: usize = 10_000;

#[derive(Clone)]
struct Cached {
    account: Account,
    created_at: i64,
    last_seen: i64,
    read_at: Instant,
}

impl Cache {
    fn get(&self, token_hash: &str) -> Option<Cached> {
        let entries = self.0.lock().ok()?;
        entries
            .get(token_hash)
            .filter(|c| c.read_at.elapsed() < CACHE_FOR)
            .cloned()
    }

    fn put(&self, token_hash: &str, cached: Cached) {
        if let Ok(mut entries) = self.0.lock() {
            if entries.len() >= CACHE_MAX {
                entries.clear();
            }
            entries.insert(token_hash.to_owned(), cached);
        }
    }

    fn remove(&self, token_hash: &str) {
        if let Ok(mut entries) = self.0.lock() {
            entries.remove(token_hash);
        }
    }
}

/// The live session behind `token`, marked as used now; `None` when there is none or it has
/// ended (an ended one is deleted).
pub async fn resume(
    db: &SqlitePool,
    config: &SessionConfig,
    cache: &Cache,
    token: &str,
) -> Result<Option<Session>, AppError> {
    let token_hash = hash(token);
    let cached = match cache.get(&token_hash) {
        Some(cached) => cached,
        None => {
            let row: Option<(i64, String, String, Option<String>, i64, i64)> = sqlx::query_as(
                "SELECT a.id, a.iin, a.role, a.branch, s.created_at, s.last_seen
                 FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?",
            )
            .bind(&token_hash)
            .fetch_optional(db)
            .await?;
            let Some((id, iin, role, branch, created_at, last_seen)) = row else {
                return Ok(None);
            };
            let cached = Cached {
                account: Account {
                    id,
                    iin,
                    role,
                    branch,
                },
                created_at,
                last_seen,
                read_at: Instant::now(),
            };
            cache.put(&token_hash, cached.clone());
            cached
        }
    };
    let Cached {
        account,
        created_at,
        last_seen,
        ..
    } = cached.clone();
    let now = clock::now();
    let idle_seconds = config.idle_for(account.role());
    let absolute_end = created_at + i64::from(config.absolute_seconds);
    if now >= last_seen + i64::from(idle_seconds) || now >= absolute_end {
        end_by_hash(db, cache, &token_hash).await?;
        return Ok(None);
    }
    // A write per request would make every read wait for SQLite's one writer: "last seen" is
    // kept to within a sixtieth of the idle time (30 s of 30 minutes), which no one notices.
    let last_seen = if now - last_seen > i64::from(idle_seconds / 60) {
        sqlx::query("UPDATE sessions SET last_seen = ? WHERE token_hash = ?")
            .bind(now)
            .bind(&token_hash)
            .execute(db)
            .await?;
        cache.put(
            &token_hash,
            Cached {
                last_seen: now,
                ..cached
            },
        );
        now
    } else {
        last_seen
    };
    let idle_end = last_seen + i64::from(idle_seconds);
    let expires_in = u32::try_from(idle_end.min(absolute_end) - now).unwrap_or(0);
    Ok(Some(Session {
        account,
        token_hash,
        expires_in,
    }))
}

/// Ends the session behind `token` (sign-out).
pub async fn end(db: &SqlitePool, cache: &Cache, token: &str) -> Result<(), AppError> {
    end_by_hash(db, cache, &hash(token)).await
}

pub async fn end_by_hash(db: &SqlitePool, cache: &Cache, token_hash: &str) -> Result<(), AppError> {
    cache.remove(token_hash);
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// 32 random bytes as 64 hex digits: a session's or a hall screen's token.
pub(crate) fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
    Ok(hex(&bytes))
}

/// The session token the browser sent, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    cookie_token(headers, COOKIE)
}

/// A token cookie `name` the browser sent, if it has a token's shape.
pub(crate) fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` for a new session: no `Max-Age` (the server decides when it ends; the browser
/// drops it when closed).
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    set_cookie(COOKIE, token, "Path=/", secure)
}

/// `Set-Cookie` that removes the session cookie.
pub fn removal(secure: bool) -> HeaderValue {
    set_cookie(COOKIE, "", "Path=/; Max-Age=0", secure)
}

/// `Set-Cookie` for one of our token cookies: always HttpOnly and SameSite=Strict, `Secure`
/// when served over HTTPS; `attributes` says where it goes and how long it stays.
pub(crate) fn set_cookie(name: &str, value: &str, attributes: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; {attributes}; HttpOnly; SameSite=Strict{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}
