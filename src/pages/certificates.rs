//! The cabinet's signing-certificate section: the person's test signing certificates from the
//! embedded authority, and a form to obtain one as a key file (PKCS#12) under a password they
//! choose. The key is made by the authority and handed over once; the portal keeps neither it
//! nor the password.

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{FieldProblem, Problem, certificate::CertificateSummary};
use wasm_bindgen::JsCast;

use crate::{
    api,
    components::{
        error_panel::{ErrorPanel, Loading},
        form::{ErrorSummary, FormStatus, SubmitButton, TextField, message_for},
    },
    format,
    i18n::*,
    session::handle_sign_in_required,
};

/// As the adapter's rule (crates/adapter/src/pki.rs).
const MIN_PASSWORD_CHARS: usize = 6;

#[component]
pub fn Certificates() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load(api::list_certificates);
    let password = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let status = FormStatus::new();
    let problems = status.problems;
    let errors = status.errors(i18n, "key_file_password");
    let obtained = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let (secret, again) = (password.get_untracked(), repeat.get_untracked());
        let mut found = Vec::new();
        if secret.is_empty() {
            found.push(FieldProblem::new("key_file_password", Problem::Empty));
        } else if secret.chars().count() < MIN_PASSWORD_CHARS {
            found.push(FieldProblem::new("key_file_password", Problem::TooShort));
        }
        if again != secret {
            found.push(FieldProblem::new(
                "key_file_password_repeat",
                Problem::Mismatch,
            ));
        }
        if !status.checked(if found.is_empty() { Ok(()) } else { Err(found) }) {
            return;
        }
        obtained.set(false);
        leptos::task::spawn_local(async move {
            match api::obtain_certificate(&secret).await {
                Ok(blob) => {
                    save_file(&blob, "qyzmet-signing-key.p12");
                    password.set(String::new());
                    repeat.set(String::new());
                    status.busy.set(false);
                    obtained.set(true);
                    loaded.reload.run(());
                }
                Err(failure) => {
                    handle_sign_in_required(&failure);
                    status.failed_at(failure, "password", "key_file_password");
                }
            }
        });
    };

    view! {
        <section class="section" id="certificates" aria-labelledby="certificates-title">
            <h2 id="certificates-title">{t!(i18n, certificates_title)}</h2>
            <p>{t!(i18n, certificates_intro)}</p>
            {move || match loaded.state.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(failure)) => view! { <ErrorPanel failure on_retry=loaded.reload/> }.into_any(),
                Some(Ok(list)) if list.certificates.is_empty() => {
                    view! { <p class="empty-state">{t!(i18n, certificates_empty)}</p> }.into_any()
                }
                Some(Ok(list)) => view! {
                    <ul class="plain-list certificates">
                        {list.certificates.into_iter().map(|c| view! { <CertificateRow certificate=c/> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            {move || obtained.get().then(|| view! {
                <p class="notice notice--done" role="status">{t!(i18n, certificates_obtained)}</p>
            })}
            <ErrorSummary errors attempts=status.attempts/>
            <form class="form" novalidate on:submit=submit>
                <TextField
                    name="key_file_password"
                    label=Signal::derive(move || t_string!(i18n, certificates_password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, certificates_password_hint).to_string())
                    value=password
                    error=message_for(i18n, problems, "key_file_password")
                    input_type="password"
                    autocomplete="new-password"
                />
                <TextField
                    name="key_file_password_repeat"
                    label=Signal::derive(move || t_string!(i18n, field_password_repeat).to_string())
                    value=repeat
                    error=message_for(i18n, problems, "key_file_password_repeat")
                    input_type="password"
                    autocomplete="new-password"
                />
                <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, certificates_button).to_string())/>
            </form>
        </section>
    }
}

#[component]
fn CertificateRow(certificate: CertificateSummary) -> impl IntoView {
    let i18n = use_i18n();
    let until = certificate.not_after.clone();
    let revoked = certificate.revoked_at.is_some();
    view! {
        <li class="certificate">
            {move || {
                let until = format::date_time(i18n, &until);
                t_string!(i18n, certificates_valid_until, until = until).to_string()
            }}
            {revoked.then(|| view! { " " <span class="tag tag--warning">{t!(i18n, certificates_revoked)}</span> })}
            <br/>
            <span class="certificate__serial">{t!(i18n, certificates_serial)} " " <code>{certificate.serial.clone()}</code></span>
        </li>
    }
}

/// Hands a file to the person: a link to the bytes, clicked, then let go.
fn save_file(blob: &web_sys::Blob, name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a") {
        if let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>() {
            link.set_href(&url);
            link.set_download(name);
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
