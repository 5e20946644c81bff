//! Document scans attached to a request. A file is sent in pieces (tus 1.0: create, then
//! PATCH from the offset the adapter has, which survives a dropped connection); the pieces go
//! straight to a staging file on disk, never whole into memory. When the last byte is in, the
//! content is sniffed and checked, hashed, and the file moves into the blob store, kept once
//! per SHA-256; only then is it attached. A file half sent is never counted as attached.

pub mod blobs;
pub mod sniff;
mod staging;

use std::{
    collections::{HashMap, HashSet},
    io::{Read, Seek, SeekFrom},
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use axum::body::Body;
use futures_util::StreamExt;
use qyzmet_domain::{AttachedFile, DocumentList, Problem, UploadProgress};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::submissions::{lock_draft, submitted};
use crate::{
    applications::{owned, random_id},
    catalogue::Catalogue,
    clock,
    config::UploadConfig,
    error::AppError,
    sessions::Session,
};
use blobs::BlobStore;
use staging::StagingWriter;

/// The longest file name kept (characters); longer ones are cut.
const MAX_NAME_CHARS: usize = 200;
/// A piece whose bytes stop arriving for this long ends there (the rest comes in the next).
const IDLE: std::time::Duration = std::time::Duration::from_secs(30);
/// Thumbnails fit in this square.
const THUMBNAIL_SIDE: u32 = 320;

#[derive(Clone)]
pub struct Documents {
    blobs: Arc<dyn BlobStore>,
    /// Files being received: `<upload id>.part`.
    staging: PathBuf,
    limits: UploadConfig,
    /// Uploads a request is writing now: a second writer at once is refused.
    busy: Arc<Mutex<HashSet<String>>>,
    /// The SHA-256 of each upload so far, fed as its bytes arrive (so the end need not read
    /// the file again), with the offset it has reached. Lost on a restart: then the end reads
    /// the staged file instead.
    hashing: Arc<Mutex<HashMap<String, (Sha256, u64)>>>,
}

impl Documents {
    pub fn new(
        blobs: Arc<dyn BlobStore>,
        staging: PathBuf,
        limits: UploadConfig,
    ) -> std::io::Result<Self> {
        std::fs::create_dir_all(&staging)?;
        Ok(Documents {
            blobs,
            staging,
            limits,
            busy: Arc::new(Mutex::new(HashSet::new())),
            hashing: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    pub fn blobs(&self) -> &dyn BlobStore {
        self.blobs.as_ref()
    }

    fn part(&self, upload: &str) -> PathBuf {
        self.staging.join(format!("{upload}.part"))
    }
}

#[derive(sqlx::FromRow)]
struct UploadRow {
    id: String,
    application_id: String,
    account_id: i64,
    slot: String,
    name: String,
    length: i64,
    received: i64,
}

impl UploadRow {
    /// What the adapter really has: the recorded offset, unless the staged file is shorter
    /// (the machine stopped before the page cache reached the disk).
    async fn settle(&mut self, documents: &Documents) -> u64 {
        let on_disk = tokio::fs::metadata(documents.part(&self.id))
            .await
            .map_or(0, |m| m.len());
        if (on_disk as i64) < self.received {
            self.received = on_disk as i64;
        }
        self.received as u64
    }

    fn progress(&self) -> UploadProgress {
        UploadProgress {
            id: self.id.clone(),
            slot: self.slot.clone(),
            name: self.name.clone(),
            length: self.length as u64,
            offset: self.received as u64,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct FileRow {
    id: String,
    account_id: i64,
    slot: String,
    name: String,
    size: i64,
    pub content_type: String,
    pub sha256: String,
    pub thumbnail: Option<String>,
    created_at: i64,
}

/// `thumbnail` of a PDF whose first page could not be drawn.
const NO_THUMBNAIL: &str = "none";

impl FileRow {
    /// Whether a thumbnail is there, or can be made (a PDF's, on first request).
    fn has_thumbnail(&self) -> bool {
        match &self.thumbnail {
            Some(sha) => sha != NO_THUMBNAIL,
            None => self.content_type == sniff::Kind::Pdf.content_type(),
        }
    }

    pub fn attached(&self) -> AttachedFile {
        AttachedFile {
            id: self.id.clone(),
            slot: self.slot.clone(),
            name: self.name.clone(),
            size: self.size as u64,
            content_type: self.content_type.clone(),
            created_at: clock::rfc3339(self.created_at),
            thumbnail: self.has_thumbnail(),
        }
    }
}

/// A name fit to keep and to offer back: no path, no control characters, not too long.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() || trimmed.chars().all(|c| c == '.') {
        "file".into()
    } else {
        trimmed.to_owned()
    }
}

/// Starts sending a file of `length` bytes for `slot` of the caller's request.
pub async fn begin(
    db: &SqlitePool,
    catalogue: &Catalogue,
    documents: &Documents,
    owner: &Session,
    application: &str,
    slot: &str,
    name: &str,
    length: u64,
) -> Result<UploadProgress, AppError> {
    let row = owned(db, owner, application).await?;
    if row.number.is_some() {
        return Err(submitted());
    }
    let service = catalogue
        .services()
        .iter()
        .find(|s| s.id == row.service)
        .ok_or_else(|| AppError::NotFound("service".into()))?;
    if !service.documents.iter().any(|d| d.id == slot) {
        return Err(AppError::invalid("slot", Problem::NotAChoice));
    }
    if length == 0 {
        return Err(AppError::invalid(slot, Problem::EmptyFile));
    }
    if length > documents.limits.max_file_bytes {
        return Err(AppError::invalid(slot, Problem::TooLarge));
    }
    let (files, pending): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COALESCE(SUM(size), 0) FROM attached_files WHERE application_id = ?1),
                (SELECT COALESCE(SUM(length), 0) FROM uploads WHERE application_id = ?1)",
    )
    .bind(&row.id)
    .fetch_one(db)
    .await?;
    if (files + pending) as u64 + length > documents.limits.max_request_bytes {
        return Err(AppError::invalid(slot, Problem::RequestTooLarge));
    }
    let id = random_id()?;
    tokio::fs::File::create(documents.part(&id))
        .await
        .map_err(|e| anyhow::anyhow!("cannot create a staging file: {e}"))?;
    let upload = UploadRow {
        id,
        application_id: row.id,
        account_id: owner.account.id,
        slot: slot.to_owned(),
        name: clean_name(name),
        length: length as i64,
        received: 0,
    };
    sqlx::query(
        "INSERT INTO uploads (id, application_id, account_id, slot, name, length, received, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
    )
    .bind(&upload.id)
    .bind(&upload.application_id)
    .bind(upload.account_id)
    .bind(&upload.slot)
    .bind(&upload.name)
    .bind(upload.length)
    .bind(clock::now())
    .execute(db)
    .await?;
    Ok(upload.progress())
}

async fn own_upload(db: &SqlitePool, owner: &Session, id: &str) -> Result<UploadRow, AppError> {
    let row: Option<UploadRow> = sqlx::query_as(
        "SELECT id, application_id, account_id, slot, name, length, received FROM uploads WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(AppError::NotFound("upload".into())),
        Some(row) if row.account_id != owner.account.id => Err(AppError::Forbidden),
        Some(row) => Ok(row),
    }
}

/// How much of the file the adapter has.
pub async fn progress(
    db: &SqlitePool,
    documents: &Documents,
    owner: &Session,
    id: &str,
) -> Result<UploadProgress, AppError> {
    let mut upload = own_upload(db, owner, id).await?;
    upload.settle(documents).await;
    Ok(upload.progress())
}

/// What a piece brought: the new offset, and the attached file when it was the last piece.
pub struct Received {
    pub offset: u64,
    pub attached: Option<AttachedFile>,
}

/// Marks an upload as being written for as long as it lives.
struct Writing {
    busy: Arc<Mutex<HashSet<String>>>,
    id: String,
}

impl Drop for Writing {
    fn drop(&mut self) {
        if let Ok(mut busy) = self.busy.lock() {
            busy.remove(&self.id);
        }
    }
}

/// Appends a piece sent from `offset` (which must be what the adapter has). A connection cut
/// mid-piece keeps what arrived: the next piece starts there.
pub async fn receive(
    db: &SqlitePool,
    documents: &Documents,
    owner: &Session,
    id: &str,
    offset: u64,
    body: Body,
) -> Result<Received, AppError> {
    let mut upload = own_upload(db, owner, id).await?;
    let _writing = {
        let mut busy = documents
            .busy
            .lock()
            .map_err(|_| anyhow::anyhow!("the upload lock is poisoned"))?;
        if !busy.insert(upload.id.clone()) {
            return Err(AppError::Conflict {
                field: "upload".into(),
                problem: Problem::Mismatch,
            });
        }
        Writing {
            busy: documents.busy.clone(),
            id: upload.id.clone(),
        }
    };
    let had = upload.settle(documents).await;
    if offset != had {
        return Err(AppError::Conflict {
            field: "upload_offset".into(),
            problem: Problem::Mismatch,
        });
    }
    let length = upload.length as u64;
    let path = documents.part(&upload.id);
    let hasher = {
        let mut hashing = documents
            .hashing
            .lock()
            .map_err(|_| anyhow::anyhow!("the hashing lock is poisoned"))?;
        match hashing.remove(&upload.id) {
            Some((hasher, at)) if at == had => Some(hasher),
            _ if had == 0 => Some(Sha256::new()),
            _ => None,
        }
    };
    let mut staged = StagingWriter::open(&path, had, hasher)
        .await
        .map_err(|e| anyhow::anyhow!("cannot open the staging file: {e}"))?;
    let mut written = 0u64;
    let mut too_long = false;
    let mut stream = body.into_data_stream();
    loop {
        // A client that stops sending is let go after a while; what arrived is kept.
        let Ok(Some(Ok(frame))) = tokio::time::timeout(IDLE, stream.next()).await else {
            break;
        };
        if had + written + frame.len() as u64 > length {
            too_long = true;
            break;
        }
        written += frame.len() as u64;
        staged
            .write(frame)
            .await
            .map_err(|e| anyhow::anyhow!("cannot write the staging file: {e}"))?;
    }
    let now_has = had + written;
    // No fsync per piece: after a crash the staged file may be shorter than recorded, and
    // `received` then takes the file's length (`UploadRow::settle`). Only a complete file is
    // made durable, before it moves into the blob store.
    let hasher = staged
        .finish(now_has == length)
        .await
        .map_err(|e| anyhow::anyhow!("cannot write the staging file: {e}"))?;
    if now_has < length && !too_long {
        sqlx::query("UPDATE uploads SET received = ? WHERE id = ?")
            .bind(now_has as i64)
            .bind(&upload.id)
            .execute(db)
            .await?;
    }
    if too_long {
        // More than announced: not the file it said it was.
        forget_upload(db, documents, &upload.id).await?;
        return Err(AppError::invalid(&upload.slot, Problem::TooLarge));
    }
    if now_has < length {
        if let (Some(hasher), Ok(mut hashing)) = (hasher, documents.hashing.lock()) {
            hashing.insert(upload.id.clone(), (hasher, now_has));
        }
        return Ok(Received {
            offset: now_has,
            attached: None,
        });
    }
    let known = hasher.map(|h| format!("{:x}", h.finalize()));
    let attached = finish(db, documents, &upload, &path, known).await;
    if attached.is_err() {
        // A refused file leaves nothing behind: the person sends another.
        forget_upload(db, documents, &upload.id).await?;
    }
    Ok(Received {
        offset: now_has,
        attached: Some(attached?),
    })
}

/// What the blocking checks found.
struct Checked {
    kind: sniff::Kind,
    sha256: String,
    /// A PNG thumbnail in the staging folder, when the image could be decoded within limits.
    thumbnail: Option<PathBuf>,
}

/// Sniffs, checks and hashes the complete file, and makes an image's thumbnail.
fn check_file(
    path: &Path,
    thumbnail_path: PathBuf,
    known: Option<String>,
) -> Result<Checked, Problem> {
    let inner = || -> std::io::Result<Result<Checked, Problem>> {
        let mut file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        let window = sniff::WINDOW as u64;
        let mut head = vec![0u8; size.min(window) as usize];
        file.read_exact(&mut head)?;
        let mut tail = vec![0u8; size.min(window) as usize];
        file.seek(SeekFrom::Start(size - tail.len() as u64))?;
        file.read_exact(&mut tail)?;
        let kind = match sniff::check(&head, &tail) {
            Ok(kind) => kind,
            Err(problem) => return Ok(Err(problem)),
        };
        let sha256 = match known {
            Some(sha256) => sha256,
            None => {
                file.seek(SeekFrom::Start(0))?;
                let mut hasher = Sha256::new();
                let mut buffer = vec![0u8; 64 * 1024];
                loop {
                    let n = file.read(&mut buffer)?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buffer[..n]);
                }
                format!("{:x}", hasher.finalize())
            }
        };
        let thumbnail = match kind {
            sniff::Kind::Pdf => None,
            sniff::Kind::Jpeg | sniff::Kind::Png => match image_thumbnail(path, &thumbnail_path) {
                Ok(made) => made.then_some(thumbnail_path),
                Err(problem) => return Ok(Err(problem)),
            },
        };
        Ok(Ok(Checked {
            kind,
            sha256,
            thumbnail,
        }))
    };
    inner().unwrap_or(Err(Problem::Damaged))
}

/// Decodes the image (within limits, so a crafted one cannot eat the memory) and writes a
/// small PNG. `Ok(false)`: too large to decode here, accepted without a thumbnail; an image
/// that does not decode is damaged.
fn image_thumbnail(path: &Path, out: &Path) -> Result<bool, Problem> {
    let mut reader = image::ImageReader::open(path)
        .and_then(|r| r.with_guessed_format())
        .map_err(|_| Problem::Damaged)?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(128 * 1024 * 1024);
    reader.limits(limits);
    let image = match reader.decode() {
        Ok(image) => image,
        Err(image::ImageError::Limits(_)) => return Ok(false),
        Err(_) => return Err(Problem::Damaged),
    };
    image
        .thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
        .save_with_format(out, image::ImageFormat::Png)
        .map_err(|_| Problem::Damaged)?;
    Ok(true)
}

async fn finish(
    db: &SqlitePool,
    documents: &Documents,
    upload: &UploadRow,
    path: &Path,
    known: Option<String>,
) -> Result<AttachedFile, AppError> {
    let thumbnail_path = documents.staging.join(format!("{}.thumb.png", upload.id));
    let checked = {
        let (path, thumbnail_path) = (path.to_owned(), thumbnail_path.clone());
        tokio::task::spawn_blocking(move || check_file(&path, thumbnail_path, known))
            .await
            .map_err(|e| anyhow::anyhow!("the file check stopped: {e}"))?
    }
    .map_err(|problem| AppError::invalid(&upload.slot, problem))?;
    let thumbnail_sha = match &checked.thumbnail {
        Some(thumb) => {
            let bytes = tokio::fs::read(thumb)
                .await
                .map_err(|e| anyhow::anyhow!("cannot read the thumbnail: {e}"))?;
            let sha = format!("{:x}", Sha256::digest(&bytes));
            documents
                .blobs
                .put(sha.clone(), thumb.clone())
                .await
                .map_err(|e| anyhow::anyhow!("cannot store the thumbnail: {e}"))?;
            Some(sha)
        }
        None => None,
    };
    documents
        .blobs
        .put(checked.sha256.clone(), path.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("cannot store the file: {e}"))?;
    let file = FileRow {
        id: random_id()?,
        account_id: upload.account_id,
        slot: upload.slot.clone(),
        name: upload.name.clone(),
        size: upload.length,
        content_type: checked.kind.content_type().to_owned(),
        sha256: checked.sha256,
        thumbnail: thumbnail_sha,
        created_at: clock::now(),
    };
    let mut tx = db.begin().await?;
    lock_draft(&mut tx, &upload.application_id).await?;
    sqlx::query(
        "INSERT INTO attached_files
           (id, application_id, account_id, slot, name, size, content_type, sha256, thumbnail, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&file.id)
    .bind(&upload.application_id)
    .bind(file.account_id)
    .bind(&file.slot)
    .bind(&file.name)
    .bind(file.size)
    .bind(&file.content_type)
    .bind(&file.sha256)
    .bind(&file.thumbnail)
    .bind(file.created_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM uploads WHERE id = ?")
        .bind(&upload.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(file.attached())
}

async fn forget_upload(db: &SqlitePool, documents: &Documents, id: &str) -> Result<(), AppError> {
    if let Ok(mut hashing) = documents.hashing.lock() {
        hashing.remove(id);
    }
    sqlx::query("DELETE FROM uploads WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    for path in [
        documents.part(id),
        documents.staging.join(format!("{id}.thumb.png")),
    ] {
        let _ = tokio::fs::remove_file(path).await;
    }
    Ok(())
}

/// Stops sending a file: what arrived is dropped.
pub async fn cancel(
    db: &SqlitePool,
    documents: &Documents,
    owner: &Session,
    id: &str,
) -> Result<(), AppError> {
    let upload = own_upload(db, owner, id).await?;
    forget_upload(db, documents, &upload.id).await
}

/// The request's attached files and the files still being sent.
pub async fn list(
    db: &SqlitePool,
    owner: &Session,
    application: &str,
) -> Result<DocumentList, AppError> {
    let row = owned(db, owner, application).await?;
    let files: Vec<FileRow> = sqlx::query_as(
        "SELECT id, account_id, slot, name, size, content_type, sha256, thumbnail, created_at
         FROM attached_files WHERE application_id = ? ORDER BY created_at, rowid",
    )
    .bind(&row.id)
    .fetch_all(db)
    .await?;
    let uploads: Vec<UploadRow> = sqlx::query_as(
        "SELECT id, application_id, account_id, slot, name, length, received
         FROM uploads WHERE application_id = ? ORDER BY created_at, rowid",
    )
    .bind(&row.id)
    .fetch_all(db)
    .await?;
    let paper = crate::intake::paper(&mut *db.acquire().await?, &row.id).await?;
    Ok(DocumentList {
        files: files.iter().map(FileRow::attached).collect(),
        uploads: uploads.iter().map(UploadRow::progress).collect(),
        paper,
    })
}

/// One of the caller's attached files.
pub async fn file(db: &SqlitePool, owner: &Session, id: &str) -> Result<FileRow, AppError> {
    let row: Option<FileRow> = sqlx::query_as(
        "SELECT id, account_id, slot, name, size, content_type, sha256, thumbnail, created_at
         FROM attached_files WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(AppError::NotFound("file".into())),
        Some(row) if row.account_id != owner.account.id => Err(AppError::Forbidden),
        Some(row) => Ok(row),
    }
}

/// The blob of a file's thumbnail. A PDF's first page is drawn on the first request, not
/// while the file is received (so receiving stays light), and kept.
pub async fn thumbnail(
    db: &SqlitePool,
    documents: &Documents,
    owner: &Session,
    id: &str,
) -> Result<String, AppError> {
    let row = file(db, owner, id).await?;
    if !row.has_thumbnail() {
        return Err(AppError::NotFound("thumbnail".into()));
    }
    if let Some(sha) = row.thumbnail {
        return Ok(sha);
    }
    let body = documents
        .blobs
        .read(row.sha256.clone())
        .await
        .map_err(|e| anyhow::anyhow!("cannot read a stored file: {e}"))?;
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|e| anyhow::anyhow!("cannot read a stored file: {e}"))?
        .to_vec();
    let drawn = tokio::time::timeout(
        PDF_DRAW_TIME,
        tokio::task::spawn_blocking(move || pdf_first_page(bytes)),
    )
    .await;
    let png = match drawn {
        Ok(Ok(Some(png))) => png,
        // Not drawable (encrypted, unusual, too slow): the app shows a PDF mark instead.
        _ => {
            sqlx::query("UPDATE attached_files SET thumbnail = ? WHERE id = ?")
                .bind(NO_THUMBNAIL)
                .bind(&row.id)
                .execute(db)
                .await?;
            return Err(AppError::NotFound("thumbnail".into()));
        }
    };
    let sha = format!("{:x}", Sha256::digest(&png));
    let staged = documents.staging.join(format!("{}.thumb.png", row.id));
    tokio::fs::write(&staged, &png)
        .await
        .map_err(|e| anyhow::anyhow!("cannot write a thumbnail: {e}"))?;
    documents
        .blobs
        .put(sha.clone(), staged)
        .await
        .map_err(|e| anyhow::anyhow!("cannot store a thumbnail: {e}"))?;
    sqlx::query("UPDATE attached_files SET thumbnail = ? WHERE sha256 = ? AND thumbnail IS NULL")
        .bind(&sha)
        .bind(&row.sha256)
        .execute(db)
        .await?;
    Ok(sha)
}

/// How long drawing a PDF's first page may take.
const PDF_DRAW_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// The PDF's first page as a PNG that fits `THUMBNAIL_SIDE`, on a white page.
fn pdf_first_page(bytes: Vec<u8>) -> Option<Vec<u8>> {
    use hayro::{
        PixmapSettings, RenderCache, RenderSettings, hayro_interpret::InterpreterSettings,
        hayro_syntax::Pdf, render, vello_cpu::color::palette::css::WHITE,
    };
    let pdf = Pdf::new(bytes).ok()?;
    let page = pdf.pages().iter().next()?;
    let (width, height) = page.render_dimensions();
    if !(width > 0.0 && height > 0.0) {
        return None;
    }
    let scale = THUMBNAIL_SIDE as f32 / width.max(height);
    let pixmap = render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings {
            x_scale: scale,
            y_scale: scale,
            bg_color: WHITE,
        },
    );
    pixmap.into_png().ok()
}

/// Deletes a draft with its files: their bytes go when nothing else shares them (these are
/// identity documents; nothing of them stays behind), and unfinished uploads with it.
pub async fn delete_application(
    db: &SqlitePool,
    documents: &Documents,
    owner: &Session,
    id: &str,
) -> Result<(), AppError> {
    let row = owned(db, owner, id).await?;
    if row.number.is_some() {
        return Err(submitted());
    }
    let blobs: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT sha256, thumbnail FROM attached_files WHERE application_id = ?")
            .bind(&row.id)
            .fetch_all(db)
            .await?;
    let uploads: Vec<(String,)> = sqlx::query_as("SELECT id FROM uploads WHERE application_id = ?")
        .bind(&row.id)
        .fetch_all(db)
        .await?;
    let deleted = sqlx::query(
        "DELETE FROM applications WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM submissions WHERE application_id = ?1)",
    )
    .bind(&row.id)
    .execute(db)
    .await?;
    if deleted.rows_affected() == 0 {
        return Err(submitted());
    }
    for (upload,) in uploads {
        forget_upload(db, documents, &upload).await?;
    }
    for (sha, thumbnail) in blobs {
        drop_unused(db, documents, sha).await?;
        if let Some(thumbnail) = thumbnail.filter(|t| t != NO_THUMBNAIL) {
            drop_unused(db, documents, thumbnail).await?;
        }
    }
    Ok(())
}

/// Deletes a blob no attached file refers to any more.
async fn drop_unused(db: &SqlitePool, documents: &Documents, blob: String) -> Result<(), AppError> {
    let (users,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM attached_files WHERE sha256 = ?1 OR thumbnail = ?1")
            .bind(&blob)
            .fetch_one(db)
            .await?;
    if users == 0 {
        documents
            .blobs
            .delete(blob)
            .await
            .map_err(|e| anyhow::anyhow!("cannot delete a blob: {e}"))?;
    }
    Ok(())
}

/// Detaches a file; its bytes go when no other attachment shares them.
pub async fn remove(
    db: &SqlitePool,
    documents: &Documents,
    owner: &Session,
    id: &str,
) -> Result<(), AppError> {
    let row = file(db, owner, id).await?;
    let mut tx = db.begin().await?;
    let (application,): (String,) =
        sqlx::query_as("SELECT application_id FROM attached_files WHERE id = ?")
            .bind(&row.id)
            .fetch_one(&mut *tx)
            .await?;
    lock_draft(&mut tx, &application).await?;
    sqlx::query("DELETE FROM attached_files WHERE id = ?")
        .bind(&row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    for blob in [Some(row.sha256), row.thumbnail].into_iter().flatten() {
        if blob != NO_THUMBNAIL {
            drop_unused(db, documents, blob).await?;
        }
    }
    Ok(())
}

/// A name for `Content-Disposition`: ASCII fallback plus the UTF-8 original (RFC 6266).
pub fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._- ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
