//! `/api/accounts`: registration against the persons database (the person's name comes from
//! there, never from the form), each field's rules reported together, a second registration of
//! one IIN refused, bodies that are too long or not JSON answered with a stable JSON error
//! (never a 500), the password kept only as an Argon2id hash, and the session cookie's
//! attributes.

use qyzmet_domain::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{
    Reply, SESSION_COOKIE, demo_iin, demo_password, person_in_file, spawn_app, spawn_app_with,
};

/// A person in persons.toml without an account.
const DINARA: &str = "960914400450";
/// A valid IIN that is not in persons.toml.
const NOBODY: &str = "900101300126";

fn form(iin: &str, password: &str, repeat: &str, phone: &str, email: &str) -> Value {
    json!({
        "iin": iin,
        "password": password,
        "password_repeat": repeat,
        "phone": phone,
        "email": email,
    })
}

/// `(field, problem)` pairs as `Reply::problems` gives them.
fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(f, p)| ((*f).to_owned(), (*p).to_owned()))
        .collect()
}

#[tokio::test]
async fn registering_signs_the_person_in_with_their_name_from_the_persons_database() {
    let app = spawn_app().await;
    let browser = app.browser();
    // Extra keys are not the person's name: the name is the persons database's.
    let mut body = form(
        DINARA,
        "a long enough secret",
        "a long enough secret",
        "8 (701) 234-56-78",
        "dinara@example.kz",
    );
    body["surname"] = json!("Made-Up");
    body["name"] = json!("Someone");
    let reply = browser.post("/api/accounts", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json["person"], person_in_file(DINARA));
    assert_eq!(reply.json["person"]["surname"], "Ибраева");
    assert_eq!(reply.json["person"]["name"], "Динара");
    assert_eq!(reply.json["role"], "citizen");
    assert_eq!(reply.json["expires_in"], 1800);
    assert_eq!(reply.json["warn_before"], 300);
    assert!(
        browser.cookie().is_some(),
        "registering signs the person in"
    );

    let session = browser.get("/api/session").await;
    assert_eq!(session.status, 200);
    assert_eq!(session.json["person"], person_in_file(DINARA));

    let account = browser.get(&format!("/api/accounts/{DINARA}")).await;
    assert_eq!(account.status, 200);
    assert_eq!(
        account.json,
        json!({ "iin": DINARA, "full_name": "Ибраева Динара Асқарқызы", "role": "citizen" })
    );
}

#[tokio::test]
async fn a_person_without_a_patronymic_and_an_iin_that_forms_no_date_register_too() {
    let app = spawn_app().await;
    // 991345000113: month 13, day 45, yet a valid IIN (decree No. 853).
    for iin in ["991345000113", "830228300895"] {
        let reply = app
            .browser()
            .register(iin, "a long enough secret", "+7 701 234 56 78")
            .await;
        assert_eq!(reply.status, 201, "{iin}: {}", reply.text);
        assert_eq!(reply.json["person"], person_in_file(iin), "{iin}");
    }
    let omarov = person_in_file("830228300895");
    assert!(omarov.get("patronymic").is_none());
}

#[tokio::test]
async fn each_iin_rule_is_reported_by_its_name() {
    let app = spawn_app().await;
    let browser = app.browser();
    for (iin, problem) in [
        ("", "empty"),
        ("85071430012a", "not_digits"),
        ("85071430012", "wrong_length"),
        ("8507143001270", "wrong_length"),
        ("850714300128", "check_digit"),
        ("100000000280", "never_issued"),
        (NOBODY, "not_in_persons_database"),
        (&"1".repeat(33), "too_long"),
    ] {
        let reply = browser
            .register(iin, "a long enough secret", "+7 701 234 56 78")
            .await;
        assert_eq!(reply.status, 422, "{iin}: {}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"), "{iin}");
        assert_eq!(reply.json["field"], "iin", "{iin}");
        assert_eq!(reply.problems(), pairs(&[("iin", problem)]), "{iin}");
        assert!(browser.cookie().is_none(), "no session for a refused form");
    }
}

