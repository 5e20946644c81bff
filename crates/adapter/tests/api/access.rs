//! Who may call what, over every route of the API: the test's own table of expectations must
//! cover exactly the operations `/api/openapi.json` documents (a new route without an
//! expectation fails here), then each operation is called by an anonymous visitor and by the
//! demo account of each role: a protected route refuses the anonymous with 401
//! `sign_in_required`, a role it does not admit with 403 `forbidden`, and lets the others
//! through. Ownership: a citizen reads only their own account, the administrator any.

use std::collections::BTreeSet;

use qyzmet_domain::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Browser, TestApp, demo_iin, spawn_app};

/// Who the test expects may call an operation.
#[derive(Clone, Copy, Debug)]
enum Who {
    Anyone,
    SignedIn,
    Only(&'static [Role]),
    /// A screen an operator set up as a hall kiosk, and no account: every caller here is
    /// refused with 403 (`tests/api/queue.rs` admits a set-up screen).
    HallScreen,
}

const ADMINISTRATOR: &[Role] = &[Role::Administrator];
const CITIZEN: &[Role] = &[Role::Citizen];
const OPERATOR: &[Role] = &[Role::Operator];
const APPLYING: &[Role] = &[Role::Citizen, Role::Operator];
const STAFF: &[Role] = &[
    Role::ProviderOffice,
    Role::ProviderHead,
    Role::ProviderExecutor,
];

/// Every API operation and who may call it. `DELETE /api/session` is last: it signs the
/// caller out.
const EXPECTED: &[(&str, &str, Who)] = &[
    ("GET", "/api/health", Who::Anyone),
    ("GET", "/api/services", Who::Anyone),
    ("GET", "/api/services/{id}", Who::Anyone),
    ("GET", "/api/services/{id}/form", Who::Anyone),
    ("GET", "/api/services/{id}/due", Who::Anyone),
    ("POST", "/api/accounts", Who::Anyone),
    ("GET", "/api/accounts", Who::Only(ADMINISTRATOR)),
    ("GET", "/api/accounts/{iin}", Who::SignedIn),
    (
        "POST",
        "/api/accounts/{iin}/unlock",
        Who::Only(ADMINISTRATOR),
    ),
    ("POST", "/api/session", Who::Anyone),
    ("GET", "/api/session", Who::Anyone),
    ("POST", "/api/session/refresh", Who::SignedIn),
    ("POST", "/api/applications", Who::Only(APPLYING)),
    ("GET", "/api/applications", Who::Only(APPLYING)),
    ("GET", "/api/applications/{id}", Who::Only(APPLYING)),
    ("PATCH", "/api/applications/{id}", Who::Only(APPLYING)),
    ("DELETE", "/api/applications/{id}", Who::Only(APPLYING)),
    (
        "POST",
        "/api/applications/{id}/uploads",
        Who::Only(APPLYING),
    ),
    (
        "GET",
        "/api/applications/{id}/documents",
        Who::Only(APPLYING),
    ),
    ("GET", "/api/uploads/{id}", Who::Only(APPLYING)),
    ("PATCH", "/api/uploads/{id}", Who::Only(APPLYING)),
    ("DELETE", "/api/uploads/{id}", Who::Only(APPLYING)),
    ("GET", "/api/documents/{id}", Who::Only(APPLYING)),
    ("DELETE", "/api/documents/{id}", Who::Only(APPLYING)),
    ("GET", "/api/applications/{id}/signing", Who::Only(APPLYING)),
    (
        "POST",
        "/api/applications/{id}/submission",
        Who::Only(APPLYING),
    ),
    ("GET", "/api/applications/{id}/receipt", Who::Only(APPLYING)),
    (
        "GET",
        "/api/applications/{id}/receipt.pdf",
        Who::Only(APPLYING),
    ),
    (
        "GET",
        "/api/applications/{id}/receipt/qr.svg",
        Who::Only(APPLYING),
    ),
    ("POST", "/api/certificates", Who::Only(APPLYING)),
    ("GET", "/api/certificates", Who::Only(APPLYING)),
    (
        "POST",
        "/api/certificates/{serial}/revocation",
        Who::Only(ADMINISTRATOR),
    ),
    ("GET", "/api/pki/root", Who::Anyone),
    ("GET", "/api/pki/crl", Who::Anyone),
    ("GET", "/api/documents/{id}/thumbnail", Who::Only(APPLYING)),
    ("GET", "/api/applications/{id}/status", Who::Only(CITIZEN)),
    ("GET", "/api/applications/{id}/changes", Who::Only(CITIZEN)),
    ("GET", "/api/applications/{id}/result", Who::Only(APPLYING)),
    (
        "GET",
        "/api/applications/{id}/result.pdf",
        Who::Only(APPLYING),
    ),
    ("GET", "/api/workbench", Who::Only(STAFF)),
    ("GET", "/api/workbench/{id}", Who::Only(STAFF)),
    ("POST", "/api/workbench/{id}/actions", Who::Only(STAFF)),
    (
        "GET",
        "/api/workbench/{id}/documents/{document}",
        Who::Only(STAFF),
    ),
    ("GET", "/api/persons/{iin}", Who::Only(OPERATOR)),
    ("GET", "/api/branches", Who::Anyone),
    ("PUT", "/api/applications/{id}/paper", Who::Only(OPERATOR)),
    (
        "POST",
        "/api/applications/{id}/intake-refusal",
        Who::Only(OPERATOR),
    ),
    ("GET", "/api/intake-refusals/{id}", Who::Only(OPERATOR)),
    (
        "GET",
        "/api/intake-refusals/{id}/receipt.pdf",
        Who::Only(OPERATOR),
    ),
    ("GET", "/api/centre/results", Who::Only(OPERATOR)),
    ("GET", "/api/centre/uncollected", Who::Only(OPERATOR)),
    (
        "POST",
        "/api/centre/results/{id}/handover",
        Who::Only(OPERATOR),
    ),
    ("GET", "/api/centre/day", Who::Only(OPERATOR)),
    ("GET", "/api/queue/branches", Who::Anyone),
    ("GET", "/api/queue/branches/{id}", Who::Anyone),
    ("GET", "/api/queue/branches/{id}/slots", Who::Anyone),
    ("POST", "/api/queue/hall-device", Who::Only(OPERATOR)),
    ("GET", "/api/queue/hall-device", Who::Anyone),
    ("POST", "/api/queue/branches/{id}/tickets", Who::HallScreen),
    ("POST", "/api/queue/branches/{id}/check-in", Who::HallScreen),
    ("GET", "/api/queue/branches/{id}/board", Who::Anyone),
    ("GET", "/api/queue/branches/{id}/board/changes", Who::Anyone),
    ("POST", "/api/queue/bookings", Who::Only(CITIZEN)),
    ("GET", "/api/queue/bookings", Who::Only(CITIZEN)),
    ("GET", "/api/queue/bookings/{id}", Who::Only(CITIZEN)),
    ("PUT", "/api/queue/bookings/{id}", Who::Only(CITIZEN)),
    ("DELETE", "/api/queue/bookings/{id}", Who::Only(CITIZEN)),
    ("GET", "/api/queue/bookings/{id}/qr.svg", Who::Only(CITIZEN)),
    ("GET", "/api/queue/today", Who::Only(OPERATOR)),
    ("POST", "/api/queue/calls", Who::Only(OPERATOR)),
    (
        "POST",
        "/api/queue/tickets/{id}/outcome",
        Who::Only(OPERATOR),
    ),
    ("DELETE", "/api/session", Who::SignedIn),
];

/// A caller: no one, or the demo account of a role.
struct Caller {
    role: Option<Role>,
    browser: Browser,
}

impl Caller {
    fn name(&self) -> &'static str {
        self.role.map_or("anonymous", Role::name)
    }
}

