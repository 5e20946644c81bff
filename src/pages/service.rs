//! `/services/{id}` — one service: what it gives, who provides it, where to apply, the
//! documents, and each region's stages with their durations, every fact with its clause.

use leptos::prelude::*;
use qyzmet_domain::{
    ActKind, Channel, DurationSum, Regulation, Role, ServicePage as Page, Text, catalogue::DueToday,
};

use crate::{
    api::{self, ApiFailure},
    components::{
        citation::{Citation, Localized},
        duration::DurationText,
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    format,
    i18n::*,
    router::navigate,
    session::{handle_sign_in_required, use_auth},
};

#[component]
pub fn ServicePage(
    /// The service id from the URL.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = api::load(move || api::get_service(id.clone()));

    move || {
        match page.state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(ApiFailure::NotFound)) => view! {
            <PageHeading text=Signal::derive(move || t_string!(i18n, service_not_found).to_string())/>
            <p class="lead">{t!(i18n, service_not_found_body)}</p>
            <p><a href="/" class="button">{t!(i18n, back_to_catalogue)}</a></p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <PageHeading text=Signal::derive(move || t_string!(i18n, error_title).to_string())/>
            <ErrorPanel failure on_retry=page.reload without_title=true/>
        }
        .into_any(),
        Some(Ok(page)) => view! { <ServiceDetails page/> }.into_any(),
    }
    }
}

#[component]
fn ServiceDetails(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let service = page.service.clone();
    let name = StoredValue::new(service.name.clone());
    let from_standard = service.documents.iter().any(|d| {
        page.act(&d.source.act)
            .is_some_and(|a| a.kind == ActKind::NationalStandard)
    });
    let channels = service.channels();
    // Changes with the clock, so apart from the page; the page shows without it if it fails.
    let due = {
        let id = service.id.clone();
        api::load(move || api::get_due(id.clone()))
    };
    let due = Signal::derive(move || due.state.get().and_then(Result::ok));
    let page = StoredValue::new(page);
    let portal_channels = channels.clone();

    view! {
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, breadcrumbs)>
            <ol class="breadcrumbs__list">
                // The current page is the heading below (GOV.UK leaves it out of breadcrumbs).
                <li><a href="/">{t!(i18n, home)}</a></li>
            </ol>
        </nav>
        <PageHeading text=Signal::derive(move || name.with_value(|n| n.get(lang()).to_owned()))/>
        <dl class="summary">
            <div class="summary__row">
                <dt>{t!(i18n, result)}</dt>
                <dd>
                    <Localized text=service.result.clone()/>
                    {service.result_portal.clone().map(|portal| view! {
                        <p class="summary__extra">
                            <strong>{t!(i18n, result_portal)} ": "</strong>
                            <Localized text=portal/>
                        </p>
                    })}
                </dd>
            </div>
            <div class="summary__row">
                <dt>{t!(i18n, provider)}</dt>
                <dd><Localized text=service.provider.clone()/></dd>
            </div>
            <div class="summary__row">
                <dt>{t!(i18n, where_to_apply)}</dt>
                <dd>
                    <ul class="plain-list">
                        {portal_channels.into_iter().map(|c| view! { <li><ChannelName channel=c/></li> }).collect_view()}
                    </ul>
                </dd>
            </div>
            // Every service so far is free; a paid one would need its fee in the data first.
            {service.free.then(|| view! {
                <div class="summary__row">
                    <dt>{t!(i18n, cost)}</dt>
                    <dd>
                        {t!(i18n, free)} " "
                        <SourceNote source=service.free_source.clone() page/>
                    </dd>
                </div>
            })}
        </dl>

        {channels.contains(&Channel::Portal).then(|| view! { <Apply service=service.id.clone()/> })}

        <DocumentList documents=service.documents.clone() from_standard page/>

        <section class="section" aria-labelledby="stages-heading">
            <h2 id="stages-heading">{t!(i18n, stages)}</h2>
            <p>{t!(i18n, stages_intro)}</p>
            {service.regulations.iter().map(|reg| view! { <RegulationSection regulation=reg.clone() page due/> }).collect_view()}
        </section>
    }
}

