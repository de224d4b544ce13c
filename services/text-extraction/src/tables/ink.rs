//! The page as a dark/light bitmap, and the straight dark strokes in it: long horizontal and
//! vertical runs of ink, merged across neighbouring rows (or columns) into rules with a thickness.

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

/// A straight stroke. `along` is its extent in its direction (end exclusive), `across` the rows
/// (or columns) it covers, in bitmap pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub along: (usize, usize),
    pub across: (usize, usize),
}

impl Stroke {
    pub fn length(&self) -> usize {
        self.along.1 - self.along.0
    }

    pub fn thickness(&self) -> usize {
        self.across.1 - self.across.0
    }

    pub fn middle(&self) -> f32 {
        (self.across.0 + self.across.1) as f32 / 2.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Horizontal,
    Vertical,
}

/// Strokes at least `min_len` long and at most `max_thickness` thick.
pub fn strokes(ink: &Ink, direction: Direction, min_len: usize, max_thickness: usize) -> Vec<Stroke> {
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
        let mut next_open = Vec::with_capacity(runs.len());
        for run in runs {
            // Continue the open stroke (from the previous line) that this run overlaps most.
            let joined = open
                .iter()
                .enumerate()
                .filter(|(_, s)| overlaps_mostly(s.along, run))
                .max_by_key(|(_, s)| s.along.1.min(run.1).saturating_sub(s.along.0.max(run.0)))
                .map(|(i, _)| i);
            let stroke = match joined {
                Some(i) => {
                    let s = open.swap_remove(i);
                    Stroke { along: (s.along.0.min(run.0), s.along.1.max(run.1)), across: (s.across.0, line + 1) }
                }
                None => Stroke { along: run, across: (line, line + 1) },
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

fn overlaps_mostly(a: (usize, usize), b: (usize, usize)) -> bool {
    let overlap = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    overlap * 2 >= (a.1 - a.0).min(b.1 - b.0)
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
        let found = strokes(&ink, Direction::Horizontal, 20, 6);
        assert_eq!(found, [Stroke { along: (5, 95), across: (10, 12) }]);
        let vertical = strokes(&ink, Direction::Vertical, 20, 6);
        assert!(vertical.is_empty(), "{vertical:?}");
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
