"""Converts alt-profanity-check 1.9.1 (TF-IDF + calibrated LinearSVC, MIT) to ONNX.

Run by `aigate models fetch` in a venv with the pinned requirements of the manifest entry:

    python profanity_check_to_onnx.py --model-id profanity-check --output OUT.onnx --work-dir DIR

The graph takes `text: string[N, 1]` and answers `label: int64[N]` and
`probabilities: float[N, 2]` (column 1 is profane). Two traps, handled here:
- skl2onnx's StringNormalizer defaults to the en_US locale, which fails to load where that
  locale is not installed: the node is given `locale = "C"` (ASCII lower-casing, as sklearn's
  `lowercase=True` does for the words that matter).
- Outputs must be reproducible: producer fields are fixed and the graph is built from pinned
  package versions, so the file's sha256 is the same on every run.
"""

import argparse
import glob
import os
import subprocess
import sys
import zipfile

PACKAGE = "alt-profanity-check==1.9.1"


def download(work_dir):
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation", PACKAGE, "-d", work_dir],
        check=True,
    )
    wheel = glob.glob(os.path.join(work_dir, "alt_profanity_check-1.9.1-*.whl"))[0]
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(os.path.join(work_dir, "wheel"))
    return os.path.join(work_dir, "wheel", "profanity_check", "data")


def convert(data_dir):
    import joblib
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.pipeline import Pipeline
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import StringTensorType

    vectorizer = joblib.load(os.path.join(data_dir, "vectorizer.joblib"))
    model = joblib.load(os.path.join(data_dir, "model.joblib"))
    pipeline = Pipeline([("tfidf", vectorizer), ("svm", model)])
    onnx_model = to_onnx(
        pipeline,
        initial_types=[("text", StringTensorType([None, 1]))],
        options={CalibratedClassifierCV: {"zipmap": False}},
        target_opset={"": 17, "ai.onnx.ml": 3},
    )
    for node in onnx_model.graph.node:
        if node.op_type == "StringNormalizer":
            for attribute in node.attribute:
                if attribute.name == "locale":
                    attribute.s = b"C"
            if not any(a.name == "locale" for a in node.attribute):
                import onnx

                node.attribute.append(onnx.helper.make_attribute("locale", "C"))
    onnx_model.producer_name = "aigate profanity_check_to_onnx"
    onnx_model.producer_version = "1"
    onnx_model.doc_string = "alt-profanity-check 1.9.1: TF-IDF + calibrated LinearSVC (MIT)"
    return onnx_model, vectorizer, model


def check(onnx_path, vectorizer, model):
    """The ONNX graph must agree with sklearn on a few sentences."""
    import numpy as np
    import onnxruntime

    texts = ["have a wonderful day", "you are a stupid idiot", "what the fuck is this shit", "the meeting is at noon"]
    expected = model.predict_proba(vectorizer.transform(texts))[:, 1]
    session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    got = session.run(None, {"text": np.array(texts, dtype=object).reshape(-1, 1)})[1][:, 1]
    if not np.allclose(expected, got, atol=1e-4):
        sys.exit(f"ONNX disagrees with sklearn: {got} vs {expected}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-id", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    if args.model_id != "profanity-check":
        sys.exit(f"unknown model id {args.model_id}")
    onnx_model, vectorizer, model = convert(download(args.work_dir))
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(onnx_model.SerializeToString(deterministic=True))
    check(tmp, vectorizer, model)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
