//! `/api/session`: sign in, who am I, stay signed in, sign out.

use std::net::SocketAddr;

use axum::{
    Json,
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use qyzmet_domain::{ApiError, SessionInfo, SignIn};

use super::AppState;
use crate::{
    access::{Caller, SignedInCaller},
    accounts::{self, Account},
    error::{AppError, JsonBody},
    sessions,
};

/// Sign in with IIN and password. A wrong IIN and a wrong password get the same answer;
/// repeated failures make the next attempt wait, then lock the IIN (`until` says till when).
/// Starts a new session (any session the browser had ends). Roles: anyone.
#[utoipa::path(post, path = "/api/session", tag = "accounts", request_body = SignIn,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo),
        (status = 401, description = "`wrong_credentials`, with `until` when the next attempt must wait", body = ApiError),
        (status = 422, description = "`invalid_input`: a field is malformed", body = ApiError),
        (status = 429, description = "`too_many_attempts` until `until`", body = ApiError),
    ))]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(form): JsonBody<SignIn>,
) -> Result<Response, AppError> {
    let account =
        accounts::sign_in(&state.db, &state.throttle, &client.ip().to_string(), form).await?;
    signed_in(&state, &headers, &account, StatusCode::OK).await
}

/// Starts a session for `account` and answers with it and its cookie.
pub async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    account: &Account,
    status: StatusCode,
) -> Result<Response, AppError> {
    let token = sessions::start(
        &state.db,
        &state.session_cache,
        account,
        sessions::token(headers).as_deref(),
    )
    .await?;
    let expires_in = state
        .sessions
        .idle_for(account.role())
        .min(state.sessions.absolute_seconds);
    let info = info(state, account, expires_in)?;
    Ok((
        status,
        [(
            header::SET_COOKIE,
            sessions::cookie(&token, state.secure_cookies),
        )],
        Json(info),
    )
        .into_response())
}

fn info(state: &AppState, account: &Account, expires_in: u32) -> Result<SessionInfo, AppError> {
    Ok(SessionInfo {
        person: accounts::person(state.persons.as_ref(), account)?,
        role: account.role(),
        expires_in,
        warn_before: state.sessions.warn_before_for(account.role()),
        branch: account
            .branch
            .as_deref()
            .and_then(|id| state.catalogue.branch(id))
            .cloned(),
    })
}

/// The signed-in person (from the persons database), their role, and how long the session
/// has left; 204 when there is no session (an answer, not an error: the app asks on every
/// start). Roles: anyone.
#[utoipa::path(get, path = "/api/session", tag = "accounts",
    responses(
        (status = 200, description = "The session", body = SessionInfo),
        (status = 204, description = "No session (never signed in, signed out, or ended)"),
    ))]
pub async fn current(
    State(state): State<AppState>,
    Caller(session): Caller,
) -> Result<Response, AppError> {
    match session {
        Some(session) => {
            Ok(Json(info(&state, &session.account, session.expires_in)?).into_response())
        }
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

/// Stay signed in: any request does it; this one does nothing else. Roles: any signed-in
/// account.
#[utoipa::path(post, path = "/api/session/refresh", tag = "accounts",
    responses(
        (status = 200, description = "The session, with its end moved", body = SessionInfo),
        (status = 401, description = "`sign_in_required`: it has already ended", body = ApiError),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<SessionInfo>, AppError> {
    info(&state, &session.account, session.expires_in).map(Json)
}

/// Sign out: the session ends on the server, and the cookie is removed. Roles: any signed-in
/// account.
#[utoipa::path(delete, path = "/api/session", tag = "accounts",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "`sign_in_required`", body = ApiError),
    ))]
pub async fn sign_out(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Response, AppError> {
    sessions::end_by_hash(&state.db, &state.session_cache, session.token_hash()).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, sessions::removal(state.secure_cookies))],
    )
        .into_response())
}
