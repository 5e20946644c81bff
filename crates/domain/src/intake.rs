//! Intake at a service centre (ХҚКО / ЦОН, issue 9): the branches where operators accept
//! requests on a citizen's behalf, the notary registry that vouches for a representative's
//! power of attorney, and what an operator's request carries beyond a portal one.
//!
//! The operator's steps are 002 §15 (processes 2–5): enter the applicant's data and, for a
//! power of attorney certified by a notary, its data; look both up (the persons database, the
//! single notary information system ЕНИС); say so when they are not found; tick the documents
//! brought on paper, scan them, sign with the operator's own key.

use serde::{Deserialize, Serialize};

use crate::{
    FieldProblem, Iin, Person, Problem, Text,
    form::{Answers, Day},
};

/// A service centre where operators work (`data/branches.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Branch {
    pub id: String,
    /// An id of `data/regions.toml`.
    pub region: String,
    pub phone: String,
    pub name: Text,
    pub address: Text,
}

/// `data/branches.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BranchesFile {
    pub branch: Vec<Branch>,
}

/// A notarised power of attorney as the notary registry holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerOfAttorney {
    /// The registry number, as written on the document.
    pub number: String,
    /// `YYYY-MM-DD`: the day it was certified.
    pub date: String,
    /// The notary who certified it, "Surname Name Patronymic".
    pub notary: String,
    /// Who gave the power (the applicant).
    pub principal: Iin,
    /// Who received it (the representative).
    pub representative: Iin,
    /// `YYYY-MM-DD`: the last day it is valid.
    pub valid_until: String,
}

/// The notary registry, as the domain sees it: a power of attorney by its number. The
/// embedded default plays it from a data file; a production adapter would ask the real one.
pub trait NotaryRegistry: Send + Sync {
    fn find(&self, number: &str) -> Option<PowerOfAttorney>;
}

/// A registry number as people type it: spaces around it and its case do not matter.
pub fn normalise_number(number: &str) -> String {
    number.trim().to_uppercase()
}

/// The answers of the form's representative page (`data/forms/common.toml`), by key.
pub mod keys {
    pub const HAS_REPRESENTATIVE: &str = "has_representative";
    pub const REPRESENTATIVE_NAME: &str = "representative_name";
    pub const REPRESENTATIVE_IIN: &str = "representative_iin";
    pub const NOTARISED: &str = "poa_notarised";
    pub const NUMBER: &str = "poa_number";
    pub const DATE: &str = "poa_date";
    pub const NOTARY: &str = "poa_notary";
}

/// What the operator enters about a representative on the intake's first page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Representation {
    /// The representative's IIN, as typed.
    pub iin: String,
    /// Certified by a notary: then its number and date are checked in the registry.
    pub notarised: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// As typed (`дд.мм.гггг` or ISO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// `POST /api/applications` by an operator: whose request it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OnBehalf {
    /// The applicant's IIN, as typed.
    pub applicant: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<Representation>,
}

impl Representation {
    /// The representative page's answers this stands for (the registry's data, such as the
    /// notary's name, are added by [`check_representation`]).
    pub fn answers(&self) -> Answers {
        let mut answers = Answers::new();
        answers.insert(keys::HAS_REPRESENTATIVE.into(), "yes".into());
        answers.insert(keys::REPRESENTATIVE_IIN.into(), self.iin.trim().into());
        let notarised = if self.notarised { "yes" } else { "no" };
        answers.insert(keys::NOTARISED.into(), notarised.into());
        for (key, value) in [(keys::NUMBER, &self.number), (keys::DATE, &self.date)] {
            if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                answers.insert(key.into(), value.into());
            }
        }
        answers
    }
}

