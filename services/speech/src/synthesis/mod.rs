//! Text-to-speech shaped like AWS Polly: SynthesizeSpeech (audio or speech marks) and
//! DescribeVoices.
//!
//! - `api`: wire types; `validate`: requests into valid inputs; `voices`: the voice table.
//! - `script` (plain text) and `ssml`: what to say, with byte offsets into the input.
//! - `espeak`: eSpeak NG processes (phonemes; the standard voices); `phonemes`: IPA per word.
//! - `piper`: the VITS voice; `render`: audio and mark times; `encode`: rates and formats;
//!   `marks`: speech marks as JSON lines; `routes`: HTTP.

pub mod api;
pub mod encode;
pub mod espeak;
pub mod marks;
pub mod phonemes;
pub mod piper;
pub mod render;
pub mod routes;
pub mod script;
pub mod ssml;
pub mod synthesizer;
pub mod validate;
pub mod voices;

pub use synthesizer::Synthesizer;
