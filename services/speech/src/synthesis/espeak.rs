//! eSpeak NG as a separate program (it is GPL-3.0; aigate does not link it): IPA phonemes from
//! warm `espeak-ng -q --ipa` processes kept in a bounded pool, and audio for the `standard` engine.
//!
//! Protocol of a warm process: eSpeak reads stdin line by line and writes one line of IPA per
//! clause. Every line sent is one clause (the caller strips clause punctuation, see
//! [`clean_line`]), so N lines in give N lines out; a sentinel line after them marks the end.
//! Anything unexpected (a count that does not match, a timeout) retires the process and the
//! lines are read again by a fresh one-shot process.

use aigate_core::ApiError;
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Semaphore;

/// Sent after a request's lines; its IPA (learnt when the process starts) ends the reply.
const SENTINEL: &str = "aigate sentinel";
/// eSpeak's own sample rate.
pub const ESPEAK_SAMPLE_RATE: u32 = 22_050;
/// eSpeak's default speaking rate, words per minute.
const DEFAULT_WORDS_PER_MINUTE: f32 = 175.0;
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Espeak {
    binary: String,
    /// Idle warm processes by eSpeak voice.
    idle: Mutex<HashMap<String, Vec<WarmProcess>>>,
    /// Bounds the eSpeak processes running at once (warm or one-shot).
    permits: Semaphore,
    max_idle_per_voice: usize,
}

struct WarmProcess {
    _child: Child,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    sentinel: String,
}

impl Espeak {
    pub fn new(binary: impl Into<String>, max_processes: usize) -> Self {
        let max = max_processes.max(1);
        Self {
            binary: binary.into(),
            idle: Mutex::new(HashMap::new()),
            permits: Semaphore::new(max),
            max_idle_per_voice: max,
        }
    }

    /// Checks that the program runs (at start-up, so a missing eSpeak is reported at once).
    pub fn check(binary: &str) -> Result<String, String> {
        let output = std::process::Command::new(binary)
            .arg("--version")
            .output()
            .map_err(|e| format!("cannot run {binary}: {e}; install the Debian package espeak-ng"))?;
        let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
        if !output.status.success() || !version.contains("eSpeak NG") {
            return Err(format!("{binary} --version did not answer as eSpeak NG: {version}"));
        }
        Ok(version)
    }

    /// IPA for each line (one clause each, see [`clean_line`]), one string per line.
    pub async fn phonemize(&self, voice: &str, lines: &[String]) -> Result<Vec<String>, ApiError> {
        if lines.is_empty() {
            return Ok(Vec::new());
        }
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let warm = self.take_idle(voice);
        let process = match warm {
            Some(process) => Ok(process),
            None => self.spawn_warm(voice).await,
        };
        if let Ok(mut process) = process {
            if let Ok(Ok(phonemes)) = tokio::time::timeout(TIMEOUT, process.ask(lines)).await {
                self.put_idle(voice, process);
                return Ok(phonemes);
            }
            tracing::warn!(voice, "a warm eSpeak NG process answered out of step; retired, asking a fresh one");
        }
        tokio::time::timeout(TIMEOUT, self.phonemize_once(voice, lines))
            .await
            .map_err(|_| ApiError::internal("eSpeak NG did not answer in time"))?
    }

    fn take_idle(&self, voice: &str) -> Option<WarmProcess> {
        self.idle.lock().ok()?.get_mut(voice)?.pop()
    }

    fn put_idle(&self, voice: &str, process: WarmProcess) {
        if let Ok(mut idle) = self.idle.lock() {
            let pool = idle.entry(voice.to_string()).or_default();
            if pool.len() < self.max_idle_per_voice {
                pool.push(process);
            }
        }
    }

    async fn spawn_warm(&self, voice: &str) -> Result<WarmProcess, ApiError> {
        let mut child = Command::new(&self.binary)
            .args(["-q", "--ipa", "-v", voice])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| ApiError::internal(format!("cannot start {}: {e}", self.binary)))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(ApiError::internal("eSpeak NG started without pipes"));
        };
        let mut process =
            WarmProcess { _child: child, stdin, stdout: BufReader::new(stdout).lines(), sentinel: String::new() };
        let learn = async {
            process.send(&[]).await?;
            process.stdout.next_line().await.map_err(ApiError::internal)
        };
        let sentinel = tokio::time::timeout(TIMEOUT, learn)
            .await
            .map_err(|_| ApiError::internal("eSpeak NG did not start in time"))??;
        process.sentinel = sentinel.ok_or_else(|| ApiError::internal("eSpeak NG exited at start"))?;
        Ok(process)
    }

    async fn phonemize_once(&self, voice: &str, lines: &[String]) -> Result<Vec<String>, ApiError> {
        let input = lines.join("\n") + "\n";
        let output = run_once(&self.binary, &["-q", "--ipa", "-v", voice], input.as_bytes()).await?;
        let text = String::from_utf8_lossy(&output);
        let phonemes: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
        if phonemes.len() != lines.len() {
            return Err(ApiError::internal(format!(
                "eSpeak NG answered {} lines for {} clauses",
                phonemes.len(),
                lines.len()
            )));
        }
        Ok(phonemes)
    }

    /// Speaks `text` with eSpeak's own synthesizer: mono f32 samples at 22,050 Hz.
    pub async fn synthesize(&self, voice: &str, text: &str, rate: f32) -> Result<Vec<f32>, ApiError> {
        let _permit = self.permits.acquire().await.map_err(ApiError::internal)?;
        let speed = ((DEFAULT_WORDS_PER_MINUTE * rate).round() as u32).clamp(80, 450).to_string();
        let args = ["-v", voice, "-s", &speed, "--stdout"];
        let wav = tokio::time::timeout(TIMEOUT, run_once(&self.binary, &args, text.as_bytes()))
            .await
            .map_err(|_| ApiError::internal("eSpeak NG did not answer in time"))??;
        wav_samples(&wav).ok_or_else(|| ApiError::internal("eSpeak NG wrote no WAV data"))
    }
}