/// The check of a representative at intake (002 §15, condition 1): the representative is in
/// the persons database, and a notarised power of attorney is in the registry with the same
/// date, given by the applicant to this representative, and still valid. A power of attorney
/// certified otherwise is not checked ("данные доверенности не заполняются"). On success, the
/// answers gain the representative's name and the notary's, from the databases.
pub fn check_representation(
    answers: &mut Answers,
    applicant: &Iin,
    persons: &dyn crate::PersonsDatabase,
    registry: &dyn NotaryRegistry,
    today: Day,
) -> Result<(), Vec<FieldProblem>> {
    if answers.get(keys::HAS_REPRESENTATIVE).map(String::as_str) != Some("yes") {
        return Ok(());
    }
    let problem = |field: &str, problem: Problem| Err(vec![FieldProblem::new(field, problem)]);
    let typed = answers
        .get(keys::REPRESENTATIVE_IIN)
        .cloned()
        .unwrap_or_default();
    let representative = match Iin::parse(&typed) {
        Ok(iin) => iin,
        Err(err) => return problem(keys::REPRESENTATIVE_IIN, err.into()),
    };
    if &representative == applicant {
        return problem(keys::REPRESENTATIVE_IIN, Problem::SameAsApplicant);
    }
    let Some(person) = persons.find(&representative) else {
        return problem(keys::REPRESENTATIVE_IIN, Problem::NotInPersonsDatabase);
    };
    if answers.get(keys::NOTARISED).map(String::as_str) == Some("yes") {
        let number = answers
            .get(keys::NUMBER)
            .map(|n| normalise_number(n))
            .unwrap_or_default();
        if number.is_empty() {
            return problem(keys::NUMBER, Problem::Empty);
        }
        let date = answers.get(keys::DATE).map(String::as_str).unwrap_or("");
        if date.trim().is_empty() {
            return problem(keys::DATE, Problem::Empty);
        }
        let Some(date) = Day::parse(date) else {
            return problem(keys::DATE, Problem::NotADate);
        };
        let Some(poa) = registry.find(&number) else {
            return problem(keys::NUMBER, Problem::PoaUnknown);
        };
        if Day::parse(&poa.date) != Some(date) {
            return problem(keys::DATE, Problem::PoaOtherDate);
        }
        if &poa.principal != applicant {
            return problem(keys::NUMBER, Problem::PoaOtherPrincipal);
        }
        if poa.representative != representative {
            return problem(keys::REPRESENTATIVE_IIN, Problem::PoaOtherRepresentative);
        }
        if Day::parse(&poa.valid_until).is_none_or(|until| until < today) {
            return problem(keys::NUMBER, Problem::PoaExpired);
        }
        answers.insert(keys::NUMBER.into(), poa.number.clone());
        answers.insert(keys::NOTARY.into(), poa.notary.clone());
    }
    answers.insert(keys::REPRESENTATIVE_NAME.into(), person.full_name());
    Ok(())
}

/// Who accepted an operator's request, and for whom: shown on every page of it, on the
/// receipt, and kept in the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Intake {
    /// The applicant, from the persons database.
    pub applicant: Person,
    /// The branch (an id of `data/branches.toml`).
    pub branch: String,
    /// The operator's full name.
    pub operator: String,
}

/// The receipt refusing intake of an incomplete package (001 §10: "расписка с указанием
/// недостающих документов"; 002 §12: "расписка об отказе в приеме документов"): kept, and
/// given to the applicant on paper or as a PDF.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeRefusal {
    pub id: String,
    /// `2026-000007`: its own yearly sequence, apart from the requests'.
    pub number: String,
    pub service: String,
    /// RFC 3339.
    pub at: String,
    pub applicant: crate::submission::ReceiptPerson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<crate::submission::ReceiptPerson>,
    pub centre: crate::submission::ReceiptCentre,
    /// The service's document ids that were not brought, in the service's order.
    pub missing: Vec<String>,
}

/// What became of a result at a service centre.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoverKind {
    /// Given to the applicant, who signs the journal (002 §5).
    HandedOut,
    /// Not collected within a month, passed to the provider for keeping (001 §10, 002 §12).
    PassedToProvider,
}

impl HandoverKind {
    pub const ALL: [HandoverKind; 2] = [HandoverKind::HandedOut, HandoverKind::PassedToProvider];

    pub fn name(self) -> &'static str {
        match self {
            HandoverKind::HandedOut => "handed_out",
            HandoverKind::PassedToProvider => "passed_to_provider",
        }
    }

    pub fn from_name(name: &str) -> Option<HandoverKind> {
        HandoverKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A hand-over, recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handover {
    pub kind: HandoverKind,
    /// RFC 3339.
    pub at: String,
    /// The operator's full name.
    pub by: String,
}

/// A request accepted at a service centre, as the centre's operators find it when the
/// applicant comes for the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentreResult {
    pub application: String,
    pub number: String,
    pub service: String,
    pub applicant: String,
    pub applicant_iin: String,
    /// The branch that accepted it (and alone hands its result out).
    pub branch: String,
    pub state: crate::workflow::RequestState,
    /// Once issued by the provider: the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<crate::tracking::Outcome>,
    /// RFC 3339: when the provider issued it to the centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
    /// `YYYY-MM-DD`: the last day the centre keeps it (a month after it was issued).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<Handover>,
}

