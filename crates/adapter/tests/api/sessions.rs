//! `/api/session`: signing in with a demo account, one answer for a wrong IIN and a wrong
//! password, the throttle (slow-down, lock and its end, a success clearing the count, the
//! per-address pause, the administrator's unlock), sessions ending when idle and when signed
//! out (on the server, not only in the browser), a new token at every sign-in, refusal of
//! cross-site state changes, and the `x-session-expires-in` header.
//!
//! Times are whole seconds on the server, so waits here are at least one full configured
//! period, and "still refused" checks follow at once after a lock of two seconds or more.

use std::time::Duration;

use qyzmet_domain::Role;
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::support::{Reply, demo_iin, demo_password, person_in_file, spawn_app, spawn_app_with};

const WRONG: &str = "not the password";

/// `until` of an answer, as a time.
fn until(reply: &Reply) -> OffsetDateTime {
    let text = reply.json["until"]
        .as_str()
        .unwrap_or_else(|| panic!("no `until` in {}", reply.text));
    OffsetDateTime::parse(text, &Rfc3339).unwrap_or_else(|_| panic!("not RFC 3339: {text}"))
}

fn assert_wrong_credentials(reply: &Reply, with_until: bool) {
    assert_eq!(reply.status, 401, "{}", reply.text);
    assert_eq!(reply.code(), Some("wrong_credentials"));
    assert_eq!(
        reply.json.get("until").is_some(),
        with_until,
        "`until`: {}",
        reply.text
    );
    assert!(reply.session_set_cookie().is_none(), "no session");
}

fn assert_too_many_attempts(reply: &Reply) {
    assert_eq!(reply.status, 429, "{}", reply.text);
    assert_eq!(reply.code(), Some("too_many_attempts"));
    until(reply);
    assert!(reply.session_set_cookie().is_none(), "no session");
}

#[tokio::test]
async fn a_demo_account_signs_in_and_the_session_says_who_and_for_how_long() {
    let app = spawn_app().await;
    let browser = app.browser();
    let iin = demo_iin(Role::Operator);
    let reply = browser.sign_in(&iin, &demo_password()).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json["person"], person_in_file(&iin));
    assert_eq!(reply.json["role"], "operator");
    // An operator's session is the kiosk's: five idle minutes, warned one before.
    assert_eq!(reply.json["expires_in"], 300);
    assert_eq!(reply.json["warn_before"], 60);
    assert_eq!(reply.json["branch"]["id"], "atyrau-city-1");

    let session = browser.get("/api/session").await;
    assert_eq!(session.status, 200);
    assert_eq!(session.json, reply.json);

    // The IIN as people type it signs in the same account.
    let spaced = format!("{} {}", &iin[..6], &iin[6..]);
    let again = app.browser().sign_in(&spaced, &demo_password()).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json["person"]["iin"], iin.as_str());
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_iin_get_the_same_answer() {
    let app = spawn_app().await;
    let browser = app.browser();
    let wrong_password = browser.sign_in(&demo_iin(Role::Citizen), WRONG).await;
    assert_wrong_credentials(&wrong_password, false);
    for iin in [
        // In the persons database, no account.
        "960914400450",
        // A valid IIN no one has.
        "900101300126",
    ] {
        let reply = browser.sign_in(iin, &demo_password()).await;
        assert_wrong_credentials(&reply, false);
        assert_eq!(reply.json, wrong_password.json, "{iin}");
    }
    assert!(browser.cookie().is_none());
    assert_eq!(browser.get("/api/session").await.status, 204);
}

#[tokio::test]
async fn repeated_failures_slow_sign_in_down_doubling_the_wait() {
    let app = spawn_app_with(|config| {
        config.sign_in.slow_after = 2;
        config.sign_in.first_delay_seconds = 1;
        config.sign_in.lock_after = 10;
    })
    .await;
    let browser = app.browser();
    let iin = demo_iin(Role::Citizen);
    assert_wrong_credentials(&browser.sign_in(&iin, WRONG).await, false);
    let second = browser.sign_in(&iin, WRONG).await;
    assert_wrong_credentials(&second, true);

    // Wait out the first delay (one second).
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let third = browser.sign_in(&iin, WRONG).await;
    assert_wrong_credentials(&third, true);
    let grown = until(&third) - until(&second);
    assert!(
        (2..=3).contains(&grown.whole_seconds()),
        "the wait doubles to two seconds: the end moved by {grown}"
    );

    // While it waits, even the right password is refused, and told the same end.
    let refused = browser.sign_in(&iin, &demo_password()).await;
    assert_too_many_attempts(&refused);
    assert_eq!(until(&refused), until(&third));
    assert!(browser.cookie().is_none());
}

