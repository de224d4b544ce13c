//! DetectPiiEntities and ContainsPiiEntities: validated rules for EMAIL, URL, IP_ADDRESS,
//! CREDIT_DEBIT_NUMBER (Luhn), SSN and PHONE; DATE_TIME from the date grammar; NAME from the
//! entity engine's PERSON; ADDRESS for street addresses (and US city, state and ZIP code where
//! the gazetteer knows the state).

pub mod address;
pub mod checks;
pub mod rules;

use crate::api::{EntityType, PiiEntity, PiiEntityType, PiiLabel};
use crate::entities::Found;
use crate::entities::gazetteer::Gazetteer;
use crate::offsets::CharOffsets;

/// A PII entity by byte span.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub begin: usize,
    pub end: usize,
    pub kind: PiiEntityType,
    pub score: f32,
}

fn overlaps(spans: &[Span], begin: usize, end: usize) -> bool {
    spans.iter().any(|s| begin < s.end && s.begin < end)
}

/// Finds PII in `text`. `entities` are the entity engine's findings on the same text (PERSON
/// and DATE become NAME and DATE_TIME).
pub fn find(text: &str, entities: &[Found], gazetteer: &Gazetteer) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for rule in rules::RULES.iter() {
        for m in rule.pattern.find_iter(text) {
            if (rule.valid)(m.as_str()) && !overlaps(&spans, m.start(), m.end()) {
                spans.push(Span { begin: m.start(), end: m.end(), kind: rule.kind, score: rule.score });
            }
        }
    }
    for (begin, end) in address::find(text, gazetteer) {
        if !overlaps(&spans, begin, end) {
            spans.push(Span { begin, end, kind: PiiEntityType::Address, score: 0.85 });
        }
    }
    for entity in entities {
        let kind = match entity.kind {
            EntityType::Person => PiiEntityType::Name,
            EntityType::Date => PiiEntityType::DateTime,
            _ => continue,
        };
        if !overlaps(&spans, entity.begin, entity.end) {
            spans.push(Span { begin: entity.begin, end: entity.end, kind, score: entity.score });
        }
    }
    spans.sort_by_key(|s| s.begin);
    spans
}

pub fn to_entities(text: &str, spans: &[Span]) -> Vec<PiiEntity> {
    let offsets = CharOffsets::new(text);
    spans
        .iter()
        .map(|s| PiiEntity {
            score: s.score,
            entity_type: s.kind,
            begin_offset: offsets.char_at(s.begin),
            end_offset: offsets.char_at(s.end),
        })
        .collect()
}

/// One label per type found, with the best score of that type.
pub fn labels(spans: &[Span]) -> Vec<PiiLabel> {
    let mut best: std::collections::BTreeMap<PiiEntityType, f32> = Default::default();
    for s in spans {
        let score = best.entry(s.kind).or_insert(0.0);
        *score = score.max(s.score);
    }
    best.into_iter().map(|(name, score)| PiiLabel { name, score }).collect()
}
