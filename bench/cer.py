"""Shared helpers for the OCR benchmarks (stdlib only).

CER ("ignoring whitespace"): join the lines, delete every whitespace character
on both sides, then Levenshtein distance (unit costs, Unicode code points)
divided by the length of the ground truth.  No other normalisation: full-width
CJK punctuation (U+FF0C, U+3002) must come back as such.
"""

import json
import os
import re
import statistics
import sys
import time

_WS = re.compile(r"\s+")

IMAGE_EXTS = (".png", ".jpg", ".jpeg")


def strip_ws(s):
    return _WS.sub("", s)


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(pred_lines, gt_lines):
    """Whitespace-insensitive character error rate of pred vs gt (lists of lines)."""
    p = strip_ws("".join(pred_lines))
    g = strip_ws("".join(gt_lines))
    if not g:
        return 0.0 if not p else 1.0
    return levenshtein(p, g) / len(g)


def gt_path(image_path):
    return os.path.splitext(image_path)[0] + ".json"


def load_gt(image_path):
    with open(gt_path(image_path), encoding="utf-8") as f:
        return json.load(f)


def is_cjk(text):
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def default_images(fixture_dir=None):
    if fixture_dir is None:
        here = os.path.dirname(os.path.abspath(__file__))
        fixture_dir = os.path.join(here, "..", "tests", "fixtures", "ocr")
    fixture_dir = os.path.normpath(fixture_dir)
    return [
        os.path.join(fixture_dir, f)
        for f in sorted(os.listdir(fixture_dir))
        if f.lower().endswith(IMAGE_EXTS) and os.path.exists(gt_path(os.path.join(fixture_dir, f)))
    ]


def emit(record):
    print(json.dumps(record, ensure_ascii=False), flush=True)


def time_runs(call, runs):
    """Calls `call` once to warm up, then `runs` times; returns (last result, ms per run)."""
    result = call()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - t0) * 1000.0)
    return result, times


def report(engine, path, lines, gt, times, args, version, print_text=False):
    """Emits one engine's JSON line for one image (and its text on stderr if asked)."""
    if print_text:
        print(f"--- {os.path.basename(path)}", file=sys.stderr)
        for s in lines:
            print("   " + s, file=sys.stderr)
    emit(
        {
            "engine": engine,
            "image": os.path.basename(path),
            "ms_per_page": round(statistics.mean(times), 1),
            "cer": round(cer(lines, gt["lines"]), 4),
            "ms_min": round(min(times), 1),
            "runs": args.runs,
            "threads": args.threads,
            "lines": len(lines),
            "version": version,
        }
    )
