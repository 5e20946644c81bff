//! The service-centre operator's desk (issue 9), made for a kiosk's touch screen: `/centre`
//! starts a request on a citizen's behalf (the applicant looked up in the persons database, a
//! representative's notarised power of attorney checked in the notary registry) and shows the
//! branch's day; `/centre/results` finds a request by number or IIN and hands its result out,
//! and lists the results kept past their month to pass to the provider; `/centre/refusals/…`
//! is a receipt refusing intake of an incomplete package, to print.

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{
    Channel, FieldProblem, Iin, Person, Problem, Role, SessionInfo,
    intake::{CentreResult, HandoverKind, IntakeRefusal},
    tracking::Outcome,
};

use crate::{
    api::{self, ApiFailure, RepresentativeEntry},
    components::{
        error_panel::{ErrorPanel, Loading, NotAllowed},
        form::{
            ErrorLine, ErrorSummary, FormStatus, SubmitButton, TextField, message_for, remembered,
        },
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::{application::status::StateName, cabinet::RequireSignIn},
    router::navigate,
    session::handle_sign_in_required,
};

/// Renders `children` for an operator; anyone else is told the page is not for them.
#[component]
pub fn RequireOperator<V: IntoView + 'static>(
    children: impl Fn(SessionInfo) -> V + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <RequireSignIn children=move |info| {
            if info.role == Role::Operator {
                children(info).into_any()
            } else {
                view! { <NotAllowed/> }.into_any()
            }
        }/>
    }
}

/// The branch the operator works at, under the page's heading.
#[component]
pub fn BranchLine(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    info.branch.map(|branch| {
        view! {
            <p class="lead">
                {move || format!("{}, {}", branch.name.get(lang()), branch.address.get(lang()))}
            </p>
        }
    })
}

#[component]
pub fn CentrePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, centre_title).to_string())/>
        <RequireOperator children=move |info| view! {
            <BranchLine info/>
            <p><a class="button button--secondary" href="/centre/results">{t!(i18n, centre_results_title)}</a></p>
            <NewRequest/>
            <Day/>
        }/>
    }
}

const FORM: &str = "centre";
const FIELDS: [&str; 6] = [
    "service",
    "applicant",
    "has_representative",
    "representative_iin",
    "poa_notarised",
    "poa_number",
];

