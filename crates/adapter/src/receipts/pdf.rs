//! The receipt on A4: its content laid out (see `layout`), then drawn with krilla. Text is
//! real text (a subset Type 0 font with a ToUnicode map), so it can be searched, copied and
//! read aloud; the QR code is vector squares, with a link to the same address over it.

use krilla::{
    Document,
    action::LinkAction,
    annotation::{Annotation, LinkAnnotation, Target},
    color::rgb,
    geom::{PathBuilder, Point, Rect},
    metadata::{DateTime, Metadata},
    page::PageSettings,
    paint::Fill,
    text::TextDirection,
};
use qyzmet_domain::{Lang, catalogue::Service, submission::Receipt};
use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339, macros};

use super::{
    layout::{
        CONTENT_WIDTH, FONTS, Fonts, Item, Layout, MARGIN, NUMBER, PAGE_HEIGHT, PAGE_WIDTH,
        QR_SIDE, SMALL, Style, TITLE, VALUE,
    },
    qr::{QUIET_ZONE, QrCode},
    wording::{refusal_wording, result_wording, wording},
};

/// Kazakhstan's time (one zone, UTC+5, since 1 March 2024).
const KAZAKHSTAN: UtcOffset = macros::offset!(+5);

/// `2026-11-23T10:15:00Z` → `23.11.2026 15:15`, in Kazakhstan's time.
fn local_time(rfc3339: &str) -> Option<(OffsetDateTime, String)> {
    let time = OffsetDateTime::parse(rfc3339, &Rfc3339)
        .ok()?
        .to_offset(KAZAKHSTAN);
    let text = time
        .format(macros::format_description!(
            "[day].[month].[year] [hour]:[minute]"
        ))
        .ok()?;
    Some((time, text))
}

/// A new layout with `title` at the top of the first page, under a rule.
fn titled<'f>(fonts: &'f Fonts, title: &str) -> Layout<'f> {
    let mut layout = Layout {
        fonts,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    layout.paragraph(title, TITLE, true);
    layout.y += 6.0;
    layout.rule();
    layout
}

/// The QR code on the left, what it is for (`scan`) and its address on the right.
fn qr_with_caption(layout: &mut Layout<'_>, code: &QrCode, scan: &str, url: &str) {
    layout.room(QR_SIDE);
    let top = layout.y;
    layout.push(Item::Qr { x: MARGIN, y: top });
    let text_x = MARGIN + QR_SIDE + 12.0;
    let text_width = PAGE_WIDTH - MARGIN - text_x;
    let scan = layout.wrap(scan, VALUE, text_width);
    let scan_height = scan.len() as f32 * VALUE.line_height();
    let address = layout.wrap(url, SMALL, text_width);
    let qr_text_top = top + QUIET_ZONE as f32 * module_size(code);
    layout.lines(text_x, qr_text_top, VALUE, scan);
    layout.lines(text_x, qr_text_top + scan_height + 4.0, SMALL, address);
    layout.y = top + QR_SIDE + 10.0;
}

/// A moment as the PDFs write it, "23.11.2026 15:15 (Астана уақыты)", with the moment itself;
/// as it came when it does not parse.
fn written_at(rfc3339: &str, time_zone: &str) -> (Option<OffsetDateTime>, String) {
    match local_time(rfc3339) {
        Some((time, text)) => (Some(time), format!("{text} ({time_zone})")),
        None => (None, rfc3339.to_owned()),
    }
}

