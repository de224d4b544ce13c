#!/usr/bin/env bash
# Text-to-speech benchmark: aigate's SynthesizeSpeech (Piper voice Joe) vs a piper-style Python
# pipeline (bench/tts_reference.py: onnxruntime + espeak-ng) on the same model and the same texts.
#
# Usage: bench/tts_bench.sh [AIGATE_BASE_URL]
#   AIGATE_BASE_URL  default http://127.0.0.1:8080 (or $AIGATE_URL)
# Env:
#   RUNS=3            timed runs per text (after 1 warm-up)
#   THREADS=2         onnxruntime intra-op threads for the reference (run aigate with runtime.threads = 2)
#   PYTHON=...        interpreter with numpy and onnxruntime==1.31.1 (default .venv-bench/bin/python)
#   MODELS=var/models/speech   the Piper files (aigate models fetch --only speech)
#
# Prints a markdown table: text, audio seconds, engine, mean elapsed, real-time factor (elapsed /
# audio length) and the Python/aigate time ratio.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${1:-${AIGATE_URL:-http://127.0.0.1:8080}}"
PY="${PYTHON:-$ROOT/.venv-bench/bin/python}"
[ -x "$PY" ] || PY=python3
MODELS="${MODELS:-$ROOT/var/models/speech}"
export RUNS="${RUNS:-3}" THREADS="${THREADS:-2}"
WORK="$(mktemp -d -t tts-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

echo "Good morning. Your table for two is ready." > "$WORK/short.txt"
echo "The history of the city goes back more than a thousand years. It began as a small fishing village on the river, and slowly grew into a busy market town. Today it is home to universities, museums, and a large harbour that ships goods all over the world. Visitors come every summer to walk along the old walls and taste the local food." > "$WORK/paragraph.txt"

echo "# text-to-speech benchmark (aigate: $URL, runs: $RUNS, threads: $THREADS, $(nproc) cores, $(date -u +%FT%TZ))" >&2
{
  "$PY" "$ROOT/bench/tts_reference.py" "$MODELS/en_US-joe-medium-durations.onnx" "$MODELS/en_US-joe-medium.onnx.json" \
    "$WORK/short.txt" "$WORK/paragraph.txt"
  python3 "$ROOT/bench/tts_client.py" "$URL" "$WORK/short.txt" "$WORK/paragraph.txt"
} > "$WORK/results.jsonl"

python3 - "$WORK" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(f"{sys.argv[1]}/results.jsonl")]
print("| text | audio s | engine | elapsed s | real-time factor | python / aigate |")
print("|---|---|---|---|---|---|")
for text in ("short.txt", "paragraph.txt"):
    found = {r["engine"]: r for r in rows if r["text_id"] == text}
    for engine in ("python-onnxruntime", "aigate"):
        r = found.get(engine)
        if not r:
            continue
        ratio = ""
        if engine == "aigate" and "python-onnxruntime" in found:
            ratio = f"{found['python-onnxruntime']['elapsed'] / r['elapsed']:.2f}x"
        print(f"| {text[:-4]} | {r['seconds']:.1f} | {engine} | {r['elapsed']:.2f} | {r['rtf']:.3f} | {ratio} |")
PY
