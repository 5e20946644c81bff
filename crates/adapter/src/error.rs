//! The one place an error becomes an HTTP answer: `{ code, message, field? }` with a stable
//! code. A client's mistake is never a 500; an unexpected failure is logged whole once and
//! answered with a generic message.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use qyzmet_domain::{ApiError, ErrorCode, FieldProblem, Problem};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    /// One or more fields of a form are wrong; the first is also named in `field`.
    #[error("{}", describe(.0))]
    InvalidFields(Vec<FieldProblem>),
    /// The body is not the JSON this route takes (syntax, shape, type or encoding).
    /// Keeps axum's status (400, 413, 415, 422).
    #[error("the request body is not valid: {detail}")]
    MalformedBody { status: StatusCode, detail: String },
    #[error("sign in to do this")]
    SignInRequired,
    #[error("this account may not do this")]
    Forbidden,
    #[error("a state-changing request from another site is refused")]
    CrossSiteRequest,
    /// Sign-in failed; `until` says when the next attempt is allowed, if it must wait.
    #[error("the IIN and password do not match an account")]
    WrongCredentials { until: Option<String> },
    #[error("too many attempts: wait until {until}")]
    TooManyAttempts { until: String },
    #[error("{field}: {}", problem.name())]
    Conflict { field: String, problem: Problem },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// A database failure is never the client's mistake: logged whole, answered 500.
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> AppError {
        AppError::Unexpected(err.into())
    }
}

fn describe(problems: &[FieldProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {}", p.field, p.problem.name()))
        .collect::<Vec<_>>()
        .join("; ")
}

impl AppError {
    /// One field, one problem.
    pub fn invalid(field: &str, problem: Problem) -> AppError {
        AppError::InvalidFields(vec![FieldProblem::new(field, problem)])
    }

    fn status_and_body(&self) -> (StatusCode, ApiError) {
        let message = self.to_string();
        let (status, code) = match self {
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            AppError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, ErrorCode::MethodNotAllowed)
            }
            AppError::InvalidFields(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::InvalidInput)
            }
            AppError::MalformedBody { status, .. } => (*status, ErrorCode::InvalidInput),
            AppError::SignInRequired => (StatusCode::UNAUTHORIZED, ErrorCode::SignInRequired),
            AppError::Forbidden => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
            AppError::CrossSiteRequest => (StatusCode::FORBIDDEN, ErrorCode::CrossSiteRequest),
            AppError::WrongCredentials { .. } => {
                (StatusCode::UNAUTHORIZED, ErrorCode::WrongCredentials)
            }
            AppError::TooManyAttempts { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts)
            }
            AppError::Conflict { .. } => (StatusCode::CONFLICT, ErrorCode::Conflict),
            AppError::Unexpected(err) => {
                tracing::error!(error = ?err, "unexpected error");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ApiError::new(ErrorCode::Unexpected, "something went wrong on our side"),
                );
            }
        };
        let mut body = ApiError::new(code, message);
        match self {
            AppError::InvalidFields(problems) => {
                body.field = problems.first().map(|p| p.field.clone());
                body.problems = problems.clone();
            }
            AppError::Conflict { field, problem } => {
                body.field = Some(field.clone());
                body.problems = vec![FieldProblem::new(field, *problem)];
            }
            AppError::WrongCredentials { until } => body.until = until.clone(),
            AppError::TooManyAttempts { until } => body.until = Some(until.clone()),
            _ => {}
        }
        (status, body)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, body) = self.status_and_body();
        (status, Json(body)).into_response()
    }
}

/// `Json<T>` whose rejections are our JSON errors (axum's are plain text).
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for JsonBody<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(AppError::MalformedBody {
                status: rejection.status(),
                detail: rejection.body_text(),
            }),
        }
    }
}
