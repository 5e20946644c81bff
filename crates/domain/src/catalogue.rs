//! The service catalogue: services, the regional regulations that set their stages, and the
//! acts and regions they cite. The shapes here are the shapes of the files under `data/`
//! (see `data/README.md`), so an administrator's edit and the API speak the same language.

use serde::{Deserialize, Serialize};

use crate::{
    Duration, Lang, Text,
    calendar::{self, DayCounting, Due, WorkingCalendar},
    workflow::WorkflowStep,
};

/// Where a person applies for a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// A service centre of the State Corporation "Government for Citizens" (ЦОН / ХҚКО).
    ServiceCentre,
    /// The e-government portal.
    Portal,
    /// The provider's own office.
    ProviderOffice,
}

impl Channel {
    pub const ALL: [Channel; 3] = [
        Channel::ServiceCentre,
        Channel::Portal,
        Channel::ProviderOffice,
    ];
}

/// The clause of an act a fact comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id of an act in `data/acts/`.
    pub act: String,
    /// The clause as numbered in the act: "5", "5.1" (clause 5, item 1), "app. 2".
    pub clause: String,
    /// A reviewer's remark (English), e.g. that the public source was cut off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ActKind {
    RegionalRegulation,
    NationalStandard,
}

/// A legal act the catalogue cites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Act {
    pub id: String,
    pub kind: ActKind,
    /// The seed file holding the act's text (regional regulations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub published_in: Vec<Lang>,
    /// False when the act's text could not be confirmed from a public source.
    pub confirmed: bool,
    pub title: Text,
    /// Set when the act was repealed or re-edited, in the act's own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub kk: String,
    pub ru: String,
}

impl Region {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.kk, &self.ru)
    }

    pub fn name_text(&self) -> Text {
        Text {
            kk: self.kk.clone(),
            ru: self.ru.clone(),
            source: None,
            translated: Vec::new(),
        }
    }
}

/// A document the applicant brings or attaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    pub kk: String,
    pub ru: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translated: Vec<Lang>,
    /// Where this document is asked for.
    pub channels: Vec<Channel>,
    pub required: bool,
}

impl Document {
    /// The document's name as a `Text`, with its source.
    pub fn name_text(&self) -> Text {
        Text {
            kk: self.kk.clone(),
            ru: self.ru.clone(),
            source: Some(self.source.clone()),
            translated: self.translated.clone(),
        }
    }
}

/// Where to apply in one region, and the clause that says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelEntry {
    pub channel: Channel,
    pub source: Source,
}

/// The total deadline as an act states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Total {
    /// The channel it applies to; `None` for every channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    pub duration: Duration,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// The act leaves the days of intake and of issue out of the term (Atyrau act 001 §9.1:
    /// "день приема и выдачи … не входит в срок"): the result comes the working day after.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub intake_and_issue_days_excluded: bool,
}

/// One step of the service's process: who does what, and how long it may take.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Set when the step happens only for one channel (e.g. intake at a service centre).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The step of the provider workflow the stage belongs to: its moment (the submission, or
    /// the matching action) is when the status page shows the stage happened. Steps never go
    /// backwards within a regulation.
    pub step: WorkflowStep,
    pub duration: Duration,
    pub source: Source,
    pub actor: Text,
    pub action: Text,
}

/// How one region's regulation sets the service up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    pub act: String,
    pub region: String,
    /// The provider as this act names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Text>,
    pub channels: Vec<ChannelEntry>,
    #[serde(default)]
    pub totals: Vec<Total>,
    pub stages: Vec<Stage>,
}

impl Regulation {
    /// When the result of a request accepted at `start` (local time) through `channel` is due:
    /// by the act's total for that channel where it states one, otherwise by its stages that
    /// apply to the channel, each beginning where the one before ended.
    pub fn result_due(
        &self,
        calendar: &WorkingCalendar,
        start: chrono::NaiveDateTime,
        channel: Channel,
    ) -> Due {
        let applies = |c: Option<Channel>| c.is_none_or(|c| c == channel);
        match self.totals.iter().find(|t| applies(t.channel)) {
            Some(total) => {
                let counting = if total.intake_and_issue_days_excluded {
                    DayCounting::IntakeAndIssueDaysExcluded
                } else {
                    DayCounting::Standard
                };
                calendar.due(start, [total.duration], counting)
            }
            None => calendar.due(
                start,
                self.stages
                    .iter()
                    .filter(|s| applies(s.channel))
                    .map(|s| s.duration),
                DayCounting::Standard,
            ),
        }
    }
}

/// A public service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// URL slug.
    pub id: String,
    /// Order in the catalogue.
    pub position: u32,
    pub free: bool,
    pub free_source: Source,
    /// The official name.
    pub name: Text,
    pub provider: Text,
    pub result: Text,
    /// What the portal gives instead, when that differs (a notification rather than paper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_portal: Option<Text>,
    pub documents: Vec<Document>,
    pub regulations: Vec<Regulation>,
}

