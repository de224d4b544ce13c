//! The page as a dark/light bitmap, and the straight dark strokes in it: long horizontal and
//! vertical runs of ink, merged across neighbouring rows (or columns) into rules with a thickness.

use crate::frame::Frame;
use image::RgbImage;

/// Pages are analysed at most this many pixels per side; larger ones are shrunk by keeping the
/// darkest pixel of each block, which keeps one-pixel rules visible.
const MAX_ANALYSIS_SIDE: u32 = 2500;
/// Light pixels a run may bridge (JPEG noise, broken print).
const MAX_GAP: usize = 2;

/// Which pixels are ink.
pub struct Ink {
    pub width: usize,
    pub height: usize,
    /// Page pixels per bitmap pixel.
    pub scale: f32,
    dark: Vec<bool>,
}

impl Ink {
    pub fn from_rgb(image: &RgbImage) -> Self {
        let (width, height) = image.dimensions();
        let factor = width.max(height).div_ceil(MAX_ANALYSIS_SIDE).max(1);
        let (w, h) = (width.div_ceil(factor) as usize, height.div_ceil(factor) as usize);
        let mut histogram = [0u64; 256];
        let mut darkest = vec![u8::MAX; w * h];
        for (x, y, pixel) in image.enumerate_pixels() {
            let [r, g, b] = pixel.0;
            let luma = ((u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000) as u8;
            histogram[usize::from(luma)] += 1;
            let cell = &mut darkest[(y / factor) as usize * w + (x / factor) as usize];
            *cell = (*cell).min(luma);
        }
        let threshold = otsu(&histogram).clamp(60, 190);
        Self {
            width: w,
            height: h,
            scale: factor as f32,
            dark: darkest.into_iter().map(|luma| luma < threshold).collect(),
        }
    }

    /// This bitmap resampled (nearest pixel) into `frame`, whose units are page pixels.
    pub fn turned(&self, frame: &Frame) -> Self {
        let width = (frame.width / self.scale).ceil().max(1.0) as usize;
        let height = (frame.height / self.scale).ceil().max(1.0) as usize;
        let mut dark = vec![false; width * height];
        for (i, cell) in dark.iter_mut().enumerate() {
            let (x, y) = ((i % width) as f32 + 0.5, (i / width) as f32 + 0.5);
            let (px, py) = frame.page_point((x * self.scale, y * self.scale));
            let (sx, sy) = ((px / self.scale).floor(), (py / self.scale).floor());
            if sx >= 0.0 && sy >= 0.0 && (sx as usize) < self.width && (sy as usize) < self.height {
                *cell = self.is_dark(sx as usize, sy as usize);
            }
        }
        Self { width, height, scale: self.scale, dark }
    }

    #[cfg(test)]
    pub fn from_fn(width: usize, height: usize, dark: impl Fn(usize, usize) -> bool) -> Self {
        let dark = (0..width * height).map(|i| dark(i % width, i / width)).collect();
        Self { width, height, scale: 1.0, dark }
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }
}

/// Otsu's threshold: the grey level that best separates the histogram into two classes (the
/// middle of the best plateau, so an empty gap between ink and paper splits in half). Pixels
/// darker than the result are ink.
fn otsu(histogram: &[u64; 256]) -> u8 {
    let total: u64 = histogram.iter().sum();
    let sum_all: f64 = histogram.iter().enumerate().map(|(i, &n)| i as f64 * n as f64).sum();
    let (mut weight_low, mut sum_low, mut best) = (0u64, 0f64, 0f64);
    let (mut first, mut last) = (127usize, 127usize);
    for (level, &count) in histogram.iter().enumerate() {
        weight_low += count;
        sum_low += level as f64 * count as f64;
        let weight_high = total - weight_low;
        if weight_low == 0 || weight_high == 0 {
            continue;
        }
        let mean_low = sum_low / weight_low as f64;
        let mean_high = (sum_all - sum_low) / weight_high as f64;
        let between = weight_low as f64 * weight_high as f64 * (mean_low - mean_high).powi(2);
        if between > best * (1.0 + 1e-9) {
            (best, first, last) = (between, level, level);
        } else if between >= best * (1.0 - 1e-9) {
            last = level;
        }
    }
    // Levels up to the plateau's middle are the dark class.
    u8::try_from((first + last) / 2 + 1).unwrap_or(u8::MAX)
}

/// A straight stroke: runs in consecutive rows (or columns) that overlap or touch, so a slightly
/// slanted rule is one stroke. `along` is its extent in its direction (end exclusive), `across`
/// the rows (or columns) it spans, in bitmap pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub along: (usize, usize),
    pub across: (usize, usize),
    /// Dark pixels in the stroke's runs, and the sum of their row (or column) indices.
    area: usize,
    moment: usize,
}

impl Stroke {
    fn new(run: (usize, usize), line: usize) -> Self {
        let length = run.1 - run.0;
        Self { along: run, across: (line, line + 1), area: length, moment: length * line }
    }

    fn extend(&mut self, run: (usize, usize), line: usize) {
        let length = run.1 - run.0;
        self.along = (self.along.0.min(run.0), self.along.1.max(run.1));
        self.across.1 = line + 1;
        self.area += length;
        self.moment += length * line;
    }

