#!/usr/bin/env bash
# Sets up aigate on a fresh Debian machine: system packages, the ONNX Runtime library (from the
# PyPI onnxruntime wheel), a build, and the models. Idempotent: re-running skips what is done.
#
#   scripts/setup.sh                 # release build + models
#   scripts/setup.sh --profile dev   # the test build instead (what scripts/test.sh uses)
# Env: AIGATE_MODEL_MIRROR=DIR takes model files from a local mirror before downloading.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=release
if [[ "${1:-}" == "--profile" ]]; then profile="${2:?--profile needs dev or release}"; fi

ORT_VERSION=1.31.1
ORT_DIR=third_party/onnxruntime
ORT_LIB="$ORT_DIR/libonnxruntime.so.$ORT_VERSION"
ORT_SHA256=fc44112fbe06d7d689c57e11d3862031f64711007e4ee020f8eed5185fd2c1d3

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_system_packages() {
  local missing=()
  command -v python3 >/dev/null || missing+=(python3)
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)  # model converters
  command -v unzip >/dev/null || missing+=(unzip)
  command -v cc >/dev/null || missing+=(build-essential)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)  # speech: phonemes, test speech
  command -v flac >/dev/null || missing+=(flac)  # speech tests: FLAC input
  command -v lame >/dev/null || missing+=(lame)  # speech tests: MP3 input
  command -v oggenc >/dev/null || missing+=(vorbis-tools)  # speech tests: Ogg Vorbis input
  if ((${#missing[@]})); then
    log "installing system packages: ${missing[*]}"
    local sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust 1.95.0 (https://rustup.rs)"; exit 1; }
}

install_onnxruntime() {
  if [[ -f "$ORT_LIB" ]] && echo "$ORT_SHA256  $ORT_LIB" | sha256sum -c --quiet 2>/dev/null; then
    log "ONNX Runtime $ORT_VERSION already in $ORT_DIR"; return
  fi
  log "fetching ONNX Runtime $ORT_VERSION from the PyPI onnxruntime wheel"
  local tmp; tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 \
    --python-version 3.11 --dest "$tmp" "onnxruntime==$ORT_VERSION"
  mkdir -p "$ORT_DIR"
  unzip -o -j -q "$tmp"/onnxruntime-*.whl "onnxruntime/capi/libonnxruntime.so.$ORT_VERSION" \
    "onnxruntime/capi/libonnxruntime_providers_shared.so" -d "$tmp/lib"
  echo "$ORT_SHA256  $tmp/lib/libonnxruntime.so.$ORT_VERSION" | sha256sum -c --quiet
  mv "$tmp"/lib/* "$ORT_DIR/"
}

build() {
  log "building aigate ($profile)"
  if [[ $profile == release ]]; then cargo build --release --locked --workspace --bins; else cargo build --locked --workspace --bins; fi
}

fetch_models() {
  local bin=target/$([[ $profile == release ]] && echo release || echo debug)/aigate
  local mirror=()
  if [[ -n "${AIGATE_MODEL_MIRROR:-}" ]]; then mirror=(--mirror "$AIGATE_MODEL_MIRROR"); fi
  log "installing models into ${AIGATE__MODEL_DIR:-var/models}"
  "$bin" models fetch "${mirror[@]}"
}

install_system_packages
install_onnxruntime
build
fetch_models
log "ready: target/$([[ $profile == release ]] && echo release || echo debug)/aigate serve"
