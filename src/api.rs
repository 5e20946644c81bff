//! The adapter's JSON API, one function per endpoint, typed by the domain crate.

use leptos::prelude::*;
use qyzmet_domain::{
    AccountList, Answers, ApiError, Application, ApplicationList, DocumentList, ErrorCode,
    FormDefinition, Registration, ServiceList, ServicePage, SessionInfo, SigningContent,
    UploadProgress,
    certificate::CertificateList,
    decode::{Decode, JsonValue},
    submission::Receipt,
    tracking::{CaseFile, Outcome, RequestStatus, SignedResult, WorkbenchPage},
    workflow::Action,
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
    /// No session, or it has ended.
    SignInRequired,
    /// The account may not do this (its role, or someone else's resource).
    Forbidden,
    /// The adapter refused what was sent, saying why (field problems, a lock's end…).
    Refused(ApiError),
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

/// When a request made now would be due, by each region's regulation.
pub async fn get_due(id: String) -> Result<qyzmet_domain::catalogue::DueToday, ApiFailure> {
    let path = format!("/api/services/{}/due", js_sys::encode_uri_component(&id));
    get_json(&path).await
}

/// Who is signed in; `None` when no one (the adapter answers 204).
pub async fn current_session() -> Result<Option<SessionInfo>, ApiFailure> {
    get_json::<Optional<SessionInfo>>("/api/session")
        .await
        .map(|maybe| maybe.0)
}

pub async fn sign_in(iin: &str, password: &str) -> Result<SessionInfo, ApiFailure> {
    let body = json_object(&[("iin", iin), ("password", password)]);
    send("POST", "/api/session", Some(body)).await
}

pub async fn register(form: &Registration) -> Result<SessionInfo, ApiFailure> {
    let body = json_object(&[
        ("iin", &form.iin),
        ("password", &form.password),
        ("password_repeat", &form.password_repeat),
        ("phone", &form.phone),
        ("email", &form.email),
    ]);
    send("POST", "/api/accounts", Some(body)).await
}

pub async fn refresh_session() -> Result<SessionInfo, ApiFailure> {
    send("POST", "/api/session/refresh", None).await
}

pub async fn sign_out() -> Result<(), ApiFailure> {
    send::<Nothing>("DELETE", "/api/session", None)
        .await
        .map(|_| ())
}

pub async fn list_accounts() -> Result<AccountList, ApiFailure> {
    get_json("/api/accounts").await
}

pub async fn unlock_account(iin: String) -> Result<(), ApiFailure> {
    let path = format!(
        "/api/accounts/{}/unlock",
        js_sys::encode_uri_component(&iin)
    );
    send::<Nothing>("POST", &path, None).await.map(|_| ())
}

/// The service's request form.
pub async fn get_form(service: String) -> Result<FormDefinition, ApiFailure> {
    let path = format!(
        "/api/services/{}/form",
        js_sys::encode_uri_component(&service)
    );
    get_json(&path).await
}

/// Starts a draft request for the service.
pub async fn create_application(service: &str) -> Result<Application, ApiFailure> {
    let body = json_object(&[("service", service)]);
    send("POST", "/api/applications", Some(body)).await
}

pub async fn get_application(id: String) -> Result<Application, ApiFailure> {
    get_json(&application_path(&id)).await
}

pub async fn list_applications() -> Result<ApplicationList, ApiFailure> {
    get_json("/api/applications").await
}

/// Saves some answers as typed; `seq` orders this edit among all of the person's edits.
pub async fn save_answers(id: &str, answers: &Answers, seq: u64) -> Result<(), ApiFailure> {
    let map = js_sys::Object::new();
    for (key, value) in answers {
        let _ = js_sys::Reflect::set(&map, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &JsValue::from_str("answers"), &map);
    // Below 2^53, so a JSON number keeps it exactly.
    let _ = js_sys::Reflect::set(
        &object,
        &JsValue::from_str("seq"),
        &JsValue::from_f64(seq as f64),
    );
    let body = stringify(&object);
    send::<Nothing>("PATCH", &application_path(id), Some(body))
        .await
        .map(|_| ())
}

/// The request's attached files and unfinished uploads.
pub async fn list_documents(id: String) -> Result<DocumentList, ApiFailure> {
    get_json(&format!("{}/documents", application_path(&id))).await
}

/// Starts sending a file of `length` bytes for `slot` (tus creation).
pub async fn create_upload(
    application: &str,
    slot: &str,
    name: &str,
    length: u64,
) -> Result<UploadProgress, ApiFailure> {
    let metadata = format!("slot {},filename {}", base64(slot), base64(name));
    send_with(
        "POST",
        &format!("{}/uploads", application_path(application)),
        None,
        &[
            ("tus-resumable", "1.0.0".into()),
            ("upload-length", length.to_string()),
            ("upload-metadata", metadata),
        ],
    )
    .await
}

/// How much of an upload the adapter has.
pub async fn upload_progress(id: &str) -> Result<UploadProgress, ApiFailure> {
    get_json(&upload_path(id)).await
}

pub async fn cancel_upload(id: &str) -> Result<(), ApiFailure> {
    send_with::<Nothing>(
        "DELETE",
        &upload_path(id),
        None,
        &[("tus-resumable", "1.0.0".into())],
    )
    .await
    .map(|_| ())
}

pub fn upload_path(id: &str) -> String {
    format!("/api/uploads/{}", js_sys::encode_uri_component(id))
}

/// Base64 of UTF-8 text, by the browser (`btoa` takes bytes as Latin-1 characters).
fn base64(text: &str) -> String {
    let latin1: String = text.bytes().map(char::from).collect();
    web_sys::window()
        .and_then(|w| w.btoa(&latin1).ok())
        .unwrap_or_default()
}

pub async fn remove_document(id: &str) -> Result<(), ApiFailure> {
    let path = format!("/api/documents/{}", js_sys::encode_uri_component(id));
    send::<Nothing>("DELETE", &path, None).await.map(|_| ())
}

pub async fn delete_application(id: &str) -> Result<(), ApiFailure> {
    send::<Nothing>("DELETE", &application_path(id), None)
        .await
        .map(|_| ())
}

/// What to sign: the request and its canonical bytes.
pub async fn get_signing(id: String) -> Result<SigningContent, ApiFailure> {
    get_json(&format!("{}/signing", application_path(&id))).await
}

/// Submits the request with its signature (base64 CMS); the receipt comes back.
pub async fn submit_application(id: &str, signature: &str) -> Result<Receipt, ApiFailure> {
    let body = json_object(&[("signature", signature)]);
    send(
        "POST",
        &format!("{}/submission", application_path(id)),
        Some(body),
    )
    .await
}

pub async fn get_receipt(id: String) -> Result<Receipt, ApiFailure> {
    get_json(&format!("{}/receipt", application_path(&id))).await
}

pub fn receipt_pdf_path(id: &str, lang: &str) -> String {
    format!("{}/receipt.pdf?lang={lang}", application_path(id))
}

pub fn receipt_qr_path(id: &str) -> String {
    format!("{}/receipt/qr.svg", application_path(id))
}

/// A submitted request's status page data.
pub async fn get_status(id: String) -> Result<RequestStatus, ApiFailure> {
    get_json(&format!("{}/status", application_path(&id))).await
}

/// Where the status page listens for its request's changes (server-sent events).
pub fn changes_path(id: &str) -> String {
    format!("{}/changes", application_path(id))
}

/// The provider's signed result (content, signature, and whether it verifies).
pub async fn get_result(id: String) -> Result<SignedResult, ApiFailure> {
    get_json(&format!("{}/result", application_path(&id))).await
}

pub fn result_pdf_path(id: &str, lang: &str) -> String {
    format!("{}/result.pdf?lang={lang}", application_path(id))
}

/// A page of the caller's provider's requests; `state` is `open` or a state's name.
pub async fn get_workbench(state: String, page: u32) -> Result<WorkbenchPage, ApiFailure> {
    get_json(&format!(
        "/api/workbench?state={}&page={page}",
        js_sys::encode_uri_component(&state)
    ))
    .await
}

fn case_path(id: &str) -> String {
    format!("/api/workbench/{}", js_sys::encode_uri_component(id))
}

pub async fn get_case(id: String) -> Result<CaseFile, ApiFailure> {
    get_json(&case_path(&id)).await
}

pub fn case_document_path(id: &str, document: &str) -> String {
    format!(
        "{}/documents/{}",
        case_path(id),
        js_sys::encode_uri_component(document)
    )
}

/// One step of the workflow, with what goes with it.
pub async fn act_on_case(
    id: String,
    action: Action,
    executor: Option<String>,
    outcome: Option<Outcome>,
    grounds: Vec<String>,
    comment: String,
) -> Result<CaseFile, ApiFailure> {
    let object = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
    };
    set("action", JsValue::from_str(action.name()));
    if let Some(executor) = executor {
        set("executor", JsValue::from_str(&executor));
    }
    if let Some(outcome) = outcome {
        set("outcome", JsValue::from_str(outcome.name()));
    }
    let list = js_sys::Array::new();
    for ground in grounds {
        list.push(&JsValue::from_str(&ground));
    }
    set("grounds", list.into());
    set("comment", JsValue::from_str(&comment));
    send(
        "POST",
        &format!("{}/actions", case_path(&id)),
        Some(stringify(&object)),
    )
    .await
}

/// A person in the persons database, for an operator starting a request on their behalf.
pub async fn get_person(iin: String) -> Result<qyzmet_domain::Person, ApiFailure> {
    get_json(&format!(
        "/api/persons/{}",
        js_sys::encode_uri_component(iin.trim())
    ))
    .await
}

/// What an operator enters about a representative.
pub struct RepresentativeEntry {
    pub iin: String,
    pub notarised: bool,
    pub number: String,
    pub date: String,
}

/// Starts a draft on a citizen's behalf (an operator's).
pub async fn create_on_behalf(
    service: &str,
    applicant: &str,
    representative: Option<RepresentativeEntry>,
) -> Result<Application, ApiFailure> {
    let on_behalf = js_sys::Object::new();
    let set = |object: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), &value);
    };
    set(&on_behalf, "applicant", JsValue::from_str(applicant));
    if let Some(r) = representative {
        let entry = js_sys::Object::new();
        set(&entry, "iin", JsValue::from_str(&r.iin));
        set(&entry, "notarised", JsValue::from_bool(r.notarised));
        if r.notarised {
            set(&entry, "number", JsValue::from_str(&r.number));
            set(&entry, "date", JsValue::from_str(&r.date));
        }
        set(&on_behalf, "representative", entry.into());
    }
    let body = js_sys::Object::new();
    set(&body, "service", JsValue::from_str(service));
    set(&body, "on_behalf", on_behalf.into());
    send("POST", "/api/applications", Some(stringify(&body))).await
}

