//! The signing worker. The page posts `{ keyFile: Uint8Array, password: string, content:
//! Uint8Array, time: number }` (time: Unix seconds); the worker answers `{ signature:
//! Uint8Array }` (a detached CMS SignedData, DER) or `{ error: "<code>" }` with one of
//! `not_a_key_store`, `wrong_password`, `no_signing_key`, `unsupported_key`, `malformed`,
//! `signing_failed`. Once loaded it posts `{ ready: true }`: the page sends nothing before.
//! Nothing is kept between messages; the page ends the worker after one.

use js_sys::{Object, Reflect, Uint8Array};
use qyzmet_signing::{KeyStore, OpenError};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let answer = Object::new();
        let (key, value): (&str, JsValue) = match sign(&event.data()) {
            Ok(signature) => ("signature", Uint8Array::from(signature.as_slice()).into()),
            Err(code) => ("error", code.into()),
        };
        let _ = Reflect::set(&answer, &key.into(), &value);
        let _ = reply_to.post_message(&answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // A message posted before the handler is set would be lost: the page waits for this.
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &true.into());
    let _ = scope.post_message(&ready);
}

fn sign(data: &JsValue) -> Result<Vec<u8>, &'static str> {
    let get = |name: &str| Reflect::get(data, &name.into()).map_err(|_| "malformed");
    let key_file = get("keyFile")?
        .dyn_into::<Uint8Array>()
        .map_err(|_| "malformed")?
        .to_vec();
    let content = get("content")?
        .dyn_into::<Uint8Array>()
        .map_err(|_| "malformed")?
        .to_vec();
    let password = get("password")?.as_string().ok_or("malformed")?;
    let time = get("time")?.as_f64().ok_or("malformed")?;
    let store = KeyStore::open(&key_file, &password).map_err(|error| match error {
        OpenError::NotAKeyStore => "not_a_key_store",
        OpenError::WrongPassword => "wrong_password",
        OpenError::NoSigningKey => "no_signing_key",
        OpenError::UnsupportedKey => "unsupported_key",
    })?;
    // Whole seconds since 1970: a JavaScript number holds them exactly.
    let seconds = if time.is_finite() && time > 0.0 {
        time as u64
    } else {
        0
    };
    store.sign(&content, seconds).map_err(|_| "signing_failed")
}
