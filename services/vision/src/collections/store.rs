//! Face collections in the embedded database. Every write is one transaction, committed before
//! the operation answers, so an acknowledged write survives a crash (WAL, synchronous=FULL).
//! Searches load the collection's embeddings and compare them in memory: fine for collections of
//! up to some hundred thousand faces.

use aigate_core::store::{Database, StoreError};
use sqlx::sqlite::SqlitePool;
use sqlx::{Row, SqliteConnection};
use tokio::sync::OnceCell;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS vision_collections (
    collection_id TEXT PRIMARY KEY,
    face_model_version TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS vision_faces (
    face_id TEXT PRIMARY KEY,
    collection_id TEXT NOT NULL REFERENCES vision_collections(collection_id) ON DELETE CASCADE,
    image_id TEXT NOT NULL,
    external_image_id TEXT,
    confidence REAL NOT NULL,
    box_left REAL NOT NULL,
    box_top REAL NOT NULL,
    box_width REAL NOT NULL,
    box_height REAL NOT NULL,
    embedding BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS vision_faces_by_collection ON vision_faces (collection_id);
";

#[derive(Debug, thiserror::Error)]
pub enum CollectionError {
    #[error("collection {0:?} does not exist")]
    NotFound(String),
    #[error("collection {0:?} already exists")]
    AlreadyExists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CollectionError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(StoreError::Query(error))
    }
}

/// A face as stored: where it was, and its embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredFace {
    pub face_id: String,
    pub image_id: String,
    pub external_image_id: Option<String>,
    /// 0–100.
    pub confidence: f32,
    /// Left, top, width, height as fractions of the image.
    pub bounding_box: [f32; 4],
    pub embedding: Vec<f32>,
}

/// One page of a listing, and where the next starts.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

pub struct CollectionStore {
    database: Database,
    pool: OnceCell<SqlitePool>,
}

impl CollectionStore {
    pub fn new(database: Database) -> Self {
        Self { database, pool: OnceCell::new() }
    }

