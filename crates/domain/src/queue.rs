//! The electronic queue's rules (issue 10): a branch's opening on a day and its slots, what
//! may be booked, the per-person limits, checking in, the order tickets are called in, and the
//! waits. The settings are data (`data/queue.toml`, read by the adapter); the holidays are the
//! working calendar's ([`crate::calendar`]), shared with the due dates.
//!
//! Times are local wall-clock times: every zone of Kazakhstan is UTC+5 with no daylight
//! saving since 1 March 2024 ([`zone_offset_seconds`]), so a slot is a `NaiveDateTime` and
//! [`crate::calendar::unix_from_local`] gives its instant.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use serde::{Deserialize, Deserializer, Serialize};

use crate::calendar::WorkingCalendar;

/// `data/queue.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSettings {
    pub rules: BookingRules,
    #[serde(default)]
    pub branch: Vec<BranchSchedule>,
}

/// Per-person limits and the check-in window.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingRules {
    pub window_days: u32,
    pub bookings_per_window: u32,
    pub bookings_per_day: u32,
    pub grace_minutes: u32,
    pub arrive_early_minutes: u32,
    pub horizon_days: u32,
}

/// A branch's week.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchSchedule {
    /// An id of `data/branches.toml`.
    pub branch: String,
    pub time_zone: String,
    #[serde(deserialize_with = "hh_mm")]
    pub opens: NaiveTime,
    #[serde(deserialize_with = "hh_mm")]
    pub closes: NaiveTime,
    #[serde(default)]
    pub lunch: Option<Lunch>,
    /// A duty centre's short Saturday (no lunch).
    #[serde(default)]
    pub saturday: Option<Saturday>,
    pub windows: u32,
    pub slot_minutes: u32,
    /// The branch's own closed days.
    #[serde(default)]
    pub days_off: Vec<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lunch {
    #[serde(deserialize_with = "hh_mm")]
    pub from: NaiveTime,
    #[serde(deserialize_with = "hh_mm")]
    pub to: NaiveTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saturday {
    #[serde(deserialize_with = "hh_mm")]
    pub opens: NaiveTime,
    #[serde(deserialize_with = "hh_mm")]
    pub closes: NaiveTime,
}

fn hh_mm<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let text = String::deserialize(d)?;
    NaiveTime::parse_from_str(&text, "%H:%M")
        .map_err(|_| serde::de::Error::custom(format!("{text:?} is not an HH:MM time")))
}

/// A branch's opening on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
    pub lunch: Option<Lunch>,
}

/// A slot: `capacity` people (one per window) between `start` and `end`, local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueSlot {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub capacity: u32,
}

/// Why a booking, a check-in or a call is refused; the API's stable code is the
/// [`crate::Problem`] it converts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueProblem {
    /// The slot has begun or passed.
    Past,
    /// The branch is not open that day (weekend, holiday, day off).
    Closed,
    Lunch,
    OutsideHours,
    /// Not the start of one of the branch's slots.
    NotASlot,
    TooFarAhead,
    /// The person already holds a booking at this time (or, checking in, has checked in).
    AlreadyBooked,
    /// The person's bookings would pass the per-day or per-window limit.
    LimitReached,
    SlotFull,
    UnknownBranch,
    NotFound,
    /// Checking in after the slot's start and the grace period: the booking has lapsed.
    TooLate,
    /// Checking in too long before the slot.
    TooEarly,
    NotYours,
    /// The booking was cancelled, or is over.
    Cancelled,
}

/// A wrong `data/queue.toml`, naming the branch at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueDataError {
    pub branch: Option<String>,
    pub message: String,
}

