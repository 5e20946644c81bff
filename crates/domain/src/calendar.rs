//! Kazakhstan's working-day calendar, and the due dates that a regulation's durations give.
//!
//! The calendar is data (`data/calendar/<year>.toml`, read by the adapter); this module checks it
//! and counts with it, so the app and the adapter show the same dates. All times are local
//! (UTC+5, see [`UTC_OFFSET_SECONDS`]).
//!
//! The counting rules:
//! - Civil Code of Kazakhstan art. 187: a period begins on the day after the date of the event
//!   that starts it (the start's own date is not counted).
//! - A period that ends on a non-working day ends on the next working day (the Civil Code's
//!   end-of-period rule, in the manner of its art. 188).
//! - A day's period ends when the working day does, at [`WORK_END`].

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt;

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike, Weekday,
};
use serde::{Deserialize, Serialize};

use crate::Duration;

/// Kazakhstan has been on UTC+5 everywhere since 2024-03-01; every time here is that local time.
pub const UTC_OFFSET_SECONDS: i32 = 5 * 3600;

/// Working hours as the regulations state them: 09:00–18:00, lunch 13:00–14:00.
pub const WORK_START: NaiveTime = hour(9);
pub const LUNCH_START: NaiveTime = hour(13);
pub const LUNCH_END: NaiveTime = hour(14);
pub const WORK_END: NaiveTime = hour(18);

const fn hour(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).expect("an hour of the day")
}

/// The local (UTC+5) time of a Unix timestamp.
///
/// # Panics
/// If the timestamp lies beyond chrono's range (about ±262,000 years).
pub fn local_from_unix(seconds: i64) -> NaiveDateTime {
    seconds
        .checked_add(i64::from(UTC_OFFSET_SECONDS))
        .and_then(|local| DateTime::from_timestamp(local, 0))
        .expect("a timestamp within chrono's range")
        .naive_utc()
}

/// The Unix timestamp of a local (UTC+5) time.
pub fn unix_from_local(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp() - i64::from(UTC_OFFSET_SECONDS)
}

/// A Unix timestamp as RFC 3339 in local time, with its offset: `2026-12-07T18:00:00+05:00`.
/// The app shows such a moment as written, in Kazakhstan's time, whatever the browser's zone.
pub fn rfc3339_local(seconds: i64) -> String {
    let at = local_from_unix(seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+05:00",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// One year's file: the days that differ from a plain five-day week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarYear {
    pub year: i32,
    /// False while the year's rows are NOT CONFIRMED: due dates that use it are estimates.
    pub confirmed: bool,
    #[serde(default)]
    pub days: Vec<CalendarDay>,
}

/// A date that is not an ordinary weekday or weekend day, with its names and source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// Why a weekday is a day off (day-off only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DayOffReason>,
    /// The day a day off was moved from: the holiday (transferred), or the swapped weekend day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
    /// The URL(s) the date comes from, or the rule it follows where no page was found.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    /// A public holiday: a day off whatever weekday it falls on.
    Holiday,
    /// A weekday made a day off.
    DayOff,
    /// A Saturday or Sunday made a working day by order.
    WorkingDay,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayOffReason {
    /// A holiday fell on a day off, which moved to the next working day (Law on holidays, art. 5).
    Transferred,
    /// Moved by ministerial order (Labour Code art. 85 p. 3).
    Order,
}

/// Why calendar files were refused; each names the year or date at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    DuplicateYear(i32),
    OutsideYear {
        year: i32,
        date: NaiveDate,
    },
    ConflictingKinds(NaiveDate),
    WorkingDayOnWeekday(NaiveDate),
    DayOffOnWeekend(NaiveDate),
    /// A day-off without a reason, a transferred one whose `from` is not an earlier holiday, or
    /// a reason or `from` on another kind of day.
    Reason(NaiveDate),
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::DuplicateYear(year) => write!(f, "year {year} has two calendar files"),
            CalendarError::OutsideYear { year, date } => {
                write!(f, "{date} is listed in the file for {year}")
            }
            CalendarError::ConflictingKinds(date) => write!(f, "{date} is given two kinds"),
            CalendarError::WorkingDayOnWeekday(date) => {
                write!(f, "{date} is a weekday, so it cannot be made a working day")
            }
            CalendarError::DayOffOnWeekend(date) => {
                write!(f, "{date} is a weekend day, so it cannot be made a day off")
            }
            CalendarError::Reason(date) => write!(
                f,
                "{date}: a day-off needs a reason (a transferred one, an earlier holiday as \
                 `from`), and other kinds take neither"
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

/// How a regulation counts the days of intake and of issue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DayCounting {
    /// The periods as they are (art. 187 already leaves out the day of intake).
    #[default]
    Standard,
    /// "The day of intake and of issue are not counted in the term" (e.g. Atyrau act 001,
    /// clause 9.1, note): the result is issued on the next working day after the term ends.
    IntakeAndIssueDaysExcluded,
}

/// When a result is due, and whether that rests on a calendar that is missing or unconfirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub at: NaiveDateTime,
    pub estimated: bool,
}

