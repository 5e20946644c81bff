//! Sign and submit over HTTP: a test signing certificate from the embedded authority, the
//! canonical form to sign, a detached CMS signature made here with the key file (as the
//! browser makes it), and every reason a signature is refused, each with certificates made in
//! the test.

use base64::Engine;
use qyzmet_domain::{FormDefinition, Role};
use rcgen::{
    CertificateParams, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, Issuer,
    KeyPair, KeyUsagePurpose, PKCS_ECDSA_P256_SHA256,
};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use crate::{
    applications::good_answers,
    support::{Browser, TestApp, spawn_app},
};

pub(crate) const SERVICE: &str = "housing-assistance";
pub(crate) const KEY_PASSWORD: &str = "my-key-file-1";
const SIGNING_EKU: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 4];
const CLIENT_AUTH_EKU: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 2];

pub(crate) fn b64(bytes: impl AsRef<[u8]>) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub(crate) fn unb64(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

/// A draft of `SERVICE` with every question answered and a PNG in each required slot.
pub(crate) async fn complete_draft(app: &TestApp, citizen: &Browser) -> String {
    complete_draft_of(app, citizen, SERVICE).await
}

/// A draft of `service` with every question answered and a PNG in each required slot.
pub(crate) async fn complete_draft_of(app: &TestApp, citizen: &Browser, service: &str) -> String {
    let reply = citizen
        .post("/api/applications", &json!({ "service": service }))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let id = reply.json["id"].as_str().unwrap().to_owned();
    let form: FormDefinition = app
        .get(&format!("/api/services/{service}/form"))
        .await
        .json()
        .await
        .unwrap();
    let answers = good_answers(&form);
    let reply = citizen
        .call(
            reqwest::Method::PATCH,
            &format!("/api/applications/{id}"),
            Some(&json!({ "answers": answers, "seq": 1 })),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let page = app.browser().get(&format!("/api/services/{service}")).await;
    for document in page.json["service"]["documents"].as_array().unwrap() {
        let portal = document["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "portal");
        if document["required"] == true && portal {
            attach(citizen, &id, document["id"].as_str().unwrap()).await;
        }
    }
    id
}

/// A small PNG attached to `slot` with tus in one piece.
pub(crate) async fn attach(citizen: &Browser, application: &str, slot: &str) {
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(2, 2, |x, y| {
        image::Rgb([x as u8 * 100, y as u8 * 100, slot.len() as u8])
    }))
    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
    .unwrap();
    let created = citizen
        .send(
            citizen
                .request(
                    reqwest::Method::POST,
                    &format!("/api/applications/{application}/uploads"),
                )
                .header("tus-resumable", "1.0.0")
                .header("upload-length", png.len().to_string())
                .header(
                    "upload-metadata",
                    format!("slot {},filename {}", b64(slot), b64(format!("{slot}.png"))),
                ),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let location = created.headers["location"].to_str().unwrap().to_owned();
    let done = citizen
        .send(
            citizen
                .request(reqwest::Method::PATCH, &location)
                .header("tus-resumable", "1.0.0")
                .header("upload-offset", "0")
                .header("content-type", "application/offset+octet-stream")
                .body(png),
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.text);
}

/// A test signing certificate from the cabinet: the key file (PKCS#12).
pub(crate) async fn key_file(citizen: &Browser) -> Vec<u8> {
    let reply = citizen
        .send(
            citizen
                .request(reqwest::Method::POST, "/api/certificates")
                .json(&json!({ "password": KEY_PASSWORD })),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.headers["content-type"], "application/x-pkcs12");
    assert!(
        reply.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"),
        "a download"
    );
    reply.bytes.clone()
}

/// What to sign, as the adapter gives it.
pub(crate) async fn canonical(citizen: &Browser, id: &str) -> Vec<u8> {
    let reply = citizen
        .get(&format!("/api/applications/{id}/signing"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    unb64(reply.json["canonical"].as_str().unwrap())
}

pub(crate) fn sign(p12: &[u8], content: &[u8]) -> String {
    let store = qyzmet_signing::KeyStore::open(p12, KEY_PASSWORD).expect("the key file opens");
    let now = OffsetDateTime::now_utc().unix_timestamp() as u64;
    b64(store.sign(content, now).expect("signs"))
}

pub(crate) async fn submit(citizen: &Browser, id: &str, signature: &str) -> crate::support::Reply {
    citizen
        .post(
            &format!("/api/applications/{id}/submission"),
            &json!({ "signature": signature }),
        )
        .await
}

/// A complete draft signed with a fresh test certificate and submitted: its id and receipt.
pub(crate) async fn submitted(app: &TestApp, citizen: &Browser) -> (String, Value) {
    let p12 = key_file(citizen).await;
    let id = complete_draft(app, citizen).await;
    let reply = submit(citizen, &id, &sign(&p12, &canonical(citizen, &id).await)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    (id, reply.json)
}

#[tokio::test]
async fn a_signed_request_is_submitted_once_numbered_and_can_no_longer_change() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let p12 = key_file(&citizen).await;
    let id = complete_draft(&app, &citizen).await;
    let content = canonical(&citizen, &id).await;
    let text = String::from_utf8(content.clone()).unwrap();
    assert!(
        text.contains("\"applicant_iin\":\"850714300127\""),
        "{text}"
    );
    assert!(
        text.contains("\"sha256\":"),
        "the files' hashes are signed: {text}"
    );
    let signature = sign(&p12, &content);

    let reply = submit(&citizen, &id, &signature).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let number = reply.json["number"].as_str().unwrap().to_owned();
    let year = OffsetDateTime::now_utc().year();
    assert_eq!(number, format!("{year}-000001"));
    assert_eq!(reply.json["accepted_by"], "portal");
    assert_eq!(reply.json["applicant"]["iin"], "850714300127");
    assert!(!reply.json["documents"].as_array().unwrap().is_empty());

    // The same submission again (a double click, a retry): the same receipt, nothing new.
    let again = submit(&citizen, &id, &signature).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json["number"], number.as_str());
    // Another signature over the same request: it is submitted already.
    let other = sign(&key_file(&citizen).await, &content);
    let reply = submit(&citizen, &id, &other).await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(
        reply.problems(),
        [("application".into(), "already_submitted".into())]
    );

    // Listed as submitted with its number; no change is taken any more.
    let mine = citizen.get("/api/applications").await;
    assert_eq!(mine.json["applications"][0]["status"], "submitted");
    assert_eq!(mine.json["applications"][0]["number"], number.as_str());
    let reply = citizen
        .call(
            reqwest::Method::PATCH,
            &format!("/api/applications/{id}"),
            Some(&json!({ "answers": { "contact_phone": "8 701 000 00 00" }, "seq": 99 })),
        )
        .await;
    assert_eq!(reply.status, 409, "{}", reply.text);
    assert_eq!(
        citizen
            .delete(&format!("/api/applications/{id}"))
            .await
            .status,
        409
    );
    let receipt = citizen
        .get(&format!("/api/applications/{id}/receipt"))
        .await;
    assert_eq!(receipt.status, 200, "{}", receipt.text);
    assert_eq!(receipt.json["number"], number.as_str());

    // The signed bytes and the signature are kept as they were.
    let db = app.database().await;
    let (kept, kept_signature): (Vec<u8>, Vec<u8>) = sqlx::query_as(
        "SELECT signed_content, signature FROM submissions WHERE application_id = ?",
    )
    .bind(&id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kept, content);
    assert_eq!(b64(kept_signature), signature);

    // Another person cannot read its receipt; the next request gets the next number.
    let second = complete_draft(&app, &citizen).await;
    let reply = submit(
        &citizen,
        &second,
        &sign(&p12, &canonical(&citizen, &second).await),
    )
    .await;
    assert_eq!(
        reply.json["number"],
        format!("{year}-000002").as_str(),
        "{}",
        reply.text
    );
}

#[tokio::test]
async fn a_request_changed_after_signing_is_refused_and_stays_a_draft() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let p12 = key_file(&citizen).await;
    let id = complete_draft(&app, &citizen).await;
    let signature = sign(&p12, &canonical(&citizen, &id).await);
    // An answer changes after signing.
    let reply = citizen
        .call(
            reqwest::Method::PATCH,
            &format!("/api/applications/{id}"),
            Some(&json!({ "answers": { "contact_phone": "8 701 000 00 00" }, "seq": 2 })),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = submit(&citizen, &id, &signature).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(
        reply.problems(),
        [("signature".into(), "content_changed".into())]
    );

    // A file is added after signing.
    let signature = sign(&p12, &canonical(&citizen, &id).await);
    attach(&citizen, &id, "income").await;
    let reply = submit(&citizen, &id, &signature).await;
    assert_eq!(
        reply.problems(),
        [("signature".into(), "content_changed".into())]
    );

    // Garbage is no signature.
    let reply = submit(&citizen, &id, &b64(b"not a signature")).await;
    assert_eq!(
        reply.problems(),
        [("signature".into(), "bad_signature".into())]
    );
    let reply = submit(&citizen, &id, "%%%").await;
    assert_eq!(
        reply.problems(),
        [("signature".into(), "bad_signature".into())]
    );

    let draft = citizen.get(&format!("/api/applications/{id}")).await;
    assert_eq!(draft.json["status"], "draft");
    assert!(draft.json.get("number").is_none());
}

#[tokio::test]
async fn an_incomplete_request_cannot_be_signed() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let reply = citizen
        .post("/api/applications", &json!({ "service": SERVICE }))
        .await;
    let id = reply.json["id"].as_str().unwrap();
    let reply = citizen
        .get(&format!("/api/applications/{id}/signing"))
        .await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    assert_eq!(
        reply.problems(),
        [("application".into(), "incomplete".into())]
    );
}

/// The embedded authority's issuing CA, read from the data folder as the adapter made it.
fn issuing_ca(app: &TestApp) -> (Vec<u8>, KeyPair) {
    let dir = app.data_dir.path().join("pki");
    let der = std::fs::read(dir.join("issuing.der")).unwrap();
    let key =
        KeyPair::from_pem(&std::fs::read_to_string(dir.join("issuing.key.pem")).unwrap()).unwrap();
    (der, key)
}

/// A certificate for `iin` made here, signed by `issuer`, in a key file.
fn made_key_file(
    issuer: &Issuer<'_, &KeyPair>,
    chain: &[Vec<u8>],
    iin: &str,
    from: OffsetDateTime,
    until: OffsetDateTime,
    eku: &[u64],
) -> Vec<u8> {
    let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "ТЕСТ ТЕСТОВ");
    name.push(
        DnType::CustomDnType(vec![2, 5, 4, 5]),
        DnValue::PrintableString(format!("IIN{iin}").try_into().unwrap()),
    );
    params.distinguished_name = name;
    params.not_before = from;
    params.not_after = until;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(eku.to_vec())];
    let certificate = params.signed_by(&key, issuer).unwrap();
    let mut full = vec![certificate.der().to_vec()];
    full.extend_from_slice(chain);
    qyzmet_signing::write_key_store(&key.serialize_der(), &full, "test", KEY_PASSWORD).unwrap()
}

#[tokio::test]
async fn each_certificate_that_may_not_sign_is_refused_with_its_reason() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let id = complete_draft(&app, &citizen).await;
    let content = canonical(&citizen, &id).await;
    let (issuing_der, issuing_key) = issuing_ca(&app);
    let issuer = Issuer::from_ca_cert_der(&issuing_der.clone().into(), &issuing_key).unwrap();
    let chain = vec![issuing_der.clone()];
    let now = OffsetDateTime::now_utc();
    let me = "850714300127";

    // Made by a CA the portal does not trust.
    let stranger_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let mut stranger = CertificateParams::default();
    stranger.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    stranger
        .distinguished_name
        .push(DnType::CommonName, "Not the authority");
    let stranger_der = stranger.self_signed(&stranger_key).unwrap().der().to_vec();
    let stranger_issuer = Issuer::new(stranger, &stranger_key);

    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "certificate_expired",
            made_key_file(
                &issuer,
                &chain,
                me,
                now - Duration::days(30),
                now - Duration::days(1),
                SIGNING_EKU,
            ),
        ),
        (
            "certificate_not_yet_valid",
            made_key_file(
                &issuer,
                &chain,
                me,
                now + Duration::days(1),
                now + Duration::days(30),
                SIGNING_EKU,
            ),
        ),
        (
            "not_for_signing",
            made_key_file(
                &issuer,
                &chain,
                me,
                now - Duration::days(1),
                now + Duration::days(30),
                CLIENT_AUTH_EKU,
            ),
        ),
        (
            "another_persons_certificate",
            made_key_file(
                &issuer,
                &chain,
                "920312400341",
                now - Duration::days(1),
                now + Duration::days(30),
                SIGNING_EKU,
            ),
        ),
        (
            "untrusted_certificate",
            made_key_file(
                &stranger_issuer,
                &[stranger_der],
                me,
                now - Duration::days(1),
                now + Duration::days(30),
                SIGNING_EKU,
            ),
        ),
    ];
    for (reason, p12) in cases {
        let reply = submit(&citizen, &id, &sign(&p12, &content)).await;
        assert_eq!(reply.status, 422, "{reason}: {}", reply.text);
        assert_eq!(
            reply.problems(),
            [("signature".into(), reason.to_owned())],
            "{reason}"
        );
    }

    // A certificate from the cabinet, revoked by the administrator: the CRL says so.
    let p12 = key_file(&citizen).await;
    let serial = citizen.get("/api/certificates").await.json["certificates"][0]["serial"]
        .as_str()
        .unwrap()
        .to_owned();
    let admin = app.signed_in(Role::Administrator).await;
    let reply = admin
        .post(
            &format!("/api/certificates/{serial}/revocation"),
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let crl = app.get("/api/pki/crl").await;
    assert_eq!(crl.headers()["content-type"], "application/pkix-crl");
    let reply = submit(&citizen, &id, &sign(&p12, &content)).await;
    assert_eq!(
        reply.problems(),
        [("signature".into(), "certificate_revoked".into())]
    );
    // A citizen may not revoke.
    let reply = citizen
        .post(
            &format!("/api/certificates/{serial}/revocation"),
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, 403);

    // Still a draft after all of that; a good certificate then submits it.
    let good = key_file(&citizen).await;
    let reply = submit(&citizen, &id, &sign(&good, &content)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}

#[tokio::test]
async fn a_key_file_password_must_be_long_enough() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    for (password, problem) in [("", "empty"), ("12345", "too_short")] {
        let reply = citizen
            .post("/api/certificates", &json!({ "password": password }))
            .await;
        assert_eq!(reply.status, 422, "{}", reply.text);
        assert_eq!(reply.problems(), [("password".into(), problem.into())]);
    }
}

