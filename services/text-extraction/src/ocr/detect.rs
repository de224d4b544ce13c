//! Text detection: PP-OCR DB model, its preprocessing and the DB post-processing (threshold,
//! 2x2 dilation, 8-connected regions, minimum-area rectangles, box score, unclip).

use super::geometry::{RotatedRect, distance, min_area_rect, order_corners, sort_reading_order};
use super::tensor::{Normalize, Planes, dims, resize_normalize_into, run_f32};
use super::types::{Point, Quad};
use aigate_core::ApiError;
use image::RgbImage;
use ort::session::Session;

const MODEL: &str = "text detection";
/// The longer side is scaled down to at most this (PaddleOCR `limit_type=max`).
const LIMIT_SIDE: f64 = 960.0;
const BINARY_THRESHOLD: f32 = 0.3;
const BOX_THRESHOLD: f32 = 0.5;
const UNCLIP_RATIO: f64 = 1.6;
const MIN_SIDE: f64 = 3.0;
const MAX_CANDIDATES: usize = 1000;
/// Boxes whose top edges are closer than this (page pixels) count as one line for ordering.
const LINE_BAND: f32 = 10.0;

pub(crate) struct Detector {
    session: Session,
    input: Vec<f32>,
}

impl Detector {
    pub fn new(session: Session) -> Self {
        Self { session, input: Vec::new() }
    }

    /// Text boxes in page pixels, corners ordered tl, tr, br, bl, in reading order.
    pub fn detect(&mut self, page: &RgbImage) -> Result<Vec<Quad>, ApiError> {
        let (width, height) = page.dimensions();
        if width == 0 || height == 0 {
            return Ok(Vec::new());
        }
        let (in_w, in_h) = input_size(width, height);
        let plane = in_w * in_h;
        self.input.clear();
        self.input.resize(3 * plane, 0.0);
        let planes = Planes { data: &mut self.input, width: in_w, height: in_h };
        resize_normalize_into(page, in_w, in_h, &Normalize::SYMMETRIC, planes);
        let mut quads = run_f32(&mut self.session, MODEL, [1, 3, in_h, in_w], &self.input, |shape, data| {
            let [_, _, map_h, map_w] = dims::<4>(MODEL, shape, data.len())?;
            let map = data.get(..map_h * map_w).unwrap_or_default();
            Ok(boxes_from_map(map, map_w, map_h, width, height))
        })?;
        sort_reading_order(&mut quads, |q| q, LINE_BAND);
        Ok(quads)
    }
}

/// Model input size: the longer side limited to 960, each side rounded to a multiple of 32.
fn input_size(width: u32, height: u32) -> (usize, usize) {
    let (w, h) = (f64::from(width), f64::from(height));
    let ratio = if w.max(h) > LIMIT_SIDE { LIMIT_SIDE / w.max(h) } else { 1.0 };
    let round32 = |side: f64| (((side * ratio).trunc() / 32.0).round_ties_even() as usize * 32).max(32);
    (round32(w), round32(h))
}

/// Probability map to page quads. `map` is `map_w x map_h`, already sigmoid.
fn boxes_from_map(map: &[f32], map_w: usize, map_h: usize, page_w: u32, page_h: u32) -> Vec<Quad> {
    if map_w == 0 || map_h == 0 || map.len() < map_w * map_h {
        return Vec::new();
    }
    let mask = dilated_mask(map, map_w, map_h);
    let (sx, sy) = (f64::from(page_w) / map_w as f64, f64::from(page_h) / map_h as f64);
    let mut quads = Vec::new();
    for mut points in regions(&mask, map_w, map_h).into_iter().take(MAX_CANDIDATES) {
        let Some(rect) = min_area_rect(&mut points) else { continue };
        if rect.short_side() < MIN_SIDE {
            continue;
        }
        if box_score(map, map_w, map_h, &rect) < BOX_THRESHOLD {
            continue;
        }
        let grown = rect.unclip(UNCLIP_RATIO);
        if grown.short_side() < MIN_SIDE + 2.0 {
            continue;
        }
        let corners = grown.corners().map(|(x, y)| Point {
            x: (x * sx).round().clamp(0.0, f64::from(page_w)) as f32,
            y: (y * sy).round().clamp(0.0, f64::from(page_h)) as f32,
        });
        let quad = order_corners(corners).map(|p| Point {
            x: p.x.clamp(0.0, (page_w - 1) as f32).trunc(),
            y: p.y.clamp(0.0, (page_h - 1) as f32).trunc(),
        });
        if distance(quad[0], quad[1]).trunc() <= 3.0 || distance(quad[0], quad[3]).trunc() <= 3.0 {
            continue;
        }
        quads.push(quad);
    }
    quads
}

/// `map > threshold`, dilated with a 2x2 kernel anchored like OpenCV's (each set pixel also
/// sets its right, lower and lower-right neighbours).
fn dilated_mask(map: &[f32], w: usize, h: usize) -> Vec<u8> {
    let mut mask = vec![0_u8; w * h];
    for (y, row) in map.chunks_exact(w).take(h).enumerate() {
        for (x, &p) in row.iter().enumerate() {
            if p > BINARY_THRESHOLD {
                let x1 = (x + 1).min(w - 1);
                let y1 = (y + 1).min(h - 1);
                mask[y * w + x] = 1;
                mask[y * w + x1] = 1;
                mask[y1 * w + x] = 1;
                mask[y1 * w + x1] = 1;
            }
        }
    }
    mask
}

