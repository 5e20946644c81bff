//! Qyzmet's single-page app: mounts the root component; everything else lives in `app`.

mod api;
mod app;
mod components;
mod drafts;
mod format;
mod i18n;
mod ncalayer;
mod pages;
mod router;
mod session;
mod signing;
mod uploads;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
