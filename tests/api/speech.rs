//! End-to-end tests of the speech service: the real models over HTTP.
//!
//! Speech-to-text tests speak their own sentences with eSpeak NG (installed by scripts/setup.sh)
//! and send them in every input format; FLAC, MP3 and Ogg Vorbis files are made with the
//! `flac`, `lame` and `oggenc` tools (also installed by setup.sh).

#[path = "speech_jobs.rs"]
mod jobs;

use crate::helpers::{TestApp, error_of, shared_app};
use base64::Engine;
use std::io::Cursor;
use std::path::Path;
use std::process::Command;

/// `text` spoken by eSpeak NG: a 16-bit mono WAV at 22,050 Hz.
pub(crate) fn espeak_wav(text: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("speech.wav");
    let status = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng runs (scripts/setup.sh installs it)");
    assert!(status.success(), "espeak-ng failed");
    std::fs::read(&path).expect("espeak-ng wrote its WAV")
}

/// The samples (in [-1, 1]) and rate of a 16-bit mono WAV.
pub(crate) fn samples_of(wav: &[u8]) -> (Vec<f32>, u32) {
    let mut reader = hound::WavReader::new(Cursor::new(wav)).expect("a WAV");
    let rate = reader.spec().sample_rate;
    let samples = reader.samples::<i16>().map(|s| f32::from(s.expect("sample")) / 32768.0).collect();
    (samples, rate)
}

/// A WAV of `samples` (mono) written `channels` times per frame.
pub(crate) fn wav(samples: &[f32], rate: u32, channels: u16, bits: u16, float: bool) -> Vec<u8> {
    let format = if float { hound::SampleFormat::Float } else { hound::SampleFormat::Int };
    let spec = hound::WavSpec { channels, sample_rate: rate, bits_per_sample: bits, sample_format: format };
    let mut out = Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut out, spec).expect("writer");
    let max = ((1_i64 << (bits - 1)) - 1) as f32;
    for &sample in samples {
        for _ in 0..channels {
            if float {
                writer.write_sample(sample).expect("write");
            } else if bits == 8 {
                writer.write_sample((sample * max).round() as i8).expect("write");
            } else {
                writer.write_sample((sample * max).round() as i32).expect("write");
            }
        }
    }
    writer.finalize().expect("finalize");
    out.into_inner()
}

/// Lower-case words without punctuation.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == '\'').collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word error rate: word-level edit distance over the reference length.
pub(crate) fn wer(reference: &str, hypothesis: &str) -> f64 {
    let (r, h) = (words(reference), words(hypothesis));
    let mut previous: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut current = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(rw != hw)).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[h.len()] as f64 / r.len().max(1) as f64
}

async fn transcribe_raw(app: &TestApp, content_type: &str, bytes: Vec<u8>) -> serde_json::Value {
    let response = app.post_raw("/v1/speech/transcribe", content_type, bytes).await;
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(status, 200, "{body}");
    body
}

fn transcript_of(body: &serde_json::Value) -> String {
    body["results"]["transcripts"][0]["transcript"].as_str().expect("a transcript").to_string()
}

const SENTENCE: &str = "Hello world. This is a test of the speech recognition system.";

#[tokio::test]
async fn transcribe_returns_the_words_with_their_times() {
    let app = shared_app().await;
    let audio = espeak_wav(SENTENCE);
    let seconds = samples_of(&audio).0.len() as f64 / 22_050.0;
    let body = transcribe_raw(app, "audio/wav", audio.clone()).await;
    let transcript = transcript_of(&body);
    assert!(wer(SENTENCE, &transcript) <= 0.2, "{transcript:?}");

    let items = body["results"]["items"].as_array().expect("items");
    let spoken: Vec<&serde_json::Value> = items.iter().filter(|i| i["type"] == "pronunciation").collect();
    let contents: Vec<&str> = spoken.iter().map(|i| i["alternatives"][0]["content"].as_str().unwrap_or("")).collect();
    assert_eq!(contents.iter().map(|c| c.to_lowercase()).collect::<Vec<_>>(), words(&transcript), "{body}");
    assert!(items.iter().any(|i| i["type"] == "punctuation" && i["alternatives"][0]["content"] == "."), "{body}");
    let time = |item: &serde_json::Value, key: &str| item[key].as_str().and_then(|t| t.parse::<f64>().ok());
    let mut previous = 0.0;
    for item in &spoken {
        let (start, end) = (time(item, "start_time").expect("start"), time(item, "end_time").expect("end"));
        assert!(previous <= start && start <= end && end <= seconds + 0.01, "{item} after {previous}");
        previous = start;
        let confidence: f64 =
            item["alternatives"][0]["confidence"].as_str().expect("confidence").parse().expect("number");
        assert!(confidence > 0.0 && confidence <= 1.0);
    }
    // "system" is the last word: it ends within the last second of the clip.
    let last_end = time(spoken.last().expect("words"), "end_time").expect("end");
    assert!(last_end > seconds - 1.5, "{last_end} vs {seconds}");

    // The same audio as base64 in Transcribe-style JSON gives the same transcript.
    let encoded = base64::engine::general_purpose::STANDARD.encode(&audio);
    let response = app
        .post_json("/v1/speech/transcribe", serde_json::json!({"LanguageCode": "en-US", "Media": {"Bytes": encoded}}))
        .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(transcript_of(&body), transcript);
}

