//! Accounts: registration against the persons database, sign-in with Argon2id and a throttle,
//! and the embedded default's demo accounts.

mod persons;
mod throttle;

use std::{
    path::Path,
    sync::{Arc, LazyLock},
};

use anyhow::Context;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use qyzmet_domain::{
    AccountSummary, Iin, Person, PersonsDatabase, Problem, Registration, Role, SignIn,
    account::ValidRegistration,
};
use serde::Deserialize;
use sqlx::SqlitePool;

pub use persons::PersonsFile;
pub use throttle::Throttle;

use crate::{clock, error::AppError};

/// An account as the database holds it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub iin: String,
    pub role: String,
    /// Operators: the branch they work at (an id of `data/branches.toml`).
    pub branch: Option<String>,
}

impl Account {
    pub fn role(&self) -> Role {
        // The column is only ever written from `Role::name`.
        Role::from_name(&self.role).unwrap_or(Role::Citizen)
    }
}

/// Creates a citizen's account. The person must be in the persons database; their name is
/// taken from there, never from the form.
pub async fn register(
    db: &SqlitePool,
    persons: &dyn PersonsDatabase,
    throttle: &Throttle,
    address: &str,
    form: Registration,
) -> Result<Account, AppError> {
    let ValidRegistration {
        iin,
        password,
        phone,
        email,
    } = form.validate().map_err(AppError::InvalidFields)?;
    throttle.check_address(db, address).await?;
    if persons.find(&iin).is_none() {
        throttle.address_failed(db, address).await?;
        return Err(AppError::invalid("iin", Problem::NotInPersonsDatabase));
    }
    if find_by_iin(db, &iin).await?.is_some() {
        throttle.address_failed(db, address).await?;
        return Err(already_registered());
    }
    let hash = hash_password(password).await?;
    let inserted = sqlx::query_as::<_, Account>(
        "INSERT INTO accounts (iin, role, password_hash, phone, email, created_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id, iin, role, branch",
    )
    .bind(iin.as_str())
    .bind(Role::Citizen.name())
    .bind(hash)
    .bind(phone)
    .bind(email)
    .bind(clock::now())
    .fetch_one(db)
    .await;
    match inserted {
        Ok(account) => Ok(account),
        // Two registrations of one IIN at once: the unique index decides.
        Err(sqlx::Error::Database(err)) if err.is_unique_violation() => Err(already_registered()),
        Err(err) => Err(err.into()),
    }
}

fn already_registered() -> AppError {
    AppError::Conflict {
        field: "iin".into(),
        problem: Problem::AlreadyRegistered,
    }
}

/// Checks an IIN and password, counting failures per IIN and per client address. A wrong IIN
/// and a wrong password are one answer, and cost the same time (a password is hashed either
/// way).
pub async fn sign_in(
    db: &SqlitePool,
    throttle: &Throttle,
    address: &str,
    form: SignIn,
) -> Result<Account, AppError> {
    let (iin, password) = form.validate().map_err(AppError::InvalidFields)?;
    throttle.check(db, &iin, address).await?;
    let found = sqlx::query_as::<_, (i64, String, String, Option<String>, String)>(
        "SELECT id, iin, role, branch, password_hash FROM accounts WHERE iin = ?",
    )
    .bind(iin.as_str())
    .fetch_optional(db)
    .await?;
    let (account, hash) = match found {
        Some((id, iin, role, branch, hash)) => (
            Some(Account {
                id,
                iin,
                role,
                branch,
            }),
            Some(hash),
        ),
        None => (None, None),
    };
    let matches = verify_password(password, hash).await?;
    match account {
        Some(account) if matches => {
            throttle.succeeded(db, &iin).await?;
            Ok(account)
        }
        _ => Err(throttle.failed(db, &iin, address).await?),
    }
}

/// A hash of a password no one has, so that an unknown IIN costs a verification too.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"no account has this password")
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

async fn hash_password(password: String) -> Result<String, AppError> {
    // Argon2id with the crate's defaults (OWASP: 19 MiB, 2 passes): CPU-bound, so off the
    // async workers.
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|err| anyhow::anyhow!("cannot hash a password: {err}"))
    })
    .await
    .context("the hashing task failed")?
    .map_err(AppError::from)
}

/// `hash: None` verifies against a dummy, to take the same time.
async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
        Argon2::default()
            .verify_password(password.as_bytes(), hash.as_str())
            .is_ok()
    })
    .await
    .context("the verification task failed")
    .map_err(AppError::from)
}

pub async fn find_by_iin(db: &SqlitePool, iin: &Iin) -> Result<Option<Account>, AppError> {
    sqlx::query_as::<_, Account>("SELECT id, iin, role, branch FROM accounts WHERE iin = ?")
        .bind(iin.as_str())
        .fetch_optional(db)
        .await
        .map_err(AppError::from)
}

