//! The receipt's page geometry, fonts and text styles, and a small layout engine: lines
//! wrapped by their measured width, rows of a label and a value, pages broken between rows.

use std::sync::LazyLock;

use krilla::text::Font;

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// Parsed once; `None` only if the embedded files were broken (a unit test says they are not).
pub(super) static FONTS: LazyLock<Option<Fonts>> = LazyLock::new(|| {
    Some(Fonts {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    })
});

/// A4 in points, and 20 mm margins.
pub(super) const PAGE_WIDTH: f32 = 595.28;
pub(super) const PAGE_HEIGHT: f32 = 841.89;
pub(super) const MARGIN: f32 = 56.7;
pub(super) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const LABEL_WIDTH: f32 = 180.0;
const VALUE_X: f32 = MARGIN + LABEL_WIDTH + 14.0;
const VALUE_WIDTH: f32 = PAGE_WIDTH - MARGIN - VALUE_X;
const LINE_HEIGHT: f32 = 1.35;
const ROW_GAP: f32 = 5.0;
/// The QR code's side with its quiet zone: 35 mm, read by a phone from a printout.
pub(super) const QR_SIDE: f32 = 99.2;

pub(super) struct Face {
    pub(super) font: Font,
    shaper: rustybuzz::Face<'static>,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        Some(Face {
            font: Font::new(data.into(), 0)?,
            shaper: rustybuzz::Face::from_slice(data, 0)?,
        })
    }

    /// The width of `text` as krilla draws it (the same shaper, so kerning included).
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / self.shaper.units_per_em() as f32 * size
    }
}

pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

#[derive(Clone, Copy)]
pub(super) struct Style {
    pub(super) size: f32,
    pub(super) bold: bool,
    pub(super) grey: bool,
}

pub(super) const TITLE: Style = Style {
    size: 14.0,
    bold: true,
    grey: false,
};
pub(super) const LABEL: Style = Style {
    size: 9.5,
    bold: false,
    grey: true,
};
pub(super) const VALUE: Style = Style {
    size: 10.5,
    bold: false,
    grey: false,
};
pub(super) const NUMBER: Style = Style {
    size: 12.0,
    bold: true,
    grey: false,
};
pub(super) const SMALL: Style = Style {
    size: 8.5,
    bold: false,
    grey: true,
};

impl Style {
    pub(super) fn line_height(self) -> f32 {
        self.size * LINE_HEIGHT
    }
}

/// What a page holds, in points from its top-left corner.
pub(super) enum Item {
    /// One line of text; `y` is its top.
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    Rule {
        y: f32,
    },
    /// The QR code; `(x, y)` is the top-left of its quiet zone. A link to the URL covers it.
    Qr {
        x: f32,
        y: f32,
    },
}

pub(super) struct Layout<'a> {
    pub(super) fonts: &'a Fonts,
    pub(super) pages: Vec<Vec<Item>>,
    pub(super) y: f32,
}

impl Layout<'_> {
    pub(super) fn face(&self, style: Style) -> &Face {
        if style.bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        }
    }

    /// Starts a new page unless `height` more fits on this one.
    pub(super) fn room(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    pub(super) fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    /// `text` broken into lines no wider than `width`: at spaces, and inside a word only when
    /// the word alone is too wide (a long file name).
    pub(super) fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let face = self.face(style);
        let fits = |line: &str| face.width(line, style.size) <= width;
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    pub(super) fn lines(&mut self, x: f32, y: f32, style: Style, lines: Vec<String>) {
        for (i, text) in lines.into_iter().enumerate() {
            if !text.is_empty() {
                self.push(Item::Text {
                    x,
                    y: y + i as f32 * style.line_height(),
                    style,
                    text,
                });
            }
        }
    }

    /// A paragraph across the page, centred or from the left margin.
    pub(super) fn paragraph(&mut self, text: &str, style: Style, centred: bool) {
        for line in self.wrap(text, style, CONTENT_WIDTH) {
            self.room(style.line_height());
            let x = if centred {
                MARGIN + (CONTENT_WIDTH - self.face(style).width(&line, style.size)) / 2.0
            } else {
                MARGIN
            };
            let y = self.y;
            self.lines(x, y, style, vec![line]);
            self.y += style.line_height();
        }
    }

    /// A label on the left, its value on the right; kept on one page.
    pub(super) fn row(&mut self, label: &str, value: &str, value_style: Style) {
        let labels = self.wrap(label, LABEL, LABEL_WIDTH);
        let values = self.wrap(value, value_style, VALUE_WIDTH);
        let height = (labels.len() as f32 * LABEL.line_height())
            .max(values.len() as f32 * value_style.line_height());
        self.room(height);
        let y = self.y;
        // Labels are smaller: move them down so both first lines share a baseline.
        let shift = (value_style.size - LABEL.size) * 0.93;
        self.lines(MARGIN, y + shift, LABEL, labels);
        self.lines(VALUE_X, y, value_style, values);
        self.y += height + ROW_GAP;
    }

    pub(super) fn rule(&mut self) {
        self.room(12.0);
        self.y += 4.0;
        let y = self.y;
        self.push(Item::Rule { y });
        self.y += 8.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_load_and_have_every_kazakh_letter_and_the_tenge_sign() {
        let fonts = FONTS.as_ref().expect("the embedded fonts load");
        let letters = "ӘҒҚҢӨҰҮҺІәғқңөұүһі АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя ₸ №";
        for face in [&fonts.regular, &fonts.bold] {
            let ttf = face.shaper.as_ref();
            for c in letters.chars().filter(|c| !c.is_whitespace()) {
                assert!(ttf.glyph_index(c).is_some(), "no glyph for {c}");
            }
        }
    }

    #[test]
    fn lines_break_at_spaces_and_inside_a_word_only_when_it_is_too_long() {
        let fonts = FONTS.as_ref().unwrap();
        let layout = Layout {
            fonts,
            pages: vec![Vec::new()],
            y: MARGIN,
        };
        let lines = layout.wrap("Тұрғын үй көмегін тағайындау", VALUE, 100.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), "Тұрғын үй көмегін тағайындау");
        let long = "ә".repeat(200);
        let lines = layout.wrap(&long, VALUE, 100.0);
        assert!(lines.len() > 1 && lines.concat() == long, "{lines:?}");
        assert_eq!(layout.wrap("", VALUE, 100.0), [""]);
    }
}
