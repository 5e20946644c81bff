//! The provider's workbench (issue 8): its staff list their provider's requests by the due
//! moment of the step each waits for (the overdue first), open one with its answers and scans,
//! and take it a step on. Each step follows the one before it and is made by the role the
//! regulations name (`qyzmet_domain::workflow`); it is made by a conditional update, so two
//! people making the same step at once get one success and one conflict. Staff never see
//! another provider's requests: a request of another provider is "not found".

use qyzmet_domain::{
    PersonsDatabase, Problem, Role,
    tracking::{
        CaseAnswer, CaseDocument, CaseFile, GroundText, MAX_COMMENT_CHARS, Outcome, ProviderRef,
        StaffMember, WorkbenchAction, WorkbenchItem, WorkbenchPage,
    },
    workflow::{Action, RequestState, TransitionError, transition},
};
use sqlx::SqlitePool;

use crate::{
    catalogue::Catalogue,
    clock,
    error::AppError,
    pki::Pki,
    results,
    sessions::Session,
    tracking::{self, Changes, Tracked, Viewer, name_of},
};

pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;

/// The provider a staff member works for.
pub(crate) async fn provider_of(db: &SqlitePool, staff: &Session) -> Result<String, AppError> {
    let (provider,): (Option<String>,) =
        sqlx::query_as("SELECT provider FROM accounts WHERE id = ?")
            .bind(staff.account.id)
            .fetch_one(db)
            .await?;
    provider.ok_or(AppError::Forbidden)
}

/// A request of the staff member's own provider.
async fn own_request(db: &SqlitePool, staff: &Session, id: &str) -> Result<Tracked, AppError> {
    let provider = provider_of(db, staff).await?;
    let mut conn = db.acquire().await?;
    match tracking::tracked(&mut conn, id).await? {
        Some(request) if request.provider == provider => Ok(request),
        _ => Err(AppError::NotFound("request".into())),
    }
}

/// Which requests a page lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Not issued yet (the default).
    Open,
    /// In one state.
    State(RequestState),
}

pub async fn list(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    staff: &Session,
    filter: Filter,
    page: u32,
    per_page: u32,
) -> Result<WorkbenchPage, AppError> {
    let provider_id = provider_of(db, staff).await?;
    let provider = catalogue
        .provider(&provider_id)
        .ok_or_else(|| anyhow::anyhow!("staff of an unknown provider {provider_id}"))?;
    let page = page.max(1);
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let offset = i64::from(page - 1) * i64::from(per_page);
    // Open requests are those with a step due (an issued one has none). The page is read
    // from the index on (provider, step_due) or (provider, state, step_due) alone, in its
    // order, and only its rows are joined with the rest.
    let (condition, state) = match filter {
        Filter::Open => ("provider = ?1 AND step_due IS NOT NULL", None),
        Filter::State(state) => ("provider = ?1 AND state = ?2", Some(state.name())),
    };
    let (total,): (i64,) =
        sqlx::query_as(&format!("SELECT COUNT(*) FROM workflow WHERE {condition}"))
            .bind(&provider_id)
            .bind(state)
            .fetch_one(db)
            .await?;
    let rows: Vec<(
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        String,
        Option<String>,
    )> = sqlx::query_as(&format!(
        "SELECT w.application_id, s.number, a.service, w.state, s.submitted_at, w.step_due,
                    acc.iin, ex.iin
             FROM (SELECT application_id, state, step_due, executor, rowid AS position
                   FROM workflow WHERE {condition}
                   ORDER BY step_due, rowid LIMIT ?3 OFFSET ?4) w
             JOIN submissions s ON s.application_id = w.application_id
             JOIN applications a ON a.id = w.application_id
             JOIN accounts acc ON acc.id = a.account_id
             LEFT JOIN accounts ex ON ex.id = w.executor
             ORDER BY w.step_due, w.position"
    ))
    .bind(&provider_id)
    .bind(state)
    .bind(i64::from(per_page))
    .bind(offset)
    .fetch_all(db)
    .await?;
    let now = clock::now();
    let items = rows
        .into_iter()
        .map(
            |(application, number, service, state, submitted_at, step_due, applicant, executor)| {
                WorkbenchItem {
                    application,
                    number,
                    service,
                    state: tracking::state_from_name(&state),
                    submitted_at: clock::rfc3339(submitted_at),
                    step_due: step_due.map(qyzmet_domain::calendar::rfc3339_local),
                    overdue: step_due.is_some_and(|due| now > due),
                    applicant: name_of(persons, &applicant),
                    executor: executor.map(|iin| name_of(persons, &iin)),
                }
            },
        )
        .collect();
    Ok(WorkbenchPage {
        provider: ProviderRef {
            id: provider.id.clone(),
            name: provider.name.clone(),
        },
        items,
        total: u32::try_from(total).unwrap_or(u32::MAX),
        page,
        per_page,
    })
}

