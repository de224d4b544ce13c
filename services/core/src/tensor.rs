//! Images into model inputs: resizing that keeps the aspect ratio (letterboxing), padding to a
//! multiple of a stride, and RGB pixels into NCHW or NHWC f32 tensors with per-channel scaling.

use image::imageops::{self, FilterType};
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

/// Resizes `image` (bilinear) to fit `width`×`height` keeping its aspect ratio, pasted at the
/// top-left of a canvas filled with `fill`.
pub fn letterbox(image: &RgbImage, width: u32, height: u32, fill: [u8; 3]) -> Letterboxed {
    let ratio = (width as f32 / image.width().max(1) as f32).min(height as f32 / image.height().max(1) as f32);
    let new_w = ((image.width() as f32 * ratio).round() as u32).clamp(1, width);
    let new_h = ((image.height() as f32 * ratio).round() as u32).clamp(1, height);
    let resized = imageops::resize(image, new_w, new_h, FilterType::Triangle);
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
    (std::borrow::Cow::Owned(imageops::resize(image, w, h, FilterType::Triangle)), ratio)
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
    fn padding_and_shrinking() {
        let image = RgbImage::new(33, 64);
        assert_eq!(pad_to_multiple(&image, 32, [0; 3]).dimensions(), (64, 64));
        let (small, ratio) = shrink_to(&image, 32);
        assert_eq!((small.dimensions(), ratio), ((17, 32), 0.5));
        assert_eq!(shrink_to(&image, 100).1, 1.0);
    }
}