impl Service {
    /// A document's name in `lang`, by its id (the id itself for one the service lacks).
    pub fn document_name(&self, id: &str, lang: Lang) -> String {
        self.documents
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_owned(), |d| lang.pick(&d.kk, &d.ru).to_owned())
    }

    /// The regulation that sets the service up in `region`; where the catalogue carries none
    /// for that region, the first one it carries (the receipt names the act used).
    pub fn regulation_for(&self, region: Option<&str>) -> Option<&Regulation> {
        region
            .and_then(|id| self.regulations.iter().find(|r| r.region == id))
            .or_else(|| self.regulations.first())
    }

    /// The documents asked on the portal: where the service has a portal channel, those
    /// listed for it; otherwise all of them.
    pub fn portal_documents(&self) -> impl Iterator<Item = &Document> {
        self.documents_for(Channel::Portal)
    }

    /// The documents asked through `channel`: where the service has that channel, those
    /// listed for it; otherwise all of them.
    pub fn documents_for(&self, channel: Channel) -> impl Iterator<Item = &Document> {
        let offered = self.channels().contains(&channel);
        self.documents
            .iter()
            .filter(move |d| !offered || d.channels.contains(&channel))
    }

    /// The channels any region offers, in a fixed order.
    pub fn channels(&self) -> Vec<Channel> {
        let mut channels: Vec<Channel> = self
            .regulations
            .iter()
            .flat_map(|r| r.channels.iter().map(|c| c.channel))
            .collect();
        channels.sort();
        channels.dedup();
        channels
    }

    pub fn summary(&self) -> ServiceSummary {
        ServiceSummary {
            id: self.id.clone(),
            position: self.position,
            name: self.name.clone(),
            provider: self.provider.clone(),
            result: self.result.clone(),
            free: self.free,
            regions: self.regulations.iter().map(|r| r.region.clone()).collect(),
            channels: self.channels(),
        }
    }
}

/// A catalogue entry: what the list page needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceSummary {
    pub id: String,
    pub position: u32,
    pub name: Text,
    pub provider: Text,
    pub result: Text,
    pub free: bool,
    /// Ids of the regions whose regulations the catalogue carries.
    pub regions: Vec<String>,
    pub channels: Vec<Channel>,
}

/// The catalogue list with the regions its entries name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceList {
    pub services: Vec<ServiceSummary>,
    pub regions: Vec<Region>,
}

/// A service with the acts and regions it cites, so its page needs one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServicePage {
    pub service: Service,
    pub acts: Vec<Act>,
    pub regions: Vec<Region>,
}

/// When the result of a request made now would be due, by each region's regulation: "applied
/// today, result due by …" on the service page. Apart from the page, which never changes while
/// the adapter runs, because this changes with the clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueToday {
    pub regulations: Vec<RegulationDue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegulationDue {
    pub region: String,
    pub act: String,
    /// The channel it is computed for: the portal where the regulation offers it, otherwise
    /// its first channel.
    pub channel: Channel,
    /// RFC 3339 in local time (UTC+5).
    pub due: String,
    /// Some day of the period lies in a year whose calendar is not confirmed.
    pub estimated: bool,
}

impl Regulation {
    /// "Applied at `now` (Unix seconds), result due by …", through the portal where this
    /// regulation offers it, otherwise through its first channel.
    pub fn due_if_applied(&self, calendar: &WorkingCalendar, now: i64) -> RegulationDue {
        let channels: Vec<Channel> = self.channels.iter().map(|c| c.channel).collect();
        let channel = if channels.contains(&Channel::Portal) {
            Channel::Portal
        } else {
            channels.first().copied().unwrap_or(Channel::Portal)
        };
        let due = self.result_due(calendar, calendar::local_from_unix(now), channel);
        RegulationDue {
            region: self.region.clone(),
            act: self.act.clone(),
            channel,
            due: calendar::rfc3339_local(calendar::unix_from_local(due.at)),
            estimated: due.estimated,
        }
    }
}

impl ServicePage {
    pub fn act(&self, id: &str) -> Option<&Act> {
        self.acts.iter().find(|a| a.id == id)
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }
}

/// Of `documents`, those required (always, or by the answers: `needed`) that have no file in
/// `attached` (the slots that have one).
pub fn missing_documents<'a, S: AsRef<str>>(
    documents: impl IntoIterator<Item = &'a Document>,
    needed: &[S],
    attached: &[&str],
) -> Vec<&'a Document> {
    documents
        .into_iter()
        .filter(|d| d.required || needed.iter().any(|n| n.as_ref() == d.id))
        .filter(|d| !attached.contains(&d.id.as_str()))
        .collect()
}
