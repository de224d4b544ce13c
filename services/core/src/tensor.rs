//! Images into model inputs: bilinear resizing (OpenCV's INTER_LINEAR, which detectors are
//! trained with), resizing that keeps the aspect ratio (letterboxing), padding to a multiple of a
//! stride, and RGB pixels into NCHW or NHWC f32 tensors with per-channel scaling.

use image::imageops;
use image::{Rgb, RgbImage};
use ndarray::Array4;

/// Channel order the model expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    Rgb,
    Bgr,
}

/// Per-channel `(value - mean) * scale`, in the model's channel order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normalize {
    pub mean: [f32; 3],
    pub scale: [f32; 3],
}

impl Normalize {
    /// Raw 0..255 values.
    pub const RAW: Normalize = Normalize { mean: [0.0; 3], scale: [1.0; 3] };
}

/// An image resized into a fixed canvas, and the factor it was resized by.
#[derive(Debug, Clone)]
pub struct Letterboxed {
    pub image: RgbImage,
    /// Canvas pixels per original pixel: divide model coordinates by it to get original ones.
    pub ratio: f32,
}

/// For each output index, the two source indices around its centre and the second's weight.
fn sample_positions(source: u32, target: u32) -> Vec<(usize, usize, f32)> {
    let last = source.saturating_sub(1) as usize;
    let scale = source as f32 / target.max(1) as f32;
    (0..target)
        .map(|i| {
            let position = ((i as f32 + 0.5) * scale - 0.5).max(0.0);
            let low = (position.floor() as usize).min(last);
            (low, (low + 1).min(last), position - low as f32)
        })
        .collect()
}

/// Averages each `factor`×`factor` block into one pixel (edge blocks may be smaller).
fn box_shrink(image: &RgbImage, factor: u32) -> RgbImage {
    let (w, h) = (image.width().div_ceil(factor), image.height().div_ceil(factor));
    let mut sums = vec![0u32; w as usize * h as usize * 3];
    let mut counts = vec![0u32; w as usize * h as usize];
    for (y, row) in image.as_raw().chunks_exact(image.width() as usize * 3).enumerate() {
        let out_row = (y as u32 / factor) as usize * w as usize;
        for (x, pixel) in row.chunks_exact(3).enumerate() {
            let at = out_row + x / factor as usize;
            counts[at] += 1;
            for c in 0..3 {
                sums[at * 3 + c] += u32::from(pixel[c]);
            }
        }
    }
    let pixels = sums.chunks_exact(3).zip(&counts).flat_map(|(sum, &n)| sum.iter().map(move |&v| (v / n.max(1)) as u8));
    RgbImage::from_raw(w, h, pixels.collect()).unwrap_or_else(|| RgbImage::new(w, h))
}

/// Resizes by bilinear sampling at pixel centres, as OpenCV's `INTER_LINEAR`: each output pixel
/// reads the four nearest input pixels, so the cost follows the output size. When shrinking by
/// two or more, blocks are averaged first (as `INTER_AREA`), so fine detail does not alias.
pub fn resize_bilinear(image: &RgbImage, width: u32, height: u32) -> RgbImage {
    let (width, height) = (width.max(1), height.max(1));
    if image.width() == 0 || image.height() == 0 {
        return RgbImage::new(width, height);
    }
    let factor = (image.width() / width).min(image.height() / height);
    if factor >= 2 {
        return resize_bilinear(&box_shrink(image, factor), width, height);
    }
    let xs = sample_positions(image.width(), width);
    let ys = sample_positions(image.height(), height);
    let raw = image.as_raw();
    let stride = image.width() as usize * 3;
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for &(y0, y1, fy) in &ys {
        let (top, bottom) = (&raw[y0 * stride..(y0 + 1) * stride], &raw[y1 * stride..(y1 + 1) * stride]);
        for &(x0, x1, fx) in &xs {
            for c in 0..3 {
                let t = f32::from(top[x0 * 3 + c]) * (1.0 - fx) + f32::from(top[x1 * 3 + c]) * fx;
                let b = f32::from(bottom[x0 * 3 + c]) * (1.0 - fx) + f32::from(bottom[x1 * 3 + c]) * fx;
                out.push((t * (1.0 - fy) + b * fy).round() as u8);
            }
        }
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| RgbImage::new(width, height))
}

/// Resizes `image` (bilinear) to fit `width`×`height` keeping its aspect ratio, pasted at the
/// top-left of a canvas filled with `fill`.
pub fn letterbox(image: &RgbImage, width: u32, height: u32, fill: [u8; 3]) -> Letterboxed {
    let ratio = (width as f32 / image.width().max(1) as f32).min(height as f32 / image.height().max(1) as f32);
    let new_w = ((image.width() as f32 * ratio).round() as u32).clamp(1, width);
    let new_h = ((image.height() as f32 * ratio).round() as u32).clamp(1, height);
    let resized = resize_bilinear(image, new_w, new_h);
    let mut canvas = RgbImage::from_pixel(width, height, Rgb(fill));
    imageops::replace(&mut canvas, &resized, 0, 0);
    Letterboxed { image: canvas, ratio }
}

/// Shrinks `image` (bilinear) so its longer side is at most `max_side`; returns it with the
/// factor applied (1 when it was small enough already).
pub fn shrink_to(image: &RgbImage, max_side: u32) -> (std::borrow::Cow<'_, RgbImage>, f32) {
    let longest = image.width().max(image.height());
    if longest <= max_side {
        return (std::borrow::Cow::Borrowed(image), 1.0);
    }
    let ratio = max_side as f32 / longest as f32;
    let w = ((image.width() as f32 * ratio).round() as u32).max(1);
    let h = ((image.height() as f32 * ratio).round() as u32).max(1);
    (std::borrow::Cow::Owned(resize_bilinear(image, w, h)), ratio)
}

