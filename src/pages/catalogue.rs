//! `/` — the catalogue of services, with a search that filters as you type. The search text
//! lives in the URL (`?q=`), so a reload or a shared link keeps it.

use leptos::prelude::*;
use qyzmet_domain::{Region, ServiceSummary, search};

use crate::{
    api,
    components::{
        citation::{Localized, TranslatedMark},
        error_panel::{ErrorPanel, Loading},
        page_heading::PageHeading,
    },
    i18n::*,
    router::{navigate, use_location},
};

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let services = api::load(api::list_services);
    let location = use_location();
    let query = RwSignal::new(location.param("q").unwrap_or_default());
    // Back/forward through the search history updates the box.
    Effect::new(move |_| {
        let from_url = location.param("q").unwrap_or_default();
        if from_url != query.get_untracked() {
            query.set(from_url);
        }
    });
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        query.set(value.clone());
        let url = if value.is_empty() {
            "/".to_owned()
        } else {
            format!("/?q={}", js_sys::encode_uri_component(&value))
        };
        navigate(&url, true);
    };

    view! {
        <PageHeading text=Signal::derive(move || t_string!(i18n, catalogue_title).to_string())/>
        <p class="lead">{t!(i18n, catalogue_intro)}</p>
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <label class="search__label" for="service-search">{t!(i18n, search_label)}</label>
            <p class="search__hint" id="service-search-hint">{t!(i18n, search_hint)}</p>
            <input
                class="search__input"
                id="service-search"
                type="search"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="service-search-hint"
                prop:value=move || query.get()
                on:input=on_input
            />
        </form>
        {move || match services.state.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(failure)) => {
                view! { <ErrorPanel failure on_retry=services.reload/> }
                    .into_any()
            }
            Some(Ok(list)) => {
                let regions = StoredValue::new(list.regions);
                let all = StoredValue::new(list.services);
                let found = Memo::new(move |_| {
                    let q = query.get();
                    all.with_value(|all| {
                        all.iter().filter(|s| matches(&q, s)).cloned().collect::<Vec<_>>()
                    })
                });
                view! {
                    <p class="search__count" role="status">
                        {move || {
                            let count = found.with(Vec::len);
                            if count == 0 {
                                let q = query.get();
                                t_string!(i18n, search_none, query = q).to_string()
                            } else {
                                format!("{} {count}", t_string!(i18n, search_found))
                            }
                        }}
                    </p>
                    <ul class="service-list">
                        <For each=move || found.get() key=|s| s.id.clone() let:service>
                            <ServiceCard service regions=regions.get_value()/>
                        </For>
                    </ul>
                }
                    .into_any()
            }
        }}
    }
}

fn matches(query: &str, s: &ServiceSummary) -> bool {
    search::matches(
        query,
        [&s.name, &s.provider, &s.result]
            .into_iter()
            .flat_map(|t| [t.kk.as_str(), t.ru.as_str()]),
    )
}

/// One service in the list: its official name (a link to its page), provider, result, cost.
#[component]
fn ServiceCard(service: ServiceSummary, regions: Vec<Region>) -> impl IntoView {
    let i18n = use_i18n();
    let region_names = StoredValue::new(
        service
            .regions
            .iter()
            .filter_map(|id| regions.iter().find(|r| &r.id == id).cloned())
            .collect::<Vec<_>>(),
    );
    let href = format!("/services/{}", service.id);
    let name = StoredValue::new(service.name.clone());
    view! {
        <li class="service-card">
            <h2 class="service-card__title">
                // The translation mark follows the link, so the link's name is the service's name.
                <a href=href>{move || name.with_value(|n| n.get(lang_of(i18n.get_locale())).to_owned())}</a>
                <TranslatedMark translated=Signal::stored(service.name.translated.clone())/>
            </h2>
            <dl class="summary summary--compact">
                <div class="summary__row">
                    <dt>{t!(i18n, provider)}</dt>
                    <dd><Localized text=service.provider/></dd>
                </div>
                <div class="summary__row">
                    <dt>{t!(i18n, result)}</dt>
                    <dd class="clamp"><Localized text=service.result/></dd>
                </div>
                {service.free.then(|| view! {
                    <div class="summary__row">
                        <dt>{t!(i18n, cost)}</dt>
                        <dd>{t!(i18n, free)}</dd>
                    </div>
                })}
                <div class="summary__row">
                    <dt>{t!(i18n, regions)}</dt>
                    <dd>
                        {move || {
                            let lang = lang_of(i18n.get_locale());
                            region_names.with_value(|r| {
                                r.iter().map(|r| r.name(lang)).collect::<Vec<_>>().join(", ")
                            })
                        }}
                    </dd>
                </div>
            </dl>
        </li>
    }
}
