//! all-MiniLM-L6-v2 (int8 ONNX) as a batch model: pads the batch's tokens, runs the encoder,
//! then mask-weighted mean pooling and L2 normalisation give one 384-d unit vector per text.

use crate::transformer::{Tokens, pad, run};
use aigate_core::batch::BatchModel;
use ort::session::Session;

pub struct MiniLm {
    pub session: Session,
}

/// Mean of the token vectors where the mask is 1, scaled to unit length.
pub fn mean_pool(hidden: &[f32], dims: [usize; 3], mask: &[i64]) -> Vec<Vec<f32>> {
    let [batch, length, width] = dims;
    (0..batch)
        .map(|row| {
            let mut sum = vec![0f32; width];
            let mut count = 0f32;
            for t in 0..length {
                if mask[row * length + t] == 0 {
                    continue;
                }
                count += 1.0;
                let at = (row * length + t) * width;
                for (s, v) in sum.iter_mut().zip(&hidden[at..at + width]) {
                    *s += v;
                }
            }
            let mean: Vec<f32> = sum.iter().map(|s| s / count.max(1e-9)).collect();
            let norm = mean.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
            mean.iter().map(|v| v / norm).collect()
        })
        .collect()
}

impl BatchModel for MiniLm {
    type Input = Tokens;
    type Output = Vec<f32>;

    fn run_batch(&mut self, inputs: Vec<Tokens>) -> Result<Vec<Vec<f32>>, String> {
        let refs: Vec<&Tokens> = inputs.iter().collect();
        let padded = pad(&refs);
        let (shape, hidden) = run(&mut self.session, &padded)?;
        let [batch, length, width] = shape[..] else { return Err(format!("unexpected output shape {shape:?}")) };
        if batch != padded.batch || length != padded.length || hidden.len() != batch * length * width {
            return Err(format!("unexpected output shape {shape:?}"));
        }
        Ok(mean_pool(&hidden, [batch, length, width], &padded.mask))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooling_ignores_padding_and_normalises() {
        // Two rows of two tokens, width 2; the second row's second token is padding.
        let hidden = [1.0, 0.0, 3.0, 0.0, 0.0, 2.0, 100.0, 100.0];
        let pooled = mean_pool(&hidden, [2, 2, 2], &[1, 1, 1, 0]);
        assert_eq!(pooled[0], vec![1.0, 0.0]);
        assert_eq!(pooled[1], vec![0.0, 1.0]);
    }
}
