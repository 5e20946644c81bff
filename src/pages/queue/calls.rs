//! `/centre/queue`: an operator's calls. The window they sit at (kept for the session), "call
//! next" (booked tickets at their time, walk-ins between: the adapter decides), the tickets
//! being served with "served" and "did not come", who waits in order, and the day's average
//! and longest wait. It follows the hall's changes live, as the display does.

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{
    FieldProblem, Problem, ServiceList, SessionInfo,
    booking::{QueueToday, Ticket, TicketOutcome},
    queue::TicketKind,
};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, FailureLine, Loading},
        form::{ErrorSummary, FormStatus, SubmitButton, TextField, message_for, remembered},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::centre::{BranchLine, RequireOperator},
    router::navigate,
    session::handle_sign_in_required,
};

use super::purpose_name;

#[component]
pub fn CallsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, queue_calls_title).to_string())/>
        <RequireOperator children=move |info| view! { <Calls info/> }/>
    }
}

#[component]
fn Calls(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let today = RwSignal::new(None::<Result<QueueToday, ApiFailure>>);
    let refresh = Callback::new(move |()| {
        leptos::task::spawn_local(async move {
            let result = api::queue_today().await;
            if let Err(failure) = &result {
                handle_sign_in_required(failure);
            }
            today.try_set(Some(result));
        });
    });
    refresh.run(());
    if let Some(branch) = &info.branch {
        api::on_changes(&api::board_changes_path(&branch.id), refresh);
    }
    let services = api::load(api::list_services);
    let services = Signal::derive(move || services.state.get().and_then(Result::ok));
    let board = info
        .branch
        .as_ref()
        .map(|b| format!("/queue/board/{}", b.id));
    let hall = info
        .branch
        .as_ref()
        .map(|b| format!("/queue/hall/{}", b.id));
    let set_up = info.branch.as_ref().map(|b| b.id.clone());
    view! {
        <BranchLine info/>
        <CallNext refresh/>
        {move || match today.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(failure)) => view! { <ErrorPanel failure on_retry=refresh/> }.into_any(),
            Some(Ok(day)) => view! { <Today day services refresh/> }.into_any(),
        }}
        <p class="button-group">
            {board.map(|href| view! { <a class="button button--secondary" href=href>{t!(i18n, queue_board_title)}</a> })}
            {hall.map(|href| view! { <a class="button button--secondary" href=href>{t!(i18n, queue_hall_title)}</a> })}
        </p>
        {set_up.map(|branch| view! { <SetUpHall branch/> })}
    }
}

/// Makes the screen the operator is at the hall's kiosk: the adapter signs them out of it, and
/// the screen opens the kiosk.
#[component]
fn SetUpHall(branch: String) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let branch = StoredValue::new(branch);
    let set_up = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::enrol_hall_device().await {
                Ok(_) => {
                    navigate(&format!("/queue/hall/{}", branch.get_value()), false);
                    crate::session::use_auth().signed_out();
                }
                Err(error) => {
                    busy.try_set(false);
                    handle_sign_in_required(&error);
                    failure.try_set(Some(error));
                }
            }
        });
    };
    view! {
        <section class="section no-print" aria-labelledby="set-up-hall">
            <h2 id="set-up-hall">{t!(i18n, queue_hall_set_up_title)}</h2>
            <p>{t!(i18n, queue_hall_set_up_lead)}</p>
            <FailureLine failure/>
            <button type="button" class="button button--secondary"
                aria-disabled=move || busy.get().then_some("true")
                on:click=set_up>{t!(i18n, queue_hall_set_up_button)}</button>
        </section>
    }
}

/// The window's number and "call next"; what the call gave.
#[component]
fn CallNext(refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let status = FormStatus::new();
    let window = remembered("queue", "window");
    let called = RwSignal::new(None::<Option<Ticket>>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let number = window
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0);
        let check = match number {
            Some(_) => Ok(()),
            None if window.with_untracked(|w| w.trim().is_empty()) => {
                Err(vec![FieldProblem::new("window", Problem::Empty)])
            }
            None => Err(vec![FieldProblem::new("window", Problem::NotDigits)]),
        };
        if !status.checked(check) {
            return;
        }
        let number = number.unwrap_or(1);
        leptos::task::spawn_local(async move {
            match api::call_next(number).await {
                Ok(ticket) => {
                    status.busy.try_set(false);
                    called.try_set(Some(ticket));
                    refresh.run(());
                }
                Err(failure) => {
                    handle_sign_in_required(&failure);
                    status.failed(failure);
                }
            }
        });
    };
    view! {
        <ErrorSummary errors=status.errors(i18n, "window") attempts=status.attempts/>
        <FailureLine failure=status.failure/>
        <form class="form form--inline" novalidate on:submit=on_submit>
            <TextField name="window" value=window autocomplete="off" inputmode="numeric"
                label=Signal::derive(move || t_string!(i18n, queue_window).to_string())
                error=message_for(i18n, status.problems, "window") class="field__input field__input--short"/>
            <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, queue_call_next).to_string())/>
        </form>
        <p role="status" class="calls__result">
            {move || called.get().map(|ticket| match ticket {
                Some(t) => t_string!(i18n, queue_called, ticket = t.label, window = t.window.unwrap_or(0)).to_string(),
                None => t_string!(i18n, queue_no_one_waits).to_string(),
            })}
        </p>
    }
}

