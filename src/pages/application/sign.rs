//! `/applications/{id}/sign`: sign and submit. The person sees what they sign (the service,
//! their answers, each attached file with its SHA-256), and signs either through NCALayer
//! (the national signing application, where it runs on their computer) or with their key file
//! (PKCS#12) and its password, which the signing worker opens in the browser. The adapter
//! checks the signature and the certificate either way (000 §10, 002 §16).
//! A refusal says which check failed and what to do; nothing of the request is lost.

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading},
        form::{
            ErrorLine, ErrorSummary, FormStatus, SubmitButton, TextField, described_by, message_for,
        },
        page_heading::PageHeading,
        question::pick,
    },
    drafts::Draft,
    i18n::*,
    ncalayer::{self, NcaLayerProblem},
    router::navigate,
    session::handle_sign_in_required,
    signing::{self, KeyFileProblem},
};
use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{
    ErrorCode, FieldKind, FieldProblem, Problem, ServicePage, SigningContent, Step,
    application_path,
};

#[component]
pub fn SignAndSubmit(draft: Draft, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let id = draft.id();
    let loaded = api::load({
        let id = id.clone();
        move || api::get_signing(id.clone())
    });
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, sign_title).to_string())/>
        {move || match loaded.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(content)) => view! { <SignForm draft service content/> }.into_any(),
            Some(Err(ApiFailure::Refused(error))) => {
                if error.code == ErrorCode::Conflict {
                    navigate(&application_path(&id, &Step::Receipt), true);
                }
                let documents = error.problems.iter().any(|p| p.problem == Problem::MissingDocuments);
                // A centre's request: the documents not ticked as brought on paper, or a power
                // of attorney that no longer checks out, said as such.
                let centre = error.problems.iter().find(|p| {
                    p.field == "paper" || p.field == "representative_iin" || p.field.starts_with("poa_")
                });
                let (text, href) = match centre {
                    Some(p) if p.field == "paper" => (
                        crate::components::form::problem_message(i18n, p),
                        application_path(&id, &Step::Documents),
                    ),
                    Some(p) => (
                        crate::components::form::problem_message(i18n, p),
                        application_path(&id, &Step::Page("representative".into())),
                    ),
                    None if documents => (t_string!(i18n, sign_missing_documents).to_string(), application_path(&id, &Step::Documents)),
                    None => (t_string!(i18n, sign_incomplete).to_string(), application_path(&id, &Step::Check)),
                };
                view! {
                    <p class="notice">{text}</p>
                    <p><a class="button" href=href>{t!(i18n, sign_go_back)}</a></p>
                }
                .into_any()
            }
            Some(Err(failure)) => {
                handle_sign_in_required(&failure);
                view! { <ErrorPanel failure on_retry=loaded.reload without_title=true/> }.into_any()
            }
        }}
    }
}

