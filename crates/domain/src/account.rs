//! Accounts: who a person is (from the state persons database), what role they act in, and the
//! rules of the registration and sign-in forms. The app checks these as the person types; the
//! adapter checks them again on every request with the same code.

use serde::{Deserialize, Serialize};

use crate::{Iin, IinError};

/// What a signed-in account may do. A person has one role per account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Applies for services for themselves (the portal's applicant).
    Citizen,
    /// Service-centre (ЦОН / ХҚКО) operator, applying on a citizen's behalf.
    Operator,
    /// Provider staff: the office that registers incoming requests.
    ProviderOffice,
    /// Provider staff: the head who assigns an executor and signs the result.
    ProviderHead,
    /// Provider staff: the executor who prepares the result.
    ProviderExecutor,
    /// Runs the portal: accounts and reference data.
    Administrator,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Citizen,
        Role::Operator,
        Role::ProviderOffice,
        Role::ProviderHead,
        Role::ProviderExecutor,
        Role::Administrator,
    ];

    /// The name in the API and the database.
    pub fn name(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Operator => "operator",
            Role::ProviderOffice => "provider_office",
            Role::ProviderHead => "provider_head",
            Role::ProviderExecutor => "provider_executor",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }
}

/// An address as the persons database holds it, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub kk: String,
    pub ru: String,
}

/// A person as the state persons database (ГБД ФЛ) knows them. The portal shows these, never
/// what someone typed about themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "850714300127"))]
    pub iin: Iin,
    pub surname: String,
    pub name: String,
    /// Not everyone has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<String>,
    /// `YYYY-MM-DD`, as recorded (the IIN's first digits need not match it).
    pub birth_date: String,
    pub address: Address,
    /// The region of the registered address (an id of `data/regions.toml`): its regulation
    /// sets the stages and deadlines of the person's requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl Person {
    /// "Surname Name Patronymic", as on documents.
    pub fn full_name(&self) -> String {
        let mut full = format!("{} {}", self.surname, self.name);
        if let Some(patronymic) = &self.patronymic {
            full.push(' ');
            full.push_str(patronymic);
        }
        full
    }
}

/// The state persons database, as the domain sees it: look a person up by IIN. The embedded
/// default plays it from a data file; a production adapter would call the real one.
pub trait PersonsDatabase: Send + Sync {
    fn find(&self, iin: &Iin) -> Option<Person>;
}

/// Who is signed in, and for how long without activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub person: Person,
    pub role: Role,
    /// Seconds until the session ends if nothing more is done (relative, so the browser's
    /// clock does not matter).
    pub expires_in: u32,
    /// How long before the end the person is warned.
    pub warn_before: u32,
    /// An operator's service centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<crate::intake::Branch>,
}

/// An account as the administrator's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub iin: Iin,
    pub full_name: String,
    pub role: Role,
    /// RFC 3339; present while sign-in is locked after failed attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountList {
    pub accounts: Vec<AccountSummary>,
}

