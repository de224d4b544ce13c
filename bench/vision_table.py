#!/usr/bin/env python3
"""Markdown table of a vision benchmark's JSON lines: images/s of aigate and of the Python
onnxruntime reference per operation and image, and their ratio (aigate / Python)."""
import json
import os
import sys

rows = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith("{"):
        record = json.loads(line)
        rows.setdefault((record["operation"], os.path.basename(record["image"])), {})[record["engine"]] = record

print("| operation | image | Python onnxruntime (img/s) | aigate (img/s) | aigate / Python | found (Python / aigate) |")
print("|---|---|---:|---:|---:|---|")
for (operation, image), engines in rows.items():
    python, aigate = engines.get("python-onnxruntime"), engines.get("aigate")
    rate = lambda r: 1.0 / r["seconds"] if r else float("nan")
    ratio = rate(aigate) / rate(python) if python and aigate else float("nan")
    found = f"{python['found'] if python else '-'} / {aigate['found'] if aigate else '-'}"
    print(f"| {operation} | {image} | {rate(python):.1f} | {rate(aigate):.1f} | {ratio:.2f}x | {found} |")
