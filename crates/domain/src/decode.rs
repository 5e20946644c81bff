//! Reading the API's JSON into domain types without serde's visitors, for the app: its first
//! download is every visitor's cost, and serde's derive code was the largest part of the app
//! we control. The adapter still writes the JSON with serde; the adapter's tests check, on the
//! real catalogue, that decoding serde's output gives back the same values, so a field added
//! to a type but not here fails a test.

use crate::{
    AccountList, AccountSummary, Act, ActKind, Address, ApiError, AttachedFile, Channel,
    ChannelEntry, Document, DocumentList, Duration, ErrorCode, FieldProblem, Iin, Lang, Person,
    Problem, Region, Regulation, Role, Service, ServiceList, ServicePage, ServiceSummary,
    SessionInfo, Source, Stage, Text, Total, UploadProgress,
    application::{Application, ApplicationList, ApplicationStatus, ApplicationSummary, Progress},
    booking::{
        Board, BoardCall, Booking, BookingState, Bookings, BranchCalendar, BranchDay, BranchHours,
        Closure, DaySlots, HallDevice, QueueBranch, QueueBranches, QueueToday, SlotView, Ticket,
        TicketOutcome, TimeRange,
    },
    catalogue::{DueToday, RegulationDue},
    certificate::{CertificateList, CertificateSummary},
    document::PaperDocuments,
    form::{
        Answers, ChoiceOption, Condition, DocumentRule, Field, FieldKind, FormDefinition, FormPage,
        Wording,
    },
    intake::{
        Branch, CentreDay, CentreKeeping, CentreResult, CentreResults, Handover, HandoverKind,
        Intake, IntakeRefusal,
    },
    queue::{DayWaits, TicketKind},
    submission::{
        AcceptedAt, Receipt, ReceiptCentre, ReceiptDocument, ReceiptPerson, ReceiptResult,
        SignedDocument, SignedRequest, SigningContent,
    },
    tracking::{
        CaseAnswer, CaseDocument, CaseFile, GroundText, Outcome, ProviderRef, RequestStatus,
        ResultSummary, SignedResult, StaffMember, StageStatus, TrackingEvent, WorkbenchItem,
        WorkbenchPage,
    },
    workflow::{Action, RequestState, WorkflowStep},
};

/// What a decoder needs from a parsed JSON value (the browser's, or serde_json's in tests).
pub trait JsonValue: Sized {
    /// An object's member; `None` when missing or `null`.
    fn get(&self, key: &str) -> Option<Self>;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    fn items(&self) -> Option<Vec<Self>>;
    /// An object's member names.
    fn keys(&self) -> Vec<String>;
}

/// The JSON did not have the expected shape. A static message (no formatting code in the
/// app); the adapter's tests name the place when they fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError(pub &'static str);

type Result<T> = std::result::Result<T, DecodeError>;

pub trait Decode: Sized {
    fn decode<V: JsonValue>(v: &V) -> Result<Self>;
}

fn field<V: JsonValue, T: Decode>(v: &V, key: &str) -> Result<T> {
    T::decode(&v.get(key).ok_or(DecodeError("a field is missing"))?)
}

/// A boolean that serde leaves out when false.
fn flag<V: JsonValue>(v: &V, key: &str) -> Result<bool> {
    Ok(optional::<V, bool>(v, key)?.unwrap_or(false))
}

fn optional<V: JsonValue, T: Decode>(v: &V, key: &str) -> Result<Option<T>> {
    v.get(key).map(|inner| T::decode(&inner)).transpose()
}

/// A list that serde leaves out when empty.
fn list_or_empty<V: JsonValue, T: Decode>(v: &V, key: &str) -> Result<Vec<T>> {
    Ok(optional::<V, Vec<T>>(v, key)?.unwrap_or_default())
}

impl Decode for String {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.string().ok_or(DecodeError("not a string"))
    }
}

impl Decode for u32 {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.number()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or(DecodeError("not a whole number"))
    }
}

impl Decode for u64 {
    /// Byte counts: exact below 2^53, which files are.
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.number()
            .filter(|n| n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(n))
            .map(|n| n as u64)
            .ok_or(DecodeError("not a whole number"))
    }
}

impl Decode for i64 {
    /// Row ids: exact below 2^53.
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.number()
            .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0)
            .map(|n| n as i64)
            .ok_or(DecodeError("not a whole number"))
    }
}

impl Decode for f64 {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.number().ok_or(DecodeError("not a number"))
    }
}

/// Answers: an object of strings.
impl Decode for Answers {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.keys()
            .into_iter()
            .map(|key| {
                let value = field::<V, String>(v, &key)?;
                Ok((key, value))
            })
            .collect()
    }
}

