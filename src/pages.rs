//! One component per page of the router.

pub mod accounts;
pub mod application;
pub mod branches;
pub mod cabinet;
pub mod catalogue;
pub mod centre;
pub mod certificates;
pub mod not_found;
pub mod queue;
pub mod register;
pub mod service;
pub mod sign_in;
pub mod workbench;
