//! Writing a piece into its staging file without holding up the async threads. The frames of
//! a request body are small (tens of kilobytes); handing each to the blocking pool costs more
//! than writing it. So frames gather (as they are, not copied) into a chunk, and one blocking
//! task writes and hashes a full chunk while the next one fills: receiving, writing and
//! hashing overlap, and memory stays at two chunks per upload whatever the file's size.

use std::{
    fs::File,
    io::{self, Seek, SeekFrom, Write},
    path::Path,
};

use axum::body::Bytes;
use sha2::{Digest, Sha256};
use tokio::task::JoinHandle;

use super::sniff;

/// Bytes gathered before a write.
const CHUNK: usize = 1 << 19;

/// One side of the pipeline: its state is here while idle, or with the blocking task working
/// on a chunk.
enum Stage<T> {
    Idle(T),
    Busy(JoinHandle<io::Result<T>>),
    Failed,
}

impl<T: Send + 'static> Stage<T> {
    /// The state, once the work on the previous chunk is done.
    async fn ready(&mut self) -> io::Result<T> {
        match std::mem::replace(self, Stage::Failed) {
            Stage::Idle(state) => Ok(state),
            Stage::Busy(work) => work.await.map_err(io::Error::other)?,
            Stage::Failed => Err(io::Error::other("the staging writer failed before")),
        }
    }

    async fn start(
        &mut self,
        work: impl FnOnce(T) -> io::Result<T> + Send + 'static,
    ) -> io::Result<()> {
        let state = self.ready().await?;
        *self = Stage::Busy(tokio::task::spawn_blocking(move || work(state)));
        Ok(())
    }
}

pub struct StagingWriter {
    /// The file and where the next chunk goes in it.
    file: Stage<(File, u64)>,
    /// None when the start of the file's hash is lost (a restart): the end reads the file.
    hasher: Option<Stage<Sha256>>,
    filling: Vec<Bytes>,
    filled: usize,
}

impl StagingWriter {
    /// Opens `path` to continue at `offset`, dropping anything after it (bytes the adapter
    /// never acknowledged: a crash, a refused piece).
    pub async fn open(path: &Path, offset: u64, hasher: Option<Sha256>) -> io::Result<Self> {
        let path = path.to_owned();
        let file = blocking(move || {
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            file.set_len(offset)?;
            file.seek(SeekFrom::Start(offset))?;
            Ok(file)
        })
        .await?;
        Ok(StagingWriter {
            file: Stage::Idle((file, offset)),
            hasher: hasher.map(Stage::Idle),
            filling: Vec::new(),
            filled: 0,
        })
    }

    pub async fn write(&mut self, frame: Bytes) -> io::Result<()> {
        self.filled += frame.len();
        self.filling.push(frame);
        if self.filled >= CHUNK {
            self.hand_off(End::More).await?;
        }
        Ok(())
    }

    /// Starts writing and hashing the gathered frames, each once its previous chunk is done.
    async fn hand_off(&mut self, end: End) -> io::Result<()> {
        let frames = std::mem::take(&mut self.filling);
        self.filled = 0;
        if let Some(hasher) = self.hasher.as_mut() {
            let frames = frames.clone();
            hasher
                .start(move |mut hasher| {
                    for frame in &frames {
                        hasher.update(frame);
                    }
                    Ok(hasher)
                })
                .await?;
        }
        self.file
            .start(move |(mut file, at)| {
                let mut written = 0;
                for frame in &frames {
                    file.write_all(frame)?;
                    written += frame.len() as u64;
                }
                match end {
                    End::More => start_writeback(&file, at, written),
                    // The sync overlaps the hashing of this last chunk. Its pages stay
                    // cached: the file's check reads its two ends next.
                    End::Complete => file.sync_all()?,
                }
                Ok((file, at + written))
            })
            .await
    }

