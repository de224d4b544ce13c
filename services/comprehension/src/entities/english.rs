//! The offline English entity engine: capitalised chunks classified by gazetteers (places,
//! given names, surnames), organisation and event suffix rules, honorifics, and the date and
//! quantity grammars. Rules, not a statistical model: see docs/benchmarks.md for its F1 against
//! spaCy `en_core_web_sm`.

use crate::api::EntityType;
use crate::entities::chunks::{ABBREVIATIONS, Chunk, Word, chunks, is_capitalised, words};
use crate::entities::gazetteer::{Gazetteer, PlaceKind};
use crate::entities::words::{
    EVENT_SUFFIXES, HONORIFICS, ORG_HEADS, ORG_SUFFIXES, PLACE_PREFIXES, PLACE_SUFFIXES, STOP,
};
use crate::entities::{Found, dates, quantities};
use regex::Regex;
use std::sync::LazyLock;

static PRODUCT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:i[A-Z][a-z]+|[A-Z][a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]+)\s(?:[A-Z]?\d+[A-Za-z]*)(?:\s(?:Pro|Max|Plus|Ultra|Mini|Air|Lite))?\b")
        .ok()
});
static TITLE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r#"[“"]([A-Z][^“”"\n]{1,80}?)[”"]"#).ok());

/// The word without a possessive "'s".
fn stem(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word)
}

/// A lower-case word that reads as a finite verb after a subject ("opened", "plans", "is").
fn looks_like_verb(word: &str) -> bool {
    const VERBS: &[&str] = &[
        "is", "was", "has", "had", "will", "said", "says", "plans", "sold", "paid", "bought", "became", "won", "cut",
        "kept", "sent", "met", "made", "lost", "hit", "held", "grew", "fell", "rose", "took", "gave", "built", "wants",
        "makes", "sells", "runs", "leads", "owns", "employs", "covers", "hosted", "agreed", "raised", "hired",
    ];
    word.chars().next().is_some_and(char::is_lowercase)
        && (VERBS.contains(&word) || (word.len() > 4 && word.ends_with("ed")))
}

fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && word.chars().all(|c| c.is_ascii_uppercase() || c == '.' || c == '&')
}

pub struct EnglishEngine<'g> {
    gazetteer: &'g Gazetteer,
}

