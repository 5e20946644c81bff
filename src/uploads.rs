//! Sending a file to the adapter with the tus protocol: created once, then sent in pieces by
//! `XMLHttpRequest` (fetch cannot report upload progress), each from the offset the adapter
//! has. A dropped connection pauses the file; when the browser is back online it asks the
//! adapter where it stopped and goes on from there. Photos are made smaller first.

use std::{cell::RefCell, rc::Rc};

use leptos::prelude::*;
use qyzmet_domain::{ApiError, AttachedFile, Problem};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, ApiFailure};

/// Each piece is at most this large. A cut piece loses nothing (the adapter keeps what
/// arrived), and the progress bar moves within a piece, so pieces can be large enough that
/// the requests cost little.
const PIECE: f64 = 4.0 * 1024.0 * 1024.0;
/// Photos are reduced to this long side (about what a document needs to stay legible).
const LONG_SIDE: f64 = 2000.0;
/// Images smaller than this and within `LONG_SIDE` are sent as they are.
const SMALL_ENOUGH: f64 = 1.5 * 1024.0 * 1024.0;

#[derive(Clone, Debug, PartialEq)]
pub enum SendState {
    /// Making a photo smaller.
    Preparing,
    Sending,
    /// No connection: goes on by itself when it is back.
    Paused,
    /// The adapter refused the file (its problem), or sending failed.
    Refused(Problem),
    Failed(ApiFailure),
    Done(AttachedFile),
}

/// One file on its way, shown with its progress.
#[derive(Clone, Copy)]
pub struct Sending {
    pub key: u32,
    pub slot: StoredValue<String>,
    pub name: StoredValue<String>,
    /// Bytes to send (after a photo was made smaller) and its size before.
    pub total: RwSignal<f64>,
    pub original: RwSignal<f64>,
    pub sent: RwSignal<f64>,
    pub state: RwSignal<SendState>,
    upload: StoredValue<Option<String>, LocalStorage>,
    request: StoredValue<Option<web_sys::XmlHttpRequest>, LocalStorage>,
    cancelled: StoredValue<bool>,
}

impl Sending {
    pub fn percent(&self) -> u32 {
        let total = self.total.get();
        if total <= 0.0 {
            0
        } else {
            ((self.sent.get() / total) * 100.0)
                .floor()
                .clamp(0.0, 100.0) as u32
        }
    }

    /// Stops sending; what the adapter has of it is dropped.
    pub fn cancel(&self) {
        self.cancelled.set_value(true);
        if let Some(Some(request)) = self.request.try_get_value() {
            let _ = request.abort();
        }
        if let Some(Some(id)) = self.upload.try_get_value() {
            leptos::task::spawn_local(async move {
                let _ = api::cancel_upload(&id).await;
                forget(&id);
            });
        }
    }
}

