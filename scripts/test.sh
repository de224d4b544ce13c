#!/usr/bin/env bash
# Runs every check CI runs: setup for the test build (ONNX Runtime, models), rustfmt, clippy,
# then all tests (real models over HTTP). Env: AIGATE_MODEL_MIRROR=DIR as for setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --profile dev
scripts/fetch-test-images.sh
# The vision tests switch face comparison on; its model (unknown license) is fetched only when asked.
target/debug/aigate models fetch --only vision --include-opt-in ${AIGATE_MODEL_MIRROR:+--mirror "$AIGATE_MODEL_MIRROR"}
echo "==> rustfmt"; cargo fmt --all --check
echo "==> clippy"; cargo clippy --locked --workspace --all-targets -- -D warnings
echo "==> tests"
log=$(mktemp); trap 'rm -f "$log"' EXIT
status=0
cargo test --locked --workspace --all-targets 2>&1 | tee "$log" || status=$?
# One closing line over every test binary (cargo prints one summary per binary).
awk '/^test result:/ { p += $4; f += $6; i += $8 } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, i }' "$log"
exit "$status"
