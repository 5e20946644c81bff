//! A submitted request's receipt as a PDF (in Kazakh and in Russian) and its QR code as an
//! SVG. The PDF's text is read back with hayro's interpreter (already the adapter's PDF
//! reader for thumbnails), which maps each glyph to Unicode through the font's ToUnicode
//! map: what a screen reader or a copy-and-paste would get.
//!
//! The signed, submitted request comes from `submissions.rs`'s helpers.

use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask,
    font::GlyphRun,
    hayro_cmap::BfString,
    hayro_syntax::Pdf,
    interpret_page,
    kurbo::{Affine, BezPath, Rect},
};
use qyzmet_domain::Role;
use serde_json::Value;

use crate::{
    submissions::{SERVICE, complete_draft, submitted},
    support::{Browser, Reply, TestApp, spawn_app},
};

/// The catalogue's entry for `SERVICE`.
async fn service(app: &TestApp) -> Value {
    app.browser()
        .get(&format!("/api/services/{SERVICE}"))
        .await
        .json["service"]
        .clone()
}

/// Collects the Unicode text of every glyph run, a line per run.
#[derive(Default)]
struct TextExtractor {
    text: String,
    unmapped: usize,
}

impl Device<'_> for TextExtractor {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'_>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'_>>, _: BlendMode) {}
    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, '_>, _: DrawProps<'_>, _: &DrawMode) {
        for glyph in run.glyphs() {
            match glyph.as_unicode() {
                Some(BfString::Char(c)) => self.text.push(c),
                Some(BfString::String(s)) => self.text.push_str(&s),
                None => self.unmapped += 1,
            }
        }
        self.text.push('\n');
    }
    fn draw_image(&mut self, _: Image<'_, '_>, _: ImageDrawProps<'_>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// The PDF's text, its lines joined with single spaces (a wrapped name reads whole again).
fn pdf_text(bytes: &[u8]) -> String {
    let pdf = Pdf::new(bytes.to_vec()).expect("a PDF that parses");
    let cache = InterpreterCache::new();
    let mut extractor = TextExtractor::default();
    for page in pdf.pages().iter() {
        let mut context = Context::new(
            Affine::IDENTITY,
            Rect::new(0.0, 0.0, 1.0, 1.0),
            &cache,
            pdf.xref(),
            InterpreterSettings::default(),
        );
        interpret_page(page, &mut context, &mut extractor);
    }
    assert_eq!(extractor.unmapped, 0, "glyphs without Unicode");
    words(&extractor.text)
}

/// What the QR codes in a picture say; `dark(x, y)` tells a pixel's colour.
fn read_qr(width: usize, height: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        if dark(x, y) { 0 } else { 255 }
    });
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok())
        .map(|(_, text)| text)
        .collect()
}

/// The QR code on the PDF's first page, as hayro draws it at 144 dpi.
fn read_qr_in_pdf(bytes: &[u8]) -> Vec<String> {
    use hayro::{
        PixmapSettings, RenderCache, RenderSettings, render, vello_cpu::color::palette::css::WHITE,
    };
    let pdf = Pdf::new(bytes.to_vec()).expect("a PDF that parses");
    let page = pdf.pages().iter().next().expect("a page");
    let pixmap = render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: 2.0,
            y_scale: 2.0,
            bg_color: WHITE,
        },
    );
    let png = pixmap.into_png().expect("a PNG");
    let picture = image::load_from_memory(&png).unwrap().to_luma8();
    read_qr(
        picture.width() as usize,
        picture.height() as usize,
        |x, y| picture.get_pixel(x as u32, y as u32)[0] < 128,
    )
}

/// The QR code of an SVG made of `<rect>`s in a `viewBox` of modules, 4 pixels a module.
fn read_qr_in_svg(svg: &str) -> Vec<String> {
    let attribute = |tag: &str, name: &str| -> Option<usize> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[start..].split('"').next()?.parse().ok()
    };
    let view_box = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let side: usize = view_box.split(' ').next().unwrap().parse().unwrap();
    let mut dark = vec![false; side * side];
    for tag in svg.split("<rect").skip(1) {
        let tag = tag.split('>').next().unwrap();
        if tag.contains("fill=") {
            continue; // the white background
        }
        let (x, y) = (attribute(tag, "x").unwrap(), attribute(tag, "y").unwrap());
        let (width, height) = (
            attribute(tag, "width").unwrap(),
            attribute(tag, "height").unwrap(),
        );
        for row in y..y + height {
            for column in x..x + width {
                dark[row * side + column] = true;
            }
        }
    }
    read_qr(side * 4, side * 4, |x, y| dark[(y / 4) * side + x / 4])
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn receipt_pdf(citizen: &Browser, id: &str, query: &str) -> Reply {
    citizen
        .get(&format!("/api/applications/{id}/receipt.pdf{query}"))
        .await
}