#[tokio::test]
async fn too_many_failures_lock_the_iin_until_the_lock_ends() {
    let app = spawn_app_with(|config| {
        config.sign_in.slow_after = 100;
        config.sign_in.lock_after = 3;
        config.sign_in.lock_seconds = 2;
    })
    .await;
    let browser = app.browser();
    let iin = demo_iin(Role::Citizen);
    assert_wrong_credentials(&browser.sign_in(&iin, WRONG).await, false);
    assert_wrong_credentials(&browser.sign_in(&iin, WRONG).await, false);
    let locked = browser.sign_in(&iin, WRONG).await;
    assert_too_many_attempts(&locked);

    let refused = browser.sign_in(&iin, &demo_password()).await;
    assert_too_many_attempts(&refused);
    assert_eq!(until(&refused), until(&locked));
    // Only this IIN is locked.
    let other = app
        .browser()
        .sign_in(&demo_iin(Role::Operator), &demo_password())
        .await;
    assert_eq!(other.status, 200);

    tokio::time::sleep(Duration::from_millis(2100)).await;
    let reply = browser.sign_in(&iin, &demo_password()).await;
    assert_eq!(reply.status, 200, "the lock has ended: {}", reply.text);
    assert!(browser.cookie().is_some());
}

#[tokio::test]
async fn a_success_clears_the_failure_count() {
    let app = spawn_app_with(|config| {
        config.sign_in.slow_after = 2;
        config.sign_in.first_delay_seconds = 60;
    })
    .await;
    let browser = app.browser();
    let iin = demo_iin(Role::Citizen);
    assert_wrong_credentials(&browser.sign_in(&iin, WRONG).await, false);
    assert_eq!(browser.sign_in(&iin, &demo_password()).await.status, 200);
    // Counted from zero again: a second failure in all would have made it wait.
    assert_wrong_credentials(&browser.sign_in(&iin, WRONG).await, false);
    assert_wrong_credentials(&browser.sign_in(&iin, WRONG).await, true);
}

#[tokio::test]
async fn many_failures_from_one_address_pause_it_for_every_iin() {
    let app = spawn_app_with(|config| {
        config.sign_in.address_failures = 3;
        config.sign_in.address_window_seconds = 60;
    })
    .await;
    let browser = app.browser();
    // One failure for each of three IINs: no IIN reaches its own limit.
    for role in [Role::Citizen, Role::ProviderOffice] {
        assert_wrong_credentials(&browser.sign_in(&demo_iin(role), WRONG).await, false);
    }
    let paused = browser.sign_in("900101300126", WRONG).await;
    assert_too_many_attempts(&paused);

    // Even a right pair for an IIN not yet tried waits for the window's end.
    let refused = app
        .browser()
        .sign_in(&demo_iin(Role::Operator), &demo_password())
        .await;
    assert_too_many_attempts(&refused);
    assert_eq!(until(&refused), until(&paused));
}

#[tokio::test]
async fn the_administrator_lifts_a_lock() {
    let app = spawn_app_with(|config| {
        config.sign_in.slow_after = 100;
        config.sign_in.lock_after = 2;
    })
    .await;
    let admin = app.signed_in(Role::Administrator).await;
    let citizen = app.browser();
    let iin = demo_iin(Role::Citizen);
    assert_wrong_credentials(&citizen.sign_in(&iin, WRONG).await, false);
    let locked = citizen.sign_in(&iin, WRONG).await;
    assert_too_many_attempts(&locked);

    let account = admin.get(&format!("/api/accounts/{iin}")).await;
    assert_eq!(account.status, 200);
    assert_eq!(
        account.json["locked_until"], locked.json["until"],
        "the administrator sees the lock"
    );

    let unlocked = admin
        .call(Method::POST, &format!("/api/accounts/{iin}/unlock"), None)
        .await;
    assert_eq!(unlocked.status, 204, "{}", unlocked.text);
    let account = admin.get(&format!("/api/accounts/{iin}")).await;
    assert!(
        account.json.get("locked_until").is_none(),
        "{}",
        account.text
    );
    assert_eq!(citizen.sign_in(&iin, &demo_password()).await.status, 200);

    // An IIN without an account, and no IIN at all.
    for (iin, status, code) in [
        ("960914400450", 404, "not_found"),
        ("850714300128", 422, "invalid_input"),
    ] {
        let reply = admin
            .call(Method::POST, &format!("/api/accounts/{iin}/unlock"), None)
            .await;
        assert_eq!(reply.status, status, "{iin}: {}", reply.text);
        assert_eq!(reply.code(), Some(code), "{iin}");
    }
}

