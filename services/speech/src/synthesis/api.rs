//! The wire types of AWS Polly's SynthesizeSpeech and DescribeVoices, field for field
//! (PascalCase), so AWS SDKs and documentation apply unchanged.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Polly SynthesizeSpeech: text or SSML in, audio (or speech marks) out.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SynthesizeSpeechRequest {
    /// The text, or SSML when `TextType` is `ssml`. At most 3,000 billed characters (SSML tags
    /// are not billed) and 6,000 characters in all.
    #[schema(example = "Hello from aigate. This voice runs on your own machine.")]
    pub text: String,
    /// `text` (default) or `ssml`.
    #[schema(example = "text")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_type: Option<String>,
    /// A voice from DescribeVoices (`GET /v1/speech/voices`); `Joe` (neural) when absent.
    #[schema(example = "Joe")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
    /// `pcm` (16-bit signed little-endian mono), `ogg_vorbis`, `mp3`, `json` (speech marks) or
    /// aigate's `wav`.
    #[schema(example = "mp3")]
    pub output_format: String,
    /// Hz, as a string like Polly: `8000`, `16000`, `22050`, `24000`, `44100` or `48000` for
    /// mp3, ogg_vorbis and wav; `8000` or `16000` for pcm. Defaults: 16000 for pcm, else 22050
    /// (standard) or 24000 (neural).
    #[schema(value_type = Option<String>, example = "22050")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_rate: Option<SampleRate>,
    /// With `OutputFormat` `json`: any of `word`, `sentence`, `ssml` (`<mark>` tags).
    #[schema(example = json!(["word", "sentence"]))]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speech_mark_types: Vec<String>,
    /// `neural` (Piper VITS voices) or `standard` (eSpeak NG voices); the voice's own engine when absent.
    #[schema(example = "neural")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Accepted for compatibility; it must match the voice's language when given.
    #[schema(example = "en-US")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
    /// aigate stores no lexicons, so any name answers LexiconNotFoundException.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lexicon_names: Vec<String>,
}

/// A sample rate sent as Polly's string (`"16000"`) or, leniently, as a number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SampleRate {
    Text(String),
    Number(serde_json::Number),
}

impl SampleRate {
    pub fn as_text(&self) -> String {
        match self {
            SampleRate::Text(text) => text.clone(),
            SampleRate::Number(number) => number.to_string(),
        }
    }
}

/// The audio itself (or newline-delimited JSON speech marks), with its `Content-Type`.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct AudioStream(pub Vec<u8>);

/// Polly DescribeVoices.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVoicesResponse {
    pub voices: Vec<Voice>,
}

/// One voice, as Polly describes it, plus aigate's `License`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Voice {
    /// `Male` or `Female`.
    #[schema(example = "Male")]
    pub gender: String,
    /// What `VoiceId` takes.
    #[schema(example = "Joe")]
    pub id: String,
    #[schema(example = "en-US")]
    pub language_code: String,
    #[schema(example = "US English")]
    pub language_name: String,
    #[schema(example = "Joe")]
    pub name: String,
    /// `neural` and/or `standard`.
    #[schema(example = json!(["neural"]))]
    pub supported_engines: Vec<String>,
    /// aigate: the license of the voice's model or program.
    #[schema(example = "MIT (package), CC0 (joe dataset)")]
    pub license: String,
}