/// Ticks the documents brought on paper (the whole list).
pub async fn set_paper(
    id: &str,
    documents: &[String],
) -> Result<qyzmet_domain::document::PaperDocuments, ApiFailure> {
    let list = js_sys::Array::new();
    for document in documents {
        list.push(&JsValue::from_str(document));
    }
    let body = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&body, &JsValue::from_str("documents"), &list);
    send(
        "PUT",
        &format!("{}/paper", application_path(id)),
        Some(stringify(&body)),
    )
    .await
}

/// Refuses intake of an incomplete package: the receipt.
pub async fn refuse_intake(id: &str) -> Result<qyzmet_domain::intake::IntakeRefusal, ApiFailure> {
    send(
        "POST",
        &format!("{}/intake-refusal", application_path(id)),
        Some("{}".into()),
    )
    .await
}

fn refusal_path(id: &str) -> String {
    format!("/api/intake-refusals/{}", js_sys::encode_uri_component(id))
}

pub async fn get_refusal(id: String) -> Result<qyzmet_domain::intake::IntakeRefusal, ApiFailure> {
    get_json(&refusal_path(&id)).await
}

pub fn refusal_pdf_path(id: &str, lang: &str) -> String {
    format!("{}/receipt.pdf?lang={lang}", refusal_path(id))
}

