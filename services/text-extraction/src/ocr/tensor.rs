//! Image to model input (fused bilinear resize, BGR channel order, normalisation, planar
//! layout) and running a session with its first output checked and borrowed.

use aigate_core::ApiError;
use image::RgbImage;
use ort::session::Session;
use ort::value::TensorRef;

/// `x * scale[c] + offset[c]` per input channel, in tensor order (B, G, R).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Normalize {
    scale: [f32; 3],
    offset: [f32; 3],
}

impl Normalize {
    /// `(x / 255 - 0.5) / 0.5`, PP-OCR's det, cls and rec normalisation.
    pub const SYMMETRIC: Normalize = Normalize { scale: [1.0 / 127.5; 3], offset: [-1.0; 3] };

    /// `(x / 255 - mean[c]) / std[c]` with ImageNet statistics, indexed in tensor (BGR) order
    /// as PaddleClas applies them to a BGR image.
    pub fn imagenet() -> Normalize {
        let mean = [0.485_f32, 0.456, 0.406];
        let std = [0.229_f32, 0.224, 0.225];
        Normalize { scale: [0, 1, 2].map(|c| 1.0 / (255.0 * std[c])), offset: [0, 1, 2].map(|c| -mean[c] / std[c]) }
    }
}

/// A destination plane set: `3 x height x width` floats, channel-major.
pub(crate) struct Planes<'a> {
    pub data: &'a mut [f32],
    pub width: usize,
    pub height: usize,
}

/// Per output column or row: the two source indices and the weight of the second.
fn taps(src: usize, dst: usize) -> Vec<(usize, usize, f32)> {
    let scale = src as f32 / dst as f32;
    let last = src.saturating_sub(1);
    (0..dst)
        .map(|d| {
            let f = (d as f32 + 0.5) * scale - 0.5;
            let floor = f.floor();
            let (i0, w) = if floor < 0.0 {
                (0, 0.0)
            } else if floor as usize >= last {
                (last, 0.0)
            } else {
                (floor as usize, f - floor)
            };
            (i0, (i0 + 1).min(last), w)
        })
        .collect()
}

/// Resizes `src` to `dst_w x dst_h` with OpenCV's `INTER_LINEAR` geometry (half-pixel centres,
/// no antialiasing) and writes it normalised, as planar B, G, R, into the top-left corner of
/// `out`. The rest of `out` is left as it was (callers zero it for padding). Sizes larger than
/// the planes are clipped.
pub(crate) fn resize_normalize_into(src: &RgbImage, dst_w: usize, dst_h: usize, norm: &Normalize, out: Planes<'_>) {
    let (sw, sh) = (src.width() as usize, src.height() as usize);
    let dst_w = dst_w.min(out.width);
    let dst_h = dst_h.min(out.height);
    let plane = out.width * out.height;
    if sw == 0 || sh == 0 || dst_w == 0 || dst_h == 0 || out.data.len() < 3 * plane {
        return;
    }
    let raw = src.as_raw().as_slice();
    let stride = sw * 3;
    let columns = taps(sw, dst_w);
    let (b_plane, rest) = out.data.split_at_mut(plane);
    let (g_plane, r_plane) = rest.split_at_mut(plane);
    let mut row = vec![0.0_f32; dst_w * 3];
    for (y, (y0, y1, fy)) in taps(sh, dst_h).into_iter().enumerate() {
        let (Some(r0), Some(r1)) = (raw.get(y0 * stride..(y0 + 1) * stride), raw.get(y1 * stride..(y1 + 1) * stride))
        else {
            return;
        };
        // Vertical blend of the needed source pixels, then horizontal blend.
        for (x, &(x0, x1, fx)) in columns.iter().enumerate() {
            for c in 0..3 {
                let top = f32::from(r0[x0 * 3 + c]) * (1.0 - fx) + f32::from(r0[x1 * 3 + c]) * fx;
                let bottom = f32::from(r1[x0 * 3 + c]) * (1.0 - fx) + f32::from(r1[x1 * 3 + c]) * fx;
                row[x * 3 + c] = top + (bottom - top) * fy;
            }
        }
        let offset = y * out.width;
        let targets = [
            (&mut b_plane[offset..offset + dst_w], 2_usize, 0_usize),
            (&mut g_plane[offset..offset + dst_w], 1, 1),
            (&mut r_plane[offset..offset + dst_w], 0, 2),
        ];
        for (target, rgb_channel, tensor_channel) in targets {
            let (scale, shift) = (norm.scale[tensor_channel], norm.offset[tensor_channel]);
            for (value, pixel) in target.iter_mut().zip(row.chunks_exact(3)) {
                *value = pixel[rgb_channel] * scale + shift;
            }
        }
    }
}

