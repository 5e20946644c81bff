//! The built app on the same origin: deep links, caching, and the security headers.

use crate::support::{spawn_app, spawn_app_with_pages};

#[tokio::test]
async fn deep_links_are_answered_with_the_app() {
    let app = spawn_app_with_pages().await;
    // A path that is no page of the portal gets the app too (it says "page not found"), as 404.
    for (path, status) in [
        ("/", 200),
        ("/services/foster-care", 200),
        ("/no/such/page", 404),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert_eq!(
            response.headers()["cache-control"],
            "no-cache",
            "the page is revalidated"
        );
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("<title>Қызмет</title>")
        );
    }
}

#[tokio::test]
async fn content_hashed_files_are_cached_for_a_year() {
    let app = spawn_app_with_pages().await;
    let response = app.get("/qyzmet-0123456789abcdef_bg.wasm").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn the_builds_brotli_files_are_sent_to_browsers_that_accept_them() {
    let app = spawn_app_with_pages().await;
    let path = "/qyzmet-0123456789abcdef_bg.wasm";
    let response = app
        .client
        .get(app.url(path))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let response = app.get(path).await;
    assert!(response.headers().get("content-encoding").is_none());
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"\0asm");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app_with_pages().await;
    for path in ["/", "/api/services", "/api/no-such"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline"),
            "{path}: no inline script or style"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn without_a_built_app_pages_say_so_and_the_api_still_works() {
    let app = spawn_app().await;
    assert_eq!(app.get("/").await.status(), 503);
    assert_eq!(app.get("/api/services").await.status(), 200);
}
