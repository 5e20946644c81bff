//! `/cabinet`: the signed-in person's profile, from the persons database, and the sections
//! later work fills (applications, results, queue bookings) with what to do next.

use leptos::prelude::*;
use qyzmet_domain::{Role, SessionInfo};

use crate::{components::page_heading::PageHeading, format, i18n::*, session::use_auth};

#[component]
pub fn CabinetPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, cabinet_title).to_string())/>
        <RequireSignIn children=move |info| view! { <Cabinet info/> }/>
    }
}

/// Renders `children` with the session once it is known; sends a signed-out person to sign in
/// (and back here afterwards).
#[component]
pub fn RequireSignIn<V: IntoView + 'static>(
    children: impl Fn(SessionInfo) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let auth = use_auth();
    Effect::new(move |_| {
        if auth.checked.get() && auth.session.with(Option::is_none) {
            crate::session::go_sign_in(false);
        }
    });
    move || auth.session.get().map(&children)
}

#[component]
fn Cabinet(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let role = info.role;
    let person = info.person;
    let birth = person.birth_date.clone();
    let address = person.address.clone();
    view! {
        <section class="section" aria-labelledby="profile-title">
            <h2 id="profile-title">{t!(i18n, profile)}</h2>
            <dl class="summary">
                <div class="summary__row">
                    <dt>{t!(i18n, full_name)}</dt>
                    <dd>{person.full_name()}</dd>
                </div>
                <div class="summary__row">
                    <dt>{t!(i18n, iin)}</dt>
                    <dd>{person.iin.to_string()}</dd>
                </div>
                <div class="summary__row">
                    <dt>{t!(i18n, birth_date)}</dt>
                    <dd>{move || format::date(i18n, &birth)}</dd>
                </div>
                <div class="summary__row">
                    <dt>{t!(i18n, address)}</dt>
                    <dd>{move || lang().pick(&address.kk, &address.ru).to_owned()}</dd>
                </div>
                <div class="summary__row">
                    <dt>{t!(i18n, role)}</dt>
                    <dd><RoleName role/></dd>
                </div>
            </dl>
            <p class="source">{t!(i18n, profile_source)}</p>
        </section>
        {match role {
            Role::Citizen => view! { <CitizenSections/> }.into_any(),
            Role::Administrator => view! {
                <p><a class="button" href="/admin/accounts">{t!(i18n, accounts_link)}</a></p>
            }.into_any(),
            _ => view! { <p>{t!(i18n, staff_note)}</p> }.into_any(),
        }}
    }
}

#[component]
fn CitizenSections() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section" aria-labelledby="applications-title">
            <h2 id="applications-title">{t!(i18n, my_applications)}</h2>
            <p class="empty-state">{t!(i18n, my_applications_empty)}</p>
            <p><a class="button" href="/">{t!(i18n, go_to_catalogue)}</a></p>
        </section>
        <section class="section" aria-labelledby="results-title">
            <h2 id="results-title">{t!(i18n, my_results)}</h2>
            <p class="empty-state">{t!(i18n, my_results_empty)}</p>
        </section>
        <section class="section" aria-labelledby="bookings-title">
            <h2 id="bookings-title">{t!(i18n, my_bookings)}</h2>
            <p class="empty-state">{t!(i18n, my_bookings_empty)}</p>
        </section>
    }
}

#[component]
pub fn RoleName(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    move || match role {
        Role::Citizen => t_string!(i18n, roles.citizen),
        Role::Operator => t_string!(i18n, roles.operator),
        Role::ProviderOffice => t_string!(i18n, roles.provider_office),
        Role::ProviderHead => t_string!(i18n, roles.provider_head),
        Role::ProviderExecutor => t_string!(i18n, roles.provider_executor),
        Role::Administrator => t_string!(i18n, roles.administrator),
    }
}
