//! `/api/workbench…`: the provider's staff list their provider's requests, open one, take it
//! a step on, and download its scans.

use axum::{
    Json,
    extract::{Path, Query, State},
    response::Response,
};
use qyzmet_domain::{
    ApiError, Problem,
    tracking::{CaseFile, WorkbenchAction, WorkbenchPage},
    workflow::RequestState,
};
use serde::Deserialize;

use super::AppState;
use crate::{
    access::SignedInCaller,
    error::{AppError, JsonBody},
    workbench::{self, DEFAULT_PER_PAGE, Filter},
};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `open` (default: not issued yet), or one state: `submitted`, `registered`, `assigned`,
    /// `prepared`, `signed`, `issued`.
    state: Option<String>,
    /// 1-based.
    page: Option<u32>,
    /// At most 100; 20 by default.
    per_page: Option<u32>,
}

/// The requests of the caller's provider, the step each waits for due first (the overdue
/// lead), paged. Roles: provider office, head, executor.
#[utoipa::path(get, path = "/api/workbench", tag = "workbench", params(ListQuery),
    responses(
        (status = 200, description = "A page of requests", body = WorkbenchPage),
        (status = 422, description = "`invalid_input` at `state`: `not_a_choice`", body = ApiError),
    ))]
pub async fn list(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Query(query): Query<ListQuery>,
) -> Result<Json<WorkbenchPage>, AppError> {
    let filter = match query.state.as_deref() {
        None | Some("open") => Filter::Open,
        Some(name) => serde_json::from_value::<RequestState>(serde_json::json!(name))
            .map(Filter::State)
            .map_err(|_| AppError::invalid("state", Problem::NotAChoice))?,
    };
    Ok(Json(
        workbench::list(
            &state.db,
            &state.catalogue,
            state.persons.as_ref(),
            &session,
            filter,
            query.page.unwrap_or(1),
            query.per_page.unwrap_or(DEFAULT_PER_PAGE),
        )
        .await?,
    ))
}

/// A request of the caller's provider: its status, answers as signed, attached files, the
/// provider's executors and the refusal grounds of its service. Roles: provider office, head,
/// executor.
#[utoipa::path(get, path = "/api/workbench/{id}", tag = "workbench",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The case file", body = CaseFile),
        (status = 404, description = "No such request at the caller's provider", body = ApiError),
    ))]
pub async fn case_file(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<CaseFile>, AppError> {
    Ok(Json(
        workbench::case_file(
            &state.db,
            &state.catalogue,
            state.persons.as_ref(),
            &session,
            &id,
        )
        .await?,
    ))
}

/// Takes the request one step on: `register` (office), `assign` with `executor` (head),
/// `prepare` with `outcome`, `grounds`, `comment` (the assigned executor), `sign` (head: with
/// the provider's certificate), `issue` (office). Roles: provider office, head, executor,
/// each for their own steps.
#[utoipa::path(post, path = "/api/workbench/{id}/actions", tag = "workbench",
    request_body = WorkbenchAction,
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "Done: the case file after it", body = CaseFile),
        (status = 403, description = "`forbidden`: another role makes this step", body = ApiError),
        (status = 404, description = "No such request at the caller's provider", body = ApiError),
        (status = 409, description = "`conflict`: `out_of_order` (not the step it waits for, or made by someone else just now), `not_the_executor`", body = ApiError),
        (status = 422, description = "`invalid_input`: `executor` (`empty`, `not_a_choice`), `outcome` (`empty`), `grounds` (`not_a_choice`, `reason_needed`), `comment` (`too_long`)", body = ApiError),
    ))]
pub async fn act(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<WorkbenchAction>,
) -> Result<Json<CaseFile>, AppError> {
    Ok(Json(
        workbench::act(
            &state.db,
            &state.catalogue,
            &state.pki,
            state.persons.as_ref(),
            &state.changes,
            &session,
            &id,
            &body,
        )
        .await?,
    ))
}

/// An attached scan of a request of the caller's provider, as a download (never inline).
/// Roles: provider office, head, executor.
#[utoipa::path(get, path = "/api/workbench/{id}/documents/{document}", tag = "workbench",
    params(
        ("id" = String, Path, description = "The application id"),
        ("document" = String, Path, description = "The attached file id"),
    ),
    responses((status = 200, description = "The file, `Content-Disposition: attachment`")))]
pub async fn document(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (sha256, name, content_type) =
        workbench::document(&state.db, &session, &id, &document).await?;
    let body = state
        .documents
        .blobs()
        .read(sha256)
        .await
        .map_err(|e| anyhow::anyhow!("cannot read a stored file: {e}"))?;
    super::documents::serve(body, &content_type, &name)
}
