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
