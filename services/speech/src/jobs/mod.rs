//! Transcription jobs for long recordings (up to 4 hours): Transcribe's Start, Get, List and
//! DeleteTranscriptionJob. The media is uploaded with the start request and kept on disk; jobs
//! live in the embedded database and go QUEUED → IN_PROGRESS → COMPLETED or FAILED, one at a
//! time, on a background runner. A job a restart interrupted is queued again and rerun.

pub mod api;
pub mod media;
pub mod routes;
pub mod runner;
pub mod store;
pub mod validate;

use crate::config::SpeechConfig;
use crate::transcription::SpeechToText;
use aigate_core::ApiError;
use aigate_core::store::Database;
use api::{
    JobStatus, ListTranscriptionJobsResponse, MediaOutput, SubtitlesOutput, TranscriptFile, TranscriptionJob,
    TranscriptionJobSummary,
};
use media::MediaStore;
use std::path::PathBuf;
use std::sync::Arc;
use store::{JobRecord, JobStore};
use tokio::sync::Notify;

/// Where transcripts are served (see `routes::get_transcript`).
pub const TRANSCRIPTS_PATH: &str = "/v1/speech/transcripts";

/// A job about to be queued: everything but its media.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub name: String,
    pub language_code: String,
    pub media_format: Option<String>,
    pub media_sample_rate: Option<u32>,
    pub subtitle_formats: String,
}

#[derive(Clone)]
pub struct Jobs {
    store: JobStore,
    media: MediaStore,
    wake: Arc<Notify>,
}

/// The media folder: configured, or `speech-media/` beside the SQLite file.
fn media_dir(config: &SpeechConfig, database: &Database) -> PathBuf {
    if let Some(dir) = &config.job_media_dir {
        return PathBuf::from(dir);
    }
    let path = database.url().trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    match std::path::Path::new(path).parent() {
        Some(parent) if !path.contains(":memory:") => parent.join("speech-media"),
        _ => std::env::temp_dir().join("aigate-speech-media"),
    }
}

impl Jobs {
    /// Opens the job table and starts the runner, which first requeues interrupted jobs.
    pub async fn start(config: &SpeechConfig, database: &Database, stt: SpeechToText) -> Result<Self, ApiError> {
        let store = JobStore::open(database).await?;
        let jobs = Self { store, media: MediaStore::new(media_dir(config, database)), wake: Arc::new(Notify::new()) };
        let requeued = jobs.store.requeue_interrupted().await?;
        if requeued > 0 {
            tracing::warn!(requeued, "transcription jobs interrupted by a restart are queued again");
        }
        tokio::spawn(runner::run(jobs.clone(), stt, config.max_job_seconds));
        Ok(jobs)
    }

    pub fn media(&self) -> &MediaStore {
        &self.media
    }

    /// Queues a job whose media is at `media_path`; a taken name is a ConflictException.
    pub async fn queue(&self, job: NewJob, media_path: PathBuf) -> Result<TranscriptionJob, ApiError> {
        let record = JobRecord {
            name: job.name,
            status: JobStatus::Queued,
            language_code: job.language_code,
            media_format: job.media_format,
            media_sample_rate: job.media_sample_rate,
            media_path: media_path.to_string_lossy().into_owned(),
            subtitle_formats: job.subtitle_formats,
            created_at: store::now(),
            started_at: None,
            completed_at: None,
            failure_reason: None,
        };
        if !self.store.insert(&record).await? {
            self.media.remove(&record.media_path).await;
            return Err(conflict(&record.name));
        }
        self.wake.notify_one();
        Ok(describe(&record))
    }

    /// Fails fast on a taken name, before a long upload.
    pub async fn check_name_free(&self, name: &str) -> Result<(), ApiError> {
        if self.store.exists(name).await? { Err(conflict(name)) } else { Ok(()) }
    }

