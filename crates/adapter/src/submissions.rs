//! Signing and submitting a request (000 §10, 002 §16): the adapter gives the canonical form
//! of the request to sign, and takes back a detached CMS signature over it. It checks the
//! signature, the signer's certificate (chain, validity, revocation, key usage) and that its
//! IIN is the applicant's, then in one transaction numbers the request, keeps the signed bytes
//! and the signature unchanged, and marks it submitted. A replayed submission (a double click,
//! a retry after a lost answer) gets the same receipt; nothing is ever submitted twice.

use base64::Engine;
use qyzmet_domain::{
    Channel, PersonsDatabase, Problem, RequestNumber, SignedDocument, SignedRequest,
    SigningContent, calendar,
    catalogue::{Service, missing_documents},
    submission::{Receipt, ReceiptDocument, ReceiptPerson, ReceiptResult},
};
use sqlx::{SqliteConnection, SqlitePool};

use crate::{
    applications::{owned, today},
    catalogue::Catalogue,
    clock,
    error::AppError,
    pki::{Pki, check::check_signer},
    sessions::Session,
};

/// Who accepted a request made on the portal: the portal itself (an operator's IIN later).
const ACCEPTED_BY_PORTAL: &str = "portal";
/// A CMS signature larger than this is not one person's signature over a request.
const MAX_SIGNATURE_BYTES: usize = 64 * 1024;

/// Refuses a change to a submitted request. Run inside the change's transaction, so no change
/// slips in between a check and a submission (SQLite has one writer at a time).
pub(crate) async fn lock_draft(
    tx: &mut SqliteConnection,
    application: &str,
) -> Result<(), AppError> {
    let touched = sqlx::query(
        "UPDATE applications SET updated_at = ?1 WHERE id = ?2
           AND NOT EXISTS (SELECT 1 FROM submissions WHERE application_id = ?2)",
    )
    .bind(clock::now())
    .bind(application)
    .execute(&mut *tx)
    .await?;
    if touched.rows_affected() == 0 {
        return Err(submitted());
    }
    Ok(())
}

pub(crate) fn submitted() -> AppError {
    AppError::Conflict {
        field: "application".into(),
        problem: Problem::AlreadySubmitted,
    }
}

/// The request as it stands, in the form the applicant signs; refused while answers or
/// required documents are missing.
async fn signed_request(
    db: &mut SqliteConnection,
    catalogue: &Catalogue,
    owner: &Session,
    application: &str,
    service: &str,
) -> Result<SignedRequest, AppError> {
    let form = catalogue
        .form(service)
        .ok_or_else(|| anyhow::anyhow!("application {application} of an unknown service"))?;
    let service_entry: &Service = catalogue
        .services()
        .iter()
        .find(|s| s.id == service)
        .ok_or_else(|| anyhow::anyhow!("application {application} of an unknown service"))?;
    let stored: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM answers WHERE application_id = ?")
            .bind(application)
            .fetch_all(&mut *db)
            .await?;
    let answers = stored.into_iter().collect();
    let problems = form.check_all(&answers, today());
    if !problems.is_empty() {
        return Err(AppError::invalid("application", Problem::Incomplete));
    }
    let files: Vec<(String, String, i64, String)> = sqlx::query_as(
        "SELECT slot, name, size, sha256 FROM attached_files WHERE application_id = ?
         ORDER BY slot, sha256, name",
    )
    .bind(application)
    .fetch_all(&mut *db)
    .await?;
    let attached: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
    let needed = form.required_documents(&answers);
    if !missing_documents(service_entry.portal_documents(), &needed, &attached).is_empty() {
        return Err(AppError::invalid("documents", Problem::MissingDocuments));
    }
    Ok(SignedRequest {
        application: application.to_owned(),
        service: service.to_owned(),
        applicant_iin: owner.account.iin.clone(),
        answers: form.in_force(&answers),
        documents: files
            .into_iter()
            .map(|(slot, name, size, sha256)| SignedDocument {
                slot,
                name,
                size: u64::try_from(size).unwrap_or(0),
                sha256,
            })
            .collect(),
    })
}

/// What to sign: the request and its canonical bytes.
pub async fn signing_content(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
    id: &str,
) -> Result<SigningContent, AppError> {
    let row = owned(db, owner, id).await?;
    let mut conn = db.acquire().await?;
    if submission_of(&mut conn, &row.id).await?.is_some() {
        return Err(submitted());
    }
    let request = signed_request(&mut conn, catalogue, owner, &row.id, &row.service).await?;
    Ok(SigningContent {
        canonical: base64::engine::general_purpose::STANDARD.encode(request.canonical()),
        request,
    })
}

#[derive(sqlx::FromRow)]
struct SubmissionRow {
    number: String,
    signature: Vec<u8>,
    accepted_by: String,
    submitted_at: i64,
    region: Option<String>,
    act: Option<String>,
    result_due: Option<i64>,
    result_due_estimated: bool,
}

async fn submission_of(
    db: &mut SqliteConnection,
    application: &str,
) -> Result<Option<SubmissionRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT number, signature, accepted_by, submitted_at, region, act, result_due,
                result_due_estimated
         FROM submissions WHERE application_id = ?",
    )
    .bind(application)
    .fetch_optional(&mut *db)
    .await?)
}