    pub fn length(&self) -> usize {
        self.along.1 - self.along.0
    }

    /// Mean thickness: dark pixels per unit of length (a slanted thin rule stays thin).
    pub fn thickness(&self) -> f32 {
        self.area as f32 / self.length().max(1) as f32
    }

    /// The mean row (or column) of its ink, at pixel centres.
    pub fn middle(&self) -> f32 {
        self.moment as f32 / self.area.max(1) as f32 + 0.5
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Horizontal,
    Vertical,
}

/// Strokes at least `min_len` long and at most `max_thickness` thick on average.
pub fn strokes(ink: &Ink, direction: Direction, min_len: usize, max_thickness: f32) -> Vec<Stroke> {
    let (lines, length) = match direction {
        Direction::Horizontal => (ink.height, ink.width),
        Direction::Vertical => (ink.width, ink.height),
    };
    let dark = |line: usize, at: usize| match direction {
        Direction::Horizontal => ink.is_dark(at, line),
        Direction::Vertical => ink.is_dark(line, at),
    };
    let mut open: Vec<Stroke> = Vec::new();
    let mut done: Vec<Stroke> = Vec::new();
    for line in 0..lines {
        let runs = runs_in_line(length, min_len, |at| dark(line, at));
        let mut next_open: Vec<Stroke> = Vec::with_capacity(runs.len());
        for run in runs {
            // Continue a stroke of the previous line that this run overlaps or touches.
            let joined = open.iter().position(|s| run.0 <= s.along.1 + MAX_GAP && s.along.0 <= run.1 + MAX_GAP);
            let stroke = match joined {
                Some(i) => {
                    let mut stroke = open.swap_remove(i);
                    stroke.extend(run, line);
                    stroke
                }
                None => Stroke::new(run, line),
            };
            next_open.push(stroke);
        }
        done.append(&mut open);
        open = next_open;
    }
    done.append(&mut open);
    done.retain(|s| s.thickness() <= max_thickness && s.length() >= min_len);
    done
}

/// Runs of dark pixels along one line, bridging gaps of up to [`MAX_GAP`] light pixels.
fn runs_in_line(length: usize, min_len: usize, dark: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for at in 0..length {
        if !dark(at) {
            continue;
        }
        current = match current {
            Some((start, end)) if at - end <= MAX_GAP => Some((start, at + 1)),
            Some(run) => {
                if run.1 - run.0 >= min_len {
                    runs.push(run);
                }
                Some((at, at + 1))
            }
            None => Some((at, at + 1)),
        };
    }
    if let Some(run) = current.filter(|r| r.1 - r.0 >= min_len) {
        runs.push(run);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_bridge_small_gaps_only() {
        let pattern = b"..####.##....#####..";
        let runs = runs_in_line(pattern.len(), 3, |i| pattern[i] == b'#');
        assert_eq!(runs, [(2, 9), (13, 18)]);
    }

    #[test]
    fn thick_lines_become_one_stroke_and_blobs_are_dropped() {
        // A 2-px horizontal line at rows 10..12 and a 30×30 solid square.
        let ink = Ink::from_fn(100, 100, |x, y| {
            ((10..12).contains(&y) && (5..95).contains(&x)) || ((50..80).contains(&x) && (50..80).contains(&y))
        });
        let found = strokes(&ink, Direction::Horizontal, 20, 6.0);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].along, found[0].across, found[0].thickness(), found[0].middle()),
            ((5, 95), (10, 12), 2.0, 11.0)
        );
        let vertical = strokes(&ink, Direction::Vertical, 20, 6.0);
        assert!(vertical.is_empty(), "{vertical:?}");
    }

    #[test]
    fn a_slanted_rule_is_one_thin_stroke() {
        // 2 px thick, dropping one row every 50 px over 300 px.
        let ink = Ink::from_fn(320, 40, |x, y| {
            (10..310).contains(&x) && (10 + (x - 10) / 50..12 + (x - 10) / 50).contains(&y)
        });
        let found = strokes(&ink, Direction::Horizontal, 16, 4.0);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].along, (10, 310));
        assert!((found[0].thickness() - 2.0).abs() < 0.01 && (found[0].middle() - 13.5).abs() < 0.1, "{found:?}");
    }

    #[test]
    fn otsu_separates_ink_from_paper() {
        let mut histogram = [0u64; 256];
        histogram[20] = 100;
        histogram[240] = 1000;
        assert_eq!(otsu(&histogram), 130);
    }

    #[test]
    fn big_pages_are_shrunk_keeping_thin_lines() {
        let mut image = RgbImage::from_pixel(5000, 100, image::Rgb([255, 255, 255]));
        for x in 0..5000 {
            image.put_pixel(x, 41, image::Rgb([0, 0, 0]));
        }
        let ink = Ink::from_rgb(&image);
        assert_eq!((ink.width, ink.height, ink.scale), (2500, 50, 2.0));
        assert!(ink.is_dark(1000, 20) && !ink.is_dark(1000, 21));
    }
}
