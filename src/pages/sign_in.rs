//! `/sign-in`: IIN and password. A wrong pair is one message; a pause or a lock says until
//! when. Afterwards the person goes back where they were (`?return=`), or to the cabinet.

use leptos::prelude::*;
use qyzmet_domain::{ErrorCode, FieldProblem, SignIn};

use crate::{
    api::{self, ApiFailure},
    components::{
        form::{ErrorSummary, TextField, forget, message_for, remembered, set_problem},
        page_heading::PageHeading,
    },
    format,
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
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    // The adapter's refusal that is not about one field: wrong pair, pause, lock.
    let refusal = RwSignal::new(None::<qyzmet_domain::ApiError>);
    let attempts = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);

    let refusal_text = move || refusal.get().map(|error| refusal_message(i18n, &error));
    let errors = Signal::derive(move || {
        let mut list: Vec<(String, String)> = problems.with(|all| {
            all.iter()
                .map(|p| {
                    (
                        p.field.clone(),
                        crate::components::form::problem_message(i18n, p),
                    )
                })
                .collect()
        });
        if let Some(text) = refusal_text() {
            list.push(("iin".into(), text));
        }
        list
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        refusal.set(None);
        failure.set(None);
        let form = SignIn {
            iin: iin.get_untracked(),
            password: password.get_untracked(),
        };
        if let Err(found) = form.validate() {
            problems.set(found);
            attempts.update(|n| *n += 1);
            return;
        }
        problems.set(Vec::new());
        busy.set(true);
        let back = back.clone();
        leptos::task::spawn_local(async move {
            let result = api::sign_in(&form.iin, &form.password).await;
            busy.set(false);
            match result {
                Ok(info) => {
                    forget(FORM, &["iin"]);
                    auth.signed_in(info);
                    navigate(&back, false);
                }
                Err(ApiFailure::Refused(error)) => {
                    if error.problems.is_empty() {
                        refusal.set(Some(error));
                    } else {
                        problems.set(error.problems);
                    }
                    password.set(String::new());
                    attempts.update(|n| *n += 1);
                }
                Err(other) => failure.set(Some(other)),
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
        <ErrorSummary errors attempts/>
        <FailureNotice failure/>
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
            <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
                {move || if busy.get() { t_string!(i18n, sending) } else { t_string!(i18n, sign_in_button) }}
            </button>
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

/// What the person is told when the adapter refuses a sign-in (or a registration) as a whole:
/// a wrong pair, with when to try again if they must wait, or a lock with its end.
pub fn refusal_message(i18n: I18nContext<Locale>, error: &qyzmet_domain::ApiError) -> String {
    let time = error.until.as_deref().map(|t| format::moment(i18n, t));
    match (error.code, time) {
        (ErrorCode::TooManyAttempts, Some(time)) => {
            t_string!(i18n, too_many_attempts, time = time).to_string()
        }
        (_, Some(time)) => format!(
            "{} {}",
            t_string!(i18n, wrong_credentials),
            t_string!(i18n, try_again_at, time = time)
        ),
        _ => t_string!(i18n, wrong_credentials).to_string(),
    }
}
