//! Request forms as data (`data/forms/`, see its README): pages of fields with format rules and
//! conditions, and the one set of rules that checks answers — in the browser as the person
//! types, and in the adapter on every save.
//!
//! Answers are kept as typed (`answer key → text`), so nothing is lost or reformatted; a group
//! (e.g. family members) has its item count under its own key and each item's answers under
//! `group.<index>.<field>`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{FieldProblem, Problem, Source, account};

/// The same words in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Wording {
    pub kk: String,
    pub ru: String,
}

/// Shown only when an earlier answer has this value (a choice's option id, or yes/no).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    pub equals: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Textarea,
    Number,
    /// Tenge, two decimals at most.
    Money,
    /// `дд.мм.гггг` (or `гггг-мм-дд`).
    Date,
    Choice,
    YesNo,
    Iin,
    Phone,
    /// Repeated items (family members), each with `fields`.
    Group,
}

impl FieldKind {
    pub const ALL: [FieldKind; 10] = [
        FieldKind::Text,
        FieldKind::Textarea,
        FieldKind::Number,
        FieldKind::Money,
        FieldKind::Date,
        FieldKind::Choice,
        FieldKind::YesNo,
        FieldKind::Iin,
        FieldKind::Phone,
        FieldKind::Group,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Textarea => "textarea",
            FieldKind::Number => "number",
            FieldKind::Money => "money",
            FieldKind::Date => "date",
            FieldKind::Choice => "choice",
            FieldKind::YesNo => "yes_no",
            FieldKind::Iin => "iin",
            FieldKind::Phone => "phone",
            FieldKind::Group => "group",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub kk: String,
    pub ru: String,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub kind: FieldKind,
    pub label: Wording,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Wording>,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
    #[serde(default)]
    pub past: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// A group's fields, for each item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FormPage {
    pub id: String,
    pub title: Wording,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(rename = "field")]
    pub fields: Vec<Field>,
}

/// A document of the service required only under an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    pub document: String,
    pub when: Condition,
}

/// A service's whole request form: the common pages, then the service's own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(rename = "page")]
    pub pages: Vec<FormPage>,
    #[serde(
        default,
        rename = "document_rule",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub document_rules: Vec<DocumentRule>,
}

/// Answers as typed, by answer key.
pub type Answers = BTreeMap<String, String>;

/// A calendar day, for date answers and "not in the future".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// `дд.мм.гггг` as people write it in Kazakhstan (also with `/` or `-`), or ISO `гггг-мм-дд`.
    pub fn parse(text: &str) -> Option<Day> {
        let text = text.trim();
        let parts: Vec<&str> = text.split(['.', '/', '-']).collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let number = |s: &str| {
            (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let (year, month, day) = if a.len() == 4 {
            (number(a)?, number(b)?, number(c)?)
        } else if c.len() == 4 {
            (number(c)?, number(b)?, number(a)?)
        } else {
            return None;
        };
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Day {
            year,
            month,
            day,
        })
    }
}

/// A number as people type it in Kazakhstan: a decimal comma or point, spaces (also
/// non-breaking) between thousands, an optional `₸` or `тг`. Returns the value and how many
/// digits follow the decimal separator.
pub fn parse_number(text: &str) -> Option<(f64, u32)> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('₸')
        .trim_end_matches("тг")
        .trim_end_matches('.')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let unsigned = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || whole.len() > 15 {
        return None;
    }
    if unsigned.contains('.') && fraction.is_empty() {
        return None;
    }
    // Digits checked above, so plain integer arithmetic: no float parser in the browser's
    // download for this.
    let digits_value = |s: &str| s.bytes().fold(0f64, |v, b| v * 10.0 + f64::from(b - b'0'));
    let places = i32::try_from(fraction.len()).ok()?;
    let magnitude = digits_value(whole) + digits_value(fraction) / 10f64.powi(places);
    let value = if cleaned.starts_with('-') {
        -magnitude
    } else {
        magnitude
    };
    Some((value, u32::try_from(fraction.len()).ok()?))
}

