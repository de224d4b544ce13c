//! Image decoding with limits: byte size, pixels per side (checked from the header before any
//! pixel is decoded, so a decompression bomb costs nothing), allocation caps, and EXIF orientation.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;

#[derive(Debug, Clone)]
pub struct ImageLimits {
    pub max_bytes: usize,
    pub min_side: u32,
    pub max_side: u32,
    pub formats: &'static [ImageFormat],
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImageError {
    #[error("the image is empty")]
    Empty,
    #[error("the image is {size} bytes; the limit is {limit} bytes")]
    TooManyBytes { size: usize, limit: usize },
    #[error("unsupported image format; send one of: {0}")]
    UnsupportedFormat(String),
    #[error("the image could not be decoded: {0}")]
    Corrupt(String),
    #[error("the image is {width}x{height} px; each side must be at most {limit} px")]
    TooLarge { width: u32, height: u32, limit: u32 },
    #[error("the image is {width}x{height} px; each side must be at least {limit} px")]
    TooSmall { width: u32, height: u32, limit: u32 },
}

/// The AWS error names an API gives image problems (Textract and Rekognition differ).
#[derive(Debug, Clone, Copy)]
pub struct ImageErrorNames {
    /// Too many bytes (413) or too many pixels (400).
    pub too_large: &'static str,
    /// Not one of the accepted formats.
    pub unsupported: &'static str,
    /// The bytes do not decode.
    pub corrupt: &'static str,
}

impl ImageError {
    /// The error a client sees, with the API's `names`; `empty_message` says which field was empty.
    pub fn into_api_error(self, names: &ImageErrorNames, empty_message: &str) -> crate::ApiError {
        use crate::ApiError;
        use axum::http::StatusCode;
        let message = self.to_string();
        match self {
            ImageError::Empty => ApiError::invalid_parameter(empty_message),
            ImageError::TooManyBytes { .. } => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, names.too_large, message),
            ImageError::TooLarge { width: 0, limit, .. } => ApiError::new(
                StatusCode::BAD_REQUEST,
                names.too_large,
                format!("the image exceeds {limit} px per side or the decoder's memory limit"),
            ),
            ImageError::TooLarge { .. } => ApiError::new(StatusCode::BAD_REQUEST, names.too_large, message),
            ImageError::UnsupportedFormat(_) => ApiError::new(StatusCode::BAD_REQUEST, names.unsupported, message),
            ImageError::Corrupt(_) => ApiError::new(StatusCode::BAD_REQUEST, names.corrupt, message),
            ImageError::TooSmall { .. } => ApiError::invalid_parameter(message),
        }
    }
}

fn format_names(formats: &[ImageFormat]) -> String {
    formats
        .iter()
        .map(|f| f.extensions_str().first().copied().unwrap_or("?").to_uppercase())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decodes `bytes` into an image upright per its EXIF orientation, within `limits`.
pub fn decode(bytes: &[u8], limits: &ImageLimits) -> Result<DynamicImage, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ImageError::TooManyBytes { size: bytes.len(), limit: limits.max_bytes });
    }
    let format = image::guess_format(bytes).map_err(|_| ImageError::UnsupportedFormat(format_names(limits.formats)))?;
    if !limits.formats.contains(&format) {
        return Err(ImageError::UnsupportedFormat(format_names(limits.formats)));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut caps = image::Limits::default();
    // Sides are checked from the header below, with the real size in the message; this cap on
    // allocations is the safety net: four bytes per pixel at the largest allowed size, plus slack for decoder buffers.
    caps.max_alloc = Some(u64::from(limits.max_side) * u64::from(limits.max_side) * 4 + (64 << 20));
    reader.limits(caps);
    let mut decoder = reader.into_decoder().map_err(|e| classify(e, limits))?;
    let (width, height) = decoder.dimensions();
    check_sides(width, height, limits)?;
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| classify(e, limits))?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok(image)
}

fn check_sides(width: u32, height: u32, limits: &ImageLimits) -> Result<(), ImageError> {
    if width > limits.max_side || height > limits.max_side {
        return Err(ImageError::TooLarge { width, height, limit: limits.max_side });
    }
    if width < limits.min_side || height < limits.min_side {
        return Err(ImageError::TooSmall { width, height, limit: limits.min_side });
    }
    Ok(())
}