#[tokio::test]
async fn the_receipt_is_a_pdf_in_kazakh_or_russian_with_the_request_and_the_applicant() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let (id, receipt) = submitted(&app, &citizen).await;
    let number = receipt["number"].as_str().unwrap();
    let name = receipt["applicant"]["name"].as_str().unwrap();
    let iin = receipt["applicant"]["iin"].as_str().unwrap();
    let service = service(&app).await;
    let file = format!("{}.png", receipt["documents"][0]["slot"].as_str().unwrap());
    let url = format!("{}/applications/{id}", app.address);

    let kk = receipt_pdf(&citizen, &id, "").await;
    assert_eq!(kk.status, 200, "{}", kk.text);
    assert_eq!(kk.headers["content-type"], "application/pdf");
    let disposition = kk.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment")
            && disposition.contains(&format!("receipt-{number}.pdf")),
        "{disposition}"
    );
    assert_eq!(kk.headers["x-content-type-options"], "nosniff");
    assert!(
        kk.headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("no-store")
    );
    assert!(kk.bytes.starts_with(b"%PDF-"), "a PDF");
    let text = pdf_text(&kk.bytes);
    for expected in [
        "Мемлекеттік қызметке құжаттарды қабылдау туралы қолхат",
        "Өтініштің нөмірі",
        "1. ",
        number,
        name,
        iin,
        &words(service["name"]["kk"].as_str().unwrap()),
        &file,
        "Qyzmet порталы",
        "Нәтиже берілетін мерзім",
        "Qyzmet порталындағы жеке кабинет",
        &url,
    ] {
        assert!(text.contains(expected), "{expected:?} is not in: {text}");
    }
    assert!(!text.contains("Номер заявления"), "{text}");
    // A QR code a camera reads, of the request's page.
    assert_eq!(read_qr_in_pdf(&kk.bytes), [url.as_str()]);

    let ru = receipt_pdf(&citizen, &id, "?lang=ru").await;
    assert_eq!(ru.status, 200, "{}", ru.text);
    assert!(ru.bytes.starts_with(b"%PDF-"), "a PDF");
    let text = pdf_text(&ru.bytes);
    for expected in [
        "Расписка о приеме документов на оказание государственной услуги",
        "Номер заявления",
        number,
        name,
        iin,
        &words(service["name"]["ru"].as_str().unwrap()),
        &file,
        "портал Qyzmet",
        "Срок выдачи результата",
        "личный кабинет на портале Qyzmet",
    ] {
        assert!(text.contains(expected), "{expected:?} is not in: {text}");
    }
    assert!(!text.contains("Өтініштің нөмірі"), "{text}");
    eprintln!(
        "receipt PDF: kk {} bytes, ru {} bytes",
        kk.bytes.len(),
        ru.bytes.len()
    );

    // The same receipt gives the same file.
    assert_eq!(receipt_pdf(&citizen, &id, "?lang=kk").await.bytes, kk.bytes);
}

#[tokio::test]
async fn the_qr_code_is_an_svg_of_squares() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let (id, _) = submitted(&app, &citizen).await;
    let url = format!("{}/applications/{id}", app.address);
    let reply = citizen
        .get(&format!("/api/applications/{id}/receipt/qr.svg"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.headers["content-type"], "image/svg+xml");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert!(reply.headers.contains_key("content-security-policy"));
    assert!(
        reply.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    let svg = &reply.text;
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.ends_with("</svg>"),
        "{svg}"
    );
    assert!(svg.matches("<rect").count() > 50, "{svg}");
    for forbidden in [
        "<script",
        "<style",
        "href",
        "<image",
        "<foreignObject",
        " on",
    ] {
        assert!(!svg.contains(forbidden), "{forbidden} in {svg}");
    }
    assert_eq!(read_qr_in_svg(svg), [url.as_str()]);
}

#[tokio::test]
async fn only_the_applicant_gets_a_receipt_and_only_once_submitted() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let (id, _) = submitted(&app, &citizen).await;
    let draft = complete_draft(&app, &citizen).await;

    let stranger = app.browser();
    let reply = stranger
        .register("960914400450", "long-enough-1", "+7 701 000 00 00")
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let operator = app.signed_in(Role::Operator).await;
    for path in ["receipt.pdf", "receipt/qr.svg"] {
        let path = format!("/api/applications/{id}/{path}");
        let reply = stranger.get(&path).await;
        assert_eq!(
            (reply.status, reply.code()),
            (403, Some("forbidden")),
            "{path}"
        );
        let reply = operator.get(&path).await;
        assert_eq!(
            (reply.status, reply.code()),
            (403, Some("forbidden")),
            "{path}"
        );
        let reply = app.browser().get(&path).await;
        assert_eq!(reply.status, 401, "{path}");
    }
    for path in ["receipt.pdf", "receipt/qr.svg"] {
        let path = format!("/api/applications/{draft}/{path}");
        let reply = citizen.get(&path).await;
        assert_eq!(
            (reply.status, reply.code()),
            (404, Some("not_found")),
            "{path}"
        );
    }
}