/// What is wrong with one field, as a stable code the app translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Empty,
    NotDigits,
    WrongLength,
    CheckDigit,
    NeverIssued,
    NotInPersonsDatabase,
    AlreadyRegistered,
    TooShort,
    TooLong,
    SameAsIin,
    Mismatch,
    NotAPhone,
    NotAnEmail,
    NotANumber,
    TooManyDecimals,
    TooSmall,
    TooLarge,
    NotADate,
    InFuture,
    NotAChoice,
    /// An answer for a question the form does not have.
    NotAField,
    /// A file that is not a PDF, JPEG or PNG by its content (whatever its name says).
    WrongType,
    /// A photo in Apple's HEIC format: to be sent as JPEG.
    Heic,
    EmptyFile,
    /// A file whose content is cut short, broken, or also something else (a polyglot).
    Damaged,
    /// The request's files together would pass the limit per request.
    RequestTooLarge,
    /// The signing certificate's validity period has ended.
    CertificateExpired,
    /// The signing certificate's validity period has not begun.
    CertificateNotYetValid,
    /// The signing certificate was revoked by its authority.
    CertificateRevoked,
    /// The certificate is not one for signing (an authentication certificate, say).
    NotForSigning,
    /// The certificate does not chain to an authority the portal trusts.
    UntrustedCertificate,
    /// The certificate carries another person's IIN than the request's.
    AnotherPersonsCertificate,
    /// The signature is not a valid one (broken, or not by the certificate's key).
    BadSignature,
    /// The request changed after it was signed: sign again.
    ContentChanged,
    /// Required documents are not attached yet.
    MissingDocuments,
    /// Some answers are missing or wrong.
    Incomplete,
    /// The request is submitted: it can no longer be changed.
    AlreadySubmitted,
    /// The national signing application (NCALayer) does not answer on this computer. Found by
    /// the app, never sent by the adapter.
    NotRunning,
    /// The person closed the signing application's window without signing (the app's own).
    Cancelled,
    /// A provider's step made before the one it follows, or after it was already made (by
    /// someone else at the same moment, say).
    OutOfOrder,
    /// Only the executor the head assigned prepares the result.
    NotTheExecutor,
    /// A refusal names at least one ground or says why in words.
    ReasonNeeded,
    /// The representative is the applicant themselves.
    SameAsApplicant,
    /// The notary registry has no power of attorney with this number.
    PoaUnknown,
    /// The registry's power of attorney of this number was certified on another day.
    PoaOtherDate,
    /// The registry's power of attorney of this number was given by someone else than the applicant.
    PoaOtherPrincipal,
    /// The registry's power of attorney of this number was given to someone else.
    PoaOtherRepresentative,
    /// The power of attorney is no longer valid.
    PoaExpired,
    /// The request was accepted at another service centre: only that one hands out its result.
    AnotherBranch,
    /// The result is not at the service centre (not issued yet, handed out, or passed on).
    NotReady,
    /// Intake is refused only when a required document is missing: none is.
    NothingMissing,
    /// The centre keeps an uncollected result for a month: it is passed to the provider only
    /// after that.
    StillKept,
    /// The slot has begun or passed.
    SlotPast,
    /// The branch is closed that day (weekend, holiday, day off).
    BranchClosed,
    /// The slot falls in the branch's lunch break.
    AtLunch,
    /// Before the branch opens or after it closes.
    OutsideHours,
    /// Not the start of one of the branch's slots.
    NotASlot,
    /// Beyond how far ahead one may book.
    TooFarAhead,
    /// The person already holds a booking at this time, or has checked in.
    AlreadyBooked,
    /// The person's bookings would pass the per-day or per-window limit.
    LimitReached,
    /// Every place of the slot is taken.
    SlotFull,
    /// Checking in after the grace period: the booking has lapsed.
    TooLate,
    /// Checking in too long before the slot.
    TooEarly,
    /// The booking was cancelled or is over.
    BookingOver,
    /// No booking at this branch has this code.
    UnknownCode,
}

