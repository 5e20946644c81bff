//! Intake at a service centre (issue 9): an operator starts a request on a citizen's behalf
//! (the applicant looked up in the persons database, a representative's notarised power of
//! attorney in the notary registry), ticks the documents brought on paper, and signs with
//! their own key; or, when a required document is missing, gives a receipt refusing intake.
//! The draft belongs to the operator's account while it is filled; who it is for, where and by
//! whom it was accepted is the `intakes` row.

use std::{collections::HashMap, path::Path};

use anyhow::Context;
use qyzmet_domain::{
    Answers, Channel, Iin, Person, PersonsDatabase, Problem, RequestNumber,
    application::Application,
    catalogue::missing_documents,
    intake::{
        Intake, IntakeRefusal, NotaryRegistry, OnBehalf, PowerOfAttorney, check_representation,
        keys,
    },
    submission::{ReceiptCentre, ReceiptPerson},
};
use serde::Deserialize;
use sqlx::{SqliteConnection, SqlitePool};

use crate::{
    applications::{random_id, today},
    catalogue::Catalogue,
    clock,
    error::AppError,
    sessions::Session,
};

/// The embedded default's notary registry: a data file of demo powers of attorney.
#[derive(Debug)]
pub struct NotaryFile {
    by_number: HashMap<String, PowerOfAttorney>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    power_of_attorney: Vec<PowerOfAttorney>,
}

impl NotaryFile {
    /// Reads `path`, refusing a malformed entry, a bad date or a number listed twice.
    pub fn load(path: &Path) -> anyhow::Result<NotaryFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the notary registry file {}", path.display()))?;
        let file: File = toml::from_str(&text).with_context(|| format!("in {}", path.display()))?;
        let mut by_number = HashMap::new();
        for poa in file.power_of_attorney {
            for date in [&poa.date, &poa.valid_until] {
                anyhow::ensure!(
                    date.len() == 10 && qyzmet_domain::form::Day::parse(date).is_some(),
                    "{}: {}: {date:?} is not a YYYY-MM-DD date",
                    path.display(),
                    poa.number
                );
            }
            let number = qyzmet_domain::intake::normalise_number(&poa.number);
            anyhow::ensure!(
                by_number.insert(number, poa.clone()).is_none(),
                "{}: the number {} is listed twice",
                path.display(),
                poa.number
            );
        }
        Ok(NotaryFile { by_number })
    }

    pub fn len(&self) -> usize {
        self.by_number.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_number.is_empty()
    }
}

impl NotaryRegistry for NotaryFile {
    fn find(&self, number: &str) -> Option<PowerOfAttorney> {
        self.by_number
            .get(&qyzmet_domain::intake::normalise_number(number))
            .cloned()
    }
}

/// A person looked up by an operator (002 §15, process 3): `invalid_input` at `iin` when the
/// IIN is malformed or the persons database does not have it (process 4's message).
pub fn look_up(persons: &dyn PersonsDatabase, field: &str, iin: &str) -> Result<Person, AppError> {
    let iin = Iin::parse(iin).map_err(|err| AppError::invalid(field, err.into()))?;
    persons
        .find(&iin)
        .ok_or_else(|| AppError::invalid(field, Problem::NotInPersonsDatabase))
}

/// The operator's branch: an operator account without one cannot accept requests.
pub fn branch_of(owner: &Session) -> Result<&str, AppError> {
    owner.account.branch.as_deref().ok_or(AppError::Forbidden)
}

/// Starts a draft on `on_behalf`'s applicant's behalf, with the representative page's answers
/// filled from what the operator entered and the registries confirmed.
pub async fn create(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    registry: &dyn NotaryRegistry,
    owner: &Session,
    service: &str,
    on_behalf: &OnBehalf,
) -> Result<Application, AppError> {
    let branch = branch_of(owner)?;
    if catalogue.form(service).is_none() {
        return Err(AppError::invalid("service", Problem::NotAChoice));
    }
    let applicant = look_up(persons, "applicant", &on_behalf.applicant)?;
    let mut answers = on_behalf
        .representative
        .as_ref()
        .map(|r| r.answers())
        .unwrap_or_default();
    check_representation(&mut answers, &applicant.iin, persons, registry, today())
        .map_err(AppError::InvalidFields)?;
    let id = random_id()?;
    let now = clock::now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO applications (id, account_id, service, status, created_at, updated_at)
         VALUES (?, ?, ?, 'draft', ?, ?)",
    )
    .bind(&id)
    .bind(owner.account.id)
    .bind(service)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO intakes (application_id, applicant_iin, branch, operator, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(applicant.iin.as_str())
    .bind(branch)
    .bind(owner.account.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    for (key, value) in &answers {
        sqlx::query("INSERT INTO answers (application_id, key, value, seq) VALUES (?, ?, ?, 0)")
            .bind(&id)
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    crate::applications::get(db, catalogue, persons, owner, &id).await
}

/// An operator's request: for whom, where, by whom.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct IntakeRow {
    pub applicant_iin: String,
    pub branch: String,
    pub operator: i64,
}

pub async fn intake_of(
    db: &mut SqliteConnection,
    application: &str,
) -> Result<Option<IntakeRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT applicant_iin, branch, operator FROM intakes WHERE application_id = ?",
    )
    .bind(application)
    .fetch_optional(db)
    .await?)
}