    /// Writes what is left; when `durable`, makes sure the file is on the disk. Returns the
    /// hash so far.
    pub async fn finish(mut self, durable: bool) -> io::Result<Option<Sha256>> {
        let end = if durable { End::Complete } else { End::More };
        if !self.filling.is_empty() {
            self.hand_off(end).await?;
        } else if durable {
            self.file
                .start(|(file, at)| file.sync_all().map(|()| (file, at)))
                .await?;
        }
        self.file.ready().await?;
        match self.hasher.as_mut() {
            Some(hasher) => Ok(Some(hasher.ready().await?)),
            None => Ok(None),
        }
    }
}

/// What follows the chunk being written.
#[derive(Clone, Copy)]
enum End {
    /// More of the file (in this piece or the next).
    More,
    /// Nothing: the file is complete and must be on the disk.
    Complete,
}

/// Asks the kernel to start putting a written chunk on the disk now, without waiting, and
/// not to keep it cached: the disk works while the next chunk arrives, so the sync at the
/// end of the file waits for the last chunk only, and received files do not crowd the page
/// cache. (Linux starts the write-back of dirty pages on `POSIX_FADV_DONTNEED`.) The file's
/// first bytes stay cached for its check at the end. Only advice: a failure changes nothing.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File, at: u64, len: u64) {
    use nix::fcntl::{PosixFadviseAdvice, posix_fadvise};
    let from = at.max(sniff::WINDOW as u64);
    let (Ok(at), Ok(len)) = (
        i64::try_from(from),
        i64::try_from((at + len).saturating_sub(from)),
    ) else {
        return;
    };
    if len == 0 {
        return;
    }
    let _ = posix_fadvise(file, at, len, PosixFadviseAdvice::POSIX_FADV_DONTNEED);
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File, _at: u64, _len: u64) {}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(io::Error::other)?
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that differ from one position to the next, so a misplaced chunk shows.
    fn bytes(len: usize, seed: u8) -> Vec<u8> {
        (0..len)
            .map(|i| (i % 251) as u8 ^ seed.wrapping_mul(31))
            .collect()
    }

    #[tokio::test]
    async fn frames_of_any_size_land_in_order_and_are_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.part");
        std::fs::write(&path, b"").unwrap();
        // Frames smaller and larger than a chunk, and crossing its boundaries.
        let frames: Vec<Vec<u8>> = [1, 16 * 1024, CHUNK - 3, CHUNK, 2 * CHUNK + 7, 5]
            .iter()
            .enumerate()
            .map(|(i, &len)| bytes(len, i as u8))
            .collect();
        let mut writer = StagingWriter::open(&path, 0, Some(Sha256::new()))
            .await
            .unwrap();
        for frame in &frames {
            writer.write(Bytes::from(frame.clone())).await.unwrap();
        }
        let hasher = writer.finish(true).await.unwrap().unwrap();
        let whole = frames.concat();
        assert_eq!(std::fs::read(&path).unwrap(), whole);
        assert_eq!(hasher.finalize(), Sha256::digest(&whole));
    }

    #[tokio::test]
    async fn a_piece_continues_at_its_offset_and_drops_what_was_never_acknowledged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.part");
        let first = bytes(300, 1);
        std::fs::write(&path, &first).unwrap();
        // The adapter stands by 100 bytes; the 200 after them go.
        let mut hasher = Sha256::new();
        hasher.update(&first[..100]);
        let mut writer = StagingWriter::open(&path, 100, Some(hasher)).await.unwrap();
        let next = bytes(CHUNK + 10, 2);
        writer.write(Bytes::from(next.clone())).await.unwrap();
        let hasher = writer.finish(false).await.unwrap().unwrap();
        let whole = [&first[..100], &next[..]].concat();
        assert_eq!(std::fs::read(&path).unwrap(), whole);
        assert_eq!(hasher.finalize(), Sha256::digest(&whole));
    }

    #[tokio::test]
    async fn without_the_start_of_the_hash_it_only_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.part");
        std::fs::write(&path, bytes(10, 3)).unwrap();
        let mut writer = StagingWriter::open(&path, 10, None).await.unwrap();
        writer.write(Bytes::from(bytes(20, 4))).await.unwrap();
        assert!(writer.finish(true).await.unwrap().is_none());
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 30);
    }
}
