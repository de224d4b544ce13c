//! Where PII may be: one pattern per type. Each match is then validated (`checks`).

use crate::api::PiiEntityType;
use crate::pii::checks;
use regex::Regex;
use std::sync::LazyLock;

pub struct Rule {
    pub kind: PiiEntityType,
    pub pattern: Regex,
    pub valid: fn(&str) -> bool,
    pub score: f32,
}

fn rule(kind: PiiEntityType, pattern: &str, valid: fn(&str) -> bool, score: f32) -> Option<Rule> {
    Regex::new(pattern).ok().map(|pattern| Rule { kind, pattern, valid, score })
}

/// In priority order: an earlier rule's span wins over an overlapping later one.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use PiiEntityType::*;
    [
        rule(Email, r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b", checks::email, 0.99),
        rule(Url, r"\b(?:https?://|www\.)[^\s<>()\[\]{}]+[^\s<>()\[\]{}.,;:!?'\x22]", checks::url, 0.98),
        rule(IpAddress, r"\b(?:\d{1,3}\.){3}\d{1,3}\b", checks::ip_address, 0.97),
        rule(IpAddress, r"(?i)\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b|(?i)\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:?){0,5}[0-9a-f]{0,4}", checks::ip_address, 0.95),
        rule(CreditDebitNumber, r"\b\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}\b|\b\d{4}[ -]?\d{6}[ -]?\d{5}\b", checks::card_number, 0.97),
        rule(Ssn, r"\b\d{3}-\d{2}-\d{4}\b|\b\d{3} \d{2} \d{4}\b", checks::ssn, 0.95),
        rule(Phone, r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})(?:[\s.-]?\d{2,4}){1,4}\b", checks::phone, 0.9),
    ]
    .into_iter()
    .flatten()
    .collect()
});
