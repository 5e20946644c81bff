//! The provider's workbench and a request's status over HTTP (issue 8): every step by its
//! role and in its order, the status page and its live changes, the signed result, staff of
//! one provider never seeing another's requests, one executor at a time, and waiting-list
//! numbers with no gap or repeat under simultaneous signing.

use std::time::Duration;

use futures_util::future::join_all;
use qyzmet_domain::Role;
use serde_json::{Value, json};

use qyzmet_domain::tracking::{CaseFile, RequestStatus, SignedResult, WorkbenchPage};

use crate::{
    decode::decodes_as_serde,
    submissions::{KEY_PASSWORD, canonical, complete_draft_of, key_file, sign, submit, unb64},
    support::{Browser, TestApp, demo_iin, demo_password, repo_root, spawn_app, spawn_app_with},
};

const WAITING_LIST: &str = "housing-waiting-list";

/// Persons of the demo database made staff by `staff_accounts`.
const OTHER_EXECUTOR: &str = "960914400450";
const ZHYLYOI_OFFICE: &str = "010410600674";
const EAST_OFFICE: &str = "830228300895";
const EAST_HEAD: &str = "940808400123";
const EAST_EXECUTOR: &str = "870917300104";

/// The demo accounts, plus a second executor of Atyrau city, an office of another Atyrau
/// provider (Zhylyoi), and the staff of East Kazakhstan's waiting list.
fn staff_accounts(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(repo_root().join("data/demo/accounts.toml")).unwrap();
    for (iin, role, provider) in [
        (
            OTHER_EXECUTOR,
            "provider_executor",
            "atyrau-city-employment",
        ),
        (
            ZHYLYOI_OFFICE,
            "provider_office",
            "atyrau-zhylyoi-employment",
        ),
        (EAST_OFFICE, "provider_office", "east-kazakhstan-housing"),
        (EAST_HEAD, "provider_head", "east-kazakhstan-housing"),
        (
            EAST_EXECUTOR,
            "provider_executor",
            "east-kazakhstan-housing",
        ),
    ] {
        text.push_str(&format!(
            "\n[[account]]\niin = \"{iin}\"\nrole = \"{role}\"\nphone = \"+77010000000\"\nprovider = \"{provider}\"\n"
        ));
    }
    let path = dir.join("accounts.toml");
    std::fs::write(&path, text).unwrap();
    path
}

async fn spawn_with_staff() -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = staff_accounts(dir.path());
    (spawn_app_with(|c| c.demo_accounts_file = file).await, dir)
}

async fn signed_in_as(app: &TestApp, iin: &str) -> Browser {
    let browser = app.browser();
    let reply = browser.sign_in(iin, &demo_password()).await;
    assert_eq!(reply.status, 200, "{iin} signs in: {}", reply.text);
    browser
}

/// `count` requests of `service` submitted by the demo citizen: their ids.
async fn submit_requests(
    app: &TestApp,
    citizen: &Browser,
    service: &str,
    count: usize,
) -> Vec<String> {
    let p12 = key_file(citizen).await;
    let mut ids = Vec::new();
    for _ in 0..count {
        let id = complete_draft_of(app, citizen, service).await;
        let reply = submit(citizen, &id, &sign(&p12, &canonical(citizen, &id).await)).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        ids.push(id);
    }
    ids
}

async fn act(staff: &Browser, id: &str, body: Value) -> crate::support::Reply {
    staff
        .post(&format!("/api/workbench/{id}/actions"), &body)
        .await
}

async fn step(staff: &Browser, id: &str, body: Value, state: &str) {
    let reply = act(staff, id, body.clone()).await;
    assert_eq!(reply.status, 200, "{body}: {}", reply.text);
    assert_eq!(reply.json["status"]["state"], state, "{body}");
}

