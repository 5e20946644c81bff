//! What a failed request shows: a translated message and a way to try again, never a blank page.

use leptos::prelude::*;

use crate::{api::ApiFailure, i18n::*};

#[component]
pub fn ErrorPanel(
    /// Why the request failed.
    failure: ApiFailure,
    /// Sends the request again.
    on_retry: Callback<()>,
    /// The page's own heading already says what failed.
    #[prop(optional)]
    without_title: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-panel" role="alert">
            {(!without_title).then(|| view! { <h2 class="error-panel__title">{t!(i18n, error_title)}</h2> })}
            <p>
                {move || match failure {
                    ApiFailure::Network => t_string!(i18n, error_network),
                    _ => t_string!(i18n, error_server),
                }}
            </p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {t!(i18n, retry)}
            </button>
        </div>
    }
}

/// A failed action's one announced line under what was pressed: offline, or our side failed
/// (nothing typed is lost; pressing again retries).
#[component]
pub fn FailureLine(#[prop(into)] failure: Signal<Option<ApiFailure>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure.get().map(|f| {
            view! {
                <p class="field__error" role="alert">{match f {
                    ApiFailure::Network => t_string!(i18n, error_network),
                    _ => t_string!(i18n, error_server),
                }}</p>
            }
        })
    }
}

/// A polite, announced "loading" line.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{t!(i18n, loading)}</p> }
}

/// The page is not for this account's role: a translated "not allowed" (the adapter said 403).
#[component]
pub fn NotAllowed() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <crate::components::page_heading::PageHeading
            text=Signal::derive(move || t_string!(i18n, not_allowed_title).to_string())/>
        <p class="lead">{t!(i18n, not_allowed_body)}</p>
        <p><a href="/cabinet" class="button">{t!(i18n, nav_cabinet)}</a></p>
    }
}
