//! The JSON API, a file per action. Each handler's doc says which roles may call it; the
//! OpenAPI document at `/api/openapi.json` is generated from these handlers and the domain
//! types, so it cannot drift from the code.

mod accounts;
mod applications;
mod centre;
mod documents;
mod health;
mod intake;
mod queue;
mod receipts;
mod services;
mod session;
mod signatures;
mod submissions;
mod tracking;
mod workbench;

use std::sync::Arc;

use axum::{
    Json, Router,
    routing::{any, get},
};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    access,
    accounts::{PersonsFile, Throttle},
    catalogue::Catalogue,
    config::SessionConfig,
    error::AppError,
};

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub catalogue: Arc<Catalogue>,
    pub db: sqlx::SqlitePool,
    /// The state persons database (the embedded default's data file).
    pub persons: Arc<PersonsFile>,
    /// The notary registry (the embedded default's data file).
    pub notaries: Arc<crate::intake::NotaryFile>,
    pub throttle: Throttle,
    pub sessions: SessionConfig,
    /// Sessions read in the last seconds (see `sessions::Cache`).
    pub session_cache: crate::sessions::Cache,
    pub secure_cookies: bool,
    /// Document scans: the blob store, staging, limits.
    pub documents: crate::documents::Documents,
    /// The embedded certification authority and what signatures are checked against.
    pub pki: crate::pki::Pki,
    /// Each change of a submitted request, for the status pages watching it.
    pub changes: crate::tracking::Changes,
}

impl AppState {
    pub fn registries(&self) -> crate::submissions::Registries<'_> {
        crate::submissions::Registries {
            persons: self.persons.as_ref(),
            notaries: self.notaries.as_ref(),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Qyzmet API", description = "The citizen-services portal's JSON API. Errors are `{ code, message, field? }`."),
    tags(
        (name = "catalogue", description = "Public services and the regulations that set them up. Roles: anyone."),
        (name = "applications", description = "A citizen's requests for services, while drafts. Each is its applicant's only."),
        (name = "documents", description = "Document scans attached to a request: sent in pieces with the tus 1.0 protocol (creation, HEAD/GET for the offset, PATCH, termination), checked by content (PDF, JPEG, PNG), kept once per SHA-256, served back only to their owner and only as attachments."),
        (name = "signatures", description = "The embedded certification authority: test signing certificates (PKCS#12 key files), revocation, the root certificate and the revocation list."),
        (name = "tracking", description = "A submitted request's course: its status page, live changes, the provider's signed result. Roles: citizen, the request's applicant."),
        (name = "workbench", description = "The provider's staff: their provider's requests, and each step of the workflow (register, assign, prepare, sign, issue) by the role the regulations name. Roles: provider office, head, executor."),
        (name = "intake", description = "A service-centre operator's intake: persons looked up by IIN, the branches. An operator starts a request on a citizen's behalf with `POST /api/applications` and `on_behalf`. Roles: operator."),
        (name = "queue", description = "The electronic queue: branches with their hours and free slots, a citizen's bookings (book, move, cancel), the hall's kiosk (walk-in tickets, check-in with a booking's code), the display board with live changes, and the operators' calls. Each operation says which roles may call it."),
        (name = "accounts", description = "Registration, sign-in and sessions (an HttpOnly cookie). State-changing requests from other sites are refused (`cross_site_request`). Each operation says which roles may call it."),
    )
)]
struct ApiDoc;

/// The API routes under `/api`, with the OpenAPI document. Fails if a route has no entry in
/// the access table.
pub fn api(state: AppState) -> anyhow::Result<Router> {
    let (router, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(services::list_services))
        .routes(routes!(services::get_service))
        .routes(routes!(services::get_form))
        .routes(routes!(services::get_due))
        .routes(routes!(accounts::register, accounts::list))
        .routes(routes!(accounts::get_one))
        .routes(routes!(accounts::unlock))
        .routes(routes!(
            session::sign_in,
            session::current,
            session::sign_out
        ))
        .routes(routes!(session::refresh))
        .routes(routes!(applications::create, applications::list))
        .routes(routes!(
            applications::get_one,
            applications::save,
            applications::delete
        ))
        .routes(routes!(documents::create))
        .routes(routes!(documents::list))
        .routes(routes!(
            documents::progress,
            documents::append,
            documents::cancel
        ))
        .routes(routes!(documents::download, documents::remove))
        .routes(routes!(documents::thumbnail))
        .routes(routes!(submissions::signing))
        .routes(routes!(submissions::submit))
        .routes(routes!(submissions::receipt))
        .routes(routes!(receipts::pdf))
        .routes(routes!(receipts::qr))
        .routes(routes!(signatures::issue, signatures::list))
        .routes(routes!(signatures::revoke))
        .routes(routes!(signatures::root))
        .routes(routes!(signatures::crl))
        .routes(routes!(tracking::status))
        .routes(routes!(tracking::changes))
        .routes(routes!(tracking::result))
        .routes(routes!(tracking::result_pdf))
        .routes(routes!(workbench::list))
        .routes(routes!(workbench::case_file))
        .routes(routes!(workbench::act))
        .routes(routes!(workbench::document))
        .routes(routes!(intake::person))
        .routes(routes!(intake::branches))
        .routes(routes!(intake::paper))
        .routes(routes!(intake::refuse))
        .routes(routes!(intake::refusal))
        .routes(routes!(intake::refusal_pdf))
        .routes(routes!(centre::search))
        .routes(routes!(centre::uncollected))
        .routes(routes!(centre::hand_over))
        .routes(routes!(centre::day))
        .routes(routes!(queue::branches))
        .routes(routes!(queue::branch))
        .routes(routes!(queue::slots))
        .routes(routes!(queue::book, queue::bookings))
        .routes(routes!(queue::booking, queue::move_booking, queue::cancel))
        .routes(routes!(queue::booking_qr))
        .routes(routes!(queue::enrol_hall_device, queue::hall_device))
        .routes(routes!(queue::walk_in))
        .routes(routes!(queue::check_in))
        .routes(routes!(queue::board))
        .routes(routes!(queue::board_changes))
        .routes(routes!(queue::today))
        .routes(routes!(queue::call))
        .routes(routes!(queue::outcome))
        .split_for_parts();
    let uncovered = access::uncovered(&openapi);
    anyhow::ensure!(
        uncovered.is_empty(),
        "routes missing from the access table (access::ROUTES): {}",
        uncovered.join(", ")
    );
    let openapi = Arc::new(openapi);
    Ok(router
        .route(
            "/api/openapi.json",
            get(move || async move { Json(openapi.as_ref().clone()) }),
        )
        // An unknown API path is a JSON 404 (never the app's page), whatever the method.
        .route("/api", any(unknown_api_path))
        .route("/api/{*rest}", any(unknown_api_path))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            access::enforce,
        ))
        .with_state(state))
}

async fn unknown_api_path() -> AppError {
    AppError::NotFound("this API path".into())
}
