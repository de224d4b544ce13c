//! Street addresses: a house number, one to four capitalised words and a street type
//! ("1600 Pennsylvania Avenue"), optionally followed by a city, a US state the gazetteer knows
//! (code or name) and a ZIP code. A bare "City, ST 12345" counts too when the state is real.

use crate::entities::gazetteer::Gazetteer;
use regex::Regex;
use std::sync::LazyLock;

const STREET: &str = r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][a-z]+\s+){1,4}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Court|Ct\.?|Way|Place|Pl\.?|Terrace|Parkway|Pkwy\.?|Highway|Hwy\.?|Square|Sq\.?|Circle|Trail)(?:,?\s+(?:Apt|Suite|Unit|#)\.?\s*\w+)?";
const TAIL: &str = r"(?:,\s*(?P<city>[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}),\s*(?P<state>[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:\s+(?P<zip>\d{5}(?:-\d{4})?))?)?";

static ADDRESS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(&format!("{STREET}{TAIL}")).ok());
static CITY_STATE_ZIP: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s*(?P<state>[A-Z]{2})\s+\d{5}(?:-\d{4})?\b").ok()
});

fn real_state(gazetteer: &Gazetteer, state: &str) -> bool {
    gazetteer.state_codes.contains(state) || gazetteer.places.contains_key(state)
}

pub fn find(text: &str, gazetteer: &Gazetteer) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for caps in ADDRESS.iter().flat_map(|r| r.captures_iter(text)) {
        let Some(whole) = caps.get(0) else { continue };
        let mut end = whole.end();
        if let Some(state) = caps.name("state")
            && !real_state(gazetteer, state.as_str())
        {
            // Keep the street; the tail was not an address.
            end = caps.name("city").map_or(end, |c| c.start().saturating_sub(2).max(whole.start()));
            end = text[..end].trim_end_matches([',', ' ']).len();
        }
        spans.push((whole.start(), end));
    }
    for caps in CITY_STATE_ZIP.iter().flat_map(|r| r.captures_iter(text)) {
        let (Some(whole), Some(state)) = (caps.get(0), caps.name("state")) else { continue };
        let inside = spans.iter().any(|&(b, e)| whole.start() < e && b < whole.end());
        if !inside && real_state(gazetteer, state.as_str()) {
            spans.push((whole.start(), whole.end()));
        }
    }
    spans
}