#[component]
fn SignForm(
    draft: Draft,
    service: StoredValue<ServicePage>,
    content: SigningContent,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let id = draft.id();
    let form = draft.form();
    let canonical = StoredValue::new(content.canonical.clone());
    let request = StoredValue::new(content.request);
    let password = RwSignal::new(String::new());
    let key_file = NodeRef::<leptos::html::Input>::new();
    // NCALayer's version once it answered; `None` while looking, `Some(None)` when it did not.
    let found = RwSignal::new(None::<Option<String>>);
    let look_for_ncalayer = move || {
        found.set(None);
        leptos::task::spawn_local(async move { found.set(Some(ncalayer::version().await)) });
    };
    look_for_ncalayer();
    // Through NCALayer when it runs; the person can always choose the key file.
    let chosen = RwSignal::new(None::<Method>);
    let method = Signal::derive(move || {
        chosen.get().unwrap_or(match found.get() {
            Some(Some(_)) => Method::NcaLayer,
            _ => Method::KeyFile,
        })
    });
    let status = FormStatus::new();
    let problems = status.problems;
    let errors = status.errors(i18n, "key_file");
    let file_error = message_for(i18n, problems, "key_file");

    // Sends the signature; its problems belong to the way the person signed (`field`).
    // `true` once submitted.
    let send = move |id: String, signature: Vec<u8>, field: &'static str| async move {
        match api::submit_application(&id, &signing::base64(&signature)).await {
            Ok(_) => {
                navigate(&application_path(&id, &Step::Receipt), false);
                true
            }
            Err(failure) => {
                handle_sign_in_required(&failure);
                status.failed_at(failure, "signature", field);
                false
            }
        }
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let id = id.clone();
        if method.get_untracked() == Method::NcaLayer {
            status.checked(Ok(()));
            let iin = request.with_value(|r| r.applicant_iin.clone());
            let locale = lang().tag();
            leptos::task::spawn_local(async move {
                let content = canonical
                    .with_value(|c| signing::from_base64(c))
                    .unwrap_or_default();
                match ncalayer::sign(&content, &iin, locale).await {
                    Ok(signature) => {
                        send(id, signature, "ncalayer").await;
                    }
                    Err(problem) => {
                        if problem == NcaLayerProblem::NotRunning {
                            found.set(Some(None));
                        }
                        let problem = match problem {
                            NcaLayerProblem::NotRunning => Problem::NotRunning,
                            NcaLayerProblem::Cancelled => Problem::Cancelled,
                            NcaLayerProblem::Failed => Problem::Damaged,
                        };
                        status.busy.set(false);
                        status.checked(Err(vec![FieldProblem::new("ncalayer", problem)]));
                    }
                }
            });
            return;
        }
        let file = key_file
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let secret = password.get_untracked();
        let mut found = Vec::new();
        if file.is_none() {
            found.push(FieldProblem::new("key_file", Problem::Empty));
        }
        if secret.is_empty() {
            found.push(FieldProblem::new("key_password", Problem::Empty));
        }
        if !status.checked(if found.is_empty() { Ok(()) } else { Err(found) }) {
            return;
        }
        let Some(file) = file else { return };
        leptos::task::spawn_local(async move {
            let content = canonical
                .with_value(|c| signing::from_base64(c))
                .unwrap_or_default();
            let refuse = |field: &'static str, problem: Problem| {
                status.busy.set(false);
                status.checked(Err(vec![FieldProblem::new(field, problem)]));
            };
            let signature = match signing::sign_with_key_file(&file, &secret, &content).await {
                Ok(signature) => signature,
                Err(KeyFileProblem::WrongPassword) => {
                    return refuse("key_password", Problem::Mismatch);
                }
                Err(KeyFileProblem::NotAKeyStore) => return refuse("key_file", Problem::WrongType),
                Err(KeyFileProblem::NoSigningKey) => {
                    return refuse("key_file", Problem::NotForSigning);
                }
                Err(KeyFileProblem::Failed) => return refuse("key_file", Problem::Damaged),
            };
            if send(id, signature, "key_file").await {
                password.set(String::new());
            }
        });
    };

    let service_name = move || service.with_value(|s| pick_text(lang(), &s.service.name));
    let document_name =
        move |slot: &str| service.with_value(|s| s.service.document_name(slot, lang()));
    let answers = move || {
        request.with_value(|r| {
            r.answers
                .iter()
                .map(|(key, value)| {
                    let field = form.with_value(|f| f.field_of(key).cloned());
                    let label = field
                        .as_ref()
                        .map(|f| pick(lang(), &f.label))
                        .unwrap_or_else(|| key.clone());
                    let shown = match field.as_ref().map(|f| f.kind) {
                        Some(FieldKind::Choice) => field
                            .as_ref()
                            .and_then(|f| f.options.iter().find(|o| o.id == *value))
                            .map(|o| lang().pick(&o.kk, &o.ru).to_owned())
                            .unwrap_or_else(|| value.clone()),
                        Some(FieldKind::YesNo) if value == "yes" => {
                            t_string!(i18n, yes).to_string()
                        }
                        Some(FieldKind::YesNo) => t_string!(i18n, no).to_string(),
                        _ => value.clone(),
                    };
                    view! { <div class="summary__row"><dt>{label}</dt><dd>{shown}</dd></div> }
                })
                .collect_view()
        })
    };
    let files = move || {
        request.with_value(|r| {
            r.documents
                .iter()
                .map(|d| {
                    let kind = document_name(&d.slot);
                    view! {
                        <li>
                            <span class="signed-file__name">{kind} ": " {d.name.clone()}</span>
                            <code class="signed-file__hash">"SHA-256 " {d.sha256.clone()}</code>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let answer_count = request.with_value(|r| r.answers.len());
    let centre = super::is_centre_draft();
    let file_hint_id = "key_file-hint".to_owned();
    let file_described = described_by(
        Some(file_hint_id.clone()),
        "key_file-error".into(),
        file_error,
    );

    view! {
        <ErrorSummary errors attempts=status.attempts/>
        <section class="section signed-content" aria-labelledby="signed-title">
            <h2 id="signed-title">{t!(i18n, sign_what)}</h2>
            <dl class="summary summary--compact">
                <div class="summary__row"><dt>{t!(i18n, sign_service)}</dt><dd>{service_name}</dd></div>
                <div class="summary__row"><dt>{t!(i18n, iin)}</dt><dd>{request.with_value(|r| r.applicant_iin.clone())}</dd></div>
            </dl>
            <details class="details">
                <summary>{move || if centre {
                    t_string!(i18n, sign_answers_centre, count = answer_count).to_string()
                } else {
                    t_string!(i18n, sign_answers, count = answer_count).to_string()
                }}</summary>
                <dl class="summary summary--compact">{answers}</dl>
            </details>
            <h3>{t!(i18n, sign_files)}</h3>
            <ul class="plain-list signed-files">{files}</ul>
        </section>
        <form class="form" novalidate on:submit=submit>
            <MethodChoice method chosen found ncalayer_error=message_for(i18n, problems, "ncalayer") retry=look_for_ncalayer/>
            <Show when=move || method.get() == Method::KeyFile>
                <div class=move || if file_error.with(Option::is_some) { "field field--error" } else { "field" }>
                    <label class="field__label" for="key_file">{t!(i18n, sign_key_file)}</label>
                    <p class="field__hint" id=file_hint_id.clone()>{t!(i18n, sign_key_file_hint)}</p>
                    <ErrorLine id="key_file-error".to_owned() error=file_error/>
                    <input class="field__file" type="file" id="key_file" name="key_file"
                        accept=".p12,.pfx,application/x-pkcs12" node_ref=key_file
                        aria-describedby=file_described.clone()
                        aria-invalid=move || file_error.with(Option::is_some).then_some("true")/>
                </div>
                <TextField
                    name="key_password"
                    label=Signal::derive(move || t_string!(i18n, sign_key_password).to_string())
                    value=password
                    error=message_for(i18n, problems, "key_password")
                    input_type="password"
                    autocomplete="off"
                />
                <p class="field__hint">{t!(i18n, sign_private)}</p>
            </Show>
            <Show when=move || method.get() == Method::NcaLayer && status.busy.get()>
                <p class="notice" role="status">{t!(i18n, sign_ncalayer_waiting)}</p>
            </Show>
            <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, sign_button).to_string())/>
        </form>
        <p><a href="/cabinet#certificates">{t!(i18n, sign_get_certificate)}</a></p>
    }
}

/// How the person signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    NcaLayer,
    KeyFile,
}

/// The choice between NCALayer and the key file, with what the page found of NCALayer. The
/// NCALayer radio has the id `ncalayer`, so the error summary's link lands on it.
#[component]
fn MethodChoice(
    method: Signal<Method>,
    chosen: RwSignal<Option<Method>>,
    found: RwSignal<Option<Option<String>>>,
    ncalayer_error: Signal<Option<String>>,
    retry: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = move || {
        match found.get() {
        None => view! { <p class="field__hint" id="ncalayer-state" role="status">{t!(i18n, sign_ncalayer_checking)}</p> }.into_any(),
        Some(Some(version)) => view! {
            <p class="field__hint" id="ncalayer-state" role="status">
                {move || t_string!(i18n, sign_ncalayer_running, version = version.clone()).to_string()}
            </p>
        }
        .into_any(),
        Some(None) => view! {
            <div class="notice" id="ncalayer-state" role="status">
                <p>{t!(i18n, sign_ncalayer_not_running)}</p>
                <button type="button" class="button button--secondary" on:click=move |_| retry()>
                    {t!(i18n, sign_ncalayer_retry)}
                </button>
            </div>
        }
        .into_any(),
    }
    };
    let radio = move |id: &'static str, value: Method, label: AnyView| {
        view! {
            <div class="radio">
                <input class="radio__input" type="radio" id=id name="method"
                    prop:checked=move || method.get() == value
                    on:change=move |_| chosen.set(Some(value))/>
                <label class="radio__label" for=id>{label}</label>
            </div>
        }
    };
    view! {
        <div class=move || if ncalayer_error.with(Option::is_some) { "field field--error" } else { "field" }>
            <fieldset class="fieldset" aria-describedby="ncalayer-state ncalayer-error">
                <legend class="fieldset__legend">{if super::is_centre_draft() { t!(i18n, sign_method_centre).into_any() } else { t!(i18n, sign_method).into_any() }}</legend>
                {state}
                <ErrorLine id="ncalayer-error".to_owned() error=ncalayer_error/>
                <div class="radios">
                    {radio("ncalayer", Method::NcaLayer, t!(i18n, sign_with_ncalayer).into_any())}
                    {radio("method-key-file", Method::KeyFile, t!(i18n, sign_with_key_file).into_any())}
                </div>
            </fieldset>
        </div>
    }
}

fn pick_text(lang: qyzmet_domain::Lang, text: &qyzmet_domain::Text) -> String {
    text.get(lang).to_owned()
}
