//! The service: its models and operations. No HTTP here; `routes.rs` is the transport.
//! CPU-bound work runs on the blocking pool, models on their workers.

use crate::SERVICE_NAME;
use crate::api::{
    DocumentClass, DominantLanguage, Entity, KeyPhrase, PiiEntity, PiiLabel, Sentiment, SentimentScore, ToxicResult,
};
use crate::config::ComprehensionConfig;
use crate::custom::OnnxModelConfig;
use crate::custom::sequence::SequenceClassifier;
use crate::custom::token::TokenClassifier;
use crate::embed::Embedder;
use crate::embed::zero_shot::LabelCache;
use crate::entities::english::EnglishEngine;
use crate::entities::gazetteer::Gazetteer;
use crate::entities::lac::Lac;
use crate::language::LanguageIdentifier;
use crate::sentiment::vader::Vader;
use crate::text::{self, BATCH_LIMIT, DEFAULT_LIMIT, EMBED_LIMIT, SENTIMENT_LIMIT};
use crate::toxicity::Profanity;
use crate::{entities, files, key_phrases, pii, sentiment};
use aigate_core::batch::BatchOptions;
use aigate_core::runtime::RuntimeError;
use aigate_core::{ApiError, ModelWorker, ServiceContext};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Languages of the VADER lexicon.
pub const SENTIMENT_LANGUAGES: &[&str] = &["en"];
/// Languages of the PII rules (names and dates come from the English entity engine).
pub const PII_LANGUAGES: &[&str] = &["en"];
/// Languages of DetectEntities: the English rules and Chinese LAC.
/// Languages of the profanity model.
pub const TOXIC_LANGUAGES: &[&str] = &["en"];
/// Segments per DetectToxicContent request (Comprehend: 10).
pub const TOXIC_SEGMENTS: usize = 10;
pub const ENTITY_LANGUAGES: &[&str] = &["en", "zh"];

pub struct ComprehensionService {
    config: ComprehensionConfig,
    language: Arc<LanguageIdentifier>,
    vader: Arc<Vader>,
    gazetteer: Arc<Gazetteer>,
    embedder: Embedder,
    labels: LabelCache,
    lac: ModelWorker<Lac>,
    profanity: ModelWorker<Profanity>,
    custom_sentiment: Option<Custom<SequenceClassifier>>,
    custom_entities: Option<Custom<TokenClassifier>>,
}

/// A configured ONNX model on its worker, and the languages it serves.
struct Custom<M> {
    worker: ModelWorker<M>,
    languages: Vec<String>,
}

fn custom<M: Send + 'static>(
    name: &str,
    config: &Option<OnnxModelConfig>,
    dir: &Path,
    queue_capacity: usize,
    load: impl FnOnce(&OnnxModelConfig, &Path) -> Result<M, String>,
) -> Result<Option<Custom<M>>, RuntimeError> {
    let Some(config) = config else { return Ok(None) };
    let path = config.resolve(dir, &config.model);
    let model = load(config, dir).map_err(|e| load_error(path.clone(), e))?;
    let worker = ModelWorker::spawn(name, model, queue_capacity).map_err(|e| load_error(path, e.to_string()))?;
    Ok(Some(Custom { worker, languages: config.languages.clone() }))
}

impl<M> Custom<M> {
    fn serves(&self, code: Option<&str>) -> bool {
        code.is_some_and(|c| self.languages.iter().any(|l| l == c.trim()))
    }
}

/// `base` plus the languages of a configured model.
fn languages<'a, M>(base: &[&'a str], custom: &'a Option<Custom<M>>) -> Vec<&'a str> {
    let mut all = base.to_vec();
    for l in custom.iter().flat_map(|c| &c.languages) {
        if !all.contains(&l.as_str()) {
            all.push(l);
        }
    }
    all
}

/// Reads a text file of the service's model folder.
pub(crate) fn read_model_text(dir: &Path, file: &str) -> Result<String, RuntimeError> {
    let path = dir.join(file);
    if !path.is_file() {
        return Err(RuntimeError::ModelMissing(path));
    }
    std::fs::read_to_string(&path).map_err(|e| RuntimeError::ModelLoad { path, message: e.to_string() })
}

pub(crate) fn load_error(path: PathBuf, message: impl Into<String>) -> RuntimeError {
    RuntimeError::ModelLoad { path, message: message.into() }
}

