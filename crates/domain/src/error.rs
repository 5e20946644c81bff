//! The JSON error envelope every API error uses, decoded by the app.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code. The app translates by code; `message` is for logs
/// and API users.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    MethodNotAllowed,
    InvalidInput,
    Unexpected,
    /// 401: this needs a signed-in account (none, or the session ended).
    SignInRequired,
    /// 403: the account's role may not do this, or the resource is someone else's.
    Forbidden,
    /// 403: a state-changing request from another site.
    CrossSiteRequest,
    /// 401 on sign-in: the IIN and password do not match (which one is not said).
    WrongCredentials,
    /// 429: sign-in is paused for this IIN or this client until `until`.
    TooManyAttempts,
    /// 409: the thing exists already (an account for this IIN).
    Conflict,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 10] = [
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::InvalidInput,
        ErrorCode::Unexpected,
        ErrorCode::SignInRequired,
        ErrorCode::Forbidden,
        ErrorCode::CrossSiteRequest,
        ErrorCode::WrongCredentials,
        ErrorCode::TooManyAttempts,
        ErrorCode::Conflict,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unexpected => "unexpected",
            ErrorCode::SignInRequired => "sign_in_required",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CrossSiteRequest => "cross_site_request",
            ErrorCode::WrongCredentials => "wrong_credentials",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::Conflict => "conflict",
        }
    }
}

/// `{ "code": "...", "message": "...", "field": "...", "problems": [...], "until": "..." }`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Each field's problem, for a form (the first is also in `field`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<crate::FieldProblem>,
    /// RFC 3339: when a pause ends (`too_many_attempts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            field: None,
            problems: Vec::new(),
            until: None,
        }
    }
}
