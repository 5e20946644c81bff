use qyzmet_domain::{ApiError, Channel, Duration, ErrorCode, ServiceList, ServicePage};

use crate::support::spawn_app;

#[tokio::test]
async fn the_catalogue_lists_the_four_services_by_their_official_names() {
    let app = spawn_app().await;
    let response = app.get("/api/services").await;
    assert_eq!(response.status(), 200);
    let list: ServiceList = response.json().await.unwrap();
    let ids: Vec<&str> = list.services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "housing-assistance",
            "housing-waiting-list",
            "foster-care",
            "adoption-registration"
        ]
    );
    let names: Vec<&str> = list.services.iter().map(|s| s.name.kk.as_str()).collect();
    assert_eq!(names[0], "Тұрғын үй көмегін тағайындау");
    assert!(names[1].starts_with("Мемлекеттік тұрғын үй қорынан берілетін тұрғын үйге"));
    assert_eq!(names[2], "Баланы (балаларды) патронаттық тәрбиелеуге беру");
    assert_eq!(
        names[3],
        "Бала асырап алуға тілек білдірген адамдарды есепке қою"
    );
    assert_eq!(list.services[0].name.ru, "Назначение жилищной помощи");
    assert!(
        list.services
            .iter()
            .all(|s| s.free && !s.regions.is_empty())
    );
    assert_eq!(
        list.services[0].regions,
        ["almaty-city", "karaganda", "atyrau"]
    );
    assert_eq!(list.regions.len(), 5);
}

#[tokio::test]
async fn a_service_page_has_each_regions_stages_with_their_clauses() {
    let app = spawn_app().await;
    let page: ServicePage = app
        .get("/api/services/housing-assistance")
        .await
        .json()
        .await
        .unwrap();
    let regions: Vec<&str> = page
        .service
        .regulations
        .iter()
        .map(|r| r.region.as_str())
        .collect();
    assert_eq!(regions, ["almaty-city", "karaganda", "atyrau"]);

    let almaty = &page.service.regulations[0];
    assert_eq!(almaty.act, "000");
    // Almaty: register 20 min, head 30 min, commission 2 + 3 working days, notification 2.
    let provider_stages: Vec<Duration> = almaty
        .stages
        .iter()
        .filter(|s| s.channel.is_none())
        .map(|s| s.duration)
        .collect();
    assert_eq!(
        provider_stages,
        [
            Duration::Minutes(20),
            Duration::Minutes(30),
            Duration::WorkingDays(2),
            Duration::WorkingDays(3),
            Duration::WorkingDays(2)
        ]
    );
    assert!(almaty.stages.iter().all(|s| !s.source.clause.is_empty()));

    let atyrau = &page.service.regulations[2];
    assert_eq!(atyrau.totals[0].duration, Duration::CalendarDays(10));

    // The acts the page cites come with it, so the page needs one request.
    for id in ["000", "001", "002"] {
        assert!(page.act(id).is_some(), "act {id} is sent with the page");
    }
    assert!(page.service.channels().contains(&Channel::ServiceCentre));
    assert_eq!(
        page.service.documents.len(),
        8,
        "001 §14 lists eight documents"
    );
}

#[tokio::test]
async fn totals_differ_by_channel_where_the_regulation_says_so() {
    let app = spawn_app().await;
    for (id, days) in [
        ("foster-care", 30),
        ("adoption-registration", 15),
        ("housing-waiting-list", 30),
    ] {
        let page: ServicePage = app
            .get(&format!("/api/services/{id}"))
            .await
            .json()
            .await
            .unwrap();
        let totals = &page.service.regulations[0].totals;
        assert!(
            totals
                .iter()
                .any(|t| t.duration == Duration::CalendarDays(days)),
            "{id}: {totals:?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_service_is_a_json_404_with_a_stable_code() {
    let app = spawn_app().await;
    let response = app.get("/api/services/no-such-service").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json_not_the_app() {
    let app = spawn_app().await;
    let response = app.get("/api/no/such/path").await;
    assert_eq!(response.status(), 404);
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::NotFound);

    let response = app
        .client
        .delete(app.url("/api/services"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let error: ApiError = response.json().await.unwrap();
    assert_eq!(error.code, ErrorCode::MethodNotAllowed);
}

#[tokio::test]
async fn odd_ids_are_not_found_never_a_server_error() {
    let app = spawn_app().await;
    for id in ["%00", "..%2F..%2Fetc%2Fpasswd", "ЖСН", &"x".repeat(5000)] {
        let response = app.get(&format!("/api/services/{id}")).await;
        assert_eq!(response.status(), 404, "{id}");
    }
}
