//! Job media on disk: uploads are streamed to a temporary file within the byte limit, flushed
//! to disk (file and folder), then renamed into place, before the job row is committed.

use crate::transcription::validate::bad_request;
use aigate_core::ApiError;
use axum::body::Body;
use axum::http::StatusCode;
use futures::StreamExt;
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct MediaStore {
    dir: PathBuf,
}

fn io_error(what: &str, path: &Path, error: std::io::Error) -> ApiError {
    ApiError::internal(format!("{what} {}: {error}", path.display()))
}

impl MediaStore {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Streams `body` to a new media file for job `name`; answers 413 past `limit` bytes.
    pub async fn save_stream(&self, name: &str, body: Body, limit: usize) -> Result<PathBuf, ApiError> {
        let (part, mut file) = self.create(name).await?;
        let mut stream = body.into_data_stream();
        let mut written = 0_usize;
        while let Some(chunk) = stream.next().await {
            let outcome = match chunk {
                Ok(bytes) if written + bytes.len() > limit => Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    super::validate::BAD_REQUEST,
                    format!("the media exceeds {limit} bytes"),
                )),
                Ok(bytes) => {
                    written += bytes.len();
                    file.write_all(&bytes).await.map_err(|e| io_error("write", &part, e))
                }
                Err(e) => Err(bad_request(format!("could not read the request body: {e}"))),
            };
            if let Err(error) = outcome {
                drop(file);
                let _ = tokio::fs::remove_file(&part).await;
                return Err(error);
            }
        }
        if written == 0 {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(bad_request("the media is empty: send the audio file as the request body"));
        }
        self.finish(part, file).await
    }

    /// Writes `bytes` as a new media file for job `name`.
    pub async fn save_bytes(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, ApiError> {
        let (part, mut file) = self.create(name).await?;
        if let Err(e) = file.write_all(bytes).await {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(io_error("write", &part, e));
        }
        self.finish(part, file).await
    }

    pub async fn remove(&self, path: &str) {
        if !path.is_empty() {
            let _ = tokio::fs::remove_file(path).await;
        }
    }

    async fn create(&self, name: &str) -> Result<(PathBuf, tokio::fs::File), ApiError> {
        tokio::fs::create_dir_all(&self.dir).await.map_err(|e| io_error("create", &self.dir, e))?;
        let part = self.dir.join(format!("{name}.{}.part", uuid::Uuid::new_v4()));
        let file = tokio::fs::File::create(&part).await.map_err(|e| io_error("create", &part, e))?;
        Ok((part, file))
    }

    /// Flushes the file to disk, renames it into place and flushes the folder entry.
    async fn finish(&self, part: PathBuf, mut file: tokio::fs::File) -> Result<PathBuf, ApiError> {
        let synced = async {
            file.flush().await?;
            file.sync_all().await
        };
        if let Err(e) = synced.await {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(io_error("sync", &part, e));
        }
        let done = part.with_extension("media");
        tokio::fs::rename(&part, &done).await.map_err(|e| io_error("rename", &part, e))?;
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || std::fs::File::open(&dir).and_then(|d| d.sync_all()))
            .await
            .map_err(ApiError::internal)?
            .map_err(|e| io_error("sync", &self.dir, e))?;
        Ok(done)
    }
}
