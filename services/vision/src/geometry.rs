//! Pixels into Rekognition's geometry: boxes and points as fractions of the image.

use crate::api::{BoundingBox, Point};
use aigate_core::detection::PixelBox;

/// A pixel box as fractions of a `width`×`height` image. Rekognition lets a box reach past the
/// edge for an object the edge cuts; we clip to the image, which is what clients draw.
pub fn relative_box(rect: &PixelBox, width: u32, height: u32) -> BoundingBox {
    let (w, h) = (width.max(1) as f32, height.max(1) as f32);
    let clipped = rect.clipped(w, h);
    BoundingBox { width: clipped.width() / w, height: clipped.height() / h, left: clipped.x1 / w, top: clipped.y1 / h }
}

/// A pixel point as fractions of a `width`×`height` image.
pub fn relative_point(x: f32, y: f32, width: u32, height: u32) -> Point {
    Point { x: x / width.max(1) as f32, y: y / height.max(1) as f32 }
}
