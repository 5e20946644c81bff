//! Electronic digital signatures: the embedded certification authority (test signing
//! certificates for citizens, revocation, the CRL) and the checks of a signer's certificate.

pub mod authority;
pub mod check;

use std::sync::{Arc, RwLock};

use anyhow::Context;
use qyzmet_domain::{
    PersonsDatabase, Problem,
    certificate::{CertificateList, CertificateSummary},
};
use rustls_pki_types::{CertificateDer, CertificateRevocationListDer, pem::PemObject};
use sqlx::SqlitePool;
use time::OffsetDateTime;

use crate::{
    clock, config::TrustConfig, error::AppError, pki::authority::SIGNING_EKU, sessions::Session,
};
use authority::{Authority, Holder};
use check::Trust;

/// How long a test signing certificate is valid.
const VALIDITY_DAYS: i64 = 365;
/// The shortest key-file password taken (the national authority asks for at least 6).
pub const MIN_PASSWORD_CHARS: usize = 6;
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Clone)]
pub struct Pki {
    authority: Arc<Authority>,
    /// Whether signatures may chain to the embedded authority (the embedded default).
    embedded: bool,
    /// Authorities trusted from configuration (production: the national one).
    configured: Arc<Trust>,
    /// The current revocation list (DER), signed again at every revocation.
    crl: Arc<RwLock<Arc<Vec<u8>>>>,
    /// Where the authority and the providers' key files live.
    dir: std::path::PathBuf,
}

impl Pki {
    /// Opens (or on first start creates) the authority under `dir`, and signs a fresh CRL from
    /// the database.
    pub async fn open(
        dir: &std::path::Path,
        config: &TrustConfig,
        db: &SqlitePool,
    ) -> anyhow::Result<Pki> {
        let owned = dir.to_owned();
        let authority =
            tokio::task::spawn_blocking(move || Authority::open_or_create(&owned)).await??;
        let configured = Trust {
            roots: read_all::<CertificateDer>(&config.roots)?,
            intermediates: read_all::<CertificateDer>(&config.intermediates)?,
            crls: read_all::<CertificateRevocationListDer>(&config.crls)?,
        };
        let pki = Pki {
            authority: Arc::new(authority),
            embedded: config.embedded_authority,
            configured: Arc::new(configured),
            crl: Arc::new(RwLock::new(Arc::new(Vec::new()))),
            dir: dir.to_owned(),
        };
        pki.publish(db).await?;
        Ok(pki)
    }

    pub fn authority(&self) -> &Authority {
        &self.authority
    }

    pub fn crl(&self) -> Arc<Vec<u8>> {
        self.crl.read().map(|crl| crl.clone()).unwrap_or_default()
    }

    /// Whether the embedded authority is trusted and issues test certificates.
    pub fn embedded(&self) -> bool {
        self.embedded
    }

    /// What signatures are checked against: the configured authorities, and the embedded
    /// root, its issuing CA and its CRL unless configuration turned it off.
    pub fn trust(&self) -> Trust {
        let mut trust = self.configured.as_ref().clone();
        if self.embedded {
            trust.roots.push(self.authority.root().to_vec());
            trust.intermediates.push(self.authority.issuing().to_vec());
            trust.crls.push(self.crl().as_ref().clone());
        }
        trust
    }

    /// The provider's signing key (its seal), made by the embedded authority on first use and
    /// kept under the data folder as a key file with its own random password beside it.
    /// Without the embedded authority a provider's key comes from the national one: not
    /// configurable yet, so signing is refused as unexpected.
    pub async fn provider_signer(
        &self,
        provider_id: &str,
        provider_name: &str,
    ) -> anyhow::Result<qyzmet_signing::KeyStore> {
        anyhow::ensure!(
            self.embedded,
            "provider keys from the national authority are not configured"
        );
        let (authority, dir) = (self.authority.clone(), self.dir.join("providers"));
        let (id, name) = (provider_id.to_owned(), provider_name.to_owned());
        tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            // Two heads signing at once must not both make the provider's first key.
            static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
            let _one_at_a_time = MAKING.lock().unwrap_or_else(|e| e.into_inner());
            std::fs::create_dir_all(&dir)?;
            let key_file = dir.join(format!("{id}.p12"));
            let password_file = dir.join(format!("{id}.password"));
            if !key_file.exists() {
                let now = OffsetDateTime::now_utc();
                let issued = authority.issue_for_provider(
                    &id,
                    &name,
                    now - time::Duration::minutes(5),
                    now + time::Duration::days(VALIDITY_DAYS),
                )?;
                let mut random = [0u8; 16];
                getrandom::fill(&mut random).map_err(|e| anyhow::anyhow!("{e}"))?;
                let password = authority::hex(&random);
                let chain = vec![
                    issued.certificate,
                    authority.issuing().to_vec(),
                    authority.root().to_vec(),
                ];
                let bytes =
                    qyzmet_signing::write_key_store(&issued.key_pkcs8, &chain, &id, &password)
                        .map_err(|e| {
                            anyhow::anyhow!("cannot write the provider's key file: {e:?}")
                        })?;
                authority::write(&password_file, password.as_bytes(), true)?;
                // The key file last: its presence says the pair is whole.
                authority::write(&key_file, &bytes, true)?;
            }
            let password = std::fs::read_to_string(&password_file)?;
            qyzmet_signing::KeyStore::open(&std::fs::read(&key_file)?, password.trim())
                .map_err(|e| anyhow::anyhow!("the provider's key file does not open: {e:?}"))
        })
        .await
        .map_err(|e| anyhow::anyhow!("the signing stopped: {e}"))?
    }

    /// Signs the revocation list again from the database.
    async fn publish(&self, db: &SqlitePool) -> anyhow::Result<()> {
        let revoked: Vec<(String, i64)> = sqlx::query_as(
            "SELECT serial, revoked_at FROM certificates WHERE revoked_at IS NOT NULL ORDER BY serial",
        )
        .fetch_all(db)
        .await?;
        // Numbered by time: each list's number is above the last one's.
        let number = u64::try_from(clock::now()).unwrap_or(0);
        let crl = self.authority.revocation_list(&revoked, number)?;
        if let Ok(mut current) = self.crl.write() {
            *current = Arc::new(crl);
        }
        Ok(())
    }
}

