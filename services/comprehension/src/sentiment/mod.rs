//! Sentiment: the VADER lexicon engine (English) and, when configured, an ONNX
//! sequence-classification model; both end in Comprehend's four sentiments.

pub mod mapping;
pub mod vader;

#[cfg(test)]
mod vader_tests;
