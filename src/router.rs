//! A small client-side router. The portal has three kinds of page, so this replaces
//! leptos_router (and the `url` crate it brings) with what we use: the path and query as
//! signals, links intercepted on the document, history push/replace, and back/forward.
//! It saves about a fifth of the app's first download (README, "First load").

use leptos::{ev, prelude::*};
use wasm_bindgen::{JsCast, JsValue};

pub use qyzmet_domain::Route;

/// The current location, as signals.
#[derive(Clone, Copy)]
pub struct Location {
    pub path: ReadSignal<String>,
    /// The query string without its `?`.
    pub query: ReadSignal<String>,
    set_path: WriteSignal<String>,
    set_query: WriteSignal<String>,
}

impl Location {
    /// One query parameter, decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        web_sys::UrlSearchParams::new_with_str(&self.query.get())
            .ok()?
            .get(name)
    }

    fn sync_from_window(&self) {
        let location = window().location();
        self.set_path
            .set(location.pathname().unwrap_or_else(|_| "/".into()));
        self.set_query.set(
            location
                .search()
                .unwrap_or_default()
                .trim_start_matches('?')
                .to_owned(),
        );
    }
}

/// Creates the location signals and listens for link clicks and back/forward.
pub fn provide_location() -> Location {
    let (path, set_path) = signal(String::new());
    let (query, set_query) = signal(String::new());
    let location = Location {
        path,
        query,
        set_path,
        set_query,
    };
    location.sync_from_window();
    provide_context(location);
    CURRENT.with(|current| current.set(Some(location)));

    let on_popstate = window_event_listener(ev::popstate, move |_| location.sync_from_window());
    let on_click = window_event_listener(ev::click, move |ev| intercept_link(&ev, location));
    on_cleanup(move || {
        on_popstate.remove();
        on_click.remove();
    });
    location
}

thread_local! {
    /// The app's one location, for code that runs outside the component tree (after an
    /// `await` in a task there is no reactive owner to find a context in).
    static CURRENT: std::cell::Cell<Option<Location>> = const { std::cell::Cell::new(None) };
}

pub fn use_location() -> Location {
    use_context::<Location>()
        .or_else(|| CURRENT.with(|current| current.get()))
        .expect("provide_location runs first")
}

/// Goes to `to` (a path with an optional query) without reloading. `replace` rewrites the
/// current history entry (used while typing a search).
pub fn navigate(to: &str, replace: bool) {
    let location = use_location();
    go(to, replace, location);
}

fn go(to: &str, replace: bool, location: Location) {
    let history = window().history().expect("the History API");
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(to))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(to))
    };
    let old_path = location.path.get_untracked();
    location.sync_from_window();
    if !replace && location.path.get_untracked() != old_path {
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A click on a link to a page of ours becomes a client-side navigation; everything else
/// (new tab, download, other sites, modified clicks) is left to the browser.
fn intercept_link(ev: &ev::MouseEvent, location: Location) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(anchor) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
    else {
        return;
    };
    if anchor.has_attribute("download")
        || anchor.get_attribute("target").is_some_and(|t| t != "_self")
    {
        return;
    }
    let href = anchor.get_attribute("href").unwrap_or_default();
    // Only absolute paths of this origin; "#…" fragments stay with the browser.
    if !href.starts_with('/') || href.starts_with("//") || href.starts_with("/api/") {
        return;
    }
    ev.prevent_default();
    go(&href, false, location);
}