/// The `(METHOD, path)` of every operation the OpenAPI document lists.
async fn documented_operations(app: &TestApp) -> BTreeSet<(String, String)> {
    let document: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let paths = document["paths"].as_object().expect("paths");
    let mut operations = BTreeSet::new();
    for (path, item) in paths {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if item.get(method).is_some() {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    operations
}

/// The path with its parameters filled in for `caller`: their own IIN (the citizen's for an
/// anonymous caller) to read an account, the citizen's to unlock one.
fn concrete(path: &str, caller: &Caller) -> String {
    let own = demo_iin(caller.role.unwrap_or(Role::Citizen));
    let iin = if path.ends_with("/unlock") {
        demo_iin(Role::Citizen)
    } else {
        own
    };
    path.replace("{id}", "housing-assistance")
        .replace("{document}", "0123456789abcdef0123456789abcdef")
        .replace("{iin}", &iin)
}

#[tokio::test]
async fn the_expectations_cover_exactly_the_documented_operations() {
    let app = spawn_app().await;
    let documented = documented_operations(&app).await;
    let expected: BTreeSet<(String, String)> = EXPECTED
        .iter()
        .map(|(method, path, _)| ((*method).to_owned(), (*path).to_owned()))
        .collect();
    assert_eq!(
        expected.len(),
        EXPECTED.len(),
        "an operation is listed twice"
    );
    let undocumented: Vec<_> = expected.difference(&documented).collect();
    let unexpected: Vec<_> = documented.difference(&expected).collect();
    assert!(
        undocumented.is_empty() && unexpected.is_empty(),
        "expected but not in the OpenAPI document: {undocumented:?}; \
         documented without an expectation here (add one to EXPECTED): {unexpected:?}"
    );
}

#[tokio::test]
async fn every_operation_admits_and_refuses_each_caller_as_expected() {
    let app = spawn_app().await;
    let mut callers = vec![Caller {
        role: None,
        browser: app.browser(),
    }];
    for role in Role::ALL {
        callers.push(Caller {
            role: Some(role),
            browser: app.signed_in(role).await,
        });
    }
    let mut failures = Vec::new();
    for (method, template, who) in EXPECTED {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for caller in &mut callers {
            let path = concrete(template, caller);
            let body = (method == Method::POST).then(|| json!({}));
            let reply = caller
                .browser
                .call(method.clone(), &path, body.as_ref())
                .await;
            let got = (reply.status, reply.code().map(str::to_owned));
            let admitted = match (who, caller.role) {
                (Who::HallScreen, _) => false,
                (Who::Anyone, _) => true,
                (Who::SignedIn | Who::Only(_), None) => false,
                (Who::SignedIn, Some(_)) => true,
                (Who::Only(roles), Some(role)) => roles.contains(&role),
            };
            let fine = match (admitted, caller.role) {
                (true, _) => !matches!(reply.status, 401 | 403) && reply.status < 500,
                (false, _) if matches!(who, Who::HallScreen) => {
                    got == (403, Some("forbidden".to_owned()))
                }
                (false, None) => got == (401, Some("sign_in_required".to_owned())),
                (false, Some(_)) => got == (403, Some("forbidden".to_owned())),
            };
            // Setting a screen up as a hall kiosk signs its operator out: sign in again.
            if *template == "/api/queue/hall-device" && method == Method::POST && admitted {
                if let Some(role) = caller.role {
                    caller.browser = app.signed_in(role).await;
                }
            }
            if !fine {
                failures.push(format!(
                    "{method} {path} by {}: expected {}, got {} {}",
                    caller.name(),
                    if admitted { "admitted" } else { "refused" },
                    reply.status,
                    reply.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    // The last operation signed everyone out.
    for caller in &callers {
        assert_eq!(
            caller.browser.get("/api/session").await.status,
            204,
            "{}",
            caller.name()
        );
    }
}

#[tokio::test]
async fn a_citizen_reads_only_their_own_account_and_the_administrator_any() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let own = demo_iin(Role::Citizen);
    let reply = citizen.get(&format!("/api/accounts/{own}")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json["iin"], own.as_str());
    assert_eq!(reply.json["role"], "citizen");

    let registered = app
        .browser()
        .register("960914400450", "a long enough secret", "+7 701 234 56 78")
        .await;
    assert_eq!(registered.status, 201);
    // Another citizen's account, a staff account, an IIN in the persons database without an
    // account, one no one has, and no IIN at all: refused alike, so nothing is learned.
    for iin in [
        "960914400450",
        &demo_iin(Role::Administrator),
        "940808400123",
        "900101300126",
        "not-an-iin",
    ] {
        let reply = citizen.get(&format!("/api/accounts/{iin}")).await;
        assert_eq!(reply.status, 403, "{iin}: {}", reply.text);
        assert_eq!(reply.code(), Some("forbidden"), "{iin}");
    }

    let admin = app.signed_in(Role::Administrator).await;
    for (iin, role) in [
        ("960914400450", "citizen"),
        (own.as_str(), "citizen"),
        (&demo_iin(Role::ProviderExecutor), "provider_executor"),
    ] {
        let reply = admin.get(&format!("/api/accounts/{iin}")).await;
        assert_eq!(reply.status, 200, "{iin}");
        assert_eq!(reply.json["iin"], iin);
        assert_eq!(reply.json["role"], role);
    }
    for (iin, status, code) in [
        ("940808400123", 404, "not_found"),
        ("not-an-iin", 422, "invalid_input"),
    ] {
        let reply = admin.get(&format!("/api/accounts/{iin}")).await;
        assert_eq!(reply.status, status, "{iin}: {}", reply.text);
        assert_eq!(reply.code(), Some(code), "{iin}");
    }
}

#[tokio::test]
async fn a_head_request_is_checked_like_a_get() {
    let app = spawn_app().await;
    let anonymous = app.browser();
    let citizen = app.signed_in(Role::Citizen).await;
    let admin = app.signed_in(Role::Administrator).await;
    let mut failures = Vec::new();
    for (method, template, who) in EXPECTED {
        if *method != "GET" {
            continue;
        }
        for (name, browser, role) in [
            ("anonymous", &anonymous, None),
            ("citizen", &citizen, Some(Role::Citizen)),
            ("administrator", &admin, Some(Role::Administrator)),
        ] {
            let path = template
                .replace("{id}", "housing-assistance")
                .replace("{iin}", &demo_iin(role.unwrap_or(Role::Citizen)));
            let expected = match (who, role) {
                // Who-am-I: nothing to say to no one.
                (Who::Anyone, None) if *template == "/api/session" => 204,
                // Admitted, and no such application, upload or file: the check let it through
                // to the handler.
                (Who::Only(_), Some(Role::Citizen))
                    if [
                        "/api/applications/",
                        "/api/uploads/",
                        "/api/documents/",
                        "/api/queue/bookings/",
                    ]
                    .iter()
                    .any(|prefix| template.starts_with(prefix)) =>
                {
                    404
                }
                // No branch of that id (the date is asked first).
                // This test's browsers are no hall screens.
                (Who::Anyone, _) if *template == "/api/queue/hall-device" => 204,
                (Who::HallScreen, _) => 403,
                (Who::Anyone, _) if template.ends_with("/slots") => 422,
                (Who::Anyone, _) if template.starts_with("/api/queue/branches/{id}") => 404,
                (Who::Anyone, _) => 200,
                (Who::SignedIn | Who::Only(_), None) => 401,
                (Who::SignedIn, Some(_)) => 200,
                (Who::Only(roles), Some(role)) if roles.contains(&role) => 200,
                (Who::Only(_), Some(_)) => 403,
            };
            let reply = browser.call(Method::HEAD, &path, None).await;
            if reply.status != expected {
                failures.push(format!(
                    "HEAD {path} by {name}: expected {expected}, got {} (content-length {:?})",
                    reply.status,
                    reply.headers.get("content-length")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
