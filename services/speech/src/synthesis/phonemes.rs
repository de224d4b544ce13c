//! Phonemes for each word of a sentence. A run of words is read by eSpeak as one clause, so it
//! sounds natural ("of the" → ʌvðə, "a" → ɐ); each word is also read alone, and the clause's IPA
//! is cut between words where an edit-distance alignment with the words read alone says. Words
//! to spell out are read letter by letter.

use crate::synthesis::espeak::{Espeak, clean_line};
use crate::synthesis::script::{Clause, Word};
use aigate_core::ApiError;

/// The IPA of every word of every clause, in order (stress marks kept, no spaces around).
pub async fn phonemize(espeak: &Espeak, voice: &str, clauses: &[&Clause]) -> Result<Vec<Vec<String>>, ApiError> {
    let mut lines = Vec::new();
    let plans: Vec<Vec<Piece>> = clauses.iter().map(|clause| plan(&clause.words, &mut lines)).collect();
    let answers = espeak.phonemize(voice, &lines).await?;
    Ok(plans.iter().map(|pieces| pieces.iter().flat_map(|piece| piece.words(&answers)).collect()).collect())
}

/// How one run of words is read: indices of lines in the request.
enum Piece {
    /// Words read together (line `run`) and alone (lines `alone`).
    Run { run: usize, alone: Vec<usize> },
    /// One word spelled: one line per character.
    Spelled { letters: Vec<usize> },
}

impl Piece {
    fn words(&self, answers: &[String]) -> Vec<String> {
        let line = |i: &usize| answers.get(*i).cloned().unwrap_or_default();
        match self {
            Piece::Run { run, alone } if alone.len() == 1 => vec![line(run)],
            Piece::Run { run, alone } => split_by_words(&line(run), &alone.iter().map(line).collect::<Vec<_>>()),
            Piece::Spelled { letters } => {
                vec![letters.iter().map(line).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")]
            }
        }
    }
}

fn plan(words: &[Word], lines: &mut Vec<String>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut push = |line: String| {
        lines.push(line);
        lines.len() - 1
    };
    for group in words.chunk_by(|a, b| !a.spell_out && !b.spell_out) {
        if group.len() == 1 && group[0].spell_out {
            let letters = group[0].value.chars().filter(|c| c.is_alphanumeric()).map(|c| push(c.to_string())).collect();
            pieces.push(Piece::Spelled { letters });
            continue;
        }
        let run = push(clean_line(&group.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")));
        let alone =
            if group.len() == 1 { vec![run] } else { group.iter().map(|w| push(clean_line(&w.value))).collect() };
        pieces.push(Piece::Run { run, alone });
    }
    pieces
}

fn is_separator(c: char) -> bool {
    matches!(c, 'ˈ' | 'ˌ') || c.is_whitespace()
}

/// Cuts `run` (IPA of words read together) into one piece per word, aligning its sounds with the
/// concatenated sounds of the words read `alone` (stress marks and spaces ignored).
pub fn split_by_words(run: &str, alone: &[String]) -> Vec<String> {
    let run_chars: Vec<char> = run.chars().collect();
    // Sounds of the run, with their index in run_chars.
    let sounds: Vec<(usize, char)> = run_chars.iter().copied().enumerate().filter(|(_, c)| !is_separator(*c)).collect();
    let mut target = Vec::new();
    let mut word_starts = Vec::with_capacity(alone.len());
    for word in alone {
        word_starts.push(target.len());
        target.extend(word.chars().filter(|c| !is_separator(*c)));
    }
    let first_sound_of = align(&sounds.iter().map(|(_, c)| *c).collect::<Vec<_>>(), &target);
    let mut cuts: Vec<usize> = word_starts
        .iter()
        .map(|&start| {
            let sound = first_sound_of.get(start).copied().unwrap_or(sounds.len());
            let mut cut = sounds.get(sound).map_or(run_chars.len(), |(i, _)| *i);
            // A stress mark belongs to the syllable after it.
            while cut > 0 && matches!(run_chars[cut - 1], 'ˈ' | 'ˌ') {
                cut -= 1;
            }
            cut
        })
        .collect();
    if let Some(first) = cuts.first_mut() {
        *first = 0;
    }
    for i in 1..cuts.len() {
        cuts[i] = cuts[i].max(cuts[i - 1]);
    }
    cuts.push(run_chars.len());
    cuts.windows(2).map(|w| run_chars[w[0]..w[1]].iter().collect::<String>().trim().to_string()).collect()
}

/// For each position of `target`, the first position of `source` aligned at or after it
/// (Levenshtein alignment; `source.len()` where none is).
fn align(source: &[char], target: &[char]) -> Vec<usize> {
    let (n, m) = (source.len(), target.len());
    let mut cost = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in cost.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in cost[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let substitution = cost[i - 1][j - 1] + u32::from(source[i - 1] != target[j - 1]);
            cost[i][j] = substitution.min(cost[i - 1][j] + 1).min(cost[i][j - 1] + 1);
        }
    }
    // Walk back: each target position learns the source position it was matched to (or the
    // next source position, for a target sound the run left out).
    let mut mapped = vec![n; m + 1];
    let (mut i, mut j) = (n, m);
    while j > 0 {
        if i > 0 && cost[i][j] == cost[i - 1][j - 1] + u32::from(source[i - 1] != target[j - 1]) {
            mapped[j - 1] = i - 1;
            i -= 1;
            j -= 1;
        } else if i > 0 && cost[i][j] == cost[i - 1][j] + 1 {
            i -= 1;
        } else {
            mapped[j - 1] = i;
            j -= 1;
        }
    }
    mapped.truncate(m);
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_merged_run_is_cut_between_its_words() {
        // eSpeak: "the end of the year" together, and each word alone.
        let run = "ðɪ ˈɛnd ʌvðə jˈɪɹ";
        let alone = strings(&["ðˈə", "ˈɛnd", "ˈʌv", "ðˈə", "jˈɪɹ"]);
        assert_eq!(split_by_words(run, &alone), ["ðɪ", "ˈɛnd", "ʌv", "ðə", "jˈɪɹ"]);
    }

    #[test]
    fn reduced_words_and_numbers() {
        let run = "aɪ sˈɔː ɐ kˈæt ɪn tˈuː θˈaʊzənd";
        let alone = strings(&["ˈaɪ", "sˈɔː", "ˈeɪ", "kˈæt", "ˈɪn", "tˈuː θˈaʊzənd"]);
        assert_eq!(split_by_words(run, &alone), ["aɪ", "sˈɔː", "ɐ", "kˈæt", "ɪn", "tˈuː θˈaʊzənd"]);
    }

    #[test]
    fn words_that_say_nothing_get_nothing() {
        let pieces = split_by_words("hˈɛloʊ", &strings(&["", "hˈɛloʊ", ""]));
        assert_eq!(pieces, ["", "hˈɛloʊ", ""]);
    }
}
