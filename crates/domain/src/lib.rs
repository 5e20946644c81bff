//! Types and rules shared by the Qyzmet app and adapter.
//!
//! No I/O here: the same code builds for the browser (wasm32) and the server, so a rule is
//! written once and checked in both places with the same words.

pub mod account;
pub mod application;
pub mod booking;
pub mod calendar;
pub mod catalogue;
pub mod certificate;
pub mod decode;
pub mod document;
pub mod duration;
pub mod error;
pub mod form;
pub mod iin;
pub mod intake;
pub mod lang;
pub mod plural;
pub mod provider;
pub mod queue;
pub mod route;
pub mod search;
pub mod submission;
pub mod timeline;
pub mod tracking;
pub mod workflow;

pub use account::{
    AccountList, AccountSummary, Address, FieldProblem, Person, PersonsDatabase, Problem,
    Registration, Role, SessionInfo, SignIn,
};
pub use application::{Application, ApplicationList, ApplicationSummary, Progress};
pub use catalogue::{
    Act, ActKind, Channel, ChannelEntry, Document, Region, Regulation, Service, ServiceList,
    ServicePage, ServiceSummary, Source, Stage, Total,
};
pub use document::{AttachedFile, DocumentList, UploadProgress};
pub use duration::{Duration, DurationSum};
pub use error::{ApiError, ErrorCode};
pub use form::{Answers, Day, Field, FieldKind, FormDefinition, FormPage};
pub use iin::{Iin, IinError};
pub use lang::{Lang, Text};
pub use plural::{PluralForm, plural_form};
pub use route::{Route, Step, application_path};
pub use submission::{RequestNumber, SignedDocument, SignedRequest, SigningContent, Submission};
