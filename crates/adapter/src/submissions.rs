//! Signing and submitting a request (000 §10, 002 §16): the adapter gives the canonical form
//! of the request to sign, and takes back a detached CMS signature over it. It checks the
//! signature, the signer's certificate (chain, validity, revocation, key usage) and that its
//! IIN is the applicant's, then in one transaction numbers the request, keeps the signed bytes
//! and the signature unchanged, and marks it submitted. A replayed submission (a double click,
//! a retry after a lost answer) gets the same receipt; nothing is ever submitted twice.

use base64::Engine;
use std::collections::BTreeMap;

use qyzmet_domain::{
    Channel, Iin, Person, PersonsDatabase, Problem, RequestNumber, SignedDocument, SignedRequest,
    SigningContent, calendar,
    catalogue::{Service, missing_documents},
    intake::{NotaryRegistry, check_representation},
    submission::{
        AcceptedAt, Receipt, ReceiptCentre, ReceiptDocument, ReceiptPerson, ReceiptResult,
    },
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

/// Who accepted a request made on the portal: the portal itself (at a centre: the operator's
/// IIN).
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

/// The registries a request is checked against before it is signed.
#[derive(Clone, Copy)]
pub struct Registries<'a> {
    pub persons: &'a dyn PersonsDatabase,
    pub notaries: &'a dyn NotaryRegistry,
}

/// The request as it stands, in the form the applicant (or the operator accepting it) signs;
/// refused while answers or required documents are missing, and, at a service centre, while a
/// required document was not brought on paper or the power of attorney does not check out.
async fn signed_request(
    db: &mut SqliteConnection,
    catalogue: &Catalogue,
    registries: Registries<'_>,
    owner: &Session,
    application: &str,
    service: &str,
) -> Result<SignedRequest, AppError> {
    let form = catalogue
        .form(service)
        .ok_or_else(|| anyhow::anyhow!("application {application} of an unknown service"))?;
    let service_entry: &Service = catalogue
        .service(service)
        .ok_or_else(|| anyhow::anyhow!("application {application} of an unknown service"))?;
    let intake = crate::intake::intake_of(&mut *db, application).await?;
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
    if let Some(intake) = &intake {
        // The operator may have changed the representative's page since the first check.
        let applicant = Iin::parse(&intake.applicant_iin)
            .map_err(|_| anyhow::anyhow!("intake {application} has a malformed IIN"))?;
        check_representation(
            &mut answers.clone(),
            &applicant,
            registries.persons,
            registries.notaries,
            today(),
        )
        .map_err(AppError::InvalidFields)?;
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
    let channel = if intake.is_some() {
        Channel::ServiceCentre
    } else {
        Channel::Portal
    };
    let accepted = match &intake {
        None => None,
        Some(intake) => {
            let paper = crate::intake::paper(&mut *db, application).await?;
            let on_paper: Vec<&str> = paper.iter().map(String::as_str).collect();
            let documents = service_entry.documents_for(channel);
            if !missing_documents(documents, &needed, &on_paper).is_empty() {
                return Err(AppError::invalid("paper", Problem::MissingDocuments));
            }
            Some(AcceptedAt {
                branch: intake.branch.clone(),
                operator_iin: owner.account.iin.clone(),
                paper,
            })
        }
    };
    let documents = service_entry.documents_for(channel);
    if !missing_documents(documents, &needed, &attached).is_empty() {
        return Err(AppError::invalid("documents", Problem::MissingDocuments));
    }
    Ok(SignedRequest {
        application: application.to_owned(),
        service: service.to_owned(),
        applicant_iin: intake
            .map(|i| i.applicant_iin)
            .unwrap_or_else(|| owner.account.iin.clone()),
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
        accepted,
    })
}

/// What to sign: the request and its canonical bytes.
pub async fn signing_content(
    db: &SqlitePool,
    catalogue: &Catalogue,
    registries: Registries<'_>,
    owner: &Session,
    id: &str,
) -> Result<SigningContent, AppError> {
    let row = owned(db, owner, id).await?;
    let mut conn = db.acquire().await?;
    if submission_of(&mut conn, &row.id).await?.is_some() {
        return Err(submitted());
    }
    let request = signed_request(
        &mut conn,
        catalogue,
        registries,
        owner,
        &row.id,
        &row.service,
    )
    .await?;
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
    registries: Registries<'_>,
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
            Ok((
                false,
                receipt(db, catalogue, registries.persons, owner, id).await?,
            ))
        } else {
            Err(submitted())
        };
    }
    // Read inside the transaction: what is checked is what is kept.
    let request =
        signed_request(&mut tx, catalogue, registries, owner, &row.id, &row.service).await?;
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
    let applicant = crate::intake::person(registries.persons, &request.applicant_iin)?;
    let channel = if request.accepted.is_some() {
        Channel::ServiceCentre
    } else {
        Channel::Portal
    };
    let due = result_due(catalogue, &applicant, &row.service, now, channel);
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
           result_due_estimated, branch)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(number.to_string())
    .bind(&content)
    .bind(&signature)
    .bind(&verified.signer_certificate)
    .bind(&owner.account.iin)
    .bind(match &request.accepted {
        Some(accepted) => accepted.operator_iin.as_str(),
        None => ACCEPTED_BY_PORTAL,
    })
    .bind(now)
    .bind(due.as_ref().map(|d| &d.region))
    .bind(due.as_ref().map(|d| &d.act))
    .bind(due.as_ref().map(|d| d.at))
    .bind(due.as_ref().is_some_and(|d| d.estimated))
    .bind(request.accepted.as_ref().map(|a| &a.branch))
    .execute(&mut *tx)
    .await?;
    crate::tracking::enter(&mut tx, catalogue, &row.id).await?;
    // Unfinished uploads can no longer become part of it.
    sqlx::query("DELETE FROM uploads WHERE application_id = ?")
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((
        true,
        receipt(db, catalogue, registries.persons, owner, id).await?,
    ))
}

