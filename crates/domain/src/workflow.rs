//! A submitted request's way through its provider, as the regulations describe it (000 §§5–7,
//! 002 §§5–7, 001 §§9–12): the office registers the incoming request, the head assigns an
//! executor, the executor prepares the result or a motivated refusal, the head signs it, the
//! office issues it. Each action follows the one before it and is made by the role the
//! regulations name; the adapter records who made it and when.

use serde::{Deserialize, Serialize};

use crate::Role;

/// Where a submitted request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Accepted (portal or service centre), not yet registered by the provider's office.
    Submitted,
    Registered,
    /// An executor is assigned.
    Assigned,
    /// The result (or the refusal) is prepared, waiting for the head's signature.
    Prepared,
    /// Signed with the provider's certificate, waiting to be issued.
    Signed,
    /// In the applicant's cabinet (or handed over): the end.
    Issued,
}

/// What provider staff do to a request, in the order they do it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Register,
    Assign,
    Prepare,
    Sign,
    Issue,
}

/// Why an action may not be made now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransitionError {
    /// The request is not in the state this action follows (too early, or already done).
    OutOfOrder { state: RequestState, action: Action },
    /// This role does not make this action.
    WrongRole { action: Action, role: Role },
    /// Only the executor the head assigned prepares the result.
    NotTheExecutor,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Register,
        Action::Assign,
        Action::Prepare,
        Action::Sign,
        Action::Issue,
    ];

    /// Who makes it: the office registers and issues, the head assigns and signs, the
    /// executor prepares.
    pub fn role(self) -> Role {
        match self {
            Action::Register | Action::Issue => Role::ProviderOffice,
            Action::Assign | Action::Sign => Role::ProviderHead,
            Action::Prepare => Role::ProviderExecutor,
        }
    }

    /// The state it follows.
    pub fn from(self) -> RequestState {
        match self {
            Action::Register => RequestState::Submitted,
            Action::Assign => RequestState::Registered,
            Action::Prepare => RequestState::Assigned,
            Action::Sign => RequestState::Prepared,
            Action::Issue => RequestState::Signed,
        }
    }

    /// The state it leads to.
    pub fn to(self) -> RequestState {
        match self {
            Action::Register => RequestState::Registered,
            Action::Assign => RequestState::Assigned,
            Action::Prepare => RequestState::Prepared,
            Action::Sign => RequestState::Signed,
            Action::Issue => RequestState::Issued,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Action::Register => "register",
            Action::Assign => "assign",
            Action::Prepare => "prepare",
            Action::Sign => "sign",
            Action::Issue => "issue",
        }
    }
}

/// The step of the workflow a regulation's stage belongs to (`step` in `data/services/*.toml`),
/// so a request's status page can show when the stage happened: the moment of submission for
/// `Intake`, otherwise the moment the matching action was made. In workflow order; several
/// stages may belong to one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WorkflowStep {
    /// The documents are accepted (by a service centre worker, at the provider's office, or
    /// on the portal): the moment of submission, before the provider's office has the request.
    Intake,
    Register,
    Assign,
    Prepare,
    Sign,
    Issue,
}

impl WorkflowStep {
    pub const ALL: [WorkflowStep; 6] = [
        WorkflowStep::Intake,
        WorkflowStep::Register,
        WorkflowStep::Assign,
        WorkflowStep::Prepare,
        WorkflowStep::Sign,
        WorkflowStep::Issue,
    ];

    /// The provider's action that completes the step; `None` for intake (the request's
    /// submission, which no provider action records).
    pub fn action(self) -> Option<Action> {
        match self {
            WorkflowStep::Intake => None,
            WorkflowStep::Register => Some(Action::Register),
            WorkflowStep::Assign => Some(Action::Assign),
            WorkflowStep::Prepare => Some(Action::Prepare),
            WorkflowStep::Sign => Some(Action::Sign),
            WorkflowStep::Issue => Some(Action::Issue),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            WorkflowStep::Intake => "intake",
            WorkflowStep::Register => "register",
            WorkflowStep::Assign => "assign",
            WorkflowStep::Prepare => "prepare",
            WorkflowStep::Sign => "sign",
            WorkflowStep::Issue => "issue",
        }
    }
}

impl RequestState {
    pub const ALL: [RequestState; 6] = [
        RequestState::Submitted,
        RequestState::Registered,
        RequestState::Assigned,
        RequestState::Prepared,
        RequestState::Signed,
        RequestState::Issued,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RequestState::Submitted => "submitted",
            RequestState::Registered => "registered",
            RequestState::Assigned => "assigned",
            RequestState::Prepared => "prepared",
            RequestState::Signed => "signed",
            RequestState::Issued => "issued",
        }
    }

    /// The action that moves a request on from here; `None` once issued.
    pub fn next_action(self) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.from() == self)
    }
}

