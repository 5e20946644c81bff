//! `/api/persons`, `/api/branches`: what a service-centre operator looks up at intake. Roles:
//! operator (the branch list: anyone, it is public).

use axum::{
    Json,
    body::Body,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::StatusCode,
    response::Response,
};
use qyzmet_domain::{
    ApiError, Person,
    document::PaperDocuments,
    intake::{Branch, IntakeRefusal},
};

use super::AppState;
use crate::{
    access::SignedInCaller,
    error::{AppError, JsonBody},
    intake,
};

/// A person in the state persons database, by IIN (002 §15, process 3), for an operator
/// starting a request on their behalf. Roles: operator.
#[utoipa::path(get, path = "/api/persons/{iin}", tag = "intake",
    params(("iin" = String, Path, description = "The person's IIN")),
    responses(
        (status = 200, description = "The person", body = Person),
        (status = 422, description = "`invalid_input` at `iin`: the IIN's rules, or `not_in_persons_database` (process 4)", body = ApiError),
    ))]
pub async fn person(
    State(state): State<AppState>,
    Path(iin): Path<String>,
) -> Result<Json<Person>, AppError> {
    intake::look_up(state.persons.as_ref(), "iin", &iin).map(Json)
}

/// The service centres (001 appendix 2). Roles: anyone.
#[utoipa::path(get, path = "/api/branches", tag = "intake",
    responses((status = 200, description = "Every branch", body = Vec<Branch>)))]
pub async fn branches(State(state): State<AppState>) -> Json<Vec<Branch>> {
    Json(state.catalogue.branches().to_vec())
}

/// Ticks the documents the applicant brought on paper (002 §15, process 5): the whole list,
/// replacing the last. Roles: operator, the draft's.
#[utoipa::path(put, path = "/api/applications/{id}/paper", tag = "intake", request_body = PaperDocuments,
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The documents ticked, sorted", body = PaperDocuments),
        (status = 403, description = "`forbidden`: another operator's draft", body = ApiError),
        (status = 404, description = "No such draft made at a service centre", body = ApiError),
        (status = 409, description = "`conflict`: already submitted", body = ApiError),
        (status = 422, description = "`invalid_input` at `documents`: `not_a_choice`", body = ApiError),
    ))]
pub async fn paper(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    JsonBody(paper): JsonBody<PaperDocuments>,
) -> Result<Json<PaperDocuments>, AppError> {
    let documents =
        intake::set_paper(&state.db, &state.catalogue, &session, &id, &paper.documents).await?;
    Ok(Json(PaperDocuments { documents }))
}

/// Refuses intake of an incomplete package (001 §10, 002 §12): the receipt listing the
/// required documents not brought on paper is numbered and kept, and the draft with its scans
/// is deleted. Roles: operator, the draft's.
#[utoipa::path(post, path = "/api/applications/{id}/intake-refusal", tag = "intake",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 201, description = "The receipt refusing intake", body = IntakeRefusal),
        (status = 403, description = "`forbidden`: another operator's draft", body = ApiError),
        (status = 404, description = "No such draft made at a service centre", body = ApiError),
        (status = 409, description = "`conflict`: `nothing_missing` at `paper` (every required document was brought), or `already_submitted`", body = ApiError),
    ))]
pub async fn refuse(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<IntakeRefusal>), AppError> {
    let refusal = intake::refuse(
        &state.db,
        &state.catalogue,
        state.persons.as_ref(),
        &state.documents,
        &session,
        &id,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(refusal)))
}

/// A receipt refusing intake. Roles: operator, of the branch that gave it.
#[utoipa::path(get, path = "/api/intake-refusals/{id}", tag = "intake",
    params(("id" = String, Path, description = "The refusal's id")),
    responses(
        (status = 200, description = "The receipt", body = IntakeRefusal),
        (status = 403, description = "`forbidden`: given at another branch", body = ApiError),
        (status = 404, description = "No such receipt", body = ApiError),
    ))]
pub async fn refusal(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<IntakeRefusal>, AppError> {
    intake::refusal(
        &state.db,
        &state.catalogue,
        state.persons.as_ref(),
        &session,
        &id,
    )
    .await
    .map(Json)
}

/// A receipt refusing intake as a PDF (A4) in Kazakh or Russian, to print or hand over.
/// Roles: operator, of the branch that gave it.
#[utoipa::path(get, path = "/api/intake-refusals/{id}/receipt.pdf", tag = "intake",
    params(("id" = String, Path, description = "The refusal's id"),
        ("lang" = Option<String>, Query, description = "`kk` (the default) or `ru`")),
    responses(
        (status = 200, description = "`application/pdf`, `Content-Disposition: attachment`", content_type = "application/pdf", body = Vec<u8>),
        (status = 403, description = "`forbidden`: given at another branch", body = ApiError),
        (status = 404, description = "No such receipt", body = ApiError),
        (status = 422, description = "`invalid_input` at `lang`: `not_a_choice`", body = ApiError),
    ))]
pub async fn refusal_pdf(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    query: Result<Query<super::receipts::LangQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let lang = super::receipts::language(query)?;
    let refusal = intake::refusal(
        &state.db,
        &state.catalogue,
        state.persons.as_ref(),
        &session,
        &id,
    )
    .await?;
    let name = format!("intake-refusal-{}.pdf", refusal.number);
    let catalogue = state.catalogue.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        crate::receipts::refusal_pdf(&refusal, &catalogue, lang)
    })
    .await
    .map_err(|e| anyhow::anyhow!("the refusal PDF task failed: {e}"))??;
    super::documents::serve(Body::from(bytes), "application/pdf", &name)
}
