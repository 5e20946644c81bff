//! `/cabinet`: the signed-in person's profile, from the persons database, and the sections
//! later work fills (applications, results, queue bookings) with what to do next.

use leptos::prelude::*;
use qyzmet_domain::{
    ApplicationSummary, Person, Progress, Role, SessionInfo,
    booking::{Booking, BookingState, Bookings},
    workflow::RequestState,
};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::{application::status::StateName, certificates::Certificates, queue::BookingStateTag},
    session::{handle_sign_in_required, use_auth},
};

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
    // Re-render only when the person changes, not when the session is merely extended.
    let who = Memo::new(move |_| {
        auth.session
            .with(|s| s.as_ref().map(|s| (s.person.iin.clone(), s.role)))
    });
    move || {
        // Read, not `track()`: a memo never read is never computed, so it would never change.
        who.with(|_| ());
        auth.session.get_untracked().map(&children)
    }
}

#[component]
fn Cabinet(info: SessionInfo) -> impl IntoView {
    let i18n = use_i18n();
    let role = info.role;
    let person = info.person;
    view! {
        <section class="section" aria-labelledby="profile-title">
            <h2 id="profile-title">{t!(i18n, profile)}</h2>
            <dl class="summary">
                <PersonRows person/>
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
            Role::ProviderOffice | Role::ProviderHead | Role::ProviderExecutor => view! {
                <p><a class="button" href="/workbench">{t!(i18n, workbench_title)}</a></p>
            }.into_any(),
            Role::Operator => view! {
                <div class="button-group">
                    <a class="button" href="/centre">{t!(i18n, centre_title)}</a>
                    <a class="button button--secondary" href="/centre/results">{t!(i18n, centre_results_title)}</a>
                    <a class="button button--secondary" href="/centre/queue">{t!(i18n, queue_calls_title)}</a>
                </div>
                <section class="section" aria-labelledby="applications-title">
                    <h2 id="applications-title" tabindex="-1">{t!(i18n, centre_drafts)}</h2>
                    <MyApplications/>
                </section>
                <Certificates/>
            }.into_any(),
        }}
    }
}

#[component]
fn CitizenSections() -> impl IntoView {
    let i18n = use_i18n();
    let bookings = api::load(api::list_bookings);
    view! {
        <BookingReminder bookings/>
        <section class="section" aria-labelledby="applications-title">
            <h2 id="applications-title" tabindex="-1">{t!(i18n, my_applications)}</h2>
            <MyApplications/>
            <p><a class="button button--secondary" href="/">{t!(i18n, go_to_catalogue)}</a></p>
        </section>
        <Certificates/>
        <section class="section" aria-labelledby="results-title">
            <h2 id="results-title">{t!(i18n, my_results)}</h2>
            <MyResults/>
        </section>
        <section class="section" aria-labelledby="bookings-title">
            <h2 id="bookings-title">{t!(i18n, my_bookings)}</h2>
            <MyBookings bookings/>
            <p><a class="button button--secondary" href="/queue/book">{t!(i18n, queue_book_title)}</a></p>
        </section>
    }
}

/// On the day of a visit still ahead: where and when, at the top of the cabinet.
#[component]
fn BookingReminder(bookings: api::Loaded<Bookings>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let today = crate::drafts::today();
    let today = format!("{:04}-{:02}-{:02}", today.year, today.month, today.day);
    move || {
        let Some(Ok(list)) = bookings.state.get() else {
            return None;
        };
        let due: Vec<Booking> = list
            .bookings
            .into_iter()
            .filter(|b| b.state == BookingState::Booked && b.start.starts_with(&today))
            .collect();
        (!due.is_empty()).then(|| view! {
            <div class="notice notice--reminder" role="status">
                <h2 class="notice__title">{t!(i18n, queue_reminder_title)}</h2>
                {due.into_iter().map(|b| {
                    let time = format::local_day_and_time(&b.start).1.to_owned();
                    let href = format!("/queue/bookings/{}", b.id);
                    let name = b.branch.name.clone();
                    let code = b.code.clone();
                    view! {
                        <p><a href=href>{move || t_string!(i18n, queue_reminder, time = time.clone(),
                            branch = name.get(lang()).to_owned(), code = code.clone()).to_string()}</a></p>
                    }
                }).collect_view()}
            </div>
        })
    }
}

