//! Who may call what: the one table of every API route and the roles allowed on it, and the
//! middleware that enforces it (with the same-origin check on state-changing requests) before
//! any handler runs. A route missing from the table is refused, and the adapter will not start
//! while the OpenAPI document lists a route the table does not.
//!
//! Ownership (a citizen's own resources) is the handler's check, against the session's person,
//! for every resource id.

use axum::{
    extract::{FromRequestParts, MatchedPath, Request, State},
    http::{HeaderValue, Method, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use qyzmet_domain::Role;

use crate::{error::AppError, routes::AppState, sessions};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// No account needed.
    Anyone,
    /// Any signed-in account (what it may see is then its own).
    SignedIn,
    /// Signed in with one of these roles.
    Only(&'static [Role]),
    /// A screen one of the branch's operators set up as its hall kiosk (checked against the
    /// path's branch by the handler's `hall_devices::HallKiosk`); no account.
    HallScreen,
}

use Access::{Anyone, HallScreen, Only, SignedIn};

const STAFF_ADMIN: &[Role] = &[Role::Administrator];
const CITIZEN: &[Role] = &[Role::Citizen];
const OPERATOR: &[Role] = &[Role::Operator];
/// Who fills, signs and submits a request: a citizen their own, an operator on a citizen's
/// behalf (the draft is then the operator's; ownership is checked per id either way).
const APPLYING: &[Role] = &[Role::Citizen, Role::Operator];
const PROVIDER_STAFF: &[Role] = &[
    Role::ProviderOffice,
    Role::ProviderHead,
    Role::ProviderExecutor,
];

/// Method (`*`: any), the route's path as the router knows it, and who may call it.
pub const ROUTES: &[(&str, &str, Access)] = &[
    ("GET", "/api/health", Anyone),
    ("GET", "/api/openapi.json", Anyone),
    ("GET", "/api/services", Anyone),
    ("GET", "/api/services/{id}", Anyone),
    ("GET", "/api/services/{id}/form", Anyone),
    ("GET", "/api/services/{id}/due", Anyone),
    // Register.
    ("POST", "/api/accounts", Anyone),
    ("GET", "/api/accounts", Only(STAFF_ADMIN)),
    // One's own account; the administrator any.
    ("GET", "/api/accounts/{iin}", SignedIn),
    ("POST", "/api/accounts/{iin}/unlock", Only(STAFF_ADMIN)),
    // Sign in.
    ("POST", "/api/session", Anyone),
    // Who am I: the session, or 204 when there is none.
    ("GET", "/api/session", Anyone),
    ("DELETE", "/api/session", SignedIn),
    ("POST", "/api/session/refresh", SignedIn),
    // A citizen's own requests (ownership checked per id in `applications`).
    ("POST", "/api/applications", Only(APPLYING)),
    ("GET", "/api/applications", Only(APPLYING)),
    ("GET", "/api/applications/{id}", Only(APPLYING)),
    ("PATCH", "/api/applications/{id}", Only(APPLYING)),
    ("DELETE", "/api/applications/{id}", Only(APPLYING)),
    // Document scans of one's own requests (ownership checked per id in `documents`).
    ("POST", "/api/applications/{id}/uploads", Only(APPLYING)),
    ("GET", "/api/applications/{id}/documents", Only(APPLYING)),
    ("GET", "/api/uploads/{id}", Only(APPLYING)),
    ("PATCH", "/api/uploads/{id}", Only(APPLYING)),
    ("DELETE", "/api/uploads/{id}", Only(APPLYING)),
    ("GET", "/api/documents/{id}", Only(APPLYING)),
    ("DELETE", "/api/documents/{id}", Only(APPLYING)),
    ("GET", "/api/documents/{id}/thumbnail", Only(APPLYING)),
    // The electronic queue: the directory, days, slots and the hall's display are public; the
    // hall's kiosk is a screen an operator of the branch set up; bookings are the caller's own
    // (checked in `queue`).
    ("GET", "/api/queue/branches", Anyone),
    ("GET", "/api/queue/branches/{id}", Anyone),
    ("GET", "/api/queue/branches/{id}/slots", Anyone),
    ("POST", "/api/queue/hall-device", Only(OPERATOR)),
    ("GET", "/api/queue/hall-device", Anyone),
    ("POST", "/api/queue/branches/{id}/tickets", HallScreen),
    ("POST", "/api/queue/branches/{id}/check-in", HallScreen),
    ("GET", "/api/queue/branches/{id}/board", Anyone),
    ("GET", "/api/queue/branches/{id}/board/changes", Anyone),
    ("POST", "/api/queue/bookings", Only(CITIZEN)),
    ("GET", "/api/queue/bookings", Only(CITIZEN)),
    ("GET", "/api/queue/bookings/{id}", Only(CITIZEN)),
    ("PUT", "/api/queue/bookings/{id}", Only(CITIZEN)),
    ("DELETE", "/api/queue/bookings/{id}", Only(CITIZEN)),
    ("GET", "/api/queue/bookings/{id}/qr.svg", Only(CITIZEN)),
    ("GET", "/api/queue/today", Only(OPERATOR)),
    ("POST", "/api/queue/calls", Only(OPERATOR)),
    ("POST", "/api/queue/tickets/{id}/outcome", Only(OPERATOR)),
    // Unknown API paths: a JSON 404 for anyone.
    ("*", "/api", Anyone),
    ("*", "/api/{*rest}", Anyone),
    // Sign and submit one's own request; its receipt (ownership checked in `submissions`).
    ("GET", "/api/applications/{id}/signing", Only(APPLYING)),
    ("POST", "/api/applications/{id}/submission", Only(APPLYING)),
    ("GET", "/api/applications/{id}/receipt", Only(APPLYING)),
    // The receipt as a PDF, and its QR code (ownership checked in `submissions`).
    ("GET", "/api/applications/{id}/receipt.pdf", Only(APPLYING)),
    (
        "GET",
        "/api/applications/{id}/receipt/qr.svg",
        Only(APPLYING),
    ),
    // The embedded certification authority.
    ("POST", "/api/certificates", Only(APPLYING)),
    ("GET", "/api/certificates", Only(APPLYING)),
    (
        "POST",
        "/api/certificates/{serial}/revocation",
        Only(STAFF_ADMIN),
    ),
    // A submitted request's status, its live changes and its signed result (ownership
    // checked in `results`).
    ("GET", "/api/applications/{id}/status", Only(CITIZEN)),
    ("GET", "/api/applications/{id}/changes", Only(CITIZEN)),
    // The result also to the operators of the branch that accepted the request, to print it
    // when they hand it out (checked in `tracking`).
    ("GET", "/api/applications/{id}/result", Only(APPLYING)),
    ("GET", "/api/applications/{id}/result.pdf", Only(APPLYING)),
    // The provider's workbench: its own provider's requests only (checked in `workbench`);
    // which role makes which step is the workflow's rule.
    ("GET", "/api/workbench", Only(PROVIDER_STAFF)),
    ("GET", "/api/workbench/{id}", Only(PROVIDER_STAFF)),
    ("POST", "/api/workbench/{id}/actions", Only(PROVIDER_STAFF)),
    (
        "GET",
        "/api/workbench/{id}/documents/{document}",
        Only(PROVIDER_STAFF),
    ),
    // A service-centre operator's intake.
    ("GET", "/api/persons/{iin}", Only(OPERATOR)),
    ("GET", "/api/branches", Anyone),
    ("PUT", "/api/applications/{id}/paper", Only(OPERATOR)),
    (
        "POST",
        "/api/applications/{id}/intake-refusal",
        Only(OPERATOR),
    ),
    // A receipt refusing intake: its branch's operators only (checked in `intake`).
    ("GET", "/api/intake-refusals/{id}", Only(OPERATOR)),
    (
        "GET",
        "/api/intake-refusals/{id}/receipt.pdf",
        Only(OPERATOR),
    ),
    // Results at a service centre: handed out only by the branch that accepted the request
    // (checked in `centre`).
    ("GET", "/api/centre/results", Only(OPERATOR)),
    ("GET", "/api/centre/uncollected", Only(OPERATOR)),
    ("POST", "/api/centre/results/{id}/handover", Only(OPERATOR)),
    ("GET", "/api/centre/day", Only(OPERATOR)),
    ("GET", "/api/pki/root", Anyone),
    ("GET", "/api/pki/crl", Anyone),
];

pub fn access(method: &Method, path: &str) -> Option<Access> {
    // axum answers HEAD with the GET handler: it must be checked as GET.
    let method = if method == Method::HEAD {
        &Method::GET
    } else {
        method
    };
    ROUTES
        .iter()
        .find(|(m, p, _)| *p == path && (*m == "*" || *m == method.as_str()))
        .map(|(_, _, access)| *access)
}

/// The OpenAPI routes the table does not cover (the adapter refuses to start if any).
pub fn uncovered(openapi: &utoipa::openapi::OpenApi) -> Vec<String> {
    let mut missing = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let operations = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (method, present) in operations {
            let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
            if present && access(&method, path).is_none() {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    missing
}

/// The caller of a request, as the middleware found them.
#[derive(Clone, Debug)]
pub struct Caller(pub Option<sessions::Session>);

/// A handler argument that requires a signed-in caller.
#[derive(Clone, Debug)]
pub struct SignedInCaller(pub sessions::Session);

impl<S: Send + Sync> FromRequestParts<S> for SignedInCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        match parts.extensions.get::<Caller>() {
            Some(Caller(Some(session))) => Ok(SignedInCaller(session.clone())),
            _ => Err(AppError::SignInRequired),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or(Caller(None)))
    }
}

/// The response header that tells the app how long the session has left.
pub const EXPIRES_IN_HEADER: &str = "x-session-expires-in";

/// Enforces the table: same-origin for state-changing requests, then sign-in and role.
pub async fn enforce(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    mut request: Request,
    next: Next,
) -> Response {
    if !is_same_origin(&request) {
        return AppError::CrossSiteRequest.into_response();
    }
    let path = matched.as_ref().map_or("", |m| m.as_str());
    let Some(access) = access(request.method(), path) else {
        if ROUTES.iter().any(|(_, p, _)| *p == path) {
            // A known path, another method: the router answers 405 (no handler runs).
            return next.run(request).await;
        }
        tracing::error!(path, method = %request.method(), "a route without an access entry");
        return AppError::Forbidden.into_response();
    };
    let token = sessions::token(request.headers());
    let session = match &token {
        Some(token) => {
            match sessions::resume(&state.db, &state.sessions, &state.session_cache, token).await {
                Ok(session) => session,
                Err(err) => return err.into_response(),
            }
        }
        None => None,
    };
    let refused = match (access, &session) {
        (Anyone | HallScreen, _) => None,
        (SignedIn | Only(_), None) => Some(AppError::SignInRequired),
        (Only(roles), Some(session)) if !roles.contains(&session.account.role()) => {
            Some(AppError::Forbidden)
        }
        _ => None,
    };
    let mut response = match refused {
        Some(err) => err.into_response(),
        None => {
            request.extensions_mut().insert(Caller(session.clone()));
            next.run(request).await
        }
    };
    match (&session, token) {
        (Some(session), _) if !response.headers().contains_key(header::SET_COOKIE) => {
            response
                .headers_mut()
                .insert(EXPIRES_IN_HEADER, HeaderValue::from(session.expires_in));
        }
        // The browser holds a cookie for a session that has ended: drop it.
        (None, Some(_)) if !response.headers().contains_key(header::SET_COOKIE) => {
            response
                .headers_mut()
                .insert(header::SET_COOKIE, sessions::removal(state.secure_cookies));
        }
        _ => {}
    }
    response
}

/// A state-changing request must come from our own pages. Browsers send `Sec-Fetch-Site`
/// (and `Origin`) on every such request; a request with neither is not from a browser, so
/// it carries no one's cookie by surprise. The SameSite=Strict cookie is the second wall.
fn is_same_origin(request: &Request) -> bool {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return true;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map(|(_, rest)| rest);
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}
