//! Plane geometry for the detector and the word boxes: convex hull, minimum-area rectangle,
//! the DB "unclip", corner ordering, reading order and the unit-square-to-quad homography.

use super::types::{Point, Quad};

/// A rotated rectangle: centre, side lengths, and the direction of the `width` side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RotatedRect {
    pub center: (f64, f64),
    pub width: f64,
    pub height: f64,
    /// Unit vector along the `width` side.
    pub axis: (f64, f64),
}

impl RotatedRect {
    pub fn short_side(&self) -> f64 {
        self.width.min(self.height)
    }

    /// The four corners in cyclic order.
    pub fn corners(&self) -> [(f64, f64); 4] {
        let (cx, cy) = self.center;
        let (ux, uy) = self.axis;
        let (vx, vy) = (-uy, ux);
        let (hw, hh) = (self.width / 2.0, self.height / 2.0);
        [
            (cx - ux * hw - vx * hh, cy - uy * hw - vy * hh),
            (cx + ux * hw - vx * hh, cy + uy * hw - vy * hh),
            (cx + ux * hw + vx * hh, cy + uy * hw + vy * hh),
            (cx - ux * hw + vx * hh, cy - uy * hw + vy * hh),
        ]
    }

    /// DB's unclip: offsets the rectangle outwards by `area * ratio / perimeter`. For a rectangle
    /// the round-joined offset polygon has the same minimum-area rectangle as growing every side
    /// by that distance, which is what this returns.
    pub fn unclip(&self, ratio: f64) -> RotatedRect {
        let perimeter = 2.0 * (self.width + self.height);
        if perimeter <= 0.0 {
            return *self;
        }
        let distance = self.width * self.height * ratio / perimeter;
        RotatedRect { width: self.width + 2.0 * distance, height: self.height + 2.0 * distance, ..*self }
    }
}

