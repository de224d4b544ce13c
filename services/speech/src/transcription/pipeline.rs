//! Speech-to-text from samples to words: Silero VAD finds the speech, the speech is grouped into
//! windows of at most 30 s that break at pauses, and Whisper transcribes the windows on its
//! model worker, one window per queued job (so long recordings do not starve short requests).

use super::mel::{SAMPLE_RATE, WINDOW_SAMPLES};
use super::{Transcriber, Word};
use crate::vad::{self, SileroVad, VadParams};
use aigate_core::runtime::RuntimeError;
use aigate_core::{ApiError, ModelWorker};
use std::path::Path;
use std::sync::Arc;

/// VAD runs over this many samples per worker job (5 minutes).
const VAD_BLOCK: usize = 300 * SAMPLE_RATE;
/// Windows decoded together in one batch. 1: the int8 models quantize activations per tensor
/// (DynamicQuantizeLinear), so in a batch a window's reading depends on its batch mates' loudness;
/// batches of 4 turned "a test of the" into "a test on the" in the model tests.
const BATCH: usize = 1;
/// Silence kept around each window (200 ms), so word edges are not cut.
const WINDOW_PAD: usize = SAMPLE_RATE / 5;

/// What was heard in a recording.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognized {
    pub text: String,
    pub words: Vec<Word>,
}

#[derive(Clone)]
pub struct SpeechToText {
    whisper: ModelWorker<Transcriber>,
    vad: ModelWorker<SileroVad>,
}

fn worker<M: Send + 'static>(
    name: &str,
    model: M,
    capacity: usize,
    dir: &Path,
) -> Result<ModelWorker<M>, RuntimeError> {
    ModelWorker::spawn(name, model, capacity).map_err(|e| RuntimeError::ModelLoad {
        path: dir.to_path_buf(),
        message: format!("could not start the {name} worker: {e}"),
    })
}

impl SpeechToText {
    /// Loads Whisper and Silero VAD from the service's model folder.
    pub fn load(dir: &Path, queue_capacity: usize) -> Result<Self, RuntimeError> {
        Ok(Self {
            whisper: worker("whisper", Transcriber::load(dir)?, queue_capacity, dir)?,
            vad: worker("silero-vad", SileroVad::load(dir)?, queue_capacity, dir)?,
        })
    }

    /// Transcribes 16 kHz mono `samples` of any length. `progress` hears the fraction done.
    pub async fn transcribe(&self, samples: Arc<Vec<f32>>, progress: impl Fn(f64)) -> Result<Recognized, ApiError> {
        let windows = self.windows(&samples).await?;
        let total: usize = windows.iter().map(|w| w.len()).sum::<usize>().max(1);
        let mut done = 0;
        let mut recognized = Recognized::default();
        for batch in windows.chunks(BATCH) {
            let pieces: Vec<(Vec<f32>, f64)> =
                batch.iter().map(|w| (samples[w.start..w.end].to_vec(), w.start as f64 / SAMPLE_RATE as f64)).collect();
            let texts = self
                .whisper
                .run(move |model| {
                    let views: Vec<(&[f32], f64)> = pieces.iter().map(|(s, o)| (s.as_slice(), *o)).collect();
                    model.transcribe_windows(&views)
                })
                .await?
                .map_err(ApiError::internal)?;
            for text in texts.into_iter().filter(|t| !t.text.is_empty()) {
                if !recognized.text.is_empty() {
                    recognized.text.push(' ');
                }
                recognized.text.push_str(&text.text);
                recognized.words.extend(text.words);
            }
            done += batch.iter().map(|w| w.len()).sum::<usize>();
            progress(done as f64 / total as f64);
        }
        Ok(recognized)
    }

    /// The windows Whisper will read: speech grouped into spans of at most 30 s. Silence gets
    /// no window at all (Whisper tends to invent a word or two for it).
    pub async fn windows(&self, samples: &Arc<Vec<f32>>) -> Result<Vec<vad::Segment>, ApiError> {
        let mut probabilities = Vec::with_capacity(samples.len() / vad::CHUNK + 1);
        for start in (0..samples.len()).step_by(VAD_BLOCK) {
            let samples = samples.clone();
            let block = self
                .vad
                .run(move |model| model.probabilities(&samples[start..(start + VAD_BLOCK).min(samples.len())]))
                .await?
                .map_err(ApiError::internal)?;
            probabilities.extend(block);
        }
        let segments = vad::speech_segments(&probabilities, &VadParams::default(), samples.len());
        Ok(vad::windows(&segments, &probabilities, WINDOW_SAMPLES, WINDOW_PAD, samples.len()))
    }

    /// Forced alignment of `text` with up to 30 s of 16 kHz mono `samples`, on the Whisper
    /// worker; see [`Transcriber::align`].
    pub async fn align(&self, samples: Vec<f32>, text: String) -> Result<Vec<Word>, ApiError> {
        self.whisper.run(move |model| model.align(&samples, &text)).await?.map_err(ApiError::internal)
    }
}
