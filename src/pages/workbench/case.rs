//! `/workbench/{id}`: one request as its provider's staff work on it: where it is (the same
//! timeline the applicant sees), the answers as signed, the attached scans, and the one step
//! the signed-in role may make now: register (office), assign an executor (head), prepare the
//! result or a motivated refusal (the assigned executor), sign it with the provider's
//! certificate (head), issue it (office).

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{
    Answers, FormDefinition, Role, SessionInfo,
    tracking::{CaseFile, Outcome},
    workflow::Action,
};

use crate::{
    api::{self, ApiFailure},
    components::{
        citation::Localized,
        error_panel::{ErrorPanel, Loading, NotAllowed},
        form::{ErrorLine, ErrorSummary, FormStatus, message_for},
        page_heading::PageHeading,
        question::pick,
    },
    i18n::*,
    pages::{
        application::{
            shown_answer,
            status::{ActionName, Course, StateName},
        },
        cabinet::RequireSignIn,
        workbench::is_staff,
    },
    session::handle_sign_in_required,
};

#[component]
pub fn CasePage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RequireSignIn children=move |info| {
            if is_staff(info.role) {
                view! {
                    <PageHeading text=Signal::derive(move || t_string!(i18n, case_title).to_string())/>
                    <LoadCase id=id.clone() info/>
                }.into_any()
            } else {
                view! { <NotAllowed/> }.into_any()
            }
        }/>
    }
}

#[component]
fn LoadCase(id: String, info: SessionInfo) -> impl IntoView {
    let case = RwSignal::new(None::<Result<CaseFile, ApiFailure>>);
    let form = RwSignal::new(None::<FormDefinition>);
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let loaded = api::get_case(id).await;
                if let Ok(file) = &loaded {
                    if form.get_untracked().is_none() {
                        form.try_set(api::get_form(file.status.service.clone()).await.ok());
                    }
                }
                case.try_set(Some(loaded));
            });
        }
    };
    load();
    let reload = Callback::new(move |()| load());
    let info = StoredValue::new(info);
    let last = RwSignal::new(None::<Action>);
    move || match case.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(failure)) => {
            handle_sign_in_required(&failure);
            view! { <ErrorPanel failure on_retry=reload/> }.into_any()
        }
        Some(Ok(file)) => view! { <Case file info=info.get_value() form case last/> }.into_any(),
    }
}

