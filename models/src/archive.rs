//! Reading one file out of a Python distribution: a wheel (zip) or an sdist (`.tar.gz`).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};

use crate::fetch::FetchError;

/// True for file names this module can open.
pub(crate) fn is_distribution(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".whl") || n.ends_with(".zip") || n.ends_with(".tar.gz") || n.ends_with(".tgz")
}

/// Calls `use_entry` with a reader over `inner` from `archive`. In an sdist, `inner` is
/// relative to the top folder (`name-version/`). `id` names the model in errors.
pub(crate) fn with_entry<T>(
    archive: &Path,
    inner: &str,
    id: &str,
    use_entry: impl FnOnce(&mut dyn Read) -> Result<T, FetchError>,
) -> Result<T, FetchError> {
    let file = File::open(archive).map_err(|e| FetchError::io(format!("open {}", archive.display()), e))?;
    let name = archive.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let not_found = || FetchError::EntryNotInArchive {
        id: id.to_string(),
        path: inner.to_string(),
        archive: archive.to_path_buf(),
    };
    let bad = |reason: String| FetchError::BadArchive { archive: archive.to_path_buf(), reason };

    if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        let gz = flate2::read::GzDecoder::new(BufReader::new(file));
        let mut tar = tar::Archive::new(gz);
        let entries = tar.entries().map_err(|e| bad(e.to_string()))?;
        for entry in entries {
            let mut entry = entry.map_err(|e| bad(e.to_string()))?;
            let path = entry.path().map_err(|e| bad(e.to_string()))?;
            // Skip the sdist's top folder (`name-version/`).
            let rest: PathBuf = path.components().filter(|c| !matches!(c, Component::CurDir)).skip(1).collect();
            if rest == Path::new(inner) && entry.header().entry_type().is_file() {
                return use_entry(&mut entry);
            }
        }
        Err(not_found())
    } else {
        let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| bad(e.to_string()))?;
        let mut entry = match zip.by_name(inner) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Err(not_found()),
            Err(e) => return Err(bad(e.to_string())),
        };
        use_entry(&mut entry)
    }
}
