//! Types every operation shares: the image, boxes, points.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A 1×1 PNG: the smallest image the examples can carry (real requests need 80 px per side).
pub const EXAMPLE_BYTES: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==";

/// A raw upload: the image file itself, sent with its `image/*` content type.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct RawImage(pub Vec<u8>);

/// The image to analyse. Only inline bytes are supported.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Image {
    /// The image, base64-encoded: JPEG, PNG or WebP, at most 5 MB, 80 to 10,000 px per side.
    #[schema(example = json!(EXAMPLE_BYTES))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<String>,
    /// Not supported by aigate (there is no S3); sending it is an InvalidParameterException.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub s3_object: Option<serde_json::Value>,
}

/// An axis-aligned box, in fractions of the image's width and height (may reach slightly
/// outside 0..1 for an object cut by the image's edge, as in Rekognition).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct BoundingBox {
    #[schema(example = 0.31)]
    pub width: f32,
    #[schema(example = 0.42)]
    pub height: f32,
    #[schema(example = 0.07)]
    pub left: f32,
    #[schema(example = 0.12)]
    pub top: f32,
}

/// A point, in fractions of the image's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Point {
    #[schema(example = 0.41)]
    pub x: f32,
    #[schema(example = 0.27)]
    pub y: f32,
}

/// A region: its bounding box and its polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "PascalCase")]
pub struct Geometry {
    pub bounding_box: BoundingBox,
    /// Four corners in the text's own order: top-left, top-right, bottom-right, bottom-left.
    pub polygon: Vec<Point>,
}