impl Decode for bool {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.boolean().ok_or(DecodeError("not a boolean"))
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.items()
            .ok_or(DecodeError("not a list"))?
            .iter()
            .map(T::decode)
            .collect()
    }
}

/// Enums written as strings: one table each, shared with nothing else.
fn from_name<V: JsonValue, T: Copy>(v: &V, table: &[(&str, T)]) -> Result<T> {
    let name = String::decode(v)?;
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or(DecodeError("an unknown name"))
}

impl Decode for Lang {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        from_name(v, &[("kk", Lang::Kk), ("ru", Lang::Ru)])
    }
}

impl Decode for Channel {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        from_name(
            v,
            &[
                ("service-centre", Channel::ServiceCentre),
                ("portal", Channel::Portal),
                ("provider-office", Channel::ProviderOffice),
            ],
        )
    }
}

impl Decode for ActKind {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        from_name(
            v,
            &[
                ("regional-regulation", ActKind::RegionalRegulation),
                ("national-standard", ActKind::NationalStandard),
            ],
        )
    }
}

/// An enum with `ALL` and `name()`: its value is the one whose name is the string.
macro_rules! decode_by_name {
    ($($ty:ident: $what:literal),* $(,)?) => {$(
        impl Decode for $ty {
            fn decode<V: JsonValue>(v: &V) -> Result<Self> {
                let name = String::decode(v)?;
                $ty::ALL
                    .into_iter()
                    .find(|value| value.name() == name)
                    .ok_or(DecodeError($what))
            }
        }
    )*};
}

decode_by_name!(
    ErrorCode: "an unknown error code",
    Role: "an unknown role",
    Problem: "an unknown problem",
    FieldKind: "an unknown kind of field",
    ApplicationStatus: "an unknown status",
    WorkflowStep: "an unknown workflow step",
    RequestState: "an unknown state",
    Action: "an unknown action",
    Outcome: "an unknown outcome",
    HandoverKind: "an unknown hand-over",
    Closure: "an unknown closure",
    BookingState: "an unknown booking state",
    TicketOutcome: "an unknown ticket outcome",
    TicketKind: "an unknown kind of ticket",
);

impl Decode for Iin {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Iin::parse(&String::decode(v)?).map_err(|_| DecodeError("not an IIN"))
    }
}

impl Decode for Duration {
    /// `{ "minutes": 20 }`, `{ "working_days": 2 }`, `{ "calendar_days": 9 }`.
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        let keys = v.keys();
        let [unit] = keys.as_slice() else {
            return Err(DecodeError("a duration has exactly one unit"));
        };
        let amount: u32 = field(v, unit)?;
        match unit.as_str() {
            "minutes" => Ok(Duration::Minutes(amount)),
            "working_days" => Ok(Duration::WorkingDays(amount)),
            "calendar_days" => Ok(Duration::CalendarDays(amount)),
            _ => Err(DecodeError("an unknown unit")),
        }
    }
}

/// `impl Decode` for a struct whose JSON keys are its field names (none of ours is renamed):
/// each field is read with `field` (required), `optional`, or `list_or_empty`.
macro_rules! decode_struct {
    ($ty:ident { $($name:ident: $read:ident),* $(,)? }) => {
        impl Decode for $ty {
            fn decode<V: JsonValue>(v: &V) -> Result<Self> {
                Ok($ty { $($name: $read(v, stringify!($name))?),* })
            }
        }
    };
}