/// One request as its provider's staff open it.
pub async fn case_file(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    staff: &Session,
    id: &str,
) -> Result<CaseFile, AppError> {
    let request = own_request(db, staff, id).await?;
    let status = tracking::status(
        db,
        catalogue,
        persons,
        &request,
        Viewer::Staff,
        clock::now(),
    )
    .await?;
    let mut conn = db.acquire().await?;
    // The answers as signed: the signed content is what the provider decides on.
    let (signed,): (Vec<u8>,) =
        sqlx::query_as("SELECT signed_content FROM submissions WHERE application_id = ?")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    let answers = serde_json::from_slice::<serde_json::Value>(&signed)
        .ok()
        .and_then(|v| v.get("answers").and_then(|a| a.as_object()).cloned())
        .unwrap_or_default()
        .into_iter()
        .map(|(key, value)| CaseAnswer {
            key,
            value: value.as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    let documents: Vec<(String, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT id, slot, name, size, content_type, sha256 FROM attached_files
         WHERE application_id = ? ORDER BY created_at, rowid",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let executors: Vec<(String,)> = sqlx::query_as(
        "SELECT iin FROM accounts WHERE provider = ? AND role = 'provider_executor' ORDER BY iin",
    )
    .bind(&request.provider)
    .fetch_all(&mut *conn)
    .await?;
    let executor_iin = match request.executor {
        Some(account) => sqlx::query_as::<_, (String,)>("SELECT iin FROM accounts WHERE id = ?")
            .bind(account)
            .fetch_optional(&mut *conn)
            .await?
            .map(|(iin,)| iin),
        None => None,
    };
    Ok(CaseFile {
        status,
        applicant: name_of(persons, &request.applicant_iin),
        applicant_iin: request.applicant_iin.clone(),
        answers,
        documents: documents
            .into_iter()
            .map(
                |(id, slot, name, size, content_type, sha256)| CaseDocument {
                    id,
                    slot,
                    name,
                    size: u64::try_from(size).unwrap_or(0),
                    content_type,
                    sha256,
                },
            )
            .collect(),
        executor_iin,
        executors: executors
            .into_iter()
            .map(|(iin,)| StaffMember {
                name: name_of(persons, &iin),
                iin,
            })
            .collect(),
        grounds: catalogue
            .refusal_grounds(&request.service)
            .map(GroundText::from)
            .collect(),
    })
}

/// An attached file of a request of the staff member's provider: its blob's SHA-256, name and
/// type.
pub async fn document(
    db: &SqlitePool,
    staff: &Session,
    id: &str,
    document: &str,
) -> Result<(String, String, String), AppError> {
    own_request(db, staff, id).await?;
    sqlx::query_as(
        "SELECT sha256, name, content_type FROM attached_files WHERE id = ? AND application_id = ?",
    )
    .bind(document)
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::NotFound("document".into()))
}

/// What the executor prepared, checked.
struct Prepared {
    outcome: Outcome,
    grounds: Vec<String>,
    comment: String,
}

fn check_prepared(
    catalogue: &Catalogue,
    service: &str,
    body: &WorkbenchAction,
) -> Result<Prepared, AppError> {
    let outcome = body
        .outcome
        .ok_or_else(|| AppError::invalid("outcome", Problem::Empty))?;
    let comment = body.comment.clone().unwrap_or_default().trim().to_owned();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::invalid("comment", Problem::TooLong));
    }
    let mut grounds = body.grounds.clone();
    grounds.dedup();
    let known = |id: &String| catalogue.refusal_grounds(service).any(|g| &g.id == id);
    if outcome == Outcome::Granted && !grounds.is_empty() || !grounds.iter().all(known) {
        return Err(AppError::invalid("grounds", Problem::NotAChoice));
    }
    if outcome == Outcome::Refused && grounds.is_empty() && comment.is_empty() {
        return Err(AppError::invalid("grounds", Problem::ReasonNeeded));
    }
    Ok(Prepared {
        outcome,
        grounds,
        comment,
    })
}

