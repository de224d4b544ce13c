//! Transcription jobs end to end: a clip of more than 3 minutes goes through the job API while
//! the gateway process is killed and restarted in the middle; the job completes and its
//! transcript covers every sentence. Also the job operations' other answers.

use super::{espeak_wav, samples_of, wav, words};
use crate::helpers::{TestApp, error_of, fresh_database_path, shared_app, spawn_process};
use std::time::{Duration, Instant};

const SENTENCES: [&str; 32] = [
    "The morning train to the city was full of people reading newspapers.",
    "My grandmother grows tomatoes and beans in her small garden.",
    "Please remember to lock the door when you leave the office tonight.",
    "The library will be closed on Monday for the public holiday.",
    "A strong wind blew the leaves across the empty parking lot.",
    "We ordered pizza and watched an old movie on Friday evening.",
    "The doctor told him to drink more water and sleep earlier.",
    "Our team finished the project two days before the deadline.",
    "The children built a sandcastle near the edge of the sea.",
    "She bought a blue umbrella because the forecast promised rain.",
    "The museum has a famous painting of a ship in a storm.",
    "He forgot his keys in the car and had to call his brother.",
    "The bakery on the corner sells fresh bread every morning.",
    "Turn left at the traffic lights and follow the river road.",
    "The concert started late because the singer was stuck in traffic.",
    "My neighbor walks his dog around the park twice a day.",
    "The students asked many questions after the science lecture.",
    "We need to buy milk, eggs, and apples from the market.",
    "The old bridge was repaired last summer after the flood.",
    "Coffee tastes better when you grind the beans yourself.",
    "The pilot announced that the plane would land in twenty minutes.",
    "Her new job requires her to travel to many different countries.",
    "The cat slept all afternoon in a warm patch of sunlight.",
    "They planted trees along the street to give more shade.",
    "The meeting was moved to Thursday because the manager was sick.",
    "A good book can keep you company on a long journey.",
    "The farmer sold his vegetables at the market every weekend.",
    "Snow covered the mountains and the roads were very quiet.",
    "The restaurant serves the best soup I have ever tasted.",
    "He practices the piano for an hour before dinner each day.",
    "The river flows slowly through the green valley to the lake.",
    "Thank you for listening to this long recording until the end.",
];

async fn job(app: &TestApp, name: &str) -> serde_json::Value {
    let response =
        app.post_json("/v1/speech/get-transcription-job", serde_json::json!({"TranscriptionJobName": name})).await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("JSON");
    body["TranscriptionJob"].clone()
}

