//! The electronic queue (issue 10): a citizen books a slot at a branch (003 §9: "электрондық
//! кезекті портал арқылы брондауға болады"), checks in at the branch's kiosk, and is called to
//! a window with the walk-in tickets in between; the hall's display follows the calls.
//!
//! A slot's places are taken in one write transaction (`BEGIN IMMEDIATE`: SQLite's single
//! writer), which counts the slot's bookings and the person's before inserting, so under any
//! number of concurrent attempts a slot never holds more than its capacity; a cancelled or
//! moved booking stops holding its place in the same statement that changes it.

use chrono::{NaiveDate, NaiveDateTime};
use qyzmet_domain::{
    Problem,
    booking::{
        Board, BoardCall, Booking, BookingRequest, BookingState, Bookings, BranchCalendar,
        BranchDay, BranchHours, COLLECT_RESULT, Closure, DaySlots, QueueBranch, QueueBranches,
        QueueToday, SlotView, Ticket, TicketOutcome, TimeRange,
    },
    calendar::{DayKind, local_from_unix, rfc3339_local, unix_from_local},
    intake::Branch,
    queue::{
        BookingRules, BranchSchedule, QueueProblem, QueueSlot, TicketKind, WaitingTicket,
        booking_code, check_in as check_in_rule, day_waits, next_to_call, parse_booking_code,
        ticket_label, waited_minutes,
    },
};
use sqlx::{SqliteConnection, SqlitePool};

use crate::{
    applications::random_id, catalogue::Catalogue, error::AppError, intake::branch_of,
    sessions::Session,
};

/// How many calls the hall's display shows.
const BOARD_CALLS: i64 = 8;

/// The error a queue rule gives: a slot that cannot be booked is the input's fault (422); a
/// place that is gone, or a limit, a conflict with what is held (409).
pub fn queue_error(field: &str, problem: QueueProblem) -> AppError {
    let code = Problem::from(problem);
    match problem {
        QueueProblem::SlotFull
        | QueueProblem::AlreadyBooked
        | QueueProblem::LimitReached
        | QueueProblem::Cancelled
        | QueueProblem::TooLate
        | QueueProblem::TooEarly => AppError::Conflict {
            field: field.to_owned(),
            problem: code,
        },
        QueueProblem::UnknownBranch | QueueProblem::NotFound => {
            AppError::NotFound(field.to_owned())
        }
        QueueProblem::NotYours => AppError::Forbidden,
        _ => AppError::invalid(field, code),
    }
}

fn hm(time: chrono::NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

fn hours_of(schedule: &BranchSchedule) -> BranchHours {
    BranchHours {
        weekdays: TimeRange {
            from: hm(schedule.opens),
            to: hm(schedule.closes),
        },
        lunch: schedule.lunch.map(|l| TimeRange {
            from: hm(l.from),
            to: hm(l.to),
        }),
        saturday: schedule.saturday.map(|s| TimeRange {
            from: hm(s.opens),
            to: hm(s.closes),
        }),
        windows: schedule.windows,
        slot_minutes: schedule.slot_minutes,
        time_zone: schedule.time_zone.clone(),
    }
}

/// A branch that takes bookings, with its schedule.
fn branch_schedule<'a>(
    catalogue: &'a Catalogue,
    id: &str,
) -> Result<(&'a Branch, &'a BranchSchedule), AppError> {
    let schedule = catalogue.queue().schedule(id);
    match (catalogue.branch(id), schedule) {
        (Some(branch), Some(schedule)) => Ok((branch, schedule)),
        _ => Err(queue_error("branch", QueueProblem::UnknownBranch)),
    }
}

pub fn branches(catalogue: &Catalogue) -> QueueBranches {
    QueueBranches {
        branches: catalogue
            .branches()
            .iter()
            .filter_map(|branch| {
                let schedule = catalogue.queue().schedule(&branch.id)?;
                Some(QueueBranch {
                    branch: branch.clone(),
                    hours: hours_of(schedule),
                })
            })
            .collect(),
    }
}

