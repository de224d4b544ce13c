//! Sentence embeddings (all-MiniLM-L6-v2) served through core's dynamic-batching worker, so
//! concurrent requests share model runs; cosine similarity; zero-shot classification against
//! cached label embeddings.

pub mod minilm;
pub mod zero_shot;

use crate::embed::minilm::MiniLm;
use crate::transformer::{load_tokenizer, tokenize};
use aigate_core::ApiError;
use aigate_core::batch::{BatchOptions, BatchWorker};
use aigate_core::runtime::{RuntimeError, load_session};
use std::path::Path;
use std::sync::Arc;
use tokenizers::Tokenizer;

/// The model's name in responses and metrics.
pub const MODEL_ID: &str = "all-minilm-l6-v2-int8";
/// Its vector width.
pub const DIMENSIONS: usize = 384;
/// Tokens read per text (sentence-transformers' setting for this model).
pub const MAX_TOKENS: usize = 256;

pub struct Embedder {
    tokenizer: Arc<Tokenizer>,
    worker: BatchWorker<MiniLm>,
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    // Both are unit vectors.
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Embedder {
    pub fn load(model: &Path, tokenizer: &Path, options: BatchOptions) -> Result<Self, RuntimeError> {
        let tokenizer = load_tokenizer(tokenizer, MAX_TOKENS)
            .map_err(|e| crate::service::load_error(tokenizer.to_path_buf(), e))?;
        let session = load_session(model)?;
        let worker = BatchWorker::spawn("embedding", MiniLm { session }, options)
            .map_err(|e| crate::service::load_error(model.to_path_buf(), format!("could not start its worker: {e}")))?;
        Ok(Self { tokenizer: Arc::new(tokenizer), worker })
    }

    pub fn worker(&self) -> &BatchWorker<MiniLm> {
        &self.worker
    }

    /// One unit vector per text, in order. Texts are tokenized off the async threads, then
    /// queued one by one so the worker can batch them with other requests' texts.
    pub async fn embed(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, ApiError> {
        let tokenizer = self.tokenizer.clone();
        let tokens = tokio::task::spawn_blocking(move || {
            texts.iter().map(|t| tokenize(&tokenizer, t)).collect::<Result<Vec<_>, ApiError>>()
        })
        .await
        .map_err(ApiError::internal)??;
        futures::future::join_all(tokens.into_iter().map(|t| self.worker.run(t))).await.into_iter().collect()
    }
}
