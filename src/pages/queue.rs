//! The electronic queue (issue 10): booking a visit to a service centre and its ticket
//! (`book`, `ticket`), the hall's kiosk and display (`hall`, `board`), and the operator's calls
//! (`calls`). What they share: the purposes of a visit, a booking's state, a slot's times.

pub mod board;
pub mod book;
pub mod calls;
pub mod hall;
pub mod ticket;

use leptos::prelude::*;
use qyzmet_domain::{
    Channel, ServiceList,
    booking::{BookingState, COLLECT_RESULT},
};

use crate::{format, i18n::*};

/// The purposes one may come for: collecting a result (003 §9), or a service the centres
/// accept; `(id, name)` in the current language.
pub fn purposes(i18n: I18nContext<Locale>, services: &ServiceList) -> Vec<(String, String)> {
    let lang = lang_of(i18n.get_locale());
    std::iter::once((
        COLLECT_RESULT.to_owned(),
        t_string!(i18n, queue_collect_result).to_string(),
    ))
    .chain(
        services
            .services
            .iter()
            .filter(|s| s.channels.contains(&Channel::ServiceCentre))
            .map(|s| (s.id.clone(), s.name.get(lang).to_owned())),
    )
    .collect()
}

/// A purpose's name; the id itself when the catalogue does not know it.
pub fn purpose_name(i18n: I18nContext<Locale>, services: Option<&ServiceList>, id: &str) -> String {
    if id == COLLECT_RESULT {
        return t_string!(i18n, queue_collect_result).to_string();
    }
    let lang = lang_of(i18n.get_locale());
    services
        .and_then(|list| list.services.iter().find(|s| s.id == id))
        .map(|s| s.name.get(lang).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

/// `10:30–10:45` of a slot given by its local start and end.
pub fn slot_times(start: &str, end: &str) -> String {
    let (_, from) = format::local_day_and_time(start);
    let (_, to) = format::local_day_and_time(end);
    format!("{from}–{to}")
}

/// A booking's day and times: "2026 жылғы 7 желтоқсан, 10:30–10:45".
pub fn visit_when(i18n: I18nContext<Locale>, start: &str, end: &str) -> String {
    let (day, _) = format::local_day_and_time(start);
    format!("{}, {}", format::date(i18n, day), slot_times(start, end))
}

#[component]
pub fn BookingStateTag(state: BookingState) -> impl IntoView {
    let i18n = use_i18n();
    let class = if state.holds_place() {
        "tag tag--done"
    } else {
        "tag"
    };
    let text = move || match state {
        BookingState::Booked => t_string!(i18n, booking_states.booked),
        BookingState::Arrived => t_string!(i18n, booking_states.arrived),
        BookingState::Served => t_string!(i18n, booking_states.served),
        BookingState::NoShow => t_string!(i18n, booking_states.no_show),
        BookingState::Cancelled => t_string!(i18n, booking_states.cancelled),
        BookingState::Expired => t_string!(i18n, booking_states.expired),
    };
    view! { <span class=class>{text}</span> }
}
