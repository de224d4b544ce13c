//! Audio decoding: WAV (8/16/24/32-bit integer and 32-bit float) with `hound`; FLAC, MP3 and
//! Ogg Vorbis with `symphonia`. Any channel count is downmixed to mono, and [`resample`] (rubato's
//! FFT resampler) brings any rate to the one a model wants. Decoding never panics on bad input:
//! empty, unknown, damaged and over-long audio each get their own [`AudioError`].

use rubato::{FftFixedIn, Resampler};
use std::io::Cursor;

/// Decoded audio: mono samples in [-1, 1] at `sample_rate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Audio {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    /// Channels of the source before downmixing.
    pub channels: usize,
    /// The container/codec that was read: `wav`, `flac`, `mp3` or `ogg`.
    pub format: &'static str,
}

impl Audio {
    pub fn seconds(&self) -> f64 {
        if self.sample_rate == 0 { 0.0 } else { self.samples.len() as f64 / f64::from(self.sample_rate) }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AudioError {
    #[error("the audio is empty")]
    Empty,
    #[error("unknown audio format; send WAV (PCM 8/16/24/32-bit or float), FLAC, MP3 or Ogg Vorbis")]
    UnknownFormat,
    #[error("the {format} audio could not be decoded: {message}")]
    Corrupt { format: &'static str, message: String },
    #[error("the audio is longer than {limit_seconds} s")]
    TooLong { limit_seconds: u64 },
    #[error("cannot resample from {from} Hz to {to} Hz: {message}")]
    Resample { from: u32, to: u32, message: String },
}

/// The container formats [`decode`] recognises from the first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WAVE" {
        Some("wav")
    } else if starts(b"fLaC") {
        Some("flac")
    } else if starts(b"OggS") {
        Some("ogg")
    } else if starts(b"ID3") || (bytes.len() >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
        Some("mp3")
    } else {
        None
    }
}

/// Decodes a whole file to mono, refusing audio longer than `max_seconds` (checked as it is read).
pub fn decode(bytes: &[u8], max_seconds: u64) -> Result<Audio, AudioError> {
    if bytes.is_empty() {
        return Err(AudioError::Empty);
    }
    let format = sniff(bytes).ok_or(AudioError::UnknownFormat)?;
    let audio = match format {
        "wav" => decode_wav(bytes, max_seconds)?,
        other => decode_symphonia(bytes, other, max_seconds)?,
    };
    if audio.samples.is_empty() {
        return Err(AudioError::Empty);
    }
    Ok(audio)
}

/// Decodes and resamples to `rate` Hz mono.
pub fn decode_at(bytes: &[u8], rate: u32, max_seconds: u64) -> Result<Audio, AudioError> {
    let mut audio = decode(bytes, max_seconds)?;
    audio.samples = resample(&audio.samples, audio.sample_rate, rate)?;
    audio.sample_rate = rate;
    Ok(audio)
}

fn too_long(frames: usize, rate: u32, max_seconds: u64) -> bool {
    frames as u64 > max_seconds.saturating_mul(u64::from(rate))
}

fn decode_wav(bytes: &[u8], max_seconds: u64) -> Result<Audio, AudioError> {
    let corrupt = |e: hound::Error| AudioError::Corrupt { format: "wav", message: e.to_string() };
    let mut reader = hound::WavReader::new(Cursor::new(bytes)).map_err(corrupt)?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels);
    if channels == 0 || spec.sample_rate == 0 {
        return Err(AudioError::Corrupt { format: "wav", message: "the header has no channels or no rate".into() });
    }
    if too_long(reader.duration() as usize, spec.sample_rate, max_seconds) {
        return Err(AudioError::TooLong { limit_seconds: max_seconds });
    }
    let interleaved: Vec<f32> = match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Float, 32) => reader.samples::<f32>().collect::<Result<_, _>>().map_err(corrupt)?,
        (hound::SampleFormat::Int, bits @ 1..=32) => {
            let scale = 1.0 / (1_u64 << (bits - 1)) as f32;
            reader.samples::<i32>().map(|s| s.map(|s| s as f32 * scale)).collect::<Result<_, _>>().map_err(corrupt)?
        }
        (format, bits) => {
            return Err(AudioError::Corrupt {
                format: "wav",
                message: format!("{bits}-bit {format:?} samples are not supported"),
            });
        }
    };
    Ok(Audio { samples: downmix(&interleaved, channels), sample_rate: spec.sample_rate, channels, format: "wav" })
}

