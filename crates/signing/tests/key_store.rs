//! Opening and writing PKCS#12 key stores.

mod common;

use common::{PASSWORD, citizen, root};
use p12_keystore::{EncryptionAlgorithm, KeyStoreEntry, MacAlgorithm, PrivateKeyChain};
use qyzmet_signing::{KeyStore, OpenError, WriteError, write_key_store};

/// A store written with p12-keystore directly, for shapes `write_key_store` does not make.
fn store_of(entries: Vec<(&str, KeyStoreEntry)>) -> p12_keystore::KeyStore {
    let mut store = p12_keystore::KeyStore::new();
    for (alias, entry) in entries {
        store.add_entry(alias, entry);
    }
    store
}

fn p12_certificate(der: &[u8]) -> p12_keystore::Certificate {
    p12_keystore::Certificate::from_der(der).unwrap()
}

#[test]
fn a_written_store_opens_with_its_password_and_gives_back_the_certificate_and_chain() {
    let (citizen, chain) = citizen(10);
    let p12 = write_key_store(&citizen.pkcs8(), &chain, "citizen", PASSWORD).unwrap();

    let store = KeyStore::open(&p12, PASSWORD).unwrap();

    assert_eq!(store.certificate(), chain[0].as_slice());
    assert_eq!(store.chain(), &chain[1..]);
}

#[test]
fn the_wrong_password_does_not_open_a_store() {
    let (citizen, chain) = citizen(10);
    let p12 = write_key_store(&citizen.pkcs8(), &chain, "citizen", PASSWORD).unwrap();

    assert_eq!(
        KeyStore::open(&p12, "qyzmet-2024!").unwrap_err(),
        OpenError::WrongPassword
    );
    assert_eq!(
        KeyStore::open(&p12, "").unwrap_err(),
        OpenError::WrongPassword
    );
}

#[test]
fn bytes_that_are_not_pkcs12_are_not_a_key_store() {
    let (_, chain) = citizen(10);
    let noise: Vec<u8> = (0..600u32).map(|i| (i * 7919 % 251) as u8).collect();
    for bytes in [&b""[..], b"not a key store", &noise, &chain[0]] {
        assert_eq!(
            KeyStore::open(bytes, PASSWORD).unwrap_err(),
            OpenError::NotAKeyStore
        );
    }
}

#[test]
fn a_truncated_store_is_not_a_key_store() {
    let (citizen, chain) = citizen(10);
    let p12 = write_key_store(&citizen.pkcs8(), &chain, "citizen", PASSWORD).unwrap();

    let opened = KeyStore::open(&p12[..p12.len() - 1], PASSWORD);

    assert_eq!(opened.unwrap_err(), OpenError::NotAKeyStore);
}

#[test]
fn a_store_of_certificates_only_has_no_signing_key() {
    let root = root();
    let store = store_of(vec![(
        "root",
        KeyStoreEntry::Certificate(p12_certificate(&root.certificate)),
    )]);
    let p12 = store.writer(PASSWORD).write().unwrap();

    assert_eq!(
        KeyStore::open(&p12, PASSWORD).unwrap_err(),
        OpenError::NoSigningKey
    );
}

#[test]
fn a_key_that_is_not_p256_is_unsupported() {
    // An Ed25519 private key (RFC 8410), PKCS#8.
    let mut ed25519 = vec![
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    ed25519.extend([7; 32]);
    let (_, chain) = citizen(10);
    let key = p12_keystore::PrivateKey::from_der(&ed25519).unwrap();
    let entry = PrivateKeyChain::new(&b"id"[..], key, [p12_certificate(&chain[0])]);
    let p12 = store_of(vec![("ed", KeyStoreEntry::PrivateKeyChain(entry))])
        .writer(PASSWORD)
        .write()
        .unwrap();

    assert_eq!(
        KeyStore::open(&p12, PASSWORD).unwrap_err(),
        OpenError::UnsupportedKey
    );
}

#[test]
fn a_key_without_its_certificate_has_no_signing_key() {
    let (citizen, chain) = citizen(10);
    let key = p12_keystore::PrivateKey::from_der(&citizen.pkcs8()).unwrap();
    // The store's only certificate is the root's, not the key's.
    let entry = PrivateKeyChain::new(&b"id"[..], key, [p12_certificate(&chain[2])]);
    let p12 = store_of(vec![("citizen", KeyStoreEntry::PrivateKeyChain(entry))])
        .writer(PASSWORD)
        .write()
        .unwrap();

    assert_eq!(
        KeyStore::open(&p12, PASSWORD).unwrap_err(),
        OpenError::NoSigningKey
    );
}

#[test]
fn a_legacy_triple_des_store_opens() {
    // The shape of older national-authority stores: PBES1 3DES, MAC HMAC-SHA1.
    let (citizen, chain) = citizen(10);
    let key = p12_keystore::PrivateKey::from_der(&citizen.pkcs8()).unwrap();
    let entry = PrivateKeyChain::new(&b"id"[..], key, chain.iter().map(|c| p12_certificate(c)));
    let p12 = store_of(vec![("citizen", KeyStoreEntry::PrivateKeyChain(entry))])
        .writer(PASSWORD)
        .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
        .mac_algorithm(MacAlgorithm::HmacSha1)
        .write()
        .unwrap();

    let store = KeyStore::open(&p12, PASSWORD).unwrap();

    assert_eq!(store.certificate(), chain[0].as_slice());
    assert_eq!(store.chain(), &chain[1..]);
    assert_eq!(
        KeyStore::open(&p12, "wrong").unwrap_err(),
        OpenError::WrongPassword
    );
}

#[test]
fn writing_refuses_a_certificate_that_is_not_the_keys() {
    let (citizen, chain) = citizen(10);
    let (_, other_chain) = common::citizen(11);

    let mismatched = [other_chain[0].clone(), chain[1].clone()];
    assert_eq!(
        write_key_store(&citizen.pkcs8(), &mismatched, "c", PASSWORD),
        Err(WriteError::Encoding)
    );
    assert_eq!(
        write_key_store(&citizen.pkcs8(), &[], "c", PASSWORD),
        Err(WriteError::Encoding)
    );
    assert_eq!(
        write_key_store(b"not a key", &chain, "c", PASSWORD),
        Err(WriteError::Encoding)
    );
    // The same key with its own chain is written: the refusals above are about the inputs.
    assert!(write_key_store(&citizen.pkcs8(), &chain, "c", PASSWORD).is_ok());
}
