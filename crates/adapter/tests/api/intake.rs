//! A service centre's intake over HTTP (issue 9): the operator looks the applicant up, checks
//! a representative's power of attorney in the notary registry, ticks the documents brought on
//! paper, signs with the operator's own certificate; an incomplete package gets a receipt
//! refusing intake; the result is handed out only at the branch that accepted the request,
//! and passed to the provider after a month; the branch's day; the kiosk's short session.

use qyzmet_domain::{FormDefinition, Role};
use serde_json::{Value, json};

use crate::{
    applications::good_answers,
    decode::decodes_as_serde,
    submissions::{attach, canonical, key_file, sign, submit},
    support::{Browser, TestApp, demo_iin, demo_password, repo_root, spawn_app_with},
};

const SERVICE: &str = "housing-assistance";
/// In the persons database, with no account: the applicant an operator applies for.
const APPLICANT: &str = "830228300895";
/// Holds APPLICANT's notarised power of attorney (data/demo/notaries.toml).
const REPRESENTATIVE: &str = "960914400450";
const POA: &str = "ATR-2026-000731";
const POA_DATE: &str = "10.03.2026";
/// An operator of another branch (Zhylyoi), made by `with_second_operator`.
const OTHER_OPERATOR: &str = "991345000113";

async fn spawn() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(repo_root().join("data/demo/accounts.toml")).unwrap();
    text.push_str(&format!(
        "\n[[account]]\niin = \"{OTHER_OPERATOR}\"\nrole = \"operator\"\nphone = \"+77010000000\"\nbranch = \"zhylyoi\"\n"
    ));
    let file = dir.path().join("accounts.toml");
    std::fs::write(&file, text).unwrap();
    (spawn_app_with(|c| c.demo_accounts_file = file).await, dir)
}

async fn signed_in_as(app: &TestApp, iin: &str) -> Browser {
    let browser = app.browser();
    let reply = browser.sign_in(iin, &demo_password()).await;
    assert_eq!(reply.status, 200, "{iin} signs in: {}", reply.text);
    browser
}

fn on_behalf(number: &str, date: &str, representative: &str) -> Value {
    json!({
        "service": SERVICE,
        "on_behalf": {
            "applicant": APPLICANT,
            "representative": {
                "iin": representative, "notarised": true, "number": number, "date": date,
            },
        },
    })
}

/// The service's documents asked at a service centre that are required whatever the
/// answers.
async fn required_documents(app: &TestApp) -> Vec<String> {
    let page = app.browser().get(&format!("/api/services/{SERVICE}")).await;
    page.json["service"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["required"] == true)
        .filter(|d| {
            d["channels"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "service-centre")
        })
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect()
}