    pub async fn get(&self, name: &str) -> Result<TranscriptionJob, ApiError> {
        self.store.get(name).await?.map(|r| describe(&r)).ok_or_else(|| not_found(name))
    }

    pub async fn list(
        &self,
        request: api::ListTranscriptionJobsRequest,
    ) -> Result<ListTranscriptionJobsResponse, ApiError> {
        let limit = request.max_results.unwrap_or(5);
        if !(1..=100).contains(&limit) {
            return Err(validate::bad_request("MaxResults must be between 1 and 100"));
        }
        let offset = match request.next_token.as_deref() {
            None | Some("") => 0,
            Some(token) => token.parse::<usize>().map_err(|_| validate::bad_request("NextToken is not valid"))?,
        };
        let limit = limit as usize;
        let mut rows = self.store.list(request.status, request.job_name_contains.as_deref(), offset, limit + 1).await?;
        let next_token = (rows.len() > limit).then(|| (offset + limit).to_string());
        rows.truncate(limit);
        Ok(ListTranscriptionJobsResponse {
            status: request.status,
            next_token,
            transcription_job_summaries: rows.iter().map(summary).collect(),
        })
    }

    pub async fn delete(&self, name: &str) -> Result<(), ApiError> {
        let record = self.store.delete(name).await?.ok_or_else(|| not_found(name))?;
        self.media.remove(&record.media_path).await;
        Ok(())
    }

    /// A COMPLETED job's `transcript` (JSON), `srt` or `vtt`.
    pub async fn output(&self, name: &str, kind: &str) -> Result<String, ApiError> {
        if let Some(text) = self.store.output(name, kind).await? {
            return Ok(text);
        }
        let job = self.store.get(name).await?.ok_or_else(|| not_found(name))?;
        Err(validate::bad_request(format!(
            "the transcription job {name} is {}; its transcript is available once it is COMPLETED",
            job.status.as_str()
        )))
    }
}

fn conflict(name: &str) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::CONFLICT,
        "ConflictException",
        format!("The requested job name {name} already exists. Use a different job name."),
    )
}

fn not_found(name: &str) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::BAD_REQUEST,
        "NotFoundException",
        format!("The requested job {name} couldn't be found. Check the job name and try your request again."),
    )
}

fn uri(name: &str, extension: &str) -> String {
    format!("{TRANSCRIPTS_PATH}/{name}.{extension}")
}

pub fn describe(record: &JobRecord) -> TranscriptionJob {
    let completed = record.status == JobStatus::Completed;
    let formats: Vec<String> =
        record.subtitle_formats.split(',').filter(|f| !f.is_empty()).map(str::to_string).collect();
    TranscriptionJob {
        transcription_job_name: record.name.clone(),
        transcription_job_status: record.status,
        language_code: record.language_code.clone(),
        media_format: record.media_format.clone(),
        media_sample_rate_hertz: record.media_sample_rate,
        media: MediaOutput { media_file_uri: if completed { String::new() } else { record.media_path.clone() } },
        transcript: completed.then(|| TranscriptFile { transcript_file_uri: uri(&record.name, "json") }),
        creation_time: record.created_at,
        start_time: record.started_at,
        completion_time: record.completed_at,
        failure_reason: record.failure_reason.clone(),
        subtitles: (!formats.is_empty()).then(|| SubtitlesOutput {
            subtitle_file_uris: if completed {
                formats.iter().map(|f| uri(&record.name, f)).collect()
            } else {
                Vec::new()
            },
            formats,
            output_start_index: 1,
        }),
    }
}

fn summary(record: &JobRecord) -> TranscriptionJobSummary {
    TranscriptionJobSummary {
        transcription_job_name: record.name.clone(),
        transcription_job_status: record.status,
        language_code: record.language_code.clone(),
        creation_time: record.created_at,
        start_time: record.started_at,
        completion_time: record.completed_at,
        failure_reason: record.failure_reason.clone(),
    }
}