/// The operator's first page of a request: the service, whose request it is, and who brings
/// it. The adapter checks it all again, and the registries.
#[component]
fn NewRequest() -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let services = api::load(api::list_services);
    let service = remembered(FORM, "service");
    let applicant = remembered(FORM, "applicant");
    let has_representative = remembered(FORM, "has_representative");
    let representative = remembered(FORM, "representative_iin");
    let notarised = remembered(FORM, "poa_notarised");
    let number = remembered(FORM, "poa_number");
    let date = remembered(FORM, "poa_date");
    let status = FormStatus::new();
    let found = RwSignal::new(None::<Person>);
    let found_representative = RwSignal::new(None::<Person>);

    // Looks a person up when the operator leaves their IIN's field (002 §15, processes 3–4).
    let look_up = move |field: &'static str,
                        value: RwSignal<String>,
                        into: RwSignal<Option<Person>>| {
        Callback::new(move |()| {
            into.set(None);
            let typed = value.get_untracked();
            if typed.trim().is_empty() {
                return;
            }
            if let Err(err) = Iin::parse(&typed) {
                crate::components::form::set_problem(status.problems, field, Some(err.into()));
                return;
            }
            crate::components::form::set_problem(status.problems, field, None);
            leptos::task::spawn_local(async move {
                match api::get_person(typed).await {
                    Ok(person) => {
                        into.try_set(Some(person));
                    }
                    Err(ApiFailure::Refused(error)) => {
                        let problem = error
                            .problems
                            .first()
                            .map_or(Problem::NotInPersonsDatabase, |p| p.problem);
                        crate::components::form::set_problem(status.problems, field, Some(problem));
                    }
                    Err(failure) => handle_sign_in_required(&failure),
                }
            });
        })
    };
    let look_up_applicant = look_up("applicant", applicant, found);
    let look_up_representative =
        look_up("representative_iin", representative, found_representative);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let with_representative = has_representative.get_untracked() == "yes";
        let notarised_now = notarised.get_untracked() == "yes";
        let mut problems = Vec::new();
        if service.get_untracked().is_empty() {
            problems.push(FieldProblem::new("service", Problem::Empty));
        }
        if let Err(err) = Iin::parse(&applicant.get_untracked()) {
            problems.push(FieldProblem::new("applicant", err.into()));
        }
        if with_representative {
            if let Err(err) = Iin::parse(&representative.get_untracked()) {
                problems.push(FieldProblem::new("representative_iin", err.into()));
            }
            if notarised_now && number.get_untracked().trim().is_empty() {
                problems.push(FieldProblem::new("poa_number", Problem::Empty));
            }
            if notarised_now && date.get_untracked().trim().is_empty() {
                problems.push(FieldProblem::new("poa_date", Problem::Empty));
            }
        }
        if !status.checked(if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }) {
            return;
        }
        let entry = with_representative.then(|| RepresentativeEntry {
            iin: representative.get_untracked(),
            notarised: notarised_now,
            number: number.get_untracked(),
            date: date.get_untracked(),
        });
        leptos::task::spawn_local(async move {
            let made =
                api::create_on_behalf(&service.get_untracked(), &applicant.get_untracked(), entry)
                    .await;
            match made {
                Ok(application) => {
                    status.busy.set(false);
                    // The next citizen starts on an empty page.
                    crate::components::form::forget(FORM, &FIELDS);
                    crate::components::form::forget(FORM, &["poa_date"]);
                    navigate(&format!("/applications/{}", application.id), false);
                }
                Err(failure) => {
                    handle_sign_in_required(&failure);
                    status.failed(failure);
                }
            }
        });
    };

    let errors = status.errors(i18n, "service");
    let service_error = message_for(i18n, status.problems, "service");
    let choice = move |value: &'static str,
                       signal: RwSignal<String>,
                       name: &'static str,
                       label: Signal<String>| {
        let id = format!("{name}-{value}");
        view! {
            <div class="radio">
                <input type="radio" class="radio__input" name=name id=id.clone() value=value
                    checked=move || signal.get() == value
                    on:change=move |_| signal.set(value.to_owned())/>
                <label class="radio__label" for=id>{move || label.get()}</label>
            </div>
        }
    };
    let yes = Signal::derive(move || t_string!(i18n, yes).to_string());
    let no = Signal::derive(move || t_string!(i18n, no).to_string());
    let person_line = move |person: RwSignal<Option<Person>>| {
        move || {
            person.get().map(|p| {
                view! {
                    <p class="notice notice--done" role="status">
                        {t!(i18n, centre_person_found)} " " <strong>{p.full_name()}</strong>
                        ", " {format::date(i18n, &p.birth_date)}
                    </p>
                }
            })
        }
    };
    view! {
        <section class="section" aria-labelledby="new-request-title">
            <h2 id="new-request-title">{t!(i18n, centre_new_request)}</h2>
            <ErrorSummary errors attempts=status.attempts/>
            <form class="form" novalidate on:submit=on_submit>
                <div class=move || if service_error.with(Option::is_some) { "field field--error" } else { "field" }>
                    <label class="field__label" for="service">{t!(i18n, centre_service)}</label>
                    <ErrorLine id="service-error".into() error=service_error/>
                    <select class="field__input" id="service" name="service"
                        aria-describedby=move || service_error.with(Option::is_some).then_some("service-error")
                        on:change=move |ev| service.set(event_target_value(&ev))>
                        <option value="" selected=move || service.get().is_empty()>{t!(i18n, centre_service_choose)}</option>
                        {move || match services.state.get() {
                            Some(Ok(list)) => list
                                .services
                                .into_iter()
                                .filter(|s| s.channels.contains(&Channel::ServiceCentre))
                                .map(|s| {
                                    let id = s.id.clone();
                                    let selected = move || service.get() == id;
                                    view! { <option value=s.id.clone() selected=selected>{s.name.get(lang()).to_owned()}</option> }
                                })
                                .collect_view()
                                .into_any(),
                            _ => ().into_any(),
                        }}
                    </select>
                </div>
                <TextField name="applicant" value=applicant autocomplete="off" inputmode="numeric"
                    label=Signal::derive(move || t_string!(i18n, centre_applicant_iin).to_string())
                    hint=Signal::derive(move || t_string!(i18n, centre_applicant_iin_hint).to_string())
                    error=message_for(i18n, status.problems, "applicant")
                    on_leave=look_up_applicant/>
                {person_line(found)}
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{t!(i18n, centre_has_representative)}</legend>
                    {choice("yes", has_representative, "has_representative", yes)}
                    {choice("no", has_representative, "has_representative", no)}
                </fieldset>
                <Show when=move || has_representative.get() == "yes">
                    <TextField name="representative_iin" value=representative autocomplete="off" inputmode="numeric"
                        label=Signal::derive(move || t_string!(i18n, centre_representative_iin).to_string())
                        error=message_for(i18n, status.problems, "representative_iin")
                        on_leave=look_up_representative/>
                    {person_line(found_representative)}
                    <fieldset class="fieldset">
                        <legend class="fieldset__legend">{t!(i18n, centre_notarised)}</legend>
                        <p class="field__hint">{t!(i18n, centre_notarised_hint)}</p>
                        {choice("yes", notarised, "poa_notarised", yes)}
                        {choice("no", notarised, "poa_notarised", no)}
                    </fieldset>
                    <Show when=move || notarised.get() == "yes">
                        <TextField name="poa_number" value=number autocomplete="off"
                            label=Signal::derive(move || t_string!(i18n, centre_poa_number).to_string())
                            error=message_for(i18n, status.problems, "poa_number")/>
                        <TextField name="poa_date" value=date autocomplete="off"
                            label=Signal::derive(move || t_string!(i18n, centre_poa_date).to_string())
                            hint=Signal::derive(move || t_string!(i18n, centre_poa_date_hint).to_string())
                            error=message_for(i18n, status.problems, "poa_date")/>
                    </Show>
                </Show>
                {move || status.failure.get().map(|failure| view! {
                    <ErrorPanel failure on_retry=Callback::new(|()| {}) without_title=true/>
                })}
                <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, centre_start).to_string())/>
            </form>
        </section>
    }
}

