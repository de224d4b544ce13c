//! Voice activity detection with Silero VAD v6 (`silero_vad.onnx` from the `silero-vad` wheel):
//! one speech probability per 32 ms of 16 kHz audio, turned into speech segments and then into
//! windows of at most 30 s that start and end at pauses (see [`segments`]).

#[cfg(test)]
mod model_tests;
pub mod segments;

use aigate_core::runtime::{self, RuntimeError};
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

pub use segments::{Segment, VadParams, speech_segments, windows};

pub const MODEL_FILE: &str = "silero_vad.onnx";
/// New samples per model call (32 ms at 16 kHz).
pub const CHUNK: usize = 512;
/// Samples of the previous chunk the model sees again.
const CONTEXT: usize = 64;
const STATE: usize = 2 * 128;

#[derive(Debug, thiserror::Error)]
#[error("voice activity detection failed: {0}")]
pub struct VadError(String);

pub struct SileroVad {
    session: Session,
}

impl SileroVad {
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        Ok(Self { session: runtime::load_session(&dir.join(MODEL_FILE))? })
    }

    /// The speech probability of each 512-sample chunk of 16 kHz `samples` (the last chunk
    /// zero-padded).
    pub fn probabilities(&mut self, samples: &[f32]) -> Result<Vec<f32>, VadError> {
        let fail = |e: ort::Error| VadError(e.to_string());
        let mut state = vec![0.0_f32; STATE];
        let mut input = vec![0.0_f32; CONTEXT + CHUNK];
        let rate = [16_000_i64];
        let mut out = Vec::with_capacity(samples.len().div_ceil(CHUNK));
        for chunk in samples.chunks(CHUNK) {
            input.copy_within(CHUNK.., 0);
            input[CONTEXT..CONTEXT + chunk.len()].copy_from_slice(chunk);
            input[CONTEXT + chunk.len()..].fill(0.0);
            let inputs = ort::inputs![
                "input" => TensorRef::from_array_view(([1, CONTEXT + CHUNK], input.as_slice())).map_err(fail)?,
                "state" => TensorRef::from_array_view(([2, 1, 128], state.as_slice())).map_err(fail)?,
                "sr" => TensorRef::from_array_view(((), &rate[..])).map_err(fail)?,
            ];
            let outputs = self.session.run(inputs).map_err(fail)?;
            let (_, probability) = outputs["output"].try_extract_tensor::<f32>().map_err(fail)?;
            out.push(probability.first().copied().unwrap_or(0.0));
            let (_, next) = outputs["stateN"].try_extract_tensor::<f32>().map_err(fail)?;
            if next.len() != STATE {
                return Err(VadError(format!("unexpected state size {}", next.len())));
            }
            state.copy_from_slice(next);
        }
        Ok(out)
    }
}
