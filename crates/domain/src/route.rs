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
    /// `/workbench`: provider staff's list of their provider's requests.
    Workbench,
    /// `/workbench/{id}`: one request as provider staff work on it.
    Case(String),
    /// `/centre`: a service-centre operator's desk: a new request on a citizen's behalf, the
    /// branch's day.
    Centre,
    /// `/centre/results`: find a request by number or IIN, hand out its result; results kept
    /// past their month.
    CentreResults,
    /// `/centre/refusals/{id}`: a receipt refusing intake of an incomplete package.
    IntakeRefusal(String),
    /// `/branches`: the service centres with their hours.
    Branches,
    /// `/branches/{id}`: one service centre, its hours and the days ahead.
    Branch(String),
    /// `/queue/book[?branch=…&move=…]`: book a visit to a service centre, or move a booking.
    QueueBook,
    /// `/queue/bookings/{id}`: a booking's ticket: its code, QR code, time and place.
    QueueBooking(String),
    /// `/queue/hall/{branch}`: the hall's kiosk: a walk-in ticket, or check in with a code.
    QueueHall(String),
    /// `/queue/board/{branch}`: the hall's display of the calls.
    QueueBoard(String),
    /// `/centre/queue`: an operator calls the next ticket to their window.
    CentreQueue,
    /// `/applications/{id}[/{step}]`: a request being filled in. Without a step the app goes
    /// to the first page still to answer.
    Application {
        id: String,
        step: Option<Step>,
    },
    NotFound,
}

/// Where in a request: one of its form pages, the document checklist, check-your-answers,
/// signing, or (once submitted) its receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Page(String),
    Documents,
    Check,
    Sign,
    Receipt,
    /// Once submitted: where it is, and its result.
    Status,
}

impl Step {
    /// Path segments that are not a form page (form ids may not use them).
    pub const RESERVED: [&'static str; 5] = ["documents", "check", "sign", "receipt", "status"];

    pub fn parse(segment: &str) -> Step {
        match segment {
            "documents" => Step::Documents,
            "check" => Step::Check,
            "sign" => Step::Sign,
            "receipt" => Step::Receipt,
            "status" => Step::Status,
            page => Step::Page(page.to_owned()),
        }
    }

    pub fn segment(&self) -> &str {
        match self {
            Step::Page(page) => page,
            Step::Documents => "documents",
            Step::Check => "check",
            Step::Sign => "sign",
            Step::Receipt => "receipt",
            Step::Status => "status",
        }
    }
}

/// The path of a step of a request.
pub fn application_path(id: &str, step: &Step) -> String {
    format!("/applications/{id}/{}", step.segment())
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
            ["", "workbench"] => Route::Workbench,
            ["", "centre"] => Route::Centre,
            ["", "centre", "results"] => Route::CentreResults,
            ["", "centre", "queue"] => Route::CentreQueue,
            ["", "queue", "book"] => Route::QueueBook,
            ["", "queue", "bookings", id] if !id.is_empty() => {
                Route::QueueBooking((*id).to_owned())
            }
            ["", "queue", "hall", id] if !id.is_empty() => Route::QueueHall((*id).to_owned()),
            ["", "queue", "board", id] if !id.is_empty() => Route::QueueBoard((*id).to_owned()),
            ["", "centre", "refusals", id] if !id.is_empty() => {
                Route::IntakeRefusal((*id).to_owned())
            }
            ["", "workbench", id] if !id.is_empty() => Route::Case((*id).to_owned()),
            ["", "branches"] => Route::Branches,
            ["", "branches", id] if !id.is_empty() => Route::Branch((*id).to_owned()),
            ["", "applications", id] if !id.is_empty() => Route::Application {
                id: (*id).to_owned(),
                step: None,
            },
            ["", "applications", id, step] if !id.is_empty() && !step.is_empty() => {
                Route::Application {
                    id: (*id).to_owned(),
                    step: Some(Step::parse(step)),
                }
            }
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
        assert_eq!(Route::parse("/centre"), Route::Centre);
        assert_eq!(Route::parse("/branches"), Route::Branches);
        assert_eq!(
            Route::parse("/branches/inder"),
            Route::Branch("inder".into())
        );
        assert_eq!(Route::parse("/branches/inder/x"), Route::NotFound);
        assert_eq!(Route::parse("/centre/results"), Route::CentreResults);
        assert_eq!(Route::parse("/centre/queue"), Route::CentreQueue);
        assert_eq!(Route::parse("/queue/book"), Route::QueueBook);
        assert_eq!(
            Route::parse("/queue/bookings/b1"),
            Route::QueueBooking("b1".into())
        );
        assert_eq!(
            Route::parse("/queue/hall/inder"),
            Route::QueueHall("inder".into())
        );
        assert_eq!(
            Route::parse("/queue/board/inder/"),
            Route::QueueBoard("inder".into())
        );
        assert_eq!(Route::parse("/queue/board"), Route::NotFound);
        assert_eq!(
            Route::parse("/centre/refusals/r1"),
            Route::IntakeRefusal("r1".into())
        );
        assert_eq!(Route::parse("/sign-in"), Route::SignIn);
        assert_eq!(Route::parse("/register/"), Route::Register);
        assert_eq!(Route::parse("/cabinet"), Route::Cabinet);
        assert_eq!(Route::parse("/admin/accounts"), Route::Accounts);
        assert_eq!(Route::parse("/admin"), Route::NotFound);
        assert_eq!(Route::parse("/workbench"), Route::Workbench);
        assert_eq!(Route::parse("/workbench/ab12"), Route::Case("ab12".into()));
        assert_eq!(
            Route::parse("/applications/ab12/status"),
            Route::Application {
                id: "ab12".into(),
                step: Some(super::Step::Status)
            }
        );
        assert_eq!(Route::parse("services/x"), Route::NotFound);
        assert_eq!(
            Route::parse("/applications/ab12"),
            Route::Application {
                id: "ab12".into(),
                step: None
            }
        );
        assert_eq!(
            Route::parse("/applications/ab12/dwelling"),
            Route::Application {
                id: "ab12".into(),
                step: Some(super::Step::Page("dwelling".into()))
            }
        );
        assert_eq!(
            Route::parse("/applications/ab12/check/"),
            Route::Application {
                id: "ab12".into(),
                step: Some(super::Step::Check)
            }
        );
        assert_eq!(Route::parse("/applications/"), Route::NotFound);
        assert_eq!(Route::parse("/applications/a/b/c"), Route::NotFound);
    }
}
