//! A date and time grammar: month-name dates ("July 5, 1994", "5th of July"), numeric dates
//! (ISO, US and European, range-checked), weekdays, relative days ("tomorrow", "next week"),
//! years after a preposition ("in 1994"), decades, and clock times ("3:30 pm", "noon").
//! Adjacent pieces ("Monday, July 5 at 3 pm") join into one span.

use regex::Regex;
use std::sync::LazyLock;

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";
const WEEKDAY: &str =
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.?";
const DAY: &str = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?";
/// Full month names; "May" only with a day, a year or a relative word (it is also a verb).
const FULL_MONTH: &str = r"(?:January|February|March|April|June|July|August|September|October|November|December)";
const COUNT: &str = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a hundred|several|many)";
const YEAR: &str = r"(?:1[0-9]{3}|20[0-9]{2})";

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let p = [
        // July 5, 1994 / July 5th / July 1994 / 5 July 1994 / 5th of July, 1994
        format!(r"\b{MONTH}\s+{DAY}(?:,?\s+{YEAR})?\b"),
        format!(r"\b{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?\b"),
        format!(r"\b{MONTH},?\s+{YEAR}\b"),
        // ISO 2024-03-15 (optionally with a time), numeric 03/15/2024, 15.03.2024
        r"\b[12][0-9]{3}-[01][0-9]-[0-3][0-9](?:[T ][0-2][0-9]:[0-5][0-9](?::[0-5][0-9])?)?\b".to_string(),
        r"\b[0-3]?[0-9][/.][0-3]?[0-9][/.](?:[12][0-9]{3}|[0-9]{2})\b".to_string(),
        format!(r"\b(?:(?:next|last|this|coming|every)\s+)?{WEEKDAY}\b"),
        r"(?i)\b(?:today|tomorrow|yesterday|tonight|the day after tomorrow|the day before yesterday)\b".to_string(),
        r"(?i)\b(?:next|last|this|coming)\s+(?:week|month|year|weekend|quarter|morning|afternoon|evening|night|spring|summer|autumn|fall|winter)\b".to_string(),
        format!(r"(?i)\b(?:in|since|from|by|until|till|during|of|before|after)\s+(?:early\s+|late\s+|mid-)?({YEAR})\b"),
        r"\b(?:the\s+)?(?:1[0-9]|20)[0-9]0s\b".to_string(),
        r"(?i)\b(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:\s*(?:a\.m\.|p\.m\.|am|pm))?(?:\s+(?:UTC|GMT|EST|PST|CET))?".to_string(),
        r"(?i)\b(?:1[0-2]|0?[1-9])\s*(?:a\.m\.|p\.m\.|am\b|pm\b)".to_string(),
        r"(?i)\b(?:noon|midnight)\b".to_string(),
        r"(?i)\b[0-9]+\s+(?:days|weeks|months|years)\s+(?:ago|later)\b".to_string(),
        format!(r"\b(?:(?:last|next|this|early|late|mid-)\s*)?{FULL_MONTH}\b"),
        format!(r"(?i)\b(?:(?:about|over|more than|less than|nearly|almost|up to|some|the last|the next|the past)\s+)?(?:\d+|{COUNT}|a few|several|two or three)\s+(?:hours?|minutes?|days?|weeks?|months?|years?|decades?|centuries)\b(?:\s+(?:ago|later|earlier))?"),
        r"(?i)\b(?:this|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:morning|afternoon|evening|night)\b".to_string(),
        r"\b(?:decades|centuries)\b".to_string(),
    ];
    p.iter().filter_map(|s| Regex::new(s).ok()).collect()
});

/// Words that may join two date pieces into one expression.
const JOINERS: &[&str] = &["", ",", "at", ", at", "on", "the", ", the"];

/// Byte spans of the date and time expressions in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (index, pattern) in PATTERNS.iter().enumerate() {
        for captures in pattern.captures_iter(text) {
            let Some(whole) = captures.get(0) else { continue };
            // "in 1994": only the year is the date.
            let span = if index == 8 { captures.get(1).unwrap_or(whole) } else { whole };
            let (begin, end) = trim_dot(text, span.start(), span.end());
            if numeric_date_is_valid(&text[begin..end]) && !abbreviation_is_a_word(text, begin, end) {
                spans.push((begin, end));
            }
        }
    }
    merge(text, spans)
}

/// A trailing "." belongs to the sentence unless it ends an abbreviation like "Jan.".
fn trim_dot(text: &str, begin: usize, end: usize) -> (usize, usize) {
    let s = &text[begin..end];
    if s.ends_with('.') && !s.ends_with("a.m.") && !s.ends_with("p.m.") {
        let stem = s.trim_end_matches('.');
        let last = stem.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or_default();
        if last.len() > 4 || last.is_empty() {
            return (begin, end - 1);
        }
        if text[end..].trim_start().is_empty() {
            return (begin, end - 1);
        }
    }
    (begin, end)
}

/// Weekday abbreviations alone ("Sun", "Sat", "Wed") are more often ordinary words.
fn abbreviation_is_a_word(text: &str, begin: usize, end: usize) -> bool {
    let s = text[begin..end].trim_end_matches('.');
    ["Sun", "Sat", "Wed", "Mon", "Fri", "Tue", "Tues", "Thu", "Thurs"].contains(&s)
}

/// Numeric dates must name a real month and day in one of the common orders.
fn numeric_date_is_valid(s: &str) -> bool {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let numeric = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    if !numeric {
        return true;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != 3 {
        return false;
    }
    let valid = |month: u32, day: u32| (1..=12).contains(&month) && (1..=31).contains(&day);
    if parts[0].len() == 4 { valid(n[1], n[2]) } else { valid(n[0], n[1]) || valid(n[1], n[0]) }
}

/// Sorts, drops spans inside others, and joins neighbours separated only by a joiner word.
fn merge(text: &str, mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort_by_key(|&(b, e)| (b, std::cmp::Reverse(e)));
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (b, e) in spans {
        if let Some(last) = out.last_mut() {
            if b < last.1 {
                last.1 = last.1.max(e);
                continue;
            }
            let gap = text[last.1..b].trim().to_lowercase();
            if JOINERS.contains(&gap.as_str()) {
                last.1 = e;
                continue;
            }
        }
        out.push((b, e));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(b, e)| &text[b..e]).collect()
    }

    #[test]
    fn month_names_numbers_and_times() {
        assert_eq!(found("Amazon was founded on July 5, 1994 in Bellevue."), ["July 5, 1994"]);
        assert_eq!(found("Meet me on Monday, March 3 at 3:30 pm."), ["Monday, March 3 at 3:30 pm"]);
        assert_eq!(found("Due 2024-03-15 or 03/15/2024, not 13/45/2024."), ["2024-03-15", "03/15/2024"]);
        assert_eq!(found("She moved to Paris in 1998 and left last year."), ["1998", "last year"]);
        assert_eq!(found("the 5th of November"), ["5th of November"]);
        assert_eq!(found("He left last September after three years."), ["last September", "three years"]);
        assert_eq!(found("We met in February."), ["February"]);
    }

    #[test]
    fn ordinary_words_are_not_dates() {
        assert!(found("You may go now. I sat in the sun.").is_empty());
        assert!(found("He scored 12 points.").is_empty());
    }
}
