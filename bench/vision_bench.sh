#!/usr/bin/env bash
# Vision benchmark: DetectLabels (YOLOX-Nano) and DetectFaces (YuNet), aigate against a Python
# onnxruntime + numpy + PIL pipeline with the same models and the same pre/post-processing
# (bench/vision_reference.py), on the same photos, in one run.
#
# Usage: bench/vision_bench.sh [AIGATE_BASE_URL] [image ...]
#   AIGATE_BASE_URL  default http://127.0.0.1:8080 (or $AIGATE_URL); start it with
#                    `target/release/aigate serve --only vision` (runtime.threads = THREADS)
#   images           default: var/test-images/* (scripts/fetch-test-images.sh)
# Env:
#   RUNS=10           timed runs per image (after 1 warm-up)
#   THREADS=2         onnxruntime intra-op threads for the reference
#   PYTHON=...        interpreter with onnxruntime==1.31.1 numpy pillow (default: a venv made in
#                     var/venv-vision-bench on first use)
#   MODELS=dir        model folder (default var/models/vision)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${1:-${AIGATE_URL:-http://127.0.0.1:8080}}"
[ $# -gt 0 ] && shift
IMAGES=("$@")
[ ${#IMAGES[@]} -gt 0 ] || IMAGES=("$ROOT"/var/test-images/*)
RUNS="${RUNS:-10}"
THREADS="${THREADS:-2}"
MODELS="${MODELS:-$ROOT/var/models/vision}"
if [ -z "${PYTHON:-}" ]; then
  VENV="$ROOT/var/venv-vision-bench"
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q onnxruntime==1.31.1 numpy==2.4.6 pillow==13.0.0
  fi
  PYTHON="$VENV/bin/python"
fi
RESULTS="$(mktemp -t vision-bench.XXXXXX.jsonl)"

echo "# vision benchmark (aigate: $URL, runs: $RUNS, threads: $THREADS, $(nproc) cores, $(date -u +%FT%TZ))" >&2
echo "== Python onnxruntime reference ($PYTHON)" >&2
"$PYTHON" "$ROOT/bench/vision_reference.py" --models "$MODELS" --runs "$RUNS" --threads "$THREADS" "${IMAGES[@]}" >> "$RESULTS"
echo "== aigate" >&2
python3 "$ROOT/bench/vision_client.py" --url "$URL" --runs "$RUNS" "${IMAGES[@]}" >> "$RESULTS"
echo "raw results: $RESULTS" >&2
python3 "$ROOT/bench/vision_table.py" "$RESULTS"