/// Requests accepted at service centres with this number, or for this IIN.
pub async fn search_centre(q: String) -> Result<qyzmet_domain::intake::CentreResults, ApiFailure> {
    get_json(&format!(
        "/api/centre/results?q={}",
        js_sys::encode_uri_component(q.trim())
    ))
    .await
}

pub async fn uncollected() -> Result<qyzmet_domain::intake::CentreResults, ApiFailure> {
    get_json("/api/centre/uncollected").await
}

pub async fn hand_over(
    id: &str,
    kind: qyzmet_domain::intake::HandoverKind,
) -> Result<qyzmet_domain::intake::CentreResult, ApiFailure> {
    let body = json_object(&[("kind", kind.name())]);
    send(
        "POST",
        &format!(
            "/api/centre/results/{}/handover",
            js_sys::encode_uri_component(id)
        ),
        Some(body),
    )
    .await
}

pub async fn centre_day() -> Result<qyzmet_domain::intake::CentreDay, ApiFailure> {
    get_json("/api/centre/day").await
}

/// The service centres of the electronic queue, with their hours.
pub async fn queue_branches() -> Result<qyzmet_domain::booking::QueueBranches, ApiFailure> {
    get_json("/api/queue/branches").await
}

/// A service centre's hours and the days ahead with the places left.
pub async fn queue_branch(
    id: String,
) -> Result<qyzmet_domain::booking::BranchCalendar, ApiFailure> {
    get_json(&queue_branch_path(&id)).await
}

