//! SynthesizeSpeech requests into valid inputs, with Polly's error names and limits.

use crate::synthesis::api::SynthesizeSpeechRequest;
use crate::synthesis::encode::AudioFormat;
use crate::synthesis::script::{self, Item};
use crate::synthesis::ssml;
use crate::synthesis::voices::{self, Engine, VoiceSpec};
use aigate_core::ApiError;
use axum::http::StatusCode;

/// Polly's limits: billed characters (SSML tags are not billed) and all characters.
pub const MAX_BILLED_CHARACTERS: usize = 3_000;
pub const MAX_TOTAL_CHARACTERS: usize = 6_000;

/// Which speech marks to return.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkTypes {
    pub sentence: bool,
    pub word: bool,
    pub ssml: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Audio { format: AudioFormat, sample_rate: u32 },
    Marks(MarkTypes),
}

#[derive(Debug)]
pub struct ValidSynthesis {
    pub text: String,
    pub items: Vec<Item>,
    pub voice: &'static VoiceSpec,
    pub output: Output,
    /// Sent back as `x-amzn-RequestCharacters`.
    pub billed_characters: usize,
}

fn error(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(status, code, message)
}

fn validation(message: impl Into<String>) -> ApiError {
    error(StatusCode::BAD_REQUEST, "ValidationException", message)
}

pub fn synthesize_speech(request: SynthesizeSpeechRequest) -> Result<ValidSynthesis, ApiError> {
    let voice_id = request.voice_id.as_deref().unwrap_or(voices::DEFAULT_VOICE);
    let voice = voices::find(voice_id).ok_or_else(|| {
        validation(format!("VoiceId {voice_id:?} is not a voice here; GET /v1/speech/voices lists them"))
    })?;
    if let Some(engine) = request.engine.as_deref() {
        let engine = Engine::parse(engine)
            .ok_or_else(|| validation(format!("Engine {engine:?} must be one of: neural, standard")))?;
        if engine != voice.engine {
            return Err(error(
                StatusCode::BAD_REQUEST,
                "EngineNotSupportedException",
                format!("voice {} supports only the {} engine", voice.id, voice.engine.name()),
            ));
        }
    }
    if let Some(language) = request.language_code.as_deref()
        && !language.eq_ignore_ascii_case(voice.language_code)
    {
        return Err(validation(format!(
            "LanguageCode {language} does not match voice {} ({})",
            voice.id, voice.language_code
        )));
    }
    if let Some(name) = request.lexicon_names.first() {
        return Err(error(
            StatusCode::NOT_FOUND,
            "LexiconNotFoundException",
            format!("lexicon {name:?} does not exist (aigate stores no pronunciation lexicons)"),
        ));
    }
    let is_ssml = match request.text_type.as_deref().unwrap_or("text") {
        "text" => false,
        "ssml" => true,
        other => return Err(validation(format!("TextType {other:?} must be text or ssml"))),
    };
    let output = output(&request, voice.engine, is_ssml)?;
    let billed_characters = billed_characters(&request.text, is_ssml);
    let total = request.text.chars().count();
    if billed_characters > MAX_BILLED_CHARACTERS || total > MAX_TOTAL_CHARACTERS {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "TextLengthExceededException",
            format!(
                "the text has {billed_characters} billed and {total} characters in all; the limits are \
                 {MAX_BILLED_CHARACTERS} billed (SSML tags excluded) and {MAX_TOTAL_CHARACTERS} in all"
            ),
        ));
    }
    if request.text.trim().is_empty() {
        return Err(validation("Text is empty"));
    }
    let items = if is_ssml {
        ssml::parse(&request.text).map_err(|e| error(StatusCode::BAD_REQUEST, "InvalidSsmlException", e.0))?
    } else {
        script::from_text(&request.text)
    };
    Ok(ValidSynthesis { text: request.text, items, voice, output, billed_characters })
}

fn output(request: &SynthesizeSpeechRequest, engine: Engine, is_ssml: bool) -> Result<Output, ApiError> {
    let format = match request.output_format.as_str() {
        "json" => None,
        "pcm" => Some(AudioFormat::Pcm),
        "wav" => Some(AudioFormat::Wav),
        "ogg_vorbis" => Some(AudioFormat::OggVorbis),
        "mp3" => Some(AudioFormat::Mp3),
        other => {
            return Err(validation(format!("OutputFormat {other:?} must be one of: json, mp3, ogg_vorbis, pcm, wav")));
        }
    };
    let Some(format) = format else {
        return mark_types(&request.speech_mark_types, is_ssml).map(Output::Marks);
    };
    if !request.speech_mark_types.is_empty() {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "MarksNotSupportedForFormatException",
            format!("SpeechMarkTypes need OutputFormat json, not {}", request.output_format),
        ));
    }
    let sample_rate = match &request.sample_rate {
        None if format == AudioFormat::Pcm => 16_000,
        None if engine == Engine::Neural => 24_000,
        None => 22_050,
        Some(rate) => {
            let text = rate.as_text();
            text.trim().parse::<u32>().ok().filter(|r| format.sample_rates().contains(r)).ok_or_else(|| {
                let allowed: Vec<String> = format.sample_rates().iter().map(u32::to_string).collect();
                error(
                    StatusCode::BAD_REQUEST,
                    "InvalidSampleRateException",
                    format!(
                        "SampleRate {text:?} is not valid for {}; use one of {}",
                        request.output_format,
                        allowed.join(", ")
                    ),
                )
            })?
        }
    };
    Ok(Output::Audio { format, sample_rate })
}

