//! The service's settings (`[services.speech]` in the gateway config).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechConfig {
    /// Requests that may wait for each model before the service answers 429.
    pub queue_capacity: usize,
    /// Speech-to-text: the longest recording `Transcribe` takes, in seconds.
    pub max_transcribe_seconds: u64,
    /// Speech-to-text: the largest `Transcribe` upload, in bytes.
    pub max_transcribe_bytes: usize,
    /// Speech-to-text: the longest recording a transcription job takes, in seconds (4 hours).
    pub max_job_seconds: u64,
    /// Speech-to-text: the largest transcription job upload, in bytes.
    pub max_job_media_bytes: usize,
    /// Speech-to-text: where job media is kept (default: `speech-media/` beside the database).
    pub job_media_dir: Option<String>,
    /// Text-to-speech: the eSpeak NG program (phonemes for the neural voices; the standard voices).
    pub espeak_binary: String,
    /// Text-to-speech: eSpeak NG processes running at once (warm phonemizers and standard voices).
    pub espeak_processes: usize,
    /// Text-to-speech: Piper's voice variation (noise scale; 0 gives the same audio on every call).
    pub synthesis_noise_scale: f32,
    /// Text-to-speech: Piper's duration variation (noise_w). 0 keeps speech marks asked for in a
    /// separate request in step with the audio.
    pub synthesis_noise_w: f32,
}

impl Default for SpeechConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 16,
            max_transcribe_seconds: 120,
            max_transcribe_bytes: 100_000_000,
            max_job_seconds: 4 * 3600,
            max_job_media_bytes: 2_000_000_000,
            job_media_dir: None,
            espeak_binary: "espeak-ng".into(),
            espeak_processes: 2,
            synthesis_noise_scale: 0.667,
            synthesis_noise_w: 0.0,
        }
    }
}
