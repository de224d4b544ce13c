//! A Piper VITS voice: phoneme ids in, 22,050 Hz audio and each id's duration out (see
//! models/converters/piper_durations.py for the extra `durations` output).

use aigate_core::runtime::{RuntimeError, load_session};
use ndarray::Array1;
use ort::session::Session;
use ort::value::Tensor;
use std::collections::HashMap;
use std::path::Path;

/// Samples per duration frame (the VITS decoder's hop).
pub const FRAME_SAMPLES: usize = 256;

/// The parts of `<voice>.onnx.json` that synthesis needs.
#[derive(Debug, Clone)]
pub struct PiperConfig {
    pub sample_rate: u32,
    pub phoneme_ids: HashMap<char, i64>,
}

#[derive(serde::Deserialize)]
struct RawConfig {
    audio: RawAudio,
    phoneme_id_map: HashMap<String, Vec<i64>>,
}

#[derive(serde::Deserialize)]
struct RawAudio {
    sample_rate: u32,
}

impl PiperConfig {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        let fail = |message: String| RuntimeError::ModelLoad { path: path.to_path_buf(), message };
        if !path.is_file() {
            return Err(RuntimeError::ModelMissing(path.to_path_buf()));
        }
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let raw: RawConfig = serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?;
        let mut phoneme_ids = HashMap::new();
        for (key, ids) in raw.phoneme_id_map {
            let mut chars = key.chars();
            if let (Some(c), None, Some(&id)) = (chars.next(), chars.next(), ids.first()) {
                phoneme_ids.insert(c, id);
            }
        }
        for required in ['^', '_', '$', ' ', '.'] {
            if !phoneme_ids.contains_key(&required) {
                return Err(fail(format!("phoneme_id_map has no {required:?}")));
            }
        }
        Ok(Self { sample_rate: raw.audio.sample_rate, phoneme_ids })
    }

    pub fn id(&self, phoneme: char) -> Option<i64> {
        self.phoneme_ids.get(&phoneme).copied()
    }
}

/// How the voice speaks: Piper's `scales` input.
#[derive(Debug, Clone, Copy)]
pub struct Scales {
    /// Variation of the voice (0 makes the audio the same on every call).
    pub noise: f32,
    /// Variation of phoneme durations. 0 makes durations the same on every call, so speech marks
    /// asked for in a separate request line up with the audio.
    pub noise_w: f32,
}

pub struct PiperModel {
    session: Session,
}

/// What one call produces.
pub struct Spoken {
    pub samples: Vec<f32>,
    /// Frames (of [`FRAME_SAMPLES`]) for each input id.
    pub frames: Vec<usize>,
}

impl PiperModel {
    pub fn load(path: &Path) -> Result<Self, RuntimeError> {
        let session = load_session(path)?;
        let outputs: Vec<&str> = session.outputs().iter().map(|o| o.name()).collect();
        if !outputs.contains(&"durations") {
            return Err(RuntimeError::ModelLoad {
                path: path.to_path_buf(),
                message: "the model has no `durations` output; install it with `aigate models fetch`".into(),
            });
        }
        Ok(Self { session })
    }

    /// Speaks `ids` at `length_scale` (2.0 is half speed).
    pub fn speak(&mut self, ids: &[i64], length_scale: f32, scales: Scales) -> Result<Spoken, ort::Error> {
        let input = Tensor::from_array(([1, ids.len()], ids.to_vec()))?;
        let lengths = Tensor::from_array(([1], vec![ids.len() as i64]))?;
        let scales = Tensor::from_array(Array1::from(vec![scales.noise, length_scale, scales.noise_w]))?;
        let outputs =
            self.session.run(ort::inputs!["input" => input, "input_lengths" => lengths, "scales" => scales])?;
        let (_, audio) = outputs["output"].try_extract_tensor::<f32>()?;
        let (_, durations) = outputs["durations"].try_extract_tensor::<f32>()?;
        let frames = durations.iter().map(|&d| d.max(0.0).round() as usize).collect();
        Ok(Spoken { samples: audio.to_vec(), frames })
    }
}
