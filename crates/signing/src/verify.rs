//! Verifying a detached CMS SignedData (RFC 5652), SHA-256 and ECDSA P-256.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedAttributes, SignedData, SignerIdentifier};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Any, Decode, Encode};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::time::Time;

use crate::oid::{
    ECDSA_WITH_SHA256, ID_CONTENT_TYPE, ID_DATA, ID_EC_PUBLIC_KEY, ID_MESSAGE_DIGEST, ID_SHA256,
    ID_SIGNED_DATA, ID_SIGNING_TIME, SECP256R1, SUBJECT_KEY_IDENTIFIER,
};

/// What a verified signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The signer's certificate, DER (as found in the CMS by issuerAndSerialNumber or SKI).
    pub signer_certificate: Vec<u8>,
    /// Every certificate the CMS carries except the signer's, DER (possible intermediates).
    /// In the CMS's order, which DER sorts (a SET OF): not necessarily issuer after issuer.
    pub other_certificates: Vec<Vec<u8>>,
    /// The signing-time attribute, if present, as Unix seconds.
    pub signing_time: Option<u64>,
}

/// Why a signature does not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureProblem {
    /// Not a DER CMS SignedData, or one this verifier cannot read (several signers, no signer
    /// certificate, no signed attributes, attached content that differs, …).
    Malformed,
    /// The message-digest attribute does not match `content`: the request changed after signing.
    ContentChanged,
    /// The signature value does not verify with the signer certificate's public key.
    BadSignature,
    /// A digest or signature algorithm other than SHA-256 / ECDSA P-256.
    UnsupportedAlgorithm,
}

/// Verifies a detached CMS signature over `content`: exactly one SignerInfo; digest SHA-256;
/// signed attributes required (content-type must be id-data, message-digest must equal
/// SHA-256(content)); the signature verified over the DER encoding of the signed attributes
/// as a SET OF (RFC 5652 §5.4) with the signer certificate's P-256 public key. It does NOT
/// check the certificate chain, validity or revocation (the adapter does that with rustls-webpki).
/// If the CMS carries encapsulated content (not detached), it must equal `content`.
pub fn verify_detached(cms: &[u8], content: &[u8]) -> Result<Verified, SignatureProblem> {
    use SignatureProblem::{BadSignature, ContentChanged, Malformed, UnsupportedAlgorithm};

    let info = ContentInfo::from_der(cms).map_err(|_| Malformed)?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(Malformed);
    }
    let signed_data: SignedData = info.content.decode_as().map_err(|_| Malformed)?;
    let [signer] = signed_data.signer_infos.0.as_slice() else {
        return Err(Malformed);
    };
    if signer.digest_alg.oid != ID_SHA256 {
        return Err(UnsupportedAlgorithm);
    }
    // Some signers name the key's algorithm instead of ecdsa-with-SHA256; with the digest fixed
    // to SHA-256 above, both mean the same verification.
    if ![ECDSA_WITH_SHA256, ID_EC_PUBLIC_KEY].contains(&signer.signature_algorithm.oid) {
        return Err(UnsupportedAlgorithm);
    }

    let certificates: Vec<&Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(cert) => Some(cert),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let signer_cert = *certificates
        .iter()
        .find(|cert| identifies(&signer.sid, cert))
        .ok_or(Malformed)?;
    let public_key = p256_key_of(signer_cert)?;

    let encapsulated = &signed_data.encap_content_info;
    if encapsulated.econtent_type != ID_DATA {
        return Err(Malformed);
    }
    if let Some(attached) = &encapsulated.econtent {
        let attached: OctetString = attached.decode_as().map_err(|_| Malformed)?;
        if attached.as_bytes() != content {
            return Err(Malformed);
        }
    }

    let attributes = signer.signed_attrs.as_ref().ok_or(Malformed)?;
    let content_type: ObjectIdentifier = single_value(attributes, ID_CONTENT_TYPE)?
        .ok_or(Malformed)?
        .decode_as()
        .map_err(|_| Malformed)?;
    let message_digest: OctetString = single_value(attributes, ID_MESSAGE_DIGEST)?
        .ok_or(Malformed)?
        .decode_as()
        .map_err(|_| Malformed)?;
    let signing_time = match single_value(attributes, ID_SIGNING_TIME)? {
        Some(value) => {
            // A CHOICE (UTCTime or GeneralizedTime), so decoded from its whole TLV.
            let der = value.to_der().map_err(|_| Malformed)?;
            let time = Time::from_der(&der).map_err(|_| Malformed)?;
            Some(time.to_unix_duration().as_secs())
        }
        None => None,
    };
    if content_type != ID_DATA {
        return Err(Malformed);
    }
    if message_digest.as_bytes() != Sha256::digest(content).as_slice() {
        return Err(ContentChanged);
    }

    // RFC 5652 §5.4: the signature covers the attributes' DER as an explicit SET OF, not the
    // [0] IMPLICIT form they travel in. `der` sorts a SET OF when decoding, so a signer that
    // sent unsorted attributes is checked against their DER order, as OpenSSL does too.
    let signed_bytes = attributes.to_der().map_err(|_| Malformed)?;
    // A damaged signature value may no longer be a DER ECDSA-Sig-Value at all: still a bad
    // signature, not a malformed CMS.
    let signature = Signature::from_der(signer.signature.as_bytes()).map_err(|_| BadSignature)?;
    public_key
        .verify(&signed_bytes, &signature)
        .map_err(|_| BadSignature)?;

    let signer_certificate = signer_cert.to_der().map_err(|_| Malformed)?;
    let other_certificates = certificates
        .iter()
        .filter(|cert| !core::ptr::eq(**cert, signer_cert))
        .map(|cert| cert.to_der().map_err(|_| Malformed))
        .collect::<Result<_, _>>()?;
    Ok(Verified {
        signer_certificate,
        other_certificates,
        signing_time,
    })
}

