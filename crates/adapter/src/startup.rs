//! Builds the application: catalogue, database, router and layers; binds the listener.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    http::StatusCode,
    middleware,
    response::{IntoResponse, Response},
};
use qyzmet_domain::Route;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};

use crate::{
    accounts::{self, PersonsFile, Throttle},
    catalogue::Catalogue,
    config::Config,
    documents::{Documents, blobs::LocalBlobs},
    routes::{self, AppState},
    security, storage,
};

/// How long a request may take, except a piece of a file: that one may take as long as it
/// keeps arriving (its own idle limit is in `documents`), since a phone on a slow connection
/// needs more than this for a megabyte, and cutting it would throw the piece away.
const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(30);

async fn time_limit(request: Request, next: middleware::Next) -> axum::response::Response {
    let piece = request.method() == axum::http::Method::PATCH
        && request.uri().path().starts_with("/api/uploads/");
    if piece {
        return next.run(request).await;
    }
    match tokio::time::timeout(REQUEST_TIME_LIMIT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// A built application, bound to its address, not yet serving.
pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    /// Told when the server stops, so the status pages' open streams end.
    changes: crate::tracking::Changes,
}

impl Application {
    /// Loads and validates the catalogue (refusing bad data), opens and migrates the database,
    /// and binds the address.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let catalogue = Catalogue::load(&config.catalogue_dir).with_context(|| {
            format!("in the catalogue folder {}", config.catalogue_dir.display())
        })?;
        let db = storage::open(&config.data_dir).await?;
        storage::record_catalogue(&db, catalogue.digest(), catalogue.services().len()).await?;
        tracing::info!(
            services = catalogue.services().len(),
            digest = catalogue.digest(),
            "catalogue loaded"
        );

        let persons = Arc::new(PersonsFile::load(&config.persons_file)?);
        tracing::info!(persons = persons.len(), "persons database loaded");
        let notaries = Arc::new(crate::intake::NotaryFile::load(&config.notary_file)?);
        tracing::info!(
            powers_of_attorney = notaries.len(),
            "notary registry loaded"
        );
        if config.demo_accounts {
            let created = accounts::seed_demo(
                &db,
                &persons,
                catalogue.providers(),
                catalogue.branches(),
                &config.demo_accounts_file,
            )
            .await?;
            tracing::info!(created, "demo accounts (embedded default)");
        }

        let pki = crate::pki::Pki::open(&config.data_dir.join("pki"), &config.trust, &db)
            .await
            .context("cannot open the embedded certification authority")?;
        let state = AppState {
            pki,
            changes: crate::tracking::Changes::new(),
            catalogue: Arc::new(catalogue),
            db,
            persons,
            notaries,
            throttle: Throttle::new(config.sign_in.clone()),
            sessions: config.sessions.clone(),
            session_cache: crate::sessions::Cache::default(),
            secure_cookies: config.secure_cookies,
            documents: Documents::new(
                Arc::new(
                    LocalBlobs::new(config.data_dir.join("blobs"))
                        .context("cannot create the blob folder")?,
                ),
                config.data_dir.join("uploads"),
                config.uploads.clone(),
            )
            .context("cannot create the uploads folder")?,
        };
        let changes = state.changes.clone();
        let router = router(state, &config)?;
        let listener = TcpListener::bind(config.address)
            .await
            .with_context(|| format!("cannot listen on {}", config.address))?;
        let address = listener.local_addr()?;
        Ok(Application {
            listener,
            router,
            address,
            changes,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until Ctrl-C or SIGTERM, finishing the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            self.changes.close();
        })
        .await
        .context("the server stopped with an error")
    }
}

fn router(state: AppState, config: &Config) -> anyhow::Result<Router> {
    let mut router = Router::new().merge(routes::api(state)?);
    let index = config.static_dir.join("index.html");
    router = if index.is_file() {
        // Deep links: any path that is not a file is the app, which routes it itself; a path
        // that is no page of the portal still gets the app (it shows a translated "page not
        // found") but with status 404. The build writes .br/.gz beside each file
        // (scripts/precompress.mjs); they are sent as they are.
        let index = ServeFile::new(index)
            .precompressed_br()
            .precompressed_gzip();
        let app = tower::service_fn(move |request: Request| {
            let missing = Route::parse(request.uri().path()) == Route::NotFound;
            let index = index.clone();
            async move {
                let mut response = index.oneshot(request).await?;
                if missing && response.status().is_success() {
                    *response.status_mut() = StatusCode::NOT_FOUND;
                }
                Ok::<_, std::convert::Infallible>(response)
            }
        });
        let files = ServeDir::new(&config.static_dir)
            .precompressed_br()
            .precompressed_gzip();
        router.fallback_service(files.fallback(app))
    } else {
        tracing::warn!(dir = %config.static_dir.display(), "the app is not built: pages answer 503");
        router.fallback(app_not_built)
    };
    let mut router = router
        .layer(middleware::from_fn(security::cache_control))
        .layer(CompressionLayer::new())
        // Bodies are read by extractors, which turn an oversized one into our JSON error (413).
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(middleware::from_fn(time_limit))
        .layer(TraceLayer::new_for_http());
    for header in security::headers() {
        router = router.layer(header);
    }
    Ok(router)
}

async fn app_not_built() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The Qyzmet app is not built yet: run the README's portal command.",
    )
        .into_response()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