impl WarmProcess {
    async fn send(&mut self, lines: &[String]) -> Result<(), ApiError> {
        let mut input = String::new();
        for line in lines {
            input.push_str(line);
            input.push('\n');
        }
        input.push_str(SENTINEL);
        input.push('\n');
        self.stdin.write_all(input.as_bytes()).await.map_err(ApiError::internal)?;
        self.stdin.flush().await.map_err(ApiError::internal)
    }

    async fn ask(&mut self, lines: &[String]) -> Result<Vec<String>, ApiError> {
        self.send(lines).await?;
        let mut phonemes = Vec::with_capacity(lines.len());
        loop {
            let line = self.stdout.next_line().await.map_err(ApiError::internal)?;
            let line = line.ok_or_else(|| ApiError::internal("eSpeak NG exited"))?;
            if line == self.sentinel {
                break;
            }
            phonemes.push(line.trim().to_string());
        }
        if phonemes.len() != lines.len() {
            return Err(ApiError::internal("eSpeak NG answered out of step"));
        }
        Ok(phonemes)
    }
}

async fn run_once(binary: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>, ApiError> {
    let mut child = Command::new(binary)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| ApiError::internal(format!("cannot start {binary}: {e}")))?;
    let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(ApiError::internal("eSpeak NG started without pipes"));
    };
    let input = input.to_vec();
    let writer = tokio::spawn(async move {
        let _ = stdin.write_all(&input).await;
        // Dropping stdin closes it: eSpeak reads to the end and exits.
    });
    let mut output = Vec::new();
    stdout.read_to_end(&mut output).await.map_err(ApiError::internal)?;
    let _ = writer.await;
    let status = child.wait().await.map_err(ApiError::internal)?;
    if !status.success() {
        return Err(ApiError::internal(format!("{binary} exited with {status}")));
    }
    Ok(output)
}

/// The 16-bit samples of eSpeak's `--stdout` WAV (whose sizes in the header are left unset).
fn wav_samples(wav: &[u8]) -> Option<Vec<f32>> {
    let data = wav.windows(4).position(|w| w == b"data")? + 8;
    let samples = wav.get(data..)?.chunks_exact(2).map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0);
    Some(samples.collect())
}

/// One clause as eSpeak should read it as a single line: no clause or sentence punctuation
/// (kept inside numbers like 3.5 or 1,000), no `[[phoneme]]` or markup brackets.
pub fn clean_line(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit_at = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_ascii_digit());
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match c {
            '.' | ',' | ':' if digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)) => c,
            '.' | ',' | ';' | ':' | '!' | '?' | '[' | ']' | '<' | '>' | '{' | '}' | '(' | ')' | '"' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_lines_keep_numbers_and_drop_clause_marks() {
        assert_eq!(clean_line("Hello, world. [[h@l]] it's 3.5 or 1,000!"), "Hello world h@l it's 3.5 or 1,000");
        assert_eq!(clean_line("a\nb\tc"), "a b c");
    }

    #[test]
    fn wav_data_follows_the_data_tag() {
        let mut wav = b"RIFF\0\0\0\0WAVEdata\xff\xff\xff\xff".to_vec();
        wav.extend_from_slice(&16384i16.to_le_bytes());
        assert_eq!(wav_samples(&wav), Some(vec![0.5]));
    }

    /// Needs the Debian package espeak-ng (scripts/setup.sh installs it).
    #[tokio::test]
    async fn warm_processes_answer_line_for_line() {
        Espeak::check("espeak-ng").expect("espeak-ng is installed");
        let espeak = Espeak::new("espeak-ng", 1);
        let lines = vec!["hello world".to_string(), String::new(), "two thousand".to_string()];
        let first = espeak.phonemize("en-us", &lines).await.expect("phonemes");
        assert_eq!(first.len(), 3);
        assert_eq!(first[1], "");
        assert!(first[0].starts_with("həl"), "{first:?}");
        // The same process again: nothing left over from the first request.
        let again = espeak.phonemize("en-us", &lines[..1]).await.expect("phonemes");
        assert_eq!(again, first[..1]);
        let audio = espeak.synthesize("en-us", "Hello there.", 1.0).await.expect("audio");
        assert!(audio.len() > ESPEAK_SAMPLE_RATE as usize / 4 && audio.iter().any(|s| s.abs() > 0.1));
    }
}
