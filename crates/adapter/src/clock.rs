//! Time as the adapter stores it: whole seconds since the Unix epoch (UTC).

use time::{OffsetDateTime, format_description::well_known::Rfc3339};

pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// RFC 3339 in UTC, for the API (`2026-11-23T10:15:00Z`).
pub fn rfc3339(seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Kazakhstan's time: one zone, UTC+5, since 1 March 2024.
const KAZAKHSTAN: time::UtcOffset = time::macros::offset!(+5);

/// The day in Kazakhstan of a moment.
pub fn local_day(seconds: i64) -> qyzmet_domain::form::Day {
    let date = OffsetDateTime::from_unix_timestamp(seconds)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(KAZAKHSTAN)
        .date();
    qyzmet_domain::form::Day {
        year: u32::try_from(date.year()).unwrap_or(0),
        month: u32::from(u8::from(date.month())),
        day: u32::from(date.day()),
    }
}

/// The moment a day begins in Kazakhstan (00:00 UTC+5), as Unix seconds.
pub fn start_of_local_day(day: qyzmet_domain::form::Day) -> i64 {
    let date = time::Month::try_from(u8::try_from(day.month).unwrap_or(0))
        .ok()
        .and_then(|month| {
            time::Date::from_calendar_date(
                i32::try_from(day.year).unwrap_or(0),
                month,
                u8::try_from(day.day).unwrap_or(0),
            )
            .ok()
        });
    date.map_or(0, |date| {
        date.midnight().assume_offset(KAZAKHSTAN).unix_timestamp()
    })
}
