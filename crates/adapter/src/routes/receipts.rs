//! `/api/applications/{id}/receipt.pdf` and `…/receipt/qr.svg`: a submitted request's receipt
//! to print or keep, and the QR code that opens the request's page.
//!
//! The QR code holds an absolute URL built from the request's own `Host` header (the address
//! the applicant reached the portal by), with `https` when the portal is served over TLS
//! (`secure_cookies`) and `http` otherwise. `X-Forwarded-Host` is not trusted. A forged `Host`
//! only changes the caller's own receipt, and every answer here is `no-store`.

use axum::{
    body::Body,
    extract::{Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, HeaderValue, Uri, header, uri::Authority},
    response::{IntoResponse, Response},
};
use qyzmet_domain::{ApiError, Lang, Problem};
use serde::Deserialize;

use super::AppState;
use crate::{access::SignedInCaller, error::AppError, receipts, submissions};

/// `?lang=kk|ru`.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    /// `kk` or `ru`.
    lang: Option<String>,
}

/// `?lang=` read as a language; anything else there is `invalid_input` at `lang`.
pub(super) fn language(query: Result<Query<LangQuery>, QueryRejection>) -> Result<Lang, AppError> {
    match query {
        Ok(Query(query)) => receipts::language(query.lang.as_deref()),
        // `lang` twice, or not text.
        Err(_) => Err(AppError::invalid("lang", Problem::NotAChoice)),
    }
}

/// `http(s)://host[:port]` of the request, from `Host` (HTTP/1.1) or the URI's authority
/// (HTTP/2).
pub(super) fn origin(headers: &HeaderMap, uri: &Uri, secure: bool) -> Result<String, AppError> {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<Authority>().ok())
        .or_else(|| uri.authority().cloned())
        .filter(|authority| !authority.as_str().contains('@'))
        .ok_or_else(|| AppError::MalformedBody {
            status: axum::http::StatusCode::BAD_REQUEST,
            detail: "the request has no valid Host header".into(),
        })?;
    let scheme = if secure { "https" } else { "http" };
    Ok(format!("{scheme}://{host}"))
}

/// The receipt of a submitted request as a PDF (A4) in Kazakh or Russian, to download: the
/// request's number and time (Kazakhstan's, UTC+5), the service, the documents, who accepted
/// it, the applicant, and a QR code of the request's page. Roles: citizen, its applicant.
#[utoipa::path(get, path = "/api/applications/{id}/receipt.pdf", tag = "applications",
    params(("id" = String, Path, description = "The application id"),
        ("lang" = Option<String>, Query, description = "`kk` (the default) or `ru`")),
    responses(
        (status = 200, description = "`application/pdf`, `Content-Disposition: attachment`", content_type = "application/pdf", body = Vec<u8>),
        (status = 404, description = "No such application, or not submitted", body = ApiError),
        (status = 422, description = "`invalid_input` at `lang`: `not_a_choice`", body = ApiError),
    ))]
pub async fn pdf(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    query: Result<Query<LangQuery>, QueryRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let lang = language(query)?;
    let (receipt, url) = receipt_and_url(&state, &session, &id, &headers, &uri).await?;
    let name = receipts::file_name(&receipt);
    let catalogue = state.catalogue.clone();
    // Shaping and font subsetting take a few milliseconds of CPU: off the async workers.
    let bytes =
        tokio::task::spawn_blocking(move || receipts::pdf(&receipt, &catalogue, lang, &url))
            .await
            .map_err(|e| anyhow::anyhow!("the receipt PDF task failed: {e}"))??;
    super::documents::serve(Body::from(bytes), "application/pdf", &name)
}

/// The QR code of the request's page, as an SVG image to show with `<img>`: only `<rect>`
/// elements, with a quiet zone of 4 modules. Roles: citizen, the request's applicant.
#[utoipa::path(get, path = "/api/applications/{id}/receipt/qr.svg", tag = "applications",
    params(("id" = String, Path, description = "The application id")),
    responses(
        (status = 200, description = "`image/svg+xml`", content_type = "image/svg+xml", body = String),
        (status = 404, description = "No such application, or not submitted", body = ApiError),
    ))]
pub async fn qr(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, AppError> {
    let (_, url) = receipt_and_url(&state, &session, &id, &headers, &uri).await?;
    svg_image(receipts::QrCode::encode(&url)?.svg())
}

/// An SVG of our own making (a QR code: `<rect>`s only, no script, nothing it could load),
/// inline, private. The site-wide security headers (startup) add a CSP to it too.
pub(super) fn svg_image(svg: String) -> Result<Response, AppError> {
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline; filename=\"qr.svg\""),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        svg,
    )
        .into_response())
}

/// The caller's receipt of request `id` (ownership and "submitted" checked there) and the
/// address of the request's page its QR code opens.
async fn receipt_and_url(
    state: &AppState,
    session: &crate::sessions::Session,
    id: &str,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<(qyzmet_domain::submission::Receipt, String), AppError> {
    let receipt = submissions::receipt(
        &state.db,
        &state.catalogue,
        state.persons.as_ref(),
        session,
        id,
    )
    .await?;
    let url = receipts::request_url(
        &origin(headers, uri, state.secure_cookies)?,
        &receipt.application,
    );
    Ok((receipt, url))
}
