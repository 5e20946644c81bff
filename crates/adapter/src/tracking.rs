//! A submitted request's course through its provider (issue 8): it enters the provider's
//! workflow in the submission's transaction; the status page shows the regulation's stages
//! with their due and actual moments; changes are announced to whoever watches (server-sent
//! events). The staff's side is `workbench`.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use qyzmet_domain::{
    Channel, Iin, PersonsDatabase, Regulation, Role, calendar,
    intake::{CentreKeeping, Handover, HandoverKind, keep_until},
    provider::provider_for,
    timeline::{self, Plan},
    tracking::{
        GroundText, Outcome, ProviderRef, RequestStatus, ResultSummary, StageStatus, TrackingEvent,
        next_step, step_done,
    },
    workflow::{Action, RequestState, WorkflowStep},
};
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::broadcast;

use crate::{catalogue::Catalogue, clock, error::AppError};

/// Announces each change of a request (its id) to the status pages watching it, and keeps
/// the requests read in the last seconds: a status page's burst of reads (the page, its live
/// changes, reloads) costs one database read. Every write that moves a request announces it,
/// which drops its entry, so this process never shows a stale status after a change.
#[derive(Clone)]
pub struct Changes {
    sender: broadcast::Sender<String>,
    /// Cancelled when the server stops: open streams end, so the stop does not wait on them.
    closing: tokio_util::sync::CancellationToken,
    recent: Arc<Mutex<Recent>>,
}

/// How long a request read is trusted without reading the database again.
const RECENT_FOR: Duration = Duration::from_secs(5);
/// More entries than this: the cache starts again (a bound, not an expected size).
const RECENT_MAX: usize = 10_000;

#[derive(Default)]
struct Recent {
    /// Counts announcements: a read that began before one is not kept.
    generation: u64,
    entries: HashMap<String, (Tracked, Instant)>,
}

impl Changes {
    pub fn new() -> Changes {
        Changes {
            sender: broadcast::channel(1024).0,
            closing: tokio_util::sync::CancellationToken::new(),
            recent: Arc::default(),
        }
    }

    pub fn announce(&self, application: &str) {
        self.forget(application);
        // No one watching is not an error.
        let _ = self.sender.send(application.to_owned());
    }

    pub fn watch(&self) -> broadcast::Receiver<String> {
        self.sender.subscribe()
    }

    /// Resolves when the server is stopping.
    pub fn closing(&self) -> tokio_util::sync::WaitForCancellationFutureOwned {
        self.closing.clone().cancelled_owned()
    }

    pub fn close(&self) {
        self.closing.cancel();
    }

    /// Drops what was read of `application` (it changed).
    fn forget(&self, application: &str) {
        if let Ok(mut recent) = self.recent.lock() {
            recent.generation += 1;
            recent.entries.remove(application);
        }
    }

    fn generation(&self) -> u64 {
        self.recent.lock().map_or(0, |r| r.generation)
    }

    fn recent(&self, application: &str) -> Option<Tracked> {
        let recent = self.recent.lock().ok()?;
        recent
            .entries
            .get(application)
            .filter(|(_, at)| at.elapsed() < RECENT_FOR)
            .map(|(tracked, _)| tracked.clone())
    }

    /// Keeps a request read when no change was announced since the read began.
    fn keep(&self, tracked: &Tracked, read_in: u64) {
        if let Ok(mut recent) = self.recent.lock()
            && recent.generation == read_in
        {
            if recent.entries.len() >= RECENT_MAX {
                recent.entries.clear();
            }
            let key = tracked.application.clone();
            recent
                .entries
                .insert(key, (tracked.clone(), Instant::now()));
        }
    }

    /// The request `application`, from the last seconds' reads or the database.
    async fn tracked(
        &self,
        db: &SqlitePool,
        application: &str,
    ) -> Result<Option<Tracked>, AppError> {
        if let Some(tracked) = self.recent(application) {
            return Ok(Some(tracked));
        }
        let read_in = self.generation();
        let found = tracked(&mut *db.acquire().await?, application).await?;
        if let Some(found) = &found {
            self.keep(found, read_in);
        }
        Ok(found)
    }
}