/// Runs CPU-bound work off the async threads.
async fn blocking<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> Result<R, ApiError> {
    tokio::task::spawn_blocking(work).await.map_err(ApiError::internal)
}

impl ComprehensionService {
    pub fn load(config: &ComprehensionConfig, model_dir: &Path) -> Result<Self, RuntimeError> {
        let dir = model_dir.join(SERVICE_NAME);
        let vader =
            Vader::new(&read_model_text(&dir, files::VADER_LEXICON)?, &read_model_text(&dir, files::VADER_EMOJIS)?)
                .map_err(|e| load_error(dir.join(files::VADER_LEXICON), e))?;
        Ok(Self {
            config: config.clone(),
            language: Arc::new(LanguageIdentifier::new()),
            vader: Arc::new(vader),
            gazetteer: Arc::new(Gazetteer::load(&dir)?),
            embedder: Embedder::load(
                &dir.join(files::MINILM),
                &dir.join(files::MINILM_TOKENIZER),
                BatchOptions {
                    max_batch: config.embed_max_batch,
                    max_delay: Duration::from_millis(config.embed_max_delay_ms),
                    queue_capacity: config.queue_capacity,
                },
            )?,
            labels: LabelCache::default(),
            lac: ModelWorker::spawn("lac", Lac::load(&dir)?, config.queue_capacity)
                .map_err(|e| load_error(dir.join(files::LAC_MODEL), format!("could not start its worker: {e}")))?,
            profanity: ModelWorker::spawn(
                "profanity",
                Profanity::load(&dir.join(files::PROFANITY))?,
                config.queue_capacity,
            )
            .map_err(|e| load_error(dir.join(files::PROFANITY), format!("could not start its worker: {e}")))?,
            custom_sentiment: custom(
                "sentiment-model",
                &config.sentiment_model,
                &dir,
                config.queue_capacity,
                SequenceClassifier::load,
            )?,
            custom_entities: custom(
                "entity-model",
                &config.entity_model,
                &dir,
                config.queue_capacity,
                TokenClassifier::load,
            )?,
        })
    }

    pub fn config(&self) -> &ComprehensionConfig {
        &self.config
    }

    /// VADER's English plus a configured model's languages.
    pub fn sentiment_languages(&self) -> Vec<&str> {
        languages(SENTIMENT_LANGUAGES, &self.custom_sentiment)
    }

    /// The rule engine's English, LAC's Chinese, plus a configured model's languages.
    pub fn entity_languages(&self) -> Vec<&str> {
        languages(ENTITY_LANGUAGES, &self.custom_entities)
    }

    pub async fn dominant_language(&self, text: String) -> Result<Vec<DominantLanguage>, ApiError> {
        text::check(&text, DEFAULT_LIMIT)?;
        let language = self.language.clone();
        blocking(move || language.detect(&text)).await
    }

    pub async fn sentiment(&self, text: String, code: Option<&str>) -> Result<(Sentiment, SentimentScore), ApiError> {
        text::language(code, &self.sentiment_languages(), "DetectSentiment")?;
        text::check(&text, SENTIMENT_LIMIT)?;
        if let Some(model) = self.custom_sentiment.as_ref().filter(|m| m.serves(code)) {
            let outcome = model
                .worker
                .run(move |m| crate::transformer::tokenize(&m.tokenizer, &text).map(|t| m.classify(&t)))
                .await??;
            return outcome.map_err(ApiError::internal);
        }
        let vader = self.vader.clone();
        blocking(move || sentiment::mapping::from_vader(vader.polarity_scores(&text))).await
    }

    pub async fn key_phrases(&self, text: String, code: Option<&str>) -> Result<Vec<KeyPhrase>, ApiError> {
        let language = text::language(code, key_phrases::LANGUAGES, "DetectKeyPhrases")?.to_string();
        text::check(&text, DEFAULT_LIMIT)?;
        blocking(move || key_phrases::detect(&text, &language)).await
    }

    pub async fn entities(&self, text: String, code: Option<&str>) -> Result<Vec<Entity>, ApiError> {
        let language = text::language(code, &self.entity_languages(), "DetectEntities")?;
        text::check(&text, DEFAULT_LIMIT)?;
        if let Some(model) = self.custom_entities.as_ref().filter(|m| m.serves(code)) {
            let (text, found) = model
                .worker
                .run(move |m| {
                    let found = crate::custom::token::entities_in(m, &text);
                    (text, found)
                })
                .await?;
            return Ok(entities::to_entities(&text, &found?));
        }
        if language == "zh" {
            let (text, found) = self
                .lac
                .run(move |lac| {
                    let found = lac.entities(&text);
                    (text, found)
                })
                .await?;
            return Ok(entities::to_entities(&text, &found.map_err(ApiError::internal)?));
        }
        let gazetteer = self.gazetteer.clone();
        blocking(move || entities::to_entities(&text, &EnglishEngine::new(&gazetteer).find(&text))).await
    }