/// Encodes `wav` with a command-line encoder that reads `in.wav` and writes `out`.
fn encode_with(wav: &[u8], out: &str, command: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("in.wav"), wav).expect("write");
    let status = Command::new(command[0])
        .args(&command[1..])
        .current_dir(dir.path())
        .status()
        .unwrap_or_else(|e| panic!("{} runs (scripts/setup.sh installs it): {e}", command[0]));
    assert!(status.success(), "{command:?} failed");
    std::fs::read(Path::new(dir.path()).join(out)).expect("encoded file")
}

#[tokio::test]
async fn every_input_format_and_sample_rate_is_accepted() {
    let app = shared_app().await;
    let original = espeak_wav(SENTENCE);
    let (samples, rate) = samples_of(&original);
    let at = |to: u32| aigate_core::audio::resample(&samples, rate, to).expect("resample");
    // Telephone bandwidth (8 kHz) loses the 4-8 kHz band: Whisper tiny.en then mishears a few of
    // eSpeak's words (the Python onnxruntime pipeline hears the same), so it gets a looser bound.
    let cases: Vec<(&str, &str, Vec<u8>, f64)> = vec![
        ("wav 8-bit 22.05 kHz", "audio/wav", wav(&samples, rate, 1, 8, false), 0.25),
        ("wav 16-bit 8 kHz", "audio/wav", wav(&at(8_000), 8_000, 1, 16, false), 0.5),
        ("wav 16-bit 16 kHz stereo", "audio/wav", wav(&at(16_000), 16_000, 2, 16, false), 0.25),
        ("wav 24-bit 44.1 kHz", "audio/wav", wav(&at(44_100), 44_100, 1, 24, false), 0.25),
        ("wav 32-bit 48 kHz stereo", "audio/x-wav", wav(&at(48_000), 48_000, 2, 32, false), 0.25),
        ("wav float 22.05 kHz", "application/octet-stream", wav(&samples, rate, 1, 32, true), 0.25),
        ("flac", "audio/flac", encode_with(&original, "out.flac", &["flac", "-s", "-o", "out.flac", "in.wav"]), 0.25),
        ("mp3", "audio/mpeg", encode_with(&original, "out.mp3", &["lame", "--quiet", "in.wav", "out.mp3"]), 0.25),
        (
            "ogg vorbis",
            "audio/ogg",
            encode_with(&original, "out.ogg", &["oggenc", "-Q", "-o", "out.ogg", "in.wav"]),
            0.25,
        ),
    ];
    for (name, content_type, bytes, max_wer) in cases {
        let transcript = transcript_of(&transcribe_raw(app, content_type, bytes).await);
        assert!(wer(SENTENCE, &transcript) <= max_wer, "{name}: {transcript:?}");
    }
}

#[tokio::test]
async fn bad_audio_gets_named_errors() {
    let app = shared_app().await;
    let (samples, rate) = samples_of(&espeak_wav(SENTENCE));
    let short = wav(&samples[..(rate as usize * 3 / 10)], rate, 1, 16, false);
    let too_long = wav(&vec![0.0; 16_000 * 121], 16_000, 1, 16, false);
    let truncated = {
        let whole = wav(&samples, rate, 1, 16, false);
        whole[..40].to_vec()
    };
    let raw_cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "empty"),
        (short, "at least 0.5 s"),
        (b"this is plain text, not audio".to_vec(), "unknown audio format"),
        (truncated, "could not be decoded"),
        (too_long, "StartTranscriptionJob"),
    ];
    for (bytes, expected) in raw_cases {
        let (status, error_type, message) =
            error_of(app.post_raw("/v1/speech/transcribe", "audio/wav", bytes).await).await;
        assert_eq!((status, error_type.as_str()), (400, "BadRequestException"), "{message}");
        assert!(message.contains(expected), "{message:?} should mention {expected:?}");
    }
    let json_cases = [
        (serde_json::json!({"Media": {"MediaFileUri": "s3://bucket/a.wav"}}), "BadRequestException", "no S3"),
        (serde_json::json!({"Media": {"Bytes": "not base64!"}}), "BadRequestException", "base64"),
        (serde_json::json!({"Media": {}}), "BadRequestException", "Media.Bytes is required"),
        (
            serde_json::json!({"Media": {"Bytes": "UklGRg=="}, "LanguageCode": "de-DE"}),
            "BadRequestException",
            "English",
        ),
        (serde_json::json!({"Media": "oops"}), "SerializationException", "not valid JSON"),
    ];
    for (body, expected_type, expected) in json_cases {
        let (status, error_type, message) = error_of(app.post_json("/v1/speech/transcribe", body).await).await;
        assert_eq!((status, error_type.as_str()), (400, expected_type), "{message}");
        assert!(message.contains(expected), "{message:?} should mention {expected:?}");
    }
}
