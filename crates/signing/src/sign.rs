//! Signing: a detached CMS SignedData (RFC 5652), SHA-256 and ECDSA P-256.

use core::time::Duration;

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::SetOfVec;
use der::{Any, DateTime, Decode, Encode};
use p256::ecdsa::DerSignature;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::time::Time;

use crate::key_store::KeyStore;
use crate::oid::{ID_DATA, ID_SHA256, ID_SIGNING_TIME};

/// Why a signature could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignError {
    /// The CMS could not be encoded (or the signing time is past the year 9999).
    Encoding,
}

impl KeyStore {
    /// A detached CMS SignedData (RFC 5652) over `content`, DER-encoded ContentInfo:
    /// digest SHA-256, signature ecdsa-with-SHA256 (DER-encoded ECDSA signature), eContentType
    /// id-data with no eContent (detached), signer identified by issuerAndSerialNumber, the
    /// signer certificate included in `certificates`, and signed attributes content-type,
    /// message-digest and signing-time (UTCTime/GeneralizedTime from `signing_time_unix`,
    /// seconds since 1970).
    ///
    /// The rest of the store's chain is included in `certificates` too, so that a verifier
    /// that knows only the root can build the path. ECDSA nonces are derived from the key and
    /// the message (RFC 6979): signing needs no randomness, and the same input gives the same
    /// bytes.
    pub fn sign(&self, content: &[u8], signing_time_unix: u64) -> Result<Vec<u8>, SignError> {
        let digest = Sha256::digest(content);
        let detached = EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        };
        let tbs = &self.certificate.tbs_certificate;
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        });

        // The builder adds content-type and message-digest itself; signing-time is ours because
        // its own helper reads the system clock, which wasm32 does not have.
        let mut signer = SignerInfoBuilder::new(&self.key, sid, sha256(), &detached, Some(&digest))
            .map_err(encoding)?;
        signer
            .add_signed_attribute(signing_time(signing_time_unix)?)
            .map_err(encoding)?;

        let mut signed_data = SignedDataBuilder::new(&detached);
        signed_data
            .add_digest_algorithm(sha256())
            .map_err(encoding)?;
        // `KeyStore::open` leaves no duplicates in the chain: the builder would panic on one
        // (certificates is a SET OF). An issuer `der` cannot read is left out rather than
        // making every signature fail: the issuers are a courtesy to the verifier.
        let chain = self
            .chain()
            .iter()
            .filter_map(|der| Certificate::from_der(der).ok());
        for cert in core::iter::once(self.certificate.clone()).chain(chain) {
            signed_data
                .add_certificate(CertificateChoices::Certificate(cert))
                .map_err(encoding)?;
        }
        signed_data
            .add_signer_info::<_, DerSignature>(signer)
            .map_err(encoding)?;
        signed_data
            .build()
            .map_err(encoding)?
            .to_der()
            .map_err(encoding)
    }
}

fn sha256() -> AlgorithmIdentifierOwned {
    // Parameters absent, as RFC 5754 §2 prefers for SHA-2.
    AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    }
}

/// RFC 5652 §11.3: UTCTime through 2049, GeneralizedTime from 2050.
fn signing_time(unix_seconds: u64) -> Result<Attribute, SignError> {
    let at = DateTime::from_unix_duration(Duration::from_secs(unix_seconds)).map_err(encoding)?;
    let time = match der::asn1::UtcTime::from_date_time(at) {
        Ok(utc) => Time::UtcTime(utc),
        Err(_) => Time::GeneralTime(der::asn1::GeneralizedTime::from_date_time(at)),
    };
    let value = Any::encode_from(&time).map_err(encoding)?;
    let values = SetOfVec::try_from(vec![value]).map_err(encoding)?;
    Ok(Attribute {
        oid: ID_SIGNING_TIME,
        values,
    })
}

/// Every failure while signing is an encoding failure: the inputs were checked when the store
/// was opened.
fn encoding<E>(_: E) -> SignError {
    SignError::Encoding
}