    async fn pii_spans(&self, text: &str, code: Option<&str>, operation: &str) -> Result<Vec<pii::Span>, ApiError> {
        text::language(code, PII_LANGUAGES, operation)?;
        text::check(text, DEFAULT_LIMIT)?;
        let (gazetteer, text) = (self.gazetteer.clone(), text.to_string());
        blocking(move || {
            let found = EnglishEngine::new(&gazetteer).find(&text);
            pii::find(&text, &found, &gazetteer)
        })
        .await
    }

    pub async fn pii_entities(&self, text: String, code: Option<&str>) -> Result<Vec<PiiEntity>, ApiError> {
        let spans = self.pii_spans(&text, code, "DetectPiiEntities").await?;
        Ok(pii::to_entities(&text, &spans))
    }

    pub async fn pii_labels(&self, text: String, code: Option<&str>) -> Result<Vec<PiiLabel>, ApiError> {
        Ok(pii::labels(&self.pii_spans(&text, code, "ContainsPiiEntities").await?))
    }

    pub fn embedder(&self) -> &Embedder {
        &self.embedder
    }

    /// Unit vectors for 1 to 25 texts.
    pub async fn embed(&self, texts: Vec<String>) -> Result<Vec<Vec<f32>>, ApiError> {
        text::check_list("TextList", &texts, BATCH_LIMIT)?;
        for t in &texts {
            text::check(t, EMBED_LIMIT)?;
        }
        self.embedder.embed(texts).await
    }

    /// Cosine similarity of each pair.
    pub async fn similarity(&self, pairs: Vec<(String, String)>) -> Result<Vec<f32>, ApiError> {
        text::check_list("Pairs", &pairs, BATCH_LIMIT)?;
        let texts: Vec<String> = pairs.into_iter().flat_map(|(a, b)| [a, b]).collect();
        for t in &texts {
            text::check(t, EMBED_LIMIT)?;
        }
        let vectors = self.embedder.embed(texts).await?;
        Ok(vectors.chunks_exact(2).map(|pair| crate::embed::cosine(&pair[0], &pair[1])).collect())
    }

    /// Zero-shot: every candidate label with its probability, best first.
    pub async fn classify(&self, text: String, labels: Vec<String>) -> Result<Vec<DocumentClass>, ApiError> {
        text::check(&text, EMBED_LIMIT)?;
        if labels.len() < 2 || labels.len() > 50 {
            return Err(crate::errors::invalid_request(format!(
                "CandidateLabels has {} labels; send 2 to 50",
                labels.len()
            )));
        }
        if labels.iter().any(|l| l.trim().is_empty() || l.len() > 200) {
            return Err(crate::errors::invalid_request("each candidate label must have 1 to 200 bytes of text"));
        }
        self.labels.classify(&self.embedder, text, &labels).await
    }

    /// One result per segment, in order.
    pub async fn toxic_content(&self, segments: Vec<String>, code: Option<&str>) -> Result<Vec<ToxicResult>, ApiError> {
        text::language(code, TOXIC_LANGUAGES, "DetectToxicContent")?;
        text::check_list("TextSegments", &segments, TOXIC_SEGMENTS)?;
        for segment in &segments {
            text::check(segment, text::TOXIC_SEGMENT_LIMIT)?;
        }
        let probabilities = self.profanity.run(move |model| model.probabilities(&segments)).await?;
        Ok(probabilities.map_err(ApiError::internal)?.into_iter().map(crate::toxicity::result).collect())
    }
}

impl aigate_core::Service for ComprehensionService {
    const NAME: &'static str = SERVICE_NAME;
    type Config = ComprehensionConfig;

    fn load(config: &ComprehensionConfig, context: &ServiceContext) -> Result<Self, RuntimeError> {
        ComprehensionService::load(config, &context.model_dir)
    }

    fn routes() -> utoipa_axum::router::OpenApiRouter<aigate_core::Ready<Self>> {
        crate::routes::routes()
    }
}