fn mark_types(names: &[String], is_ssml: bool) -> Result<MarkTypes, ApiError> {
    if names.is_empty() {
        return Err(validation("OutputFormat json needs SpeechMarkTypes (word, sentence, ssml)"));
    }
    let mut types = MarkTypes::default();
    for name in names {
        match name.as_str() {
            "word" => types.word = true,
            "sentence" => types.sentence = true,
            "ssml" if is_ssml => types.ssml = true,
            "ssml" => {
                return Err(error(
                    StatusCode::BAD_REQUEST,
                    "SsmlMarksNotSupportedForTextTypeException",
                    "ssml speech marks need TextType ssml",
                ));
            }
            "viseme" => return Err(validation("viseme speech marks are not supported by aigate")),
            other => return Err(validation(format!("SpeechMarkTypes {other:?} must be word, sentence or ssml"))),
        }
    }
    Ok(types)
}

/// Characters Polly bills: all of them for text; those outside tags for SSML.
fn billed_characters(text: &str, is_ssml: bool) -> usize {
    if !is_ssml {
        return text.chars().count();
    }
    let mut inside_tag = false;
    text.chars()
        .filter(|&c| {
            match c {
                '<' => inside_tag = true,
                '>' if inside_tag => {
                    inside_tag = false;
                    return false;
                }
                _ => {}
            }
            !inside_tag
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesis::api::SampleRate;

    fn request(text: &str, format: &str) -> SynthesizeSpeechRequest {
        SynthesizeSpeechRequest { text: text.into(), output_format: format.into(), ..Default::default() }
    }

    fn code(request: SynthesizeSpeechRequest) -> String {
        synthesize_speech(request).expect_err("refused").code.to_string()
    }

    #[test]
    fn defaults_follow_polly() {
        let valid = synthesize_speech(request("Hi there.", "mp3")).expect("valid");
        assert_eq!(valid.voice.id, "Joe");
        assert_eq!(valid.output, Output::Audio { format: AudioFormat::Mp3, sample_rate: 24_000 });
        let pcm = synthesize_speech(request("Hi.", "pcm")).expect("valid");
        assert_eq!(pcm.output, Output::Audio { format: AudioFormat::Pcm, sample_rate: 16_000 });
        let ssml =
            SynthesizeSpeechRequest { text_type: Some("ssml".into()), ..request("<speak>Hi</speak>", "ogg_vorbis") };
        assert_eq!(synthesize_speech(ssml).expect("valid").billed_characters, 2);
    }

    #[test]
    fn each_bad_input_has_its_polly_error() {
        let long = "a ".repeat(1600);
        assert_eq!(code(request(&long, "mp3")), "TextLengthExceededException");
        let rate =
            SynthesizeSpeechRequest { sample_rate: Some(SampleRate::Text("22050".into())), ..request("Hi", "pcm") };
        assert_eq!(code(rate), "InvalidSampleRateException");
        let marks = SynthesizeSpeechRequest { speech_mark_types: vec!["word".into()], ..request("Hi", "mp3") };
        assert_eq!(code(marks), "MarksNotSupportedForFormatException");
        let lexicon = SynthesizeSpeechRequest { lexicon_names: vec!["names".into()], ..request("Hi", "mp3") };
        assert_eq!(code(lexicon), "LexiconNotFoundException");
        let ssml = SynthesizeSpeechRequest { text_type: Some("ssml".into()), ..request("<speak>Hi", "mp3") };
        assert_eq!(code(ssml), "InvalidSsmlException");
        let engine = SynthesizeSpeechRequest { engine: Some("standard".into()), ..request("Hi", "mp3") };
        assert_eq!(code(engine), "EngineNotSupportedException");
        let ssml_marks = SynthesizeSpeechRequest { speech_mark_types: vec!["ssml".into()], ..request("Hi", "json") };
        assert_eq!(code(ssml_marks), "SsmlMarksNotSupportedForTextTypeException");
        assert_eq!(code(request("Hi", "flac")), "ValidationException");
        assert_eq!(
            code(SynthesizeSpeechRequest { voice_id: Some("Nobody".into()), ..request("Hi", "mp3") }),
            "ValidationException"
        );
    }
}
