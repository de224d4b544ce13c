//! VADER (Hutto & Gilbert, 2014), ported rule for rule from `vaderSentiment` 3.3.2
//! (`vaderSentiment/vaderSentiment.py`, MIT). The lexicons are read from the files of that wheel,
//! installed by `aigate models fetch`. Quirks of the original are kept on purpose (for example
//! the "but" rule finds earlier scores by value), so scores match the Python package.

use std::collections::HashMap;

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

#[rustfmt::skip]
const NEGATE: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't",
    "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt",
    "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt", "needn't", "never",
    "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
    "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't",
    "wouldn't", "rarely", "seldom", "despite",
];

#[rustfmt::skip]
const BOOST_UP: &[&str] = &[
    "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly", "deeply",
    "effing", "enormous", "enormously", "entirely", "especially", "exceptional", "exceptionally", "extreme",
    "extremely", "fabulously", "flipping", "flippin", "frackin", "fracking", "fricking", "frickin", "frigging",
    "friggin", "fully", "fuckin", "fucking", "fuggin", "fugging", "greatly", "hella", "highly", "hugely",
    "incredible", "incredibly", "intensely", "major", "majorly", "more", "most", "particularly", "purely", "quite",
    "really", "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous", "tremendously",
    "uber", "unbelievably", "unusually", "utter", "utterly", "very",
];

#[rustfmt::skip]
const BOOST_DOWN: &[&str] = &[
    "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less", "little",
    "marginal", "marginally", "occasional", "occasionally", "partly", "scarce", "scarcely", "slight", "slightly",
    "somewhat", "sort of", "sorta", "sortof", "sort-of",
];

const SPECIAL_CASES: &[(&str, f64)] = &[
    ("the shit", 3.0),
    ("the bomb", 3.0),
    ("bad ass", 1.5),
    ("badass", 1.5),
    ("bus stop", 0.0),
    ("yeah right", -2.0),
    ("kiss of death", -1.5),
    ("to die for", 3.0),
    ("beating heart", 3.5),
];

/// VADER's four scores for a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Polarity {
    pub negative: f64,
    pub neutral: f64,
    pub positive: f64,
    /// The normalised sum of valences, -1 to 1.
    pub compound: f64,
}

pub struct Vader {
    lexicon: HashMap<String, f64>,
    emojis: HashMap<char, String>,
}

fn booster(word: &str) -> Option<f64> {
    if BOOST_UP.contains(&word) {
        Some(B_INCR)
    } else if BOOST_DOWN.contains(&word) {
        Some(B_DECR)
    } else {
        None
    }
}

fn special_case(sequence: &str) -> Option<f64> {
    SPECIAL_CASES.iter().find(|(s, _)| *s == sequence).map(|(_, v)| *v)
}