#[tokio::test]
async fn every_fields_problem_is_reported_together() {
    let app = spawn_app().await;
    let browser = app.browser();
    let cases: [(Value, &[(&str, &str)]); 4] = [
        (
            form(
                "850714300128",
                "short",
                "shorter",
                "12345",
                "not-an-address",
            ),
            &[
                ("iin", "check_digit"),
                ("password", "too_short"),
                ("password_repeat", "mismatch"),
                ("phone", "not_a_phone"),
                ("email", "not_an_email"),
            ],
        ),
        (
            form("", "", "", "", ""),
            &[
                ("iin", "empty"),
                ("password", "empty"),
                ("password_repeat", "empty"),
                ("phone", "empty"),
            ],
        ),
        (
            form(DINARA, DINARA, DINARA, "+1 701 234 56 78", "a@b"),
            &[
                ("password", "same_as_iin"),
                ("phone", "not_a_phone"),
                ("email", "not_an_email"),
            ],
        ),
        (
            form(
                DINARA,
                &"я".repeat(129),
                &"я".repeat(129),
                &"7".repeat(40),
                &format!("{}@example.kz", "a".repeat(250)),
            ),
            &[
                ("password", "too_long"),
                ("phone", "too_long"),
                ("email", "too_long"),
            ],
        ),
    ];
    for (body, expected) in cases {
        let reply = browser.post("/api/accounts", &body).await;
        assert_eq!(reply.status, 422, "{body}: {}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"));
        assert_eq!(reply.problems(), pairs(expected), "{body}");
        assert_eq!(
            reply.json["field"], expected[0].0,
            "the first problem's field is also `field`"
        );
    }
    // The persons database is asked only about an otherwise good form.
    let reply = browser
        .post("/api/accounts", &form(NOBODY, "short", "short", "", ""))
        .await;
    assert_eq!(
        reply.problems(),
        pairs(&[("password", "too_short"), ("phone", "empty")])
    );
}

