//! `/api/accounts`: register; the administrator's list and unlock; one's own account.

use std::net::SocketAddr;

use axum::{
    Json,
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use qyzmet_domain::{AccountList, AccountSummary, ApiError, Iin, Problem, Registration, Role};

use super::{AppState, session::signed_in};
use crate::{
    access::SignedInCaller,
    accounts,
    error::{AppError, JsonBody},
};

/// Register a citizen's account: IIN (checked, then looked up in the persons database),
/// password twice, phone, optional e-mail. Signs the person in. Roles: anyone.
#[utoipa::path(post, path = "/api/accounts", tag = "accounts", request_body = Registration,
    responses(
        (status = 201, description = "Registered and signed in", body = qyzmet_domain::SessionInfo),
        (status = 409, description = "`conflict`: this IIN already has an account", body = ApiError),
        (status = 422, description = "`invalid_input`, with each field's problem", body = ApiError),
        (status = 429, description = "`too_many_attempts`: this client tried too many IINs that are not in the persons database or already registered", body = ApiError),
    ))]
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    JsonBody(form): JsonBody<Registration>,
) -> Result<Response, AppError> {
    let address = client.ip().to_string();
    let account = accounts::register(
        &state.db,
        state.persons.as_ref(),
        &state.throttle,
        &address,
        form,
    )
    .await?;
    tracing::info!(account = account.id, "registered");
    signed_in(&state, &headers, &account, StatusCode::CREATED).await
}

/// Every account with its role and any sign-in lock. Roles: administrator.
#[utoipa::path(get, path = "/api/accounts", tag = "accounts",
    responses(
        (status = 200, description = "The accounts", body = AccountList),
        (status = 401, description = "`sign_in_required`", body = ApiError),
        (status = 403, description = "`forbidden`", body = ApiError),
    ))]
pub async fn list(State(state): State<AppState>) -> Result<Json<AccountList>, AppError> {
    let accounts = accounts::list(&state.db, state.persons.as_ref(), None).await?;
    Ok(Json(AccountList { accounts }))
}

/// One account. Roles: the account's own person; the administrator any.
#[utoipa::path(get, path = "/api/accounts/{iin}", tag = "accounts",
    params(("iin" = String, Path, description = "The account's IIN")),
    responses(
        (status = 200, description = "The account", body = AccountSummary),
        (status = 403, description = "`forbidden`: someone else's account", body = ApiError),
        (status = 404, description = "No account (administrator only)", body = ApiError),
    ))]
pub async fn get_one(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(iin): Path<String>,
) -> Result<Json<AccountSummary>, AppError> {
    // Someone else's IIN is refused the same whether it has an account or not.
    if session.account.role() != Role::Administrator && iin != session.account.iin {
        return Err(AppError::Forbidden);
    }
    let iin = Iin::parse(&iin).map_err(|err| AppError::invalid("iin", Problem::from(err)))?;
    accounts::list(&state.db, state.persons.as_ref(), Some(&iin))
        .await?
        .pop()
        .map(Json)
        .ok_or_else(|| AppError::NotFound("account".into()))
}

/// Lifts a sign-in lock. Roles: administrator.
#[utoipa::path(post, path = "/api/accounts/{iin}/unlock", tag = "accounts",
    params(("iin" = String, Path, description = "The account's IIN")),
    responses(
        (status = 204, description = "Unlocked"),
        (status = 403, description = "`forbidden`", body = ApiError),
        (status = 404, description = "No account has this IIN", body = ApiError),
    ))]
pub async fn unlock(
    State(state): State<AppState>,
    Path(iin): Path<String>,
) -> Result<StatusCode, AppError> {
    let iin = Iin::parse(&iin).map_err(|err| AppError::invalid("iin", Problem::from(err)))?;
    if accounts::find_by_iin(&state.db, &iin).await?.is_none() {
        return Err(AppError::NotFound("account".into()));
    }
    state.throttle.clear(&state.db, &iin).await?;
    tracing::info!(%iin, "sign-in lock lifted");
    Ok(StatusCode::NO_CONTENT)
}
