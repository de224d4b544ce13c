#!/usr/bin/env bash
# Fetches the vision tests' photographs from the registry packages that ship them, into
# var/test-images/ (gitignored). Idempotent: files already there with the right sha256 are kept.
#   astronaut.png, coffee.png, chelsea.png   scikit-image 0.24.0 wheel (skimage/data/)
#   solvay_conference_1927.jpg               scrfd 0.3.0 sdist (images/), the 1927 Solvay photo
set -euo pipefail
cd "$(dirname "$0")/.."

DEST=var/test-images
declare -A SHA256=(
  [astronaut.png]=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
  [coffee.png]=cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7
  [chelsea.png]=596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb
  [solvay_conference_1927.jpg]=ae76a5be54f53cca50074a0d1ac8653187154d264fc58ed928e1b92c27e17e2a
)

present() { [[ -f "$DEST/$1" ]] && echo "${SHA256[$1]}  $DEST/$1" | sha256sum -c --quiet 2>/dev/null; }

missing=0
for name in "${!SHA256[@]}"; do present "$name" || missing=1; done
if ((missing == 0)); then echo "==> test images already in $DEST"; exit 0; fi

echo "==> fetching the vision test images into $DEST"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$DEST"
python3 -m pip download -q --no-deps --only-binary=:all: --platform manylinux_2_17_x86_64 \
  --python-version 3.11 --dest "$tmp" scikit-image==0.24.0
python3 -m pip download -q --no-deps --no-binary :all: --dest "$tmp" scrfd==0.3.0
unzip -o -j -q "$tmp"/scikit_image-0.24.0-*.whl skimage/data/astronaut.png skimage/data/coffee.png \
  skimage/data/chelsea.png -d "$tmp/out"
tar -xzf "$tmp/scrfd-0.3.0.tar.gz" -C "$tmp" scrfd-0.3.0/images/solvay_conference_1927.jpg
mv "$tmp/scrfd-0.3.0/images/solvay_conference_1927.jpg" "$tmp/out/"
for name in "${!SHA256[@]}"; do
  echo "${SHA256[$name]}  $tmp/out/$name" | sha256sum -c --quiet
  mv "$tmp/out/$name" "$DEST/$name"
done