/// On a centre's request's status page: where its result is given, kept until when, and
/// whether it was handed out or passed to the provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentreKeeping {
    pub branch: Branch,
    /// `YYYY-MM-DD`, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<Handover>,
}

/// `GET /api/centre/results`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentreResults {
    pub results: Vec<CentreResult>,
}

/// `POST /api/centre/results/{id}/handover`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HandoverRequest {
    pub kind: HandoverKind,
}

/// A branch's day: what its operators did today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentreDay {
    /// `YYYY-MM-DD`, Kazakhstan's.
    pub day: String,
    pub accepted: u32,
    pub refused: u32,
    pub handed_out: u32,
    pub passed_to_provider: u32,
    /// The median time from starting a request to sending it, in whole minutes; none when
    /// nothing was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_minutes: Option<u32>,
}

/// The last day a centre keeps a result issued on `issued`: the same day a month later (or
/// that month's last day, for 31 January say), 001 §10 "1 (бір) ай".
pub fn keep_until(issued: Day) -> Day {
    let (year, month) = if issued.month == 12 {
        (issued.year + 1, 1)
    } else {
        (issued.year, issued.month + 1)
    };
    let mut day = issued.day;
    while Day::parse(&format!("{year:04}-{month:02}-{day:02}")).is_none() && day > 28 {
        day -= 1;
    }
    Day { year, month, day }
}

