//! Line crops: the perspective warp of a detected quad to an upright rectangle (bicubic,
//! replicated border, like OpenCV's `warpPerspective` with `INTER_CUBIC`), turned to horizontal
//! when the line is tall and narrow.

use super::geometry::{Homography, distance};
use super::types::Quad;
use image::RgbImage;

/// A crop taller than `1.5 x` its width is a vertical line; it is turned 90° counter-clockwise.
const VERTICAL_RATIO: f32 = 1.5;

/// A line image ready for the classifiers, and how it relates to its quad.
pub(crate) struct LineCrop {
    pub image: RgbImage,
    /// The crop was turned 90° counter-clockwise (vertical text).
    pub vertical: bool,
    /// The angle classifier turned it 180°.
    pub flipped: bool,
}

impl LineCrop {
    /// Maps a position in the final crop (`s` along the text, `t` across it, both 0..1) to the
    /// unit square of the line's quad (`u` from tl to tr, `v` from tl to bl).
    pub fn to_quad_uv(&self, s: f64, t: f64) -> (f64, f64) {
        let (s, t) = if self.flipped { (1.0 - s, 1.0 - t) } else { (s, t) };
        if self.vertical { (1.0 - t, s) } else { (s, t) }
    }
}

/// Cuts `quad` out of `page`.
pub(crate) fn crop_line(page: &RgbImage, quad: &Quad) -> LineCrop {
    let width = distance(quad[0], quad[1]).max(distance(quad[2], quad[3])).trunc().max(1.0);
    let height = distance(quad[0], quad[3]).max(distance(quad[1], quad[2])).trunc().max(1.0);
    let image = match axis_aligned(quad, width, height) {
        Some((x, y)) if x + width as u32 <= page.width() && y + height as u32 <= page.height() => {
            image::imageops::crop_imm(page, x, y, width as u32, height as u32).to_image()
        }
        _ => warp(page, quad, width as u32, height as u32),
    };
    let vertical = height / width >= VERTICAL_RATIO;
    let image = if vertical { image::imageops::rotate270(&image) } else { image };
    LineCrop { image, vertical, flipped: false }
}

/// The top-left corner when the quad is an upright rectangle with integer corners exactly
/// `width x height`: every sample then falls on a pixel centre and the warp is a plain copy.
fn axis_aligned(quad: &Quad, width: f32, height: f32) -> Option<(u32, u32)> {
    let [tl, tr, br, bl] = *quad;
    let integral = quad.iter().all(|p| p.x.fract() == 0.0 && p.y.fract() == 0.0 && p.x >= 0.0 && p.y >= 0.0);
    let upright = tl.y == tr.y && bl.y == br.y && tl.x == bl.x && tr.x == br.x;
    (integral && upright && tr.x - tl.x == width && bl.y - tl.y == height).then_some((tl.x as u32, tl.y as u32))
}

/// OpenCV's cubic kernel (A = -0.75) weights for a fractional offset.
fn cubic_weights(f: f32) -> [f32; 4] {
    const A: f32 = -0.75;
    let w0 = ((A * (f + 1.0) - 5.0 * A) * (f + 1.0) + 8.0 * A) * (f + 1.0) - 4.0 * A;
    let w1 = ((A + 2.0) * f - (A + 3.0)) * f * f + 1.0;
    let g = 1.0 - f;
    let w2 = ((A + 2.0) * g - (A + 3.0)) * g * g + 1.0;
    [w0, w1, w2, 1.0 - w0 - w1 - w2]
}

