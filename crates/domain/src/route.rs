//! The portal's pages and their URLs. The app routes with it; the adapter may use it to tell a
//! page from a missing one.

/// The pages the portal has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Catalogue,
    /// `/services/{id}`: a service id is a slug, so it is taken as it is (an encoded id names
    /// no service, and the page says so).
    Service(String),
    SignIn,
    Register,
    /// The personal cabinet of whoever is signed in.
    Cabinet,
    /// The administrator's list of accounts.
    Accounts,
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        match segments.as_slice() {
            [""] => Route::Catalogue,
            ["", "services", id] if !id.is_empty() => Route::Service((*id).to_owned()),
            ["", "sign-in"] => Route::SignIn,
            ["", "register"] => Route::Register,
            ["", "cabinet"] => Route::Cabinet,
            ["", "admin", "accounts"] => Route::Accounts,
            _ => Route::NotFound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn parses_every_kind_of_page() {
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
        assert_eq!(Route::parse("/sign-in"), Route::SignIn);
        assert_eq!(Route::parse("/register/"), Route::Register);
        assert_eq!(Route::parse("/cabinet"), Route::Cabinet);
        assert_eq!(Route::parse("/admin/accounts"), Route::Accounts);
        assert_eq!(Route::parse("/admin"), Route::NotFound);
        assert_eq!(Route::parse("services/x"), Route::NotFound);
    }
}
