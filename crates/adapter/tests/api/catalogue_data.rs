//! The catalogue data: a wrong edit stops the start with a message naming the file, the entry
//! and the field; and every quotation is the regulation's own words.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use qyzmet_adapter::startup::Application;

use crate::support::{config, repo_root};

/// A copy of the repository's catalogue with `edit` applied to one file.
fn broken_catalogue(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("data"), dir.path());
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit must change the file");
    std::fs::write(&path, edited).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn start_error(catalogue: &Path) -> String {
    let data = tempfile::tempdir().unwrap();
    match Application::build(config(catalogue, data.path(), &data.path().join("dist"))).await {
        Ok(_) => panic!("the adapter started with broken catalogue data"),
        Err(err) => format!("{err:#}"),
    }
}

#[tokio::test]
async fn a_wrong_duration_unit_names_the_file_entry_and_field() {
    let dir = broken_catalogue("services/foster-care.toml", |t| {
        t.replacen("duration = { minutes = 30 }", "duration = { hours = 1 }", 1)
    });
    let message = start_error(dir.path()).await;
    assert!(message.contains("foster-care.toml"), "{message}");
    assert!(message.contains("entry \"foster-care\""), "{message}");
    assert!(
        message.contains("regulations[0].stages[0].duration"),
        "{message}"
    );
    assert!(message.contains("hours"), "{message}");
}

#[tokio::test]
async fn an_unknown_act_and_a_missing_translation_mark_are_both_reported() {
    let dir = broken_catalogue("services/housing-assistance.toml", |t| {
        t.replacen("act = \"000\"", "act = \"999\"", 1)
    });
    let message = start_error(dir.path()).await;
    assert!(message.contains("housing-assistance.toml"), "{message}");
    assert!(message.contains("unknown act \"999\""), "{message}");

    // Act 002 was published in Russian only: a Kazakh wording citing it must be marked.
    let dir = broken_catalogue("acts/002.toml", |t| {
        t.replace("published_in = [\"ru\"]", "published_in = [\"kk\"]")
    });
    let message = start_error(dir.path()).await;
    assert!(
        message.contains("must be listed as translated"),
        "{message}"
    );
}

#[tokio::test]
async fn an_id_that_does_not_match_its_file_is_refused() {
    let dir = broken_catalogue("services/adoption-registration.toml", |t| {
        t.replacen("id = \"adoption-registration\"", "id = \"adoption\"", 1)
    });
    let message = start_error(dir.path()).await;
    assert!(
        message.contains("field `id`: the id must equal the file name"),
        "{message}"
    );
}

#[test]
fn the_binary_refuses_to_start_and_says_why() {
    let dir = broken_catalogue("services/foster-care.toml", |t| {
        t.replacen("position = 3", "position = \"third\"", 1)
    });
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_qyzmet-adapter"))
        .env("QYZMET_CATALOGUE_DIR", dir.path())
        .env("QYZMET_DATA_DIR", data.path())
        .env("QYZMET_ADDRESS", "127.0.0.1:0")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot start"), "{stderr}");
    assert!(
        stderr.contains("foster-care.toml: entry \"foster-care\", field `position`"),
        "{stderr}"
    );
    assert!(stderr.contains("(line "), "the line is named: {stderr}");
}

/// Every Kazakh or Russian wording not marked as our translation occurs verbatim in the seed
/// text of the act it cites (whitespace aside). Seeds live in `../shared/seeds` (CI has them
/// beside the clone) or `QYZMET_SEEDS_DIR`.
#[test]
fn quotations_are_verbatim_in_the_regulations() {
    let seeds = std::env::var_os("QYZMET_SEEDS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/seeds"));
    assert!(
        seeds.is_dir(),
        "the seed regulations are not at {} (set QYZMET_SEEDS_DIR)",
        seeds.display()
    );
    let data = repo_root().join("data");

    // act id -> normalised seed text
    let mut seed_text = std::collections::HashMap::new();
    for entry in std::fs::read_dir(data.join("acts")).unwrap() {
        let path = entry.unwrap().path();
        let act: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if let Some(seed) = act.get("seed").and_then(|s| s.as_str()) {
            let text = std::fs::read_to_string(seeds.join(seed)).unwrap();
            seed_text.insert(act["id"].as_str().unwrap().to_owned(), normalise(&text));
        }
    }

    let mut checked = 0;
    let mut misses = Vec::new();
    for dir in ["acts", "services"] {
        for entry in std::fs::read_dir(data.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let value: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let own_act = (dir == "acts").then(|| value["id"].as_str().unwrap().to_owned());
            walk(
                &value,
                own_act.as_deref(),
                &seed_text,
                &path,
                &mut checked,
                &mut misses,
            );
        }
    }
    // The directories quoted from the acts' appendices.
    for file in ["providers.toml", "branches.toml"] {
        let path = data.join(file);
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        walk(&value, None, &seed_text, &path, &mut checked, &mut misses);
    }
    assert!(checked > 100, "only {checked} quotations checked");
    assert!(
        misses.is_empty(),
        "{} quotation(s) not in their act:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds every table with `kk` and `ru`; its act is its own `source.act`, or the nearest
/// enclosing table's (a stage's actor and action cite the stage's source).
fn walk(
    value: &toml::Value,
    inherited_act: Option<&str>,
    seeds: &std::collections::HashMap<String, String>,
    file: &Path,
    checked: &mut usize,
    misses: &mut Vec<String>,
) {
    match value {
        toml::Value::Table(table) => {
            let act = table
                .get("source")
                .and_then(|s| s.get("act"))
                .and_then(|a| a.as_str())
                .or(inherited_act);
            if let (Some(act), Some(seed)) = (act, act.and_then(|a| seeds.get(a))) {
                let translated: Vec<&str> = table
                    .get("translated")
                    .and_then(|t| t.as_array())
                    .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
                    .unwrap_or_default();
                for lang in ["kk", "ru"] {
                    if let Some(text) = table.get(lang).and_then(|t| t.as_str()) {
                        if translated.contains(&lang) {
                            continue;
                        }
                        *checked += 1;
                        if !seed.contains(&normalise(text)) {
                            misses
                                .push(format!("  {} (act {act}, {lang}): {text}", file.display()));
                        }
                    }
                }
            }
            for (key, child) in table {
                if key != "source" {
                    walk(child, act, seeds, file, checked, misses);
                }
            }
        }
        toml::Value::Array(items) => {
            for item in items {
                walk(item, inherited_act, seeds, file, checked, misses);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn a_request_form_with_a_wrong_condition_or_kind_stops_the_start() {
    let dir = broken_catalogue("forms/housing-assistance.toml", |t| {
        t.replacen("equals = \"", "equals = \"castle-", 1).replacen(
            "kind = \"money\"",
            "kind = \"currency\"",
            1,
        )
    });
    let message = start_error(dir.path()).await;
    assert!(message.contains("housing-assistance.toml"), "{message}");
    assert!(message.contains("currency"), "{message}");

    let dir = broken_catalogue("forms/housing-assistance.toml", |t| {
        t.replacen("equals = \"", "equals = \"castle-", 1)
    });
    let message = start_error(dir.path()).await;
    assert!(message.contains("not one of its values"), "{message}");
}

#[tokio::test]
async fn a_service_without_a_request_form_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("data"), dir.path());
    std::fs::remove_file(dir.path().join("forms/foster-care.toml")).unwrap();
    let message = start_error(dir.path()).await;
    assert!(message.contains("foster-care"), "{message}");
    assert!(message.contains("has no request form"), "{message}");
}
