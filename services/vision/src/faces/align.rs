//! Face alignment for the embedding model: the similarity transform (rotation, uniform scale,
//! translation) that best takes the five landmarks onto the ArcFace template, then a bilinear
//! warp of the face into a 112×112 RGB tensor scaled as (x − 127) / 128.

use image::RgbImage;
use ndarray::Array4;

pub const SIDE: usize = 112;
/// Where the five landmarks sit in a 112×112 ArcFace crop.
pub const TEMPLATE: [(f32, f32); 5] =
    [(38.2946, 51.6963), (73.5318, 51.5014), (56.0252, 71.7366), (41.5493, 92.3655), (70.7299, 92.2041)];

/// `x' = a·x − b·y + tx`, `y' = b·x + a·y + ty`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    pub a: f32,
    pub b: f32,
    pub tx: f32,
    pub ty: f32,
}

impl Similarity {
    /// The least-squares transform from `from` onto `to` (Umeyama without reflection).
    pub fn fit(from: &[(f32, f32); 5], to: &[(f32, f32); 5]) -> Option<Self> {
        let mean = |p: &[(f32, f32); 5]| {
            let (sx, sy) = p.iter().fold((0.0, 0.0), |(x, y), q| (x + q.0, y + q.1));
            (sx / 5.0, sy / 5.0)
        };
        let (fm, tm) = (mean(from), mean(to));
        let (mut dot, mut cross, mut norm) = (0.0f32, 0.0f32, 0.0f32);
        for (f, t) in from.iter().zip(to) {
            let (fx, fy, tx, ty) = (f.0 - fm.0, f.1 - fm.1, t.0 - tm.0, t.1 - tm.1);
            dot += fx * tx + fy * ty;
            cross += fx * ty - fy * tx;
            norm += fx * fx + fy * fy;
        }
        if norm <= f32::EPSILON || !norm.is_finite() {
            return None;
        }
        let (a, b) = (dot / norm, cross / norm);
        Some(Self { a, b, tx: tm.0 - (a * fm.0 - b * fm.1), ty: tm.1 - (b * fm.0 + a * fm.1) })
    }

    pub fn apply(&self, (x, y): (f32, f32)) -> (f32, f32) {
        (self.a * x - self.b * y + self.tx, self.b * x + self.a * y + self.ty)
    }

    pub fn inverse(&self) -> Option<Self> {
        let det = self.a * self.a + self.b * self.b;
        if det <= f32::EPSILON {
            return None;
        }
        let (a, b) = (self.a / det, -self.b / det);
        Some(Self { a, b, tx: -(a * self.tx - b * self.ty), ty: -(b * self.tx + a * self.ty) })
    }
}

/// The aligned face as the embedding model's input, or None for degenerate landmarks.
pub fn aligned_tensor(image: &RgbImage, landmarks: &[(f32, f32); 5]) -> Option<Array4<f32>> {
    let to_image = Similarity::fit(landmarks, &TEMPLATE)?.inverse()?;
    let mut tensor = Array4::<f32>::zeros((1, 3, SIDE, SIDE));
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (sx, sy) = to_image.apply((x as f32, y as f32));
            let rgb = sample(image, sx, sy);
            for c in 0..3 {
                tensor[[0, c, y, x]] = (rgb[c] - 127.0) / 128.0;
            }
        }
    }
    Some(tensor)
}

/// Bilinear sample; outside the image is black (as PIL's and OpenCV's warps fill it).
fn sample(image: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = (image.width() as i64, image.height() as i64);
    let (x0, y0) = (x.floor() as i64, y.floor() as i64);
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = |px: i64, py: i64| -> [f32; 3] {
        if px < 0 || py < 0 || px >= w || py >= h {
            return [0.0; 3];
        }
        image.get_pixel(px as u32, py as u32).0.map(f32::from)
    };
    let (p00, p10, p01, p11) = (at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1));
    std::array::from_fn(|c| {
        let top = p00[c] * (1.0 - fx) + p10[c] * fx;
        let bottom = p01[c] * (1.0 - fx) + p11[c] * fx;
        top * (1.0 - fy) + bottom * fy
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_a_known_transform_and_inverts_it() {
        let truth = Similarity { a: 0.8, b: 0.3, tx: 5.0, ty: -2.0 };
        let from = TEMPLATE;
        let to = from.map(|p| truth.apply(p));
        let fitted = Similarity::fit(&from, &to).expect("fit");
        for (got, want) in [(fitted.a, 0.8), (fitted.b, 0.3), (fitted.tx, 5.0), (fitted.ty, -2.0)] {
            assert!((got - want).abs() < 1e-3, "{fitted:?}");
        }
        let back = fitted.inverse().expect("invertible").apply(to[2]);
        assert!((back.0 - from[2].0).abs() < 1e-3 && (back.1 - from[2].1).abs() < 1e-3);
        assert!(Similarity::fit(&[(1.0, 1.0); 5], &TEMPLATE).is_none());
    }

    #[test]
    fn the_template_face_is_copied_unchanged() {
        let image = RgbImage::from_fn(112, 112, |x, y| image::Rgb([x as u8, y as u8, 127]));
        let tensor = aligned_tensor(&image, &TEMPLATE).expect("aligned");
        assert!((tensor[[0, 0, 10, 20]] - (20.0 - 127.0) / 128.0).abs() < 1e-3);
        assert!((tensor[[0, 1, 10, 20]] - (10.0 - 127.0) / 128.0).abs() < 1e-3);
        assert!(tensor[[0, 2, 50, 50]].abs() < 1e-3);
    }
}
