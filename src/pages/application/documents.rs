//! The request's documents step: a slot per document of the service, each taking one or more
//! files (picker, drag and drop, or a phone's camera), each file with its progress while it is
//! sent, then its thumbnail. Required documents still missing are named here and on the check
//! page; signing waits for them.

use leptos::{ev::SubmitEvent, prelude::*};
use qyzmet_domain::{Document, DocumentList, Problem, ServicePage, Step, application_path};
use wasm_bindgen::JsCast;

use crate::{
    api::{self, ApiFailure},
    components::page_heading::PageHeading,
    drafts::Draft,
    i18n::*,
    router::navigate,
    session::handle_sign_in_required,
    uploads::{self, SendState, Sending},
};

const ACCEPT: &str = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png";

/// The documents asked for on the portal, or at a service centre for an operator's draft.
pub fn portal_documents(service: &ServicePage) -> Vec<Document> {
    let channel = if super::is_centre_draft() {
        qyzmet_domain::Channel::ServiceCentre
    } else {
        qyzmet_domain::Channel::Portal
    };
    service.service.documents_for(channel).cloned().collect()
}

/// The documents required under the answers that have no file yet.
pub fn missing(documents: &[Document], needed: &[String], list: &DocumentList) -> Vec<Document> {
    let attached: Vec<&str> = list.files.iter().map(|f| f.slot.as_str()).collect();
    qyzmet_domain::catalogue::missing_documents(documents, needed, &attached)
        .into_iter()
        .cloned()
        .collect()
}

#[component]
pub fn Documents(draft: Draft, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let form = draft.form();
    let id = draft.id();
    let needed = Memo::new(move |_| {
        draft.answers.with(|a| {
            form.with_value(|f| {
                f.required_documents(a)
                    .into_iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
        })
    });
    let documents = StoredValue::new(service.with_value(portal_documents));
    let list = RwSignal::new(None::<Result<DocumentList, ApiFailure>>);
    let sending = RwSignal::new(Vec::<Sending>::new());
    // Files on their way belong to this page, not to a slot (slots are drawn again).
    let owner = StoredValue::new_local(Owner::current().unwrap_or_default());
    let refresh = {
        let id = id.clone();
        Callback::new(move |()| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let result = api::list_documents(id).await;
                if let Err(failure) = &result {
                    handle_sign_in_required(failure);
                }
                // Files that are now attached leave the "sending" list.
                if result.is_ok() {
                    sending.try_update(|all| {
                        all.retain(|s| !matches!(s.state.get_untracked(), SendState::Done(_)))
                    });
                }
                list.try_set(Some(result));
            });
        })
    };
    refresh.run(());

    // Missing documents are named above and on the check page; signing waits for them.
    let on_submit = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            navigate(&application_path(&id, &Step::Check), false);
        }
    };

    let slots = move || match list.get() {
        None => view! { <crate::components::error_panel::Loading/> }.into_any(),
        Some(Err(failure)) => view! {
            <crate::components::error_panel::ErrorPanel failure on_retry=refresh/>
        }
        .into_any(),
        Some(Ok(current)) => {
            let needed = needed.get();
            let missing = missing(&documents.get_value(), &needed, &current);
            let current = StoredValue::new(current);
            view! {
                {(!missing.is_empty()).then(|| view! {
                    <div class="notice" role="status">
                        <p>{t!(i18n, documents_missing)}</p>
                        <ul class="plain-list">
                            {missing.into_iter().map(|d| view! {
                                <li>{move || lang().pick(&d.kk, &d.ru).to_owned()}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                })}
                {documents.get_value().into_iter().map(|doc| {
                    let required = doc.required || needed.contains(&doc.id);
                    let by_answers = !doc.required && required;
                    view! {
                        <Slot application=draft.id() doc required by_answers current sending refresh owner/>
                    }
                }).collect_view()}
            }
            .into_any()
        }
    };

    let paper = move || {
        let Some(Ok(current)) = list.get() else {
            return None;
        };
        super::is_centre_draft().then(|| {
            view! { <Paper id=draft.id() documents needed initial=current.paper/> }
        })
    };
    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, documents).to_string())/>
        <p class="lead">{if super::is_centre_draft() { t!(i18n, documents_scan_intro).into_any() } else { t!(i18n, documents_attach_intro).into_any() }}</p>
        {paper}
        {slots}
        <form class="form form--after-list" novalidate on:submit=on_submit>
            <button type="submit" class="button">{t!(i18n, continue_button)}</button>
        </form>
    }
}

