//! One component per page of the router.

pub mod catalogue;
pub mod not_found;
pub mod service;
