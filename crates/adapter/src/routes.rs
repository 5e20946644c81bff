//! The JSON API, a file per action. Each handler's doc says which roles may call it; the
//! OpenAPI document at `/api/openapi.json` is generated from these handlers and the domain
//! types, so it cannot drift from the code.

mod health;
mod services;

use std::sync::Arc;

use axum::{
    Json, Router,
    routing::{any, get},
};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{catalogue::Catalogue, error::AppError};

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub catalogue: Arc<Catalogue>,
    pub db: sqlx::SqlitePool,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Qyzmet API", description = "The citizen-services portal's JSON API. Errors are `{ code, message, field? }`."),
    tags((name = "catalogue", description = "Public services and the regulations that set them up. Roles: anyone."))
)]
struct ApiDoc;

/// The API routes under `/api`, with the OpenAPI document.
pub fn api(state: AppState) -> Router {
    let (router, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(services::list_services))
        .routes(routes!(services::get_service))
        .split_for_parts();
    let openapi = Arc::new(openapi);
    router
        .route(
            "/api/openapi.json",
            get(move || async move { Json(openapi.as_ref().clone()) }),
        )
        // An unknown API path is a JSON 404 (never the app's page), whatever the method.
        .route("/api", any(unknown_api_path))
        .route("/api/{*rest}", any(unknown_api_path))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .with_state(state)
}

async fn unknown_api_path() -> AppError {
    AppError::NotFound("this API path".into())
}
