//! Greedy CTC decoding and word spans from the recogniser's time steps.

/// One kept CTC step: the class, the time step (column) it was read at, and its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CtcStep {
    pub class: usize,
    pub column: usize,
    pub prob: f32,
}

/// Greedy decoding of a `steps x classes` probability matrix: argmax per step, repeats
/// collapsed, blanks (class 0) dropped.
pub(crate) fn greedy_decode(probs: &[f32], classes: usize) -> Vec<CtcStep> {
    let mut kept = Vec::new();
    if classes == 0 {
        return kept;
    }
    let mut previous = usize::MAX;
    for (column, row) in probs.chunks_exact(classes).enumerate() {
        let (class, prob) = argmax(row);
        if class != 0 && class != previous {
            kept.push(CtcStep { class, column, prob });
        }
        previous = class;
    }
    kept
}

/// Index and value of the largest entry (the first on ties; `(0, -inf)` when there is none).
/// Blocks of 8 go through a branch-free max tree and only the winning block is searched: over
/// ~18k classes per step this is an order of magnitude faster than a plain loop.
fn argmax(row: &[f32]) -> (usize, f32) {
    let blocks = row.chunks_exact(8);
    let tail_start = row.len() - blocks.remainder().len();
    let max = |a: f32, b: f32| if a > b { a } else { b };
    let (mut best, mut best_block) = (f32::NEG_INFINITY, 0);
    for (i, b) in blocks.enumerate() {
        let m = max(max(max(b[0], b[1]), max(b[2], b[3])), max(max(b[4], b[5]), max(b[6], b[7])));
        if m > best {
            best = m;
            best_block = i * 8;
        }
    }
    let mut found = (0, f32::NEG_INFINITY);
    for i in (best_block..(best_block + 8).min(tail_start)).chain(tail_start..row.len()) {
        if let Some(&p) = row.get(i)
            && p > found.1
        {
            found = (i, p);
        }
    }
    found
}

/// Mean probability of the kept steps (0 when nothing was read).
pub(crate) fn confidence(steps: &[CtcStep]) -> f32 {
    if steps.is_empty() { 0.0 } else { steps.iter().map(|s| s.prob).sum::<f32>() / steps.len() as f32 }
}

/// A word of a decoded line and where it lies along the line, as fractions (0..1) of the text
/// content's length.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WordSpan {
    pub text: String,
    pub confidence: f32,
    pub start: f32,
    pub end: f32,
}

