//! DetectDominantLanguage: the `lingua` detector with every language it knows (75), reporting
//! ISO 639-1 codes.

use crate::api::DominantLanguage;
use lingua::{LanguageDetector, LanguageDetectorBuilder};

/// Languages reported: the most likely ones, while their confidence is at least this.
const MIN_SCORE: f64 = 0.01;
const MAX_LANGUAGES: usize = 5;

pub struct LanguageIdentifier {
    detector: LanguageDetector,
}

impl Default for LanguageIdentifier {
    fn default() -> Self {
        Self::new()
    }
}

impl LanguageIdentifier {
    /// Models load lazily, per language, on first use.
    pub fn new() -> Self {
        Self { detector: LanguageDetectorBuilder::from_all_languages().build() }
    }

    /// Most likely languages first; empty when the text has no letters.
    pub fn detect(&self, text: &str) -> Vec<DominantLanguage> {
        self.detector
            .compute_language_confidence_values(text)
            .into_iter()
            .filter(|(_, score)| *score >= MIN_SCORE)
            .take(MAX_LANGUAGES)
            .map(|(language, score)| DominantLanguage {
                language_code: language.iso_code_639_1().to_string().to_lowercase(),
                score: score as f32,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_639_1_codes() {
        let identifier = LanguageIdentifier::new();
        let found = identifier.detect("这是一个用中文写的句子，讲的是天气。");
        assert_eq!(found[0].language_code, "zh");
        let found = identifier.detect("The weather is lovely today and we are going to the beach.");
        assert_eq!(found[0].language_code, "en");
        assert!(found[0].score > 0.5);
        assert!(identifier.detect("12345 !!!").is_empty());
    }
}
