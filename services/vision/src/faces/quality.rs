//! Image quality of a face, measured from its pixels: brightness is the mean luminance; sharpness
//! is the variance of the Laplacian on the face resized to 112×112, mapped onto 0–100 by
//! 100·(1 − e^(−variance / 400)) (a soft face scores under 30, a crisp one over 80).

use crate::api::ImageQuality;
use aigate_core::detection::PixelBox;
use aigate_core::tensor::resize_bilinear;
use image::imageops;
use image::{GrayImage, RgbImage};

const SIDE: u32 = 112;
const SHARPNESS_SCALE: f32 = 400.0;

pub fn measure(image: &RgbImage, rect: &PixelBox) -> ImageQuality {
    let clipped = rect.clipped(image.width() as f32, image.height() as f32);
    let (x, y) = (clipped.x1 as u32, clipped.y1 as u32);
    let (w, h) = ((clipped.width() as u32).max(1), (clipped.height() as u32).max(1));
    let (w, h) = (w.min(image.width().saturating_sub(x)).max(1), h.min(image.height().saturating_sub(y)).max(1));
    let crop = imageops::crop_imm(image, x.min(image.width() - 1), y.min(image.height() - 1), w, h).to_image();
    let gray: GrayImage = image::DynamicImage::ImageRgb8(resize_bilinear(&crop, SIDE, SIDE)).to_luma8();
    let brightness = gray.pixels().map(|p| f32::from(p.0[0])).sum::<f32>() / gray.len().max(1) as f32 / 2.55;
    let variance = laplacian_variance(&gray);
    let sharpness = 100.0 * (1.0 - (-variance / SHARPNESS_SCALE).exp());
    let round = |v: f32| (v * 10.0).round() / 10.0;
    ImageQuality { brightness: round(brightness.clamp(0.0, 100.0)), sharpness: round(sharpness.clamp(0.0, 100.0)) }
}

/// Variance of the 4-neighbour Laplacian over the interior pixels.
fn laplacian_variance(gray: &GrayImage) -> f32 {
    let (w, h) = gray.dimensions();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let at = |x: u32, y: u32| f32::from(gray.get_pixel(x, y).0[0]);
    let mut values = Vec::with_capacity(((w - 2) * (h - 2)) as usize);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            values.push(at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y));
        }
    }
    let mean = values.iter().sum::<f32>() / values.len() as f32;
    values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn whole(image: &RgbImage) -> PixelBox {
        PixelBox { x1: 0.0, y1: 0.0, x2: image.width() as f32, y2: image.height() as f32 }
    }

    #[test]
    fn flat_grey_is_mid_bright_and_not_sharp() {
        let image = RgbImage::from_pixel(50, 50, Rgb([128, 128, 128]));
        let quality = measure(&image, &whole(&image));
        assert!((quality.brightness - 50.2).abs() < 0.5, "{quality:?}");
        assert_eq!(quality.sharpness, 0.0);
    }

    #[test]
    fn a_checkerboard_is_sharp_and_a_box_outside_is_safe() {
        let image =
            RgbImage::from_fn(112, 112, |x, y| if (x / 4 + y / 4) % 2 == 0 { Rgb([255; 3]) } else { Rgb([0; 3]) });
        assert!(measure(&image, &whole(&image)).sharpness > 90.0);
        let outside = PixelBox { x1: 500.0, y1: -30.0, x2: 900.0, y2: -10.0 };
        let _ = measure(&image, &outside);
    }
}
