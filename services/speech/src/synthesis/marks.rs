//! Polly speech marks (`OutputFormat` `json`): one JSON object per line,
//! `{"time":ms,"type":"word","start":byte,"end":byte,"value":"…"}`.

use crate::synthesis::render::{MarkKind, Rendered};
use crate::synthesis::validate::MarkTypes;
use serde::Serialize;

pub const CONTENT_TYPE: &str = "application/x-json-stream";

#[derive(Debug, Serialize)]
struct SpeechMark<'a> {
    time: u64,
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
    value: &'a str,
}

/// The requested marks of `rendered`, newline-delimited, in the order they are spoken.
pub fn speech_marks(rendered: &Rendered, types: MarkTypes) -> Vec<u8> {
    let mut out = Vec::new();
    for mark in &rendered.marks {
        let kind = match mark.kind {
            MarkKind::Sentence if types.sentence => "sentence",
            MarkKind::Word if types.word => "word",
            MarkKind::Ssml if types.ssml => "ssml",
            _ => continue,
        };
        let line = SpeechMark {
            time: rendered.milliseconds(mark.sample),
            kind,
            start: mark.start,
            end: mark.end,
            value: &mark.value,
        };
        if serde_json::to_writer(&mut out, &line).is_ok() {
            out.push(b'\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthesis::render::TimedMark;

    #[test]
    fn one_line_per_requested_mark() {
        let mark =
            |kind, sample, value: &str| TimedMark { kind, sample, start: 0, end: value.len(), value: value.into() };
        let rendered = Rendered {
            samples: Vec::new(),
            sample_rate: 22_050,
            marks: vec![
                mark(MarkKind::Sentence, 2205, "Hi there"),
                mark(MarkKind::Word, 2205, "Hi"),
                mark(MarkKind::Word, 22_050, "there"),
            ],
        };
        let text =
            String::from_utf8(speech_marks(&rendered, MarkTypes { word: true, ..Default::default() })).expect("utf-8");
        assert_eq!(
            text,
            "{\"time\":100,\"type\":\"word\",\"start\":0,\"end\":2,\"value\":\"Hi\"}\n{\"time\":1000,\"type\":\"word\",\"start\":0,\"end\":5,\"value\":\"there\"}\n"
        );
    }
}
