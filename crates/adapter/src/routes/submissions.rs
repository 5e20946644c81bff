//! `/api/applications/{id}/signing`, `…/submission`, `…/receipt`: sign and submit a request,
//! and its receipt.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use qyzmet_domain::{ApiError, SigningContent, Submission, submission::Receipt};

use super::AppState;
use crate::{
    access::SignedInCaller,
    error::{AppError, JsonBody},
    submissions,
};

/// What to sign: the request as it stands (its answers that apply and its files' SHA-256) and
/// its canonical bytes, base64. Roles: citizen, its applicant.
#[utoipa::path(get, path = "/api/applications/{id}/signing", tag = "applications",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The content to sign", body = SigningContent),
        (status = 409, description = "`conflict`: already submitted", body = ApiError),
        (status = 422, description = "`invalid_input`: `incomplete` answers, `missing_documents` (at `documents`: not scanned; at `paper`: a centre's request whose required document was not brought on paper), or a representative's power of attorney that no longer checks out (as when the request was started)", body = ApiError),
    ))]
pub async fn signing(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<SigningContent>, AppError> {
    Ok(Json(
        submissions::signing_content(
            &state.db,
            &state.catalogue,
            state.registries(),
            &session,
            &id,
        )
        .await?,
    ))
}

/// Submits the request with a detached CMS signature over its canonical bytes. The signature
/// and the signer's certificate are checked (chain, validity, revocation, key usage, the
/// applicant's IIN); the same submission sent again gets the same receipt. Roles: citizen,
/// its applicant.
#[utoipa::path(post, path = "/api/applications/{id}/submission", tag = "applications", request_body = Submission,
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 201, description = "Submitted: the receipt", body = Receipt),
        (status = 200, description = "Already submitted with this signature: the same receipt", body = Receipt),
        (status = 409, description = "`conflict`: submitted before with another signature", body = ApiError),
        (status = 422, description = "`invalid_input` at `signature`: `bad_signature`, `content_changed`, `certificate_expired`, `certificate_not_yet_valid`, `certificate_revoked`, `not_for_signing`, `untrusted_certificate`, `another_persons_certificate`; or `incomplete` / `missing_documents`", body = ApiError),
    ))]
pub async fn submit(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    JsonBody(submission): JsonBody<Submission>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    let (created, receipt) = submissions::submit(
        &state.db,
        &state.catalogue,
        &state.pki,
        state.registries(),
        &session,
        &id,
        &submission.signature,
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(receipt)))
}

/// The receipt of a submitted request. Roles: citizen, its applicant.
#[utoipa::path(get, path = "/api/applications/{id}/receipt", tag = "applications",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "The receipt", body = Receipt),
        (status = 404, description = "No such application, or not submitted", body = ApiError),
    ))]
pub async fn receipt(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<Receipt>, AppError> {
    Ok(Json(
        submissions::receipt(
            &state.db,
            &state.catalogue,
            state.persons.as_ref(),
            &session,
            &id,
        )
        .await?,
    ))
}
