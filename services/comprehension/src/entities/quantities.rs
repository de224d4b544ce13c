//! A quantity grammar: money ("$1.2 million", "40 euros"), percentages, measurements with a
//! unit ("5 kg", "120 km/h", "16 GB"), and plain cardinal numbers in digits or words.

use regex::Regex;
use std::sync::LazyLock;

const NUMBER: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";
const SCALE: &str = r"(?:\s?(?:thousand|million|billion|trillion|bn|m|k)\b)?";
const WORDS: &str = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand|dozens?|a dozen)";
const UNIT: &str = r"(?:kg|kilograms?|grams?|g|mg|km/h|mph|km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m|cm|mm|lbs?|pounds|ounces?|oz|tons?|tonnes?|lit(?:er|re)s?|l|ml|gallons?|feet|foot|ft|inch(?:es)?|seconds?|[KMGT]B|bytes|°[CF]|degrees|acres|hectares|square (?:feet|meters|miles)|calories|kWh|MW|GW|watts?|volts?)";

/// Approximations that belong to the quantity ("more than 1.5 billion").
const ABOUT: &str = r"(?:(?:about|over|more than|less than|nearly|almost|up to|around|some|roughly)\s+)?";

static PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let p = [
        format!(r"(?i)\b{ABOUT}[$€£¥]\s?{NUMBER}{SCALE}|[$€£¥]\s?{NUMBER}{SCALE}"),
        format!(
            r"(?i)\b{ABOUT}{NUMBER}{SCALE}\s?(?:dollars|euros|pounds sterling|yen|yuan|rupees|USD|EUR|GBP|JPY|CHF)\b"
        ),
        format!(r"(?i)\b{ABOUT}{NUMBER}\s?(?:%|percent\b|per cent\b)"),
        format!(r"(?i)\b{ABOUT}{WORDS}\s(?:percent|per cent)\b"),
        format!(r"\b{ABOUT}{NUMBER}\s?{UNIT}(?:\b|$)"),
        format!(r"(?i)\b{ABOUT}{WORDS}(?:[\s-]{WORDS})*(?:\s(?:thousand|million|billion))?\b"),
        format!(r"\b{ABOUT}{NUMBER}(?:\s(?:thousand|million|billion|trillion))?\b"),
    ];
    p.iter().filter_map(|s| Regex::new(s).ok()).collect()
});

/// Byte spans of quantities, in order, not overlapping (the earliest pattern wins a tie).
pub fn find(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for pattern in PATTERNS.iter() {
        for m in pattern.find_iter(text) {
            let (b, e) = (m.start(), m.end());
            // "one" in "no one", "the one" is not a number.
            let lower = m.as_str().to_lowercase();
            if lower == "one" || lower.starts_with("one ") && !lower.contains("percent") {
                continue;
            }
            if !spans.iter().any(|&(sb, se)| b < se && sb < e) {
                spans.push((b, e));
            }
        }
    }
    spans.sort_unstable();
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|(b, e)| &text[b..e]).collect()
    }

    #[test]
    fn money_percent_units_numbers() {
        assert_eq!(found("It cost $1.2 million, up 15% on last year."), ["$1.2 million", "15%"]);
        assert_eq!(found("The box weighs 5 kg and holds 300 apples."), ["5 kg", "300"]);
        assert_eq!(found("They hired twenty engineers and paid 40 euros each."), ["twenty", "40 euros"]);
        assert!(found("No one came.").is_empty());
    }
}
