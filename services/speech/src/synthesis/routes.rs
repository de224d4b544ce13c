//! HTTP for text-to-speech: Polly's SynthesizeSpeech (`POST /synthesize-speech`) and
//! DescribeVoices (`GET /voices`), each documented by its `#[utoipa::path]`. The crate's router
//! registers them; the gateway nests it under `/v1/speech`.

use crate::service::SpeechService;
use crate::synthesis::api::{AudioStream, DescribeVoicesResponse, SynthesizeSpeechRequest};
use crate::synthesis::validate::{self, MAX_TOTAL_CHARACTERS};
use crate::synthesis::voices::{self, Engine};
use aigate_core::body::{parse_json, read_limited};
use aigate_core::{ApiError, ErrorBody, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// The longest body: every character 4 bytes of UTF-8, JSON-escaped, plus the other fields.
const MAX_BODY_BYTES: usize = MAX_TOTAL_CHARACTERS * 4 * 2 + 16 * 1024;

/// The errors SynthesizeSpeech can answer, with Polly's `__type` names.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only: handlers answer `ApiError`, which has this shape.
enum SynthesizeErrors {
    /// The request is not acceptable.
    #[response(status = 400, examples(
        ("TextLengthExceededException" = (summary = "Over 3,000 billed or 6,000 characters", value = json!({"__type": "TextLengthExceededException", "message": "the text has 3200 billed and 3200 characters in all; the limits are 3000 billed (SSML tags excluded) and 6000 in all"}))),
        ("InvalidSampleRateException" = (summary = "A rate the format does not take", value = json!({"__type": "InvalidSampleRateException", "message": "SampleRate \"22050\" is not valid for pcm; use one of 8000, 16000"}))),
        ("MarksNotSupportedForFormatException" = (summary = "SpeechMarkTypes without OutputFormat json", value = json!({"__type": "MarksNotSupportedForFormatException", "message": "SpeechMarkTypes need OutputFormat json, not mp3"}))),
        ("InvalidSsmlException" = (summary = "SSML that is not well formed or not supported", value = json!({"__type": "InvalidSsmlException", "message": "<blink> is not a supported SSML tag"}))),
        ("SsmlMarksNotSupportedForTextTypeException" = (summary = "ssml marks for plain text", value = json!({"__type": "SsmlMarksNotSupportedForTextTypeException", "message": "ssml speech marks need TextType ssml"}))),
        ("EngineNotSupportedException" = (summary = "The voice has no such engine", value = json!({"__type": "EngineNotSupportedException", "message": "voice Joe supports only the neural engine"}))),
        ("ValidationException" = (summary = "A field has a value Polly does not take", value = json!({"__type": "ValidationException", "message": "OutputFormat \"flac\" must be one of: json, mp3, ogg_vorbis, pcm, wav"}))),
        ("SerializationException" = (summary = "The body is not the operation's JSON", value = json!({"__type": "SerializationException", "message": "the request body is not valid JSON for this operation: missing field `Text` at line 1 column 2"}))),
    ))]
    BadRequest(ErrorBody),
    /// A lexicon was named; aigate stores none.
    #[response(status = 404, example = json!({"__type": "LexiconNotFoundException", "message": "lexicon \"names\" does not exist (aigate stores no pronunciation lexicons)"}))]
    NotFound(ErrorBody),
    /// The body is far over the text limits.
    #[response(status = 413, example = json!({"__type": "TextLengthExceededException", "message": "the request body exceeds 64384 bytes"}))]
    TooLarge(ErrorBody),
    /// The voice's queue is full; retry with backoff.
    #[response(status = 429, example = json!({"__type": "ThrottlingException", "message": "the piper-joe model queue is full; retry later"}))]
    Throttled(ErrorBody),
    /// An unexpected failure; the cause is in the gateway log.
    #[response(status = 500, example = json!({"__type": "InternalServerError", "message": "internal error; see the gateway log"}))]
    Internal(ErrorBody),
    /// The models are still loading.
    #[response(status = 503, example = json!({"__type": "ServiceUnavailableException", "message": "the service is still loading its models; retry shortly"}))]
    Unavailable(ErrorBody),
}

