#!/usr/bin/env bash
# Speech-to-text benchmark: aigate's Transcribe vs a Python onnxruntime pipeline running the same
# Whisper tiny.en ONNX models (bench/speech_reference.py) on the same audio.
#
# Usage: bench/speech_bench.sh [AIGATE_BASE_URL]
#   AIGATE_BASE_URL  default http://127.0.0.1:8080 (or $AIGATE_URL)
# Env:
#   ROUNDS=3          rounds; each times every clip once per engine (after a warm-up), the two
#                     engines taking turns so that both see the same machine load
#   THREADS=2         onnxruntime intra-op threads for the reference (run aigate with runtime.threads = 2)
#   PYTHON=...        interpreter with numpy, onnxruntime==1.31.1, tokenizers, soxr
#                     (default .venv-bench/bin/python)
#   MODELS=var/models/speech   the Whisper files (aigate models fetch --only speech)
#
# The clips are spoken by espeak-ng (16-bit WAV, 22,050 Hz): a 20-odd-second paragraph and a
# half-minute recording of sentences. Prints a markdown table: clip, seconds, engine,
# median elapsed, real-time factor (elapsed / audio length), word error rate vs the script, and
# the Python/aigate time ratio.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${1:-${AIGATE_URL:-http://127.0.0.1:8080}}"
PY="${PYTHON:-$ROOT/.venv-bench/bin/python}"
[ -x "$PY" ] || PY=python3
MODELS="${MODELS:-$ROOT/var/models/speech}"
ROUNDS="${ROUNDS:-3}"
export RUNS=1 THREADS="${THREADS:-2}"
WORK="$(mktemp -d -t speech-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

PARAGRAPH="The history of the city goes back more than a thousand years. It began as a small fishing village on the river, and slowly grew into a busy market town. Today it is home to universities, museums, and a large harbour that ships goods all over the world."
SENTENCES=(
  "The morning train to the city was full of people reading newspapers."
  "Please remember to lock the door when you leave the office tonight."
  "The children built a sandcastle near the edge of the sea."
  "Turn left at the traffic lights and follow the river road."
  "The pilot announced that the plane would land in twenty minutes."
  "Snow covered the mountains and the roads were very quiet."
  "He practices the piano for an hour before dinner each day."
  "Thank you for listening to this recording until the end."
)
espeak-ng -v en-us -s 150 -w "$WORK/paragraph.wav" "$PARAGRAPH"
echo "$PARAGRAPH" > "$WORK/paragraph.txt"
espeak-ng -v en-us -s 150 -w "$WORK/sentences.wav" "${SENTENCES[*]}"
echo "${SENTENCES[*]}" > "$WORK/sentences.txt"
# The mel filters the reference uses come from the openai-whisper sdist, like aigate's check.
FILTERS="$MODELS/mel_filters.npz"

echo "# speech-to-text benchmark (aigate: $URL, rounds: $ROUNDS, threads: $THREADS, $(nproc) cores, $(date -u +%FT%TZ))" >&2
for round in $(seq "$ROUNDS"); do
  echo "== round $round" >&2
  "$PY" "$ROOT/bench/speech_reference.py" "$MODELS" "$FILTERS" "$WORK/paragraph.wav" "$WORK/sentences.wav"
  python3 "$ROOT/bench/speech_client.py" "$URL" "$WORK/paragraph.wav" "$WORK/sentences.wav"
done > "$WORK/results.jsonl"

python3 - "$WORK" <<'PY'
import json, re, sys
work = sys.argv[1]
def words(t): return [w for w in re.sub(r"[^a-z0-9' ]", " ", t.lower()).split() if w]
def wer(ref, hyp):
    r, h = words(ref), words(hyp)
    prev = list(range(len(h) + 1))
    for i, rw in enumerate(r):
        cur = [i + 1] + [0] * len(h)
        for j, hw in enumerate(h):
            cur[j + 1] = min(prev[j] + (rw != hw), prev[j + 1] + 1, cur[j] + 1)
        prev = cur
    return prev[-1] / max(1, len(r))
import statistics
rows = {}
for line in open(f"{work}/results.jsonl"):
    r = json.loads(line)
    rows.setdefault((r["engine"], r["file"]), []).append(r)
def median(runs):
    r = dict(runs[0])
    r["elapsed"] = statistics.median(x["elapsed"] for x in runs)
    r["rtf"] = r["elapsed"] / r["seconds"]
    return r
rows = [median(runs) for runs in rows.values()]
print("| clip | audio s | engine | elapsed s | real-time factor | WER | python / aigate |")
print("|---|---|---|---|---|---|---|")
for clip in ("paragraph", "sentences"):
    found = {r["engine"]: r for r in rows if r["file"].endswith(clip + ".wav")}
    script = open(f"{work}/{clip}.txt").read()
    for engine in ("python-onnxruntime", "aigate"):
        r = found.get(engine)
        if not r:
            continue
        ratio = ""
        if engine == "aigate" and "python-onnxruntime" in found:
            ratio = f"{found['python-onnxruntime']['elapsed'] / r['elapsed']:.2f}x"
        print(f"| {clip} | {r['seconds']:.1f} | {engine} | {r['elapsed']:.2f} | {r['rtf']:.3f} | {wer(script, r['text']):.3f} | {ratio} |")
PY
