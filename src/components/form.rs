//! Form building blocks in the GOV.UK pattern: a labelled field with its hint and its error,
//! an error summary that links to each field, and values kept in the tab's session storage so
//! a reload, or a sign-in after the session ended, loses nothing typed.

use leptos::{html, prelude::*};
use qyzmet_domain::{ApiError, ErrorCode, FieldProblem, Problem};
use wasm_bindgen::JsCast;

use crate::{api::ApiFailure, format, i18n::*};

/// Where a form that is sent to the adapter stands: its fields' problems, a refusal of the
/// whole form, how many times it was submitted (the summary takes focus each time), whether it
/// is being sent, and a failure to reach the adapter.
#[derive(Clone, Copy)]
pub struct FormStatus {
    pub problems: RwSignal<Vec<FieldProblem>>,
    /// Not about one field: a wrong pair, a pause, a lock.
    pub refusal: RwSignal<Option<ApiError>>,
    pub attempts: RwSignal<u32>,
    pub busy: RwSignal<bool>,
    pub failure: RwSignal<Option<ApiFailure>>,
}

impl FormStatus {
    pub fn new() -> FormStatus {
        FormStatus {
            problems: RwSignal::new(Vec::new()),
            refusal: RwSignal::new(None),
            attempts: RwSignal::new(0),
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
        }
    }

    /// Starts a submit; `false` while one is under way.
    pub fn begin(&self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.refusal.set(None);
        self.failure.set(None);
        true
    }

    /// The form's own check passed or failed; `true` when it may be sent.
    pub fn checked(&self, result: Result<(), Vec<FieldProblem>>) -> bool {
        match result {
            Ok(()) => {
                self.problems.set(Vec::new());
                self.busy.set(true);
                true
            }
            Err(found) => {
                self.problems.set(found);
                self.attempts.update(|n| *n += 1);
                false
            }
        }
    }

    /// The adapter did not accept the form.
    pub fn failed(&self, failure: ApiFailure) {
        self.busy.set(false);
        match failure {
            ApiFailure::Refused(error) => {
                if error.problems.is_empty() {
                    self.refusal.set(Some(error));
                } else {
                    self.problems.set(error.problems);
                }
                self.attempts.update(|n| *n += 1);
            }
            other => self.failure.set(Some(other)),
        }
    }

    /// `failed`, with the adapter's problems at its field `api_field` shown at this form's
    /// field `field` (the API's name for what the page asks under another).
    pub fn failed_at(&self, failure: ApiFailure, api_field: &str, field: &str) {
        let failure = match failure {
            ApiFailure::Refused(mut error) => {
                for problem in &mut error.problems {
                    if problem.field == api_field {
                        problem.field = field.into();
                    }
                }
                ApiFailure::Refused(error)
            }
            other => other,
        };
        self.failed(failure);
    }

    /// `(field id, message)` for the error summary; a refusal links to `refusal_field`.
    pub fn errors(
        &self,
        i18n: I18nContext<Locale>,
        refusal_field: &'static str,
    ) -> Signal<Vec<(String, String)>> {
        let (problems, refusal) = (self.problems, self.refusal);
        Signal::derive(move || {
            let mut list: Vec<(String, String)> = problems.with(|all| {
                all.iter()
                    .map(|p| (p.field.clone(), problem_message(i18n, p)))
                    .collect()
            });
            if let Some(error) = refusal.get() {
                list.push((refusal_field.into(), refusal_message(i18n, &error)));
            }
            list
        })
    }
}

/// What the person is told when the adapter refuses a sign-in (or a registration) as a whole:
/// a wrong pair, with when to try again if they must wait, or a pause with its end.
pub fn refusal_message(i18n: I18nContext<Locale>, error: &ApiError) -> String {
    let time = error.until.as_deref().map(|t| format::moment(i18n, t));
    match (error.code, time) {
        (ErrorCode::TooManyAttempts, Some(time)) => {
            t_string!(i18n, too_many_attempts, time = time).to_string()
        }
        (_, Some(time)) => format!(
            "{} {}",
            t_string!(i18n, wrong_credentials),
            t_string!(i18n, try_again_at, time = time)
        ),
        _ => t_string!(i18n, wrong_credentials).to_string(),
    }
}