impl Problem {
    pub const ALL: [Problem; 65] = [
        Problem::Empty,
        Problem::NotDigits,
        Problem::WrongLength,
        Problem::CheckDigit,
        Problem::NeverIssued,
        Problem::NotInPersonsDatabase,
        Problem::AlreadyRegistered,
        Problem::TooShort,
        Problem::TooLong,
        Problem::SameAsIin,
        Problem::Mismatch,
        Problem::NotAPhone,
        Problem::NotAnEmail,
        Problem::NotANumber,
        Problem::TooManyDecimals,
        Problem::TooSmall,
        Problem::TooLarge,
        Problem::NotADate,
        Problem::InFuture,
        Problem::NotAChoice,
        Problem::NotAField,
        Problem::WrongType,
        Problem::Heic,
        Problem::EmptyFile,
        Problem::Damaged,
        Problem::RequestTooLarge,
        Problem::CertificateExpired,
        Problem::CertificateNotYetValid,
        Problem::CertificateRevoked,
        Problem::NotForSigning,
        Problem::UntrustedCertificate,
        Problem::AnotherPersonsCertificate,
        Problem::BadSignature,
        Problem::ContentChanged,
        Problem::MissingDocuments,
        Problem::Incomplete,
        Problem::AlreadySubmitted,
        Problem::NotRunning,
        Problem::Cancelled,
        Problem::OutOfOrder,
        Problem::NotTheExecutor,
        Problem::ReasonNeeded,
        Problem::SameAsApplicant,
        Problem::PoaUnknown,
        Problem::PoaOtherDate,
        Problem::PoaOtherPrincipal,
        Problem::PoaOtherRepresentative,
        Problem::PoaExpired,
        Problem::AnotherBranch,
        Problem::NotReady,
        Problem::NothingMissing,
        Problem::StillKept,
        Problem::SlotPast,
        Problem::BranchClosed,
        Problem::AtLunch,
        Problem::OutsideHours,
        Problem::NotASlot,
        Problem::TooFarAhead,
        Problem::AlreadyBooked,
        Problem::LimitReached,
        Problem::SlotFull,
        Problem::TooLate,
        Problem::TooEarly,
        Problem::BookingOver,
        Problem::UnknownCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Problem::Empty => "empty",
            Problem::NotDigits => "not_digits",
            Problem::WrongLength => "wrong_length",
            Problem::CheckDigit => "check_digit",
            Problem::NeverIssued => "never_issued",
            Problem::NotInPersonsDatabase => "not_in_persons_database",
            Problem::AlreadyRegistered => "already_registered",
            Problem::TooShort => "too_short",
            Problem::TooLong => "too_long",
            Problem::SameAsIin => "same_as_iin",
            Problem::Mismatch => "mismatch",
            Problem::NotAPhone => "not_a_phone",
            Problem::NotAnEmail => "not_an_email",
            Problem::NotANumber => "not_a_number",
            Problem::TooManyDecimals => "too_many_decimals",
            Problem::TooSmall => "too_small",
            Problem::TooLarge => "too_large",
            Problem::NotADate => "not_a_date",
            Problem::InFuture => "in_future",
            Problem::NotAChoice => "not_a_choice",
            Problem::NotAField => "not_a_field",
            Problem::WrongType => "wrong_type",
            Problem::Heic => "heic",
            Problem::EmptyFile => "empty_file",
            Problem::Damaged => "damaged",
            Problem::RequestTooLarge => "request_too_large",
            Problem::CertificateExpired => "certificate_expired",
            Problem::CertificateNotYetValid => "certificate_not_yet_valid",
            Problem::CertificateRevoked => "certificate_revoked",
            Problem::NotForSigning => "not_for_signing",
            Problem::UntrustedCertificate => "untrusted_certificate",
            Problem::AnotherPersonsCertificate => "another_persons_certificate",
            Problem::BadSignature => "bad_signature",
            Problem::ContentChanged => "content_changed",
            Problem::MissingDocuments => "missing_documents",
            Problem::Incomplete => "incomplete",
            Problem::AlreadySubmitted => "already_submitted",
            Problem::NotRunning => "not_running",
            Problem::Cancelled => "cancelled",
            Problem::OutOfOrder => "out_of_order",
            Problem::NotTheExecutor => "not_the_executor",
            Problem::ReasonNeeded => "reason_needed",
            Problem::SameAsApplicant => "same_as_applicant",
            Problem::PoaUnknown => "poa_unknown",
            Problem::PoaOtherDate => "poa_other_date",
            Problem::PoaOtherPrincipal => "poa_other_principal",
            Problem::PoaOtherRepresentative => "poa_other_representative",
            Problem::PoaExpired => "poa_expired",
            Problem::AnotherBranch => "another_branch",
            Problem::NotReady => "not_ready",
            Problem::NothingMissing => "nothing_missing",
            Problem::StillKept => "still_kept",
            Problem::SlotPast => "slot_past",
            Problem::BranchClosed => "branch_closed",
            Problem::AtLunch => "at_lunch",
            Problem::OutsideHours => "outside_hours",
            Problem::NotASlot => "not_a_slot",
            Problem::TooFarAhead => "too_far_ahead",
            Problem::AlreadyBooked => "already_booked",
            Problem::LimitReached => "limit_reached",
            Problem::SlotFull => "slot_full",
            Problem::TooLate => "too_late",
            Problem::TooEarly => "too_early",
            Problem::BookingOver => "booking_over",
            Problem::UnknownCode => "unknown_code",
        }
    }
}

impl From<crate::queue::QueueProblem> for Problem {
    fn from(problem: crate::queue::QueueProblem) -> Problem {
        use crate::queue::QueueProblem as Q;
        match problem {
            Q::Past => Problem::SlotPast,
            Q::Closed => Problem::BranchClosed,
            Q::Lunch => Problem::AtLunch,
            Q::OutsideHours => Problem::OutsideHours,
            Q::NotASlot => Problem::NotASlot,
            Q::TooFarAhead => Problem::TooFarAhead,
            Q::AlreadyBooked => Problem::AlreadyBooked,
            Q::LimitReached => Problem::LimitReached,
            Q::SlotFull => Problem::SlotFull,
            Q::TooLate => Problem::TooLate,
            Q::TooEarly => Problem::TooEarly,
            Q::Cancelled => Problem::BookingOver,
            Q::NotFound | Q::UnknownBranch | Q::NotYours => Problem::UnknownCode,
        }
    }
}

impl From<IinError> for Problem {
    fn from(err: IinError) -> Problem {
        match err {
            IinError::Empty => Problem::Empty,
            IinError::NotDigits => Problem::NotDigits,
            IinError::WrongLength => Problem::WrongLength,
            IinError::CheckDigit => Problem::CheckDigit,
            IinError::NeverIssued => Problem::NeverIssued,
        }
    }
}

