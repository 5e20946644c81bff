//! Signing and submitting a request: the bytes the applicant signs (the canonical form), the
//! request number it gets, and what the portal answers.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::form::Answers;

/// One attached file as the applicant signs it: its hash binds the signature to the bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedDocument {
    pub slot: String,
    pub name: String,
    pub size: u64,
    /// Hex, lower case.
    pub sha256: String,
}

/// What the applicant signs: the request's answers that apply and its attached files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedRequest {
    pub application: String,
    pub service: String,
    pub applicant_iin: String,
    pub answers: Answers,
    /// In the order of [`SignedRequest::canonical`]: by slot, then SHA-256, then name.
    pub documents: Vec<SignedDocument>,
    /// Accepted at a service centre: where, by whom, and the documents seen on paper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<AcceptedAt>,
}

/// A request an operator accepted (002 §15, process 5): signed with the operator's key, it
/// states the branch, the operator and which documents the applicant brought on paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedAt {
    /// An id of `data/branches.toml`.
    pub branch: String,
    pub operator_iin: String,
    /// The service's document ids, sorted.
    pub paper: Vec<String>,
}

/// Names the layout of the canonical form, so a later layout is never mistaken for this one.
pub const CANONICAL_FORMAT: &str = "qyzmet-request/1";

impl SignedRequest {
    /// The canonical form: compact JSON with keys in a fixed order (answers sorted by key,
    /// documents by slot, hash and name), strings escaped one way only, no floats. The same
    /// request always gives the same bytes, in the browser and in the adapter; that is what
    /// the signature covers and what is kept.
    pub fn canonical(&self) -> Vec<u8> {
        let mut documents: Vec<&SignedDocument> = self.documents.iter().collect();
        documents.sort_by(|a, b| (&a.slot, &a.sha256, &a.name).cmp(&(&b.slot, &b.sha256, &b.name)));
        let mut out = String::with_capacity(256);
        out.push('{');
        field(&mut out, "format", CANONICAL_FORMAT);
        out.push(',');
        field(&mut out, "application", &self.application);
        out.push(',');
        field(&mut out, "service", &self.service);
        out.push(',');
        field(&mut out, "applicant_iin", &self.applicant_iin);
        // Only a centre's request has it, so a portal request's bytes are as they always were.
        if let Some(accepted) = &self.accepted {
            out.push_str(",\"accepted\":{");
            field(&mut out, "branch", &accepted.branch);
            out.push(',');
            field(&mut out, "operator_iin", &accepted.operator_iin);
            out.push_str(",\"paper\":[");
            let mut paper: Vec<&String> = accepted.paper.iter().collect();
            paper.sort();
            for (i, document) in paper.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(&mut out, document);
            }
            out.push_str("]}");
        }
        out.push_str(",\"answers\":{");
        // A BTreeMap iterates in key order (bytewise for UTF-8 strings).
        for (i, (key, value)) in self.answers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            field(&mut out, key, value);
        }
        out.push_str("},\"documents\":[");
        for (i, d) in documents.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('{');
            field(&mut out, "slot", &d.slot);
            out.push(',');
            field(&mut out, "name", &d.name);
            out.push_str(",\"size\":");
            out.push_str(&d.size.to_string());
            out.push(',');
            field(&mut out, "sha256", &d.sha256);
            out.push('}');
        }
        out.push_str("]}");
        out.into_bytes()
    }
}

fn field(out: &mut String, key: &str, value: &str) {
    string(out, key);
    out.push(':');
    string(out, value);
}

/// A JSON string: `"` and `\` escaped, control characters as `\u00XX`, everything else as is.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A request's number: the year of submission and its place in that year's sequence, as
/// `2026-000042`. Unique and never reused.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestNumber {
    year: u32,
    sequence: u32,
}

impl RequestNumber {
    pub fn new(year: u32, sequence: u32) -> Option<RequestNumber> {
        ((1000..=9999).contains(&year) && (1..=999_999).contains(&sequence))
            .then_some(RequestNumber { year, sequence })
    }

    pub fn parse(text: &str) -> Option<RequestNumber> {
        let (year, sequence) = text.split_once('-')?;
        if year.len() != 4 || sequence.len() != 6 {
            return None;
        }
        if !(year.bytes().chain(sequence.bytes())).all(|b| b.is_ascii_digit()) {
            return None;
        }
        RequestNumber::new(year.parse().ok()?, sequence.parse().ok()?)
    }

    pub fn year(&self) -> u32 {
        self.year
    }

    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl fmt::Display for RequestNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:06}", self.year, self.sequence)
    }
}

/// The body of a submission: the detached CMS signature over the canonical form, base64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    pub signature: String,
}

