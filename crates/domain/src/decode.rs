//! Reading the API's JSON into domain types without serde's visitors, for the app: its first
//! download is every visitor's cost, and serde's derive code was the largest part of the app
//! we control. The adapter still writes the JSON with serde; the adapter's tests check, on the
//! real catalogue, that decoding serde's output gives back the same values, so a field added
//! to a type but not here fails a test.

use crate::{
    Act, ActKind, ApiError, Channel, ChannelEntry, Document, Duration, ErrorCode, Lang, Region,
    Regulation, Service, ServiceList, ServicePage, ServiceSummary, Source, Stage, Text, Total,
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

impl Decode for bool {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.boolean().ok_or(DecodeError("not a boolean"))
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        v.items().ok_or(DecodeError("not a list"))?.iter().map(T::decode).collect()
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
        from_name(v, &[
            ("service-centre", Channel::ServiceCentre),
            ("portal", Channel::Portal),
            ("provider-office", Channel::ProviderOffice),
        ])
    }
}

impl Decode for ActKind {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        from_name(v, &[
            ("regional-regulation", ActKind::RegionalRegulation),
            ("national-standard", ActKind::NationalStandard),
        ])
    }
}

impl Decode for ErrorCode {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        from_name(v, &[
            ("not_found", ErrorCode::NotFound),
            ("method_not_allowed", ErrorCode::MethodNotAllowed),
            ("invalid_input", ErrorCode::InvalidInput),
            ("unexpected", ErrorCode::Unexpected),
        ])
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

impl Decode for Source {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Source { act: field(v, "act")?, clause: field(v, "clause")?, note: optional(v, "note")? })
    }
}

impl Decode for Text {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Text {
            kk: field(v, "kk")?,
            ru: field(v, "ru")?,
            source: optional(v, "source")?,
            translated: list_or_empty(v, "translated")?,
        })
    }
}

impl Decode for Region {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Region { id: field(v, "id")?, kk: field(v, "kk")?, ru: field(v, "ru")? })
    }
}

impl Decode for Act {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Act {
            id: field(v, "id")?,
            kind: field(v, "kind")?,
            seed: optional(v, "seed")?,
            region: optional(v, "region")?,
            published_in: field(v, "published_in")?,
            confirmed: field(v, "confirmed")?,
            title: field(v, "title")?,
            status: optional(v, "status")?,
        })
    }
}

impl Decode for Document {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Document {
            id: field(v, "id")?,
            kk: field(v, "kk")?,
            ru: field(v, "ru")?,
            source: field(v, "source")?,
            translated: list_or_empty(v, "translated")?,
            channels: field(v, "channels")?,
            required: field(v, "required")?,
        })
    }
}

impl Decode for ChannelEntry {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(ChannelEntry { channel: field(v, "channel")?, source: field(v, "source")? })
    }
}

impl Decode for Total {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Total {
            channel: optional(v, "channel")?,
            duration: field(v, "duration")?,
            source: field(v, "source")?,
            note: optional(v, "note")?,
        })
    }
}

impl Decode for Stage {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Stage {
            channel: optional(v, "channel")?,
            duration: field(v, "duration")?,
            source: field(v, "source")?,
            actor: field(v, "actor")?,
            action: field(v, "action")?,
        })
    }
}

impl Decode for Regulation {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Regulation {
            act: field(v, "act")?,
            region: field(v, "region")?,
            provider: optional(v, "provider")?,
            channels: field(v, "channels")?,
            totals: list_or_empty(v, "totals")?,
            stages: field(v, "stages")?,
        })
    }
}

impl Decode for Service {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(Service {
            id: field(v, "id")?,
            position: field(v, "position")?,
            free: field(v, "free")?,
            free_source: field(v, "free_source")?,
            name: field(v, "name")?,
            provider: field(v, "provider")?,
            result: field(v, "result")?,
            result_portal: optional(v, "result_portal")?,
            documents: field(v, "documents")?,
            regulations: field(v, "regulations")?,
        })
    }
}

impl Decode for ServiceSummary {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(ServiceSummary {
            id: field(v, "id")?,
            position: field(v, "position")?,
            name: field(v, "name")?,
            provider: field(v, "provider")?,
            result: field(v, "result")?,
            free: field(v, "free")?,
            regions: field(v, "regions")?,
            channels: field(v, "channels")?,
        })
    }
}

impl Decode for ServiceList {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(ServiceList { services: field(v, "services")?, regions: field(v, "regions")? })
    }
}

impl Decode for ServicePage {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(ServicePage { service: field(v, "service")?, acts: field(v, "acts")?, regions: field(v, "regions")? })
    }
}

impl Decode for ApiError {
    fn decode<V: JsonValue>(v: &V) -> Result<Self> {
        Ok(ApiError { code: field(v, "code")?, message: field(v, "message")?, field: optional(v, "field")? })
    }
}
