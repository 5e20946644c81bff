//! `/applications/{id}/{step}`: filling in a request, one short page at a time (the GOV.UK
//! "one thing per page" pattern), then the document checklist and check-your-answers. The
//! pages come from the service's form definition; nothing here knows a service's questions.

mod documents;
mod receipt;
mod sign;
pub mod status;

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{
    Answers, Application, FieldKind, FormDefinition, Person, Route, ServicePage, Step,
    application::ApplicationStatus,
    application_path,
    form::{FormPage, holds},
};

use self::{
    documents::{CheckDocuments, Documents},
    receipt::ReceiptPage,
    sign::SignAndSubmit,
    status::StatusPage,
};
use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading, NotAllowed},
        form::ErrorSummary,
        page_heading::PageHeading,
        question::{PageProblems, Question, answer_message, pick},
    },
    drafts::{Draft, SaveState, today},
    i18n::*,
    pages::cabinet::{PersonRows, RequireSignIn},
    router::{navigate, use_location},
    session::handle_sign_in_required,
};

#[component]
pub fn ApplicationPage(id: String, step: Memo<Option<Step>>) -> impl IntoView {
    view! {
        <RequireSignIn children=move |info| {
            let id = id.clone();
            view! { <LoadApplication id person=info.person step/> }
        }/>
    }
}

#[component]
fn LoadApplication(id: String, person: Person, step: Memo<Option<Step>>) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load(move || {
        let id = id.clone();
        async move {
            let application = api::get_application(id).await?;
            let form = api::get_form(application.service.clone()).await?;
            let service = api::get_service(application.service.clone()).await?;
            Ok((application, form, service))
        }
    });
    let person = StoredValue::new(person);
    move || {
        match loaded.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok((application, _, service))) if application.status == ApplicationStatus::Submitted => {
            // A submitted request is no longer a form: its status, or its receipt.
            let id = application.id.clone();
            let service = StoredValue::new(service);
            // Tracked: the receipt and the status link to each other.
            let asked = step.get();
            if asked == Some(Step::Status) {
                return view! { <StatusPage id service/> }.into_any();
            }
            if asked != Some(Step::Receipt) {
                navigate(&application_path(&id, &Step::Receipt), true);
            }
            view! { <ReceiptPage id service/> }.into_any()
        }
        Some(Ok((application, form, service))) => {
            view! { <Filling application form service person=person.get_value() step/> }.into_any()
        }
        Some(Err(ApiFailure::NotFound)) => view! {
            <PageHeading text=Signal::derive(move || t_string!(i18n, application_not_found).to_string())/>
            <p class="lead">{t!(i18n, application_not_found_body)}</p>
            <p><a href="/cabinet" class="button">{t!(i18n, nav_cabinet)}</a></p>
        }
        .into_any(),
        Some(Err(ApiFailure::Forbidden)) => view! { <NotAllowed/> }.into_any(),
        Some(Err(failure)) => {
            handle_sign_in_required(&failure);
            view! {
                <PageHeading text=Signal::derive(move || t_string!(i18n, error_title).to_string())/>
                <ErrorPanel failure on_retry=loaded.reload without_title=true/>
            }
            .into_any()
        }
    }
    }
}

/// The steps that apply under the answers: the form's visible pages, the documents, the check.
fn steps(form: &FormDefinition, answers: &Answers) -> Vec<Step> {
    form.visible_pages(answers)
        .into_iter()
        .map(|page| Step::Page(page.id.clone()))
        .chain([Step::Documents, Step::Check, Step::Sign])
        .collect()
}