/// What the branch did today.
#[component]
fn Day() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load(api::centre_day);
    view! {
        <section class="section" aria-labelledby="day-title">
            <h2 id="day-title">{t!(i18n, centre_day)}</h2>
            {move || match loaded.state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any(),
                Some(Ok(day)) => {
                    let row = |label: String, value: String| view! {
                        <div class="summary__row"><dt>{label}</dt><dd class="figure">{value}</dd></div>
                    };
                    view! {
                        <dl class="summary summary--compact">
                            {row(t_string!(i18n, centre_day_accepted).to_string(), day.accepted.to_string())}
                            {row(t_string!(i18n, centre_day_refused).to_string(), day.refused.to_string())}
                            {row(t_string!(i18n, centre_day_handed_out).to_string(), day.handed_out.to_string())}
                            {row(t_string!(i18n, centre_day_passed).to_string(), day.passed_to_provider.to_string())}
                            {row(
                                t_string!(i18n, centre_day_median).to_string(),
                                day.median_minutes.map_or_else(|| "—".to_owned(), |m| t_string!(i18n, centre_minutes, count = m).to_string()),
                            )}
                        </dl>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
pub fn CentreResultsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, centre_results_title).to_string())/>
        <RequireOperator children=move |info| view! {
            <BranchLine info=info.clone()/>
            <p><a class="button button--secondary" href="/centre">{t!(i18n, centre_title)}</a></p>
            <Search branch=info.branch.map(|b| b.id).unwrap_or_default()/>
            <Uncollected/>
        }/>
    }
}

