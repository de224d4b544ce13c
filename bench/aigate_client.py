#!/usr/bin/env python3
"""aigate client for the text-extraction benchmark (stdlib only).

For each image: POST the raw file bytes to
    $URL/v1/text-extraction/detect-document-text
with Content-Type image/png or image/jpeg.  The response is Textract-style
DetectDocumentText JSON:

    {"DocumentMetadata": {"Pages": 1},
     "Blocks": [{"BlockType": "PAGE", ...},
                {"BlockType": "LINE", "Text": "...", "Confidence": ..., "Geometry": ...},
                {"BlockType": "WORD", "Text": "...", ...}, ...]}

The LINE texts, in the order the Blocks come back, are scored with the same
whitespace-insensitive CER as the references.  Prints one JSON line per image:

    {"engine": "aigate", "image": ..., "ms_per_page": ..., "cer": ..., ...}

ms_per_page is the mean client-side wall time of `runs` requests after 1
warm-up request (one new HTTP connection per request).

Usage:  python3 bench/aigate_client.py [--url http://127.0.0.1:8080] [--runs 5] [images...]
Env:    AIGATE_API_KEY  sent as "Authorization: Bearer ..." when set.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import cer, default_images, emit, load_gt  # noqa: E402

PATH = "/v1/text-extraction/detect-document-text"

CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def content_type(path):
    ext = os.path.splitext(path)[1].lower()
    return CONTENT_TYPES.get(ext, "application/octet-stream")


def detect(url, data, ctype, timeout, api_key=None):
    req = urllib.request.Request(url, data=data, method="POST")
    req.add_header("Content-Type", ctype)
    req.add_header("Accept", "application/json")
    if api_key:
        req.add_header("Authorization", "Bearer " + api_key)
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


def line_texts(doc):
    return [b.get("Text", "") for b in doc.get("Blocks", []) if b.get("BlockType") == "LINE"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="*")
    ap.add_argument("--url", default=os.environ.get("AIGATE_URL", "http://127.0.0.1:8080"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--print-text", action="store_true", help="also write returned LINE texts to stderr")
    args = ap.parse_args()
    images = args.images or default_images()
    url = args.url.rstrip("/") + PATH
    api_key = os.environ.get("AIGATE_API_KEY")

    failed = False
    for path in images:
        gt = load_gt(path)
        with open(path, "rb") as f:
            data = f.read()
        ctype = content_type(path)
        rec = {"engine": "aigate", "image": os.path.basename(path)}
        try:
            doc = detect(url, data, ctype, args.timeout, api_key)  # warm-up
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                doc = detect(url, data, ctype, args.timeout, api_key)
                times.append((time.perf_counter() - t0) * 1000.0)
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", errors="replace")[:500]
            rec.update(ms_per_page=None, cer=None, error=f"HTTP {e.code}: {body}")
            emit(rec)
            failed = True
            continue
        except (urllib.error.URLError, OSError, ValueError) as e:
            rec.update(ms_per_page=None, cer=None, error=f"{type(e).__name__}: {e}")
            emit(rec)
            failed = True
            continue
        lines = line_texts(doc)
        if args.print_text:
            print(f"--- {os.path.basename(path)}", file=sys.stderr)
            for s in lines:
                print("   " + s, file=sys.stderr)
        rec.update(
            ms_per_page=round(statistics.mean(times), 1),
            cer=round(cer(lines, gt["lines"]), 4),
            ms_min=round(min(times), 1),
            runs=args.runs,
            lines=len(lines),
            url=args.url,
        )
        emit(rec)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
