//! The electronic queue over HTTP (issue 10): branches, their days and slots from the working
//! calendar; booking, moving and cancelling; every refused booking with its code and nothing
//! booked; a slot never holding more than its places under concurrent attempts; the hall's
//! kiosk, the operator's calls in order, the display's live changes.
//!
//! The tests run on any day: they pick the days they need from the branch's own calendar
//! (an open day ahead, a closed one), and plant bookings at "now" in the SQLite file where a
//! check-in needs one.

use futures_util::future::join_all;
use qyzmet_domain::Role;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use qyzmet_domain::booking::{
    Board, Booking, Bookings, BranchCalendar, DaySlots, QueueBranches, QueueToday, Ticket,
};

use crate::{
    decode::decodes_as_serde,
    support::{Browser, TestApp, spawn_app},
};

const DISTRICT: &str = "inder";
const REGIONAL: &str = "atyrau-regional";

/// The SQLite file beside the running server, writable (the test plants rows).
async fn database(app: &TestApp) -> SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(app.data_dir.path().join("qyzmet.db"))
        .busy_timeout(std::time::Duration::from_secs(5));
    SqlitePool::connect_with(options).await.unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .try_into()
        .unwrap()
}

/// `count` citizens with sessions, written straight into the database (signing each in would
/// hash a password per person); each browser holds its session's cookie.
async fn citizens(app: &TestApp, count: usize) -> Vec<Browser> {
    let db = database(app).await;
    let mut browsers = Vec::new();
    for n in 0..count {
        let iin = format!("7001013{n:05}");
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO accounts (iin, role, password_hash, phone, created_at)
             VALUES (?, 'citizen', 'planted', '+77010000000', ?) RETURNING id",
        )
        .bind(&iin)
        .bind(now())
        .fetch_one(&db)
        .await
        .unwrap();
        // A token as the adapter makes them: 64 hex digits; it keeps only the token's hash.
        let token = hex(&Sha256::digest(format!("planted-session-{n}-{}", now())));
        let hash = hex(&Sha256::digest(token.as_bytes()));
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen) VALUES (?, ?, ?, ?)",
        )
        .bind(hash)
        .bind(id)
        .bind(now())
        .bind(now())
        .execute(&db)
        .await
        .unwrap();
        let browser = app.browser();
        browser.set_cookie(Some(token));
        browsers.push(browser);
    }
    browsers
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn days(app: &TestApp, branch: &str) -> Vec<Value> {
    let reply = app
        .browser()
        .get(&format!("/api/queue/branches/{branch}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    decodes_as_serde::<BranchCalendar>(&reply.json);
    reply.json["days"].as_array().unwrap().clone()
}

/// The first day after today with free places, and its slots.
async fn open_day(app: &TestApp, branch: &str) -> (String, Vec<Value>) {
    let days = days(app, branch).await;
    let day = days[1..]
        .iter()
        .find(|d| d["free"].as_u64().unwrap() > 0)
        .expect("an open day within the horizon");
    let date = day["date"].as_str().unwrap().to_owned();
    (date.clone(), slots(app, branch, &date).await)
}

async fn slots(app: &TestApp, branch: &str, date: &str) -> Vec<Value> {
    let reply = app
        .browser()
        .get(&format!("/api/queue/branches/{branch}/slots?date={date}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    decodes_as_serde::<DaySlots>(&reply.json);
    reply.json["slots"].as_array().unwrap().clone()
}

fn left_at(slots: &[Value], start: &str) -> u64 {
    slots.iter().find(|s| s["start"] == start).unwrap()["left"]
        .as_u64()
        .unwrap()
}

fn request(branch: &str, start: &str) -> Value {
    json!({ "branch": branch, "purpose": "collect-result", "start": start })
}

async fn bookings_held(app: &TestApp) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM queue_bookings WHERE state IN ('booked', 'arrived')")
            .fetch_one(&database(app).await)
            .await
            .unwrap();
    n
}

#[tokio::test]
async fn branches_days_and_slots_follow_the_calendar() {
    let app = spawn_app().await;
    let reply = app.browser().get("/api/queue/branches").await;
    assert_eq!(reply.status, 200);
    // The app reads every queue answer with its own decoders: they give what serde gives.
    decodes_as_serde::<QueueBranches>(&reply.json);
    let branches = reply.json["branches"].as_array().unwrap();
    assert_eq!(branches.len(), 10);
    let regional = branches
        .iter()
        .find(|b| b["branch"]["id"] == REGIONAL)
        .unwrap();
    assert_eq!(
        regional["hours"]["weekdays"],
        json!({ "from": "09:00", "to": "18:00" })
    );
    assert_eq!(
        regional["hours"]["lunch"],
        json!({ "from": "13:00", "to": "14:00" })
    );
    assert_eq!(
        regional["hours"]["saturday"],
        json!({ "from": "09:00", "to": "13:00" })
    );

    let district = days(&app, DISTRICT).await;
    let duty = days(&app, REGIONAL).await;
    assert_eq!(district.len(), 31, "today and 30 days ahead");
    for (d, r) in district.iter().zip(&duty) {
        let date = d["date"].as_str().unwrap();
        match d["closed"].as_str() {
            // A closed day has no hours and no slots; a holiday has its name.
            Some(reason) => {
                assert!(d["hours"].is_null() && d["free"] == 0, "{date}");
                assert!(slots(&app, DISTRICT, date).await.is_empty(), "{date}");
                if reason == "holiday" {
                    assert!(d["holiday"]["ru"].is_string(), "{date}");
                    assert_eq!(r["closed"], "holiday", "{date}: the duty centre too");
                }
            }
            None => {
                assert_eq!(
                    d["hours"],
                    json!({ "from": "09:00", "to": "18:00" }),
                    "{date}"
                );
                // No slot in the lunch break; the last one ends at closing.
                let slots = slots(&app, DISTRICT, date).await;
                assert!(slots.iter().all(|s| {
                    let start = s["start"].as_str().unwrap();
                    !(start[11..16] >= *"13:00" && start[11..16] < *"14:00")
                        && start.ends_with("+05:00")
                }));
                if let Some(last) = slots.last() {
                    assert!(last["end"].as_str().unwrap().contains("T18:00:00"));
                }
            }
        }
        // Saturdays: the district centre is closed, the duty centre opens 09:00–13:00 unless
        // the calendar says otherwise.
        if d["closed"] == "weekend" && r["closed"].is_null() {
            assert_eq!(
                r["hours"],
                json!({ "from": "09:00", "to": "13:00" }),
                "{date}"
            );
            assert!(r["lunch"].is_null());
        }
    }
    assert!(district.iter().any(|d| d["closed"] == "weekend"));
    assert!(
        duty.iter().any(|d| d["hours"]["to"] == "13:00"),
        "a duty Saturday"
    );

    // Bad input: a JSON error with its code.
    let bad = app
        .browser()
        .get("/api/queue/branches/inder/slots?date=31.02.2026")
        .await;
    assert_eq!(
        (bad.status, bad.problems()),
        (422, vec![("date".into(), "not_a_date".into())])
    );
    let unknown = app.browser().get("/api/queue/branches/nowhere").await;
    assert_eq!((unknown.status, unknown.code()), (404, Some("not_found")));
    let far = slots(&app, DISTRICT, "2099-01-05").await;
    assert!(far.is_empty(), "beyond the horizon nothing is offered");
}

#[tokio::test]
async fn a_citizen_books_moves_and_cancels() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let (date, before) = open_day(&app, DISTRICT).await;
    let (first, second) = (
        before[0]["start"].as_str().unwrap(),
        before[1]["start"].as_str().unwrap(),
    );

    let booked = citizen
        .post("/api/queue/bookings", &request(DISTRICT, first))
        .await;
    assert_eq!(booked.status, 201, "{}", booked.text);
    let id = booked.json["id"].as_str().unwrap().to_owned();
    let code = booked.json["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    decodes_as_serde::<Booking>(&booked.json);
    assert_eq!(booked.json["state"], "booked");
    assert_eq!(booked.json["start"], first);
    assert_eq!(booked.json["branch"]["id"], DISTRICT);
    let after = slots(&app, DISTRICT, &date).await;
    assert_eq!(left_at(&after, first), left_at(&before, first) - 1);

    let mine = citizen.get("/api/queue/bookings").await;
    decodes_as_serde::<Bookings>(&mine.json);
    assert_eq!(mine.json["bookings"][0]["id"], id.as_str());

    // Moved: same booking and code, the old place free at once.
    let moved = citizen
        .call(
            reqwest::Method::PUT,
            &format!("/api/queue/bookings/{id}"),
            Some(&request(DISTRICT, second)),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(
        (moved.json["id"].as_str(), moved.json["code"].as_str()),
        (Some(id.as_str()), Some(code.as_str()))
    );
    let after = slots(&app, DISTRICT, &date).await;
    assert_eq!(left_at(&after, first), left_at(&before, first));
    assert_eq!(left_at(&after, second), left_at(&before, second) - 1);

    // Its QR code holds the code, for the hall kiosk's scanner: an image, never a page.
    let qr = citizen
        .get(&format!("/api/queue/bookings/{id}/qr.svg"))
        .await;
    assert_eq!(qr.status, 200);
    assert_eq!(
        qr.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("image/svg+xml")
    );
    assert_eq!(
        qr.headers
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    assert!(
        qr.text.starts_with("<svg") && qr.text.contains("<rect") && !qr.text.contains("<script")
    );

    // Someone else's booking is not found; an operator may not book.
    let other = &citizens(&app, 1).await[0];
    assert_eq!(
        other
            .get(&format!("/api/queue/bookings/{id}/qr.svg"))
            .await
            .status,
        404
    );
    assert_eq!(
        other.get(&format!("/api/queue/bookings/{id}")).await.status,
        404
    );
    assert_eq!(
        other
            .delete(&format!("/api/queue/bookings/{id}"))
            .await
            .status,
        404
    );
    let operator = app.signed_in(Role::Operator).await;
    assert_eq!(
        operator
            .post("/api/queue/bookings", &request(DISTRICT, first))
            .await
            .status,
        403
    );

    let cancelled = citizen.delete(&format!("/api/queue/bookings/{id}")).await;
    assert_eq!(
        (cancelled.status, cancelled.json["state"].as_str()),
        (200, Some("cancelled"))
    );
    assert_eq!(
        left_at(&slots(&app, DISTRICT, &date).await, second),
        left_at(&before, second)
    );
    let again = citizen.delete(&format!("/api/queue/bookings/{id}")).await;
    assert_eq!(
        (again.status, again.problems()),
        (409, vec![("id".into(), "booking_over".into())])
    );
}

#[tokio::test]
async fn bad_bookings_are_refused_with_their_code_and_nothing_is_booked() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let all = days(&app, DISTRICT).await;
    let (date, free) = open_day(&app, DISTRICT).await;
    let closed = all.iter().find(|d| !d["closed"].is_null()).unwrap()["date"]
        .as_str()
        .unwrap()
        .to_owned();
    let at = |day: &str, time: &str| format!("{day}T{time}:00+05:00");
    for (start, status, problem) in [
        (at("2020-01-06", "10:00"), 422, "slot_past"),
        (at(&date, "13:20"), 422, "at_lunch"),
        (at(&date, "18:20"), 422, "outside_hours"),
        (at(&date, "10:07"), 422, "not_a_slot"),
        (at(&closed, "10:00"), 422, "branch_closed"),
        (at("2099-01-05", "10:00"), 422, "too_far_ahead"),
        ("tomorrow".to_owned(), 422, "not_a_date"),
    ] {
        let reply = citizen
            .post("/api/queue/bookings", &request(DISTRICT, &start))
            .await;
        assert_eq!(
            (reply.status, reply.problems()),
            (status, vec![("start".into(), problem.into())]),
            "{start}"
        );
    }
    let first = free[0]["start"].as_str().unwrap();
    let purpose = json!({ "branch": DISTRICT, "purpose": "haircut", "start": first });
    let reply = citizen.post("/api/queue/bookings", &purpose).await;
    assert_eq!(
        reply.problems(),
        vec![("purpose".into(), "not_a_choice".into())]
    );
    let nowhere = citizen
        .post("/api/queue/bookings", &request("nowhere", first))
        .await;
    assert_eq!(nowhere.status, 404);
    let malformed = citizen
        .post("/api/queue/bookings", &json!({ "branch": DISTRICT }))
        .await;
    assert_eq!(
        (malformed.status, malformed.code()),
        (422, Some("invalid_input"))
    );
    assert_eq!(bookings_held(&app).await, 0);

    // Twice at one time; then past the limit (two within ten days).
    assert_eq!(
        citizen
            .post("/api/queue/bookings", &request(DISTRICT, first))
            .await
            .status,
        201
    );
    let twice = citizen
        .post("/api/queue/bookings", &request(REGIONAL, first))
        .await;
    assert_eq!(
        (twice.status, twice.problems()),
        (409, vec![("start".into(), "already_booked".into())])
    );
    let second = free[3]["start"].as_str().unwrap();
    assert_eq!(
        citizen
            .post("/api/queue/bookings", &request(DISTRICT, second))
            .await
            .status,
        201
    );
    let third = free[6]["start"].as_str().unwrap();
    let over = citizen
        .post("/api/queue/bookings", &request(DISTRICT, third))
        .await;
    assert_eq!(
        (over.status, over.problems()),
        (409, vec![("start".into(), "limit_reached".into())])
    );
    assert_eq!(bookings_held(&app).await, 2);
}

#[tokio::test]
async fn a_slot_never_holds_more_bookings_than_its_places() {
    let app = spawn_app().await;
    let people = citizens(&app, 40).await;
    let (date, free) = open_day(&app, REGIONAL).await;
    let start = free[0]["start"].as_str().unwrap().to_owned();
    let places = free[0]["left"].as_u64().unwrap();
    assert_eq!(places, 6, "six windows");
    let body = request(REGIONAL, &start);
    let replies = join_all(people.iter().map(|p| p.post("/api/queue/bookings", &body))).await;
    let booked = replies.iter().filter(|r| r.status == 201).count();
    assert_eq!(booked, 6);
    for refused in replies.iter().filter(|r| r.status != 201) {
        assert_eq!(
            (refused.status, refused.problems()),
            (409, vec![("start".into(), "slot_full".into())])
        );
    }
    assert_eq!(left_at(&slots(&app, REGIONAL, &date).await, &start), 0);
    assert_eq!(bookings_held(&app).await, 6);

    // A cancelled place returns to the pool at once.
    let holder = replies.iter().position(|r| r.status == 201).unwrap();
    let id = replies[holder].json["id"].as_str().unwrap();
    assert_eq!(
        people[holder]
            .delete(&format!("/api/queue/bookings/{id}"))
            .await
            .status,
        200
    );
    let waiting = replies.iter().position(|r| r.status != 201).unwrap();
    let late = people[waiting]
        .post("/api/queue/bookings", &request(REGIONAL, &start))
        .await;
    assert_eq!(late.status, 201, "{}", late.text);
    assert_eq!(bookings_held(&app).await, 6);
}

/// A booking of `citizen`'s at the operators' branch whose slot began `ago` seconds ago (any
/// time of day: a check-in test cannot wait for opening hours).
async fn planted_booking(app: &TestApp, ago: i64) -> String {
    let db = database(app).await;
    let (account,): (i64,) =
        sqlx::query_as("SELECT id FROM accounts WHERE role = 'citizen' LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let code = match ago {
        120 => "QWERTY",
        3600 => "ASDFGH",
        _ => "ZXCVBN",
    };
    let (iin,): (String,) = sqlx::query_as("SELECT iin FROM accounts WHERE id = ?")
        .bind(account)
        .fetch_one(&db)
        .await
        .unwrap();
    let start = now() - ago;
    sqlx::query(
        "INSERT INTO queue_bookings (id, code, person_iin, branch, purpose, slot_start, slot_end,
           booked_at, changed_at) VALUES (?, ?, ?, 'atyrau-city-1', 'collect-result', ?, ?, ?, ?)",
    )
    .bind(format!("planted{ago}"))
    .bind(code)
    .bind(iin)
    .bind(start)
    .bind(start + 900)
    .bind(start - 86_400)
    .bind(start - 86_400)
    .execute(&db)
    .await
    .unwrap();
    code.to_owned()
}

/// A browser an operator of `branch` set up as its hall kiosk (and was signed out of).
async fn hall_kiosk(app: &TestApp, branch: &str) -> Browser {
    let kiosk = app.signed_in(Role::Operator).await;
    let reply = kiosk.post("/api/queue/hall-device", &json!({})).await;
    assert_eq!(
        (reply.status, reply.json["branch"].as_str()),
        (201, Some(branch)),
        "{}",
        reply.text
    );
    kiosk
}

#[tokio::test]
async fn only_a_screen_an_operator_set_up_gives_tickets_and_checks_in() {
    let app = spawn_app().await;
    let branch = "atyrau-city-1";
    let walk_in = json!({ "purpose": "collect-result" });
    let code = planted_booking(&app, 120).await;
    let check_in = json!({ "code": code });
    let tickets = format!("/api/queue/branches/{branch}/tickets");
    let check_in_path = format!("/api/queue/branches/{branch}/check-in");

    // Anyone, and any signed-in account, is refused: the kiosk is a screen, not a role.
    let mut refused = vec![app.browser()];
    for role in Role::ALL {
        refused.push(app.signed_in(role).await);
    }
    for browser in &refused {
        for (path, body) in [(&tickets, &walk_in), (&check_in_path, &check_in)] {
            let reply = browser.post(path, body).await;
            assert_eq!(
                (reply.status, reply.code()),
                (403, Some("forbidden")),
                "{path}"
            );
        }
        assert_eq!(browser.get("/api/queue/hall-device").await.status, 204);
    }
    let db = database(&app).await;
    let (tickets_issued,): (i64,) = sqlx::query_as("SELECT count(*) FROM queue_tickets")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(tickets_issued, 0, "a refused screen issued no ticket");

    // A citizen may not set a screen up.
    let citizen = app.signed_in(Role::Citizen).await;
    let reply = citizen.post("/api/queue/hall-device", &json!({})).await;
    assert_eq!((reply.status, reply.code()), (403, Some("forbidden")));

    // The operator sets this screen up: it gets an HttpOnly, SameSite cookie for the queue's
    // API only, and the operator's session on it ends there and then.
    let kiosk = app.signed_in(Role::Operator).await;
    let session = kiosk.cookie().expect("signed in");
    let reply = kiosk.post("/api/queue/hall-device", &json!({})).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    decodes_as_serde::<qyzmet_domain::booking::HallDevice>(&reply.json);
    let set = reply.set_cookie("qyzmet_hall").expect("the hall's cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/queue", "Max-Age="] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    assert_eq!(kiosk.cookie(), None, "the session cookie is removed");
    let replayed = app.browser();
    replayed.set_cookie(Some(session));
    assert_eq!(
        replayed.get("/api/session").await.status,
        204,
        "the session has ended on the server"
    );
    assert_eq!(
        kiosk.get("/api/queue/hall-device").await.json["branch"],
        branch
    );

    // It gives tickets and checks in at its own branch, not at another.
    let reply = kiosk.post(&tickets, &walk_in).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let reply = kiosk.post(&check_in_path, &check_in).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    for path in [
        "/api/queue/branches/inder/tickets",
        "/api/queue/branches/inder/check-in",
    ] {
        let reply = kiosk
            .post(path, &json!({ "purpose": "collect-result", "code": code }))
            .await;
        assert_eq!(
            (reply.status, reply.code()),
            (403, Some("forbidden")),
            "{path}"
        );
    }
    // A forged token is no screen.
    let forged = app.browser();
    let reply = forged
        .send(
            forged
                .request(reqwest::Method::POST, &tickets)
                .header("cookie", format!("qyzmet_hall={}", "a".repeat(64)))
                .json(&walk_in),
        )
        .await;
    assert_eq!((reply.status, reply.code()), (403, Some("forbidden")));
}

#[tokio::test]
async fn the_hall_issues_tickets_and_the_operator_calls_them_in_order() {
    let app = spawn_app().await;
    let operator = app.signed_in(Role::Operator).await;
    let branch = "atyrau-city-1";
    let kiosk = hall_kiosk(&app, branch).await;
    // The display's live changes, open before anything happens.
    let mut events = app
        .client
        .get(app.url(&format!("/api/queue/branches/{branch}/board/changes")))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);

    let first = kiosk
        .post(
            &format!("/api/queue/branches/{branch}/tickets"),
            &json!({ "purpose": "collect-result" }),
        )
        .await;
    assert_eq!(
        (first.status, first.json["label"].as_str()),
        (201, Some("A-001")),
        "{}",
        first.text
    );
    assert_eq!(first.json["ahead"], 0);
    decodes_as_serde::<Ticket>(&first.json);
    let second = kiosk
        .post(
            &format!("/api/queue/branches/{branch}/tickets"),
            &json!({ "purpose": "housing-assistance" }),
        )
        .await;
    assert_eq!(
        (second.json["label"].as_str(), second.json["ahead"].as_u64()),
        (Some("A-002"), Some(1))
    );
    let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), events.chunk())
        .await
        .expect("the display hears of the ticket")
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&chunk).contains("event: change"));

    // A booking whose slot began two minutes ago checks in: its ticket goes first.
    let code = planted_booking(&app, 120).await;
    let checked = kiosk
        .post(
            &format!("/api/queue/branches/{branch}/check-in"),
            &json!({ "code": code.to_lowercase() }),
        )
        .await;
    assert_eq!(
        (checked.status, checked.json["label"].as_str()),
        (201, Some("B-001")),
        "{}",
        checked.text
    );
    assert_eq!(checked.json["ahead"], 0);
    let twice = kiosk
        .post(
            &format!("/api/queue/branches/{branch}/check-in"),
            &json!({ "code": code }),
        )
        .await;
    assert_eq!(
        (twice.status, twice.problems()),
        (409, vec![("code".into(), "already_booked".into())])
    );
    // Late past the grace period, far too early, unknown, at another branch.
    let late = planted_booking(&app, 3600).await;
    let reply = kiosk
        .post(
            &format!("/api/queue/branches/{branch}/check-in"),
            &json!({ "code": late }),
        )
        .await;
    assert_eq!(
        (reply.status, reply.problems()),
        (409, vec![("code".into(), "too_late".into())])
    );
    let early = planted_booking(&app, -7200).await;
    let reply = kiosk
        .post(
            &format!("/api/queue/branches/{branch}/check-in"),
            &json!({ "code": early }),
        )
        .await;
    assert_eq!(
        (reply.status, reply.problems()),
        (409, vec![("code".into(), "too_early".into())])
    );
    // Another branch's kiosk (set up in the file: the demo operators are all this branch's)
    // does not know this branch's codes.
    let token = "b".repeat(64);
    sqlx::query(
        "INSERT INTO hall_devices (token_hash, branch, enrolled_by, enrolled_at)
         SELECT ?, 'inder', id, 0 FROM accounts WHERE role = 'operator' LIMIT 1",
    )
    .bind(hex(&Sha256::digest(token.as_bytes())))
    .execute(&database(&app).await)
    .await
    .unwrap();
    let elsewhere = app.browser();
    let reply = elsewhere
        .send(
            elsewhere
                .request(reqwest::Method::POST, "/api/queue/branches/inder/check-in")
                .header("cookie", format!("qyzmet_hall={token}"))
                .json(&json!({ "code": early })),
        )
        .await;
    assert_eq!(
        (reply.status, reply.problems()),
        (422, vec![("code".into(), "unknown_code".into())])
    );

    // Calls: the booking whose time has come, then the walk-ins in order.
    let mut called = Vec::new();
    for window in [3, 4, 3] {
        let reply = operator
            .post("/api/queue/calls", &json!({ "window": window }))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(reply.json["window"], window);
        called.push(reply.json["label"].as_str().unwrap().to_owned());
    }
    assert_eq!(called, ["B-001", "A-001", "A-002"]);
    let none = operator
        .post("/api/queue/calls", &json!({ "window": 3 }))
        .await;
    assert_eq!(none.status, 204);

    let board = app
        .browser()
        .get(&format!("/api/queue/branches/{branch}/board"))
        .await;
    assert_eq!(
        board.json["calls"][0],
        json!({ "label": "A-002", "window": 3, "at": board.json["calls"][0]["at"] })
    );
    assert_eq!(board.json["calls"].as_array().unwrap().len(), 3);
    assert_eq!(board.json["waiting"], 0);
    decodes_as_serde::<Board>(&board.json);

    // Served, then no more changes to it; the day's figures.
    let today = operator.get("/api/queue/today").await;
    let serving = today.json["serving"].as_array().unwrap();
    assert_eq!(serving.len(), 3);
    let ticket = serving[0]["id"].as_i64().unwrap();
    let served = operator
        .post(
            &format!("/api/queue/tickets/{ticket}/outcome"),
            &json!({ "outcome": "served" }),
        )
        .await;
    assert_eq!(
        (served.status, served.json["outcome"].as_str()),
        (200, Some("served"))
    );
    let again = operator
        .post(
            &format!("/api/queue/tickets/{ticket}/outcome"),
            &json!({ "outcome": "no_show" }),
        )
        .await;
    assert_eq!(
        (again.status, again.problems()),
        (409, vec![("ticket".into(), "out_of_order".into())])
    );
    let today = operator.get("/api/queue/today").await;
    assert_eq!(today.json["served"], 1);
    decodes_as_serde::<QueueToday>(&today.json);
    assert_eq!(today.json["waits"]["count"], 3);
    assert!(today.json["waits"]["longest_minutes"].as_u64().unwrap() <= 1);
    // The first served was the booked ticket: its booking says so.
    let (state,): (String,) =
        sqlx::query_as("SELECT state FROM queue_bookings WHERE id = 'planted120'")
            .fetch_one(&database(&app).await)
            .await
            .unwrap();
    assert_eq!(state, "served");

    // A citizen may not call tickets; a window must be a number in range.
    let citizen = app.signed_in(Role::Citizen).await;
    assert_eq!(
        citizen
            .post("/api/queue/calls", &json!({ "window": 1 }))
            .await
            .status,
        403
    );
    let zero = operator
        .post("/api/queue/calls", &json!({ "window": 0 }))
        .await;
    assert_eq!(zero.status, 422);
}