thread_local! {
    static NEXT_KEY: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// Starts sending `file` for `slot` of the request; `resume` is an unfinished upload of the
/// same file to go on with. `done` runs when it is attached.
///
/// The file's state lives under `owner` (the documents page), not under the slot that started
/// it, which is drawn again whenever the list of files changes.
pub fn send(
    owner: &Owner,
    application: String,
    slot: String,
    file: web_sys::File,
    resume: Option<String>,
    done: Callback<()>,
) -> Sending {
    let key = NEXT_KEY.with(|k| {
        let key = k.get();
        k.set(key + 1);
        key
    });
    let sending = owner.with(|| Sending {
        key,
        slot: StoredValue::new(slot.clone()),
        name: StoredValue::new(file.name()),
        total: RwSignal::new(file.size()),
        original: RwSignal::new(file.size()),
        sent: RwSignal::new(0.0),
        state: RwSignal::new(SendState::Preparing),
        upload: StoredValue::new_local(None),
        request: StoredValue::new_local(None),
        cancelled: StoredValue::new(false),
    });
    leptos::task::spawn_local(async move {
        let outcome = run(&application, &slot, sending, file, resume).await;
        if sending.cancelled.try_get_value() != Some(false) {
            return;
        }
        let finished = matches!(outcome, SendState::Done(_));
        sending.state.try_set(outcome);
        if finished {
            done.run(());
        }
    });
    sending
}

/// Sends the file; every access to the page's state is a `try_`: when the person leaves the
/// page the state is gone, and so is the sending (the adapter keeps what it has, to resume).
async fn run(
    application: &str,
    slot: &str,
    sending: Sending,
    file: web_sys::File,
    resume: Option<String>,
) -> SendState {
    if is_heic(&file) {
        return SendState::Refused(Problem::Heic);
    }
    let blob: web_sys::Blob = match smaller_photo(&file).await {
        Some(smaller) => smaller,
        None => file.clone().into(),
    };
    sending.total.try_set(blob.size());
    sending.state.try_set(SendState::Sending);
    let total = blob.size();
    // Going on with an unfinished upload only if it is the same bytes (a photo made smaller
    // again may differ); otherwise it is dropped and the file starts over.
    let mut resume = resume;
    if let Some(old) = resume.clone() {
        let same = matches!(api::upload_progress(&old).await, Ok(p) if p.length as f64 == total);
        if !same {
            let _ = api::cancel_upload(&old).await;
            forget(&old);
            resume = None;
        }
    }
    let id = match resume {
        Some(id) => id,
        None => match api::create_upload(application, slot, &file.name(), total as u64).await {
            Ok(progress) => {
                remember(&progress.id, &fingerprint(&file));
                progress.id
            }
            Err(failure) => return refused(failure, slot),
        },
    };
    if sending.upload.try_set_value(Some(id.clone())).is_some() {
        // The page is gone: the upload stays for a later visit.
        return SendState::Paused;
    }
    let mut offset = match api::upload_progress(&id).await {
        Ok(progress) => progress.offset as f64,
        Err(failure) => return refused(failure, slot),
    };
    sending.sent.try_set(offset);
    let mut failures = 0u32;
    loop {
        if sending.cancelled.try_get_value() != Some(false) {
            return SendState::Sending;
        }
        let end = (offset + PIECE).min(total);
        let piece = match blob.slice_with_f64_and_f64(offset, end) {
            Ok(piece) => piece,
            Err(_) => return SendState::Failed(ApiFailure::Server),
        };
        match send_piece(sending, &id, offset, &piece).await {
            Piece::Took(new_offset) => {
                failures = 0;
                offset = new_offset;
                sending.sent.try_set(offset);
                sending.state.try_set(SendState::Sending);
            }
            Piece::Attached(file) => {
                forget(&id);
                sending.sent.try_set(total);
                return SendState::Done(file);
            }
            Piece::Refused(failure) => {
                forget(&id);
                return refused(failure, slot);
            }
            Piece::SignInRequired => {
                crate::session::handle_sign_in_required(&ApiFailure::SignInRequired);
                return SendState::Failed(ApiFailure::SignInRequired);
            }
            Piece::Lost => {
                // Offline or cut: wait, ask the adapter where it stopped, go on.
                failures += 1;
                sending.state.try_set(SendState::Paused);
                wait_for_connection(failures).await;
                loop {
                    if sending.cancelled.try_get_value() != Some(false) {
                        return SendState::Sending;
                    }
                    match api::upload_progress(&id).await {
                        Ok(progress) => {
                            offset = progress.offset as f64;
                            sending.sent.try_set(offset);
                            sending.state.try_set(SendState::Sending);
                            break;
                        }
                        Err(ApiFailure::Network) => wait_for_connection(failures).await,
                        Err(failure) => return refused(failure, slot),
                    }
                }
            }
        }
    }
}

fn refused(failure: ApiFailure, slot: &str) -> SendState {
    match failure {
        ApiFailure::Refused(ApiError { problems, .. }) if !problems.is_empty() => {
            let problem = problems
                .iter()
                .find(|p| p.field == slot)
                .unwrap_or(&problems[0])
                .problem;
            SendState::Refused(problem)
        }
        other => SendState::Failed(other),
    }
}

enum Piece {
    Took(f64),
    Attached(AttachedFile),
    Refused(ApiFailure),
    SignInRequired,
    Lost,
}

/// One PATCH by XMLHttpRequest, its upload progress shown as it goes.
async fn send_piece(sending: Sending, id: &str, offset: f64, piece: &web_sys::Blob) -> Piece {
    let Ok(request) = web_sys::XmlHttpRequest::new() else {
        return Piece::Lost;
    };
    if request.open("PATCH", &api::upload_path(id)).is_err() {
        return Piece::Lost;
    }
    let _ = request.set_request_header("content-type", "application/offset+octet-stream");
    let _ = request.set_request_header("tus-resumable", "1.0.0");
    // Integers only: Rust's float formatting and parsing would add to the download.
    let _ = request.set_request_header("upload-offset", &(offset as u64).to_string());
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            sending.sent.try_set(offset + ev.loaded());
        });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    // Settles when the request ends in any way (load, error, abort, timeout).
    let finished = js_sys::Promise::new(&mut |resolve, _reject| {
        let resolve = Rc::new(RefCell::new(Some(resolve)));
        let end = Closure::<dyn FnMut()>::new(move || {
            if let Some(resolve) = resolve.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        request.set_onloadend(Some(end.as_ref().unchecked_ref()));
        end.forget();
    });
    if sending
        .request
        .try_set_value(Some(request.clone()))
        .is_some()
    {
        return Piece::Lost;
    }
    if request.send_with_opt_blob(Some(piece)).is_err() {
        return Piece::Lost;
    }
    let _ = JsFuture::from(finished).await;
    sending.request.try_set_value(None);
    drop(progress);
    let status = request.status().unwrap_or(0);
    let text = request.response_text().ok().flatten().unwrap_or_default();
    match status {
        204 => request
            .get_response_header("upload-offset")
            .ok()
            .flatten()
            .and_then(|o| o.parse::<u64>().ok())
            .map_or(Piece::Lost, |o| Piece::Took(o as f64)),
        200 => api::decode_text::<AttachedFile>(&text).map_or(Piece::Lost, Piece::Attached),
        // Network error, abort, or the adapter gone: ask where it stopped and go on.
        0 | 409 | 502..=504 => Piece::Lost,
        401 => Piece::SignInRequired,
        _ => match api::decode_text::<ApiError>(&text) {
            Some(error) => Piece::Refused(api::failure_of(error)),
            None => Piece::Refused(ApiFailure::Server),
        },
    }
}

/// Waits for the browser to say it is online (or a moment, growing with each failure, in case
/// it never says).
async fn wait_for_connection(failures: u32) {
    let seconds = 2u32.saturating_pow(failures.min(4)).min(15);
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let resolve_online = resolve.clone();
        let online = Closure::once_into_js(move || {
            let _ = resolve_online.call0(&JsValue::NULL);
        });
        let _ = window.add_event_listener_with_callback("online", online.unchecked_ref());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            &resolve,
            i32::try_from(seconds * 1000).unwrap_or(15_000),
        );
    });
    let _ = JsFuture::from(timer).await;
}

