#!/usr/bin/env bash
# Runs every check CI runs: setup for the test build (ONNX Runtime, models), rustfmt, clippy,
# then all tests (real models over HTTP). Env: AIGATE_MODEL_MIRROR=DIR as for setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --profile dev
echo "==> rustfmt"; cargo fmt --all --check
echo "==> clippy"; cargo clippy --locked --workspace --all-targets -- -D warnings
echo "==> tests"; cargo test --locked --workspace
