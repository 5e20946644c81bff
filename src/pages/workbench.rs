//! `/workbench`: provider staff's list of their provider's requests, the step each waits for
//! due first (the overdue lead), with a filter by state and pages of 20.

mod case;

use leptos::prelude::*;
use qyzmet_domain::{Role, tracking::WorkbenchPage, workflow::RequestState};

pub use self::case::CasePage;
use crate::{
    api,
    components::{
        error_panel::{ErrorPanel, Loading, NotAllowed},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::{application::status::StateName, cabinet::RequireSignIn},
    session::handle_sign_in_required,
};

/// Whether a role works at a provider.
pub fn is_staff(role: Role) -> bool {
    matches!(
        role,
        Role::ProviderOffice | Role::ProviderHead | Role::ProviderExecutor
    )
}

#[component]
pub fn WorkbenchListPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <RequireSignIn children=move |info| {
            if is_staff(info.role) {
                view! {
                    <PageHeading text=Signal::derive(move || t_string!(i18n, workbench_title).to_string())/>
                    <Workbench/>
                }.into_any()
            } else {
                view! { <NotAllowed/> }.into_any()
            }
        }/>
    }
}

#[component]
fn Workbench() -> impl IntoView {
    let i18n = use_i18n();
    let filter = RwSignal::new("open".to_owned());
    let page = RwSignal::new(1u32);
    let loaded = api::load(move || api::get_workbench(filter.get(), page.get()));
    let services = api::load(api::list_services);
    let choose = move |ev: leptos::ev::Event| {
        filter.set(event_target_value(&ev));
        page.set(1);
    };
    let option = move |value: &'static str, state: Option<RequestState>| {
        view! {
            <option value=value selected=move || filter.get() == value>
                {match state {
                    Some(state) => view! { <StateName state/> }.into_any(),
                    None => t!(i18n, workbench_open).into_any(),
                }}
            </option>
        }
    };
    view! {
        <div class="field">
            <label class="field__label" for="workbench-filter">{t!(i18n, workbench_filter)}</label>
            <select id="workbench-filter" class="field__input field__input--select" on:change=choose>
                {option("open", None)}
                {RequestState::ALL.into_iter().map(|s| option(s.name(), Some(s))).collect_view()}
            </select>
        </div>
        {move || match loaded.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(failure)) => {
                handle_sign_in_required(&failure);
                view! { <ErrorPanel failure on_retry=loaded.reload/> }.into_any()
            }
            Some(Ok(list)) => view! { <WorkbenchTable list page services=services.state/> }.into_any(),
        }}
    }
}

#[component]
fn WorkbenchTable(
    list: WorkbenchPage,
    page: RwSignal<u32>,
    services: ReadSignal<Option<Result<qyzmet_domain::ServiceList, api::ApiFailure>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let provider = list.provider.name.clone();
    let pages = list.total.div_ceil(list.per_page).max(1);
    let current = list.page;
    let total = list.total;
    let service_name = move |id: String| {
        move || {
            services.with(|s| {
                s.as_ref()
                    .and_then(|s| s.as_ref().ok())
                    .and_then(|s| s.services.iter().find(|x| x.id == id))
                    .map_or_else(|| id.clone(), |x| x.name.get(lang()).to_owned())
            })
        }
    };
    let body = if list.items.is_empty() {
        view! { <p class="empty-state">{t!(i18n, workbench_empty)}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="workbench-caption">
                <table class="table">
                    <caption id="workbench-caption">
                        {move || t_string!(i18n, workbench_caption, total = total).to_string()}
                    </caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, receipt_number)}</th>
                        <th scope="col">{t!(i18n, sign_service)}</th>
                        <th scope="col">{t!(i18n, workbench_state)}</th>
                        <th scope="col">{t!(i18n, workbench_step_due)}</th>
                        <th scope="col">{t!(i18n, receipt_applicant)}</th>
                        <th scope="col">{t!(i18n, workbench_executor)}</th>
                    </tr></thead>
                    <tbody>
                        {list.items.into_iter().map(|item| {
                            let due = item.step_due.clone();
                            view! {
                                <tr class=item.overdue.then_some("table__row--late")>
                                    <td><a href=format!("/workbench/{}", item.application)>{item.number.clone()}</a></td>
                                    <td>{service_name(item.service.clone())}</td>
                                    <td><StateName state=item.state/></td>
                                    <td>
                                        {due.map(|due| view! { {move || format::kazakhstan_date_time(i18n, &due)} })}
                                        {item.overdue.then(|| view! { " " <span class="tag tag--late">{t!(i18n, status_overdue)}</span> })}
                                    </td>
                                    <td>{item.applicant.clone()}</td>
                                    <td>{item.executor.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <p class="caption"><crate::components::citation::Localized text=provider/></p>
        {body}
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=move || t_string!(i18n, workbench_pages)>
                <button type="button" class="button button--secondary" disabled=current <= 1
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{t!(i18n, workbench_previous)}</button>
                <span>{move || t_string!(i18n, workbench_page_of, page = current, pages = pages).to_string()}</span>
                <button type="button" class="button button--secondary" disabled=current >= pages
                    on:click=move |_| page.update(|p| *p += 1)>{t!(i18n, workbench_next)}</button>
            </nav>
        })}
    }
}
