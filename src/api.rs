//! The adapter's JSON API, one function per endpoint, typed by the domain crate.

use leptos::prelude::*;
use qyzmet_domain::{
    ApiError, ErrorCode, ServiceList, ServicePage,
    decode::{Decode, JsonValue},
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

/// GETs `path` and decodes its JSON (parsed by the browser) with `qyzmet_domain::decode`.
async fn get_json<T: Decode>(path: &str) -> Result<T, ApiFailure> {
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| ApiFailure::Network)?
        .unchecked_into();
    // A proxy's 502/504 page is not JSON: the server side failed either way.
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| ApiFailure::Server)?,
        Err(_) => return Err(ApiFailure::Server),
    };
    let body = Json(body);
    if response.ok() {
        return T::decode(&body).map_err(|_| ApiFailure::Server);
    }
    match ApiError::decode(&body) {
        Ok(ApiError {
            code: ErrorCode::NotFound,
            ..
        }) => Err(ApiFailure::NotFound),
        _ => Err(ApiFailure::Server),
    }
}

/// A JSON value as the browser parsed it.
struct Json(JsValue);

impl JsonValue for Json {
    fn get(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        let value = js_sys::Reflect::get(&self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(Json(value))
    }

    fn string(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        js_sys::Array::is_array(&self.0)
            .then(|| js_sys::Array::from(&self.0).iter().map(Json).collect())
    }

    fn keys(&self) -> Vec<String> {
        if !self.0.is_object() || js_sys::Array::is_array(&self.0) {
            return Vec::new();
        }
        js_sys::Object::keys(self.0.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
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
    Loaded {
        state,
        reload: Callback::new(move |()| start()),
    }
}