impl Default for Changes {
    fn default() -> Self {
        Changes::new()
    }
}

/// What the submission recorded of a request, and where its workflow is.
#[derive(sqlx::FromRow, Clone, Debug)]
pub(crate) struct Tracked {
    pub application: String,
    pub service: String,
    /// The applicant's: the portal account's, or the one a service centre applied for.
    pub applicant_iin: String,
    pub number: String,
    pub accepted_by: String,
    pub submitted_at: i64,
    pub region: Option<String>,
    pub act: Option<String>,
    pub result_due: Option<i64>,
    pub result_due_estimated: bool,
    /// The service centre that accepted it (none: the portal).
    pub branch: Option<String>,
    pub provider: String,
    pub state: String,
    pub executor: Option<i64>,
    /// The steps made, JSON `[[id, action, at, role, iin], …]`: read with the request, so the
    /// status page takes one query.
    events: String,
    /// The last event its applicant has seen.
    seen: i64,
}

impl Tracked {
    pub fn state(&self) -> RequestState {
        state_from_name(&self.state)
    }

    fn channel(&self) -> Channel {
        if self.accepted_by == ACCEPTED_BY_PORTAL {
            Channel::Portal
        } else {
            Channel::ServiceCentre
        }
    }
}

const ACCEPTED_BY_PORTAL: &str = "portal";

pub(crate) const TRACKED: &str = "SELECT w.application_id AS application, a.service,
        COALESCE(i.applicant_iin, acc.iin) AS applicant_iin, s.number, s.accepted_by, s.submitted_at, s.region, s.act,
        s.result_due, s.result_due_estimated, s.branch, w.provider, w.state, w.executor,
        COALESCE((SELECT json_group_array(json_array(e.id, e.action, e.at, ea.role, ea.iin))
                  FROM workflow_events e JOIN accounts ea ON ea.id = e.account_id
                  WHERE e.application_id = w.application_id), '[]') AS events,
        COALESCE((SELECT last_event FROM status_seen v
                  WHERE v.application_id = w.application_id), 0) AS seen
    FROM workflow w
    JOIN submissions s ON s.application_id = w.application_id
    JOIN applications a ON a.id = w.application_id
    JOIN accounts acc ON acc.id = a.account_id
    LEFT JOIN intakes i ON i.application_id = w.application_id";

pub(crate) async fn tracked(
    db: &mut SqliteConnection,
    application: &str,
) -> Result<Option<Tracked>, AppError> {
    Ok(
        sqlx::query_as(&format!("{TRACKED} WHERE w.application_id = ?"))
            .bind(application)
            .fetch_optional(db)
            .await?,
    )
}

/// The caller's own submitted request (an operator: one their branch accepted): `Forbidden`
/// for another person's, `NotFound` for none
/// (or one not submitted). One query on the usual path.
pub(crate) async fn applicants_own(
    db: &SqlitePool,
    owner: &crate::sessions::Session,
    id: &str,
) -> Result<Tracked, AppError> {
    let found = tracked(&mut *db.acquire().await?, id).await?;
    own(db, owner, id, found).await
}

/// `found` (the request `id`, if submitted) when the caller may see it.
async fn own(
    db: &SqlitePool,
    owner: &crate::sessions::Session,
    id: &str,
    found: Option<Tracked>,
) -> Result<Tracked, AppError> {
    match found {
        // The applicant's IIN: their own portal request, or one a service centre made for them.
        Some(request) if request.applicant_iin == owner.account.iin => Ok(request),
        // The operators of the branch that accepted it, who hand its result out (the routes
        // that admit operators say which: the result, to print).
        Some(request)
            if owner.account.role() == Role::Operator
                && request.branch.is_some()
                && request.branch == owner.account.branch =>
        {
            Ok(request)
        }
        Some(_) => Err(AppError::Forbidden),
        None => {
            // Says Forbidden or NotFound for the request as a draft would.
            crate::applications::owned(db, owner, id).await?;
            Err(AppError::NotFound("submission".into()))
        }
    }
}

pub fn state_from_name(name: &str) -> RequestState {
    RequestState::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .unwrap_or(RequestState::Submitted)
}