/// A service centre's slots on `date` (`YYYY-MM-DD`) still ahead, with the places left.
pub async fn queue_slots(
    branch: String,
    date: String,
) -> Result<qyzmet_domain::booking::DaySlots, ApiFailure> {
    get_json(&format!(
        "{}/slots?date={}",
        queue_branch_path(&branch),
        js_sys::encode_uri_component(&date)
    ))
    .await
}

fn queue_branch_path(id: &str) -> String {
    format!("/api/queue/branches/{}", js_sys::encode_uri_component(id))
}

fn booking_path(id: &str) -> String {
    format!("/api/queue/bookings/{}", js_sys::encode_uri_component(id))
}

fn booking_body(request: &qyzmet_domain::booking::BookingRequest) -> String {
    json_object(&[
        ("branch", &request.branch),
        ("purpose", &request.purpose),
        ("start", &request.start),
    ])
}

/// Books a slot; with `moving`, moves that booking there instead (its old place is freed).
pub async fn book(
    request: &qyzmet_domain::booking::BookingRequest,
    moving: Option<&str>,
) -> Result<qyzmet_domain::booking::Booking, ApiFailure> {
    match moving {
        Some(id) => send("PUT", &booking_path(id), Some(booking_body(request))).await,
        None => send("POST", "/api/queue/bookings", Some(booking_body(request))).await,
    }
}

/// The signed-in citizen's bookings: those ahead soonest first, then the past ones.
pub async fn list_bookings() -> Result<qyzmet_domain::booking::Bookings, ApiFailure> {
    get_json("/api/queue/bookings").await
}

pub async fn get_booking(id: String) -> Result<qyzmet_domain::booking::Booking, ApiFailure> {
    get_json(&booking_path(&id)).await
}

/// Cancels a booking: its place is free at once.
pub async fn cancel_booking(id: &str) -> Result<qyzmet_domain::booking::Booking, ApiFailure> {
    send("DELETE", &booking_path(id), None).await
}

/// The booking's QR code (its code, for the hall kiosk's scanner), an SVG image.
pub fn booking_qr_path(id: &str) -> String {
    format!("{}/qr.svg", booking_path(id))
}

/// A walk-in ticket from the hall's kiosk.
pub async fn walk_in(
    branch: &str,
    purpose: &str,
) -> Result<qyzmet_domain::booking::Ticket, ApiFailure> {
    let body = json_object(&[("purpose", purpose)]);
    send(
        "POST",
        &format!("{}/tickets", queue_branch_path(branch)),
        Some(body),
    )
    .await
}

