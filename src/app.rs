//! The root: language context, router, and the page frame (skip link, header, main, footer).

use leptos::prelude::*;

use crate::{
    components::{header::Header, page_heading::Navigations, session_watch::SessionWatch},
    i18n::*,
    pages::{
        accounts::AccountsPage,
        application::ApplicationPage,
        branches::{BranchPage, BranchesPage},
        cabinet::CabinetPage,
        catalogue::CataloguePage,
        centre::{CentrePage, CentreResultsPage, RefusalPage},
        not_found::NotFoundPage,
        queue::{
            board::BoardPage, book::BookPage, calls::CallsPage, hall::HallPage, ticket::TicketPage,
        },
        register::RegisterPage,
        service::ServicePage,
        sign_in::SignInPage,
        workbench::{CasePage, WorkbenchListPage},
    },
    router::{Route, provide_location},
    session::provide_auth,
};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Frame/>
        </I18nContextProvider>
    }
}

/// Everything inside the language context.
#[component]
fn Frame() -> impl IntoView {
    let i18n = use_i18n();
    // Kazakh unless the person chose Russian before. The provider resets its locale from the
    // browser's languages in an effect after mount; this effect, created after it, runs after
    // it (same task, before the first paint) and has the last word.
    let remembered = locale_of(remembered_lang());
    i18n.set_locale(remembered);
    Effect::new(move |_| i18n.set_locale(remembered));

    let location = provide_location();
    let auth = provide_auth();
    // An operator's screen is the kiosk's: larger type and touch targets (style/main.css).
    Effect::new(move |_| {
        let kiosk = auth.session.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.role == qyzmet_domain::Role::Operator)
        });
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = if kiosk {
                body.set_attribute("data-kiosk", "")
            } else {
                body.remove_attribute("data-kiosk")
            };
        }
    });
    let route = Memo::new(move |_| Route::parse(&location.path.get()));
    // Moving between the steps of one request keeps its page (and its draft) in place; only
    // the step changes.
    let screen = Memo::new(move |_| match route.get() {
        Route::Application { id, .. } => Route::Application { id, step: None },
        other => other,
    });
    let step = Memo::new(move |_| match route.get() {
        Route::Application { step, .. } => step,
        _ => None,
    });

    view! {
        <FocusOnNavigate/>
        // Our router leaves "#…" links to the browser, which focuses <main> (tabindex -1).
        <a class="skip-link" href="#main">{t!(i18n, skip_link)}</a>
        <Header/>
        <main id="main" class="page" tabindex="-1">
            {move || match screen.get() {
                Route::Catalogue => view! { <CataloguePage/> }.into_any(),
                Route::Service(id) => view! { <ServicePage id/> }.into_any(),
                Route::SignIn => view! { <SignInPage/> }.into_any(),
                Route::Register => view! { <RegisterPage/> }.into_any(),
                Route::Cabinet => view! { <CabinetPage/> }.into_any(),
                Route::Accounts => view! { <AccountsPage/> }.into_any(),
                Route::Workbench => view! { <WorkbenchListPage/> }.into_any(),
                Route::Case(id) => view! { <CasePage id/> }.into_any(),
                Route::Centre => view! { <CentrePage/> }.into_any(),
                Route::CentreResults => view! { <CentreResultsPage/> }.into_any(),
                Route::IntakeRefusal(id) => view! { <RefusalPage id/> }.into_any(),
                Route::Branches => view! { <BranchesPage/> }.into_any(),
                Route::Branch(id) => view! { <BranchPage id/> }.into_any(),
                Route::QueueBook => view! { <BookPage/> }.into_any(),
                Route::QueueBooking(id) => view! { <TicketPage id/> }.into_any(),
                Route::QueueHall(branch) => view! { <HallPage branch/> }.into_any(),
                Route::QueueBoard(branch) => view! { <BoardPage branch/> }.into_any(),
                Route::CentreQueue => view! { <CallsPage/> }.into_any(),
                Route::Application { id, .. } => view! { <ApplicationPage id step/> }.into_any(),
                Route::NotFound => view! { <NotFoundPage/> }.into_any(),
            }}
        </main>
        <SessionWatch/>
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>{t!(i18n, footer_sources)}</p>
                <p>{t!(i18n, footer_call_centre)}</p>
                <p><a href="/branches">{t!(i18n, footer_branches)}</a></p>
            </div>
        </footer>
    }
}

/// Counts client-side navigations so the new page's heading can take focus (a screen reader
/// then announces the new page), but not on the first load.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let navigations = RwSignal::new(0u32);
    provide_context(Navigations(navigations.read_only()));
    let location = crate::router::use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.path.get();
        if previous.as_ref().is_some_and(|p| *p != path) {
            navigations.update(|n| *n += 1);
        }
        path
    });
}
