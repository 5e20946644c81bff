//! `/api/applications`: a citizen's requests while drafts — create, list mine, read, save
//! answers, delete. Each is the applicant's own: another person's answers `forbidden`.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use qyzmet_domain::{
    ApiError, Problem, Role,
    application::{AnswersUpdate, Application, ApplicationList, NewApplication},
};

use super::AppState;
use crate::{
    access::SignedInCaller,
    applications, documents,
    error::{AppError, JsonBody},
    intake,
};

/// Starts a request for a service. Roles: citizen (for themselves: no `on_behalf`); operator
/// (on a citizen's behalf: `on_behalf` names the applicant and any representative, looked up
/// in the persons database and, for a notarised power of attorney, the notary registry).
#[utoipa::path(post, path = "/api/applications", tag = "applications", request_body = NewApplication,
    responses(
        (status = 201, description = "The new draft", body = Application),
        (status = 403, description = "`forbidden`: a citizen naming someone else, or an operator without a branch", body = ApiError),
        (status = 422, description = "`invalid_input`: `service` (`not_a_choice`); an operator's `applicant` (`empty`, IIN rules, `not_in_persons_database`), `representative_iin` (IIN rules, `not_in_persons_database`, `same_as_applicant`, `poa_other_representative`), `poa_number` (`empty`, `poa_unknown`, `poa_other_principal`, `poa_expired`), `poa_date` (`empty`, `not_a_date`, `poa_other_date`)", body = ApiError),
    ))]
pub async fn create(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    JsonBody(new): JsonBody<NewApplication>,
) -> Result<(StatusCode, Json<Application>), AppError> {
    let application = match (session.account.role(), &new.on_behalf) {
        (Role::Operator, Some(on_behalf)) => {
            intake::create(
                &state.db,
                &state.catalogue,
                state.persons.as_ref(),
                state.notaries.as_ref(),
                &session,
                &new.service,
                on_behalf,
            )
            .await?
        }
        (Role::Operator, None) => return Err(AppError::invalid("applicant", Problem::Empty)),
        (_, Some(_)) => return Err(AppError::Forbidden),
        (_, None) => {
            applications::create(
                &state.db,
                &state.catalogue,
                state.persons.as_ref(),
                &session,
                &new.service,
            )
            .await?
        }
    };
    Ok((StatusCode::CREATED, Json(application)))
}

/// The caller's applications, the latest change first. Roles: citizen.
#[utoipa::path(get, path = "/api/applications", tag = "applications",
    responses((status = 200, description = "Mine", body = ApplicationList)))]
pub async fn list(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<ApplicationList>, AppError> {
    let applications = applications::list(&state.db, &state.catalogue, &session).await?;
    Ok(Json(ApplicationList { applications }))
}

/// One application with its answers. Roles: citizen, its applicant.
#[utoipa::path(get, path = "/api/applications/{id}", tag = "applications",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The application", body = Application),
        (status = 403, description = "`forbidden`: someone else's", body = ApiError),
        (status = 404, description = "No such application", body = ApiError),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<Application>, AppError> {
    applications::get(
        &state.db,
        &state.catalogue,
        state.persons.as_ref(),
        &session,
        &id,
    )
    .await
    .map(Json)
}

/// Saves answers as typed; all or none. An answer changes only for a higher `seq`. Roles:
/// citizen, its applicant.
#[utoipa::path(patch, path = "/api/applications/{id}", tag = "applications", request_body = AnswersUpdate,
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The application after the save", body = Application),
        (status = 403, description = "`forbidden`: someone else's", body = ApiError),
        (status = 404, description = "No such application", body = ApiError),
        (status = 422, description = "`invalid_input`: each answer's field and broken rule; nothing saved", body = ApiError),
    ))]
pub async fn save(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    JsonBody(update): JsonBody<AnswersUpdate>,
) -> Result<Json<Application>, AppError> {
    applications::save(
        &state.db,
        &state.catalogue,
        state.persons.as_ref(),
        &session,
        &id,
        update,
    )
    .await
    .map(Json)
}

/// Deletes a draft. Roles: citizen, its applicant.
#[utoipa::path(delete, path = "/api/applications/{id}", tag = "applications",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "`forbidden`: someone else's", body = ApiError),
        (status = 404, description = "No such application", body = ApiError),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    documents::delete_application(&state.db, &state.documents, &session, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