    /// The pool, creating the tables on first use.
    async fn pool(&self) -> Result<&SqlitePool, CollectionError> {
        let pool = self.pool.get_or_try_init(|| async { self.database.with_schema(SCHEMA).await.cloned() }).await?;
        Ok(pool)
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so it waits
    /// for other writers instead of failing when it reads before it writes.
    async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, CollectionError> {
        Ok(self.pool().await?.begin_with("BEGIN IMMEDIATE").await?)
    }

    pub async fn create(&self, collection_id: &str, face_model_version: &str) -> Result<(), CollectionError> {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
        let mut tx = self.write().await?;
        let inserted = sqlx::query(
            "INSERT INTO vision_collections (collection_id, face_model_version, created_at) VALUES (?, ?, ?) \
             ON CONFLICT (collection_id) DO NOTHING",
        )
        .bind(collection_id)
        .bind(face_model_version)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(CollectionError::AlreadyExists(collection_id.to_string()));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Collection ids and face model versions in id order, after `next_token`.
    pub async fn list(
        &self,
        limit: usize,
        next_token: Option<&str>,
    ) -> Result<Page<(String, String)>, CollectionError> {
        let rows = sqlx::query(
            "SELECT collection_id, face_model_version FROM vision_collections WHERE collection_id > ? \
             ORDER BY collection_id LIMIT ?",
        )
        .bind(next_token.unwrap_or(""))
        .bind(limit as i64 + 1)
        .fetch_all(self.pool().await?)
        .await?;
        let mut items: Vec<(String, String)> =
            rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, sqlx::Error>>()?;
        let next_token = if items.len() > limit {
            items.truncate(limit);
            items.last().map(|(id, _)| id.clone())
        } else {
            None
        };
        Ok(Page { items, next_token })
    }

    /// Deletes the collection and its faces.
    pub async fn delete(&self, collection_id: &str) -> Result<(), CollectionError> {
        let mut tx = self.write().await?;
        let deleted = sqlx::query("DELETE FROM vision_collections WHERE collection_id = ?")
            .bind(collection_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if deleted == 0 {
            return Err(CollectionError::NotFound(collection_id.to_string()));
        }
        tx.commit().await?;
        Ok(())
    }

    /// The collection's face model version, or NotFound.
    pub async fn model_version(&self, collection_id: &str) -> Result<String, CollectionError> {
        let mut connection = self.pool().await?.acquire().await?;
        version_of(&mut connection, collection_id).await
    }

    /// Adds faces to the collection, all or none.
    pub async fn add_faces(&self, collection_id: &str, faces: &[StoredFace]) -> Result<(), CollectionError> {
        let mut tx = self.write().await?;
        version_of(&mut tx, collection_id).await?;
        for face in faces {
            let [left, top, width, height] = face.bounding_box;
            sqlx::query(
                "INSERT INTO vision_faces (face_id, collection_id, image_id, external_image_id, confidence, \
                 box_left, box_top, box_width, box_height, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&face.face_id)
            .bind(collection_id)
            .bind(&face.image_id)
            .bind(&face.external_image_id)
            .bind(face.confidence)
            .bind(left)
            .bind(top)
            .bind(width)
            .bind(height)
            .bind(to_bytes(&face.embedding))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The collection's faces in the order they were indexed, after `next_token`.
    pub async fn list_faces(
        &self,
        collection_id: &str,
        limit: usize,
        next_token: Option<i64>,
    ) -> Result<Page<StoredFace>, CollectionError> {
        let mut connection = self.pool().await?.acquire().await?;
        version_of(&mut connection, collection_id).await?;
        let rows = sqlx::query(
            "SELECT rowid, face_id, image_id, external_image_id, confidence, box_left, box_top, box_width, \
             box_height, embedding FROM vision_faces WHERE collection_id = ? AND rowid > ? ORDER BY rowid LIMIT ?",
        )
        .bind(collection_id)
        .bind(next_token.unwrap_or(0))
        .bind(limit as i64 + 1)
        .fetch_all(&mut *connection)
        .await?;
        let mut items = Vec::with_capacity(rows.len());
        let mut last_rowid = 0;
        for row in rows.iter().take(limit) {
            last_rowid = row.try_get::<i64, _>(0)?;
            items.push(face_of(row)?);
        }
        let next_token = (rows.len() > limit).then(|| last_rowid.to_string());
        Ok(Page { items, next_token })
    }

    /// Every face of the collection (for searches).
    pub async fn all_faces(&self, collection_id: &str) -> Result<Vec<StoredFace>, CollectionError> {
        let mut connection = self.pool().await?.acquire().await?;
        version_of(&mut connection, collection_id).await?;
        let rows = sqlx::query(
            "SELECT rowid, face_id, image_id, external_image_id, confidence, box_left, box_top, box_width, \
             box_height, embedding FROM vision_faces WHERE collection_id = ? ORDER BY rowid",
        )
        .bind(collection_id)
        .fetch_all(&mut *connection)
        .await?;
        rows.iter().map(face_of).collect()
    }

    /// Deletes the listed faces; returns the ids that were deleted, in the order given.
    pub async fn delete_faces(&self, collection_id: &str, face_ids: &[String]) -> Result<Vec<String>, CollectionError> {
        let mut tx = self.write().await?;
        version_of(&mut tx, collection_id).await?;
        let mut deleted = Vec::new();
        for face_id in face_ids {
            let rows = sqlx::query("DELETE FROM vision_faces WHERE collection_id = ? AND face_id = ?")
                .bind(collection_id)
                .bind(face_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if rows > 0 {
                deleted.push(face_id.clone());
            }
        }
        tx.commit().await?;
        Ok(deleted)
    }
}

async fn version_of(connection: &mut SqliteConnection, collection_id: &str) -> Result<String, CollectionError> {
    sqlx::query_scalar("SELECT face_model_version FROM vision_collections WHERE collection_id = ?")
        .bind(collection_id)
        .fetch_optional(connection)
        .await?
        .ok_or_else(|| CollectionError::NotFound(collection_id.to_string()))
}

fn face_of(row: &sqlx::sqlite::SqliteRow) -> Result<StoredFace, CollectionError> {
    let bytes: Vec<u8> = row.try_get(9)?;
    Ok(StoredFace {
        face_id: row.try_get(1)?,
        image_id: row.try_get(2)?,
        external_image_id: row.try_get(3)?,
        confidence: row.try_get(4)?,
        bounding_box: [row.try_get(5)?, row.try_get(6)?, row.try_get(7)?, row.try_get(8)?],
        embedding: from_bytes(&bytes),
    })
}

fn to_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(id: &str) -> StoredFace {
        StoredFace {
            face_id: id.into(),
            image_id: "image".into(),
            external_image_id: Some("ada.jpg".into()),
            confidence: 99.5,
            bounding_box: [0.1, 0.2, 0.3, 0.4],
            embedding: vec![0.25, -1.5, 3.0],
        }
    }

    #[tokio::test]
    async fn collections_and_faces_round_trip_and_survive_reopening() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = CollectionStore::new(Database::in_dir(dir.path()));
        store.create("staff", "v1").await.expect("create");
        assert!(matches!(store.create("staff", "v1").await, Err(CollectionError::AlreadyExists(_))));
        assert!(matches!(store.add_faces("nobody", &[face("x")]).await, Err(CollectionError::NotFound(_))));
        store.add_faces("staff", &[face("a"), face("b"), face("c")]).await.expect("add");

        let reopened = CollectionStore::new(Database::in_dir(dir.path()));
        let first = reopened.list_faces("staff", 2, None).await.expect("list");
        assert_eq!(first.items, [face("a"), face("b")]);
        let token = first.next_token.and_then(|t| t.parse().ok());
        let rest = reopened.list_faces("staff", 2, token).await.expect("page 2");
        assert_eq!((rest.items.len(), rest.next_token), (1, None));

        let deleted = reopened.delete_faces("staff", &["b".into(), "zzz".into()]).await.expect("delete");
        assert_eq!(deleted, ["b"]);
        assert_eq!(reopened.all_faces("staff").await.expect("all").len(), 2);
        store.create("alpha", "v1").await.expect("create");
        let listed = reopened.list(1, None).await.expect("list");
        assert_eq!((listed.items[0].0.as_str(), listed.next_token.as_deref()), ("alpha", Some("alpha")));
        reopened.delete("staff").await.expect("delete collection");
        assert!(matches!(reopened.all_faces("staff").await, Err(CollectionError::NotFound(_))));
        assert!(matches!(reopened.delete("staff").await, Err(CollectionError::NotFound(_))));
    }
}
