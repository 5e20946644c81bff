//! `/api/applications/{id}/status`, `…/changes`, `…/result`: a submitted request's status
//! page, its changes as they happen (server-sent events), and the provider's signed result.

use std::convert::Infallible;

use axum::{
    Json,
    body::Body,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, Uri},
    response::{
        Response,
        sse::{Event, Sse},
    },
};
use futures_util::Stream;
use qyzmet_domain::{
    ApiError,
    tracking::{RequestStatus, SignedResult},
};

use super::AppState;
use super::receipts::{LangQuery, language, origin};
use crate::{access::SignedInCaller, applications::owned, error::AppError, receipts, results};

/// The status page of a submitted request: the stages of its region's regulation with who
/// handles each, its duration, planned due moment, when it happened and which is current; the
/// steps staff made; the result once issued. Opening it marks its changes as seen. Roles:
/// citizen, its applicant.
#[utoipa::path(get, path = "/api/applications/{id}/status", tag = "tracking",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The status", body = RequestStatus),
        (status = 404, description = "No such application, or not submitted", body = ApiError),
    ))]
pub async fn status(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<RequestStatus>, AppError> {
    Ok(Json(
        crate::tracking::applicant_status(
            &state.db,
            &state.catalogue,
            state.persons.as_ref(),
            &state.changes,
            &session,
            &id,
        )
        .await?,
    ))
}

/// Server-sent events: a `change` event each time the request moves (read its status again),
/// and a comment every 15 seconds to keep the connection open. Roles: citizen, its applicant.
#[utoipa::path(get, path = "/api/applications/{id}/changes", tag = "tracking",
    params(("id" = String, Path, description = "The application id")),
    responses((status = 200, description = "text/event-stream")))]
pub async fn changes(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let row = owned(&state.db, &session, &id).await?;
    Ok(super::queue::changes_of(&state.changes, row.id))
}

/// The issued result, signed by the provider: the signed bytes, the detached CMS signature,
/// and whether it verifies (chain to a trusted authority, validity, revocation, the request's
/// provider). Roles: citizen, its applicant; operator, of the branch that accepted it.
#[utoipa::path(get, path = "/api/applications/{id}/result", tag = "tracking",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The signed result", body = SignedResult),
        (status = 404, description = "No issued result yet", body = ApiError),
    ))]
pub async fn result(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<SignedResult>, AppError> {
    Ok(Json(
        results::signed_result(&state.db, &state.pki, &session, &id).await?,
    ))
}

/// The issued result as a PDF (A4) in Kazakh or Russian, to download: the request, the
/// decision with its grounds and queue number, who signed it and when, the SHA-256 of the
/// signed bytes and whether the signature verifies, and a QR code of the status page. Roles:
/// citizen, its applicant; operator, of the branch that accepted it (to print it at hand-out).
#[utoipa::path(get, path = "/api/applications/{id}/result.pdf", tag = "tracking",
    params(("id" = String, Path, description = "The application id"),
        ("lang" = Option<String>, Query, description = "`kk` (the default) or `ru`")),
    responses(
        (status = 200, description = "`application/pdf`, `Content-Disposition: attachment`", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No issued result yet", body = ApiError),
        (status = 422, description = "`invalid_input` at `lang`: `not_a_choice`", body = ApiError),
    ))]
pub async fn result_pdf(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    query: Result<Query<LangQuery>, QueryRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let lang = language(query)?;
    let document = results::result_document(
        &state.db,
        &state.catalogue,
        &state.pki,
        state.persons.as_ref(),
        &session,
        &id,
    )
    .await?;
    let url = format!(
        "{}/status",
        receipts::request_url(&origin(&headers, &uri, state.secure_cookies)?, &id)
    );
    let name = format!("result-{}.pdf", document.number);
    let catalogue = state.catalogue.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        receipts::result_pdf(&document, &catalogue, lang, &url)
    })
    .await
    .map_err(|e| anyhow::anyhow!("the result PDF task failed: {e}"))??;
    super::documents::serve(Body::from(bytes), "application/pdf", &name)
}