/// Pads `image` at the right and bottom with `fill` up to multiples of `multiple`.
pub fn pad_to_multiple(image: &RgbImage, multiple: u32, fill: [u8; 3]) -> RgbImage {
    let round_up = |v: u32| v.div_ceil(multiple.max(1)) * multiple.max(1);
    let (w, h) = (round_up(image.width()), round_up(image.height()));
    if (w, h) == image.dimensions() {
        return image.clone();
    }
    let mut canvas = RgbImage::from_pixel(w, h, Rgb(fill));
    imageops::replace(&mut canvas, image, 0, 0);
    canvas
}

fn channel_source(channels: Channels) -> [usize; 3] {
    match channels {
        Channels::Rgb => [0, 1, 2],
        Channels::Bgr => [2, 1, 0],
    }
}

/// `[1, 3, H, W]` with the channels in `channels` order, each normalised by `normalize`.
pub fn nchw(image: &RgbImage, channels: Channels, normalize: Normalize) -> Array4<f32> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let source = channel_source(channels);
    let mut tensor = Array4::<f32>::zeros((1, 3, h, w));
    let raw = image.as_raw();
    if let Some(data) = tensor.as_slice_mut() {
        let plane = w * h;
        for (c, &src) in source.iter().enumerate() {
            let (mean, scale) = (normalize.mean[c], normalize.scale[c]);
            let out = &mut data[c * plane..(c + 1) * plane];
            for (value, pixel) in out.iter_mut().zip(raw.chunks_exact(3)) {
                *value = (f32::from(pixel[src]) - mean) * scale;
            }
        }
    }
    tensor
}

/// `[1, H, W, 3]` with the channels in `channels` order, each normalised by `normalize`.
pub fn nhwc(image: &RgbImage, channels: Channels, normalize: Normalize) -> Array4<f32> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let source = channel_source(channels);
    let mut tensor = Array4::<f32>::zeros((1, h, w, 3));
    if let Some(data) = tensor.as_slice_mut() {
        for (out, pixel) in data.chunks_exact_mut(3).zip(image.as_raw().chunks_exact(3)) {
            for c in 0..3 {
                out[c] = (f32::from(pixel[source[c]]) - normalize.mean[c]) * normalize.scale[c];
            }
        }
    }
    tensor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letterbox_keeps_the_aspect_ratio_and_fills_the_rest() {
        let image = RgbImage::from_pixel(200, 100, Rgb([10, 20, 30]));
        let boxed = letterbox(&image, 100, 100, [114, 114, 114]);
        assert_eq!(boxed.ratio, 0.5);
        assert_eq!(boxed.image.dimensions(), (100, 100));
        assert_eq!(boxed.image.get_pixel(50, 20), &Rgb([10, 20, 30]));
        assert_eq!(boxed.image.get_pixel(50, 70), &Rgb([114, 114, 114]));
    }

    #[test]
    fn tensors_put_channels_in_the_asked_order() {
        let mut image = RgbImage::from_pixel(3, 2, Rgb([1, 2, 3]));
        image.put_pixel(2, 1, Rgb([10, 20, 30]));
        let bgr = nchw(&image, Channels::Bgr, Normalize::RAW);
        assert_eq!(bgr.shape(), &[1, 3, 2, 3]);
        assert_eq!((bgr[[0, 0, 0, 0]], bgr[[0, 2, 0, 0]], bgr[[0, 0, 1, 2]]), (3.0, 1.0, 30.0));
        let scaled = nhwc(&image, Channels::Rgb, Normalize { mean: [1.0, 2.0, 3.0], scale: [0.5; 3] });
        assert_eq!(scaled.shape(), &[1, 2, 3, 3]);
        assert_eq!((scaled[[0, 1, 2, 0]], scaled[[0, 1, 2, 2]], scaled[[0, 0, 0, 1]]), (4.5, 13.5, 0.0));
    }

    #[test]
    fn bilinear_resizing_interpolates_between_pixel_centres() {
        let image = RgbImage::from_fn(4, 1, |x, _| Rgb([(x * 60) as u8, 0, 255]));
        let half = resize_bilinear(&image, 2, 1);
        // Output pixel 0 sits at source x 0.5: halfway between 0 and 60.
        assert_eq!(half.get_pixel(0, 0), &Rgb([30, 0, 255]));
        assert_eq!(half.get_pixel(1, 0), &Rgb([150, 0, 255]));
        let double = resize_bilinear(&image, 8, 2);
        assert_eq!((double.dimensions(), double.get_pixel(0, 1)), ((8, 2), &Rgb([0, 0, 255])));
        assert_eq!(resize_bilinear(&image, 4, 1), image);
        // Shrinking 4× averages blocks first: a fine checkerboard becomes flat grey.
        let fine = RgbImage::from_fn(40, 40, |x, y| if (x + y) % 2 == 0 { Rgb([255; 3]) } else { Rgb([0; 3]) });
        let small = resize_bilinear(&fine, 10, 10);
        assert!(small.pixels().all(|p| (120..=135).contains(&p.0[0])), "{:?}", small.get_pixel(5, 5));
    }

    #[test]
    fn padding_and_shrinking() {
        let image = RgbImage::new(33, 64);
        assert_eq!(pad_to_multiple(&image, 32, [0; 3]).dimensions(), (64, 64));
        let (small, ratio) = shrink_to(&image, 32);
        assert_eq!((small.dimensions(), ratio), ((17, 32), 0.5));
        assert_eq!(shrink_to(&image, 100).1, 1.0);
    }
}