#[tokio::test]
async fn an_idle_session_ends_and_the_browser_is_told_to_drop_the_cookie() {
    let app = spawn_app_with(|config| config.sessions.idle_seconds = 1).await;
    let browser = app.signed_in(Role::Citizen).await;
    let token = browser.cookie();

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let reply = browser.get("/api/session").await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let removal = reply.session_set_cookie().expect("the cookie is removed");
    assert!(removal.starts_with("qyzmet_session=;"), "{removal}");
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert!(browser.cookie().is_none());
    assert!(reply.headers.get("x-session-expires-in").is_none());

    // The server has forgotten it: replaying the cookie does not bring it back.
    browser.set_cookie(token);
    assert_eq!(browser.get("/api/session").await.status, 204);
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.database().await)
        .await
        .unwrap();
    assert_eq!(sessions, 0);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_end_however_active() {
    let app = spawn_app_with(|config| {
        config.sessions.idle_seconds = 60;
        config.sessions.absolute_seconds = 2;
    })
    .await;
    let browser = app.signed_in(Role::Citizen).await;
    let reply = browser.get("/api/session").await;
    assert_eq!(reply.status, 200);
    let left: u32 = reply.headers["x-session-expires-in"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=2).contains(&left),
        "the absolute end is nearer: {left}"
    );
    assert_eq!(reply.json["expires_in"], left);

    tokio::time::sleep(Duration::from_millis(2100)).await;
    let reply = browser.get("/api/session").await;
    assert_eq!(reply.status, 204, "{}", reply.text);
}

#[tokio::test]
async fn a_refresh_moves_the_end() {
    let app = spawn_app_with(|config| config.sessions.idle_seconds = 3).await;
    let idle = app.signed_in(Role::ProviderOffice).await;
    let active = app.signed_in(Role::Citizen).await;

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let refreshed = active
        .call(Method::POST, "/api/session/refresh", None)
        .await;
    assert_eq!(refreshed.status, 200, "{}", refreshed.text);
    assert_eq!(refreshed.json["expires_in"], 3);
    assert_eq!(refreshed.json["role"], "citizen");
    assert_eq!(refreshed.headers["x-session-expires-in"], "3");

    // Over three seconds since sign-in, under two since the refresh.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert_eq!(active.get("/api/session").await.status, 200);
    assert_eq!(idle.get("/api/session").await.status, 204);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = app.signed_in(Role::Citizen).await;
    let elsewhere = app.signed_in(Role::Citizen).await;
    let token = browser.cookie();

    let reply = browser.delete("/api/session").await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let removal = reply.session_set_cookie().expect("the cookie is removed");
    assert!(removal.contains("Max-Age=0"), "{removal}");
    assert!(browser.cookie().is_none());

    // A copy of the cookie is dead too.
    browser.set_cookie(token);
    let replayed = browser.get("/api/session").await;
    assert_eq!(replayed.status, 204);
    assert_eq!(
        browser
            .post("/api/session/refresh", &json!({}))
            .await
            .code(),
        Some("sign_in_required")
    );
    browser.set_cookie(None);
    assert_eq!(browser.delete("/api/session").await.status, 401);

    // Only that session ended: the same account elsewhere is still signed in.
    assert_eq!(elsewhere.get("/api/session").await.status, 200);
}

#[tokio::test]
async fn every_sign_in_gets_a_new_token_and_ends_the_old_session() {
    let app = spawn_app().await;
    // A token planted before sign-in (session fixation) is not the one after.
    let planted = "ab".repeat(32);
    let browser = app.browser();
    browser.set_cookie(Some(planted.clone()));
    let reply = browser
        .sign_in(&demo_iin(Role::Citizen), &demo_password())
        .await;
    assert_eq!(reply.status, 200);
    let first = browser.cookie().unwrap();
    assert_ne!(first, planted);
    let spy = app.browser();
    spy.set_cookie(Some(planted));
    assert_eq!(spy.get("/api/session").await.status, 204);

    // Signing in again, with the first session's cookie: a new token, the first one dead.
    let reply = browser
        .sign_in(&demo_iin(Role::Operator), &demo_password())
        .await;
    assert_eq!(reply.status, 200);
    let second = browser.cookie().unwrap();
    assert_ne!(second, first);
    spy.set_cookie(Some(first));
    assert_eq!(spy.get("/api/session").await.status, 204);
    assert_eq!(browser.get("/api/session").await.json["role"], "operator");

    // Registering from a signed-in browser ends that session too.
    let reply = browser
        .register("960914400450", "a long enough secret", "+7 701 234 56 78")
        .await;
    assert_eq!(reply.status, 201);
    assert_ne!(browser.cookie().unwrap(), second);
    spy.set_cookie(Some(second));
    assert_eq!(spy.get("/api/session").await.status, 204);
}

