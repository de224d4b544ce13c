//! HTTP: Transcribe's job operations, and the transcript files completed jobs point at.

use super::api::{
    Empty, JobNameRequest, ListTranscriptionJobsRequest, ListTranscriptionJobsResponse, StartTranscriptionJobRequest,
    TranscriptionJobResponse,
};
use super::{NewJob, validate};
use crate::service::SpeechService;
use crate::transcription::api::RawAudio;
use crate::transcription::routes::TranscribeErrors;
use crate::transcription::validate::{is_raw_audio, media_bytes};
use aigate_core::body::{json_limit_for, parse_json, read_limited};
use aigate_core::{ApiError, ErrorBody, Ready};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use serde::Deserialize;

/// The errors of the job operations that are not about audio.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // Documentation only.
pub enum JobErrors {
    /// No job has that name (Transcribe answers 400 NotFoundException).
    #[response(status = 400, example = json!({"__type": "NotFoundException", "message": "The requested job meeting-1 couldn't be found. Check the job name and try your request again."}))]
    NotFound(ErrorBody),
    /// The name is taken.
    #[response(status = 409, example = json!({"__type": "ConflictException", "message": "The requested job name meeting-1 already exists. Use a different job name."}))]
    Conflict(ErrorBody),
}

/// The query of a raw-media StartTranscriptionJob (the JSON fields, as parameters).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "PascalCase")]
pub struct StartQuery {
    /// Required with a raw body.
    pub transcription_job_name: Option<String>,
    pub language_code: Option<String>,
    pub media_format: Option<String>,
    pub media_sample_rate_hertz: Option<u32>,
    /// `srt`, `vtt` or `srt,vtt`.
    pub subtitle_formats: Option<String>,
}