#[tokio::test]
async fn an_iin_registers_once() {
    let app = spawn_app().await;
    let first = app
        .browser()
        .register(DINARA, "a long enough secret", "+7 701 234 56 78")
        .await;
    assert_eq!(first.status, 201);
    // The same IIN as people type it, with a space: the same account.
    for iin in [DINARA, "960914 400450", &demo_iin(Role::Citizen)] {
        let browser = app.browser();
        let again = browser
            .register(iin, "another long secret", "+7 702 234 56 78")
            .await;
        assert_eq!(again.status, 409, "{iin}: {}", again.text);
        assert_eq!(again.code(), Some("conflict"));
        assert_eq!(again.json["field"], "iin");
        assert_eq!(again.problems(), pairs(&[("iin", "already_registered")]));
        assert!(browser.cookie().is_none());
    }
    // The first password still works: the conflict changed nothing.
    let reply = app.browser().sign_in(DINARA, "a long enough secret").await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn overlong_fields_get_a_stable_code_never_a_server_error() {
    let app = spawn_app().await;
    let browser = app.browser();
    let long = "x".repeat(10_000);
    let digits = "7".repeat(10_000);
    let cases: [(Value, (&str, &str)); 5] = [
        (
            form(DINARA, &long, &long, "+7 701 234 56 78", ""),
            ("password", "too_long"),
        ),
        (
            form(
                &digits,
                "a long enough secret",
                "a long enough secret",
                "+7 701 234 56 78",
                "",
            ),
            ("iin", "too_long"),
        ),
        (
            form(
                DINARA,
                "a long enough secret",
                "a long enough secret",
                &digits,
                "",
            ),
            ("phone", "too_long"),
        ),
        (
            form(
                DINARA,
                "a long enough secret",
                "a long enough secret",
                "+7 701 234 56 78",
                &long,
            ),
            ("email", "too_long"),
        ),
        // Just under the body limit.
        (
            form(DINARA, &"x".repeat(60_000), "x", "+7 701 234 56 78", ""),
            ("password", "too_long"),
        ),
    ];
    for (body, (field, problem)) in cases {
        let reply = browser.post("/api/accounts", &body).await;
        assert_eq!(reply.status, 422, "{field}: {}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"));
        assert!(
            reply
                .problems()
                .contains(&(field.to_owned(), problem.to_owned())),
            "{field}: {:?}",
            reply.problems()
        );
    }
    for (iin, password, field) in [
        (digits.as_str(), "qyzmet-demo", "iin"),
        ("850714300127", long.as_str(), "password"),
    ] {
        let reply = browser.sign_in(iin, password).await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"));
        assert_eq!(
            reply.problems(),
            pairs(&[(field, "too_long")]),
            "sign-in: {field}"
        );
    }
    // An overlong password does not count as a failed sign-in.
    let reply = browser.sign_in("850714300127", &demo_password()).await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_json_error() {
    let app = spawn_app().await;
    let browser = app.browser();
    let huge = "x".repeat(100 * 1024);
    for path in ["/api/accounts", "/api/session"] {
        let body = form(DINARA, &huge, &huge, "+7 701 234 56 78", "");
        let reply = browser.post(path, &body).await;
        assert_eq!(reply.status, 413, "{path}");
        assert!(
            reply.is_json(),
            "{path}: {:?} {}",
            reply.headers,
            reply.text
        );
        assert_eq!(reply.code(), Some("invalid_input"), "{path}");
    }
}

#[tokio::test]
async fn bodies_that_are_not_the_forms_json_get_json_errors() {
    let app = spawn_app().await;
    let browser = app.browser();
    let json_type = "application/json";
    let cases: [(&str, Option<&str>, Vec<u8>, u16); 9] = [
        ("syntax", Some(json_type), br#"{"iin": "#.to_vec(), 400),
        ("empty body", Some(json_type), Vec::new(), 400),
        (
            "not UTF-8",
            Some(json_type),
            b"{\"iin\": \"\xff\xfe\"}".to_vec(),
            400,
        ),
        (
            "text/plain",
            Some("text/plain"),
            br#"{"iin": "850714300127", "password": "qyzmet-demo"}"#.to_vec(),
            415,
        ),
        ("no content type", None, br#"{}"#.to_vec(), 415),
        (
            "missing fields",
            Some(json_type),
            br#"{"iin": "850714300127"}"#.to_vec(),
            422,
        ),
        (
            "a number for a string",
            Some(json_type),
            br#"{"iin": 850714300127, "password": 1}"#.to_vec(),
            422,
        ),
        ("an array", Some(json_type), b"[]".to_vec(), 422),
        ("null", Some(json_type), b"null".to_vec(), 422),
    ];
    for path in ["/api/accounts", "/api/session"] {
        for (what, content_type, body, status) in &cases {
            let mut request = browser.request(Method::POST, path).body(body.clone());
            if let Some(content_type) = content_type {
                request = request.header("content-type", *content_type);
            }
            let reply = browser.send(request).await;
            assert_eq!(reply.status, *status, "{path}, {what}: {}", reply.text);
            assert!(reply.is_json(), "{path}, {what}: {}", reply.text);
            assert_eq!(reply.code(), Some("invalid_input"), "{path}, {what}");
        }
    }
}

#[tokio::test]
async fn the_password_is_kept_only_as_an_argon2id_hash() {
    let app = spawn_app().await;
    let password = "a long enough secret";
    let reply = app
        .browser()
        .post(
            "/api/accounts",
            &form(
                DINARA,
                password,
                password,
                "8 701 234 56 78",
                " dinara@example.kz ",
            ),
        )
        .await;
    assert_eq!(reply.status, 201);

    let db = app.database().await;
    let (hash, phone, email): (String, String, Option<String>) =
        sqlx::query_as("SELECT password_hash, phone, email FROM accounts WHERE iin = ?")
            .bind(DINARA)
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(password));
    assert_eq!(phone, "+77012345678", "the phone is kept normalised");
    assert_eq!(email.as_deref(), Some("dinara@example.kz"));

    // The demo accounts too, each with its own salt.
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT password_hash FROM accounts")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(hashes.len(), 7);
    let mut distinct: Vec<&str> = hashes.iter().map(|(h,)| h.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 7, "salted: no two hashes alike");
    for (hash,) in &hashes {
        assert!(hash.starts_with("$argon2id$") && !hash.contains("qyzmet-demo"));
    }
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_strict_and_site_wide() {
    let check = |reply: &Reply, secure: bool| {
        let cookie = reply.session_set_cookie().expect("a session cookie is set");
        let mut parts = cookie.split(';').map(str::trim);
        let (name, value) = parts.next().unwrap().split_once('=').unwrap();
        assert_eq!(name, SESSION_COOKIE);
        assert_eq!(value.len(), 64, "{cookie}");
        assert!(value.bytes().all(|b| b.is_ascii_hexdigit()), "{cookie}");
        let attributes: Vec<&str> = parts.collect();
        assert!(attributes.contains(&"HttpOnly"), "{cookie}");
        assert!(attributes.contains(&"SameSite=Strict"), "{cookie}");
        assert!(attributes.contains(&"Path=/"), "{cookie}");
        assert_eq!(attributes.contains(&"Secure"), secure, "{cookie}");
        assert!(
            !attributes
                .iter()
                .any(|a| a.starts_with("Max-Age") || a.starts_with("Expires")),
            "a browser-session cookie: {cookie}"
        );
    };
    let app = spawn_app().await;
    let registered = app
        .browser()
        .register(DINARA, "a long enough secret", "+7 701 234 56 78")
        .await;
    check(&registered, false);
    let signed_in = app
        .browser()
        .sign_in(&demo_iin(Role::Citizen), &demo_password())
        .await;
    check(&signed_in, false);

    let app = spawn_app_with(|config| config.secure_cookies = true).await;
    let signed_in = app
        .browser()
        .sign_in(&demo_iin(Role::Citizen), &demo_password())
        .await;
    check(&signed_in, true);
}

#[tokio::test]
async fn the_administrator_lists_every_account_with_names_from_the_persons_database() {
    let app = spawn_app().await;
    let reply = app
        .browser()
        .register(DINARA, "a long enough secret", "+7 701 234 56 78")
        .await;
    assert_eq!(reply.status, 201);
    let admin = app.signed_in(Role::Administrator).await;
    let list = admin.get("/api/accounts").await;
    assert_eq!(list.status, 200, "{}", list.text);
    let accounts = list.json["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 7, "six demo accounts and the new one");
    for role in Role::ALL {
        let iin = demo_iin(role);
        let entry = accounts
            .iter()
            .find(|a| a["iin"] == iin.as_str())
            .unwrap_or_else(|| panic!("{iin} listed"));
        assert_eq!(entry["role"], role.name());
        let person = person_in_file(&iin);
        let expected = format!(
            "{} {} {}",
            person["surname"].as_str().unwrap(),
            person["name"].as_str().unwrap(),
            person["patronymic"].as_str().unwrap()
        );
        assert_eq!(entry["full_name"], expected.as_str());
        assert!(entry.get("locked_until").is_none());
    }
    assert!(
        accounts
            .iter()
            .any(|a| a["iin"] == DINARA && a["role"] == "citizen")
    );
}

#[tokio::test]
async fn registration_cannot_sweep_iins_from_one_address() {
    // Registration says whether an IIN is in the persons database or has an account; each such
    // answer counts against the client address like a failed sign-in.
    let app = spawn_app_with(|config| config.sign_in.address_failures = 3).await;
    let browser = app.browser();
    let phone = "+7 701 234 56 78";
    for iin in [NOBODY, "850714300127", "100000000011"] {
        let reply = browser
            .post(
                "/api/accounts",
                &form(iin, "long enough", "long enough", phone, ""),
            )
            .await;
        assert!(matches!(reply.status, 409 | 422), "{iin}: {}", reply.text);
    }
    // Now even a registration that would succeed waits, and says until when.
    let reply = browser
        .post(
            "/api/accounts",
            &form(DINARA, "long enough", "long enough", phone, ""),
        )
        .await;
    assert_eq!(reply.status, 429, "{}", reply.text);
    assert_eq!(reply.code(), Some("too_many_attempts"));
    assert!(reply.json["until"].as_str().is_some());
    // A malformed form is still answered about its fields (it reveals nothing).
    let reply = browser
        .post("/api/accounts", &form("1", "x", "y", phone, ""))
        .await;
    assert_eq!(reply.status, 422);
}