/// The checked calendar files, by date. Years without a file count weekends only.
#[derive(Clone, Debug, Default)]
pub struct WorkingCalendar {
    /// Year → confirmed.
    years: BTreeMap<i32, bool>,
    days: BTreeMap<NaiveDate, CalendarDay>,
}

impl WorkingCalendar {
    /// Checks the files and joins them. Two entries of one kind for one date (two holidays on
    /// one day) are allowed; the first one's names are kept.
    pub fn new(years: Vec<CalendarYear>) -> Result<Self, CalendarError> {
        let mut calendar = Self::default();
        for file in years {
            if calendar.years.insert(file.year, file.confirmed).is_some() {
                return Err(CalendarError::DuplicateYear(file.year));
            }
            for day in file.days {
                let date = day.date;
                if date.year() != file.year {
                    let year = file.year;
                    return Err(CalendarError::OutsideYear { year, date });
                }
                match day.kind {
                    DayKind::WorkingDay if !is_weekend(date) => {
                        return Err(CalendarError::WorkingDayOnWeekday(date));
                    }
                    DayKind::DayOff if is_weekend(date) => {
                        return Err(CalendarError::DayOffOnWeekend(date));
                    }
                    _ => {}
                }
                let reason_fits = match (day.kind, day.reason) {
                    (DayKind::DayOff, Some(DayOffReason::Transferred)) => {
                        day.from.is_some_and(|from| from < date)
                    }
                    (DayKind::DayOff, Some(DayOffReason::Order)) => true,
                    (DayKind::DayOff, None) => false,
                    (_, reason) => reason.is_none() && day.from.is_none(),
                };
                if !reason_fits {
                    return Err(CalendarError::Reason(date));
                }
                match calendar.days.entry(date) {
                    Entry::Vacant(entry) => {
                        entry.insert(day);
                    }
                    Entry::Occupied(entry) if entry.get().kind != day.kind => {
                        return Err(CalendarError::ConflictingKinds(date));
                    }
                    Entry::Occupied(_) => {}
                }
            }
        }
        // A transferred day off must name the holiday it replaces.
        let days = &calendar.days;
        if let Some(day) = days.values().find(|day| {
            day.reason == Some(DayOffReason::Transferred)
                && !day
                    .from
                    .and_then(|from| days.get(&from))
                    .is_some_and(|holiday| holiday.kind == DayKind::Holiday)
        }) {
            return Err(CalendarError::Reason(day.date));
        }
        Ok(calendar)
    }