#[tokio::test]
async fn the_database_keeps_only_a_hash_of_the_session_token() {
    let app = spawn_app().await;
    let browser = app.signed_in(Role::Citizen).await;
    let token = browser.cookie().unwrap();
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions")
        .fetch_all(&app.database().await)
        .await
        .unwrap();
    let expected: String = Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hashes, [(expected,)]);
    assert_ne!(hashes[0].0, token);
}

#[tokio::test]
async fn state_changes_from_another_site_are_refused() {
    let app = spawn_app().await;
    let browser = app.signed_in(Role::Citizen).await;
    let sign_in = json!({ "iin": demo_iin(Role::Operator), "password": demo_password() });
    let register = json!({
        "iin": "960914400450",
        "password": "a long enough secret",
        "password_repeat": "a long enough secret",
        "phone": "+7 701 234 56 78",
    });
    let cross_site: [(&str, &str); 4] = [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ];
    for (header, value) in cross_site {
        for (method, path, body) in [
            (Method::POST, "/api/session", Some(&sign_in)),
            (Method::POST, "/api/accounts", Some(&register)),
            (Method::POST, "/api/session/refresh", None),
            (Method::DELETE, "/api/session", None),
        ] {
            let mut request = browser.request(method.clone(), path).header(header, value);
            if let Some(body) = body {
                request = request.json(body);
            }
            let reply = browser.send(request).await;
            assert_eq!(reply.status, 403, "{method} {path} with {header}: {value}");
            assert_eq!(reply.code(), Some("cross_site_request"));
            assert!(reply.session_set_cookie().is_none());
        }
    }
    // Nothing happened: still the citizen, and no account was made.
    let session = browser.get("/api/session").await;
    assert_eq!(session.json["role"], "citizen");
    let (accounts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM accounts")
        .fetch_one(&app.database().await)
        .await
        .unwrap();
    assert_eq!(accounts, 6);

    // Reading from another site is allowed (SameSite=Strict keeps the cookie home anyway).
    let reply = browser
        .send(
            browser
                .request(Method::GET, "/api/session")
                .header("origin", "http://evil.example"),
        )
        .await;
    assert_eq!(reply.status, 200);

    // Our own pages: the same origin, or a browser saying so.
    let own_origin = app.address.clone();
    for (header, value) in [
        ("origin", own_origin.as_str()),
        ("sec-fetch-site", "same-origin"),
    ] {
        let reply = browser
            .send(
                browser
                    .request(Method::POST, "/api/session/refresh")
                    .header(header, value),
            )
            .await;
        assert_eq!(reply.status, 200, "{header}: {value}: {}", reply.text);
    }
}

#[tokio::test]
async fn signed_in_answers_say_how_long_the_session_has_left() {
    let app = spawn_app().await;
    let browser = app.signed_in(Role::ProviderHead).await;
    // The idle time (1800 s) less the whole seconds gone since sign-in: a slow machine may
    // cross a second or two between the sign-in and a request.
    let left = |reply: &crate::support::Reply| -> u32 {
        reply
            .headers
            .get("x-session-expires-in")
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(0)
    };
    for path in [
        "/api/session",
        "/api/services",
        "/api/health",
        "/api/no/such",
    ] {
        let reply = browser.get(path).await;
        assert!(
            (1790..=1800).contains(&left(&reply)),
            "{path}: {:?}",
            reply.headers
        );
    }
    // A refused request of a signed-in account carries it too.
    let refused = browser.get("/api/accounts").await;
    assert_eq!(refused.status, 403);
    assert!((1790..=1800).contains(&left(&refused)));

    let anonymous = app.browser().get("/api/services").await;
    assert!(anonymous.headers.get("x-session-expires-in").is_none());
}
