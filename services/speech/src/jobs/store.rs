//! Transcription jobs in the embedded database (one table; SQL stays in this file). Rows are
//! written after their media file is on disk, so a committed job always has its media.

use super::api::JobStatus;
use aigate_core::store::{Database, StoreError};
use sqlx::{Row, SqlitePool};
use std::time::{SystemTime, UNIX_EPOCH};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS speech_transcription_jobs (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    language_code TEXT NOT NULL,
    media_format TEXT,
    media_sample_rate INTEGER,
    media_path TEXT NOT NULL,
    subtitle_formats TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    started_at REAL,
    completed_at REAL,
    failure_reason TEXT,
    transcript TEXT,
    srt TEXT,
    vtt TEXT
);
CREATE INDEX IF NOT EXISTS speech_transcription_jobs_by_status ON speech_transcription_jobs (status, created_at);
";

/// A job row (without its outputs).
#[derive(Debug, Clone, PartialEq)]
pub struct JobRecord {
    pub name: String,
    pub status: JobStatus,
    pub language_code: String,
    pub media_format: Option<String>,
    pub media_sample_rate: Option<u32>,
    pub media_path: String,
    /// `srt`, `vtt`, comma-separated.
    pub subtitle_formats: String,
    pub created_at: f64,
    pub started_at: Option<f64>,
    pub completed_at: Option<f64>,
    pub failure_reason: Option<String>,
}

/// A finished job's outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct JobOutputs {
    pub transcript: String,
    pub srt: String,
    pub vtt: String,
}

pub fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| (d.as_secs_f64() * 1000.0).round() / 1000.0)
}

#[derive(Clone)]
pub struct JobStore {
    pool: SqlitePool,
}

const COLUMNS: &str = "name, status, language_code, media_format, media_sample_rate, media_path, subtitle_formats, \
    created_at, started_at, completed_at, failure_reason";

fn record(row: &sqlx::sqlite::SqliteRow) -> Result<JobRecord, sqlx::Error> {
    let status: String = row.try_get("status")?;
    Ok(JobRecord {
        name: row.try_get("name")?,
        status: JobStatus::parse(&status).unwrap_or(JobStatus::Failed),
        language_code: row.try_get("language_code")?,
        media_format: row.try_get("media_format")?,
        media_sample_rate: row.try_get::<Option<i64>, _>("media_sample_rate")?.and_then(|r| u32::try_from(r).ok()),
        media_path: row.try_get("media_path")?,
        subtitle_formats: row.try_get("subtitle_formats")?,
        created_at: row.try_get("created_at")?,
        started_at: row.try_get("started_at")?,
        completed_at: row.try_get("completed_at")?,
        failure_reason: row.try_get("failure_reason")?,
    })
}

impl JobStore {
    pub async fn open(database: &Database) -> Result<Self, StoreError> {
        Ok(Self { pool: database.with_schema(SCHEMA).await?.clone() })
    }