#[component]
fn Today(
    day: QueueToday,
    services: Signal<Option<ServiceList>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let purpose = move |id: String| move || services.with(|s| purpose_name(i18n, s.as_ref(), &id));
    let QueueToday {
        waiting,
        serving,
        served,
        no_shows,
        waits,
        ..
    } = day;
    let serving_list = if serving.is_empty() {
        view! { <p class="empty-state">{t!(i18n, queue_serving_none)}</p> }.into_any()
    } else {
        view! {
            <ul class="plain-list">
                {serving.into_iter().map(|t| view! { <Serving ticket=t.clone() purpose=Signal::derive(purpose(t.purpose.clone())) refresh/> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let waiting_list = if waiting.is_empty() {
        view! { <p class="empty-state">{t!(i18n, queue_waiting_none)}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{t!(i18n, queue_waiting_title)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, queue_ticket_col)}</th>
                        <th scope="col">{t!(i18n, queue_purpose)}</th>
                        <th scope="col">{t!(i18n, queue_slot_col)}</th>
                        <th scope="col">{t!(i18n, queue_issued_col)}</th>
                    </tr></thead>
                    <tbody>
                        {waiting.into_iter().map(|t| {
                            let slot = t.slot_start.as_deref().map(|s| format::local_day_and_time(s).1.to_owned());
                            let kind = t.kind;
                            view! {
                                <tr>
                                    <th scope="row">{t.label.clone()}</th>
                                    <td>{purpose(t.purpose.clone())}</td>
                                    <td>{match (kind, slot) {
                                        (TicketKind::Booked, Some(slot)) => slot.into_any(),
                                        _ => t!(i18n, queue_walk_in).into_any(),
                                    }}</td>
                                    <td>{format::kazakhstan_time(&t.issued_at)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="section" aria-labelledby="serving-title">
            <h2 id="serving-title">{t!(i18n, queue_serving_title)}</h2>
            {serving_list}
        </section>
        <section class="section" aria-labelledby="waiting-title">
            <h2 id="waiting-title">{t!(i18n, queue_waiting_title)}</h2>
            {waiting_list}
        </section>
        <section class="section" aria-labelledby="day-title">
            <h2 id="day-title">{t!(i18n, queue_day_title)}</h2>
            <dl class="summary">
                <div class="summary__row"><dt>{t!(i18n, queue_served)}</dt><dd>{served}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_no_shows)}</dt><dd>{no_shows}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_average_wait)}</dt>
                    <dd>{move || t_string!(i18n, centre_minutes, count = waits.average_minutes).to_string()}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, queue_longest_wait)}</dt>
                    <dd>{move || t_string!(i18n, centre_minutes, count = waits.longest_minutes).to_string()}</dd></div>
            </dl>
        </section>
    }
}

/// A ticket at a window: served, or did not come.
#[component]
fn Serving(ticket: Ticket, purpose: Signal<String>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let failure = RwSignal::new(None::<ApiFailure>);
    let id = ticket.id;
    let label = ticket.label.clone();
    let mark = move |outcome: TicketOutcome| {
        leptos::task::spawn_local(async move {
            match api::ticket_outcome(id, outcome).await {
                Ok(_) => refresh.run(()),
                Err(error) => {
                    handle_sign_in_required(&error);
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let window = ticket.window.unwrap_or(0);
    view! {
        <li class="application">
            <h3 class="application__title">
                {move || t_string!(i18n, queue_at_window, ticket = label.clone(), window = window).to_string()}
            </h3>
            <p class="application__meta">{move || purpose.get()}</p>
            {move || failure.get().map(|_| view! { <p class="field__error" role="alert">{t!(i18n, error_server)}</p> })}
            <p class="button-group">
                <button type="button" class="button" on:click=move |_| mark(TicketOutcome::Served)>
                    {t!(i18n, queue_mark_served)}<span class="visually-hidden">" " {ticket.label.clone()}</span>
                </button>
                <button type="button" class="button button--secondary" on:click=move |_| mark(TicketOutcome::NoShow)>
                    {t!(i18n, queue_mark_no_show)}<span class="visually-hidden">" " {ticket.label.clone()}</span>
                </button>
            </p>
        </li>
    }
}
