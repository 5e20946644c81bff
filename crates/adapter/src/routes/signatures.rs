//! `/api/certificates` and `/api/pki`: the embedded certification authority. A citizen obtains
//! a test signing certificate (a PKCS#12 key file under a password of their choosing); an
//! administrator revokes one; anyone reads the root certificate and the revocation list.

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use qyzmet_domain::{
    ApiError,
    certificate::{CertificateList, CertificateRequest},
};

use super::{AppState, documents::serve};
use crate::{
    access::SignedInCaller,
    error::{AppError, JsonBody},
    pki,
};

/// A new test signing certificate for the caller, as a PKCS#12 key file protected by the
/// password sent (at least 6 characters). The key is made here and not kept. Roles: citizen.
#[utoipa::path(post, path = "/api/certificates", tag = "signatures", request_body = CertificateRequest,
    responses(
        (status = 200, description = "The key file, `application/x-pkcs12`, as an attachment"),
        (status = 422, description = "`invalid_input`: the password is empty, too short or too long", body = ApiError),
    ))]
pub async fn issue(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    JsonBody(request): JsonBody<CertificateRequest>,
) -> Result<Response, AppError> {
    let key_file = pki::issue_certificate(
        &state.db,
        &state.pki,
        state.persons.as_ref(),
        &session,
        &request.password,
    )
    .await?;
    let name = format!("qyzmet-{}.p12", session.account.iin);
    serve(Body::from(key_file), "application/x-pkcs12", &name)
}

/// The caller's certificates, the latest first. Roles: citizen.
#[utoipa::path(get, path = "/api/certificates", tag = "signatures",
    responses((status = 200, description = "Mine", body = CertificateList)))]
pub async fn list(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<CertificateList>, AppError> {
    Ok(Json(pki::list_certificates(&state.db, &session).await?))
}

/// Revokes a certificate; the revocation list is signed again at once. Roles: administrator.
#[utoipa::path(post, path = "/api/certificates/{serial}/revocation", tag = "signatures",
    params(("serial" = String, Path, description = "The certificate's serial number, hex")),
    responses(
        (status = 204, description = "Revoked (or already)"),
        (status = 404, description = "No such certificate", body = ApiError),
    ))]
pub async fn revoke(
    State(state): State<AppState>,
    Path(serial): Path<String>,
) -> Result<StatusCode, AppError> {
    pki::revoke_certificate(&state.db, &state.pki, &serial).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The embedded authority's root certificate (DER). Roles: anyone.
#[utoipa::path(get, path = "/api/pki/root", tag = "signatures",
    responses((status = 200, description = "`application/pkix-cert`")))]
pub async fn root(State(state): State<AppState>) -> Result<Response, AppError> {
    let der = state.pki.authority().root().to_vec();
    serve(Body::from(der), "application/pkix-cert", "qyzmet-root.cer")
}

/// The current certificate revocation list (DER), signed by the issuing CA. Roles: anyone.
#[utoipa::path(get, path = "/api/pki/crl", tag = "signatures",
    responses((status = 200, description = "`application/pkix-crl`")))]
pub async fn crl(State(state): State<AppState>) -> Result<Response, AppError> {
    let der = state.pki.crl().as_ref().clone();
    serve(Body::from(der), "application/pkix-crl", "qyzmet.crl")
}
