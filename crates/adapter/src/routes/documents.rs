//! Document scans: the tus 1.0 core protocol with its creation and termination extensions
//! (<https://tus.io/protocols/resumable-upload>) under `/api/uploads`, and the attached files
//! under `/api/documents`. Files are served back only to their owner, always as attachments.

use axum::{
    Json,
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine;
use qyzmet_domain::{ApiError, DocumentList, UploadProgress};

use super::AppState;
use crate::{access::SignedInCaller, documents, error::AppError};

const TUS_VERSION: &str = "1.0.0";

fn malformed(detail: &str) -> AppError {
    AppError::MalformedBody {
        status: StatusCode::BAD_REQUEST,
        detail: detail.into(),
    }
}

fn number_header(headers: &HeaderMap, name: &str) -> Result<u64, AppError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .ok_or_else(|| malformed(&format!("{name} must be a number of bytes")))
}

/// `Upload-Metadata: key base64,key base64` → the decoded value of `key`.
fn metadata(headers: &HeaderMap, key: &str) -> Result<String, AppError> {
    let text = headers
        .get("upload-metadata")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for pair in text.split(',') {
        let mut parts = pair.trim().splitn(2, ' ');
        if parts.next() == Some(key) {
            let encoded = parts.next().unwrap_or("");
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map_err(|_| malformed(&format!("Upload-Metadata {key} is not base64")))?;
            return String::from_utf8(bytes)
                .map_err(|_| malformed(&format!("Upload-Metadata {key} is not UTF-8")));
        }
    }
    Err(malformed(&format!("Upload-Metadata has no {key}")))
}

fn progress_headers(progress: &UploadProgress) -> [(header::HeaderName, HeaderValue); 4] {
    [
        (
            header::HeaderName::from_static("tus-resumable"),
            HeaderValue::from_static(TUS_VERSION),
        ),
        (
            header::HeaderName::from_static("upload-offset"),
            HeaderValue::from(progress.offset),
        ),
        (
            header::HeaderName::from_static("upload-length"),
            HeaderValue::from(progress.length),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ]
}

/// Starts sending a file for one document of the request (tus creation): `Upload-Length`,
/// and `Upload-Metadata` with `slot` (the document's id) and `filename`. Roles: citizen, the
/// request's applicant.
#[utoipa::path(post, path = "/api/applications/{id}/uploads", tag = "documents",
    params(("id" = String, Path, description = "The application id"),
        ("Upload-Length" = u64, Header, description = "The file's size in bytes"),
        ("Upload-Metadata" = String, Header, description = "`slot <base64>,filename <base64>`")),
    responses(
        (status = 201, description = "Created; `Location` is where to send the bytes", body = UploadProgress),
        (status = 422, description = "`invalid_input`: unknown slot, empty or too large file, request over its limit", body = ApiError),
    ))]
pub async fn create(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let length = number_header(&headers, "upload-length")?;
    let slot = metadata(&headers, "slot")?;
    let name = metadata(&headers, "filename")?;
    let progress = documents::begin(
        &state.db,
        &state.catalogue,
        &state.documents,
        &session,
        &id,
        &slot,
        &name,
        length,
    )
    .await?;
    let location = HeaderValue::from_str(&format!("/api/uploads/{}", progress.id))
        .map_err(|e| anyhow::anyhow!("a location header: {e}"))?;
    let mut response = (
        StatusCode::CREATED,
        progress_headers(&progress),
        Json(progress),
    )
        .into_response();
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// How much of the file the adapter has (tus `HEAD`, also as `GET` with a JSON body). Roles:
/// citizen, the upload's sender.
#[utoipa::path(get, path = "/api/uploads/{id}", tag = "documents",
    params(("id" = String, Path, description = "The upload id")),
    responses(
        (status = 200, description = "`Upload-Offset` and `Upload-Length`", body = UploadProgress),
        (status = 404, description = "No such upload (finished, cancelled or refused)", body = ApiError),
    ))]
pub async fn progress(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let progress = documents::progress(&state.db, &state.documents, &session, &id).await?;
    Ok((progress_headers(&progress), Json(progress)).into_response())
}

