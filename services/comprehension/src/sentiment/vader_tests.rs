//! The port against the Python package: compound, pos, neg and neu as `vaderSentiment` 3.3.2
//! prints them (rounded to 4 and 3 places) for sentences that exercise each rule.

use crate::sentiment::vader::Vader;
use crate::test_models::model_dir;

/// (text, compound, pos, neg, neu) from `SentimentIntensityAnalyzer().polarity_scores(text)`.
const REFERENCE: &[(&str, f64, f64, f64, f64)] = &[
    ("I love this phone, it is absolutely wonderful!", 0.8585, 0.586, 0.0, 0.414),
    ("The service was terrible and the food was cold.", -0.4767, 0.0, 0.279, 0.721),
    ("The meeting is at 3 pm in room 4.", 0.0, 0.0, 0.0, 1.0),
    ("The camera is great but the battery life is awful.", -0.3506, 0.175, 0.275, 0.55),
    ("The food was not good at all.", -0.3412, 0.0, 0.286, 0.714),
    ("This is NOT a bad movie, it is GREAT!!!", 0.8611, 0.55, 0.0, 0.45),
    ("I am kind of happy, sort of.", 0.5279, 0.362, 0.0, 0.638),
    (
        "The plot was good, but the characters are uninteresting, and the dialog is not great.",
        -0.5409,
        0.101,
        0.229,
        0.67,
    ),
    ("Never so happy in my life.", 0.6948, 0.487, 0.0, 0.513),
    ("At least it is not the worst hotel.", 0.5096, 0.32, 0.0, 0.68),
    ("The book was the shit :) \u{1F600}", 0.9186, 0.706, 0.0, 0.294),
    ("Without doubt the best concert. No problems, no worries.", 0.8954, 0.762, 0.0, 0.238),
    ("Is it good??? I hardly think so", 0.533, 0.364, 0.0, 0.636),
    ("The staff were extremely rude and the room was dirty, I will never come back.", -0.7346, 0.0, 0.323, 0.677),
    ("kind of bad but very very good", 0.5357, 0.394, 0.188, 0.418),
];

pub(crate) fn load_vader() -> Vader {
    let dir = model_dir().join(crate::SERVICE_NAME);
    let lexicon = std::fs::read_to_string(dir.join(crate::files::VADER_LEXICON)).expect("lexicon");
    let emojis = std::fs::read_to_string(dir.join(crate::files::VADER_EMOJIS)).expect("emoji lexicon");
    Vader::new(&lexicon, &emojis).expect("lexicon parses")
}

#[test]
fn matches_the_python_package() {
    let vader = load_vader();
    for &(text, compound, pos, neg, neu) in REFERENCE {
        let p = vader.polarity_scores(text);
        assert!((p.compound - compound).abs() < 5e-5, "{text}: compound {} vs {compound}", p.compound);
        assert!((p.positive - pos).abs() < 5e-4, "{text}: pos {} vs {pos}", p.positive);
        assert!((p.negative - neg).abs() < 5e-4, "{text}: neg {} vs {neg}", p.negative);
        assert!((p.neutral - neu).abs() < 5e-4, "{text}: neu {} vs {neu}", p.neutral);
    }
}
