//! The portal's pages and their URLs. The app routes with it; the adapter may use it to tell a
//! page from a missing one.

/// The pages the portal has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Catalogue,
    /// `/services/{id}`: a service id is a slug, so it is taken as it is (an encoded id names
    /// no service, and the page says so).
    Service(String),
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        match segments.as_slice() {
            [""] => Route::Catalogue,
            ["", "services", id] if !id.is_empty() => Route::Service((*id).to_owned()),
            _ => Route::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn parses_the_three_kinds_of_page() {
        assert_eq!(Route::parse("/"), Route::Catalogue);
        assert_eq!(Route::parse(""), Route::Catalogue);
        assert_eq!(
            Route::parse("/services/foster-care"),
            Route::Service("foster-care".into())
        );
        assert_eq!(
            Route::parse("/services/foster-care/"),
            Route::Service("foster-care".into())
        );
        assert_eq!(Route::parse("/services/"), Route::NotFound);
        assert_eq!(Route::parse("/services/a/b"), Route::NotFound);
        assert_eq!(Route::parse("/no/such"), Route::NotFound);
        assert_eq!(Route::parse("services/x"), Route::NotFound);
    }
}
