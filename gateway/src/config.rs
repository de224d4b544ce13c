//! The gateway's settings: built-in defaults, then a TOML file, then `AIGATE__SECTION__KEY`
//! environment variables (every key can be overridden; `__` separates levels).

use aigate_comprehension::ComprehensionConfig;
use aigate_speech::SpeechConfig;
use aigate_text_extraction::TextExtractionConfig;
use aigate_vision::VisionConfig;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The ONNX Runtime library's default place inside the project, filled by `scripts/setup.sh`.
pub const DEFAULT_ORT_DYLIB: &str = "third_party/onnxruntime/libonnxruntime.so.1.31.1";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GatewayConfig {
    /// Address to listen on, e.g. `127.0.0.1:8080` (port 0 picks a free port).
    pub listen: String,
    /// Folder holding the models, one subfolder per service.
    pub model_dir: PathBuf,
    /// Longest a request may take before the gateway answers 504.
    pub request_timeout_secs: u64,
    /// Requests processed at once across all services; more get 429 at once.
    pub max_in_flight: usize,
    /// Origins allowed by CORS; empty disables CORS, `["*"]` allows any.
    pub cors_allow_origins: Vec<String>,
    /// `text` or `json` logs.
    pub log_format: String,
    pub runtime: RuntimeConfig,
    pub auth: AuthConfig,
    pub store: StoreConfig,
    pub services: ServicesConfig,
}

/// Where state that must survive restarts lives (face collections, transcription jobs).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// `sqlite://PATH`: an embedded SQLite file, created on first use.
    pub url: String,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self { url: "sqlite://var/aigate.db".into() }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuntimeConfig {
    /// Path of libonnxruntime.so.1.31.1; empty means `ORT_DYLIB_PATH`, then the default place.
    pub ort_dylib: String,
    /// Intra-op threads shared by every model of every service; 0 means one per core.
    pub threads: usize,
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// Accepted API keys (`Authorization: Bearer KEY` or `x-api-key: KEY`); empty disables auth.
    pub api_keys: Vec<String>,
    /// Requests per second allowed per API key (or per client address without keys); 0 disables.
    pub rate_limit_per_second: f64,
    /// Requests a client may send at once before the rate applies.
    pub rate_limit_burst: u32,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("api_keys", &format!("[{} redacted]", self.api_keys.len()))
            .field("rate_limit_per_second", &self.rate_limit_per_second)
            .field("rate_limit_burst", &self.rate_limit_burst)
            .finish()
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self { api_keys: Vec::new(), rate_limit_per_second: 0.0, rate_limit_burst: 20 }
    }
}

/// One section per service.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServicesConfig {
    pub text_extraction: ServiceSection<TextExtractionConfig>,
    pub vision: ServiceSection<VisionConfig>,
    pub comprehension: ServiceSection<ComprehensionConfig>,
    pub speech: ServiceSection<SpeechConfig>,
}

/// Where a service runs, plus its own settings (flattened into the same section).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceSection<C> {
    /// Whether the gateway offers the service at all.
    pub enabled: bool,
    /// Empty: run in-process. Otherwise the base URL of an `aigate serve --only <service>`
    /// process that the gateway forwards this service's routes to.
    pub url: String,
    #[serde(flatten)]
    pub settings: C,
}

impl<C: Default> Default for ServiceSection<C> {
    fn default() -> Self {
        Self { enabled: true, url: String::new(), settings: C::default() }
    }
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            model_dir: PathBuf::from("var/models"),
            request_timeout_secs: 120,
            max_in_flight: 64,
            cors_allow_origins: Vec::new(),
            log_format: "text".into(),
            runtime: RuntimeConfig::default(),
            auth: AuthConfig::default(),
            store: StoreConfig::default(),
            services: ServicesConfig::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("could not read config file {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("invalid config: {0}")]
    Invalid(String),
}

impl GatewayConfig {
    /// Defaults, then the file at `path` (if any), then `AIGATE__…` variables from `env`.
    pub fn load(path: Option<&Path>, env: impl IntoIterator<Item = (String, String)>) -> Result<Self, ConfigError> {
        let mut table = toml::Table::try_from(Self::default()).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        if let Some(path) = path {
            let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read(path.to_path_buf(), e))?;
            let file: toml::Table =
                toml::from_str(&text).map_err(|e| ConfigError::Invalid(format!("{}: {e}", path.display())))?;
            merge(&mut table, file);
        }
        for (key, value) in env {
            if let Some(rest) = key.strip_prefix("AIGATE__") {
                override_key(&mut table, rest, &value)?;
            }
        }
        let config: Self = table.try_into().map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.auth.rate_limit_per_second < 0.0 || !self.auth.rate_limit_per_second.is_finite() {
            return Err(ConfigError::Invalid("auth.rate_limit_per_second must be 0 or more".into()));
        }
        if self.auth.api_keys.iter().any(|k| k.trim().is_empty()) {
            return Err(ConfigError::Invalid("auth.api_keys must not contain empty keys".into()));
        }
        if self.max_in_flight == 0 {
            return Err(ConfigError::Invalid("max_in_flight must be at least 1".into()));
        }
        if self.request_timeout_secs == 0 {
            return Err(ConfigError::Invalid("request_timeout_secs must be at least 1".into()));
        }
        Ok(())
    }

