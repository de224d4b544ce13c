//! Axis-aligned rectangles in page pixels, and their conversion to Textract geometry (fractions
//! of the page, clamped to 0..1).

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

/// The page's size in pixels, which geometry is expressed as fractions of.
#[derive(Debug, Clone, Copy)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

impl PageSize {
    fn x(&self, x: f32) -> f32 {
        ratio(x, self.width)
    }

    fn y(&self, y: f32) -> f32 {
        ratio(y, self.height)
    }

    /// Textract geometry for a quad: its bounding box and its four corners.
    pub fn geometry_of_quad(&self, quad: &Quad) -> Geometry {
        let rect = Rect::of_quad(quad);
        let (left, top, right, bottom) = (self.x(rect.left), self.y(rect.top), self.x(rect.right), self.y(rect.bottom));
        Geometry {
            bounding_box: BoundingBox { width: right - left, height: bottom - top, left, top },
            polygon: quad.iter().map(|p| PolygonPoint { x: self.x(p.x), y: self.y(p.y) }).collect(),
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
        let size = PageSize { width: 200.0, height: 100.0 };
        let geometry = size.geometry_of_rect(&Rect::new(-10.0, 50.0, 100.0, 150.0));
        assert_eq!(geometry.bounding_box, BoundingBox { width: 0.5, height: 0.5, left: 0.0, top: 0.5 });
        assert_eq!(geometry.polygon.len(), 4);
        assert_eq!(geometry.polygon[2], PolygonPoint { x: 0.5, y: 1.0 });
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