/// The translated message for a field's problem.
pub fn problem_message(i18n: I18nContext<Locale>, problem: &FieldProblem) -> String {
    use Problem::*;
    let text = match (problem.field.as_str(), problem.problem) {
        ("iin", Empty) => t_string!(i18n, problems.iin.empty),
        ("iin", NotDigits) => t_string!(i18n, problems.iin.not_digits),
        ("iin", WrongLength) => t_string!(i18n, problems.iin.wrong_length),
        ("iin", CheckDigit) => t_string!(i18n, problems.iin.check_digit),
        ("iin", NeverIssued) => t_string!(i18n, problems.iin.never_issued),
        ("iin", NotInPersonsDatabase) => t_string!(i18n, problems.iin.not_in_persons_database),
        ("iin", AlreadyRegistered) => t_string!(i18n, problems.iin.already_registered),
        ("iin", TooLong) => t_string!(i18n, problems.iin.too_long),
        ("password", TooShort) => t_string!(i18n, problems.password.too_short),
        ("password", TooLong) => t_string!(i18n, problems.password.too_long),
        ("password", SameAsIin) => t_string!(i18n, problems.password.same_as_iin),
        ("password", _) => t_string!(i18n, problems.password.empty),
        ("password_repeat", Mismatch) => t_string!(i18n, problems.password_repeat.mismatch),
        ("password_repeat", _) => t_string!(i18n, problems.password_repeat.empty),
        ("phone", Empty) => t_string!(i18n, problems.phone.empty),
        ("phone", TooLong) => t_string!(i18n, problems.phone.too_long),
        ("phone", _) => t_string!(i18n, problems.phone.not_a_phone),
        ("email", TooLong) => t_string!(i18n, problems.email.too_long),
        ("email", _) => t_string!(i18n, problems.email.not_an_email),
        ("key_file", Empty) => t_string!(i18n, problems.key_file.empty),
        ("key_file", WrongType) => t_string!(i18n, problems.key_file.not_a_key_store),
        ("key_file" | "ncalayer", NotForSigning) => {
            t_string!(i18n, problems.key_file.not_for_signing)
        }
        ("key_file" | "ncalayer", CertificateExpired) => {
            t_string!(i18n, problems.key_file.certificate_expired)
        }
        ("key_file" | "ncalayer", CertificateNotYetValid) => {
            t_string!(i18n, problems.key_file.certificate_not_yet_valid)
        }
        ("key_file" | "ncalayer", CertificateRevoked) => {
            t_string!(i18n, problems.key_file.certificate_revoked)
        }
        ("key_file" | "ncalayer", UntrustedCertificate) => {
            t_string!(i18n, problems.key_file.untrusted_certificate)
        }
        ("key_file" | "ncalayer", AnotherPersonsCertificate) => {
            t_string!(i18n, problems.key_file.another_persons_certificate)
        }
        ("key_file" | "ncalayer", ContentChanged) => {
            t_string!(i18n, problems.key_file.content_changed)
        }
        ("key_file" | "ncalayer", BadSignature) => t_string!(i18n, problems.key_file.bad_signature),
        ("key_file", _) => t_string!(i18n, problems.key_file.failed),
        ("ncalayer", NotRunning) => t_string!(i18n, problems.ncalayer.not_running),
        ("ncalayer", Cancelled) => t_string!(i18n, problems.ncalayer.cancelled),
        ("ncalayer", _) => t_string!(i18n, problems.ncalayer.failed),
        ("key_password", Mismatch) => t_string!(i18n, problems.key_password.wrong),
        ("key_password", _) => t_string!(i18n, problems.key_password.empty),
        ("key_file_password", TooShort) => t_string!(i18n, problems.key_file_password.too_short),
        ("key_file_password", TooLong) => t_string!(i18n, problems.key_file_password.too_long),
        ("key_file_password", _) => t_string!(i18n, problems.key_file_password.empty),
        ("key_file_password_repeat", _) => t_string!(i18n, problems.password_repeat.mismatch),
        ("executor", NotAChoice) => t_string!(i18n, problems.executor.not_a_choice),
        ("executor", _) => t_string!(i18n, problems.executor.empty),
        ("outcome", _) => t_string!(i18n, problems.outcome.empty),
        ("grounds", ReasonNeeded) => t_string!(i18n, problems.grounds.reason_needed),
        ("grounds", _) => t_string!(i18n, problems.grounds.not_a_choice),
        ("comment", _) => t_string!(i18n, problems.comment.too_long),
        ("action", NotTheExecutor) => t_string!(i18n, problems.action.not_the_executor),
        ("action", _) => t_string!(i18n, problems.action.out_of_order),
        ("applicant" | "representative_iin", Empty) => t_string!(i18n, problems.iin.empty),
        ("applicant" | "representative_iin", NotDigits) => t_string!(i18n, problems.iin.not_digits),
        ("applicant" | "representative_iin", WrongLength) => {
            t_string!(i18n, problems.iin.wrong_length)
        }
        ("applicant" | "representative_iin", CheckDigit) => {
            t_string!(i18n, problems.iin.check_digit)
        }
        ("applicant" | "representative_iin", NeverIssued) => {
            t_string!(i18n, problems.iin.never_issued)
        }
        ("applicant", _) => t_string!(i18n, problems.centre.applicant_not_found),
        ("representative_iin", SameAsApplicant) => {
            t_string!(i18n, problems.centre.same_as_applicant)
        }
        ("representative_iin", PoaOtherRepresentative) => {
            t_string!(i18n, problems.centre.poa_other_representative)
        }
        ("representative_iin", _) => t_string!(i18n, problems.centre.representative_not_found),
        ("poa_number", PoaUnknown) => t_string!(i18n, problems.centre.poa_unknown),
        ("poa_number", PoaOtherPrincipal) => t_string!(i18n, problems.centre.poa_other_principal),
        ("poa_number", PoaExpired) => t_string!(i18n, problems.centre.poa_expired),
        ("poa_number", _) => t_string!(i18n, problems.centre.poa_number_empty),
        ("poa_date", Empty) => t_string!(i18n, problems.centre.poa_date_empty),
        ("poa_date", PoaOtherDate) => t_string!(i18n, problems.centre.poa_other_date),
        ("poa_date", _) => t_string!(i18n, problems.centre.poa_date_invalid),
        ("service", _) => t_string!(i18n, problems.centre.service_empty),
        ("q", Empty) => t_string!(i18n, problems.centre.q_empty),
        ("q", _) => t_string!(i18n, problems.centre.q_invalid),
        // The electronic queue (issue 10).
        ("branch", Empty) => t_string!(i18n, problems.booking.branch_empty),
        ("purpose", Empty) => t_string!(i18n, problems.booking.purpose_empty),
        ("purpose", _) => t_string!(i18n, problems.booking.purpose_not_a_choice),
        ("date", _) => t_string!(i18n, problems.booking.date_empty),
        ("start", Empty | NotADate) => t_string!(i18n, problems.booking.start_empty),
        ("start", SlotPast) => t_string!(i18n, problems.booking.slot_past),
        ("start", BranchClosed) => t_string!(i18n, problems.booking.branch_closed),
        ("start", AtLunch) => t_string!(i18n, problems.booking.at_lunch),
        ("start", OutsideHours) => t_string!(i18n, problems.booking.outside_hours),
        ("start", TooFarAhead) => t_string!(i18n, problems.booking.too_far_ahead),
        ("start", AlreadyBooked) => t_string!(i18n, problems.booking.already_booked),
        ("start", LimitReached) => t_string!(i18n, problems.booking.limit_reached),
        ("start", SlotFull) => t_string!(i18n, problems.booking.slot_full),
        ("start", _) => t_string!(i18n, problems.booking.not_a_slot),
        ("id", _) => t_string!(i18n, problems.booking.booking_over),
        ("code", Empty) => t_string!(i18n, problems.booking.code_empty),
        ("code", WrongLength) => t_string!(i18n, problems.booking.code_wrong_length),
        ("code", TooEarly) => t_string!(i18n, problems.booking.code_too_early),
        ("code", TooLate) => t_string!(i18n, problems.booking.code_too_late),
        ("code", AlreadyBooked) => t_string!(i18n, problems.booking.code_checked_in),
        ("code", BookingOver) => t_string!(i18n, problems.booking.code_over),
        ("code", _) => t_string!(i18n, problems.booking.code_unknown),
        ("window", Empty) => t_string!(i18n, problems.booking.window_empty),
        ("window", _) => t_string!(i18n, problems.booking.window_invalid),
        ("ticket", _) => t_string!(i18n, problems.booking.ticket_out_of_order),
        ("branch", _) => t_string!(i18n, problems.centre.another_branch),
        ("kind", StillKept) => t_string!(i18n, problems.centre.still_kept),
        ("kind", _) => t_string!(i18n, problems.centre.not_ready),
        ("paper", NothingMissing) => t_string!(i18n, problems.centre.nothing_missing),
        ("paper", _) => t_string!(i18n, problems.centre.paper_missing),
        // A field this form does not have: the adapter and the app disagree; say something.
        _ => t_string!(i18n, error_server),
    };
    text.to_string()
}

