#!/usr/bin/env bash
# Text-extraction benchmark: rapidocr (Python) and tesseract references vs aigate.
#
# Usage: bench/ocr_bench.sh [AIGATE_BASE_URL] [image ...]
#   AIGATE_BASE_URL  default http://127.0.0.1:8080 (or $AIGATE_URL)
#   images           default: tests/fixtures/ocr/*.png|jpg with a .json ground truth
# Env:
#   RUNS=5            timed runs per image (after 1 warm-up)
#   THREADS=2         onnxruntime intra-op threads / OMP_THREAD_LIMIT for the references
#   PYTHON=...        interpreter with rapidocr==3.10.0 + onnxruntime==1.31.1
#                     (default .venv-bench/bin/python)
#   RESULTS=file      where the raw JSON lines go (default: a temp file, path printed)
#   AIGATE_API_KEY    optional bearer token for aigate
#
# Prints one markdown table per image: engine, ms/page, CER (whitespace-insensitive),
# python_ms/aigate_ms.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
URL="${1:-${AIGATE_URL:-http://127.0.0.1:8080}}"
[ $# -gt 0 ] && shift
IMAGES=("$@")
RUNS="${RUNS:-5}"
THREADS="${THREADS:-2}"
PY="${PYTHON:-$ROOT/.venv-bench/bin/python}"
[ -x "$PY" ] || PY=python3
RESULTS="${RESULTS:-$(mktemp -t ocr-bench.XXXXXX.jsonl)}"
: > "$RESULTS"

echo "# OCR benchmark  (aigate: $URL, runs: $RUNS, threads: $THREADS, $(nproc) cores, $(date -u +%FT%TZ))" >&2

echo "== rapidocr reference ($PY)" >&2
"$PY" "$ROOT/bench/ocr_reference.py" --runs "$RUNS" --threads "$THREADS" "${IMAGES[@]}" >> "$RESULTS" \
  || echo "warning: rapidocr reference failed (pip install rapidocr==3.10.0 onnxruntime==1.31.1)" >&2

echo "== tesseract reference" >&2
python3 "$ROOT/bench/tesseract_reference.py" --runs "$RUNS" --threads "$THREADS" "${IMAGES[@]}" >> "$RESULTS" \
  || echo "warning: tesseract reference failed" >&2

echo "== aigate" >&2
python3 "$ROOT/bench/aigate_client.py" --url "$URL" --runs "$RUNS" "${IMAGES[@]}" >> "$RESULTS" \
  || echo "warning: some aigate requests failed (see the table)" >&2

echo "raw results: $RESULTS" >&2
python3 "$ROOT/bench/ocr_table.py" "$RESULTS"
