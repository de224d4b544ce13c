//! Page orientation (PP-LCNet, 0/90/180/270): short side to 256, centre crop 224, ImageNet
//! normalisation. The label is the clockwise rotation the page has undergone.

use super::page::{rotate_back, to_rgb};
use super::tensor::{Normalize, Planes, dims, resize_normalize_into, run_f32};
use aigate_core::ApiError;
use image::imageops::{self, FilterType};
use image::{DynamicImage, RgbImage};
use ort::session::Session;

const MODEL: &str = "page orientation";
const SIDE: u32 = 224;
const RESIZE_SHORT: f64 = 256.0;

pub(crate) struct PageOrientation {
    session: Session,
    /// Degrees per output class.
    labels: Vec<u32>,
    input: Vec<f32>,
}

impl PageOrientation {
    /// Reads the class labels from the model metadata (`character`: one angle per line).
    pub fn new(session: Session) -> Result<Self, String> {
        let labels = match session.metadata().ok().and_then(|m| m.custom("character")) {
            Some(text) => text
                .lines()
                .map(|line| match line.trim().parse::<u32>() {
                    Ok(degrees @ (0 | 90 | 180 | 270)) => Ok(degrees),
                    _ => Err(format!("unexpected orientation label {line:?} in the model metadata")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            None => vec![0, 90, 180, 270],
        };
        Ok(Self { session, labels, input: vec![0.0; 3 * (SIDE * SIDE) as usize] })
    }

    /// Converts the image to RGB, finds its rotation and returns it upright with that rotation.
    pub fn upright(&mut self, image: DynamicImage) -> Result<(RgbImage, u32), ApiError> {
        let page = to_rgb(image);
        if page.width() == 0 || page.height() == 0 {
            return Ok((page, 0));
        }
        let degrees = self.rotation(&page)?;
        Ok((rotate_back(page, degrees), degrees))
    }

    /// The clockwise rotation, in degrees, that the page has undergone.
    pub fn rotation(&mut self, page: &RgbImage) -> Result<u32, ApiError> {
        let square = centre_square(page);
        let side = SIDE as usize;
        let planes = Planes { data: &mut self.input, width: side, height: side };
        resize_normalize_into(&square, side, side, &Normalize::imagenet(), planes);
        let labels = &self.labels;
        run_f32(&mut self.session, MODEL, [1, 3, side, side], &self.input, |shape, data| {
            let [_, classes] = dims::<2>(MODEL, shape, data.len())?;
            if classes != labels.len() {
                return Err(ApiError::internal(format!("{MODEL}: {classes} classes but {} labels", labels.len())));
            }
            let best = data.iter().take(classes).enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i);
            Ok(best.and_then(|i| labels.get(i).copied()).unwrap_or(0))
        })
    }
}

/// The 224 x 224 centre crop of the page scaled so that its short side is 256: the crop is cut
/// from the page first, so only what the model sees is resampled.
fn centre_square(page: &RgbImage) -> RgbImage {
    let (w, h) = page.dimensions();
    let scale = RESIZE_SHORT / f64::from(w.min(h));
    let resized_w = (f64::from(w) * scale).round().max(f64::from(SIDE));
    let resized_h = (f64::from(h) * scale).round().max(f64::from(SIDE));
    let left = ((resized_w - f64::from(SIDE)) / 2.0).floor() / scale;
    let top = ((resized_h - f64::from(SIDE)) / 2.0).floor() / scale;
    let side = (f64::from(SIDE) / scale).round().max(1.0);
    let (x, y) = (left.round() as u32, top.round() as u32);
    let (cw, ch) = ((side as u32).min(w - x.min(w - 1)), (side as u32).min(h - y.min(h - 1)));
    // A view, not a copy: on a large page the region is most of it.
    let region = imageops::crop_imm(page, x.min(w - 1), y.min(h - 1), cw.max(1), ch.max(1));
    if cw > SIDE && ch > SIDE {
        imageops::thumbnail(&*region, SIDE, SIDE)
    } else {
        imageops::resize(&*region, SIDE, SIDE, FilterType::Triangle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_square_is_224_for_any_shape() {
        for (w, h) in [(1000, 500), (30, 4000), (224, 224), (100, 100), (1, 1)] {
            let page = RgbImage::new(w, h);
            assert_eq!(centre_square(&page).dimensions(), (SIDE, SIDE), "{w}x{h}");
        }
    }
}
