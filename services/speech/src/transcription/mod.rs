//! Speech-to-text with Whisper tiny.en: log-mel features ([`mel`]), the ONNX encoder/decoder
//! ([`model`]), greedy decoding ([`greedy`]), word timing by cross-attention DTW ([`timing`]),
//! forced alignment of known text ([`align`]) and the Transcribe transcript format
//! ([`transcript`], [`subtitles`]).

pub mod align;
pub mod api;
pub mod greedy;
pub mod mel;
pub mod model;
pub mod pipeline;
pub mod routes;
pub mod subtitles;
pub mod timing;
pub mod tokens;
pub mod transcript;
pub mod validate;

#[cfg(test)]
mod model_tests;

use aigate_core::runtime::RuntimeError;
use mel::{HOP, MelExtractor, SAMPLE_RATE, WINDOW_SAMPLES};
use model::{ModelError, WhisperModel};
use std::path::Path;
use tokens::{DecodingConfig, WhisperTokenizer};

pub use pipeline::{Recognized, SpeechToText};

/// A recognised word (with any punctuation Whisper attached) and where it was heard.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// Seconds from the start of the audio.
    pub start: f64,
    pub end: f64,
    /// The mean probability of the word's tokens, 0 to 1.
    pub confidence: f32,
}

/// The words of one window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WindowText {
    pub text: String,
    pub words: Vec<Word>,
}

/// Attaches words that are only punctuation to a neighbour, as Whisper does: opening marks to
/// the next word, the others to the word before.
fn merge_punctuation(words: Vec<Word>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    let mut opening = String::new();
    for mut word in words {
        let is_mark = word.text.chars().all(|c| c.is_ascii_punctuation() || "“”‘’¿¡".contains(c));
        if !is_mark {
            word.text.insert_str(0, &std::mem::take(&mut opening));
            out.push(word);
        } else if word.text.chars().all(|c| "\"'“¿([{-".contains(c)) {
            opening.push_str(&word.text);
        } else if let Some(previous) = out.last_mut() {
            previous.text.push_str(&word.text);
        } else {
            opening.push_str(&word.text);
        }
    }
    out
}

/// Whisper with its tokenizer, settings and feature extractor; lives on a model worker thread.
pub struct Transcriber {
    model: WhisperModel,
    tokenizer: WhisperTokenizer,
    config: DecodingConfig,
    mel: MelExtractor,
}

impl Transcriber {
    /// Loads the models and files of `dir` (the service's model folder).
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        Ok(Self {
            model: WhisperModel::load(dir)?,
            tokenizer: WhisperTokenizer::load(dir)?,
            config: DecodingConfig::load(dir)?,
            mel: MelExtractor::new(),
        })
    }

    /// Transcribes up to 30 s of 16 kHz mono `samples`; word times are offset by `offset` seconds.
    pub fn transcribe_window(&mut self, samples: &[f32], offset: f64) -> Result<WindowText, ModelError> {
        Ok(self.transcribe_windows(&[(samples, offset)])?.pop().unwrap_or_default())
    }

    /// Transcribes several windows (each up to 30 s, with its offset in seconds) in one batch:
    /// one encoder call, and one decoder call per step for all of them.
    pub fn transcribe_windows(&mut self, windows: &[(&[f32], f64)]) -> Result<Vec<WindowText>, ModelError> {
        let windows: Vec<(&[f32], f64)> =
            windows.iter().map(|&(samples, offset)| (&samples[..samples.len().min(WINDOW_SAMPLES)], offset)).collect();
        if windows.is_empty() {
            return Ok(Vec::new());
        }
        let mel: Vec<f32> = windows.iter().flat_map(|(samples, _)| self.mel.log_mel(samples)).collect();
        let cross = self.model.encode(&mel)?;
        // About 3 tokens a second is usual speech; allow well over twice that.
        let budgets: Vec<usize> = windows.iter().map(|(samples, _)| 16 + samples.len() * 8 / SAMPLE_RATE).collect();
        let decoded = greedy::decode_batch(&mut self.model, &cross, &self.config, &budgets)?;
        let mut out = Vec::with_capacity(windows.len());
        for (index, ((samples, offset), decoded)) in windows.iter().zip(decoded).enumerate() {
            if decoded.tokens.is_empty() {
                out.push(WindowText::default());
                continue;
            }
            let seconds = samples.len() as f64 / SAMPLE_RATE as f64;
            let positions = samples.len() / HOP / 2;
            let single = if cross.batch == 1 { None } else { Some(cross.window(index)) };
            let cross = single.as_ref().unwrap_or(&cross);
            let heads = &self.config.alignment_heads;
            let starts = timing::token_starts(&mut self.model, cross, &decoded.tokens, positions, heads)?;
            let words = self.words(&decoded.tokens, &decoded.probabilities, &starts, *offset, seconds);
            out.push(WindowText { text: self.tokenizer.decode(&decoded.tokens).trim().to_string(), words });
        }
        Ok(out)
    }

    /// Pairs the tokenizer's words with the token start times (`starts[i]` is where token `i`
    /// starts; the entry after the last token is where the speech ends).
    fn words(&self, tokens: &[u32], probabilities: &[f32], starts: &[f64], offset: f64, seconds: f64) -> Vec<Word> {
        let mut words = Vec::new();
        let mut first = 0;
        for (text, count) in self.tokenizer.split_words(tokens) {
            let last = (first + count).min(tokens.len());
            let at = |i: usize| starts.get(i).copied().filter(|t| t.is_finite()).unwrap_or(seconds).min(seconds);
            let (start, end) = (at(first), at(last));
            let probs = &probabilities[first.min(last)..last];
            let confidence = if probs.is_empty() { 0.0 } else { probs.iter().sum::<f32>() / probs.len() as f32 };
            if !text.trim().is_empty() {
                words.push(Word {
                    text: text.trim().to_string(),
                    start: offset + start,
                    end: offset + end.max(start),
                    confidence,
                });
            }
            first = last;
        }
        merge_punctuation(words)
    }

    pub fn tokenizer(&self) -> &WhisperTokenizer {
        &self.tokenizer
    }
}