/// Every account (or only `only`'s), with its person's name and any sign-in lock.
pub async fn list(
    db: &SqlitePool,
    persons: &dyn PersonsDatabase,
    only: Option<&Iin>,
) -> Result<Vec<AccountSummary>, AppError> {
    let rows = sqlx::query_as::<_, (String, String, Option<i64>)>(
        "SELECT a.iin, a.role, t.blocked_until FROM accounts a
         LEFT JOIN sign_in_throttle t ON t.key = 'iin:' || a.iin AND t.blocked_until > ?1
         WHERE ?2 IS NULL OR a.iin = ?2
         ORDER BY a.role, a.iin",
    )
    .bind(clock::now())
    .bind(only.map(Iin::as_str))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(iin, role, blocked_until)| {
            let iin = Iin::parse(&iin).ok()?;
            let full_name = persons
                .find(&iin)
                .map(|person| person.full_name())
                .unwrap_or_default();
            Some(AccountSummary {
                iin,
                full_name,
                role: Role::from_name(&role)?,
                locked_until: blocked_until.map(clock::rfc3339),
            })
        })
        .collect())
}

/// The person behind an account, from the persons database.
pub fn person(persons: &dyn PersonsDatabase, account: &Account) -> Result<Person, AppError> {
    Iin::parse(&account.iin)
        .ok()
        .and_then(|iin| persons.find(&iin))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "account {} has no person in the persons database",
                account.id
            )
            .into()
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccounts {
    password: String,
    account: Vec<DemoAccount>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAccount {
    iin: Iin,
    role: Role,
    phone: String,
    /// Provider staff: the provider they work for (an id of data/providers.toml).
    #[serde(default)]
    provider: Option<String>,
    /// Operators: the service centre they work at (an id of data/branches.toml).
    #[serde(default)]
    branch: Option<String>,
}

/// Creates the demo accounts that are missing (one per role; see the README).
pub async fn seed_demo(
    db: &SqlitePool,
    persons: &Arc<PersonsFile>,
    providers: &[qyzmet_domain::provider::Provider],
    branches: &[qyzmet_domain::intake::Branch],
    file: &Path,
) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the demo accounts {}", file.display()))?;
    let demo: DemoAccounts =
        toml::from_str(&text).with_context(|| format!("in {}", file.display()))?;
    let mut created = 0;
    for account in demo.account {
        anyhow::ensure!(
            persons.find(&account.iin).is_some(),
            "{}: demo account {} is not in the persons database",
            file.display(),
            account.iin
        );
        let staff = matches!(
            account.role,
            Role::ProviderOffice | Role::ProviderHead | Role::ProviderExecutor
        );
        match &account.provider {
            None if staff => anyhow::bail!(
                "{}: demo account {} is provider staff and needs its `provider`",
                file.display(),
                account.iin
            ),
            Some(_) if !staff => anyhow::bail!(
                "{}: demo account {} is not provider staff: it has no `provider`",
                file.display(),
                account.iin
            ),
            Some(id) if !providers.iter().any(|p| &p.id == id) => anyhow::bail!(
                "{}: demo account {}: unknown provider \"{id}\" (see providers.toml)",
                file.display(),
                account.iin
            ),
            _ => {}
        }
        let operator = account.role == Role::Operator;
        match &account.branch {
            None if operator => anyhow::bail!(
                "{}: demo account {} is an operator and needs its `branch`",
                file.display(),
                account.iin
            ),
            Some(_) if !operator => anyhow::bail!(
                "{}: demo account {} is not an operator: it has no `branch`",
                file.display(),
                account.iin
            ),
            Some(id) if !branches.iter().any(|b| &b.id == id) => anyhow::bail!(
                "{}: demo account {}: unknown branch \"{id}\" (see branches.toml)",
                file.display(),
                account.iin
            ),
            _ => {}
        }
        if find_by_iin(db, &account.iin).await.ok().flatten().is_some() {
            // An account made before branches existed gets its branch.
            sqlx::query("UPDATE accounts SET branch = ? WHERE iin = ? AND branch IS NULL")
                .bind(&account.branch)
                .bind(account.iin.as_str())
                .execute(db)
                .await?;
            continue;
        }
        let hash = hash_password(demo.password.clone())
            .await
            .map_err(|err| anyhow::anyhow!("{err}"))?;
        sqlx::query(
            "INSERT INTO accounts (iin, role, password_hash, phone, created_at, provider, branch)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(account.iin.as_str())
        .bind(account.role.name())
        .bind(hash)
        .bind(&account.phone)
        .bind(clock::now())
        .bind(&account.provider)
        .bind(&account.branch)
        .execute(db)
        .await?;
        created += 1;
    }
    Ok(created)
}
