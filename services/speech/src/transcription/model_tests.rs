//! Whisper on real speech: the features match OpenAI's filters, transcription finds the words
//! and their times, and forced alignment places known words where they are spoken.

use super::Transcriber;
use super::mel::{N_FFT, N_MELS, slaney_filters};
use crate::test_models::{espeak, model_dir};
use std::io::Read;

/// The `mel_80` array of Whisper's `mel_filters.npz` (a zip of `.npy` files, float32).
fn whisper_mel_80() -> Vec<f32> {
    let path = model_dir().join("mel_filters.npz");
    let file = std::fs::File::open(&path).expect("mel_filters.npz is installed (aigate models fetch)");
    let mut archive = zip::ZipArchive::new(file).expect("npz is a zip");
    let mut entry = archive.by_name("mel_80.npy").expect("mel_80 in the npz");
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).expect("read mel_80");
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let header = String::from_utf8_lossy(&bytes[10..10 + header_len]);
    assert!(header.contains("'<f4'") && header.contains("(80, 201)"), "{header}");
    bytes[10 + header_len..].chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

#[test]
fn computed_slaney_filters_match_whispers_mel_80() {
    let ours = slaney_filters(16_000.0, N_FFT, N_MELS);
    let theirs = whisper_mel_80();
    assert_eq!(ours.len(), theirs.len());
    let worst = ours.iter().zip(&theirs).map(|(a, b)| (a - b).abs()).fold(0.0_f32, f32::max);
    let peak = theirs.iter().copied().fold(0.0_f32, f32::max);
    assert!(worst <= peak * 1e-4, "largest difference {worst} (peak {peak})");
}

fn normalise(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn transcribes_speech_with_word_times_inside_the_audio() {
    let mut transcriber = Transcriber::load(&model_dir()).expect("models load");
    let text = "Hello world. This is a test of the speech recognition system.";
    let samples = espeak(text);
    let seconds = samples.len() as f64 / 16_000.0;
    let heard = transcriber.transcribe_window(&samples, 10.0).expect("transcribes");
    let words = normalise(&heard.text);
    for expected in ["hello", "world", "this", "test", "speech", "recognition", "system"] {
        assert!(words.contains(&expected.to_string()), "{expected:?} missing from {:?}", heard.text);
    }
    assert_eq!(normalise(&heard.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")), words);
    for pair in heard.words.windows(2) {
        assert!(pair[0].start <= pair[1].start, "{pair:?}");
    }
    for word in &heard.words {
        assert!(word.start >= 10.0 && word.end <= 10.0 + seconds + 1e-6 && word.start <= word.end, "{word:?}");
        assert!(word.confidence > 0.0 && word.confidence <= 1.0, "{word:?}");
    }
}

#[test]
fn forced_alignment_places_words_where_they_are_spoken() {
    let mut transcriber = Transcriber::load(&model_dir()).expect("models load");
    // Two phrases with a 2 s silence between them: the second phrase's words must come after it.
    let first = espeak("Good morning everyone.");
    let second = espeak("Welcome to the meeting.");
    let gap = 32_000;
    let mut samples = first.clone();
    samples.extend(std::iter::repeat_n(0.0, gap));
    samples.extend(&second);
    let words = transcriber.align(&samples, "Good morning everyone. Welcome to the meeting.").expect("aligns");
    let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["Good", "morning", "everyone.", "Welcome", "to", "the", "meeting."]);
    let second_starts = (first.len() + gap) as f64 / 16_000.0;
    assert!(words[2].end <= second_starts - 1.0, "first phrase ends before the gap: {:?}", words[2]);
    assert!((words[3].start - second_starts).abs() < 0.4, "'Welcome' starts after the gap: {:?}", words[3]);
    assert!(words.iter().all(|w| w.confidence > 0.2), "{words:?}");
}

#[tokio::test]
async fn silence_and_noise_give_no_words() {
    let stt = super::SpeechToText::load(&model_dir(), 4).expect("models load");
    let mut state = 12345_u32;
    let mut audio = vec![0.0_f32; 16_000 * 3];
    // Then quiet white noise (a fixed pseudo-random sequence), 40 s: two windows' worth.
    audio.extend((0..16_000 * 40).map(|_| {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (state >> 8) as f32 / (1 << 24) as f32 * 0.02 - 0.01
    }));
    let heard = stt.transcribe(std::sync::Arc::new(audio), |_| {}).await.expect("runs");
    assert_eq!(heard, super::Recognized::default());
}

#[test]
fn windows_decoded_together_read_nearly_as_they_do_alone() {
    let mut transcriber = Transcriber::load(&model_dir()).expect("models load");
    let first = espeak("Hello world. This is a test of the speech recognition system.");
    let second = espeak("Please close the door behind you.");
    let alone = [
        transcriber.transcribe_window(&first, 0.0).expect("first"),
        transcriber.transcribe_window(&second, 30.0).expect("second"),
    ];
    let together = transcriber.transcribe_windows(&[(&first, 0.0), (&second, 30.0)]).expect("batch");
    assert_eq!(together.len(), 2);
    // Activations are quantized per batch, so a word may differ; the reading stays close.
    for (batch, single) in together.iter().zip(&alone) {
        let (a, b) = (normalise(&batch.text), normalise(&single.text));
        let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
        assert!(a.len() == b.len() && same + 1 >= b.len(), "{:?} vs {:?}", batch.text, single.text);
    }
    assert!(together[1].words.iter().all(|w| w.start >= 30.0), "{:?}", together[1]);
}
