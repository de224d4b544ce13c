//! Amazon Transcribe's transcript JSON: `results.transcripts[{transcript}]` and `results.items`,
//! one `pronunciation` item per word (times and confidence as strings, like Transcribe) and one
//! `punctuation` item per punctuation mark.

use super::Word;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Transcript {
    pub results: TranscriptResults,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TranscriptResults {
    pub transcripts: Vec<TranscriptText>,
    pub items: Vec<TranscriptItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TranscriptText {
    #[schema(example = "Hello, world.")]
    pub transcript: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ItemType {
    Pronunciation,
    Punctuation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TranscriptItem {
    /// Seconds from the start of the audio, as a decimal string; words only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "0.48")]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "0.9")]
    pub end_time: Option<String>,
    pub alternatives: Vec<Alternative>,
    #[serde(rename = "type")]
    pub kind: ItemType,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Alternative {
    /// 0 to 1, as a decimal string (punctuation: "0.0").
    #[schema(example = "0.9873")]
    pub confidence: String,
    #[schema(example = "Hello")]
    pub content: String,
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() && !matches!(c, '$' | '%' | '&' | '#' | '@' | '+' | '\'' | '/')
}

fn seconds(value: f64) -> String {
    format!("{:.3}", value.max(0.0))
}

impl Transcript {
    /// The transcript of `words`, whose text is `text` (each window's text, joined).
    pub fn from_words(text: &str, words: &[Word]) -> Self {
        let mut items = Vec::new();
        let punctuation = |mark: &str| TranscriptItem {
            start_time: None,
            end_time: None,
            alternatives: vec![Alternative { confidence: "0.0".into(), content: mark.into() }],
            kind: ItemType::Punctuation,
        };
        for word in words {
            let core_start = word.text.find(|c: char| !is_punctuation(c)).unwrap_or(word.text.len());
            let core_end = word.text.rfind(|c: char| !is_punctuation(c)).map_or(core_start, |i| i + 1).max(core_start);
            let (before, core, after) =
                (&word.text[..core_start], &word.text[core_start..core_end], &word.text[core_end..]);
            items.extend(before.chars().map(|c| punctuation(&c.to_string())));
            if !core.is_empty() {
                items.push(TranscriptItem {
                    start_time: Some(seconds(word.start)),
                    end_time: Some(seconds(word.end)),
                    alternatives: vec![Alternative {
                        confidence: format!("{:.4}", word.confidence.clamp(0.0, 1.0)),
                        content: core.to_string(),
                    }],
                    kind: ItemType::Pronunciation,
                });
            }
            // "..." or "?!" stay one item, as Transcribe writes them.
            if !after.is_empty() {
                items.push(punctuation(after));
            }
        }
        Self {
            results: TranscriptResults { transcripts: vec![TranscriptText { transcript: text.to_string() }], items },
        }
    }

    pub fn text(&self) -> &str {
        self.results.transcripts.first().map_or("", |t| t.transcript.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_becomes_its_own_items() {
        let word = |text: &str, start| Word { text: text.into(), start, end: start + 0.4, confidence: 0.9 };
        let transcript = Transcript::from_words(
            "Hello, \"world\"!",
            &[word("Hello,", 0.0), word("\"world\"!", 0.5), word("don't", 1.0)],
        );
        let json = serde_json::to_value(&transcript).expect("json");
        let items = json["results"]["items"].as_array().expect("items");
        let contents: Vec<&str> =
            items.iter().map(|i| i["alternatives"][0]["content"].as_str().unwrap_or("")).collect();
        assert_eq!(contents, ["Hello", ",", "\"", "world", "\"!", "don't"]);
        assert_eq!(items[0]["start_time"], "0.000");
        assert_eq!(items[0]["type"], "pronunciation");
        assert_eq!(items[1]["type"], "punctuation");
        assert!(items[1].get("start_time").is_none());
        assert_eq!(json["results"]["transcripts"][0]["transcript"], "Hello, \"world\"!");
    }
}