#[component]
fn Case(
    file: CaseFile,
    info: SessionInfo,
    form: RwSignal<Option<FormDefinition>>,
    case: RwSignal<Option<Result<CaseFile, ApiFailure>>>,
    last: RwSignal<Option<Action>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let status = file.status.clone();
    let id = status.application.clone();
    let answers: Answers = file
        .answers
        .iter()
        .map(|a| (a.key.clone(), a.value.clone()))
        .collect();
    let answers = StoredValue::new(answers);
    // In the form's order, worded as the check page words them; without the form (not
    // loaded), as they are.
    let answer_rows = move || {
        answers.with_value(|all| {
            form.with(|form| match form {
                Some(form) => form
                    .pages
                    .iter()
                    .flat_map(|p| p.fields.iter())
                    .filter(|field| all.contains_key(&field.id))
                    .map(|field| {
                        view! {
                            <div class="summary__row">
                                <dt>{pick(lang(), &field.label)}</dt>
                                <dd>{shown_answer(i18n, lang(), field, all)}</dd>
                            </div>
                        }
                    })
                    .collect_view()
                    .into_any(),
                None => all
                    .iter()
                    .map(|(key, value)| view! {
                        <div class="summary__row"><dt>{key.clone()}</dt><dd>{value.clone()}</dd></div>
                    })
                    .collect_view()
                    .into_any(),
            })
        })
    };
    let documents = file
        .documents
        .iter()
        .map(|d| {
            let href = api::case_document_path(&id, &d.id);
            view! { <li><a href=href download="">{d.name.clone()}</a> " (" {d.content_type.clone()} ")"</li> }
        })
        .collect_view();
    let state = status.state;
    view! {
        <p class="caption">{status.number.clone()} " · " {file.applicant.clone()} " · " {file.applicant_iin.clone()}</p>
        <dl class="summary summary--compact">
            <div class="summary__row"><dt>{t!(i18n, status_now)}</dt><dd><StateName state/></dd></div>
        </dl>
        {move || last.get().map(|action| view! {
            <p class="notice notice--done" role="status"><ActionName action/> ": " {t!(i18n, case_step_done)}</p>
        })}
        <NextStep file=file.clone() role=info.role iin=info.person.iin.to_string() case last/>
        {status.result.clone().map(|r| view! {
            <section class="section" aria-labelledby="prepared-title">
                <h2 id="prepared-title">{t!(i18n, case_prepared)}</h2>
                <p>{if r.outcome == Outcome::Granted { t!(i18n, result_granted).into_any() } else { t!(i18n, result_refused).into_any() }}</p>
                <ul>{r.grounds.into_iter().map(|g| view! { <li><Localized text=g.text/></li> }).collect_view()}</ul>
                {(!r.comment.is_empty()).then(|| view! { <p>{r.comment.clone()}</p> })}
                {r.queue_number.map(|n| view! { <p>{move || t_string!(i18n, result_queue_number, number = n).to_string()}</p> })}
            </section>
        })}
        <section class="section" aria-labelledby="answers-title">
            <h2 id="answers-title">{t!(i18n, case_answers)}</h2>
            <dl class="summary summary--compact">{answer_rows}</dl>
        </section>
        <section class="section" aria-labelledby="documents-title">
            <h2 id="documents-title">{t!(i18n, case_documents)}</h2>
            <ul class="plain-list">{documents}</ul>
        </section>
        <Course status=status.clone()/>
        <p><a class="button button--secondary" href="/workbench">{t!(i18n, workbench_title)}</a></p>
    }
}

