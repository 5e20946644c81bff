//! A service centre's results and its day (issue 9): the requests it accepted, found by
//! number or IIN when the applicant comes back; each result handed out against the journal
//! (002 §5) or, after a month uncollected, passed to the provider (001 §10, 002 §12), and
//! only by the branch that accepted the request; what the branch did today.

use qyzmet_domain::{
    Iin, PersonsDatabase, Problem, RequestNumber,
    form::Day,
    intake::{CentreDay, CentreResult, Handover, HandoverKind, keep_until as kept_until, median},
};
use sqlx::SqlitePool;

use crate::{
    applications::today, clock, clock::local_day as calendar_day, error::AppError,
    intake::branch_of, sessions::Session, tracking,
};

/// At most this many requests answer one search.
const SEARCH_LIMIT: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    application: String,
    number: String,
    service: String,
    applicant_iin: String,
    branch: String,
    state: String,
    outcome: Option<String>,
    issued_at: Option<i64>,
    handover_kind: Option<String>,
    handover_at: Option<i64>,
    handover_by: Option<String>,
}

const ROWS: &str = "SELECT s.application_id AS application, s.number, a.service, i.applicant_iin,
        s.branch, w.state, r.outcome, r.issued_at, h.kind AS handover_kind, h.at AS handover_at,
        ha.iin AS handover_by
    FROM submissions s
    JOIN intakes i ON i.application_id = s.application_id
    JOIN applications a ON a.id = s.application_id
    JOIN workflow w ON w.application_id = s.application_id
    LEFT JOIN results r ON r.application_id = s.application_id
    LEFT JOIN handovers h ON h.application_id = s.application_id
    LEFT JOIN accounts ha ON ha.id = h.account_id";

impl Row {
    /// The last day the centre keeps the result, once issued.
    fn keep_until(&self) -> Option<Day> {
        self.issued_at.map(|at| kept_until(calendar_day(at)))
    }

    fn into_result(self, persons: &dyn PersonsDatabase) -> CentreResult {
        let keep_until = self.keep_until().map(iso);
        let handover = match (self.handover_kind.as_deref(), self.handover_at) {
            (Some(kind), Some(at)) => HandoverKind::from_name(kind).map(|kind| Handover {
                kind,
                at: clock::rfc3339(at),
                by: self
                    .handover_by
                    .as_deref()
                    .map(|iin| tracking::name_of(persons, iin))
                    .unwrap_or_default(),
            }),
            _ => None,
        };
        CentreResult {
            applicant: tracking::name_of(persons, &self.applicant_iin),
            application: self.application,
            number: self.number,
            service: self.service,
            applicant_iin: self.applicant_iin,
            branch: self.branch,
            state: tracking::state_from_name(&self.state),
            outcome: self.outcome.as_deref().and_then(|o| {
                qyzmet_domain::tracking::Outcome::ALL
                    .into_iter()
                    .find(|x| x.name() == o)
            }),
            issued_at: self.issued_at.map(clock::rfc3339),
            keep_until,
            handover,
        }
    }
}

fn iso(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.year, day.month, day.day)
}

/// The requests service centres accepted with this number, or for this applicant's IIN, the
/// latest first (every branch's: the operator sees where a result waits).
pub async fn search(
    db: &SqlitePool,
    persons: &dyn PersonsDatabase,
    query: &str,
) -> Result<Vec<CentreResult>, AppError> {
    let query = query.trim();
    if query.is_empty() {
        return Err(AppError::invalid("q", Problem::Empty));
    }
    let (condition, value) = if let Some(number) = RequestNumber::parse(query) {
        ("s.number = ?", number.to_string())
    } else if let Ok(iin) = Iin::parse(query) {
        ("i.applicant_iin = ?", iin.to_string())
    } else {
        return Err(AppError::invalid("q", Problem::NotAChoice));
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROWS} WHERE {condition} ORDER BY s.submitted_at DESC LIMIT ?"
    ))
    .bind(value)
    .bind(SEARCH_LIMIT)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.into_result(persons)).collect())
}