/// One problem per field, the first; the form's own order.
pub fn message_for(
    i18n: I18nContext<Locale>,
    problems: RwSignal<Vec<FieldProblem>>,
    field: &'static str,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        problems.with(|all| {
            all.iter()
                .find(|p| p.field == field)
                .map(|p| problem_message(i18n, p))
        })
    })
}

/// Replaces `field`'s problem (after the person leaves the field): live checking that never
/// nags about a field not yet filled.
pub fn set_problem(
    problems: RwSignal<Vec<FieldProblem>>,
    field: &'static str,
    problem: Option<Problem>,
) {
    problems.update(|all| {
        all.retain(|p| p.field != field);
        if let Some(problem) = problem {
            all.push(FieldProblem::new(field, problem));
        }
    });
}

#[component]
pub fn TextField(
    /// The input's id and name (the API's field name).
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] input_type: &'static str,
    autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    /// Runs when the person leaves the field (to check it).
    #[prop(optional)]
    on_leave: Option<Callback<()>>,
    #[prop(default = "field__input")] class: &'static str,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = described_by(
        hint.is_some().then(|| hint_id.clone()),
        error_id.clone(),
        error,
    );
    view! {
        <div class=move || if error.with(Option::is_some) { "field field--error" } else { "field" }>
            <label class="field__label" for=name>{move || label.get()}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{move || hint.get()}</p> })}
            <ErrorLine id=error_id error/>
            <input
                class=class
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                spellcheck="false"
                aria-describedby=described_by
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:change=move |_| if let Some(leave) = on_leave { leave.run(()) }
            />
        </div>
    }
}