/// Places held in each slot of a branch between two moments (Unix seconds, end excluded).
async fn held(
    db: impl sqlx::SqliteExecutor<'_>,
    branch: &str,
    from: i64,
    until: i64,
) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT slot_start, COUNT(*) FROM queue_bookings
         WHERE branch = ? AND state IN ('booked', 'arrived') AND slot_start >= ? AND slot_start < ?
         GROUP BY slot_start",
    )
    .bind(branch)
    .bind(from)
    .bind(until)
    .fetch_all(db)
    .await?)
}

fn slot_views(slots: &[QueueSlot], taken: &[(i64, i64)]) -> Vec<SlotView> {
    slots
        .iter()
        .map(|slot| {
            let start = unix_from_local(slot.start);
            let used = taken
                .iter()
                .find(|(at, _)| *at == start)
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(u32::MAX));
            SlotView {
                start: rfc3339_local(start),
                end: rfc3339_local(unix_from_local(slot.end)),
                capacity: slot.capacity,
                left: slot.capacity.saturating_sub(used),
            }
        })
        .collect()
}

fn day_bounds(date: NaiveDate) -> (i64, i64) {
    let start = unix_from_local(date.and_time(chrono::NaiveTime::MIN));
    (start, start + 86_400)
}

fn now_local(now: i64) -> NaiveDateTime {
    local_from_unix(now)
}

/// The free slots of a day at a branch; none on a closed day or beyond the horizon.
pub async fn slots(
    db: &SqlitePool,
    catalogue: &Catalogue,
    branch: &str,
    date: NaiveDate,
    now: i64,
) -> Result<DaySlots, AppError> {
    let (_, schedule) = branch_schedule(catalogue, branch)?;
    let rules = &catalogue.queue().rules;
    let local = now_local(now);
    let horizon = local.date() + chrono::Days::new(rules.horizon_days.into());
    let slots = if date > horizon {
        Vec::new()
    } else {
        schedule.slots(catalogue.calendar(), date, local)
    };
    let (from, until) = day_bounds(date);
    let taken = held(db, branch, from, until).await?;
    Ok(DaySlots {
        date: date.to_string(),
        slots: slot_views(&slots, &taken),
    })
}

/// Why a branch is closed on `date` (None: open).
fn closure(catalogue: &Catalogue, schedule: &BranchSchedule, date: NaiveDate) -> Option<Closure> {
    if schedule.hours_on(catalogue.calendar(), date).is_some() {
        return None;
    }
    if schedule.days_off.contains(&date) {
        return Some(Closure::BranchDayOff);
    }
    Some(match catalogue.calendar().day(date).map(|d| d.kind) {
        Some(DayKind::Holiday) => Closure::Holiday,
        Some(DayKind::DayOff) => Closure::DayOff,
        _ => Closure::Weekend,
    })
}

/// A branch's page: its hours, and today to the horizon with the places left each day.
pub async fn calendar(
    db: &SqlitePool,
    catalogue: &Catalogue,
    branch: &str,
    now: i64,
) -> Result<BranchCalendar, AppError> {
    let (found, schedule) = branch_schedule(catalogue, branch)?;
    let rules = &catalogue.queue().rules;
    let local = now_local(now);
    let first = local.date();
    let last = first + chrono::Days::new(rules.horizon_days.into());
    let (from, _) = day_bounds(first);
    let (_, until) = day_bounds(last);
    let taken = held(db, branch, from, until).await?;
    let days = first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|date| {
            let hours = schedule.hours_on(catalogue.calendar(), date);
            let slots = schedule.slots(catalogue.calendar(), date, local);
            let free = slot_views(&slots, &taken).iter().map(|s| s.left).sum();
            let holiday = catalogue
                .calendar()
                .day(date)
                .filter(|d| d.kind == DayKind::Holiday)
                .and_then(|d| {
                    Some(qyzmet_domain::Text {
                        kk: d.kk.clone()?,
                        ru: d.ru.clone()?,
                        source: None,
                        translated: Vec::new(),
                    })
                });
            BranchDay {
                date: date.to_string(),
                hours: hours.map(|h| TimeRange {
                    from: hm(h.opens),
                    to: hm(h.closes),
                }),
                lunch: hours.and_then(|h| h.lunch).map(|l| TimeRange {
                    from: hm(l.from),
                    to: hm(l.to),
                }),
                closed: closure(catalogue, schedule, date),
                holiday,
                free,
            }
        })
        .collect();
    Ok(BranchCalendar {
        branch: found.clone(),
        hours: hours_of(schedule),
        days,
    })
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    id: String,
    code: String,
    person_iin: String,
    branch: String,
    purpose: String,
    slot_start: i64,
    slot_end: i64,
    state: String,
    booked_at: i64,
    ticket_kind: Option<String>,
    ticket_number: Option<i64>,
}

