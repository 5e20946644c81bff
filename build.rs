//! Generates the typed i18n module from `locales/*.json`. A key used in code but missing from
//! the files does not compile; a key present in one language and missing in the other fails
//! here, so no string ships in only one language.

use std::{collections::BTreeSet, path::PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const LOCALES: [&str; 2] = ["kk", "ru"];

fn main() {
    let cfg = Config::new("kk")
        .and_then(|c| c.add_locale("ru"))
        .expect("i18n configuration")
        // Lets `t_string!` interpolate (attribute values, the document title).
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg).expect("cannot parse the locale files");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("i18n");
    infos
        .generate_i18n_module(out)
        .expect("cannot generate the i18n module");

    // Every key, nested ones as "minutes.one", must exist in both languages.
    let keys: Vec<BTreeSet<String>> = LOCALES
        .iter()
        .map(|locale| {
            let path = format!("locales/{locale}.json");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let value: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let mut keys = BTreeSet::new();
            flatten("", &value, &mut keys);
            keys
        })
        .collect();
    let (kk, ru) = (&keys[0], &keys[1]);
    let only_kk: Vec<_> = kk.difference(ru).collect();
    let only_ru: Vec<_> = ru.difference(kk).collect();
    assert!(
        only_kk.is_empty() && only_ru.is_empty(),
        "locale files differ: missing in ru: {only_kk:?}; missing in kk: {only_ru:?}"
    );
}

fn flatten(prefix: &str, value: &serde_json::Value, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, value, keys);
            }
        }
        _ => {
            keys.insert(prefix.to_owned());
        }
    }
}