/// The DER of every item in `files`, each a PEM file (any number of items) or one DER item.
fn read_all<T>(files: &[std::path::PathBuf]) -> anyhow::Result<Vec<Vec<u8>>>
where
    T: PemObject + AsRef<[u8]>,
{
    let mut all = Vec::new();
    for file in files {
        let bytes = std::fs::read(file)
            .with_context(|| format!("cannot read the trusted file {}", file.display()))?;
        if bytes.starts_with(b"-----BEGIN") {
            let items = T::pem_slice_iter(&bytes)
                .map(|item| item.map(|der| der.as_ref().to_vec()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| {
                    anyhow::anyhow!("{}: not PEM of the expected kind: {e}", file.display())
                })?;
            anyhow::ensure!(
                !items.is_empty(),
                "{}: no item of the expected kind",
                file.display()
            );
            all.extend(items);
        } else {
            all.push(bytes);
        }
    }
    Ok(all)
}

/// A test signing certificate for the signed-in citizen, in a PKCS#12 key file protected by
/// `password`. The key is made here and handed over; neither it nor the password is kept.
pub async fn issue_certificate(
    db: &SqlitePool,
    pki: &Pki,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    password: &str,
) -> Result<Vec<u8>, AppError> {
    if !pki.embedded() {
        // Certificates come from the national authority here, not from a test one.
        return Err(AppError::NotFound("test certificates".into()));
    }
    let chars = password.chars().count();
    if password.trim().is_empty() {
        return Err(AppError::invalid("password", Problem::Empty));
    }
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid("password", Problem::TooShort));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid("password", Problem::TooLong));
    }
    let person = crate::accounts::person(persons, &owner.account)?;
    let now = OffsetDateTime::now_utc();
    let not_before = now - time::Duration::minutes(5);
    let not_after = now + time::Duration::days(VALIDITY_DAYS);
    let (authority, password) = (pki.authority.clone(), password.to_owned());
    let iin = owner.account.iin.clone();
    let (issued, key_file) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let holder = Holder {
            iin: &iin,
            surname: &person.surname,
            name: &person.name,
        };
        let issued = authority.issue(&holder, not_before, not_after, SIGNING_EKU)?;
        let chain = vec![
            issued.certificate.clone(),
            authority.issuing().to_vec(),
            authority.root().to_vec(),
        ];
        let key_file = qyzmet_signing::write_key_store(&issued.key_pkcs8, &chain, &iin, &password)
            .map_err(|e| anyhow::anyhow!("cannot write the key file: {e:?}"))?;
        Ok((issued, key_file))
    })
    .await
    .map_err(|e| anyhow::anyhow!("the issuing stopped: {e}"))??;
    sqlx::query(
        "INSERT INTO certificates (serial, account_id, iin, not_before, not_after, issued_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&issued.serial)
    .bind(owner.account.id)
    .bind(&owner.account.iin)
    .bind(not_before.unix_timestamp())
    .bind(not_after.unix_timestamp())
    .bind(clock::now())
    .execute(db)
    .await?;
    Ok(key_file)
}

/// The signed-in person's certificates, the latest first.
pub async fn list_certificates(
    db: &SqlitePool,
    owner: &Session,
) -> Result<CertificateList, AppError> {
    let rows: Vec<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT serial, not_before, not_after, revoked_at FROM certificates
         WHERE account_id = ? ORDER BY issued_at DESC, serial",
    )
    .bind(owner.account.id)
    .fetch_all(db)
    .await?;
    Ok(CertificateList {
        certificates: rows
            .into_iter()
            .map(|(serial, from, until, revoked)| CertificateSummary {
                serial,
                not_before: clock::rfc3339(from),
                not_after: clock::rfc3339(until),
                revoked_at: revoked.map(clock::rfc3339),
            })
            .collect(),
    })
}

/// Revokes a certificate (an administrator's act) and publishes the new list. Revoking one
/// already revoked changes nothing.
pub async fn revoke_certificate(db: &SqlitePool, pki: &Pki, serial: &str) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE certificates SET revoked_at = COALESCE(revoked_at, ?) WHERE serial = ?",
    )
    .bind(clock::now())
    .bind(serial.to_ascii_lowercase())
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound("certificate".into()));
    }
    pki.publish(db).await?;
    Ok(())
}