/// Starts a transcription job (AWS Transcribe StartTranscriptionJob), media uploaded inline.
#[utoipa::path(
    post,
    path = "/start-transcription-job",
    tag = "speech",
    operation_id = "StartTranscriptionJob",
    summary = "Start a transcription job for a long recording (Transcribe StartTranscriptionJob)",
    description = "Mirrors Amazon Transcribe `StartTranscriptionJob` for recordings of up to 4 hours \
        (`max_job_seconds`). There is no S3: upload the media with the request, either as the raw body \
        (`audio/*` or `application/octet-stream`, streamed to disk; job fields in the query: \
        `?TranscriptionJobName=…&LanguageCode=en-US&SubtitleFormats=srt,vtt`) or in the JSON as base64 \
        `Media.Bytes`. The job is stored before the answer (it survives restarts) and runs in the \
        background: poll GetTranscriptionJob until `COMPLETED`, then fetch `Transcript.TranscriptFileUri` \
        (Transcribe's transcript JSON) and `Subtitles.SubtitleFileUris`. Formats: WAV, FLAC, MP3, Ogg Vorbis; \
        English only.",
    params(StartQuery),
    request_body(
        description = "Transcribe JSON with the audio in `Media.Bytes`, or the audio file itself.",
        content(
            (StartTranscriptionJobRequest = "application/json", example = json!({
                "TranscriptionJobName": "meeting-2024-05-01",
                "LanguageCode": "en-US",
                "MediaFormat": "wav",
                "Media": {"Bytes": "UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA="},
                "Subtitles": {"Formats": ["srt", "vtt"]}
            })),
            (RawAudio = "audio/wav"),
            (RawAudio = "application/octet-stream"),
        ),
    ),
    responses(
        (status = 200, description = "The queued job.", body = TranscriptionJobResponse, example = json!({
            "TranscriptionJob": {"TranscriptionJobName": "meeting-2024-05-01", "TranscriptionJobStatus": "QUEUED",
                "LanguageCode": "en-US", "MediaFormat": "wav", "Media": {"MediaFileUri": "var/speech-media/meeting-2024-05-01.media"},
                "CreationTime": 1714557600.5, "Subtitles": {"Formats": ["srt", "vtt"], "SubtitleFileUris": [], "OutputStartIndex": 1}}
        })),
        JobErrors,
        TranscribeErrors,
    ),
)]
pub async fn start_transcription_job(
    State(ready): State<Ready<SpeechService>>,
    Query(query): Query<StartQuery>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<TranscriptionJobResponse>, ApiError> {
    let service = ready.get()?.clone();
    let jobs = service.jobs();
    let limit = service.config().max_job_media_bytes;
    let (job, media_path) = if is_raw_audio(&headers) {
        let subtitles = query.subtitle_formats.as_deref().map(|f| super::api::Subtitles {
            formats: f.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect(),
            output_start_index: None,
        });
        let name = query.transcription_job_name.ok_or_else(|| {
            validate::bad_request("TranscriptionJobName is required (a query parameter with a raw body)")
        })?;
        let job =
            new_job(name, query.language_code, query.media_format, query.media_sample_rate_hertz, subtitles.as_ref())?;
        jobs.check_name_free(&job.name).await?;
        let path = jobs.media().save_stream(&job.name, body, limit).await?;
        (job, path)
    } else {
        let json = read_limited(body, json_limit_for(limit), validate::BAD_REQUEST).await?;
        let request: StartTranscriptionJobRequest = parse_json(&json)?;
        let job = new_job(
            request.transcription_job_name,
            request.language_code,
            request.media_format,
            request.media_sample_rate_hertz,
            request.subtitles.as_ref(),
        )?;
        let bytes = media_bytes(request.media)?;
        if bytes.is_empty() {
            return Err(validate::bad_request("Media.Bytes is empty"));
        }
        jobs.check_name_free(&job.name).await?;
        let path = jobs.media().save_bytes(&job.name, &bytes).await?;
        (job, path)
    };
    Ok(Json(TranscriptionJobResponse { transcription_job: jobs.queue(job, media_path).await? }))
}

fn new_job(
    name: String,
    language_code: Option<String>,
    media_format: Option<String>,
    media_sample_rate: Option<u32>,
    subtitles: Option<&super::api::Subtitles>,
) -> Result<NewJob, ApiError> {
    validate::job_name(&name)?;
    validate::check_language(language_code.as_deref())?;
    validate::media_format(media_format.as_deref())?;
    Ok(NewJob {
        name,
        language_code: language_code.unwrap_or_else(|| "en-US".into()),
        media_format,
        media_sample_rate,
        subtitle_formats: validate::subtitles(subtitles)?,
    })
}

/// Describes a transcription job (AWS Transcribe GetTranscriptionJob).
#[utoipa::path(
    post,
    path = "/get-transcription-job",
    tag = "speech",
    operation_id = "GetTranscriptionJob",
    summary = "Describe a transcription job (Transcribe GetTranscriptionJob)",
    description = "Mirrors Amazon Transcribe `GetTranscriptionJob`: the job's status (QUEUED, IN_PROGRESS, \
        COMPLETED, FAILED), times (Unix epoch seconds), `FailureReason`, and once COMPLETED the \
        `Transcript.TranscriptFileUri` and `Subtitles.SubtitleFileUris` to GET.",
    request_body(content = JobNameRequest, example = json!({"TranscriptionJobName": "meeting-2024-05-01"})),
    responses(
        (status = 200, description = "The job.", body = TranscriptionJobResponse, example = json!({
            "TranscriptionJob": {"TranscriptionJobName": "meeting-2024-05-01", "TranscriptionJobStatus": "COMPLETED",
                "LanguageCode": "en-US", "MediaFormat": "wav", "Media": {"MediaFileUri": ""},
                "Transcript": {"TranscriptFileUri": "/v1/speech/transcripts/meeting-2024-05-01.json"},
                "CreationTime": 1714557600.5, "StartTime": 1714557600.6, "CompletionTime": 1714557712.1,
                "Subtitles": {"Formats": ["srt"], "SubtitleFileUris": ["/v1/speech/transcripts/meeting-2024-05-01.srt"], "OutputStartIndex": 1}}
        })),
        JobErrors,
    ),
)]
pub async fn get_transcription_job(
    State(ready): State<Ready<SpeechService>>,
    body: Body,
) -> Result<Json<TranscriptionJobResponse>, ApiError> {
    let service = ready.get()?.clone();
    let request: JobNameRequest = parse_json(&read_limited(body, 64 * 1024, validate::BAD_REQUEST).await?)?;
    Ok(Json(TranscriptionJobResponse { transcription_job: service.jobs().get(&request.transcription_job_name).await? }))
}

