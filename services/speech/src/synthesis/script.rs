//! What to say, whether it came as plain text or SSML: sentences made of clauses made of words,
//! pauses and named marks, each word with its byte offsets in the request's `Text` (Polly's
//! speech marks report offsets into the input as sent, SSML tags included).

/// One thing to say or do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Sentence(Sentence),
    /// Silence (`<break>`), in milliseconds.
    Pause(u32),
    /// An SSML `<mark name>`: reported as an `ssml` speech mark.
    Mark {
        name: String,
        start: usize,
        end: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Byte offsets of the sentence in the input.
    pub start: usize,
    pub end: usize,
    pub clauses: Vec<Clause>,
}

/// Words said in one breath: the unit the phonemizer reads as one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub words: Vec<Word>,
    /// `,` `;` `:` `.` `?` `!` when the clause ends with one.
    pub punctuation: Option<char>,
    /// Speaking rate (1.0 normal) from `<prosody rate>`.
    pub rate: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Byte offsets of the word (without surrounding punctuation) in the input.
    pub start: usize,
    pub end: usize,
    /// The word as written (XML entities decoded): a speech mark's `value`.
    pub value: String,
    /// Spelled letter by letter (`<say-as interpret-as="characters">`).
    pub spell_out: bool,
}

/// How the text being added is to be said.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub rate: f32,
    pub spell_out: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self { rate: 1.0, spell_out: false }
    }
}

/// Longer clauses are cut: eSpeak splits very long clauses by itself, which would break the
/// one-line-in, one-line-out protocol of the phonemizer.
const MAX_CLAUSE_WORDS: usize = 40;

/// Symbols that are said as words ("&" is "and", "%" is "percent").
const SPOKEN_SYMBOLS: &str = "&%$€£¥+=@#°";

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e"];

/// Builds a script from text runs (each with its offset in the input) and structure.
#[derive(Debug, Default)]
pub struct ScriptBuilder {
    items: Vec<Item>,
    sentence: Option<Sentence>,
}

impl ScriptBuilder {
    /// Adds the words of `text`; `position` maps a byte index of `text` (up to its length) to
    /// the byte offset in the input (SSML text has entities decoded, so the two differ).
    pub fn text(&mut self, text: &str, position: &dyn Fn(usize) -> usize, style: Style) {
        let mut previous_end = 0;
        for token in text.split_whitespace() {
            let start = token.as_ptr() as usize - text.as_ptr() as usize;
            if text[previous_end..start].matches('\n').count() >= 2 {
                self.end_sentence();
            }
            previous_end = start + token.len();
            self.token(token, start, position, style);
        }
    }

    fn token(&mut self, token: &str, at: usize, position: &dyn Fn(usize) -> usize, style: Style) {
        let is_word_char = |c: char| c.is_alphanumeric() || SPOKEN_SYMBOLS.contains(c);
        let (Some(first), Some(last)) = (token.find(is_word_char), token.rfind(is_word_char)) else {
            // Punctuation alone ("—", "-", "..."): it may still close a clause or sentence.
            self.punctuation(token, None, position(at + token.len()));
            return;
        };
        let last_end = last + token[last..].chars().next().map_or(1, char::len_utf8);
        let core = &token[first..last_end];
        let word = Word {
            start: position(at + first),
            end: position(at + last_end),
            value: core.to_string(),
            spell_out: style.spell_out,
        };
        self.push_word(word, style.rate);
        self.punctuation(&token[last_end..], Some(core), position(at + token.len()));
    }

    /// Applies the punctuation after a word: a clause or sentence ends (a sentence's span takes
    /// its final punctuation, which ends at `end`, like Polly's sentence marks).
    fn punctuation(&mut self, trailing: &str, word: Option<&str>, end: usize) {
        let abbreviation = word.is_some_and(|w| ABBREVIATIONS.contains(&w.to_lowercase().as_str()));
        let sentence_end = trailing.chars().rev().find(|c| matches!(c, '.' | '?' | '!'));
        if let Some(mark) = sentence_end.filter(|_| !abbreviation) {
            if let Some(sentence) = self.sentence.as_mut() {
                sentence.end = end;
            }
            self.close_clause(Some(mark));
            self.end_sentence();
        } else if let Some(mark) = trailing.chars().find(|c| matches!(c, ',' | ';' | ':')) {
            self.close_clause(Some(mark));
        }
    }