/// Applying on the portal: a signed-in citizen starts a request (or continues a draft of this
/// service); anyone else is asked to sign in and comes back here.
#[component]
fn Apply(service: String) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let service = StoredValue::new(service);
    let citizen = Memo::new(move |_| {
        auth.session
            .with(|s| s.as_ref().map(|s| s.role == Role::Citizen))
    });
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match api::create_application(&service.get_value()).await {
                Ok(application) => navigate(&format!("/applications/{}", application.id), false),
                Err(error) => {
                    handle_sign_in_required(&error);
                    busy.try_set(false);
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let sign_in = move || {
        let back = js_sys::encode_uri_component(&format!("/services/{}", service.get_value()));
        format!("/sign-in?return={back}")
    };
    view! {
        <section class="section apply" aria-labelledby="apply-heading">
            <h2 id="apply-heading">{t!(i18n, apply_title)}</h2>
            {move || match citizen.get() {
                // Not known yet: nothing that would jump.
                None if !auth.checked.get() => ().into_any(),
                None => view! {
                    <p>{t!(i18n, apply_sign_in_note)}</p>
                    <p><a class="button" href=sign_in()>{t!(i18n, apply_sign_in)}</a></p>
                }.into_any(),
                Some(false) => view! { <p>{t!(i18n, apply_citizens_only)}</p> }.into_any(),
                Some(true) => view! {
                    <Drafts service=service.get_value()/>
                    {move || failure.get().map(|f| view! {
                        <p class="field__error" role="alert">
                            {move || match f { ApiFailure::Network => t_string!(i18n, error_network), _ => t_string!(i18n, error_server) }}
                        </p>
                    })}
                    <p>
                        <button type="button" class="button" on:click=start
                            aria-disabled=move || busy.get().then_some("true")>
                            {move || if busy.get() { t_string!(i18n, sending) } else { t_string!(i18n, apply_button) }}
                        </button>
                    </p>
                }.into_any(),
            }}
        </section>
    }
}

/// The citizen's drafts of this service, to continue instead of starting again.
#[component]
fn Drafts(service: String) -> impl IntoView {
    let i18n = use_i18n();
    let list = api::load(api::list_applications);
    let service = StoredValue::new(service);
    move || {
        let drafts: Vec<_> = match list.state.get() {
            Some(Ok(list)) => list
                .applications
                .into_iter()
                .filter(|a| service.with_value(|s| *s == a.service))
                .collect(),
            _ => Vec::new(),
        };
        (!drafts.is_empty()).then(|| view! {
            <p>{t!(i18n, apply_have_drafts)}</p>
            <ul class="plain-list">
                {drafts.into_iter().map(|d| {
                    let when = d.updated_at.clone();
                    view! {
                        <li>
                            <a href=format!("/applications/{}", d.id)>
                                {move || { let when = format::moment(i18n, &when); t_string!(i18n, continue_draft_of, when = when).to_string() }}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    }
}

/// The documents to bring or attach, each with where it is asked for and its source.
#[component]
fn DocumentList(
    documents: Vec<qyzmet_domain::Document>,
    /// The list comes from a national standard the regulations only reference.
    from_standard: bool,
    page: StoredValue<Page>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="section" aria-labelledby="documents-heading">
            <h2 id="documents-heading">{t!(i18n, documents)}</h2>
            {from_standard.then(|| view! { <p class="notice">{t!(i18n, documents_from_standard)}</p> })}
            <ul class="documents">
                {documents.iter().map(|doc| {
                    let channels = doc.channels.clone();
                    view! {
                        <li class="document">
                            <p class="document__name"><Localized text=doc.name_text()/></p>
                            <p class="document__meta">
                                <span class=if doc.required { "tag tag--required" } else { "tag" }>
                                    {if doc.required { t_string!(i18n, document_required) } else { t_string!(i18n, document_optional) }}
                                </span>
                                " " {t!(i18n, document_channels)} " "
                                {channels.into_iter().enumerate().map(|(i, c)| view! {
                                    {(i > 0).then_some(", ")}<ChannelShort channel=c/>
                                }).collect_view()}
                            </p>
                            <p class="document__source"><SourceNote source=doc.source.clone() page/></p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One region's regulation: its act, provider, where to apply, total deadline and stages.
#[component]
fn RegulationSection(
    regulation: Regulation,
    page: StoredValue<Page>,
    due: Signal<Option<DueToday>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let region_id = regulation.region.clone();
    let due_here = move || {
        due.get()
            .and_then(|d| d.regulations.into_iter().find(|r| r.region == region_id))
    };
    let heading_id = format!("region-{}", regulation.region);
    let labelled_by = heading_id.clone();
    let region = page.with_value(|p| p.region(&regulation.region).cloned());
    let act = page.with_value(|p| p.act(&regulation.act).cloned());
    let sum = DurationSum::of(regulation.stages.iter().map(|s| s.duration));
    let stage_count = regulation.stages.len();

    view! {
        <section class="regulation" aria-labelledby=labelled_by>
            <h3 id=heading_id class="regulation__region">
                {region.map(|r| view! { <Localized text=r.name_text()/> })}
            </h3>
            {act.map(|act| view! {
                <p class="regulation__act">
                    <strong>{t!(i18n, act)} ": "</strong>
                    <Localized text=act.title.clone()/>
                    {act.status.clone().map(|status| view! {
                        <br/>
                        <span class="regulation__status">{t!(i18n, act_status)} " " <Localized text=status/></span>
                    })}
                </p>
            })}
            <dl class="summary summary--compact">
                {regulation.provider.clone().map(|provider| view! {
                    <div class="summary__row">
                        <dt>{t!(i18n, provider)}</dt>
                        <dd><Localized text=provider.clone()/> " " {provider.source.clone().map(|s| view! { <SourceNote source=s page same_act=true/> })}</dd>
                    </div>
                })}
                <div class="summary__row">
                    <dt>{t!(i18n, where_to_apply)}</dt>
                    <dd>
                        <ul class="plain-list">
                            {regulation.channels.iter().map(|entry| view! {
                                <li><ChannelName channel=entry.channel/> " " <SourceNote source=entry.source.clone() page same_act=true/></li>
                            }).collect_view()}
                        </ul>
                    </dd>
                </div>
                <div class="summary__row">
                    <dt>{t!(i18n, total_deadline)}</dt>
                    <dd>
                        {if regulation.totals.is_empty() {
                            view! {
                                {t!(i18n, total_not_stated)} " "
                                <strong>{sum.parts().into_iter().enumerate().map(|(i, d)| view! {
                                    {(i > 0).then(|| format!(" {} ", t_string!(i18n, and)))}<DurationText duration=d/>
                                }).collect_view()}</strong>
                            }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {regulation.totals.iter().map(|total| view! {
                                        <li>
                                            <strong><DurationText duration=total.duration/></strong>
                                            {total.channel.map(|c| view! { " (" <ChannelFor channel=c/> ")" })}
                                            {total.note.clone().map(|note| view! { ". " <Localized text=note/> })}
                                            " " <SourceNote source=total.source.clone() page same_act=true/>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </dd>
                </div>
                {move || due_here().map(|d| {
                    let at = format::kazakhstan_date_time(i18n, &d.due);
                    view! {
                        <div class="summary__row">
                            <dt>{t!(i18n, due_if_applied_today)}</dt>
                            <dd>
                                <strong>{t_string!(i18n, receipt_astana_time, at = at).to_string()}</strong>
                                " (" <ChannelFor channel=d.channel/> ")"
                                {d.estimated.then(|| view! { " " {t!(i18n, receipt_due_estimated)} })}
                            </dd>
                        </div>
                    }
                })}
            </dl>
            <ol class="stages" aria-label=move || format!("{} ({})", t_string!(i18n, stages), stage_count)>
                {regulation.stages.iter().map(|stage| view! {
                    <li class="stage">
                        <p class="stage__actor"><Localized text=stage.actor.clone()/></p>
                        <p class="stage__action"><Localized text=stage.action.clone()/></p>
                        <p class="stage__meta">
                            <span class="stage__duration">
                                {t!(i18n, stage_duration)} ": " <strong><DurationText duration=stage.duration/></strong>
                            </span>
                            {stage.channel.map(|c| view! {
                                " · " <span class="tag">{t!(i18n, stage_only)} " " <ChannelShort channel=c/></span>
                            })}
                            " · " <SourceNote source=stage.source.clone() page same_act=true/>
                        </p>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The citation of a fact; names the act unless the section already does (`same_act`).
#[component]
fn SourceNote(
    source: qyzmet_domain::Source,
    page: StoredValue<Page>,
    #[prop(optional)] same_act: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let act = page.with_value(|p| p.act(&source.act).cloned());
    let act_title: Option<Text> = if same_act {
        None
    } else {
        act.as_ref().map(|a| a.title.clone())
    };
    let unconfirmed = act.as_ref().is_some_and(|a| !a.confirmed);
    view! {
        <span class="source">
            "(" <Citation source act_title/>
            {unconfirmed.then(|| view! { "; " {t!(i18n, act_unconfirmed)} })}
            ")"
        </span>
    }
}

#[component]
fn ChannelName(channel: Channel) -> impl IntoView {
    let i18n = use_i18n();
    move || match channel {
        Channel::ServiceCentre => t_string!(i18n, channel_service_centre),
        Channel::Portal => t_string!(i18n, channel_portal),
        Channel::ProviderOffice => t_string!(i18n, channel_provider_office),
    }
}

#[component]
fn ChannelShort(channel: Channel) -> impl IntoView {
    let i18n = use_i18n();
    move || channel_short(i18n, channel)
}

#[component]
fn ChannelFor(channel: Channel) -> impl IntoView {
    let i18n = use_i18n();
    // Whole phrases: Russian puts the channel in the genitive ("через услугодателя").
    move || match channel {
        Channel::ServiceCentre => t_string!(i18n, channel_for_service_centre),
        Channel::Portal => t_string!(i18n, channel_for_portal),
        Channel::ProviderOffice => t_string!(i18n, channel_for_provider_office),
    }
}

fn channel_short(i18n: I18nContext<Locale>, channel: Channel) -> String {
    match channel {
        Channel::ServiceCentre => t_string!(i18n, channel_short_service_centre),
        Channel::Portal => t_string!(i18n, channel_short_portal),
        Channel::ProviderOffice => t_string!(i18n, channel_short_provider_office),
    }
    .to_string()
}
