//! The adapter's JSON API, one function per endpoint, typed by the domain crate.

use gloo_net::http::{Request, Response};
use leptos::prelude::*;
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

/// The state of a request a page shows: `None` while loading, then its result. `reload` sends
/// it again (the retry button). Plain signals rather than Leptos's async resources, which
/// cost tens of KB of wasm for what a page needs here.
pub struct Loaded<T: 'static> {
    pub state: ReadSignal<Option<Result<T, ApiFailure>>>,
    pub reload: Callback<()>,
}

impl<T: 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Loaded<T> {}

/// Starts `fetch` now and again on each `reload`; only the latest answer is kept.
pub fn load<T, F, Fut>(fetch: F) -> Loaded<T>
where
    T: Send + Sync + 'static,
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ApiFailure>> + 'static,
{
    let (state, set_state) = signal(None);
    let generation = StoredValue::new(0u32);
    let start = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_state.set(None);
        let request = fetch();
        leptos::task::spawn_local(async move {
            let result = request.await;
            // A slower, older answer must not overwrite a newer one; the page may be gone.
            if generation.try_get_value() == Some(mine) {
                set_state.try_set(Some(result));
            }
        });
    };
    start();
    Loaded { state, reload: Callback::new(move |()| start()) }
}