/// Samples `page` for every output pixel (x, y) at the homography image of (x / w, y / h):
/// OpenCV's convention, without a half-pixel shift.
fn warp(page: &RgbImage, quad: &Quad, out_w: u32, out_h: u32) -> RgbImage {
    let (pw, ph) = (page.width() as i64, page.height() as i64);
    let mut out = RgbImage::new(out_w, out_h);
    if pw == 0 || ph == 0 {
        return out;
    }
    let raw = page.as_raw().as_slice();
    let stride = pw as usize * 3;
    let homography = Homography::unit_square_to(quad);
    let (inv_w, inv_h) = (1.0 / f64::from(out_w), 1.0 / f64::from(out_h));
    let clamp_x = |x: i64| x.clamp(0, pw - 1) as usize * 3;
    let clamp_y = |y: i64| y.clamp(0, ph - 1) as usize * stride;
    for (y, row) in out.chunks_exact_mut(out_w as usize * 3).enumerate() {
        let v = y as f64 * inv_h;
        for (x, pixel) in row.chunks_exact_mut(3).enumerate() {
            let (sx, sy) = homography.map(x as f64 * inv_w, v);
            let (fx, fy) = (sx.floor(), sy.floor());
            let (ix, iy) = (fx as i64, fy as i64);
            let wx = cubic_weights((sx - fx) as f32);
            let wy = cubic_weights((sy - fy) as f32);
            let xs = [clamp_x(ix - 1), clamp_x(ix), clamp_x(ix + 1), clamp_x(ix + 2)];
            let mut acc = [0.0_f32; 3];
            for (j, wyj) in wy.iter().enumerate() {
                let base = clamp_y(iy - 1 + j as i64);
                let Some(src_row) = raw.get(base..base + stride) else { continue };
                let mut line = [0.0_f32; 3];
                for (xo, wxi) in xs.iter().zip(wx) {
                    for c in 0..3 {
                        line[c] += f32::from(src_row[xo + c]) * wxi;
                    }
                }
                for c in 0..3 {
                    acc[c] += line[c] * wyj;
                }
            }
            for c in 0..3 {
                pixel[c] = acc[c].round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::types::Point;

    fn p(x: f32, y: f32) -> Point {
        Point { x, y }
    }

    #[test]
    fn cubic_weights_sum_to_one_and_interpolate() {
        for f in [0.0_f32, 0.25, 0.5, 0.9] {
            let w = cubic_weights(f);
            assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        }
        assert_eq!(cubic_weights(0.0), [0.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn axis_aligned_crop_copies_pixels() {
        let page = RgbImage::from_fn(20, 10, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let crop = crop_line(&page, &[p(2.0, 3.0), p(12.0, 3.0), p(12.0, 7.0), p(2.0, 7.0)]);
        assert!(!crop.vertical);
        assert_eq!(crop.image.dimensions(), (10, 4));
        assert_eq!(crop.image.get_pixel(0, 0).0, [2, 3, 7]);
        assert_eq!(crop.image.get_pixel(9, 3).0, [11, 6, 7]);
    }

    #[test]
    fn the_copy_shortcut_matches_the_warp() {
        let page = RgbImage::from_fn(30, 20, |x, y| image::Rgb([(x * 7 + y * 3) as u8, (x * y) as u8, 9]));
        let quad = [p(3.0, 4.0), p(23.0, 4.0), p(23.0, 12.0), p(3.0, 12.0)];
        assert_eq!(axis_aligned(&quad, 20.0, 8.0), Some((3, 4)));
        assert_eq!(crop_line(&page, &quad).image, warp(&page, &quad, 20, 8));
        let skewed = [p(3.0, 4.0), p(23.0, 5.0), p(23.0, 12.0), p(3.0, 12.0)];
        assert_eq!(axis_aligned(&skewed, 20.0, 8.0), None);
    }

    #[test]
    fn tall_crops_turn_counter_clockwise() {
        let page = RgbImage::from_fn(20, 40, |x, y| image::Rgb([x as u8, y as u8, 0]));
        let crop = crop_line(&page, &[p(0.0, 0.0), p(5.0, 0.0), p(5.0, 30.0), p(0.0, 30.0)]);
        assert!(crop.vertical);
        assert_eq!(crop.image.dimensions(), (30, 5));
        // The top-right of the quad ends up top-left... of the turned crop: (x=4, y=0) -> (0, 0).
        assert_eq!(crop.image.get_pixel(0, 0).0, [4, 0, 0]);
        // Reading along the turned crop walks down the quad.
        assert_eq!(crop.to_quad_uv(1.0, 0.0), (1.0, 1.0));
        assert_eq!(crop.to_quad_uv(0.0, 1.0), (0.0, 0.0));
    }
}