    /// Adds a QUEUED job; false when the name is taken.
    pub async fn insert(&self, job: &JobRecord) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "INSERT INTO speech_transcription_jobs (name, status, language_code, media_format, media_sample_rate, \
             media_path, subtitle_formats, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
        )
        .bind(&job.name)
        .bind(job.status.as_str())
        .bind(&job.language_code)
        .bind(&job.media_format)
        .bind(job.media_sample_rate.map(i64::from))
        .bind(&job.media_path)
        .bind(&job.subtitle_formats)
        .bind(job.created_at)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn exists(&self, name: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM speech_transcription_jobs WHERE name = ?")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    pub async fn get(&self, name: &str) -> Result<Option<JobRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM speech_transcription_jobs WHERE name = ?"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// Jobs newest first, filtered by status and a name substring, from `offset`.
    pub async fn list(
        &self,
        status: Option<JobStatus>,
        name_contains: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<JobRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM speech_transcription_jobs WHERE (?1 IS NULL OR status = ?1) \
             AND (?2 IS NULL OR instr(lower(name), lower(?2)) > 0) ORDER BY created_at DESC, name LIMIT ?3 OFFSET ?4"
        ))
        .bind(status.map(JobStatus::as_str))
        .bind(name_contains)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(record).collect::<Result<_, _>>()?)
    }

    /// The oldest QUEUED job, marked IN_PROGRESS.
    pub async fn claim_next(&self) -> Result<Option<JobRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "UPDATE speech_transcription_jobs SET status = 'IN_PROGRESS', started_at = ? WHERE name = \
             (SELECT name FROM speech_transcription_jobs WHERE status = 'QUEUED' ORDER BY created_at, name LIMIT 1) \
             RETURNING {COLUMNS}"
        ))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }

    /// Puts jobs a previous process left IN_PROGRESS back in the queue; returns how many.
    pub async fn requeue_interrupted(&self) -> Result<u64, StoreError> {
        let result = sqlx::query("UPDATE speech_transcription_jobs SET status = 'QUEUED' WHERE status = 'IN_PROGRESS'")
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected())
    }

    pub async fn complete(&self, name: &str, outputs: &JobOutputs) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE speech_transcription_jobs SET status = 'COMPLETED', completed_at = ?, transcript = ?, srt = ?, \
             vtt = ? WHERE name = ? AND status = 'IN_PROGRESS'",
        )
        .bind(now())
        .bind(&outputs.transcript)
        .bind(&outputs.srt)
        .bind(&outputs.vtt)
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn fail(&self, name: &str, reason: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE speech_transcription_jobs SET status = 'FAILED', completed_at = ?, failure_reason = ? \
             WHERE name = ? AND status = 'IN_PROGRESS'",
        )
        .bind(now())
        .bind(reason)
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// One output of a COMPLETED job: `transcript`, `srt` or `vtt`.
    pub async fn output(&self, name: &str, kind: &str) -> Result<Option<String>, StoreError> {
        let column = match kind {
            "srt" => "srt",
            "vtt" => "vtt",
            _ => "transcript",
        };
        let value: Option<Option<String>> = sqlx::query_scalar(&format!(
            "SELECT {column} FROM speech_transcription_jobs WHERE name = ? AND status = 'COMPLETED'"
        ))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        Ok(value.flatten())
    }

    /// Removes a job; returns its record if there was one.
    pub async fn delete(&self, name: &str) -> Result<Option<JobRecord>, StoreError> {
        let row = sqlx::query(&format!("DELETE FROM speech_transcription_jobs WHERE name = ? RETURNING {COLUMNS}"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(record).transpose()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(name: &str, created_at: f64) -> JobRecord {
        JobRecord {
            name: name.into(),
            status: JobStatus::Queued,
            language_code: "en-US".into(),
            media_format: Some("wav".into()),
            media_sample_rate: None,
            media_path: format!("/m/{name}"),
            subtitle_formats: String::new(),
            created_at,
            started_at: None,
            completed_at: None,
            failure_reason: None,
        }
    }

    #[tokio::test]
    async fn jobs_move_through_their_states_and_survive_a_reopen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = JobStore::open(&Database::in_dir(dir.path())).await.expect("open");
        assert!(store.insert(&job("a", 1.0)).await.expect("insert"));
        assert!(store.insert(&job("b", 2.0)).await.expect("insert"));
        assert!(!store.insert(&job("a", 3.0)).await.expect("duplicate"));
        let claimed = store.claim_next().await.expect("claim").expect("a job");
        assert_eq!((claimed.name.as_str(), claimed.status), ("a", JobStatus::InProgress));

        // A restart: the interrupted job goes back to the queue, first in line again.
        let store = JobStore::open(&Database::in_dir(dir.path())).await.expect("reopen");
        assert_eq!(store.requeue_interrupted().await.expect("requeue"), 1);
        let claimed = store.claim_next().await.expect("claim").expect("a job");
        assert_eq!(claimed.name, "a");
        let outputs = JobOutputs { transcript: "{}".into(), srt: "1".into(), vtt: "WEBVTT".into() };
        store.complete("a", &outputs).await.expect("complete");
        assert_eq!(store.output("a", "srt").await.expect("srt").as_deref(), Some("1"));
        assert_eq!(store.output("b", "srt").await.expect("not done"), None);

        let listed = store.list(None, None, 0, 10).await.expect("list");
        assert_eq!(listed.iter().map(|j| j.name.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        let done = store.list(Some(JobStatus::Completed), Some("A"), 0, 10).await.expect("filter");
        assert_eq!(done.len(), 1);
        assert!(store.delete("a").await.expect("delete").is_some());
        assert!(!store.exists("a").await.expect("exists"));
    }
}
