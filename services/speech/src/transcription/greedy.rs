//! Greedy decoding of one window: the prompt, then the most likely token at each step with
//! timestamps and the configured tokens suppressed, until end-of-text, the token budget, or a
//! loop of repeated text.

use super::model::{CrossCache, ModelError, SelfCache, VOCAB, WhisperModel};
use super::tokens::{DecodingConfig, END_OF_TEXT, NO_TIMESTAMPS, PROMPT};

/// The decoder's context is 448 positions; Whisper samples at most half of it.
pub const MAX_NEW_TOKENS: usize = 224;
/// Whisper's `<|nocaptions|>` (no speech) token in the English-only vocabulary.
pub const NO_SPEECH: u32 = 50_361;
/// Above this first-step probability of no speech, the window is taken as silent (Whisper: 0.6).
pub const NO_SPEECH_THRESHOLD: f32 = 0.6;

/// Text tokens of a window with the probability the model gave each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decoded {
    pub tokens: Vec<u32>,
    pub probabilities: Vec<f32>,
}

/// Decodes up to `max_tokens` text tokens of one window.
pub fn decode(
    model: &mut WhisperModel,
    cross: &CrossCache,
    config: &DecodingConfig,
    max_tokens: usize,
) -> Result<Decoded, ModelError> {
    Ok(decode_batch(model, cross, config, &[max_tokens])?.pop().unwrap_or_default())
}

/// One window of a batch being decoded.
struct Row {
    out: Decoded,
    budget: usize,
    no_speech: f32,
    done: bool,
}

/// Decodes the windows of `cross` together (one decoder call per step for all of them), each
/// up to its own token budget. Windows that finish early are fed end-of-text until all are done.
pub fn decode_batch(
    model: &mut WhisperModel,
    cross: &CrossCache,
    config: &DecodingConfig,
    budgets: &[usize],
) -> Result<Vec<Decoded>, ModelError> {
    let mut rows: Vec<Row> = budgets
        .iter()
        .map(|&b| Row { out: Decoded::default(), budget: b.min(MAX_NEW_TOKENS), no_speech: 0.0, done: b == 0 })
        .collect();
    let mut cache = SelfCache::default();
    let mut feed: Vec<i64> = rows.iter().flat_map(|_| PROMPT.iter().map(|&t| i64::from(t))).collect();
    let mut first = true;
    while rows.iter().any(|r| !r.done) {
        let step = model.decode(&feed, &cache, cross, false)?;
        cache = step.cache;
        let per_row = step.logits.len() / rows.len().max(1);
        for (row, logits) in rows.iter_mut().zip(step.logits.chunks_exact(per_row.max(1))) {
            if first {
                // The prediction right after <|startoftranscript|> holds the no-speech probability.
                row.no_speech = logits.chunks_exact(VOCAB).next().map_or(0.0, no_speech_probability);
            }
            if row.done {
                continue;
            }
            let Some(last) = logits.chunks_exact(VOCAB).last() else {
                row.done = true;
                continue;
            };
            let (token, probability) = pick(last, config, row.out.tokens.is_empty());
            if token == END_OF_TEXT {
                row.done = true;
                continue;
            }
            row.out.tokens.push(token);
            row.out.probabilities.push(probability);
            if let Some(keep) = repetition_start(&row.out.tokens) {
                row.out.tokens.truncate(keep);
                row.out.probabilities.truncate(keep);
                row.done = true;
            }
            row.done |= row.out.tokens.len() >= row.budget;
        }
        first = false;
        feed = rows
            .iter()
            .map(|r| i64::from(r.out.tokens.last().filter(|_| !r.done).copied().unwrap_or(END_OF_TEXT)))
            .collect();
    }
    Ok(rows.into_iter().map(|row| silent_or(row.out, row.no_speech)).collect())
}

/// Whisper's rule: likely no speech and an unsure reading means the window is silent.
fn silent_or(out: Decoded, no_speech: f32) -> Decoded {
    let mean_log_probability =
        out.probabilities.iter().map(|p| p.max(1e-10).ln()).sum::<f32>() / out.probabilities.len().max(1) as f32;
    if no_speech > NO_SPEECH_THRESHOLD && mean_log_probability < -1.0 { Decoded::default() } else { out }
}

/// The probability of `<|nocaptions|>` (no speech) over all tokens of a logits row.
pub fn no_speech_probability(row: &[f32]) -> f32 {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = row.iter().map(|&v| (v - max).exp()).sum();
    row.get(NO_SPEECH as usize).map_or(0.0, |&v| (v - max).exp() / total)
}

/// The best allowed token of one logits row and its softmax probability among allowed tokens.
pub fn pick(row: &[f32], config: &DecodingConfig, first: bool) -> (u32, f32) {
    let mut logits = row[..NO_TIMESTAMPS as usize].to_vec();
    let suppressed = config.suppress_ids.iter().chain(if first { config.suppress_ids_begin.as_slice() } else { &[] });
    for &id in suppressed {
        if let Some(slot) = logits.get_mut(id as usize) {
            *slot = f32::NEG_INFINITY;
        }
    }
    let (best, max) = logits
        .iter()
        .copied()
        .enumerate()
        .fold((END_OF_TEXT as usize, f32::NEG_INFINITY), |acc, (i, v)| if v > acc.1 { (i, v) } else { acc });
    if !max.is_finite() {
        return (END_OF_TEXT, 0.0);
    }
    let total: f32 = logits.iter().map(|&v| (v - max).exp()).sum();
    (best as u32, 1.0 / total)
}

/// Where a loop starts when the tokens end with the same span of 1 to 16 tokens repeated
/// (4 times for short spans, 3 for longer ones); the text up to the first repeat is kept.
pub fn repetition_start(tokens: &[u32]) -> Option<usize> {
    for span in 1..=16 {
        let times = if span < 4 { 4 } else { 3 };
        if tokens.len() < span * times {
            break;
        }
        let tail = &tokens[tokens.len() - span..];
        let repeated = (1..times).all(|k| {
            let end = tokens.len() - span * k;
            &tokens[end - span..end] == tail
        });
        if repeated {
            return Some(tokens.len() - span * (times - 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> DecodingConfig {
        DecodingConfig { suppress_ids: vec![5], suppress_ids_begin: vec![220, END_OF_TEXT], alignment_heads: vec![] }
    }

    #[test]
    fn suppressed_and_timestamp_tokens_are_never_picked() {
        let mut row = vec![0.0_f32; VOCAB];
        row[5] = 10.0;
        row[NO_TIMESTAMPS as usize + 3] = 20.0;
        row[220] = 9.0;
        row[7] = 8.0;
        assert_eq!(pick(&row, &config(), true).0, 7);
        assert_eq!(pick(&row, &config(), false).0, 220);
        row[END_OF_TEXT as usize] = 30.0;
        assert_eq!(pick(&row, &config(), true).0, 7);
        let (token, probability) = pick(&row, &config(), false);
        assert_eq!(token, END_OF_TEXT);
        assert!(probability > 0.99 && probability <= 1.0);
    }

    #[test]
    fn loops_are_cut_after_the_first_occurrence() {
        assert_eq!(repetition_start(&[1, 2, 3, 4]), None);
        assert_eq!(repetition_start(&[9, 7, 7, 7, 7]), Some(2));
        assert_eq!(repetition_start(&[1, 5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8]), Some(5));
        assert_eq!(repetition_start(&[5, 6, 7, 8, 5, 6, 7, 8]), None);
    }
}
