#!/usr/bin/env python3
"""Tesseract CLI reference for the text-extraction benchmark.

Runs `tesseract IMAGE stdout --psm 1 -l LANG` (psm 1 = automatic page
segmentation with orientation and script detection, so upside-down pages are
handled; needs tesseract-ocr-osd).  LANG is chi_sim when the ground truth
contains CJK characters, otherwise eng (override with --lang).  Prints one JSON
line per image:

    {"engine": "tesseract", "image": ..., "ms_per_page": ..., "cer": ..., ...}

ms_per_page is the mean wall time of `runs` full CLI invocations after 1
warm-up, so process start and traineddata loading are included in every run.
OMP_THREAD_LIMIT=2 (the Debian build uses OpenMP) to match the 2 intra-op
threads of the onnxruntime reference, and OMP_WAIT_POLICY=PASSIVE unless set:
with the default spin-waiting, 2 OpenMP threads on 2 busy cores made the A4
page take 2-24 s instead of ~0.8 s.

Setup:  apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd
Usage:  python3 bench/tesseract_reference.py [--runs 5] [--threads 2] [--psm 1] [images...]
"""

import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import default_images, is_cjk, load_gt, report, time_runs  # noqa: E402


def tesseract_version(exe):
    out = subprocess.run([exe, "--version"], capture_output=True, text=True)
    first = (out.stdout or out.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--psm", type=int, default=1)
    ap.add_argument("--lang", default=None, help="force a language (default: eng, or chi_sim for CJK ground truth)")
    ap.add_argument("--print-text", action="store_true", help="also write recognised lines to stderr")
    args = ap.parse_args()
    images = args.images or default_images()

    exe = shutil.which("tesseract")
    if not exe:
        sys.exit("tesseract not found (apt-get install tesseract-ocr)")
    env = dict(os.environ, OMP_THREAD_LIMIT=str(args.threads))
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    version = tesseract_version(exe)

    for path in images:
        gt = load_gt(path)
        lang = args.lang or ("chi_sim" if is_cjk("".join(gt["lines"])) else "eng")
        cmd = [exe, path, "stdout", "--psm", str(args.psm), "-l", lang]

        def run():
            p = subprocess.run(cmd, capture_output=True, env=env)
            if p.returncode != 0:
                sys.exit(f"tesseract failed on {path}: {p.stderr.decode(errors='replace')}")
            return p.stdout.decode("utf-8", errors="replace")

        text, times = time_runs(run, args.runs)
        lines = [s.strip() for s in text.replace("\f", "\n").splitlines() if s.strip()]
        report("tesseract", path, lines, gt, times, args, f"{version}, psm {args.psm}, lang {lang}", args.print_text)

if __name__ == "__main__":
    main()