/// Speaks text or SSML (AWS Polly SynthesizeSpeech).
#[utoipa::path(
    post,
    path = "/synthesize-speech",
    tag = "speech",
    operation_id = "SynthesizeSpeech",
    summary = "Text or SSML to speech, or speech marks (Polly SynthesizeSpeech)",
    description = "Mirrors AWS Polly `SynthesizeSpeech`. The body is Polly's JSON; the answer is the audio \
        itself with its `Content-Type` (`audio/mpeg`, `audio/ogg`, `audio/pcm`, aigate's `audio/wav`) and \
        `x-amzn-RequestCharacters` (billed characters). `pcm` is 16-bit signed little-endian mono. \
        Voices: `Joe` (neural, Piper VITS en_US-joe-medium, the default) and eSpeak NG voices (standard \
        engine); see `GET /v1/speech/voices`. With `OutputFormat` `json` the answer is speech marks \
        (`application/x-json-stream`): one JSON object per line, `{\"time\":ms,\"type\":\"word\",\"start\":byte,\
        \"end\":byte,\"value\":\"…\"}`, `start`/`end` being byte offsets into `Text` as sent (SSML tags \
        included), like Polly. For the neural voice, word times are the model's own phoneme durations, and \
        durations do not vary between calls (`synthesis_noise_w` = 0), so marks from a separate request line \
        up with the audio; for standard voices they are spread over the speech by phoneme count. \
        SSML: `speak`, `break` (time, strength), `prosody rate`, `p`, `s`, `say-as interpret-as=\"characters\"`, \
        `mark`; Polly's other tags are read as plain text. Limits: 3,000 billed characters (SSML tags \
        excluded), 6,000 in all. Not supported: `ogg_opus` (no maintained Opus encoder crate without system \
        libraries), viseme marks, lexicons.",
    request_body(
        description = "Polly's SynthesizeSpeech JSON.",
        content((SynthesizeSpeechRequest = "application/json", example = json!({
            "Text": "Hello from aigate. This voice runs on your own machine.",
            "VoiceId": "Joe",
            "OutputFormat": "mp3",
            "SampleRate": "22050"
        }))),
    ),
    responses(
        (status = 200, description = "The audio (or speech marks), with `x-amzn-RequestCharacters`.",
            headers(("x-amzn-RequestCharacters" = String, description = "Billed characters of the request.")),
            content(
                (AudioStream = "audio/mpeg"),
                (AudioStream = "audio/ogg"),
                (AudioStream = "audio/pcm"),
                (AudioStream = "audio/wav"),
                (String = "application/x-json-stream", example = "{\"time\":6,\"type\":\"sentence\",\"start\":0,\"end\":17,\"value\":\"Hello from aigate\"}\n{\"time\":6,\"type\":\"word\",\"start\":0,\"end\":5,\"value\":\"Hello\"}\n"),
            )),
        SynthesizeErrors,
    ),
)]
pub async fn synthesize_speech(State(ready): State<Ready<SpeechService>>, body: Body) -> Result<Response, ApiError> {
    let service = ready.get()?.clone();
    let bytes = read_limited(body, MAX_BODY_BYTES, "TextLengthExceededException").await?;
    let request = validate::synthesize_speech(parse_json::<SynthesizeSpeechRequest>(&bytes)?)?;
    let speech = service.synthesizer.synthesize_speech(request).await?;
    let mut response = speech.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(speech.content_type));
    headers.insert("x-amzn-requestcharacters", HeaderValue::from(speech.request_characters));
    Ok(response)
}