/// When a request accepted now is due, and by which regulation.
struct ResultDue {
    region: String,
    act: String,
    /// Unix seconds.
    at: i64,
    estimated: bool,
}

/// The result's due date for a request of `service` accepted through `channel` at `now`: by
/// the regulation of the applicant's region (their registered address in the persons
/// database), or the catalogue's one regulation of the service where their region has none.
fn result_due(
    catalogue: &Catalogue,
    applicant: &Person,
    service: &str,
    now: i64,
    channel: Channel,
) -> Option<ResultDue> {
    let regulation = catalogue
        .service(service)?
        .regulation_for(applicant.region.as_deref())?;
    let due = regulation.result_due(
        catalogue.calendar(),
        calendar::local_from_unix(now),
        channel,
    );
    Some(ResultDue {
        region: regulation.region.clone(),
        act: regulation.act.clone(),
        at: calendar::unix_from_local(due.at),
        estimated: due.estimated,
    })
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
    let answers: BTreeMap<String, String> = sqlx::query_as(
        "SELECT key, value FROM answers WHERE application_id = ? AND key IN
           ('contact_phone', 'has_representative', 'representative_name',
            'representative_iin', 'representative_phone')",
    )
    .bind(&row.id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .collect();
    let answer = |key: &str| answers.get(key).cloned().unwrap_or_default();
    let intake = crate::intake::intake_of(&mut conn, &row.id).await?;
    let (applicant, phone, centre) = match intake {
        Some(intake) => {
            let branch = catalogue
                .branch(&intake.branch)
                .ok_or_else(|| anyhow::anyhow!("unknown branch {}", intake.branch))?;
            let centre = ReceiptCentre {
                branch: branch.clone(),
                operator: crate::tracking::name_of(persons, &done.accepted_by),
            };
            let applicant = crate::intake::person(persons, &intake.applicant_iin)?;
            (applicant, answer("contact_phone"), Some(centre))
        }
        None => {
            let (phone,): (String,) = sqlx::query_as("SELECT phone FROM accounts WHERE id = ?")
                .bind(owner.account.id)
                .fetch_one(&mut *conn)
                .await?;
            (
                crate::accounts::person(persons, &owner.account)?,
                phone,
                None,
            )
        }
    };
    let representative = crate::intake::representative_of(&answers);
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
            name: applicant.full_name(),
            iin: applicant.iin.to_string(),
            phone,
        },
        representative,
        centre,
        result,
    })
}