fn classify(error: image::ImageError, limits: &ImageLimits) -> ImageError {
    match error {
        image::ImageError::Limits(_) => ImageError::TooLarge { width: 0, height: 0, limit: limits.max_side },
        image::ImageError::Unsupported(e) => {
            ImageError::UnsupportedFormat(format!("{e}; send one of: {}", format_names(limits.formats)))
        }
        other => ImageError::Corrupt(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ImageLimits = ImageLimits {
        max_bytes: 1 << 20,
        min_side: 1,
        max_side: 10_000,
        formats: &[ImageFormat::Png, ImageFormat::Jpeg],
    };

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_luma8(width, height).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).expect("encode");
        out
    }

    #[test]
    fn decodes_a_png() {
        let image = decode(&png(20, 10), &LIMITS).expect("decode");
        assert_eq!((image.width(), image.height()), (20, 10));
    }

    /// A JPEG of `width`x`height` with an EXIF APP1 segment saying "rotate 90° clockwise" (6).
    fn jpeg_rotated_by_exif(width: u32, height: u32) -> Vec<u8> {
        let mut jpeg = Vec::new();
        DynamicImage::new_rgb8(width, height).write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).expect("encode");
        let tiff: &[u8] = &[
            b'M', b'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation, SHORT, count 1, value 6
            0, 0, 0, 0, // no next IFD
        ];
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        app1.extend_from_slice(b"Exif\0\0");
        app1.extend_from_slice(tiff);
        [&jpeg[..2], &app1, &jpeg[2..]].concat()
    }

    #[test]
    fn applies_exif_orientation() {
        let image = decode(&jpeg_rotated_by_exif(40, 20), &LIMITS).expect("decode");
        assert_eq!((image.width(), image.height()), (20, 40));
    }

    #[test]
    fn decodes_tiff_when_allowed() {
        let mut tiff = Vec::new();
        DynamicImage::new_luma8(30, 12).write_to(&mut Cursor::new(&mut tiff), ImageFormat::Tiff).expect("encode");
        assert!(matches!(decode(&tiff, &LIMITS), Err(ImageError::UnsupportedFormat(_))), "not in LIMITS.formats");
        let with_tiff = ImageLimits { formats: &[ImageFormat::Tiff], ..LIMITS };
        assert_eq!(decode(&tiff, &with_tiff).expect("decode").width(), 30);
    }

    /// Damaged files of every accepted format decode or fail with a named error; none panics.
    #[test]
    fn damaged_images_never_panic() {
        let all = ImageLimits {
            formats: &[ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Tiff, ImageFormat::WebP],
            ..LIMITS
        };
        let mut originals = Vec::new();
        for format in all.formats {
            let mut bytes = Vec::new();
            let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| {
                image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 2) as u8])
            }));
            image.write_to(&mut Cursor::new(&mut bytes), *format).expect("encode");
            originals.push(bytes);
        }
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize
        };
        for original in &originals {
            for _ in 0..150 {
                let mut damaged = original.clone();
                match next() % 3 {
                    0 => damaged.truncate(next() % original.len()),
                    1 => {
                        for _ in 0..1 + next() % 8 {
                            let at = next() % damaged.len();
                            damaged[at] = next() as u8;
                        }
                    }
                    _ => {
                        let at = next() % damaged.len();
                        damaged.splice(at..at, std::iter::repeat_n(0xFF, next() % 64));
                    }
                }
                let outcome = std::panic::catch_unwind(|| decode(&damaged, &all).map(|_| ()));
                assert!(outcome.is_ok(), "decoding a damaged image panicked");
            }
        }
    }

    #[test]
    fn rejects_bad_inputs_with_named_errors() {
        assert_eq!(decode(b"", &LIMITS), Err(ImageError::Empty));
        assert!(matches!(decode(b"hello world, not an image", &LIMITS), Err(ImageError::UnsupportedFormat(_))));
        let truncated = png(200, 200);
        assert!(matches!(decode(&truncated[..truncated.len() / 2], &LIMITS), Err(ImageError::Corrupt(_))));
        assert!(matches!(decode(&png(10_001, 1), &LIMITS), Err(ImageError::TooLarge { width: 10_001, .. })));
        let strict = ImageLimits { min_side: 80, ..LIMITS };
        assert!(matches!(decode(&png(50, 100), &strict), Err(ImageError::TooSmall { .. })));
        let tiny = ImageLimits { max_bytes: 10, ..LIMITS };
        assert!(matches!(decode(&png(20, 20), &tiny), Err(ImageError::TooManyBytes { .. })));
    }
}
