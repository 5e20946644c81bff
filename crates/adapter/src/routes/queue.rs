//! `/api/queue/…`: the electronic queue (issue 10). The branches, their days and slots and the
//! hall's display are anyone's; bookings are a citizen's own; the hall's kiosk (walk-in
//! tickets, check-in) is a screen one of the branch's operators set up (`hall_devices`);
//! calling tickets is an operator's, at their branch.

use std::{convert::Infallible, time::Duration};

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures_util::Stream;
use qyzmet_domain::{
    ApiError,
    booking::{
        Board, Booking, BookingRequest, Bookings, BranchCalendar, CallRequest, CheckIn, DaySlots,
        HallDevice, OutcomeRequest, QueueBranches, QueueToday, Ticket, WalkIn,
    },
};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::AppState;
use crate::{
    access::SignedInCaller,
    clock,
    error::{AppError, JsonBody},
    hall_devices::{self, HallKiosk, HallScreen},
    intake::branch_of,
    queue, sessions,
};

/// The key a branch's hall changes are announced under (beside requests' ids).
fn hall(branch: &str) -> String {
    format!("queue:{branch}")
}

/// The branches that take bookings, with their hours. Roles: anyone.
#[utoipa::path(get, path = "/api/queue/branches", tag = "queue",
    responses((status = 200, description = "Every branch of data/queue.toml", body = QueueBranches)))]
pub async fn branches(State(state): State<AppState>) -> Json<QueueBranches> {
    Json(queue::branches(&state.catalogue))
}

/// A branch's page: its hours, and today to the booking horizon with why a day is closed and
/// how many places are left. Roles: anyone.
#[utoipa::path(get, path = "/api/queue/branches/{id}", tag = "queue",
    params(("id" = String, Path, description = "A branch id")),
    responses(
        (status = 200, description = "The branch", body = BranchCalendar),
        (status = 404, description = "No such branch", body = ApiError),
    ))]
pub async fn branch(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<BranchCalendar>, AppError> {
    queue::calendar(&state.db, &state.catalogue, &id, clock::now())
        .await
        .map(Json)
}

#[derive(Debug, Deserialize)]
pub struct SlotsQuery {
    #[serde(default)]
    date: String,
}

/// A day's slots still ahead, with the places left. Roles: anyone.
#[utoipa::path(get, path = "/api/queue/branches/{id}/slots", tag = "queue",
    params(("id" = String, Path, description = "A branch id"),
        ("date" = String, Query, description = "`YYYY-MM-DD`")),
    responses(
        (status = 200, description = "The slots (none on a closed day)", body = DaySlots),
        (status = 404, description = "No such branch", body = ApiError),
        (status = 422, description = "`invalid_input` at `date`: `not_a_date`", body = ApiError),
    ))]
pub async fn slots(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<SlotsQuery>,
) -> Result<Json<DaySlots>, AppError> {
    let date = chrono::NaiveDate::parse_from_str(query.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", qyzmet_domain::Problem::NotADate))?;
    queue::slots(&state.db, &state.catalogue, &id, date, clock::now())
        .await
        .map(Json)
}

/// Books a slot. Roles: citizen.
#[utoipa::path(post, path = "/api/queue/bookings", tag = "queue", request_body = BookingRequest,
    responses(
        (status = 201, description = "Booked", body = Booking),
        (status = 404, description = "No such branch", body = ApiError),
        (status = 409, description = "`conflict` at `start`: `slot_full`, `already_booked` (one at this time), `limit_reached`", body = ApiError),
        (status = 422, description = "`invalid_input` at `start`: `not_a_date`, `slot_past`, `branch_closed`, `at_lunch`, `outside_hours`, `not_a_slot`, `too_far_ahead`; at `purpose`: `not_a_choice`", body = ApiError),
    ))]
pub async fn book(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    JsonBody(request): JsonBody<BookingRequest>,
) -> Result<(StatusCode, Json<Booking>), AppError> {
    let booking = queue::book(
        &state.db,
        &state.catalogue,
        &session,
        &request,
        None,
        clock::now(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(booking)))
}

/// The caller's bookings. Roles: citizen.
#[utoipa::path(get, path = "/api/queue/bookings", tag = "queue",
    responses((status = 200, description = "Ahead soonest first, then past latest first", body = Bookings)))]
pub async fn bookings(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<Bookings>, AppError> {
    queue::bookings(&state.db, &state.catalogue, &session, clock::now())
        .await
        .map(Json)
}

/// One of the caller's bookings. Roles: citizen, its holder.
#[utoipa::path(get, path = "/api/queue/bookings/{id}", tag = "queue",
    params(("id" = String, Path, description = "The booking id")),
    responses(
        (status = 200, description = "The booking", body = Booking),
        (status = 404, description = "No booking of the caller's with this id", body = ApiError),
    ))]
pub async fn booking(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    queue::booking(&state.db, &state.catalogue, &session, &id, clock::now())
        .await
        .map(Json)
}