decode_struct!(Source {
    act: field,
    clause: field,
    note: optional
});
decode_struct!(Text {
    kk: field,
    ru: field,
    source: optional,
    translated: list_or_empty
});
decode_struct!(Region {
    id: field,
    kk: field,
    ru: field
});
decode_struct!(Act {
    id: field,
    kind: field,
    seed: optional,
    region: optional,
    published_in: field,
    confirmed: field,
    title: field,
    status: optional,
});
decode_struct!(Document {
    id: field,
    kk: field,
    ru: field,
    source: field,
    translated: list_or_empty,
    channels: field,
    required: field,
});
decode_struct!(ChannelEntry {
    channel: field,
    source: field
});
decode_struct!(Total {
    channel: optional,
    duration: field,
    source: field,
    note: optional,
    intake_and_issue_days_excluded: flag,
});
decode_struct!(Stage {
    channel: optional,
    step: field,
    duration: field,
    source: field,
    actor: field,
    action: field
});
decode_struct!(Regulation {
    act: field,
    region: field,
    provider: optional,
    channels: field,
    totals: list_or_empty,
    stages: field,
});
decode_struct!(Service {
    id: field,
    position: field,
    free: field,
    free_source: field,
    name: field,
    provider: field,
    result: field,
    result_portal: optional,
    documents: field,
    regulations: field,
});
decode_struct!(ServiceSummary {
    id: field,
    position: field,
    name: field,
    provider: field,
    result: field,
    free: field,
    regions: field,
    channels: field,
});
decode_struct!(ServiceList {
    services: field,
    regions: field
});
decode_struct!(ServicePage {
    service: field,
    acts: field,
    regions: field
});
decode_struct!(ApiError {
    code: field,
    message: field,
    field: optional,
    problems: list_or_empty,
    until: optional,
});
decode_struct!(FieldProblem {
    field: field,
    problem: field
});
decode_struct!(Address {
    kk: field,
    ru: field
});
decode_struct!(Person {
    iin: field,
    surname: field,
    name: field,
    patronymic: optional,
    birth_date: field,
    address: field,
    region: optional,
});
decode_struct!(SessionInfo {
    person: field,
    role: field,
    expires_in: field,
    warn_before: field,
    branch: optional,
});
decode_struct!(Branch {
    id: field,
    region: field,
    phone: field,
    name: field,
    address: field,
});
decode_struct!(AccountSummary {
    iin: field,
    full_name: field,
    role: field,
    locked_until: optional,
});
decode_struct!(AccountList { accounts: field });
decode_struct!(Wording {
    kk: field,
    ru: field
});
decode_struct!(Condition {
    field: field,
    equals: field
});
decode_struct!(ChoiceOption {
    id: field,
    kk: field,
    ru: field
});
decode_struct!(Field {
    id: field,
    kind: field,
    label: field,
    hint: optional,
    required: field,
    when: optional,
    max_chars: optional,
    min: optional,
    max: optional,
    decimals: optional,
    past: field,
    options: list_or_empty,
    max_items: optional,
    fields: list_or_empty,
});
decode_struct!(DocumentRule {
    document: field,
    when: field
});
decode_struct!(AttachedFile {
    id: field,
    slot: field,
    name: field,
    size: field,
    content_type: field,
    created_at: field,
    thumbnail: field,
});
decode_struct!(UploadProgress {
    id: field,
    slot: field,
    name: field,
    length: field,
    offset: field,
});
decode_struct!(DocumentList {
    files: field,
    uploads: field,
    paper: list_or_empty,
});
decode_struct!(PaperDocuments { documents: field });
decode_struct!(Progress {
    done: field,
    total: field
});
decode_struct!(Application {
    id: field,
    service: field,
    status: field,
    number: optional,
    answers: field,
    created_at: field,
    updated_at: field,
    progress: field,
    intake: optional,
});
decode_struct!(IntakeRefusal {
    id: field,
    number: field,
    service: field,
    at: field,
    applicant: field,
    representative: optional,
    centre: field,
    missing: field,
});
decode_struct!(Handover {
    kind: field,
    at: field,
    by: field,
});
decode_struct!(CentreResult {
    application: field,
    number: field,
    service: field,
    applicant: field,
    applicant_iin: field,
    branch: field,
    state: field,
    outcome: optional,
    issued_at: optional,
    keep_until: optional,
    handover: optional,
});
decode_struct!(CentreResults { results: field });
decode_struct!(CentreKeeping {
    branch: field,
    keep_until: optional,
    handover: optional,
});
decode_struct!(CentreDay {
    day: field,
    accepted: field,
    refused: field,
    handed_out: field,
    passed_to_provider: field,
    median_minutes: optional,
});
decode_struct!(Intake {
    applicant: field,
    branch: field,
    operator: field,
});
decode_struct!(ApplicationSummary {
    id: field,
    service: field,
    status: field,
    number: optional,
    updated_at: field,
    progress: field,
    state: optional,
    unread: field,
});
decode_struct!(SignedDocument {
    slot: field,
    name: field,
    size: field,
    sha256: field,
});
decode_struct!(SignedRequest {
    application: field,
    service: field,
    applicant_iin: field,
    answers: field,
    documents: field,
    accepted: optional,
});
decode_struct!(AcceptedAt {
    branch: field,
    operator_iin: field,
    paper: field,
});
decode_struct!(ReceiptCentre {
    branch: field,
    operator: field,
});
decode_struct!(SigningContent {
    request: field,
    canonical: field,
});
decode_struct!(ReceiptDocument {
    slot: field,
    name: field
});
decode_struct!(ReceiptPerson {
    name: field,
    iin: field,
    phone: field
});
decode_struct!(Receipt {
    number: field,
    application: field,
    service: field,
    submitted_at: field,
    documents: field,
    accepted_by: field,
    applicant: field,
    representative: optional,
    centre: optional,
    result: optional,
});
decode_struct!(DueToday { regulations: field });
decode_struct!(StageStatus {
    index: field,
    step: field,
    actor: field,
    action: field,
    duration: field,
    due: field,
    done_at: optional,
    overdue: field,
    current: field,
});
decode_struct!(TrackingEvent {
    action: field,
    at: field,
    role: field,
    by: field,
});
decode_struct!(GroundText {
    id: field,
    text: field
});
decode_struct!(ResultSummary {
    outcome: field,
    grounds: field,
    comment: field,
    queue_number: optional,
    signed_at: optional,
    issued_at: optional,
});
decode_struct!(ProviderRef {
    id: field,
    name: field
});
decode_struct!(RequestStatus {
    application: field,
    number: field,
    service: field,
    state: field,
    submitted_at: field,
    provider: optional,
    act: optional,
    region: optional,
    result_due: optional,
    result_due_estimated: field,
    result_overdue: field,
    stages: field,
    events: field,
    result: optional,
    unread: field,
    centre: optional,
});
decode_struct!(WorkbenchItem {
    application: field,
    number: field,
    service: field,
    state: field,
    submitted_at: field,
    step_due: optional,
    overdue: field,
    applicant: field,
    executor: optional,
});
decode_struct!(WorkbenchPage {
    provider: field,
    items: field,
    total: field,
    page: field,
    per_page: field,
});
decode_struct!(CaseAnswer {
    key: field,
    value: field
});
decode_struct!(StaffMember {
    iin: field,
    name: field
});
decode_struct!(CaseDocument {
    id: field,
    slot: field,
    name: field,
    size: field,
    content_type: field,
    sha256: field,
});
decode_struct!(CaseFile {
    status: field,
    applicant: field,
    applicant_iin: field,
    answers: field,
    documents: field,
    executor_iin: optional,
    executors: field,
    grounds: field,
});
decode_struct!(SignedResult {
    content: field,
    signature: field,
    valid: field,
    problem: optional,
    signer: field,
    signed_at: field,
});
decode_struct!(RegulationDue {
    region: field,
    act: field,
    channel: field,
    due: field,
    estimated: field,
});
decode_struct!(ReceiptResult {
    due: field,
    estimated: field,
    act: field,
    region: field,
});
decode_struct!(CertificateSummary {
    serial: field,
    not_before: field,
    not_after: field,
    revoked_at: optional,
});
decode_struct!(CertificateList {
    certificates: field
});
decode_struct!(ApplicationList {
    applications: field
});

