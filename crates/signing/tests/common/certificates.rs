//! Test certificates, made here: a root, an intermediate and leaves, all ECDSA P-256.
//!
//! The keys come from fixed bytes, so the tests need no randomness and every run signs the same
//! way.

use std::str::FromStr;
use std::time::Duration;

use der::asn1::UtcTime;
use der::{Decode, Encode};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::EncodePrivateKey;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

pub const PASSWORD: &str = "Qyzmet-2024!";

/// A key and its certificate, DER.
pub struct Identity {
    pub key: SigningKey,
    pub certificate: Vec<u8>,
}

impl Identity {
    pub fn pkcs8(&self) -> Vec<u8> {
        self.key.to_pkcs8_der().unwrap().as_bytes().to_vec()
    }
}

/// A key from fixed bytes: tests with the same `seed` get the same key.
pub fn key(seed: u8) -> SigningKey {
    SigningKey::from_slice(&[seed; 32]).unwrap()
}

/// A certificate for `key`, named `subject`, signed by `issuer` (self-signed without one).
pub fn certificate(
    key: &SigningKey,
    subject: &str,
    serial: u32,
    issuer: Option<&Identity>,
    profile: Profile,
) -> Vec<u8> {
    let at =
        |unix: u64| Time::UtcTime(UtcTime::from_unix_duration(Duration::from_secs(unix)).unwrap());
    let validity = Validity {
        not_before: at(1_700_000_000),
        not_after: at(2_000_000_000),
    };
    let public_key = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).unwrap();
    let signer = issuer.map_or(key, |issuer| &issuer.key);
    CertificateBuilder::new(
        profile,
        SerialNumber::from(serial),
        validity,
        Name::from_str(subject).unwrap(),
        public_key,
        signer,
    )
    .unwrap()
    .build::<DerSignature>()
    .unwrap()
    .to_der()
    .unwrap()
}

fn subject_of(certificate: &[u8]) -> Name {
    x509_cert::Certificate::from_der(certificate)
        .unwrap()
        .tbs_certificate
        .subject
}

pub fn root() -> Identity {
    let key = key(1);
    let certificate = certificate(&key, "CN=Qyzmet Test Root,O=Qyzmet", 1, None, Profile::Root);
    Identity { key, certificate }
}

pub fn intermediate(root: &Identity) -> Identity {
    let key = key(2);
    let profile = Profile::SubCA {
        issuer: subject_of(&root.certificate),
        path_len_constraint: Some(0),
    };
    let certificate = certificate(&key, "CN=Qyzmet Test CA,O=Qyzmet", 2, Some(root), profile);
    Identity { key, certificate }
}

/// A citizen's certificate from `ca`; `seed` picks the key (and the serial number).
pub fn leaf(ca: &Identity, seed: u8) -> Identity {
    let key = key(seed);
    let profile = Profile::Leaf {
        issuer: subject_of(&ca.certificate),
        enable_key_agreement: false,
        enable_key_encipherment: false,
    };
    let subject = format!("CN=Citizen {seed},SERIALNUMBER=IIN{seed:012}");
    let certificate = certificate(&key, &subject, 100 + u32::from(seed), Some(ca), profile);
    Identity { key, certificate }
}

/// A citizen's certificate with its whole chain: leaf, intermediate, root.
pub fn citizen(seed: u8) -> (Identity, Vec<Vec<u8>>) {
    let root = root();
    let ca = intermediate(&root);
    let leaf = leaf(&ca, seed);
    let chain = vec![leaf.certificate.clone(), ca.certificate, root.certificate];
    (leaf, chain)
}
