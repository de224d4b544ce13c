//! A configured token classifier for DetectEntities: per-token argmax over BIO labels
//! (`B-PER`, `I-PER`, or bare `PER`), tokens of one entity merged, spans taken from the
//! tokenizer's offsets, the entity's score the mean of its tokens' probabilities.

use crate::api::EntityType;
use crate::custom::{OnnxModelConfig, read_labels, softmax};
use crate::entities::Found;
use crate::transformer::{Tokens, load_tokenizer, pad, run};
use ort::session::Session;
use std::path::Path;
use tokenizers::Tokenizer;

pub struct TokenClassifier {
    session: Session,
    pub tokenizer: Tokenizer,
    /// For each output: (begins an entity, its type), or None for "O".
    tags: Vec<Option<(bool, EntityType)>>,
}

fn entity_type(name: &str) -> Option<EntityType> {
    Some(match name.to_uppercase().as_str() {
        "PER" | "PERSON" => EntityType::Person,
        "LOC" | "LOCATION" | "GPE" | "FAC" => EntityType::Location,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => EntityType::Organization,
        "DATE" | "TIME" => EntityType::Date,
        "QUANTITY" | "MONEY" | "PERCENT" | "CARDINAL" => EntityType::Quantity,
        "PRODUCT" | "COMMERCIAL_ITEM" => EntityType::CommercialItem,
        "EVENT" => EntityType::Event,
        "TITLE" | "WORK_OF_ART" => EntityType::Title,
        "MISC" | "OTHER" | "NORP" => EntityType::Other,
        _ => return None,
    })
}

fn tag(label: &str, config: &OnnxModelConfig) -> Result<Option<(bool, EntityType)>, String> {
    if label == "O" {
        return Ok(None);
    }
    let (begins, name) = match label.split_once('-') {
        Some((prefix @ ("B" | "I" | "S" | "E"), name)) => (prefix == "B" || prefix == "S", name),
        _ => (false, label),
    };
    let mapped = config.labels.get(name).or_else(|| config.labels.get(label)).map(String::as_str).unwrap_or(name);
    entity_type(mapped)
        .map(|t| Some((begins, t)))
        .ok_or_else(|| format!("label {label:?} has no entity type: map {name:?} in `labels`"))
}

impl TokenClassifier {
    pub fn load(config: &OnnxModelConfig, dir: &Path) -> Result<Self, String> {
        let labels = read_labels(&config.resolve(dir, &config.config))?;
        let tags = labels.iter().map(|l| tag(l, config)).collect::<Result<_, _>>()?;
        let tokenizer = load_tokenizer(&config.resolve(dir, &config.tokenizer), config.max_tokens.unwrap_or(512))?;
        let session =
            aigate_core::runtime::load_session(&config.resolve(dir, &config.model)).map_err(|e| e.to_string())?;
        Ok(Self { session, tokenizer, tags })
    }

    /// Entities in one window; `offset` is the window's byte offset in the document.
    pub fn entities(&mut self, tokens: &Tokens, offset: usize) -> Result<Vec<Found>, String> {
        let (shape, logits) = run(&mut self.session, &pad(&[tokens]))?;
        let n = self.tags.len();
        if shape != [1, tokens.ids.len(), n] {
            return Err(format!("output shape {shape:?} does not match {} tokens and {n} labels", tokens.ids.len()));
        }
        let mut found: Vec<Found> = Vec::new();
        let mut scores: Vec<Vec<f32>> = Vec::new();
        for (t, row) in logits.chunks_exact(n).enumerate() {
            let (begin, end) = tokens.offsets[t];
            if begin == end {
                continue; // [CLS], [SEP] and other specials
            }
            let p = softmax(row);
            let best = p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
            let Some((begins, kind)) = self.tags[best] else { continue };
            let continues = found.last().is_some_and(|last| last.kind == kind && !begins && last.end <= offset + begin);
            if continues && let (Some(last), Some(s)) = (found.last_mut(), scores.last_mut()) {
                last.end = offset + end;
                s.push(p[best]);
            } else {
                found.push(Found { begin: offset + begin, end: offset + end, kind, score: 0.0 });
                scores.push(vec![p[best]]);
            }
        }
        for (f, s) in found.iter_mut().zip(scores) {
            f.score = s.iter().sum::<f32>() / s.len() as f32;
        }
        Ok(found)
    }
}

/// Bytes per window of a long document; windows end at whitespace.
const WINDOW_BYTES: usize = 1_500;

/// Every entity of a document, window by window (the model reads a bounded number of tokens).
pub fn entities_in(model: &mut TokenClassifier, text: &str) -> Result<Vec<Found>, aigate_core::ApiError> {
    let mut found = Vec::new();
    for (offset, window) in crate::text::windows(text, WINDOW_BYTES) {
        let tokens = crate::transformer::tokenize(&model.tokenizer, window)?;
        found.extend(model.entities(&tokens, offset).map_err(aigate_core::ApiError::internal)?);
    }
    Ok(found)
}
