//! Any URL the router does not know: a translated "page not found" and a way back.

use leptos::prelude::*;

use crate::{components::page_heading::PageHeading, i18n::*};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, not_found_title).to_string())/>
        <p class="lead">{t!(i18n, not_found_body)}</p>
        <p><a href="/" class="button">{t!(i18n, back_to_catalogue)}</a></p>
    }
}
