//! Text recognition (PP-OCR SVTR + CTC): crops sorted by aspect ratio and run in batches of up
//! to 6 at height 48 and width `max(320, 48 x widest ratio)`, then greedy CTC decoding.

use super::classify::aspect;
use super::crop::LineCrop;
use super::ctc::{CtcStep, WordSpan, confidence, greedy_decode, word_spans};
use super::tensor::{Normalize, Planes, dims, resize_normalize_into, run_f32};
use aigate_core::ApiError;
use ort::session::Session;
use std::ops::Range;

const MODEL: &str = "text recognition";
const HEIGHT: usize = 48;
const MIN_WIDTH: usize = 320;
const BATCH: usize = 6;
/// Widest input: longer lines (ratio > 200) are squeezed. The output is `width / 8` steps of
/// ~18.7k probabilities, so this bounds it at ~90 MB per crop.
const MAX_WIDTH: usize = 9600;
/// A batch holds at most this many padded columns in all (one crop may exceed it alone).
const MAX_BATCH_COLUMNS: usize = 4 * 1600;
/// The fixed cost of one model run, in padded input columns (measured: ~1.5 ms ≈ 40 columns).
const RUN_OVERHEAD_COLUMNS: usize = 48;

/// What the recogniser read in one crop.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineText {
    pub text: String,
    /// Mean of the best probabilities over the kept CTC steps.
    pub confidence: f32,
    pub words: Vec<WordSpan>,
}

pub(crate) struct Recognizer {
    session: Session,
    /// Class index to text: `<blank>`, the model's dictionary, then a space.
    vocab: Vec<String>,
    input: Vec<f32>,
}

impl Recognizer {
    /// Reads the dictionary from the model metadata (`character`, one entry per line) and
    /// checks it against the model's class count.
    pub fn new(session: Session) -> Result<Self, String> {
        let metadata = session.metadata().map_err(|e| format!("could not read the model metadata: {e}"))?;
        let dictionary = metadata.custom("character").ok_or("the model metadata has no `character` dictionary")?;
        let mut vocab = Vec::with_capacity(dictionary.len() / 2 + 2);
        vocab.push("<blank>".to_string());
        vocab.extend(dictionary.lines().map(str::to_string));
        vocab.push(" ".to_string());
        let classes = session
            .outputs()
            .first()
            .and_then(|output| output.dtype().tensor_shape())
            .and_then(|shape| shape.last().copied())
            .ok_or("the model has no tensor output")?;
        if classes > 0 && usize::try_from(classes).ok() != Some(vocab.len()) {
            return Err(format!("the dictionary gives {} classes but the model outputs {classes}", vocab.len()));
        }
        drop(metadata);
        Ok(Self { session, vocab, input: Vec::new() })
    }

    /// Reads every crop; the result is in the crops' order.
    pub fn recognize(&mut self, crops: &[LineCrop]) -> Result<Vec<LineText>, ApiError> {
        let mut order: Vec<usize> = (0..crops.len()).collect();
        order.sort_by(|&a, &b| aspect(&crops[a]).total_cmp(&aspect(&crops[b])));
        let widths: Vec<usize> = order.iter().map(|&i| padded_width(aspect(&crops[i]))).collect();
        let mut results: Vec<Option<LineText>> = vec![None; crops.len()];
        for range in plan_batches(&widths) {
            let (Some(batch), Some(&width)) = (order.get(range.clone()), widths.get(range.end.saturating_sub(1)))
            else {
                continue;
            };
            let plane = HEIGHT * width;
            self.input.clear();
            self.input.resize(batch.len() * 3 * plane, 0.0);
            let mut content = Vec::with_capacity(batch.len());
            for (slot, &i) in self.input.chunks_exact_mut(3 * plane).zip(batch) {
                let resized = ((HEIGHT as f32 * aspect(&crops[i])).ceil() as usize).clamp(1, width);
                let planes = Planes { data: slot, width, height: HEIGHT };
                resize_normalize_into(&crops[i].image, resized, HEIGHT, &Normalize::SYMMETRIC, planes);
                content.push(resized as f32 / width as f32);
            }
            let vocab = &self.vocab;
            let texts =
                run_f32(&mut self.session, MODEL, [batch.len(), 3, HEIGHT, width], &self.input, |shape, data| {
                    let [n, steps, classes] = dims::<3>(MODEL, shape, data.len())?;
                    if n != batch.len() || classes != vocab.len() {
                        return Err(ApiError::internal(format!(
                            "{MODEL}: output shape {shape:?} does not match {} crops and {} classes",
                            batch.len(),
                            vocab.len()
                        )));
                    }
                    if steps == 0 {
                        return Ok(vec![LineText::default(); n]);
                    }
                    let texts = data
                        .chunks_exact(steps * classes)
                        .zip(&content)
                        .map(|(probs, fraction)| decode(vocab, &greedy_decode(probs, classes), steps as f32 * fraction))
                        .collect::<Vec<_>>();
                    Ok(texts)
                })?;
            for (&i, text) in batch.iter().zip(texts) {
                if let Some(slot) = results.get_mut(i) {
                    *slot = Some(text);
                }
            }
        }
        Ok(results.into_iter().map(Option::unwrap_or_default).collect())
    }
}