pub fn render(
    receipt: &Receipt,
    service: Option<&Service>,
    lang: Lang,
    code: &QrCode,
    url: &str,
) -> anyhow::Result<Vec<u8>> {
    let fonts = FONTS
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the embedded receipt fonts do not load"))?;
    let words = wording(lang);
    let mut layout = titled(fonts, words.title);
    layout.row(words.number, &receipt.number, NUMBER);
    let (submitted, when) = written_at(&receipt.submitted_at, words.time_zone);
    layout.row(words.submitted_at, &when, VALUE);
    let service_name = service.map_or(receipt.service.as_str(), |s| s.name.get(lang));
    layout.row(words.service, service_name, VALUE);
    layout.row(
        words.document_count,
        &receipt.documents.len().to_string(),
        VALUE,
    );
    for (i, document) in receipt.documents.iter().enumerate() {
        let kind = service
            .and_then(|s| s.documents.iter().find(|d| d.id == document.slot))
            .map_or(document.slot.as_str(), |d| lang.pick(&d.kk, &d.ru));
        let line = format!("{}. {} — {}", i + 1, capitalised(kind), document.name);
        layout.row("", &line, VALUE);
    }
    // At a service centre: the operator's name and the branch (002 §10).
    let (accepted_by, place) = match &receipt.centre {
        Some(centre) => (
            format!("{}, {}", centre.operator, centre.branch.name.get(lang)),
            format!(
                "{}, {}",
                centre.branch.name.get(lang),
                centre.branch.address.get(lang)
            ),
        ),
        None => (words.portal.to_owned(), words.cabinet.to_owned()),
    };
    layout.row(words.accepted_by, &accepted_by, VALUE);
    if let Some(result) = &receipt.result {
        let (_, mut due) = written_at(&result.due, words.time_zone);
        if result.estimated {
            due = format!("{due}; {}", words.estimated);
        }
        layout.row(words.result_due, &due, VALUE);
        layout.row(words.result_place, &place, VALUE);
    }
    layout.rule();
    people(
        &mut layout,
        words,
        &receipt.applicant,
        receipt.representative.as_ref(),
    );
    layout.rule();

    qr_with_caption(&mut layout, code, words.scan, url);
    layout.paragraph(words.generated, SMALL, false);

    draw(layout.pages, fonts, lang, words.title, code, url, submitted)
}

/// The provider's result on A4: the request, the decision (with its grounds, comment and
/// queue number), who signed it and when, the digest of the signed bytes, whether the
/// signature verifies, and a QR code of the request's status page.
pub fn render_result(
    result: &crate::results::ResultDocument,
    service: Option<&Service>,
    lang: Lang,
    code: &QrCode,
    url: &str,
) -> anyhow::Result<Vec<u8>> {
    use qyzmet_domain::tracking::Outcome;
    let fonts = FONTS
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the embedded receipt fonts do not load"))?;
    let words = result_wording(lang);
    let mut layout = titled(fonts, words.title);
    layout.row(words.number, &result.number, NUMBER);
    let service_name = service.map_or(result.service.as_str(), |s| s.name.get(lang));
    layout.row(words.service, service_name, VALUE);
    layout.row(words.applicant, &result.applicant, VALUE);
    layout.row(words.iin, &result.applicant_iin, VALUE);
    layout.row(words.provider, result.provider.get(lang), VALUE);
    layout.rule();
    let decision = match result.summary.outcome {
        Outcome::Granted => service
            .map(|s| {
                s.result_portal
                    .as_ref()
                    .unwrap_or(&s.result)
                    .get(lang)
                    .to_owned()
            })
            .unwrap_or_default(),
        Outcome::Refused => words.refused.to_owned(),
    };
    layout.row(
        words.decision,
        &capitalised(&decision),
        Style {
            bold: true,
            ..VALUE
        },
    );
    if let Some(number) = result.summary.queue_number {
        layout.row(words.queue_number, &number.to_string(), NUMBER);
    }
    for (i, ground) in result.summary.grounds.iter().enumerate() {
        let label = if i == 0 { words.grounds } else { "" };
        layout.row(
            label,
            &format!("{}. {}", i + 1, capitalised(ground.text.get(lang))),
            VALUE,
        );
    }
    if !result.summary.comment.is_empty() {
        layout.row(words.comment, &result.summary.comment, VALUE);
    }
    layout.rule();
    let (signed, when) = written_at(&result.signed.signed_at, words.time_zone);
    layout.row(words.signed_at, &when, VALUE);
    layout.row(words.signer, &result.signed.signer, SMALL);
    layout.row(words.digest, &result.digest, SMALL);
    layout.paragraph(
        if result.signed.valid {
            words.valid
        } else {
            words.invalid
        },
        VALUE,
        false,
    );
    layout.rule();
    qr_with_caption(&mut layout, code, words.scan, url);
    draw(layout.pages, fonts, lang, words.title, code, url, signed)
}

