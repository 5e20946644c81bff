//! `/applications/{id}/status`: where a submitted request is. The stages of its region's
//! regulation, each with who handles it, how long it may take, when it is due and when it
//! happened; the date the result is due; who did each step; the result once issued, with the
//! provider's signature checked. Changes arrive live (server-sent events) and are announced.

use leptos::prelude::*;
use qyzmet_domain::{
    Role, ServicePage,
    tracking::{Outcome, RequestStatus, ResultSummary, StageStatus, TrackingEvent},
    workflow::{Action, RequestState},
};

use crate::{
    api::{self, ApiFailure},
    components::{
        citation::Localized,
        duration::DurationText,
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::cabinet::RoleName,
    session::handle_sign_in_required,
};

#[component]
pub fn StatusPage(id: String, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load({
        let id = id.clone();
        move || api::get_status(id.clone())
    });
    let announced = RwSignal::new(false);
    watch_changes(&id, loaded.reload, announced);
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, status_title).to_string())/>
        <p class="visually-hidden" role="status" aria-live="polite">
            {move || announced.get().then(|| t_string!(i18n, status_updated).to_string())}
        </p>
        {move || match loaded.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(status)) => view! { <StatusView status service/> }.into_any(),
            Some(Err(failure)) => {
                if failure != ApiFailure::NotFound {
                    handle_sign_in_required(&failure);
                }
                view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any()
            }
        }}
    }
}

/// Each change of the request reloads the status and is announced.
fn watch_changes(id: &str, reload: Callback<()>, announced: RwSignal<bool>) {
    api::on_changes(
        &api::changes_path(id),
        Callback::new(move |()| {
            announced.set(true);
            reload.run(());
        }),
    );
}

#[component]
fn StatusView(status: RequestStatus, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let service_name = move || service.with_value(|s| s.service.name.get(lang()).to_owned());
    let number = status.number.clone();
    let state = status.state;
    let receipt = format!("/applications/{}/receipt", status.application);
    let due = status.result_due.clone().map(|due| {
        let overdue = status.result_overdue;
        let estimated = status.result_due_estimated;
        view! {
            <div class="summary__row"><dt>{t!(i18n, status_result_due)}</dt>
                <dd>
                    {move || format::kazakhstan_date_time(i18n, &due)}
                    {estimated.then(|| view! { " " <span class="receipt__note">{t!(i18n, receipt_due_estimated)}</span> })}
                    {overdue.then(|| view! { " " <span class="tag tag--late">{t!(i18n, status_overdue)}</span> })}
                </dd>
            </div>
        }
    });
    let provider = status.provider.clone().map(|p| view! {
        <div class="summary__row"><dt>{t!(i18n, status_provider)}</dt><dd><Localized text=p.name/></dd></div>
    });
    // A service centre's request: its result is given there, kept a month (001 §10).
    let centre = status.centre.clone().map(|centre| {
        let place = move || format!("{}, {}", centre.branch.name.get(lang()), centre.branch.address.get(lang()));
        let kept = centre.keep_until.clone().map(|until| view! {
            <div class="summary__row"><dt>{t!(i18n, centre_keep_until)}</dt><dd>{format::date(i18n, &until)}</dd></div>
        });
        let handover = centre.handover.clone().map(|h| view! {
            <div class="summary__row"><dt>{t!(i18n, centre_handover)}</dt>
                <dd>{match h.kind {
                    qyzmet_domain::intake::HandoverKind::HandedOut => t!(i18n, centre_handed_out).into_any(),
                    qyzmet_domain::intake::HandoverKind::PassedToProvider => t!(i18n, centre_passed).into_any(),
                }} ", " {format::date_time(i18n, &h.at)}</dd></div>
        });
        view! {
            <div class="summary__row"><dt>{t!(i18n, receipt_result)}</dt><dd>{place}</dd></div>
            {kept}
            {handover}
        }
    });
    let result = status.result.clone();
    let id = status.application.clone();
    view! {
        <p class="caption">{service_name}</p>
        <dl class="summary summary--compact">
            <div class="summary__row"><dt>{t!(i18n, receipt_number)}</dt><dd>{number}</dd></div>
            <div class="summary__row"><dt>{t!(i18n, status_now)}</dt><dd><StateName state/></dd></div>
            {provider}
            {due}
            {centre}
        </dl>
        {result.map(|result| view! { <ResultPanel id=id.clone() result service/> })}
        <Course status=status.clone()/>
        <p class="button-group">
            <a class="button button--secondary" href=receipt>{t!(i18n, receipt_title)}</a>
            <a class="button button--secondary" href="/cabinet">{t!(i18n, to_my_applications)}</a>
        </p>
    }
}

/// The request's stages and who did what: the applicant's page and the staff's case alike.
#[component]
pub fn Course(status: RequestStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t!(i18n, status_stages)}</h2>
            <Timeline stages=status.stages/>
        </section>
        <section class="section" aria-labelledby="events-title">
            <h2 id="events-title">{t!(i18n, status_events)}</h2>
            <Events events=status.events/>
        </section>
    }
}