#[component]
fn Filling(
    application: Application,
    form: FormDefinition,
    service: ServicePage,
    person: Person,
    step: Memo<Option<Step>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let id = application.id.clone();
    // An operator's draft is for the citizen it names: their data on its pages.
    let intake = application.intake.clone();
    provide_context(CentreDraft(intake.is_some()));
    let person = intake.as_ref().map_or(person, |i| i.applicant.clone());
    let draft = Draft::open(id.clone(), form, application.answers);
    let form = draft.form();
    let steps = Memo::new(move |_| draft.answers.with(|a| form.with_value(|f| steps(f, a))));
    let service = StoredValue::new(service);
    let person = StoredValue::new(person);
    let service_name = move || service.with_value(|s| pick_text(lang(), &s.service.name));

    // Without a step: the first page still to answer, or the check if none. Only while the
    // address is this request's own: on the way to another page the step is gone too.
    let location = use_location();
    Effect::new({
        let id = id.clone();
        move |_| {
            let here = Route::parse(&location.path.get());
            let bare = Route::Application {
                id: id.clone(),
                step: None,
            };
            if step.get().is_none() && here == bare {
                let first = draft.answers.with_untracked(|answers| {
                    form.with_value(|f| {
                        f.visible_pages(answers)
                            .into_iter()
                            .find(|p| !f.check_page(p, answers, today()).is_empty())
                            .map(|p| Step::Page(p.id.clone()))
                    })
                });
                navigate(&application_path(&id, &first.unwrap_or(Step::Check)), true);
            }
        }
    });

    view! {
        <p class="caption">{service_name}</p>
        {intake.map(|intake| view! { <OnBehalf intake/> })}
        {move || {
            let Some(current) = step.get() else { return view! { <Loading/> }.into_any() };
            if current == Step::Receipt {
                // Just submitted from this page: the receipt (the adapter says if it is not).
                return view! { <ReceiptPage id=draft.id() service/> }.into_any();
            }
            let position = steps.with_untracked(|s| s.iter().position(|x| *x == current));
            let Some(position) = position else {
                return view! { <NotApplicable id=draft.id()/> }.into_any();
            };
            let total = steps.with_untracked(Vec::len);
            let back = if position == 0 {
                service.with_value(|s| format!("/services/{}", s.service.id))
            } else {
                steps.with_untracked(|s| application_path(&draft.id(), &s[position - 1]))
            };
            let body = match current {
                Step::Page(page_id) => {
                    let page = form.with_value(|f| f.page(&page_id).cloned());
                    match page {
                        Some(page) => view! {
                            <QuestionPage page draft steps first={position == 0} person/>
                        }
                        .into_any(),
                        None => view! { <NotApplicable id=draft.id()/> }.into_any(),
                    }
                }
                Step::Documents => view! { <Documents draft service/> }.into_any(),
                Step::Check => view! { <CheckAnswers draft service/> }.into_any(),
                Step::Sign => view! { <SignAndSubmit draft service/> }.into_any(),
                Step::Receipt => view! { <ReceiptPage id=draft.id() service/> }.into_any(),
                Step::Status => view! { <StatusPage id=draft.id() service/> }.into_any(),
            };
            view! {
                <a class="back-link" href=back>{t!(i18n, back)}</a>
                <div class="step-progress">
                    <p class="step-progress__text">
                        {move || t_string!(i18n, step_of, n = position + 1, total = total).to_string()}
                    </p>
                    <progress class="step-progress__bar" max=total value=position + 1 aria-hidden="true"></progress>
                </div>
                {body}
            }
            .into_any()
        }}
        <SaveStatus draft/>
    }
}

/// Whether the request being filled is an operator's, at a service centre.
#[derive(Clone, Copy)]
pub struct CentreDraft(pub bool);

pub fn is_centre_draft() -> bool {
    use_context::<CentreDraft>().is_some_and(|c| c.0)
}

/// On every page of an operator's draft: for whom it is.
#[component]
fn OnBehalf(intake: qyzmet_domain::intake::Intake) -> impl IntoView {
    let i18n = use_i18n();
    let name = intake.applicant.full_name();
    let iin = intake.applicant.iin.to_string();
    view! {
        <div class="on-behalf">
            <p class="on-behalf__who">
                {move || t_string!(i18n, on_behalf_of, name = name.clone(), iin = iin.clone()).to_string()}
            </p>
            <p class="on-behalf__hint">{t!(i18n, centre_questions_hint)}</p>
        </div>
    }
}

fn pick_text(lang: qyzmet_domain::Lang, text: &qyzmet_domain::Text) -> String {
    text.get(lang).to_owned()
}

/// A page that the answers have made not apply (or that the form does not have).
#[component]
fn NotApplicable(id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, step_not_applicable).to_string())/>
        <p><a class="button" href=application_path(&id, &Step::Check)>{t!(i18n, check_title)}</a></p>
    }
}

/// Where the next "continue" goes: back to check-your-answers after a change from there, else
/// the next step.
fn next_step(draft: Draft, steps: Memo<Vec<Step>>, current: &Step) -> String {
    let location = use_location();
    if location.param("return").as_deref() == Some("check") {
        return application_path(&draft.id(), &Step::Check);
    }
    steps.with_untracked(|s| {
        let at = s.iter().position(|x| x == current).unwrap_or(0);
        application_path(&draft.id(), s.get(at + 1).unwrap_or(&Step::Check))
    })
}

