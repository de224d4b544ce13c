//! Detector post-processing shared by services: axis-aligned boxes in pixels, intersection over
//! union, and greedy non-maximum suppression.

/// A box in pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelBox {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
}

impl PixelBox {
    /// A box from its centre and size.
    pub fn from_centre(cx: f32, cy: f32, width: f32, height: f32) -> Self {
        Self { x1: cx - width / 2.0, y1: cy - height / 2.0, x2: cx + width / 2.0, y2: cy + height / 2.0 }
    }

    pub fn width(&self) -> f32 {
        (self.x2 - self.x1).max(0.0)
    }

    pub fn height(&self) -> f32 {
        (self.y2 - self.y1).max(0.0)
    }

    pub fn area(&self) -> f32 {
        self.width() * self.height()
    }

    /// Every coordinate multiplied by `factor` (from a resized image back to the original).
    pub fn scaled(&self, factor: f32) -> Self {
        Self { x1: self.x1 * factor, y1: self.y1 * factor, x2: self.x2 * factor, y2: self.y2 * factor }
    }

    /// The part of the box inside a `width`×`height` image.
    pub fn clipped(&self, width: f32, height: f32) -> Self {
        Self {
            x1: self.x1.clamp(0.0, width),
            y1: self.y1.clamp(0.0, height),
            x2: self.x2.clamp(0.0, width),
            y2: self.y2.clamp(0.0, height),
        }
    }

    /// Intersection over union; 0 for boxes without area.
    pub fn iou(&self, other: &PixelBox) -> f32 {
        let inter = PixelBox {
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
            x2: self.x2.min(other.x2),
            y2: self.y2.min(other.y2),
        }
        .area();
        let union = self.area() + other.area() - inter;
        if union > 0.0 { inter / union } else { 0.0 }
    }
}

/// Greedy non-maximum suppression: the indices of the kept boxes, best score first. A box is
/// dropped when it overlaps a better kept box by more than `max_iou`.
pub fn nms(boxes: &[PixelBox], scores: &[f32], max_iou: f32) -> Vec<usize> {
    let mut order: Vec<usize> = (0..boxes.len().min(scores.len())).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut kept: Vec<usize> = Vec::new();
    for candidate in order {
        if kept.iter().all(|&k| boxes[k].iou(&boxes[candidate]) <= max_iou) {
            kept.push(candidate);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f32, y: f32, side: f32) -> PixelBox {
        PixelBox { x1: x, y1: y, x2: x + side, y2: y + side }
    }

    #[test]
    fn iou_of_known_overlaps() {
        assert_eq!(square(0.0, 0.0, 10.0).iou(&square(0.0, 0.0, 10.0)), 1.0);
        assert_eq!(square(0.0, 0.0, 10.0).iou(&square(20.0, 0.0, 10.0)), 0.0);
        // Half of each square overlaps: 50 / (100 + 100 - 50).
        assert!((square(0.0, 0.0, 10.0).iou(&square(5.0, 0.0, 10.0)) - 1.0 / 3.0).abs() < 1e-6);
        assert_eq!(PixelBox { x1: 1.0, y1: 1.0, x2: 1.0, y2: 1.0 }.iou(&square(0.0, 0.0, 2.0)), 0.0);
    }

    #[test]
    fn nms_keeps_the_best_of_each_cluster() {
        let boxes = [square(0.0, 0.0, 10.0), square(1.0, 1.0, 10.0), square(50.0, 50.0, 10.0)];
        assert_eq!(nms(&boxes, &[0.5, 0.9, 0.7], 0.45), vec![1, 2]);
        assert_eq!(nms(&boxes, &[0.5, 0.9, 0.7], 0.99), vec![1, 2, 0]);
        assert!(nms(&[], &[], 0.5).is_empty());
    }

    #[test]
    fn boxes_scale_and_clip() {
        let b = PixelBox::from_centre(10.0, 10.0, 40.0, 20.0);
        assert_eq!(b, PixelBox { x1: -10.0, y1: 0.0, x2: 30.0, y2: 20.0 });
        assert_eq!(b.scaled(0.5), PixelBox { x1: -5.0, y1: 0.0, x2: 15.0, y2: 10.0 });
        assert_eq!(b.clipped(25.0, 25.0), PixelBox { x1: 0.0, y1: 0.0, x2: 25.0, y2: 20.0 });
    }
}