/// The regulation a request is tracked by, and its plan from the moment of submission.
pub(crate) fn course<'c>(
    catalogue: &'c Catalogue,
    request: &Tracked,
) -> Option<(&'c Regulation, Plan)> {
    let service = catalogue.service(&request.service)?;
    let regulation = service
        .regulations
        .iter()
        .find(|r| {
            Some(&r.act) == request.act.as_ref() && Some(&r.region) == request.region.as_ref()
        })
        .or_else(|| service.regulation_for(request.region.as_deref()))?;
    let plan = timeline::plan(
        regulation,
        catalogue.calendar(),
        calendar::local_from_unix(request.submitted_at),
        request.channel(),
    );
    Some((regulation, plan))
}

/// When the step a request in `state` waits for is due (Unix seconds): the issue by the
/// result's due date (the act's total, where it states one), any other step by the last of
/// the regulation's stages up to it. `None` once issued.
pub(crate) fn step_due(
    catalogue: &Catalogue,
    request: &Tracked,
    state: RequestState,
) -> Option<i64> {
    let step = next_step(state)?;
    let Some((regulation, plan)) = course(catalogue, request) else {
        // No regulation: the result's due date, if any, for every step.
        return request.result_due;
    };
    let at = if step == WorkflowStep::Issue {
        plan.result.at
    } else {
        plan.stages
            .iter()
            .filter(|p| regulation.stages[p.index].step <= step)
            .map(|p| p.due)
            .next_back()
            .or_else(|| plan.stages.first().map(|p| p.due))?
    };
    Some(calendar::unix_from_local(at))
}

/// Puts a just-submitted request into its provider's workflow; run in the submission's
/// transaction, so no request is ever submitted without a provider.
pub(crate) async fn enter(
    tx: &mut SqliteConnection,
    catalogue: &Catalogue,
    application: &str,
) -> Result<(), AppError> {
    let (service, region, accepted_by, submitted_at, result_due, act): (
        String,
        Option<String>,
        String,
        i64,
        Option<i64>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT a.service, s.region, s.accepted_by, s.submitted_at, s.result_due, s.act
         FROM submissions s JOIN applications a ON a.id = s.application_id
         WHERE s.application_id = ?",
    )
    .bind(application)
    .fetch_one(&mut *tx)
    .await?;
    let region = region.or_else(|| {
        catalogue
            .service(&service)
            .and_then(|s| s.regulations.first())
            .map(|r| r.region.clone())
    });
    let provider = region
        .as_deref()
        .and_then(|region| provider_for(catalogue.providers(), &service, region))
        .or_else(|| {
            catalogue
                .providers()
                .iter()
                .find(|p| p.services.contains(&service))
        })
        .ok_or_else(|| anyhow::anyhow!("no provider serves {service} in {region:?}"))?;
    let request = Tracked {
        application: application.to_owned(),
        service,
        applicant_iin: String::new(),
        number: String::new(),
        accepted_by,
        submitted_at,
        region,
        act,
        result_due,
        result_due_estimated: false,
        branch: None,
        provider: provider.id.clone(),
        state: "submitted".into(),
        executor: None,
        events: "[]".into(),
        seen: 0,
    };
    sqlx::query(
        "INSERT INTO workflow (application_id, provider, state, step_due, updated_at)
         VALUES (?, ?, 'submitted', ?, ?)",
    )
    .bind(application)
    .bind(&provider.id)
    .bind(step_due(catalogue, &request, RequestState::Submitted))
    .bind(submitted_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// id, action, at, role, IIN.
#[derive(serde::Deserialize)]
struct EventRow(i64, String, i64, String, String);

#[derive(sqlx::FromRow)]
pub(crate) struct ResultRow {
    pub outcome: String,
    pub grounds: String,
    pub comment: String,
    pub queue_number: Option<i64>,
    pub signed_content: Option<Vec<u8>>,
    pub signature: Option<Vec<u8>>,
    pub signed_at: Option<i64>,
    pub issued_at: Option<i64>,
}

pub(crate) async fn result_of(
    db: &mut SqliteConnection,
    application: &str,
) -> Result<Option<ResultRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT outcome, grounds, comment, queue_number, signed_content, signature,
                signed_at, issued_at
         FROM results WHERE application_id = ?",
    )
    .bind(application)
    .fetch_optional(db)
    .await?)
}