/// The median of `values` rounded down (the lower middle of an even count).
pub fn median(values: &mut [u32]) -> Option<u32> {
    values.sort_unstable();
    match values.len() {
        0 => None,
        n if n % 2 == 1 => Some(values[n / 2]),
        n => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::{Address, PersonsDatabase};

    struct Persons(HashMap<Iin, Person>);
    impl PersonsDatabase for Persons {
        fn find(&self, iin: &Iin) -> Option<Person> {
            self.0.get(iin).cloned()
        }
    }
    struct Registry(Vec<PowerOfAttorney>);
    impl NotaryRegistry for Registry {
        fn find(&self, number: &str) -> Option<PowerOfAttorney> {
            self.0.iter().find(|p| p.number == number).cloned()
        }
    }

    const APPLICANT: &str = "830228300895";
    const REPRESENTATIVE: &str = "960914400450";
    const OTHER: &str = "940808400123";

    fn iin(s: &str) -> Iin {
        Iin::parse(s).unwrap()
    }

    fn persons() -> Persons {
        let person = |i: &str, surname: &str| Person {
            iin: iin(i),
            surname: surname.into(),
            name: "Name".into(),
            patronymic: None,
            birth_date: "1990-01-01".into(),
            address: Address {
                kk: String::new(),
                ru: String::new(),
            },
            region: Some("atyrau".into()),
        };
        Persons(
            [
                person(APPLICANT, "Applicant"),
                person(REPRESENTATIVE, "Representative"),
                person(OTHER, "Other"),
            ]
            .into_iter()
            .map(|p| (p.iin.clone(), p))
            .collect(),
        )
    }

    fn registry() -> Registry {
        let poa = |number: &str, principal: &str, until: &str| PowerOfAttorney {
            number: number.into(),
            date: "2026-03-10".into(),
            notary: "Notary N.".into(),
            principal: iin(principal),
            representative: iin(REPRESENTATIVE),
            valid_until: until.into(),
        };
        Registry(vec![
            poa("N-1", APPLICANT, "2027-03-10"),
            poa("N-2", OTHER, "2027-03-10"),
            poa("N-3", APPLICANT, "2026-06-30"),
        ])
    }

    const TODAY: Day = Day {
        year: 2026,
        month: 12,
        day: 2,
    };

    fn check(representation: Representation) -> Result<Answers, (String, Problem)> {
        let mut answers = representation.answers();
        check_representation(
            &mut answers,
            &iin(APPLICANT),
            &persons(),
            &registry(),
            TODAY,
        )
        .map(|()| answers)
        .map_err(|p| (p[0].field.clone(), p[0].problem))
    }

    fn notarised(iin: &str, number: &str, date: &str) -> Representation {
        Representation {
            iin: iin.into(),
            notarised: true,
            number: Some(number.into()),
            date: Some(date.into()),
        }
    }

    fn refused(field: &str, problem: Problem) -> Result<Answers, (String, Problem)> {
        Err((field.into(), problem))
    }

    #[test]
    fn a_matching_power_of_attorney_passes_and_brings_the_registrys_data() {
        let answers = check(notarised(REPRESENTATIVE, " n-1 ", "10.03.2026")).unwrap();
        assert_eq!(answers[keys::NUMBER], "N-1");
        assert_eq!(answers[keys::NOTARY], "Notary N.");
        assert_eq!(answers[keys::REPRESENTATIVE_NAME], "Representative Name");
    }

    #[test]
    fn each_mismatch_is_named_at_its_field() {
        let other_date = notarised(REPRESENTATIVE, "N-1", "11.03.2026");
        assert_eq!(
            check(other_date),
            refused(keys::DATE, Problem::PoaOtherDate)
        );
        let unknown = notarised(REPRESENTATIVE, "N-9", "10.03.2026");
        assert_eq!(check(unknown), refused(keys::NUMBER, Problem::PoaUnknown));
        let other_principal = notarised(REPRESENTATIVE, "N-2", "10.03.2026");
        let expected = refused(keys::NUMBER, Problem::PoaOtherPrincipal);
        assert_eq!(check(other_principal), expected);
        let expired = notarised(REPRESENTATIVE, "N-3", "2026-03-10");
        assert_eq!(check(expired), refused(keys::NUMBER, Problem::PoaExpired));
        let other_representative = notarised(OTHER, "N-1", "10.03.2026");
        let expected = refused(keys::REPRESENTATIVE_IIN, Problem::PoaOtherRepresentative);
        assert_eq!(check(other_representative), expected);
        let no_number = notarised(REPRESENTATIVE, " ", "10.03.2026");
        assert_eq!(check(no_number), refused(keys::NUMBER, Problem::Empty));
        let bad_date = notarised(REPRESENTATIVE, "N-1", "31.02.2026");
        assert_eq!(check(bad_date), refused(keys::DATE, Problem::NotADate));
    }

    #[test]
    fn the_representative_must_be_a_known_other_person() {
        let unknown = notarised("870917300104", "N-1", "10.03.2026");
        let expected = refused(keys::REPRESENTATIVE_IIN, Problem::NotInPersonsDatabase);
        assert_eq!(check(unknown), expected);
        let themselves = notarised(APPLICANT, "N-1", "10.03.2026");
        let expected = refused(keys::REPRESENTATIVE_IIN, Problem::SameAsApplicant);
        assert_eq!(check(themselves), expected);
        let typo = notarised("96091440045", "N-1", "10.03.2026");
        let expected = refused(keys::REPRESENTATIVE_IIN, Problem::WrongLength);
        assert_eq!(check(typo), expected);
    }

    #[test]
    fn a_power_of_attorney_certified_otherwise_is_not_looked_up() {
        let answers = check(Representation {
            iin: REPRESENTATIVE.into(),
            notarised: false,
            number: None,
            date: None,
        })
        .unwrap();
        assert_eq!(answers[keys::NOTARISED], "no");
        assert!(!answers.contains_key(keys::NOTARY));
    }

    #[test]
    fn a_result_is_kept_a_month_to_the_day_or_the_months_last() {
        let day = |year, month, day| Day { year, month, day };
        assert_eq!(keep_until(day(2026, 3, 10)), day(2026, 4, 10));
        assert_eq!(keep_until(day(2026, 1, 31)), day(2026, 2, 28));
        assert_eq!(keep_until(day(2028, 1, 31)), day(2028, 2, 29));
        assert_eq!(keep_until(day(2026, 12, 15)), day(2027, 1, 15));
        assert_eq!(keep_until(day(2026, 8, 31)), day(2026, 9, 30));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7));
        assert_eq!(median(&mut [9, 1, 5]), Some(5));
        assert_eq!(median(&mut [10, 2, 4, 8]), Some(6));
    }

    #[test]
    fn handover_kinds_have_names_both_ways() {
        for kind in HandoverKind::ALL {
            assert_eq!(HandoverKind::from_name(kind.name()), Some(kind));
        }
    }

    #[test]
    fn the_repositorys_branches_load() {
        let file: BranchesFile =
            toml::from_str(include_str!("../../../data/branches.toml")).unwrap();
        assert_eq!(file.branch.len(), 10);
    }
}
