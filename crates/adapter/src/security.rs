//! Security headers on every answer, and caching rules for the built app's files.
//!
//! The CSP allows no inline script: the build moves Trunk's loader into a file (see
//! `scripts/extract-inline-scripts.mjs`). `'wasm-unsafe-eval'` is what WebAssembly needs to
//! compile and allows no JavaScript `eval`. `connect-src` names NCALayer, the national signing
//! application, at its fixed local address (the sign page talks to it over a WebSocket).

use axum::{
    extract::Request,
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use tower_http::set_header::SetResponseHeaderLayer;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self' wss://127.0.0.1:13579; object-src 'none'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers every response carries.
pub fn headers() -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("permissions-policy"),
            "geolocation=(), microphone=(), camera=(self)",
        ),
    ]
    .into_iter()
    .map(|(name, value)| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)))
    .collect()
}

/// Files whose names carry a content hash never change: cache them for a year. Everything else
/// (the page itself, the API) is revalidated on every use so a new release shows at once.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(value));
    response
}

/// `/qyzmet-3f9a0c2b1d4e5f60_bg.wasm` → true: Trunk names files `name-<hash>`, the hash a
/// 64-bit number in hex without leading zeros (so 12 to 16 digits in practice).
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split(['-', '_', '.']).any(|part| {
        (12..=16).contains(&part.len())
            && part
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    })
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_content_hashed("/qyzmet-3f9a0c2b1d4e5f60_bg.wasm"));
        assert!(is_content_hashed("/main-0123456789abcdef.css"));
        assert!(
            is_content_hashed("/main-af509bffcbee0d9.css"),
            "15 digits: a leading zero dropped"
        );
        assert!(!is_content_hashed("/"));
        assert!(!is_content_hashed("/services/housing-assistance"));
        assert!(!is_content_hashed("/favicon.svg"));
    }
}