/// JSON keys `page` and `document_rule` (the data files' names), so not `decode_struct!`.
impl Decode for FormPage {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(FormPage {
            id: field(v, "id")?,
            title: field(v, "title")?,
            source: optional(v, "source")?,
            when: optional(v, "when")?,
            fields: field(v, "field")?,
        })
    }
}

impl Decode for FormDefinition {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(FormDefinition {
            service: optional(v, "service")?,
            pages: field(v, "page")?,
            document_rules: list_or_empty(v, "document_rule")?,
        })
    }
}

// The electronic queue (issue 10).
decode_struct!(TimeRange {
    from: field,
    to: field
});
decode_struct!(BranchHours {
    weekdays: field,
    lunch: optional,
    saturday: optional,
    windows: field,
    slot_minutes: field,
    time_zone: field,
});
decode_struct!(QueueBranch {
    branch: field,
    hours: field
});
decode_struct!(QueueBranches { branches: field });
decode_struct!(BranchDay {
    date: field,
    hours: optional,
    lunch: optional,
    closed: optional,
    holiday: optional,
    free: field,
});
decode_struct!(BranchCalendar {
    branch: field,
    hours: field,
    days: field,
});
decode_struct!(SlotView {
    start: field,
    end: field,
    capacity: field,
    left: field,
});
decode_struct!(DaySlots {
    date: field,
    slots: field
});
decode_struct!(Booking {
    id: field,
    code: field,
    branch: field,
    purpose: field,
    start: field,
    end: field,
    state: field,
    booked_at: field,
    check_in_from: field,
    check_in_until: field,
    ticket: optional,
});
decode_struct!(Bookings { bookings: field });
decode_struct!(Ticket {
    id: field,
    label: field,
    kind: field,
    branch: field,
    purpose: field,
    slot_start: optional,
    issued_at: field,
    called_at: optional,
    window: optional,
    outcome: optional,
    ahead: optional,
});
decode_struct!(BoardCall {
    label: field,
    window: field,
    at: field,
});
decode_struct!(HallDevice { branch: field });
decode_struct!(Board {
    branch: field,
    calls: field,
    waiting: field,
});
decode_struct!(DayWaits {
    count: field,
    average_minutes: field,
    longest_minutes: field,
});
decode_struct!(QueueToday {
    branch: field,
    waiting: field,
    serving: field,
    served: field,
    no_shows: field,
    waits: field,
});