    /// The ONNX Runtime library: config, then `ORT_DYLIB_PATH`, then the project's default place
    /// (relative to the working directory, then to the executable's project).
    pub fn ort_dylib_path(&self) -> PathBuf {
        if !self.runtime.ort_dylib.is_empty() {
            return PathBuf::from(&self.runtime.ort_dylib);
        }
        if let Some(path) = std::env::var_os("ORT_DYLIB_PATH").filter(|p| !p.is_empty()) {
            return PathBuf::from(path);
        }
        let local = PathBuf::from(DEFAULT_ORT_DYLIB);
        if local.is_file() {
            return local;
        }
        // target/<profile>/aigate → the project root is two folders up.
        std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent()?.parent()?.parent().map(|root| root.join(DEFAULT_ORT_DYLIB)))
            .filter(|p| p.is_file())
            .unwrap_or(local)
    }
}

fn merge(base: &mut toml::Table, overlay: toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(base_table)), toml::Value::Table(overlay_table)) => {
                merge(base_table, overlay_table)
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Sets `SECTION__KEY` (case-insensitive) to `raw`, read as a TOML value when it parses as one
/// (numbers, booleans, arrays), as a comma-separated list where the key holds a list, else as a string.
fn override_key(table: &mut toml::Table, path: &str, raw: &str) -> Result<(), ConfigError> {
    let parts: Vec<String> = path.split("__").map(|p| p.to_ascii_lowercase()).collect();
    let Some((last, sections)) = parts.split_last() else {
        return Ok(());
    };
    let mut current = table;
    for section in sections {
        let entry = current.entry(section.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        current = entry
            .as_table_mut()
            .ok_or_else(|| ConfigError::Invalid(format!("AIGATE__{path}: `{section}` is not a section")))?;
    }
    let parsed = toml::from_str::<toml::Table>(&format!("v = {raw}")).ok().and_then(|mut t| t.remove("v"));
    let value = match (current.get(last), parsed) {
        (Some(toml::Value::String(_)), _) | (None, None) => toml::Value::String(raw.to_string()),
        (Some(toml::Value::Array(_)), None) => toml::Value::Array(
            raw.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| toml::Value::String(s.into())).collect(),
        ),
        (_, Some(value)) => value,
        (Some(_), None) => toml::Value::String(raw.to_string()),
    };
    current.insert(last.clone(), value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn defaults_load() {
        let config = GatewayConfig::load(None, Vec::new()).expect("defaults");
        assert_eq!(config.services.text_extraction.settings.max_document_bytes, 10_000_000);
        assert!(config.services.text_extraction.enabled);
    }

    #[test]
    fn file_then_env_override() {
        let dir = std::env::temp_dir().join(format!("aigate-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("aigate.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:9000\"\n[services.text_extraction]\nqueue_capacity = 3\nurl = \"http://a:1\"\n",
        )
        .expect("write");
        let config = GatewayConfig::load(
            Some(&path),
            env(&[
                ("AIGATE__LISTEN", "127.0.0.1:7000"),
                ("AIGATE__AUTH__API_KEYS", "k1, k2"),
                ("AIGATE__SERVICES__TEXT_EXTRACTION__MAX_DOCUMENT_BYTES", "5000"),
                ("AIGATE__AUTH__RATE_LIMIT_PER_SECOND", "2.5"),
                ("OTHER", "x"),
            ]),
        )
        .expect("load");
        assert_eq!(config.listen, "127.0.0.1:7000");
        assert_eq!(config.auth.api_keys, vec!["k1", "k2"]);
        assert_eq!(config.auth.rate_limit_per_second, 2.5);
        assert_eq!(config.services.text_extraction.settings.queue_capacity, 3);
        assert_eq!(config.services.text_extraction.settings.max_document_bytes, 5000);
        assert_eq!(config.services.text_extraction.url, "http://a:1");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = GatewayConfig::load(None, env(&[("AIGATE__LISTNE", "x")])).expect_err("typo");
        assert!(error.to_string().contains("listne"), "{error}");
    }

    #[test]
    fn keys_are_redacted_in_debug() {
        let config = GatewayConfig::load(None, env(&[("AIGATE__AUTH__API_KEYS", "secret-key")])).expect("load");
        assert!(!format!("{config:?}").contains("secret-key"));
    }
}