#[component]
fn Search(branch: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = remembered("centre-results", "q");
    let status = FormStatus::new();
    let results = RwSignal::new(None::<Vec<CentreResult>>);
    let branch = StoredValue::new(branch);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let q = query.get_untracked();
        let problem = if q.trim().is_empty() {
            Some(Problem::Empty)
        } else {
            None
        };
        if !status.checked(match problem {
            Some(p) => Err(vec![FieldProblem::new("q", p)]),
            None => Ok(()),
        }) {
            return;
        }
        leptos::task::spawn_local(async move {
            match api::search_centre(q).await {
                Ok(found) => {
                    status.busy.set(false);
                    results.set(Some(found.results));
                }
                Err(failure) => {
                    handle_sign_in_required(&failure);
                    status.failed(failure);
                }
            }
        });
    };
    let errors = status.errors(i18n, "q");
    view! {
        <section class="section" aria-labelledby="search-title">
            <h2 id="search-title">{t!(i18n, centre_find)}</h2>
            <ErrorSummary errors attempts=status.attempts/>
            <form class="form" novalidate on:submit=on_submit role="search">
                <TextField name="q" value=query autocomplete="off"
                    label=Signal::derive(move || t_string!(i18n, centre_find_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, centre_find_hint).to_string())
                    error=message_for(i18n, status.problems, "q")/>
                <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, centre_find_button).to_string())/>
            </form>
            <div aria-live="polite">
                {move || results.get().map(|list| {
                    if list.is_empty() {
                        return view! { <p class="empty-state">{t!(i18n, centre_nothing_found)}</p> }.into_any();
                    }
                    list.into_iter().map(|result| view! {
                        <ResultCard result own_branch=branch.get_value() kind=HandoverKind::HandedOut/>
                    }).collect_view().into_any()
                })}
            </div>
        </section>
    }
}

/// Results this branch kept past their month: each passed to the provider with a press.
#[component]
fn Uncollected() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load(api::uncollected);
    view! {
        <section class="section" aria-labelledby="uncollected-title">
            <h2 id="uncollected-title">{t!(i18n, centre_uncollected)}</h2>
            <p>{t!(i18n, centre_uncollected_intro)}</p>
            {move || match loaded.state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any(),
                Some(Ok(list)) if list.results.is_empty() => {
                    view! { <p class="empty-state">{t!(i18n, centre_uncollected_empty)}</p> }.into_any()
                }
                Some(Ok(list)) => list.results.into_iter().map(|result| {
                    let branch = result.branch.clone();
                    view! { <ResultCard result own_branch=branch kind=HandoverKind::PassedToProvider/> }
                }).collect_view().into_any(),
            }}
        </section>
    }
}

