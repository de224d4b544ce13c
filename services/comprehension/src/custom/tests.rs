//! The engines on tiny generated models (tests/fixtures/tiny/make.py): each word's label is
//! fixed, so the control flow (labels, BIO merging, offsets, sentiment sums) is what is tested.

use super::OnnxModelConfig;
use super::sequence::SequenceClassifier;
use super::token::TokenClassifier;
use crate::api::{EntityType, Sentiment};
use crate::transformer::tokenize;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    crate::test_models::init_runtime();
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

fn config(model: &str, labels_file: &str) -> OnnxModelConfig {
    OnnxModelConfig {
        model: model.into(),
        tokenizer: "tokenizer.json".into(),
        config: labels_file.into(),
        languages: vec!["en".into()],
        ..Default::default()
    }
}

#[test]
fn token_classifier_merges_bio_tags_with_byte_offsets() {
    let dir = fixtures();
    let mut model = TokenClassifier::load(&config("token_classifier.onnx", "token_config.json"), &dir).expect("load");
    let text = "Ada Lovelace visited Paris and Acme Corp today";
    let tokens = tokenize(&model.tokenizer, text).expect("tokens");
    let found = model.entities(&tokens, 0).expect("entities");
    let spans: Vec<(&str, EntityType)> = found.iter().map(|f| (&text[f.begin..f.end], f.kind)).collect();
    assert_eq!(
        spans,
        [
            ("Ada Lovelace", EntityType::Person),
            ("Paris", EntityType::Location),
            ("Acme Corp", EntityType::Organization)
        ]
    );
    assert!(found.iter().all(|f| f.score > 0.9));
    // A window further into a document shifts every span.
    let shifted = model.entities(&tokens, 100).expect("entities");
    assert_eq!(shifted[1].begin, found[1].begin + 100);
}

#[test]
fn sequence_classifier_sums_label_probabilities() {
    let dir = fixtures();
    let mut model =
        SequenceClassifier::load(&config("sequence_classifier.onnx", "sequence_config.json"), &dir).expect("load");
    for (text, expected) in [
        ("the movie was great", Sentiment::Positive),
        ("the movie was awful", Sentiment::Negative),
        ("the movie was okay", Sentiment::Neutral),
    ] {
        let tokens = tokenize(&model.tokenizer, text).expect("tokens");
        let (sentiment, score) = model.classify(&tokens).expect("classify");
        assert_eq!(sentiment, expected, "{text}");
        let sum = score.positive + score.negative + score.neutral + score.mixed;
        assert!((sum - 1.0).abs() < 1e-5);
    }
}

#[test]
fn unmapped_labels_are_a_load_error() {
    let dir = fixtures();
    let mut bad = config("sequence_classifier.onnx", "token_config.json");
    let error = SequenceClassifier::load(&bad, &dir).err().expect("PER is no sentiment");
    assert!(error.contains("map it in `labels`"), "{error}");
    bad.labels.insert("O".into(), "NEUTRAL".into());
    assert!(SequenceClassifier::load(&bad, &dir).is_err(), "B-PER is still unmapped");
}
