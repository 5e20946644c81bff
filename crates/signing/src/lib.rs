//! The electronic digital signature of a request.
//!
//! - The browser app (wasm32) opens the citizen's PKCS#12 key store with its password and signs
//!   the request there, so the private key never leaves the browser: [`KeyStore::open`],
//!   [`KeyStore::sign`].
//! - The adapter (native) checks what was signed: [`verify_detached`]. Whether the certificate
//!   is trusted, valid and not revoked is the adapter's business (rustls-webpki), not this
//!   crate's.
//! - The adapter issues test certificates and hands them out as key stores:
//!   [`write_key_store`].
//!
//! A signature is a detached CMS SignedData (RFC 5652), SHA-256 and ECDSA P-256, with the
//! content-type, message-digest and signing-time signed attributes: what OpenSSL's
//! `cms -sign -binary` makes and `cms -verify` checks.
//!
//! No I/O and no clock: the caller passes the bytes and the signing time.

mod key_store;
mod oid;
mod sign;
mod verify;

pub use key_store::{KeyStore, OpenError, WriteError, write_key_store};
pub use sign::SignError;
pub use verify::{SignatureProblem, Verified, verify_detached};
