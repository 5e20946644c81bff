//! `/branches` and `/branches/{id}`: the service centres (001 app. 2) with their hours, and one
//! centre's days ahead: open with its hours and the electronic queue's places left, or closed
//! and why (a weekend, a holiday by name, a transferred day off, the centre's own day).

use leptos::prelude::*;
use qyzmet_domain::{
    Text,
    booking::{BranchCalendar, BranchDay, BranchHours, Closure, QueueBranch, TimeRange},
};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
};

fn range(r: &TimeRange) -> String {
    format!("{}–{}", r.from, r.to)
}

/// The week's hours as rows of a summary list.
#[component]
fn Hours(hours: BranchHours) -> impl IntoView {
    let i18n = use_i18n();
    let lunch = hours.lunch.as_ref().map(range);
    let saturday = hours.saturday.as_ref().map(range);
    view! {
        <div class="summary__row"><dt>{t!(i18n, branch_weekdays)}</dt><dd>{range(&hours.weekdays)}</dd></div>
        {lunch.map(|l| view! {
            <div class="summary__row"><dt>{t!(i18n, branch_lunch)}</dt><dd>{l}</dd></div>
        })}
        <div class="summary__row"><dt>{t!(i18n, branch_saturday)}</dt>
            <dd>{match saturday {
                Some(s) => s.into_any(),
                None => t!(i18n, branch_closed_day).into_any(),
            }}</dd></div>
    }
}

/// A centre's address and phone as rows of a summary list.
#[component]
fn Contacts(address: StoredValue<Text>, phone: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    view! {
        <div class="summary__row"><dt>{t!(i18n, branch_address)}</dt>
            <dd>{move || address.with_value(|a| a.get(lang()).to_owned())}</dd></div>
        <div class="summary__row"><dt>{t!(i18n, branch_phone)}</dt><dd>{phone}</dd></div>
    }
}

#[component]
pub fn BranchesPage() -> impl IntoView {
    let i18n = use_i18n();
    let branches = api::load(api::queue_branches);
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, branches_title).to_string())/>
        <p class="lead">{t!(i18n, branches_lead)}</p>
        {move || match branches.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(failure)) => view! { <ErrorPanel failure on_retry=branches.reload/> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="plain-list branch-list">
                    {list.branches.into_iter().map(|b| view! { <BranchCard branch=b/> }).collect_view()}
                </ul>
                <p class="source">{t!(i18n, branches_source)}</p>
            }
            .into_any(),
        }}
    }
}

#[component]
fn BranchCard(branch: QueueBranch) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let QueueBranch { branch, hours } = branch;
    let href = format!("/branches/{}", branch.id);
    let (name, address) = (
        StoredValue::new(branch.name),
        StoredValue::new(branch.address),
    );
    view! {
        <li class="card">
            <h2 class="card__title"><a href=href>{move || name.with_value(|n| n.get(lang()).to_owned())}</a></h2>
            <dl class="summary summary--compact">
                <Contacts address phone=branch.phone/>
                <Hours hours/>
            </dl>
        </li>
    }
}

#[component]
pub fn BranchPage(
    /// The branch id from the URL.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = api::load(move || api::queue_branch(id.clone()));
    move || {
        match page.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(ApiFailure::NotFound)) => view! {
            <PageHeading text=Signal::derive(move || t_string!(i18n, branch_not_found).to_string())/>
            <p><a href="/branches" class="button">{t!(i18n, branches_back)}</a></p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <PageHeading text=Signal::derive(move || t_string!(i18n, error_title).to_string())/>
            <ErrorPanel failure on_retry=page.reload without_title=true/>
        }
        .into_any(),
        Some(Ok(calendar)) => view! { <BranchDetails calendar/> }.into_any(),
    }
    }
}

#[component]
fn BranchDetails(calendar: BranchCalendar) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let BranchCalendar {
        branch,
        hours,
        days,
    } = calendar;
    let book = format!("/queue/book?branch={}", branch.id);
    let (name, address) = (
        StoredValue::new(branch.name),
        StoredValue::new(branch.address),
    );
    view! {
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs)>
            <ol class="breadcrumbs__list">
                <li><a href="/">{t!(i18n, home)}</a></li>
                <li><a href="/branches">{t!(i18n, branches_title)}</a></li>
            </ol>
        </nav>
        <PageHeading text=Signal::derive(move || name.with_value(|n| n.get(lang()).to_owned()))/>
        <dl class="summary">
            <Contacts address phone=branch.phone/>
            <Hours hours/>
        </dl>
        <p><a class="button" href=book>{t!(i18n, queue_book_here)}</a></p>
        <h2 id="days-title">{t!(i18n, branch_days_title)}</h2>
        <div class="table-wrap">
            <table class="table" aria-labelledby="days-title">
                <caption>{t!(i18n, branch_days_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, branch_day_col)}</th>
                    <th scope="col">{t!(i18n, branch_hours_col)}</th>
                    <th scope="col">{t!(i18n, branch_free_col)}</th>
                </tr></thead>
                <tbody>{days.into_iter().map(|day| view! { <DayRow day/> }).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn DayRow(day: BranchDay) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let date = day.date.clone();
    let closed = day.closed;
    let holiday = StoredValue::new(day.holiday);
    let hours = day.hours.as_ref().map(|h| {
        let lunch = day.lunch.as_ref().map(range);
        (range(h), lunch)
    });
    let state = move || match (closed, &hours) {
        (Some(reason), _) => {
            let why = match reason {
                Closure::Weekend => t_string!(i18n, closure.weekend),
                Closure::Holiday => t_string!(i18n, closure.holiday),
                Closure::DayOff => t_string!(i18n, closure.day_off),
                Closure::BranchDayOff => t_string!(i18n, closure.branch_day_off),
            };
            let name = holiday.with_value(|h| h.as_ref().map(|h| h.get(lang()).to_owned()));
            match name {
                Some(name) => format!("{why}: {name}"),
                None => why.to_owned(),
            }
        }
        (None, Some((open, Some(lunch)))) => t_string!(
            i18n,
            branch_open_with_lunch,
            hours = open.clone(),
            lunch = lunch.clone()
        )
        .to_string(),
        (None, Some((open, None))) => open.clone(),
        (None, None) => String::new(),
    };
    let free = (closed.is_none()).then_some(day.free);
    view! {
        <tr class=if closed.is_some() { "table__row--closed" } else { "" }>
            <th scope="row">{move || format::date(i18n, &date)}</th>
            <td>{state}</td>
            <td>{free.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
