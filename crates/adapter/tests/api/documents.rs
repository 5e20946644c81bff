//! Document scans over HTTP: the tus 1.0 upload (create, offset, pieces, cancel), the checks
//! made by content when the last byte is in, the files served back to their owner only, and
//! the bytes kept once on disk. Test files are made here (PNG and JPEG encoded with `image`,
//! a small PDF by hand), so each test knows exactly which bytes should come back.

use std::{io::Cursor, path::Path, time::Duration};

use base64::Engine;
use qyzmet_domain::Role;
use reqwest::{Method, header::HeaderMap};
use serde_json::{Value, json};
use tokio::{io::AsyncWriteExt, net::TcpStream};

use crate::support::{Browser, Reply, SESSION_COOKIE, TestApp, spawn_app, spawn_app_with};

const SERVICE: &str = "housing-assistance";

// ----- test files ------------------------------------------------------------------------------

/// A real, decodable 2×2 RGB PNG (the adapter decodes images to make thumbnails).
fn png() -> Vec<u8> {
    let image =
        image::RgbImage::from_fn(2, 2, |x, y| image::Rgb([x as u8 * 200, y as u8 * 200, 90]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// A real 16×16 JPEG.
fn jpeg() -> Vec<u8> {
    let image =
        image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 16, y as u8 * 16, 128]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
        .unwrap();
    bytes
}

/// A minimal PDF, padded with `lines` comment lines (so a test can make it as large as it needs
/// without random bytes that might happen to look like markup or a ZIP header).
fn pdf(lines: usize) -> Vec<u8> {
    let mut text = String::from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    text.push_str("2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    for line in 0..lines {
        text.push_str(&format!("% qyzmet test page filler {line:08}\n"));
    }
    text.push_str("trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    text.into_bytes()
}

/// PNG's CRC-32 (ISO 3309), so the crafted chunks below are valid PNG.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// `png` with a well-formed ancillary chunk inserted just before IEND: an image decoder
/// skips it, so only a content check can notice what it carries.
fn png_with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let (body, iend) = png.split_at(png.len() - 12);
    let mut typed = kind.to_vec();
    typed.extend_from_slice(data);
    let mut out = body.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(&typed);
    out.extend_from_slice(&crc32(&typed).to_be_bytes());
    out.extend_from_slice(iend);
    out
}

// ----- the protocol ----------------------------------------------------------------------------

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// A citizen with a draft of `SERVICE` and the service's document slots.
struct Draft {
    id: String,
    slots: Vec<String>,
}

async fn draft(app: &TestApp, citizen: &Browser) -> Draft {
    let reply = citizen
        .post("/api/applications", &json!({ "service": SERVICE }))
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let page = app.browser().get(&format!("/api/services/{SERVICE}")).await;
    assert_eq!(page.status, 200, "{}", page.text);
    let slots: Vec<String> = page.json["service"]["documents"]
        .as_array()
        .expect("service.documents")
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(slots.len() >= 2, "the tests need two slots");
    Draft {
        id: reply.json["id"].as_str().unwrap().to_owned(),
        slots,
    }
}

/// A second citizen: registered with a demo person who has no account yet.
async fn another_citizen(app: &TestApp) -> Browser {
    let browser = app.browser();
    let reply = browser
        .register("960914400450", "long-enough-1", "+7 701 000 00 00")
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert!(browser.cookie().is_some(), "registering signs in");
    browser
}

/// tus creation with the given raw header values (`None`: header left out).
async fn create_raw(
    browser: &Browser,
    application: &str,
    length: Option<&str>,
    metadata: Option<&str>,
) -> Reply {
    let mut request = browser
        .request(
            Method::POST,
            &format!("/api/applications/{application}/uploads"),
        )
        .header("tus-resumable", "1.0.0");
    if let Some(length) = length {
        request = request.header("upload-length", length);
    }
    if let Some(metadata) = metadata {
        request = request.header("upload-metadata", metadata);
    }
    browser.send(request).await
}

/// tus creation: `length` bytes for `slot`, named `name`.
async fn create(
    browser: &Browser,
    application: &str,
    slot: &str,
    name: &str,
    length: u64,
) -> Reply {
    let metadata = format!("slot {},filename {}", b64(slot), b64(name));
    create_raw(
        browser,
        application,
        Some(&length.to_string()),
        Some(&metadata),
    )
    .await
}

/// `create` that must succeed: the upload's id.
async fn start(
    browser: &Browser,
    application: &str,
    slot: &str,
    name: &str,
    length: usize,
) -> String {
    let reply = create(browser, application, slot, name, length as u64).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json["id"].as_str().unwrap().to_owned()
}

/// One piece from `offset`, as a tus client sends it.
async fn patch(browser: &Browser, upload: &str, offset: usize, bytes: &[u8]) -> Reply {
    let request = browser
        .request(Method::PATCH, &format!("/api/uploads/{upload}"))
        .header("tus-resumable", "1.0.0")
        .header("content-type", "application/offset+octet-stream")
        .header("upload-offset", offset.to_string())
        .body(bytes.to_vec());
    browser.send(request).await
}

/// `patch`, retried while the adapter still finishes an earlier (cut) piece of the same upload
/// (409 on the field `upload`: one writer at a time), as a tus client retries.
async fn patch_when_free(browser: &Browser, upload: &str, offset: usize, bytes: &[u8]) -> Reply {
    for _ in 0..50 {
        let reply = patch(browser, upload, offset, bytes).await;
        if reply.status != 409 || reply.json["field"] != "upload" {
            return reply;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the upload stayed busy");
}

/// Create and send the whole file in one piece: the last PATCH's answer.
async fn send_whole(
    browser: &Browser,
    application: &str,
    slot: &str,
    name: &str,
    bytes: &[u8],
) -> Reply {
    let upload = start(browser, application, slot, name, bytes.len()).await;
    patch(browser, &upload, 0, bytes).await
}

/// `send_whole` that must be attached: the attached file's JSON.
async fn attach(
    browser: &Browser,
    application: &str,
    slot: &str,
    name: &str,
    bytes: &[u8],
) -> Value {
    let reply = send_whole(browser, application, slot, name, bytes).await;
    assert_eq!(reply.status, 200, "{name}: {}", reply.text);
    reply.json
}

async fn progress(browser: &Browser, upload: &str) -> Reply {
    browser.get(&format!("/api/uploads/{upload}")).await
}

async fn head(browser: &Browser, upload: &str) -> Reply {
    browser
        .send(browser.request(Method::HEAD, &format!("/api/uploads/{upload}")))
        .await
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

async fn list(browser: &Browser, application: &str) -> Reply {
    let reply = browser
        .get(&format!("/api/applications/{application}/documents"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply
}

/// A download read as bytes (`Browser::send` reads text, which would mangle binary files).
struct Download {
    status: u16,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

async fn download(browser: &Browser, path: &str) -> Download {
    let response = browser
        .request(Method::GET, path)
        .send()
        .await
        .expect("request failed");
    Download {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        bytes: response.bytes().await.unwrap().to_vec(),
    }
}

/// Regular files under `dir`, at any depth (the blob store fans out by hash prefix).
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn blobs(app: &TestApp) -> usize {
    files_under(&app.data_dir.path().join("blobs")).len()
}

fn staged(app: &TestApp) -> Vec<std::path::PathBuf> {
    files_under(&app.data_dir.path().join("uploads"))
}

/// A refusal with one problem on `field`, as JSON.
fn assert_refused(reply: &Reply, status: u16, field: &str, problem: &str, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text);
    assert!(reply.is_json(), "{what}: errors are JSON: {}", reply.text);
    assert_eq!(reply.code(), Some("invalid_input"), "{what}");
    assert_eq!(
        reply.problems(),
        [(field.to_owned(), problem.to_owned())],
        "{what}"
    );
}

/// What arrives of a PATCH whose connection is cut: a raw HTTP/1.1 request announcing
/// `declared` bytes, of which only `sent` go out before the socket is closed.
async fn cut_patch(
    app: &TestApp,
    browser: &Browser,
    upload: &str,
    offset: usize,
    declared: usize,
    sent: &[u8],
) {
    let host = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.unwrap();
    let cookie = browser.cookie().expect("signed in");
    let head = format!(
        "PATCH /api/uploads/{upload} HTTP/1.1\r\nHost: {host}\r\n\
         Cookie: {SESSION_COOKIE}={cookie}\r\nTus-Resumable: 1.0.0\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: {offset}\r\n\
         Content-Length: {declared}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(sent).await.unwrap();
    stream.flush().await.unwrap();
    // The cut: FIN after the bytes, so the server reads all of them and then the end.
    stream.shutdown().await.unwrap();
    drop(stream);
}

/// Polls the upload until its offset is `expected` (the adapter records a cut piece once it
/// notices the cut), or gives up after a few seconds: the last offset seen.
async fn settled_offset(browser: &Browser, upload: &str, expected: usize) -> u64 {
    let mut offset = u64::MAX;
    for _ in 0..50 {
        let reply = progress(browser, upload).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        offset = reply.json["offset"].as_u64().unwrap();
        if offset == expected as u64 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    offset
}

// ----- the tests -------------------------------------------------------------------------------

#[tokio::test]
async fn a_png_sent_in_one_piece_is_attached_listed_downloadable_and_has_a_png_thumbnail() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let slot = &draft.slots[0];
    let file = png();

    let created = create(
        &citizen,
        &draft.id,
        slot,
        "скан \"паспорта\".png",
        file.len() as u64,
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let upload = created.json["id"].as_str().unwrap().to_owned();
    assert_eq!(
        header(&created.headers, "location"),
        format!("/api/uploads/{upload}")
    );
    assert_eq!(header(&created.headers, "upload-offset"), "0");
    assert_eq!(
        header(&created.headers, "upload-length"),
        file.len().to_string()
    );
    assert_eq!(
        created.json,
        json!({ "id": upload, "slot": slot, "name": "скан \"паспорта\".png",
                "length": file.len(), "offset": 0 })
    );

    let done = patch(&citizen, &upload, 0, &file).await;
    assert_eq!(done.status, 200, "{}", done.text);
    let attached = done.json.clone();
    assert_eq!(attached["slot"], slot.as_str());
    assert_eq!(attached["name"], "скан \"паспорта\".png");
    assert_eq!(attached["size"], file.len());
    assert_eq!(attached["content_type"], "image/png");
    assert_eq!(attached["thumbnail"], true);
    assert!(
        attached["created_at"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let id = attached["id"].as_str().unwrap().to_owned();
    assert_ne!(id, upload, "a file is not its upload");

    // Attached, no longer an upload, and nothing left in staging.
    let listed = list(&citizen, &draft.id).await;
    assert_eq!(listed.json, json!({ "files": [attached], "uploads": [] }));
    assert_eq!(progress(&citizen, &upload).await.status, 404);
    assert!(
        staged(&app).is_empty(),
        "staging is empty: {:?}",
        staged(&app)
    );

    let got = download(&citizen, &format!("/api/documents/{id}")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.bytes, file, "the very bytes sent");
    assert_eq!(header(&got.headers, "content-type"), "image/png");
    assert_eq!(header(&got.headers, "x-content-type-options"), "nosniff");
    let disposition = header(&got.headers, "content-disposition");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    // The name's quotes cannot end the quoted filename early (header injection).
    assert_eq!(disposition.matches('"').count(), 2, "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");

    let thumbnail = download(&citizen, &format!("/api/documents/{id}/thumbnail")).await;
    assert_eq!(thumbnail.status, 200);
    assert_eq!(header(&thumbnail.headers, "content-type"), "image/png");
    assert_eq!(
        header(&thumbnail.headers, "x-content-type-options"),
        "nosniff"
    );
    let small = image::load_from_memory_with_format(&thumbnail.bytes, image::ImageFormat::Png)
        .expect("the thumbnail is a PNG");
    assert!(small.width() <= 320 && small.height() <= 320);
}

#[tokio::test]
async fn a_jpeg_and_a_pdf_are_typed_by_content_and_a_pdf_without_pages_has_no_thumbnail() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    // Names that lie about the type: the content decides.
    for (name, bytes, content_type, thumbnail) in [
        ("photo.pdf", jpeg(), "image/jpeg", true),
        ("scan.jpg", pdf(3), "application/pdf", false),
    ] {
        let attached = attach(&citizen, &draft.id, &draft.slots[1], name, &bytes).await;
        assert_eq!(attached["content_type"], content_type, "{name}");
        // A PDF's first page is drawn when first asked for: until then it may have one.
        assert_eq!(attached["thumbnail"], true, "{name}");
        let id = attached["id"].as_str().unwrap();
        let got = download(&citizen, &format!("/api/documents/{id}")).await;
        assert_eq!(got.status, 200, "{name}");
        assert_eq!(got.bytes, bytes, "{name}");
        assert_eq!(header(&got.headers, "content-type"), content_type, "{name}");
        assert!(header(&got.headers, "content-disposition").starts_with("attachment;"));
        let small = download(&citizen, &format!("/api/documents/{id}/thumbnail")).await;
        if thumbnail {
            assert_eq!(small.status, 200, "{name}");
            image::load_from_memory_with_format(&small.bytes, image::ImageFormat::Png)
                .expect("the thumbnail is a PNG");
        } else {
            assert_eq!(
                small.status, 404,
                "{name}: a PDF without pages has no thumbnail"
            );
        }
    }
    let files = list(&citizen, &draft.id).await.json["files"].clone();
    assert_eq!(files.as_array().unwrap().len(), 2);
    assert_eq!(
        files[1]["thumbnail"], false,
        "tried once, then known to have none"
    );
}

/// A one-page PDF with a filled square, its cross-reference table written out.
fn one_page_pdf() -> Vec<u8> {
    let content = "0 0.3 0.5 rg 20 20 160 100 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 140] /Contents 4 0 R >>".to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

#[tokio::test]
async fn a_pdfs_first_page_is_its_thumbnail() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let attached = attach(
        &citizen,
        &draft.id,
        &draft.slots[0],
        "scan.pdf",
        &one_page_pdf(),
    )
    .await;
    let id = attached["id"].as_str().unwrap();
    let small = download(&citizen, &format!("/api/documents/{id}/thumbnail")).await;
    assert_eq!(small.status, 200);
    assert_eq!(header(&small.headers, "content-type"), "image/png");
    let image = image::load_from_memory_with_format(&small.bytes, image::ImageFormat::Png)
        .expect("the thumbnail is a PNG");
    assert_eq!(image.width().max(image.height()), 320, "fits the square");
    // The square is drawn: the middle is dark blue, not the white page.
    let middle = image
        .to_rgb8()
        .get_pixel(image.width() / 2, image.height() / 2)
        .0;
    assert!(middle[2] > middle[0] + 60, "{middle:?}");
    // Drawn once, then kept.
    let again = download(&citizen, &format!("/api/documents/{id}/thumbnail")).await;
    assert_eq!(again.bytes, small.bytes);
}

#[tokio::test]
async fn a_file_sent_in_three_pieces_reports_its_offset_and_a_wrong_offset_changes_nothing() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    // Pieces larger than the adapter's 64 KiB body limit for JSON: pieces are streamed.
    let file = pdf(6000);
    assert!(file.len() > 3 * 64 * 1024);
    let cuts = [0, file.len() / 3, 2 * file.len() / 3, file.len()];
    let upload = start(&citizen, &draft.id, &draft.slots[0], "big.pdf", file.len()).await;

    for piece in 0..3 {
        let (from, to) = (cuts[piece], cuts[piece + 1]);
        let reply = patch(&citizen, &upload, from, &file[from..to]).await;
        if piece < 2 {
            assert_eq!(reply.status, 204, "piece {piece}: {}", reply.text);
            assert_eq!(header(&reply.headers, "upload-offset"), to.to_string());

            let got = progress(&citizen, &upload).await;
            assert_eq!(got.status, 200);
            assert_eq!(header(&got.headers, "upload-offset"), to.to_string());
            assert_eq!(
                header(&got.headers, "upload-length"),
                file.len().to_string()
            );
            assert_eq!(got.json["offset"], to);
            assert_eq!(got.json["length"], file.len());
            let peek = head(&citizen, &upload).await;
            assert_eq!(peek.status, 200);
            assert_eq!(header(&peek.headers, "upload-offset"), to.to_string());
            assert_eq!(
                header(&peek.headers, "upload-length"),
                file.len().to_string()
            );

            // A piece from the wrong place (behind, ahead), with other bytes: refused whole.
            for wrong in [from, to + 1, 0] {
                if wrong == to {
                    continue;
                }
                let reply = patch(&citizen, &upload, wrong, &[b'X'; 100]).await;
                assert_eq!(reply.status, 409, "offset {wrong}: {}", reply.text);
                assert_eq!(reply.code(), Some("conflict"));
                let after = progress(&citizen, &upload).await;
                assert_eq!(after.json["offset"], to, "nothing changed");
            }
        } else {
            assert_eq!(reply.status, 200, "last piece: {}", reply.text);
            let id = reply.json["id"].as_str().unwrap();
            let got = download(&citizen, &format!("/api/documents/{id}")).await;
            assert_eq!(got.bytes, file, "the pieces make the file, no stray bytes");
        }
    }
}

#[tokio::test]
async fn a_cut_connection_keeps_what_arrived_and_the_upload_resumes_from_there() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let file = pdf(3000);
    let upload = start(
        &citizen,
        &draft.id,
        &draft.slots[0],
        "resumed.pdf",
        file.len(),
    )
    .await;

    // The whole file announced, a third sent, then the connection drops.
    let first = file.len() / 3;
    cut_patch(&app, &citizen, &upload, 0, file.len(), &file[..first]).await;
    assert_eq!(
        settled_offset(&citizen, &upload, first).await,
        first as u64,
        "the bytes that arrived are kept"
    );
    assert_eq!(
        list(&citizen, &draft.id).await.json["files"],
        json!([]),
        "not attached"
    );

    // Resumed from there, and cut again.
    let second = 2 * file.len() / 3;
    cut_patch(
        &app,
        &citizen,
        &upload,
        first,
        file.len() - first,
        &file[first..second],
    )
    .await;
    assert_eq!(
        settled_offset(&citizen, &upload, second).await,
        second as u64
    );

    let done = patch_when_free(&citizen, &upload, second, &file[second..]).await;
    assert_eq!(done.status, 200, "{}", done.text);
    let id = done.json["id"].as_str().unwrap();
    let got = download(&citizen, &format!("/api/documents/{id}")).await;
    assert_eq!(got.bytes, file, "identical to the original");
}

/// A slow connection (a 20 MB scan over mobile data) may take longer than the server's request
/// timeout: what arrived before the server gave up must be kept like after any other cut, or
/// such a file can never be sent. Slow: waits out the 30-second timeout.
#[tokio::test]
async fn a_piece_stopped_by_the_servers_timeout_keeps_what_arrived() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let file = pdf(300);
    let upload = start(&citizen, &draft.id, &draft.slots[0], "slow.pdf", file.len()).await;
    let half = file.len() / 2;

    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).await.unwrap();
    let cookie = citizen.cookie().unwrap();
    let head = format!(
        "PATCH /api/uploads/{upload} HTTP/1.1\r\nHost: {host}\r\n\
         Cookie: {SESSION_COOKIE}={cookie}\r\nTus-Resumable: 1.0.0\r\n\
         Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n\
         Content-Length: {}\r\n\r\n",
        file.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&file[..half]).await.unwrap();
    stream.flush().await.unwrap();
    // The rest never comes; the server's 30-second timeout passes first.
    tokio::time::sleep(Duration::from_secs(32)).await;
    drop(stream);

    assert_eq!(
        settled_offset(&citizen, &upload, half).await,
        half as u64,
        "the half that arrived is kept"
    );
    let done = patch_when_free(&citizen, &upload, half, &file[half..]).await;
    assert_eq!(done.status, 200, "{}", done.text);
}

#[tokio::test]
async fn files_that_are_not_what_they_claim_are_refused_and_leave_nothing_behind() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let slot = &draft.slots[0];
    let good = png();

    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xFF\xFF\x00\x00".to_vec();
    exe.extend_from_slice(b"This program cannot be run in DOS mode.\r\r\n$");
    exe.resize(512, 0);
    let html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n".to_vec();
    let mut heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic".to_vec();
    heic.resize(256, 0);
    let truncated = good[..good.len() - 12].to_vec();
    let cut_in_half = good[..good.len() / 2].to_vec();
    let script = png_with_chunk(
        &good,
        b"tEXt",
        b"Comment\0<script>alert(document.cookie)</script>",
    );
    let zip_inside = png_with_chunk(
        &good,
        b"tEXt",
        b"Comment\0PK\x03\x04\x14\x00\x00\x00\x08\x00payload.jar",
    );
    let mut zip_after = good.clone();
    zip_after.extend_from_slice(
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00payload.jar PK\x05\x06\x00\x00\x00\x00",
    );
    let mut pdf_no_end = pdf(3);
    pdf_no_end.truncate(pdf_no_end.len() - "%%EOF\n".len());
    // The crafted chunks are valid PNG: a decoder alone would take them.
    for crafted in [&script, &zip_inside] {
        image::load_from_memory_with_format(crafted, image::ImageFormat::Png)
            .expect("a decodable PNG");
    }

    for (name, bytes, problem) in [
        ("scan.pdf", &exe, "wrong_type"),
        ("photo.png", &html, "wrong_type"),
        ("IMG_0001.jpg", &heic, "heic"),
        ("cut.png", &truncated, "damaged"),
        ("half.png", &cut_in_half, "damaged"),
        ("script.png", &script, "damaged"),
        ("zip-inside.png", &zip_inside, "damaged"),
        ("zip-after.png", &zip_after, "damaged"),
        ("no-end.pdf", &pdf_no_end, "damaged"),
    ] {
        let upload = start(&citizen, &draft.id, slot, name, bytes.len()).await;
        let reply = patch(&citizen, &upload, 0, bytes).await;
        assert_refused(&reply, 422, slot, problem, name);
        // The upload is gone: the person sends another file.
        let gone = progress(&citizen, &upload).await;
        assert_eq!(gone.status, 404, "{name}: {}", gone.text);
        assert_eq!(gone.code(), Some("not_found"));
    }
    assert_eq!(
        list(&citizen, &draft.id).await.json,
        json!({ "files": [], "uploads": [] }),
        "nothing attached, nothing pending"
    );
    assert_eq!(blobs(&app), 0, "nothing stored");
    assert!(
        staged(&app).is_empty(),
        "staging is clean: {:?}",
        staged(&app)
    );
}

#[tokio::test]
async fn more_bytes_than_announced_are_refused() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let slot = &draft.slots[0];
    let file = pdf(3);
    let upload = start(&citizen, &draft.id, slot, "short.pdf", file.len() - 10).await;
    let reply = patch(&citizen, &upload, 0, &file).await;
    assert_refused(
        &reply,
        422,
        slot,
        "too_large",
        "more bytes than Upload-Length",
    );
    // Refused like any other bad file: the upload is gone, nothing attached.
    assert_eq!(progress(&citizen, &upload).await.status, 404);
    assert_eq!(
        list(&citizen, &draft.id).await.json,
        json!({ "files": [], "uploads": [] })
    );
    assert_eq!(blobs(&app), 0);
}

#[tokio::test]
async fn empty_too_large_and_over_the_request_limit_are_refused_when_the_upload_starts() {
    let file = pdf(3);
    let size = file.len() as u64;
    let app = spawn_app_with(|config| {
        config.uploads.max_file_bytes = size + 50;
        config.uploads.max_request_bytes = 2 * size + 100;
    })
    .await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let slot = &draft.slots[0];

    let reply = create(&citizen, &draft.id, slot, "empty.pdf", 0).await;
    assert_refused(&reply, 422, slot, "empty_file", "Upload-Length 0");
    let reply = create(&citizen, &draft.id, slot, "big.pdf", size + 51).await;
    assert_refused(&reply, 422, slot, "too_large", "over max_file_bytes");

    // The request's total counts attached files and uploads still being sent.
    attach(&citizen, &draft.id, slot, "one.pdf", &file).await;
    let pending = start(&citizen, &draft.id, slot, "two.pdf", size as usize).await;
    let reply = create(&citizen, &draft.id, slot, "three.pdf", 101).await;
    assert_refused(
        &reply,
        422,
        slot,
        "request_too_large",
        "over max_request_bytes",
    );
    // Cancelling the pending upload frees its room; the limit itself is allowed.
    let cancel = citizen.delete(&format!("/api/uploads/{pending}")).await;
    assert_eq!(cancel.status, 204, "{}", cancel.text);
    let reply = create(
        &citizen,
        &draft.id,
        slot,
        "exactly-the-limit.pdf",
        size + 50,
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);

    let listed = list(&citizen, &draft.id).await;
    assert_eq!(listed.json["files"].as_array().unwrap().len(), 1);
    assert_eq!(listed.json["uploads"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_unknown_slot_a_wrong_content_type_and_garbled_headers_are_client_errors() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let slot = &draft.slots[0];

    let reply = create(&citizen, &draft.id, "passport-of-the-cat", "cat.png", 10).await;
    assert_refused(&reply, 422, "slot", "not_a_choice", "unknown slot");

    let good_metadata = format!("slot {},filename {}", b64(slot), b64("a.pdf"));
    for (what, length, metadata) in [
        (
            "garbage Upload-Length",
            Some("ten"),
            Some(good_metadata.as_str()),
        ),
        (
            "negative Upload-Length",
            Some("-1"),
            Some(good_metadata.as_str()),
        ),
        (
            "Upload-Length past u64",
            Some("99999999999999999999999"),
            Some(good_metadata.as_str()),
        ),
        ("no Upload-Length", None, Some(good_metadata.as_str())),
        ("no Upload-Metadata", Some("10"), None),
        (
            "slot not base64",
            Some("10"),
            Some("slot !!!not base64!!!,filename YS5wZGY="),
        ),
        ("no slot", Some("10"), Some("filename YS5wZGY=")),
    ] {
        let reply = create_raw(&citizen, &draft.id, length, metadata).await;
        assert_eq!(reply.status, 400, "{what}: {}", reply.text);
        assert!(reply.is_json(), "{what}: {}", reply.text);
        assert_eq!(reply.code(), Some("invalid_input"), "{what}");
    }

    let file = pdf(3);
    let upload = start(&citizen, &draft.id, slot, "a.pdf", file.len()).await;
    for content_type in ["application/octet-stream", "application/pdf", ""] {
        let request = citizen
            .request(Method::PATCH, &format!("/api/uploads/{upload}"))
            .header("tus-resumable", "1.0.0")
            .header("content-type", content_type)
            .header("upload-offset", "0")
            .body(file.clone());
        let reply = citizen.send(request).await;
        assert_eq!(reply.status, 415, "{content_type:?}: {}", reply.text);
        assert!(reply.is_json(), "{}", reply.text);
    }
    for offset in [None, Some("zero"), Some("-1")] {
        let mut request = citizen
            .request(Method::PATCH, &format!("/api/uploads/{upload}"))
            .header("content-type", "application/offset+octet-stream")
            .body(file.clone());
        if let Some(offset) = offset {
            request = request.header("upload-offset", offset);
        }
        let reply = citizen.send(request).await;
        assert_eq!(
            reply.status, 400,
            "Upload-Offset {offset:?}: {}",
            reply.text
        );
        assert_eq!(reply.code(), Some("invalid_input"));
    }
    assert_eq!(
        progress(&citizen, &upload).await.json["offset"],
        0,
        "nothing written"
    );

    // Unknown ids are 404 (never 500).
    for (method, path) in [
        (
            Method::GET,
            "/api/uploads/0123456789abcdef0123456789abcdef".to_owned(),
        ),
        (
            Method::DELETE,
            "/api/uploads/0123456789abcdef0123456789abcdef".to_owned(),
        ),
        (
            Method::GET,
            "/api/documents/0123456789abcdef0123456789abcdef".to_owned(),
        ),
        (
            Method::GET,
            "/api/documents/0123456789abcdef0123456789abcdef/thumbnail".to_owned(),
        ),
        (
            Method::DELETE,
            "/api/documents/0123456789abcdef0123456789abcdef".to_owned(),
        ),
        (
            Method::GET,
            "/api/applications/0123456789abcdef0123456789abcdef/documents".to_owned(),
        ),
        (Method::GET, format!("/api/documents/{upload}")),
    ] {
        let reply = citizen.call(method.clone(), &path, None).await;
        assert_eq!(reply.status, 404, "{method} {path}: {}", reply.text);
        assert_eq!(reply.code(), Some("not_found"));
    }
    let reply = create(
        &citizen,
        "0123456789abcdef0123456789abcdef",
        slot,
        "a.pdf",
        10,
    )
    .await;
    assert_eq!(reply.status, 404, "{}", reply.text);
}

#[tokio::test]
async fn only_the_owner_may_touch_their_uploads_and_files() {
    let app = spawn_app().await;
    let owner = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &owner).await;
    let slot = &draft.slots[0];
    let image = png();
    let file = attach(&owner, &draft.id, slot, "mine.png", &image).await;
    let file = file["id"].as_str().unwrap().to_owned();
    let partial = pdf(3);
    let upload = start(&owner, &draft.id, slot, "half.pdf", partial.len()).await;
    let half = partial.len() / 2;
    assert_eq!(
        patch(&owner, &upload, 0, &partial[..half]).await.status,
        204
    );

    let stranger = another_citizen(&app).await;
    let operator = app.signed_in(Role::Operator).await;
    let anonymous = app.browser();
    let metadata = format!("slot {},filename {}", b64(slot), b64("theirs.pdf"));
    let attempts = |browser: &Browser| {
        let make = |method: Method, path: String| browser.request(method, &path);
        vec![
            (
                "GET upload",
                make(Method::GET, format!("/api/uploads/{upload}")),
            ),
            (
                "HEAD upload",
                make(Method::HEAD, format!("/api/uploads/{upload}")),
            ),
            (
                "PATCH upload",
                make(Method::PATCH, format!("/api/uploads/{upload}"))
                    .header("content-type", "application/offset+octet-stream")
                    .header("upload-offset", half.to_string())
                    .body(vec![b'X'; partial.len() - half]),
            ),
            (
                "DELETE upload",
                make(Method::DELETE, format!("/api/uploads/{upload}")),
            ),
            (
                "GET file",
                make(Method::GET, format!("/api/documents/{file}")),
            ),
            (
                "GET thumbnail",
                make(Method::GET, format!("/api/documents/{file}/thumbnail")),
            ),
            (
                "DELETE file",
                make(Method::DELETE, format!("/api/documents/{file}")),
            ),
            (
                "POST uploads",
                make(
                    Method::POST,
                    format!("/api/applications/{}/uploads", draft.id),
                )
                .header("upload-length", "10")
                .header("upload-metadata", metadata.clone()),
            ),
            (
                "GET documents",
                make(
                    Method::GET,
                    format!("/api/applications/{}/documents", draft.id),
                ),
            ),
        ]
    };
    for (who, browser, status, code) in [
        ("another citizen", &stranger, 403, "forbidden"),
        ("an operator", &operator, 403, "forbidden"),
        ("anonymous", &anonymous, 401, "sign_in_required"),
    ] {
        for (what, request) in attempts(browser) {
            let reply = browser.send(request).await;
            assert_eq!(reply.status, status, "{who}: {what}: {}", reply.text);
            if !what.starts_with("HEAD") {
                assert_eq!(reply.code(), Some(code), "{who}: {what}");
            }
        }
    }

    // Nothing changed for the owner.
    let still = progress(&owner, &upload).await;
    assert_eq!(still.json["offset"], half);
    let got = download(&owner, &format!("/api/documents/{file}")).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.bytes, image);
    assert_eq!(
        download(&owner, &format!("/api/documents/{file}/thumbnail"))
            .await
            .status,
        200
    );
    let listed = list(&owner, &draft.id).await;
    assert_eq!(listed.json["files"].as_array().unwrap().len(), 1);
    assert_eq!(listed.json["uploads"].as_array().unwrap().len(), 1);
    let done = patch(&owner, &upload, half, &partial[half..]).await;
    assert_eq!(done.status, 200, "{}", done.text);
}

#[tokio::test]
async fn the_same_bytes_are_stored_once_and_go_with_their_last_file() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let (a, b) = (&draft.slots[0], &draft.slots[1]);

    // A PDF (no thumbnail): one blob for both attachments.
    let file = pdf(20);
    let first = attach(&citizen, &draft.id, a, "first.pdf", &file).await;
    let second = attach(&citizen, &draft.id, b, "second.pdf", &file).await;
    let (first, second) = (
        first["id"].as_str().unwrap(),
        second["id"].as_str().unwrap(),
    );
    assert_ne!(first, second, "two files, each with its own id");
    assert_eq!(
        list(&citizen, &draft.id).await.json["files"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(blobs(&app), 1, "the bytes once");
    assert!(staged(&app).is_empty(), "{:?}", staged(&app));

    assert_eq!(
        citizen
            .delete(&format!("/api/documents/{first}"))
            .await
            .status,
        204
    );
    assert_eq!(blobs(&app), 1, "the other file still uses the bytes");
    assert_eq!(
        download(&citizen, &format!("/api/documents/{first}"))
            .await
            .status,
        404
    );
    let kept = download(&citizen, &format!("/api/documents/{second}")).await;
    assert_eq!(kept.status, 200);
    assert_eq!(kept.bytes, file);
    assert_eq!(
        citizen
            .delete(&format!("/api/documents/{second}"))
            .await
            .status,
        204
    );
    assert_eq!(blobs(&app), 0, "the last file took its bytes with it");
    assert_eq!(
        list(&citizen, &draft.id).await.json,
        json!({ "files": [], "uploads": [] })
    );

    // An image: its bytes and its thumbnail, each once.
    let image = png();
    let first = attach(&citizen, &draft.id, a, "one.png", &image).await;
    let second = attach(&citizen, &draft.id, a, "two.png", &image).await;
    assert_eq!(blobs(&app), 2, "the image and its thumbnail");
    for file in [&first, &second] {
        let id = file["id"].as_str().unwrap();
        assert_eq!(
            citizen.delete(&format!("/api/documents/{id}")).await.status,
            204
        );
    }
    assert_eq!(blobs(&app), 0);
}

#[tokio::test]
async fn a_cancelled_upload_is_gone_with_its_staging_file() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let file = pdf(100);
    let upload = start(
        &citizen,
        &draft.id,
        &draft.slots[0],
        "never-mind.pdf",
        file.len(),
    )
    .await;
    let half = file.len() / 2;
    assert_eq!(patch(&citizen, &upload, 0, &file[..half]).await.status, 204);
    let part = app
        .data_dir
        .path()
        .join("uploads")
        .join(format!("{upload}.part"));
    assert_eq!(
        std::fs::metadata(&part).unwrap().len(),
        half as u64,
        "staged"
    );

    let reply = citizen.delete(&format!("/api/uploads/{upload}")).await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let gone = progress(&citizen, &upload).await;
    assert_eq!(gone.status, 404);
    assert_eq!(gone.code(), Some("not_found"));
    assert!(!part.exists(), "the staging file is gone");
    assert!(staged(&app).is_empty(), "{:?}", staged(&app));
    assert_eq!(
        list(&citizen, &draft.id).await.json,
        json!({ "files": [], "uploads": [] })
    );
    // Nothing to continue or cancel again.
    assert_eq!(
        patch(&citizen, &upload, half, &file[half..]).await.status,
        404
    );
    assert_eq!(
        citizen
            .delete(&format!("/api/uploads/{upload}"))
            .await
            .status,
        404
    );
    assert_eq!(blobs(&app), 0);
}

#[tokio::test]
async fn an_interrupted_upload_is_listed_as_an_upload_never_as_a_file() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    let slot = &draft.slots[0];
    let file = pdf(100);
    let upload = start(&citizen, &draft.id, slot, "half.pdf", file.len()).await;
    let half = file.len() / 2;
    assert_eq!(patch(&citizen, &upload, 0, &file[..half]).await.status, 204);
    // Even the last byte missing is not attached.
    let image = png();
    let almost = start(&citizen, &draft.id, slot, "almost.png", image.len()).await;
    assert_eq!(
        patch(&citizen, &almost, 0, &image[..image.len() - 1])
            .await
            .status,
        204
    );

    let listed = list(&citizen, &draft.id).await;
    assert_eq!(listed.json["files"], json!([]));
    // Both started within the same second: their order between them is not the point here.
    let mut uploads = listed.json["uploads"].as_array().unwrap().clone();
    uploads.sort_by_key(|u| u["name"].as_str().unwrap().to_owned());
    assert_eq!(
        uploads,
        [
            json!({ "id": almost, "slot": slot, "name": "almost.png", "length": image.len(), "offset": image.len() - 1 }),
            json!({ "id": upload, "slot": slot, "name": "half.pdf", "length": file.len(), "offset": half }),
        ]
    );
    assert_eq!(blobs(&app), 0, "nothing in the store");
    for id in [&upload, &almost] {
        assert_eq!(
            download(&citizen, &format!("/api/documents/{id}"))
                .await
                .status,
            404
        );
    }
}

/// A draft deleted by its applicant takes its scans with it: identity documents must not stay
/// on disk with nothing pointing at them.
#[tokio::test]
async fn deleting_a_draft_deletes_its_documents_bytes() {
    let app = spawn_app().await;
    let citizen = app.signed_in(Role::Citizen).await;
    let draft = draft(&app, &citizen).await;
    attach(&citizen, &draft.id, &draft.slots[0], "passport.png", &png()).await;
    let file = pdf(10);
    let upload = start(&citizen, &draft.id, &draft.slots[1], "half.pdf", file.len()).await;
    assert_eq!(patch(&citizen, &upload, 0, &file[..10]).await.status, 204);
    assert_eq!(blobs(&app), 2);

    let reply = citizen
        .delete(&format!("/api/applications/{}", draft.id))
        .await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    assert_eq!(progress(&citizen, &upload).await.status, 404);
    assert_eq!(blobs(&app), 0, "the file and its thumbnail are deleted");
    assert!(
        staged(&app).is_empty(),
        "the staging file is deleted: {:?}",
        staged(&app)
    );
}