/// `aria-describedby` of a field: its hint (if any) and its error (while there is one).
pub fn described_by(
    hint_id: Option<String>,
    error_id: String,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let ids: Vec<&str> = hint_id
            .iter()
            .map(String::as_str)
            .chain(error.with(Option::is_some).then_some(error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A field's error message, read by screen readers with "Error:" before it.
#[component]
pub fn ErrorLine(id: String, #[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|message| {
            view! {
                <p class="field__error" id=id.clone()>
                    <span class="visually-hidden">{t!(i18n, error_prefix)} " "</span>
                    {message}
                </p>
            }
        })
    }
}

/// The list of what is wrong, at the top of the form, each linking to its field. It takes
/// focus after each submit that found problems, so a screen reader reads it first.
#[component]
pub fn ErrorSummary(
    /// `(field id, message)` in the form's order.
    #[prop(into)]
    errors: Signal<Vec<(String, String)>>,
    /// Counts submits; each change with errors moves focus here.
    #[prop(into)]
    attempts: Signal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if attempts.get() > 0 && !errors.with_untracked(Vec::is_empty) {
            if let Some(summary) = summary.get_untracked() {
                let _ = summary.focus();
            }
        }
    });
    view! {
        <Show when=move || !errors.with(Vec::is_empty)>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=summary
                aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">
                    {t!(i18n, error_summary_title)}
                </h2>
                <ul class="error-summary__list">
                    <For each=move || errors.get() key=|e| e.clone() let((field, message))>
                        <li>
                            <a href=format!("#{field}") on:click=move |ev| focus_field(&ev, &field)>
                                {message}
                            </a>
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// The link's field takes focus (the browser would only scroll to it).
fn focus_field(ev: &leptos::ev::MouseEvent, id: &str) {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        ev.prevent_default();
        let _ = input.focus();
    }
}

/// A value kept in the tab's session storage under `qyzmet.form.<form>.<field>`. Not for
/// passwords.
pub fn remembered(form: &'static str, field: &'static str) -> RwSignal<String> {
    let key = format!("qyzmet.form.{form}.{field}");
    let storage = session_storage();
    let initial = storage
        .as_ref()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .unwrap_or_default();
    let value = RwSignal::new(initial);
    Effect::new(move |_| {
        let text = value.get();
        if let Some(storage) = session_storage() {
            let _ = if text.is_empty() {
                storage.remove_item(&key)
            } else {
                storage.set_item(&key, &text)
            };
        }
    });
    value
}

/// Drops a form's remembered values (after it was sent).
pub fn forget(form: &'static str, fields: &[&'static str]) {
    if let Some(storage) = session_storage() {
        for field in fields {
            let _ = storage.remove_item(&format!("qyzmet.form.{form}.{field}"));
        }
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The form's submit button; says it is sending while it is (and ignores presses then).
#[component]
pub fn SubmitButton(busy: RwSignal<bool>, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button" aria-disabled=move || busy.get().then_some("true")>
            {move || if busy.get() { t_string!(i18n, sending).to_string() } else { label.get() }}
        </button>
    }
}

/// A labelled `<select>` with its error: `options` are `(value, label)`; the first option,
/// `placeholder`, has the empty value.
#[component]
pub fn SelectField(
    /// The select's id and name (the API's field name).
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] placeholder: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let described_by = described_by(None, error_id.clone(), error);
    view! {
        <div class=move || if error.with(Option::is_some) { "field field--error" } else { "field" }>
            <label class="field__label" for=name>{move || label.get()}</label>
            <ErrorLine id=error_id error/>
            <select class="field__input" id=name name=name
                aria-describedby=described_by
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.with(String::is_empty)>{move || placeholder.get()}</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = { let v = v.clone(); move || value.with(|current| *current == v) };
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
