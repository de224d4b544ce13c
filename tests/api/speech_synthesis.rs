//! Text-to-speech (Polly SynthesizeSpeech, DescribeVoices) over HTTP with the real Piper voice
//! and eSpeak NG: audio decoded back, speech marks checked against the audio and against
//! Whisper's hearing of it, and every bad input's named error.

use crate::helpers::{TestApp, error_of, shared_app};
use serde_json::{Value, json};

const SYNTHESIZE: &str = "/v1/speech/synthesize-speech";

/// Decoded audio: mono samples and their rate.
struct Audio {
    samples: Vec<f32>,
    rate: u32,
}

impl Audio {
    fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.rate)
    }

    fn rms(&self, from_s: f64, to_s: f64) -> f64 {
        let at = |s: f64| ((s * f64::from(self.rate)) as usize).min(self.samples.len());
        let window = &self.samples[at(from_s)..at(to_s)];
        (window.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / window.len().max(1) as f64).sqrt()
    }
}

fn decode(bytes: &[u8], format: &str, requested_rate: u32) -> Audio {
    match format {
        "pcm" => Audio {
            samples: bytes.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0).collect(),
            rate: requested_rate,
        },
        "wav" => {
            let mut reader = hound::WavReader::new(std::io::Cursor::new(bytes.to_vec())).expect("a WAV file");
            let rate = reader.spec().sample_rate;
            assert_eq!(reader.spec().channels, 1);
            let samples = reader.samples::<i16>().map(|s| f32::from(s.expect("sample")) / 32768.0).collect();
            Audio { samples, rate }
        }
        _ => decode_compressed(bytes, format),
    }
}