/// Submits the request signed by `signature` (base64 CMS). Returns whether this call made the
/// submission (`false`: the same signature had already submitted it) and the receipt.
pub async fn submit(
    db: &SqlitePool,
    catalogue: &Catalogue,
    pki: &Pki,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
    signature: &str,
) -> Result<(bool, Receipt), AppError> {
    let row = owned(db, owner, id).await?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature.trim())
        .ok()
        .filter(|s| !s.is_empty() && s.len() <= MAX_SIGNATURE_BYTES)
        .ok_or_else(|| AppError::invalid("signature", Problem::BadSignature))?;
    let mut tx = db.begin().await?;
    if let Some(done) = submission_of(&mut tx, &row.id).await? {
        return if done.signature == signature {
            drop(tx);
            Ok((false, receipt(db, catalogue, persons, owner, id).await?))
        } else {
            Err(submitted())
        };
    }
    // Read inside the transaction: what is checked is what is kept.
    let request = signed_request(&mut tx, catalogue, owner, &row.id, &row.service).await?;
    let content = request.canonical();
    let verified = qyzmet_signing::verify_detached(&signature, &content).map_err(|problem| {
        let problem = match problem {
            qyzmet_signing::SignatureProblem::ContentChanged => Problem::ContentChanged,
            _ => Problem::BadSignature,
        };
        AppError::invalid("signature", problem)
    })?;
    let now = clock::now();
    check_signer(
        &pki.trust(),
        &verified.signer_certificate,
        &verified.other_certificates,
        &owner.account.iin,
        u64::try_from(now).unwrap_or(0),
    )
    .map_err(|problem| AppError::invalid("signature", problem))?;
    let due = result_due(catalogue, persons, owner, &row.service, now)?;
    lock_draft(&mut tx, &row.id).await?;
    let year = today().year;
    let (sequence,): (i64,) = sqlx::query_as(
        "INSERT INTO request_numbers (year, last) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *tx)
    .await?;
    let number = RequestNumber::new(year, u32::try_from(sequence).unwrap_or(0))
        .ok_or_else(|| anyhow::anyhow!("request numbers of {year} ran out at {sequence}"))?;
    sqlx::query(
        "INSERT INTO submissions (application_id, number, signed_content, signature,
           signer_certificate, signer_iin, accepted_by, submitted_at, region, act, result_due,
           result_due_estimated)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(number.to_string())
    .bind(&content)
    .bind(&signature)
    .bind(&verified.signer_certificate)
    .bind(&owner.account.iin)
    .bind(ACCEPTED_BY_PORTAL)
    .bind(now)
    .bind(due.as_ref().map(|d| &d.region))
    .bind(due.as_ref().map(|d| &d.act))
    .bind(due.as_ref().map(|d| d.at))
    .bind(due.as_ref().is_some_and(|d| d.estimated))
    .execute(&mut *tx)
    .await?;
    crate::tracking::enter(&mut tx, catalogue, &row.id).await?;
    // Unfinished uploads can no longer become part of it.
    sqlx::query("DELETE FROM uploads WHERE application_id = ?")
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((true, receipt(db, catalogue, persons, owner, id).await?))
}

/// When a request accepted now is due, and by which regulation.
struct ResultDue {
    region: String,
    act: String,
    /// Unix seconds.
    at: i64,
    estimated: bool,
}

/// The result's due date for a request of `service` accepted through the portal at `now`: by
/// the regulation of the applicant's region (their registered address in the persons
/// database), or the catalogue's one regulation of the service where their region has none.
fn result_due(
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    service: &str,
    now: i64,
) -> Result<Option<ResultDue>, AppError> {
    let person = crate::accounts::person(persons, &owner.account)?;
    let Some(regulation) = catalogue
        .services()
        .iter()
        .find(|s| s.id == service)
        .and_then(|s| s.regulation_for(person.region.as_deref()))
    else {
        return Ok(None);
    };
    let due = regulation.result_due(
        catalogue.calendar(),
        calendar::local_from_unix(now),
        Channel::Portal,
    );
    Ok(Some(ResultDue {
        region: regulation.region.clone(),
        act: regulation.act.clone(),
        at: calendar::unix_from_local(due.at),
        estimated: due.estimated,
    }))
}

/// The receipt of a submitted request (001 §13, 002 §10, 004 §5).
pub async fn receipt(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
) -> Result<Receipt, AppError> {
    let row = owned(db, owner, id).await?;
    let mut conn = db.acquire().await?;
    let done = submission_of(&mut conn, &row.id)
        .await?
        .ok_or_else(|| AppError::NotFound("submission".into()))?;
    let documents: Vec<(String, String)> = sqlx::query_as(
        "SELECT slot, name FROM attached_files WHERE application_id = ? ORDER BY created_at, rowid",
    )
    .bind(&row.id)
    .fetch_all(&mut *conn)
    .await?;
    let person = crate::accounts::person(persons, &owner.account)?;
    let (phone,): (String,) = sqlx::query_as("SELECT phone FROM accounts WHERE id = ?")
        .bind(owner.account.id)
        .fetch_one(&mut *conn)
        .await?;
    let _ = catalogue;
    let result = match (done.result_due, done.act, done.region) {
        (Some(due), Some(act), Some(region)) => Some(ReceiptResult {
            due: calendar::rfc3339_local(due),
            estimated: done.result_due_estimated,
            act,
            region,
        }),
        _ => None,
    };
    Ok(Receipt {
        number: done.number,
        application: row.id,
        service: row.service,
        submitted_at: clock::rfc3339(done.submitted_at),
        documents: documents
            .into_iter()
            .map(|(slot, name)| ReceiptDocument { slot, name })
            .collect(),
        accepted_by: done.accepted_by,
        applicant: ReceiptPerson {
            name: person.full_name(),
            iin: owner.account.iin.clone(),
            phone,
        },
        representative: None,
        result,
    })
}
