//! Capitalised chunks: runs of capitalised words ("Bank of America", "Jeff Bezos"), the
//! candidates the English rules classify. Lower-case connectors ("of", "de", "van", "&") may sit
//! inside a chunk when a capitalised word follows them.

use regex::Regex;
use std::sync::LazyLock;

/// A word with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'t> {
    pub text: &'t str,
    pub begin: usize,
    pub end: usize,
}

/// Words and the punctuation between them matter; numbers and symbols are separate tokens.
static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[A-Z]\.){2,}|[\p{L}\p{M}][\p{L}\p{M}\d'’.-]*[\p{L}\p{M}\d]|[\p{L}\p{M}]|\d+|[^\s\p{L}\p{M}\d]")
        .unwrap_or_else(|_| Regex::new(r"\S+").unwrap_or_else(|_| unreachable!()))
});

/// Words whose following "." is an abbreviation's.
pub const ABBREVIATIONS: &[&str] = &[
    "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "Sr", "Jr", "Inc", "Corp", "Ltd", "Co", "Gen", "Sen", "Rep", "Gov", "Capt",
    "Col", "Sgt", "Rev", "Mt", "Ft", "Lt", "vs", "No",
];

const CONNECTORS: &[&str] = &["of", "de", "du", "van", "von", "der", "da", "la", "le", "&", "the", "del", "upon", "am"];

pub fn words(text: &str) -> Vec<Word<'_>> {
    WORD.find_iter(text).map(|m| Word { text: m.as_str(), begin: m.start(), end: m.end() }).collect()
}

pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A chunk: indexes into the word list, plus whether it starts a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub first: usize,
    /// One past the last word.
    pub last: usize,
    pub sentence_start: bool,
}

/// Is word `i` the first of a sentence (start of text, or after . ! ? : or a quote/newline)?
pub fn starts_sentence(words: &[Word], text: &str, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let previous = words[i - 1].text;
    let gap = &text[words[i - 1].end..words[i].begin];
    // "Dr. Smith": the dot ends an abbreviation, not a sentence.
    let abbreviation = previous == "." && i >= 2 && ABBREVIATIONS.contains(&words[i - 2].text);
    (matches!(previous, "." | "!" | "?" | ":" | "\"" | "“" | "•" | "-" | "—") && !abbreviation) || gap.contains('\n')
}

pub fn chunks(words: &[Word], text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !is_capitalised(words[i].text) {
            i += 1;
            continue;
        }
        let first = i;
        let mut last = i + 1;
        loop {
            // The next word must follow with a single space or hyphen, no punctuation between.
            let adjacent = |a: usize, b: usize| text[words[a].end..words[b].begin].chars().all(|c| c == ' ');
            if last < words.len() && is_capitalised(words[last].text) && adjacent(last - 1, last) {
                last += 1;
            } else if last + 1 < words.len()
                && CONNECTORS.contains(&words[last].text)
                && is_capitalised(words[last + 1].text)
                && adjacent(last - 1, last)
                && adjacent(last, last + 1)
            {
                last += 2;
            } else {
                break;
            }
        }
        out.push(Chunk { first, last, sentence_start: starts_sentence(words, text, first) });
        i = last;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_span_connectors_but_not_punctuation() {
        let text = "Yesterday Jeff Bezos visited the Bank of America office in New York, then Paris.";
        let w = words(text);
        let found: Vec<String> =
            chunks(&w, text).iter().map(|c| text[w[c.first].begin..w[c.last - 1].end].to_string()).collect();
        assert_eq!(found, ["Yesterday Jeff Bezos", "Bank of America", "New York", "Paris"]);
        let text = "Colorado and Utah";
        let w = words(text);
        assert_eq!(chunks(&w, text).len(), 2, "\"and\" separates names");
        assert!(words("U.S. troops").iter().any(|w| w.text == "U.S."));
    }
}
