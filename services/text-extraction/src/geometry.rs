//! Axis-aligned rectangles in page pixels, and their conversion to Textract geometry (fractions
//! of the page, clamped to 0..1). The work happens on the upright page; geometry is reported on
//! the image as it was sent, like Textract: a polygon's first point is the text's top-left
//! corner, wherever the page's rotation put it.

use crate::api::{BoundingBox, Geometry, PolygonPoint};
use crate::ocr::{Point, Quad};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Rect {
    pub fn new(left: f32, top: f32, right: f32, bottom: f32) -> Self {
        Self { left, top, right, bottom }
    }

    /// The smallest rectangle holding the quad's corners.
    pub fn of_quad(quad: &Quad) -> Self {
        let xs = quad.map(|p| p.x);
        let ys = quad.map(|p| p.y);
        let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
        let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
        Self::new(min(xs), min(ys), max(xs), max(ys))
    }

    pub fn width(&self) -> f32 {
        (self.right - self.left).max(0.0)
    }

    pub fn height(&self) -> f32 {
        (self.bottom - self.top).max(0.0)
    }

    pub fn area(&self) -> f32 {
        self.width() * self.height()
    }

    pub fn centre(&self) -> (f32, f32) {
        ((self.left + self.right) / 2.0, (self.top + self.bottom) / 2.0)
    }

    /// Whether (x, y) lies inside; the left and top edges count, the right and bottom do not.
    pub fn contains(&self, (x, y): (f32, f32)) -> bool {
        x >= self.left && x < self.right && y >= self.top && y < self.bottom
    }

    pub fn union(&self, other: &Rect) -> Rect {
        Rect::new(
            self.left.min(other.left),
            self.top.min(other.top),
            self.right.max(other.right),
            self.bottom.max(other.bottom),
        )
    }

    pub fn intersection_area(&self, other: &Rect) -> f32 {
        let w = (self.right.min(other.right) - self.left.max(other.left)).max(0.0);
        let h = (self.bottom.min(other.bottom) - self.top.max(other.top)).max(0.0);
        w * h
    }

    pub fn iou(&self, other: &Rect) -> f32 {
        let inter = self.intersection_area(other);
        let union = self.area() + other.area() - inter;
        if union > 0.0 { inter / union } else { 0.0 }
    }

    /// How much the vertical extents overlap, as a fraction of the shorter one's height.
    pub fn vertical_overlap(&self, other: &Rect) -> f32 {
        let overlap = (self.bottom.min(other.bottom) - self.top.max(other.top)).max(0.0);
        let shorter = self.height().min(other.height());
        if shorter > 0.0 { overlap / shorter } else { 0.0 }
    }

    pub fn corners(&self) -> Quad {
        [
            Point { x: self.left, y: self.top },
            Point { x: self.right, y: self.top },
            Point { x: self.right, y: self.bottom },
            Point { x: self.left, y: self.bottom },
        ]
    }
}

/// The upright page's size in pixels, and how the sent image was turned from it.
#[derive(Debug, Clone, Copy)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
    /// Clockwise rotation (0, 90, 180, 270) of the sent image relative to the upright page.
    pub rotation_degrees: u32,
}

impl PageSize {
    pub fn upright(width: f32, height: f32) -> Self {
        Self { width, height, rotation_degrees: 0 }
    }

    /// A point of the upright page as fractions of the sent image.
    fn sent(&self, point: &Point) -> PolygonPoint {
        let (x, y) = (ratio(point.x, self.width), ratio(point.y, self.height));
        let (x, y) = match self.rotation_degrees {
            90 => (1.0 - y, x),
            180 => (1.0 - x, 1.0 - y),
            270 => (y, 1.0 - x),
            _ => (x, y),
        };
        PolygonPoint { x, y }
    }

    /// Textract geometry for a quad: its four corners, in text order, and their bounding box.
    pub fn geometry_of_quad(&self, quad: &Quad) -> Geometry {
        let polygon: Vec<PolygonPoint> = quad.iter().map(|p| self.sent(p)).collect();
        let fold =
            |init: f32, pick: fn(&PolygonPoint) -> f32, f: fn(f32, f32) -> f32| polygon.iter().map(pick).fold(init, f);
        let (left, right) = (fold(1.0, |p| p.x, f32::min), fold(0.0, |p| p.x, f32::max));
        let (top, bottom) = (fold(1.0, |p| p.y, f32::min), fold(0.0, |p| p.y, f32::max));
        Geometry {
            bounding_box: BoundingBox { width: (right - left).max(0.0), height: (bottom - top).max(0.0), left, top },
            polygon,
        }
    }

    pub fn geometry_of_rect(&self, rect: &Rect) -> Geometry {
        self.geometry_of_quad(&rect.corners())
    }
}

fn ratio(value: f32, size: f32) -> f32 {
    if size > 0.0 && value.is_finite() { (value / size).clamp(0.0, 1.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_is_clamped_fractions_of_the_page() {
        let size = PageSize::upright(200.0, 100.0);
        let geometry = size.geometry_of_rect(&Rect::new(-10.0, 50.0, 100.0, 150.0));
        assert_eq!(geometry.bounding_box, BoundingBox { width: 0.5, height: 0.5, left: 0.0, top: 0.5 });
        assert_eq!(geometry.polygon.len(), 4);
        assert_eq!(geometry.polygon[2], PolygonPoint { x: 0.5, y: 1.0 });
    }

    #[test]
    fn geometry_is_reported_on_the_image_as_sent() {
        // A 200x100 upright page; the text's top-left corner is at (20, 10).
        let rect = Rect::new(20.0, 10.0, 60.0, 30.0);
        let first = |rotation_degrees| {
            let geometry = PageSize { width: 200.0, height: 100.0, rotation_degrees }.geometry_of_rect(&rect);
            (geometry.polygon[0], geometry.bounding_box)
        };
        assert_eq!(first(0).0, PolygonPoint { x: 0.1, y: 0.1 });
        // Sent upside down: the text's top-left is near the image's bottom-right.
        let (point, bounds) = first(180);
        assert_eq!(point, PolygonPoint { x: 0.9, y: 0.9 });
        assert_eq!((bounds.left, bounds.top), (0.7, 0.7));
        assert!((bounds.width - 0.2).abs() < 1e-6 && (bounds.height - 0.2).abs() < 1e-6, "{bounds:?}");
        // Sent turned 90° clockwise: the upright top-left corner went to the top-right.
        assert_eq!(first(90).0, PolygonPoint { x: 0.9, y: 0.1 });
        assert_eq!(first(270).0, PolygonPoint { x: 0.1, y: 0.9 });
    }

    #[test]
    fn rect_measures() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        let b = Rect::new(5.0, 5.0, 15.0, 15.0);
        assert!((a.iou(&b) - 25.0 / 175.0).abs() < 1e-6);
        assert!(a.contains((0.0, 9.9)) && !a.contains((10.0, 5.0)));
        assert_eq!(a.vertical_overlap(&b), 0.5);
    }
}
