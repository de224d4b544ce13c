//! Checks on StartTranscriptionJob requests: the job name, language, formats and subtitles.

use super::api::Subtitles;
pub use crate::transcription::validate::{BAD_REQUEST, bad_request, check_language};
use aigate_core::ApiError;

/// Transcribe's job name rule: 1 to 200 of `0-9a-zA-Z._-`.
pub fn job_name(name: &str) -> Result<(), ApiError> {
    let valid = !name.is_empty()
        && name.len() <= 200
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if valid {
        Ok(())
    } else {
        Err(bad_request(format!(
            "TranscriptionJobName {name:?} is not valid: use 1 to 200 letters, digits, '.', '_' or '-'"
        )))
    }
}

/// The informative MediaFormat, if given, must be one aigate reads.
pub fn media_format(format: Option<&str>) -> Result<(), ApiError> {
    match format {
        None | Some("wav" | "flac" | "mp3" | "ogg") => Ok(()),
        Some(other) => {
            Err(bad_request(format!("MediaFormat {other} is not supported by aigate; supported: wav, flac, mp3, ogg")))
        }
    }
}

/// The requested subtitle formats as stored (`srt,vtt`).
pub fn subtitles(subtitles: Option<&Subtitles>) -> Result<String, ApiError> {
    let Some(subtitles) = subtitles else { return Ok(String::new()) };
    if subtitles.output_start_index.is_some_and(|i| i != 1) {
        return Err(bad_request("Subtitles.OutputStartIndex: only 1 is supported by aigate"));
    }
    let mut formats = Vec::new();
    for format in &subtitles.formats {
        match format.as_str() {
            "srt" | "vtt" if !formats.contains(&format.as_str()) => formats.push(format.as_str()),
            "srt" | "vtt" => {}
            other => {
                return Err(bad_request(format!("Subtitles.Formats value {other:?} is not valid; use srt or vtt")));
            }
        }
    }
    Ok(formats.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_formats_and_subtitles_are_checked() {
        assert!(job_name("meeting-2024.05_01").is_ok());
        assert!(job_name("").is_err() && job_name("a b").is_err() && job_name(&"x".repeat(201)).is_err());
        assert!(media_format(Some("flac")).is_ok() && media_format(Some("amr")).is_err());
        let asked = Subtitles { formats: vec!["vtt".into(), "srt".into(), "vtt".into()], output_start_index: None };
        assert_eq!(subtitles(Some(&asked)).expect("valid"), "vtt,srt");
        let bad = Subtitles { formats: vec!["ass".into()], output_start_index: None };
        assert_eq!(subtitles(Some(&bad)).expect_err("invalid").code, BAD_REQUEST);
    }
}