/// One request as the centre finds it, with the hand-over it allows.
#[component]
fn ResultCard(result: CentreResult, own_branch: String, kind: HandoverKind) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let current = RwSignal::new(result);
    let problem = RwSignal::new(None::<FieldProblem>);
    let busy = RwSignal::new(false);
    let id = current.with_untracked(|r| r.application.clone());
    let error_id = format!("handover-{id}-error");
    let described = StoredValue::new(error_id.clone());
    let act = {
        let id = id.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match api::hand_over(&id, kind).await {
                    Ok(done) => {
                        problem.set(None);
                        current.set(done);
                    }
                    Err(ApiFailure::Refused(error)) => problem.set(error.problems.first().cloned()),
                    Err(failure) => {
                        handle_sign_in_required(&failure);
                        problem.set(Some(FieldProblem::new("kind", Problem::NotReady)));
                    }
                }
                busy.set(false);
            });
        }
    };
    let services = api::load(api::list_services);
    let service_name = move || {
        let id = current.with(|r| r.service.clone());
        match services.state.get() {
            Some(Ok(list)) => list
                .services
                .iter()
                .find(|s| s.id == id)
                .map_or(id.clone(), |s| s.name.get(lang()).to_owned()),
            _ => id,
        }
    };
    let message = move || {
        problem
            .get()
            .map(|p| crate::components::form::problem_message(i18n, &p))
    };
    let elsewhere = current.with_untracked(|r| r.branch != own_branch);
    let own = StoredValue::new(own_branch);
    view! {
        <article class="card result-card" aria-labelledby=format!("result-{id}")>
            <h3 class="card__title" id=format!("result-{id}")>{move || t_string!(i18n, centre_request_number, number = current.with(|r| r.number.clone())).to_string()}</h3>
            <dl class="summary summary--compact">
                <div class="summary__row"><dt>{t!(i18n, sign_service)}</dt><dd>{service_name}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, receipt_applicant)}</dt>
                    <dd>{move || current.with(|r| format!("{} ({})", r.applicant, r.applicant_iin))}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, centre_state)}</dt>
                    <dd>{move || {
                        let r = current.get();
                        match r.outcome {
                            Some(Outcome::Granted) => t!(i18n, result_granted).into_any(),
                            Some(Outcome::Refused) => t!(i18n, result_refused).into_any(),
                            None => view! { <StateName state=r.state/> }.into_any(),
                        }
                    }}</dd></div>
                {move || current.with(|r| r.keep_until.clone()).map(|until| view! {
                    <div class="summary__row"><dt>{t!(i18n, centre_keep_until)}</dt><dd>{format::date(i18n, &until)}</dd></div>
                })}
                {elsewhere.then(|| view! {
                    <div class="summary__row"><dt>{t!(i18n, centre_branch)}</dt><dd>{t!(i18n, centre_other_branch)}</dd></div>
                })}
                {move || current.with(|r| r.handover.clone()).map(|h| view! {
                    <div class="summary__row"><dt>{t!(i18n, centre_handover)}</dt>
                        <dd>{match h.kind {
                            HandoverKind::HandedOut => t!(i18n, centre_handed_out).into_any(),
                            HandoverKind::PassedToProvider => t!(i18n, centre_passed).into_any(),
                        }} ": " {format::date_time(i18n, &h.at)} ", " {h.by.clone()}</dd></div>
                })}
            </dl>
            {move || current.with(|r| r.issued_at.is_some() && r.branch == own.get_value()).then(|| {
                let tag = if lang() == qyzmet_domain::Lang::Ru { "ru" } else { "kk" };
                view! {
                    <p><a class="button button--secondary" download=""
                        href=api::result_pdf_path(&current.with_untracked(|r| r.application.clone()), tag)>
                        {t!(i18n, centre_print_result)}
                    </a></p>
                }
            })}
            <ErrorLine id=error_id error=Signal::derive(message)/>
            <Show when=move || current.with(|r| r.issued_at.is_some() && r.handover.is_none())>
                <button type="button" class="button"
                    aria-describedby=move || problem.with(Option::is_some).then(|| described.get_value())
                    aria-disabled=move || busy.get().then_some("true")
                    on:click=act.clone()>
                    {match kind {
                        HandoverKind::HandedOut => t!(i18n, centre_hand_out).into_any(),
                        HandoverKind::PassedToProvider => t!(i18n, centre_pass).into_any(),
                    }}
                </button>
            </Show>
        </article>
    }
}

#[component]
pub fn RefusalPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, refusal_title).to_string())/>
        <RequireOperator children=move |_| {
            let id = id.clone();
            let loaded = api::load(move || api::get_refusal(id.clone()));
            move || match loaded.state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Ok(refusal)) => view! { <RefusalView refusal/> }.into_any(),
                Some(Err(failure)) => {
                    handle_sign_in_required(&failure);
                    view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any()
                }
            }
        }/>
    }
}

