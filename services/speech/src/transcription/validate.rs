//! Requests in, 16 kHz mono samples out, with Transcribe's error name (`BadRequestException`)
//! and a message that says what is wrong: empty, too short, too long, damaged, unknown format.

use super::api::{Media, TranscribeRequest};
use super::mel::SAMPLE_RATE;
use aigate_core::ApiError;
use aigate_core::audio::{self, AudioError};
use aigate_core::body::{decode_base64, parse_json, read_limited};
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};

pub const BAD_REQUEST: &str = "BadRequestException";
/// Shorter audio is refused: Whisper needs some speech to say anything.
pub const MIN_SECONDS: f64 = 0.5;

pub fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, BAD_REQUEST, message)
}

/// Whether the body is the audio file itself rather than JSON.
pub fn is_raw_audio(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| {
        let ct = ct.trim().to_ascii_lowercase();
        ct.starts_with("audio/") || ct.starts_with("application/octet-stream") || ct.starts_with("video/")
    })
}

/// English only: the model is tiny.en.
pub fn check_language(code: Option<&str>) -> Result<(), ApiError> {
    match code {
        None => Ok(()),
        Some(code) if code.starts_with("en-") || code == "en" => Ok(()),
        Some(code) => Err(bad_request(format!(
            "LanguageCode {code} is not supported: aigate transcribes English only (en-US, en-GB, en-AU, ...)"
        ))),
    }
}

/// The audio bytes of `Media`.
pub fn media_bytes(media: Media) -> Result<Vec<u8>, ApiError> {
    if media.media_file_uri.is_some() {
        return Err(bad_request(
            "Media.MediaFileUri is not supported by aigate (there is no S3); send the audio in Media.Bytes or as the body",
        ));
    }
    let encoded = media.bytes.ok_or_else(|| bad_request("Media.Bytes is required"))?;
    decode_base64("Media.Bytes", &encoded).map_err(|e| bad_request(e.message))
}

/// Reads a Transcribe request (raw audio or JSON) and decodes its audio to 16 kHz mono.
pub async fn transcribe(
    headers: &HeaderMap,
    body: Body,
    max_bytes: usize,
    max_seconds: u64,
) -> Result<Vec<f32>, ApiError> {
    let bytes = if is_raw_audio(headers) {
        read_limited(body, max_bytes, BAD_REQUEST).await?.to_vec()
    } else {
        let json = read_limited(body, aigate_core::body::json_limit_for(max_bytes), BAD_REQUEST).await?;
        let request: TranscribeRequest = parse_json(&json)?;
        check_language(request.language_code.as_deref())?;
        media_bytes(request.media)?
    };
    if bytes.len() > max_bytes {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            BAD_REQUEST,
            format!("the audio is {} bytes; the limit is {max_bytes} bytes", bytes.len()),
        ));
    }
    tokio::task::spawn_blocking(move || decode_audio(&bytes, max_seconds)).await.map_err(ApiError::internal)?
}

/// Decodes to 16 kHz mono and checks the length.
pub fn decode_audio(bytes: &[u8], max_seconds: u64) -> Result<Vec<f32>, ApiError> {
    let audio = audio::decode_at(bytes, SAMPLE_RATE as u32, max_seconds).map_err(|e| audio_error(e, max_seconds))?;
    let seconds = audio.seconds();
    if seconds < MIN_SECONDS {
        return Err(bad_request(format!("the audio is {seconds:.2} s long; send at least {MIN_SECONDS} s")));
    }
    Ok(audio.samples)
}

pub fn audio_error(error: AudioError, max_seconds: u64) -> ApiError {
    match error {
        AudioError::Empty => bad_request("the audio is empty: it holds no samples"),
        AudioError::TooLong { .. } => bad_request(format!(
            "the audio is longer than {max_seconds} s; send longer recordings with StartTranscriptionJob"
        )),
        AudioError::Resample { .. } => ApiError::internal(error),
        other => bad_request(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_audio_is_a_bad_request_that_says_why() {
        let message = |bytes: &[u8]| decode_audio(bytes, 120).err().map(|e| (e.code.to_string(), e.message));
        let (code, text) = message(b"").expect("empty");
        assert_eq!((code.as_str(), text.contains("empty")), (BAD_REQUEST, true));
        assert!(message(b"just some text").expect("unknown").1.contains("unknown audio format"));
        assert!(message(b"RIFF\x10\0\0\0WAVEfmt ").expect("corrupt").1.contains("could not be decoded"));
        assert!(check_language(Some("de-DE")).is_err() && check_language(Some("en-GB")).is_ok());
    }
}
