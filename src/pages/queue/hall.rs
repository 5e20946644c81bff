//! `/queue/hall/{branch}`: the kiosk in a service centre's hall, for anyone who walks in: take
//! a ticket for what one came for, or check in with a booking's code (typed, or scanned from
//! its QR code, which a scanner types). The ticket's number and how many wait before it, to
//! print; then the kiosk is ready for the next person. Only a screen one of the centre's
//! operators set up (from their calls page) is the kiosk; any other says how to set it up.

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{FieldProblem, Problem, booking::Ticket};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, FailureLine, Loading},
        form::{ErrorSummary, FormStatus, SubmitButton, TextField, message_for},
        page_heading::PageHeading,
    },
    i18n::*,
};

use super::{purpose_name, purposes};

/// How long a ticket stays on the kiosk's screen when nobody presses "done".
const SLIP_SHOWN: std::time::Duration = std::time::Duration::from_secs(60);

#[component]
pub fn HallPage(branch: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let board = api::load({
        let branch = branch.clone();
        move || api::queue_board(branch.clone())
    });
    let title = Signal::derive(move || match board.state.get() {
        Some(Ok(board)) => format!(
            "{}: {}",
            t_string!(i18n, queue_hall_title),
            board.branch.name.get(lang())
        ),
        Some(Err(ApiFailure::NotFound)) => t_string!(i18n, branch_not_found).to_string(),
        _ => t_string!(i18n, queue_hall_title).to_string(),
    });
    let device = api::load(api::hall_device);
    let branch = StoredValue::new(branch);
    view! {
        <PageHeading text=title/>
        {move || match board.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(_)) => match device.state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(Some(screen))) if screen.branch == branch.get_value() => {
                    view! { <Kiosk branch=branch.get_value()/> }.into_any()
                }
                Some(Ok(_)) => view! { <NotSetUp/> }.into_any(),
                Some(Err(failure)) => view! { <ErrorPanel failure on_retry=device.reload without_title=true/> }.into_any(),
            },
            Some(Err(ApiFailure::NotFound)) => view! {
                <p><a href="/branches" class="button">{t!(i18n, branches_back)}</a></p>
            }
            .into_any(),
            Some(Err(failure)) => view! { <ErrorPanel failure on_retry=board.reload without_title=true/> }.into_any(),
        }}
    }
}

/// A screen that is not this centre's kiosk gives no tickets (the adapter refuses them): it
/// says how an operator sets it up.
#[component]
fn NotSetUp() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = format!(
        "/sign-in?return={}",
        js_sys::encode_uri_component("/centre/queue")
    );
    view! {
        <section class="section" aria-labelledby="not-set-up">
            <p id="not-set-up" class="notice">{t!(i18n, queue_hall_not_set_up)}</p>
            <p>{t!(i18n, queue_hall_set_up_how)}</p>
            <p><a href=sign_in class="button button--secondary">{t!(i18n, queue_hall_operator_sign_in)}</a></p>
        </section>
    }
}

#[component]
fn Kiosk(branch: String) -> impl IntoView {
    let i18n = use_i18n();
    let services = api::load(api::list_services);
    let issued = RwSignal::new(None::<Ticket>);
    let branch = StoredValue::new(branch);
    move || match issued.get() {
        Some(ticket) => {
            let services = services.state.get().and_then(Result::ok);
            view! { <Slip ticket services issued/> }.into_any()
        }
        None => view! {
            <div class="hall">
                <section class="section" aria-labelledby="walk-in-title">
                    <h2 id="walk-in-title">{t!(i18n, queue_walk_in_title)}</h2>
                    <p>{t!(i18n, queue_walk_in_lead)}</p>
                    <WalkIn branch services issued/>
                </section>
                <section class="section" aria-labelledby="check-in-title">
                    <h2 id="check-in-title">{t!(i18n, queue_check_in_title)}</h2>
                    <CheckIn branch issued/>
                </section>
            </div>
        }
        .into_any(),
    }
}

