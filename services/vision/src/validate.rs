//! Requests in, valid inputs out: bodies read within their byte limits (Rekognition JSON with
//! base64 `Image.Bytes`, or a raw image with an `image/*` content type), images decoded within
//! the limits off the async threads, and parameters checked with Rekognition's error names.
//!
//! Image errors: over `max_image_bytes` is ImageTooLargeException (413 when the body itself is
//! too large, as elsewhere in aigate; 400 for sides over `max_side_px`); not JPEG/PNG/WebP, or
//! damaged, is InvalidImageFormatException (400); sides under `min_side_px` and every bad
//! parameter are InvalidParameterException (400).

use crate::api::Image;
use crate::config::VisionConfig;
use aigate_core::ApiError;
use aigate_core::body::{JsonOrRaw, decode_base64, json_limit_for, parse_json, read_json_or_raw, read_limited};
use aigate_core::image::{ImageError, ImageErrorNames, ImageLimits, decode};
use axum::body::Body;
use axum::http::HeaderMap;
use image::{ImageFormat, RgbImage};
use serde::de::DeserializeOwned;

pub const TOO_LARGE: &str = "ImageTooLargeException";
pub const BAD_FORMAT: &str = "InvalidImageFormatException";
pub const FORMATS: &[ImageFormat] = &[ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP];

/// A request of an image operation: its JSON, or the raw image (which gets default parameters).
pub async fn read_image_request<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    config: &VisionConfig,
) -> Result<JsonOrRaw<T>, ApiError> {
    read_json_or_raw(headers, body, config.max_image_bytes, TOO_LARGE).await
}

/// A JSON-only request carrying up to `images` images.
pub async fn read_json<T: DeserializeOwned>(body: Body, config: &VisionConfig, images: usize) -> Result<T, ApiError> {
    let limit = json_limit_for(config.max_image_bytes.saturating_mul(images.max(1)));
    parse_json(&read_limited(body, limit, TOO_LARGE).await?)
}

/// Decodes the JSON `field` (e.g. `Image`, `SourceImage`) into RGB pixels.
pub async fn decode_image(image: Image, field: &'static str, config: &VisionConfig) -> Result<RgbImage, ApiError> {
    if image.s3_object.is_some() {
        return Err(ApiError::invalid_parameter(format!(
            "{field}.S3Object is not supported by aigate (there is no S3); send the image inline in {field}.Bytes"
        )));
    }
    let Some(encoded) = image.bytes else {
        return Err(ApiError::invalid_parameter(format!("{field}.Bytes is required")));
    };
    let limits = limits(config);
    off_thread(move || {
        let bytes = decode_base64(&format!("{field}.Bytes"), &encoded)?;
        to_rgb(&bytes, &limits, &format!("{field}.Bytes is empty"))
    })
    .await
}

/// Decodes a raw image body into RGB pixels.
pub async fn decode_raw(bytes: Vec<u8>, config: &VisionConfig) -> Result<RgbImage, ApiError> {
    let limits = limits(config);
    off_thread(move || to_rgb(&bytes, &limits, "the request body is empty; send the image")).await
}

fn to_rgb(bytes: &[u8], limits: &ImageLimits, empty_message: &str) -> Result<RgbImage, ApiError> {
    decode(bytes, limits).map(|image| image.to_rgb8()).map_err(|e| image_error(e, empty_message))
}

/// Runs CPU-bound work on the blocking pool.
pub async fn off_thread<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(job).await.map_err(ApiError::internal)?
}

fn limits(config: &VisionConfig) -> ImageLimits {
    ImageLimits {
        max_bytes: config.max_image_bytes,
        min_side: config.min_side_px,
        max_side: config.max_side_px,
        formats: FORMATS,
    }
}

/// Rekognition's names for image problems.
pub const IMAGE_ERRORS: ImageErrorNames =
    ImageErrorNames { too_large: TOO_LARGE, unsupported: BAD_FORMAT, corrupt: BAD_FORMAT };

