//! For tests on the real models: the model folder, with the runtime initialised. Missing models
//! fail the test with the fix; they are never skipped.

use aigate_core::runtime::{RuntimeOptions, init};
use std::path::PathBuf;

/// `$AIGATE_MODEL_DIR` (set by .cargo/config.toml).
pub(crate) fn model_dir() -> PathBuf {
    let dir = PathBuf::from(std::env::var_os("AIGATE_MODEL_DIR").expect("AIGATE_MODEL_DIR is set"));
    assert!(
        dir.join(crate::SERVICE_NAME).is_dir(),
        "no models in {}/{}: run `aigate models fetch --only comprehension`",
        dir.display(),
        crate::SERVICE_NAME
    );
    init_runtime();
    dir
}

/// Initialises ONNX Runtime from `$ORT_DYLIB_PATH` (set by .cargo/config.toml).
pub(crate) fn init_runtime() {
    let dylib_path = PathBuf::from(std::env::var_os("ORT_DYLIB_PATH").expect("ORT_DYLIB_PATH is set"));
    init(&RuntimeOptions { dylib_path, threads: 2 }).expect("ONNX Runtime initialises");
}