/// Python's `str.isupper()`: some cased character, and no lower-case one.
fn is_upper(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

fn negated(word: &str) -> bool {
    NEGATE.contains(&word) || word.contains("n't")
}

fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

/// Some but not all words are ALL CAPS.
fn allcap_differential(words: &[String]) -> bool {
    let caps = words.iter().filter(|w| is_upper(w)).count();
    let differential = words.len() - caps;
    differential > 0 && differential < words.len()
}

fn scalar_inc_dec(word: &str, valence: f64, is_cap_diff: bool) -> f64 {
    let Some(mut scalar) = booster(&word.to_lowercase()) else { return 0.0 };
    if valence < 0.0 {
        scalar *= -1.0;
    }
    if is_upper(word) && is_cap_diff {
        scalar += if valence > 0.0 { C_INCR } else { -C_INCR };
    }
    scalar
}

/// Strips ASCII punctuation around a token unless that leaves two characters or fewer
/// (an emoticon such as ":)").
fn strip_punctuation(token: &str) -> String {
    let stripped = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if stripped.chars().count() <= 2 { token.to_string() } else { stripped.to_string() }
}

impl Vader {
    /// Builds the analyser from the contents of `vader_lexicon.txt` and `emoji_utf8_lexicon.txt`.
    pub fn new(lexicon: &str, emojis: &str) -> Result<Self, String> {
        let mut words = HashMap::new();
        for (number, line) in lexicon.trim_end_matches('\n').split('\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let mut fields = line.trim().split('\t');
            let (Some(word), Some(measure)) = (fields.next(), fields.next()) else {
                return Err(format!("lexicon line {} has no tab-separated score", number + 1));
            };
            let measure: f64 =
                measure.parse().map_err(|_| format!("lexicon line {} has a bad score {measure:?}", number + 1))?;
            words.insert(word.to_string(), measure);
        }
        let mut emoji_map = HashMap::new();
        for line in emojis.trim_end_matches('\n').split('\n') {
            let mut fields = line.trim().split('\t');
            if let (Some(emoji), Some(description)) = (fields.next(), fields.next()) {
                let mut chars = emoji.chars();
                // Python iterates one code point at a time, so only single-character keys match.
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    emoji_map.insert(c, description.to_string());
                }
            }
        }
        if words.len() < 1000 {
            return Err(format!("the lexicon has only {} words", words.len()));
        }
        Ok(Self { lexicon: words, emojis: emoji_map })
    }

    fn in_lexicon(&self, word: &str) -> bool {
        self.lexicon.contains_key(word)
    }

    /// Emojis become their descriptions, as in the original.
    fn replace_emojis(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(description) = self.emojis.get(&c) {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                prev_space = false;
            } else {
                out.push(c);
                prev_space = c == ' ';
            }
        }
        out.trim().to_string()
    }

    pub fn polarity_scores(&self, text: &str) -> Polarity {
        let text = self.replace_emojis(text);
        let words: Vec<String> = text.split_whitespace().map(strip_punctuation).collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let is_cap_diff = allcap_differential(&words);
        let mut sentiments = Vec::with_capacity(words.len());
        for i in 0..words.len() {
            if booster(&lower[i]).is_some() || (lower[i] == "kind" && lower.get(i + 1).is_some_and(|w| w == "of")) {
                sentiments.push(0.0);
                continue;
            }
            sentiments.push(self.sentiment_valence(&words, &lower, i, is_cap_diff));
        }
        but_check(&lower, &mut sentiments);
        score_valence(&sentiments, &text)
    }

    fn sentiment_valence(&self, words: &[String], lower: &[String], i: usize, is_cap_diff: bool) -> f64 {
        let item = &lower[i];
        let Some(&base) = self.lexicon.get(item) else { return 0.0 };
        let mut valence = base;
        if item == "no" && i + 1 != words.len() && self.in_lexicon(&lower[i + 1]) {
            valence = 0.0;
        }
        if (i > 0 && lower[i - 1] == "no")
            || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && (lower[i - 1] == "or" || lower[i - 1] == "nor"))
        {
            valence = base * N_SCALAR;
        }
        if is_upper(&words[i]) && is_cap_diff {
            valence += if valence > 0.0 { C_INCR } else { -C_INCR };
        }
        for start in 0..3 {
            if i > start && !self.in_lexicon(&lower[i - (start + 1)]) {
                let mut s = scalar_inc_dec(&words[i - (start + 1)], valence, is_cap_diff);
                if start == 1 && s != 0.0 {
                    s *= 0.95;
                }
                if start == 2 && s != 0.0 {
                    s *= 0.9;
                }
                valence += s;
                valence = negation_check(valence, lower, start, i);
                if start == 2 {
                    valence = special_idioms_check(valence, lower, i);
                }
            }
        }
        self.least_check(valence, lower, i)
    }

    fn least_check(&self, valence: f64, lower: &[String], i: usize) -> f64 {
        if i > 1 && !self.in_lexicon(&lower[i - 1]) && lower[i - 1] == "least" {
            if lower[i - 2] != "at" && lower[i - 2] != "very" {
                return valence * N_SCALAR;
            }
        } else if i > 0 && !self.in_lexicon(&lower[i - 1]) && lower[i - 1] == "least" {
            return valence * N_SCALAR;
        }
        valence
    }
}

