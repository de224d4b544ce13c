#!/usr/bin/env python3
"""aigate client for the synthesis benchmark (stdlib only): POSTs each text to
$URL/v1/speech/synthesize-speech (VoiceId Joe, OutputFormat wav, SampleRate 22050, the voice's
own rate, so nothing is resampled) RUNS times after one warm-up and prints one JSON line per text:
{"engine": "aigate", "text_id", "seconds", "elapsed", "rtf"}.

Usage: python3 bench/tts_client.py URL TEXT_FILE [...]
Env:   RUNS (default 3), AIGATE_API_KEY (sent as a bearer token when set).
"""

import io
import json
import os
import sys
import time
import urllib.request
import wave


def synthesize(url, text):
    body = json.dumps({"Text": text, "VoiceId": "Joe", "OutputFormat": "wav", "SampleRate": "22050"}).encode()
    request = urllib.request.Request(url + "/v1/speech/synthesize-speech", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    if os.environ.get("AIGATE_API_KEY"):
        request.add_header("Authorization", "Bearer " + os.environ["AIGATE_API_KEY"])
    with urllib.request.urlopen(request, timeout=600) as response:
        return response.read()


def main():
    url, runs = sys.argv[1].rstrip("/"), int(os.environ.get("RUNS", "3"))
    for path in sys.argv[2:]:
        text = open(path).read()
        times, seconds = [], 0.0
        for _ in range(runs + 1):
            started = time.perf_counter()
            audio = synthesize(url, text)
            times.append(time.perf_counter() - started)
            with wave.open(io.BytesIO(audio)) as w:
                seconds = w.getnframes() / w.getframerate()
        elapsed = sum(times[1:]) / runs
        print(json.dumps({"engine": "aigate", "text_id": os.path.basename(path), "seconds": round(seconds, 3),
                          "elapsed": round(elapsed, 3), "rtf": round(elapsed / seconds, 4)}))


if __name__ == "__main__":
    main()
