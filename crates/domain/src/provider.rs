//! Service providers (the bodies that decide requests) and the grounds on which they refuse:
//! data an administrator edits (`data/providers.toml`, `data/refusals.toml`). A submitted
//! request goes to the provider of its regulation's region that serves its service.

use serde::{Deserialize, Serialize};

use crate::{Source, Text};

/// A body that decides requests: a district department, a city department.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: String,
    /// An id of `data/regions.toml`.
    pub region: String,
    /// The services it decides (ids of `data/services/`).
    pub services: Vec<String>,
    pub name: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phones: Option<String>,
}

impl Provider {
    pub fn serves(&self, service: &str, region: &str) -> bool {
        self.region == region && self.services.iter().any(|s| s == service)
    }
}

/// `data/providers.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvidersFile {
    pub provider: Vec<Provider>,
}

/// The provider a request of `service` under the regulation of `region` goes to: the first
/// listed that serves both (the file lists each region's default body first).
pub fn provider_for<'a>(
    providers: &'a [Provider],
    service: &str,
    region: &str,
) -> Option<&'a Provider> {
    providers.iter().find(|p| p.serves(service, region))
}

/// A ground on which a provider refuses a request (a motivated refusal names one or more,
/// and may add free text).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefusalGround {
    pub id: String,
    /// The services it applies to; empty: every service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    pub text: Text,
    pub source: Source,
}

impl RefusalGround {
    pub fn applies_to(&self, service: &str) -> bool {
        self.services.is_empty() || self.services.iter().any(|s| s == service)
    }
}

/// `data/refusals.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefusalsFile {
    pub ground: Vec<RefusalGround>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(id: &str, region: &str, services: &[&str]) -> Provider {
        Provider {
            id: id.into(),
            region: region.into(),
            services: services.iter().map(|s| s.to_string()).collect(),
            name: Text {
                kk: id.into(),
                ru: id.into(),
                source: None,
                translated: vec![],
            },
            address: None,
            email: None,
            phones: None,
        }
    }

    #[test]
    fn a_request_goes_to_the_first_provider_of_its_region_and_service() {
        let list = [
            provider("a", "atyrau", &["housing-assistance"]),
            provider("b", "atyrau", &["housing-assistance", "foster-care"]),
            provider("c", "aktobe", &["foster-care"]),
        ];
        let id = |service, region| provider_for(&list, service, region).map(|p| p.id.as_str());
        assert_eq!(id("housing-assistance", "atyrau"), Some("a"));
        assert_eq!(id("foster-care", "atyrau"), Some("b"));
        assert_eq!(id("foster-care", "aktobe"), Some("c"));
        assert_eq!(id("housing-assistance", "aktobe"), None);
    }

    #[test]
    fn the_repositorys_files_load() {
        let providers: ProvidersFile =
            toml::from_str(include_str!("../../../data/providers.toml")).unwrap();
        assert!(providers.provider.len() >= 6);
        let refusals: RefusalsFile =
            toml::from_str(include_str!("../../../data/refusals.toml")).unwrap();
        assert!(refusals.ground.iter().any(|g| g.services.is_empty()));
    }
}
