//! The page as the models see it: 8-bit RGB with transparency flattened onto white, turned
//! upright after the orientation model has spoken.

use image::{DynamicImage, RgbImage};

/// Converts any decoded image to RGB8. Transparent pixels are composited onto white, so dark
/// text on a transparent background stays readable.
pub(crate) fn to_rgb(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut out = Vec::with_capacity(width as usize * height as usize * 3);
    for pixel in rgba.as_raw().chunks_exact(4) {
        let alpha = u32::from(pixel[3]);
        for &channel in &pixel[..3] {
            out.push(((u32::from(channel) * alpha + 255 * (255 - alpha) + 127) / 255) as u8);
        }
    }
    RgbImage::from_raw(width, height, out).unwrap_or_else(|| RgbImage::new(width, height))
}

/// Undoes a clockwise rotation of `degrees` (0, 90, 180 or 270; anything else is left as is).
pub(crate) fn rotate_back(page: RgbImage, degrees: u32) -> RgbImage {
    match degrees {
        90 => image::imageops::rotate270(&page),
        180 => image::imageops::rotate180(&page),
        270 => image::imageops::rotate90(&page),
        _ => page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgba, RgbaImage};

    #[test]
    fn transparency_becomes_white() {
        let mut rgba = RgbaImage::from_pixel(2, 1, Rgba([0, 0, 0, 0]));
        rgba.put_pixel(1, 0, Rgba([10, 20, 30, 255]));
        let rgb = to_rgb(DynamicImage::ImageRgba8(rgba));
        assert_eq!(rgb.as_raw(), &vec![255, 255, 255, 10, 20, 30]);
    }

    #[test]
    fn rotate_back_undoes_a_clockwise_turn() {
        let page = RgbImage::from_fn(3, 2, |x, y| image::Rgb([x as u8, y as u8, 0]));
        for (turn, degrees) in [(1, 90), (2, 180), (3, 270)] {
            let mut turned = page.clone();
            for _ in 0..turn {
                turned = image::imageops::rotate90(&turned);
            }
            assert_eq!(rotate_back(turned, degrees), page, "{degrees}");
        }
    }
}
