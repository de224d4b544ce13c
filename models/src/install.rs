//! Verified, atomic installation of one model file from a byte stream.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::fetch::FetchError;
use crate::manifest::ModelEntry;

/// Streams `reader` into a temp file next to the destination while hashing it; on a match
/// fsyncs and renames it to `<model_dir>/<service>/<file>`. On a mismatch or error the temp
/// file is removed and nothing at the destination changes. `from` names the origin in errors.
pub(crate) fn install_verified(
    reader: &mut dyn Read,
    entry: &ModelEntry,
    model_dir: &Path,
    from: &str,
) -> Result<(), FetchError> {
    let dest = entry.installed_path(model_dir);
    let dir = dest.parent().unwrap_or(model_dir);
    std::fs::create_dir_all(dir).map_err(|e| FetchError::io(format!("create {}", dir.display()), e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", entry.file))
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| FetchError::io(format!("create temp file in {}", dir.display()), e))?;

    let actual = copy_hashing(reader, tmp.as_file_mut())
        .map_err(|e| FetchError::io(format!("write {} from {from}", dest.display()), e))?;
    if !actual.eq_ignore_ascii_case(&entry.sha256) {
        // `tmp` is deleted on drop.
        return Err(FetchError::ChecksumMismatch {
            id: entry.id.clone(),
            origin: from.to_string(),
            expected: entry.sha256.to_ascii_lowercase(),
            actual,
        });
    }
    tmp.as_file().sync_all().map_err(|e| FetchError::io(format!("fsync {}", tmp.path().display()), e))?;
    tmp.persist(&dest).map_err(|e| FetchError::io(format!("rename into {}", dest.display()), e.error))?;
    // Make the rename durable; not every platform can open a directory, so ignore failures.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn copy_hashing(reader: &mut dyn Read, out: &mut File) -> io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
    }
    out.flush()?;
    Ok(hex::encode(hasher.finalize()))
}