#[tokio::test]
async fn a_request_goes_through_every_step_and_its_applicant_watches_it_live() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let id = submit_requests(&app, &citizen, "housing-assistance", 1)
        .await
        .remove(0);
    let office = app.signed_in(Role::ProviderOffice).await;
    let head = app.signed_in(Role::ProviderHead).await;
    let executor = app.signed_in(Role::ProviderExecutor).await;

    // The status page: Atyrau's regulation (001), its stages for a portal request, none done
    // but intake, the first provider stage current, each with its due moment.
    let status = citizen.get(&format!("/api/applications/{id}/status")).await;
    assert_eq!(status.status, 200, "{}", status.text);
    let s = &status.json;
    assert_eq!(s["state"], "submitted");
    assert_eq!(s["act"], "001");
    assert_eq!(s["provider"]["id"], "atyrau-city-employment");
    assert!(s["result_due"].as_str().unwrap().ends_with("+05:00"));
    let stages = s["stages"].as_array().unwrap();
    assert!(stages.len() >= 5, "{stages:?}");
    let current: Vec<&Value> = stages.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["step"], "register");
    assert!(stages.iter().all(|s| s["due"].as_str().is_some()));
    assert_eq!(s["unread"], 0);
    assert!(s.get("result").is_none());

    // Live: the change stream says when the request moves.
    let mut stream = citizen
        .request(
            reqwest::Method::GET,
            &format!("/api/applications/{id}/changes"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert!(
        stream.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );

    // The workbench lists it for each role of the provider.
    for staff in [&office, &head, &executor] {
        let page = staff.get("/api/workbench").await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert_eq!(page.json["provider"]["id"], "atyrau-city-employment");
        assert!(
            page.json["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["application"] == id.as_str())
        );
    }

    // Out of order and by the wrong role: refused, nothing changes.
    let early = act(&head, &id, json!({ "action": "sign" })).await;
    assert_eq!(early.status, 409, "{}", early.text);
    assert_eq!(
        early.problems(),
        [("action".to_owned(), "out_of_order".to_owned())]
    );
    let wrong = act(&executor, &id, json!({ "action": "register" })).await;
    assert_eq!(wrong.status, 403, "{}", wrong.text);

    step(&office, &id, json!({ "action": "register" }), "registered").await;
    let chunk = tokio::time::timeout(Duration::from_secs(5), stream.chunk())
        .await
        .expect("a change arrives live")
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&chunk);
    assert!(
        text.contains("event: change") && text.contains(&id),
        "{text}"
    );

    let unknown = act(
        &head,
        &id,
        json!({ "action": "assign", "executor": "850714300127" }),
    )
    .await;
    assert_eq!(unknown.status, 422, "{}", unknown.text);
    assert_eq!(
        unknown.problems(),
        [("executor".to_owned(), "not_a_choice".to_owned())]
    );
    step(
        &head,
        &id,
        json!({ "action": "assign", "executor": demo_iin(Role::ProviderExecutor) }),
        "assigned",
    )
    .await;

    // The executor sees the answers and the scans, and may download them.
    let case = executor.get(&format!("/api/workbench/{id}")).await;
    assert_eq!(case.status, 200, "{}", case.text);
    assert!(!case.json["answers"].as_array().unwrap().is_empty());
    let document = case.json["documents"][0]["id"].as_str().unwrap().to_owned();
    let file = executor
        .get(&format!("/api/workbench/{id}/documents/{document}"))
        .await;
    assert_eq!(file.status, 200);
    assert!(
        file.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(file.headers["x-content-type-options"], "nosniff");

    let no_outcome = act(&executor, &id, json!({ "action": "prepare" })).await;
    assert_eq!(
        no_outcome.problems(),
        [("outcome".to_owned(), "empty".to_owned())]
    );
    step(
        &executor,
        &id,
        json!({ "action": "prepare", "outcome": "granted", "comment": "Барлық құжаттар бар." }),
        "prepared",
    )
    .await;
    // Not issued yet: the applicant does not see the result.
    let status = citizen.get(&format!("/api/applications/{id}/status")).await;
    assert!(status.json.get("result").is_none());
    assert_eq!(status.json["unread"], 3, "three steps since last opened");
    let again = citizen.get(&format!("/api/applications/{id}/status")).await;
    assert_eq!(again.json["unread"], 0, "opening the page marks them seen");
    let none = citizen.get(&format!("/api/applications/{id}/result")).await;
    assert_eq!(none.status, 404);
    let no_pdf = citizen
        .get(&format!("/api/applications/{id}/result.pdf"))
        .await;
    assert_eq!(no_pdf.status, 404);

    step(&head, &id, json!({ "action": "sign" }), "signed").await;
    step(&office, &id, json!({ "action": "issue" }), "issued").await;
    let twice = act(&office, &id, json!({ "action": "issue" })).await;
    assert_eq!(twice.status, 409);

    let status = citizen.get(&format!("/api/applications/{id}/status")).await;
    let s = &status.json;
    assert_eq!(s["state"], "issued");
    assert_eq!(s["result"]["outcome"], "granted");
    assert!(s["result"]["signed_at"].is_string() && s["result"]["issued_at"].is_string());
    assert!(
        s["stages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["done_at"].is_string())
    );
    let roles: Vec<&str> = s["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            "provider_office",
            "provider_head",
            "provider_executor",
            "provider_head",
            "provider_office"
        ]
    );
    assert!(s["events"][0]["by"].as_str().unwrap().contains("Ермеков"));

    // The app reads each answer with the domain's decoders: they agree with serde.
    decodes_as_serde::<RequestStatus>(s);
    decodes_as_serde::<CaseFile>(&executor.get(&format!("/api/workbench/{id}")).await.json);
    decodes_as_serde::<WorkbenchPage>(&office.get("/api/workbench?state=issued").await.json);

    // The signed result verifies, and names the request and the decision.
    let result = citizen.get(&format!("/api/applications/{id}/result")).await;
    decodes_as_serde::<SignedResult>(&result.json);
    assert_eq!(result.status, 200, "{}", result.text);
    assert_eq!(result.json["valid"], true, "{}", result.text);
    let content: Value =
        serde_json::from_slice(&unb64(result.json["content"].as_str().unwrap())).unwrap();
    assert_eq!(content["application"], id.as_str());
    assert_eq!(content["outcome"], "granted");
    assert_eq!(content["provider"], "atyrau-city-employment");
    let verified = qyzmet_signing::verify_detached(
        &unb64(result.json["signature"].as_str().unwrap()),
        &unb64(result.json["content"].as_str().unwrap()),
    )
    .expect("the CMS signature verifies over the content");
    assert!(!verified.signer_certificate.is_empty());

    // The audit trail is in the database.
    let db = app.database().await;
    let (events,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM workflow_events WHERE application_id = ?")
            .bind(&id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(events, 5);
    let _ = KEY_PASSWORD;
}

#[tokio::test]
async fn a_refusal_names_its_grounds_and_reaches_the_applicant() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let id = submit_requests(&app, &citizen, "housing-assistance", 1)
        .await
        .remove(0);
    let office = app.signed_in(Role::ProviderOffice).await;
    let head = app.signed_in(Role::ProviderHead).await;
    let executor = app.signed_in(Role::ProviderExecutor).await;
    step(&office, &id, json!({ "action": "register" }), "registered").await;
    step(
        &head,
        &id,
        json!({ "action": "assign", "executor": demo_iin(Role::ProviderExecutor) }),
        "assigned",
    )
    .await;

    let bare = act(
        &executor,
        &id,
        json!({ "action": "prepare", "outcome": "refused" }),
    )
    .await;
    assert_eq!(bare.status, 422);
    assert_eq!(
        bare.problems(),
        [("grounds".to_owned(), "reason_needed".to_owned())]
    );
    let unknown = act(
        &executor,
        &id,
        json!({ "action": "prepare", "outcome": "refused", "grounds": ["no-such-ground"] }),
    )
    .await;
    assert_eq!(
        unknown.problems(),
        [("grounds".to_owned(), "not_a_choice".to_owned())]
    );
    let long = act(
        &executor,
        &id,
        json!({ "action": "prepare", "outcome": "refused", "comment": "ә".repeat(2001) }),
    )
    .await;
    assert_eq!(
        long.problems(),
        [("comment".to_owned(), "too_long".to_owned())]
    );
    let case = executor.get(&format!("/api/workbench/{id}")).await;
    assert!(
        case.json["grounds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == "income-increased")
    );
    step(
        &executor,
        &id,
        json!({ "action": "prepare", "outcome": "refused", "grounds": ["income-increased"], "comment": "Табыс шектен асады." }),
        "prepared",
    )
    .await;
    step(&head, &id, json!({ "action": "sign" }), "signed").await;
    step(&office, &id, json!({ "action": "issue" }), "issued").await;
    let status = citizen.get(&format!("/api/applications/{id}/status")).await;
    let result = &status.json["result"];
    assert_eq!(result["outcome"], "refused");
    assert_eq!(result["grounds"][0]["id"], "income-increased");
    assert_eq!(result["grounds"][0]["text"]["kk"], "табыстың артуы");
    assert_eq!(result["comment"], "Табыс шектен асады.");
    assert!(result.get("queue_number").is_none());
    let signed = citizen.get(&format!("/api/applications/{id}/result")).await;
    assert_eq!(signed.json["valid"], true, "{}", signed.text);

    // The result as a PDF in each language, a download.
    for lang in ["kk", "ru"] {
        let pdf = citizen
            .get(&format!("/api/applications/{id}/result.pdf?lang={lang}"))
            .await;
        assert_eq!(pdf.status, 200, "{}", pdf.text);
        assert_eq!(pdf.headers["content-type"], "application/pdf");
        assert!(
            pdf.headers["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert!(pdf.bytes.starts_with(b"%PDF-"));
    }
    let bad = citizen
        .get(&format!("/api/applications/{id}/result.pdf?lang=en"))
        .await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn staff_see_only_their_own_providers_requests() {
    let (app, _dir) = spawn_with_staff().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let id = submit_requests(&app, &citizen, "housing-assistance", 1)
        .await
        .remove(0);
    let zhylyoi = signed_in_as(&app, ZHYLYOI_OFFICE).await;
    let page = zhylyoi.get("/api/workbench").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.json["provider"]["id"], "atyrau-zhylyoi-employment");
    assert_eq!(page.json["total"], 0);
    for reply in [
        zhylyoi.get(&format!("/api/workbench/{id}")).await,
        act(&zhylyoi, &id, json!({ "action": "register" })).await,
    ] {
        assert_eq!(reply.status, 404, "{}", reply.text);
    }
    // Citizens and operators have no workbench; staff have no citizen's status page.
    let operator = app.signed_in(Role::Operator).await;
    assert_eq!(citizen.get("/api/workbench").await.status, 403);
    assert_eq!(operator.get("/api/workbench").await.status, 403);
    let office = app.signed_in(Role::ProviderOffice).await;
    assert_eq!(
        office
            .get(&format!("/api/applications/{id}/status"))
            .await
            .status,
        403
    );
    // Another citizen never sees this one's status, changes or result.
    let other = app.browser();
    let registered = other
        .register("991345000113", "a-long-password-1", "+77011112233")
        .await;
    assert_eq!(registered.status, 201, "{}", registered.text);
    assert_eq!(
        other
            .sign_in("991345000113", "a-long-password-1")
            .await
            .status,
        200
    );
    for path in ["status", "changes", "result"] {
        let reply = other.get(&format!("/api/applications/{id}/{path}")).await;
        assert_eq!(reply.status, 403, "{path}: {}", reply.text);
    }
    // A bad filter is a clear refusal, never a server error.
    let bad = office.get("/api/workbench?state=nonsense").await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    let bad = office.get("/api/workbench?page=abc").await;
    assert!(bad.status == 400 || bad.status == 422, "{}", bad.text);
}

#[tokio::test]
async fn one_executor_at_a_time_and_only_the_assigned_one_prepares() {
    let (app, _dir) = spawn_with_staff().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let id = submit_requests(&app, &citizen, "housing-assistance", 1)
        .await
        .remove(0);
    let office = app.signed_in(Role::ProviderOffice).await;
    step(&office, &id, json!({ "action": "register" }), "registered").await;

    // Several heads' sessions assign at once, to two executors: exactly one assignment holds.
    let heads = join_all((0..6).map(|_| app.signed_in(Role::ProviderHead))).await;
    let executors = [demo_iin(Role::ProviderExecutor), OTHER_EXECUTOR.to_owned()];
    let replies = join_all(heads.iter().enumerate().map(|(i, head)| {
        act(
            head,
            &id,
            json!({ "action": "assign", "executor": executors[i % 2] }),
        )
    }))
    .await;
    let won: Vec<_> = replies.iter().filter(|r| r.status == 200).collect();
    assert_eq!(
        won.len(),
        1,
        "{:?}",
        replies
            .iter()
            .map(|r| (r.status, &r.text))
            .collect::<Vec<_>>()
    );
    assert!(replies.iter().all(|r| r.status == 200 || r.status == 409));
    let chosen = won[0].json["executor_iin"].as_str().unwrap().to_owned();
    let other = if chosen == OTHER_EXECUTOR {
        demo_iin(Role::ProviderExecutor)
    } else {
        OTHER_EXECUTOR.to_owned()
    };

    let not_them = signed_in_as(&app, &other).await;
    let refused = act(
        &not_them,
        &id,
        json!({ "action": "prepare", "outcome": "granted" }),
    )
    .await;
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(
        refused.problems(),
        [("action".to_owned(), "not_the_executor".to_owned())]
    );
    let them = signed_in_as(&app, &chosen).await;
    step(
        &them,
        &id,
        json!({ "action": "prepare", "outcome": "granted" }),
        "prepared",
    )
    .await;
}

#[tokio::test]
async fn waiting_list_numbers_go_one_to_n_under_simultaneous_signing() {
    const N: usize = 8;
    let (app, _dir) = spawn_with_staff().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let ids = submit_requests(&app, &citizen, WAITING_LIST, N).await;
    let office = signed_in_as(&app, EAST_OFFICE).await;
    let executor = signed_in_as(&app, EAST_EXECUTOR).await;
    let head = signed_in_as(&app, EAST_HEAD).await;
    for id in &ids {
        step(&office, id, json!({ "action": "register" }), "registered").await;
        step(
            &head,
            id,
            json!({ "action": "assign", "executor": EAST_EXECUTOR }),
            "assigned",
        )
        .await;
        step(
            &executor,
            id,
            json!({ "action": "prepare", "outcome": "granted" }),
            "prepared",
        )
        .await;
    }
    // The Atyrau head cannot sign East Kazakhstan's requests.
    let atyrau = app.signed_in(Role::ProviderHead).await;
    assert_eq!(
        act(&atyrau, &ids[0], json!({ "action": "sign" }))
            .await
            .status,
        404
    );

    let heads = join_all((0..N).map(|_| signed_in_as(&app, EAST_HEAD))).await;
    let replies = join_all(
        ids.iter()
            .zip(&heads)
            .map(|(id, head)| act(head, id, json!({ "action": "sign" }))),
    )
    .await;
    let mut numbers: Vec<u64> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, 200, "{}", r.text);
            r.json["status"]["result"]["queue_number"]
                .as_u64()
                .expect("a sequence number")
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=N as u64).collect::<Vec<_>>());
    // The number is in the signed result the applicant gets.
    step(&office, &ids[0], json!({ "action": "issue" }), "issued").await;
    let result = citizen
        .get(&format!("/api/applications/{}/result", ids[0]))
        .await;
    let content: Value =
        serde_json::from_slice(&unb64(result.json["content"].as_str().unwrap())).unwrap();
    assert!(content["queue_number"].as_u64().is_some());
    assert_eq!(result.json["valid"], true);
}
