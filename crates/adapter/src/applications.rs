//! Requests for services, while drafts: created by a citizen for a service, their answers saved
//! one change at a time (checked by the form's own rules, ordered by the browser's `seq`), read
//! and deleted only by their applicant.

use qyzmet_domain::{
    PersonsDatabase, Problem,
    application::{Application, ApplicationStatus, ApplicationSummary, Progress},
    form::{Answers, Day, FormDefinition},
};
use sqlx::SqlitePool;

use crate::{catalogue::Catalogue, clock, error::AppError, sessions::Session};

/// At most this many answers in one save, and this long a key: more is not a person typing.
const MAX_ANSWERS_PER_SAVE: usize = 200;
/// JavaScript's largest exact integer: the browser's counter stays below it.
const MAX_SEQ: u64 = (1 << 53) - 1;

/// Today in Kazakhstan (one time zone, UTC+5, since 1 March 2024): for "not in the future".
pub fn today() -> Day {
    let now = time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(5, 0, 0).unwrap_or(time::UtcOffset::UTC));
    Day {
        year: u32::try_from(now.year()).unwrap_or(0),
        month: u32::from(u8::from(now.month())),
        day: u32::from(now.day()),
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub id: String,
    account_id: i64,
    pub service: String,
    created_at: i64,
    updated_at: i64,
    /// The request number, once submitted.
    pub number: Option<String>,
    /// Its provider's workflow state, once submitted.
    state: Option<String>,
    /// Steps made since the applicant last opened its status.
    unread: i64,
    /// Made at a service centre: the applicant's IIN.
    intake_applicant: Option<String>,
}

impl Row {
    fn status(&self) -> ApplicationStatus {
        match self.number {
            Some(_) => ApplicationStatus::Submitted,
            None => ApplicationStatus::Draft,
        }
    }
}

/// The columns of `Row`, for `FROM applications a`.
const ROW: &str = "a.id, a.account_id, a.service, a.created_at, a.updated_at,
    (SELECT number FROM submissions s WHERE s.application_id = a.id) AS number,
    (SELECT state FROM workflow w WHERE w.application_id = a.id) AS state,
    (SELECT COUNT(*) FROM workflow_events e WHERE e.application_id = a.id AND e.id >
        COALESCE((SELECT last_event FROM status_seen v WHERE v.application_id = a.id), 0))
        AS unread,
    (SELECT applicant_iin FROM intakes i WHERE i.application_id = a.id) AS intake_applicant";

fn progress(form: Option<&FormDefinition>, answers: &Answers) -> Progress {
    let (done, total) = form.map_or((0, 0), |form| form.progress(answers, today()));
    Progress { done, total }
}

pub async fn create(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    service: &str,
) -> Result<Application, AppError> {
    if catalogue.form(service).is_none() {
        return Err(AppError::invalid("service", Problem::NotAChoice));
    }
    let id = random_id()?;
    let now = clock::now();
    sqlx::query(
        "INSERT INTO applications (id, account_id, service, status, created_at, updated_at)
         VALUES (?, ?, ?, 'draft', ?, ?)",
    )
    .bind(&id)
    .bind(owner.account.id)
    .bind(service)
    .bind(now)
    .bind(now)
    .execute(db)
    .await?;
    get(db, catalogue, persons, owner, &id).await
}

/// 32 random hex digits: an id no one can guess.
pub fn random_id() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The caller's own application: another person's is `forbidden`, a missing one `not_found`.
/// A request an operator accepted for a citizen is, once submitted, also that citizen's (to
/// read: a submitted request takes no changes).
pub(crate) async fn owned(db: &SqlitePool, owner: &Session, id: &str) -> Result<Row, AppError> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {ROW} FROM applications a WHERE a.id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    match row {
        None => Err(AppError::NotFound("application".into())),
        Some(row) if row.account_id == owner.account.id => Ok(row),
        Some(row) if row.number.is_some() && is_applicant(&row, owner) => Ok(row),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The citizen a service centre applied for.
fn is_applicant(row: &Row, owner: &Session) -> bool {
    owner.account.role() == qyzmet_domain::Role::Citizen
        && row.intake_applicant.as_deref() == Some(owner.account.iin.as_str())
}

async fn answers(db: &SqlitePool, id: &str) -> Result<Answers, AppError> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT key, value FROM answers WHERE application_id = ?")
            .bind(id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().collect())
}

pub async fn get(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
) -> Result<Application, AppError> {
    let row = owned(db, owner, id).await?;
    let answers = answers(db, &row.id).await?;
    let intake = crate::intake::intake(&mut *db.acquire().await?, persons, &row.id).await?;
    Ok(Application {
        intake,
        progress: progress(catalogue.form(&row.service), &answers),
        status: row.status(),
        id: row.id,
        service: row.service,
        number: row.number,
        answers,
        created_at: clock::rfc3339(row.created_at),
        updated_at: clock::rfc3339(row.updated_at),
    })
}

/// The caller's applications, the latest change first: a citizen's include the requests a
/// service centre submitted for them.
pub async fn list(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
) -> Result<Vec<ApplicationSummary>, AppError> {
    let citizen = owner.account.role() == qyzmet_domain::Role::Citizen;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {ROW} FROM applications a
         WHERE a.account_id = ?1 OR (?2 IS NOT NULL AND a.id IN (
             SELECT i.application_id FROM intakes i
             JOIN submissions s ON s.application_id = i.application_id
             WHERE i.applicant_iin = ?2))
         ORDER BY a.updated_at DESC, a.created_at DESC"
    ))
    .bind(owner.account.id)
    .bind(citizen.then_some(owner.account.iin.as_str()))
    .fetch_all(db)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in rows {
        let answers = answers(db, &row.id).await?;
        list.push(ApplicationSummary {
            progress: progress(catalogue.form(&row.service), &answers),
            status: row.status(),
            id: row.id,
            service: row.service,
            number: row.number,
            updated_at: clock::rfc3339(row.updated_at),
            state: row.state.as_deref().map(crate::tracking::state_from_name),
            unread: u32::try_from(row.unread).unwrap_or(0),
        });
    }
    Ok(list)
}

/// Saves some answers: all of them or, if any breaks its field's format rules, none (the
/// answer is `invalid_input` naming each field and rule; the browser keeps what was typed).
pub async fn save(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
    update: qyzmet_domain::application::AnswersUpdate,
) -> Result<Application, AppError> {
    let row = owned(db, owner, id).await?;
    if update.answers.len() > MAX_ANSWERS_PER_SAVE {
        return Err(AppError::invalid("answers", Problem::TooLong));
    }
    if update.seq > MAX_SEQ {
        return Err(AppError::invalid("seq", Problem::TooLarge));
    }
    let form = catalogue
        .form(&row.service)
        .ok_or_else(|| anyhow::anyhow!("application {} of an unknown service", row.id))?;
    let problems = form.check_answers(&update.answers, today());
    if !problems.is_empty() {
        return Err(AppError::InvalidFields(problems));
    }
    let seq = i64::try_from(update.seq).unwrap_or(i64::MAX);
    let mut tx = db.begin().await?;
    crate::submissions::lock_draft(&mut tx, &row.id).await?;
    for (key, value) in &update.answers {
        sqlx::query(
            "INSERT INTO answers (application_id, key, value, seq) VALUES (?, ?, ?, ?)
             ON CONFLICT (application_id, key) DO UPDATE SET value = excluded.value, seq = excluded.seq
             WHERE excluded.seq > answers.seq",
        )
        .bind(&row.id)
        .bind(key)
        .bind(value)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    get(db, catalogue, persons, owner, id).await
}
