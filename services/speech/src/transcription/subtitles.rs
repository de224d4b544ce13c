//! SubRip (`srt`) and WebVTT (`vtt`) subtitles from timed words: a cue ends at a sentence end,
//! after 12 words, or before it would last longer than 6 s.

use super::Word;

const MAX_WORDS: usize = 12;
const MAX_SECONDS: f64 = 6.0;

/// One subtitle: its time span and text.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    pub start: f64,
    pub end: f64,
    pub text: String,
}

pub fn cues(words: &[Word]) -> Vec<Cue> {
    let mut cues: Vec<Cue> = Vec::new();
    let mut current: Vec<&Word> = Vec::new();
    let flush = |current: &mut Vec<&Word>, cues: &mut Vec<Cue>| {
        if let (Some(first), Some(last)) = (current.first(), current.last()) {
            let text = current.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ");
            cues.push(Cue { start: first.start, end: last.end.max(first.start), text });
        }
        current.clear();
    };
    for word in words {
        if current.first().is_some_and(|first| word.end - first.start > MAX_SECONDS) {
            flush(&mut current, &mut cues);
        }
        current.push(word);
        if current.len() >= MAX_WORDS || word.text.ends_with(['.', '?', '!']) {
            flush(&mut current, &mut cues);
        }
    }
    flush(&mut current, &mut cues);
    cues
}

fn timestamp(seconds: f64, separator: char) -> String {
    let millis = (seconds.max(0.0) * 1000.0).round() as u64;
    let (h, m, s, ms) = (millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{ms:03}")
}

/// SubRip, cues numbered from 1 (Transcribe's default `OutputStartIndex`).
pub fn srt(words: &[Word]) -> String {
    cues(words)
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}\n{} --> {}\n{}\n\n", i + 1, timestamp(c.start, ','), timestamp(c.end, ','), c.text))
        .collect()
}

pub fn vtt(words: &[Word]) -> String {
    let body: String = cues(words)
        .iter()
        .map(|c| format!("{} --> {}\n{}\n\n", timestamp(c.start, '.'), timestamp(c.end, '.'), c.text))
        .collect();
    format!("WEBVTT\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, start: f64) -> Word {
        Word { text: text.into(), start, end: start + 0.3, confidence: 1.0 }
    }

    #[test]
    fn cues_break_at_sentences_and_format_like_srt_and_vtt() {
        let words = [word("Hello", 0.0), word("there.", 0.5), word("Long", 3661.0), word("pause", 3661.5)];
        assert_eq!(
            srt(&words),
            "1\n00:00:00,000 --> 00:00:00,800\nHello there.\n\n2\n01:01:01,000 --> 01:01:01,800\nLong pause\n\n"
        );
        assert!(vtt(&words).starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:00.800\nHello there.\n\n"));
        let many: Vec<Word> = (0..30).map(|i| word("w", f64::from(i) * 0.3)).collect();
        assert!(cues(&many).iter().all(|c| c.end - c.start <= MAX_SECONDS && c.text.split(' ').count() <= MAX_WORDS));
    }
}