    /// Monday–Friday unless a holiday or day off; Saturday and Sunday only if made working.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date).map(|day| day.kind) {
            Some(DayKind::Holiday | DayKind::DayOff) => false,
            Some(DayKind::WorkingDay) => true,
            None => !is_weekend(date),
        }
    }

    /// Whether the date's year has a calendar file (confirmed or not).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains_key(&date.year())
    }

    /// The calendar's entry for a date, for showing a holiday's or moved day's names.
    pub fn day(&self, date: NaiveDate) -> Option<&CalendarDay> {
        self.days.get(&date)
    }

    /// Where a duration that begins at `start` ends. A zero duration takes no time: `start`.
    ///
    /// - `Minutes(n)`: n working minutes, counted only in working hours (09:00–13:00,
    ///   14:00–18:00) of working days. A start outside them begins at the next working minute;
    ///   an end exactly at 13:00 or 18:00 is that instant.
    /// - `WorkingDays(n)`: 18:00 on the n-th working day after the start's date (art. 187).
    /// - `CalendarDays(n)`: 18:00 on the start's date + n days, or, if that is not a working
    ///   day, on the next working day.
    ///
    /// # Panics
    /// If the end lies beyond chrono's range (about year 262,000).
    pub fn after(&self, start: NaiveDateTime, duration: Duration) -> NaiveDateTime {
        match duration {
            _ if duration.amount() == 0 => start,
            Duration::Minutes(n) => self.after_minutes(start, n),
            Duration::WorkingDays(n) => (0..n)
                .fold(start.date(), |date, _| self.next_working_day(date))
                .and_time(WORK_END),
            Duration::CalendarDays(n) => {
                let end = start.date().checked_add_days(Days::new(n.into()));
                let end = end.expect("a date within chrono's range");
                self.working_day_from(end).and_time(WORK_END)
            }
        }
    }

    /// When a result is due: the durations one after another (each begins where the previous
    /// ended, see [`after`](Self::after)), then the regulation's day counting. `estimated` when
    /// a year from the start's to the due date's has no file or an unconfirmed one.
    pub fn due(
        &self,
        start: NaiveDateTime,
        durations: impl IntoIterator<Item = Duration>,
        counting: DayCounting,
    ) -> Due {
        let end = durations.into_iter().fold(start, |at, d| self.after(at, d));
        let at = match counting {
            DayCounting::Standard => end,
            DayCounting::IntakeAndIssueDaysExcluded => {
                self.next_working_day(end.date()).and_time(WORK_END)
            }
        };
        let estimated = (start.year()..=at.year()).any(|year| self.years.get(&year) != Some(&true));
        Due { at, estimated }
    }

    fn after_minutes(&self, start: NaiveDateTime, minutes: u32) -> NaiveDateTime {
        let mut left = TimeDelta::minutes(minutes.into());
        let mut at = start;
        loop {
            at = self.working_instant(at);
            let stop = if at.time() < LUNCH_START {
                LUNCH_START
            } else {
                WORK_END
            };
            let end = at.date().and_time(stop);
            if left <= end - at {
                return at + left;
            }
            left -= end - at;
            at = end;
        }
    }

    /// The first working instant at or after `at`.
    fn working_instant(&self, at: NaiveDateTime) -> NaiveDateTime {
        let (date, time) = (at.date(), at.time());
        if !self.is_working_day(date) || time >= WORK_END {
            self.next_working_day(date).and_time(WORK_START)
        } else if time < WORK_START {
            date.and_time(WORK_START)
        } else if (LUNCH_START..LUNCH_END).contains(&time) {
            date.and_time(LUNCH_END)
        } else {
            at
        }
    }

    fn working_day_from(&self, date: NaiveDate) -> NaiveDate {
        if self.is_working_day(date) {
            date
        } else {
            self.next_working_day(date)
        }
    }

    fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        let mut date = date;
        loop {
            date = date.succ_opt().expect("a date within chrono's range");
            if self.is_working_day(date) {
                return date;
            }
        }
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> CalendarYear {
        toml::from_str(text).unwrap()
    }

    fn real_files() -> Vec<CalendarYear> {
        vec![
            file(include_str!("../../../data/calendar/2025.toml")),
            file(include_str!("../../../data/calendar/2026.toml")),
            file(include_str!("../../../data/calendar/2027.toml")),
        ]
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::new(real_files()).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// "2025-03-07 17:30", local time.
    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn after(start: &str, duration: Duration) -> NaiveDateTime {
        calendar().after(at(start), duration)
    }

    #[test]
    fn the_real_files_load() {
        let files = real_files();
        let counts: Vec<_> = files
            .iter()
            .map(|f| (f.year, f.confirmed, f.days.len()))
            .collect();
        assert_eq!(
            counts,
            [(2025, true, 23), (2026, true, 19), (2027, false, 18)]
        );
        let calendar = WorkingCalendar::new(files).unwrap();
        // Constitution Day is not a holiday in 2026, nor its old transfer to Monday 31 August.
        assert!(calendar.is_working_day(date("2026-08-31")));
        assert!(calendar.day(date("2026-08-30")).is_none());
        // Kurban ait 2026 (Wednesday).
        assert!(!calendar.is_working_day(date("2026-05-27")));
        // Kurban ait 2027 is left out: its date is not set.
        let kurban = |d: &CalendarDay| d.kk.as_deref() == Some("Құрбан айт");
        assert_eq!(calendar.days.values().filter(|d| kurban(d)).count(), 2);
        assert!(
            !calendar
                .days
                .range(date("2027-01-01")..)
                .any(|(_, d)| kurban(d))
        );
        let moved = calendar.day(date("2025-03-10")).unwrap();
        assert_eq!(
            (moved.kind, moved.reason, moved.from),
            (
                DayKind::DayOff,
                Some(DayOffReason::Transferred),
                Some(date("2025-03-08"))
            )
        );
        assert_eq!(moved.ru.as_deref(), Some("Международный женский день"));
        assert!(calendar.covers(date("2027-06-01")) && !calendar.covers(date("2028-01-03")));
    }

    #[test]
    fn a_file_with_an_unknown_field_is_refused() {
        let text = "year = 2025\nconfirmed = true\n[[days]]\ndate = \"2025-01-01\"\n\
                    kind = \"holiday\"\nsource = \"x\"\nname = \"Жаңа жыл\"\n";
        assert!(toml::from_str::<CalendarYear>(text).is_err());
    }

    #[test]
    fn weekdays_work_and_weekends_rest_unless_the_calendar_says_otherwise() {
        let calendar = calendar();
        assert!(calendar.is_working_day(date("2025-02-03"))); // Monday
        assert!(!calendar.is_working_day(date("2025-02-08"))); // Saturday
        assert!(!calendar.is_working_day(date("2025-01-03"))); // Friday, day off by order
        assert!(calendar.is_working_day(date("2025-01-05"))); // Sunday, working by order
        assert!(!calendar.is_working_day(date("2025-01-07"))); // Tuesday, holiday
        // No file for 2024: weekends only.
        assert!(calendar.is_working_day(date("2024-12-31")));
        assert!(!calendar.is_working_day(date("2024-12-29")));
    }

    #[test]
    fn a_moment_is_written_in_local_time_with_its_offset() {
        // 2026-12-07 13:00 UTC is 18:00 in Kazakhstan.
        assert_eq!(rfc3339_local(1_796_648_400), "2026-12-07T18:00:00+05:00");
        assert_eq!(unix_from_local(at("2026-12-07 18:00")), 1_796_648_400);
    }

    #[test]
    fn minutes_skip_lunch() {
        let d = Duration::Minutes(60);
        assert_eq!(after("2025-02-03 12:30", d), at("2025-02-03 14:30"));
        assert_eq!(
            after("2025-02-03 12:30", Duration::Minutes(30)),
            at("2025-02-03 13:00")
        );
        assert_eq!(
            after("2025-02-03 13:20", Duration::Minutes(10)),
            at("2025-02-03 14:10")
        );
    }

    #[test]
    fn minutes_skip_the_evening() {
        let d = Duration::Minutes(60);
        assert_eq!(after("2025-02-04 17:30", d), at("2025-02-05 09:30"));
        assert_eq!(
            after("2025-02-04 17:30", Duration::Minutes(30)),
            at("2025-02-04 18:00")
        );
        assert_eq!(
            after("2025-02-04 07:00", Duration::Minutes(30)),
            at("2025-02-04 09:30")
        );
        assert_eq!(
            after("2025-02-04 20:00", Duration::Minutes(30)),
            at("2025-02-05 09:30")
        );
        // A full working day is 480 minutes.
        let d = Duration::Minutes(480);
        assert_eq!(after("2025-02-04 09:00", d), at("2025-02-04 18:00"));
    }

    #[test]
    fn minutes_skip_a_weekend() {
        // Friday 17:00: 60 minutes on Friday, 60 on Monday.
        let d = Duration::Minutes(120);
        assert_eq!(after("2025-02-07 17:00", d), at("2025-02-10 10:00"));
    }

    #[test]
    fn minutes_skip_a_holiday_and_its_transferred_day_off() {
        // 8 March 2025 is a Saturday; its day off moves to Monday 10 March.
        let d = Duration::Minutes(120);
        assert_eq!(after("2025-03-07 17:00", d), at("2025-03-11 10:00"));
    }

    #[test]
    fn minutes_started_on_a_saturday_begin_on_monday() {
        let d = Duration::Minutes(30);
        assert_eq!(after("2025-02-08 11:00", d), at("2025-02-10 09:30"));
    }

    #[test]
    fn sunday_5_january_2025_works_and_friday_3_january_rests() {
        // From the 2 January holiday: 3 January off, Saturday 4 off, Sunday 5 a working day.
        let d = Duration::Minutes(30);
        assert_eq!(after("2025-01-02 10:00", d), at("2025-01-05 09:30"));
        let d = Duration::WorkingDays(1);
        assert_eq!(after("2024-12-31 10:00", d), at("2025-01-05 18:00"));
        let d = Duration::WorkingDays(2);
        assert_eq!(after("2024-12-31 10:00", d), at("2025-01-06 18:00"));
        // 7 January (Tuesday) is a holiday.
        let d = Duration::WorkingDays(3);
        assert_eq!(after("2024-12-31 10:00", d), at("2025-01-08 18:00"));
    }

    #[test]
    fn working_days_skip_nauryz_2026() {
        // 21–23 March 2026 (Sat–Mon) holidays, 24 and 25 March days off in their place.
        let d = Duration::WorkingDays(1);
        assert_eq!(after("2026-03-20 10:00", d), at("2026-03-26 18:00"));
        let d = Duration::WorkingDays(3);
        assert_eq!(after("2026-03-20 10:00", d), at("2026-03-30 18:00"));
        let d = Duration::WorkingDays(2);
        assert_eq!(after("2026-03-19 17:59", d), at("2026-03-26 18:00"));
    }

    #[test]
    fn a_zero_duration_takes_no_time() {
        for d in [
            Duration::Minutes(0),
            Duration::WorkingDays(0),
            Duration::CalendarDays(0),
        ] {
            assert_eq!(after("2025-02-08 11:00", d), at("2025-02-08 11:00"));
        }
    }

    #[test]
    fn calendar_days_ending_on_a_day_off_end_on_the_next_working_day() {
        // Saturday 1 March + 7 = Saturday 8 March (holiday); 9 Sunday, 10 day off.
        let d = Duration::CalendarDays(7);
        assert_eq!(after("2025-03-01 10:00", d), at("2025-03-11 18:00"));
        // Monday 21 April + 10 = Thursday 1 May (holiday).
        let d = Duration::CalendarDays(10);
        assert_eq!(after("2025-04-21 10:00", d), at("2025-05-02 18:00"));
        let d = Duration::CalendarDays(9);
        assert_eq!(after("2025-04-21 10:00", d), at("2025-04-30 18:00"));
    }

    #[test]
    fn the_atyrau_rule_issues_on_the_next_working_day() {
        let calendar = calendar();
        let terms = [Duration::CalendarDays(30)];
        // Wednesday 5 February + 30 = Friday 7 March.
        let standard = calendar.due(at("2025-02-05 10:00"), terms, DayCounting::Standard);
        assert_eq!(
            standard,
            Due {
                at: at("2025-03-07 18:00"),
                estimated: false
            }
        );
        // Issued the next working day: 8 March holiday, 9 Sunday, 10 day off.
        let excluded = DayCounting::IntakeAndIssueDaysExcluded;
        let due = calendar.due(at("2025-02-05 10:00"), terms, excluded);
        assert_eq!(
            due,
            Due {
                at: at("2025-03-11 18:00"),
                estimated: false
            }
        );
    }

    #[test]
    fn durations_chain_each_from_the_previous_end() {
        // 90 minutes on Friday 7 March, 30 on Tuesday 11 (8–10 off) → 09:30; two working days
        // → Thursday 13; three calendar days → Sunday 16 → Monday 17.
        let durations = [
            Duration::Minutes(120),
            Duration::WorkingDays(2),
            Duration::CalendarDays(3),
        ];
        let due = calendar().due(at("2025-03-07 16:30"), durations, DayCounting::Standard);
        assert_eq!(
            due,
            Due {
                at: at("2025-03-17 18:00"),
                estimated: false
            }
        );
    }

    #[test]
    fn a_year_without_a_file_counts_weekends_only_and_is_estimated() {
        let terms = [Duration::WorkingDays(5)];
        let due = calendar().due(at("2024-06-03 10:00"), terms, DayCounting::Standard);
        assert_eq!(
            due,
            Due {
                at: at("2024-06-10 18:00"),
                estimated: true
            }
        );
        let due =
            WorkingCalendar::default().due(at("2025-03-07 10:00"), terms, DayCounting::Standard);
        assert_eq!(
            due,
            Due {
                at: at("2025-03-14 18:00"),
                estimated: true
            }
        );
    }

    #[test]
    fn a_due_date_in_unconfirmed_2027_is_estimated() {
        let calendar = calendar();
        let terms = [Duration::WorkingDays(1)];
        let due = calendar.due(at("2027-02-01 10:00"), terms, DayCounting::Standard);
        assert_eq!(
            due,
            Due {
                at: at("2027-02-02 18:00"),
                estimated: true
            }
        );
        // 31 December 2026, then 1–2 January holidays, 3 Sunday, 4 the day off for 2 January.
        let terms = [Duration::WorkingDays(2)];
        let due = calendar.due(at("2026-12-30 10:00"), terms, DayCounting::Standard);
        assert_eq!(
            due,
            Due {
                at: at("2027-01-05 18:00"),
                estimated: true
            }
        );
        let terms = [Duration::WorkingDays(1)];
        let due = calendar.due(at("2026-12-29 10:00"), terms, DayCounting::Standard);
        assert_eq!(
            due,
            Due {
                at: at("2026-12-30 18:00"),
                estimated: false
            }
        );
    }

    fn one_year(days: &[(&str, DayKind, Option<DayOffReason>, Option<&str>)]) -> Vec<CalendarYear> {
        let days = days
            .iter()
            .map(|&(day, kind, reason, from)| CalendarDay {
                date: date(day),
                kind,
                reason,
                from: from.map(date),
                kk: None,
                ru: None,
                source: "test".into(),
                note: None,
            })
            .collect();
        vec![CalendarYear {
            year: 2025,
            confirmed: true,
            days,
        }]
    }

    fn refusal(days: &[(&str, DayKind, Option<DayOffReason>, Option<&str>)]) -> CalendarError {
        WorkingCalendar::new(one_year(days)).unwrap_err()
    }

    #[test]
    fn refuses_a_year_given_twice() {
        let mut years = one_year(&[]);
        years.extend(one_year(&[]));
        let error = WorkingCalendar::new(years).unwrap_err();
        assert_eq!(error, CalendarError::DuplicateYear(2025));
    }

    #[test]
    fn refuses_a_date_outside_its_year() {
        let error = refusal(&[("2026-01-01", DayKind::Holiday, None, None)]);
        let date = date("2026-01-01");
        assert_eq!(error, CalendarError::OutsideYear { year: 2025, date });
    }

    #[test]
    fn refuses_one_date_with_two_kinds_but_not_two_holidays_on_one_date() {
        let transferred = Some(DayOffReason::Transferred);
        let error = refusal(&[
            ("2025-03-08", DayKind::Holiday, None, None),
            ("2025-03-10", DayKind::Holiday, None, None),
            (
                "2025-03-10",
                DayKind::DayOff,
                transferred,
                Some("2025-03-08"),
            ),
        ]);
        assert_eq!(error, CalendarError::ConflictingKinds(date("2025-03-10")));
        let twice = one_year(&[
            ("2025-07-06", DayKind::Holiday, None, None),
            ("2025-07-06", DayKind::Holiday, None, None),
        ]);
        assert!(WorkingCalendar::new(twice).is_ok());
    }

    #[test]
    fn refuses_a_working_day_on_a_weekday() {
        let error = refusal(&[("2025-01-03", DayKind::WorkingDay, None, None)]);
        assert_eq!(
            error,
            CalendarError::WorkingDayOnWeekday(date("2025-01-03"))
        );
    }

    #[test]
    fn refuses_a_day_off_on_a_weekend() {
        let order = Some(DayOffReason::Order);
        let error = refusal(&[("2025-01-05", DayKind::DayOff, order, None)]);
        assert_eq!(error, CalendarError::DayOffOnWeekend(date("2025-01-05")));
    }

    #[test]
    fn refuses_a_day_off_without_its_reason() {
        let transferred = Some(DayOffReason::Transferred);
        let expected = CalendarError::Reason(date("2025-03-10"));
        // No reason.
        let error = refusal(&[("2025-03-10", DayKind::DayOff, None, None)]);
        assert_eq!(error, expected);
        // Transferred from nothing, from a later date, from a day that is not a holiday.
        let error = refusal(&[("2025-03-10", DayKind::DayOff, transferred, None)]);
        assert_eq!(error, expected);
        let error = refusal(&[(
            "2025-03-10",
            DayKind::DayOff,
            transferred,
            Some("2025-03-15"),
        )]);
        assert_eq!(error, expected);
        let error = refusal(&[(
            "2025-03-10",
            DayKind::DayOff,
            transferred,
            Some("2025-03-08"),
        )]);
        assert_eq!(error, expected);
        // A reason on a holiday.
        let error = refusal(&[(
            "2025-03-10",
            DayKind::Holiday,
            transferred,
            Some("2025-03-08"),
        )]);
        assert_eq!(error, expected);
    }

    #[test]
    fn local_time_is_utc_plus_5() {
        assert_eq!(local_from_unix(0), at("1970-01-01 05:00"));
        assert_eq!(unix_from_local(at("2025-03-07 12:00")), 1_741_330_800);
        assert_eq!(local_from_unix(1_741_330_800), at("2025-03-07 12:00"));
    }
}
