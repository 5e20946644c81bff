//! `/queue/book`: book a visit to a service centre: the centre, what for, a day with places
//! left, and a free slot of it (only slots that exist: not at lunch, not on a day off, not in
//! the past). `?branch=` chooses the centre (its page links here); `?move=` moves a booking
//! instead, its old place freed at once. What was chosen is kept over a reload; a refused
//! booking says why at its field and shows the slots as they are now.

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{
    FieldProblem, Problem, Role,
    booking::{BookingRequest, BranchCalendar, DaySlots},
};

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading, NotAllowed},
        form::{
            ErrorLine, ErrorSummary, FormStatus, SelectField, SubmitButton, forget, message_for,
            remembered,
        },
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    pages::cabinet::RequireSignIn,
    router::{navigate, use_location},
    session::handle_sign_in_required,
};

use super::{purposes, slot_times};

const FIELDS: [&str; 4] = ["branch", "purpose", "date", "start"];

#[component]
pub fn BookPage() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let moving = location.param("move");
    let chosen_branch = location.param("branch");
    let title = {
        let moving = moving.is_some();
        Signal::derive(move || {
            if moving {
                t_string!(i18n, queue_move_title).to_string()
            } else {
                t_string!(i18n, queue_book_title).to_string()
            }
        })
    };
    view! {
        <PageHeading text=title/>
        <RequireSignIn children=move |info| {
            if info.role == Role::Citizen {
                view! { <BookForm moving=moving.clone() chosen_branch=chosen_branch.clone()/> }.into_any()
            } else {
                view! { <NotAllowed/> }.into_any()
            }
        }/>
    }
}

/// Loads with `fetch` whenever `key` changes (and it is not empty).
fn load_by<T, Fut>(
    key: Signal<String>,
    fetch: impl Fn(String) -> Fut + Send + Sync + 'static,
) -> api::Loaded<Option<T>>
where
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ApiFailure>> + 'static,
{
    let loaded = api::load(move || {
        let key = key.get_untracked();
        let request = (!key.is_empty()).then(|| fetch(key));
        async move {
            match request {
                Some(request) => request.await.map(Some),
                None => Ok(None),
            }
        }
    });
    Effect::new(move |previous: Option<String>| {
        let now = key.get();
        if previous.is_some_and(|p| p != now) {
            loaded.reload.run(());
        }
        now
    });
    loaded
}

