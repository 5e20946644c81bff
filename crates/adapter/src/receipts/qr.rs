//! The QR code of a request's page: its module matrix, drawn by the PDF as vector squares and
//! written here as an SVG of `<rect>` elements only (no script, no style, nothing to load).

use std::fmt::Write;

use qrcode::{Color, EcLevel};

/// The light margin a reader needs around the code, in modules (ISO/IEC 18004).
pub const QUIET_ZONE: usize = 4;

/// CSS pixels per module in the SVG: a version 4 code (a typical URL) is then 328 px wide
/// with its quiet zone, which a phone camera reads from a screen at arm's length.
const SVG_MODULE_PX: usize = 8;

/// A QR code's dark and light modules, without the quiet zone.
#[derive(Clone, Debug)]
pub struct QrCode {
    width: usize,
    dark: Vec<bool>,
}

impl QrCode {
    /// Encodes `text` with error correction level M (15 %): enough for a creased or
    /// smudged printout, while the code stays small.
    pub fn encode(text: &str) -> anyhow::Result<QrCode> {
        let code = qrcode::QrCode::with_error_correction_level(text, EcLevel::M)
            .map_err(|e| anyhow::anyhow!("cannot encode a QR code: {e}"))?;
        Ok(QrCode {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone on both sides.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// The dark modules as horizontal runs `(x, y, length)`, in modules from the top-left of
    /// the code itself (without the quiet zone). Runs keep the drawing small.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let row = &self.dark[y * self.width..(y + 1) * self.width];
            let mut x = 0;
            while x < self.width {
                if row[x] {
                    let start = x;
                    while x < self.width && row[x] {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }

    /// The code as a standalone SVG: a white square with the quiet zone, black rectangles.
    pub fn svg(&self) -> String {
        let size = self.width_with_quiet_zone();
        let px = size * SVG_MODULE_PX;
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
             width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>"
        );
        for (x, y, length) in self.dark_runs() {
            let _ = write!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"{length}\" height=\"1\"/>",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let code = QrCode::encode("http://127.0.0.1:8080/applications/abc").unwrap();
        let mut drawn = vec![false; code.width * code.width];
        for (x, y, length) in code.dark_runs() {
            for i in x..x + length {
                assert!(!drawn[y * code.width + i], "drawn twice");
                drawn[y * code.width + i] = true;
            }
        }
        assert_eq!(drawn, code.dark);
        // The finder pattern: the top-left corner is dark, the module inside its ring light.
        assert!(code.dark[0] && !code.dark[code.width + 1]);
    }

    #[test]
    fn the_svg_has_only_rectangles() {
        let svg = QrCode::encode("https://qyzmet.kz/applications/1")
            .unwrap()
            .svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        let elements: Vec<&str> = svg
            .split('<')
            .skip(1)
            .map(|tag| tag.split([' ', '>', '/']).next().unwrap_or(""))
            .filter(|name| !name.is_empty())
            .collect();
        assert!(
            elements.iter().all(|name| ["svg", "rect"].contains(name)),
            "{elements:?}"
        );
    }
}
