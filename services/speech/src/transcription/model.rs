//! The Whisper tiny.en ONNX pair: the encoder turns a 30 s log-mel window into every decoder
//! layer's cross-attention keys and values; the decoder takes tokens plus its self-attention
//! cache and returns logits, the grown cache and the cross-attention weights (for word timing).

use aigate_core::runtime::{self, RuntimeError};
use ort::session::Session;
use ort::value::TensorRef;
use std::path::Path;

use super::mel::{N_MELS, WINDOW_FRAMES};

pub const ENCODER_FILE: &str = "whisper_tiny_en_encoder.onnx";
pub const DECODER_FILE: &str = "whisper_tiny_en_decoder.onnx";
pub const LAYERS: usize = 4;
pub const HEADS: usize = 6;
pub const WIDTH: usize = 384;
/// Encoder positions: one per 20 ms of the 30 s window.
pub const AUDIO_POSITIONS: usize = 1500;
pub const VOCAB: usize = 51_864;

#[derive(Debug, thiserror::Error)]
#[error("whisper {stage}: {message}")]
pub struct ModelError {
    stage: &'static str,
    message: String,
}

fn fail(stage: &'static str) -> impl Fn(ort::Error) -> ModelError {
    move |e| ModelError { stage, message: e.to_string() }
}

/// The encoder's output for `batch` windows: [4, batch, 1500, 384] keys and values.
pub struct CrossCache {
    pub keys: Vec<f32>,
    pub values: Vec<f32>,
    pub batch: usize,
}

impl CrossCache {
    /// The cache of window `index` alone.
    pub fn window(&self, index: usize) -> CrossCache {
        let block = AUDIO_POSITIONS * WIDTH;
        let take = |all: &[f32]| -> Vec<f32> {
            (0..LAYERS).flat_map(|l| &all[(l * self.batch + index) * block..][..block]).copied().collect()
        };
        CrossCache { keys: take(&self.keys), values: take(&self.values), batch: 1 }
    }
}

/// The decoder's self-attention cache: [4, batch, T, 384] keys and values (empty: T = 0).
#[derive(Default, Clone)]
pub struct SelfCache {
    pub keys: Vec<f32>,
    pub values: Vec<f32>,
    pub len: usize,
}

/// What one decoder call returns.
pub struct DecoderOutput {
    /// [batch, n, VOCAB], one row per input token.
    pub logits: Vec<f32>,
    pub cache: SelfCache,
    /// [4, batch, 6, n, 1500] when asked for, else empty.
    pub cross_attention: Vec<f32>,
}

pub struct WhisperModel {
    encoder: Session,
    decoder: Session,
}

impl WhisperModel {
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        Ok(Self {
            encoder: runtime::load_session(&dir.join(ENCODER_FILE))?,
            decoder: runtime::load_session(&dir.join(DECODER_FILE))?,
        })
    }

    /// Runs the encoder on windows of features, [batch, 80, 3000] one after the other.
    pub fn encode(&mut self, mel: &[f32]) -> Result<CrossCache, ModelError> {
        let batch = mel.len() / (N_MELS * WINDOW_FRAMES);
        let input = TensorRef::from_array_view(([batch, N_MELS, WINDOW_FRAMES], mel)).map_err(fail("encoder input"))?;
        let outputs = self.encoder.run(ort::inputs!["mel" => input]).map_err(fail("encoder"))?;
        let take = |name: &str| -> Result<Vec<f32>, ModelError> {
            let (_, data) = outputs[name].try_extract_tensor::<f32>().map_err(fail("encoder output"))?;
            Ok(data.to_vec())
        };
        Ok(CrossCache { keys: take("cross_k")?, values: take("cross_v")?, batch })
    }

    /// Feeds `tokens` ([batch, n], row-major) after the cached ones. `attention` also copies
    /// out the cross-attention.
    pub fn decode(
        &mut self,
        tokens: &[i64],
        cache: &SelfCache,
        cross: &CrossCache,
        attention: bool,
    ) -> Result<DecoderOutput, ModelError> {
        let batch = cross.batch.max(1);
        let n = tokens.len() / batch;
        let cache_shape = [LAYERS, batch, cache.len, WIDTH];
        let cross_shape = [LAYERS, batch, AUDIO_POSITIONS, WIDTH];
        let tensor = |shape: [usize; 4], data| TensorRef::from_array_view((shape, data)).map_err(fail("decoder input"));
        let inputs = ort::inputs![
            "tokens" => TensorRef::from_array_view(([batch, n], tokens)).map_err(fail("decoder input"))?,
            "past_k" => tensor(cache_shape, cache.keys.as_slice())?,
            "past_v" => tensor(cache_shape, cache.values.as_slice())?,
            "cross_k" => tensor(cross_shape, cross.keys.as_slice())?,
            "cross_v" => tensor(cross_shape, cross.values.as_slice())?,
        ];
        let outputs = self.decoder.run(inputs).map_err(fail("decoder"))?;
        let take = |name: &str| -> Result<Vec<f32>, ModelError> {
            let (_, data) = outputs[name].try_extract_tensor::<f32>().map_err(fail("decoder output"))?;
            Ok(data.to_vec())
        };
        Ok(DecoderOutput {
            logits: take("logits")?,
            cache: SelfCache { keys: take("present_k")?, values: take("present_v")?, len: cache.len + n },
            cross_attention: if attention { take("cross_attn")? } else { Vec::new() },
        })
    }
}