fn is_heic(file: &web_sys::File) -> bool {
    let kind = file.type_().to_ascii_lowercase();
    let name = file.name().to_ascii_lowercase();
    kind.contains("heic")
        || kind.contains("heif")
        || name.ends_with(".heic")
        || name.ends_with(".heif")
}

/// A JPEG at most `LONG_SIDE` on its long side, for a photo that is larger; `None` to send the
/// file as it is (not an image, already small, or the browser cannot decode it).
async fn smaller_photo(file: &web_sys::File) -> Option<web_sys::Blob> {
    let kind = file.type_();
    if kind != "image/jpeg" && kind != "image/png" {
        return None;
    }
    let window = web_sys::window()?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let (width, height) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let long = width.max(height);
    if long <= LONG_SIDE && file.size() <= SMALL_ENOUGH {
        return None;
    }
    let scale = (LONG_SIDE / long).min(1.0);
    let (w, h) = ((width * scale).round(), (height * scale).round());
    let canvas: web_sys::HtmlCanvasElement = window
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // A transparent PNG gets a white page, not a black one, as JPEG.
    context.set_fill_style_str("#fff");
    context.fill_rect(0.0, 0.0, w, h);
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h)
        .ok()?;
    bitmap.close();
    let blob = js_sys::Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            callback.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(0.85),
        );
    });
    let blob: web_sys::Blob = JsFuture::from(blob).await.ok()?.dyn_into().ok()?;
    // Only if it did get smaller.
    (blob.size() < file.size()).then_some(blob)
}

pub const PREFIX: &str = "qyzmet.upload.";

/// The same file chosen again: its name, size and time of change.
pub fn fingerprint(file: &web_sys::File) -> String {
    format!(
        "{}|{}|{}",
        file.name(),
        file.size() as u64,
        file.last_modified() as u64
    )
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn remember(upload: &str, fingerprint: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&format!("{PREFIX}{upload}"), fingerprint);
    }
}

fn forget(upload: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&format!("{PREFIX}{upload}"));
    }
}

/// The unfinished upload (of those given) this file continues, if it is the same file.
pub fn resumable(file: &web_sys::File, uploads: &[String]) -> Option<String> {
    let storage = storage()?;
    let print = fingerprint(file);
    uploads
        .iter()
        .find(|id| {
            storage
                .get_item(&format!("{PREFIX}{id}"))
                .ok()
                .flatten()
                .as_deref()
                == Some(print.as_str())
        })
        .cloned()
}

/// A size in the person's language's units: "1,4 МБ".
pub fn size_text(i18n: crate::i18n::I18nContext<crate::i18n::Locale>, bytes: f64) -> String {
    use crate::i18n::*;
    let (value, unit) = if bytes >= 1024.0 * 1024.0 {
        (bytes / (1024.0 * 1024.0), t_string!(i18n, units.mb))
    } else {
        ((bytes / 1024.0).max(0.1), t_string!(i18n, units.kb))
    };
    let rounded = (value * 10.0).round() / 10.0;
    let text = js_sys::Number::from(rounded)
        .to_string_with_radix(10)
        .ok()
        .map(String::from)
        .unwrap_or_default()
        .replace('.', ",");
    format!("{text} {unit}")
}