#[component]
fn QuestionPage(
    page: FormPage,
    draft: Draft,
    steps: Memo<Vec<Step>>,
    /// The first page also shows who applies, from the persons database.
    first: bool,
    person: StoredValue<Person>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let form = draft.form();
    let problems = PageProblems {
        list: RwSignal::new(Vec::new()),
    };
    let attempts = RwSignal::new(0u32);
    let live = Memo::new(move |_| draft.answers.with(|a| form.with_value(|f| f.in_force(a))));
    let title = page.title.clone();
    let page = StoredValue::new(page);

    // The adapter refusing an answer our check let through: show it at its field.
    Effect::new(move |_| {
        let refused = draft.refused.get();
        if !refused.is_empty() {
            problems.list.set(refused);
            attempts.update(|n| *n += 1);
        }
    });

    let errors = Signal::derive(move || {
        problems.list.with(|all| {
            all.iter()
                .map(|p| {
                    let message = form.with_value(|f| {
                        f.field_of(&p.field)
                            .map(|field| answer_message(i18n, field, p.problem))
                            .unwrap_or_default()
                    });
                    (p.field.clone(), message)
                })
                .collect::<Vec<_>>()
        })
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let found = draft.answers.with_untracked(|answers| {
            page.with_value(|p| form.with_value(|f| f.check_page(p, answers, today())))
        });
        draft.send();
        if found.is_empty() {
            problems.list.set(Vec::new());
            let current = page.with_value(|p| Step::Page(p.id.clone()));
            navigate(&next_step(draft, steps, &current), false);
        } else {
            problems.list.set(found);
            attempts.update(|n| *n += 1);
        }
    };

    let questions = page.with_value(|p| {
        p.fields
            .iter()
            .map(|field| {
                let when = field.when.clone();
                let field = field.clone();
                let key = field.id.clone();
                view! {
                    <Show when=move || live.with(|l| holds(when.as_ref(), l))>
                        <Question field=field.clone() key=key.clone() draft problems/>
                    </Show>
                }
            })
            .collect_view()
    });

    view! {
        <PageHeading text=Signal::derive(move || pick(lang(), &title))/>
        <ErrorSummary errors attempts/>
        {first.then(|| view! { <Applicant person=person.get_value()/> })}
        <form class="form" novalidate on:submit=on_submit>
            {questions}
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}

/// Who applies, from the persons database: shown, not asked, and not editable.
#[component]
fn Applicant(person: Person) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section applicant" aria-labelledby="applicant-title">
            <h2 id="applicant-title">{t!(i18n, applicant_title)}</h2>
            <dl class="summary summary--compact"><PersonRows person/></dl>
            <p class="source">{t!(i18n, applicant_source)}</p>
        </section>
    }
}