#[tokio::test]
async fn an_unknown_language_is_invalid_input_never_a_server_error() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let (id, _) = submitted(&app, &citizen).await;
    for query in [
        "?lang=xx",
        "?lang=",
        "?lang=RU",
        "?lang=kk&lang=ru",
        "?lang=%FF",
    ] {
        let reply = receipt_pdf(&citizen, &id, query).await;
        assert_eq!(reply.status, 422, "{query}: {}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"), "{query}");
        assert_eq!(
            reply.problems(),
            [("lang".into(), "not_a_choice".into())],
            "{query}"
        );
    }
    // Other parameters are ignored.
    assert_eq!(receipt_pdf(&citizen, &id, "?lang=ru&x=1").await.status, 200);
}

/// The demo citizen lives in Atyrau oblast (persons database), so housing assistance follows
/// act 001: ten calendar days, the days of intake and of issue not counted (§9.1). The
/// arithmetic has its own tests in the domain crate; here, that the receipt takes the right
/// regulation, rule, channel and time zone, on the calendar in `data/calendar/`.
#[tokio::test]
async fn the_receipt_says_when_and_where_the_result_is_due() {
    use qyzmet_domain::{
        Duration,
        calendar::{
            CalendarYear, DayCounting, WorkingCalendar, local_from_unix, rfc3339_local,
            unix_from_local,
        },
    };
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let (id, receipt) = submitted(&app, &citizen).await;
    let _: qyzmet_domain::submission::Receipt = crate::decode::same(receipt.clone());
    let result = &receipt["result"];
    assert_eq!(result["act"], "001", "{receipt}");
    assert_eq!(result["region"], "atyrau");

    let years = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/calendar"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            toml::from_str::<CalendarYear>(&std::fs::read_to_string(path).unwrap()).unwrap()
        })
        .collect();
    let calendar = WorkingCalendar::new(years).unwrap();
    let submitted_at = time::OffsetDateTime::parse(
        receipt["submitted_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap()
    .unix_timestamp();
    let expected = calendar.due(
        local_from_unix(submitted_at),
        [Duration::CalendarDays(10)],
        DayCounting::IntakeAndIssueDaysExcluded,
    );
    assert_eq!(result["due"], rfc3339_local(unix_from_local(expected.at)));
    assert!(result["due"].as_str().unwrap().ends_with("T18:00:00+05:00"));
    assert_eq!(result["estimated"], expected.estimated);
    // Ten days, then the day of issue.
    assert!(unix_from_local(expected.at) - submitted_at > 10 * 86_400);

    // The same on a second reading, and in the PDF.
    let again = citizen
        .get(&format!("/api/applications/{id}/receipt"))
        .await;
    assert_eq!(again.json["result"], *result);
    let (date, _) = result["due"].as_str().unwrap().split_once('T').unwrap();
    let (y, rest) = date.split_once('-').unwrap();
    let (m, d) = rest.split_once('-').unwrap();
    let text = pdf_text(&receipt_pdf(&citizen, &id, "?lang=ru").await.bytes);
    assert!(text.contains(&format!("{d}.{m}.{y} 18:00")), "{text}");
}

/// "Applied today, result due by …" for each region's regulation of the service page.
#[tokio::test]
async fn the_service_page_says_when_a_request_made_now_would_be_due() {
    let app = spawn_app().await;
    let browser = app.browser();
    let before = time::OffsetDateTime::now_utc().unix_timestamp();
    let due = browser.get(&format!("/api/services/{SERVICE}/due")).await;
    assert_eq!(due.status, 200, "{}", due.text);
    let regulations = due.json["regulations"].as_array().unwrap();
    let regions: Vec<&str> = regulations
        .iter()
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["almaty-city", "karaganda", "atyrau"]);
    for regulation in regulations {
        let at = time::OffsetDateTime::parse(
            regulation["due"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        assert!(at.unix_timestamp() > before, "{regulation}");
        assert_eq!(
            at.offset().whole_hours(),
            5,
            "Kazakhstan's time: {regulation}"
        );
    }
    // Almaty and Karaganda offer the portal; Atyrau's act 001 does not (its first channel).
    let channels: Vec<&str> = regulations
        .iter()
        .map(|r| r["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["portal", "portal", "provider-office"]);
    // Atyrau: ten calendar days and the day of issue, so at least ten days on, at 18:00.
    let atyrau = regulations[2]["due"].as_str().unwrap();
    assert!(atyrau.ends_with("T18:00:00+05:00"), "{atyrau}");

    let missing = browser.get("/api/services/no-such/due").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json["code"], "not_found");
}
