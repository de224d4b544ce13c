//! Skew: scanned pages are rarely level. The page's skew is measured from its OCR lines, and the
//! table and form searches run in a frame turned by that angle, where rules and rows are level.

use crate::geometry::Rect;
use crate::ocr::{OcrLine, Point, Quad};

/// Skews below this are treated as none (no resampling).
const MIN_SKEW_DEGREES: f32 = 0.05;
/// Lines steeper than this are not text on a skewed page (vertical text, a rotated stamp).
const MAX_SKEW_DEGREES: f32 = 15.0;

/// The median angle of the page's text lines, in radians (positive: clockwise in image
/// coordinates). Only lines at least twice as wide as high vote.
pub fn skew(lines: &[OcrLine]) -> f32 {
    let mut angles: Vec<f32> = lines
        .iter()
        .filter_map(|line| {
            let [tl, tr, br, bl] = line.quad;
            let width = (tr.x - tl.x).hypot(tr.y - tl.y);
            let height = (bl.x - tl.x).hypot(bl.y - tl.y);
            (width >= 2.0 * height).then(|| ((tr.y - tl.y).atan2(tr.x - tl.x) + (br.y - bl.y).atan2(br.x - bl.x)) / 2.0)
        })
        .filter(|a| a.is_finite() && a.abs() <= MAX_SKEW_DEGREES.to_radians())
        .collect();
    if angles.is_empty() {
        return 0.0;
    }
    angles.sort_by(f32::total_cmp);
    let median = angles[angles.len() / 2];
    if median.abs() < MIN_SKEW_DEGREES.to_radians() { 0.0 } else { median }
}

/// Page pixels turned by `-angle` about the page centre, onto a canvas that holds the whole page.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    cos: f32,
    sin: f32,
    page_centre: (f32, f32),
    frame_centre: (f32, f32),
    pub width: f32,
    pub height: f32,
}

impl Frame {
    pub fn level(page_width: f32, page_height: f32, angle: f32) -> Self {
        let (sin, cos) = angle.sin_cos();
        let width = page_width * cos.abs() + page_height * sin.abs();
        let height = page_width * sin.abs() + page_height * cos.abs();
        Self {
            cos,
            sin,
            page_centre: (page_width / 2.0, page_height / 2.0),
            frame_centre: (width / 2.0, height / 2.0),
            width,
            height,
        }
    }

    pub fn is_identity(&self) -> bool {
        self.sin == 0.0
    }

    pub fn frame_point(&self, (x, y): (f32, f32)) -> (f32, f32) {
        let (dx, dy) = (x - self.page_centre.0, y - self.page_centre.1);
        (self.cos * dx + self.sin * dy + self.frame_centre.0, -self.sin * dx + self.cos * dy + self.frame_centre.1)
    }

    pub fn page_point(&self, (x, y): (f32, f32)) -> (f32, f32) {
        let (dx, dy) = (x - self.frame_centre.0, y - self.frame_centre.1);
        (self.cos * dx - self.sin * dy + self.page_centre.0, self.sin * dx + self.cos * dy + self.page_centre.1)
    }

    /// The box, in the frame, around a quad given in page pixels.
    pub fn rect_of(&self, quad: &Quad) -> Rect {
        Rect::of_quad(&quad.map(|p| {
            let (x, y) = self.frame_point((p.x, p.y));
            Point { x, y }
        }))
    }

    /// A frame rectangle's corners in page pixels.
    pub fn page_quad(&self, rect: &Rect) -> Quad {
        rect.corners().map(|p| {
            let (x, y) = self.page_point((p.x, p.y));
            Point { x, y }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::tests::line;

    #[test]
    fn frame_round_trips_and_levels_a_slanted_line() {
        let angle = 2f32.to_radians();
        let frame = Frame::level(800.0, 600.0, angle);
        let (x, y) = frame.page_point(frame.frame_point((123.0, 456.0)));
        assert!((x - 123.0).abs() < 1e-3 && (y - 456.0).abs() < 1e-3);
        let (a, b) = (
            frame.frame_point((100.0, 100.0)),
            frame.frame_point((100.0 + 500.0 * angle.cos(), 100.0 + 500.0 * angle.sin())),
        );
        assert!((a.1 - b.1).abs() < 1e-3, "{a:?} {b:?}");
    }

    #[test]
    fn skew_is_the_median_line_angle() {
        let tilt = |mut l: OcrLine, angle: f32| {
            let (sin, cos) = angle.sin_cos();
            let origin = l.quad[0];
            l.quad = l.quad.map(|p| {
                let (dx, dy) = (p.x - origin.x, p.y - origin.y);
                Point { x: origin.x + cos * dx - sin * dy, y: origin.y + sin * dx + cos * dy }
            });
            l
        };
        let lines = vec![
            tilt(line("a long line of text", 0.0, 0.0, 20.0), 0.010),
            tilt(line("another long line", 0.0, 50.0, 20.0), 0.012),
            tilt(line("and a third one", 0.0, 100.0, 20.0), 0.5),
            tilt(line("x", 0.0, 150.0, 20.0), -0.3),
        ];
        assert!((skew(&lines) - 0.012).abs() < 1e-4, "{}", skew(&lines));
        assert_eq!(skew(&lines[..1].iter().map(|l| tilt(l.clone(), -0.0105)).collect::<Vec<_>>()), 0.0);
    }
}