#[component]
fn RefusalView(refusal: IntakeRefusal) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let refusal = StoredValue::new(refusal);
    let service = api::load(move || api::get_service(refusal.with_value(|r| r.service.clone())));
    let document_name = move |id: &str| match service.state.get() {
        Some(Ok(page)) => page.service.document_name(id, lang()),
        _ => id.to_owned(),
    };
    let service_name = move || match service.state.get() {
        Some(Ok(page)) => page.service.name.get(lang()).to_owned(),
        _ => refusal.with_value(|r| r.service.clone()),
    };
    let missing = move || {
        refusal.with_value(|r| {
            r.missing
                .iter()
                .map(|id| view! { <li>{document_name(id)}</li> })
                .collect_view()
        })
    };
    let pdf = move || {
        let tag = if lang() == qyzmet_domain::Lang::Ru {
            "ru"
        } else {
            "kk"
        };
        api::refusal_pdf_path(&refusal.with_value(|r| r.id.clone()), tag)
    };
    let person = |p: &qyzmet_domain::submission::ReceiptPerson| {
        view! { {p.name.clone()} <br/> {t!(i18n, iin)} " " {p.iin.clone()} <br/> {p.phone.clone()} }
    };
    let r = refusal.get_value();
    view! {
        <p class="notice no-print" role="status">{t!(i18n, refusal_notice)}</p>
        <PrintChoice/>
        <article class="receipt" aria-labelledby="refusal-heading">
            <h2 id="refusal-heading" class="receipt__title">{t!(i18n, refusal_heading)}</h2>
            <dl class="summary summary--compact receipt__facts">
                <div class="summary__row"><dt>{t!(i18n, refusal_number)}</dt><dd class="receipt__number">{r.number.clone()}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, refusal_at)}</dt>
                    <dd>{move || t_string!(i18n, receipt_astana_time, at = format::kazakhstan_date_time(i18n, &refusal.with_value(|r| r.at.clone()))).to_string()}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, sign_service)}</dt><dd>{service_name}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, centre_branch)}</dt>
                    <dd>{move || refusal.with_value(|r| format!("{}, {}", r.centre.branch.name.get(lang()), r.centre.branch.address.get(lang())))}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, receipt_accepted_by)}</dt><dd>{r.centre.operator.clone()}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, receipt_applicant)}</dt><dd>{person(&r.applicant)}</dd></div>
                {r.representative.as_ref().map(|p| view! {
                    <div class="summary__row"><dt>{t!(i18n, receipt_representative)}</dt><dd>{person(p)}</dd></div>
                })}
                <div class="summary__row"><dt>{t!(i18n, refusal_missing)}</dt><dd><ol class="plain-list">{missing}</ol></dd></div>
            </dl>
            <p class="receipt__note">{t!(i18n, refusal_again)}</p>
        </article>
        <div class="button-group no-print">
            <a class="button button--secondary" href=pdf download="">{t!(i18n, receipt_pdf)}</a>
            <a class="button button--secondary" href="/centre">{t!(i18n, centre_title)}</a>
        </div>
    }
}

/// Print buttons: an A4 page, or the 80 mm roll of a receipt printer (`data-print="roll"` on
/// the body switches the print stylesheet to the roll's named page).
#[component]
pub fn PrintChoice() -> impl IntoView {
    let i18n = use_i18n();
    let print = move |roll: bool| {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-print", if roll { "roll" } else { "a4" });
        }
        crate::components::print_page();
    };
    view! {
        <div class="button-group no-print">
            <button type="button" class="button" on:click=move |_| print(false)>{t!(i18n, print_a4)}</button>
            <button type="button" class="button button--secondary" on:click=move |_| print(true)>{t!(i18n, print_roll)}</button>
        </div>
    }
}
