//! Drafts of requests over HTTP: each service's form as the adapter serves it, saving answers
//! (checked by the form's rules, all or none, ordered by `seq`), progress, ownership, deletion.

use qyzmet_domain::{
    Role,
    form::{FieldKind, FormDefinition},
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Browser, spawn_app};

const SERVICES: [&str; 4] = [
    "housing-assistance",
    "housing-waiting-list",
    "foster-care",
    "adoption-registration",
];

async fn create(browser: &Browser, service: &str) -> Value {
    let reply = browser
        .post("/api/applications", &json!({ "service": service }))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json
}

async fn save(browser: &Browser, id: &str, answers: Value, seq: u64) -> crate::support::Reply {
    browser
        .call(
            Method::PATCH,
            &format!("/api/applications/{id}"),
            Some(&json!({ "answers": answers, "seq": seq })),
        )
        .await
}

/// A good answer to every question of `form` (each field's `good_value`).
pub(crate) fn good_answers(
    form: &qyzmet_domain::FormDefinition,
) -> serde_json::Map<String, serde_json::Value> {
    form.pages
        .iter()
        .flat_map(|page| &page.fields)
        .map(|field| {
            let options: Vec<String> = field.options.iter().map(|o| o.id.clone()).collect();
            (
                field.id.clone(),
                serde_json::Value::String(good_value(field.kind, &options)),
            )
        })
        .collect()
}

/// A value each kind of field accepts, as a person in Kazakhstan would type it.
pub(crate) fn good_value(kind: FieldKind, options: &[String]) -> String {
    match kind {
        FieldKind::Text | FieldKind::Textarea => "Атырау".into(),
        FieldKind::Number => "2".into(),
        FieldKind::Money => "15 000,50".into(),
        FieldKind::Date => "01.02.2020".into(),
        FieldKind::Choice => options[0].clone(),
        FieldKind::YesNo => "no".into(),
        FieldKind::Iin => "850714300127".into(),
        FieldKind::Phone => "8 701 234 56 78".into(),
        FieldKind::Group => "1".into(),
    }
}

/// A value each kind of field refuses, and the rule it breaks.
fn bad_value(kind: FieldKind) -> (String, &'static str) {
    match kind {
        FieldKind::Text => ("я".repeat(5000), "too_long"),
        FieldKind::Textarea => ("я".repeat(50_000), "too_long"),
        FieldKind::Number | FieldKind::Money => ("он екі".into(), "not_a_number"),
        FieldKind::Date => ("31.02.2020".into(), "not_a_date"),
        FieldKind::Choice | FieldKind::YesNo => ("castle".into(), "not_a_choice"),
        FieldKind::Iin => ("850714300128".into(), "check_digit"),
        FieldKind::Phone => ("12345".into(), "not_a_phone"),
        FieldKind::Group => ("many".into(), "not_a_number"),
    }
}

#[tokio::test]
async fn every_services_form_takes_good_answers_and_refuses_bad_ones_naming_the_rule() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    for service in SERVICES {
        let form: FormDefinition = app
            .get(&format!("/api/services/{service}/form"))
            .await
            .json()
            .await
            .unwrap();
        assert!(form.pages.len() >= 3, "{service}: common pages and its own");
        assert_eq!(form.pages[0].id, "applicant", "{service}");
        let draft = create(&citizen, service).await;
        let id = draft["id"].as_str().unwrap();
        assert_eq!(draft["status"], "draft");
        assert_eq!(draft["answers"], json!({}));

        let mut seq = 0;
        for page in &form.pages {
            for field in &page.fields {
                let options: Vec<String> = field.options.iter().map(|o| o.id.clone()).collect();
                seq += 1;
                let good = good_value(field.kind, &options);
                let reply =
                    save(&citizen, id, json!({ field.id.clone(): good.clone() }), seq).await;
                assert_eq!(reply.status, 200, "{service}.{}: {}", field.id, reply.text);
                assert_eq!(
                    reply.json["answers"][&field.id],
                    good.as_str(),
                    "kept as typed"
                );

                let (bad, rule) = bad_value(field.kind);
                seq += 1;
                let reply = save(&citizen, id, json!({ field.id.clone(): bad }), seq).await;
                assert_eq!(reply.status, 422, "{service}.{}: {}", field.id, reply.text);
                assert_eq!(reply.code(), Some("invalid_input"));
                assert_eq!(
                    reply.problems(),
                    [(field.id.clone(), rule.to_owned())],
                    "{service}.{}",
                    field.id
                );
            }
        }
        // The refused saves changed nothing.
        let reply = citizen.get(&format!("/api/applications/{id}")).await;
        for page in &form.pages {
            for field in &page.fields {
                let options: Vec<String> = field.options.iter().map(|o| o.id.clone()).collect();
                assert_eq!(
                    reply.json["answers"][&field.id],
                    good_value(field.kind, &options).as_str()
                );
            }
        }
    }
}

