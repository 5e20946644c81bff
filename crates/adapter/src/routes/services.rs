//! `GET /api/services`, `GET /api/services/{id}`, `GET /api/services/{id}/form` — the catalogue
//! and its request forms. Roles: anyone (public).

use axum::{
    Json,
    extract::{Path, State},
};
use qyzmet_domain::{
    ApiError, ServiceList, ServicePage,
    catalogue::{DueToday, RegulationDue},
    form::FormDefinition,
};

use super::AppState;
use crate::{clock, error::AppError};

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

/// When the result of a request made now would be due, by each region's regulation, on the
/// working-day calendar. Roles: anyone.
#[utoipa::path(get, path = "/api/services/{id}/due", tag = "catalogue",
    params(("id" = String, Path, description = "The service id")),
    responses(
        (status = 200, description = "The due dates", body = DueToday),
        (status = 404, description = "No service has this id", body = ApiError),
    ))]
pub async fn get_due(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DueToday>, AppError> {
    let service = state
        .catalogue
        .services()
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| AppError::NotFound(format!("service \"{}\"", id.escape_default())))?;
    let now = clock::now();
    let regulations: Vec<RegulationDue> = service
        .regulations
        .iter()
        .map(|r| r.due_if_applied(state.catalogue.calendar(), now))
        .collect();
    Ok(Json(DueToday { regulations }))
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
