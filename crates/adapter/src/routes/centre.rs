//! `/api/centre/…`: a service centre's results and its day. Roles: operator; a result is
//! handed out only at the branch that accepted its request (checked in `centre`).

use axum::{
    Json,
    extract::{Path, Query, State},
};
use qyzmet_domain::{
    ApiError,
    intake::{CentreDay, CentreResult, CentreResults, HandoverRequest},
};
use serde::Deserialize;

use super::AppState;
use crate::{
    access::SignedInCaller,
    centre,
    error::{AppError, JsonBody},
};

/// `?q=`: a request number (`2026-000042`) or the applicant's IIN.
#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// The requests service centres accepted with this number, or for this IIN, with where each
/// result is (any branch's: the operator tells the applicant where to go). Roles: operator.
#[utoipa::path(get, path = "/api/centre/results", tag = "intake",
    params(("q" = String, Query, description = "A request number (`2026-000042`) or an IIN")),
    responses(
        (status = 200, description = "The latest first, at most 50", body = CentreResults),
        (status = 422, description = "`invalid_input` at `q`: `empty`, or `not_a_choice` (neither a number nor an IIN)", body = ApiError),
    ))]
pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<CentreResults>, AppError> {
    let results = centre::search(&state.db, state.persons.as_ref(), &query.q).await?;
    Ok(Json(CentreResults { results }))
}

/// The caller's branch's results kept past their month uncollected, to pass to the provider
/// (001 §10, 002 §12). Roles: operator.
#[utoipa::path(get, path = "/api/centre/uncollected", tag = "intake",
    responses((status = 200, description = "The oldest first", body = CentreResults)))]
pub async fn uncollected(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<CentreResults>, AppError> {
    let results = centre::uncollected(&state.db, state.persons.as_ref(), &session).await?;
    Ok(Json(CentreResults { results }))
}

/// Records that a result was handed out to its applicant (the journal's signature, 002 §5)
/// or passed to the provider after its month. Roles: operator, of the branch that accepted
/// the request.
#[utoipa::path(post, path = "/api/centre/results/{id}/handover", tag = "intake", request_body = HandoverRequest,
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "Recorded", body = CentreResult),
        (status = 404, description = "No request accepted at a service centre with this id", body = ApiError),
        (status = 409, description = "`conflict`: at `branch` `another_branch`; at `kind` `not_ready` (not issued yet, or already handed over) or `still_kept` (its month is not out)", body = ApiError),
    ))]
pub async fn hand_over(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<HandoverRequest>,
) -> Result<Json<CentreResult>, AppError> {
    let result = centre::hand_over(
        &state.db,
        state.persons.as_ref(),
        &session,
        &id,
        request.kind,
    )
    .await?;
    state.changes.announce(&id);
    Ok(Json(result))
}

/// The caller's branch today: requests accepted, intakes refused, results handed out and
/// passed on, the median minutes per request. Roles: operator.
#[utoipa::path(get, path = "/api/centre/day", tag = "intake",
    responses((status = 200, description = "Today's figures", body = CentreDay)))]
pub async fn day(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<CentreDay>, AppError> {
    centre::day(&state.db, &session).await.map(Json)
}
