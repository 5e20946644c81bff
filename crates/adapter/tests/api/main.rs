//! The adapter over HTTP: each test starts the real server on a free port with a fresh SQLite
//! file, and talks to it with an HTTP client. Files mirror the routes they test.

mod access;
mod accounts;
mod applications;
mod catalogue_data;
mod crash;
mod decode;
mod documents;
mod health;
mod intake;
mod pages;
mod queue;
mod receipts;
mod services;
mod sessions;
mod submissions;
mod support;
mod workbench;
