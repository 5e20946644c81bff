//! What a file is, by its content alone: its first bytes name the type, and its last bytes
//! must close that type properly. A file that also carries markup or an archive (a polyglot a
//! browser or an unzipper might read as something else) is refused.

use qyzmet_domain::Problem;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Jpeg,
    Png,
}

impl Kind {
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
        }
    }
}

/// How many bytes of each end `check` looks at.
pub const WINDOW: usize = 64 * 1024;

/// The type named by the first bytes.
pub fn kind(head: &[u8]) -> Result<Kind, Problem> {
    if head.is_empty() {
        return Err(Problem::EmptyFile);
    }
    if head.starts_with(b"%PDF-") {
        return Ok(Kind::Pdf);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Ok(Kind::Png);
    }
    // ISO base media: `....ftyp<brand>`; these brands are HEIF/HEIC (iPhone photos).
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let brand = &head[8..12];
        let heif: [&[u8]; 8] = [
            b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
        ];
        if heif.contains(&brand) {
            return Err(Problem::Heic);
        }
    }
    Err(Problem::WrongType)
}

/// Checks the whole file from its two ends (`head`: the first `WINDOW` bytes, `tail`: the last).
pub fn check(head: &[u8], tail: &[u8]) -> Result<Kind, Problem> {
    let kind = kind(head)?;
    let closed = match kind {
        Kind::Png => tail.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]),
        // Some encoders pad after the end marker.
        Kind::Jpeg => trim_end(tail, |b| b == 0).ends_with(&[0xFF, 0xD9]),
        Kind::Pdf => {
            let end = trim_end(tail, |b| b.is_ascii_whitespace());
            let last = &end[end.len().saturating_sub(1024)..];
            contains(last, b"%%EOF")
        }
    };
    if !closed {
        return Err(Problem::Damaged);
    }
    if [head, tail].iter().any(|part| polyglot(part)) {
        return Err(Problem::Damaged);
    }
    Ok(kind)
}

fn trim_end(bytes: &[u8], strip: impl Fn(u8) -> bool) -> &[u8] {
    let keep = bytes.iter().rposition(|&b| !strip(b)).map_or(0, |i| i + 1);
    &bytes[..keep]
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Markup a browser would run, or a ZIP archive's headers (JAR, DOCX…), inside the file.
fn polyglot(bytes: &[u8]) -> bool {
    const MARKUP: [&[u8]; 6] = [
        b"<script",
        b"<html",
        b"<!doctype html",
        b"<svg",
        b"<iframe",
        b"<body",
    ];
    let lower = bytes.to_ascii_lowercase();
    MARKUP.iter().any(|m| contains(&lower, m))
        || contains(bytes, b"PK\x03\x04")
        || contains(bytes, b"PK\x05\x06")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_END: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];

    fn png(body: &[u8]) -> Vec<u8> {
        let mut file = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        file.extend_from_slice(body);
        file.extend_from_slice(&PNG_END);
        file
    }

    #[test]
    fn names_the_three_types_by_content() {
        assert_eq!(check(&png(b"IHDR"), &png(b"IHDR")), Ok(Kind::Png));
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 0xFF, 0xD9, 0, 0];
        assert_eq!(check(&jpeg, &jpeg), Ok(Kind::Jpeg));
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
        assert_eq!(check(pdf, pdf), Ok(Kind::Pdf));
    }

    #[test]
    fn refuses_what_is_not_one_of_them() {
        assert_eq!(kind(b""), Err(Problem::EmptyFile));
        assert_eq!(kind(b"MZ\x90\x00"), Err(Problem::WrongType));
        assert_eq!(kind(b"<!DOCTYPE html><html>"), Err(Problem::WrongType));
        assert_eq!(
            kind(b"\x00\x00\x00\x18ftypheic\x00\x00"),
            Err(Problem::Heic)
        );
        assert_eq!(
            kind(b"\x00\x00\x00\x18ftypisom\x00\x00"),
            Err(Problem::WrongType)
        );
    }

    #[test]
    fn refuses_a_cut_or_double_file() {
        let cut = &png(b"IHDR")[..10];
        assert_eq!(check(cut, cut), Err(Problem::Damaged));
        let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\n";
        assert_eq!(check(pdf, pdf), Err(Problem::Damaged));
        let html = png(b"<HTML><script>alert(1)</script>");
        assert_eq!(check(&html, &html), Err(Problem::Damaged));
        let zip = png(b"PK\x03\x04rest");
        assert_eq!(check(&zip, &zip), Err(Problem::Damaged));
    }
}
