#!/usr/bin/env python3
"""aigate client for the speech-to-text benchmark (stdlib only): POSTs each WAV to
$URL/v1/speech/transcribe (Content-Type audio/wav) RUNS times after one warm-up and prints one JSON
line per file: {"engine": "aigate", "file", "seconds", "elapsed", "rtf", "text"}.

Usage: python3 bench/speech_client.py URL audio.wav [...]
Env:   RUNS (default 3), AIGATE_API_KEY (sent as a bearer token when set).
"""

import json
import os
import sys
import time
import urllib.request
import wave


def transcribe(url, body):
    request = urllib.request.Request(url + "/v1/speech/transcribe", data=body, method="POST",
                                     headers={"Content-Type": "audio/wav"})
    if os.environ.get("AIGATE_API_KEY"):
        request.add_header("Authorization", "Bearer " + os.environ["AIGATE_API_KEY"])
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)["results"]["transcripts"][0]["transcript"]


def main():
    url, runs = sys.argv[1].rstrip("/"), int(os.environ.get("RUNS", "3"))
    for path in sys.argv[2:]:
        with wave.open(path) as w:
            seconds = w.getnframes() / w.getframerate()
        body = open(path, "rb").read()
        times = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            text = transcribe(url, body)
            times.append(time.perf_counter() - started)
        elapsed = sum(times[1:]) / runs
        print(json.dumps({"engine": "aigate", "file": path, "seconds": round(seconds, 3),
                          "elapsed": round(elapsed, 3), "rtf": round(elapsed / seconds, 4), "text": text}))


if __name__ == "__main__":
    main()