/// One large button per purpose; a press gives a ticket.
#[component]
fn WalkIn(
    branch: StoredValue<String>,
    services: api::Loaded<qyzmet_domain::ServiceList>,
    issued: RwSignal<Option<Ticket>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let take = move |purpose: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = api::walk_in(&branch.get_value(), &purpose).await;
            busy.try_set(false);
            match result {
                Ok(ticket) => {
                    issued.try_set(Some(ticket));
                }
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        });
    };
    view! {
        <FailureLine failure/>
        {move || match services.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(failure)) => view! { <ErrorPanel failure on_retry=services.reload without_title=true/> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="plain-list hall__purposes">
                    {purposes(i18n, &list).into_iter().map(|(id, name)| view! {
                        <li><button type="button" class="button button--large"
                            aria-disabled=move || busy.get().then_some("true")
                            on:click=move |_| take(id.clone())>{name}</button></li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

/// A booking's code: its ticket, if it is this centre's and within its check-in time.
#[component]
fn CheckIn(branch: StoredValue<String>, issued: RwSignal<Option<Ticket>>) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::new();
    let code = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let typed = code.get_untracked();
        let check = if typed.trim().is_empty() {
            Err(vec![FieldProblem::new("code", Problem::Empty)])
        } else {
            Ok(())
        };
        if !status.checked(check) {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::check_in(&branch.get_value(), &typed).await {
                Ok(ticket) => {
                    status.busy.try_set(false);
                    issued.try_set(Some(ticket));
                }
                Err(failure) => status.failed(failure),
            }
        });
    };
    view! {
        <ErrorSummary errors=status.errors(i18n, "code") attempts=status.attempts/>
        <FailureLine failure=status.failure/>
        <form class="form" novalidate on:submit=on_submit>
            <TextField name="code" value=code autocomplete="off"
                label=Signal::derive(move || t_string!(i18n, queue_code).to_string())
                hint=Signal::derive(move || t_string!(i18n, queue_code_hint).to_string())
                error=message_for(i18n, status.problems, "code") class="field__input field__input--code"/>
            <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, queue_check_in_button).to_string())/>
        </form>
    }
}

/// The ticket just issued: its number large, how many wait before it; print it, then done.
#[component]
fn Slip(
    ticket: Ticket,
    services: Option<qyzmet_domain::ServiceList>,
    issued: RwSignal<Option<Ticket>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let purpose = StoredValue::new(ticket.purpose.clone());
    let services = StoredValue::new(services);
    let ahead = ticket.ahead.unwrap_or(0);
    let print = move |_| crate::components::print_page();
    // The ticket takes focus, so a screen reader reads it at once; a minute later the kiosk is
    // ready for the next person by itself (a ticket left on the screen is nobody's business).
    request_animation_frame(|| crate::components::question::focus_by_id("slip-title"));
    let shown = ticket.id;
    set_timeout(
        move || {
            // The page may be gone by then.
            let still = issued.try_with_untracked(|t| t.as_ref().is_some_and(|t| t.id == shown));
            if still == Some(true) {
                issued.try_set(None);
            }
        },
        SLIP_SHOWN,
    );
    let done = move |_| {
        issued.set(None);
        crate::components::question::focus_by_id("main");
    };
    view! {
        <section class="ticket ticket--slip" aria-labelledby="slip-title">
            <h2 id="slip-title" class="ticket__code-label" tabindex="-1">{t!(i18n, queue_your_ticket)}</h2>
            <p class="ticket__code" role="status">{ticket.label.clone()}</p>
            <p>{move || services.with_value(|s| purpose_name(i18n, s.as_ref(), &purpose.get_value()))}</p>
            <p class="ticket__ahead">{move || t_string!(i18n, queue_ahead, count = ahead).to_string()}</p>
            <p>{t!(i18n, queue_watch_board)}</p>
        </section>
        <div class="button-group no-print">
            <button type="button" class="button button--large" on:click=print>{t!(i18n, queue_print)}</button>
            <button type="button" class="button button--large button--secondary" on:click=done>{t!(i18n, queue_done)}</button>
        </div>
    }
}