/// A national authority of the test's own (root, issuing CA, CRL), as a production
/// configuration names it: files on disk, the root in PEM, the issuing CA in DER.
struct NationalAuthority {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    issuing: std::path::PathBuf,
    crl: std::path::PathBuf,
    issuing_der: Vec<u8>,
    issuing_key: KeyPair,
}

fn national_authority() -> NationalAuthority {
    let ca = |name: &str, constrained: bool| {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = rcgen::IsCa::Ca(if constrained {
            rcgen::BasicConstraints::Constrained(0)
        } else {
            rcgen::BasicConstraints::Unconstrained
        });
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params
    };
    let root_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let root_params = ca("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST ROOT)", false);
    let root = root_params.self_signed(&root_key).unwrap();
    let issuing_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
    let issuing = ca("ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST SIGN)", true)
        .signed_by(&issuing_key, &Issuer::new(root_params, &root_key))
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let crl = rcgen::CertificateRevocationListParams {
        this_update: now - Duration::minutes(1),
        next_update: now + Duration::days(1),
        crl_number: rcgen::SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: Vec::new(),
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    }
    .signed_by(&Issuer::from_ca_cert_der(issuing.der(), &issuing_key).unwrap())
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (root_file, issuing_file, crl_file) = (
        dir.path().join("root.pem"),
        dir.path().join("issuing.cer"),
        dir.path().join("sign.crl.pem"),
    );
    std::fs::write(&root_file, root.pem()).unwrap();
    std::fs::write(&issuing_file, issuing.der()).unwrap();
    std::fs::write(&crl_file, crl.pem().unwrap()).unwrap();
    NationalAuthority {
        _dir: dir,
        root: root_file,
        issuing: issuing_file,
        crl: crl_file,
        issuing_der: issuing.der().to_vec(),
        issuing_key,
    }
}