impl fmt::Display for QueueDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.branch {
            Some(branch) => write!(f, "branch {branch}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for QueueDataError {}

/// The zones of Kazakhstan, all UTC+5 since 1 March 2024 (Almaty and Qostanay moved from +6).
const ZONES: [&str; 7] = [
    "Asia/Almaty",
    "Asia/Aqtobe",
    "Asia/Aqtau",
    "Asia/Atyrau",
    "Asia/Oral",
    "Asia/Qostanay",
    "Asia/Qyzylorda",
];

/// The UTC offset of a zone of Kazakhstan: UTC+5, with no daylight saving.
pub fn zone_offset_seconds(zone: &str) -> Option<i32> {
    ZONES
        .contains(&zone)
        .then_some(crate::calendar::UTC_OFFSET_SECONDS)
}

impl QueueSettings {
    /// Every branch known and listed once, with hours that make sense.
    pub fn check(&self, branch_ids: &[&str]) -> Result<(), QueueDataError> {
        let fail = |branch: Option<&str>, message: String| QueueDataError {
            branch: branch.map(str::to_owned),
            message,
        };
        let r = &self.rules;
        if r.window_days == 0 || r.bookings_per_window == 0 || r.bookings_per_day == 0 {
            return Err(fail(None, "rules: the limits must be at least 1".into()));
        }
        if r.horizon_days == 0 {
            return Err(fail(None, "rules: horizon_days must be at least 1".into()));
        }
        for (n, s) in self.branch.iter().enumerate() {
            let at = Some(s.branch.as_str());
            if !branch_ids.contains(&s.branch.as_str()) {
                return Err(fail(at, "not a branch of data/branches.toml".into()));
            }
            if self.branch[..n].iter().any(|o| o.branch == s.branch) {
                return Err(fail(at, "listed twice".into()));
            }
            if zone_offset_seconds(&s.time_zone).is_none() {
                let zone = &s.time_zone;
                return Err(fail(at, format!("{zone:?} is not a zone of Kazakhstan")));
            }
            let ordered = match s.lunch {
                Some(l) => s.opens < l.from && l.from < l.to && l.to < s.closes,
                None => s.opens < s.closes,
            };
            if !ordered {
                return Err(fail(at, "opens < lunch < closes does not hold".into()));
            }
            if s.saturday.is_some_and(|sat| sat.opens >= sat.closes) {
                return Err(fail(at, "the Saturday opens after it closes".into()));
            }
            if s.windows == 0 || s.slot_minutes == 0 || s.slot_minutes > 120 {
                return Err(fail(at, "windows ≥ 1 and slot_minutes 1–120".into()));
            }
        }
        Ok(())
    }

    pub fn schedule(&self, branch: &str) -> Option<&BranchSchedule> {
        self.branch.iter().find(|s| s.branch == branch)
    }
}

impl BookingRules {
    pub fn grace_seconds(&self) -> i64 {
        i64::from(self.grace_minutes) * 60
    }

    pub fn arrive_early_seconds(&self) -> i64 {
        i64::from(self.arrive_early_minutes) * 60
    }

    /// Whether a person holding bookings at `held` (excluding one being moved) may book
    /// `start`: never two at one time, at most `bookings_per_day` on a day, and at most
    /// `bookings_per_window` within any `window_days` consecutive days.
    pub fn check_limits(
        &self,
        held: &[NaiveDateTime],
        start: NaiveDateTime,
    ) -> Result<(), QueueProblem> {
        if held.contains(&start) {
            return Err(QueueProblem::AlreadyBooked);
        }
        let day = start.date();
        let same_day = held.iter().filter(|h| h.date() == day).count();
        if same_day >= self.bookings_per_day as usize {
            return Err(QueueProblem::LimitReached);
        }
        // Every window of `window_days` days that contains `day`: the new one plus those held
        // in it must not pass the limit.
        let span = i64::from(self.window_days) - 1;
        for first in 0..=span {
            let from = day - TimeDelta::days(first);
            let to = from + TimeDelta::days(span);
            let within = held
                .iter()
                .filter(|h| (from..=to).contains(&h.date()))
                .count();
            if within >= self.bookings_per_window as usize {
                return Err(QueueProblem::LimitReached);
            }
        }
        Ok(())
    }
}

impl BranchSchedule {
    /// The branch's hours on `date`, or `None` when it is closed: weekends (a duty centre's
    /// Saturday excepted), holidays, days off and the branch's own closed days. A Saturday the
    /// calendar makes a working day has weekday hours.
    pub fn hours_on(&self, calendar: &WorkingCalendar, date: NaiveDate) -> Option<DayHours> {
        if self.days_off.contains(&date) {
            return None;
        }
        let weekday = DayHours {
            opens: self.opens,
            closes: self.closes,
            lunch: self.lunch,
        };
        if calendar.is_working_day(date) {
            return Some(weekday);
        }
        let listed = calendar.day(date).map(|d| d.kind);
        match (date.weekday(), self.saturday, listed) {
            (Weekday::Sat, Some(sat), None) => Some(DayHours {
                opens: sat.opens,
                closes: sat.closes,
                lunch: None,
            }),
            _ => None,
        }
    }

    /// The day's slots still ahead of `now`, in order: none at lunch or past closing.
    pub fn slots(
        &self,
        calendar: &WorkingCalendar,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> Vec<QueueSlot> {
        let Some(hours) = self.hours_on(calendar, date) else {
            return Vec::new();
        };
        let length = TimeDelta::minutes(self.slot_minutes.into());
        let periods = match hours.lunch {
            Some(l) => vec![(hours.opens, l.from), (l.to, hours.closes)],
            None => vec![(hours.opens, hours.closes)],
        };
        let mut slots = Vec::new();
        for (from, to) in periods {
            let (mut start, end) = (date.and_time(from), date.and_time(to));
            while start + length <= end {
                if start > now {
                    slots.push(QueueSlot {
                        start,
                        end: start + length,
                        capacity: self.windows,
                    });
                }
                start += length;
            }
        }
        slots
    }

    /// The slot starting at `start`, if it may be booked at `now`.
    pub fn check_slot(
        &self,
        calendar: &WorkingCalendar,
        start: NaiveDateTime,
        now: NaiveDateTime,
        rules: &BookingRules,
    ) -> Result<QueueSlot, QueueProblem> {
        if start <= now {
            return Err(QueueProblem::Past);
        }
        if start.date() > now.date() + TimeDelta::days(rules.horizon_days.into()) {
            return Err(QueueProblem::TooFarAhead);
        }
        let hours = self
            .hours_on(calendar, start.date())
            .ok_or(QueueProblem::Closed)?;
        let time = start.time();
        if let Some(l) = hours.lunch
            && time >= l.from
            && time < l.to
        {
            return Err(QueueProblem::Lunch);
        }
        if time < hours.opens || time >= hours.closes {
            return Err(QueueProblem::OutsideHours);
        }
        self.slots(calendar, start.date(), now)
            .into_iter()
            .find(|s| s.start == start)
            .ok_or(QueueProblem::NotASlot)
    }
}

/// A ticket in the hall: booked (checked in with a booking's code) or walk-in (the kiosk).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Booked,
    WalkIn,
}

impl TicketKind {
    pub const ALL: [TicketKind; 2] = [TicketKind::Booked, TicketKind::WalkIn];

    pub fn name(self) -> &'static str {
        match self {
            TicketKind::Booked => "booked",
            TicketKind::WalkIn => "walk_in",
        }
    }

    pub fn from_name(name: &str) -> Option<TicketKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What the display and the ticket show: `B-007` booked, `A-012` walk-in.
pub fn ticket_label(kind: TicketKind, number: u32) -> String {
    let letter = match kind {
        TicketKind::Booked => 'B',
        TicketKind::WalkIn => 'A',
    };
    format!("{letter}-{number:03}")
}

/// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LENGTH: usize = 6;

/// A booking's code from random bytes: six characters to type at the kiosk.
pub fn booking_code(random: [u8; CODE_LENGTH]) -> String {
    random
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect()
}

/// A code as typed: case, spaces and dashes do not matter.
pub fn parse_booking_code(text: &str) -> Option<String> {
    let code: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LENGTH && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// A ticket waiting to be called.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitingTicket {
    pub id: i64,
    pub kind: TicketKind,
    /// A booked ticket's slot.
    pub slot_start: Option<NaiveDateTime>,
    pub arrived: NaiveDateTime,
}

/// A booked ticket whose slot starts within this is called rather than left idle.
const CALL_AHEAD_MINUTES: i64 = 5;

/// Which waiting ticket is called next: booked ones whose slot has begun, in slot order (then
/// arrival); otherwise walk-ins in arrival order, served between the bookings; with neither,
/// a booked one whose slot begins within five minutes (a window is not left idle for less).
pub fn next_to_call(waiting: &[WaitingTicket], now: NaiveDateTime) -> Option<usize> {
    let booked_due = |t: &WaitingTicket, by: NaiveDateTime| {
        t.kind == TicketKind::Booked && t.slot_start.is_some_and(|s| s <= by)
    };
    let earliest_booked = |by: NaiveDateTime| {
        waiting
            .iter()
            .enumerate()
            .filter(|(_, t)| booked_due(t, by))
            .min_by_key(|(_, t)| (t.slot_start, t.arrived, t.id))
            .map(|(n, _)| n)
    };
    earliest_booked(now)
        .or_else(|| {
            waiting
                .iter()
                .enumerate()
                .filter(|(_, t)| t.kind == TicketKind::WalkIn)
                .min_by_key(|(_, t)| (t.arrived, t.id))
                .map(|(n, _)| n)
        })
        .or_else(|| earliest_booked(now + TimeDelta::minutes(CALL_AHEAD_MINUTES)))
}

/// Whether a booking for `slot_start` may check in at `now`.
pub fn check_in(
    rules: &BookingRules,
    slot_start: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), QueueProblem> {
    if now < slot_start - TimeDelta::minutes(rules.arrive_early_minutes.into()) {
        Err(QueueProblem::TooEarly)
    } else if now > slot_start + TimeDelta::minutes(rules.grace_minutes.into()) {
        Err(QueueProblem::TooLate)
    } else {
        Ok(())
    }
}

/// Minutes from a ticket's turn to its call: a booked one's turn is its slot (or its arrival,
/// if later), a walk-in's its arrival. Never negative (called early is no wait).
pub fn waited_minutes(
    kind: TicketKind,
    slot_start: Option<NaiveDateTime>,
    arrived: NaiveDateTime,
    called: NaiveDateTime,
) -> i64 {
    let turn = match (kind, slot_start) {
        (TicketKind::Booked, Some(slot)) => slot.max(arrived),
        _ => arrived,
    };
    (called - turn).num_minutes().max(0)
}

/// A day's waits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayWaits {
    pub count: u32,
    /// Rounded to the nearest minute.
    pub average_minutes: u32,
    pub longest_minutes: u32,
}

pub fn day_waits(waits: &[i64]) -> DayWaits {
    let clamp = |m: i64| u32::try_from(m.max(0)).unwrap_or(u32::MAX);
    if waits.is_empty() {
        return DayWaits::default();
    }
    let total: i64 = waits.iter().sum();
    let count = i64::try_from(waits.len()).unwrap_or(i64::MAX);
    DayWaits {
        count: clamp(count),
        average_minutes: clamp((total + count / 2) / count),
        longest_minutes: clamp(waits.iter().copied().max().unwrap_or(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;

    use crate::calendar::{CalendarYear, unix_from_local};

    fn calendar() -> WorkingCalendar {
        let years = [
            include_str!("../../../data/calendar/2025.toml"),
            include_str!("../../../data/calendar/2026.toml"),
            include_str!("../../../data/calendar/2027.toml"),
        ]
        .iter()
        .map(|text| toml::from_str::<CalendarYear>(text).unwrap())
        .collect();
        WorkingCalendar::new(years).unwrap()
    }

    fn settings() -> QueueSettings {
        toml::from_str(include_str!("../../../data/queue.toml")).unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn regional() -> BranchSchedule {
        settings().schedule("atyrau-regional").unwrap().clone()
    }

    fn district() -> BranchSchedule {
        settings().schedule("inder").unwrap().clone()
    }

    const EARLY: &str = "2026-01-01 00:00";

    #[test]
    fn the_real_settings_name_every_branch_once() {
        let branches: toml::Value =
            toml::from_str(include_str!("../../../data/branches.toml")).unwrap();
        let ids: Vec<&str> = branches["branch"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap())
            .collect();
        let settings = settings();
        settings.check(&ids).unwrap();
        assert_eq!(settings.branch.len(), ids.len());
        let mut wrong = settings.clone();
        wrong.branch[1].branch = "nowhere".into();
        assert!(
            wrong
                .check(&ids)
                .unwrap_err()
                .to_string()
                .contains("nowhere")
        );
        let mut twice = settings.clone();
        twice.branch[1].branch = twice.branch[0].branch.clone();
        assert!(twice.check(&ids).is_err());
        let mut lunch = settings;
        lunch.branch[0].lunch = Some(Lunch {
            from: NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
        });
        assert!(lunch.check(&ids).is_err());
    }

    #[test]
    fn no_slot_at_lunch_and_the_last_ends_at_closing() {
        let slots = district().slots(&calendar(), date("2026-12-08"), at(EARLY));
        let starts: Vec<String> = slots
            .iter()
            .map(|s| {
                let t = s.start.time();
                format!("{:02}:{:02}", t.hour(), t.minute())
            })
            .collect();
        assert_eq!(starts.first().unwrap(), "09:00");
        assert!(starts.contains(&"12:40".to_owned()));
        assert!(
            !starts
                .iter()
                .any(|s| s.as_str() >= "13:00" && s.as_str() < "14:00")
        );
        assert!(starts.contains(&"14:00".to_owned()));
        assert_eq!(slots.last().unwrap().end, at("2026-12-08 18:00"));
        // 20-minute slots: 12 in the morning, 12 after lunch; two windows each.
        assert_eq!(slots.len(), 24);
        assert!(slots.iter().all(|s| s.capacity == 2));
    }

    #[test]
    fn weekends_saturdays_and_holidays() {
        let cal = calendar();
        // Saturday 12 and Sunday 13 December 2026: a duty centre's short Saturday only.
        assert!(
            district()
                .slots(&cal, date("2026-12-12"), at(EARLY))
                .is_empty()
        );
        let saturday = regional().slots(&cal, date("2026-12-12"), at(EARLY));
        assert_eq!(saturday.first().unwrap().start, at("2026-12-12 09:00"));
        assert_eq!(saturday.last().unwrap().end, at("2026-12-12 13:00"));
        assert!(
            regional()
                .slots(&cal, date("2026-12-13"), at(EARLY))
                .is_empty()
        );
        // Independence Day, Wednesday 16 December 2026: closed everywhere.
        assert!(
            regional()
                .slots(&cal, date("2026-12-16"), at(EARLY))
                .is_empty()
        );
        // Nauryz 2026: 21–23 March, with the transferred days off on 24 and 25 March.
        for day in ["2026-03-23", "2026-03-24", "2026-03-25"] {
            assert!(regional().hours_on(&cal, date(day)).is_none(), "{day}");
        }
        // Saturday 21 March 2026 is Nauryz: even a duty centre is closed.
        assert!(regional().hours_on(&cal, date("2026-03-21")).is_none());
        assert!(regional().hours_on(&cal, date("2026-03-26")).is_some());
        // Sunday 5 January 2025 was made a working day: weekday hours, lunch included.
        let worked = district().hours_on(&cal, date("2025-01-05")).unwrap();
        assert_eq!(worked.closes, NaiveTime::from_hms_opt(18, 0, 0).unwrap());
        assert!(worked.lunch.is_some());
        // A branch's own closed day.
        let mut closed = district();
        closed.days_off.push(date("2026-12-08"));
        assert!(closed.slots(&cal, date("2026-12-08"), at(EARLY)).is_empty());
    }

    #[test]
    fn the_past_is_never_offered() {
        let slots = district().slots(&calendar(), date("2026-12-08"), at("2026-12-08 15:05"));
        assert_eq!(slots.first().unwrap().start, at("2026-12-08 15:20"));
        let none = district().slots(&calendar(), date("2026-12-08"), at("2026-12-08 17:40"));
        assert!(none.is_empty());
    }

    #[test]
    fn each_problem_with_a_slot() {
        let (cal, rules, b) = (calendar(), settings().rules, district());
        let now = at("2026-12-07 10:00");
        let check = |start: &str| b.check_slot(&cal, at(start), now, &rules);
        assert_eq!(
            check("2026-12-08 10:20").unwrap().end,
            at("2026-12-08 10:40")
        );
        assert_eq!(check("2026-12-07 09:40"), Err(QueueProblem::Past));
        assert_eq!(check("2026-12-07 10:00"), Err(QueueProblem::Past));
        assert_eq!(check("2026-12-08 13:20"), Err(QueueProblem::Lunch));
        assert_eq!(check("2026-12-08 18:00"), Err(QueueProblem::OutsideHours));
        assert_eq!(check("2026-12-08 08:40"), Err(QueueProblem::OutsideHours));
        assert_eq!(check("2026-12-08 10:25"), Err(QueueProblem::NotASlot));
        assert_eq!(check("2026-12-12 10:00"), Err(QueueProblem::Closed));
        assert_eq!(check("2026-12-16 10:00"), Err(QueueProblem::Closed));
        assert_eq!(check("2027-01-20 10:00"), Err(QueueProblem::TooFarAhead));
    }

    #[test]
    fn limits_per_time_day_and_window() {
        let rules = settings().rules;
        let held = [at("2026-12-08 10:00")];
        assert_eq!(
            rules.check_limits(&held, at("2026-12-08 10:00")),
            Err(QueueProblem::AlreadyBooked)
        );
        assert_eq!(rules.check_limits(&held, at("2026-12-08 11:00")), Ok(()));
        let two = [at("2026-12-08 10:00"), at("2026-12-08 11:00")];
        // Two a day at most, and two within ten days.
        assert_eq!(
            rules.check_limits(&two, at("2026-12-08 12:00")),
            Err(QueueProblem::LimitReached)
        );
        assert_eq!(
            rules.check_limits(&two, at("2026-12-17 12:00")),
            Err(QueueProblem::LimitReached)
        );
        assert_eq!(rules.check_limits(&two, at("2026-12-18 12:00")), Ok(()));
        assert_eq!(
            rules.check_limits(&two, at("2026-11-29 12:00")),
            Err(QueueProblem::LimitReached)
        );
        assert_eq!(rules.check_limits(&two, at("2026-11-28 12:00")), Ok(()));
        // Moving one of them: the caller leaves it out of `held`.
        assert_eq!(
            rules.check_limits(&two[..1], at("2026-12-09 12:00")),
            Ok(())
        );
    }

    #[test]
    fn booked_at_their_time_walk_ins_between() {
        let t = |id, kind, slot: Option<&str>, arrived: &str| WaitingTicket {
            id,
            kind,
            slot_start: slot.map(at),
            arrived: at(arrived),
        };
        let waiting = [
            t(1, TicketKind::WalkIn, None, "2026-12-08 09:50"),
            t(
                2,
                TicketKind::Booked,
                Some("2026-12-08 10:20"),
                "2026-12-08 09:55",
            ),
            t(3, TicketKind::WalkIn, None, "2026-12-08 09:40"),
            t(
                4,
                TicketKind::Booked,
                Some("2026-12-08 10:00"),
                "2026-12-08 09:58",
            ),
        ];
        // 10:00: the 10:00 booking first; then the walk-ins in arrival order.
        assert_eq!(next_to_call(&waiting, at("2026-12-08 10:00")), Some(3));
        assert_eq!(next_to_call(&waiting[..3], at("2026-12-08 10:00")), Some(2));
        // 09:30: no booking due; walk-ins.
        assert_eq!(next_to_call(&waiting, at("2026-12-08 09:30")), Some(2));
        // Only a booking in four minutes: called rather than the window idle; in ten, it waits.
        assert_eq!(
            next_to_call(&waiting[1..2], at("2026-12-08 10:16")),
            Some(0)
        );
        assert_eq!(next_to_call(&waiting[1..2], at("2026-12-08 10:10")), None);
        assert_eq!(next_to_call(&[], at("2026-12-08 10:10")), None);
    }

    #[test]
    fn check_in_within_its_time() {
        let rules = settings().rules;
        let slot = at("2026-12-08 10:00");
        assert_eq!(
            check_in(&rules, slot, at("2026-12-08 09:29")),
            Err(QueueProblem::TooEarly)
        );
        assert_eq!(check_in(&rules, slot, at("2026-12-08 09:30")), Ok(()));
        assert_eq!(check_in(&rules, slot, at("2026-12-08 10:10")), Ok(()));
        assert_eq!(
            check_in(&rules, slot, at("2026-12-08 10:11")),
            Err(QueueProblem::TooLate)
        );
    }

    #[test]
    fn waits() {
        let slot = Some(at("2026-12-08 10:00"));
        for (kind, slot, arrived, called, minutes) in [
            (
                TicketKind::Booked,
                slot,
                "2026-12-08 09:40",
                "2026-12-08 10:05",
                5,
            ),
            (
                TicketKind::Booked,
                slot,
                "2026-12-08 10:08",
                "2026-12-08 10:10",
                2,
            ),
            (
                TicketKind::WalkIn,
                None,
                "2026-12-08 09:40",
                "2026-12-08 10:05",
                25,
            ),
            // Called before its slot: no wait.
            (
                TicketKind::Booked,
                slot,
                "2026-12-08 09:40",
                "2026-12-08 09:57",
                0,
            ),
        ] {
            assert_eq!(waited_minutes(kind, slot, at(arrived), at(called)), minutes);
        }
        assert_eq!(day_waits(&[]), DayWaits::default());
        let day = day_waits(&[5, 2, 25, 0]);
        assert_eq!(
            (day.count, day.average_minutes, day.longest_minutes),
            (4, 8, 25)
        );
    }

    #[test]
    fn codes_and_labels() {
        let code = booking_code([0, 1, 30, 31, 255, 128]);
        assert_eq!(code.len(), 6);
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(
            parse_booking_code(&format!(" {} ", code.to_lowercase())),
            Some(code.clone())
        );
        assert_eq!(parse_booking_code("K7Q-F2M"), Some("K7QF2M".into()));
        assert_eq!(parse_booking_code("K7QF2"), None);
        assert_eq!(parse_booking_code("K7QF2O"), None);
        assert_eq!(ticket_label(TicketKind::Booked, 7), "B-007");
        assert_eq!(ticket_label(TicketKind::WalkIn, 112), "A-112");
    }

    #[test]
    fn local_time_has_no_daylight_saving() {
        // 09:00 in Almaty and in Aqtobe, in winter and in summer: 04:00 UTC every time.
        for zone in ["Asia/Almaty", "Asia/Aqtobe"] {
            assert_eq!(zone_offset_seconds(zone), Some(5 * 3600));
        }
        assert_eq!(zone_offset_seconds("Europe/Moscow"), None);
        for day in ["2026-01-15", "2026-07-15"] {
            let slot = district().slots(&calendar(), date(day), at(EARLY))[0];
            let utc = chrono::DateTime::from_timestamp(unix_from_local(slot.start), 0).unwrap();
            assert_eq!((utc.hour(), utc.minute()), (4, 0), "{day}");
        }
    }
}
