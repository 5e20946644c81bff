//! Signing through NCALayer, the national signing application, where it runs on the person's
//! computer. It listens on a WebSocket at `wss://127.0.0.1:13579`, greets with
//! `{"result":{"version":…}}`, then answers one JSON request at a time (the protocol of the
//! national PKI's public example code). It shows its own window for the key and the password,
//! so neither ever reaches the page. The signature it returns is checked by the adapter exactly
//! like one made from a key file.

use js_sys::{Array, JSON, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, WebSocket};

const ADDRESS: &str = "wss://127.0.0.1:13579/";

/// How long a running NCALayer takes at most to greet; past it, it is taken as not running.
const GREETING_MS: i32 = 3_000;

/// The key stores NCALayer may offer: the PKCS#12 key file first, then the national tokens
/// and ID card (the names are NCALayer's).
const STORAGES: [&str; 6] = [
    "PKCS12",
    "AKKaztokenStore",
    "AKKZIDCardStore",
    "AKEToken72KStore",
    "AKEToken5110Store",
    "AKJaCartaStore",
];

/// Extended key usage of a certificate for signing (the national PKI's "signing" certificates).
const SIGNING_EKU: &str = "1.3.6.1.5.5.7.3.4";

/// Why NCALayer did not sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NcaLayerProblem {
    /// No NCALayer answered at its address (not started, or its certificate not trusted).
    NotRunning,
    /// The person closed NCALayer's window without signing.
    Cancelled,
    /// NCALayer answered with an error, or with something that is not a signature.
    Failed,
}

/// NCALayer's version when it runs; `None` when nothing answers at its address.
pub async fn version() -> Option<String> {
    let (socket, greeting) = connect().await.ok()?;
    hang_up(&socket);
    Some(greeting)
}

/// Signs `content` through NCALayer as a detached CMS signature (DER), asking for a signing
/// certificate of the person with `iin`; NCALayer speaks `locale` ("kk" or "ru").
pub async fn sign(content: &[u8], iin: &str, locale: &str) -> Result<Vec<u8>, NcaLayerProblem> {
    let (socket, _version) = connect().await.map_err(|_| NcaLayerProblem::NotRunning)?;
    let reply = async {
        let (answer, _handlers) = next_message(&socket);
        socket.send_with_str(&sign_request(content, iin, locale)?)?;
        JsFuture::from(answer).await
    }
    .await;
    hang_up(&socket);
    let reply = reply.map_err(|_| NcaLayerProblem::Failed)?;
    signature_of(&reply)
}

/// Opens the socket and waits for NCALayer's greeting; resolves to the socket and the version.
async fn connect() -> Result<(WebSocket, String), JsValue> {
    let socket = WebSocket::new(ADDRESS)?;
    // The handlers are set before this task yields, so the greeting cannot be missed.
    let (greeting, _handlers) = next_message(&socket);
    let greeting = JsFuture::from(with_timeout(greeting, GREETING_MS)).await;
    stop_listening(&socket);
    let version = greeting
        .ok()
        .and_then(|text| parse(&text))
        .and_then(|message| path(&message, &["result", "version"]))
        .and_then(|v| v.as_string());
    match version {
        Some(version) => Ok((socket, version)),
        None => {
            hang_up(&socket);
            Err(JsValue::NULL)
        }
    }
}

fn sign_request(content: &[u8], iin: &str, locale: &str) -> Result<String, JsValue> {
    let object = |pairs: &[(&str, JsValue)]| -> Result<JsValue, JsValue> {
        let o = Object::new();
        for (key, value) in pairs {
            Reflect::set(&o, &(*key).into(), value)?;
        }
        Ok(o.into())
    };
    let strings = |items: &[&str]| -> JsValue {
        items
            .iter()
            .map(|s| JsValue::from(*s))
            .collect::<Array>()
            .into()
    };
    let request = object(&[
        ("module", "kz.gov.pki.knca.basics".into()),
        ("method", "sign".into()),
        (
            "args",
            object(&[
                ("allowedStorages", strings(&STORAGES)),
                ("format", "cms".into()),
                ("data", crate::signing::base64(content).into()),
                (
                    "signingParams",
                    // The data are base64 to decode; the signature is detached, over the bytes.
                    object(&[
                        ("decode", true.into()),
                        ("encapsulate", false.into()),
                        ("digested", false.into()),
                    ])?,
                ),
                (
                    "signerParams",
                    object(&[
                        ("extKeyUsageOids", strings(&[SIGNING_EKU])),
                        ("iin", iin.into()),
                    ])?,
                ),
                ("locale", locale.into()),
            ])?,
        ),
    ])?;
    JSON::stringify(&request)?.as_string().ok_or(JsValue::NULL)
}

/// `{"status":true,"body":{"result":["<base64 CMS>"]}}` is a signature; `status` true without
/// a result is a cancelled window.
fn signature_of(reply: &JsValue) -> Result<Vec<u8>, NcaLayerProblem> {
    let message = parse(reply).ok_or(NcaLayerProblem::Failed)?;
    let status = path(&message, &["status"]).and_then(|s| s.as_bool());
    if status != Some(true) {
        // Older NCALayers report a closed window as an error with this message.
        let cancelled = path(&message, &["message"]).and_then(|m| m.as_string())
            == Some("action.canceled".to_owned());
        return Err(if cancelled {
            NcaLayerProblem::Cancelled
        } else {
            NcaLayerProblem::Failed
        });
    }
    let first = path(&message, &["body", "result"])
        .filter(|r| !r.is_undefined() && !r.is_null())
        .map(|r| Array::from(&r).get(0));
    match first {
        None => Err(NcaLayerProblem::Cancelled),
        Some(first) => first
            .as_string()
            .and_then(|b64| crate::signing::from_base64(&b64))
            .filter(|bytes| !bytes.is_empty())
            .ok_or(NcaLayerProblem::Failed),
    }
}

fn parse(text: &JsValue) -> Option<JsValue> {
    JSON::parse(&text.as_string()?).ok()
}

fn path(value: &JsValue, keys: &[&str]) -> Option<JsValue> {
    keys.iter().try_fold(value.clone(), |v, key| {
        Reflect::get(&v, &(*key).into())
            .ok()
            .filter(|inner| !inner.is_undefined())
    })
}

type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(JsValue)>,
);

/// The socket's next text message; rejected if the socket fails or closes first. The handlers
/// must live until then.
fn next_message(socket: &WebSocket) -> (Promise, Option<Handlers>) {
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve, reject| {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &event.data());
        });
        let on_end = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &event);
        });
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onerror(Some(on_end.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_end.as_ref().unchecked_ref()));
        handlers = Some((on_message, on_end));
    });
    (promise, handlers)
}

/// Drops the handlers' hold on the socket: their closures are freed after an answer, and a
/// late event must not call them.
fn stop_listening(socket: &WebSocket) {
    socket.set_onmessage(None);
    socket.set_onerror(None);
    socket.set_onclose(None);
}

fn hang_up(socket: &WebSocket) {
    stop_listening(socket);
    socket.close().ok();
}

/// `promise`, or a rejection after `ms` milliseconds.
fn with_timeout(promise: Promise, ms: i32) -> Promise {
    let timeout = Promise::new(&mut |_, reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, ms);
        }
    });
    Promise::race(&[promise, timeout].into_iter().collect::<Array>())
}
