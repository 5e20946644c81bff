//! Who is signed in, as the whole app sees it: loaded from the adapter once at start, set on
//! sign-in and sign-out. The session's end is tracked in `api` from each answer's header.

use leptos::prelude::*;
use qyzmet_domain::SessionInfo;

use crate::{
    api::{self, ApiFailure},
    router::{navigate, use_location},
};

#[derive(Clone, Copy)]
pub struct Auth {
    /// `None` while the first check is under way.
    pub checked: RwSignal<bool>,
    pub session: RwSignal<Option<SessionInfo>>,
}

impl Auth {
    pub fn signed_in(&self, info: SessionInfo) {
        api::set_session_ends_in(Some(info.expires_in));
        self.session.set(Some(info));
        self.checked.set(true);
    }

    pub fn signed_out(&self) {
        api::set_session_ends_in(None);
        self.session.set(None);
        self.checked.set(true);
    }
}

/// Creates the context and asks the adapter who this is.
pub fn provide_auth() -> Auth {
    let auth = Auth {
        checked: RwSignal::new(false),
        session: RwSignal::new(None),
    };
    provide_context(auth);
    CURRENT.with(|current| current.set(Some(auth)));
    leptos::task::spawn_local(async move {
        match api::current_session().await {
            Ok(Some(info)) => auth.signed_in(info),
            // Offline at start: treated as signed out; a page that needs the session asks again.
            Ok(None) | Err(_) => auth.signed_out(),
        }
    });
    auth
}

thread_local! {
    /// For code that runs after an `await`, outside the component tree.
    static CURRENT: std::cell::Cell<Option<Auth>> = const { std::cell::Cell::new(None) };
}

pub fn use_auth() -> Auth {
    use_context::<Auth>()
        .or_else(|| CURRENT.with(|current| current.get()))
        .expect("provide_auth runs first")
}

/// The current page's path and query, to come back to after signing in.
pub fn here() -> String {
    let location = use_location();
    let query = location.query.get_untracked();
    let path = location.path.get_untracked();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Sends the person to sign in, to come back here afterwards. `expired`: the page says the
/// session ended (rather than that the page needs one).
pub fn go_sign_in(expired: bool) {
    // Already there (two parts of the page may notice the same end).
    if use_location().path.get_untracked() == "/sign-in" {
        return;
    }
    let back = js_sys::encode_uri_component(&here());
    let why = if expired { "expired" } else { "needed" };
    navigate(&format!("/sign-in?return={back}&why={why}"), true);
}

/// Where to go after signing in: the `return` parameter if it is a page of ours.
pub fn return_path() -> String {
    use_location()
        .param("return")
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/sign-in"))
        .unwrap_or_else(|| "/cabinet".into())
}

/// What a page that needs an account does with a failed request: an ended session sends the
/// person to sign in (and back); anything else is for the page to show.
pub fn handle_sign_in_required(failure: &ApiFailure) {
    if *failure == ApiFailure::SignInRequired {
        go_sign_in(true);
        use_auth().signed_out();
    }
}