/// The citizen's bookings: ahead soonest first, then past ones; each opens its ticket.
#[component]
fn MyBookings(bookings: api::Loaded<Bookings>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    move || {
        match bookings.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(failure)) => view! { <ErrorPanel failure on_retry=bookings.reload/> }.into_any(),
        Some(Ok(list)) if list.bookings.is_empty() => {
            view! { <p class="empty-state">{t!(i18n, my_bookings_empty)}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="applications">
                {list.bookings.into_iter().map(|b| {
                    let href = format!("/queue/bookings/{}", b.id);
                    let name = b.branch.name.clone();
                    let (start, end) = (b.start.clone(), b.end.clone());
                    let code = b.code.clone();
                    view! {
                        <li class="application">
                            <h3 class="application__title"><a href=href>{move || name.get(lang()).to_owned()}</a></h3>
                            <p class="application__meta">
                                <BookingStateTag state=b.state/> " "
                                {move || crate::pages::queue::visit_when(i18n, &start, &end)} ", "
                                {move || t_string!(i18n, queue_code_is, code = code.clone()).to_string()}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    }
}

/// Issued results: each links to its request's status page, where the result is.
#[component]
fn MyResults() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = api::load(api::list_applications);
    move || match loaded.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(_)) => {
            view! { <p class="empty-state">{t!(i18n, my_results_empty)}</p> }.into_any()
        }
        Some(Ok(list)) => {
            let issued: Vec<ApplicationSummary> = list
                .applications
                .into_iter()
                .filter(|a| a.state == Some(RequestState::Issued))
                .collect();
            if issued.is_empty() {
                return view! { <p class="empty-state">{t!(i18n, my_results_empty)}</p> }
                    .into_any();
            }
            view! {
                <ul class="plain-list">
                    {issued.into_iter().map(|a| {
                        let number = a.number.clone().unwrap_or_default();
                        view! {
                            <li><a href=format!("/applications/{}/status", a.id)>
                                {move || t_string!(i18n, result_of_request, number = number.clone()).to_string()}
                            </a></li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

/// The citizen's requests: service, last change, how far along; a draft can be continued or
/// deleted (after a confirmation in place).
#[component]
fn MyApplications() -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let loaded = api::load(|| async {
        let list = api::list_applications().await?;
        let services = api::list_services().await?;
        Ok((list, services))
    });
    let deleted = RwSignal::new(Vec::<String>::new());
    move || match loaded.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(failure)) => {
            handle_sign_in_required(&failure);
            view! { <ErrorPanel failure on_retry=loaded.reload/> }.into_any()
        }
        Some(Ok((list, services))) => {
            let rows: Vec<_> = list
                .applications
                .into_iter()
                .filter(|a| !deleted.with(|d| d.contains(&a.id)))
                .collect();
            if rows.is_empty() {
                return view! {
                    {move || (!deleted.with(Vec::is_empty)).then(|| view! { <p class="notice notice--done" role="status">{t!(i18n, draft_deleted)}</p> })}
                    <p class="empty-state">{t!(i18n, my_applications_empty)}</p>
                }
                .into_any();
            }
            let services = StoredValue::new(services.services);
            view! {
                {move || (!deleted.with(Vec::is_empty)).then(|| view! { <p class="notice notice--done" role="status">{t!(i18n, draft_deleted)}</p> })}
                <ul class="applications">
                    {rows.into_iter().map(|a| {
                        let name = services.with_value(|all| all.iter().find(|s| s.id == a.service).map(|s| s.name.clone()));
                        let service = a.service.clone();
                        let name = move || name.as_ref().map(|n| n.get(lang()).to_owned()).unwrap_or_else(|| service.clone());
                        view! { <ApplicationRow summary=a name=Signal::derive(name) deleted/> }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}

#[component]
fn ApplicationRow(
    summary: ApplicationSummary,
    name: Signal<String>,
    deleted: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let id = StoredValue::new(summary.id.clone());
    let when = summary.updated_at.clone();
    let Progress { done, total } = summary.progress;
    if let Some(number) = summary.number.clone() {
        return view! {
            <SubmittedRow id=summary.id.clone() number name when state=summary.state unread=summary.unread/>
        }
        .into_any();
    }
    let delete = move |_| {
        leptos::task::spawn_local(async move {
            let id = id.get_value();
            match api::delete_application(&id).await {
                Ok(()) | Err(ApiFailure::NotFound) => {
                    crate::drafts::forget(&id);
                    deleted.update(|d| d.push(id));
                    crate::components::question::focus_by_id("applications-title");
                }
                Err(error) => {
                    handle_sign_in_required(&error);
                    failure.try_set(Some(error));
                }
            }
        });
    };
    view! {
        <li class="application">
            <h3 class="application__title">
                <a href=format!("/applications/{}", summary.id)>{move || name.get()}</a>
            </h3>
            <p class="application__meta">
                <span class="tag">{t!(i18n, draft)}</span> " "
                {move || { let when = format::moment(i18n, &when); t_string!(i18n, last_change, when = when).to_string() }}
            </p>
            <p class="application__progress">
                {move || t_string!(i18n, sections_done, done = done, total = total).to_string()}
                <progress max=total value=done aria-hidden="true"></progress>
            </p>
            {move || failure.get().map(|_| view! { <p class="field__error" role="alert">{t!(i18n, error_server)}</p> })}
            {move || if confirming.get() {
                view! {
                    <div class="confirm" role="group" aria-label=move || t_string!(i18n, delete_confirm)>
                        <p>{t!(i18n, delete_confirm)}</p>
                        <button type="button" class="button button--warning" on:click=delete>{t!(i18n, delete_yes)}</button>
                        " "
                        <button type="button" class="button button--secondary" on:click=move |_| confirming.set(false)>{t!(i18n, cancel)}</button>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p class="application__actions">
                        <a class="button" href=format!("/applications/{}", id.get_value())>{t!(i18n, continue_draft)}</a>
                        " "
                        <button type="button" class="button button--secondary" on:click=move |_| confirming.set(true)>
                            {t!(i18n, delete)}<span class="visually-hidden">" " {move || name.get()}</span>
                        </button>
                    </p>
                }.into_any()
            }}
        </li>
    }
    .into_any()
}

/// A submitted request: its number, where it is (with how many changes are new), its status
/// page and its receipt.
#[component]
fn SubmittedRow(
    id: String,
    number: String,
    name: Signal<String>,
    when: String,
    state: Option<RequestState>,
    unread: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let receipt = format!("/applications/{id}/receipt");
    let status = format!("/applications/{id}/status");
    view! {
        <li class="application">
            <h3 class="application__title"><a href=status.clone()>{move || name.get()}</a></h3>
            <p class="application__meta">
                {match state {
                    Some(state) => view! { <span class="tag tag--done"><StateName state/></span> }.into_any(),
                    None => view! { <span class="tag tag--done">{t!(i18n, submitted)}</span> }.into_any(),
                }} " "
                {(unread > 0).then(|| view! {
                    <span class="badge">{move || t_string!(i18n, unread_changes, count = unread).to_string()}</span> " "
                })}
                {move || t_string!(i18n, request_number, number = number.clone()).to_string()} ", "
                {move || format::moment(i18n, &when)}
            </p>
            <p class="application__actions">
                <a class="button" href=status>{t!(i18n, status_title)}</a> " "
                <a class="button button--secondary" href=receipt>{t!(i18n, receipt_title)}</a>
            </p>
        </li>
    }
}

/// A person's name, IIN, birth date and registered address, as the persons database has them
/// (rows of a `<dl class="summary">`).
#[component]
pub fn PersonRows(person: Person) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let birth = person.birth_date.clone();
    let address = person.address.clone();
    view! {
        <div class="summary__row"><dt>{t!(i18n, full_name)}</dt><dd>{person.full_name()}</dd></div>
        <div class="summary__row"><dt>{t!(i18n, iin)}</dt><dd>{person.iin.to_string()}</dd></div>
        <div class="summary__row"><dt>{t!(i18n, birth_date)}</dt><dd>{move || format::date(i18n, &birth)}</dd></div>
        <div class="summary__row"><dt>{t!(i18n, address)}</dt><dd>{move || lang().pick(&address.kk, &address.ru).to_owned()}</dd></div>
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
