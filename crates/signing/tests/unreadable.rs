//! Signatures this verifier cannot read (`Malformed`) or will not accept (`UnsupportedAlgorithm`).

mod common;

use cms::cert::CertificateChoices;
use cms::signed_data::{CertificateSet, SignerInfos};
use der::Any;
use der::asn1::{ObjectIdentifier, OctetString};
use qyzmet_signing::{SignatureProblem, verify_detached};

use common::{REQUEST, SIGNED_AT, citizen_store, edited, edited_signer, signer_info};

#[test]
fn truncated_or_random_bytes_are_malformed() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let noise: Vec<u8> = (0..cms.len() as u32)
        .map(|i| (i * 7919 % 251) as u8)
        .collect();

    for bytes in [
        &cms[..cms.len() - 1],
        &cms[..cms.len() / 2],
        &noise,
        &[],
        REQUEST,
    ] {
        let verified = verify_detached(bytes, REQUEST);
        assert_eq!(verified, Err(SignatureProblem::Malformed));
    }
}

#[test]
fn a_cms_without_its_signer_certificate_is_malformed() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();

    let none = edited(&cms, |signed_data| signed_data.certificates = None);
    // The issuers are still there, but not the certificate the signer is named by.
    let issuers_only = edited(&cms, |signed_data| {
        let certificates = signed_data.certificates.take().unwrap().0.into_vec();
        let signer = signer_info(&cms).sid;
        let issuers = certificates.into_iter().filter(|choice| match choice {
            CertificateChoices::Certificate(cert) => !names(&signer, cert),
            CertificateChoices::Other(_) => true,
        });
        let issuers = CertificateSet::try_from(issuers.collect::<Vec<_>>()).unwrap();
        signed_data.certificates = Some(issuers);
    });

    for cms in [none, issuers_only] {
        assert_eq!(
            verify_detached(&cms, REQUEST),
            Err(SignatureProblem::Malformed)
        );
    }
}

fn names(sid: &cms::signed_data::SignerIdentifier, cert: &x509_cert::Certificate) -> bool {
    let cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(sid) = sid else {
        unreachable!("the signer is named by issuer and serial number")
    };
    sid.serial_number == cert.tbs_certificate.serial_number
}

#[test]
fn several_signers_no_signed_attributes_or_other_attached_content_are_malformed() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let (other_store, _) = citizen_store(11);
    let second_signer = signer_info(&other_store.sign(REQUEST, SIGNED_AT).unwrap());

    let two_signers = edited(&cms, |signed_data| {
        let signers = vec![signer_info(&cms), second_signer];
        signed_data.signer_infos = SignerInfos::try_from(signers).unwrap();
    });
    let no_signed_attributes = edited_signer(&cms, |signer| signer.signed_attrs = None);
    let other_attached_content = edited(&cms, |signed_data| {
        let other = OctetString::new(&b"another request"[..]).unwrap();
        signed_data.encap_content_info.econtent = Some(Any::encode_from(&other).unwrap());
    });

    for cms in [two_signers, no_signed_attributes, other_attached_content] {
        assert_eq!(
            verify_detached(&cms, REQUEST),
            Err(SignatureProblem::Malformed)
        );
    }
}

#[test]
fn digests_other_than_sha256_are_unsupported() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let sha384 = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
    let ecdsa_with_sha384 = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");

    let digest = edited_signer(&cms, |signer| signer.digest_alg.oid = sha384);
    let signature = edited_signer(&cms, |signer| {
        signer.signature_algorithm.oid = ecdsa_with_sha384
    });

    for cms in [digest, signature] {
        let verified = verify_detached(&cms, REQUEST);
        assert_eq!(verified, Err(SignatureProblem::UnsupportedAlgorithm));
    }
}

#[test]
fn a_signer_key_not_on_p256_is_unsupported() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let signer = signer_info(&cms).sid;
    let secp384r1 = ObjectIdentifier::new_unwrap("1.3.132.0.34");

    // The signer certificate now claims a P-384 key (its own signature does not matter here).
    let p384 = edited(&cms, |signed_data| {
        let certificates = signed_data.certificates.take().unwrap().0.into_vec();
        let certificates = certificates.into_iter().map(|choice| match choice {
            CertificateChoices::Certificate(mut cert) if names(&signer, &cert) => {
                let algorithm = &mut cert.tbs_certificate.subject_public_key_info.algorithm;
                algorithm.parameters = Some(Any::encode_from(&secp384r1).unwrap());
                CertificateChoices::Certificate(cert)
            }
            other => other,
        });
        let certificates = CertificateSet::try_from(certificates.collect::<Vec<_>>()).unwrap();
        signed_data.certificates = Some(certificates);
    });

    let verified = verify_detached(&p384, REQUEST);
    assert_eq!(verified, Err(SignatureProblem::UnsupportedAlgorithm));
}
