//! The provider's result (issue 8): signed by the head with the provider's certificate from
//! the embedded authority, as a detached CMS signature over canonical JSON that names the
//! request, the decision and, for the waiting list, the sequence number in the queue (003 §3)
//! taken in the same transaction, so numbers go 1, 2, 3 … per provider and list with no gap
//! and no repeat. The applicant downloads it with its signature and the result of checking it.

use base64::Engine;
use qyzmet_domain::{
    PersonsDatabase, Problem,
    tracking::{Outcome, SignedResult},
    workflow::RequestState,
};
use serde::Serialize;
use sha2::Digest;
use sqlx::{SqliteConnection, SqlitePool};

use crate::{
    catalogue::Catalogue,
    clock,
    error::AppError,
    pki::{
        Pki,
        check::{check_signing_certificate, subject_provider},
    },
    sessions::Session,
    tracking::{self, Tracked},
};

/// Services whose granted result is a registration on a waiting list with a sequence number
/// (003 §3: "кезектің реттік нөмірін көрсетумен есепке қою туралы хабарлама").
const WAITING_LISTS: &[&str] = &["housing-waiting-list"];

/// The signed bytes: fields in a fixed order (struct order), compact JSON.
#[derive(Serialize)]
struct ResultContent<'a> {
    kind: &'static str,
    number: &'a str,
    application: &'a str,
    service: &'a str,
    applicant_iin: &'a str,
    provider: &'a str,
    outcome: &'a str,
    grounds: Vec<String>,
    comment: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    queue_number: Option<i64>,
    signed_at: String,
}

/// Numbers and signs the prepared result; inside the signing step's transaction, after its
/// write took the lock.
pub(crate) async fn sign(
    tx: &mut SqliteConnection,
    request: &Tracked,
    signer: &qyzmet_signing::KeyStore,
    now: i64,
) -> Result<(), AppError> {
    let row = tracking::result_of(&mut *tx, &request.application)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a prepared request without a result"))?;
    let queue_number = if row.outcome == Outcome::Granted.name()
        && WAITING_LISTS.contains(&request.service.as_str())
    {
        let (number,): (i64,) = sqlx::query_as(
            "INSERT INTO waiting_lists (provider, list, last) VALUES (?, ?, 1)
             ON CONFLICT (provider, list) DO UPDATE SET last = last + 1 RETURNING last",
        )
        .bind(&request.provider)
        .bind(&request.service)
        .fetch_one(&mut *tx)
        .await?;
        Some(number)
    } else {
        None
    };
    let content = serde_json::to_vec(&ResultContent {
        kind: "qyzmet-result",
        number: &request.number,
        application: &request.application,
        service: &request.service,
        applicant_iin: &request.applicant_iin,
        provider: &request.provider,
        outcome: &row.outcome,
        grounds: serde_json::from_str(&row.grounds).unwrap_or_default(),
        comment: &row.comment,
        queue_number,
        signed_at: clock::rfc3339(now),
    })
    .map_err(anyhow::Error::from)?;
    let signature = signer
        .sign(&content, u64::try_from(now).unwrap_or(0))
        .map_err(|e| anyhow::anyhow!("cannot sign the result: {e:?}"))?;
    sqlx::query(
        "UPDATE results SET queue_number = ?, signed_content = ?, signature = ?, signed_at = ?
         WHERE application_id = ?",
    )
    .bind(queue_number)
    .bind(&content)
    .bind(&signature)
    .bind(now)
    .bind(&request.application)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The issued result of the applicant's request, with its signature checked.
pub async fn signed_result(
    db: &SqlitePool,
    pki: &Pki,
    owner: &Session,
    id: &str,
) -> Result<SignedResult, AppError> {
    let request = tracking::applicants_own(db, owner, id).await?;
    if request.state() != RequestState::Issued {
        return Err(AppError::NotFound("result".into()));
    }
    let mut conn = db.acquire().await?;
    let result = tracking::result_of(&mut conn, &request.application)
        .await?
        .ok_or_else(|| AppError::NotFound("result".into()))?;
    let (Some(content), Some(signature), Some(signed_at)) =
        (result.signed_content, result.signature, result.signed_at)
    else {
        return Err(AppError::NotFound("result".into()));
    };
    let (problem, signer) = verify(pki, &request.provider, &content, &signature);
    let b64 = base64::engine::general_purpose::STANDARD;
    Ok(SignedResult {
        content: b64.encode(&content),
        signature: b64.encode(&signature),
        valid: problem.is_none(),
        problem,
        signer,
        signed_at: clock::rfc3339(signed_at),
    })
}

/// What the result's PDF shows.
pub struct ResultDocument {
    pub number: String,
    pub application: String,
    pub service: String,
    pub applicant: String,
    pub applicant_iin: String,
    pub provider: qyzmet_domain::Text,
    pub summary: qyzmet_domain::tracking::ResultSummary,
    pub signed: SignedResult,
    /// SHA-256 of the signed bytes, hex.
    pub digest: String,
}

/// The applicant's issued result, for its PDF.
pub async fn result_document(
    db: &SqlitePool,
    catalogue: &Catalogue,
    pki: &Pki,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
) -> Result<ResultDocument, AppError> {
    let signed = signed_result(db, pki, owner, id).await?;
    let mut conn = db.acquire().await?;
    let request = tracking::tracked(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::NotFound("result".into()))?;
    let row = tracking::result_of(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::NotFound("result".into()))?;
    let content = base64::engine::general_purpose::STANDARD
        .decode(&signed.content)
        .map_err(anyhow::Error::from)?;
    let digest = sha2::Sha256::digest(&content)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let provider = catalogue
        .provider(&request.provider)
        .map(|p| p.name.clone())
        .ok_or_else(|| anyhow::anyhow!("unknown provider {}", request.provider))?;
    Ok(ResultDocument {
        summary: tracking::summary(catalogue, &request.service, &row),
        applicant: tracking::name_of(persons, &request.applicant_iin),
        number: request.number,
        application: request.application,
        service: request.service,
        applicant_iin: request.applicant_iin,
        provider,
        signed,
        digest,
    })
}

/// Checks a result's signature: over these bytes, by a certificate of `provider` that chains
/// to a trusted authority now. Returns the problem found, if any, and the signer's subject.
pub(crate) fn verify(
    pki: &Pki,
    provider: &str,
    content: &[u8],
    signature: &[u8],
) -> (Option<Problem>, String) {
    let verified = match qyzmet_signing::verify_detached(signature, content) {
        Ok(verified) => verified,
        Err(qyzmet_signing::SignatureProblem::ContentChanged) => {
            return (Some(Problem::ContentChanged), String::new());
        }
        Err(_) => return (Some(Problem::BadSignature), String::new()),
    };
    // Its common name (the provider's name), as a person reads who signed.
    let subject = x509_parser::parse_x509_certificate(&verified.signer_certificate)
        .ok()
        .and_then(|(_, c)| {
            c.subject()
                .iter_common_name()
                .next()
                .and_then(|cn| cn.as_str().ok().map(str::to_owned))
        })
        .unwrap_or_default();
    let now = u64::try_from(clock::now()).unwrap_or(0);
    let checked = check_signing_certificate(
        &pki.trust(),
        &verified.signer_certificate,
        &verified.other_certificates,
        now,
    )
    .and_then(|()| {
        if subject_provider(&verified.signer_certificate).as_deref() == Some(provider) {
            Ok(())
        } else {
            Err(Problem::AnotherPersonsCertificate)
        }
    });
    (checked.err(), subject)
}
