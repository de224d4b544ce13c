//! Speaks a script: phonemes for every clause from one eSpeak request, then audio sentence by
//! sentence (neural: Piper VITS; standard: eSpeak's own synthesizer), with the time at which
//! each word, sentence and `<mark>` begins in that audio.

use crate::synthesis::espeak::{ESPEAK_SAMPLE_RATE, Espeak};
use crate::synthesis::phonemes;
use crate::synthesis::piper::{FRAME_SAMPLES, PiperConfig, PiperModel, Scales};
use crate::synthesis::script::{Clause, Item, Sentence, Word};
use crate::synthesis::voices::{Engine, VoiceSpec};
use aigate_core::{ApiError, ModelWorker};

/// What a speech mark points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Sentence,
    Word,
    Ssml,
}

/// Something that begins at a time in the audio.
#[derive(Debug, Clone, PartialEq)]
pub struct TimedMark {
    pub kind: MarkKind,
    /// Samples from the start of the audio.
    pub sample: usize,
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// The audio at the voice's own rate and its marks.
#[derive(Debug, Default)]
pub struct Rendered {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    pub marks: Vec<TimedMark>,
}

impl Rendered {
    pub fn milliseconds(&self, sample: usize) -> u64 {
        (sample as u64 * 1000) / u64::from(self.sample_rate.max(1))
    }
}

/// The Piper voice and how it is run.
pub struct NeuralVoice {
    pub model: ModelWorker<PiperModel>,
    pub config: PiperConfig,
    pub scales: Scales,
}

pub async fn render(
    items: &[Item],
    voice: &VoiceSpec,
    neural: &NeuralVoice,
    espeak: &Espeak,
    value_of: &(dyn Fn(&Sentence) -> String + Sync),
) -> Result<Rendered, ApiError> {
    let clauses: Vec<&Clause> = sentences(items).flat_map(|s| s.clauses.iter()).collect();
    let mut phonemes = phonemes::phonemize(espeak, voice.espeak_voice, &clauses).await?.into_iter();
    let sample_rate = match voice.engine {
        Engine::Neural => neural.config.sample_rate,
        Engine::Standard => ESPEAK_SAMPLE_RATE,
    };
    let mut out = Rendered { samples: Vec::new(), sample_rate, marks: Vec::new() };
    for item in items {
        match item {
            Item::Pause(ms) => {
                out.samples.resize(out.samples.len() + (*ms as usize * sample_rate as usize) / 1000, 0.0)
            }
            Item::Mark { name, start, end } => out.marks.push(TimedMark {
                kind: MarkKind::Ssml,
                sample: out.samples.len(),
                start: *start,
                end: *end,
                value: name.clone(),
            }),
            Item::Sentence(sentence) => {
                let sentence_mark = out.marks.len();
                for group in sentence.clauses.chunk_by(|a, b| a.rate == b.rate) {
                    let ipa: Vec<Vec<String>> = phonemes.by_ref().take(group.len()).collect();
                    let spoken = match voice.engine {
                        Engine::Neural => speak_neural(neural, group, &ipa).await?,
                        Engine::Standard => speak_standard(espeak, voice, group, &ipa).await?,
                    };
                    let offset = out.samples.len();
                    let words = group.iter().flat_map(|c| c.words.iter());
                    for (word, sample) in words.zip(spoken.word_starts) {
                        out.marks.push(word_mark(word, offset + sample));
                    }
                    out.samples.extend_from_slice(&spoken.samples);
                }
                let first_word = out.marks.get(sentence_mark).map(|m| m.sample).unwrap_or(out.samples.len());
                let mark = TimedMark {
                    kind: MarkKind::Sentence,
                    sample: first_word,
                    start: sentence.start,
                    end: sentence.end,
                    value: value_of(sentence),
                };
                out.marks.insert(sentence_mark, mark);
            }
        }
    }
    Ok(out)
}

fn sentences(items: &[Item]) -> impl Iterator<Item = &Sentence> {
    items.iter().filter_map(|item| if let Item::Sentence(s) = item { Some(s) } else { None })
}

fn word_mark(word: &Word, sample: usize) -> TimedMark {
    TimedMark { kind: MarkKind::Word, sample, start: word.start, end: word.end, value: word.value.clone() }
}

/// Audio of some clauses, and the sample at which each of their words starts.
struct Spoken {
    samples: Vec<f32>,
    word_starts: Vec<usize>,
}

/// Piper: the ids of the whole group in one call; each word starts where the durations of the
/// ids before its first phoneme add up to.
async fn speak_neural(voice: &NeuralVoice, clauses: &[Clause], ipa: &[Vec<String>]) -> Result<Spoken, ApiError> {
    let config = &voice.config;
    let id = |c: char| config.id(c);
    let (pad, start, end, space) = (id('_'), id('^'), id('$'), id(' '));
    let mut ids: Vec<i64> = start.into_iter().chain(pad).collect();
    let mut word_first_id = Vec::new();
    let push = |c: char, ids: &mut Vec<i64>| {
        if let Some(phoneme) = id(c) {
            ids.push(phoneme);
            ids.extend(pad);
        }
    };
    for (index, (clause, words)) in clauses.iter().zip(ipa).enumerate() {
        for (w, word) in words.iter().enumerate() {
            if w > 0 && !word.is_empty() {
                push(' ', &mut ids);
            }
            word_first_id.push(ids.len());
            word.chars().for_each(|c| push(c, &mut ids));
        }
        push(clause.punctuation.unwrap_or('.'), &mut ids);
        if index + 1 < clauses.len() && space.is_some() {
            push(' ', &mut ids);
        }
    }
    ids.extend(end);
    let length_scale = 1.0 / clauses.first().map_or(1.0, |c| c.rate);
    let scales = voice.scales;
    let spoken = voice
        .model
        .run(move |model| model.speak(&ids, length_scale, scales))
        .await?
        .map_err(|e| ApiError::internal(format!("piper: {e}")))?;
    let mut frame_before = Vec::with_capacity(spoken.frames.len() + 1);
    let mut total = 0;
    for frames in &spoken.frames {
        frame_before.push(total);
        total += frames;
    }
    frame_before.push(total);
    let word_starts =
        word_first_id.iter().map(|&i| frame_before.get(i).copied().unwrap_or(total) * FRAME_SAMPLES).collect();
    Ok(Spoken { samples: spoken.samples, word_starts })
}

/// eSpeak's synthesizer: the words' times are spread over the speech in the audio in proportion
/// to their number of phonemes (eSpeak reports no timing through its command line).
async fn speak_standard(
    espeak: &Espeak,
    voice: &VoiceSpec,
    clauses: &[Clause],
    ipa: &[Vec<String>],
) -> Result<Spoken, ApiError> {
    let text: String = clauses
        .iter()
        .map(|c| {
            let words: Vec<String> = c.words.iter().map(spoken_text).collect();
            format!("{}{} ", crate::synthesis::espeak::clean_line(&words.join(" ")), c.punctuation.unwrap_or('.'))
        })
        .collect();
    let samples = espeak.synthesize(voice.espeak_voice, &text, clauses.first().map_or(1.0, |c| c.rate)).await?;
    let weights: Vec<usize> =
        ipa.iter().flatten().map(|w| w.chars().filter(|c| !matches!(c, 'ˈ' | 'ˌ' | ' ')).count().max(1)).collect();
    let loud = |s: &f32| s.abs() > 0.02;
    let first = samples.iter().position(loud).unwrap_or(0);
    let last = samples.iter().rposition(loud).map_or(samples.len(), |i| i + 1).max(first);
    let total: usize = weights.iter().sum::<usize>().max(1);
    let mut before = 0;
    let word_starts = weights
        .iter()
        .map(|w| {
            let start = first + (last - first) * before / total;
            before += w;
            start
        })
        .collect();
    Ok(Spoken { samples, word_starts })
}

/// What eSpeak reads for a word: the word, or its letters one by one.
fn spoken_text(word: &Word) -> String {
    if word.spell_out {
        word.value.chars().filter(|c| c.is_alphanumeric()).map(|c| c.to_string()).collect::<Vec<_>>().join(" ")
    } else {
        word.value.clone()
    }
}