#[tokio::test]
async fn a_save_is_all_or_nothing_and_unknown_questions_are_refused() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = create(&citizen, "housing-assistance").await;
    let id = draft["id"].as_str().unwrap();
    let reply = save(
        &citizen,
        id,
        json!({ "contact_phone": "8 701 234 56 78", "no_such_question": "x" }),
        1,
    )
    .await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.problems(),
        [("no_such_question".to_owned(), "not_a_field".to_owned())]
    );
    let reply = citizen.get(&format!("/api/applications/{id}")).await;
    assert_eq!(reply.json["answers"], json!({}), "nothing was saved");
    // An empty answer is allowed in a draft (the person cleared the field).
    let reply = save(&citizen, id, json!({ "contact_phone": "" }), 2).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn a_late_save_never_overwrites_a_newer_one_and_a_repeat_changes_nothing() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = create(&citizen, "housing-assistance").await;
    let id = draft["id"].as_str().unwrap();
    let newer = save(
        &citizen,
        id,
        json!({ "contact_phone": "+7 701 000 00 02" }),
        2,
    )
    .await;
    assert_eq!(newer.status, 200, "{}", newer.text);
    // The save typed before it arrives after it (a dropped connection, retried).
    let late = save(
        &citizen,
        id,
        json!({ "contact_phone": "+7 701 000 00 01" }),
        1,
    )
    .await;
    assert_eq!(late.status, 200);
    assert_eq!(late.json["answers"]["contact_phone"], "+7 701 000 00 02");
    // The same save twice: the same result.
    let again = save(
        &citizen,
        id,
        json!({ "contact_phone": "+7 701 000 00 02" }),
        2,
    )
    .await;
    assert_eq!(again.json["answers"], newer.json["answers"]);
    let next = save(
        &citizen,
        id,
        json!({ "contact_phone": "+7 701 000 00 03" }),
        3,
    )
    .await;
    assert_eq!(next.json["answers"]["contact_phone"], "+7 701 000 00 03");
}

#[tokio::test]
async fn conditions_and_progress_follow_the_answers() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = create(&citizen, "housing-assistance").await;
    let id = draft["id"].as_str().unwrap();
    let total = draft["progress"]["total"].as_u64().unwrap();
    assert_eq!(draft["progress"]["done"], 0);
    // Saying a representative applies adds nothing to the count of pages, but makes that page
    // incomplete until the power of attorney is given.
    let reply = save(
        &citizen,
        id,
        json!({ "contact_phone": "+7 701 234 56 78", "lives_at_registered_address": "yes", "has_representative": "no" }),
        1,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["progress"]["done"], 2, "{}", reply.text);
    let reply = save(&citizen, id, json!({ "has_representative": "yes" }), 2).await;
    assert_eq!(reply.json["progress"]["done"], 1);
    assert_eq!(reply.json["progress"]["total"].as_u64(), Some(total));
}

#[tokio::test]
async fn drafts_are_their_applicants_only() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let other = app.browser();
    let reply = other
        .register("960914400450", "long enough", "+7 701 234 56 78")
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let draft = create(&citizen, "foster-care").await;
    let id = draft["id"].as_str().unwrap();
    let path = format!("/api/applications/{id}");

    assert_eq!(other.get(&path).await.code(), Some("forbidden"));
    assert_eq!(
        save(
            &other,
            id,
            json!({ "contact_phone": "+7 701 234 56 78" }),
            9
        )
        .await
        .code(),
        Some("forbidden")
    );
    assert_eq!(other.delete(&path).await.code(), Some("forbidden"));
    assert_eq!(
        other.get("/api/applications").await.json["applications"],
        json!([])
    );
    // Staff roles are refused the citizen's routes altogether.
    let operator = app.signed_in(Role::Operator).await;
    assert_eq!(operator.get(&path).await.status, 403);

    // The applicant lists, then deletes it.
    let list = citizen.get("/api/applications").await.json;
    assert_eq!(list["applications"][0]["id"], id);
    assert_eq!(list["applications"][0]["service"], "foster-care");
    assert_eq!(citizen.delete(&path).await.status, 204);
    assert_eq!(citizen.get(&path).await.status, 404);
    assert_eq!(
        citizen.get("/api/applications").await.json["applications"],
        json!([])
    );
}

#[tokio::test]
async fn bad_requests_get_json_errors_never_a_server_error() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let reply = citizen
        .post(
            "/api/applications",
            &json!({ "service": "no-such-service" }),
        )
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.problems(),
        [("service".to_owned(), "not_a_choice".to_owned())]
    );
    let draft = create(&citizen, "adoption-registration").await;
    let id = draft["id"].as_str().unwrap();
    for body in [
        json!({ "answers": { "contact_phone": 5 }, "seq": 1 }),
        json!({ "answers": {}, "seq": -1 }),
        json!({ "answers": {} }),
        json!([]),
    ] {
        let reply = citizen
            .call(
                Method::PATCH,
                &format!("/api/applications/{id}"),
                Some(&body),
            )
            .await;
        assert!(matches!(reply.status, 400 | 422), "{body}: {}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"));
    }
    let reply = save(&citizen, id, json!({}), 1u64 << 60).await;
    assert_eq!(
        reply.problems(),
        [("seq".to_owned(), "too_large".to_owned())]
    );
    let many: serde_json::Map<String, Value> =
        (0..300).map(|i| (format!("q{i}"), json!("x"))).collect();
    let reply = save(&citizen, id, Value::Object(many), 2).await;
    assert_eq!(reply.status, 422);
    assert_eq!(citizen.get("/api/applications/%00").await.status, 404);
}
