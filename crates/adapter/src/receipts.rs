//! A submitted request's receipt as the applicant keeps it: a printable A4 PDF in Kazakh or
//! Russian, and a QR code that opens the request's page on the portal.
//!
//! The receipt's facts come from [`crate::submissions::receipt`] (which also checks that the
//! caller is the applicant); this module only words and draws them. The PDF embeds a subset
//! of DejaVu Sans (`fonts/`, Bitstream Vera licence), which has every Kazakh letter and ₸.

mod layout;
mod pdf;
mod qr;
mod wording;

use qyzmet_domain::{Lang, Problem, submission::Receipt};

use crate::{catalogue::Catalogue, error::AppError};

pub use qr::QrCode;

/// The language a receipt is asked in: `kk` (the default) or `ru`.
pub fn language(lang: Option<&str>) -> Result<Lang, AppError> {
    match lang {
        None => Ok(Lang::Kk),
        Some(tag) => {
            Lang::from_tag(tag).ok_or_else(|| AppError::invalid("lang", Problem::NotAChoice))
        }
    }
}

/// The request's page in the app, which the QR code opens: `{origin}/applications/{id}`.
pub fn request_url(origin: &str, application: &str) -> String {
    format!(
        "{}/applications/{application}",
        origin.trim_end_matches('/')
    )
}

/// The receipt as a PDF (A4, one page unless the documents are many).
pub fn pdf(
    receipt: &Receipt,
    catalogue: &Catalogue,
    lang: Lang,
    url: &str,
) -> anyhow::Result<Vec<u8>> {
    let service = catalogue
        .services()
        .iter()
        .find(|service| service.id == receipt.service);
    pdf::render(receipt, service, lang, &QrCode::encode(url)?, url)
}

/// The provider's result as a PDF (A4), with a QR code of the request's status page.
pub fn result_pdf(
    result: &crate::results::ResultDocument,
    catalogue: &Catalogue,
    lang: Lang,
    url: &str,
) -> anyhow::Result<Vec<u8>> {
    pdf::render_result(
        result,
        catalogue.service(&result.service),
        lang,
        &QrCode::encode(url)?,
        url,
    )
}

/// A receipt refusing intake as a PDF (A4).
pub fn refusal_pdf(
    refusal: &qyzmet_domain::intake::IntakeRefusal,
    catalogue: &Catalogue,
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    pdf::render_refusal(refusal, catalogue.service(&refusal.service), lang)
}

/// The file name a receipt is downloaded as: `receipt-2026-000001.pdf`.
pub fn file_name(receipt: &Receipt) -> String {
    format!("receipt-{}.pdf", receipt.number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_kazakh_unless_russian_is_asked() {
        assert_eq!(language(None).unwrap(), Lang::Kk);
        assert_eq!(language(Some("kk")).unwrap(), Lang::Kk);
        assert_eq!(language(Some("ru")).unwrap(), Lang::Ru);
        for bad in ["xx", "", "RU", "kk "] {
            assert!(
                matches!(language(Some(bad)), Err(AppError::InvalidFields(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_url_opens_the_request_page() {
        assert_eq!(
            request_url("https://qyzmet.kz/", "a1"),
            "https://qyzmet.kz/applications/a1"
        );
    }
}
