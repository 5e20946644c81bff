//! `GET /api/health` — is the adapter up, and which catalogue does it serve. Roles: anyone.

use axum::{Json, extract::State};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use crate::{error::AppError, storage};

#[derive(Serialize, ToSchema)]
pub struct Health {
    status: &'static str,
    /// SHA-256 of the catalogue data files served.
    catalogue_digest: String,
    services: usize,
    /// How many starts the database has recorded (a round trip to it).
    starts_recorded: i64,
}

/// Health of the adapter and its database. Roles: anyone.
#[utoipa::path(get, path = "/api/health", tag = "catalogue",
    responses((status = 200, description = "The adapter and its database answer", body = Health)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let starts_recorded = storage::ping(&state.db).await?;
    Ok(Json(Health {
        status: "ok",
        catalogue_digest: state.catalogue.digest().to_owned(),
        services: state.catalogue.services().len(),
        starts_recorded,
    }))
}