/// One field's problem: `field` is the form field's name (the JSON key).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: &str, problem: Problem) -> FieldProblem {
        FieldProblem {
            field: field.to_owned(),
            problem,
        }
    }
}

/// Passwords: long enough to resist guessing (NIST SP 800-63B: at least 8, no composition
/// rules), short enough that hashing one is not a denial of service.
pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
/// RFC 5321's limit on a forward path.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longer than any way of writing a phone number or an IIN with spaces.
pub const SHORT_FIELD_MAX_CHARS: usize = 32;

/// The registration form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Registration {
    pub iin: String,
    pub password: String,
    pub password_repeat: String,
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// A registration whose fields all check out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRegistration {
    pub iin: Iin,
    pub password: String,
    /// `+7` and ten digits.
    pub phone: String,
    pub email: Option<String>,
}

impl Registration {
    /// Every field's first problem, in form order; `Ok` when there are none.
    pub fn validate(&self) -> Result<ValidRegistration, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let iin = check_iin(&self.iin).map_err(|p| problems.push(FieldProblem::new("iin", p)));
        if let Err(p) = check_password(&self.password, &self.iin) {
            problems.push(FieldProblem::new("password", p));
        }
        if let Err(p) = check_repeat(&self.password, &self.password_repeat) {
            problems.push(FieldProblem::new("password_repeat", p));
        }
        let phone =
            normalise_phone(&self.phone).map_err(|p| problems.push(FieldProblem::new("phone", p)));
        let email =
            check_email(&self.email).map_err(|p| problems.push(FieldProblem::new("email", p)));
        match (iin, phone, email) {
            (Ok(iin), Ok(phone), Ok(email)) if problems.is_empty() => Ok(ValidRegistration {
                iin,
                password: self.password.clone(),
                phone,
                email,
            }),
            _ => Err(problems),
        }
    }
}

/// The sign-in form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub iin: String,
    pub password: String,
}

impl SignIn {
    /// Only the shape is checked here; whether the pair is right is the adapter's to say, in
    /// one message for both.
    pub fn validate(&self) -> Result<(Iin, String), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let iin = check_iin(&self.iin).map_err(|p| problems.push(FieldProblem::new("iin", p)));
        if self.password.is_empty() {
            problems.push(FieldProblem::new("password", Problem::Empty));
        } else if self.password.chars().count() > PASSWORD_MAX_CHARS {
            problems.push(FieldProblem::new("password", Problem::TooLong));
        }
        match iin {
            Ok(iin) if problems.is_empty() => Ok((iin, self.password.clone())),
            _ => Err(problems),
        }
    }
}

pub fn check_iin(text: &str) -> Result<Iin, Problem> {
    if text.chars().count() > SHORT_FIELD_MAX_CHARS {
        return Err(Problem::TooLong);
    }
    Iin::parse(text).map_err(Problem::from)
}

pub fn check_password(password: &str, iin: &str) -> Result<(), Problem> {
    let chars = password.chars().count();
    if chars == 0 {
        Err(Problem::Empty)
    } else if chars < PASSWORD_MIN_CHARS {
        Err(Problem::TooShort)
    } else if chars > PASSWORD_MAX_CHARS {
        Err(Problem::TooLong)
    } else if Iin::parse(iin).is_ok_and(|iin| password.trim() == iin.as_str()) {
        Err(Problem::SameAsIin)
    } else {
        Ok(())
    }
}

pub fn check_repeat(password: &str, repeat: &str) -> Result<(), Problem> {
    if repeat.is_empty() {
        Err(Problem::Empty)
    } else if repeat != password {
        Err(Problem::Mismatch)
    } else {
        Ok(())
    }
}

/// A Kazakhstan number as people write it (`+7 701 234 56 78`, `8 (701) 234-56-78`,
/// `7012345678`) becomes `+77012345678`. Numbers of the country's plan start with 6 or 7
/// after the country code.
pub fn normalise_phone(text: &str) -> Result<String, Problem> {
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    if text.chars().count() > SHORT_FIELD_MAX_CHARS {
        return Err(Problem::TooLong);
    }
    let kept: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{a0}'))
        .collect();
    let digits = kept.strip_prefix('+').unwrap_or(&kept);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::NotAPhone);
    }
    let national = match digits.len() {
        11 if kept.starts_with('+') && digits.starts_with('7') => &digits[1..],
        11 if !kept.starts_with('+') && (digits.starts_with('8') || digits.starts_with('7')) => {
            &digits[1..]
        }
        10 if !kept.starts_with('+') => digits,
        _ => return Err(Problem::NotAPhone),
    };
    if !(national.starts_with('7') || national.starts_with('6')) {
        return Err(Problem::NotAPhone);
    }
    Ok(format!("+7{national}"))
}

