//! `/queue/board/{branch}`: the display on a screen in a service centre's hall: the tickets
//! called and their windows, the latest first and largest, and how many wait. It follows the
//! centre's changes live (server-sent events) and keeps showing the last board while it reads
//! the next, so the screen never blanks; the latest call is announced for screen readers.

use leptos::prelude::*;
use qyzmet_domain::booking::Board;

use crate::{
    api::{self, ApiFailure},
    components::{
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
};

#[component]
pub fn BoardPage(branch: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let board = RwSignal::new(None::<Result<Board, ApiFailure>>);
    let refresh = {
        let branch = branch.clone();
        Callback::new(move |()| {
            let branch = branch.clone();
            leptos::task::spawn_local(async move {
                let result = api::queue_board(branch).await;
                // A failed read keeps the last board on the screen.
                if result.is_ok() || board.with_untracked(|b| !matches!(b, Some(Ok(_)))) {
                    board.try_set(Some(result));
                }
            });
        })
    };
    refresh.run(());
    api::on_changes(&api::board_changes_path(&branch), refresh);
    let title = Signal::derive(move || match board.get() {
        Some(Ok(board)) => format!(
            "{}: {}",
            t_string!(i18n, queue_board_title),
            board.branch.name.get(lang())
        ),
        Some(Err(ApiFailure::NotFound)) => t_string!(i18n, branch_not_found).to_string(),
        _ => t_string!(i18n, queue_board_title).to_string(),
    });
    view! {
        <PageHeading text=title/>
        {move || match board.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Ok(board)) => view! { <Calls board/> }.into_any(),
            Some(Err(ApiFailure::NotFound)) => view! {
                <p><a href="/branches" class="button">{t!(i18n, branches_back)}</a></p>
            }
            .into_any(),
            Some(Err(failure)) => view! { <ErrorPanel failure on_retry=refresh without_title=true/> }.into_any(),
        }}
    }
}

#[component]
fn Calls(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let waiting = board.waiting;
    let latest = board.calls.first().cloned();
    let announce = latest.clone().map(|call| {
        move || {
            t_string!(
                i18n,
                queue_call_announce,
                ticket = call.label.clone(),
                window = call.window
            )
            .to_string()
        }
    });
    view! {
        <p class="visually-hidden" role="status" aria-live="polite">{announce}</p>
        <div class="board">
            {if board.calls.is_empty() {
                view! { <p class="board__empty">{t!(i18n, queue_board_empty)}</p> }.into_any()
            } else {
                view! {
                    <table class="board__calls">
                        <caption class="visually-hidden">{t!(i18n, queue_board_caption)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, queue_ticket_col)}</th>
                            <th scope="col">{t!(i18n, queue_window_col)}</th>
                            <th scope="col">{t!(i18n, queue_called_col)}</th>
                        </tr></thead>
                        <tbody>
                            {board.calls.into_iter().enumerate().map(|(n, call)| view! {
                                <tr class=if n == 0 { "board__latest" } else { "" }>
                                    <th scope="row">{call.label}</th>
                                    <td>{call.window}</td>
                                    <td>{format::kazakhstan_time(&call.at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
            <p class="board__waiting">{move || t_string!(i18n, queue_waiting_count, count = waiting).to_string()}</p>
        </div>
    }
}
