//! The site header: the portal's name (a way home from anywhere), the account (sign in, or the
//! cabinet and sign out), and the language switch.

use leptos::prelude::*;
use qyzmet_domain::Lang;

use crate::{
    api,
    i18n::*,
    router::navigate,
    session::{Auth, here, use_auth},
};

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a href="/" class="site-header__brand">
                    <span class="site-header__name">{t!(i18n, portal_name)}</span>
                    <span class="site-header__tagline">{t!(i18n, portal_tagline)}</span>
                </a>
                <div class="site-header__tools">
                    <AccountNav/>
                    <LanguageSwitch/>
                </div>
            </div>
        </header>
    }
}

/// Two buttons, each labelled in its own language; switching re-renders the page in place and
/// is remembered for the next visit.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let current = move || lang_of(i18n.get_locale());
    let choose = move |lang: Lang| {
        i18n.set_locale(locale_of(lang));
        remember_lang(lang);
    };
    let button = move |lang: Lang| {
        let label = match lang {
            Lang::Kk => t_string!(i18n, lang_kk),
            Lang::Ru => t_string!(i18n, lang_ru),
        };
        view! {
            <li>
                <button
                    type="button"
                    class="language-switch__button"
                    lang=lang.tag()
                    aria-pressed=move || (current() == lang).to_string()
                    on:click=move |_| choose(lang)
                >
                    {label}
                </button>
            </li>
        }
    };
    view! {
        <nav class="language-switch" aria-label=move || t_string!(i18n, language_switch)>
            <ul class="language-switch__list">{button(Lang::Kk)} {button(Lang::Ru)}</ul>
        </nav>
    }
}

/// Signed out: "Sign in" (coming back to this page). Signed in: the cabinet, named after the
/// person, and "Sign out".
#[component]
fn AccountNav() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let location = crate::router::use_location();
    let sign_in_href = move || {
        // Read the path so the link follows navigation.
        let path = location.path.get();
        if path == "/sign-in" || path == "/register" || path == "/" {
            "/sign-in".to_owned()
        } else {
            format!("/sign-in?return={}", js_sys::encode_uri_component(&here()))
        }
    };
    view! {
        <nav class="account-nav" aria-label=move || t_string!(i18n, nav_account)>
            <ul class="account-nav__list">
                {move || match auth.session.get() {
                    Some(info) => view! {
                        <li>
                            <a class="account-nav__link" href="/cabinet">
                                <span class="account-nav__name">{info.person.name.clone()}</span>
                                "\u{a0}· " {t!(i18n, nav_cabinet)}
                            </a>
                        </li>
                        <li>
                            <button type="button" class="account-nav__button" on:click=move |_| sign_out(auth)>
                                {t!(i18n, nav_sign_out)}
                            </button>
                        </li>
                    }.into_any(),
                    None => view! {
                        <li><a class="account-nav__link" href=sign_in_href>{t!(i18n, nav_sign_in)}</a></li>
                    }.into_any(),
                }}
            </ul>
        </nav>
    }
}

/// A shared computer keeps nothing of this person's forms, drafts or half-sent files.
pub fn forget_everything() {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.clear();
    }
    crate::drafts::forget_all();
}

/// Ends the session on the server, forgets what this tab kept of forms, and goes home.
pub fn sign_out(auth: Auth) {
    leptos::task::spawn_local(async move {
        // Even if the adapter cannot be reached, this page forgets the person.
        let _ = api::sign_out().await;
        forget_everything();
        // Leave first: a page that needs an account would otherwise ask to sign in again.
        navigate("/", false);
        auth.signed_out();
    });
}
