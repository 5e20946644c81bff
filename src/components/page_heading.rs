//! A page's `<h1>`: sets the document title, and takes focus after a client-side navigation so
//! keyboard and screen-reader users start at the new page.

use leptos::{html, prelude::*};

use crate::i18n::*;

/// How many client-side navigations happened (0 on the first load).
#[derive(Clone, Copy)]
pub struct Navigations(pub ReadSignal<u32>);

#[component]
pub fn PageHeading(
    /// The heading's text, reactive (it follows the language).
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<html::H1>::new();
    let navigations = use_context::<Navigations>().map(|n| n.0);

    Effect::new(move |_| {
        let title = format!("{} — {}", text.get(), t_string!(i18n, portal_name));
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
    Effect::new(move |_| {
        if navigations.is_some_and(|n| n.get() > 0) {
            if let Some(heading) = heading.get() {
                let _ = heading.focus();
            }
        }
    });

    // Some official names run to 200 characters: a smaller size keeps them readable on a phone.
    let class = move || {
        if text.with(|t| t.chars().count() > 80) {
            "page__title page__title--long"
        } else {
            "page__title"
        }
    };
    view! { <h1 class=class tabindex="-1" node_ref=heading>{move || text.get()}</h1> }
}
