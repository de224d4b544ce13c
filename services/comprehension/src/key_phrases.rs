//! DetectKeyPhrases: YAKE (Campos et al., 2020) via `yake-rust`, with its stop-word lists.
//! YAKE scores fall as relevance grows (0 is best); Comprehend's Score rises, so we report
//! `1 / (1 + yake_score)`. Offsets are those of the phrase's first occurrence in the text.

use crate::api::KeyPhrase;
use crate::offsets::CharOffsets;
use yake_rust::{Config, StopWords};

/// The languages with a stop-word list and words separated by spaces.
pub const LANGUAGES: &[&str] = &["en", "es", "fr", "de", "it", "pt", "nl", "da", "fi", "hu", "pl", "ru", "sv", "tr"];
const MAX_PHRASES: usize = 20;

/// Ranks the key phrases of `text` (written in `language`, one of [`LANGUAGES`]).
pub fn detect(text: &str, language: &str) -> Vec<KeyPhrase> {
    let Some(stop_words) = StopWords::predefined(language) else { return Vec::new() };
    let config = Config { ngrams: 3, ..Config::default() };
    let offsets = CharOffsets::new(text);
    yake_rust::get_n_best(MAX_PHRASES, text, &stop_words, &config)
        .into_iter()
        .filter_map(|item| {
            let (begin, end) = locate(text, &item.raw)?;
            Some(KeyPhrase {
                score: (1.0 / (1.0 + item.score)) as f32,
                text: text[begin..end].to_string(),
                begin_offset: offsets.char_at(begin),
                end_offset: offsets.char_at(end),
            })
        })
        .collect()
}

/// Byte span of the first occurrence of `phrase`'s words, with any whitespace between them.
fn locate(text: &str, phrase: &str) -> Option<(usize, usize)> {
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    if words.is_empty() {
        return None;
    }
    let pattern = regex::Regex::new(&format!(r"\b{}\b", words.join(r"\s+"))).ok()?;
    let found = pattern.find(text).or_else(|| {
        // Phrases that start or end in punctuation have no word boundary there.
        regex::Regex::new(&words.join(r"\s+")).ok()?.find(text)
    })?;
    Some((found.start(), found.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_phrases_with_character_offsets() {
        let text = "Über Amazon Comprehend: Amazon Comprehend uses natural language processing to find \
            insights in text. Natural language processing is a branch of machine learning.";
        let phrases = detect(text, "en");
        assert!(!phrases.is_empty());
        let chars: Vec<char> = text.chars().collect();
        for phrase in &phrases {
            let span: String = chars[phrase.begin_offset..phrase.end_offset].iter().collect();
            assert_eq!(span, phrase.text);
            assert!(phrase.score > 0.0 && phrase.score <= 1.0);
        }
        let top: Vec<&str> = phrases.iter().take(5).map(|p| p.text.as_str()).collect();
        assert!(top.iter().any(|p| p.eq_ignore_ascii_case("Amazon Comprehend")), "{top:?}");
        assert!(top.iter().any(|p| p.eq_ignore_ascii_case("natural language processing")), "{top:?}");
    }
}