/// The batch width a crop of this aspect ratio needs: `max(320, 48 x ratio)`.
fn padded_width(aspect: f32) -> usize {
    ((HEIGHT as f32 * aspect.max(MIN_WIDTH as f32 / HEIGHT as f32)) as usize).min(MAX_WIDTH)
}

/// Cuts crops sorted by width (`widths`, non-decreasing) into consecutive batches of at most 6
/// crops and `MAX_BATCH_COLUMNS`, minimising the padded columns the model processes plus a
/// fixed cost per run. Plain chunks of 6 pad a short line to the width of the longest in its
/// chunk; on a page mixing table cells and full lines this does about a fifth less work.
fn plan_batches(widths: &[usize]) -> Vec<Range<usize>> {
    let n = widths.len();
    // cost[j]: the cheapest plan for the first j crops; cut[j]: where its last batch starts.
    let mut cost = vec![usize::MAX; n + 1];
    let mut cut = vec![0; n + 1];
    cost[0] = 0;
    for j in 1..=n {
        for k in 1..=BATCH.min(j) {
            if k > 1 && k * widths[j - 1] > MAX_BATCH_COLUMNS {
                break;
            }
            let candidate = cost[j - k].saturating_add(k * widths[j - 1] + RUN_OVERHEAD_COLUMNS);
            if candidate < cost[j] {
                cost[j] = candidate;
                cut[j] = j - k;
            }
        }
    }
    let mut batches = Vec::new();
    let mut end = n;
    while end > 0 {
        batches.push(cut[end]..end);
        end = cut[end];
    }
    batches.reverse();
    batches
}

fn decode(vocab: &[String], steps: &[CtcStep], content_columns: f32) -> LineText {
    let text_of = |class: usize| vocab.get(class).map_or("", String::as_str);
    LineText {
        text: steps.iter().map(|s| text_of(s.class)).collect(),
        confidence: confidence(steps),
        words: word_spans(steps, text_of, content_columns),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_keep_order_cover_everything_and_hold_at_most_six() {
        let widths = [320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320, 320];
        let plan = plan_batches(&widths);
        assert_eq!(plan, vec![0..6, 6..12, 12..18]);
        assert!(plan_batches(&[]).is_empty());
    }

    #[test]
    fn long_lines_are_not_batched_with_short_ones() {
        // A table page: many short cells and a few full-width lines.
        let widths = [320, 320, 320, 320, 320, 518, 900, 922, 1077];
        let plan = plan_batches(&widths);
        assert_eq!(plan, vec![0..5, 5..6, 6..8, 8..9]);
        assert_eq!(padded_width(1.0), 320);
        assert_eq!(padded_width(20.0), 960);
        assert_eq!(padded_width(1000.0), MAX_WIDTH);
        // Very wide crops run alone.
        assert_eq!(plan_batches(&[4000, 4000, 4000]), vec![0..1, 1..2, 2..3]);
    }
}
