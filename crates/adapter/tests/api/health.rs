use serde_json::Value;

use crate::support::spawn_app;

#[tokio::test]
async fn health_answers_with_the_catalogue_and_a_database_round_trip() {
    let app = spawn_app().await;
    let response = app.get("/api/health").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["services"], 4);
    assert_eq!(
        body["starts_recorded"], 1,
        "this start is recorded in the database"
    );
    assert_eq!(body["catalogue_digest"].as_str().unwrap().len(), 64);
    assert!(
        app.data_dir.path().join("qyzmet.db").is_file(),
        "a real SQLite file"
    );
}

#[tokio::test]
async fn the_openapi_document_is_generated_from_the_routes() {
    let app = spawn_app().await;
    let body: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(body["openapi"].as_str().unwrap().starts_with("3."));
    for path in ["/api/health", "/api/services", "/api/services/{id}"] {
        assert!(
            body["paths"][path]["get"].is_object(),
            "{path} is documented"
        );
    }
    assert!(body["components"]["schemas"]["ServicePage"].is_object());
    assert!(body["components"]["schemas"]["ApiError"].is_object());
}
