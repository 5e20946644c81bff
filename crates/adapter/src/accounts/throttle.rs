//! Sign-in throttling, kept in the database so it holds across restarts and workers.
//!
//! Per IIN: after `slow_after` failures each further failure makes the next attempt wait
//! (doubling from `first_delay_seconds`); at `lock_after` failures the IIN is locked for
//! `lock_seconds`. A success clears the count. Per client address: `address_failures` within a
//! window pause that address until the window ends, whatever IINs it tries. Unknown IINs count
//! like known ones, so the answers do not tell which IINs have accounts.

use qyzmet_domain::Iin;
use sqlx::SqlitePool;

use crate::{clock, config::SignInConfig, error::AppError};

#[derive(Clone, Debug)]
pub struct Throttle {
    config: SignInConfig,
}

fn iin_key(iin: &Iin) -> String {
    format!("iin:{iin}")
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

impl Throttle {
    pub fn new(config: SignInConfig) -> Throttle {
        Throttle { config }
    }

    /// Refuses the attempt, before any password is checked, while the IIN or the address waits.
    pub async fn check(&self, db: &SqlitePool, iin: &Iin, address: &str) -> Result<(), AppError> {
        refuse_while_blocked(db, &iin_key(iin), &address_key(address)).await
    }

    /// Counts a failure and says what the person is told: a lock, or a wrong pair (with when to
    /// try again if they must wait).
    pub async fn failed(
        &self,
        db: &SqlitePool,
        iin: &Iin,
        address: &str,
    ) -> Result<AppError, AppError> {
        let now = clock::now();
        let config = &self.config;
        // One statement each, so concurrent failures all count.
        let (failures,): (i64,) = sqlx::query_as(
            "INSERT INTO sign_in_throttle (key, failures, window_start, blocked_until)
             VALUES (?, 1, ?, 0)
             ON CONFLICT (key) DO UPDATE SET failures = failures + 1
             RETURNING failures",
        )
        .bind(iin_key(iin))
        .bind(now)
        .fetch_one(db)
        .await?;
        let failures = u32::try_from(failures).unwrap_or(u32::MAX);
        let iin_wait = if failures >= config.lock_after {
            Some(i64::from(config.lock_seconds))
        } else if failures >= config.slow_after {
            let doublings = (failures - config.slow_after).min(16);
            Some(i64::from(config.first_delay_seconds) << doublings)
        } else {
            None
        };
        if let Some(wait) = iin_wait {
            sqlx::query("UPDATE sign_in_throttle SET blocked_until = ? WHERE key = ?")
                .bind(now + wait)
                .bind(iin_key(iin))
                .execute(db)
                .await?;
        }

        let address_wait = self.count_address(db, address, now).await?;
        let wait = iin_wait.max(address_wait);
        let locked = failures >= config.lock_after || address_wait.is_some();
        Ok(match wait {
            Some(wait) if locked => AppError::TooManyAttempts {
                until: clock::rfc3339(now + wait),
            },
            wait => AppError::WrongCredentials {
                until: wait.map(|wait| clock::rfc3339(now + wait)),
            },
        })
    }

    /// Counts a failure from `address` in its window; `Some(wait)` when the address must now
    /// wait for the window's end.
    async fn count_address(
        &self,
        db: &SqlitePool,
        address: &str,
        now: i64,
    ) -> Result<Option<i64>, AppError> {
        let window = i64::from(self.config.address_window_seconds);
        let (failures, window_start): (i64, i64) = sqlx::query_as(
            "INSERT INTO sign_in_throttle (key, failures, window_start, blocked_until)
             VALUES (?1, 1, ?2, 0)
             ON CONFLICT (key) DO UPDATE SET
               failures = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE failures + 1 END,
               window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END
             RETURNING failures, window_start",
        )
        .bind(address_key(address))
        .bind(now)
        .bind(window)
        .fetch_one(db)
        .await?;
        if failures < i64::from(self.config.address_failures) {
            return Ok(None);
        }
        let wait = window_start + window - now;
        sqlx::query("UPDATE sign_in_throttle SET blocked_until = ? WHERE key = ?")
            .bind(now + wait)
            .bind(address_key(address))
            .execute(db)
            .await?;
        Ok(Some(wait))
    }

    /// Registration tells whether an IIN is in the persons database or has an account; such
    /// answers count against the client address like failed sign-ins, so no one can sweep
    /// IINs through it.
    pub async fn check_address(&self, db: &SqlitePool, address: &str) -> Result<(), AppError> {
        let key = address_key(address);
        refuse_while_blocked(db, &key, &key).await
    }

    pub async fn address_failed(&self, db: &SqlitePool, address: &str) -> Result<(), AppError> {
        self.count_address(db, address, clock::now())
            .await
            .map(|_| ())
    }

    pub async fn succeeded(&self, db: &SqlitePool, iin: &Iin) -> Result<(), AppError> {
        self.clear(db, iin).await
    }

    /// Lifts a lock (the administrator's unlock, or a success).
    pub async fn clear(&self, db: &SqlitePool, iin: &Iin) -> Result<(), AppError> {
        sqlx::query("DELETE FROM sign_in_throttle WHERE key = ?")
            .bind(iin_key(iin))
            .execute(db)
            .await?;
        Ok(())
    }
}

/// `too_many_attempts` while either key waits, with the later end.
async fn refuse_while_blocked(db: &SqlitePool, key: &str, other: &str) -> Result<(), AppError> {
    let blocked: Option<(i64,)> = sqlx::query_as(
        "SELECT MAX(blocked_until) FROM sign_in_throttle
         WHERE key IN (?, ?) AND blocked_until > ? HAVING COUNT(*) > 0",
    )
    .bind(key)
    .bind(other)
    .bind(clock::now())
    .fetch_optional(db)
    .await?;
    match blocked {
        Some((until,)) => Err(AppError::TooManyAttempts {
            until: clock::rfc3339(until),
        }),
        None => Ok(()),
    }
}
