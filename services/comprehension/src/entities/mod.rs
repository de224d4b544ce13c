//! DetectEntities: the offline English engine (gazetteers and grammars), Chinese LAC, and a
//! configurable ONNX token-classification engine.

pub mod chunks;
pub mod dates;
pub mod english;
pub mod gazetteer;
pub mod lac;
pub mod quantities;
pub mod words;

#[cfg(test)]
mod english_tests;

use crate::api::{Entity, EntityType};
use crate::offsets::CharOffsets;

/// An entity by byte span, before offsets become characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub begin: usize,
    pub end: usize,
    pub kind: EntityType,
    pub score: f32,
}

/// The wire form: character offsets and the entity's text.
pub fn to_entities(text: &str, found: &[Found]) -> Vec<Entity> {
    let offsets = CharOffsets::new(text);
    found
        .iter()
        .filter(|f| f.begin < f.end && text.is_char_boundary(f.begin) && text.is_char_boundary(f.end))
        .map(|f| Entity {
            score: f.score,
            entity_type: f.kind,
            text: text[f.begin..f.end].to_string(),
            begin_offset: offsets.char_at(f.begin),
            end_offset: offsets.char_at(f.end),
        })
        .collect()
}