/// The regulation's stages for this request, in order.
#[component]
fn Timeline(stages: Vec<StageStatus>) -> impl IntoView {
    let i18n = use_i18n();
    if stages.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, status_no_stages)}</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {stages.into_iter().map(|stage| {
                let class = if stage.done_at.is_some() {
                    "timeline__stage timeline__stage--done"
                } else if stage.current {
                    "timeline__stage timeline__stage--current"
                } else {
                    "timeline__stage"
                };
                let due = stage.due.clone();
                let done = stage.done_at.clone();
                view! {
                    <li class=class aria-current=stage.current.then_some("step")>
                        <p class="timeline__actor"><Localized text=stage.actor.clone()/></p>
                        <p class="timeline__action"><Localized text=stage.action.clone()/></p>
                        <p class="timeline__meta">
                            {t!(i18n, stage_duration)} ": " <DurationText duration=stage.duration/>
                            <br/>
                            {t!(i18n, status_due)} ": " {move || format::kazakhstan_date_time(i18n, &due)}
                            <br/>
                            {match done {
                                Some(at) => view! {
                                    <span class="tag tag--done">{t!(i18n, status_done)}</span> " "
                                    {move || format::kazakhstan_date_time(i18n, &at)}
                                }.into_any(),
                                None if stage.current => view! { <span class="tag">{t!(i18n, status_current)}</span> }.into_any(),
                                None => view! { <span class="tag tag--muted">{t!(i18n, status_waiting)}</span> }.into_any(),
                            }}
                            {stage.overdue.then(|| view! { " " <span class="tag tag--late">{t!(i18n, status_overdue)}</span> })}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Events(events: Vec<TrackingEvent>) -> impl IntoView {
    let i18n = use_i18n();
    if events.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, status_no_events)}</p> }.into_any();
    }
    view! {
        <ul class="plain-list events">
            {events.into_iter().map(|event| {
                let at = event.at.clone();
                let role: Role = event.role;
                view! {
                    <li>
                        <strong><ActionName action=event.action/></strong> " — "
                        {move || format::kazakhstan_date_time(i18n, &at)} ", "
                        {event.by.clone()} " (" <RoleName role/> ")"
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The decision, its grounds, the queue number, and the signed document to keep.
#[component]
fn ResultPanel(
    id: String,
    result: ResultSummary,
    service: StoredValue<ServicePage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let granted = result.outcome == Outcome::Granted;
    let what = move || {
        service.with_value(|s| {
            let text = s
                .service
                .result_portal
                .as_ref()
                .unwrap_or(&s.service.result);
            text.get(lang()).to_owned()
        })
    };
    let grounds = result.grounds.clone();
    let comment = result.comment.clone();
    let checked = api::load({
        let id = id.clone();
        move || api::get_result(id.clone())
    });
    let pdf = {
        let id = id.clone();
        move || api::result_pdf_path(&id, lang().tag())
    };
    view! {
        <section class=if granted { "result result--granted" } else { "result result--refused" } aria-labelledby="result-title">
            <h2 id="result-title">{if granted { t!(i18n, result_granted).into_any() } else { t!(i18n, result_refused).into_any() }}</h2>
            {granted.then(|| view! { <p>{what}</p> })}
            {result.queue_number.map(|n| view! {
                <p class="result__queue">{move || t_string!(i18n, result_queue_number, number = n).to_string()}</p>
            })}
            {(!grounds.is_empty()).then(|| view! {
                <p>{t!(i18n, result_grounds)}</p>
                <ul>{grounds.into_iter().map(|g| view! { <li><Localized text=g.text/></li> }).collect_view()}</ul>
            })}
            {(!comment.is_empty()).then(|| view! { <p class="result__comment">{comment.clone()}</p> })}
            <p class="result__signature">
                {move || match checked.state.get() {
                    None => t_string!(i18n, result_checking).to_string(),
                    Some(Ok(signed)) if signed.valid => t_string!(i18n, result_signature_valid, signer = signed.signer.clone()).to_string(),
                    Some(_) => t_string!(i18n, result_signature_invalid).to_string(),
                }}
            </p>
            <p><a class="button" href=pdf download="">{t!(i18n, result_pdf)}</a></p>
        </section>
    }
}

#[component]
pub fn StateName(state: RequestState) -> impl IntoView {
    let i18n = use_i18n();
    move || match state {
        RequestState::Submitted => t_string!(i18n, states.submitted),
        RequestState::Registered => t_string!(i18n, states.registered),
        RequestState::Assigned => t_string!(i18n, states.assigned),
        RequestState::Prepared => t_string!(i18n, states.prepared),
        RequestState::Signed => t_string!(i18n, states.signed),
        RequestState::Issued => t_string!(i18n, states.issued),
    }
}

#[component]
pub fn ActionName(action: Action) -> impl IntoView {
    let i18n = use_i18n();
    move || match action {
        Action::Register => t_string!(i18n, actions.register),
        Action::Assign => t_string!(i18n, actions.assign),
        Action::Prepare => t_string!(i18n, actions.prepare),
        Action::Sign => t_string!(i18n, actions.sign),
        Action::Issue => t_string!(i18n, actions.issue),
    }
}
