//! The embedded database where state that must survive restarts lives (face collections,
//! transcription jobs). SQLite through sqlx by default: WAL journal and `synchronous=FULL`, so a
//! write that was acknowledged survives a crash. The file is opened on first use, so services that
//! keep no state never create it. Services keep their SQL behind small store types of their own,
//! so another backend (a shared PostgreSQL for several replicas) can take its place later.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OnceCell;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store url `{0}` is not supported: use sqlite://PATH (PostgreSQL is not implemented yet)")]
    UnsupportedUrl(String),
    #[error("cannot open the database {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// A handle on the database; cheap to clone, opened lazily.
#[derive(Clone, Debug)]
pub struct Database {
    url: String,
    pool: Arc<OnceCell<SqlitePool>>,
}

impl Database {
    /// `sqlite://PATH` (relative paths are relative to the working directory). Checks the URL only.
    pub fn new(url: impl Into<String>) -> Result<Self, StoreError> {
        let url = url.into();
        if !url.starts_with("sqlite:") {
            return Err(StoreError::UnsupportedUrl(url));
        }
        Ok(Self { url, pool: Arc::new(OnceCell::new()) })
    }

    /// A fresh database in `dir` (for tests).
    pub fn in_dir(dir: &std::path::Path) -> Self {
        Self { url: format!("sqlite://{}", dir.join("aigate.db").display()), pool: Arc::new(OnceCell::new()) }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The connection pool, opening the file (and its folder) on first use.
    pub async fn pool(&self) -> Result<&SqlitePool, StoreError> {
        self.pool.get_or_try_init(|| self.open()).await
    }

    /// Runs `schema` (idempotent `CREATE … IF NOT EXISTS` statements) and returns the pool.
    pub async fn with_schema(&self, schema: &str) -> Result<&SqlitePool, StoreError> {
        let pool = self.pool().await?;
        sqlx::raw_sql(schema).execute(pool).await?;
        Ok(pool)
    }

    async fn open(&self) -> Result<SqlitePool, StoreError> {
        let options = SqliteConnectOptions::from_str(&self.url)
            .map_err(|source| StoreError::Open { url: self.url.clone(), source })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        if let Some(folder) = options.get_filename().parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder)
                .map_err(|source| StoreError::Folder { path: folder.to_path_buf(), source })?;
        }
        SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open { url: self.url.clone(), source })
    }
}

impl From<StoreError> for crate::ApiError {
    fn from(error: StoreError) -> Self {
        crate::ApiError::internal(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_backends_are_refused_clearly() {
        let error = Database::new("postgres://db/aigate").expect_err("not sqlite");
        assert!(error.to_string().contains("PostgreSQL is not implemented"), "{error}");
    }

    #[tokio::test]
    async fn writes_survive_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let schema = "CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL);";
        let first = Database::in_dir(&dir.path().join("nested"));
        let pool = first.with_schema(schema).await.expect("open");
        sqlx::query("INSERT INTO kv (k, v) VALUES (?, ?)").bind("a").bind("1").execute(pool).await.expect("insert");
        pool.close().await;

        let second = Database::in_dir(&dir.path().join("nested"));
        let pool = second.with_schema(schema).await.expect("reopen");
        let value: String =
            sqlx::query_scalar("SELECT v FROM kv WHERE k = ?").bind("a").fetch_one(pool).await.expect("select");
        assert_eq!(value, "1");
    }
}
