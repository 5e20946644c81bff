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
}

/// `{ "code": "...", "message": "...", "field": "..." }`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