#[component]
fn BookForm(moving: Option<String>, chosen_branch: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let form = if moving.is_some() {
        "moving"
    } else {
        "booking"
    };
    let [branch, purpose, date, start] = FIELDS.map(|field| remembered(form, field));
    if let Some(chosen) = chosen_branch.filter(|c| *c != branch.get_untracked()) {
        branch.set(chosen);
        date.set(String::new());
        start.set(String::new());
    }
    // Moving: what was chosen for another booking is not this one's.
    let moved = remembered(form, "id");
    if let Some(id) = moving.as_ref().filter(|id| moved.get_untracked() != **id) {
        for field in [branch, purpose, date, start] {
            field.set(String::new());
        }
        moved.set(id.clone());
    }
    // Moving: the booking's centre, purpose and day to start from.
    if let Some(id) = moving.clone().filter(|_| branch.get_untracked().is_empty()) {
        leptos::task::spawn_local(async move {
            if let Ok(booking) = api::get_booking(id).await {
                branch.try_set(booking.branch.id);
                purpose.try_set(booking.purpose);
                date.try_set(format::local_day_and_time(&booking.start).0.to_owned());
            }
        });
    }
    let branches = api::load(api::queue_branches);
    let services = api::load(api::list_services);
    let calendar: api::Loaded<Option<BranchCalendar>> = load_by(branch.into(), api::queue_branch);
    let day_key = Signal::derive(move || {
        let (b, d) = (branch.get(), date.get());
        if b.is_empty() || d.is_empty() {
            String::new()
        } else {
            format!("{b} {d}")
        }
    });
    let slots: api::Loaded<Option<DaySlots>> = load_by(day_key, |key| {
        let (b, d) = key.split_once(' ').unwrap_or_default();
        api::queue_slots(b.to_owned(), d.to_owned())
    });
    // A day the centre does not open (another centre was chosen), or a time the day does not
    // have (another day), is no longer a choice; one that is stays, full or not.
    Effect::new(move |_| {
        if let Some(Ok(Some(calendar))) = calendar.state.get() {
            let chosen = date.get_untracked();
            let open = calendar
                .days
                .iter()
                .any(|d| d.date == chosen && d.closed.is_none());
            if !chosen.is_empty() && !open {
                date.set(String::new());
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(day))) = slots.state.get() {
            let chosen = start.get_untracked();
            if !chosen.is_empty() && !day.slots.iter().any(|s| s.start == chosen) {
                start.set(String::new());
            }
        }
    });

    let status = FormStatus::new();
    let errors = status.errors(i18n, "start");
    let branch_options = Signal::derive(move || match branches.state.get() {
        Some(Ok(list)) => list
            .branches
            .into_iter()
            .map(|b| (b.branch.id, b.branch.name.get(lang()).to_owned()))
            .collect(),
        _ => Vec::new(),
    });
    let purpose_options = Signal::derive(move || match services.state.get() {
        Some(Ok(list)) => purposes(i18n, &list),
        _ => Vec::new(),
    });
    let day_options = Signal::derive(move || match calendar.state.get() {
        Some(Ok(Some(calendar))) => calendar
            .days
            .into_iter()
            .filter(|d| d.closed.is_none() && d.free > 0)
            .map(|d| {
                let text = t_string!(
                    i18n,
                    queue_day_option,
                    date = format::date(i18n, &d.date),
                    free = d.free
                )
                .to_string();
                (d.date, text)
            })
            .collect(),
        _ => Vec::new(),
    });

    let moving = StoredValue::new(moving);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !status.begin() {
            return;
        }
        let found: Vec<FieldProblem> = FIELDS
            .into_iter()
            .zip([branch, purpose, date, start])
            .filter(|(_, value)| value.with_untracked(|v| v.trim().is_empty()))
            .map(|(field, _)| FieldProblem::new(field, Problem::Empty))
            .collect();
        if !status.checked(if found.is_empty() { Ok(()) } else { Err(found) }) {
            return;
        }
        let request = BookingRequest {
            branch: branch.get_untracked(),
            purpose: purpose.get_untracked(),
            start: start.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let moving = moving.get_value();
            match api::book(&request, moving.as_deref()).await {
                Ok(booking) => {
                    forget(form, &FIELDS);
                    forget(form, &["id"]);
                    let done = if moving.is_some() { "moved" } else { "booked" };
                    navigate(
                        &format!("/queue/bookings/{}?done={done}", booking.id),
                        false,
                    );
                }
                Err(failure) => {
                    handle_sign_in_required(&failure);
                    // A refusal may come from a place taken meanwhile: show the slots as now.
                    slots.reload.run(());
                    status.failed(failure);
                }
            }
        });
    };

    view! {
        <p class="lead">{t!(i18n, queue_book_lead)}</p>
        <ErrorSummary errors attempts=status.attempts/>
        {move || status.failure.get().map(|failure| view! {
            <p class="field__error" role="alert">{match failure {
                ApiFailure::NotFound => t_string!(i18n, queue_booking_not_found),
                ApiFailure::Network => t_string!(i18n, error_network),
                _ => t_string!(i18n, error_server),
            }}</p>
        })}
        <form class="form" novalidate on:submit=on_submit>
            <SelectField name="branch" label=Signal::derive(move || t_string!(i18n, queue_branch).to_string())
                placeholder=Signal::derive(move || t_string!(i18n, queue_branch_choose).to_string())
                options=branch_options value=branch error=message_for(i18n, status.problems, "branch")/>
            <SelectField name="purpose" label=Signal::derive(move || t_string!(i18n, queue_purpose).to_string())
                placeholder=Signal::derive(move || t_string!(i18n, queue_purpose_choose).to_string())
                options=purpose_options value=purpose error=message_for(i18n, status.problems, "purpose")/>
            <SelectField name="date" label=Signal::derive(move || t_string!(i18n, queue_day).to_string())
                placeholder=Signal::derive(move || t_string!(i18n, queue_day_choose).to_string())
                options=day_options value=date error=message_for(i18n, status.problems, "date")/>
            <Slots slots start error=message_for(i18n, status.problems, "start")/>
            <SubmitButton busy=status.busy label=Signal::derive(move || {
                if moving.with_value(Option::is_some) {
                    t_string!(i18n, queue_move_button).to_string()
                } else {
                    t_string!(i18n, queue_book_button).to_string()
                }
            })/>
        </form>
        <p><a href="/branches">{t!(i18n, queue_see_branches)}</a></p>
    }
}

/// The day's slots as radio buttons with the places left; a full one is shown, not offered.
/// The first radio carries the field's id, so the error summary's link reaches the group.
#[component]
fn Slots(
    slots: api::Loaded<Option<DaySlots>>,
    start: RwSignal<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let list = move || {
        match slots.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(None)) => view! { <p class="field__hint">{t!(i18n, queue_day_first)}</p> }.into_any(),
        Some(Ok(Some(day))) if day.slots.is_empty() => {
            view! { <p class="empty-state">{t!(i18n, queue_no_slots)}</p> }.into_any()
        }
        Some(Ok(Some(day))) => view! {
            <div class="radios radios--slots">
                {day.slots.into_iter().enumerate().map(|(n, slot)| {
                    let id = if n == 0 { "start".to_owned() } else { format!("start-{n}") };
                    let value = slot.start.clone();
                    let checked = { let value = value.clone(); move || start.with(|s| *s == value) };
                    let full = slot.left == 0;
                    let times = slot_times(&slot.start, &slot.end);
                    let left = slot.left;
                    view! {
                        <div class="radio">
                            <input type="radio" class="radio__input" name="start" id=id.clone()
                                value=value.clone() disabled=full prop:checked=checked
                                aria-describedby=move || error.with(Option::is_some).then_some("start-error")
                                on:change=move |_| start.set(value.clone())/>
                            <label class="radio__label" for=id>
                                {times} " "
                                <span class="radio__hint">{move || if full {
                                    t_string!(i18n, queue_slot_full).to_string()
                                } else {
                                    t_string!(i18n, queue_places_left, count = left).to_string()
                                }}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
            </div>
        }
        .into_any(),
        Some(Err(failure)) => view! { <ErrorPanel failure on_retry=slots.reload without_title=true/> }.into_any(),
    }
    };
    view! {
        <div class=move || if error.with(Option::is_some) { "field field--error" } else { "field" }>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{t!(i18n, queue_time)}</legend>
                <ErrorLine id="start-error".into() error/>
                {list}
            </fieldset>
        </div>
    }
}