/// Moves a booking to another slot (and branch or purpose): the old place is free at once.
/// Roles: citizen, its holder.
#[utoipa::path(put, path = "/api/queue/bookings/{id}", tag = "queue", request_body = BookingRequest,
    params(("id" = String, Path, description = "The booking id")),
    responses(
        (status = 200, description = "Moved", body = Booking),
        (status = 404, description = "No booking of the caller's with this id", body = ApiError),
        (status = 409, description = "As booking; at `id`: `booking_over` (cancelled, lapsed or used)", body = ApiError),
        (status = 422, description = "As booking", body = ApiError),
    ))]
pub async fn move_booking(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<BookingRequest>,
) -> Result<Json<Booking>, AppError> {
    queue::book(
        &state.db,
        &state.catalogue,
        &session,
        &request,
        Some(&id),
        clock::now(),
    )
    .await
    .map(Json)
}

/// The booking's QR code, an SVG image: it holds the booking's code, which the hall kiosk's
/// scanner types as the citizen would. Roles: citizen, its holder.
#[utoipa::path(get, path = "/api/queue/bookings/{id}/qr.svg", tag = "queue",
    params(("id" = String, Path, description = "The booking id")),
    responses(
        (status = 200, description = "`image/svg+xml`", content_type = "image/svg+xml", body = String),
        (status = 404, description = "No booking of the caller's with this id", body = ApiError),
    ))]
pub async fn booking_qr(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<axum::response::Response, AppError> {
    let booking = queue::booking(&state.db, &state.catalogue, &session, &id, clock::now()).await?;
    super::receipts::svg_image(crate::receipts::QrCode::encode(&booking.code)?.svg())
}

/// Cancels a booking: its place is free at once. Roles: citizen, its holder.
#[utoipa::path(delete, path = "/api/queue/bookings/{id}", tag = "queue",
    params(("id" = String, Path, description = "The booking id")),
    responses(
        (status = 200, description = "Cancelled", body = Booking),
        (status = 404, description = "No booking of the caller's with this id", body = ApiError),
        (status = 409, description = "`conflict` at `id`: `booking_over`", body = ApiError),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<String>,
) -> Result<Json<Booking>, AppError> {
    queue::cancel(&state.db, &state.catalogue, &session, &id, clock::now())
        .await
        .map(Json)
}

/// Sets this screen up as the hall kiosk of the operator's branch: the screen keeps a cookie
/// that lets it give tickets and check bookings in, and the operator's session on it ends at
/// once (the screen is for the public). Roles: operator.
#[utoipa::path(post, path = "/api/queue/hall-device", tag = "queue",
    responses(
        (status = 201, description = "Set up; the hall's cookie is set and the session cookie removed", body = HallDevice),
        (status = 403, description = "`forbidden`: not an operator of a branch", body = ApiError),
    ))]
pub async fn enrol_hall_device(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Response, AppError> {
    let branch = branch_of(&session)?.to_owned();
    let token = hall_devices::enrol(&state.db, &branch, &session, clock::now()).await?;
    sessions::end_by_hash(&state.db, &state.session_cache, session.token_hash()).await?;
    let mut response = (StatusCode::CREATED, Json(HallDevice { branch })).into_response();
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        hall_devices::cookie(&token, state.secure_cookies),
    );
    headers.append(header::SET_COOKIE, sessions::removal(state.secure_cookies));
    Ok(response)
}

/// Which branch's hall kiosk this screen is; 204 when it is none. Roles: anyone.
#[utoipa::path(get, path = "/api/queue/hall-device", tag = "queue",
    responses(
        (status = 200, description = "The branch this screen serves", body = HallDevice),
        (status = 204, description = "This screen was not set up as a hall kiosk"),
    ))]
pub async fn hall_device(screen: HallScreen) -> Response {
    match screen.0 {
        Some(branch) => Json(HallDevice { branch }).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// A walk-in ticket from the hall's kiosk. Roles: the branch's hall kiosk (a screen its
/// operator set up).
#[utoipa::path(post, path = "/api/queue/branches/{id}/tickets", tag = "queue", request_body = WalkIn,
    params(("id" = String, Path, description = "A branch id")),
    responses(
        (status = 201, description = "The ticket, with how many wait before it", body = Ticket),
        (status = 403, description = "`forbidden`: this screen is not the branch's hall kiosk", body = ApiError),
        (status = 422, description = "`invalid_input` at `purpose`: `not_a_choice`", body = ApiError),
    ))]