/// Polls the job until `done` accepts its status (or fails after `limit`).
async fn wait_for(app: &TestApp, name: &str, limit: Duration, done: impl Fn(&str) -> bool) -> serde_json::Value {
    let deadline = Instant::now() + limit;
    loop {
        let job = job(app, name).await;
        let status = job["TranscriptionJobStatus"].as_str().unwrap_or("").to_string();
        if done(&status) {
            return job;
        }
        assert!(Instant::now() < deadline, "job {name} stuck in {status}: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The sentences spoken one after the other with 2 s of silence between, as a 16 kHz WAV.
fn long_recording() -> (Vec<u8>, f64) {
    let mut audio = Vec::new();
    for sentence in SENTENCES {
        let (samples, rate) = samples_of(&espeak_wav(sentence));
        audio.extend(aigate_core::audio::resample(&samples, rate, 16_000).expect("resample"));
        audio.extend(std::iter::repeat_n(0.0_f32, 32_000));
    }
    let seconds = audio.len() as f64 / 16_000.0;
    (wav(&audio, 16_000, 1, 16, false), seconds)
}

#[tokio::test]
async fn a_long_job_survives_a_restart_and_covers_every_sentence() {
    let (recording, seconds) = long_recording();
    assert!(seconds >= 180.0, "the clip is {seconds} s");
    let store = ("AIGATE__STORE__URL", format!("sqlite://{}", fresh_database_path().display()));
    let first = spawn_process(&[], std::slice::from_ref(&store)).await;
    let url = first.app.url(
        "/v1/speech/start-transcription-job?TranscriptionJobName=long-clip&LanguageCode=en-US&MediaFormat=wav&SubtitleFormats=srt,vtt",
    );
    let response =
        first.app.client.post(url).header("content-type", "audio/wav").body(recording).send().await.expect("start");
    assert_eq!(response.status(), 200);
    let started: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(started["TranscriptionJob"]["TranscriptionJobStatus"], "QUEUED");

    // Kill the gateway while the job runs.
    let running = wait_for(&first.app, "long-clip", Duration::from_secs(120), |s| s != "QUEUED").await;
    assert_eq!(running["TranscriptionJobStatus"], "IN_PROGRESS", "{running}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(job(&first.app, "long-clip").await["TranscriptionJobStatus"], "IN_PROGRESS");
    drop(first);

    let second = spawn_process(&[], &[store]).await;
    let done =
        wait_for(&second.app, "long-clip", Duration::from_secs(900), |s| s == "COMPLETED" || s == "FAILED").await;
    assert_eq!(done["TranscriptionJobStatus"], "COMPLETED", "{done}");
    let uri = done["Transcript"]["TranscriptFileUri"].as_str().expect("a transcript URI");
    let transcript: serde_json::Value = second.app.get(uri).await.json().await.expect("transcript JSON");
    assert_eq!(transcript["jobName"], "long-clip");
    let text = transcript["results"]["transcripts"][0]["transcript"].as_str().expect("text");
    let heard = words(text);
    for sentence in SENTENCES {
        let expected = words(sentence);
        let found = expected.iter().filter(|w| heard.contains(w)).count();
        assert!(found * 10 >= expected.len() * 8, "{sentence:?} is not covered by {text:?}");
    }
    // The last sentence is heard near the end of the clip.
    let items = transcript["results"]["items"].as_array().expect("items");
    let last_start: f64 =
        items.iter().rev().find_map(|i| i["start_time"].as_str()).and_then(|t| t.parse().ok()).expect("a timed word");
    assert!(last_start > seconds - 8.0 && last_start < seconds, "{last_start} of {seconds}");

    let uris = done["Subtitles"]["SubtitleFileUris"].as_array().expect("subtitle URIs");
    assert_eq!(uris.len(), 2);
    let srt = second.app.get(uris[0].as_str().expect("uri")).await.text().await.expect("srt");
    assert!(srt.starts_with("1\n00:00:0") && srt.contains(" --> "), "{srt:.200}");
    let vtt = second.app.get(uris[1].as_str().expect("uri")).await.text().await.expect("vtt");
    assert!(vtt.starts_with("WEBVTT\n\n") && vtt.to_lowercase().contains("thank you"), "{vtt:.200}");
}

#[tokio::test]
async fn job_operations_list_delete_and_refuse_what_they_should() {
    let app = shared_app().await;
    let name = format!("short-{}", std::process::id());
    let audio = espeak_wav("Hello world. This is a short job.");
    let encoded = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(&audio)
    };
    let start = serde_json::json!({
        "TranscriptionJobName": name, "LanguageCode": "en-US", "Media": {"Bytes": encoded},
        "Subtitles": {"Formats": ["vtt"]}
    });
    let response = app.post_json("/v1/speech/start-transcription-job", start.clone()).await;
    assert_eq!(response.status(), 200);
    let (status, error_type, _) = error_of(app.post_json("/v1/speech/start-transcription-job", start).await).await;
    assert_eq!((status, error_type.as_str()), (409, "ConflictException"));

    let done = wait_for(app, &name, Duration::from_secs(300), |s| s == "COMPLETED" || s == "FAILED").await;
    assert_eq!(done["TranscriptionJobStatus"], "COMPLETED", "{done}");
    assert!(done["CompletionTime"].as_f64() >= done["StartTime"].as_f64());
    let vtt = app.get(&format!("/v1/speech/transcripts/{name}.vtt")).await.text().await.expect("vtt");
    assert!(vtt.to_lowercase().contains("hello world"), "{vtt}");

    let listed: serde_json::Value = app
        .post_json(
            "/v1/speech/list-transcription-jobs",
            serde_json::json!({"Status": "COMPLETED", "JobNameContains": name, "MaxResults": 10}),
        )
        .await
        .json()
        .await
        .expect("JSON");
    let names: Vec<&str> = listed["TranscriptionJobSummaries"]
        .as_array()
        .expect("summaries")
        .iter()
        .filter_map(|s| s["TranscriptionJobName"].as_str())
        .collect();
    assert_eq!(names, [name.as_str()]);

    let delete = serde_json::json!({"TranscriptionJobName": name});
    assert_eq!(app.post_json("/v1/speech/delete-transcription-job", delete.clone()).await.status(), 200);
    let (status, error_type, _) =
        error_of(app.post_json("/v1/speech/get-transcription-job", delete.clone()).await).await;
    assert_eq!((status, error_type.as_str()), (400, "NotFoundException"));
    let (status, error_type, _) = error_of(app.post_json("/v1/speech/delete-transcription-job", delete).await).await;
    assert_eq!((status, error_type.as_str()), (400, "NotFoundException"));

    // A job whose media is not audio fails with a reason; a bad name is refused at once.
    let garbage =
        serde_json::json!({"TranscriptionJobName": format!("{name}-bad"), "Media": {"Bytes": "aGVsbG8gd29ybGQ="}});
    assert_eq!(app.post_json("/v1/speech/start-transcription-job", garbage).await.status(), 200);
    let failed =
        wait_for(app, &format!("{name}-bad"), Duration::from_secs(120), |s| s == "COMPLETED" || s == "FAILED").await;
    assert_eq!(failed["TranscriptionJobStatus"], "FAILED");
    assert!(failed["FailureReason"].as_str().is_some_and(|r| r.contains("unknown audio format")), "{failed}");
    let bad_name = serde_json::json!({"TranscriptionJobName": "no spaces allowed", "Media": {"Bytes": "aGk="}});
    let (status, error_type, _) = error_of(app.post_json("/v1/speech/start-transcription-job", bad_name).await).await;
    assert_eq!((status, error_type.as_str()), (400, "BadRequestException"));
}
