//! `GET /api/services`, `GET /api/services/{id}`, `GET /api/services/{id}/form` — the catalogue
//! and its request forms. Roles: anyone (public).

use axum::{
    Json,
    extract::{Path, State},
};
use qyzmet_domain::{ApiError, ServiceList, ServicePage, form::FormDefinition};

use super::AppState;
use crate::error::AppError;

/// The catalogue of services, in catalogue order, with the regions they name. Roles: anyone.
#[utoipa::path(get, path = "/api/services", tag = "catalogue",
    responses((status = 200, description = "Every service", body = ServiceList)))]
pub async fn list_services(State(state): State<AppState>) -> Json<ServiceList> {
    Json(state.catalogue.list())
}

/// One service with its documents, regional regulations, stages and the acts they cite.
/// Roles: anyone.
#[utoipa::path(get, path = "/api/services/{id}", tag = "catalogue",
    params(("id" = String, Path, description = "The service id, e.g. `housing-assistance`")),
    responses(
        (status = 200, description = "The service", body = ServicePage),
        (status = 404, description = "No service has this id", body = ApiError),
    ))]
pub async fn get_service(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ServicePage>, AppError> {
    state
        .catalogue
        .page(&id)
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("service \"{}\"", id.escape_default())))
}

/// A service's request form: its pages, fields, format rules and conditions (the common pages
/// first), for the app's form engine. Roles: anyone.
#[utoipa::path(get, path = "/api/services/{id}/form", tag = "catalogue",
    params(("id" = String, Path, description = "The service id")),
    responses(
        (status = 200, description = "The form", body = FormDefinition),
        (status = 404, description = "No service has this id", body = ApiError),
    ))]
pub async fn get_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<FormDefinition>, AppError> {
    state
        .catalogue
        .form(&id)
        .cloned()
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("service \"{}\"", id.escape_default())))
}
