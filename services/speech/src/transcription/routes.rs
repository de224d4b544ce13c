//! HTTP: the synchronous `Transcribe` operation (short recordings, answered at once).

use super::api::RawAudio;
use super::transcript::Transcript;
use super::validate;
use crate::service::SpeechService;
use aigate_core::{ApiError, ErrorBody, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use std::sync::Arc;

/// The errors the transcription operations answer, with Transcribe's `__type` names.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only: handlers answer `ApiError`, which has this shape.
pub enum TranscribeErrors {
    /// The request or its audio is not acceptable.
    #[response(status = 400, examples(
        ("Empty" = (summary = "The audio holds no samples", value = json!({"__type": "BadRequestException", "message": "the audio is empty: it holds no samples"}))),
        ("TooShort" = (summary = "Under 0.5 s", value = json!({"__type": "BadRequestException", "message": "the audio is 0.20 s long; send at least 0.5 s"}))),
        ("UnknownFormat" = (summary = "Not WAV, FLAC, MP3 or Ogg Vorbis", value = json!({"__type": "BadRequestException", "message": "unknown audio format; send WAV (PCM 8/16/24/32-bit or float), FLAC, MP3 or Ogg Vorbis"}))),
        ("Corrupt" = (summary = "The audio is damaged", value = json!({"__type": "BadRequestException", "message": "the wav audio could not be decoded: Failed to read enough bytes."}))),
        ("TooLong" = (summary = "Over the synchronous limit", value = json!({"__type": "BadRequestException", "message": "the audio is longer than 120 s; send longer recordings with StartTranscriptionJob"}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: expected value at line 1 column 1"}))),
    ))]
    BadRequest(ErrorBody),
    /// The body is over `max_transcribe_bytes`.
    #[response(status = 413, example = json!({"__type": "BadRequestException", "message": "the request body exceeds 100000000 bytes"}))]
    TooLarge(ErrorBody),
    /// A model's queue is full; retry with backoff.
    #[response(status = 429, example = json!({"__type": "ThrottlingException", "message": "the whisper model queue is full; retry later"}))]
    Throttled(ErrorBody),
    /// An unexpected failure; the cause is in the gateway log.
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    /// The models are still loading.
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

/// Transcribes a recording of up to 2 minutes and answers with the transcript at once.
#[utoipa::path(
    post,
    path = "/transcribe",
    tag = "speech",
    operation_id = "Transcribe",
    summary = "Transcribe a short recording (synchronous; Transcribe's transcript JSON)",
    description = "aigate's synchronous counterpart of Amazon Transcribe: English speech to text with \
        word timestamps, answered in Transcribe's transcript format (`results.transcripts`, \
        `results.items` with `start_time`, `end_time`, `type` pronunciation|punctuation and \
        `alternatives[{content, confidence}]`). Send the audio file as the body (`audio/*` or \
        `application/octet-stream`), or JSON with base64 `Media.Bytes`. Formats: WAV (PCM 8, 16, 24, \
        32-bit or 32-bit float), FLAC, MP3, Ogg Vorbis; any sample rate and channel count \
        (downmixed, resampled to 16 kHz). Length: 0.5 s to 120 s (`max_transcribe_seconds`); use \
        StartTranscriptionJob for longer recordings. Model: Whisper tiny.en; speech is found with \
        Silero VAD and read in windows of at most 30 s.",
    request_body(
        description = "The audio file, or Transcribe-style JSON with the audio inline.",
        content(
            (super::api::TranscribeRequest = "application/json", example = json!({
                "LanguageCode": "en-US",
                "Media": {"Bytes": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA="}
            })),
            (RawAudio = "audio/wav"),
            (RawAudio = "audio/flac"),
            (RawAudio = "audio/mpeg"),
            (RawAudio = "audio/ogg"),
            (RawAudio = "application/octet-stream"),
        ),
    ),
    responses(
        (status = 200, description = "The transcript.", body = Transcript, example = json!({
            "results": {
                "transcripts": [{"transcript": "Hello, world."}],
                "items": [
                    {"start_time": "0.320", "end_time": "0.700", "alternatives": [{"confidence": "0.9712", "content": "Hello"}], "type": "pronunciation"},
                    {"alternatives": [{"confidence": "0.0", "content": ","}], "type": "punctuation"},
                    {"start_time": "0.700", "end_time": "1.240", "alternatives": [{"confidence": "0.9934", "content": "world"}], "type": "pronunciation"},
                    {"alternatives": [{"confidence": "0.0", "content": "."}], "type": "punctuation"}
                ]
            }
        })),
        TranscribeErrors,
    ),
)]
pub async fn transcribe(
    State(ready): State<Ready<SpeechService>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Transcript>, ApiError> {
    let service = ready.get()?.clone();
    let config = service.config();
    let samples =
        validate::transcribe(&headers, body, config.max_transcribe_bytes, config.max_transcribe_seconds).await?;
    let recognized = service.speech_to_text().transcribe(Arc::new(samples), |_| {}).await?;
    Ok(Json(Transcript::from_words(&recognized.text, &recognized.words)))
}
