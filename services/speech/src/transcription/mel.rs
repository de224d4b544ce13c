//! Whisper's log-mel features: 16 kHz audio padded or cut to 30 s, a 400-point STFT (periodic
//! Hann window, hop 160, centred with reflect padding, last frame dropped), the power spectrum
//! through 80 slaney mel filters, then log10, floored at max − 8 and mapped to (x + 4) / 4.

use realfft::{RealFftPlanner, RealToComplex};
use std::sync::Arc;

pub const SAMPLE_RATE: usize = 16_000;
pub const N_FFT: usize = 400;
pub const HOP: usize = 160;
pub const N_MELS: usize = 80;
/// Samples in one 30 s window.
pub const WINDOW_SAMPLES: usize = 30 * SAMPLE_RATE;
/// Mel frames in one window (the encoder's input width).
pub const WINDOW_FRAMES: usize = WINDOW_SAMPLES / HOP;
const BINS: usize = N_FFT / 2 + 1;

/// One mel filter: its first frequency bin and its weights from there.
struct Filter {
    start: usize,
    weights: Vec<f32>,
}

pub struct MelExtractor {
    filters: Vec<Filter>,
    window: Vec<f32>,
    fft: Arc<dyn RealToComplex<f32>>,
}

impl Default for MelExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl MelExtractor {
    pub fn new() -> Self {
        let dense = slaney_filters(SAMPLE_RATE as f64, N_FFT, N_MELS);
        let filters = dense
            .chunks_exact(BINS)
            .map(|row| {
                let start = row.iter().position(|&w| w > 0.0).unwrap_or(0);
                let end = row.iter().rposition(|&w| w > 0.0).map_or(start, |e| e + 1);
                Filter { start, weights: row[start..end].to_vec() }
            })
            .collect();
        let window = (0..N_FFT)
            .map(|n| (0.5 - 0.5 * (2.0 * std::f64::consts::PI * n as f64 / N_FFT as f64).cos()) as f32)
            .collect();
        Self { filters, window, fft: RealFftPlanner::<f32>::new().plan_fft_forward(N_FFT) }
    }

    /// Features of one window, row-major [80, 3000]. `samples` (16 kHz) is cut or zero-padded to 30 s.
    pub fn log_mel(&self, samples: &[f32]) -> Vec<f32> {
        let mut audio = vec![0.0_f32; WINDOW_SAMPLES + N_FFT];
        let pad = N_FFT / 2;
        let used = samples.len().min(WINDOW_SAMPLES);
        audio[pad..pad + used].copy_from_slice(&samples[..used]);
        // Reflect padding at both ends (the right end reflects the zero padding, as Whisper's does).
        for i in 1..=pad {
            audio[pad - i] = audio[pad + i];
            audio[pad + WINDOW_SAMPLES - 1 + i] = audio[pad + WINDOW_SAMPLES - 1 - i];
        }
        let mut frame = self.fft.make_input_vec();
        let mut spectrum = self.fft.make_output_vec();
        let mut power = vec![0.0_f32; BINS];
        let mut mel = vec![0.0_f32; N_MELS * WINDOW_FRAMES];
        for t in 0..WINDOW_FRAMES {
            let start = t * HOP;
            for ((slot, &sample), &w) in frame.iter_mut().zip(&audio[start..start + N_FFT]).zip(&self.window) {
                *slot = sample * w;
            }
            if self.fft.process(&mut frame, &mut spectrum).is_err() {
                continue; // Cannot happen: the buffers come from the plan.
            }
            for (p, c) in power.iter_mut().zip(&spectrum) {
                *p = c.norm_sqr();
            }
            for (m, filter) in self.filters.iter().enumerate() {
                let bins = &power[filter.start..filter.start + filter.weights.len()];
                mel[m * WINDOW_FRAMES + t] = bins.iter().zip(&filter.weights).map(|(p, w)| p * w).sum();
            }
        }
        let mut max = f32::NEG_INFINITY;
        for value in &mut mel {
            *value = value.max(1e-10).log10();
            max = max.max(*value);
        }
        for value in &mut mel {
            *value = (value.max(max - 8.0) + 4.0) / 4.0;
        }
        mel
    }
}

fn hz_to_mel(hz: f64) -> f64 {
    const F_SP: f64 = 200.0 / 3.0;
    const MIN_LOG_HZ: f64 = 1000.0;
    let log_step = 6.4_f64.ln() / 27.0;
    if hz >= MIN_LOG_HZ { MIN_LOG_HZ / F_SP + (hz / MIN_LOG_HZ).ln() / log_step } else { hz / F_SP }
}

fn mel_to_hz(mel: f64) -> f64 {
    const F_SP: f64 = 200.0 / 3.0;
    const MIN_LOG_HZ: f64 = 1000.0;
    let min_log_mel = MIN_LOG_HZ / F_SP;
    let log_step = 6.4_f64.ln() / 27.0;
    if mel >= min_log_mel { MIN_LOG_HZ * (log_step * (mel - min_log_mel)).exp() } else { F_SP * mel }
}

/// librosa's `filters.mel(sr, n_fft, n_mels)` (slaney scale and area normalisation), row-major
/// [n_mels, n_fft/2+1]: what Whisper's `mel_filters.npz` holds.
pub fn slaney_filters(sample_rate: f64, n_fft: usize, n_mels: usize) -> Vec<f32> {
    let bins = n_fft / 2 + 1;
    let fft_freqs: Vec<f64> = (0..bins).map(|i| i as f64 * sample_rate / n_fft as f64).collect();
    let (low, high) = (hz_to_mel(0.0), hz_to_mel(sample_rate / 2.0));
    let points: Vec<f64> =
        (0..n_mels + 2).map(|i| mel_to_hz(low + (high - low) * i as f64 / (n_mels + 1) as f64)).collect();
    let mut weights = vec![0.0_f32; n_mels * bins];
    for m in 0..n_mels {
        let (left, centre, right) = (points[m], points[m + 1], points[m + 2]);
        let norm = 2.0 / (right - left);
        for (k, &f) in fft_freqs.iter().enumerate() {
            let lower = (f - left) / (centre - left);
            let upper = (right - f) / (right - centre);
            weights[m * bins + k] = (lower.min(upper).max(0.0) * norm) as f32;
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_lights_the_mel_band_of_its_frequency() {
        let extractor = MelExtractor::new();
        let tone: Vec<f32> =
            (0..SAMPLE_RATE).map(|i| (2.0 * std::f32::consts::PI * 1000.0 * i as f32 / 16_000.0).sin()).collect();
        let mel = extractor.log_mel(&tone);
        assert_eq!(mel.len(), N_MELS * WINDOW_FRAMES);
        let frame = 50;
        let loudest =
            (0..N_MELS).max_by(|&a, &b| mel[a * WINDOW_FRAMES + frame].total_cmp(&mel[b * WINDOW_FRAMES + frame]));
        let expected = (0..N_MELS).min_by_key(|&m| {
            let centre = mel_to_hz(hz_to_mel(8000.0) * (m + 1) as f64 / (N_MELS + 1) as f64);
            (centre - 1000.0).abs() as i64
        });
        assert_eq!(loudest, expected);
        // After the tone (1 s), the padding is silence: the floor, max - 8 mapped.
        let max = mel.iter().copied().fold(f32::MIN, f32::max);
        assert!((mel[10 * WINDOW_FRAMES + 2000] - (max - 2.0)).abs() < 1e-5);
    }
}
