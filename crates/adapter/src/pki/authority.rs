//! The embedded certification authority: a root and an issuing CA made on first start under
//! the data folder, which issue test signing certificates and sign the revocation list. It
//! plays the national authority (НУЦ РК) so the whole portal runs on one machine.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DistinguishedName,
    DnType, DnValue, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    PKCS_ECDSA_P256_SHA256, RevocationReason, RevokedCertParams, SerialNumber,
};
use time::OffsetDateTime;

/// The extended key usage of a signing certificate (id-kp-emailProtection), as the national
/// authority's signing certificates carry and NCALayer asks for.
pub const SIGNING_EKU: &[u64] = &[1, 3, 6, 1, 5, 5, 7, 3, 4];

pub struct Authority {
    root: Vec<u8>,
    issuing: Vec<u8>,
    issuing_key: KeyPair,
}

/// A certificate the authority issued, with its private key (PKCS#8 DER) for the key file.
pub struct Issued {
    pub certificate: Vec<u8>,
    pub key_pkcs8: Vec<u8>,
    pub serial: String,
}

/// Who a signing certificate is for.
pub struct Holder<'a> {
    pub iin: &'a str,
    pub surname: &'a str,
    pub name: &'a str,
}

impl Authority {
    /// Loads the authority from `dir`, creating it on first start.
    pub fn open_or_create(dir: &Path) -> anyhow::Result<Authority> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let files = Files::in_dir(dir);
        if !files.issuing_key.exists() {
            create(&files)?;
        }
        let read = |path: &PathBuf| {
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
        };
        let issuing_key = KeyPair::from_pem(&String::from_utf8(read(&files.issuing_key)?)?)
            .context("the issuing CA's key does not load")?;
        Ok(Authority {
            root: read(&files.root)?,
            issuing: read(&files.issuing)?,
            issuing_key,
        })
    }

    /// The root certificate (DER): the trust anchor.
    pub fn root(&self) -> &[u8] {
        &self.root
    }

    /// The issuing CA's certificate (DER): the intermediate of every certificate issued.
    pub fn issuing(&self) -> &[u8] {
        &self.issuing
    }

    fn issuer(&self) -> anyhow::Result<Issuer<'static, &KeyPair>> {
        Issuer::from_ca_cert_der(&self.issuing.clone().into(), &self.issuing_key)
            .context("the issuing CA's certificate does not parse")
    }

    /// A signing certificate for `holder`, valid from `not_before` to `not_after`, with a new
    /// P-256 key. `usage` is the extended key usage (the signing one, except in tests).
    pub fn issue(
        &self,
        holder: &Holder<'_>,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        usage: &[u64],
    ) -> anyhow::Result<Issued> {
        self.sign_certificate(holder_name(holder)?, not_before, not_after, usage)
    }

    /// A signing certificate of a provider (the seal its head signs results with): CN and O
    /// the provider's name, OU its id, with a new P-256 key.
    pub fn issue_for_provider(
        &self,
        provider_id: &str,
        provider_name: &str,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> anyhow::Result<Issued> {
        let mut name = DistinguishedName::new();
        let short: String = provider_name.chars().take(64).collect();
        name.push(DnType::CommonName, short.clone());
        name.push(DnType::OrganizationName, short);
        name.push(DnType::OrganizationalUnitName, provider_id);
        name.push(DnType::CountryName, "KZ");
        self.sign_certificate(name, not_before, not_after, SIGNING_EKU)
    }

    /// A certificate for signing (digital signature, non-repudiation, the EKU `usage`) of
    /// `name`, with a new P-256 key, signed by the issuing CA.
    fn sign_certificate(
        &self,
        name: DistinguishedName,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        usage: &[u64],
    ) -> anyhow::Result<Issued> {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
        let mut params = CertificateParams::default();
        params.distinguished_name = name;
        params.not_before = not_before;
        params.not_after = not_after;
        let serial = random_serial()?;
        params.serial_number = Some(SerialNumber::from_slice(&serial));
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(usage.to_vec())];
        params.key_identifier_method = KeyIdMethod::Sha256;
        let certificate = params.signed_by(&key, &self.issuer()?)?;
        Ok(Issued {
            certificate: certificate.der().to_vec(),
            key_pkcs8: key.serialize_der(),
            serial: hex(&serial),
        })
    }

    /// The certificate revocation list: every revoked serial (hex) with its time, signed by
    /// the issuing CA, numbered `number`, valid for a day.
    pub fn revocation_list(
        &self,
        revoked: &[(String, i64)],
        number: u64,
    ) -> anyhow::Result<Vec<u8>> {
        let now = OffsetDateTime::now_utc();
        let revoked_certs = revoked
            .iter()
            .map(|(serial, at)| {
                Ok(RevokedCertParams {
                    serial_number: SerialNumber::from_slice(&unhex(serial)?),
                    revocation_time: OffsetDateTime::from_unix_timestamp(*at)?,
                    reason_code: Some(RevocationReason::Unspecified),
                    invalidity_date: None,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let params = CertificateRevocationListParams {
            this_update: now - time::Duration::minutes(1),
            next_update: now + time::Duration::days(1),
            crl_number: SerialNumber::from_slice(&number.to_be_bytes()),
            issuing_distribution_point: None,
            revoked_certs,
            key_identifier_method: KeyIdMethod::Sha256,
        };
        Ok(params.signed_by(&self.issuer()?)?.der().to_vec())
    }
}

struct Files {
    root: PathBuf,
    root_key: PathBuf,
    issuing: PathBuf,
    issuing_key: PathBuf,
}

impl Files {
    fn in_dir(dir: &Path) -> Files {
        Files {
            root: dir.join("root.der"),
            root_key: dir.join("root.key.pem"),
            issuing: dir.join("issuing.der"),
            issuing_key: dir.join("issuing.key.pem"),
        }
    }
}

fn ca_params(common_name: &str, years: i64) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CountryName, "KZ");
    name.push(DnType::OrganizationName, "Qyzmet (embedded test authority)");
    name.push(DnType::CommonName, common_name);
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let now = OffsetDateTime::now_utc();
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(365 * years);
    params.key_identifier_method = KeyIdMethod::Sha256;
    params
}

/// Makes the root and the issuing CA. The issuing key is written last: its presence says the
/// authority is whole.
fn create(files: &Files) -> anyhow::Result<()> {
    let root_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let root_params = ca_params("Qyzmet Root CA (test)", 20);
    let root = root_params.self_signed(&root_key)?;
    let issuing_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
    let mut issuing_params = ca_params("Qyzmet Signing CA (test)", 10);
    issuing_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let issuing = issuing_params.signed_by(&issuing_key, &Issuer::new(root_params, &root_key))?;
    write(&files.root, root.der(), false)?;
    write(&files.root_key, root_key.serialize_pem().as_bytes(), true)?;
    write(&files.issuing, issuing.der(), false)?;
    write(
        &files.issuing_key,
        issuing_key.serialize_pem().as_bytes(),
        true,
    )?;
    Ok(())
}

pub(crate) fn write(path: &Path, bytes: &[u8], secret: bool) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// The holder's name as the national authority writes it: CN "SURNAME NAME", SURNAME,
/// GIVENNAME, SERIALNUMBER "IIN" + the 12 digits, C "KZ".
fn holder_name(holder: &Holder<'_>) -> anyhow::Result<DistinguishedName> {
    let mut name = DistinguishedName::new();
    let upper = |s: &str| s.to_uppercase();
    name.push(
        DnType::CommonName,
        format!("{} {}", upper(holder.surname), upper(holder.name)),
    );
    name.push(
        DnType::CustomDnType(vec![2, 5, 4, 4]),
        upper(holder.surname),
    );
    name.push(DnType::CustomDnType(vec![2, 5, 4, 42]), upper(holder.name));
    name.push(
        DnType::CustomDnType(vec![2, 5, 4, 5]),
        DnValue::PrintableString(format!("IIN{}", holder.iin).try_into()?),
    );
    name.push(DnType::CountryName, "KZ");
    Ok(name)
}

/// 16 random bytes, the top bit clear so the DER integer stays positive and 16 bytes long.
fn random_serial() -> anyhow::Result<[u8; 16]> {
    let mut serial = [0u8; 16];
    getrandom::fill(&mut serial).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    serial[0] = (serial[0] & 0x7f) | 0x10;
    Ok(serial)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> anyhow::Result<Vec<u8>> {
    anyhow::ensure!(text.len() % 2 == 0, "odd hex");
    (0..text.len())
        .step_by(2)
        .map(|i| Ok(u8::from_str_radix(&text[i..i + 2], 16)?))
        .collect()
}