pub async fn walk_in(
    State(state): State<AppState>,
    HallKiosk(id): HallKiosk,
    JsonBody(request): JsonBody<WalkIn>,
) -> Result<(StatusCode, Json<Ticket>), AppError> {
    let ticket = queue::walk_in(
        &state.db,
        &state.catalogue,
        &id,
        &request.purpose,
        clock::now(),
    )
    .await?;
    state.changes.announce(&hall(&id));
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// A booking's code typed at the hall's kiosk: its ticket. Roles: the branch's hall kiosk.
#[utoipa::path(post, path = "/api/queue/branches/{id}/check-in", tag = "queue", request_body = CheckIn,
    params(("id" = String, Path, description = "A branch id")),
    responses(
        (status = 201, description = "The booked ticket", body = Ticket),
        (status = 403, description = "`forbidden`: this screen is not the branch's hall kiosk", body = ApiError),
        (status = 409, description = "`conflict` at `code`: `too_early`, `too_late` (lapsed), `already_booked` (checked in), `booking_over`", body = ApiError),
        (status = 422, description = "`invalid_input` at `code`: `wrong_length`, `unknown_code`", body = ApiError),
    ))]
pub async fn check_in(
    State(state): State<AppState>,
    HallKiosk(id): HallKiosk,
    JsonBody(request): JsonBody<CheckIn>,
) -> Result<(StatusCode, Json<Ticket>), AppError> {
    let ticket = queue::check_in(
        &state.db,
        &state.catalogue,
        &id,
        &request.code,
        clock::now(),
    )
    .await?;
    state.changes.announce(&hall(&id));
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// The hall's display: the latest calls and how many wait. Roles: anyone.
#[utoipa::path(get, path = "/api/queue/branches/{id}/board", tag = "queue",
    params(("id" = String, Path, description = "A branch id")),
    responses(
        (status = 200, description = "The board", body = Board),
        (status = 404, description = "No such branch", body = ApiError),
    ))]
pub async fn board(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Board>, AppError> {
    queue::board(&state.db, &state.catalogue, &id, clock::now())
        .await
        .map(Json)
}

/// Server-sent events: a `change` event each time the hall changes (a ticket issued or
/// called: read the board again), a comment every 15 seconds. Roles: anyone.
#[utoipa::path(get, path = "/api/queue/branches/{id}/board/changes", tag = "queue",
    params(("id" = String, Path, description = "A branch id")),
    responses((status = 200, description = "text/event-stream")))]
pub async fn board_changes(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    if state.catalogue.queue().schedule(&id).is_none() {
        return Err(AppError::NotFound("branch".into()));
    }
    Ok(changes_of(&state.changes, hall(&id)))
}

/// A `change` event each time `key` is announced (or the stream fell behind).
pub(super) fn changes_of(
    changes: &crate::tracking::Changes,
    key: String,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let receiver = changes.watch();
    let stream = futures_util::stream::unfold(
        (receiver, key, changes.clone()),
        |(mut receiver, key, changes)| async move {
            loop {
                let received = tokio::select! {
                    received = receiver.recv() => received,
                    () = changes.closing() => return None,
                };
                match received {
                    Ok(changed) if changed != key => {}
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        let event = Event::default().event("change").data(&key);
                        return Some((Ok(event), (receiver, key, changes)));
                    }
                    Err(RecvError::Closed) => return None,
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The caller's branch's queue today. Roles: operator.
#[utoipa::path(get, path = "/api/queue/today", tag = "queue",
    responses((status = 200, description = "Waiting, being served, served, the waits", body = QueueToday)))]
pub async fn today(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
) -> Result<Json<QueueToday>, AppError> {
    queue::today(&state.db, &state.catalogue, &session, clock::now())
        .await
        .map(Json)
}

/// Calls the next ticket to the operator's window. Roles: operator.
#[utoipa::path(post, path = "/api/queue/calls", tag = "queue", request_body = CallRequest,
    responses(
        (status = 200, description = "The ticket called", body = Ticket),
        (status = 204, description = "No one waits"),
        (status = 422, description = "`invalid_input` at `window`: `too_large`", body = ApiError),
    ))]
pub async fn call(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    JsonBody(request): JsonBody<CallRequest>,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let called = queue::call_next(&state.db, &session, request.window, clock::now()).await?;
    state.changes.announce(&hall(branch_of(&session)?));
    Ok(match called {
        Some(ticket) => Json(ticket).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Marks a called ticket served or not come. Roles: operator, of its branch.
#[utoipa::path(post, path = "/api/queue/tickets/{id}/outcome", tag = "queue", request_body = OutcomeRequest,
    params(("id" = i64, Path, description = "The ticket id")),
    responses(
        (status = 200, description = "Recorded", body = Ticket),
        (status = 404, description = "No such ticket", body = ApiError),
        (status = 409, description = "`conflict` at `ticket`: `another_branch`, `out_of_order` (not called, or already marked)", body = ApiError),
    ))]
pub async fn outcome(
    State(state): State<AppState>,
    SignedInCaller(session): SignedInCaller,
    Path(id): Path<i64>,
    JsonBody(request): JsonBody<OutcomeRequest>,
) -> Result<Json<Ticket>, AppError> {
    let ticket = queue::outcome(&state.db, &session, id, request.outcome, clock::now()).await?;
    state.changes.announce(&hall(&ticket.branch));
    Ok(Json(ticket))
}
