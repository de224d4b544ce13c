//! The text-to-speech operations: SynthesizeSpeech and DescribeVoices. No HTTP here.

use crate::config::SpeechConfig;
use crate::synthesis::encode::{self, AudioFormat};
use crate::synthesis::espeak::Espeak;
use crate::synthesis::marks;
use crate::synthesis::piper::{PiperConfig, PiperModel, Scales};
use crate::synthesis::render::{self, NeuralVoice};
use crate::synthesis::script::Sentence;
use crate::synthesis::validate::{Output, ValidSynthesis};
use aigate_core::runtime::RuntimeError;
use aigate_core::{ApiError, ModelWorker};
use std::path::Path;

/// The Piper voice's files in the service's model folder.
pub const PIPER_MODEL: &str = "en_US-joe-medium-durations.onnx";
pub const PIPER_CONFIG: &str = "en_US-joe-medium.onnx.json";

pub struct Synthesizer {
    neural: NeuralVoice,
    espeak: Espeak,
    /// Why eSpeak NG cannot run, if it cannot: synthesis then answers 503 while the rest of the
    /// service (speech-to-text) works.
    espeak_missing: Option<String>,
}

/// A SynthesizeSpeech answer.
#[derive(Debug)]
pub struct Speech {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub request_characters: usize,
}

impl Synthesizer {
    /// Loads the Piper voice from `dir` and checks that eSpeak NG runs; blocking.
    pub fn load(config: &SpeechConfig, dir: &Path) -> Result<Self, RuntimeError> {
        let model_path = dir.join(PIPER_MODEL);
        let piper_config = PiperConfig::load(&dir.join(PIPER_CONFIG))?;
        let model =
            ModelWorker::spawn("piper-joe", PiperModel::load(&model_path)?, config.queue_capacity).map_err(|e| {
                RuntimeError::ModelLoad {
                    path: model_path.clone(),
                    message: format!("could not start its worker: {e}"),
                }
            })?;
        let espeak_missing = match Espeak::check(&config.espeak_binary) {
            Ok(version) => {
                tracing::info!(%version, "text-to-speech phonemizer");
                None
            }
            Err(problem) => {
                tracing::error!(%problem, "text-to-speech is unavailable");
                Some(problem)
            }
        };
        let scales = Scales { noise: config.synthesis_noise_scale, noise_w: config.synthesis_noise_w };
        Ok(Self {
            neural: NeuralVoice { model, config: piper_config, scales },
            espeak: Espeak::new(config.espeak_binary.clone(), config.espeak_processes),
            espeak_missing,
        })
    }

    pub async fn synthesize_speech(&self, request: ValidSynthesis) -> Result<Speech, ApiError> {
        if let Some(problem) = &self.espeak_missing {
            return Err(ApiError::service_unavailable(format!("text-to-speech needs eSpeak NG: {problem}")));
        }
        let text = request.text;
        let value_of = |sentence: &Sentence| text.get(sentence.start..sentence.end).unwrap_or_default().to_string();
        let rendered = render::render(&request.items, request.voice, &self.neural, &self.espeak, &value_of).await?;
        let (bytes, content_type) = match request.output {
            Output::Marks(types) => (marks::speech_marks(&rendered, types), marks::CONTENT_TYPE),
            Output::Audio { format, sample_rate } => {
                let from = rendered.sample_rate;
                let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, String> {
                    let samples = aigate_core::audio::resample(&rendered.samples, from, sample_rate)
                        .map_err(|e| e.to_string())?;
                    encode::encode(&samples, sample_rate, format)
                })
                .await
                .map_err(ApiError::internal)?
                .map_err(|e| ApiError::internal(format!("encoding {format:?}: {e}")))?;
                (bytes, AudioFormat::content_type(format))
            }
        };
        Ok(Speech { bytes, content_type, request_characters: request.billed_characters })
    }
}
