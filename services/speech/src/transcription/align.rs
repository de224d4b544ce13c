//! Forced alignment: where each word of a known text is spoken in a recording.

use super::Transcriber;
use super::mel::{HOP, SAMPLE_RATE, WINDOW_SAMPLES};
use super::model::ModelError;
use super::timing;

impl Transcriber {
    /// Aligns `text` with `samples` (16 kHz mono, at most 30 s; longer audio is cut) and returns
    /// each word with its start and end in seconds from the start of `samples`.
    ///
    /// The text is not recognised but imposed: Whisper is teacher-forced with the text's tokens,
    /// and the alignment heads' cross-attention is matched to the audio by dynamic time warping,
    /// exactly as for transcription word timestamps. Words are Whisper's: split at spaces, with
    /// punctuation kept on the word before it (`"Hello,"`), so callers match them to their own
    /// text by order. `confidence` is the model's mean probability of the word's tokens given
    /// the audio: low values mean the audio does not say that word. An empty text gives no words.
    pub fn align(&mut self, samples: &[f32], text: &str) -> Result<Vec<super::Word>, ModelError> {
        let samples = &samples[..samples.len().min(WINDOW_SAMPLES)];
        let tokens = self.tokenizer.encode(text);
        if tokens.is_empty() || samples.is_empty() {
            return Ok(Vec::new());
        }
        let cross = self.model.encode(&self.mel.log_mel(samples))?;
        let seconds = samples.len() as f64 / SAMPLE_RATE as f64;
        let positions = samples.len() / HOP / 2;
        let starts = timing::token_starts(&mut self.model, &cross, &tokens, positions, &self.config.alignment_heads)?;
        let probabilities = self.forced_probabilities(&cross, &tokens)?;
        Ok(self.words(&tokens, &probabilities, &starts, 0.0, seconds))
    }

    /// The probability the model gives each token of `tokens` after the ones before it.
    fn forced_probabilities(
        &mut self,
        cross: &super::model::CrossCache,
        tokens: &[u32],
    ) -> Result<Vec<f32>, ModelError> {
        use super::model::{SelfCache, VOCAB};
        use super::tokens::PROMPT;
        let mut feed: Vec<i64> = PROMPT.iter().map(|&t| i64::from(t)).collect();
        feed.extend(tokens.iter().take(tokens.len().saturating_sub(1)).map(|&t| i64::from(t)));
        let output = self.model.decode(&feed, &SelfCache::default(), cross, false)?;
        let rows: Vec<&[f32]> = output.logits.chunks_exact(VOCAB).skip(PROMPT.len() - 1).collect();
        Ok(tokens
            .iter()
            .zip(rows)
            .map(|(&token, row)| {
                let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let total: f32 = row.iter().map(|v| (v - max).exp()).sum();
                row.get(token as usize).map_or(0.0, |v| (v - max).exp() / total)
            })
            .collect())
    }
}