fn cross(o: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

/// Convex hull (Andrew's monotone chain) without collinear points. Sorts `points` in place.
pub(crate) fn convex_hull(points: &mut [(f64, f64)]) -> Vec<(f64, f64)> {
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let chain = |iter: &mut dyn Iterator<Item = &(f64, f64)>| {
        let mut half: Vec<(f64, f64)> = Vec::new();
        for &p in iter {
            if half.last() == Some(&p) {
                continue;
            }
            while half.len() >= 2 && cross(half[half.len() - 2], half[half.len() - 1], p) <= 0.0 {
                half.pop();
            }
            half.push(p);
        }
        half.pop();
        half
    };
    let mut hull = chain(&mut points.iter());
    hull.extend(chain(&mut points.iter().rev()));
    if hull.is_empty() {
        hull.extend(points.first());
    }
    hull
}

/// The minimum-area enclosing rectangle of `points` (rotating calipers over the hull edges),
/// like OpenCV's `minAreaRect`. `None` for no points.
pub(crate) fn min_area_rect(points: &mut [(f64, f64)]) -> Option<RotatedRect> {
    let hull = convex_hull(points);
    let first = *hull.first()?;
    if hull.len() == 1 {
        return Some(RotatedRect { center: first, width: 0.0, height: 0.0, axis: (1.0, 0.0) });
    }
    let mut best: Option<(f64, RotatedRect)> = None;
    for i in 0..hull.len() {
        let a = hull[i];
        let b = hull[(i + 1) % hull.len()];
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        if len <= f64::EPSILON {
            continue;
        }
        let axis = (dx / len, dy / len);
        let normal = (-axis.1, axis.0);
        let (mut u_min, mut u_max, mut v_min, mut v_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for p in &hull {
            let (rx, ry) = (p.0 - a.0, p.1 - a.1);
            let u = rx * axis.0 + ry * axis.1;
            let v = rx * normal.0 + ry * normal.1;
            u_min = u_min.min(u);
            u_max = u_max.max(u);
            v_min = v_min.min(v);
            v_max = v_max.max(v);
        }
        let (width, height) = (u_max - u_min, v_max - v_min);
        let area = width * height;
        if best.as_ref().is_none_or(|(best_area, _)| area < *best_area) {
            let (uc, vc) = ((u_min + u_max) / 2.0, (v_min + v_max) / 2.0);
            let center = (a.0 + axis.0 * uc + normal.0 * vc, a.1 + axis.1 * uc + normal.1 * vc);
            best = Some((area, RotatedRect { center, width, height, axis }));
        }
    }
    best.map(|(_, rect)| rect)
}

/// Orders four corners top-left, top-right, bottom-right, bottom-left (image coordinates, y
/// down): the two leftmost points by x become tl/bl by y, the other two tr/br by y.
pub(crate) fn order_corners(points: [Point; 4]) -> Quad {
    let mut by_x = points;
    by_x.sort_by(|a, b| a.x.total_cmp(&b.x));
    let [a, b, c, d] = by_x;
    let (tl, bl) = if a.y <= b.y { (a, b) } else { (b, a) };
    let (tr, br) = if c.y <= d.y { (c, d) } else { (d, c) };
    [tl, tr, br, bl]
}

pub(crate) fn distance(a: Point, b: Point) -> f32 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// Sorts items top to bottom by their quad's top-left corner, then left to right among items
/// whose top-left y differs from the previous one's by less than `band` pixels.
pub(crate) fn sort_reading_order<T>(items: &mut Vec<T>, quad: impl Fn(&T) -> &Quad, band: f32) {
    items.sort_by(|a, b| quad(a)[0].y.total_cmp(&quad(b)[0].y));
    let mut line = 0_usize;
    let mut keyed: Vec<(usize, f32, T)> = Vec::with_capacity(items.len());
    let mut previous_y: Option<f32> = None;
    for item in items.drain(..) {
        let top_left = quad(&item)[0];
        if previous_y.is_some_and(|y| top_left.y - y >= band) {
            line += 1;
        }
        previous_y = Some(top_left.y);
        keyed.push((line, top_left.x, item));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    items.extend(keyed.into_iter().map(|(_, _, item)| item));
}

/// The projective map from the unit square onto a quad: (0,0)→q[0], (1,0)→q[1], (1,1)→q[2],
/// (0,1)→q[3] (Heckbert's closed form). It is the inverse of the perspective crop, so it also
/// maps crop-relative positions back onto the page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Homography {
    m: [f64; 8],
}

impl Homography {
    pub fn unit_square_to(quad: &Quad) -> Homography {
        let [x0, x1, x2, x3] = quad.map(|p| f64::from(p.x));
        let [y0, y1, y2, y3] = quad.map(|p| f64::from(p.y));
        let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let det = dx1 * dy2 - dx2 * dy1;
        let (g, h) = if (sx.abs() < 1e-9 && sy.abs() < 1e-9) || det.abs() < 1e-12 {
            (0.0, 0.0)
        } else {
            ((sx * dy2 - dx2 * sy) / det, (dx1 * sy - sx * dy1) / det)
        };
        Homography { m: [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h] }
    }

    /// Maps (u, v) of the unit square.
    pub fn map(&self, u: f64, v: f64) -> (f64, f64) {
        let [a, b, c, d, e, f, g, h] = self.m;
        let w = g * u + h * v + 1.0;
        let w = if w.abs() < 1e-12 { 1e-12 } else { w };
        ((a * u + b * v + c) / w, (d * u + e * v + f) / w)
    }

    pub fn map_point(&self, u: f64, v: f64) -> Point {
        let (x, y) = self.map(u, v);
        Point { x: x as f32, y: y as f32 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn unclip_grows_a_rectangle_by_area_ratio_over_perimeter() {
        let rect = RotatedRect { center: (50.0, 20.0), width: 100.0, height: 20.0, axis: (1.0, 0.0) };
        // d = 100 * 20 * 1.6 / 240 = 13.333…
        let grown = rect.unclip(1.6);
        let d = 2000.0 * 1.6 / 240.0;
        assert!(close(grown.width, 100.0 + 2.0 * d));
        assert!(close(grown.height, 20.0 + 2.0 * d));
        assert_eq!(grown.center, rect.center);
        let degenerate = RotatedRect { width: 0.0, height: 0.0, ..rect };
        assert_eq!(degenerate.unclip(1.6), degenerate);
    }

    #[test]
    fn corners_are_ordered_tl_tr_br_bl() {
        let ordered = order_corners([p(10.0, 30.0), p(90.0, 5.0), p(12.0, 2.0), p(88.0, 33.0)]);
        assert_eq!(ordered, [p(12.0, 2.0), p(90.0, 5.0), p(88.0, 33.0), p(10.0, 30.0)]);
        // Already ordered input is unchanged.
        let quad = [p(0.0, 0.0), p(5.0, 0.0), p(5.0, 2.0), p(0.0, 2.0)];
        assert_eq!(order_corners(quad), quad);
    }

    #[test]
    fn min_area_rect_of_a_rotated_rectangle() {
        // A 40 x 10 rectangle rotated by 30 degrees around (100, 50), sampled densely.
        let (w, h, angle) = (40.0_f64, 10.0_f64, 30.0_f64.to_radians());
        let (c, s) = (angle.cos(), angle.sin());
        let mut points = Vec::new();
        for i in 0..=40 {
            for j in 0..=10 {
                let (u, v) = (f64::from(i) - w / 2.0, f64::from(j) - h / 2.0);
                points.push((100.0 + u * c - v * s, 50.0 + u * s + v * c));
            }
        }
        let rect = min_area_rect(&mut points).expect("rect");
        let (long, short) = (rect.width.max(rect.height), rect.width.min(rect.height));
        assert!((long - w).abs() < 1e-6, "long side {long}");
        assert!((short - h).abs() < 1e-6, "short side {short}");
        assert!(close(rect.center.0, 100.0) && close(rect.center.1, 50.0), "centre {:?}", rect.center);
        let long_axis = if rect.width >= rect.height { rect.axis } else { (-rect.axis.1, rect.axis.0) };
        let found = long_axis.1.atan2(long_axis.0).rem_euclid(std::f64::consts::PI);
        assert!((found - angle).abs() < 1e-6, "angle {found}");
        // The corners are 20 and 5 away from the centre along the axes.
        for (x, y) in rect.corners() {
            let (dx, dy) = (x - 100.0, y - 50.0);
            assert!(close((dx * c + dy * s).abs(), 20.0) && close((-dx * s + dy * c).abs(), 5.0));
        }
    }

    #[test]
    fn min_area_rect_of_degenerate_inputs() {
        assert!(min_area_rect(&mut []).is_none());
        let single = min_area_rect(&mut [(3.0, 4.0), (3.0, 4.0)]).expect("rect");
        assert_eq!((single.width, single.height, single.center), (0.0, 0.0, (3.0, 4.0)));
        let line = min_area_rect(&mut [(0.0, 0.0), (10.0, 0.0), (5.0, 0.0)]).expect("rect");
        assert!(close(line.width.max(line.height), 10.0) && close(line.short_side(), 0.0));
    }

    #[test]
    fn reading_order_groups_lines_within_a_band() {
        let quad = |x: f32, y: f32| [p(x, y), p(x + 10.0, y), p(x + 10.0, y + 5.0), p(x, y + 5.0)];
        let mut items =
            vec![(3, quad(50.0, 104.0)), (1, quad(80.0, 10.0)), (0, quad(5.0, 14.0)), (2, quad(0.0, 100.0))];
        sort_reading_order(&mut items, |item| &item.1, 10.0);
        assert_eq!(items.iter().map(|item| item.0).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    }

    #[test]
    fn homography_maps_the_unit_square_onto_the_quad() {
        let quad = [p(10.0, 10.0), p(110.0, 20.0), p(100.0, 60.0), p(5.0, 50.0)];
        let h = Homography::unit_square_to(&quad);
        for (i, (u, v)) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)].into_iter().enumerate() {
            let mapped = h.map_point(u, v);
            assert!(distance(mapped, quad[i]) < 1e-3, "corner {i}: {mapped:?}");
        }
        let rect = [p(0.0, 0.0), p(8.0, 0.0), p(8.0, 2.0), p(0.0, 2.0)];
        let mid = Homography::unit_square_to(&rect).map_point(0.5, 0.5);
        assert!(distance(mid, p(4.0, 1.0)) < 1e-6);
    }
}
