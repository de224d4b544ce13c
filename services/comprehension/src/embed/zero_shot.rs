//! Zero-shot classification: the cosine between the text's embedding and each label's
//! embedding of "This text is about {label}.", turned into probabilities by a softmax at
//! temperature [`TEMPERATURE`]. Label embeddings are cached (up to [`CACHE_LIMIT`] labels).

use crate::api::DocumentClass;
use crate::embed::{Embedder, cosine};
use aigate_core::ApiError;
use std::collections::HashMap;
use std::sync::Mutex;

pub const TEMPLATE: &str = "This text is about {}.";
pub const TEMPERATURE: f32 = 20.0;
const CACHE_LIMIT: usize = 10_000;

#[derive(Default)]
pub struct LabelCache {
    vectors: Mutex<HashMap<String, Vec<f32>>>,
    misses: std::sync::atomic::AtomicU64,
}

impl LabelCache {
    /// Labels embedded so far (a cache miss each).
    pub fn misses(&self) -> u64 {
        self.misses.load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn vectors(&self, embedder: &Embedder, labels: &[String]) -> Result<Vec<Vec<f32>>, ApiError> {
        let missing: Vec<String> = {
            let cache = self.vectors.lock().unwrap_or_else(|p| p.into_inner());
            labels.iter().filter(|l| !cache.contains_key(*l)).cloned().collect()
        };
        if !missing.is_empty() {
            let prompts = missing.iter().map(|l| TEMPLATE.replace("{}", l)).collect();
            let embedded = embedder.embed(prompts).await?;
            self.misses.fetch_add(missing.len() as u64, std::sync::atomic::Ordering::Relaxed);
            let mut cache = self.vectors.lock().unwrap_or_else(|p| p.into_inner());
            if cache.len() + missing.len() > CACHE_LIMIT {
                cache.clear();
            }
            cache.extend(missing.into_iter().zip(embedded));
        }
        let cache = self.vectors.lock().unwrap_or_else(|p| p.into_inner());
        labels
            .iter()
            .map(|l| cache.get(l).cloned().ok_or_else(|| ApiError::internal("label cache lost an entry")))
            .collect()
    }

    /// Every label with its probability, best first.
    pub async fn classify(
        &self,
        embedder: &Embedder,
        text: String,
        labels: &[String],
    ) -> Result<Vec<DocumentClass>, ApiError> {
        let label_vectors = self.vectors(embedder, labels).await?;
        let text_vector = embedder.embed(vec![text]).await?.pop().ok_or_else(|| ApiError::internal("no embedding"))?;
        let logits: Vec<f32> = label_vectors.iter().map(|v| cosine(&text_vector, v) * TEMPERATURE).collect();
        let mut classes: Vec<DocumentClass> = labels
            .iter()
            .zip(softmax(&logits))
            .map(|(name, score)| DocumentClass { name: name.clone(), score })
            .collect();
        classes.sort_by(|a, b| b.score.total_cmp(&a.score));
        Ok(classes)
    }
}

pub fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn softmax_sums_to_one_and_keeps_order() {
        let p = super::softmax(&[2.0, 1.0, 0.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[0] > p[1] && p[1] > p[2]);
    }
}