/// MP3 and Ogg Vorbis through symphonia.
fn decode_compressed(bytes: &[u8], format: &str) -> Audio {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::DecoderOptions;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let stream = MediaSourceStream::new(Box::new(std::io::Cursor::new(bytes.to_vec())), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(if format == "mp3" { "mp3" } else { "ogg" });
    let probed = symphonia::default::get_probe()
        .format(&hint, stream, &FormatOptions::default(), &MetadataOptions::default())
        .unwrap_or_else(|e| panic!("{format} is not readable: {e}"));
    let mut reader = probed.format;
    let track = reader.default_track().expect("a track").clone();
    let mut decoder =
        symphonia::default::get_codecs().make(&track.codec_params, &DecoderOptions::default()).expect("a decoder");
    let rate = track.codec_params.sample_rate.expect("a sample rate");
    let mut samples = Vec::new();
    while let Ok(packet) = reader.next_packet() {
        let decoded = decoder.decode(&packet).expect("a decodable packet");
        assert_eq!(decoded.spec().channels.count(), 1, "mono");
        let mut buffer = SampleBuffer::<f32>::new(decoded.capacity() as u64, *decoded.spec());
        buffer.copy_interleaved_ref(decoded);
        samples.extend_from_slice(buffer.samples());
    }
    Audio { samples, rate }
}

async fn synthesize(app: &TestApp, body: Value) -> reqwest::Response {
    app.post_json(SYNTHESIZE, body).await
}

/// Synthesizes `body` and decodes the answer, checking status and headers on the way.
async fn synthesize_audio(app: &TestApp, body: Value) -> Audio {
    let format = body["OutputFormat"].as_str().expect("format").to_string();
    let rate: u32 = body["SampleRate"].as_str().and_then(|r| r.parse().ok()).unwrap_or(22_050);
    let response = synthesize(app, body).await;
    assert_eq!(response.status(), 200, "{format}");
    let content_type = response.headers()["content-type"].to_str().expect("ascii").to_string();
    let expected = match format.as_str() {
        "pcm" => "audio/pcm",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        _ => "audio/ogg",
    };
    assert_eq!(content_type, expected);
    assert!(response.headers().contains_key("x-amzn-requestcharacters"));
    decode(&response.bytes().await.expect("body"), &format, rate)
}

#[derive(Debug, Clone)]
struct Mark {
    time_ms: u64,
    kind: String,
    start: usize,
    end: usize,
    value: String,
}

async fn speech_marks(app: &TestApp, body: Value) -> Vec<Mark> {
    let response = synthesize(app, body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/x-json-stream");
    let text = response.text().await.expect("text");
    text.lines()
        .map(|line| {
            let mark: Value = serde_json::from_str(line).expect("one JSON object per line");
            Mark {
                time_ms: mark["time"].as_u64().expect("time"),
                kind: mark["type"].as_str().expect("type").to_string(),
                start: mark["start"].as_u64().expect("start") as usize,
                end: mark["end"].as_u64().expect("end") as usize,
                value: mark["value"].as_str().expect("value").to_string(),
            }
        })
        .collect()
}

#[tokio::test]
async fn voices_have_language_gender_engine_and_license() {
    let app = shared_app().await;
    let voices: Value = app.get("/v1/speech/voices").await.json().await.expect("json");
    let voices = voices["Voices"].as_array().expect("Voices");
    let joe = voices.iter().find(|v| v["Id"] == "Joe").expect("the Piper voice");
    assert_eq!((joe["LanguageCode"].as_str(), joe["Gender"].as_str()), (Some("en-US"), Some("Male")));
    assert_eq!(joe["SupportedEngines"], json!(["neural"]));
    assert!(joe["License"].as_str().is_some_and(|l| l.contains("MIT") && l.contains("lessac")));
    assert!(voices.iter().any(|v| v["SupportedEngines"] == json!(["standard"]) && v["LanguageCode"] == "de-DE"));
    let neural: Value = app.get("/v1/speech/voices?Engine=neural").await.json().await.expect("json");
    assert_eq!(neural["Voices"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn every_output_format_decodes_at_the_requested_rate() {
    let app = shared_app().await;
    let text = "The weather today is bright and sunny.";
    let mut lengths = Vec::new();
    for (format, rate) in [
        ("pcm", "8000"),
        ("pcm", "16000"),
        ("wav", "22050"),
        ("wav", "48000"),
        ("mp3", "24000"),
        ("mp3", "16000"),
        ("ogg_vorbis", "22050"),
        ("ogg_vorbis", "8000"),
    ] {
        let audio =
            synthesize_audio(app, json!({"Text": text, "OutputFormat": format, "SampleRate": rate, "VoiceId": "Joe"}))
                .await;
        assert_eq!(audio.rate.to_string(), rate, "{format}");
        assert!((1.5..6.0).contains(&audio.seconds()), "{format} {rate}: {} s", audio.seconds());
        assert!(audio.rms(0.0, audio.seconds()) > 0.02, "{format} {rate} is speech, not silence");
        lengths.push((format, rate, audio.seconds()));
    }
    // Durations do not vary between calls, so every format holds the same speech (the codecs
    // add at most a frame or two of padding).
    let reference = lengths[2].2;
    for (format, rate, seconds) in lengths {
        assert!((seconds - reference).abs() < 0.1, "{format} {rate}: {seconds} s vs {reference} s");
    }
}

#[tokio::test]
async fn the_standard_engine_speaks_with_espeak() {
    let app = shared_app().await;
    let body =
        json!({"Text": "Guten Morgen.", "OutputFormat": "ogg_vorbis", "VoiceId": "espeak-de", "Engine": "standard"});
    let audio = synthesize_audio(app, body).await;
    assert_eq!(audio.rate, 22_050, "the standard engine's default rate");
    assert!(audio.seconds() > 0.5 && audio.rms(0.0, audio.seconds()) > 0.02);
}

#[tokio::test]
async fn prosody_rate_and_breaks_change_the_timing() {
    let app = shared_app().await;
    let speak = |ssml: &str| json!({"Text": ssml, "TextType": "ssml", "OutputFormat": "wav", "VoiceId": "Joe"});
    let normal = synthesize_audio(app, speak("<speak>Please read this sentence slowly.</speak>")).await;
    let slow = synthesize_audio(
        app,
        speak("<speak><prosody rate=\"50%\">Please read this sentence slowly.</prosody></speak>"),
    )
    .await;
    let ratio = slow.seconds() / normal.seconds();
    assert!((1.6..2.4).contains(&ratio), "half the rate takes about twice as long: {ratio}");

    let ssml = "<speak>First part.<break time=\"2s\"/>Second part.</speak>";
    let audio = synthesize_audio(app, speak(ssml)).await;
    let marks = speech_marks(
        app,
        json!({"Text": ssml, "TextType": "ssml", "OutputFormat": "json", "SpeechMarkTypes": ["word"], "VoiceId": "Joe"}),
    )
    .await;
    let second = marks.iter().find(|m| m.value == "Second").expect("a mark for Second");
    let second_s = second.time_ms as f64 / 1000.0;
    // The two seconds before "Second" are the break: silent. Speech follows at once.
    assert!(audio.rms(second_s - 1.9, second_s - 0.2) < 0.005, "the break is silent");
    assert!(audio.rms(second_s, second_s + 0.3) > 0.02, "Second is heard right at its mark");
    let part = marks.iter().find(|m| m.value == "part").expect("part");
    assert!(second_s - part.time_ms as f64 / 1000.0 > 2.0);
}

#[tokio::test]
async fn speech_marks_point_into_the_text() {
    let app = shared_app().await;
    let text = "Hello, world! Café prices rose 5% in 2009.";
    let marks = speech_marks(
        app,
        json!({"Text": text, "OutputFormat": "json", "SpeechMarkTypes": ["sentence", "word"], "VoiceId": "Joe"}),
    )
    .await;
    let words: Vec<&Mark> = marks.iter().filter(|m| m.kind == "word").collect();
    let values: Vec<&str> = words.iter().map(|m| m.value.as_str()).collect();
    assert_eq!(values, ["Hello", "world", "Café", "prices", "rose", "5%", "in", "2009"]);
    for mark in &marks {
        assert_eq!(&text[mark.start..mark.end], mark.value, "byte offsets slice the text to the value");
    }
    let sentences: Vec<&Mark> = marks.iter().filter(|m| m.kind == "sentence").collect();
    assert_eq!(sentences.len(), 2);
    assert_eq!(sentences[1].value, "Café prices rose 5% in 2009.");
    assert!(words.windows(2).all(|w| w[0].time_ms < w[1].time_ms), "words are spoken in order");
    assert_eq!(sentences[1].time_ms, words[2].time_ms, "a sentence starts with its first word");
}

#[tokio::test]
async fn every_bad_input_gets_its_named_error() {
    let app = shared_app().await;
    let base = json!({"Text": "Hello.", "OutputFormat": "mp3", "VoiceId": "Joe"});
    let with = |patch: Value| {
        let mut body = base.clone();
        for (key, value) in patch.as_object().expect("object") {
            body[key] = value.clone();
        }
        body
    };
    let cases = [
        (with(json!({"Text": "word ".repeat(700)})), 400, "TextLengthExceededException"),
        (
            with(
                json!({"Text": format!("<speak>{}</speak>", "<break time=\"1ms\"/>".repeat(400)), "TextType": "ssml"}),
            ),
            400,
            "TextLengthExceededException",
        ),
        (with(json!({"OutputFormat": "pcm", "SampleRate": "22050"})), 400, "InvalidSampleRateException"),
        (with(json!({"SampleRate": "11025"})), 400, "InvalidSampleRateException"),
        (with(json!({"SpeechMarkTypes": ["word"]})), 400, "MarksNotSupportedForFormatException"),
        (with(json!({"LexiconNames": ["names"]})), 404, "LexiconNotFoundException"),
        (with(json!({"Text": "<speak>Hello", "TextType": "ssml"})), 400, "InvalidSsmlException"),
        (with(json!({"Text": "<speak><blink>Hi</blink></speak>", "TextType": "ssml"})), 400, "InvalidSsmlException"),
        (with(json!({"Text": "<speak>a &nbsp; b</speak>", "TextType": "ssml"})), 400, "InvalidSsmlException"),
        (
            with(json!({"OutputFormat": "json", "SpeechMarkTypes": ["ssml"]})),
            400,
            "SsmlMarksNotSupportedForTextTypeException",
        ),
        (with(json!({"Engine": "standard"})), 400, "EngineNotSupportedException"),
        (with(json!({"VoiceId": "Nobody"})), 400, "ValidationException"),
        (with(json!({"OutputFormat": "flac"})), 400, "ValidationException"),
        (with(json!({"Text": "   "})), 400, "ValidationException"),
        (json!({"OutputFormat": "mp3"}), 400, "SerializationException"),
    ];
    for (body, status, name) in cases {
        let (got_status, got_name, message) = error_of(synthesize(app, body.clone()).await).await;
        assert_eq!((got_status, got_name.as_str()), (status, name), "{body}: {message}");
    }
}

/// Lower case, letters, digits and apostrophes only.
fn normalized_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == '\'').collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word-level edit alignment: the distance and the pairs of equal words (reference, heard).
fn align_words(reference: &[String], heard: &[String]) -> (usize, Vec<(usize, usize)>) {
    let (n, m) = (reference.len(), heard.len());
    let mut cost = vec![vec![0usize; m + 1]; n + 1];
    (0..=n).for_each(|i| cost[i][0] = i);
    (0..=m).for_each(|j| cost[0][j] = j);
    for i in 1..=n {
        for j in 1..=m {
            let same = usize::from(reference[i - 1] != heard[j - 1]);
            cost[i][j] = (cost[i - 1][j - 1] + same).min(cost[i - 1][j] + 1).min(cost[i][j - 1] + 1);
        }
    }
    let (mut i, mut j, mut pairs) = (n, m, Vec::new());
    while i > 0 && j > 0 {
        if reference[i - 1] == heard[j - 1] && cost[i][j] == cost[i - 1][j - 1] {
            pairs.push((i - 1, j - 1));
            (i, j) = (i - 1, j - 1);
        } else if cost[i][j] == cost[i - 1][j - 1] + 1 {
            (i, j) = (i - 1, j - 1);
        } else if cost[i][j] == cost[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    (cost[n][m], pairs)
}

/// Piper speaks, Whisper listens: the words come back (WER ≤ 0.10), and each word's speech mark
/// falls inside the span where Whisper heard that word.
#[tokio::test]
async fn round_trip_through_transcription() {
    let app = shared_app().await;
    let text = "The library opens at nine in the morning. Please remember to bring your umbrella tomorrow. \
                My brother plays the guitar in a small band. We walked along the river until the sun went down. \
                Fresh bread is sold at the market every Saturday. The children laughed at the funny little dog.";
    let request = json!({"Text": text, "OutputFormat": "wav", "SampleRate": "16000", "VoiceId": "Joe"});
    let response = synthesize(app, request).await;
    assert_eq!(response.status(), 200);
    let wav = response.bytes().await.expect("audio").to_vec();
    let audio = decode(&wav, "wav", 16_000);
    let response = app.post_raw("/v1/speech/transcribe", "audio/wav", wav).await;
    let status = response.status();
    let transcript: Value = response.json().await.expect("transcript");
    assert_eq!(status, 200, "{transcript}");
    let heard_items: Vec<&Value> = transcript["results"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|item| item["type"] == "pronunciation")
        .collect();
    let heard: Vec<String> = heard_items
        .iter()
        .map(|item| item["alternatives"][0]["content"].as_str().unwrap_or("").to_lowercase())
        .collect();
    let heard: Vec<String> = heard.iter().flat_map(|w| normalized_words(w)).collect();
    let reference = normalized_words(text);
    let (errors, pairs) = align_words(&reference, &heard);
    let wer = errors as f64 / reference.len() as f64;
    assert!(wer <= 0.10, "WER {wer:.3}: heard {:?}", transcript["results"]["transcripts"][0]["transcript"]);

    let all_marks = speech_marks(
        app,
        json!({"Text": text, "OutputFormat": "json", "SpeechMarkTypes": ["word", "sentence"], "VoiceId": "Joe"}),
    )
    .await;
    let marks: Vec<&Mark> = all_marks.iter().filter(|m| m.kind == "word").collect();
    assert_eq!(marks.len(), reference.len(), "one word mark per word");

    // Against the audio itself: every sentence follows a pause, and the mark of its first word
    // is where the sound starts again (10 ms louder than RMS 0.02 right after 30 ms quieter than
    // 0.01), within 40 ms.
    let seconds = |item: &Value, key: &str| item[key].as_str().and_then(|s| s.parse::<f64>().ok()).expect("time");
    let heard_at = |r: usize| pairs.iter().find(|(i, _)| *i == r).map(|(_, h)| heard_items[*h]);
    let one_to_one = heard_items.len() == heard.len();
    let mut whisper_lag = 0.0f64;
    for sentence in all_marks.iter().filter(|m| m.kind == "sentence") {
        let mark = sentence.time_ms as f64 / 1000.0;
        let onset = (0..60)
            .map(|k| (mark - 0.15).max(0.0) + f64::from(k) * 0.005)
            .find(|&t| audio.rms((t - 0.03).max(0.0), t) < 0.01 && audio.rms(t, t + 0.01) > 0.02)
            .expect("speech starting near the mark");
        assert!((onset - mark).abs() <= 0.04, "{:?}: marked {mark:.3} s, sound from {onset:.3} s", sentence.value);
        let first_word = marks.iter().position(|m| m.start == sentence.start).expect("the sentence's first word");
        if let Some(item) = heard_at(first_word).filter(|_| one_to_one) {
            whisper_lag = whisper_lag.max(seconds(item, "start_time") - onset);
        }
    }

    // Against Whisper's hearing. Its word times come from cross-attention DTW on 20 ms frames;
    // its starts lag the sound, by as much as `whisper_lag` measured above on the sentence starts
    // (where the true start is known from the audio; 0.2–0.25 s here), and inside sentences its
    // boundaries blur by a few more frames (up to 0.3 s early seen). Its ends are close. So each
    // mark must lie in its heard word's span, opened that lag + 0.15 s earlier.
    let early = whisper_lag + 0.15;
    let (mut checked, mut earliest) = (0, 0.0f64);
    for (r, h) in pairs.iter().copied().filter(|_| one_to_one) {
        let (start, end) = (seconds(heard_items[h], "start_time"), seconds(heard_items[h], "end_time"));
        let time = marks[r].time_ms as f64 / 1000.0;
        assert!(
            time >= start - early && time <= end + 0.02,
            "{:?} marked at {time:.3} s, heard {start:.3}–{end:.3} s (Whisper lags up to {whisper_lag:.3} s)",
            marks[r].value
        );
        checked += 1;
        earliest = earliest.max(start - time);
    }
    assert!(whisper_lag < 0.5, "Whisper's starts lag the sound by {whisper_lag:.3} s: its timing is broken");
    eprintln!(
        "round trip: WER {wer:.3}; {checked} word marks checked, at most {earliest:.3} s before the heard start; \
         Whisper lag at sentence starts {whisper_lag:.3} s"
    );
    assert!(checked >= reference.len() * 9 / 10, "checked {checked} of {} words", reference.len());
}

async fn transcribe(app: &TestApp, wav: Vec<u8>) -> String {
    let response = app.post_raw("/v1/speech/transcribe", "audio/wav", wav).await;
    assert_eq!(response.status(), 200);
    let transcript: Value = response.json().await.expect("transcript");
    transcript["results"]["transcripts"][0]["transcript"].as_str().unwrap_or_default().to_string()
}

/// `<say-as interpret-as="characters">` spells the word out: Whisper hears the letters.
#[tokio::test]
async fn say_as_characters_is_spelled_out() {
    let app = shared_app().await;
    let ssml = "<speak>The code on the box is <say-as interpret-as=\"characters\">kqz</say-as>.</speak>";
    let body = json!({"Text": ssml, "TextType": "ssml", "OutputFormat": "wav", "SampleRate": "16000"});
    let response = synthesize(app, body).await;
    assert_eq!(response.status(), 200);
    let heard = transcribe(app, response.bytes().await.expect("audio").to_vec()).await;
    let letters: String = heard.to_lowercase().chars().filter(char::is_ascii_alphabetic).collect();
    assert!(letters.ends_with("kqz"), "heard {heard:?}");
}

/// The standard engine's marks are spread over the speech eSpeak produced: in order, and all
/// inside the audio.
#[tokio::test]
async fn standard_voice_marks_fall_inside_its_audio() {
    let app = shared_app().await;
    let text = "Seven silver swans swam silently seaward.";
    let voice = json!({"Text": text, "VoiceId": "espeak-en-us", "OutputFormat": "wav"});
    let audio = synthesize_audio(app, voice.clone()).await;
    let mut marks_request = voice;
    marks_request["OutputFormat"] = json!("json");
    marks_request["SpeechMarkTypes"] = json!(["word"]);
    let marks = speech_marks(app, marks_request).await;
    assert_eq!(marks.len(), 6);
    assert!(marks.windows(2).all(|w| w[0].time_ms < w[1].time_ms));
    let last = marks.last().expect("marks").time_ms as f64 / 1000.0;
    assert!(last < audio.seconds() - 0.2, "the last word starts before the audio ends");
    assert!(audio.rms(last, last + 0.2) > 0.02, "seaward is heard at its mark");
}