/// The receipt refusing intake of an incomplete package on A4 (001 §10, 002 §12): its number
/// and time, the service, the branch and the operator, the applicant and representative, and
/// the documents missing.
pub fn render_refusal(
    refusal: &qyzmet_domain::intake::IntakeRefusal,
    service: Option<&Service>,
    lang: Lang,
) -> anyhow::Result<Vec<u8>> {
    let fonts = FONTS
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the embedded receipt fonts do not load"))?;
    let words = wording(lang);
    let refusal_words = refusal_wording(lang);
    let mut layout = titled(fonts, refusal_words.title);
    layout.row(refusal_words.number, &refusal.number, NUMBER);
    let (at, when) = written_at(&refusal.at, words.time_zone);
    layout.row(refusal_words.at, &when, VALUE);
    let service_name = service.map_or(refusal.service.as_str(), |s| s.name.get(lang));
    layout.row(words.service, service_name, VALUE);
    let branch = &refusal.centre.branch;
    let place = format!("{}, {}", branch.name.get(lang), branch.address.get(lang));
    layout.row(refusal_words.centre, &place, VALUE);
    layout.row(refusal_words.operator, &refusal.centre.operator, VALUE);
    layout.rule();
    people(
        &mut layout,
        words,
        &refusal.applicant,
        refusal.representative.as_ref(),
    );
    layout.rule();
    layout.paragraph(
        refusal_words.reason,
        Style {
            bold: true,
            ..VALUE
        },
        false,
    );
    for (i, id) in refusal.missing.iter().enumerate() {
        let kind = service
            .and_then(|s| s.documents.iter().find(|d| &d.id == id))
            .map_or(id.as_str(), |d| lang.pick(&d.kk, &d.ru));
        layout.row("", &format!("{}. {}", i + 1, capitalised(kind)), VALUE);
    }
    layout.rule();
    layout.paragraph(refusal_words.again, VALUE, false);
    layout.paragraph(words.generated, SMALL, false);
    // No QR code: a refused package has no request page.
    let code = QrCode::encode(&refusal.number)?;
    draw(
        layout.pages,
        fonts,
        lang,
        refusal_words.title,
        &code,
        "",
        at,
    )
}

/// The applicant and any representative, each with IIN and phone.
fn people(
    layout: &mut Layout<'_>,
    words: &super::wording::Wording,
    applicant: &qyzmet_domain::submission::ReceiptPerson,
    representative: Option<&qyzmet_domain::submission::ReceiptPerson>,
) {
    for (label, person) in [(words.applicant, Some(applicant))]
        .into_iter()
        .chain([(words.representative, representative)])
    {
        let Some(person) = person else { continue };
        layout.row(
            label,
            &person.name,
            Style {
                bold: true,
                ..VALUE
            },
        );
        layout.row(words.iin, &person.iin, VALUE);
        if !person.phone.is_empty() {
            layout.row(words.phone, &person.phone, VALUE);
        }
    }
}

/// The catalogue names documents as a regulation lists them, in lower case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn module_size(code: &QrCode) -> f32 {
    QR_SIDE / code.width_with_quiet_zone() as f32
}

fn fill(grey: bool) -> Fill {
    let color = if grey {
        rgb::Color::new(80, 80, 80)
    } else {
        rgb::Color::black()
    };
    Fill {
        paint: color.into(),
        ..Fill::default()
    }
}

fn rect(x: f32, y: f32, width: f32, height: f32) -> anyhow::Result<Rect> {
    Rect::from_xywh(x, y, width, height).ok_or_else(|| anyhow::anyhow!("an empty rectangle"))
}

