//! Where files' bytes live: each once, named by its SHA-256. The embedded default keeps them
//! under the data folder (`blobs/ab/abcdef…`); an S3-compatible object store can implement the
//! same trait (`object_store` is the crate for it) without touching the routes.

use std::{future::Future, io, path::PathBuf, pin::Pin};

use axum::body::Body;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait BlobStore: Send + Sync {
    /// Takes a finished local file (moved, not copied) as the blob `sha256`; if the blob is
    /// already there, the file is dropped: the same bytes are kept once.
    fn put(&self, sha256: String, file: PathBuf) -> BoxFuture<'_, io::Result<()>>;
    /// The blob's bytes as a streamed body (never whole in memory).
    fn read(&self, sha256: String) -> BoxFuture<'_, io::Result<Body>>;
    fn delete(&self, sha256: String) -> BoxFuture<'_, io::Result<()>>;
}

/// Blobs as files in a folder of the local disk.
pub struct LocalBlobs {
    root: PathBuf,
}

impl LocalBlobs {
    pub fn new(root: PathBuf) -> io::Result<LocalBlobs> {
        std::fs::create_dir_all(&root)?;
        Ok(LocalBlobs { root })
    }

    fn path(&self, sha256: &str) -> io::Result<PathBuf> {
        // Our own hex digests only: never a path from outside.
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256"));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }
}

impl BlobStore for LocalBlobs {
    fn put(&self, sha256: String, file: PathBuf) -> BoxFuture<'_, io::Result<()>> {
        Box::pin(async move {
            let path = self.path(&sha256)?;
            // One trip to the blocking pool for the three steps.
            tokio::task::spawn_blocking(move || {
                if path.try_exists()? {
                    return std::fs::remove_file(&file);
                }
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                // The staging folder is on the same disk: a rename is atomic, so a blob is
                // whole or absent.
                std::fs::rename(&file, &path)
            })
            .await
            .map_err(io::Error::other)?
        })
    }

    fn read(&self, sha256: String) -> BoxFuture<'_, io::Result<Body>> {
        Box::pin(async move {
            let file = tokio::fs::File::open(self.path(&sha256)?).await?;
            Ok(Body::from_stream(tokio_util::io::ReaderStream::new(file)))
        })
    }

    fn delete(&self, sha256: String) -> BoxFuture<'_, io::Result<()>> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path(&sha256)?).await {
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
                other => other,
            }
        })
    }
}