/// The next piece of the file, from `Upload-Offset` (which must be what the adapter has), as
/// `application/offset+octet-stream`. The last piece answers with the attached file, or with
/// why the file is refused. Roles: citizen, the upload's sender.
#[utoipa::path(patch, path = "/api/uploads/{id}", tag = "documents",
    params(("id" = String, Path, description = "The upload id"),
        ("Upload-Offset" = u64, Header, description = "Where this piece starts")),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses(
        (status = 204, description = "Received; `Upload-Offset` is the new offset"),
        (status = 200, description = "The last piece: the file is attached", body = qyzmet_domain::AttachedFile),
        (status = 409, description = "`conflict`: the offset is not the adapter's, or another piece is being sent", body = ApiError),
        (status = 415, description = "Not `application/offset+octet-stream`", body = ApiError),
        (status = 422, description = "`invalid_input`: the file is refused (wrong type, HEIC, damaged, too large)", body = ApiError),
    ))]
pub async fn append(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type != "application/offset+octet-stream" {
        return Err(AppError::MalformedBody {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            detail: "pieces are application/offset+octet-stream".into(),
        });
    }
    let offset = number_header(&headers, "upload-offset")?;
    let received =
        documents::receive(&state.db, &state.documents, &session, &id, offset, body).await?;
    let tus = [
        (
            header::HeaderName::from_static("tus-resumable"),
            HeaderValue::from_static(TUS_VERSION),
        ),
        (
            header::HeaderName::from_static("upload-offset"),
            HeaderValue::from(received.offset),
        ),
    ];
    Ok(match received.attached {
        Some(file) => (StatusCode::OK, tus, Json(file)).into_response(),
        None => (StatusCode::NO_CONTENT, tus).into_response(),
    })
}

/// Stops sending a file; what arrived is dropped (tus termination). Roles: citizen, the
/// upload's sender.
#[utoipa::path(delete, path = "/api/uploads/{id}", tag = "documents",
    params(("id" = String, Path, description = "The upload id")),
    responses((status = 204, description = "Cancelled")))]
pub async fn cancel(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    documents::cancel(&state.db, &state.documents, &session, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The request's attached files and those still being sent. Roles: citizen, the applicant.
#[utoipa::path(get, path = "/api/applications/{id}/documents", tag = "documents",
    params(("id" = String, Path, description = "The application id")),
    responses((status = 200, description = "Files and uploads", body = DocumentList)))]
pub async fn list(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<DocumentList>, AppError> {
    Ok(Json(documents::list(&state.db, &session, &id).await?))
}

/// An attached file's bytes, as a download (never shown inline). Roles: citizen, its owner.
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "The file id")),
    responses((status = 200, description = "The file, `Content-Disposition: attachment`")))]
pub async fn download(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let row = documents::file(&state.db, &session, &id).await?;
    let body = state
        .documents
        .blobs()
        .read(row.sha256.clone())
        .await
        .map_err(|e| anyhow::anyhow!("cannot read a stored file: {e}"))?;
    serve(body, &row.content_type, &row.attached().name)
}

/// A small PNG of an attached image, or of a PDF's first page. Roles: citizen, its owner.
#[utoipa::path(get, path = "/api/documents/{id}/thumbnail", tag = "documents",
    params(("id" = String, Path, description = "The file id")),
    responses(
        (status = 200, description = "image/png"),
        (status = 404, description = "The file has no thumbnail", body = ApiError),
    ))]
pub async fn thumbnail(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let sha = documents::thumbnail(&state.db, &state.documents, &session, &id).await?;
    let body = state
        .documents
        .blobs()
        .read(sha)
        .await
        .map_err(|e| anyhow::anyhow!("cannot read a thumbnail: {e}"))?;
    serve(body, "image/png", "thumbnail.png")
}

pub(super) fn serve(body: Body, content_type: &str, name: &str) -> Result<Response, AppError> {
    let disposition = HeaderValue::from_str(&documents::disposition(name))
        .map_err(|e| anyhow::anyhow!("a disposition header: {e}"))?;
    let content_type =
        HeaderValue::from_str(content_type).map_err(|e| anyhow::anyhow!("a content type: {e}"))?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}

/// Detaches a file from the request. Roles: citizen, its owner.
#[utoipa::path(delete, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "The file id")),
    responses((status = 204, description = "Removed")))]
pub async fn remove(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    documents::remove(&state.db, &state.documents, &session, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
