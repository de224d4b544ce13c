//! Whisper's vocabulary: the special token ids, the decoding settings from `whisper_config.json`,
//! and the byte-level BPE tokenizer (`whisper_tokenizer.json`, read with the `tokenizers` crate).

use aigate_core::runtime::RuntimeError;
use serde::Deserialize;
use std::path::Path;
use tokenizers::Tokenizer;

pub const TOKENIZER_FILE: &str = "whisper_tokenizer.json";
pub const CONFIG_FILE: &str = "whisper_config.json";
pub const END_OF_TEXT: u32 = 50_256;
pub const START_OF_TRANSCRIPT: u32 = 50_257;
pub const NO_TIMESTAMPS: u32 = 50_362;
/// The prompt every window starts with (English-only model: no language or task tokens).
pub const PROMPT: [u32; 2] = [START_OF_TRANSCRIPT, NO_TIMESTAMPS];

/// `whisper_config.json`: tokens never produced, tokens not produced first, and the
/// cross-attention heads that follow the audio (for word timing).
#[derive(Debug, Clone, Deserialize)]
pub struct DecodingConfig {
    pub suppress_ids: Vec<u32>,
    pub suppress_ids_begin: Vec<u32>,
    pub alignment_heads: Vec<(usize, usize)>,
}

pub struct WhisperTokenizer {
    inner: Tokenizer,
}

fn load_error(path: &Path, message: impl ToString) -> RuntimeError {
    RuntimeError::ModelLoad { path: path.to_path_buf(), message: message.to_string() }
}

impl DecodingConfig {
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        let path = dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|_| RuntimeError::ModelMissing(path.clone()))?;
        serde_json::from_str(&text).map_err(|e| load_error(&path, e))
    }
}

impl WhisperTokenizer {
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        let path = dir.join(TOKENIZER_FILE);
        if !path.is_file() {
            return Err(RuntimeError::ModelMissing(path));
        }
        Ok(Self { inner: Tokenizer::from_file(&path).map_err(|e| load_error(&path, e))? })
    }

    /// The text of `tokens`, special tokens left out.
    pub fn decode(&self, tokens: &[u32]) -> String {
        let text: Vec<u32> = tokens.iter().copied().filter(|&t| t < END_OF_TEXT).collect();
        self.inner.decode(&text, true).unwrap_or_default()
    }

    /// Token ids of `text` as Whisper would write it (a leading space, no special tokens).
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let spaced = format!(" {}", text.trim());
        self.inner.encode(spaced.as_str(), false).map(|e| e.get_ids().to_vec()).unwrap_or_default()
    }

    /// Groups `tokens` into words as Whisper does for English: a word starts at a token whose
    /// text starts with a space, or that is punctuation. Tokens that end inside a UTF-8
    /// character stay with the next one. Returns each word's text and its token count.
    pub fn split_words(&self, tokens: &[u32]) -> Vec<(String, usize)> {
        let mut words: Vec<(String, usize)> = Vec::new();
        let mut pending = Vec::new();
        for &token in tokens {
            pending.push(token);
            let piece = self.inner.decode(&pending, false).unwrap_or_default();
            if piece.contains('\u{FFFD}') && token < END_OF_TEXT {
                continue;
            }
            let count = pending.len();
            pending.clear();
            let punctuation = !piece.trim().is_empty() && piece.trim().chars().all(|c| c.is_ascii_punctuation());
            let starts_word = token >= END_OF_TEXT || piece.starts_with(' ') || punctuation;
            match words.last_mut() {
                Some((text, tokens)) if !starts_word => {
                    text.push_str(&piece);
                    *tokens += count;
                }
                _ => words.push((piece, count)),
            }
        }
        if !pending.is_empty() {
            words.push((self.inner.decode(&pending, false).unwrap_or_default(), pending.len()));
        }
        words
    }
}
