//! Qyzmet's backend adapter.
//!
//! In its embedded default it plays the government back office on one machine: the catalogue
//! from `data/`, SQLite and files under the data folder. Modules follow the request's path:
//! `config` → `startup` (router, layers) → `access` (who may call what) → `routes` (one file per
//! action) → `accounts` / `sessions` / `catalogue` / `applications` / `documents` / `storage`; `error` is the one place an error becomes an HTTP answer.

pub mod access;
pub mod accounts;
pub mod applications;
pub mod catalogue;
pub mod centre;
pub mod clock;
pub mod config;
pub mod documents;
pub mod error;
pub mod hall_devices;
pub mod intake;
pub mod pki;
pub mod queue;
pub mod receipts;
pub mod results;
pub mod routes;
pub mod security;
pub mod sessions;
pub mod startup;
pub mod storage;
pub mod submissions;
pub mod telemetry;
pub mod tracking;
pub mod workbench;