/// An operator's request as its pages show it.
pub async fn intake(
    db: &mut SqliteConnection,
    persons: &dyn PersonsDatabase,
    application: &str,
) -> Result<Option<Intake>, AppError> {
    let Some(row) = intake_of(db, application).await? else {
        return Ok(None);
    };
    let (operator,): (String,) = sqlx::query_as("SELECT iin FROM accounts WHERE id = ?")
        .bind(row.operator)
        .fetch_one(&mut *db)
        .await?;
    Ok(Some(Intake {
        applicant: person(persons, &row.applicant_iin)?,
        branch: row.branch,
        operator: crate::tracking::name_of(persons, &operator),
    }))
}

/// The person of an IIN that was checked when it was stored.
pub fn person(persons: &dyn PersonsDatabase, iin: &str) -> Result<Person, AppError> {
    Iin::parse(iin)
        .ok()
        .and_then(|iin| persons.find(&iin))
        .ok_or_else(|| anyhow::anyhow!("{iin} is no longer in the persons database").into())
}

/// Whom a request is for: the intake's applicant, or the account that made it on the portal.
pub async fn applicant(
    db: &mut SqliteConnection,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    application: &str,
) -> Result<Person, AppError> {
    match intake_of(db, application).await? {
        Some(row) => person(persons, &row.applicant_iin),
        None => crate::accounts::person(persons, &owner.account),
    }
}

/// The documents ticked as brought on paper, sorted.
pub async fn paper(db: &mut SqliteConnection, application: &str) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT document FROM paper_documents WHERE application_id = ? ORDER BY document",
    )
    .bind(application)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(d,)| d).collect())
}

/// Replaces the paper ticks of an operator's draft: each must be a document the service asks
/// at a service centre (`not_a_choice` at `documents` otherwise).
pub async fn set_paper(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
    application: &str,
    documents: &[String],
) -> Result<Vec<String>, AppError> {
    let row = crate::applications::owned(db, owner, application).await?;
    let mut tx = db.begin().await?;
    if intake_of(&mut tx, &row.id).await?.is_none() {
        return Err(AppError::NotFound("intake".into()));
    }
    let service = catalogue
        .service(&row.service)
        .ok_or_else(|| anyhow::anyhow!("application {} of an unknown service", row.id))?;
    let known: Vec<&str> = service
        .documents_for(qyzmet_domain::Channel::ServiceCentre)
        .map(|d| d.id.as_str())
        .collect();
    if documents.len() > known.len() || documents.iter().any(|d| !known.contains(&d.as_str())) {
        return Err(AppError::invalid("documents", Problem::NotAChoice));
    }
    crate::submissions::lock_draft(&mut tx, &row.id).await?;
    sqlx::query("DELETE FROM paper_documents WHERE application_id = ?")
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    for document in documents {
        sqlx::query(
            "INSERT OR IGNORE INTO paper_documents (application_id, document) VALUES (?, ?)",
        )
        .bind(&row.id)
        .bind(document)
        .execute(&mut *tx)
        .await?;
    }
    let paper = paper(&mut tx, &row.id).await?;
    tx.commit().await?;
    Ok(paper)
}

