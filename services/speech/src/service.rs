//! The service: its models and operations. No HTTP here; `routes.rs` is the transport.

use crate::SERVICE_NAME;
use crate::config::SpeechConfig;
use crate::jobs::Jobs;
use crate::transcription::SpeechToText;
use aigate_core::ServiceContext;
use aigate_core::runtime::RuntimeError;

pub struct SpeechService {
    /// Speech-to-text (Whisper + Silero VAD): Transcribe and the transcription jobs.
    speech_to_text: SpeechToText,
    jobs: Jobs,
    /// Text-to-speech (Polly SynthesizeSpeech, DescribeVoices).
    pub(crate) synthesizer: crate::synthesis::Synthesizer,
    config: SpeechConfig,
}

impl SpeechService {
    pub fn config(&self) -> &SpeechConfig {
        &self.config
    }

    pub fn speech_to_text(&self) -> &SpeechToText {
        &self.speech_to_text
    }

    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }
}

/// Loads speech-to-text and opens the job store (whose runner starts at once).
fn load_speech_to_text(config: &SpeechConfig, context: &ServiceContext) -> Result<(SpeechToText, Jobs), RuntimeError> {
    let speech_to_text = SpeechToText::load(&context.service_models(SERVICE_NAME), config.queue_capacity)?;
    let jobs = tokio::runtime::Handle::current()
        .block_on(Jobs::start(config, &context.database, speech_to_text.clone()))
        .map_err(|e| RuntimeError::ModelLoad {
            path: context.database.url().into(),
            message: format!("cannot open the transcription job store: {}", e.message),
        })?;
    Ok((speech_to_text, jobs))
}

impl aigate_core::Service for SpeechService {
    const NAME: &'static str = SERVICE_NAME;
    type Config = SpeechConfig;

    fn load(config: &SpeechConfig, context: &ServiceContext) -> Result<Self, RuntimeError> {
        let synthesizer = crate::synthesis::Synthesizer::load(config, &context.service_models(SERVICE_NAME))?;
        let (speech_to_text, jobs) = load_speech_to_text(config, context)?;
        Ok(Self { synthesizer, speech_to_text, jobs, config: config.clone() })
    }

    fn routes() -> utoipa_axum::router::OpenApiRouter<aigate_core::Ready<Self>> {
        crate::routes::routes()
    }
}