/// Checks one typed value against its field's format rules. Empty is a problem only for a
/// required field (`required` is the caller's: a draft may be incomplete).
pub fn check_value(field: &Field, text: &str, today: Day, required: bool) -> Result<(), Problem> {
    if text.trim().is_empty() {
        return if required {
            Err(Problem::Empty)
        } else {
            Ok(())
        };
    }
    let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
    match field.kind {
        FieldKind::Text | FieldKind::Textarea => {
            let default = if field.kind == FieldKind::Text {
                200
            } else {
                2000
            };
            if chars > field.max_chars.unwrap_or(default) {
                return Err(Problem::TooLong);
            }
        }
        FieldKind::Number | FieldKind::Money => {
            if chars > 32 {
                return Err(Problem::TooLong);
            }
            let (value, decimals) = parse_number(text).ok_or(Problem::NotANumber)?;
            let allowed = if field.kind == FieldKind::Money {
                2
            } else {
                field.decimals.unwrap_or(0)
            };
            if decimals > allowed {
                return Err(Problem::TooManyDecimals);
            }
            if field.min.is_some_and(|min| value < min)
                || (field.kind == FieldKind::Money && value < 0.0)
            {
                return Err(Problem::TooSmall);
            }
            if field.max.is_some_and(|max| value > max) {
                return Err(Problem::TooLarge);
            }
        }
        FieldKind::Date => {
            let day = Day::parse(text).ok_or(Problem::NotADate)?;
            if field.past && day > today {
                return Err(Problem::InFuture);
            }
        }
        FieldKind::Choice => {
            if !field.options.iter().any(|o| o.id == text) {
                return Err(Problem::NotAChoice);
            }
        }
        FieldKind::YesNo => {
            if text != "yes" && text != "no" {
                return Err(Problem::NotAChoice);
            }
        }
        FieldKind::Iin => {
            account::check_iin(text)?;
        }
        FieldKind::Phone => {
            account::normalise_phone(text)?;
        }
        FieldKind::Group => {
            let count: u32 = text.trim().parse().map_err(|_| Problem::NotANumber)?;
            if count > field.max_items.unwrap_or(10) {
                return Err(Problem::TooLarge);
            }
            if required && count == 0 {
                return Err(Problem::Empty);
            }
        }
    }
    Ok(())
}

/// Whether a question (or page) with this condition applies, given the answers in force.
pub fn holds(condition: Option<&Condition>, answers: &Answers) -> bool {
    condition.is_none_or(|c| answers.get(&c.field).is_some_and(|a| *a == c.equals))
}

impl FormDefinition {
    /// The answers in force: those of the questions that apply, in form order. A question
    /// hidden by its condition (or on a hidden page) keeps what was typed in the draft, but
    /// nothing depends on it, so a chain of conditions never revives a question from a
    /// leftover answer.
    pub fn in_force(&self, answers: &Answers) -> Answers {
        let mut live = Answers::new();
        for page in &self.pages {
            if !holds(page.when.as_ref(), &live) {
                continue;
            }
            for field in &page.fields {
                if !holds(field.when.as_ref(), &live) {
                    continue;
                }
                let prefix = format!("{}.", field.id);
                for (key, value) in answers
                    .range(field.id.clone()..)
                    .take_while(|(key, _)| key.starts_with(&field.id))
                    .filter(|(key, _)| **key == field.id || key.starts_with(&prefix))
                {
                    live.insert(key.clone(), value.clone());
                }
            }
        }
        live
    }

    /// The pages that apply under these answers, in order.
    pub fn visible_pages(&self, answers: &Answers) -> Vec<&FormPage> {
        let live = self.in_force(answers);
        self.pages
            .iter()
            .filter(|page| holds(page.when.as_ref(), &live))
            .collect()
    }

    pub fn page(&self, id: &str) -> Option<&FormPage> {
        self.pages.iter().find(|page| page.id == id)
    }

    /// The field an answer key belongs to (`group.1.name` → the group's `name` field).
    pub fn field_of(&self, key: &str) -> Option<&Field> {
        let mut parts = key.split('.');
        let head = parts.next()?;
        let field = self
            .pages
            .iter()
            .flat_map(|p| &p.fields)
            .find(|f| f.id == head)?;
        match (parts.next(), parts.next(), parts.next()) {
            (None, None, None) => Some(field),
            (Some(text), Some(sub), None) if field.kind == FieldKind::Group => {
                // One spelling per item: `1`, never `01`.
                let index: u32 = text.parse().ok()?;
                (index < field.max_items.unwrap_or(10) && index.to_string() == text)
                    .then(|| field.fields.iter().find(|f| f.id == sub))
                    .flatten()
            }
            _ => None,
        }
    }

