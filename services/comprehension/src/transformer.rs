//! BERT-style encoders shared by the embedding model and the configurable ONNX classifiers:
//! tokenizing with a `tokenizer.json`, padding a batch, and running the session on whichever of
//! `input_ids`, `attention_mask` and `token_type_ids` the model declares.

use aigate_core::ApiError;
use ort::session::Session;
use ort::value::TensorRef;
use std::borrow::Cow;
use tokenizers::Tokenizer;

/// One text's tokens, with each token's byte span in the text (specials have an empty span).
#[derive(Debug, Clone)]
pub struct Tokens {
    pub ids: Vec<i64>,
    pub mask: Vec<i64>,
    pub types: Vec<i64>,
    pub offsets: Vec<(usize, usize)>,
}

/// Loads a tokenizer with its own padding switched off (batches pad to their longest text)
/// and truncation at `max_tokens`.
pub fn load_tokenizer(path: &std::path::Path, max_tokens: usize) -> Result<Tokenizer, String> {
    let mut tokenizer = Tokenizer::from_file(path).map_err(|e| e.to_string())?;
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(tokenizers::TruncationParams { max_length: max_tokens, ..Default::default() }))
        .map_err(|e| e.to_string())?;
    Ok(tokenizer)
}

pub fn tokenize(tokenizer: &Tokenizer, text: &str) -> Result<Tokens, ApiError> {
    let encoding = tokenizer.encode(text, true).map_err(|e| ApiError::internal(format!("tokenizer: {e}")))?;
    let widen = |v: &[u32]| v.iter().map(|&x| i64::from(x)).collect::<Vec<_>>();
    Ok(Tokens {
        ids: widen(encoding.get_ids()),
        mask: widen(encoding.get_attention_mask()),
        types: widen(encoding.get_type_ids()),
        offsets: encoding.get_offsets().to_vec(),
    })
}

/// Row-major `[batch, length]` inputs, padded with zeros (mask 0).
pub struct Padded {
    pub batch: usize,
    pub length: usize,
    pub ids: Vec<i64>,
    pub mask: Vec<i64>,
    pub types: Vec<i64>,
}

pub fn pad(items: &[&Tokens]) -> Padded {
    let length = items.iter().map(|t| t.ids.len()).max().unwrap_or(0).max(1);
    let size = items.len() * length;
    let (mut ids, mut mask, mut types) = (vec![0; size], vec![0; size], vec![0; size]);
    for (row, t) in items.iter().enumerate() {
        let at = row * length;
        ids[at..at + t.ids.len()].copy_from_slice(&t.ids);
        mask[at..at + t.mask.len()].copy_from_slice(&t.mask);
        types[at..at + t.types.len()].copy_from_slice(&t.types);
    }
    Padded { batch: items.len(), length, ids, mask, types }
}

/// Runs the encoder and returns its first output's shape and values.
pub fn run(session: &mut Session, input: &Padded) -> Result<(Vec<usize>, Vec<f32>), String> {
    let shape = [input.batch, input.length];
    let mut feeds: Vec<(Cow<'_, str>, ort::session::SessionInputValue<'_>)> = Vec::new();
    let names: Vec<String> = session.inputs().iter().map(|i| i.name().to_string()).collect();
    for name in names {
        let data = match name.as_str() {
            "input_ids" => &input.ids,
            "attention_mask" => &input.mask,
            "token_type_ids" => &input.types,
            other => return Err(format!("the model asks for an input named {other:?}")),
        };
        let tensor = TensorRef::from_array_view((shape, data.as_slice())).map_err(|e| e.to_string())?;
        feeds.push((Cow::Owned(name), tensor.into()));
    }
    let outputs = session.run(feeds).map_err(|e| e.to_string())?;
    let value = outputs.values().next().ok_or("the model has no output")?;
    let (out_shape, data) = value.try_extract_tensor::<f32>().map_err(|e| e.to_string())?;
    let dims = out_shape.iter().map(|&d| usize::try_from(d).map_err(|_| format!("bad output shape {out_shape:?}")));
    Ok((dims.collect::<Result<_, _>>()?, data.to_vec()))
}
