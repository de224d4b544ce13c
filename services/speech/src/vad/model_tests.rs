//! Silero VAD on real speech separated by silences of known lengths.

use super::{SileroVad, VadParams, speech_segments};
use crate::test_models::{espeak, model_dir};

/// Where a clip's sound starts and ends (eSpeak pads its output with a little silence).
fn sounding(samples: &[f32]) -> (usize, usize) {
    let loud = |s: &&f32| s.abs() > 0.01;
    let start = samples.iter().position(|s| loud(&s)).unwrap_or(0);
    let end = samples.iter().rposition(|s| loud(&s)).map_or(samples.len(), |e| e + 1);
    (start, end)
}

#[test]
fn segments_are_within_100_ms_of_the_speech() {
    let mut vad = SileroVad::load(&model_dir()).expect("model loads");
    let clips = ["The weather is lovely today", "Please close the door behind you", "We will meet again tomorrow"];
    let silences = [16_000, 24_000, 12_800, 19_200]; // 1 s, 1.5 s, 0.8 s, then 1.2 s at the end
    let mut audio = vec![0.0_f32; silences[0]];
    let mut truth = Vec::new();
    for (clip, silence) in clips.iter().zip(&silences[1..]) {
        let speech = espeak(clip);
        let (start, end) = sounding(&speech);
        truth.push((audio.len() + start, audio.len() + end));
        audio.extend(&speech);
        audio.extend(std::iter::repeat_n(0.0, *silence));
    }
    let probabilities = vad.probabilities(&audio).expect("runs");
    let found = speech_segments(&probabilities, &VadParams::default(), audio.len());
    let ms = |samples: usize| samples as f64 / 16.0;
    assert_eq!(found.len(), truth.len(), "{found:?} vs {truth:?}");
    for (segment, (start, end)) in found.iter().zip(truth) {
        assert!((ms(segment.start) - ms(start)).abs() <= 100.0, "start {segment:?} vs {start}");
        assert!((ms(segment.end) - ms(end)).abs() <= 100.0, "end {segment:?} vs {end}");
    }
}
