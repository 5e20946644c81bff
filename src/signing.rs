//! Signing in the browser. The key file and its password go to the signing worker
//! (`crates/signer-worker`, its own wasm, downloaded only now), which signs the request's
//! canonical bytes; the key never leaves the browser, and the worker is ended after one
//! signature.

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use wasm_bindgen_futures::JsFuture;

/// Trunk names a worker's files after its binary, unhashed (index.html).
const WORKER: &str = "/qyzmet-signer_loader.js";

/// Why the key file did not sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFileProblem {
    /// Not a PKCS#12 key file.
    NotAKeyStore,
    WrongPassword,
    /// A key file without a key for signing (certificates only) or with a key of a kind the
    /// portal does not sign with.
    NoSigningKey,
    /// The file could not be read, or the worker failed.
    Failed,
}

/// Signs `content` with the key in `key_file` (PKCS#12), opened with `password`. Returns the
/// detached CMS signature (DER).
pub async fn sign_with_key_file(
    key_file: &web_sys::File,
    password: &str,
    content: &[u8],
) -> Result<Vec<u8>, KeyFileProblem> {
    let bytes = JsFuture::from(key_file.array_buffer())
        .await
        .map_err(|_| KeyFileProblem::Failed)?;
    let message = Object::new();
    let set = |key: &str, value: &JsValue| Reflect::set(&message, &key.into(), value);
    set("keyFile", &Uint8Array::new(&bytes).into()).map_err(|_| KeyFileProblem::Failed)?;
    set("password", &password.into()).map_err(|_| KeyFileProblem::Failed)?;
    set("content", &Uint8Array::from(content).into()).map_err(|_| KeyFileProblem::Failed)?;
    let seconds = (js_sys::Date::now() / 1000.0).floor();
    set("time", &seconds.into()).map_err(|_| KeyFileProblem::Failed)?;

    let worker = web_sys::Worker::new(WORKER).map_err(|_| KeyFileProblem::Failed)?;
    let reply = async {
        // The worker says when its wasm is running; a message sent earlier would be lost.
        let (ready, _handlers) = next_message(&worker);
        JsFuture::from(ready).await?;
        let (answer, _handlers) = next_message(&worker);
        worker.post_message(&message)?;
        JsFuture::from(answer).await
    }
    .await;
    worker.terminate();
    let reply = reply.map_err(|_| KeyFileProblem::Failed)?;
    if let Ok(signature) = Reflect::get(&reply, &"signature".into()) {
        if let Some(signature) = signature.dyn_ref::<Uint8Array>() {
            return Ok(signature.to_vec());
        }
    }
    let code = Reflect::get(&reply, &"error".into())
        .ok()
        .and_then(|e| e.as_string())
        .unwrap_or_default();
    Err(match code.as_str() {
        "not_a_key_store" => KeyFileProblem::NotAKeyStore,
        "wrong_password" => KeyFileProblem::WrongPassword,
        "no_signing_key" | "unsupported_key" => KeyFileProblem::NoSigningKey,
        _ => KeyFileProblem::Failed,
    })
}

type Handlers = (
    Closure<dyn FnMut(web_sys::MessageEvent)>,
    Closure<dyn FnMut(JsValue)>,
);

/// The worker's next message (or its failure to load); the handlers must live until then.
fn next_message(worker: &web_sys::Worker) -> (Promise, Option<Handlers>) {
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve, reject| {
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            },
        );
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |error: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        handlers = Some((on_message, on_error));
    });
    (promise, handlers)
}

/// Base64 of bytes, by the browser.
pub fn base64(bytes: &[u8]) -> String {
    let latin1: String = bytes.iter().copied().map(char::from).collect();
    web_sys::window()
        .and_then(|w| w.btoa(&latin1).ok())
        .unwrap_or_default()
}

/// Bytes from base64, by the browser.
pub fn from_base64(text: &str) -> Option<Vec<u8>> {
    let latin1 = web_sys::window()?.atob(text).ok()?;
    latin1
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}