/// Han, kana and hangul characters: written without spaces, so each is its own word.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3190..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Splits the decoded steps into words (on whitespace; every CJK character alone) and places
/// each along the line. `text_of(class)` gives a class's string; `content_columns` is how
/// many time steps cover the real (unpadded) crop.
///
/// A character is as wide as the mean column spacing of the characters inside words (as
/// RapidOCR does). Where in its glyph CTC fires is uncertain by half a column either way, so a
/// word reaches half a character past the outer edges of its first and last columns; this keeps
/// the glyphs inside the box. Overlaps between neighbours are split evenly.
pub(crate) fn word_spans<'v>(
    steps: &[CtcStep],
    text_of: impl Fn(usize) -> &'v str,
    content_columns: f32,
) -> Vec<WordSpan> {
    struct Word<'s> {
        text: String,
        steps: Vec<&'s CtcStep>,
    }
    let mut words: Vec<Word<'_>> = Vec::new();
    let mut open = false;
    for step in steps {
        let text = text_of(step.class);
        if text.trim().is_empty() {
            open = false;
            continue;
        }
        let cjk = text.chars().any(is_cjk);
        match words.last_mut() {
            Some(word) if open && !cjk => {
                word.text.push_str(text);
                word.steps.push(step);
            }
            _ => words.push(Word { text: text.to_string(), steps: vec![step] }),
        }
        open = !cjk;
    }
    if words.is_empty() || content_columns <= 0.0 {
        return Vec::new();
    }
    let gaps: Vec<f32> = words
        .iter()
        .filter(|w| w.steps.len() > 1)
        .filter_map(|w| {
            let (first, last) = (w.steps.first()?, w.steps.last()?);
            Some((last.column - first.column) as f32 / (w.steps.len() - 1) as f32)
        })
        .collect();
    let char_width = if gaps.is_empty() {
        content_columns / steps.len().max(1) as f32
    } else {
        gaps.iter().sum::<f32>() / gaps.len() as f32
    };
    let mut spans: Vec<WordSpan> = words
        .into_iter()
        .filter_map(|w| {
            let (first, last) = (w.steps.first()?.column as f32, w.steps.last()?.column as f32);
            let start = ((first - char_width / 2.0) / content_columns).clamp(0.0, 1.0);
            let end = ((last + 1.0 + char_width / 2.0) / content_columns).clamp(0.0, 1.0);
            let confidence = w.steps.iter().map(|s| s.prob).sum::<f32>() / w.steps.len() as f32;
            Some(WordSpan { text: w.text, confidence, start, end })
        })
        .collect();
    for i in 1..spans.len() {
        let (previous_end, start) = (spans[i - 1].end, spans[i].start);
        if previous_end > start {
            let middle = (previous_end + start) / 2.0;
            spans[i - 1].end = middle;
            spans[i].start = middle;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB: [&str; 5] = ["<blank>", "a", "b", "中", " "];

    /// One row per step: the class that wins, with probability `p`.
    fn matrix(winners: &[(usize, f32)]) -> Vec<f32> {
        let mut probs = Vec::new();
        for &(class, p) in winners {
            let mut row = vec![(1.0 - p) / 4.0; VOCAB.len()];
            row[class] = p;
            probs.extend(row);
        }
        probs
    }

    #[test]
    fn greedy_decode_collapses_repeats_and_drops_blanks() {
        // a a _ a b b _ _ " " b
        let probs = matrix(&[
            (1, 0.9),
            (1, 0.8),
            (0, 0.9),
            (1, 0.7),
            (2, 0.6),
            (2, 0.9),
            (0, 0.9),
            (0, 0.9),
            (4, 0.5),
            (2, 1.0),
        ]);
        let steps = greedy_decode(&probs, VOCAB.len());
        let text: String = steps.iter().map(|s| VOCAB[s.class]).collect();
        assert_eq!(text, "aab b");
        assert_eq!(steps.iter().map(|s| s.column).collect::<Vec<_>>(), vec![0, 3, 4, 8, 9]);
        // The first step of a repeat is kept, with its probability.
        assert_eq!(steps[0].prob, 0.9);
        assert_eq!(steps[2].prob, 0.6);
        assert!((confidence(&steps) - (0.9 + 0.7 + 0.6 + 0.5 + 1.0) / 5.0).abs() < 1e-6);
        assert!(greedy_decode(&matrix(&[(0, 0.9)]), VOCAB.len()).is_empty());
        assert_eq!(confidence(&[]), 0.0);
    }

    #[test]
    fn argmax_matches_a_plain_scan() {
        for len in [0, 1, 7, 8, 9, 17, 100] {
            let row: Vec<f32> = (0..len).map(|i| ((i * 37 + 11) % 23) as f32).collect();
            let mut expected = (0, f32::NEG_INFINITY);
            for (i, &p) in row.iter().enumerate() {
                if p > expected.1 {
                    expected = (i, p);
                }
            }
            assert_eq!(argmax(&row), expected, "len {len}");
        }
        // Ties resolve to the first index, also across blocks and the tail.
        assert_eq!(argmax(&[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]), (1, 1.0));
    }

    #[test]
    fn word_spans_follow_columns() {
        // "ab" at columns 2 and 4, a space at 6, "b" at 9, then two CJK characters at 12, 14.
        let steps = [(1, 2), (2, 4), (4, 6), (2, 9), (3, 12), (3, 14)].map(|(class, column)| CtcStep {
            class,
            column,
            prob: 0.8,
        });
        let spans = word_spans(&steps, |c| VOCAB[c], 20.0);
        let texts: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, vec!["ab", "b", "中", "中"]);
        // Character width = 2 columns (the spacing inside "ab").
        let first = &spans[0];
        assert!((first.start - 1.0 / 20.0).abs() < 1e-6 && (first.end - 6.0 / 20.0).abs() < 1e-6, "{first:?}");
        let single = &spans[1];
        assert!((single.start - 8.0 / 20.0).abs() < 1e-6 && (single.end - 11.0 / 20.0).abs() < 1e-6);
        assert!((spans[3].end - 16.0 / 20.0).abs() < 1e-6);
        assert!(spans.windows(2).all(|w| w[0].end <= w[1].start));
        assert!((first.confidence - 0.8).abs() < 1e-6);
    }

    #[test]
    fn word_spans_split_overlaps_and_clamp() {
        // "ab" spread over 4 columns makes characters 4 columns wide, so "ab" and "a" overlap.
        let steps = [(1, 0), (2, 4), (4, 5), (1, 6)].map(|(class, column)| CtcStep { class, column, prob: 1.0 });
        let spans = word_spans(&steps, |c| VOCAB[c], 8.0);
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].start, 0.0);
        assert_eq!(spans[0].end, spans[1].start);
        assert!((spans[0].end - (7.0 / 8.0 + 4.0 / 8.0) / 2.0).abs() < 1e-6);
        assert_eq!(spans[1].end, 1.0);
        assert!(word_spans(&[], |c| VOCAB[c], 3.0).is_empty());
    }
}
