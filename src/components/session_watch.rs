//! Warns before the session ends (WCAG 2.2.1: a way to extend it with one action), and when it
//! has ended sends the person to sign in, returning them here afterwards. The end is what the
//! adapter said on its last answer, so any request moves it.

use std::time::Duration;

use leptos::{html, prelude::*};
use qyzmet_domain::Role;

use crate::{
    api, format,
    i18n::*,
    session::{go_sign_in, use_auth},
};

#[component]
pub fn SessionWatch() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let dialog = NodeRef::<html::Dialog>::new();
    // Seconds left, refreshed every second.
    let left = RwSignal::new(None::<f64>);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let now = js_sys::Date::now();
            left.set(api::session_ends_at().map(|at| (at - now) / 1000.0));
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let warn_before = move || {
        auth.session
            .with(|s| s.as_ref().map(|s| f64::from(s.warn_before)))
    };
    let warning = Memo::new(
        move |_| matches!((left.get(), warn_before()), (Some(left), Some(warn)) if left > 0.0 && left <= warn),
    );

    Effect::new(move |_| {
        let Some(seconds) = left.get() else { return };
        if seconds <= 0.0 && auth.session.with_untracked(Option::is_some) {
            close(dialog);
            let kiosk = auth
                .session
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.role == Role::Operator));
            if kiosk {
                // The next person at the desk finds no trace of the last citizen: nothing
                // typed, no draft, and no way back to their request.
                crate::components::header::forget_everything();
                crate::router::navigate("/sign-in?why=expired", true);
            } else {
                // Leave first, so the page does not see itself signed out and ask on its own.
                go_sign_in(true);
            }
            auth.signed_out();
        }
    });
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if warning.get() && !dialog.open() {
                let _ = dialog.show_modal();
            } else if !warning.get() && dialog.open() {
                dialog.close();
            }
        }
    });

    let stay = move || {
        leptos::task::spawn_local(async move {
            match api::refresh_session().await {
                Ok(info) => auth.signed_in(info),
                Err(api::ApiFailure::SignInRequired) => {
                    go_sign_in(true);
                    auth.signed_out();
                }
                Err(_) => {}
            }
        });
        close(dialog);
    };
    let ends_at = move || {
        api::session_ends_at()
            .map(|at| format::moment_ms(i18n, at))
            .unwrap_or_default()
    };
    view! {
        <dialog class="session-dialog" node_ref=dialog
            aria-labelledby="session-dialog-title" aria-describedby="session-dialog-body"
            // Escape closes the dialog: read as "stay signed in", as the button says.
            on:cancel=move |_: web_sys::Event| stay()>
            <h2 id="session-dialog-title" class="session-dialog__title">{t!(i18n, session_warning_title)}</h2>
            <p id="session-dialog-body">
                {move || warning.get().then(|| t_string!(i18n, session_warning_body, time = ends_at()).to_string())}
            </p>
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| stay()>{t!(i18n, stay_signed_in)}</button>
                <button type="button" class="button button--secondary" on:click=move |_| {
                    close(dialog);
                    crate::components::header::sign_out(auth);
                }>{t!(i18n, nav_sign_out)}</button>
            </div>
        </dialog>
    }
}

fn close(dialog: NodeRef<html::Dialog>) {
    if let Some(dialog) = dialog.get_untracked() {
        if dialog.open() {
            dialog.close();
        }
    }
}
