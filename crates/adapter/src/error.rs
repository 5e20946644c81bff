//! The one place an error becomes an HTTP answer: `{ code, message, field? }` with a stable
//! code. A client's mistake is never a 500; an unexpected failure is logged whole once and
//! answered with a generic message.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use qyzmet_domain::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("{message}")]
    InvalidInput {
        message: String,
        field: Option<String>,
    },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl AppError {
    fn status_and_body(&self) -> (StatusCode, ApiError) {
        match self {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                ApiError {
                    code: ErrorCode::NotFound,
                    message: format!("{what} not found"),
                    field: None,
                },
            ),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ApiError {
                    code: ErrorCode::MethodNotAllowed,
                    message: self.to_string(),
                    field: None,
                },
            ),
            AppError::InvalidInput { message, field } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError {
                    code: ErrorCode::InvalidInput,
                    message: message.clone(),
                    field: field.clone(),
                },
            ),
            AppError::Unexpected(err) => {
                tracing::error!(error = ?err, "unexpected error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ApiError {
                        code: ErrorCode::Unexpected,
                        message: "something went wrong on our side".into(),
                        field: None,
                    },
                )
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        (status, Json(body)).into_response()
    }
}