/// A booking's code typed at the hall's kiosk: its ticket.
pub async fn check_in(
    branch: &str,
    code: &str,
) -> Result<qyzmet_domain::booking::Ticket, ApiFailure> {
    let body = json_object(&[("code", code)]);
    send(
        "POST",
        &format!("{}/check-in", queue_branch_path(branch)),
        Some(body),
    )
    .await
}

/// The hall's display: the latest calls and how many wait.
pub async fn queue_board(branch: String) -> Result<qyzmet_domain::booking::Board, ApiFailure> {
    get_json(&format!("{}/board", queue_branch_path(&branch))).await
}

/// The display's change stream (server-sent events).
pub fn board_changes_path(branch: &str) -> String {
    format!("{}/board/changes", queue_branch_path(branch))
}

/// The operator's branch's queue today.
pub async fn queue_today() -> Result<qyzmet_domain::booking::QueueToday, ApiFailure> {
    get_json("/api/queue/today").await
}

/// An answer that may be none (204): who is signed in, the next ticket called, the screen's
/// hall.
struct Optional<T>(Option<T>);

impl<T: Decode> Decode for Optional<T> {
    fn decode<V: JsonValue>(v: &V) -> Result<Self, qyzmet_domain::decode::DecodeError> {
        if v.keys().is_empty() {
            return Ok(Optional(None));
        }
        T::decode(v).map(|t| Optional(Some(t)))
    }
}

/// Which branch's hall kiosk this screen is; `None` when it was not set up as one.
pub async fn hall_device() -> Result<Option<qyzmet_domain::booking::HallDevice>, ApiFailure> {
    let device: Optional<_> = get_json("/api/queue/hall-device").await?;
    Ok(device.0)
}

/// Sets this screen up as the operator's branch's hall kiosk; the operator is signed out.
pub async fn enrol_hall_device() -> Result<qyzmet_domain::booking::HallDevice, ApiFailure> {
    send("POST", "/api/queue/hall-device", None).await
}

/// Calls the next ticket to the operator's window.
pub async fn call_next(window: u32) -> Result<Option<qyzmet_domain::booking::Ticket>, ApiFailure> {
    let body = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &body,
        &JsValue::from_str("window"),
        &JsValue::from_f64(f64::from(window)),
    );
    let called: Optional<_> = send("POST", "/api/queue/calls", Some(stringify(&body))).await?;
    Ok(called.0)
}

/// Marks a called ticket served or not come.
pub async fn ticket_outcome(
    id: i64,
    outcome: qyzmet_domain::booking::TicketOutcome,
) -> Result<qyzmet_domain::booking::Ticket, ApiFailure> {
    let body = json_object(&[("outcome", outcome.name())]);
    send(
        "POST",
        &format!("/api/queue/tickets/{id}/outcome"),
        Some(body),
    )
    .await
}

pub async fn list_certificates() -> Result<CertificateList, ApiFailure> {
    get_json("/api/certificates").await
}

/// A new test signing certificate: its key file (PKCS#12) as the adapter sends it.
pub async fn obtain_certificate(password: &str) -> Result<web_sys::Blob, ApiFailure> {
    let body = json_object(&[("password", password)]);
    let response = respond("POST", "/api/certificates", Some(body), &[]).await?;
    let blob = response.blob().map_err(|_| ApiFailure::Server)?;
    JsFuture::from(blob)
        .await
        .map_err(|_| ApiFailure::Network)?
        .dyn_into()
        .map_err(|_| ApiFailure::Server)
}

fn application_path(id: &str) -> String {
    format!("/api/applications/{}", js_sys::encode_uri_component(id))
}

/// An answer without a body (204).
struct Nothing;

impl Decode for Nothing {
    fn decode<V: JsonValue>(_: &V) -> Result<Self, qyzmet_domain::decode::DecodeError> {
        Ok(Nothing)
    }
}

