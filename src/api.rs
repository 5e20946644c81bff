//! The adapter's JSON API, one function per endpoint, typed by the domain crate.

use gloo_net::http::{Request, Response};
use qyzmet_domain::{ApiError, ErrorCode, ServiceList, ServicePage};
use serde::de::DeserializeOwned;

/// Why a request did not give its data. The pages translate these; the adapter's own message
/// is English and for logs only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer: offline, or the server is down.
    Network,
    /// The adapter says the thing does not exist.
    NotFound,
    /// The adapter failed, or answered something we cannot read.
    Server,
}

pub async fn list_services() -> Result<ServiceList, ApiFailure> {
    get_json("/api/services").await
}

pub async fn get_service(id: String) -> Result<ServicePage, ApiFailure> {
    let path = format!("/api/services/{}", js_sys::encode_uri_component(&id));
    get_json(&path).await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = Request::get(path).send().await.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiFailure::Server);
    }
    Err(failure(response).await)
}

async fn failure(response: Response) -> ApiFailure {
    match response.json::<ApiError>().await {
        Ok(ApiError { code: ErrorCode::NotFound, .. }) => ApiFailure::NotFound,
        // A proxy's 502/504 page is not JSON: the server side failed either way.
        _ => ApiFailure::Server,
    }
}