/// Optional: empty is none. Otherwise one `@` with something on each side, a dot in the
/// domain, no spaces: enough to catch a typo; the address is not verified here.
pub fn check_email(text: &str) -> Result<Option<String>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > EMAIL_MAX_CHARS {
        return Err(Problem::TooLong);
    }
    let well_formed = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if well_formed {
        Ok(Some(text.to_owned()))
    } else {
        Err(Problem::NotAnEmail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration() -> Registration {
        Registration {
            iin: "850714300127".into(),
            password: "long enough".into(),
            password_repeat: "long enough".into(),
            phone: "+7 701 234 56 78".into(),
            email: String::new(),
        }
    }

    #[test]
    fn a_good_registration_is_normalised() {
        let valid = registration().validate().unwrap();
        assert_eq!(valid.iin.as_str(), "850714300127");
        assert_eq!(valid.phone, "+77012345678");
        assert_eq!(valid.email, None);
    }

    #[test]
    fn every_bad_field_is_named_with_its_problem() {
        let bad = Registration {
            iin: "850714300128".into(),
            password: "short".into(),
            password_repeat: "shorter".into(),
            phone: "12345".into(),
            email: "not-an-address".into(),
        };
        let problems = bad.validate().unwrap_err();
        let got: Vec<(&str, Problem)> = problems
            .iter()
            .map(|p| (p.field.as_str(), p.problem))
            .collect();
        assert_eq!(
            got,
            [
                ("iin", Problem::CheckDigit),
                ("password", Problem::TooShort),
                ("password_repeat", Problem::Mismatch),
                ("phone", Problem::NotAPhone),
                ("email", Problem::NotAnEmail),
            ]
        );
    }

    #[test]
    fn the_password_is_not_the_iin_and_has_limits() {
        assert_eq!(
            check_password("850714300127", "850714300127"),
            Err(Problem::SameAsIin)
        );
        assert_eq!(check_password("", "x"), Err(Problem::Empty));
        assert_eq!(check_password(&"я".repeat(129), "x"), Err(Problem::TooLong));
        // Counted in characters, not bytes: eight Kazakh letters are enough.
        assert_eq!(check_password("құпиясөз", "x"), Ok(()));
    }

    #[test]
    fn phones_are_read_as_people_write_them() {
        for written in [
            "+7 701 234 56 78",
            "8 (701) 234-56-78",
            "87012345678",
            "77012345678",
            "7012345678",
        ] {
            assert_eq!(
                normalise_phone(written),
                Ok("+77012345678".into()),
                "{written}"
            );
        }
        assert_eq!(
            normalise_phone("+7 612 345 67 89"),
            Ok("+76123456789".into())
        );
        assert_eq!(normalise_phone(""), Err(Problem::Empty));
        assert_eq!(normalise_phone("+1 701 234 56 78"), Err(Problem::NotAPhone));
        assert_eq!(normalise_phone("+7 901 234 56 78"), Err(Problem::NotAPhone));
        assert_eq!(normalise_phone("701-234-56"), Err(Problem::NotAPhone));
        assert_eq!(normalise_phone("phone"), Err(Problem::NotAPhone));
        assert_eq!(normalise_phone(&"7".repeat(40)), Err(Problem::TooLong));
    }

    #[test]
    fn email_is_optional_but_checked_when_given() {
        assert_eq!(check_email("  "), Ok(None));
        assert_eq!(check_email(" a@b.kz "), Ok(Some("a@b.kz".into())));
        for bad in ["a@b", "@b.kz", "a b@c.kz", "a@b@c.kz", "a@.kz", "a@kz."] {
            assert_eq!(check_email(bad), Err(Problem::NotAnEmail), "{bad}");
        }
    }

    #[test]
    fn sign_in_checks_only_the_shape() {
        let form = SignIn {
            iin: "850714300127".into(),
            password: "anything".into(),
        };
        assert!(form.validate().is_ok());
        let problems = SignIn::default().validate().unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0], FieldProblem::new("iin", Problem::Empty));
        assert_eq!(problems[1], FieldProblem::new("password", Problem::Empty));
    }

    #[test]
    fn role_and_problem_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(role));
            assert_eq!(
                serde_json::to_string(&role).unwrap(),
                format!("\"{}\"", role.name())
            );
        }
        for problem in Problem::ALL {
            assert_eq!(
                serde_json::to_string(&problem).unwrap(),
                format!("\"{}\"", problem.name())
            );
        }
    }
}