/// Lists transcription jobs, newest first (AWS Transcribe ListTranscriptionJobs).
#[utoipa::path(
    post,
    path = "/list-transcription-jobs",
    tag = "speech",
    operation_id = "ListTranscriptionJobs",
    summary = "List transcription jobs (Transcribe ListTranscriptionJobs)",
    description = "Mirrors Amazon Transcribe `ListTranscriptionJobs`: newest first, filtered by `Status` and \
        `JobNameContains` (case-insensitive), `MaxResults` 1 to 100 (default 5), paged with `NextToken`.",
    request_body(content = ListTranscriptionJobsRequest, example = json!({"Status": "COMPLETED", "MaxResults": 10})),
    responses(
        (status = 200, description = "One page of jobs.", body = ListTranscriptionJobsResponse, example = json!({
            "Status": "COMPLETED",
            "TranscriptionJobSummaries": [{"TranscriptionJobName": "meeting-2024-05-01", "TranscriptionJobStatus": "COMPLETED",
                "LanguageCode": "en-US", "CreationTime": 1714557600.5, "StartTime": 1714557600.6, "CompletionTime": 1714557712.1}]
        })),
        TranscribeErrors,
    ),
)]
pub async fn list_transcription_jobs(
    State(ready): State<Ready<SpeechService>>,
    body: Body,
) -> Result<Json<ListTranscriptionJobsResponse>, ApiError> {
    let service = ready.get()?.clone();
    let bytes = read_limited(body, 64 * 1024, validate::BAD_REQUEST).await?;
    let request: ListTranscriptionJobsRequest =
        if bytes.iter().all(u8::is_ascii_whitespace) { Default::default() } else { parse_json(&bytes)? };
    Ok(Json(service.jobs().list(request).await?))
}

/// Deletes a transcription job and its transcript (AWS Transcribe DeleteTranscriptionJob).
#[utoipa::path(
    post,
    path = "/delete-transcription-job",
    tag = "speech",
    operation_id = "DeleteTranscriptionJob",
    summary = "Delete a transcription job (Transcribe DeleteTranscriptionJob)",
    description = "Mirrors Amazon Transcribe `DeleteTranscriptionJob`: removes the job, its media and its \
        transcript. A job deleted while it runs is dropped when it finishes.",
    request_body(content = JobNameRequest, example = json!({"TranscriptionJobName": "meeting-2024-05-01"})),
    responses(
        (status = 200, description = "Deleted.", body = Empty, example = json!({})),
        JobErrors,
    ),
)]
pub async fn delete_transcription_job(
    State(ready): State<Ready<SpeechService>>,
    body: Body,
) -> Result<Json<Empty>, ApiError> {
    let service = ready.get()?.clone();
    let request: JobNameRequest = parse_json(&read_limited(body, 64 * 1024, validate::BAD_REQUEST).await?)?;
    service.jobs().delete(&request.transcription_job_name).await?;
    Ok(Json(Empty {}))
}

/// A completed job's transcript (`NAME.json`) or subtitles (`NAME.srt`, `NAME.vtt`).
#[utoipa::path(
    get,
    path = "/transcripts/{file}",
    tag = "speech",
    operation_id = "GetTranscriptFile",
    summary = "Download a job's transcript or subtitles (the TranscriptFileUri / SubtitleFileUris)",
    description = "What `Transcript.TranscriptFileUri` and `Subtitles.SubtitleFileUris` of a COMPLETED job \
        point at: `NAME.json` (Transcribe's transcript JSON, with `jobName` and `status`), `NAME.srt` \
        (SubRip) or `NAME.vtt` (WebVTT).",
    params(("file" = String, Path, description = "The job name plus .json, .srt or .vtt.", example = "meeting-2024-05-01.srt")),
    responses(
        (status = 200, description = "The file.", content(
            (String = "application/json"),
            (String = "application/x-subrip"),
            (String = "text/vtt"),
        )),
        JobErrors,
    ),
)]
pub async fn get_transcript(
    State(ready): State<Ready<SpeechService>>,
    Path(file): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let service = ready.get()?.clone();
    let (name, extension) =
        file.rsplit_once('.').ok_or_else(|| validate::bad_request("name the file NAME.json, NAME.srt or NAME.vtt"))?;
    let (kind, content_type) = match extension {
        "json" => ("transcript", "application/json"),
        "srt" => ("srt", "application/x-subrip"),
        "vtt" => ("vtt", "text/vtt"),
        _ => return Err(validate::bad_request("transcript files end in .json, .srt or .vtt")),
    };
    let text = service.jobs().output(name, kind).await?;
    Ok(([(header::CONTENT_TYPE, content_type)], text))
}
