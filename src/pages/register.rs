//! `/register`: a citizen's account. IIN (checked as typed, then looked up in the persons
//! database by the adapter), password twice, phone, optional e-mail.

use leptos::prelude::*;
use qyzmet_domain::{Registration, account};

use crate::{
    api,
    components::{
        form::{
            ErrorSummary, FormStatus, SubmitButton, TextField, forget, message_for, remembered,
            set_problem,
        },
        page_heading::PageHeading,
    },
    i18n::*,
    pages::sign_in::{AlreadySignedIn, FailureNotice, with_query},
    router::{navigate, use_location},
    session::{return_path, use_auth},
};

const FORM: &str = "register";
/// The fields kept across a reload (never the passwords).
const REMEMBERED: [&str; 3] = ["iin", "phone", "email"];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = use_location();
    let back = return_path();

    let iin = remembered(FORM, "iin");
    let phone = remembered(FORM, "phone");
    let email = remembered(FORM, "email");
    let password = RwSignal::new(String::new());
    let password_repeat = RwSignal::new(String::new());
    let status = FormStatus::new();
    let problems = status.problems;
    let errors = status.errors(i18n, "iin");

    let form = move || Registration {
        iin: iin.get_untracked(),
        password: password.get_untracked(),
        password_repeat: password_repeat.get_untracked(),
        phone: phone.get_untracked(),
        email: email.get_untracked(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let form = form();
        if !status.checked(form.validate().map(|_| ())) {
            return;
        }
        let back = back.clone();
        leptos::task::spawn_local(async move {
            match api::register(&form).await {
                Ok(info) => {
                    forget(FORM, &REMEMBERED);
                    auth.signed_in(info);
                    navigate(&back, false);
                }
                Err(failure) => status.failed(failure),
            }
        });
    };

    // Each field is checked when the person leaves it, with the domain's own rules.
    let check = move |field: &'static str| {
        Callback::new(move |()| {
            let form = form();
            let problem = match field {
                "iin" => account::check_iin(&form.iin).err(),
                "password" => account::check_password(&form.password, &form.iin).err(),
                "password_repeat" => {
                    account::check_repeat(&form.password, &form.password_repeat).err()
                }
                "phone" => account::normalise_phone(&form.phone).err(),
                _ => account::check_email(&form.email).err(),
            };
            set_problem(problems, field, problem);
        })
    };
    let label = move |text: fn(I18nContext<Locale>) -> String| Signal::derive(move || text(i18n));

    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, register_title).to_string())/>
        <AlreadySignedIn/>
        <ErrorSummary errors attempts=status.attempts/>
        <FailureNotice failure=status.failure/>
        <p class="lead">{t!(i18n, register_intro)}</p>
        <form class="form" novalidate on:submit=submit>
            <TextField
                name="iin"
                label=label(|i18n| t_string!(i18n, field_iin).to_string())
                hint=label(|i18n| t_string!(i18n, field_iin_hint).to_string())
                value=iin
                error=message_for(i18n, problems, "iin")
                autocomplete="username"
                inputmode="numeric"
                on_leave=check("iin")
                class="field__input field__input--iin"
            />
            <TextField
                name="password"
                label=label(|i18n| t_string!(i18n, field_password).to_string())
                hint=label(|i18n| t_string!(i18n, field_password_hint).to_string())
                value=password
                error=message_for(i18n, problems, "password")
                input_type="password"
                autocomplete="new-password"
                on_leave=check("password")
            />
            <TextField
                name="password_repeat"
                label=label(|i18n| t_string!(i18n, field_password_repeat).to_string())
                value=password_repeat
                error=message_for(i18n, problems, "password_repeat")
                input_type="password"
                autocomplete="new-password"
                on_leave=check("password_repeat")
            />
            <TextField
                name="phone"
                label=label(|i18n| t_string!(i18n, field_phone).to_string())
                hint=label(|i18n| t_string!(i18n, field_phone_hint).to_string())
                value=phone
                error=message_for(i18n, problems, "phone")
                input_type="tel"
                autocomplete="tel"
                on_leave=check("phone")
                class="field__input field__input--phone"
            />
            <TextField
                name="email"
                label=label(|i18n| t_string!(i18n, field_email).to_string())
                value=email
                error=message_for(i18n, problems, "email")
                input_type="email"
                autocomplete="email"
                on_leave=check("email")
            />
            <SubmitButton busy=status.busy label=label(|i18n| t_string!(i18n, register_button).to_string())/>
        </form>
        <p>
            {t!(i18n, have_account)} " "
            <a href=move || with_query("/sign-in", &location.query.get())>{t!(i18n, nav_sign_in)}</a>
        </p>
    }
}
