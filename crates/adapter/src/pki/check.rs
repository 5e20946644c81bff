//! The checks the regulations ask of a signer's certificate (000 §10, 002 §16): it chains to a
//! trusted authority, is within its validity period, is not revoked, is one for signing, and
//! carries the applicant's IIN. Chain, validity and revocation are rustls-webpki's; the key
//! usage bits and the IIN (in the subject's serial number, as `IIN` + 12 digits) are read here.

use std::time::Duration;

use qyzmet_domain::Problem;
use rustls_pki_types::{CertificateDer, UnixTime};
use webpki::{
    EndEntityCert, KeyUsage, OwnedCertRevocationList, RevocationCheckDepth,
    RevocationOptionsBuilder, UnknownStatusPolicy,
};

/// id-kp-emailProtection (1.3.6.1.5.5.7.3.4) as DER content bytes, for rustls-webpki.
const SIGNING_EKU_DER: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04];

/// What the portal trusts: its roots, the intermediates it knows, and the revocation lists.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    pub roots: Vec<Vec<u8>>,
    pub intermediates: Vec<Vec<u8>>,
    pub crls: Vec<Vec<u8>>,
}

/// Checks `signer` (DER) at `now` (Unix seconds) for a request by `iin`. `carried` are the
/// other certificates the signature brought (possible intermediates).
pub fn check_signer(
    trust: &Trust,
    signer: &[u8],
    carried: &[Vec<u8>],
    iin: &str,
    now: u64,
) -> Result<(), Problem> {
    check_signing_certificate(trust, signer, carried, now)?;
    let (_, parsed) =
        x509_parser::parse_x509_certificate(signer).map_err(|_| Problem::UntrustedCertificate)?;
    if subject_iin(&parsed).as_deref() != Some(iin) {
        return Err(Problem::AnotherPersonsCertificate);
    }
    Ok(())
}

/// The provider a certificate was issued to (its subject's organisational unit holds the
/// provider's id), for a result signed by a provider.
pub fn subject_provider(signer: &[u8]) -> Option<String> {
    let (_, parsed) = x509_parser::parse_x509_certificate(signer).ok()?;
    parsed
        .subject()
        .iter_organizational_unit()
        .find_map(|attribute| attribute.as_str().ok().map(str::to_owned))
}

/// Everything `check_signer` checks but the holder: chain, validity, revocation, and that the
/// certificate is one for signing.
pub fn check_signing_certificate(
    trust: &Trust,
    signer: &[u8],
    carried: &[Vec<u8>],
    now: u64,
) -> Result<(), Problem> {
    let der = CertificateDer::from(signer);
    let end_entity = EndEntityCert::try_from(&der).map_err(|_| Problem::UntrustedCertificate)?;
    let anchors = trust
        .roots
        .iter()
        .filter_map(|root| {
            webpki::anchor_from_trusted_cert(&CertificateDer::from(root.as_slice()))
                .ok()
                .map(|anchor| anchor.to_owned())
        })
        .collect::<Vec<_>>();
    let intermediates: Vec<CertificateDer<'_>> = trust
        .intermediates
        .iter()
        .chain(carried)
        .map(|c| CertificateDer::from(c.as_slice()))
        .collect();
    let crls = trust
        .crls
        .iter()
        .map(|crl| OwnedCertRevocationList::from_der(crl).map(webpki::CertRevocationList::from))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| Problem::UntrustedCertificate)?;
    let crl_refs: Vec<&webpki::CertRevocationList<'_>> = crls.iter().collect();
    let revocation = RevocationOptionsBuilder::new(&crl_refs)
        .map_err(|_| Problem::UntrustedCertificate)?
        // The authorities' own certificates are checked by their roots' operators; a signer
        // whose authority published no list here is refused, not waved through.
        .with_depth(RevocationCheckDepth::EndEntity)
        .with_status_policy(UnknownStatusPolicy::Deny)
        .build();
    end_entity
        .verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &anchors,
            &intermediates,
            UnixTime::since_unix_epoch(Duration::from_secs(now)),
            // rustls-webpki applies this to every certificate of the path, and authorities'
            // certificates carry no EKU: so "if present" there, and the signer's own EKU is
            // required below.
            KeyUsage::required_if_present(SIGNING_EKU_DER),
            Some(revocation),
            None,
        )
        .map_err(chain_problem)?;
    let (_, parsed) =
        x509_parser::parse_x509_certificate(signer).map_err(|_| Problem::UntrustedCertificate)?;
    if let Ok(Some(usage)) = parsed.key_usage() {
        if !usage.value.digital_signature() && !usage.value.non_repudiation() {
            return Err(Problem::NotForSigning);
        }
    }
    let signing_eku = x509_parser::der_parser::oid!(1.3.6.1.5.5.7.3.4);
    let for_signing = matches!(parsed.extended_key_usage(),
        Ok(Some(eku)) if eku.value.other.contains(&signing_eku) || eku.value.email_protection);
    if !for_signing {
        return Err(Problem::NotForSigning);
    }
    Ok(())
}

#[allow(deprecated)] // RequiredEkuNotFound: still what older paths report
fn chain_problem(error: webpki::Error) -> Problem {
    match error {
        webpki::Error::CertExpired { .. } => Problem::CertificateExpired,
        webpki::Error::CertNotValidYet { .. } => Problem::CertificateNotYetValid,
        webpki::Error::CertRevoked => Problem::CertificateRevoked,
        webpki::Error::RequiredEkuNotFound | webpki::Error::RequiredEkuNotFoundContext(_) => {
            Problem::NotForSigning
        }
        _ => Problem::UntrustedCertificate,
    }
}

/// The IIN in the subject's serial number (`IIN` + 12 digits), as the national authority
/// writes it.
fn subject_iin(certificate: &x509_parser::certificate::X509Certificate<'_>) -> Option<String> {
    certificate
        .subject()
        .iter_by_oid(&x509_parser::oid_registry::OID_X509_SERIALNUMBER)
        .filter_map(|attribute| attribute.as_str().ok())
        .find_map(|text| {
            let digits = text.strip_prefix("IIN")?;
            (digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.to_owned())
        })
}