/// Averages interleaved frames of `channels` into one channel.
pub fn downmix(interleaved: &[f32], channels: usize) -> Vec<f32> {
    if channels <= 1 {
        return interleaved.to_vec();
    }
    let scale = 1.0 / channels as f32;
    interleaved.chunks_exact(channels).map(|frame| frame.iter().sum::<f32>() * scale).collect()
}

fn decode_symphonia(bytes: &[u8], format: &'static str, max_seconds: u64) -> Result<Audio, AudioError> {
    use symphonia::core::audio::SampleBuffer;
    use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
    use symphonia::core::errors::Error;
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let corrupt = |message: String| AudioError::Corrupt { format, message };
    let source = MediaSourceStream::new(Box::new(Cursor::new(bytes.to_vec())), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(format);
    let probed = symphonia::default::get_probe()
        .format(&hint, source, &FormatOptions::default(), &MetadataOptions::default())
        .map_err(|e| corrupt(e.to_string()))?;
    let mut reader = probed.format;
    let track = reader
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| corrupt("no audio track".into()))?;
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| corrupt(e.to_string()))?;
    let mut rate = track.codec_params.sample_rate.unwrap_or(0);
    let mut channels = track.codec_params.channels.map(|c| c.count()).unwrap_or(0);
    let mut samples = Vec::new();
    let mut buffer: Option<SampleBuffer<f32>> = None;
    let mut bad_packets = 0_usize;
    loop {
        let packet = match reader.next_packet() {
            Ok(packet) => packet,
            Err(Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(Error::ResetRequired) => break,
            Err(e) if samples.is_empty() => return Err(corrupt(e.to_string())),
            // A damaged tail after good audio: keep what was decoded.
            Err(_) => break,
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            Err(Error::DecodeError(message)) => {
                bad_packets += 1;
                if bad_packets > 100 {
                    return Err(corrupt(message.to_string()));
                }
                continue;
            }
            Err(e) => return Err(corrupt(e.to_string())),
        };
        let spec = *decoded.spec();
        rate = spec.rate;
        channels = spec.channels.count().max(1);
        let needed = decoded.capacity() as u64;
        let buf = match &mut buffer {
            Some(buf) if buf.capacity() as u64 >= needed * channels as u64 => buf,
            _ => buffer.insert(SampleBuffer::new(needed, spec)),
        };
        buf.copy_interleaved_ref(decoded);
        samples.extend(downmix(buf.samples(), channels));
        if too_long(samples.len(), rate, max_seconds) {
            return Err(AudioError::TooLong { limit_seconds: max_seconds });
        }
    }
    if rate == 0 && !samples.is_empty() {
        return Err(corrupt("the stream has no sample rate".into()));
    }
    Ok(Audio { samples, sample_rate: rate, channels, format })
}