pub fn image_error(error: ImageError, empty_message: &str) -> ApiError {
    error.into_api_error(&IMAGE_ERRORS, empty_message)
}

/// A 0–100 percentage parameter, or `default` when absent.
pub fn percentage(name: &str, value: Option<f32>, default: f32) -> Result<f32, ApiError> {
    match value {
        None => Ok(default),
        Some(v) if (0.0..=100.0).contains(&v) => Ok(v),
        Some(v) => Err(ApiError::invalid_parameter(format!("{name} must be between 0 and 100; got {v}"))),
    }
}

/// A count parameter within `min..=max`, or `default` when absent.
pub fn count(name: &str, value: Option<i64>, min: i64, max: i64, default: usize) -> Result<usize, ApiError> {
    match value {
        None => Ok(default),
        Some(v) if (min..=max).contains(&v) => Ok(v as usize),
        Some(v) => Err(ApiError::invalid_parameter(format!("{name} must be between {min} and {max}; got {v}"))),
    }
}

/// An identifier: 1–255 characters from `[a-zA-Z0-9_.-]` plus `extra`.
pub fn identifier(name: &str, value: &str, extra: &str) -> Result<(), ApiError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_.-".contains(c) || extra.contains(c);
    if value.is_empty() || value.len() > 255 || !value.chars().all(allowed) {
        return Err(ApiError::invalid_parameter(format!(
            "{name} must be 1 to 255 characters of [a-zA-Z0-9_.-{extra}]; got {value:?}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::DynamicImage;
    use std::io::Cursor;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgb8(width, height).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).expect("encode");
        out
    }

    fn code_of(result: Result<RgbImage, ApiError>) -> (u16, String) {
        match result {
            Ok(_) => (200, String::new()),
            Err(e) => (e.status.as_u16(), e.code.to_string()),
        }
    }

    #[tokio::test]
    async fn image_problems_get_rekognition_names() {
        let config = VisionConfig { max_image_bytes: 50_000, max_side_px: 1_000, ..VisionConfig::default() };
        let decode = |bytes: Vec<u8>| decode_raw(bytes, &config);
        let big = png(100, 100);
        assert_eq!(code_of(decode(big.clone()).await), (200, String::new()));
        assert_eq!(code_of(decode(png(79, 100)).await), (400, "InvalidParameterException".into()));
        assert_eq!(code_of(decode(png(1001, 100)).await), (400, TOO_LARGE.into()));
        assert_eq!(code_of(decode(big[..big.len() / 2].to_vec()).await), (400, BAD_FORMAT.into()));
        assert_eq!(code_of(decode(b"GIF89a, or any other text".to_vec()).await), (400, BAD_FORMAT.into()));
        assert_eq!(code_of(decode(vec![0; 50_001]).await), (413, TOO_LARGE.into()));
        assert_eq!(code_of(decode(Vec::new()).await), (400, "InvalidParameterException".into()));
        let s3 = Image { bytes: None, s3_object: Some(serde_json::json!({"Bucket": "b"})) };
        assert!(decode_image(s3, "Image", &config).await.expect_err("s3").message.contains("S3Object"));
    }

    #[test]
    fn parameters_are_checked() {
        assert_eq!(percentage("MinConfidence", None, 55.0).expect("default"), 55.0);
        assert!(percentage("MinConfidence", Some(101.0), 55.0).is_err());
        assert_eq!(count("MaxLabels", Some(3), 0, 1000, 10).expect("ok"), 3);
        assert!(count("MaxFaces", Some(0), 1, 4096, 80).is_err());
        assert!(identifier("CollectionId", "staff.2024-a_b", "").is_ok());
        assert!(identifier("CollectionId", "no spaces", "").is_err());
        assert!(identifier("CollectionId", "", "").is_err());
        assert!(identifier("ExternalImageId", "a:b", ":").is_ok());
    }
}
