//! The process-wide ONNX Runtime environment and session building.
//!
//! ONNX Runtime allows one environment per process. aigate creates it once with a global
//! intra-op thread pool, and every session of every service runs on that pool: the thread budget
//! is shared across services instead of each session spawning one thread per core.

use ort::environment::{Environment, GlobalThreadPoolOptions};
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(
        "ONNX Runtime library not found at {0}: run `scripts/setup.sh`, or point `runtime.ort_dylib` (env AIGATE__RUNTIME__ORT_DYLIB or ORT_DYLIB_PATH) at libonnxruntime.so.1.31.1"
    )]
    LibraryMissing(PathBuf),
    #[error("could not load ONNX Runtime from {path}: {message}")]
    LibraryLoad { path: PathBuf, message: String },
    #[error("could not create the ONNX Runtime environment: {0}")]
    Environment(String),
    #[error("the ONNX Runtime environment is not initialised; call runtime::init first")]
    NotInitialised,
    #[error("model file {0} is missing: run `aigate models fetch`")]
    ModelMissing(PathBuf),
    #[error("could not load model {path}: {message}")]
    ModelLoad { path: PathBuf, message: String },
}

/// How ONNX Runtime is found and how many threads it may use.
#[derive(Debug, Clone)]
pub struct RuntimeOptions {
    pub dylib_path: PathBuf,
    /// Intra-op threads shared by every session; 0 means one per core.
    pub threads: usize,
}

static ENVIRONMENT: OnceLock<Environment> = OnceLock::new();

/// Loads the library and creates the environment. Later calls return the first environment.
pub fn init(options: &RuntimeOptions) -> Result<&'static Environment, RuntimeError> {
    if let Some(env) = ENVIRONMENT.get() {
        return Ok(env);
    }
    if !options.dylib_path.is_file() {
        return Err(RuntimeError::LibraryMissing(options.dylib_path.clone()));
    }
    let threads = if options.threads == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    } else {
        options.threads
    };
    // The library must be loaded before any other ort call.
    let builder = ort::init_from(&options.dylib_path)
        .map_err(|e| RuntimeError::LibraryLoad { path: options.dylib_path.clone(), message: e.to_string() })?;
    let pool = GlobalThreadPoolOptions::default()
        .with_intra_threads(threads)
        .and_then(|o| o.with_inter_threads(1))
        // Spinning between operators halves recognition latency (many small ops); idle threads
        // still go to sleep shortly after the last run.
        .and_then(|o| o.with_spin_control(true))
        .map_err(|e| RuntimeError::Environment(e.to_string()))?;
    let env = builder
        .with_name("aigate")
        .with_global_thread_pool(pool)
        .build()
        .map_err(|e| RuntimeError::Environment(e.to_string()))?;
    Ok(ENVIRONMENT.get_or_init(|| env))
}

pub fn environment() -> Result<&'static Environment, RuntimeError> {
    ENVIRONMENT.get().ok_or(RuntimeError::NotInitialised)
}

/// Builds a session on the shared thread pool. The memory pattern is off: our inputs vary in
/// shape from call to call, and the pattern only pays for fixed shapes.
pub fn load_session(path: &Path) -> Result<Session, RuntimeError> {
    if !path.is_file() {
        return Err(RuntimeError::ModelMissing(path.to_path_buf()));
    }
    let env = environment()?;
    let fail = |e: &dyn std::fmt::Display| RuntimeError::ModelLoad { path: path.to_path_buf(), message: e.to_string() };
    Session::builder(env)
        .map_err(|e| fail(&e))?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|e| fail(&e))?
        .with_memory_pattern(false)
        .map_err(|e| fail(&e))?
        .commit_from_file(path)
        .map_err(|e| fail(&e))
}
