#!/usr/bin/env python3
"""Python reference for the text-extraction benchmark: rapidocr 3.10.0.

Runs the `rapidocr` package (PP-OCRv6 small det + rec, ch_ppocr_mobile v2.0
cls; the three .onnx files shipped inside the wheel, nothing downloaded) with
its default pipeline settings on each image and prints one JSON line per image:

    {"engine": "rapidocr", "image": ..., "ms_per_page": ..., "cer": ..., ...}

ms_per_page is the mean wall time of `runs` calls after 1 warm-up call; each
call gets the encoded file bytes, so decoding is included (as for an HTTP
server).  onnxruntime intra-op threads = 2 (inter-op 1) for every model.

Setup:  python3 -m venv .venv-bench
        .venv-bench/bin/pip install rapidocr==3.10.0 onnxruntime==1.31.1
Usage:  .venv-bench/bin/python bench/ocr_reference.py [--runs 5] [--threads 2] [images...]
        (default images: tests/fixtures/ocr/*.png|jpg with a .json ground truth)
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import default_images, load_gt, report, time_runs  # noqa: E402


def build_engine(threads):
    import rapidocr
    from rapidocr import RapidOCR

    mdir = os.path.join(os.path.dirname(rapidocr.__file__), "models")
    params = {
        "Global.log_level": "warning",
        # Pin the packaged files so nothing is ever fetched from the network.
        "Det.model_path": os.path.join(mdir, "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": os.path.join(mdir, "PP-OCRv6_rec_small.onnx"),
        "Cls.model_path": os.path.join(mdir, "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return RapidOCR(params=params)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("images", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--print-text", action="store_true", help="also write recognised lines to stderr")
    args = ap.parse_args()
    images = args.images or default_images()

    import onnxruntime
    import rapidocr

    version = getattr(rapidocr, "__version__", "3.10.0")
    engine = build_engine(args.threads)

    for path in images:
        gt = load_gt(path)
        with open(path, "rb") as f:
            data = f.read()
        result, times = time_runs(lambda: engine(data), args.runs)
        lines = list(result.txts) if result.txts else []
        described = f"rapidocr {version}, onnxruntime {onnxruntime.__version__}, PP-OCRv6 small det/rec + cls v2"
        report("rapidocr", path, lines, gt, times, args, described, args.print_text)

if __name__ == "__main__":
    main()