pub(crate) fn action_from_name(name: &str) -> Option<Action> {
    Action::ALL.into_iter().find(|a| a.name() == name)
}

/// A person's full name from the persons database, or their IIN where it has none.
pub(crate) fn name_of(persons: &dyn PersonsDatabase, iin: &str) -> String {
    Iin::parse(iin)
        .ok()
        .and_then(|iin| persons.find(&iin))
        .map_or_else(|| iin.to_owned(), |p| p.full_name())
}

/// The grounds' wording, in the order given.
pub(crate) fn ground_texts(
    catalogue: &Catalogue,
    service: &str,
    ids: &[String],
) -> Vec<GroundText> {
    let grounds: HashMap<&str, _> = catalogue
        .refusal_grounds(service)
        .map(|g| (g.id.as_str(), g))
        .collect();
    ids.iter()
        .filter_map(|id| grounds.get(id.as_str()))
        .map(|g| GroundText::from(*g))
        .collect()
}

/// Who may see what of the result: staff from its preparation, the applicant once issued.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Viewer {
    Applicant,
    Staff,
}

/// The status page of a tracked request, as of `now` (Unix seconds).
pub(crate) async fn status(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    request: &Tracked,
    viewer: Viewer,
    now: i64,
) -> Result<RequestStatus, AppError> {
    let state = request.state();
    let mut rows: Vec<EventRow> = serde_json::from_str(&request.events)
        .map_err(|e| anyhow::anyhow!("the events of {}: {e}", request.application))?;
    rows.sort_by_key(|row| row.0);
    let seen = request.seen;
    let mut done_at: HashMap<Action, i64> = HashMap::new();
    let events: Vec<TrackingEvent> = rows
        .iter()
        .filter_map(|row| {
            let EventRow(_, action, at, role, iin) = row;
            let action = action_from_name(action)?;
            done_at.insert(action, *at);
            Some(TrackingEvent {
                action,
                at: clock::rfc3339(*at),
                role: Role::from_name(role).unwrap_or(Role::ProviderOffice),
                by: name_of(persons, iin),
            })
        })
        .collect();
    let unread = rows.iter().filter(|r| r.0 > seen).count();
    let now_local = calendar::local_from_unix(now);
    let mut stages = Vec::new();
    if let Some((regulation, plan)) = course(catalogue, request) {
        let mut current_found = false;
        for planned in &plan.stages {
            let stage = &regulation.stages[planned.index];
            let happened = match stage.step.action() {
                None => Some(request.submitted_at),
                Some(action) => done_at.get(&action).copied(),
            }
            .filter(|_| step_done(stage.step, state));
            let current = happened.is_none() && !current_found;
            current_found |= current;
            stages.push(StageStatus {
                index: u32::try_from(planned.index).unwrap_or(u32::MAX),
                step: stage.step,
                actor: without_source(&stage.actor),
                action: without_source(&stage.action),
                duration: stage.duration,
                due: calendar::rfc3339_local(calendar::unix_from_local(planned.due)),
                done_at: happened.map(clock::rfc3339),
                overdue: timeline::overdue(
                    planned.due,
                    happened.map(calendar::local_from_unix),
                    now_local,
                ),
                current,
            });
        }
    }
    let issued_at = done_at.get(&Action::Issue).copied();
    let result_overdue = request.result_due.is_some_and(|due| {
        timeline::overdue(
            calendar::local_from_unix(due),
            issued_at.map(calendar::local_from_unix),
            now_local,
        )
    });
    let result = match viewer {
        Viewer::Applicant if state != RequestState::Issued => None,
        _ => result_of(&mut *db.acquire().await?, &request.application)
            .await?
            .map(|row| summary(catalogue, &request.service, &row)),
    };
    let provider = catalogue.provider(&request.provider).map(|p| ProviderRef {
        id: p.id.clone(),
        name: without_source(&p.name),
    });
    Ok(RequestStatus {
        application: request.application.clone(),
        number: request.number.clone(),
        service: request.service.clone(),
        state,
        submitted_at: clock::rfc3339(request.submitted_at),
        provider,
        act: request.act.clone(),
        region: request.region.clone(),
        result_due: request.result_due.map(calendar::rfc3339_local),
        result_due_estimated: request.result_due_estimated,
        result_overdue,
        stages,
        events,
        result,
        unread: u32::try_from(unread).unwrap_or(u32::MAX),
        centre: match &request.branch {
            Some(branch) => keeping(db, catalogue, persons, request, branch, issued_at).await?,
            None => None,
        },
    })
}

