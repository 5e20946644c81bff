//! What a submitted request's applicant and its provider's staff see of its course (issue 8):
//! the status page (the regulation's stages with their due and actual moments, who did what,
//! the result), the workbench's list, and the actions staff take.

use serde::{Deserialize, Serialize};

use crate::{
    Duration, Role, Text,
    workflow::{Action, RequestState, WorkflowStep},
};

/// The decision on a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The service is given: the notification of assignment, the registration on the waiting
    /// list with its number, the foster-care contract notice, the adoption conclusion notice.
    Granted,
    /// A motivated refusal with its grounds.
    Refused,
}

impl Outcome {
    pub const ALL: [Outcome; 2] = [Outcome::Granted, Outcome::Refused];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Granted => "granted",
            Outcome::Refused => "refused",
        }
    }

    pub fn from_name(name: &str) -> Option<Outcome> {
        match name {
            "granted" => Some(Outcome::Granted),
            "refused" => Some(Outcome::Refused),
            _ => None,
        }
    }
}

/// The longest free text of a refusal or a result, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// One stage of the regulation as it goes for this request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageStatus {
    /// Its position in the regulation's stages.
    pub index: u32,
    pub step: WorkflowStep,
    /// Who handles it and what they do, as the regulation says.
    pub actor: Text,
    pub action: Text,
    pub duration: Duration,
    /// When it is due, RFC 3339 in local time (UTC+5).
    pub due: String,
    /// When it happened (the moment of its step), if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
    /// It happened after its due moment, or is still to happen and its moment has passed.
    pub overdue: bool,
    /// The request is at this stage now.
    pub current: bool,
}

/// Who did one step, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrackingEvent {
    pub action: Action,
    /// RFC 3339.
    pub at: String,
    pub role: Role,
    /// The staff member's full name.
    pub by: String,
}

/// The provider's result, once prepared (staff see it then; the applicant once issued).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultSummary {
    pub outcome: Outcome,
    /// Refusal ground ids (`data/refusals.toml`), with their wording.
    pub grounds: Vec<GroundText>,
    /// The executor's own words (the refusal's motivation, or a note on the result).
    pub comment: String,
    /// The sequence number in the waiting list (granted waiting-list requests, once signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_number: Option<u32>,
    /// RFC 3339, once the head signed it with the provider's certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    /// RFC 3339, once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroundText {
    pub id: String,
    pub text: Text,
}

impl From<&crate::provider::RefusalGround> for GroundText {
    fn from(ground: &crate::provider::RefusalGround) -> GroundText {
        GroundText {
            id: ground.id.clone(),
            text: ground.text.clone(),
        }
    }
}

/// A provider as a request shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderRef {
    pub id: String,
    pub name: Text,
}

/// A submitted request's status page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestStatus {
    pub application: String,
    pub number: String,
    pub service: String,
    pub state: RequestState,
    /// RFC 3339.
    pub submitted_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderRef>,
    /// The regulation (act id) and region the stages and due dates come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// When the result is due, RFC 3339 local; whether a day of it is in an unconfirmed year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_due: Option<String>,
    pub result_due_estimated: bool,
    /// The result is not issued and its due moment has passed.
    pub result_overdue: bool,
    pub stages: Vec<StageStatus>,
    pub events: Vec<TrackingEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultSummary>,
    /// Changes since this request's status was last opened by its applicant.
    pub unread: u32,
    /// Accepted at a service centre: where the result is given, and what became of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub centre: Option<crate::intake::CentreKeeping>,
}

/// One request in the provider's workbench list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkbenchItem {
    pub application: String,
    pub number: String,
    pub service: String,
    pub state: RequestState,
    /// RFC 3339.
    pub submitted_at: String,
    /// When the step it waits for is due (RFC 3339 local); none once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_due: Option<String>,
    pub overdue: bool,
    pub applicant: String,
    /// The assigned executor's full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
}

/// A page of the workbench: requests by due moment of their next step, the overdue first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkbenchPage {
    pub provider: ProviderRef,
    pub items: Vec<WorkbenchItem>,
    /// All requests matching the filter.
    pub total: u32,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

/// What a staff member does to a request. `executor` (the IIN of an executor of the same
/// provider) goes with `assign`; `outcome`, `grounds` and `comment` with `prepare` (a refusal
/// needs at least one ground or a comment).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkbenchAction {
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grounds: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A request as its provider's staff open it: the status, the answers, the attached files,
/// and the choices for the next step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseFile {
    pub status: RequestStatus,
    pub applicant: String,
    pub applicant_iin: String,
    /// The answers in force, as signed.
    pub answers: Vec<CaseAnswer>,
    pub documents: Vec<CaseDocument>,
    /// The executor assigned, if any (IIN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor_iin: Option<String>,
    /// The executors of the provider, for the head's choice.
    pub executors: Vec<StaffMember>,
    /// The refusal grounds that apply to the service.
    pub grounds: Vec<GroundText>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseAnswer {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub iin: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDocument {
    pub id: String,
    pub slot: String,
    pub name: String,
    pub size: u64,
    pub content_type: String,
    pub sha256: String,
}

/// The provider's signed result, as its applicant downloads it: the signed bytes (canonical
/// JSON), the detached CMS signature over them, and what checking it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedResult {
    /// Base64 of the signed bytes.
    pub content: String,
    /// Base64 of the DER CMS SignedData.
    pub signature: String,
    /// The signature verifies over the content, by a certificate of the request's provider
    /// that chains to a trusted authority, is in its validity and not revoked.
    pub valid: bool,
    /// Why not, when not valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<crate::Problem>,
    /// The signer certificate's common name (the provider's name).
    pub signer: String,
    /// RFC 3339.
    pub signed_at: String,
}

/// The state that a stage of `step` is in, for a request now in `state`: done when the
/// request has gone past the step, current when the step is the next to be done.
pub fn step_done(step: WorkflowStep, state: RequestState) -> bool {
    match step.action() {
        None => true,
        Some(action) => state > action.from(),
    }
}

/// The step a request in `state` waits for.
pub fn next_step(state: RequestState) -> Option<WorkflowStep> {
    let action = state.next_action()?;
    WorkflowStep::ALL
        .into_iter()
        .find(|s| s.action() == Some(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_done_once_the_request_has_gone_past_them() {
        assert!(step_done(WorkflowStep::Intake, RequestState::Submitted));
        assert!(!step_done(WorkflowStep::Register, RequestState::Submitted));
        assert!(step_done(WorkflowStep::Register, RequestState::Registered));
        assert!(!step_done(WorkflowStep::Prepare, RequestState::Assigned));
        assert!(step_done(WorkflowStep::Issue, RequestState::Issued));
        assert_eq!(
            next_step(RequestState::Submitted),
            Some(WorkflowStep::Register)
        );
        assert_eq!(next_step(RequestState::Signed), Some(WorkflowStep::Issue));
        assert_eq!(next_step(RequestState::Issued), None);
    }

    #[test]
    fn outcomes_have_stable_names() {
        for outcome in [Outcome::Granted, Outcome::Refused] {
            assert_eq!(Outcome::from_name(outcome.name()), Some(outcome));
            assert_eq!(
                serde_json::to_string(&outcome).unwrap(),
                format!("\"{}\"", outcome.name())
            );
        }
    }
}