/// An operator's draft for APPLICANT with REPRESENTATIVE, every other question answered.
async fn started(app: &TestApp, operator: &Browser) -> String {
    let reply = operator
        .post(
            "/api/applications",
            &on_behalf(POA, POA_DATE, REPRESENTATIVE),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let id = reply.json["id"].as_str().unwrap().to_owned();
    let form: FormDefinition = app
        .get(&format!("/api/services/{SERVICE}/form"))
        .await
        .json()
        .await
        .unwrap();
    let mut answers = good_answers(&form);
    // The representative's page came from the intake's first page.
    for key in reply.json["answers"].as_object().unwrap().keys() {
        answers.remove(key);
    }
    answers.remove("representative_phone");
    answers.insert("representative_phone".into(), json!("+7 702 555 11 22"));
    let saved = operator
        .call(
            reqwest::Method::PATCH,
            &format!("/api/applications/{id}"),
            Some(&json!({ "answers": answers, "seq": 1 })),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    id
}

async fn tick(operator: &Browser, id: &str, documents: &[String]) -> crate::support::Reply {
    operator
        .call(
            reqwest::Method::PUT,
            &format!("/api/applications/{id}/paper"),
            Some(&json!({ "documents": documents })),
        )
        .await
}

/// A complete operator's request, signed with the operator's key and submitted: its receipt.
async fn accepted(app: &TestApp, operator: &Browser) -> (String, Value) {
    let id = started(app, operator).await;
    let required = required_documents(app).await;
    for document in &required {
        attach(operator, &id, document).await;
    }
    assert_eq!(tick(operator, &id, &required).await.status, 200);
    let p12 = key_file(operator).await;
    let reply = submit(operator, &id, &sign(&p12, &canonical(operator, &id).await)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    (id, reply.json)
}

#[tokio::test]
async fn the_operator_looks_the_applicant_up_and_checks_the_power_of_attorney() {
    let (app, _dir) = spawn().await;
    let operator = app.signed_in(Role::Operator).await;

    let found = operator.get(&format!("/api/persons/{APPLICANT}")).await;
    assert_eq!(found.status, 200, "{}", found.text);
    assert_eq!(found.json["surname"], "Омаров");
    for (iin, problem) in [
        ("900101300126", "not_in_persons_database"),
        ("83022830089", "wrong_length"),
    ] {
        let reply = operator.get(&format!("/api/persons/{iin}")).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert_eq!(reply.problems(), [("iin".to_owned(), problem.to_owned())]);
    }
    let citizen = app.signed_in(Role::Citizen).await;
    assert_eq!(
        citizen
            .get(&format!("/api/persons/{APPLICANT}"))
            .await
            .status,
        403
    );

    // Each mismatch with the registry, at its field; nothing is made.
    for (body, field, problem) in [
        (
            on_behalf("ATR-2099-1", POA_DATE, REPRESENTATIVE),
            "poa_number",
            "poa_unknown",
        ),
        (
            on_behalf(POA, "11.03.2026", REPRESENTATIVE),
            "poa_date",
            "poa_other_date",
        ),
        (
            on_behalf("ATR-2023-004112", "16.01.2023", REPRESENTATIVE),
            "poa_number",
            "poa_expired",
        ),
        (
            on_behalf("ATR-2025-010204", "03.11.2025", "870917300104"),
            "poa_number",
            "poa_other_principal",
        ),
        (
            on_behalf(POA, POA_DATE, "940808400123"),
            "representative_iin",
            "poa_other_representative",
        ),
        (
            on_behalf(POA, POA_DATE, APPLICANT),
            "representative_iin",
            "same_as_applicant",
        ),
        (
            on_behalf(POA, POA_DATE, "900101300126"),
            "representative_iin",
            "not_in_persons_database",
        ),
    ] {
        let reply = operator.post("/api/applications", &body).await;
        assert_eq!(reply.status, 422, "{body}: {}", reply.text);
        assert_eq!(
            reply.problems(),
            [(field.to_owned(), problem.to_owned())],
            "{body}"
        );
    }
    let unknown = operator
        .post(
            "/api/applications",
            &json!({ "service": SERVICE, "on_behalf": { "applicant": "900101300126" } }),
        )
        .await;
    assert_eq!(
        unknown.problems(),
        [("applicant".to_owned(), "not_in_persons_database".to_owned())]
    );
    let no_one = operator
        .post("/api/applications", &json!({ "service": SERVICE }))
        .await;
    assert_eq!(
        no_one.problems(),
        [("applicant".to_owned(), "empty".to_owned())]
    );
    // A citizen applies for themselves only.
    let for_another = citizen
        .post(
            "/api/applications",
            &on_behalf(POA, POA_DATE, REPRESENTATIVE),
        )
        .await;
    assert_eq!(for_another.status, 403, "{}", for_another.text);
    let list = operator.get("/api/applications").await;
    assert_eq!(list.json["applications"].as_array().unwrap().len(), 0);

    // The matching power of attorney: the draft names the applicant, the branch and the
    // operator, and its representative page holds the registry's data.
    let reply = operator
        .post(
            "/api/applications",
            &on_behalf(" atr-2026-000731 ", POA_DATE, REPRESENTATIVE),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let draft = &reply.json;
    assert_eq!(draft["intake"]["applicant"]["iin"], APPLICANT);
    assert_eq!(draft["intake"]["branch"], "atyrau-city-1");
    assert_eq!(draft["intake"]["operator"], "Жұмабаева Әсел Қайратқызы");
    assert_eq!(draft["answers"]["poa_number"], POA);
    assert_eq!(draft["answers"]["poa_notary"], "Жаксыбаева Алия Муратовна");
    assert_eq!(
        draft["answers"]["representative_name"],
        "Ибраева Динара Асқарқызы"
    );
    decodes_as_serde::<qyzmet_domain::Application>(&reply.json);
}

#[tokio::test]
async fn an_operators_request_is_signed_by_the_operator_and_is_the_citizens() {
    let (app, _dir) = spawn().await;
    let operator = app.signed_in(Role::Operator).await;
    let id = started(&app, &operator).await;
    let required = required_documents(&app).await;
    for document in &required {
        attach(&operator, &id, document).await;
    }

    // Scanned but not ticked as seen on paper: not yet.
    let early = operator
        .get(&format!("/api/applications/{id}/signing"))
        .await;
    assert_eq!(early.status, 422, "{}", early.text);
    assert_eq!(
        early.problems(),
        [("paper".to_owned(), "missing_documents".to_owned())]
    );
    let wrong = tick(&operator, &id, &["no-such-document".to_owned()]).await;
    assert_eq!(
        wrong.problems(),
        [("documents".to_owned(), "not_a_choice".to_owned())]
    );
    let ticked = tick(&operator, &id, &required).await;
    assert_eq!(ticked.status, 200, "{}", ticked.text);
    let listed = operator
        .get(&format!("/api/applications/{id}/documents"))
        .await;
    let mut sorted = required.clone();
    sorted.sort();
    assert_eq!(listed.json["paper"], json!(sorted));

    // Signed with the operator's own certificate: the content says where and by whom.
    let p12 = key_file(&operator).await;
    let content = canonical(&operator, &id).await;
    let text = String::from_utf8(content.clone()).unwrap();
    assert!(
        text.contains(&format!("\"applicant_iin\":\"{APPLICANT}\",\"accepted\":{{\"branch\":\"atyrau-city-1\",\"operator_iin\":\"{}\"", demo_iin(Role::Operator))),
        "{text}"
    );
    let reply = submit(&operator, &id, &sign(&p12, &content)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let receipt = &reply.json;
    assert_eq!(receipt["accepted_by"], demo_iin(Role::Operator));
    assert_eq!(receipt["applicant"]["iin"], APPLICANT);
    assert_eq!(receipt["applicant"]["name"], "Омаров Нұржан");
    assert_eq!(receipt["representative"]["iin"], REPRESENTATIVE);
    assert_eq!(receipt["representative"]["phone"], "+7 702 555 11 22");
    assert_eq!(receipt["centre"]["branch"]["id"], "atyrau-city-1");
    assert_eq!(receipt["centre"]["operator"], "Жұмабаева Әсел Қайратқызы");
    decodes_as_serde::<qyzmet_domain::submission::Receipt>(&reply.json);
    let pdf = operator
        .get(&format!("/api/applications/{id}/receipt.pdf?lang=ru"))
        .await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.bytes.starts_with(b"%PDF-"));

    // The applicant registers on the portal and finds it, read-only, with its status; the
    // demo citizen does not.
    let applicant = app.browser();
    let registered = applicant
        .register(APPLICANT, "a long enough secret", "+7 701 234 56 78")
        .await;
    assert_eq!(registered.status, 201, "{}", registered.text);
    let mine = applicant.get("/api/applications").await;
    let list = mine.json["applications"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", mine.text);
    assert_eq!(list[0]["id"], id.as_str());
    let status = applicant
        .get(&format!("/api/applications/{id}/status"))
        .await;
    assert_eq!(status.status, 200, "{}", status.text);
    assert_eq!(status.json["centre"]["branch"]["id"], "atyrau-city-1");
    assert!(status.json["centre"].get("keep_until").is_none());
    let own_receipt = applicant
        .get(&format!("/api/applications/{id}/receipt"))
        .await;
    assert_eq!(own_receipt.status, 200, "{}", own_receipt.text);
    let change = applicant
        .call(
            reqwest::Method::PATCH,
            &format!("/api/applications/{id}"),
            Some(&json!({ "answers": { "contact_phone": "+7 701 000 00 00" }, "seq": 9 })),
        )
        .await;
    assert_eq!(change.status, 409, "{}", change.text);
    let citizen = app.signed_in(Role::Citizen).await;
    for path in ["status", "receipt"] {
        let reply = citizen.get(&format!("/api/applications/{id}/{path}")).await;
        assert_eq!(reply.status, 403, "{path}: {}", reply.text);
    }
    // Another operator cannot touch it.
    let other = signed_in_as(&app, OTHER_OPERATOR).await;
    let reply = other.get(&format!("/api/applications/{id}")).await;
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn an_incomplete_package_gets_a_receipt_refusing_intake() {
    let (app, _dir) = spawn().await;
    let operator = app.signed_in(Role::Operator).await;
    let id = started(&app, &operator).await;
    let required = required_documents(&app).await;
    assert!(required.len() >= 2, "{required:?}");
    // One of the required documents was brought.
    assert_eq!(tick(&operator, &id, &required[..1]).await.status, 200);
    attach(&operator, &id, &required[0]).await;

    let reply = operator
        .post(
            &format!("/api/applications/{id}/intake-refusal"),
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let refusal = &reply.json;
    assert_eq!(refusal["missing"], json!(required[1..]));
    assert_eq!(refusal["applicant"]["iin"], APPLICANT);
    assert_eq!(refusal["representative"]["iin"], REPRESENTATIVE);
    assert_eq!(refusal["centre"]["branch"]["id"], "atyrau-city-1");
    assert!(refusal["number"].as_str().unwrap().ends_with("-000001"));
    decodes_as_serde::<qyzmet_domain::intake::IntakeRefusal>(&reply.json);
    let refusal_id = refusal["id"].as_str().unwrap();

    // The draft and its scans are gone; the receipt stays, for this branch.
    let gone = operator.get(&format!("/api/applications/{id}")).await;
    assert_eq!(gone.status, 404, "{}", gone.text);
    let again = operator
        .get(&format!("/api/intake-refusals/{refusal_id}"))
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json, reply.json);
    for lang in ["kk", "ru"] {
        let pdf = operator
            .get(&format!(
                "/api/intake-refusals/{refusal_id}/receipt.pdf?lang={lang}"
            ))
            .await;
        assert_eq!(pdf.status, 200, "{}", pdf.text);
        assert!(pdf.bytes.starts_with(b"%PDF-"));
    }
    let other = signed_in_as(&app, OTHER_OPERATOR).await;
    let reply = other
        .get(&format!("/api/intake-refusals/{refusal_id}"))
        .await;
    assert_eq!(reply.status, 403);

    // A complete package is not refused.
    let id = started(&app, &operator).await;
    assert_eq!(tick(&operator, &id, &required).await.status, 200);
    let reply = operator
        .post(
            &format!("/api/applications/{id}/intake-refusal"),
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(
        reply.problems(),
        [("paper".to_owned(), "nothing_missing".to_owned())]
    );
    let day = operator.get("/api/centre/day").await;
    assert_eq!(day.json["refused"], 1, "{}", day.text);
    assert_eq!(day.json["accepted"], 0);
}

/// Takes a request through the provider's steps to `issued`, granted.
async fn issue(app: &TestApp, id: &str) {
    let office = app.signed_in(Role::ProviderOffice).await;
    let head = app.signed_in(Role::ProviderHead).await;
    let executor = app.signed_in(Role::ProviderExecutor).await;
    for (staff, body) in [
        (&office, json!({ "action": "register" })),
        (
            &head,
            json!({ "action": "assign", "executor": demo_iin(Role::ProviderExecutor) }),
        ),
        (
            &executor,
            json!({ "action": "prepare", "outcome": "granted" }),
        ),
        (&head, json!({ "action": "sign" })),
        (&office, json!({ "action": "issue" })),
    ] {
        let reply = staff
            .post(&format!("/api/workbench/{id}/actions"), &body)
            .await;
        assert_eq!(reply.status, 200, "{body}: {}", reply.text);
    }
}

async fn hand_over(operator: &Browser, id: &str, kind: &str) -> crate::support::Reply {
    operator
        .post(
            &format!("/api/centre/results/{id}/handover"),
            &json!({ "kind": kind }),
        )
        .await
}

#[tokio::test]
async fn a_result_is_handed_out_at_its_branch_only_and_passed_on_after_a_month() {
    let (app, _dir) = spawn().await;
    let operator = app.signed_in(Role::Operator).await;
    let (id, receipt) = accepted(&app, &operator).await;
    let (second, _) = accepted(&app, &operator).await;
    let number = receipt["number"].as_str().unwrap();

    // Found by number or by IIN; not ready before the provider issues it.
    let found = operator
        .get(&format!("/api/centre/results?q={number}"))
        .await;
    assert_eq!(found.status, 200, "{}", found.text);
    let results = found.json["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["state"], "submitted");
    assert_eq!(results[0]["branch"], "atyrau-city-1");
    decodes_as_serde::<qyzmet_domain::intake::CentreResults>(&found.json);
    let by_iin = operator
        .get(&format!("/api/centre/results?q={APPLICANT}"))
        .await;
    assert_eq!(by_iin.json["results"].as_array().unwrap().len(), 2);
    for (q, problem) in [("", "empty"), ("hello", "not_a_choice")] {
        let reply = operator.get(&format!("/api/centre/results?q={q}")).await;
        assert_eq!(reply.status, 422);
        assert_eq!(reply.problems(), [("q".to_owned(), problem.to_owned())]);
    }
    let early = hand_over(&operator, &id, "handed_out").await;
    assert_eq!(early.status, 409, "{}", early.text);
    assert_eq!(
        early.problems(),
        [("kind".to_owned(), "not_ready".to_owned())]
    );

    issue(&app, &id).await;
    issue(&app, &second).await;
    let ready = operator
        .get(&format!("/api/centre/results?q={number}"))
        .await;
    let result = &ready.json["results"][0];
    assert_eq!(result["state"], "issued");
    assert_eq!(result["outcome"], "granted");
    assert!(result["keep_until"].as_str().is_some());

    // Printed at hand-out: the result, to the branch's operators only.
    let pdf = operator
        .get(&format!("/api/applications/{id}/result.pdf?lang=ru"))
        .await;
    assert_eq!(pdf.status, 200, "{}", pdf.text);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    // Another branch's operator: refused, with the reason.
    let other = signed_in_as(&app, OTHER_OPERATOR).await;
    let pdf = other
        .get(&format!("/api/applications/{id}/result.pdf"))
        .await;
    assert_eq!(pdf.status, 403, "{}", pdf.text);
    let reply = hand_over(&other, &id, "handed_out").await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(
        reply.problems(),
        [("branch".to_owned(), "another_branch".to_owned())]
    );
    // Not passed to the provider within its month.
    let reply = hand_over(&operator, &id, "passed_to_provider").await;
    assert_eq!(
        reply.problems(),
        [("kind".to_owned(), "still_kept".to_owned())]
    );
    // Two operators of the branch at once: one hand-out.
    let colleague = app.signed_in(Role::Operator).await;
    let (a, b) = tokio::join!(
        hand_over(&operator, &id, "handed_out"),
        hand_over(&colleague, &id, "handed_out")
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let done = if a.status == 200 { a } else { b };
    assert_eq!(done.json["handover"]["kind"], "handed_out");
    assert_eq!(done.json["handover"]["by"], "Жұмабаева Әсел Қайратқызы");

    // The applicant's status says so.
    let applicant = app.browser();
    applicant
        .register(APPLICANT, "a long enough secret", "+7 701 234 56 78")
        .await;
    let status = applicant
        .get(&format!("/api/applications/{id}/status"))
        .await;
    assert_eq!(status.json["centre"]["handover"]["kind"], "handed_out");
    decodes_as_serde::<qyzmet_domain::tracking::RequestStatus>(&status.json);

    // A month and more later, the second is listed as uncollected and passed on.
    assert_eq!(
        operator.get("/api/centre/uncollected").await.json["results"],
        json!([])
    );
    let db = writable(&app).await;
    sqlx::query("UPDATE results SET issued_at = issued_at - 40 * 86400 WHERE application_id = ?")
        .bind(&second)
        .execute(&db)
        .await
        .unwrap();
    let uncollected = operator.get("/api/centre/uncollected").await;
    let list = uncollected.json["results"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", uncollected.text);
    assert_eq!(list[0]["application"], second.as_str());
    assert!(
        other.get("/api/centre/uncollected").await.json["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let passed = hand_over(&operator, &second, "passed_to_provider").await;
    assert_eq!(passed.status, 200, "{}", passed.text);
    assert_eq!(
        operator.get("/api/centre/uncollected").await.json["results"],
        json!([])
    );

    // The branch's day.
    let day = operator.get("/api/centre/day").await;
    assert_eq!(day.status, 200, "{}", day.text);
    assert_eq!(day.json["accepted"], 2);
    assert_eq!(day.json["handed_out"], 1);
    assert_eq!(day.json["passed_to_provider"], 1);
    assert_eq!(day.json["median_minutes"], 0);
    decodes_as_serde::<qyzmet_domain::intake::CentreDay>(&day.json);
    let elsewhere = other.get("/api/centre/day").await;
    assert_eq!(elsewhere.json["accepted"], 0);
}

/// The test's own read-write connection to the server's database (to move time).
async fn writable(app: &TestApp) -> sqlx::SqlitePool {
    let options =
        sqlx::sqlite::SqliteConnectOptions::new().filename(app.data_dir.path().join("qyzmet.db"));
    sqlx::SqlitePool::connect_with(options).await.unwrap()
}

#[tokio::test]
async fn an_operators_session_is_the_kiosks_short_one_and_names_the_branch() {
    let (app, _dir) = spawn().await;
    let operator = app.signed_in(Role::Operator).await;
    let session = operator.get("/api/session").await;
    assert_eq!(session.json["branch"]["id"], "atyrau-city-1");
    assert_eq!(
        session.json["branch"]["name"]["ru"],
        "№ 1 городской отдел филиала РГП ЦОН"
    );
    assert!(session.json["expires_in"].as_u64().unwrap() <= 300);
    assert_eq!(session.json["warn_before"], 60);
    let citizen = app.signed_in(Role::Citizen).await;
    let session = citizen.get("/api/session").await;
    assert!(session.json["expires_in"].as_u64().unwrap() > 300);
    assert!(session.json.get("branch").is_none());
    let branches = app.browser().get("/api/branches").await;
    assert_eq!(branches.json.as_array().unwrap().len(), 10);
}
