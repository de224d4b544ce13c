//! The wire types of the synchronous `Transcribe` operation. The media is sent inline, as the
//! raw audio file or as base64 in `Media.Bytes` (an aigate extension of Transcribe's `Media`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A raw upload: the audio file itself (WAV, FLAC, MP3 or Ogg Vorbis).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct RawAudio(pub Vec<u8>);

/// Where the audio is. aigate takes it inline; `MediaFileUri` (S3) is not supported.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Media {
    /// The audio file, base64-encoded: WAV (PCM 8/16/24/32-bit or 32-bit float), FLAC, MP3 or Ogg Vorbis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAgD4AAAB9AAACABAAZGF0YQAAAAA=")]
    pub bytes: Option<String>,
    /// Not supported by aigate (there is no S3); sending it is a BadRequestException.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_file_uri: Option<String>,
}

/// Transcribes a short recording at once.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct TranscribeRequest {
    pub media: Media,
    /// `en-US` (default) or another English variant; the model is English-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "en-US")]
    pub language_code: Option<String>,
}
