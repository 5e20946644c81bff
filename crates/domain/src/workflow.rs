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

impl RequestState {
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
}
