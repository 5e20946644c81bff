//! Where a fact comes from: the act and its clause, and a mark on wording that is our
//! translation rather than the act's own.

use leptos::prelude::*;
use qyzmet_domain::{Lang, Source, Text};

use crate::i18n::*;

/// "5-тармақтың 1) тармақшасы" / "подпункт 1) пункта 5"; "4-қосымша" / "приложение 4".
#[component]
pub fn Clause(#[prop(into)] clause: String) -> impl IntoView {
    let i18n = use_i18n();
    let clause = StoredValue::new(clause);
    move || {
        let text = clause.get_value();
        if let Some(appendix) = text.strip_prefix("app. ") {
            let appendix = appendix.to_owned();
            return t_string!(i18n, clause_appendix, appendix = appendix).to_string();
        }
        match text.split_once('.') {
            Some((clause, item)) if !clause.is_empty() && !item.is_empty() => {
                let (clause, item) = (clause.to_owned(), item.to_owned());
                t_string!(i18n, clause_item, clause = clause, item = item).to_string()
            }
            _ => t_string!(i18n, clause, clause = text).to_string(),
        }
    }
}

/// "Дереккөзі: <act>, <clause>". `act_title` is the act as cited, in both languages.
#[component]
pub fn Citation(
    source: Source,
    /// The act as cited; `None` when the surrounding section already names it.
    act_title: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let act_title = StoredValue::new(act_title);
    view! {
        <span class="citation">
            {t!(i18n, source)} " "
            {move || act_title.get_value().map(|t| format!("{}, ", t.get(lang())))}
            <Clause clause=source.clause/>
        </span>
    }
}

/// Shown after a text whose wording in the current language is our translation.
#[component]
pub fn TranslatedMark(#[prop(into)] translated: Signal<Vec<Lang>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        translated
            .get()
            .contains(&lang_of(i18n.get_locale()))
            .then(|| {
                view! {
                    " "
                    <span class="translated-mark">"(" {t!(i18n, translated)} ")"</span>
                }
            })
    }
}

/// A `Text` in the current language, followed by the translation mark when it applies.
#[component]
pub fn Localized(text: Text) -> impl IntoView {
    let i18n = use_i18n();
    let translated = text.translated.clone();
    let text = StoredValue::new(text);
    view! {
        {move || text.with_value(|t| t.get(lang_of(i18n.get_locale())).to_owned())}
        <TranslatedMark translated=Signal::stored(translated)/>
    }
}