const BOOKING_ROW: &str = "SELECT b.id, b.code, b.person_iin, b.branch, b.purpose, b.slot_start,
        b.slot_end, b.state, b.booked_at, t.kind AS ticket_kind, t.number AS ticket_number
    FROM queue_bookings b LEFT JOIN queue_tickets t ON t.booking_id = b.id";

impl BookingRow {
    /// A booking not checked in by the end of its grace period has lapsed.
    fn state(&self, rules: &BookingRules, now: i64) -> BookingState {
        let state = BookingState::from_name(&self.state).unwrap_or(BookingState::Cancelled);
        if state == BookingState::Booked && now > self.slot_start + rules.grace_seconds() {
            BookingState::Expired
        } else {
            state
        }
    }

    fn into_booking(self, catalogue: &Catalogue, now: i64) -> Booking {
        let rules = &catalogue.queue().rules;
        let state = self.state(rules, now);
        let ticket = match (self.ticket_kind.as_deref(), self.ticket_number) {
            (Some(kind), Some(n)) => TicketKind::from_name(kind)
                .map(|kind| ticket_label(kind, u32::try_from(n).unwrap_or(0))),
            _ => None,
        };
        // A branch since taken out of the data keeps its id as its name.
        let branch = catalogue.branch(&self.branch).cloned().unwrap_or_else(|| {
            let id = qyzmet_domain::Text {
                kk: self.branch.clone(),
                ru: self.branch.clone(),
                source: None,
                translated: Vec::new(),
            };
            Branch {
                id: self.branch.clone(),
                region: String::new(),
                phone: String::new(),
                name: id.clone(),
                address: id,
            }
        });
        Booking {
            id: self.id,
            code: self.code,
            branch,
            purpose: self.purpose,
            start: rfc3339_local(self.slot_start),
            end: rfc3339_local(self.slot_end),
            state,
            booked_at: rfc3339_local(self.booked_at),
            check_in_from: rfc3339_local(self.slot_start - rules.arrive_early_seconds()),
            check_in_until: rfc3339_local(self.slot_start + rules.grace_seconds()),
            ticket,
        }
    }
}

/// A slot's start as sent: local RFC 3339 with `+05:00`, or without an offset.
fn parse_start(text: &str) -> Result<NaiveDateTime, AppError> {
    let text = text.trim();
    let bad = || AppError::invalid("start", Problem::NotADate);
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        // Any offset names one instant: the slot is its local (UTC+5) time.
        return Ok(local_from_unix(at.timestamp()));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(bad)
}

fn check_purpose(catalogue: &Catalogue, purpose: &str) -> Result<(), AppError> {
    if purpose == COLLECT_RESULT || catalogue.service(purpose).is_some() {
        Ok(())
    } else {
        Err(AppError::invalid("purpose", Problem::NotAChoice))
    }
}