    fn push_word(&mut self, word: Word, rate: f32) {
        let sentence =
            self.sentence.get_or_insert_with(|| Sentence { start: word.start, end: word.end, clauses: Vec::new() });
        sentence.end = word.end;
        let open = sentence
            .clauses
            .last()
            .is_some_and(|c| c.punctuation.is_none() && c.rate == rate && c.words.len() < MAX_CLAUSE_WORDS);
        if !open {
            // A clause still open at a rate change just ends without punctuation.
            sentence.clauses.push(Clause { words: Vec::new(), punctuation: None, rate });
        }
        if let Some(clause) = sentence.clauses.last_mut() {
            clause.words.push(word);
        }
    }

    fn close_clause(&mut self, mark: Option<char>) {
        if let Some(clause) = self.sentence.as_mut().and_then(|s| s.clauses.last_mut())
            && clause.punctuation.is_none()
        {
            clause.punctuation = mark;
        }
    }

    /// Ends the sentence being built (SSML `<s>`, `<p>`, a blank line, a full stop).
    pub fn end_sentence(&mut self) {
        if let Some(mut sentence) = self.sentence.take() {
            if let Some(clause) = sentence.clauses.last_mut()
                && clause.punctuation.is_none()
            {
                clause.punctuation = Some('.');
            }
            self.items.push(Item::Sentence(sentence));
        }
    }

    pub fn pause(&mut self, milliseconds: u32) {
        self.end_sentence();
        self.items.push(Item::Pause(milliseconds));
    }

    pub fn mark(&mut self, name: String, start: usize, end: usize) {
        self.end_sentence();
        self.items.push(Item::Mark { name, start, end });
    }

    pub fn finish(mut self) -> Vec<Item> {
        self.end_sentence();
        self.items
    }
}

/// Plain text (`TextType` `text`).
pub fn from_text(text: &str) -> Vec<Item> {
    let mut builder = ScriptBuilder::default();
    builder.text(text, &|i| i, Style::default());
    builder.finish()
}

/// Every word of a script, in order.
pub fn words(items: &[Item]) -> impl Iterator<Item = &Word> {
    items
        .iter()
        .filter_map(|item| if let Item::Sentence(s) = item { Some(s) } else { None })
        .flat_map(|s| s.clauses.iter().flat_map(|c| c.words.iter()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(items: &[Item]) -> Vec<&Sentence> {
        items.iter().filter_map(|i| if let Item::Sentence(s) = i { Some(s) } else { None }).collect()
    }

    #[test]
    fn sentences_clauses_and_offsets() {
        let text = "Hello, world! Dr. Smith isn't here.\n\nNew paragraph";
        let items = from_text(text);
        let sentences = sentences(&items);
        assert_eq!(sentences.len(), 3);
        assert_eq!(&text[sentences[0].start..sentences[0].end], "Hello, world!");
        assert_eq!(sentences[0].clauses.iter().map(|c| c.punctuation).collect::<Vec<_>>(), [Some(','), Some('!')]);
        let second: Vec<_> = sentences[1].clauses[0].words.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(second, ["Dr", "Smith", "isn't", "here"]);
        assert_eq!(sentences[2].clauses[0].punctuation, Some('.'));
        assert_eq!(words(&items).count(), 8);
    }

    #[test]
    fn punctuation_only_tokens_and_unicode_offsets() {
        let text = "Café — naïve “quoted” words";
        let values: Vec<_> = words(&from_text(text)).map(|w| (w.value.clone(), &text[w.start..w.end])).collect();
        assert_eq!(values[0], ("Café".to_string(), "Café"));
        assert_eq!(values[2], ("quoted".to_string(), "quoted"));
        assert_eq!(values.len(), 4);
    }

    #[test]
    fn long_clauses_are_cut() {
        let text = vec!["word"; 100].join(" ");
        let items = from_text(&text);
        assert!(sentences(&items)[0].clauses.iter().all(|c| c.words.len() <= MAX_CLAUSE_WORDS));
    }
}