/// The executor a head names: an executor of the same provider.
async fn executor_named(
    db: &SqlitePool,
    provider: &str,
    body: &WorkbenchAction,
) -> Result<i64, AppError> {
    let iin = body
        .executor
        .as_deref()
        .ok_or_else(|| AppError::invalid("executor", Problem::Empty))?;
    sqlx::query_as::<_, (i64,)>(
        "SELECT id FROM accounts WHERE iin = ? AND provider = ? AND role = 'provider_executor'",
    )
    .bind(iin)
    .bind(provider)
    .fetch_optional(db)
    .await?
    .map(|(id,)| id)
    .ok_or_else(|| AppError::invalid("executor", Problem::NotAChoice))
}

fn refused(err: TransitionError) -> AppError {
    match err {
        TransitionError::WrongRole { .. } => AppError::Forbidden,
        TransitionError::OutOfOrder { .. } => out_of_order(),
        TransitionError::NotTheExecutor => AppError::Conflict {
            field: "action".into(),
            problem: Problem::NotTheExecutor,
        },
    }
}

fn out_of_order() -> AppError {
    AppError::Conflict {
        field: "action".into(),
        problem: Problem::OutOfOrder,
    }
}

/// Takes a request of the staff member's provider one step on, and returns its case file.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    db: &SqlitePool,
    catalogue: &Catalogue,
    pki: &Pki,
    persons: &dyn PersonsDatabase,
    changes: &Changes,
    staff: &Session,
    id: &str,
    body: &WorkbenchAction,
) -> Result<CaseFile, AppError> {
    let request = own_request(db, staff, id).await?;
    let role: Role = staff.account.role();
    let state = request.state();
    transition(
        state,
        body.action,
        role,
        request.executor == Some(staff.account.id),
    )
    .map_err(refused)?;
    // What goes with the action is checked before anything changes.
    let executor = match body.action {
        Action::Assign => Some(executor_named(db, &request.provider, body).await?),
        _ => None,
    };
    let prepared = match body.action {
        Action::Prepare => Some(check_prepared(catalogue, &request.service, body)?),
        _ => None,
    };
    let signer = match body.action {
        Action::Sign => {
            let provider = catalogue
                .provider(&request.provider)
                .ok_or_else(|| anyhow::anyhow!("unknown provider {}", request.provider))?;
            Some(pki.provider_signer(&provider.id, &provider.name.ru).await?)
        }
        _ => None,
    };
    let next = body.action.to();
    let now = clock::now();
    let mut tx = db.begin().await?;
    // The first statement writes: the transaction holds the write lock from here on, and the
    // condition on the state makes a second, simultaneous attempt change nothing.
    let moved = sqlx::query(
        "UPDATE workflow SET state = ?, executor = COALESCE(?, executor), step_due = ?,
                updated_at = ?
         WHERE application_id = ? AND state = ?",
    )
    .bind(next.name())
    .bind(executor)
    .bind(tracking::step_due(catalogue, &request, next))
    .bind(now)
    .bind(id)
    .bind(state.name())
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Err(out_of_order());
    }
    sqlx::query(
        "INSERT INTO workflow_events (application_id, action, account_id, at) VALUES (?, ?, ?, ?)",
    )
    .bind(id)
    .bind(body.action.name())
    .bind(staff.account.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    match (body.action, prepared, signer) {
        (Action::Prepare, Some(prepared), _) => {
            sqlx::query(
                "INSERT INTO results (application_id, outcome, grounds, comment, prepared_at)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(prepared.outcome.name())
            .bind(serde_json::to_string(&prepared.grounds).map_err(anyhow::Error::from)?)
            .bind(&prepared.comment)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        (Action::Sign, _, Some(signer)) => {
            results::sign(&mut tx, &request, &signer, now).await?;
        }
        (Action::Issue, _, _) => {
            sqlx::query("UPDATE results SET issued_at = ? WHERE application_id = ?")
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        _ => {}
    }
    tx.commit().await?;
    changes.announce(id);
    case_file(db, catalogue, persons, staff, id).await
}
