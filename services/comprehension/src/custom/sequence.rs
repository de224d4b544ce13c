//! A configured sequence classifier for DetectSentiment: the softmax over the model's labels,
//! summed per sentiment. `Sentiment` is the sentiment with the highest total.

use crate::api::{Sentiment, SentimentScore};
use crate::custom::{OnnxModelConfig, read_labels, softmax};
use crate::transformer::{Tokens, load_tokenizer, pad, run};
use ort::session::Session;
use std::path::Path;
use tokenizers::Tokenizer;

pub struct SequenceClassifier {
    session: Session,
    pub tokenizer: Tokenizer,
    /// The sentiment of each output.
    sentiments: Vec<Sentiment>,
}

fn sentiment_of(label: &str, mapped: Option<&String>) -> Result<Sentiment, String> {
    let name = mapped.map_or_else(|| label.to_lowercase(), |m| m.to_lowercase());
    Ok(match name.as_str() {
        n if n.starts_with("pos") => Sentiment::Positive,
        n if n.starts_with("neg") => Sentiment::Negative,
        n if n.starts_with("neu") => Sentiment::Neutral,
        n if n.starts_with("mix") => Sentiment::Mixed,
        _ => {
            return Err(format!(
                "label {label:?} has no sentiment: map it in `labels` to POSITIVE, NEGATIVE, NEUTRAL or MIXED"
            ));
        }
    })
}

impl SequenceClassifier {
    pub fn load(config: &OnnxModelConfig, dir: &Path) -> Result<Self, String> {
        let labels = read_labels(&config.resolve(dir, &config.config))?;
        let sentiments = labels.iter().map(|l| sentiment_of(l, config.labels.get(l))).collect::<Result<_, _>>()?;
        let tokenizer = load_tokenizer(&config.resolve(dir, &config.tokenizer), config.max_tokens.unwrap_or(512))?;
        let session =
            aigate_core::runtime::load_session(&config.resolve(dir, &config.model)).map_err(|e| e.to_string())?;
        Ok(Self { session, tokenizer, sentiments })
    }

    pub fn classify(&mut self, tokens: &Tokens) -> Result<(Sentiment, SentimentScore), String> {
        let (shape, logits) = run(&mut self.session, &pad(&[tokens]))?;
        if shape != [1, self.sentiments.len()] {
            return Err(format!("output shape {shape:?} does not match the {} labels", self.sentiments.len()));
        }
        let mut score = SentimentScore { positive: 0.0, negative: 0.0, neutral: 0.0, mixed: 0.0 };
        for (p, sentiment) in softmax(&logits).into_iter().zip(&self.sentiments) {
            match sentiment {
                Sentiment::Positive => score.positive += p,
                Sentiment::Negative => score.negative += p,
                Sentiment::Neutral => score.neutral += p,
                Sentiment::Mixed => score.mixed += p,
            }
        }
        let ranked = [
            (Sentiment::Positive, score.positive),
            (Sentiment::Negative, score.negative),
            (Sentiment::Neutral, score.neutral),
            (Sentiment::Mixed, score.mixed),
        ];
        let best = ranked.iter().max_by(|a, b| a.1.total_cmp(&b.1)).map_or(Sentiment::Neutral, |b| b.0);
        Ok((best, score))
    }
}