/// Whether `cert` is the one the SignerIdentifier names.
fn identifies(sid: &SignerIdentifier, cert: &Certificate) -> bool {
    let tbs = &cert.tbs_certificate;
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            id.issuer == tbs.issuer && id.serial_number == tbs.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => tbs
            .extensions
            .iter()
            .flatten()
            .filter(|ext| ext.extn_id == SUBJECT_KEY_IDENTIFIER)
            .any(|ext| {
                SubjectKeyIdentifier::from_der(ext.extn_value.as_bytes()).as_ref() == Ok(ski)
            }),
    }
}

/// The one value of the signed attribute `oid`, if the attribute is there. RFC 5652 §11 allows
/// content-type, message-digest and signing-time once, with one value each.
fn single_value(
    attributes: &SignedAttributes,
    oid: ObjectIdentifier,
) -> Result<Option<&Any>, SignatureProblem> {
    let mut found = attributes.iter().filter(|attr| attr.oid == oid);
    match (found.next(), found.next()) {
        (None, _) => Ok(None),
        (Some(attr), None) if attr.values.len() == 1 => Ok(attr.values.get(0)),
        _ => Err(SignatureProblem::Malformed),
    }
}

/// The certificate's public key: `UnsupportedAlgorithm` if it is not an EC key on P-256,
/// `Malformed` if it is not a point on the curve.
pub(crate) fn p256_key_of(cert: &Certificate) -> Result<VerifyingKey, SignatureProblem> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as().ok());
    if spki.algorithm.oid != ID_EC_PUBLIC_KEY || curve != Some(SECP256R1) {
        return Err(SignatureProblem::UnsupportedAlgorithm);
    }
    let point = spki
        .subject_public_key
        .as_bytes()
        .ok_or(SignatureProblem::Malformed)?;
    VerifyingKey::from_sec1_bytes(point).map_err(|_| SignatureProblem::Malformed)
}
