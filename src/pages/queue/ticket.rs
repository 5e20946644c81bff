//! `/queue/bookings/{id}`: a booking's ticket: the code to type (or the QR code to show) at
//! the centre's kiosk, the centre, the day and time, when to check in; to print, move or
//! cancel (after a confirmation in place; the place is freed at once).

use leptos::prelude::*;
use qyzmet_domain::booking::{Booking, BookingState};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
        question::focus_by_id,
    },
    format,
    i18n::*,
    router::use_location,
    session::handle_sign_in_required,
};

use super::{BookingStateTag, purpose_name, visit_when};

#[component]
pub fn TicketPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let done = use_location().param("done");
    let loaded = api::load(move || api::get_booking(id.clone()));
    let services = api::load(api::list_services);
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, queue_ticket_title).to_string())/>
        {move || match loaded.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(booking)) => view! { <TicketView booking services done=done.clone()/> }.into_any(),
            Some(Err(ApiFailure::NotFound)) => view! {
                <p class="lead">{t!(i18n, queue_booking_not_found)}</p>
                <p><a class="button" href="/cabinet">{t!(i18n, nav_cabinet)}</a></p>
            }
            .into_any(),
            Some(Err(failure)) => {
                handle_sign_in_required(&failure);
                view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any()
            }
        }}
    }
}

#[component]
fn TicketView(
    booking: Booking,
    services: api::Loaded<qyzmet_domain::ServiceList>,
    done: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let state = RwSignal::new(booking.state);
    let booking = StoredValue::new(booking);
    let field = move |f: fn(&Booking) -> String| booking.with_value(f);
    let purpose = move || {
        let id = field(|b| b.purpose.clone());
        match services.state.get() {
            Some(Ok(list)) => purpose_name(i18n, Some(&list), &id),
            _ => purpose_name(i18n, None, &id),
        }
    };
    let place = move || {
        booking.with_value(|b| {
            format!(
                "{}, {}",
                b.branch.name.get(lang()),
                b.branch.address.get(lang())
            )
        })
    };
    let when = move || booking.with_value(|b| visit_when(i18n, &b.start, &b.end));
    let check_in = move || {
        booking.with_value(|b| {
            let (_, from) = format::local_day_and_time(&b.check_in_from);
            let (_, until) = format::local_day_and_time(&b.check_in_until);
            t_string!(
                i18n,
                queue_check_in_between,
                from = from.to_owned(),
                until = until.to_owned()
            )
            .to_string()
        })
    };
    let done_note = move || {
        let text = match (done.as_deref(), state.get()) {
            (_, BookingState::Cancelled) => return None,
            (Some("booked"), _) => t_string!(i18n, queue_booked_note),
            (Some("moved"), _) => t_string!(i18n, queue_moved_note),
            _ => return None,
        };
        Some(view! { <p class="notice notice--done" role="status">{text}</p> })
    };
    let id = field(|b| b.id.clone());
    let ticket = field(|b| b.ticket.clone().unwrap_or_default());
    let branch_link = field(|b| format!("/branches/{}", b.branch.id));
    view! {
        {done_note}
        {move || (state.get() == BookingState::Cancelled).then(|| view! {
            <p class="notice notice--done" role="status">{t!(i18n, queue_cancelled_note)}</p>
        })}
        <section class="ticket" aria-labelledby="ticket-code-label">
            <p class="ticket__code-label" id="ticket-code-label">{t!(i18n, queue_code)}</p>
            <p class="ticket__code">{field(|b| b.code.clone())}</p>
            <dl class="summary">
                <div class="summary__row"><dt>{t!(i18n, queue_state)}</dt>
                    <dd>{move || view! { <BookingStateTag state=state.get()/> }}
                        {(!ticket.is_empty()).then(|| view! { " " {ticket.clone()} })}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_branch)}</dt>
                    <dd><a href=branch_link>{place}</a></dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_purpose)}</dt><dd>{purpose}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_when)}</dt><dd>{when}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_check_in)}</dt><dd>{check_in}</dd></div>
            </dl>
            <figure class="ticket__qr">
                <img src=api::booking_qr_path(&id) width="160" height="160"
                    alt=move || t_string!(i18n, queue_qr_alt).to_string()/>
                <figcaption>{t!(i18n, queue_qr_caption)}</figcaption>
            </figure>
        </section>
        {move || (state.get() == BookingState::Booked).then(|| view! { <Actions id=id.clone() state/> })}
        <p><a href="/cabinet">{t!(i18n, queue_to_cabinet)}</a></p>
    }
}

/// Print, move, cancel (with a confirmation in place) a booking that holds its place.
#[component]
fn Actions(id: String, state: RwSignal<BookingState>) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let move_link = format!("/queue/book?move={id}");
    let id = StoredValue::new(id);
    let cancel = move |_| {
        leptos::task::spawn_local(async move {
            match api::cancel_booking(&id.get_value()).await {
                Ok(booking) => {
                    state.try_set(booking.state);
                    focus_by_id("main");
                }
                Err(error) => {
                    handle_sign_in_required(&error);
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let print = move |_| crate::components::print_page();
    view! {
        {move || failure.get().map(|f| view! {
            <p class="field__error" role="alert">{match f {
                ApiFailure::Refused(_) => t_string!(i18n, queue_cannot_cancel),
                ApiFailure::Network => t_string!(i18n, error_network),
                _ => t_string!(i18n, error_server),
            }}</p>
        })}
        {move || if confirming.get() {
            view! {
                <div class="confirm" role="group" aria-label=move || t_string!(i18n, queue_cancel_confirm)>
                    <p>{t!(i18n, queue_cancel_confirm)}</p>
                    <button type="button" class="button button--warning" on:click=cancel>{t!(i18n, queue_cancel_yes)}</button>
                    " "
                    <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>{t!(i18n, queue_keep)}</button>
                </div>
            }.into_any()
        } else {
            view! {
                <div class="button-group no-print">
                    <button type="button" class="button" on:click=print>{t!(i18n, queue_print)}</button>
                    <a class="button button--secondary" href=move_link.clone()>{t!(i18n, queue_move)}</a>
                    <button type="button" class="button button--secondary" on:click=move |_| confirming.set(true)>{t!(i18n, queue_cancel)}</button>
                </div>
            }.into_any()
        }}
    }
}