    /// Format problems of the given answers alone (a draft save): an unknown key is
    /// `not_a_field`; empty values are allowed.
    pub fn check_answers(&self, answers: &Answers, today: Day) -> Vec<FieldProblem> {
        answers
            .iter()
            .filter_map(|(key, text)| {
                let problem = match self.field_of(key) {
                    None => Some(Problem::NotAField),
                    Some(field) => check_value(field, text, today, false).err(),
                };
                problem.map(|p| FieldProblem::new(key, p))
            })
            .collect()
    }

    /// Every problem of one page under these answers: required fields, format rules, only
    /// for the fields that apply.
    pub fn check_page(&self, page: &FormPage, answers: &Answers, today: Day) -> Vec<FieldProblem> {
        let answers = &self.in_force(answers);
        let mut problems = Vec::new();
        for field in page
            .fields
            .iter()
            .filter(|f| holds(f.when.as_ref(), answers))
        {
            let text = answers.get(&field.id).map_or("", String::as_str);
            if let Err(problem) = check_value(field, text, today, field.required) {
                problems.push(FieldProblem::new(&field.id, problem));
                continue;
            }
            if field.kind == FieldKind::Group {
                let count: u32 = text.trim().parse().unwrap_or(0);
                for index in 0..count {
                    for sub in &field.fields {
                        let key = format!("{}.{}.{}", field.id, index, sub.id);
                        let text = answers.get(&key).map_or("", String::as_str);
                        if let Err(problem) = check_value(sub, text, today, sub.required) {
                            problems.push(FieldProblem::new(&key, problem));
                        }
                    }
                }
            }
        }
        problems
    }

    /// Every problem of the whole form (before it can be signed).
    pub fn check_all(&self, answers: &Answers, today: Day) -> Vec<FieldProblem> {
        self.visible_pages(answers)
            .into_iter()
            .flat_map(|page| self.check_page(page, answers, today))
            .collect()
    }

    /// How far along: pages that apply and have no problems, of all pages that apply.
    pub fn progress(&self, answers: &Answers, today: Day) -> (u32, u32) {
        let mut done = 0;
        let mut total = 0;
        for page in self.visible_pages(answers) {
            total += 1;
            if self.check_page(page, answers, today).is_empty() {
                done += 1;
            }
        }
        (done, total)
    }

    /// Which conditional documents the answers make required.
    pub fn required_documents(&self, answers: &Answers) -> Vec<&str> {
        let live = self.in_force(answers);
        self.document_rules
            .iter()
            .filter(|rule| holds(Some(&rule.when), &live))
            .map(|rule| rule.document.as_str())
            .collect()
    }

    /// What is wrong with the definition itself (for the adapter to refuse it at start):
    /// ids unique, conditions pointing back to a field with that value, options where needed.
    pub fn problems(&self, documents: &[&str], acts: &[&str]) -> Vec<String> {
        let mut problems = Vec::new();
        let mut seen: Vec<&Field> = Vec::new();
        let mut page_ids: Vec<&str> = Vec::new();
        let check_condition =
            |c: &Condition, seen: &[&Field], at: &str, problems: &mut Vec<String>| match seen
                .iter()
                .find(|f| f.id == c.field)
            {
                None => problems.push(format!(
                    "{at}: `when` names {:?}, which is not an earlier field",
                    c.field
                )),
                Some(f) => {
                    let ok = match f.kind {
                        FieldKind::Choice => f.options.iter().any(|o| o.id == c.equals),
                        FieldKind::YesNo => c.equals == "yes" || c.equals == "no",
                        _ => false,
                    };
                    if !ok {
                        problems.push(format!(
                            "{at}: `when` compares {:?} with {:?}, not one of its values",
                            c.field, c.equals
                        ));
                    }
                }
            };
        for page in &self.pages {
            let at = format!("page {:?}", page.id);
            if page_ids.contains(&page.id.as_str()) {
                problems.push(format!("{at}: the id is used twice"));
            }
            page_ids.push(&page.id);
            // A page's id is its URL segment, next to the checklist's and the check page's.
            if crate::Step::RESERVED.contains(&page.id.as_str())
                || page.id.is_empty()
                || !page
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            {
                problems.push(format!(
                    "{at}: a page id is a slug other than {:?}",
                    crate::Step::RESERVED
                ));
            }
            wording(&page.title, &at, &mut problems);
            if let Some(c) = &page.when {
                check_condition(c, &seen, &at, &mut problems);
            }
            if let Some(source) = &page.source {
                if !acts.contains(&source.act.as_str()) {
                    problems.push(format!(
                        "{at}: the source act {:?} is not in data/acts",
                        source.act
                    ));
                }
            }
            if page.fields.is_empty() {
                problems.push(format!("{at}: no fields"));
            }
            for field in &page.fields {
                let at = format!("{at}, field {:?}", field.id);
                if seen.iter().any(|f| f.id == field.id) {
                    problems.push(format!("{at}: the id is used twice"));
                }
                if field.id.contains('.') || field.id.is_empty() {
                    problems.push(format!("{at}: an id is a non-empty slug without dots"));
                }
                if let Some(c) = &field.when {
                    check_condition(c, &seen, &at, &mut problems);
                }
                field_problems(field, &at, &mut problems);
                if field.kind == FieldKind::Group {
                    if field.fields.is_empty() {
                        problems.push(format!("{at}: a group needs fields"));
                    }
                    for sub in &field.fields {
                        let at = format!("{at}, item field {:?}", sub.id);
                        if matches!(sub.kind, FieldKind::Group) {
                            problems.push(format!("{at}: groups do not nest"));
                        }
                        if sub.when.is_some() {
                            problems.push(format!("{at}: item fields have no conditions"));
                        }
                        field_problems(sub, &at, &mut problems);
                    }
                } else if !field.fields.is_empty() {
                    problems.push(format!("{at}: only a group has `fields`"));
                }
                seen.push(field);
            }
        }
        for rule in &self.document_rules {
            let at = format!("document rule {:?}", rule.document);
            if !documents.contains(&rule.document.as_str()) {
                problems.push(format!("{at}: no such document in the service"));
            }
            check_condition(&rule.when, &seen, &at, &mut problems);
        }
        problems
    }
}

