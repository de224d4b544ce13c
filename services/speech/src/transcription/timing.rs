//! Word timing from cross-attention, as Whisper does it: run the decoder once over the final
//! tokens, take the alignment heads' attention over the real audio frames, standardise it per
//! frame, median-filter it along time, and find the monotonic token-to-frame path by dynamic
//! time warping. Each token starts at the first frame its row reaches on that path.

use super::model::{AUDIO_POSITIONS, CrossCache, HEADS, LAYERS, ModelError, SelfCache, WhisperModel};
use super::tokens::{END_OF_TEXT, PROMPT};

/// Encoder positions per second (one per 20 ms).
pub const POSITIONS_PER_SECOND: f64 = 50.0;
const MEDIAN_WIDTH: usize = 7;

/// Start times (seconds from the window's start) of each text token, plus the end of the last.
pub fn token_starts(
    model: &mut WhisperModel,
    cross: &CrossCache,
    text_tokens: &[u32],
    audio_positions: usize,
    heads: &[(usize, usize)],
) -> Result<Vec<f64>, ModelError> {
    let mut all: Vec<i64> = PROMPT.iter().map(|&t| i64::from(t)).collect();
    all.extend(text_tokens.iter().map(|&t| i64::from(t)));
    all.push(i64::from(END_OF_TEXT));
    let output = model.decode(&all, &SelfCache::default(), cross, true)?;
    let frames = audio_positions.clamp(1, AUDIO_POSITIONS);
    let matrix = alignment_matrix(&output.cross_attention, all.len(), frames, heads);
    // Rows from <|notimestamps|> to the last text token: row i is where token i starts.
    let rows = text_tokens.len() + 1;
    let cost: Vec<f32> = matrix[frames..(1 + rows) * frames].iter().map(|v| -v).collect();
    let path = dtw(&cost, rows, frames);
    let mut starts = vec![f64::NAN; rows];
    for (row, frame) in path {
        if starts[row].is_nan() {
            starts[row] = frame as f64 / POSITIONS_PER_SECOND;
        }
    }
    Ok(starts)
}

/// The mean over `heads` of the standardised, median-filtered attention, [tokens, frames].
/// `attention` is the decoder's [4, 6, tokens, 1500] cross-attention.
pub fn alignment_matrix(attention: &[f32], tokens: usize, frames: usize, heads: &[(usize, usize)]) -> Vec<f32> {
    let mut matrix = vec![0.0_f32; tokens * frames];
    let used: Vec<&(usize, usize)> = heads.iter().filter(|(l, h)| *l < LAYERS && *h < HEADS).collect();
    for &&(layer, head) in &used {
        let base = (layer * HEADS + head) * tokens * AUDIO_POSITIONS;
        let mut weights = vec![0.0_f32; tokens * frames];
        for t in 0..tokens {
            let row = &attention[base + t * AUDIO_POSITIONS..base + t * AUDIO_POSITIONS + frames];
            let sum: f32 = row.iter().sum::<f32>().max(1e-12);
            for (w, v) in weights[t * frames..(t + 1) * frames].iter_mut().zip(row) {
                *w = v / sum;
            }
        }
        for f in 0..frames {
            let column = (0..tokens).map(|t| weights[t * frames + f]);
            let mean = column.clone().sum::<f32>() / tokens as f32;
            let variance = column.map(|v| (v - mean).powi(2)).sum::<f32>() / tokens as f32;
            let std = variance.sqrt().max(1e-12);
            for t in 0..tokens {
                weights[t * frames + f] = (weights[t * frames + f] - mean) / std;
            }
        }
        for t in 0..tokens {
            let filtered = median_filter(&weights[t * frames..(t + 1) * frames], MEDIAN_WIDTH);
            for (m, v) in matrix[t * frames..(t + 1) * frames].iter_mut().zip(filtered) {
                *m += v / used.len() as f32;
            }
        }
    }
    matrix
}

/// A running median with reflect padding at both ends (as Whisper's `median_filter`).
pub fn median_filter(row: &[f32], width: usize) -> Vec<f32> {
    let half = width / 2;
    if row.len() <= half {
        return row.to_vec();
    }
    let reflect = |i: isize| -> f32 {
        let n = row.len() as isize;
        let j = if i < 0 {
            -i
        } else if i >= n {
            2 * (n - 1) - i
        } else {
            i
        };
        row[j.clamp(0, n - 1) as usize]
    };
    let mut window = vec![0.0_f32; width];
    (0..row.len() as isize)
        .map(|i| {
            for (k, slot) in window.iter_mut().enumerate() {
                *slot = reflect(i + k as isize - half as isize);
            }
            window.sort_by(f32::total_cmp);
            window[half]
        })
        .collect()
}

/// Dynamic time warping over a [rows, columns] cost matrix: the cheapest monotonic path from
/// (0, 0) to the last cell, as (row, column) pairs in order.
pub fn dtw(cost: &[f32], rows: usize, columns: usize) -> Vec<(usize, usize)> {
    let width = columns + 1;
    let mut total = vec![f32::INFINITY; (rows + 1) * width];
    let mut trace = vec![0_u8; (rows + 1) * width];
    total[0] = 0.0;
    for j in 1..=columns {
        for i in 1..=rows {
            let diagonal = total[(i - 1) * width + j - 1];
            let up = total[(i - 1) * width + j];
            let left = total[i * width + j - 1];
            let (best, step) = if diagonal < up && diagonal < left {
                (diagonal, 0)
            } else if up < diagonal && up < left {
                (up, 1)
            } else {
                (left, 2)
            };
            total[i * width + j] = cost[(i - 1) * columns + j - 1] + best;
            trace[i * width + j] = step;
        }
    }
    let (mut i, mut j) = (rows, columns);
    let mut path = Vec::with_capacity(rows + columns);
    while i > 0 && j > 0 {
        path.push((i - 1, j - 1));
        match trace[i * width + j] {
            0 => (i, j) = (i - 1, j - 1),
            1 => i -= 1,
            _ => j -= 1,
        }
    }
    // Leftover steps along the first row or column (unreachable with finite costs).
    while i > 0 {
        i -= 1;
        path.push((i, 0));
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtw_follows_the_cheap_diagonal_blocks() {
        // Three tokens over nine frames: token 0 on frames 0-2, token 1 on 3-5, token 2 on 6-8.
        let (rows, columns) = (3, 9);
        let cost: Vec<f32> =
            (0..rows * columns).map(|k| if (k % columns) / 3 == k / columns { -1.0 } else { 1.0 }).collect();
        let path = dtw(&cost, rows, columns);
        let first = |row| path.iter().find(|(r, _)| *r == row).map(|p| p.1);
        assert_eq!((first(0), first(1), first(2)), (Some(0), Some(3), Some(6)));
        assert_eq!(path.last(), Some(&(2, 8)));
    }

    #[test]
    fn median_filter_removes_spikes_and_keeps_steps() {
        let row = [0.0, 0.0, 0.0, 9.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        let filtered = median_filter(&row, 7);
        assert_eq!(filtered[3], 0.0);
        assert_eq!(filtered[11], 1.0);
        assert_eq!(filtered.len(), row.len());
    }
}