/// What the applicant signs, as the adapter gives it: the request and its canonical bytes
/// (base64), which are what the signature must cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningContent {
    pub request: SignedRequest,
    pub canonical: String,
}

/// A document named on the receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptDocument {
    pub slot: String,
    pub name: String,
}

/// The applicant (or representative) as the receipt names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptPerson {
    pub name: String,
    pub iin: String,
    pub phone: String,
}

/// The receipt given on intake (001 §13, 002 §10, 004 §5): the request's number and date, the
/// service, the documents attached, who accepted it, and who applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    pub number: String,
    pub application: String,
    pub service: String,
    /// RFC 3339.
    pub submitted_at: String,
    pub documents: Vec<ReceiptDocument>,
    /// `portal` when the portal accepted it; an operator's IIN at a service centre.
    pub accepted_by: String,
    pub applicant: ReceiptPerson,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representative: Option<ReceiptPerson>,
    /// Accepted at a service centre: the branch and the operator (the receipt names "the
    /// employee who accepted the application", 002 §10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<ReceiptCentre>,
    /// When the result is due; `None` where the service has no regulation to compute it from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ReceiptResult>,
}

/// The service centre that accepted a request, and its operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptCentre {
    pub branch: crate::intake::Branch,
    /// The operator's full name.
    pub operator: String,
}

/// When and where the result will be issued, computed at intake from the stages (or the
/// total) of the regulation of the applicant's region, on Kazakhstan's working-day calendar.
/// A portal request's result comes to the personal cabinet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptResult {
    /// RFC 3339, in local time (UTC+5).
    pub due: String,
    /// Some day of the period lies in a year whose calendar is not yet confirmed.
    pub estimated: bool,
    /// The regulation (act id) and region the due date comes from.
    pub act: String,
    pub region: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> SignedRequest {
        SignedRequest {
            application: "a1".into(),
            service: "housing-assistance".into(),
            applicant_iin: "850714300127".into(),
            answers: [
                ("b".to_string(), "Ә \"қ\"\\\n".to_string()),
                ("a".into(), "1".into()),
            ]
            .into_iter()
            .collect(),
            documents: vec![
                SignedDocument {
                    slot: "z".into(),
                    name: "2.pdf".into(),
                    size: 2,
                    sha256: "bb".into(),
                },
                SignedDocument {
                    slot: "a".into(),
                    name: "1.png".into(),
                    size: 1,
                    sha256: "aa".into(),
                },
            ],
            accepted: None,
        }
    }

    #[test]
    fn a_centres_request_states_where_and_by_whom_with_the_paper_sorted() {
        let mut request = request();
        request.documents.clear();
        request.answers.clear();
        request.accepted = Some(AcceptedAt {
            branch: "atyrau-city-1".into(),
            operator_iin: "920312400341".into(),
            paper: vec!["income".into(), "identity".into()],
        });
        let text = String::from_utf8(request.canonical()).unwrap();
        assert_eq!(
            text,
            r#"{"format":"qyzmet-request/1","application":"a1","service":"housing-assistance","applicant_iin":"850714300127","accepted":{"branch":"atyrau-city-1","operator_iin":"920312400341","paper":["identity","income"]},"answers":{},"documents":[]}"#
        );
    }

    #[test]
    fn the_canonical_form_is_fixed_and_sorted() {
        let text = String::from_utf8(request().canonical()).unwrap();
        assert_eq!(
            text,
            r#"{"format":"qyzmet-request/1","application":"a1","service":"housing-assistance","applicant_iin":"850714300127","answers":{"a":"1","b":"Ә \"қ\"\\\u000a"},"documents":[{"slot":"a","name":"1.png","size":1,"sha256":"aa"},{"slot":"z","name":"2.pdf","size":2,"sha256":"bb"}]}"#
        );
        // It is JSON, and reads back as what was signed.
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["answers"]["b"], "Ә \"қ\"\\\n");
    }

    #[test]
    fn the_order_documents_come_in_does_not_change_the_bytes() {
        let mut other = request();
        other.documents.reverse();
        assert_eq!(other.canonical(), request().canonical());
        other.answers.insert("a".into(), "2".into());
        assert_ne!(other.canonical(), request().canonical());
    }

    #[test]
    fn request_numbers_show_the_year_and_a_sequence() {
        let n = RequestNumber::new(2026, 42).unwrap();
        assert_eq!(n.to_string(), "2026-000042");
        assert_eq!(RequestNumber::parse("2026-000042"), Some(n));
        for bad in [
            "2026-42",
            "26-000042",
            "2026-000000",
            "2026_000042",
            "2026-00004a",
            "",
            "-",
        ] {
            assert_eq!(RequestNumber::parse(bad), None, "{bad}");
        }
        assert_eq!(RequestNumber::new(2026, 1_000_000), None);
    }
}