#[tokio::test]
async fn production_trusts_the_configured_authority_instead_of_the_embedded_one() {
    let national = national_authority();
    let app = crate::support::spawn_app_with(|config| {
        config.trust.embedded_authority = false;
        config.trust.roots = vec![national.root.clone()];
        config.trust.intermediates = vec![national.issuing.clone()];
        config.trust.crls = vec![national.crl.clone()];
    })
    .await;
    let citizen = app.signed_in(Role::Citizen).await;
    // No test certificates here.
    let reply = citizen
        .post(
            "/api/certificates",
            &json!({ "password": KEY_PASSWORD, "password_repeat": KEY_PASSWORD }),
        )
        .await;
    assert_eq!(reply.status, 404, "{}", reply.text);

    let id = complete_draft(&app, &citizen).await;
    let content = canonical(&citizen, &id).await;
    let now = OffsetDateTime::now_utc();
    let me = "850714300127";
    // The embedded authority (still on disk) is no longer trusted.
    let (embedded_der, embedded_key) = issuing_ca(&app);
    let embedded = Issuer::from_ca_cert_der(&embedded_der.clone().into(), &embedded_key).unwrap();
    let p12 = made_key_file(
        &embedded,
        &[embedded_der],
        me,
        now - Duration::days(1),
        now + Duration::days(30),
        SIGNING_EKU,
    );
    let reply = submit(&citizen, &id, &sign(&p12, &content)).await;
    assert_eq!(
        reply.problems(),
        [("signature".into(), "untrusted_certificate".into())]
    );

    // One from the configured authority, its key file carrying no chain: the configured
    // issuing CA completes it, and its CRL shows it is not revoked.
    let issuer =
        Issuer::from_ca_cert_der(&national.issuing_der.clone().into(), &national.issuing_key)
            .unwrap();
    let p12 = made_key_file(
        &issuer,
        &[],
        me,
        now - Duration::days(1),
        now + Duration::days(30),
        SIGNING_EKU,
    );
    let reply = submit(&citizen, &id, &sign(&p12, &content)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}
