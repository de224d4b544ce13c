//! The wire types of Amazon Transcribe's job operations: StartTranscriptionJob,
//! GetTranscriptionJob, ListTranscriptionJobs and DeleteTranscriptionJob, field for field.
//! The media is uploaded with the start request (inline `Media.Bytes`, or the raw body).

use crate::transcription::api::Media;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Queued,
    InProgress,
    Completed,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "QUEUED",
            Self::InProgress => "IN_PROGRESS",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Queued, Self::InProgress, Self::Completed, Self::Failed].into_iter().find(|s| s.as_str() == value)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Subtitles {
    /// `srt` and/or `vtt`.
    #[serde(default)]
    #[schema(example = json!(["srt", "vtt"]))]
    pub formats: Vec<String>,
    /// The number of the first SubRip cue; only 1 is supported (Transcribe's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_start_index: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct StartTranscriptionJobRequest {
    /// Unique among this gateway's jobs: 1 to 200 of `0-9a-zA-Z._-`.
    #[schema(example = "meeting-2024-05-01")]
    pub transcription_job_name: String,
    /// `en-US` (default) or another English variant; the model is English-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "en-US")]
    pub language_code: Option<String>,
    /// `wav`, `flac`, `mp3` or `ogg`; informative (the format is detected from the bytes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "wav")]
    pub media_format: Option<String>,
    /// Informative: any rate is resampled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_sample_rate_hertz: Option<u32>,
    pub media: Media,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitles: Option<Subtitles>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct JobNameRequest {
    #[schema(example = "meeting-2024-05-01")]
    pub transcription_job_name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ListTranscriptionJobsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_name_contains: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// 1 to 100 (default 5, as Transcribe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TranscriptFile {
    /// Where the transcript JSON is served (GET, same authentication).
    #[schema(example = "/v1/speech/transcripts/meeting-2024-05-01.json")]
    pub transcript_file_uri: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SubtitlesOutput {
    pub formats: Vec<String>,
    #[schema(example = json!(["/v1/speech/transcripts/meeting-2024-05-01.srt"]))]
    pub subtitle_file_uris: Vec<String>,
    pub output_start_index: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct MediaOutput {
    /// Where the uploaded media was kept on the gateway (aigate-specific; empty once processed).
    pub media_file_uri: String,
}

/// A job as Transcribe describes it. Times are Unix epoch seconds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TranscriptionJob {
    pub transcription_job_name: String,
    pub transcription_job_status: JobStatus,
    pub language_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_sample_rate_hertz: Option<u32>,
    pub media: MediaOutput,
    /// Set once the job is COMPLETED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<TranscriptFile>,
    #[schema(example = 1714557600.5)]
    pub creation_time: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<f64>,
    /// Why a FAILED job failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitles: Option<SubtitlesOutput>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TranscriptionJobResponse {
    pub transcription_job: TranscriptionJob,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TranscriptionJobSummary {
    pub transcription_job_name: String,
    pub transcription_job_status: JobStatus,
    pub language_code: String,
    pub creation_time: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ListTranscriptionJobsResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<JobStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub transcription_job_summaries: Vec<TranscriptionJobSummary>,
}

/// DeleteTranscriptionJob answers an empty object.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Empty {}
