//! Dates and times in each language's grammar, with month names from the translations: Kazakh
//! "1985 жылғы 14 шілде" (nominative month after the day), Russian "14 июля 1985 г." (genitive).
//! Not the browser's `Intl`: builds without Kazakh locale data print "1985 M07 14".

use js_sys::Date;
use wasm_bindgen::JsValue;

use crate::i18n::*;

fn month(i18n: I18nContext<Locale>, number: u32) -> String {
    let name = match number {
        1 => t_string!(i18n, months.jan),
        2 => t_string!(i18n, months.feb),
        3 => t_string!(i18n, months.mar),
        4 => t_string!(i18n, months.apr),
        5 => t_string!(i18n, months.may),
        6 => t_string!(i18n, months.jun),
        7 => t_string!(i18n, months.jul),
        8 => t_string!(i18n, months.aug),
        9 => t_string!(i18n, months.sep),
        10 => t_string!(i18n, months.oct),
        11 => t_string!(i18n, months.nov),
        _ => t_string!(i18n, months.dec),
    };
    name.to_string()
}

/// A calendar date written `YYYY-MM-DD`; anything else is shown as it is.
pub fn date(i18n: I18nContext<Locale>, iso: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(year), Some(m @ 1..=12), Some(day @ 1..=31)) => {
            let month = month(i18n, m);
            t_string!(i18n, date_long, year = year, day = day, month = month).to_string()
        }
        _ => iso.to_owned(),
    }
}

/// A moment (RFC 3339) in the browser's time zone: day, month and time of day.
pub fn moment(i18n: I18nContext<Locale>, rfc3339: &str) -> String {
    let date = Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    moment_of(i18n, &date)
}

/// Milliseconds since the epoch, as `moment`.
pub fn moment_ms(i18n: I18nContext<Locale>, ms: f64) -> String {
    moment_of(i18n, &Date::new(&JsValue::from_f64(ms)))
}

fn moment_of(i18n: I18nContext<Locale>, date: &Date) -> String {
    let day = date.get_date();
    let month = month(i18n, date.get_month() + 1);
    let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
    t_string!(i18n, moment, day = day, month = month, time = time).to_string()
}

/// A moment (RFC 3339) with its year, in the browser's time zone: "2026 жылғы 23 қараша, 14:05",
/// "23 ноября 2026 г., 14:05".
pub fn date_time(i18n: I18nContext<Locale>, rfc3339: &str) -> String {
    let date = Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    written(
        i18n,
        [
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date(),
            date.get_hours(),
            date.get_minutes(),
        ],
    )
}

/// A moment (RFC 3339) in Kazakhstan's time (UTC+5 everywhere since 1 March 2024), whatever
/// the browser's zone: the receipt's times are those of the service centre and the provider.
pub fn kazakhstan_date_time(i18n: I18nContext<Locale>, rfc3339: &str) -> String {
    let at = Date::new(&JsValue::from_str(rfc3339)).get_time();
    if at.is_nan() {
        return rfc3339.to_owned();
    }
    let date = Date::new(&JsValue::from_f64(at + 5.0 * 3_600_000.0));
    written(
        i18n,
        [
            date.get_utc_full_year(),
            date.get_utc_month() + 1,
            date.get_utc_date(),
            date.get_utc_hours(),
            date.get_utc_minutes(),
        ],
    )
}

/// `[year, month (1–12), day, hour, minute]` in the language's grammar.
fn written(
    i18n: I18nContext<Locale>,
    [year, month_number, day, hours, minutes]: [u32; 5],
) -> String {
    let date = t_string!(
        i18n,
        date_long,
        year = year,
        day = day,
        month = month(i18n, month_number)
    )
    .to_string();
    let time = format!("{hours:02}:{minutes:02}");
    t_string!(i18n, date_time, date = date, time = time).to_string()
}

/// The time of day (`HH:MM`) of a moment (RFC 3339) in Kazakhstan's time, UTC+5.
pub fn kazakhstan_time(rfc3339: &str) -> String {
    let at = Date::new(&JsValue::from_str(rfc3339)).get_time();
    if at.is_nan() {
        return rfc3339.to_owned();
    }
    let date = Date::new(&JsValue::from_f64(at + 5.0 * 3_600_000.0));
    format!("{:02}:{:02}", date.get_utc_hours(), date.get_utc_minutes())
}

/// A branch's wall-clock time, local RFC 3339 (`2026-12-07T10:30:00+05:00`), as `(day, HH:MM)`:
/// a visit is at the branch's time whatever the browser's zone.
pub fn local_day_and_time(rfc3339: &str) -> (&str, &str) {
    (
        rfc3339.get(..10).unwrap_or(rfc3339),
        rfc3339.get(11..16).unwrap_or(""),
    )
}