fn negation_check(valence: f64, lower: &[String], start: usize, i: usize) -> f64 {
    let w = |back: usize| lower[i - back].as_str();
    match start {
        0 if negated(w(1)) => valence * N_SCALAR,
        1 => {
            if w(2) == "never" && (w(1) == "so" || w(1) == "this") {
                valence * 1.25
            } else if w(2) == "without" && w(1) == "doubt" {
                valence
            } else if negated(w(2)) {
                valence * N_SCALAR
            } else {
                valence
            }
        }
        2 => {
            // Python's precedence: (never and (so|this)) or (so|this one word back).
            if (w(3) == "never" && (w(2) == "so" || w(2) == "this")) || (w(1) == "so" || w(1) == "this") {
                valence * 1.25
            } else if w(3) == "without" && (w(2) == "doubt" || w(1) == "doubt") {
                valence
            } else if negated(w(3)) {
                valence * N_SCALAR
            } else {
                valence
            }
        }
        _ => valence,
    }
}

fn special_idioms_check(mut valence: f64, lower: &[String], i: usize) -> f64 {
    let onezero = format!("{} {}", lower[i - 1], lower[i]);
    let twoonezero = format!("{} {} {}", lower[i - 2], lower[i - 1], lower[i]);
    let twoone = format!("{} {}", lower[i - 2], lower[i - 1]);
    let threetwoone = format!("{} {} {}", lower[i - 3], lower[i - 2], lower[i - 1]);
    let threetwo = format!("{} {}", lower[i - 3], lower[i - 2]);
    for sequence in [&onezero, &twoonezero, &twoone, &threetwoone, &threetwo] {
        if let Some(v) = special_case(sequence) {
            valence = v;
            break;
        }
    }
    if lower.len() - 1 > i
        && let Some(v) = special_case(&format!("{} {}", lower[i], lower[i + 1]))
    {
        valence = v;
    }
    if lower.len() - 1 > i + 1
        && let Some(v) = special_case(&format!("{} {} {}", lower[i], lower[i + 1], lower[i + 2]))
    {
        valence = v;
    }
    for n_gram in [&threetwoone, &threetwo, &twoone] {
        if let Some(b) = booster(n_gram) {
            valence += b;
        }
    }
    valence
}

/// Scores before the first "but" are halved and those after it grow by half. Like the
/// original, each score is located by value (`list.index`), so equal scores share a fate.
fn but_check(lower: &[String], sentiments: &mut [f64]) {
    let Some(bi) = lower.iter().position(|w| w == "but") else { return };
    for k in 0..sentiments.len() {
        let sentiment = sentiments[k];
        let Some(si) = sentiments.iter().position(|&s| s == sentiment) else { continue };
        if si < bi {
            sentiments[si] = sentiment * 0.5;
        } else if si > bi {
            sentiments[si] = sentiment * 1.5;
        }
    }
}

fn punctuation_emphasis(text: &str) -> f64 {
    let ep = text.matches('!').count().min(4) as f64 * 0.292;
    let qm_count = text.matches('?').count();
    let qm = match qm_count {
        0 | 1 => 0.0,
        2 | 3 => qm_count as f64 * 0.18,
        _ => 0.96,
    };
    ep + qm
}

fn score_valence(sentiments: &[f64], text: &str) -> Polarity {
    if sentiments.is_empty() {
        return Polarity { negative: 0.0, neutral: 0.0, positive: 0.0, compound: 0.0 };
    }
    let mut sum: f64 = sentiments.iter().sum();
    let emphasis = punctuation_emphasis(text);
    if sum > 0.0 {
        sum += emphasis;
    } else if sum < 0.0 {
        sum -= emphasis;
    }
    let compound = normalize(sum);
    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0, 0.0, 0.0);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1.0;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += emphasis;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= emphasis;
    }
    let total = pos_sum + neg_sum.abs() + neu_count;
    Polarity {
        negative: (neg_sum / total).abs(),
        neutral: (neu_count / total).abs(),
        positive: (pos_sum / total).abs(),
        compound,
    }
}