fn draw(
    pages: Vec<Vec<Item>>,
    fonts: &Fonts,
    lang: Lang,
    title: &str,
    code: &QrCode,
    url: &str,
    submitted: Option<OffsetDateTime>,
) -> anyhow::Result<Vec<u8>> {
    let mut document = Document::new();
    let mut metadata = Metadata::new()
        .title(title.to_owned())
        .language(lang.tag().to_owned())
        .creator("Qyzmet".to_owned());
    if let Some(time) = submitted {
        // The submission's time, so the same receipt always gives the same file.
        metadata = metadata.creation_date(
            DateTime::new(time.year() as u16)
                .month(time.month() as u8)
                .day(time.day())
                .hour(time.hour())
                .minute(time.minute())
                .second(time.second())
                .utc_offset_hour(5)
                .utc_offset_minute(0),
        );
    }
    document.set_metadata(metadata);
    let module = module_size(code);
    for items in pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| anyhow::anyhow!("an A4 page"))?;
        let mut page = document.start_page_with(settings);
        let mut links = Vec::new();
        let mut surface = page.surface();
        for item in items {
            match item {
                Item::Text { x, y, style, text } => {
                    let face = if style.bold {
                        &fonts.bold
                    } else {
                        &fonts.regular
                    };
                    surface.set_fill(Some(fill(style.grey)));
                    // krilla places text by its baseline; DejaVu's ascender is 0.93 em.
                    surface.draw_text(
                        Point::from_xy(x, y + style.size * 0.93),
                        face.font.clone(),
                        style.size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Item::Rule { y } => {
                    let mut path = PathBuilder::new();
                    path.push_rect(rect(MARGIN, y, CONTENT_WIDTH, 0.6)?);
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(fill(true)));
                        surface.draw_path(&path);
                    }
                }
                Item::Qr { x, y } => {
                    let origin = QUIET_ZONE as f32 * module;
                    let mut path = PathBuilder::new();
                    for (mx, my, length) in code.dark_runs() {
                        path.push_rect(rect(
                            x + origin + mx as f32 * module,
                            y + origin + my as f32 * module,
                            length as f32 * module,
                            module,
                        )?);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_fill(Some(fill(false)));
                        surface.draw_path(&path);
                    }
                    links.push(rect(x, y, QR_SIDE, QR_SIDE)?);
                }
            }
        }
        surface.finish();
        for area in links {
            page.add_annotation(Annotation::new_link(
                LinkAnnotation::new(area, Target::Action(LinkAction::new(url.to_owned()).into())),
                Some(url.to_owned()),
            ));
        }
        page.finish();
    }
    document
        .finish()
        .map_err(|e| anyhow::anyhow!("cannot write the receipt PDF: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_documents_and_long_names_flow_onto_more_pages() {
        use hayro::hayro_syntax::Pdf;
        use qyzmet_domain::submission::{ReceiptDocument, ReceiptPerson};
        let person = ReceiptPerson {
            name: "Серікбаев Айдар Нұрланұлы".into(),
            iin: "850714300127".into(),
            phone: "+77012345678".into(),
        };
        let receipt = Receipt {
            number: "2026-000042".into(),
            application: "a1".into(),
            service: "no-such-service".into(),
            submitted_at: "not a time".into(),
            documents: (0..60)
                .map(|i| ReceiptDocument {
                    slot: format!("slot-{i}"),
                    name: format!("{}.pdf", "ұзын-атау".repeat(20)),
                })
                .collect(),
            accepted_by: "920312400341".into(),
            applicant: person.clone(),
            representative: Some(person),
            centre: None,
            result: None,
        };
        let url = "https://qyzmet.kz/applications/a1";
        let bytes = render(&receipt, None, Lang::Ru, &QrCode::encode(url).unwrap(), url).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(Pdf::new(bytes).unwrap().pages().len() > 2);
    }

    #[test]
    fn document_names_start_with_a_capital() {
        assert_eq!(capitalised("құжаттар"), "Құжаттар");
        assert_eq!(capitalised("ә"), "Ә");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn kazakhstan_time_is_utc_plus_five() {
        let (_, text) = local_time("2026-11-23T20:15:00Z").unwrap();
        assert_eq!(text, "24.11.2026 01:15");
    }
}