fn wording(w: &Wording, at: &str, problems: &mut Vec<String>) {
    if w.kk.trim().is_empty() || w.ru.trim().is_empty() {
        problems.push(format!("{at}: a wording is empty in one language"));
    }
}

fn field_problems(field: &Field, at: &str, problems: &mut Vec<String>) {
    wording(&field.label, at, problems);
    if let Some(hint) = &field.hint {
        wording(hint, at, problems);
    }
    match field.kind {
        FieldKind::Choice if field.options.len() < 2 => {
            problems.push(format!("{at}: a choice needs at least two options"));
        }
        FieldKind::Choice => {
            for option in &field.options {
                if option.kk.trim().is_empty() || option.ru.trim().is_empty() {
                    problems.push(format!(
                        "{at}: option {:?} is empty in one language",
                        option.id
                    ));
                }
            }
        }
        _ if !field.options.is_empty() => {
            problems.push(format!("{at}: only a choice has options"));
        }
        _ => {}
    }
    if let (Some(min), Some(max)) = (field.min, field.max) {
        if min > max {
            problems.push(format!("{at}: min is above max"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Day = Day {
        year: 2026,
        month: 11,
        day: 23,
    };

    fn field(kind: FieldKind) -> Field {
        Field {
            id: "f".into(),
            kind,
            label: Wording {
                kk: "сұрақ".into(),
                ru: "вопрос".into(),
            },
            hint: None,
            required: true,
            when: None,
            max_chars: None,
            min: None,
            max: None,
            decimals: None,
            past: false,
            options: Vec::new(),
            max_items: None,
            fields: Vec::new(),
        }
    }

    #[test]
    fn numbers_are_read_as_typed_in_kazakhstan() {
        assert_eq!(parse_number("12,5"), Some((12.5, 1)));
        assert_eq!(parse_number("1 250 000,75 ₸"), Some((1_250_000.75, 2)));
        assert_eq!(parse_number("1\u{a0}250"), Some((1250.0, 0)));
        assert_eq!(parse_number("54.3"), Some((54.3, 1)));
        assert_eq!(parse_number("12,"), None);
        assert_eq!(parse_number("12,5,1"), None);
        assert_eq!(parse_number("он екі"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn dates_are_read_as_typed_in_kazakhstan() {
        let day = Day {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert_eq!(Day::parse("29.02.2024"), Some(day));
        assert_eq!(Day::parse("2024-02-29"), Some(day));
        assert_eq!(Day::parse("29/02/2024"), Some(day));
        assert_eq!(Day::parse("29.02.2023"), None, "not a leap year");
        assert_eq!(Day::parse("31.04.2024"), None);
        assert_eq!(Day::parse("1.1.24"), None, "the year in full");
    }

    #[test]
    fn each_kind_has_its_rules() {
        let mut money = field(FieldKind::Money);
        money.max = Some(1_000_000.0);
        assert_eq!(check_value(&money, "15 000,50", TODAY, true), Ok(()));
        assert_eq!(
            check_value(&money, "1,555", TODAY, true),
            Err(Problem::TooManyDecimals)
        );
        assert_eq!(
            check_value(&money, "-5", TODAY, true),
            Err(Problem::TooSmall)
        );
        assert_eq!(
            check_value(&money, "2000000", TODAY, true),
            Err(Problem::TooLarge)
        );
        assert_eq!(check_value(&money, "", TODAY, true), Err(Problem::Empty));
        assert_eq!(check_value(&money, "", TODAY, false), Ok(()));

        let mut area = field(FieldKind::Number);
        area.decimals = Some(1);
        assert_eq!(check_value(&area, "54,3", TODAY, true), Ok(()));
        assert_eq!(
            check_value(&area, "54,35", TODAY, true),
            Err(Problem::TooManyDecimals)
        );

        let mut date = field(FieldKind::Date);
        date.past = true;
        assert_eq!(check_value(&date, "23.11.2026", TODAY, true), Ok(()));
        assert_eq!(
            check_value(&date, "24.11.2026", TODAY, true),
            Err(Problem::InFuture)
        );
        assert_eq!(
            check_value(&date, "32.01.2020", TODAY, true),
            Err(Problem::NotADate)
        );

        let mut choice = field(FieldKind::Choice);
        choice.options = vec![
            ChoiceOption {
                id: "own".into(),
                kk: "меншік".into(),
                ru: "собственность".into(),
            },
            ChoiceOption {
                id: "rent".into(),
                kk: "жалға".into(),
                ru: "аренда".into(),
            },
        ];
        assert_eq!(check_value(&choice, "rent", TODAY, true), Ok(()));
        assert_eq!(
            check_value(&choice, "castle", TODAY, true),
            Err(Problem::NotAChoice)
        );
        assert_eq!(
            check_value(&field(FieldKind::YesNo), "maybe", TODAY, true),
            Err(Problem::NotAChoice)
        );
        assert_eq!(
            check_value(&field(FieldKind::Iin), "850714300128", TODAY, true),
            Err(Problem::CheckDigit)
        );
        assert_eq!(
            check_value(&field(FieldKind::Phone), "8 701 234 56 78", TODAY, true),
            Ok(())
        );
        assert_eq!(
            check_value(&field(FieldKind::Text), &"я".repeat(201), TODAY, true),
            Err(Problem::TooLong)
        );
    }

    fn form() -> FormDefinition {
        let mut tenure = field(FieldKind::Choice);
        tenure.id = "tenure".into();
        tenure.options = vec![
            ChoiceOption {
                id: "own".into(),
                kk: "меншік".into(),
                ru: "собственность".into(),
            },
            ChoiceOption {
                id: "rent".into(),
                kk: "жалға".into(),
                ru: "аренда".into(),
            },
        ];
        let mut rent = field(FieldKind::Money);
        rent.id = "rent".into();
        rent.when = Some(Condition {
            field: "tenure".into(),
            equals: "rent".into(),
        });
        let mut members = field(FieldKind::Group);
        members.id = "members".into();
        members.max_items = Some(3);
        // A household of one has no other members to list.
        members.required = false;
        let mut name = field(FieldKind::Text);
        name.id = "name".into();
        let mut income = field(FieldKind::Money);
        income.id = "income".into();
        members.fields = vec![name, income];
        let page = |id: &str, fields: Vec<Field>| FormPage {
            id: id.into(),
            title: Wording {
                kk: "бет".into(),
                ru: "страница".into(),
            },
            source: None,
            when: None,
            fields,
        };
        FormDefinition {
            service: Some("s".into()),
            pages: vec![
                page("home", vec![tenure, rent]),
                page("family", vec![members]),
            ],
            document_rules: vec![DocumentRule {
                document: "contract".into(),
                when: Condition {
                    field: "tenure".into(),
                    equals: "rent".into(),
                },
            }],
        }
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn conditional_questions_count_only_when_they_apply() {
        let form = form();
        let own = answers(&[("tenure", "own"), ("members", "0")]);
        assert!(form.check_all(&own, TODAY).is_empty());
        assert!(form.required_documents(&own).is_empty());
        let renting = answers(&[("tenure", "rent"), ("members", "0")]);
        assert_eq!(
            form.check_all(&renting, TODAY),
            [FieldProblem::new("rent", Problem::Empty)]
        );
        assert_eq!(form.required_documents(&renting), ["contract"]);
    }

    #[test]
    fn an_answer_to_a_hidden_question_revives_nothing() {
        let mut form = form();
        // A third question that depends on the conditional one.
        let mut subsidised = field(FieldKind::YesNo);
        subsidised.id = "subsidised".into();
        subsidised.when = Some(Condition {
            field: "tenure".into(),
            equals: "rent".into(),
        });
        let mut amount = field(FieldKind::Money);
        amount.id = "subsidy".into();
        amount.when = Some(Condition {
            field: "subsidised".into(),
            equals: "yes".into(),
        });
        form.pages[0].fields.extend([subsidised, amount]);
        form.document_rules.push(DocumentRule {
            document: "subsidy-letter".into(),
            when: Condition {
                field: "subsidised".into(),
                equals: "yes".into(),
            },
        });
        assert!(
            form.problems(&["contract", "subsidy-letter"], &[])
                .is_empty()
        );

        // Renting with a subsidy, then the person changes to owning: the leftover answers stay
        // in the draft but ask for nothing.
        let owning = answers(&[("tenure", "own"), ("subsidised", "yes"), ("members", "0")]);
        assert_eq!(form.check_all(&owning, TODAY), []);
        assert!(form.required_documents(&owning).is_empty());
        assert_eq!(
            form.in_force(&owning),
            answers(&[("tenure", "own"), ("members", "0")])
        );
        let renting = answers(&[
            ("tenure", "rent"),
            ("rent", "50 000"),
            ("subsidised", "yes"),
            ("members", "0"),
        ]);
        assert_eq!(
            form.check_all(&renting, TODAY),
            [FieldProblem::new("subsidy", Problem::Empty)]
        );
        assert_eq!(
            form.required_documents(&renting),
            ["contract", "subsidy-letter"]
        );
    }

    #[test]
    fn group_items_are_checked_each() {
        let form = form();
        let two = answers(&[
            ("tenure", "own"),
            ("members", "2"),
            ("members.0.name", "Әсел"),
            ("members.0.income", "120 000"),
            ("members.1.name", "Дәурен"),
        ]);
        assert_eq!(
            form.check_all(&two, TODAY),
            [FieldProblem::new("members.1.income", Problem::Empty)]
        );
        assert_eq!(form.progress(&two, TODAY), (1, 2));
        assert_eq!(
            form.check_all(&answers(&[("tenure", "own"), ("members", "4")]), TODAY),
            [FieldProblem::new("members", Problem::TooLarge)]
        );
    }

    #[test]
    fn a_draft_save_checks_format_and_keys_not_completeness() {
        let form = form();
        assert!(
            form.check_answers(&answers(&[("rent", ""), ("members.2.name", "x")]), TODAY)
                .is_empty()
        );
        assert_eq!(
            form.check_answers(
                &answers(&[
                    ("rent", "a lot"),
                    ("nope", "1"),
                    ("members.3.name", "x"),
                    ("members.01.name", "x")
                ]),
                TODAY
            ),
            [
                FieldProblem::new("members.01.name", Problem::NotAField),
                FieldProblem::new("members.3.name", Problem::NotAField),
                FieldProblem::new("nope", Problem::NotAField),
                FieldProblem::new("rent", Problem::NotANumber),
            ]
        );
    }

    #[test]
    fn a_bad_definition_is_described() {
        let mut form = form();
        form.pages[0].fields[1].when = Some(Condition {
            field: "tenure".into(),
            equals: "castle".into(),
        });
        form.pages[1].fields[0].fields[0].kind = FieldKind::Group;
        form.document_rules[0].document = "deed".into();
        let problems = form.problems(&["contract"], &[]);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(
            problems[0].contains("not one of its values"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].contains("groups do not nest"),
            "{}",
            problems[1]
        );
        assert!(problems[2].contains("no such document"), "{}", problems[2]);
        assert_eq!(form.problems(&["deed"], &[]).len(), 2);
    }

    #[test]
    fn a_page_id_is_a_url_segment_of_its_own() {
        for id in ["check", "documents", "Dwelling", "a/b", ""] {
            let mut form = form();
            form.pages[0].id = id.into();
            let problems = form.problems(&["contract", "subsidy-letter"], &[]);
            assert!(
                problems.iter().any(|p| p.contains("a page id is a slug")),
                "{id:?}: {problems:#?}"
            );
        }
        assert!(
            form()
                .problems(&["contract", "subsidy-letter"], &[])
                .is_empty()
        );
    }
}
