//! The background runner: takes the oldest QUEUED job, transcribes its media, and stores the
//! transcript JSON and subtitles (COMPLETED) or the reason it could not (FAILED).

use super::Jobs;
use super::store::{JobOutputs, JobRecord};
use crate::transcription::transcript::Transcript;
use crate::transcription::{SpeechToText, subtitles, validate};
use std::sync::Arc;
use std::time::Duration;

/// Runs jobs one at a time, forever.
pub async fn run(jobs: Jobs, stt: SpeechToText, max_seconds: u64) {
    loop {
        match jobs.store.claim_next().await {
            Ok(Some(job)) => process(&jobs, &stt, job, max_seconds).await,
            Ok(None) => {
                let _ = tokio::time::timeout(Duration::from_secs(5), jobs.wake.notified()).await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot read the transcription job queue");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

async fn process(jobs: &Jobs, stt: &SpeechToText, job: JobRecord, max_seconds: u64) {
    tracing::info!(job = %job.name, "transcription job started");
    let outcome = transcribe(stt, &job, max_seconds).await;
    let saved = match &outcome {
        Ok(outputs) => jobs.store.complete(&job.name, outputs).await,
        Err(reason) => jobs.store.fail(&job.name, reason).await,
    };
    match (saved, outcome) {
        (Err(error), _) => tracing::error!(job = %job.name, %error, "cannot save the transcription job"),
        (Ok(()), Ok(_)) => {
            tracing::info!(job = %job.name, "transcription job completed");
            jobs.media.remove(&job.media_path).await;
        }
        (Ok(()), Err(reason)) => tracing::warn!(job = %job.name, %reason, "transcription job failed"),
    }
}

/// The job's outputs, or why there are none (a FailureReason).
async fn transcribe(stt: &SpeechToText, job: &JobRecord, max_seconds: u64) -> Result<JobOutputs, String> {
    let bytes = tokio::fs::read(&job.media_path).await.map_err(|e| format!("the media file cannot be read: {e}"))?;
    let samples = tokio::task::spawn_blocking(move || validate::decode_audio(&bytes, max_seconds))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.message)?;
    let name = job.name.clone();
    let recognized = stt
        .transcribe(Arc::new(samples), move |done| tracing::debug!(job = %name, done, "transcription progress"))
        .await
        .map_err(|e| format!("transcription failed: {}", e.message))?;
    // Transcribe's transcript file: the results plus the job's name and status.
    let mut transcript =
        serde_json::to_value(Transcript::from_words(&recognized.text, &recognized.words)).map_err(|e| e.to_string())?;
    transcript["jobName"] = job.name.clone().into();
    transcript["status"] = "COMPLETED".into();
    Ok(JobOutputs {
        transcript: transcript.to_string(),
        srt: subtitles::srt(&recognized.words),
        vtt: subtitles::vtt(&recognized.words),
    })
}