/// 8-connected regions of `mask`, each as the end points of its horizontal runs (enough for
/// the convex hull), in the order their first run appears.
fn regions(mask: &[u8], w: usize, h: usize) -> Vec<Vec<(f64, f64)>> {
    struct Run {
        y: usize,
        x0: usize,
        x1: usize,
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut previous = 0..0;
    for (y, row) in mask.chunks_exact(w).take(h).enumerate() {
        let first = runs.len();
        let mut x = 0;
        while x < w {
            if row[x] == 0 {
                x += 1;
                continue;
            }
            let x0 = x;
            while x < w && row[x] != 0 {
                x += 1;
            }
            let id = runs.len();
            runs.push(Run { y, x0, x1: x - 1 });
            parent.push(id);
            // 8-connectivity: runs on the previous row overlapping [x0 - 1, x1 + 1].
            for other in previous.clone() {
                let run: &Run = &runs[other];
                if run.x0 <= x && run.x1 + 1 >= x0 {
                    let (a, b) = (find(&mut parent, other), find(&mut parent, id));
                    if a != b {
                        parent[a.max(b)] = a.min(b);
                    }
                }
            }
        }
        previous = first..runs.len();
    }
    let mut index_of_root = vec![usize::MAX; runs.len()];
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let root = find(&mut parent, i);
        if index_of_root[root] == usize::MAX {
            index_of_root[root] = out.len();
            out.push(Vec::new());
        }
        let points = &mut out[index_of_root[root]];
        points.push((run.x0 as f64, run.y as f64));
        if run.x1 != run.x0 {
            points.push((run.x1 as f64, run.y as f64));
        }
    }
    out
}

/// Mean probability inside the rectangle ("fast" box score): rows of its bounding box, each
/// filled between the polygon's edges.
fn box_score(map: &[f32], w: usize, h: usize, rect: &RotatedRect) -> f32 {
    let corners = rect.corners();
    let clamp = |v: f64, max: usize| v.clamp(0.0, max as f64) as usize;
    let y_min = clamp(corners.iter().map(|c| c.1).fold(f64::MAX, f64::min).floor(), h - 1);
    let y_max = clamp(corners.iter().map(|c| c.1).fold(f64::MIN, f64::max).ceil(), h - 1);
    // OpenCV fills the polygon with integer (truncated) vertices.
    let poly = corners.map(|(x, y)| (x.trunc(), y.trunc()));
    let (mut sum, mut count) = (0.0_f64, 0_usize);
    for y in y_min..=y_max {
        let yf = y as f64;
        let (mut left, mut right) = (f64::MAX, f64::MIN);
        for i in 0..4 {
            let (a, b) = (poly[i], poly[(i + 1) % 4]);
            if (a.1 - yf) * (b.1 - yf) > 0.0 {
                continue;
            }
            if a.1 == b.1 {
                left = left.min(a.0.min(b.0));
                right = right.max(a.0.max(b.0));
            } else {
                let x = a.0 + (yf - a.1) * (b.0 - a.0) / (b.1 - a.1);
                left = left.min(x);
                right = right.max(x);
            }
        }
        if left > right {
            continue;
        }
        let (x0, x1) = (clamp(left.round(), w - 1), clamp(right.round(), w - 1));
        if let Some(row) = map.get(y * w + x0..=y * w + x1) {
            sum += row.iter().map(|&p| f64::from(p)).sum::<f64>();
            count += row.len();
        }
    }
    if count == 0 { 0.0 } else { (sum / count as f64) as f32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_size_limits_the_long_side_and_rounds_to_32() {
        assert_eq!(input_size(811, 388), (800, 384));
        assert_eq!(input_size(2480, 3508), (672, 960));
        assert_eq!(input_size(10, 5), (32, 32));
    }

    #[test]
    fn a_blob_on_the_map_becomes_one_unclipped_box() {
        let (w, h) = (64, 32);
        let mut map = vec![0.0_f32; w * h];
        for y in 10..20 {
            for x in 8..50 {
                map[y * w + x] = 0.9;
            }
        }
        // A second, faint blob is dropped by the box threshold.
        for y in 25..29 {
            for x in 5..20 {
                map[y * w + x] = 0.35;
            }
        }
        let quads = boxes_from_map(&map, w, h, 128, 64);
        assert_eq!(quads.len(), 1, "{quads:?}");
        let q = quads[0];
        // Mask spans x 8..=50, y 10..=20 after dilation: a 42 x 10 rect grown by d = 420*1.6/104.
        assert!(q[0].x < 16.0 && q[1].x > 100.0, "{q:?}");
        assert!(q[0].y < 20.0 && q[3].y > 40.0, "{q:?}");
    }

    #[test]
    fn regions_are_eight_connected() {
        #[rustfmt::skip]
        let mask = [
            1, 0, 0, 1,
            0, 1, 0, 1,
            0, 0, 0, 0,
            1, 1, 0, 0,
        ];
        let found = regions(&mask, 4, 4);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0], vec![(0.0, 0.0), (1.0, 1.0)]);
    }
}