/// Books a slot for the caller, or moves their booking `moving` to it (same id and code; the
/// old place is free as the transaction commits).
pub async fn book(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
    request: &BookingRequest,
    moving: Option<&str>,
    now: i64,
) -> Result<Booking, AppError> {
    let (_, schedule) = branch_schedule(catalogue, &request.branch)?;
    check_purpose(catalogue, &request.purpose)?;
    let start = parse_start(&request.start)?;
    let rules = &catalogue.queue().rules;
    let slot = schedule
        .check_slot(catalogue.calendar(), start, now_local(now), rules)
        .map_err(|p| queue_error("start", p))?;
    let slot_start = unix_from_local(slot.start);
    let iin = owner.account.iin.as_str();

    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(id) = moving {
        let row = booking_row(&mut tx, id).await?;
        if row.person_iin != iin {
            return Err(queue_error("id", QueueProblem::NotFound));
        }
        if row.state(rules, now) != BookingState::Booked {
            return Err(queue_error("id", QueueProblem::Cancelled));
        }
    }
    // The person's other bookings still ahead (a lapsed one holds nothing).
    let others: Vec<(i64,)> = sqlx::query_as(
        "SELECT slot_start FROM queue_bookings
         WHERE person_iin = ? AND state IN ('booked', 'arrived') AND id <> ? AND slot_start >= ?",
    )
    .bind(iin)
    .bind(moving.unwrap_or(""))
    .bind(now - rules.grace_seconds())
    .fetch_all(&mut *tx)
    .await?;
    let others: Vec<NaiveDateTime> = others.into_iter().map(|(s,)| local_from_unix(s)).collect();
    rules
        .check_limits(&others, slot.start)
        .map_err(|p| queue_error("start", p))?;
    let (taken,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM queue_bookings
         WHERE branch = ? AND slot_start = ? AND state IN ('booked', 'arrived') AND id <> ?",
    )
    .bind(&request.branch)
    .bind(slot_start)
    .bind(moving.unwrap_or(""))
    .fetch_one(&mut *tx)
    .await?;
    if taken >= i64::from(slot.capacity) {
        return Err(queue_error("start", QueueProblem::SlotFull));
    }
    let slot_end = unix_from_local(slot.end);
    let id = match moving {
        Some(id) => {
            sqlx::query(
                "UPDATE queue_bookings SET branch = ?, purpose = ?, slot_start = ?, slot_end = ?,
                   changed_at = ? WHERE id = ?",
            )
            .bind(&request.branch)
            .bind(&request.purpose)
            .bind(slot_start)
            .bind(slot_end)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id.to_owned()
        }
        None => {
            let id = random_id()?;
            let code = free_code(&mut tx).await?;
            sqlx::query(
                "INSERT INTO queue_bookings (id, code, person_iin, branch, purpose, slot_start,
                   slot_end, booked_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(&code)
            .bind(iin)
            .bind(&request.branch)
            .bind(&request.purpose)
            .bind(slot_start)
            .bind(slot_end)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            id
        }
    };
    let row = booking_row(&mut tx, &id).await?;
    tx.commit().await?;
    Ok(row.into_booking(catalogue, now))
}

/// A booking code no booking has yet.
async fn free_code(tx: &mut SqliteConnection) -> Result<String, AppError> {
    for _ in 0..16 {
        let mut random = [0u8; 6];
        getrandom::fill(&mut random).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
        let code = booking_code(random);
        let (used,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM queue_bookings WHERE code = ?")
            .bind(&code)
            .fetch_one(&mut *tx)
            .await?;
        if used == 0 {
            return Ok(code);
        }
    }
    Err(anyhow::anyhow!("no free booking code after 16 tries").into())
}

async fn booking_row(tx: &mut SqliteConnection, id: &str) -> Result<BookingRow, AppError> {
    sqlx::query_as(&format!("{BOOKING_ROW} WHERE b.id = ?"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| queue_error("id", QueueProblem::NotFound))
}

/// The caller's bookings: those ahead soonest first, then the past ones latest first.
pub async fn bookings(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
    now: i64,
) -> Result<Bookings, AppError> {
    let rows: Vec<BookingRow> = sqlx::query_as(&format!(
        "{BOOKING_ROW} WHERE b.person_iin = ? ORDER BY b.slot_start LIMIT 200"
    ))
    .bind(&owner.account.iin)
    .fetch_all(db)
    .await?;
    let (mut ahead, mut past): (Vec<Booking>, Vec<Booking>) = rows
        .into_iter()
        .map(|row| row.into_booking(catalogue, now))
        .partition(|b| b.state.holds_place());
    past.reverse();
    ahead.extend(past);
    Ok(Bookings { bookings: ahead })
}

/// One of the caller's bookings (another person's is not found).
pub async fn booking(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
    id: &str,
    now: i64,
) -> Result<Booking, AppError> {
    let mut conn = db.acquire().await?;
    let row = booking_row(&mut conn, id).await?;
    if row.person_iin != owner.account.iin {
        return Err(queue_error("id", QueueProblem::NotFound));
    }
    Ok(row.into_booking(catalogue, now))
}

/// Cancels the caller's booking: its place is free at once.
pub async fn cancel(
    db: &SqlitePool,
    catalogue: &Catalogue,
    owner: &Session,
    id: &str,
    now: i64,
) -> Result<Booking, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let row = booking_row(&mut tx, id).await?;
    if row.person_iin != owner.account.iin {
        return Err(queue_error("id", QueueProblem::NotFound));
    }
    if row.state(&catalogue.queue().rules, now) != BookingState::Booked {
        return Err(queue_error("id", QueueProblem::Cancelled));
    }
    sqlx::query("UPDATE queue_bookings SET state = 'cancelled', changed_at = ? WHERE id = ?")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let row = booking_row(&mut tx, id).await?;
    tx.commit().await?;
    Ok(row.into_booking(catalogue, now))
}

#[derive(sqlx::FromRow)]
struct TicketRow {
    id: i64,
    branch: String,
    kind: String,
    number: i64,
    purpose: String,
    slot_start: Option<i64>,
    issued_at: i64,
    called_at: Option<i64>,
    window_no: Option<i64>,
    outcome: Option<String>,
}

const TICKET_ROW: &str = "SELECT id, branch, kind, number, purpose, slot_start, issued_at,
    called_at, window_no, outcome FROM queue_tickets";

impl TicketRow {
    fn kind(&self) -> TicketKind {
        TicketKind::from_name(&self.kind).unwrap_or(TicketKind::WalkIn)
    }

    fn label(&self) -> String {
        ticket_label(self.kind(), u32::try_from(self.number).unwrap_or(0))
    }

    fn waiting(&self) -> WaitingTicket {
        WaitingTicket {
            id: self.id,
            kind: self.kind(),
            slot_start: self.slot_start.map(local_from_unix),
            arrived: local_from_unix(self.issued_at),
        }
    }

    fn into_ticket(self, ahead: Option<u32>) -> Ticket {
        Ticket {
            label: self.label(),
            kind: self.kind(),
            id: self.id,
            branch: self.branch,
            purpose: self.purpose,
            slot_start: self.slot_start.map(rfc3339_local),
            issued_at: rfc3339_local(self.issued_at),
            called_at: self.called_at.map(rfc3339_local),
            window: self.window_no.and_then(|w| u32::try_from(w).ok()),
            outcome: self.outcome.as_deref().and_then(TicketOutcome::from_name),
            ahead,
        }
    }
}

fn local_day(now: i64) -> String {
    now_local(now).date().to_string()
}

/// The tickets waiting at a branch today, in the order they will be called.
async fn waiting(
    tx: &mut SqliteConnection,
    branch: &str,
    now: i64,
) -> Result<Vec<TicketRow>, AppError> {
    let mut rows: Vec<TicketRow> = sqlx::query_as(&format!(
        "{TICKET_ROW} WHERE branch = ? AND day = ? AND called_at IS NULL ORDER BY id"
    ))
    .bind(branch)
    .bind(local_day(now))
    .fetch_all(&mut *tx)
    .await?;
    let mut ordered = Vec::with_capacity(rows.len());
    let local = now_local(now);
    while !rows.is_empty() {
        let tickets: Vec<WaitingTicket> = rows.iter().map(TicketRow::waiting).collect();
        // What the order would call next; what it holds back (a booked ticket before its
        // time) comes after, in arrival order.
        match next_to_call(&tickets, local) {
            Some(index) => ordered.push(rows.remove(index)),
            None => {
                ordered.append(&mut rows);
            }
        }
    }
    Ok(ordered)
}

async fn ticket_row(tx: &mut SqliteConnection, id: i64) -> Result<TicketRow, AppError> {
    sqlx::query_as(&format!("{TICKET_ROW} WHERE id = ?"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| queue_error("ticket", QueueProblem::NotFound))
}

/// Issues the next ticket of a kind at a branch today.
async fn issue_ticket(
    tx: &mut SqliteConnection,
    branch: &str,
    kind: TicketKind,
    purpose: &str,
    booking: Option<(&str, i64)>,
    now: i64,
) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO queue_tickets (branch, day, kind, number, booking_id, purpose, slot_start,
           issued_at)
         SELECT ?1, ?2, ?3, COALESCE(MAX(number), 0) + 1, ?4, ?5, ?6, ?7 FROM queue_tickets
         WHERE branch = ?1 AND day = ?2 AND kind = ?3
         RETURNING id",
    )
    .bind(branch)
    .bind(local_day(now))
    .bind(kind.name())
    .bind(booking.map(|(id, _)| id))
    .bind(purpose)
    .bind(booking.map(|(_, start)| start))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    Ok(id)
}

async fn ahead_of(
    tx: &mut SqliteConnection,
    branch: &str,
    id: i64,
    now: i64,
) -> Result<Ticket, AppError> {
    let order = waiting(tx, branch, now).await?;
    let ahead = order.iter().position(|t| t.id == id);
    let row = ticket_row(tx, id).await?;
    Ok(row.into_ticket(ahead.map(|n| u32::try_from(n).unwrap_or(u32::MAX))))
}

/// A walk-in ticket from the hall's kiosk.
pub async fn walk_in(
    db: &SqlitePool,
    catalogue: &Catalogue,
    branch: &str,
    purpose: &str,
    now: i64,
) -> Result<Ticket, AppError> {
    branch_schedule(catalogue, branch)?;
    check_purpose(catalogue, purpose)?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let id = issue_ticket(&mut tx, branch, TicketKind::WalkIn, purpose, None, now).await?;
    let ticket = ahead_of(&mut tx, branch, id, now).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// A booking's code typed at the hall's kiosk: its ticket, if it is this branch's, today's,
/// and within its check-in time.
pub async fn check_in(
    db: &SqlitePool,
    catalogue: &Catalogue,
    branch: &str,
    code: &str,
    now: i64,
) -> Result<Ticket, AppError> {
    branch_schedule(catalogue, branch)?;
    let code =
        parse_booking_code(code).ok_or_else(|| AppError::invalid("code", Problem::WrongLength))?;
    let rules = &catalogue.queue().rules;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let row: Option<BookingRow> = sqlx::query_as(&format!("{BOOKING_ROW} WHERE b.code = ?"))
        .bind(&code)
        .fetch_optional(&mut *tx)
        .await?;
    let row = row
        .filter(|r| r.branch == branch)
        .ok_or_else(|| AppError::invalid("code", Problem::from(QueueProblem::NotFound)))?;
    match row.state(rules, now) {
        BookingState::Booked => {}
        BookingState::Arrived => return Err(queue_error("code", QueueProblem::AlreadyBooked)),
        BookingState::Expired => return Err(queue_error("code", QueueProblem::TooLate)),
        _ => return Err(queue_error("code", QueueProblem::Cancelled)),
    }
    check_in_rule(rules, local_from_unix(row.slot_start), now_local(now))
        .map_err(|p| queue_error("code", p))?;
    let id = issue_ticket(
        &mut tx,
        branch,
        TicketKind::Booked,
        &row.purpose,
        Some((&row.id, row.slot_start)),
        now,
    )
    .await?;
    sqlx::query("UPDATE queue_bookings SET state = 'arrived', changed_at = ? WHERE id = ?")
        .bind(now)
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    let ticket = ahead_of(&mut tx, branch, id, now).await?;
    tx.commit().await?;
    Ok(ticket)
}

/// The operator calls the next ticket to their window; `None` when no one waits.
pub async fn call_next(
    db: &SqlitePool,
    operator: &Session,
    window: u32,
    now: i64,
) -> Result<Option<Ticket>, AppError> {
    let branch = branch_of(operator)?.to_owned();
    if window == 0 || window > 99 {
        return Err(AppError::invalid("window", Problem::TooLarge));
    }
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let order = waiting(&mut tx, &branch, now).await?;
    let Some(next) = order.first() else {
        return Ok(None);
    };
    let id = next.id;
    sqlx::query(
        "UPDATE queue_tickets SET called_at = ?1, window_no = ?2, called_by = ?3,
           call_order = (SELECT COALESCE(MAX(call_order), 0) + 1 FROM queue_tickets
                         WHERE branch = ?4 AND day = ?5)
         WHERE id = ?6",
    )
    .bind(now)
    .bind(window)
    .bind(operator.account.id)
    .bind(&branch)
    .bind(local_day(now))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let row = ticket_row(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Some(row.into_ticket(None)))
}

/// Marks a called ticket served or not come; a booked one's booking follows.
pub async fn outcome(
    db: &SqlitePool,
    operator: &Session,
    id: i64,
    outcome: TicketOutcome,
    now: i64,
) -> Result<Ticket, AppError> {
    let branch = branch_of(operator)?;
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let row = ticket_row(&mut tx, id).await?;
    if row.branch != branch {
        return Err(AppError::Conflict {
            field: "ticket".into(),
            problem: Problem::AnotherBranch,
        });
    }
    if row.called_at.is_none() || row.outcome.is_some() {
        return Err(AppError::Conflict {
            field: "ticket".into(),
            problem: Problem::OutOfOrder,
        });
    }
    sqlx::query("UPDATE queue_tickets SET outcome = ?, done_at = ? WHERE id = ?")
        .bind(outcome.name())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE queue_bookings SET state = ?, changed_at = ?
         WHERE id = (SELECT booking_id FROM queue_tickets WHERE id = ?)",
    )
    .bind(outcome.name())
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let row = ticket_row(&mut tx, id).await?;
    tx.commit().await?;
    Ok(row.into_ticket(None))
}

/// The hall's display: today's latest calls and how many wait.
pub async fn board(
    db: &SqlitePool,
    catalogue: &Catalogue,
    branch: &str,
    now: i64,
) -> Result<Board, AppError> {
    let (found, _) = branch_schedule(catalogue, branch)?;
    let calls: Vec<TicketRow> = sqlx::query_as(&format!(
        "{TICKET_ROW} WHERE branch = ? AND day = ? AND called_at IS NOT NULL
         ORDER BY call_order DESC LIMIT ?"
    ))
    .bind(branch)
    .bind(local_day(now))
    .bind(BOARD_CALLS)
    .fetch_all(db)
    .await?;
    let (waiting,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM queue_tickets WHERE branch = ? AND day = ? AND called_at IS NULL",
    )
    .bind(branch)
    .bind(local_day(now))
    .fetch_one(db)
    .await?;
    Ok(Board {
        branch: found.clone(),
        calls: calls
            .into_iter()
            .map(|t| BoardCall {
                label: t.label(),
                window: t.window_no.and_then(|w| u32::try_from(w).ok()).unwrap_or(0),
                at: t.called_at.map(rfc3339_local).unwrap_or_default(),
            })
            .collect(),
        waiting: u32::try_from(waiting).unwrap_or(0),
    })
}

/// The operator's branch's queue today: who waits, who is being served, the waits.
pub async fn today(
    db: &SqlitePool,
    catalogue: &Catalogue,
    operator: &Session,
    now: i64,
) -> Result<QueueToday, AppError> {
    let branch = branch_of(operator)?;
    let (found, _) = branch_schedule(catalogue, branch)?;
    let mut conn = db.acquire().await?;
    let waiting_rows = waiting(&mut conn, branch, now).await?;
    let called: Vec<TicketRow> = sqlx::query_as(&format!(
        "{TICKET_ROW} WHERE branch = ? AND day = ? AND called_at IS NOT NULL ORDER BY call_order"
    ))
    .bind(branch)
    .bind(local_day(now))
    .fetch_all(&mut *conn)
    .await?;
    let waits: Vec<i64> = called
        .iter()
        .filter_map(|t| {
            let called = local_from_unix(t.called_at?);
            Some(waited_minutes(
                t.kind(),
                t.slot_start.map(local_from_unix),
                local_from_unix(t.issued_at),
                called,
            ))
        })
        .collect();
    let count = |name: &str| {
        u32::try_from(
            called
                .iter()
                .filter(|t| t.outcome.as_deref() == Some(name))
                .count(),
        )
        .unwrap_or(u32::MAX)
    };
    let (served, no_shows) = (count("served"), count("no_show"));
    Ok(QueueToday {
        branch: found.clone(),
        waiting: waiting_rows
            .into_iter()
            .enumerate()
            .map(|(n, t)| t.into_ticket(Some(u32::try_from(n).unwrap_or(u32::MAX))))
            .collect(),
        serving: called
            .into_iter()
            .filter(|t| t.outcome.is_none())
            .map(|t| t.into_ticket(None))
            .collect(),
        served,
        no_shows,
        waits: day_waits(&waits),
    })
}