/// DescribeVoices filters.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "PascalCase")]
#[into_params(parameter_in = Query)]
pub struct DescribeVoicesQuery {
    /// `neural` or `standard`.
    #[param(example = "neural")]
    pub engine: Option<String>,
    /// Only voices of this language, like `en-US`.
    #[param(example = "en-US")]
    pub language_code: Option<String>,
}

/// Lists the voices (AWS Polly DescribeVoices).
#[utoipa::path(
    get,
    path = "/voices",
    tag = "speech",
    operation_id = "DescribeVoices",
    summary = "List the voices (Polly DescribeVoices)",
    description = "Mirrors AWS Polly `DescribeVoices`: each voice's id, name, gender, language and engine, plus \
        aigate's `License` of the voice's model or program. Filter with `Engine` and `LanguageCode`.",
    params(DescribeVoicesQuery),
    responses(
        (status = 200, description = "The voices.", body = DescribeVoicesResponse, example = json!({
            "Voices": [{"Gender": "Male", "Id": "Joe", "LanguageCode": "en-US", "LanguageName": "US English",
                        "Name": "Joe", "SupportedEngines": ["neural"], "License": "MIT (package), CC0 (joe dataset)"}]
        })),
        (status = 400, description = "An unknown engine.", body = ErrorBody, example = json!({"__type": "ValidationException", "message": "Engine \"turbo\" must be one of: neural, standard"})),
    ),
)]
pub async fn describe_voices(
    Query(query): Query<DescribeVoicesQuery>,
) -> Result<Json<DescribeVoicesResponse>, ApiError> {
    let engine = match query.engine.as_deref() {
        None => None,
        Some(name) => Some(Engine::parse(name).ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "ValidationException",
                format!("Engine {name:?} must be one of: neural, standard"),
            )
        })?),
    };
    Ok(Json(DescribeVoicesResponse { voices: voices::describe(engine, query.language_code.as_deref()) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_operations_are_documented_with_their_errors() {
        let (_, api) = crate::routes::routes().split_for_parts();
        let json = serde_json::to_value(&api).expect("spec");
        let synthesize = &json["paths"]["/synthesize-speech"]["post"];
        assert_eq!(synthesize["operationId"], "SynthesizeSpeech");
        for status in ["200", "400", "404", "413", "429", "500", "503"] {
            assert!(synthesize["responses"][status].is_object(), "SynthesizeSpeech {status}");
        }
        let content = &synthesize["responses"]["200"]["content"];
        for media in ["audio/mpeg", "audio/ogg", "audio/pcm", "audio/wav", "application/x-json-stream"] {
            assert!(content[media].is_object(), "{media}");
        }
        let voices = &json["paths"]["/voices"]["get"];
        assert_eq!(voices["operationId"], "DescribeVoices");
        assert!(voices["parameters"].as_array().is_some_and(|p| p.len() == 2));
        for schema in ["SynthesizeSpeechRequest", "DescribeVoicesResponse", "Voice", "AudioStream"] {
            assert!(json["components"]["schemas"][schema].is_object(), "{schema} missing from components");
        }
    }

    #[tokio::test]
    async fn a_service_still_loading_answers_503() {
        let response = synthesize_speech(State(Ready::default()), Body::from("{}")).await;
        let error = response.expect_err("not ready");
        assert_eq!((error.status.as_u16(), error.code.as_ref()), (503, "ServiceUnavailableException"));
    }

    #[tokio::test]
    async fn voices_filter_by_engine_and_refuse_unknown_engines() {
        let query = DescribeVoicesQuery { engine: Some("standard".into()), language_code: None };
        let Json(voices) = describe_voices(Query(query)).await.expect("voices");
        assert!(voices.voices.iter().all(|v| v.supported_engines == ["standard"]));
        let query = DescribeVoicesQuery { engine: Some("turbo".into()), language_code: None };
        assert_eq!(describe_voices(Query(query)).await.expect_err("bad").code, "ValidationException");
    }
}
