//! Audio out: the output formats. `pcm` is Polly's raw
//! 16-bit signed little-endian mono; `wav` (aigate) adds a RIFF header; `ogg_vorbis` uses
//! libvorbis (aoTuV) through `vorbis_rs`; `mp3` uses LAME through `mp3lame-encoder`. Polly's
//! `ogg_opus` is left out: no maintained pure-crate Opus encoder builds here without system libraries.

use std::num::{NonZeroU8, NonZeroU32};

/// The audio formats (speech marks are JSON and handled apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioFormat {
    Pcm,
    Wav,
    OggVorbis,
    Mp3,
}

impl AudioFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            AudioFormat::Pcm => "audio/pcm",
            AudioFormat::Wav => "audio/wav",
            AudioFormat::OggVorbis => "audio/ogg",
            AudioFormat::Mp3 => "audio/mpeg",
        }
    }

    /// Polly's sample rates for the format (aigate's `wav` takes those of mp3).
    pub fn sample_rates(self) -> &'static [u32] {
        match self {
            AudioFormat::Pcm => &[8000, 16000],
            _ => &[8000, 16000, 22050, 24000, 44100, 48000],
        }
    }
}

fn to_i16(samples: &[f32]) -> Vec<i16> {
    samples.iter().map(|s| (s.clamp(-1.0, 1.0) * 32767.0).round() as i16).collect()
}

/// Encodes mono samples at `rate`.
pub fn encode(samples: &[f32], rate: u32, format: AudioFormat) -> Result<Vec<u8>, String> {
    match format {
        AudioFormat::Pcm => Ok(to_i16(samples).iter().flat_map(|s| s.to_le_bytes()).collect()),
        AudioFormat::Wav => wav(samples, rate),
        AudioFormat::OggVorbis => ogg_vorbis(samples, rate),
        AudioFormat::Mp3 => mp3(samples, rate),
    }
}

fn wav(samples: &[f32], rate: u32) -> Result<Vec<u8>, String> {
    let spec =
        hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut bytes = std::io::Cursor::new(Vec::new());
    let mut writer = hound::WavWriter::new(&mut bytes, spec).map_err(|e| e.to_string())?;
    for sample in to_i16(samples) {
        writer.write_sample(sample).map_err(|e| e.to_string())?;
    }
    writer.finalize().map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}

fn ogg_vorbis(samples: &[f32], rate: u32) -> Result<Vec<u8>, String> {
    let rate = NonZeroU32::new(rate).ok_or("sample rate 0")?;
    let mut encoder = vorbis_rs::VorbisEncoderBuilder::new(rate, NonZeroU8::MIN, Vec::new())
        .map_err(|e| e.to_string())?
        .build()
        .map_err(|e| e.to_string())?;
    for block in samples.chunks(4096) {
        encoder.encode_audio_block([block]).map_err(|e| e.to_string())?;
    }
    encoder.finish().map_err(|e| e.to_string())
}

fn mp3(samples: &[f32], rate: u32) -> Result<Vec<u8>, String> {
    use mp3lame_encoder::{Bitrate, Builder, FlushNoGap, MonoPcm, Quality};
    let mut builder = Builder::new().ok_or("LAME could not allocate an encoder")?;
    let bitrate = if rate >= 32_000 { Bitrate::Kbps96 } else { Bitrate::Kbps48 };
    builder.set_num_channels(1).map_err(|e| e.to_string())?;
    builder.set_sample_rate(rate).map_err(|e| e.to_string())?;
    builder.set_output_sample_rate(NonZeroU32::new(rate)).map_err(|e| e.to_string())?;
    builder.set_brate(bitrate).map_err(|e| e.to_string())?;
    builder.set_quality(Quality::Good).map_err(|e| e.to_string())?;
    let mut encoder = builder.build().map_err(|e| e.to_string())?;
    let pcm = to_i16(samples);
    let mut out = Vec::with_capacity(mp3lame_encoder::max_required_buffer_size(pcm.len()) + 7200);
    encoder.encode_to_vec(MonoPcm(pcm.as_slice()), &mut out).map_err(|e| e.to_string())?;
    encoder.flush_to_vec::<FlushNoGap>(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, seconds: f32) -> Vec<f32> {
        (0..(rate as f32 * seconds) as usize)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn every_format_encodes_with_its_magic_bytes() {
        let samples = tone(16_000, 0.5);
        assert_eq!(encode(&samples, 16_000, AudioFormat::Pcm).expect("pcm").len(), samples.len() * 2);
        assert!(encode(&samples, 16_000, AudioFormat::Wav).expect("wav").starts_with(b"RIFF"));
        assert!(encode(&samples, 16_000, AudioFormat::OggVorbis).expect("ogg").starts_with(b"OggS"));
        let mp3 = encode(&samples, 16_000, AudioFormat::Mp3).expect("mp3");
        assert!(mp3.len() > 1000 && mp3[0] == 0xFF && mp3[1] & 0xE0 == 0xE0, "an MPEG frame sync");
    }
}