/// Every answer that applies, page by page, each with a link to change it.
#[component]
fn CheckAnswers(draft: Draft, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let form = draft.form();
    let id = draft.id();
    let missing = Memo::new(move |_| {
        draft
            .answers
            .with(|a| form.with_value(|f| f.check_all(a, today())))
    });
    let sections = move || {
        let id = id.clone();
        draft.answers.with(|answers| {
            let live = form.with_value(|f| f.in_force(answers));
            let missing = missing.get();
            form.with_value(|f| {
                f.visible_pages(answers)
                    .into_iter()
                    .map(|page| {
                        let change = format!("{}?return=check", application_path(&id, &Step::Page(page.id.clone())));
                        let rows = page
                            .fields
                            .iter()
                            .filter(|field| holds(field.when.as_ref(), &live))
                            .map(|field| {
                                let value = shown_answer(i18n, lang(), field, &live);
                                let wrong = missing.iter().any(|p| p.field == field.id || p.field.starts_with(&format!("{}.", field.id)));
                                let label = pick(lang(), &field.label);
                                let link_text = if wrong { t_string!(i18n, answer_link) } else { t_string!(i18n, change) };
                                view! {
                                    <div class="summary__row">
                                        <dt>{label.clone()}</dt>
                                        <dd class=if wrong { "summary__missing" } else { "" }>{value}</dd>
                                        <dd class="summary__action">
                                            <a href=change.clone()>{link_text}<span class="visually-hidden">" " {label}</span></a>
                                        </dd>
                                    </div>
                                }
                            })
                            .collect_view();
                        let title = pick(lang(), &page.title);
                        view! {
                            <h2>{title}</h2>
                            <dl class="summary summary--check">{rows}</dl>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let centre = is_centre_draft();
    view! {
        <PageHeading text=Signal::derive(move || {
            if centre { t_string!(i18n, check_title_centre) } else { t_string!(i18n, check_title) }.to_string()
        })/>
        {move || if missing.with(Vec::is_empty) {
            view! { <p class="notice notice--done">{t!(i18n, check_complete)}</p> }.into_any()
        } else {
            view! { <p class="notice">{t!(i18n, check_incomplete)}</p> }.into_any()
        }}
        {sections}
        <CheckDocuments draft service/>
        <div class="button-group">
            <a class="button" href=application_path(&draft.id(), &Step::Sign)>{t!(i18n, sign_continue)}</a>
            <a class="button button--secondary" href="/cabinet">{t!(i18n, to_my_applications)}</a>
        </div>
    }
}

/// An answer as the check page shows it: an option's words, "yes"/"no", a group's items.
pub(crate) fn shown_answer(
    i18n: I18nContext<Locale>,
    lang: qyzmet_domain::Lang,
    field: &qyzmet_domain::Field,
    answers: &Answers,
) -> AnyView {
    let text = answers
        .get(&field.id)
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    if field.kind != FieldKind::Group && text.is_empty() {
        return if field.required {
            t_string!(i18n, not_answered).to_string().into_any()
        } else {
            "—".into_any()
        };
    }
    match field.kind {
        FieldKind::Choice => field
            .options
            .iter()
            .find(|o| o.id == text)
            .map(|o| lang.pick(&o.kk, &o.ru).to_owned())
            .unwrap_or(text)
            .into_any(),
        FieldKind::YesNo if text == "yes" => t_string!(i18n, yes).to_string().into_any(),
        FieldKind::YesNo => t_string!(i18n, no).to_string().into_any(),
        FieldKind::Group => {
            let count: u32 = text.parse().unwrap_or(0);
            if count == 0 {
                return t_string!(i18n, group_none).to_string().into_any();
            }
            let items = (0..count)
                .map(|index| {
                    let parts: Vec<String> = field
                        .fields
                        .iter()
                        .filter_map(|sub| {
                            let key = format!("{}.{index}.{}", field.id, sub.id);
                            answers.get(&key).filter(|t| !t.trim().is_empty()).map(|t| {
                                let shown = match sub.kind {
                                    FieldKind::Choice => sub
                                        .options
                                        .iter()
                                        .find(|o| o.id == *t)
                                        .map(|o| lang.pick(&o.kk, &o.ru).to_owned())
                                        .unwrap_or_else(|| t.clone()),
                                    FieldKind::Money => format!("{t} ₸"),
                                    _ => t.clone(),
                                };
                                // "Кем вам приходится? Супруг", "ИИН: 9609…".
                                let label = pick(lang, &sub.label);
                                let joint = if label.ends_with('?') { " " } else { ": " };
                                format!("{label}{joint}{shown}")
                            })
                        })
                        .collect();
                    view! { <li>{parts.join("; ")}</li> }
                })
                .collect_view();
            view! { <ol class="plain-list group-answers">{items}</ol> }.into_any()
        }
        FieldKind::Money => format!("{text} ₸").into_any(),
        _ => text.into_any(),
    }
}

/// Says whether the answers are saved, and where, politely announced.
#[component]
fn SaveStatus(draft: Draft) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class=move || match draft.state.get() {
                SaveState::Saved | SaveState::Saving => "save-state",
                _ => "save-state save-state--warning",
            }
            role="status">
            {move || match draft.state.get() {
                SaveState::Saved => t_string!(i18n, save_state.saved),
                SaveState::Saving => t_string!(i18n, save_state.saving),
                SaveState::Offline => t_string!(i18n, save_state.offline),
                SaveState::SignedOut => t_string!(i18n, save_state.signed_out),
                SaveState::Held => t_string!(i18n, save_state.held),
                SaveState::Failed => t_string!(i18n, save_state.failed),
                SaveState::Gone => t_string!(i18n, save_state.gone),
            }}
        </p>
    }
}
