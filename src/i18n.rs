//! The typed translations generated from `locales/*.json` (see `build.rs`), and helpers that
//! connect them to the domain's `Lang`.

mod generated {
    // Generated code: it defines helpers for every key and feature; ours use a subset.
    #![allow(dead_code, unused_imports, clippy::all)]
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub use generated::i18n::*;
pub use leptos_i18n::I18nContext;

use qyzmet_domain::Lang;

/// Where the chosen language is remembered between visits (no cookie needed).
const STORAGE_KEY: &str = "qyzmet.lang";

pub fn lang_of(locale: Locale) -> Lang {
    match locale {
        Locale::kk => Lang::Kk,
        Locale::ru => Lang::Ru,
    }
}

pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Kk => Locale::kk,
        Lang::Ru => Locale::ru,
    }
}

/// The language the person chose before, or Kazakh (the portal's default, whatever the
/// browser's language).
pub fn remembered_lang() -> Lang {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

pub fn remember_lang(lang: Lang) {
    if let Some(storage) = storage() {
        // Private modes may refuse storage: the choice then lasts for this visit only.
        let _ = storage.set_item(STORAGE_KEY, lang.tag());
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
