//! Document checks shared by every operation: not empty, not only whitespace, within the
//! operation's limit in UTF-8 bytes (Comprehend's limits), and a supported language code.

use crate::errors::{invalid_request, text_size, unsupported_language};
use aigate_core::ApiError;

/// DetectSentiment (and its batch): 5,000 bytes.
pub const SENTIMENT_LIMIT: usize = 5_000;
/// DetectDominantLanguage, DetectEntities, DetectKeyPhrases, DetectPiiEntities: 100,000 bytes.
pub const DEFAULT_LIMIT: usize = 100_000;
/// Embed, Similarity and ClassifyDocument: the model reads at most 256 tokens anyway.
pub const EMBED_LIMIT: usize = 10_000;
/// DetectToxicContent: 1 KB per segment.
pub const TOXIC_SEGMENT_LIMIT: usize = 1_000;
/// Documents per Batch* request (Comprehend: 25).
pub const BATCH_LIMIT: usize = 25;

/// Checks one document against `limit` bytes.
pub fn check(text: &str, limit: usize) -> Result<(), ApiError> {
    if text.trim().is_empty() {
        return Err(invalid_request("Text is empty or only whitespace; send at least one character of text"));
    }
    if text.len() > limit {
        return Err(text_size(format!(
            "Text is {} bytes of UTF-8; this operation accepts at most {limit}",
            text.len()
        )));
    }
    Ok(())
}

/// Checks a list's length: 1 to `max` items.
pub fn check_list<T>(field: &str, items: &[T], max: usize) -> Result<(), ApiError> {
    if items.is_empty() {
        return Err(invalid_request(format!("{field} is empty; send 1 to {max} items")));
    }
    if items.len() > max {
        return Err(crate::errors::batch_size(format!("{field} has {} items; at most {max} are allowed", items.len())));
    }
    Ok(())
}

/// Returns the language code if `supported` lists it; a missing code is InvalidRequestException.
pub fn language<'a>(code: Option<&'a str>, supported: &[&str], operation: &str) -> Result<&'a str, ApiError> {
    let code = code.map(str::trim).filter(|c| !c.is_empty()).ok_or_else(|| {
        invalid_request(format!("LanguageCode is required; {operation} supports: {}", supported.join(", ")))
    })?;
    if supported.contains(&code) {
        Ok(code)
    } else {
        Err(unsupported_language(format!(
            "{operation} does not support LanguageCode {code:?}; supported: {}",
            supported.join(", ")
        )))
    }
}

/// Cuts `text` into pieces of at most about `max_bytes`, at whitespace where possible, with each
/// piece's byte offset.
pub fn windows(text: &str, max_bytes: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max_bytes {
        let mut cut = start + max_bytes;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut =
            text[start..cut].rfind(char::is_whitespace).map(|i| start + i + 1).filter(|&c| c > start).unwrap_or(cut);
        out.push((start, &text[start..cut]));
        start = cut;
    }
    out.push((start, &text[start..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_utf8_bytes() {
        // 2,500 two-byte characters are 5,000 bytes: accepted; one more is not.
        assert!(check(&"é".repeat(2_500), SENTIMENT_LIMIT).is_ok());
        let error = check(&"é".repeat(2_501), SENTIMENT_LIMIT).expect_err("too long");
        assert_eq!(error.code, "TextSizeLimitExceededException");
        assert!(error.message.contains("5002 bytes"), "{}", error.message);
    }

    #[test]
    fn windows_cut_at_whitespace_and_keep_offsets() {
        let text = "ab cd ef gh";
        assert_eq!(windows(text, 5), vec![(0, "ab "), (3, "cd "), (6, "ef gh")]);
        assert_eq!(windows("ééé", 3), vec![(0, "é"), (2, "é"), (4, "é")]);
    }

    #[test]
    fn blank_text_and_languages() {
        assert_eq!(check(" \n\t ", 10).expect_err("blank").code, "InvalidRequestException");
        assert_eq!(language(Some("en"), &["en"], "X").expect("en"), "en");
        assert_eq!(language(Some("de"), &["en"], "X").expect_err("de").code, "UnsupportedLanguageException");
        assert_eq!(language(None, &["en"], "X").expect_err("none").code, "InvalidRequestException");
        assert_eq!(check_list::<u8>("TextList", &[0; 26], 25).expect_err("26").code, "BatchSizeLimitExceededException");
    }
}
