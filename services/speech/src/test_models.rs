//! For tests on the real models: the runtime, the model folder, and speech made with eSpeak NG.
//! Missing models fail the test with the fix; they are never skipped (scripts/test.sh installs them).

use aigate_core::runtime::{RuntimeOptions, init};
use std::path::PathBuf;
use std::process::Command;

/// `$AIGATE_MODEL_DIR/speech` (set by .cargo/config.toml), with the runtime initialised.
pub(crate) fn model_dir() -> PathBuf {
    let dir = PathBuf::from(std::env::var_os("AIGATE_MODEL_DIR").expect("AIGATE_MODEL_DIR is set"));
    let dir = dir.join(crate::SERVICE_NAME);
    assert!(
        dir.join(crate::transcription::model::ENCODER_FILE).is_file(),
        "no speech models in {}: run `scripts/setup.sh --profile dev` (or `aigate models fetch --only speech`)",
        dir.display()
    );
    let dylib_path = PathBuf::from(std::env::var_os("ORT_DYLIB_PATH").expect("ORT_DYLIB_PATH is set"));
    init(&RuntimeOptions { dylib_path, threads: 2 }).expect("ONNX Runtime initialises");
    dir
}

/// `text` spoken by eSpeak NG (en-us, 150 words a minute), as 16 kHz mono samples.
pub(crate) fn espeak(text: &str) -> Vec<f32> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("speech.wav");
    let status = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng runs (scripts/setup.sh installs it)");
    assert!(status.success(), "espeak-ng failed");
    let bytes = std::fs::read(&path).expect("espeak-ng wrote the WAV");
    aigate_core::audio::decode_at(&bytes, 16_000, 600).expect("a WAV").samples
}
