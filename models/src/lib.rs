//! The model manifest (sources, checksums, licenses), install status, and fetching.
//!
//! Models install to `<model_dir>/<service>/<file>`. [`Manifest::embedded`] is the manifest
//! compiled into the binary; [`list`] backs `GET /v1/models`; [`fetch`] backs `aigate models fetch`.

mod archive;
mod converters;
mod fetch;
mod install;
mod manifest;
mod mirror;
mod python;
mod status;

pub use converters::script as converter_script;
pub use fetch::{FetchError, FetchOptions, FetchReport, fetch};
pub use manifest::{EMBEDDED_TOML, Manifest, ManifestError, ModelEntry, Source};
pub use status::{ModelInfo, ModelStatus, file_sha256, list, sha256_reader, status};