/// `{"key": "value", …}`, written by the browser's own JSON encoder.
fn json_object(fields: &[(&str, &str)]) -> String {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    stringify(&object)
}

fn stringify(object: &js_sys::Object) -> String {
    js_sys::JSON::stringify(object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

thread_local! {
    /// When the session ends (milliseconds since the epoch, the browser's clock), as the last
    /// answer from the adapter said; `None` when signed out.
    static SESSION_ENDS_AT: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

/// When the session ends, as far as this page knows.
pub fn session_ends_at() -> Option<f64> {
    SESSION_ENDS_AT.with(|cell| cell.get())
}

pub fn set_session_ends_in(seconds: Option<u32>) {
    let at = seconds.map(|s| js_sys::Date::now() + f64::from(s) * 1000.0);
    SESSION_ENDS_AT.with(|cell| cell.set(at));
}

/// GETs `path` and decodes its JSON (parsed by the browser) with `qyzmet_domain::decode`.
async fn get_json<T: Decode>(path: &str) -> Result<T, ApiFailure> {
    send("GET", path, None).await
}

async fn send<T: Decode>(method: &str, path: &str, body: Option<String>) -> Result<T, ApiFailure> {
    send_with(method, path, body, &[]).await
}

/// `send` with extra request headers.
pub async fn send_with<T: Decode>(
    method: &str,
    path: &str,
    body: Option<String>,
    extra: &[(&str, String)],
) -> Result<T, ApiFailure> {
    let response = respond(method, path, body, extra).await?;
    if response.status() == 204 {
        return T::decode(&Json(JsValue::NULL)).map_err(|_| ApiFailure::Server);
    }
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| ApiFailure::Server)?,
        Err(_) => return Err(ApiFailure::Server),
    };
    T::decode(&Json(body)).map_err(|_| ApiFailure::Server)
}

/// Sends a request; a successful answer comes back to be read, an error answer is read here.
async fn respond(
    method: &str,
    path: &str,
    body: Option<String>,
    extra: &[(&str, String)],
) -> Result<web_sys::Response, ApiFailure> {
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| ApiFailure::Network)?;
    for (name, value) in extra {
        let _ = headers.set(name, value);
    }
    if let Some(body) = &body {
        let _ = headers.set("content-type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(|_| ApiFailure::Network)?
        .unchecked_into();
    // Every answer to a signed-in request says how long the session has left.
    if let Ok(Some(seconds)) = response.headers().get("x-session-expires-in") {
        set_session_ends_in(seconds.parse().ok());
    }
    if response.ok() {
        return Ok(response);
    }
    // A proxy's 502/504 page is not JSON: the server side failed either way.
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| ApiFailure::Server)?,
        Err(_) => return Err(ApiFailure::Server),
    };
    let Ok(error) = ApiError::decode(&Json(body)) else {
        return Err(ApiFailure::Server);
    };
    Err(failure_of(error))
}

/// What an error answer means for the page.
pub fn failure_of(error: ApiError) -> ApiFailure {
    match error.code {
        ErrorCode::NotFound => ApiFailure::NotFound,
        ErrorCode::SignInRequired => {
            set_session_ends_in(None);
            ApiFailure::SignInRequired
        }
        ErrorCode::Forbidden => ApiFailure::Forbidden,
        ErrorCode::Unexpected | ErrorCode::MethodNotAllowed => ApiFailure::Server,
        _ => ApiFailure::Refused(error),
    }
}

/// Decodes JSON text (an XHR's answer) with the domain's decoders.
pub fn decode_text<T: Decode>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    T::decode(&Json(value)).ok()
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

/// Opens the server-sent event stream at `path`; each `change` event runs `on_change`. The
/// browser reconnects by itself after a network failure; the stream closes with the page.
pub fn on_changes(path: &str, on_change: Callback<()>) {
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(path) else {
        return;
    };
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_change.run(()));
    let _ = source.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
    listener.forget();
    let source = send_wrapper::SendWrapper::new(source);
    on_cleanup(move || source.close());
}

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
