//! What the tests share: test certificates and key stores, and a way to edit a CMS.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

mod certificates;

pub use certificates::*;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo, SignerInfos};
use der::{Any, Decode, Encode};
use qyzmet_signing::{KeyStore, write_key_store};

/// What the tests sign: a request as the adapter would canonicalise it.
pub const REQUEST: &[u8] = br#"{"service":"address-certificate","applicant":"IIN000000000010"}"#;
/// 2024-05-01T10:00:00Z.
pub const SIGNED_AT: u64 = 1_714_557_600;

/// A citizen's key store as the browser would open it, and the chain in it.
pub fn citizen_store(seed: u8) -> (KeyStore, Vec<Vec<u8>>) {
    let (citizen, chain) = citizen(seed);
    let p12 = write_key_store(&citizen.pkcs8(), &chain, "citizen", PASSWORD).unwrap();
    (KeyStore::open(&p12, PASSWORD).unwrap(), chain)
}

pub fn signed_data(cms: &[u8]) -> SignedData {
    ContentInfo::from_der(cms)
        .unwrap()
        .content
        .decode_as()
        .unwrap()
}

/// The CMS's one SignerInfo.
pub fn signer_info(cms: &[u8]) -> SignerInfo {
    signed_data(cms).signer_infos.0.get(0).unwrap().clone()
}

/// Decodes `cms`, lets `edit` change its SignedData, and encodes it again.
pub fn edited(cms: &[u8], edit: impl FnOnce(&mut SignedData)) -> Vec<u8> {
    let mut info = ContentInfo::from_der(cms).unwrap();
    let mut signed_data: SignedData = info.content.decode_as().unwrap();
    edit(&mut signed_data);
    info.content = Any::encode_from(&signed_data).unwrap();
    info.to_der().unwrap()
}

/// Like `edited`, for the one SignerInfo.
pub fn edited_signer(cms: &[u8], edit: impl FnOnce(&mut SignerInfo)) -> Vec<u8> {
    let mut signer = signer_info(cms);
    edit(&mut signer);
    edited(cms, |signed_data| {
        signed_data.signer_infos = SignerInfos::try_from(vec![signer]).unwrap();
    })
}