/// An operator's ticks for the documents the applicant brought on paper (002 §15, process 5),
/// each sent at once; while a required one is not brought, the request cannot be sent and the
/// operator gives a receipt refusing intake instead (001 §10, 002 §12).
#[component]
fn Paper(
    id: String,
    documents: StoredValue<Vec<Document>>,
    needed: Memo<Vec<String>>,
    initial: Vec<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let paper = RwSignal::new(initial);
    let failure = RwSignal::new(None::<ApiFailure>);
    let refusing = RwSignal::new(false);
    let id = StoredValue::new(id);
    let toggle = move |document: String, on: bool| {
        let mut list = paper.get_untracked();
        list.retain(|d| *d != document);
        if on {
            list.push(document);
        }
        paper.set(list.clone());
        leptos::task::spawn_local(async move {
            match api::set_paper(&id.get_value(), &list).await {
                Ok(saved) => {
                    failure.set(None);
                    paper.set(saved.documents);
                }
                Err(error) => {
                    handle_sign_in_required(&error);
                    failure.set(Some(error));
                }
            }
        });
    };
    let not_brought = move || {
        let needed = needed.get();
        paper.with(|on| {
            documents
                .get_value()
                .into_iter()
                .filter(|d| (d.required || needed.contains(&d.id)) && !on.contains(&d.id))
                .collect::<Vec<_>>()
        })
    };
    let refuse = move |_| {
        if refusing.get_untracked() {
            return;
        }
        refusing.set(true);
        leptos::task::spawn_local(async move {
            match api::refuse_intake(&id.get_value()).await {
                Ok(refusal) => {
                    crate::drafts::forget(&id.get_value());
                    navigate(&format!("/centre/refusals/{}", refusal.id), false);
                }
                Err(error) => {
                    handle_sign_in_required(&error);
                    failure.set(Some(error));
                }
            }
            refusing.set(false);
        });
    };
    view! {
        <fieldset class="fieldset paper">
            <legend class="fieldset__legend">{t!(i18n, paper_title)}</legend>
            <p class="field__hint">{t!(i18n, paper_hint)}</p>
            {documents.get_value().into_iter().map(|doc| {
                let box_id = format!("paper-{}", doc.id);
                let key = doc.id.clone();
                let checked = {
                    let key = key.clone();
                    move || paper.with(|on| on.contains(&key))
                };
                view! {
                    <div class="checkbox">
                        <input type="checkbox" class="checkbox__input" id=box_id.clone()
                            prop:checked=checked
                            on:change=move |ev| toggle(key.clone(), event_target_checked(&ev))/>
                        <label class="checkbox__label" for=box_id>{move || lang().pick(&doc.kk, &doc.ru).to_owned()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        {move || failure.get().map(|failure| view! {
            <crate::components::error_panel::ErrorPanel failure on_retry=Callback::new(|()| {}) without_title=true/>
        })}
        {move || {
            let missing = not_brought();
            (!missing.is_empty()).then(|| view! {
                <div class="notice notice--warning">
                    <p>{t!(i18n, paper_missing)}</p>
                    <ul class="plain-list">
                        {missing.into_iter().map(|d| view! { <li>{move || lang().pick(&d.kk, &d.ru).to_owned()}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="button button--warning" on:click=refuse
                        aria-disabled=move || refusing.get().then_some("true")>
                        {t!(i18n, paper_refuse)}
                    </button>
                </div>
            })
        }}
    }
}

/// One document's files: attached, on their way, or left unfinished (after a reload).
#[component]
fn Slot(
    application: String,
    doc: Document,
    required: bool,
    by_answers: bool,
    current: StoredValue<DocumentList>,
    sending: RwSignal<Vec<Sending>>,
    refresh: Callback<()>,
    owner: StoredValue<Owner, LocalStorage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let slot = doc.id.clone();
    let title_id = format!("slot-{slot}");
    let input_id = format!("file-{slot}");
    let camera_id = format!("camera-{slot}");
    let hint_id = format!("file-{slot}-hint");
    let name = doc.clone();
    let files: Vec<_> =
        current.with_value(|c| c.files.iter().filter(|f| f.slot == slot).cloned().collect());
    let unfinished: Vec<_> = current.with_value(|c| {
        c.uploads
            .iter()
            .filter(|u| u.slot == slot)
            .cloned()
            .collect()
    });
    let unfinished_ids =
        StoredValue::new(unfinished.iter().map(|u| u.id.clone()).collect::<Vec<_>>());

    let start = {
        let (application, slot) = (application.clone(), slot.clone());
        move |list: web_sys::FileList| {
            for index in 0..list.length() {
                let Some(file) = list.item(index) else {
                    continue;
                };
                let resume = unfinished_ids.with_value(|ids| uploads::resumable(&file, ids));
                let Some(owner) = owner.try_get_value() else {
                    return;
                };
                let one = uploads::send(
                    &owner,
                    application.clone(),
                    slot.clone(),
                    file,
                    resume,
                    refresh,
                );
                sending.update(|all| all.push(one));
            }
        }
    };
    let on_pick = {
        let start = start.clone();
        move |ev: leptos::ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(list) = input.files() {
                start(list);
            }
            // The same file may be chosen again (after removing it).
            input.set_value("");
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = {
        let start = start.clone();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            dragging.set(false);
            if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
                start(list);
            }
        }
    };
    let mine = {
        let slot = slot.clone();
        move || {
            sending.with(|all| {
                all.iter()
                    .filter(|s| s.slot.with_value(|v| *v == slot))
                    .copied()
                    .collect::<Vec<_>>()
            })
        }
    };
    let tag = if by_answers {
        Some(t_string!(i18n, document_by_answers))
    } else if required {
        Some(t_string!(i18n, document_required))
    } else {
        None
    };

    view! {
        <section class="slot" aria-labelledby=title_id.clone()>
            <h2 class="slot__title" id=title_id.clone()>{move || lang().pick(&name.kk, &name.ru).to_owned()}</h2>
            <p class="slot__meta">
                {match tag {
                    Some(text) => view! { <span class="tag tag--required">{text}</span> }.into_any(),
                    None => view! { <span class="tag">{t!(i18n, document_optional)}</span> }.into_any(),
                }}
            </p>
            <ul class="slot__files" aria-live="polite">
                {files.into_iter().map(|file| view! { <AttachedRow file refresh/> }).collect_view()}
                {unfinished.into_iter().map(|u| {
                    let percent = if u.length == 0 { 0 } else { (u.offset * 100 / u.length) as u32 };
                    let shown = u.name.clone();
                    let taken = move || sending.with(|all| all.iter().any(|s| s.name.with_value(|n| *n == shown)));
                    view! {
                        <Show when=move || !taken()>
                            <li class="slot__file slot__file--paused">
                                <span class="slot__name">{u.name.clone()}</span>
                                <span>{move || t_string!(i18n, upload_unfinished, percent = percent).to_string()}</span>
                            </li>
                        </Show>
                    }
                }).collect_view()}
                <For each=mine key=|s| s.key let(one)>
                    <SendingRow one sending/>
                </For>
            </ul>
            <div class=move || if dragging.get() { "slot__drop slot__drop--over" } else { "slot__drop" }
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p class="field__hint" id=hint_id.clone()>{t!(i18n, attach_hint)}</p>
                // The input stays focusable (keyboard, screen readers); its label is the button
                // people see, in the page's language rather than the browser's.
                <div class="file-pick">
                    <input class="file-pick__input" type="file" id=input_id.clone() multiple accept=ACCEPT
                        aria-describedby=hint_id on:change=on_pick.clone()/>
                    <label class="button button--secondary" for=input_id>{t!(i18n, attach_file)}</label>
                    <span class="slot__camera">
                        <input class="file-pick__input" type="file" id=camera_id.clone() accept="image/*"
                            capture="environment" on:change=on_pick/>
                        <label class="button button--secondary" for=camera_id>{if super::is_centre_draft() { t!(i18n, take_photo_centre).into_any() } else { t!(i18n, take_photo).into_any() }}</label>
                    </span>
                </div>
            </div>
        </section>
    }
}

#[component]
fn AttachedRow(file: qyzmet_domain::AttachedFile, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let id = StoredValue::new(file.id.clone());
    let size = file.size as f64;
    let name = file.name.clone();
    let remove = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::remove_document(&id.get_value()).await;
            if let Err(failure) = &result {
                handle_sign_in_required(failure);
            }
            busy.try_set(false);
            refresh.run(());
        });
    };
    // A PDF's first page may not draw (encrypted, unusual): then its mark instead.
    let broken = RwSignal::new(!file.thumbnail);
    let source = format!("/api/documents/{}/thumbnail", file.id);
    let preview = move || {
        if broken.get() {
            view! { <span class="slot__thumb slot__thumb--pdf" aria-hidden="true">"PDF"</span> }
                .into_any()
        } else {
            view! {
                <img class="slot__thumb" src=source.clone() alt="" width="80" height="80"
                    on:error=move |_| broken.set(true)/>
            }
            .into_any()
        }
    };
    view! {
        <li class="slot__file">
            {preview}
            <span class="slot__about">
                <a class="slot__name" href=format!("/api/documents/{}", file.id) download=name.clone()>{name.clone()}</a>
                <span class="slot__size">{move || uploads::size_text(i18n, size)}</span>
            </span>
            <button type="button" class="button button--secondary button--small" on:click=remove
                aria-disabled=move || busy.get().then_some("true")>
                {t!(i18n, group_remove)}<span class="visually-hidden">" " {name.clone()}</span>
            </button>
        </li>
    }
}

#[component]
fn SendingRow(one: Sending, sending: RwSignal<Vec<Sending>>) -> impl IntoView {
    let i18n = use_i18n();
    let name = one.name.get_value();
    let dismiss = move || sending.update(|all| all.retain(|s| s.key != one.key));
    let status = move || match one.state.get() {
        SendState::Preparing => t_string!(i18n, upload_preparing).to_string(),
        SendState::Sending | SendState::Done(_) => {
            let percent = one.percent();
            let left = uploads::size_text(i18n, (one.total.get() - one.sent.get()).max(0.0));
            t_string!(i18n, upload_progress, percent = percent, left = left).to_string()
        }
        SendState::Paused => t_string!(i18n, upload_paused).to_string(),
        SendState::Refused(problem) => refusal(i18n, problem),
        SendState::Failed(ApiFailure::Network) => t_string!(i18n, error_network).to_string(),
        SendState::Failed(_) => t_string!(i18n, error_server).to_string(),
    };
    let smaller = move || {
        let (total, original) = (one.total.get(), one.original.get());
        (total < original).then(|| {
            let from = uploads::size_text(i18n, original);
            let to = uploads::size_text(i18n, total);
            t_string!(i18n, upload_smaller, from = from, to = to).to_string()
        })
    };
    let ended = move || {
        matches!(
            one.state.get(),
            SendState::Refused(_) | SendState::Failed(_)
        )
    };
    view! {
        <li class=move || if ended() { "slot__file slot__file--refused" } else { "slot__file" }>
            <span class="slot__about">
                <span class="slot__name">{name.clone()}</span>
                {move || (!ended()).then(|| view! {
                    <progress class="slot__progress" max="100" value=move || one.percent()
                        aria-label=one.name.get_value()></progress>
                })}
                <span class=move || if ended() { "field__error" } else { "slot__status" }>{status}</span>
                {move || smaller().map(|text| view! { <span class="slot__size">{text}</span> })}
            </span>
            {move || if ended() {
                view! {
                    <button type="button" class="button button--secondary button--small" on:click=move |_| dismiss()>
                        {t!(i18n, upload_dismiss)}
                    </button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="button button--secondary button--small"
                        on:click=move |_| { one.cancel(); dismiss(); }>
                        {t!(i18n, cancel)}<span class="visually-hidden">" " {one.name.get_value()}</span>
                    </button>
                }.into_any()
            }}
        </li>
    }
}

/// Why a file was refused, at its slot.
fn refusal(i18n: I18nContext<Locale>, problem: Problem) -> String {
    match problem {
        Problem::WrongType => t_string!(i18n, file_problems.wrong_type),
        Problem::Heic => t_string!(i18n, file_problems.heic),
        Problem::EmptyFile => t_string!(i18n, file_problems.empty_file),
        Problem::Damaged => t_string!(i18n, file_problems.damaged),
        Problem::TooLarge => t_string!(i18n, file_problems.too_large),
        Problem::RequestTooLarge => t_string!(i18n, file_problems.request_too_large),
        _ => t_string!(i18n, error_server),
    }
    .to_string()
}

/// The check page's part for documents: each required one with its files, or "not attached"
/// and a link to attach it.
#[component]
pub fn CheckDocuments(draft: Draft, service: StoredValue<ServicePage>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let form = draft.form();
    let id = draft.id();
    let link = application_path(&id, &Step::Documents);
    let loaded = api::load(move || api::list_documents(id.clone()));
    let documents = StoredValue::new(service.with_value(portal_documents));
    move || {
        let Some(Ok(list)) = loaded.state.get() else {
            return ().into_any();
        };
        let needed: Vec<String> = draft.answers.with(|a| {
            form.with_value(|f| {
                f.required_documents(a)
                    .into_iter()
                    .map(str::to_owned)
                    .collect()
            })
        });
        let missing = missing(&documents.get_value(), &needed, &list);
        let rows = documents
            .get_value()
            .into_iter()
            .filter(|d| {
                d.required || needed.contains(&d.id) || list.files.iter().any(|f| f.slot == d.id)
            })
            .map(|doc| {
                let names: Vec<String> = list
                    .files
                    .iter()
                    .filter(|f| f.slot == doc.id)
                    .map(|f| f.name.clone())
                    .collect();
                let absent = names.is_empty();
                let label = lang().pick(&doc.kk, &doc.ru).to_owned();
                view! {
                    <div class="summary__row">
                        <dt>{label.clone()}</dt>
                        <dd class=if absent { "summary__missing" } else { "" }>
                            {if absent { t_string!(i18n, not_attached).to_string() } else { names.join(", ") }}
                        </dd>
                        <dd class="summary__action">
                            <a href=link.clone()>
                                {if absent { t_string!(i18n, attach_link) } else { t_string!(i18n, change) }}
                                <span class="visually-hidden">" " {label}</span>
                            </a>
                        </dd>
                    </div>
                }
            })
            .collect_view();
        view! {
            <h2>{t!(i18n, documents)}</h2>
            {(!missing.is_empty()).then(|| view! { <p class="notice">{t!(i18n, documents_check_missing)}</p> })}
            <dl class="summary summary--check summary--documents">{rows}</dl>
        }
        .into_any()
    }
}
