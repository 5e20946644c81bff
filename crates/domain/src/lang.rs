//! The portal's two languages and text that exists in both.

use serde::{Deserialize, Serialize};

/// A language of the portal. Kazakh is the default (the state language).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Kk,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Kk, Lang::Ru];

    /// The BCP 47 tag, as used in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
        }
    }

    /// The one of two wordings that is in this language.
    pub fn pick<'a>(self, kk: &'a str, ru: &'a str) -> &'a str {
        match self {
            Lang::Kk => kk,
            Lang::Ru => ru,
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "kk" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }
}

/// A user-visible fact in Kazakh and Russian, with where it comes from.
///
/// `translated` lists the languages that are our translation rather than a quotation of the
/// source: a regulation published only in Kazakh has its Russian wording translated, and the
/// page says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub kk: String,
    pub ru: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::Source>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translated: Vec<Lang>,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.kk, &self.ru)
    }

    /// Whether the wording in `lang` is our translation rather than the source's own words.
    pub fn is_translated(&self, lang: Lang) -> bool {
        self.translated.contains(&lang)
    }
}
