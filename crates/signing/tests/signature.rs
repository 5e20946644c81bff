//! Signing a request, and verifying the detached CMS: what it says, and what tampering it catches.

mod common;

use cms::cert::CertificateChoices;
use cms::signed_data::{CertificateSet, SignerIdentifier};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode};
use qyzmet_signing::{SignatureProblem, verify_detached};
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;

use common::{REQUEST, SIGNED_AT, citizen, citizen_store, edited, edited_signer, signed_data};

#[test]
fn a_signature_verifies_and_names_its_signer_and_time() {
    let (store, chain) = citizen_store(10);

    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();

    let verified = verify_detached(&cms, REQUEST).unwrap();
    assert_eq!(verified.signer_certificate, chain[0]);
    assert_eq!(verified.signing_time, Some(SIGNED_AT));
    // The issuers travel with the signature; a SET OF has no order to compare.
    let mut others = verified.other_certificates;
    others.sort();
    let mut issuers = chain[1..].to_vec();
    issuers.sort();
    assert_eq!(others, issuers);
}

#[test]
fn the_signature_is_detached_and_names_the_signer_by_issuer_and_serial() {
    let (store, chain) = citizen_store(10);

    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();

    let signed_data = signed_data(&cms);
    assert_eq!(signed_data.encap_content_info.econtent, None);
    let signer = signed_data.signer_infos.0.get(0).unwrap();
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &signer.sid else {
        panic!("the signer is not named by issuer and serial number");
    };
    let certificate = Certificate::from_der(&chain[0]).unwrap().tbs_certificate;
    assert_eq!(sid.issuer, certificate.issuer);
    assert_eq!(sid.serial_number, certificate.serial_number);
}

#[test]
fn signing_times_round_trip_as_utc_time_and_generalized_time() {
    let (store, _) = citizen_store(10);
    // 2049-12-31T23:59:59Z is the last UTCTime; a second later needs GeneralizedTime.
    for at in [0, 2_524_607_999, 2_524_608_000, 4_102_444_800] {
        let cms = store.sign(REQUEST, at).unwrap();
        assert_eq!(
            verify_detached(&cms, REQUEST).unwrap().signing_time,
            Some(at)
        );
    }
}

#[test]
fn the_same_content_key_and_time_give_the_same_bytes() {
    // RFC 6979: the ECDSA nonce comes from the key and the message, not from randomness.
    let (store, _) = citizen_store(10);
    let once = store.sign(REQUEST, SIGNED_AT).unwrap();

    assert_eq!(store.sign(REQUEST, SIGNED_AT).unwrap(), once);
    assert_ne!(store.sign(REQUEST, SIGNED_AT + 1).unwrap(), once);
}

#[test]
fn attached_content_equal_to_the_request_verifies() {
    let (store, chain) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();

    let attached = edited(&cms, |signed_data| {
        let content = OctetString::new(REQUEST).unwrap();
        signed_data.encap_content_info.econtent = Some(Any::encode_from(&content).unwrap());
    });

    let verified = verify_detached(&attached, REQUEST).unwrap();
    assert_eq!(verified.signer_certificate, chain[0]);
}

#[test]
fn a_signer_named_by_subject_key_identifier_is_found() {
    let (store, chain) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let certificate = Certificate::from_der(&chain[0]).unwrap();
    let mut extensions = certificate.tbs_certificate.extensions.iter().flatten();
    let ski_oid = ObjectIdentifier::new_unwrap("2.5.29.14");
    let ski = extensions.find(|ext| ext.extn_id == ski_oid).unwrap();
    let ski = SubjectKeyIdentifier::from_der(ski.extn_value.as_bytes()).unwrap();

    // The SignerIdentifier is not signed: naming the signer another way keeps the signature.
    let by_ski = edited_signer(&cms, |signer| {
        signer.sid = SignerIdentifier::SubjectKeyIdentifier(ski)
    });

    let verified = verify_detached(&by_ski, REQUEST).unwrap();
    assert_eq!(verified.signer_certificate, chain[0]);
}

#[test]
fn content_changed_by_one_byte_is_reported() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let mut changed = REQUEST.to_vec();
    changed[REQUEST.len() - 3] ^= 0x01;

    let problem = Err(SignatureProblem::ContentChanged);
    assert_eq!(verify_detached(&cms, &changed), problem);
    assert_eq!(verify_detached(&cms, &REQUEST[1..]), problem);
}

#[test]
fn an_altered_signature_value_is_a_bad_signature() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    // Inside s, the last byte: still a DER ECDSA-Sig-Value, of another signature.
    let inside_s: fn(&mut [u8]) = |signature| *signature.last_mut().unwrap() ^= 0x01;
    // The SEQUENCE tag: no longer DER at all, and still a bad signature rather than a bad CMS.
    let not_der: fn(&mut [u8]) = |signature| signature[0] ^= 0x01;

    for alter in [inside_s, not_der] {
        let tampered = edited_signer(&cms, |signer| {
            let mut signature = signer.signature.as_bytes().to_vec();
            alter(&mut signature);
            signer.signature = OctetString::new(signature).unwrap();
        });
        let verified = verify_detached(&tampered, REQUEST);
        assert_eq!(verified, Err(SignatureProblem::BadSignature));
    }
}

#[test]
fn a_signer_certificate_swapped_for_another_is_a_bad_signature() {
    let (store, _) = citizen_store(10);
    let (_, other_chain) = citizen(11);
    let other = Certificate::from_der(&other_chain[0]).unwrap();
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();

    // Another valid certificate from the same CA, carried instead and named as the signer.
    let swapped = edited(&cms, |signed_data| {
        let certificates = vec![CertificateChoices::Certificate(other.clone())];
        signed_data.certificates = Some(CertificateSet::try_from(certificates).unwrap());
    });
    let swapped = edited_signer(&swapped, |signer| {
        let SignerIdentifier::IssuerAndSerialNumber(sid) = &mut signer.sid else {
            unreachable!("the signer is named by issuer and serial number")
        };
        sid.serial_number = other.tbs_certificate.serial_number.clone();
    });

    let verified = verify_detached(&swapped, REQUEST);
    assert_eq!(verified, Err(SignatureProblem::BadSignature));
}

#[test]
fn a_changed_signing_time_is_a_bad_signature() {
    let (store, _) = citizen_store(10);
    let cms = store.sign(REQUEST, SIGNED_AT).unwrap();
    let signing_time = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
    let later = UtcTime::from_unix_duration(std::time::Duration::from_secs(SIGNED_AT + 1)).unwrap();

    // A second later: the message digest still matches, but this is not what was signed.
    let later = edited_signer(&cms, |signer| {
        let attributes = signer.signed_attrs.take().unwrap().into_vec();
        let attributes = attributes.into_iter().map(|mut attribute| {
            if attribute.oid == signing_time {
                let value = Any::encode_from(&later).unwrap();
                attribute.values = SetOfVec::try_from(vec![value]).unwrap();
            }
            attribute
        });
        let attributes = SetOfVec::try_from(attributes.collect::<Vec<_>>()).unwrap();
        signer.signed_attrs = Some(attributes);
    });

    let verified = verify_detached(&later, REQUEST);
    assert_eq!(verified, Err(SignatureProblem::BadSignature));
}
