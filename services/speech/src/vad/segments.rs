//! From per-chunk speech probabilities to speech segments (Silero's `get_speech_timestamps`
//! rules: start above `threshold`, end after `min_silence_ms` below `threshold − 0.15`), and
//! from segments to model windows of at most 30 s that break at pauses.

use super::CHUNK;

/// A span of samples, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
}

impl Segment {
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, Copy)]
pub struct VadParams {
    pub threshold: f32,
    pub min_speech_ms: usize,
    pub min_silence_ms: usize,
    pub speech_pad_ms: usize,
}

impl Default for VadParams {
    fn default() -> Self {
        Self { threshold: 0.5, min_speech_ms: 250, min_silence_ms: 300, speech_pad_ms: 0 }
    }
}

const RATE: usize = 16_000;

/// Speech segments in samples of audio `total` samples long, padded by `speech_pad_ms`.
pub fn speech_segments(probabilities: &[f32], params: &VadParams, total: usize) -> Vec<Segment> {
    let ms = |v: usize| v * RATE / 1000;
    let (min_speech, min_silence, pad) =
        (ms(params.min_speech_ms), ms(params.min_silence_ms), ms(params.speech_pad_ms));
    let end_threshold = params.threshold - 0.15;
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut silence_from: Option<usize> = None;
    for (i, &p) in probabilities.iter().enumerate() {
        let at = i * CHUNK;
        if p >= params.threshold {
            silence_from = None;
            if start.is_none() {
                start = Some(at);
            }
            continue;
        }
        let Some(begin) = start else { continue };
        if p < end_threshold {
            let from = *silence_from.get_or_insert(at);
            if at - from >= min_silence {
                if from - begin > min_speech {
                    found.push(Segment { start: begin, end: from });
                }
                start = None;
                silence_from = None;
            }
        }
    }
    if let Some(begin) = start.filter(|&b| total.saturating_sub(b) > min_speech) {
        found.push(Segment { start: begin, end: total });
    }
    // Pad each segment, splitting the gap when two are closer than twice the padding.
    for i in 0..found.len() {
        let next_start = found.get(i + 1).map(|s| s.start);
        let segment = &mut found[i];
        if i == 0 {
            segment.start = segment.start.saturating_sub(pad);
        }
        match next_start {
            Some(next) if next - segment.end < 2 * pad => {
                let half = (next - segment.end) / 2;
                segment.end += half;
                found[i + 1].start = next - half;
            }
            Some(next) => {
                segment.end = (segment.end + pad).min(total);
                found[i + 1].start = next.saturating_sub(pad);
            }
            None => segment.end = (segment.end + pad).min(total),
        }
    }
    found
}

/// Groups speech segments into windows of at most `max_len` samples. A window holds whole
/// segments while they fit; a segment longer than a window is cut where speech is least likely
/// in the last half of the window. Windows then get up to `pad` samples of the silence around
/// them (within `total`, never into a neighbour), so no word's edge is cut.
pub fn windows(segments: &[Segment], probabilities: &[f32], max_len: usize, pad: usize, total: usize) -> Vec<Segment> {
    let mut out = group(segments, probabilities, max_len.saturating_sub(2 * pad).max(1));
    for i in 0..out.len() {
        let before = if i == 0 { 0 } else { out[i - 1].end };
        let after = out.get(i + 1).map_or(total, |next| next.start);
        out[i].start = out[i].start.saturating_sub(pad).max(before);
        out[i].end = (out[i].end + pad).min(after).max(out[i].start);
    }
    out
}

fn group(segments: &[Segment], probabilities: &[f32], max_len: usize) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for segment in segments {
        let mut piece = *segment;
        while piece.len() > max_len {
            let cut = quietest_chunk(probabilities, piece.start + max_len / 2, piece.start + max_len);
            out.push(Segment { start: piece.start, end: cut });
            piece.start = cut;
        }
        match out.last_mut() {
            Some(window) if piece.end - window.start <= max_len && window.end <= piece.start => window.end = piece.end,
            _ => out.push(piece),
        }
    }
    out
}

/// The sample where the least likely speech chunk in `from..to` starts (`to` if none).
fn quietest_chunk(probabilities: &[f32], from: usize, to: usize) -> usize {
    let (first, last) = (from.div_ceil(CHUNK), to / CHUNK);
    (first..last)
        .filter_map(|i| probabilities.get(i).map(|p| (i, *p)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(to, |(i, _)| i * CHUNK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probabilities(pattern: &[(bool, usize)]) -> Vec<f32> {
        pattern
            .iter()
            .flat_map(|&(speech, chunks)| std::iter::repeat_n(if speech { 0.9 } else { 0.05 }, chunks))
            .collect()
    }

    #[test]
    fn segments_start_and_end_at_the_speech() {
        let probs = probabilities(&[(false, 10), (true, 40), (false, 20), (true, 3), (false, 20), (true, 30)]);
        let params = VadParams { speech_pad_ms: 0, ..VadParams::default() };
        let found = speech_segments(&probs, &params, probs.len() * CHUNK);
        // The 3-chunk blip (96 ms) is shorter than min_speech_ms and is dropped.
        assert_eq!(
            found,
            [Segment { start: 10 * CHUNK, end: 50 * CHUNK }, Segment { start: 93 * CHUNK, end: 123 * CHUNK }]
        );
    }

    #[test]
    fn windows_hold_whole_segments_and_cut_long_ones_at_the_quietest_point() {
        let seg = |s, e| Segment { start: s, end: e };
        let grouped = windows(&[seg(0, 100), seg(150, 250), seg(300, 500)], &[], 300, 0, 600);
        assert_eq!(grouped, [seg(0, 250), seg(300, 500)]);
        // Padding reaches into the silence around a window, but never into its neighbour.
        let padded = windows(&[seg(10, 100), seg(150, 250), seg(300, 500)], &[], 300, 20, 510);
        assert_eq!(padded, [seg(0, 270), seg(280, 510)]);
        let mut probs = vec![0.9_f32; 40];
        probs[25] = 0.2;
        let cut = windows(&[seg(0, 40 * CHUNK)], &probs, 30 * CHUNK, 0, 40 * CHUNK);
        assert_eq!(cut, [seg(0, 25 * CHUNK), seg(25 * CHUNK, 40 * CHUNK)]);
    }
}
