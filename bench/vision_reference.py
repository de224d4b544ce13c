#!/usr/bin/env python3
"""Vision reference pipeline: the same models and the same pre/post-processing as aigate's
DetectLabels (YOLOX-Nano) and DetectFaces (YuNet), in Python with onnxruntime + numpy + PIL.

    vision_reference.py --models var/models/vision [--runs 5] [--threads 2] IMAGE...

Prints one JSON line per (operation, image): detections and the mean seconds per image over the
timed runs (decode + pre-processing + model + post-processing, like one aigate request).
"""
import argparse
import io
import json
import time

import numpy as np
import onnxruntime as ort
from PIL import Image

YOLOX_SIZE = 416
YOLOX_STRIDES = (8, 16, 32)
LABEL_MIN_SCORE = 0.55  # DetectLabels' default MinConfidence
FACE_MIN_SCORE = 0.6
NMS_IOU = 0.45
FACE_NMS_IOU = 0.3
FACE_MAX_SIDE = 1280


def session(path, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def iou(box, boxes):
    x1 = np.maximum(box[0], boxes[:, 0])
    y1 = np.maximum(box[1], boxes[:, 1])
    x2 = np.minimum(box[2], boxes[:, 2])
    y2 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area = lambda b: (b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1])
    return inter / np.maximum(area(box) + area(boxes) - inter, 1e-9)


def nms(boxes, scores, threshold):
    order = np.argsort(-scores)
    keep = []
    while order.size:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        order = rest[iou(boxes[i], boxes[rest]) <= threshold]
    return keep


def decode_image(data):
    return Image.open(io.BytesIO(data)).convert("RGB")


class Yolox:
    def __init__(self, path, names, threads):
        self.session = session(path, threads)
        self.names = names
        grids, strides = [], []
        for stride in YOLOX_STRIDES:
            n = YOLOX_SIZE // stride
            ys, xs = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
            grids.append(np.stack([xs, ys], -1).reshape(-1, 2))
            strides.append(np.full((n * n, 1), stride))
        self.grid = np.concatenate(grids).astype(np.float32)
        self.strides = np.concatenate(strides).astype(np.float32)

    def __call__(self, image):
        w, h = image.size
        ratio = min(YOLOX_SIZE / w, YOLOX_SIZE / h)
        resized = image.resize((max(1, round(w * ratio)), max(1, round(h * ratio))), Image.BILINEAR)
        canvas = np.full((YOLOX_SIZE, YOLOX_SIZE, 3), 114, np.float32)
        array = np.asarray(resized, np.float32)[:, :, ::-1]
        canvas[: array.shape[0], : array.shape[1]] = array
        tensor = canvas.transpose(2, 0, 1)[None]
        out = self.session.run(None, {"images": np.ascontiguousarray(tensor)})[0][0]
        centres = (out[:, :2] + self.grid) * self.strides
        sizes = np.exp(out[:, 2:4]) * self.strides
        boxes = np.concatenate([centres - sizes / 2, centres + sizes / 2], 1) / ratio
        scores = out[:, 4:5] * out[:, 5:]
        classes = scores.argmax(1)
        best = scores[np.arange(len(scores)), classes]
        found = []
        for c in np.unique(classes[best >= LABEL_MIN_SCORE]):
            idx = np.where((classes == c) & (best >= LABEL_MIN_SCORE))[0]
            for k in nms(boxes[idx], best[idx], NMS_IOU):
                found.append((self.names[c], float(best[idx[k]]), boxes[idx[k]].tolist()))
        return sorted(found, key=lambda d: -d[1])


class Yunet:
    def __init__(self, path, threads):
        self.session = session(path, threads)

    def __call__(self, image):
        w, h = image.size
        scale = min(1.0, FACE_MAX_SIDE / max(w, h))
        if scale < 1.0:
            image = image.resize((round(w * scale), round(h * scale)), Image.BILINEAR)
        rw, rh = image.size
        pw, ph = -(-rw // 32) * 32, -(-rh // 32) * 32
        canvas = np.zeros((ph, pw, 3), np.float32)
        canvas[:rh, :rw] = np.asarray(image, np.float32)[:, :, ::-1]
        tensor = np.ascontiguousarray(canvas.transpose(2, 0, 1)[None])
        outs = dict(zip([o.name for o in self.session.get_outputs()], self.session.run(None, {"input": tensor})))
        all_boxes, all_scores, all_kps = [], [], []
        for stride in (8, 16, 32):
            cols, rows = pw // stride, ph // stride
            ys, xs = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
            cells = np.stack([xs, ys], -1).reshape(-1, 2).astype(np.float32)
            cls = outs[f"cls_{stride}"][0, :, 0]
            obj = outs[f"obj_{stride}"][0, :, 0]
            score = np.sqrt(np.clip(cls, 0, 1) * np.clip(obj, 0, 1))
            bbox = outs[f"bbox_{stride}"][0]
            kps = outs[f"kps_{stride}"][0]
            centre = (cells + bbox[:, :2]) * stride
            size = np.exp(bbox[:, 2:4]) * stride
            all_boxes.append(np.concatenate([centre - size / 2, centre + size / 2], 1))
            all_kps.append(((kps.reshape(-1, 5, 2) + cells[:, None]) * stride).reshape(-1, 10))
            all_scores.append(score)
        boxes = np.concatenate(all_boxes) / scale
        kps = np.concatenate(all_kps) / scale
        scores = np.concatenate(all_scores)
        idx = np.where(scores >= FACE_MIN_SCORE)[0]
        keep = [idx[k] for k in nms(boxes[idx], scores[idx], FACE_NMS_IOU)]
        return [(float(scores[k]), boxes[k].tolist(), kps[k].tolist()) for k in keep]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    names = open(f"{args.models}/coco.names").read().split("\n")
    yolox = Yolox(f"{args.models}/yolox_nano.onnx", [n for n in names if n], args.threads)
    yunet = Yunet(f"{args.models}/yunet_n_dynamic.onnx", args.threads)
    for operation, model in (("DetectLabels", yolox), ("DetectFaces", yunet)):
        for path in args.images:
            data = open(path, "rb").read()
            result = model(decode_image(data))  # warm-up
            started = time.perf_counter()
            for _ in range(args.runs):
                result = model(decode_image(data))
            seconds = (time.perf_counter() - started) / args.runs
            print(json.dumps({"engine": "python-onnxruntime", "operation": operation, "image": path,
                              "seconds": seconds, "found": len(result),
                              "detections": result if operation == "DetectLabels" else [r[:2] for r in result]}))


if __name__ == "__main__":
    main()
