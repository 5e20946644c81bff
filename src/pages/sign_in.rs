//! `/sign-in`: IIN and password. A wrong pair is one message; a pause or a lock says until
//! when. Afterwards the person goes back where they were (`?return=`), or to the cabinet.

use leptos::prelude::*;
use qyzmet_domain::SignIn;

use crate::{
    api::{self, ApiFailure},
    components::{
        form::{
            ErrorSummary, FormStatus, SubmitButton, TextField, forget, message_for, remembered,
            set_problem,
        },
        page_heading::PageHeading,
    },
    i18n::*,
    router::{navigate, use_location},
    session::{return_path, use_auth},
};

const FORM: &str = "sign-in";

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let why = location.param("why");
    let expired = why.as_deref() == Some("expired");
    let needed = why.as_deref() == Some("needed");
    let back = return_path();

    let iin = remembered(FORM, "iin");
    let password = RwSignal::new(String::new());
    let status = FormStatus::new();
    let problems = status.problems;
    let errors = status.errors(i18n, "iin");

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let form = SignIn {
            iin: iin.get_untracked(),
            password: password.get_untracked(),
        };
        if !status.checked(form.validate().map(|_| ())) {
            return;
        }
        let back = back.clone();
        leptos::task::spawn_local(async move {
            match api::sign_in(&form.iin, &form.password).await {
                Ok(info) => {
                    forget(FORM, &["iin"]);
                    // An operator's desk is the centre's page, unless they were on their way.
                    let home = if info.role == qyzmet_domain::Role::Operator && back == "/cabinet" {
                        "/centre".to_owned()
                    } else {
                        back
                    };
                    auth.signed_in(info);
                    navigate(&home, false);
                }
                Err(failure) => {
                    password.set(String::new());
                    status.failed(failure);
                }
            }
        });
    };

    let check_iin = Callback::new(move |()| {
        let problem = qyzmet_domain::account::check_iin(&iin.get_untracked()).err();
        set_problem(problems, "iin", problem);
    });

    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, sign_in_title).to_string())/>
        {expired.then(|| view! { <p class="notice" role="status">{t!(i18n, session_ended)}</p> })}
        {needed.then(|| view! { <p class="notice">{t!(i18n, sign_in_required)}</p> })}
        <AlreadySignedIn/>
        <ErrorSummary errors attempts=status.attempts/>
        <FailureNotice failure=status.failure/>
        <form class="form" novalidate on:submit=submit>
            <p>{t!(i18n, sign_in_intro)}</p>
            <TextField
                name="iin"
                label=Signal::derive(move || t_string!(i18n, field_iin).to_string())
                hint=Signal::derive(move || t_string!(i18n, field_iin_hint).to_string())
                value=iin
                error=message_for(i18n, problems, "iin")
                autocomplete="username"
                inputmode="numeric"
                on_leave=check_iin
                class="field__input field__input--iin"
            />
            <TextField
                name="password"
                label=Signal::derive(move || t_string!(i18n, field_password).to_string())
                value=password
                error=message_for(i18n, problems, "password")
                input_type="password"
                autocomplete="current-password"
            />
            <SubmitButton busy=status.busy label=Signal::derive(move || t_string!(i18n, sign_in_button).to_string())/>
        </form>
        <p>
            {t!(i18n, sign_in_no_account)} " "
            <a href=move || with_query("/register", &location.query.get())>
                {t!(i18n, register_link)}
            </a>
        </p>
    }
}

/// A request that did not reach the point of an answer about the form (offline, server).
#[component]
pub fn FailureNotice(failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure.get().map(|failure| {
            let text = match failure {
                ApiFailure::Network => t_string!(i18n, error_network),
                _ => t_string!(i18n, error_server),
            };
            view! { <div class="error-panel" role="alert"><p>{text}</p></div> }
        })
    }
}

/// `path` with the current query (so `return` carries over between sign-in and register).
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// On the sign-in and registration pages, for someone who is signed in already.
#[component]
pub fn AlreadySignedIn() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    move || {
        auth.session.get().map(|info| {
            let name = info.person.full_name();
            view! {
                <p class="notice">
                    {move || t_string!(i18n, already_signed_in, name = name.clone()).to_string()} " "
                    <a href="/cabinet">{t!(i18n, nav_cabinet)}</a>
                </p>
            }
        })
    }
}
