//! From VADER's scores to Comprehend's `Sentiment` and `SentimentScore`.
//!
//! Thresholds (VADER's own convention, plus a rule for MIXED):
//! - MIXED when both the positive and the negative share are at least [`MIXED_SHARE`] and the
//!   compound score is weaker than [`MIXED_MAX_COMPOUND`] (opposite feelings, neither winning);
//! - else POSITIVE when compound ≥ [`POLAR_COMPOUND`], NEGATIVE when compound ≤ −[`POLAR_COMPOUND`];
//! - else NEUTRAL.
//!
//! Scores are VADER's shares of positive, negative and neutral words, with Mixed = 2·min(pos, neg),
//! rescaled to sum to 1.

use crate::api::{Sentiment, SentimentScore};
use crate::sentiment::vader::Polarity;

/// |compound| at or above which a text is POSITIVE or NEGATIVE (VADER's documented threshold).
pub const POLAR_COMPOUND: f64 = 0.05;
/// Both shares at least this much may make a text MIXED.
pub const MIXED_SHARE: f64 = 0.1;
/// A compound this strong or stronger is a clear direction, never MIXED.
pub const MIXED_MAX_COMPOUND: f64 = 0.5;

pub fn from_vader(p: Polarity) -> (Sentiment, SentimentScore) {
    let sentiment = if p.positive >= MIXED_SHARE && p.negative >= MIXED_SHARE && p.compound.abs() < MIXED_MAX_COMPOUND {
        Sentiment::Mixed
    } else if p.compound >= POLAR_COMPOUND {
        Sentiment::Positive
    } else if p.compound <= -POLAR_COMPOUND {
        Sentiment::Negative
    } else {
        Sentiment::Neutral
    };
    let mixed = 2.0 * p.positive.min(p.negative);
    let total = p.positive + p.negative + p.neutral + mixed;
    let score = if total > 0.0 {
        SentimentScore {
            positive: (p.positive / total) as f32,
            negative: (p.negative / total) as f32,
            neutral: (p.neutral / total) as f32,
            mixed: (mixed / total) as f32,
        }
    } else {
        // No words at all (only punctuation): nothing is expressed.
        SentimentScore { positive: 0.0, negative: 0.0, neutral: 1.0, mixed: 0.0 }
    };
    (sentiment, score)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polarity(positive: f64, negative: f64, compound: f64) -> Polarity {
        Polarity { positive, negative, neutral: 1.0 - positive - negative, compound }
    }

    #[test]
    fn thresholds() {
        assert_eq!(from_vader(polarity(0.5, 0.0, 0.8)).0, Sentiment::Positive);
        assert_eq!(from_vader(polarity(0.0, 0.3, -0.4)).0, Sentiment::Negative);
        assert_eq!(from_vader(polarity(0.0, 0.0, 0.0)).0, Sentiment::Neutral);
        assert_eq!(from_vader(polarity(0.02, 0.0, 0.04)).0, Sentiment::Neutral);
        assert_eq!(from_vader(polarity(0.175, 0.275, -0.35)).0, Sentiment::Mixed);
        // Both present, but one clearly wins.
        assert_eq!(from_vader(polarity(0.4, 0.12, 0.7)).0, Sentiment::Positive);
    }

    #[test]
    fn scores_sum_to_one() {
        let (_, s) = from_vader(polarity(0.175, 0.275, -0.35));
        let sum = s.positive + s.negative + s.neutral + s.mixed;
        assert!((sum - 1.0).abs() < 1e-5, "{sum}");
        assert!(s.mixed > 0.0 && s.negative > s.positive);
    }
}
