//! The electronic queue as the API carries it (issue 10): branches with their hours, free
//! slots, a citizen's bookings, the tickets of a branch's hall and its display board.
//!
//! Times travel as local RFC 3339 (`2026-12-07T10:30:00+05:00`, see
//! [`crate::calendar::rfc3339_local`]) and days as `YYYY-MM-DD`: a visit is at a branch's
//! wall-clock time, whatever the browser's zone. The rules behind them are in [`crate::queue`].

use serde::{Deserialize, Serialize};

use crate::{
    Text,
    intake::Branch,
    queue::{DayWaits, TicketKind},
};

/// The purpose of a visit that is not a service's request: collecting a result (003 §9).
pub const COLLECT_RESULT: &str = "collect-result";

/// From–to, `HH:MM` local.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeRange {
    pub from: String,
    pub to: String,
}

/// A branch's week as configured (`data/queue.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchHours {
    /// Monday to Friday.
    pub weekdays: TimeRange,
    pub lunch: Option<TimeRange>,
    /// A duty centre's short Saturday.
    pub saturday: Option<TimeRange>,
    /// Operator windows: the places each slot has.
    pub windows: u32,
    pub slot_minutes: u32,
    /// The IANA zone (every one of Kazakhstan is UTC+5 with no daylight saving).
    pub time_zone: String,
}

/// A branch in the queue's directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueBranch {
    pub branch: Branch,
    pub hours: BranchHours,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueBranches {
    pub branches: Vec<QueueBranch>,
}

/// Why a branch is closed on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Closure {
    Weekend,
    /// A public holiday (its name in `holiday`).
    Holiday,
    /// A working day made a day off (a holiday's transferred day, or by order).
    DayOff,
    /// The branch's own closed day (`days_off` in `data/queue.toml`).
    BranchDayOff,
}

impl Closure {
    pub const ALL: [Closure; 4] = [
        Closure::Weekend,
        Closure::Holiday,
        Closure::DayOff,
        Closure::BranchDayOff,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Closure::Weekend => "weekend",
            Closure::Holiday => "holiday",
            Closure::DayOff => "day_off",
            Closure::BranchDayOff => "branch_day_off",
        }
    }
}

/// One day of a branch: its hours, or why it is closed; how many places are left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub hours: Option<TimeRange>,
    pub lunch: Option<TimeRange>,
    pub closed: Option<Closure>,
    /// The holiday's name, when the calendar gives one.
    pub holiday: Option<Text>,
    /// Places left in the slots still ahead.
    pub free: u32,
}

/// A branch's page: its hours and the days one may book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BranchCalendar {
    pub branch: Branch,
    pub hours: BranchHours,
    /// Today and the days up to the booking horizon.
    pub days: Vec<BranchDay>,
}

/// A slot and how many of its places are free.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotView {
    pub start: String,
    pub end: String,
    pub capacity: u32,
    pub left: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaySlots {
    pub date: String,
    /// Only slots that exist and are still ahead; full ones with `left` 0.
    pub slots: Vec<SlotView>,
}

/// Book (or move a booking to) a slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BookingRequest {
    pub branch: String,
    /// A service id, or [`COLLECT_RESULT`].
    pub purpose: String,
    /// The slot's start, local RFC 3339 (or `YYYY-MM-DDTHH:MM`).
    pub start: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingState {
    /// Holding its place.
    Booked,
    /// Checked in at the branch: its ticket waits to be called.
    Arrived,
    Served,
    NoShow,
    Cancelled,
    /// Not checked in within the grace period.
    Expired,
}

impl BookingState {
    pub const ALL: [BookingState; 6] = [
        BookingState::Booked,
        BookingState::Arrived,
        BookingState::Served,
        BookingState::NoShow,
        BookingState::Cancelled,
        BookingState::Expired,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BookingState::Booked => "booked",
            BookingState::Arrived => "arrived",
            BookingState::Served => "served",
            BookingState::NoShow => "no_show",
            BookingState::Cancelled => "cancelled",
            BookingState::Expired => "expired",
        }
    }

    pub fn from_name(name: &str) -> Option<BookingState> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether the booking still counts against the person's limits and its slot.
    pub fn holds_place(self) -> bool {
        matches!(self, BookingState::Booked | BookingState::Arrived)
    }
}

/// A booking: the ticket a citizen shows (its code) and keeps in the cabinet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub id: String,
    /// Six characters to type at the branch's kiosk.
    pub code: String,
    pub branch: Branch,
    pub purpose: String,
    pub start: String,
    pub end: String,
    pub state: BookingState,
    pub booked_at: String,
    /// Check in from then…
    pub check_in_from: String,
    /// …until then; after it the booking lapses.
    pub check_in_until: String,
    /// The hall ticket, once checked in (`B-007`).
    pub ticket: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bookings {
    /// Those still ahead first, soonest first; then the past ones, latest first.
    pub bookings: Vec<Booking>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketOutcome {
    Served,
    NoShow,
}

impl TicketOutcome {
    pub const ALL: [TicketOutcome; 2] = [TicketOutcome::Served, TicketOutcome::NoShow];

    pub fn name(self) -> &'static str {
        match self {
            TicketOutcome::Served => "served",
            TicketOutcome::NoShow => "no_show",
        }
    }

    pub fn from_name(name: &str) -> Option<TicketOutcome> {
        Self::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// A ticket in a branch's hall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    pub id: i64,
    /// `B-007` (booked) or `A-012` (walk-in).
    pub label: String,
    pub kind: TicketKind,
    pub branch: String,
    pub purpose: String,
    /// A booked ticket's slot.
    pub slot_start: Option<String>,
    pub issued_at: String,
    pub called_at: Option<String>,
    pub window: Option<u32>,
    pub outcome: Option<TicketOutcome>,
    /// Tickets waiting before this one, while it waits.
    pub ahead: Option<u32>,
}

/// A walk-in ticket from the hall's kiosk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    pub purpose: String,
}

/// A screen set up as a branch's hall kiosk: the branch it serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HallDevice {
    pub branch: String,
}

/// A booking's code typed at the hall's kiosk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    pub code: String,
}

/// An operator calls the next ticket to their window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    pub window: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    pub outcome: TicketOutcome,
}

/// A call on the hall's display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardCall {
    pub label: String,
    pub window: u32,
    pub at: String,
}

/// The hall's display: the latest calls first, and how many wait.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    pub branch: Branch,
    pub calls: Vec<BoardCall>,
    pub waiting: u32,
}

/// The branch's queue today, for its operators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueToday {
    pub branch: Branch,
    /// In the order they will be called.
    pub waiting: Vec<Ticket>,
    /// Called and not yet marked served or no-show.
    pub serving: Vec<Ticket>,
    pub served: u32,
    pub no_shows: u32,
    /// Today's waits from ticket to call.
    pub waits: DayWaits,
}