/// Resamples mono `samples` from `from_hz` to `to_hz` with rubato's FFT resampler. The output
/// has `len * to / from` samples (rounded), aligned with the input (the filter delay removed).
pub fn resample(samples: &[f32], from_hz: u32, to_hz: u32) -> Result<Vec<f32>, AudioError> {
    if from_hz == to_hz || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let fail = |e: &dyn std::fmt::Display| AudioError::Resample { from: from_hz, to: to_hz, message: e.to_string() };
    if from_hz == 0 || to_hz == 0 {
        return Err(fail(&"rates must be positive"));
    }
    const CHUNK: usize = 1024;
    let mut resampler = FftFixedIn::<f32>::new(from_hz as usize, to_hz as usize, CHUNK, 2, 1).map_err(|e| fail(&e))?;
    let expected = (samples.len() as u64 * u64::from(to_hz)).div_ceil(u64::from(from_hz)) as usize;
    let delay = resampler.output_delay();
    let mut out = Vec::with_capacity(expected + delay + CHUNK);
    let mut position = 0;
    while out.len() < expected + delay {
        let needed = resampler.input_frames_next();
        let chunk = if position + needed <= samples.len() {
            let result = resampler.process(&[&samples[position..position + needed]], None);
            position += needed;
            result
        } else if position < samples.len() {
            let result = resampler.process_partial(Some(&[&samples[position..]]), None);
            position = samples.len();
            result
        } else {
            resampler.process_partial::<&[f32]>(None, None)
        }
        .map_err(|e| fail(&e))?;
        out.extend_from_slice(chunk.first().map(Vec::as_slice).unwrap_or_default());
    }
    Ok(out.drain(delay..delay + expected).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(spec: hound::WavSpec, frames: usize, sample: impl Fn(usize) -> f64) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = hound::WavWriter::new(&mut out, spec).expect("writer");
        for i in 0..frames {
            let value = sample(i);
            for _ in 0..spec.channels {
                match spec.sample_format {
                    hound::SampleFormat::Float => writer.write_sample(value as f32).expect("write"),
                    hound::SampleFormat::Int => {
                        let max = ((1_i64 << (spec.bits_per_sample - 1)) - 1) as f64;
                        writer.write_sample((value * max).round() as i32).expect("write")
                    }
                }
            }
        }
        writer.finalize().expect("finalize");
        out.into_inner()
    }

    fn tone(rate: u32) -> impl Fn(usize) -> f64 {
        move |i| 0.5 * (2.0 * std::f64::consts::PI * 440.0 * i as f64 / f64::from(rate)).sin()
    }

    #[test]
    fn every_wav_sample_format_decodes_to_the_same_signal() {
        for (bits, format) in [
            (8, hound::SampleFormat::Int),
            (16, hound::SampleFormat::Int),
            (24, hound::SampleFormat::Int),
            (32, hound::SampleFormat::Int),
            (32, hound::SampleFormat::Float),
        ] {
            let spec = hound::WavSpec { channels: 2, sample_rate: 8000, bits_per_sample: bits, sample_format: format };
            let audio = decode(&wav(spec, 800, tone(8000)), 60).expect("decodes");
            assert_eq!((audio.channels, audio.sample_rate, audio.samples.len()), (2, 8000, 800));
            let error = audio.samples.iter().enumerate().map(|(i, s)| (f64::from(*s) - tone(8000)(i)).abs());
            assert!(error.fold(0.0, f64::max) < 0.01, "{bits}-bit {format:?}");
        }
    }

    #[test]
    fn resampling_keeps_length_and_frequency() {
        let input: Vec<f32> = (0..44_100).map(|i| tone(44_100)(i) as f32).collect();
        let output = resample(&input, 44_100, 16_000).expect("resample");
        assert_eq!(output.len(), 16_000);
        // The 440 Hz tone survives in phase: compare with the ideal tone away from the edges.
        let worst = (1000..15_000).map(|i| (f64::from(output[i]) - tone(16_000)(i)).abs()).fold(0.0, f64::max);
        assert!(worst < 0.02, "{worst}");
        assert_eq!(resample(&input[..10], 44_100, 16_000).expect("short").len(), 4);
    }

    #[test]
    fn bad_audio_gets_named_errors() {
        assert_eq!(decode(b"", 10), Err(AudioError::Empty));
        assert_eq!(decode(b"hello, this is text", 10), Err(AudioError::UnknownFormat));
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let good = wav(spec, 16_000, tone(16_000));
        assert!(matches!(decode(&good[..30], 10), Err(AudioError::Corrupt { format: "wav", .. })));
        assert_eq!(decode(&good, 0), Err(AudioError::TooLong { limit_seconds: 0 }));
        assert!(matches!(decode(b"fLaC\0\0\0\x22garbage", 10), Err(AudioError::Corrupt { format: "flac", .. })));
        assert!(matches!(decode(b"OggS\0\x02garbage", 10), Err(AudioError::Corrupt { .. } | AudioError::Empty)));
        assert_eq!(decode(&wav(spec, 0, tone(16_000)), 10), Err(AudioError::Empty));
    }
}