/// The step this role may make now, as a small form; or what the request waits for.
#[component]
fn NextStep(
    file: CaseFile,
    role: Role,
    iin: String,
    case: RwSignal<Option<Result<CaseFile, ApiFailure>>>,
    last: RwSignal<Option<Action>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let state = file.status.state;
    let Some(action) = state.next_action() else {
        return view! { <p class="notice notice--done">{t!(i18n, case_done)}</p> }.into_any();
    };
    let mine = action.role() == role
        && (action != Action::Prepare || file.executor_iin.as_deref() == Some(iin.as_str()));
    if !mine {
        return view! {
            <p class="notice">{t!(i18n, case_waits_for)} " " <strong><ActionName action/></strong></p>
        }
        .into_any();
    }
    let status = FormStatus::new();
    let executor = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let grounds = RwSignal::new(Vec::<String>::new());
    let comment = RwSignal::new(String::new());
    let id = StoredValue::new(file.status.application.clone());
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // The adapter checks what goes with each step; nothing to check here first.
        if !status.begin() || !status.checked(Ok(())) {
            return;
        }
        leptos::task::spawn_local(async move {
            let executor = (action == Action::Assign).then(|| executor.get_untracked());
            let result = api::act_on_case(
                id.get_value(),
                action,
                executor,
                outcome.get_untracked(),
                grounds.get_untracked(),
                comment.get_untracked(),
            )
            .await;
            match result {
                Ok(file) => {
                    status.busy.set(false);
                    last.set(Some(action));
                    case.set(Some(Ok(file)));
                }
                Err(failure) => {
                    handle_sign_in_required(&failure);
                    status.failed(failure);
                }
            }
        });
    };
    let errors = status.errors(i18n, "action");
    let fields = match action {
        Action::Assign => {
            let error = message_for(i18n, status.problems, "executor");
            view! {
                <div class=move || if error.with(Option::is_some) { "field field--error" } else { "field" }>
                    <label class="field__label" for="executor">{t!(i18n, case_executor)}</label>
                    <ErrorLine id="executor-error".to_owned() error/>
                    <select id="executor" class="field__input field__input--select"
                        aria-describedby=move || error.with(Option::is_some).then_some("executor-error")
                        on:change=move |ev| executor.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, case_choose)}</option>
                        {file.executors.iter().map(|e| view! { <option value=e.iin.clone()>{e.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
        Action::Prepare => {
            let outcome_error = message_for(i18n, status.problems, "outcome");
            let grounds_error = message_for(i18n, status.problems, "grounds");
            let comment_error = message_for(i18n, status.problems, "comment");
            let radio = move |value: Outcome, id: &'static str| {
                view! {
                    <div class="radio">
                        <input type="radio" class="radio__input" name="outcome" id=id
                            checked=move || outcome.get() == Some(value)
                            on:change=move |_| outcome.set(Some(value))/>
                        <label class="radio__label" for=id>
                            {match value { Outcome::Granted => t!(i18n, result_granted).into_any(), Outcome::Refused => t!(i18n, result_refused).into_any() }}
                        </label>
                    </div>
                }
            };
            view! {
                <fieldset class=move || if outcome_error.with(Option::is_some) { "field fieldset field--error" } else { "field fieldset" } id="outcome"
                    aria-describedby=move || outcome_error.with(Option::is_some).then_some("outcome-error")>
                    <legend class="fieldset__legend">{t!(i18n, case_outcome)}</legend>
                    <ErrorLine id="outcome-error".to_owned() error=outcome_error/>
                    {radio(Outcome::Granted, "outcome-granted")}
                    {radio(Outcome::Refused, "outcome-refused")}
                </fieldset>
                <Show when=move || outcome.get() == Some(Outcome::Refused)>
                    <fieldset class=move || if grounds_error.with(Option::is_some) { "field fieldset field--error" } else { "field fieldset" } id="grounds"
                        aria-describedby=move || grounds_error.with(Option::is_some).then_some("grounds-error")>
                        <legend class="fieldset__legend">{t!(i18n, case_grounds)}</legend>
                        <ErrorLine id="grounds-error".to_owned() error=grounds_error/>
                        {file.grounds.iter().map(|g| {
                            let ground = g.id.clone();
                            let input_id = format!("ground-{}", g.id);
                            let text = g.text.clone();
                            let toggle = {
                                let ground = ground.clone();
                                move |_| grounds.update(|all| {
                                    if let Some(at) = all.iter().position(|x| *x == ground) { all.remove(at); } else { all.push(ground.clone()); }
                                })
                            };
                            view! {
                                <div class="radio">
                                    <input type="checkbox" class="radio__input" id=input_id.clone()
                                        prop:checked=move || grounds.with(|all| all.contains(&ground)) on:change=toggle/>
                                    <label class="radio__label" for=input_id>{move || text.get(lang()).to_owned()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                </Show>
                <div class=move || if comment_error.with(Option::is_some) { "field field--error" } else { "field" }>
                    <label class="field__label" for="comment">{t!(i18n, case_comment)}</label>
                    <ErrorLine id="comment-error".to_owned() error=comment_error/>
                    <textarea id="comment" class="field__input" rows="4"
                        aria-describedby=move || comment_error.with(Option::is_some).then_some("comment-error")
                        prop:value=move || comment.get()
                        on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </div>
            }
            .into_any()
        }
        Action::Sign => view! { <p>{t!(i18n, case_sign_note)}</p> }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <section class="section next-step" aria-labelledby="next-step-title">
            <h2 id="next-step-title">{t!(i18n, case_next_step)} ": " <ActionName action/></h2>
            <ErrorSummary errors attempts=status.attempts/>
            {move || status.failure.get().map(|failure| view! {
                <p class="field__error" role="alert">
                    {if failure == ApiFailure::Network { t!(i18n, error_network).into_any() } else { t!(i18n, error_server).into_any() }}
                </p>
            })}
            <form on:submit=submit novalidate>
                {fields}
                <button type="submit" class="button" id="action" disabled=move || status.busy.get()>
                    <ActionName action/>
                </button>
            </form>
        </section>
    }
    .into_any()
}