/// The state after `action`, made by someone with `role` on a request in `state`.
/// `assigned_to_them` says whether they are the request's assigned executor (it matters only
/// for preparing the result).
pub fn transition(
    state: RequestState,
    action: Action,
    role: Role,
    assigned_to_them: bool,
) -> Result<RequestState, TransitionError> {
    if role != action.role() {
        return Err(TransitionError::WrongRole { action, role });
    }
    if state != action.from() {
        return Err(TransitionError::OutOfOrder { state, action });
    }
    if action == Action::Prepare && !assigned_to_them {
        return Err(TransitionError::NotTheExecutor);
    }
    Ok(action.to())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [RequestState; 6] = [
        RequestState::Submitted,
        RequestState::Registered,
        RequestState::Assigned,
        RequestState::Prepared,
        RequestState::Signed,
        RequestState::Issued,
    ];

    #[test]
    fn a_request_goes_through_every_state_in_order() {
        let mut state = RequestState::Submitted;
        let mut seen = vec![state];
        while let Some(action) = state.next_action() {
            state = transition(state, action, action.role(), true).unwrap();
            seen.push(state);
        }
        assert_eq!(seen, ORDER);
        assert_eq!(RequestState::Issued.next_action(), None);
    }

    #[test]
    fn each_action_is_made_by_the_role_the_regulations_name() {
        let expected = [
            (Action::Register, Role::ProviderOffice),
            (Action::Assign, Role::ProviderHead),
            (Action::Prepare, Role::ProviderExecutor),
            (Action::Sign, Role::ProviderHead),
            (Action::Issue, Role::ProviderOffice),
        ];
        for (action, role) in expected {
            assert_eq!(action.role(), role, "{action:?}");
        }
    }

    #[test]
    fn every_action_in_any_other_state_is_refused_as_out_of_order() {
        for action in Action::ALL {
            for state in ORDER.into_iter().filter(|s| *s != action.from()) {
                assert_eq!(
                    transition(state, action, action.role(), true),
                    Err(TransitionError::OutOfOrder { state, action }),
                    "{action:?} from {state:?}"
                );
            }
        }
    }

    #[test]
    fn every_other_role_is_refused_even_at_the_right_moment() {
        for action in Action::ALL {
            for role in Role::ALL.into_iter().filter(|r| *r != action.role()) {
                assert_eq!(
                    transition(action.from(), action, role, true),
                    Err(TransitionError::WrongRole { action, role }),
                    "{action:?} by {role:?}"
                );
            }
        }
    }

    #[test]
    fn only_the_assigned_executor_prepares_the_result() {
        let prepare = |assigned| {
            transition(
                RequestState::Assigned,
                Action::Prepare,
                Role::ProviderExecutor,
                assigned,
            )
        };
        assert_eq!(prepare(false), Err(TransitionError::NotTheExecutor));
        assert_eq!(prepare(true), Ok(RequestState::Prepared));
        // The other actions do not depend on the assignment.
        assert_eq!(
            transition(
                RequestState::Prepared,
                Action::Sign,
                Role::ProviderHead,
                false
            ),
            Ok(RequestState::Signed)
        );
    }

    #[test]
    fn states_have_stable_names_in_order() {
        assert_eq!(RequestState::ALL, ORDER);
        for state in RequestState::ALL {
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.name())
            );
        }
    }

    #[test]
    fn states_and_actions_have_stable_names() {
        assert_eq!(
            serde_json::to_string(&RequestState::Submitted).unwrap(),
            "\"submitted\""
        );
        for action in Action::ALL {
            assert_eq!(
                serde_json::to_string(&action).unwrap(),
                format!("\"{}\"", action.name())
            );
        }
    }

    #[test]
    fn each_step_but_intake_is_completed_by_its_action() {
        assert_eq!(WorkflowStep::Intake.action(), None);
        let actions: Vec<Action> = WorkflowStep::ALL
            .into_iter()
            .filter_map(WorkflowStep::action)
            .collect();
        assert_eq!(actions, Action::ALL);
        for step in WorkflowStep::ALL.into_iter().skip(1) {
            assert_eq!(
                step.action().map(Action::name),
                Some(step.name()),
                "{step:?}"
            );
        }
    }

    #[test]
    fn steps_are_ordered_as_the_workflow_goes() {
        for pair in WorkflowStep::ALL.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
        // After intake, each step's action follows the state the step before it led to.
        for pair in WorkflowStep::ALL.windows(2).skip(1) {
            let (before, after) = (pair[0].action().unwrap(), pair[1].action().unwrap());
            assert_eq!(after.from(), before.to(), "{pair:?}");
        }
        assert_eq!(
            WorkflowStep::Register.action().unwrap().from(),
            RequestState::Submitted
        );
    }

    #[test]
    fn steps_have_stable_names() {
        for step in WorkflowStep::ALL {
            let json = format!("\"{}\"", step.name());
            assert_eq!(serde_json::to_string(&step).unwrap(), json);
            assert_eq!(serde_json::from_str::<WorkflowStep>(&json).unwrap(), step);
        }
        assert!(serde_json::from_str::<WorkflowStep>("\"Intake\"").is_err());
    }
}
