"""Reference speech-to-text pipeline in Python: the same Whisper tiny.en ONNX models as aigate, run
through onnxruntime with numpy features and a greedy loop (as in the research sheet).

    python bench/speech_reference.py MODEL_DIR MEL_FILTERS_NPZ audio.wav [...]

Prints one JSON line per file: {"engine", "file", "seconds", "elapsed", "rtf", "text"}, elapsed
being the mean of RUNS (env, default 3) runs after one warm-up. Needs numpy, onnxruntime,
tokenizers and soxr. The timing covers everything after the WAV is read (resampling included).
THREADS (env, default 2) sets onnxruntime's intra-op threads.
"""

import os

import json
import sys
import time
import wave

import numpy as np
import onnxruntime as ort
import soxr
from tokenizers import Tokenizer

SOT, NO_TIMESTAMPS, EOT = 50257, 50362, 50256
SAMPLE_RATE, WINDOW = 16000, 480000


def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2, "16-bit WAV only"
        audio = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
        audio = audio.reshape(-1, w.getnchannels()).mean(axis=1)
        return audio, w.getframerate()


def log_mel(audio, filters):
    audio = np.pad(audio[:WINDOW], (0, max(0, WINDOW - len(audio))))
    padded = np.pad(audio, (200, 200), mode="reflect")
    window = np.hanning(401)[:-1].astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(padded, 400)[::160][:3000]
    power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2
    mel = filters @ power.T
    logs = np.log10(np.maximum(mel, 1e-10))
    logs = np.maximum(logs, logs.max() - 8.0)
    return ((logs + 4.0) / 4.0).astype(np.float32)[None]


class Whisper:
    def __init__(self, model_dir, filters_path):
        options = ort.SessionOptions()
        options.intra_op_num_threads = int(os.environ.get("THREADS", "2"))
        self.encoder = ort.InferenceSession(f"{model_dir}/whisper_tiny_en_encoder.onnx", options)
        self.decoder = ort.InferenceSession(f"{model_dir}/whisper_tiny_en_decoder.onnx", options)
        self.tokenizer = Tokenizer.from_file(f"{model_dir}/whisper_tokenizer.json")
        config = json.load(open(f"{model_dir}/whisper_config.json"))
        self.suppress = np.array(config["suppress_ids"])
        self.suppress_begin = np.array(config["suppress_ids_begin"])
        self.filters = np.load(filters_path)["mel_80"]

    def window(self, audio):
        cross_k, cross_v = self.encoder.run(None, {"mel": log_mel(audio, self.filters)})
        past_k = past_v = np.zeros((4, 1, 0, 384), dtype=np.float32)
        tokens, text = [SOT, NO_TIMESTAMPS], []
        feed = tokens
        while len(tokens) < 224:
            logits, past_k, past_v, _ = self.decoder.run(None, {
                "tokens": np.array([feed], dtype=np.int64), "past_k": past_k, "past_v": past_v,
                "cross_k": cross_k, "cross_v": cross_v})
            last = logits[0, -1]
            last[NO_TIMESTAMPS:] = -np.inf
            last[self.suppress] = -np.inf
            if not text:
                last[self.suppress_begin] = -np.inf
            token = int(last.argmax())
            if token == EOT:
                break
            text.append(token)
            tokens.append(token)
            feed = [token]
        return self.tokenizer.decode(text)

    def transcribe(self, audio):
        return " ".join(self.window(audio[i:i + WINDOW]).strip() for i in range(0, len(audio), WINDOW))


def main():
    model = Whisper(sys.argv[1], sys.argv[2])
    runs = int(os.environ.get("RUNS", "3"))
    for path in sys.argv[3:]:
        raw, rate = read_wav(path)
        times = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            audio = raw if rate == SAMPLE_RATE else soxr.resample(raw, rate, SAMPLE_RATE).astype(np.float32)
            text = model.transcribe(audio)
            times.append(time.perf_counter() - started)
        elapsed = sum(times[1:]) / runs
        seconds = len(raw) / rate
        print(json.dumps({"engine": "python-onnxruntime", "file": path, "seconds": round(seconds, 3),
                          "elapsed": round(elapsed, 3), "rtf": round(elapsed / seconds, 4), "text": text}))


if __name__ == "__main__":
    main()