impl<'g> EnglishEngine<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Self { gazetteer }
    }

    fn known(&self, word: &str) -> bool {
        let w = stem(word);
        self.gazetteer.given_names.contains_key(w)
            || self.gazetteer.places.contains_key(w)
            || self.gazetteer.surnames.contains_key(w)
            || is_acronym(w)
    }

    pub fn find(&self, text: &str) -> Vec<Found> {
        let all = words(text);
        let mut found: Vec<Found> = Vec::new();
        for &(begin, end) in &dates::find(text) {
            found.push(Found { begin, end, kind: EntityType::Date, score: 0.9 });
        }
        for m in PRODUCT.iter().flat_map(|r| r.find_iter(text)) {
            let head = m.as_str().split_whitespace().next().unwrap_or_default();
            let camel = head.chars().skip(1).any(char::is_uppercase);
            if camel && !overlaps(&found, m.start(), m.end()) {
                found.push(Found { begin: m.start(), end: m.end(), kind: EntityType::CommercialItem, score: 0.6 });
            }
        }
        for caps in TITLE.iter().flat_map(|r| r.captures_iter(text)) {
            if let Some(m) = caps.get(1)
                && m.as_str().split_whitespace().count() <= 8
                && !overlaps(&found, m.start(), m.end())
            {
                found.push(Found { begin: m.start(), end: m.end(), kind: EntityType::Title, score: 0.5 });
            }
        }
        let mut people: Vec<String> = Vec::new();
        for chunk in chunks(&all, text) {
            for piece in self.split(&all, &chunk) {
                if let Some(entity) = self.classify(&all, text, piece, &mut people)
                    && !overlaps(&found, entity.begin, entity.end)
                {
                    found.push(entity);
                }
            }
        }
        for (begin, end) in quantities::find(text) {
            if !overlaps(&found, begin, end) {
                found.push(Found { begin, end, kind: EntityType::Quantity, score: 0.8 });
            }
        }
        found.sort_by_key(|f| f.begin);
        found
    }

    /// Splits a chunk at stop words, and drops an unknown sentence-initial word.
    fn split(&self, all: &[Word], chunk: &Chunk) -> Vec<(usize, usize)> {
        let mut pieces = Vec::new();
        let mut start = chunk.first;
        for i in chunk.first..=chunk.last {
            let boundary = all.get(i).is_none_or(|w| i == chunk.last || STOP.contains(&w.text));
            if boundary {
                if start < i {
                    pieces.push((start, i));
                }
                start = i + 1;
            }
        }
        // A lone unknown capitalised word opening a sentence is usually an ordinary word
        // ("Heavy snow…"), unless a verb follows it ("Tesla recalled…"): then it names someone.
        if chunk.sentence_start
            && let Some(first) = pieces.first_mut()
            && first.0 == chunk.first
            && first.1 - first.0 == 1
            && !self.known(all[first.0].text)
            && !HONORIFICS.contains(&all[first.0].text)
            && !all.get(first.1).is_some_and(|next| looks_like_verb(next.text))
        {
            first.0 += 1;
        }
        // Lower-case connectors never start or end a piece.
        pieces
            .into_iter()
            .map(|(mut a, mut b)| {
                while a < b && !is_capitalised(all[a].text) {
                    a += 1;
                }
                while b > a && !is_capitalised(all[b - 1].text) {
                    b -= 1;
                }
                (a, b)
            })
            .filter(|(a, b)| a < b)
            .collect()
    }

    fn classify(&self, all: &[Word], text: &str, (a, b): (usize, usize), people: &mut Vec<String>) -> Option<Found> {
        // An abbreviation keeps its dot ("Acme Inc.").
        let span_end = |i: usize| {
            let end = all[i].begin + stem(all[i].text).len();
            let dotted = ABBREVIATIONS.contains(&all[i].text) && text[end..].starts_with('.');
            if dotted { end + 1 } else { end }
        };
        // Organisations and events take a "the" just before them ("the University of Toronto").
        let found = |from: usize, kind: EntityType, score: f32| {
            let with_the = matches!(kind, EntityType::Organization | EntityType::Event)
                && from == a
                && a > 0
                && matches!(all[a - 1].text, "the" | "The")
                && text[all[a - 1].end..all[a].begin] == *" ";
            let begin = if with_the { all[a - 1].begin } else { all[from].begin };
            Found { begin, end: span_end(b - 1), kind, score }
        };
        let piece: Vec<&str> = all[a..b].iter().map(|w| stem(w.text)).collect();
        let joined = text[all[a].begin..span_end(b - 1)].to_string();
        let last = *piece.last()?;
        let g = self.gazetteer;
        if piece.len() == 1 && (HONORIFICS.contains(&last) || ABBREVIATIONS.contains(&last)) {
            return None;
        }
        if piece.len() >= 2 && ORG_SUFFIXES.contains(&last) {
            return Some(found(a, EntityType::Organization, 0.85));
        }
        if piece.len() >= 3 && ORG_HEADS.contains(&piece[0]) && piece[1] == "of" {
            return Some(found(a, EntityType::Organization, 0.85));
        }
        if piece.len() >= 2 && (PLACE_SUFFIXES.contains(&last) || PLACE_PREFIXES.contains(&piece[0])) {
            return Some(found(a, EntityType::Location, 0.7));
        }
        if piece.len() >= 2 && EVENT_SUFFIXES.contains(&last) {
            return Some(found(a, EntityType::Event, 0.7));
        }
        if piece.len() >= 2 && HONORIFICS.contains(&piece[0]) {
            people.push(last.to_string());
            return Some(found(a + 1, EntityType::Person, 0.85));
        }
        let after_honorific = (a > 0 && HONORIFICS.contains(&all[a - 1].text))
            || (a > 1 && all[a - 1].text == "." && HONORIFICS.contains(&all[a - 2].text));
        if after_honorific && !g.places.contains_key(joined.as_str()) {
            people.push(last.to_string());
            return Some(found(a, EntityType::Person, 0.85));
        }
        if let Some(place) = g.places.get(joined.as_str()) {
            let as_person = piece.len() == 1 && place.kind == PlaceKind::City && place.population < 100_000;
            if !(as_person && (g.given_names.contains_key(last) || people.iter().any(|p| p == last))) {
                return Some(found(a, EntityType::Location, 0.85));
            }
        }
        if (2..=4).contains(&piece.len()) && g.given_names.contains_key(piece[0]) {
            people.push(last.to_string());
            return Some(found(a, EntityType::Person, 0.8));
        }
        if piece.len() == 1 && people.iter().any(|p| p == last) {
            return Some(found(a, EntityType::Person, 0.75));
        }
        // A common surname after a capitalised word ("Kenji Tanaka"); rarer census surnames are
        // often ordinary words ("Cross", "River").
        if (2..=3).contains(&piece.len())
            && g.surnames.get(last).is_some_and(|&rank| rank <= 3_000)
            && !g.places.contains_key(last)
            && !g.places.contains_key(piece[0])
        {
            people.push(last.to_string());
            return Some(found(a, EntityType::Person, 0.6));
        }
        if piece.len() == 1 && g.given_names.get(last).is_some_and(|&rank| rank <= 1_000) {
            return Some(found(a, EntityType::Person, 0.6));
        }
        if piece.len() == 1 && is_acronym(last) {
            return Some(found(a, EntityType::Organization, 0.6));
        }
        if piece.len() >= 2 {
            // A longer place inside ("Downtown Seattle") names a location.
            if piece.iter().any(|w| g.places.get(*w).is_some_and(|p| p.population >= 100_000)) {
                return Some(found(a, EntityType::Location, 0.5));
            }
            return Some(found(a, EntityType::Organization, 0.4));
        }
        if piece.len() == 1 && !all[a].text.contains('.') && last.chars().count() > 1 {
            return Some(found(a, EntityType::Organization, 0.3));
        }
        None
    }
}

fn overlaps(found: &[Found], begin: usize, end: usize) -> bool {
    found.iter().any(|f| begin < f.end && f.begin < end)
}