/// Runs `session` on one `f32` input of `shape` and hands the first output's shape and data to
/// `read`, without copying it.
pub(crate) fn run_f32<R>(
    session: &mut Session,
    model: &str,
    shape: [usize; 4],
    input: &[f32],
    read: impl FnOnce(&[i64], &[f32]) -> Result<R, ApiError>,
) -> Result<R, ApiError> {
    let tensor = TensorRef::from_array_view((shape, input))
        .map_err(|e| ApiError::internal(format!("{model}: could not build the input tensor: {e}")))?;
    let outputs = session.run(ort::inputs![tensor]).map_err(|e| ApiError::internal(format!("{model}: {e}")))?;
    let value =
        outputs.values().next().ok_or_else(|| ApiError::internal(format!("{model}: the model has no output")))?;
    let (out_shape, data) = value
        .try_extract_tensor::<f32>()
        .map_err(|e| ApiError::internal(format!("{model}: the output is not an f32 tensor: {e}")))?;
    read(out_shape, data)
}

/// Checks an output's rank and returns its dimensions as `usize`, with the element count
/// verified against `len`.
pub(crate) fn dims<const N: usize>(model: &str, shape: &[i64], len: usize) -> Result<[usize; N], ApiError> {
    let bad = || ApiError::internal(format!("{model}: unexpected output shape {shape:?} ({len} values)"));
    if shape.len() != N {
        return Err(bad());
    }
    let mut out = [0_usize; N];
    for (slot, &d) in out.iter_mut().zip(shape) {
        *slot = usize::try_from(d).map_err(|_| bad())?;
    }
    if out.iter().product::<usize>() != len {
        return Err(bad());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_resize_is_a_normalised_bgr_copy() {
        let image = RgbImage::from_fn(3, 2, |x, y| image::Rgb([(x * 10) as u8, (y * 20) as u8, 255]));
        let mut data = vec![9.0; 3 * 2 * 4];
        resize_normalize_into(&image, 3, 2, &Normalize::SYMMETRIC, Planes { data: &mut data, width: 4, height: 2 });
        // B plane: 255 -> 1.0; padding column untouched.
        assert_eq!(&data[0..4], &[1.0, 1.0, 1.0, 9.0]);
        // G plane row 1: 20 -> 20/127.5 - 1.
        assert!((data[8 + 4] - (20.0 / 127.5 - 1.0)).abs() < 1e-6);
        // R plane row 0: 0, 10, 20.
        assert!((data[16 + 1] - (10.0 / 127.5 - 1.0)).abs() < 1e-6);
    }

    #[test]
    fn downscale_by_two_averages_pixel_pairs() {
        let image = RgbImage::from_fn(4, 1, |x, _| image::Rgb([[0, 100, 50, 150][x as usize]; 3]));
        let mut data = vec![0.0; 3 * 2];
        let identity = Normalize { scale: [1.0; 3], offset: [0.0; 3] };
        resize_normalize_into(&image, 2, 1, &identity, Planes { data: &mut data, width: 2, height: 1 });
        assert_eq!(&data[0..2], &[50.0, 100.0]);
    }

    #[test]
    fn dims_checks_rank_and_length() {
        assert_eq!(dims::<2>("m", &[3, 2], 6).expect("ok"), [3, 2]);
        assert!(dims::<2>("m", &[3, 2], 5).is_err());
        assert!(dims::<3>("m", &[3, 2], 6).is_err());
        assert!(dims::<2>("m", &[-1, 2], 6).is_err());
    }
}