/// Where a centre's request's result is given, kept until a month after it was issued, and
/// whether it was handed out or passed to the provider.
async fn keeping(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    request: &Tracked,
    branch: &str,
    issued_at: Option<i64>,
) -> Result<Option<CentreKeeping>, AppError> {
    let Some(branch) = catalogue.branch(branch) else {
        return Ok(None);
    };
    let handover: Option<(String, i64, String)> =
        match issued_at {
            None => None,
            Some(_) => sqlx::query_as(
                "SELECT h.kind, h.at, a.iin FROM handovers h JOIN accounts a ON a.id = h.account_id
                 WHERE h.application_id = ?",
            )
            .bind(&request.application)
            .fetch_optional(db)
            .await?,
        };
    Ok(Some(CentreKeeping {
        branch: branch.clone(),
        keep_until: issued_at.map(|at| {
            let day = keep_until(clock::local_day(at));
            format!("{:04}-{:02}-{:02}", day.year, day.month, day.day)
        }),
        handover: handover.and_then(|(kind, at, iin)| {
            Some(Handover {
                kind: HandoverKind::from_name(&kind)?,
                at: clock::rfc3339(at),
                by: name_of(persons, &iin),
            })
        }),
    }))
}

/// A wording without its citation: the status page names the act once, and the notes would
/// make every answer several times larger.
fn without_source(text: &qyzmet_domain::Text) -> qyzmet_domain::Text {
    qyzmet_domain::Text {
        source: None,
        ..text.clone()
    }
}

pub(crate) fn summary(catalogue: &Catalogue, service: &str, row: &ResultRow) -> ResultSummary {
    let ids: Vec<String> = serde_json::from_str(&row.grounds).unwrap_or_default();
    ResultSummary {
        outcome: Outcome::from_name(&row.outcome).unwrap_or(Outcome::Refused),
        grounds: ground_texts(catalogue, service, &ids),
        comment: row.comment.clone(),
        queue_number: row.queue_number.and_then(|n| u32::try_from(n).ok()),
        signed_at: row.signed_at.map(clock::rfc3339),
        issued_at: row.issued_at.map(clock::rfc3339),
    }
}

/// Marks every change so far as seen by the applicant.
pub(crate) async fn mark_seen(db: &SqlitePool, application: &str) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO status_seen (application_id, last_event)
         SELECT ?1, COALESCE(MAX(id), 0) FROM workflow_events WHERE application_id = ?1
         ON CONFLICT (application_id) DO UPDATE SET last_event = excluded.last_event
         WHERE excluded.last_event > status_seen.last_event",
    )
    .bind(application)
    .execute(db)
    .await?;
    Ok(())
}

/// The applicant's status page data, marking its changes as seen.
pub async fn applicant_status(
    db: &SqlitePool,
    catalogue: &Catalogue,
    persons: &dyn PersonsDatabase,
    changes: &Changes,
    owner: &crate::sessions::Session,
    id: &str,
) -> Result<RequestStatus, AppError> {
    let found = changes.tracked(db, id).await?;
    let request = own(db, owner, id, found).await?;
    let page = status(
        db,
        catalogue,
        persons,
        &request,
        Viewer::Applicant,
        clock::now(),
    )
    .await?;
    if page.unread > 0 {
        mark_seen(db, &request.application).await?;
        // What was seen is part of the request as read: read it again next time.
        changes.forget(&request.application);
    }
    Ok(page)
}