/// Refuses intake of an operator's draft whose required documents were not all brought on
/// paper (001 §10, 002 §12): in one transaction the receipt is numbered and kept; then the
/// draft and its scans are deleted (the citizen comes back with the full package).
/// `conflict` at `paper` (`nothing_missing`) when every required document was brought.
pub async fn refuse(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    documents: &crate::documents::Documents,
    owner: &Session,
    application: &str,
) -> Result<IntakeRefusal, AppError> {
    let row = crate::applications::owned(db, owner, application).await?;
    let mut tx = db.begin().await?;
    let Some(intake) = intake_of(&mut tx, &row.id).await? else {
        return Err(AppError::NotFound("intake".into()));
    };
    crate::submissions::lock_draft(&mut tx, &row.id).await?;
    let answers: Answers = sqlx::query_as::<_, (String, String)>(
        "SELECT key, value FROM answers WHERE application_id = ?",
    )
    .bind(&row.id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let form = catalogue
        .form(&row.service)
        .ok_or_else(|| anyhow::anyhow!("application {} of an unknown service", row.id))?;
    let service = catalogue
        .service(&row.service)
        .ok_or_else(|| anyhow::anyhow!("application {} of an unknown service", row.id))?;
    let paper = paper(&mut tx, &row.id).await?;
    let on_paper: Vec<&str> = paper.iter().map(String::as_str).collect();
    let needed = form.required_documents(&answers);
    let missing: Vec<String> = missing_documents(
        service.documents_for(Channel::ServiceCentre),
        &needed,
        &on_paper,
    )
    .into_iter()
    .map(|d| d.id.clone())
    .collect();
    if missing.is_empty() {
        return Err(AppError::Conflict {
            field: "paper".into(),
            problem: Problem::NothingMissing,
        });
    }
    let year = today().year;
    let (sequence,): (i64,) = sqlx::query_as(
        "INSERT INTO intake_refusal_numbers (year, last) VALUES (?, 1)
         ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *tx)
    .await?;
    let number = RequestNumber::new(year, u32::try_from(sequence).unwrap_or(0))
        .ok_or_else(|| anyhow::anyhow!("refusal numbers of {year} ran out at {sequence}"))?;
    let id = random_id()?;
    let representative = representative_of(&answers)
        .map(|r| serde_json::to_string(&r))
        .transpose()
        .map_err(anyhow::Error::from)?;
    sqlx::query(
        "INSERT INTO intake_refusals (id, number, service, applicant_iin, applicant_phone,
           representative, branch, operator, missing, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(number.to_string())
    .bind(&row.service)
    .bind(&intake.applicant_iin)
    .bind(answers.get("contact_phone").map_or("", String::as_str))
    .bind(representative)
    .bind(&intake.branch)
    .bind(owner.account.id)
    .bind(serde_json::to_string(&missing).map_err(anyhow::Error::from)?)
    .bind(clock::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    crate::documents::delete_application(db, documents, owner, &row.id).await?;
    refusal(db, catalogue, persons, owner, &id).await
}

/// The representative the answers name, as a receipt names them.
pub fn representative_of(answers: &Answers) -> Option<ReceiptPerson> {
    let answer = |key: &str| answers.get(key).cloned().unwrap_or_default();
    (answer(keys::HAS_REPRESENTATIVE) == "yes").then(|| ReceiptPerson {
        name: answer(keys::REPRESENTATIVE_NAME),
        iin: answer(keys::REPRESENTATIVE_IIN),
        phone: answer("representative_phone"),
    })
}

#[derive(sqlx::FromRow)]
struct RefusalRow {
    id: String,
    number: String,
    service: String,
    applicant_iin: String,
    applicant_phone: String,
    representative: Option<String>,
    branch: String,
    operator_iin: String,
    missing: String,
    at: i64,
}

/// A receipt refusing intake, to the operators of the branch that gave it (others: 403
/// `forbidden`).
pub async fn refusal(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
) -> Result<IntakeRefusal, AppError> {
    let row: RefusalRow = sqlx::query_as(
        "SELECT r.id, r.number, r.service, r.applicant_iin, r.applicant_phone, r.representative,
                r.branch, a.iin AS operator_iin, r.missing, r.at
         FROM intake_refusals r JOIN accounts a ON a.id = r.operator WHERE r.id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("intake refusal".into()))?;
    if Some(row.branch.as_str()) != owner.account.branch.as_deref() {
        return Err(AppError::Forbidden);
    }
    let branch = catalogue
        .branch(&row.branch)
        .ok_or_else(|| anyhow::anyhow!("unknown branch {}", row.branch))?;
    let applicant = person(persons, &row.applicant_iin)?;
    Ok(IntakeRefusal {
        id: row.id,
        number: row.number,
        service: row.service,
        at: clock::rfc3339(row.at),
        applicant: ReceiptPerson {
            name: applicant.full_name(),
            iin: applicant.iin.to_string(),
            phone: row.applicant_phone,
        },
        representative: row
            .representative
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(anyhow::Error::from)?,
        centre: ReceiptCentre {
            branch: branch.clone(),
            operator: crate::tracking::name_of(persons, &row.operator_iin),
        },
        missing: serde_json::from_str(&row.missing).map_err(anyhow::Error::from)?,
    })
}
