//! The app reads the API's JSON with `qyzmet_domain::decode`, not serde. Here the adapter's real
//! answers, for the whole catalogue, must decode back to the very values serde wrote: a field
//! added to a domain type but not to its decoder fails this test.

use qyzmet_domain::{
    AccountList, ApiError, Role, ServiceList, ServicePage, SessionInfo,
    application::{Application, ApplicationList},
    catalogue::DueToday,
    decode::{Decode, JsonValue},
    form::FormDefinition,
};
use serde_json::Value;

use crate::support::spawn_app;

/// serde_json's value, seen through the decoder's trait (as the browser's is in the app).
pub(crate) struct Json(pub Value);

/// `value` decodes to exactly what serde reads from it.
pub(crate) fn decodes_as_serde<T>(value: &Value)
where
    T: Decode + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let decoded = T::decode(&Json(value.clone())).expect("the answer decodes");
    assert_eq!(decoded, serde_json::from_value::<T>(value.clone()).unwrap());
}

impl JsonValue for Json {
    fn get(&self, key: &str) -> Option<Self> {
        self.0.get(key).filter(|v| !v.is_null()).cloned().map(Json)
    }
    fn string(&self) -> Option<String> {
        self.0.as_str().map(str::to_owned)
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.0
            .as_array()
            .map(|items| items.iter().cloned().map(Json).collect())
    }
    fn keys(&self) -> Vec<String> {
        self.0
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn every_answer_of_the_api_decodes_to_what_serde_wrote() {
    let app = spawn_app().await;
    let raw: Value = app.get("/api/services").await.json().await.unwrap();
    let list = ServiceList::decode(&Json(raw.clone())).expect("the list decodes");
    assert_eq!(list, serde_json::from_value::<ServiceList>(raw).unwrap());
    assert_eq!(list.services.len(), 4);

    for summary in &list.services {
        let raw: Value = app
            .get(&format!("/api/services/{}", summary.id))
            .await
            .json()
            .await
            .unwrap();
        let page = ServicePage::decode(&Json(raw.clone())).expect("the page decodes");
        assert_eq!(
            page,
            serde_json::from_value::<ServicePage>(raw).unwrap(),
            "{}",
            summary.id
        );
        let due: DueToday = same(
            app.browser()
                .get(&format!("/api/services/{}/due", summary.id))
                .await
                .json,
        );
        assert_eq!(due.regulations.len(), page.service.regulations.len());
    }

    let raw: Value = app.get("/api/services/no-such").await.json().await.unwrap();
    assert_eq!(
        ApiError::decode(&Json(raw.clone())).unwrap(),
        serde_json::from_value::<ApiError>(raw).unwrap()
    );
}

/// Decodes `raw` with our decoder and with serde, and compares.
pub(crate) fn same<T: Decode + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    raw: Value,
) -> T {
    let ours = T::decode(&Json(raw.clone())).expect("it decodes");
    assert_eq!(ours, serde_json::from_value::<T>(raw).unwrap());
    ours
}

#[tokio::test]
async fn accounts_answers_decode_to_what_serde_wrote() {
    let app = spawn_app().await;
    for role in Role::ALL {
        let browser = app.signed_in(role).await;
        let session: SessionInfo = same(browser.get("/api/session").await.json);
        assert_eq!(session.role, role);
    }
    let admin = app.signed_in(Role::Administrator).await;
    let list: AccountList = same(admin.get("/api/accounts").await.json);
    assert_eq!(list.accounts.len(), Role::ALL.len());
    // An error with every field's problem, and one with a lock's end.
    let browser = app.browser();
    let refused = browser
        .post("/api/accounts", &serde_json::json!({ "iin": "1", "password": "", "password_repeat": "x", "phone": "", "email": "@" }))
        .await;
    let error: ApiError = same(refused.json);
    assert_eq!(error.problems.len(), 5);
    for _ in 0..5 {
        browser
            .post(
                "/api/session",
                &serde_json::json!({ "iin": "850714300127", "password": "wrong one" }),
            )
            .await;
    }
    let locked = browser
        .post(
            "/api/session",
            &serde_json::json!({ "iin": "850714300127", "password": "wrong one" }),
        )
        .await;
    let error: ApiError = same(locked.json);
    assert!(error.until.is_some());
}

#[tokio::test]
async fn forms_and_drafts_decode_to_what_serde_wrote() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    for service in [
        "housing-assistance",
        "housing-waiting-list",
        "foster-care",
        "adoption-registration",
    ] {
        let raw: Value = app
            .get(&format!("/api/services/{service}/form"))
            .await
            .json()
            .await
            .unwrap();
        let form: FormDefinition = same(raw);
        // Every service asks about a household: a group of items decodes too.
        assert!(
            form.pages
                .iter()
                .any(|p| p.fields.iter().any(|f| !f.fields.is_empty())),
            "{service}"
        );
        let created = citizen
            .post(
                "/api/applications",
                &serde_json::json!({ "service": service }),
            )
            .await;
        let id = created.json["id"].as_str().unwrap().to_owned();
        let saved = citizen
            .call(
                reqwest::Method::PATCH,
                &format!("/api/applications/{id}"),
                Some(&serde_json::json!({ "answers": { "contact_phone": "8 701 234 56 78", "has_representative": "no" }, "seq": 1 })),
            )
            .await;
        let application: Application = same(saved.json);
        assert_eq!(application.answers.len(), 2);
    }
    let list: ApplicationList = same(citizen.get("/api/applications").await.json);
    assert_eq!(list.applications.len(), 4);
}

#[test]
fn a_wrong_shape_is_an_error_not_a_panic() {
    for bad in [
        serde_json::json!({ "services": "nope", "regions": [] }),
        serde_json::json!({ "services": [{ "id": 1 }], "regions": [] }),
        serde_json::json!([]),
        serde_json::json!(null),
    ] {
        assert!(ServiceList::decode(&Json(bad)).is_err());
    }
    let duration = serde_json::json!({ "hours": 1 });
    assert!(qyzmet_domain::Duration::decode(&Json(duration)).is_err());
    let two_units = serde_json::json!({ "minutes": 1, "calendar_days": 2 });
    assert!(qyzmet_domain::Duration::decode(&Json(two_units)).is_err());
    let fraction = serde_json::json!({ "minutes": 1.5 });
    assert!(qyzmet_domain::Duration::decode(&Json(fraction)).is_err());
}
