//! Line angle classifier (PP-OCR cls v2, labels 0/180): crops at height 48, width up to 192,
//! zero-padded. A crop is turned 180° when the model says "180" with p > 0.9.

use super::crop::LineCrop;
use super::tensor::{Normalize, Planes, dims, resize_normalize_into, run_f32};
use aigate_core::ApiError;
use ort::session::Session;

const MODEL: &str = "line orientation";
const HEIGHT: usize = 48;
const WIDTH: usize = 192;
const BATCH: usize = 6;
const FLIP_THRESHOLD: f32 = 0.9;

pub(crate) struct AngleClassifier {
    session: Session,
    input: Vec<f32>,
}

impl AngleClassifier {
    pub fn new(session: Session) -> Self {
        Self { session, input: Vec::new() }
    }

    /// Turns the crops that are upside down and marks them `flipped`.
    pub fn classify(&mut self, crops: &mut [LineCrop]) -> Result<(), ApiError> {
        let mut order: Vec<usize> = (0..crops.len()).collect();
        order.sort_by(|&a, &b| aspect(&crops[a]).total_cmp(&aspect(&crops[b])));
        let plane = HEIGHT * WIDTH;
        for batch in order.chunks(BATCH) {
            self.input.clear();
            self.input.resize(batch.len() * 3 * plane, 0.0);
            for (slot, &i) in self.input.chunks_exact_mut(3 * plane).zip(batch) {
                let width = ((HEIGHT as f32 * aspect(&crops[i])).ceil() as usize).clamp(1, WIDTH);
                let planes = Planes { data: slot, width: WIDTH, height: HEIGHT };
                resize_normalize_into(&crops[i].image, width, HEIGHT, &Normalize::SYMMETRIC, planes);
            }
            let flips =
                run_f32(&mut self.session, MODEL, [batch.len(), 3, HEIGHT, WIDTH], &self.input, |shape, data| {
                    let [n, classes] = dims::<2>(MODEL, shape, data.len())?;
                    if n != batch.len() || classes != 2 {
                        return Err(ApiError::internal(format!("{MODEL}: unexpected output shape {shape:?}")));
                    }
                    Ok(data.chunks_exact(2).map(|p| p[1] > p[0] && p[1] > FLIP_THRESHOLD).collect::<Vec<_>>())
                })?;
            for (&i, flip) in batch.iter().zip(flips) {
                if flip {
                    let crop = &mut crops[i];
                    image::imageops::rotate180_in_place(&mut crop.image);
                    crop.flipped = true;
                }
            }
        }
        Ok(())
    }
}

/// Width over height of a crop.
pub(crate) fn aspect(crop: &LineCrop) -> f32 {
    crop.image.width() as f32 / crop.image.height().max(1) as f32
}
