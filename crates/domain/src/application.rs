//! A request for a service: while a draft, its answers as typed, saved one change at a time.

use serde::{Deserialize, Serialize};

use crate::form::Answers;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Being filled in; only its applicant sees it.
    Draft,
    /// Signed and submitted: it has a number and can no longer be changed.
    Submitted,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 2] =
        [ApplicationStatus::Draft, ApplicationStatus::Submitted];

    pub fn name(self) -> &'static str {
        match self {
            ApplicationStatus::Draft => "draft",
            ApplicationStatus::Submitted => "submitted",
        }
    }
}

/// How far along a request is: pages without problems, of the pages that apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Application {
    pub id: String,
    pub service: String,
    pub status: ApplicationStatus,
    /// Once submitted: the request number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub answers: Answers,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
    pub progress: Progress,
    /// Made by a service-centre operator on a citizen's behalf: for whom, where, by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake: Option<crate::intake::Intake>,
}

/// A line of "my applications".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationSummary {
    pub id: String,
    pub service: String,
    pub status: ApplicationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub updated_at: String,
    pub progress: Progress,
    /// Once submitted: where it is in its provider's workflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<crate::workflow::RequestState>,
    /// Steps made since its applicant last opened its status page.
    #[serde(default)]
    pub unread: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationList {
    pub applications: Vec<ApplicationSummary>,
}

/// `POST /api/applications`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewApplication {
    pub service: String,
    /// An operator's request: whose it is (a citizen's own request has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf: Option<crate::intake::OnBehalf>,
}

/// `PATCH /api/applications/{id}`: some answers, as typed, and the edit's place in the
/// browser's order. An answer is replaced only by an edit with a higher `seq`, so a save that
/// arrives late (after a dropped connection) never overwrites a newer one, and sending the
/// same save twice changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswersUpdate {
    pub answers: Answers,
    pub seq: u64,
}