/// The results this branch has kept past their month, uncollected: to pass to the provider.
pub async fn uncollected(
    db: &SqlitePool,
    persons: &dyn PersonsDatabase,
    owner: &Session,
) -> Result<Vec<CentreResult>, AppError> {
    let branch = branch_of(owner)?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{ROWS} WHERE s.branch = ? AND r.issued_at IS NOT NULL AND h.application_id IS NULL
         ORDER BY r.issued_at"
    ))
    .bind(branch)
    .fetch_all(db)
    .await?;
    let today = today();
    Ok(rows
        .into_iter()
        .filter(|r| r.keep_until().is_some_and(|until| until < today))
        .map(|r| r.into_result(persons))
        .collect())
}

/// Records a hand-over of request `id`'s result at the caller's branch: `conflict` at
/// `branch` (`another_branch`) when another branch accepted it; at `kind` (`not_ready`) when
/// it is not at the centre (not issued, or already handed over), (`still_kept`) when passed
/// to the provider before its month is out. Two operators at once: one succeeds.
pub async fn hand_over(
    db: &SqlitePool,
    persons: &dyn PersonsDatabase,
    owner: &Session,
    id: &str,
    kind: HandoverKind,
) -> Result<CentreResult, AppError> {
    let branch = branch_of(owner)?;
    let row = one(db, id).await?;
    if row.branch != branch {
        return Err(AppError::Conflict {
            field: "branch".into(),
            problem: Problem::AnotherBranch,
        });
    }
    let not_ready = || AppError::Conflict {
        field: "kind".into(),
        problem: Problem::NotReady,
    };
    let Some(until) = row.keep_until() else {
        return Err(not_ready());
    };
    if kind == HandoverKind::PassedToProvider && today() <= until {
        return Err(AppError::Conflict {
            field: "kind".into(),
            problem: Problem::StillKept,
        });
    }
    let inserted = sqlx::query(
        "INSERT INTO handovers (application_id, kind, account_id, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (application_id) DO NOTHING",
    )
    .bind(id)
    .bind(kind.name())
    .bind(owner.account.id)
    .bind(clock::now())
    .execute(db)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(not_ready());
    }
    Ok(one(db, id).await?.into_result(persons))
}

async fn one(db: &SqlitePool, id: &str) -> Result<Row, AppError> {
    sqlx::query_as(&format!("{ROWS} WHERE s.application_id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(|| AppError::NotFound("request accepted at a service centre".into()))
}

/// What the caller's branch did today (Kazakhstan's day): requests accepted, intakes refused,
/// results handed out and passed on, and the median minutes from starting a request to
/// sending it.
pub async fn day(db: &SqlitePool, owner: &Session) -> Result<CentreDay, AppError> {
    let branch = branch_of(owner)?;
    let today = today();
    let start = crate::clock::start_of_local_day(today);
    let end = start + 24 * 60 * 60;
    let durations: Vec<(i64,)> = sqlx::query_as(
        "SELECT s.submitted_at - i.created_at FROM submissions s
         JOIN intakes i ON i.application_id = s.application_id
         WHERE s.branch = ? AND s.submitted_at >= ? AND s.submitted_at < ?",
    )
    .bind(branch)
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?;
    let (refused,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM intake_refusals WHERE branch = ? AND at >= ? AND at < ?",
    )
    .bind(branch)
    .bind(start)
    .bind(end)
    .fetch_one(db)
    .await?;
    let handovers: Vec<(String, i64)> = sqlx::query_as(
        "SELECT h.kind, COUNT(*) FROM handovers h
         JOIN submissions s ON s.application_id = h.application_id
         WHERE s.branch = ? AND h.at >= ? AND h.at < ? GROUP BY h.kind",
    )
    .bind(branch)
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?;
    let count = |kind: HandoverKind| {
        handovers
            .iter()
            .find(|(k, _)| k == kind.name())
            .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(0))
    };
    let mut minutes: Vec<u32> = durations
        .iter()
        .map(|(seconds,)| u32::try_from(seconds / 60).unwrap_or(0))
        .collect();
    Ok(CentreDay {
        day: iso(today),
        accepted: u32::try_from(durations.len()).unwrap_or(u32::MAX),
        refused: u32::try_from(refused).unwrap_or(0),
        handed_out: count(HandoverKind::HandedOut),
        passed_to_provider: count(HandoverKind::PassedToProvider),
        median_minutes: median(&mut minutes),
    })
}
