//! The voices aigate offers: Piper VITS voices as the `neural` engine, eSpeak NG voices as the
//! `standard` engine (DescribeVoices lists this table).

use crate::synthesis::api::Voice;

/// Polly's engine names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A Piper VITS model run through ONNX Runtime.
    Neural,
    /// The eSpeak NG formant synthesizer, run as a separate program.
    Standard,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Neural => "neural",
            Engine::Standard => "standard",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "neural" => Some(Engine::Neural),
            "standard" => Some(Engine::Standard),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct VoiceSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub gender: &'static str,
    pub language_code: &'static str,
    pub language_name: &'static str,
    pub engine: Engine,
    /// The eSpeak NG voice: the phonemizer's language for neural voices, the voice itself for standard ones.
    pub espeak_voice: &'static str,
    pub license: &'static str,
}

/// eSpeak NG is GPL-3.0; aigate runs it as a separate program and does not link it.
const ESPEAK_LICENSE: &str = "GPL-3.0-or-later (eSpeak NG, run as a separate program)";

pub const VOICES: &[VoiceSpec] = &[
    VoiceSpec {
        id: "Joe",
        name: "Joe",
        gender: "Male",
        language_code: "en-US",
        language_name: "US English",
        engine: Engine::Neural,
        espeak_voice: "en-us",
        license: "MIT (package), CC0 (joe dataset); fine-tuned from Piper's lessac voice, whose Blizzard 2013 \
                  data is licensed for non-commercial research: check before commercial use",
    },
    standard("espeak-en-us", "eSpeak en-US", "Male", "en-US", "US English", "en-us"),
    standard("espeak-en-us-f", "eSpeak en-US (female variant)", "Female", "en-US", "US English", "en-us+f3"),
    standard("espeak-en-gb", "eSpeak en-GB", "Male", "en-GB", "British English", "en-gb"),
    standard("espeak-de", "eSpeak de-DE", "Male", "de-DE", "German", "de"),
    standard("espeak-fr", "eSpeak fr-FR", "Male", "fr-FR", "French", "fr-fr"),
    standard("espeak-es", "eSpeak es-ES", "Male", "es-ES", "Castilian Spanish", "es"),
    standard("espeak-it", "eSpeak it-IT", "Male", "it-IT", "Italian", "it"),
];

const fn standard(
    id: &'static str,
    name: &'static str,
    gender: &'static str,
    language_code: &'static str,
    language_name: &'static str,
    espeak_voice: &'static str,
) -> VoiceSpec {
    VoiceSpec {
        id,
        name,
        gender,
        language_code,
        language_name,
        engine: Engine::Standard,
        espeak_voice,
        license: ESPEAK_LICENSE,
    }
}

/// The voice used when a request names none.
pub const DEFAULT_VOICE: &str = "Joe";

pub fn find(id: &str) -> Option<&'static VoiceSpec> {
    VOICES.iter().find(|voice| voice.id == id)
}

impl VoiceSpec {
    pub fn describe(&self) -> Voice {
        Voice {
            gender: self.gender.to_string(),
            id: self.id.to_string(),
            language_code: self.language_code.to_string(),
            language_name: self.language_name.to_string(),
            name: self.name.to_string(),
            supported_engines: vec![self.engine.name().to_string()],
            license: self.license.to_string(),
        }
    }
}

/// DescribeVoices: every voice, optionally only those of one engine and/or language.
pub fn describe(engine: Option<Engine>, language_code: Option<&str>) -> Vec<Voice> {
    VOICES
        .iter()
        .filter(|voice| engine.is_none_or(|engine| voice.engine == engine))
        .filter(|voice| language_code.is_none_or(|code| voice.language_code.eq_ignore_ascii_case(code)))
        .map(VoiceSpec::describe)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_engine_and_language() {
        let neural = describe(Some(Engine::Neural), None);
        assert_eq!(neural.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["Joe"]);
        let german = describe(None, Some("de-DE"));
        assert_eq!(german.len(), 1);
        assert_eq!(german[0].supported_engines, ["standard"]);
        assert!(find(DEFAULT_VOICE).is_some_and(|voice| voice.engine == Engine::Neural));
    }
}
