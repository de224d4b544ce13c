#!/usr/bin/env python3
"""Piper-style Python text-to-speech reference for the synthesis benchmark: what the `piper`
package does, with onnxruntime and Debian's espeak-ng. Each sentence is phonemized by an
`espeak-ng -q --ipa -v en-us` process, turned into ids (^ _ p _ ... $) with the voice's
phoneme_id_map, and run through the same Piper VITS model aigate serves; the audio of the
sentences is concatenated. Prints one JSON line per text:
{"engine": "python-onnxruntime", "text_id", "seconds", "elapsed", "rtf"}.

Usage: python bench/tts_reference.py MODEL.onnx MODEL.onnx.json TEXT_FILE [...]
Env:   RUNS (default 3, after one warm-up), THREADS (onnxruntime intra-op threads, default 2),
       NOISE_W (default 0.0, as aigate's synthesis_noise_w).
"""

import json
import os
import re
import subprocess
import sys
import time

import numpy as np
import onnxruntime


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def phoneme_ids(sentence, id_map):
    ipa = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", "en-us"], input=sentence.encode(),
                         capture_output=True, check=True).stdout.decode()
    # espeak writes a line per clause; piper joins them with the clause's punctuation.
    phonemes = ", ".join(line.strip() for line in ipa.splitlines() if line.strip()) + sentence.strip()[-1]
    ids = id_map["^"] + id_map["_"]
    for c in phonemes:
        if c in id_map:
            ids += id_map[c] + id_map["_"]
    return ids + id_map["$"]


def speak(session, text, id_map, noise_w):
    audio = []
    for sentence in sentences(text):
        ids = phoneme_ids(sentence, id_map)
        out = session.run(None, {"input": np.array([ids], dtype=np.int64),
                                 "input_lengths": np.array([len(ids)], dtype=np.int64),
                                 "scales": np.array([0.667, 1.0, noise_w], dtype=np.float32)})
        audio.append(out[0].reshape(-1))
    return np.concatenate(audio)


def main():
    model, config_path, texts = sys.argv[1], sys.argv[2], sys.argv[3:]
    runs, threads = int(os.environ.get("RUNS", "3")), int(os.environ.get("THREADS", "2"))
    noise_w = float(os.environ.get("NOISE_W", "0.0"))
    config = json.load(open(config_path))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    rate = config["audio"]["sample_rate"]
    for path in texts:
        text = open(path).read()
        times, seconds = [], 0.0
        for _ in range(runs + 1):
            started = time.perf_counter()
            audio = speak(session, text, config["phoneme_id_map"], noise_w)
            times.append(time.perf_counter() - started)
            seconds = len(audio) / rate
        elapsed = sum(times[1:]) / runs
        print(json.dumps({"engine": "python-onnxruntime", "text_id": os.path.basename(path), "seconds": round(seconds, 3),
                          "elapsed": round(elapsed, 3), "rtf": round(elapsed / seconds, 4)}))


if __name__ == "__main__":
    main()
