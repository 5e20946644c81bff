//! Screens set up as a branch's hall kiosk. Walk-in tickets and check-in are for whoever stands
//! at the kiosk, not for whoever reaches the API: a ticket from anywhere would fill a hall's
//! queue, and guessing codes from anywhere would check in other people's bookings. So one of
//! the branch's operators sets the screen up once (signed in on it, then signed out at once,
//! so no session is left on a public screen): it then holds a random token in an HttpOnly,
//! SameSite=Strict cookie, and the database only the token's SHA-256 and the branch.

use axum::{
    extract::{FromRequestParts, Path},
    http::{HeaderValue, request::Parts},
};
use sqlx::SqlitePool;

use crate::{
    error::AppError,
    routes::AppState,
    sessions::{self, Session},
};

pub const COOKIE: &str = "qyzmet_hall";
/// The longest a browser keeps a cookie (Chromium caps Max-Age at 400 days).
const KEPT_FOR_SECONDS: u32 = 400 * 86_400;

/// Sets this screen up as the hall kiosk of `branch`, by one of its operators; the token for
/// its cookie.
pub async fn enrol(
    db: &SqlitePool,
    branch: &str,
    operator: &Session,
    now: i64,
) -> Result<String, AppError> {
    let token = sessions::random_token()?;
    sqlx::query(
        "INSERT INTO hall_devices (token_hash, branch, enrolled_by, enrolled_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(sessions::hash(&token))
    .bind(branch)
    .bind(operator.account.id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(token)
}

/// `Set-Cookie` for a hall screen: sent only to the queue's API, kept across restarts.
pub fn cookie(token: &str, secure: bool) -> HeaderValue {
    let attributes = format!("Path=/api/queue; Max-Age={KEPT_FOR_SECONDS}");
    sessions::set_cookie(COOKIE, token, &attributes, secure)
}

/// The branch whose hall this screen is, if it was set up as one.
#[derive(Clone, Debug)]
pub struct HallScreen(pub Option<String>);

impl FromRequestParts<AppState> for HallScreen {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(token) = sessions::cookie_token(&parts.headers, COOKIE) else {
            return Ok(HallScreen(None));
        };
        let branch: Option<(String,)> =
            sqlx::query_as("SELECT branch FROM hall_devices WHERE token_hash = ?")
                .bind(sessions::hash(&token))
                .fetch_optional(&state.db)
                .await?;
        Ok(HallScreen(branch.map(|(b,)| b)))
    }
}

/// The path's branch (`{id}`), when this screen is its hall kiosk; refused otherwise, before
/// the body is read (what a refused screen sent does not matter).
#[derive(Clone, Debug)]
pub struct HallKiosk(pub String);

impl FromRequestParts<AppState> for HallKiosk {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Path(branch) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::Forbidden)?;
        match HallScreen::from_request_parts(parts, state).await? {
            HallScreen(Some(own)) if own == branch => Ok(HallKiosk(branch)),
            _ => Err(AppError::Forbidden),
        }
    }
}
