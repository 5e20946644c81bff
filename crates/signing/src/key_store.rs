//! PKCS#12 key stores: opening one with its password, and writing one.
//!
//! p12-keystore does the PKCS#12 work. It is built on newer `der`/`pkcs8` releases than the rest
//! of this crate, so only DER bytes cross the boundary (PKCS#8 key bytes, certificate bytes);
//! none of its ASN.1 types leak into this crate's API or mix with ours.

use core::fmt;

use der::Decode;
use p12_keystore::error::Error as P12Error;
use p256::ecdsa::{SigningKey, VerifyingKey};
use p256::pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use crate::verify::p256_key_of;

/// A key store opened with its password: the signing key and its certificate chain.
pub struct KeyStore {
    pub(crate) key: SigningKey,
    /// Parsed once here so that signing cannot fail on it later.
    pub(crate) certificate: Certificate,
    certificate_der: Vec<u8>,
    chain: Vec<Vec<u8>>,
}

/// Why a key store could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// Not a PKCS#12 file, or one this crate cannot read.
    NotAKeyStore,
    /// The password does not open the store (its MAC, or the decryption, fails).
    WrongPassword,
    /// The store holds no private key, or no certificate for its first key.
    NoSigningKey,
    /// The first private key is not an ECDSA P-256 key.
    UnsupportedKey,
}

/// Why a key store could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    /// The key is not a P-256 PKCS#8 key, a certificate is not DER, the chain is empty, the first
    /// certificate is not the key's, or PKCS#12 encoding failed.
    Encoding,
}

// By hand, so that a `{:?}` of a `Result<KeyStore, _>` (in a test, a log line) cannot print the
// private key.
impl fmt::Debug for KeyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyStore")
            .field("key", &"<P-256 private key>")
            .field("certificate_bytes", &self.certificate_der.len())
            .field("chain_len", &self.chain.len())
            .finish()
    }
}

impl KeyStore {
    /// Opens a PKCS#12 file. The first private-key entry is used. Only ECDSA P-256 keys are
    /// supported (UnsupportedKey otherwise).
    ///
    /// The signer's certificate is the store's certificate whose public key is the key's (the
    /// one sharing the key's localKeyId if several do); the chain is every other certificate in
    /// the store that does not belong to another key, in store order, without duplicates.
    pub fn open(p12: &[u8], password: &str) -> Result<KeyStore, OpenError> {
        // The archive keeps bags in store order; p12_keystore::KeyStore would re-order them by
        // alias, which would make "the first key" depend on names.
        let archive =
            p12_keystore::Pkcs12Archive::from_pkcs12(p12, password).map_err(open_error)?;
        let first = archive.keys.first().ok_or(OpenError::NoSigningKey)?;
        let key = SigningKey::from_pkcs8_der(first.key.as_der())
            .map_err(|_| OpenError::UnsupportedKey)?;
        let key_id = first.local_key_id.as_ref().map(|id| id.as_ref());

        let public_key = *key.verifying_key();
        let holds_key = |der: &[u8]| {
            Certificate::from_der(der).is_ok_and(|cert| p256_key_of(&cert) == Ok(public_key))
        };
        let candidates: Vec<_> = archive
            .certs
            .iter()
            .filter(|bag| holds_key(bag.cert.as_der()))
            .collect();
        // A renewed certificate may sit next to the old one: prefer the one the store ties to
        // the key by localKeyId.
        let signer_bag = candidates
            .iter()
            .find(|bag| key_id.is_some() && bag.local_key_id.as_deref() == key_id)
            .or(candidates.first())
            .ok_or(OpenError::NoSigningKey)?;
        let certificate =
            Certificate::from_der(signer_bag.cert.as_der()).map_err(|_| OpenError::NoSigningKey)?;
        let certificate_der = signer_bag.cert.as_der().to_vec();

        let mut chain: Vec<Vec<u8>> = Vec::new();
        for bag in &archive.certs {
            let der = bag.cert.as_der();
            // A certificate with another localKeyId is another key's, not one of our issuers.
            let other_keys = bag.local_key_id.is_some() && bag.local_key_id.as_deref() != key_id;
            if !other_keys && der != certificate_der.as_slice() && !chain.iter().any(|c| c == der) {
                chain.push(der.to_vec());
            }
        }
        Ok(KeyStore {
            key,
            certificate,
            certificate_der,
            chain,
        })
    }

    /// The signer's certificate, DER.
    pub fn certificate(&self) -> &[u8] {
        &self.certificate_der
    }

    /// The rest of the chain in the store (issuers), DER, in store order.
    pub fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }
}

/// p12-keystore checks the MAC first, and then decrypts: a failing MAC, cipher or padding means
/// the password; anything else (a DER error, an unknown structure or algorithm) the file.
///
/// A store without a MAC whose decryption with a wrong password happens to end in valid padding
/// (about 1 in 256) then fails as DER, and is reported as `NotAKeyStore`: nothing tells the two
/// apart. Real stores carry a MAC.
fn open_error(error: P12Error) -> OpenError {
    match error {
        P12Error::MacError(_) | P12Error::Pkcs5Error(_) | P12Error::UnpadError => {
            OpenError::WrongPassword
        }
        _ => OpenError::NotAKeyStore,
    }
}

/// Writes a password-protected PKCS#12 file (PBES2 with HMAC-SHA256 and AES-256, MAC
/// HMAC-SHA256, as p12-keystore writes by default) holding `key_pkcs8_der` (a P-256 private
/// key, PKCS#8 DER) and its chain `chain_der` (the certificate first, then its issuers), under
/// the alias `alias`.
///
/// The salts and IVs come from the system's randomness (in a browser, `crypto.getRandomValues`),
/// so two calls give different bytes.
pub fn write_key_store(
    key_pkcs8_der: &[u8],
    chain_der: &[Vec<u8>],
    alias: &str,
    password: &str,
) -> Result<Vec<u8>, WriteError> {
    // Checked here, because `KeyStore::open` could not use the file otherwise: it wants a P-256
    // key and a certificate for it.
    let key = SigningKey::from_pkcs8_der(key_pkcs8_der).map_err(|_| WriteError::Encoding)?;
    let leaf = chain_der.first().ok_or(WriteError::Encoding)?;
    let leaf_cert = Certificate::from_der(leaf).map_err(|_| WriteError::Encoding)?;
    if p256_key_of(&leaf_cert) != Ok(VerifyingKey::from(&key)) {
        return Err(WriteError::Encoding);
    }

    let certs = chain_der
        .iter()
        .map(|der| p12_keystore::Certificate::from_der(der))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| WriteError::Encoding)?;
    let private_key =
        p12_keystore::PrivateKey::from_der(key_pkcs8_der).map_err(|_| WriteError::Encoding)?;
    // The localKeyId ties the key bag to its certificate bag; any unique value does. A hash of
    // the certificate is stable and needs no randomness.
    let local_key_id = Sha256::digest(leaf);
    let chain = p12_keystore::PrivateKeyChain::new(local_key_id.as_slice(), private_key, certs);

    let mut store = p12_keystore::KeyStore::new();
    store.add_entry(alias, p12_keystore::KeyStoreEntry::PrivateKeyChain(chain));
    store
        .writer(password)
        .write()
        .map_err(|_| WriteError::Encoding)
}
