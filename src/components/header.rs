//! The site header: the portal's name (a way home from anywhere) and the language switch.

use leptos::prelude::*;
use qyzmet_domain::Lang;

use crate::i18n::*;

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
                <LanguageSwitch/>
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
