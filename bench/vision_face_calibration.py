#!/usr/bin/env python3
"""Measures MobileFaceNet cosines on real pairs, to calibrate CompareFaces' Similarity.

    vision_face_calibration.py --models var/models/vision var/test-images

Different people: every pair of the 29 faces of the 1927 Solvay photo (406 pairs).
Same person: each Solvay face and the astronaut's face against themselves after a change of the
photo (shifted and rescaled crop, half-size copy, JPEG quality 30, darker, mirrored) - the only
same-person pairs the registry packages ship. Faces come from the reference YuNet pipeline
(vision_reference.py), alignment is the ArcFace 5-point similarity transform, as in aigate.
"""
import argparse
import io
import itertools
import json

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

from vision_reference import Yunet, session

TEMPLATE = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                     [41.5493, 92.3655], [70.7299, 92.2041]], np.float32)


def similarity_transform(src, dst):
    """Least-squares rotation + uniform scale + translation taking src points onto dst."""
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    s, d = src - src_mean, dst - dst_mean
    a = (s * d).sum()
    b = (s[:, 0] * d[:, 1] - s[:, 1] * d[:, 0]).sum()
    norm = (s ** 2).sum()
    c, si = a / norm, b / norm
    m = np.array([[c, -si], [si, c]], np.float32)
    t = dst_mean - m @ src_mean
    return m, t


def align(image, landmarks):
    m, t = similarity_transform(np.array(landmarks, np.float32).reshape(5, 2), TEMPLATE)
    inv = np.linalg.inv(m)
    inv_t = -inv @ t
    data = (inv[0, 0], inv[0, 1], inv_t[0], inv[1, 0], inv[1, 1], inv_t[1])
    return image.transform((112, 112), Image.AFFINE, data, resample=Image.BILINEAR)


class Embedder:
    def __init__(self, path):
        self.session = session(path, 2)

    def __call__(self, face):
        x = (np.asarray(face, np.float32) - 127.0) / 128.0
        out = self.session.run(None, {"input": x.transpose(2, 0, 1)[None]})[0][0]
        return out / np.linalg.norm(out)


def face_at(detector, image, point):
    """The detected face whose centre is nearest `point` (the same person after a change)."""
    faces = detector(image)
    centre = lambda f: ((f[1][0] + f[1][2]) / 2, (f[1][1] + f[1][3]) / 2)
    distance = lambda f: (centre(f)[0] - point[0]) ** 2 + (centre(f)[1] - point[1]) ** 2
    return min(faces, key=distance) if faces else None


def variants(image):
    """(change, changed image, where a point of `image` lands in it)."""
    w, h = image.size
    left, top, s = w // 10, h // 12, 1.5
    shifted = image.crop((left, top, w, h))
    yield ("shifted crop x1.5", shifted.resize((int(shifted.width * s), int(shifted.height * s))),
           lambda p: ((p[0] - left) * s, (p[1] - top) * s))
    yield "half size", image.resize((w // 2, h // 2)), lambda p: (p[0] / 2, p[1] / 2)
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=30)
    yield "jpeg q30", Image.open(io.BytesIO(buf.getvalue())).convert("RGB"), lambda p: p
    yield "darker", ImageEnhance.Brightness(image).enhance(0.6), lambda p: p
    yield "mirrored", ImageOps.mirror(image), lambda p: (w - p[0], p[1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", required=True)
    parser.add_argument("images")
    args = parser.parse_args()
    detector = Yunet(f"{args.models}/yunet_n_dynamic.onnx", 2)
    embed = Embedder(f"{args.models}/mobilefacenet.onnx")

    solvay = Image.open(f"{args.images}/solvay_conference_1927.jpg").convert("RGB")
    faces = detector(solvay)
    vectors = [embed(align(solvay, f[2])) for f in faces]
    different = [float(a @ b) for a, b in itertools.combinations(vectors, 2)]

    same = []
    crops = [solvay.crop((int(f[1][0]) - 60, int(f[1][1]) - 60, int(f[1][2]) + 60, int(f[1][3]) + 60)) for f in faces]
    crops.append(Image.open(f"{args.images}/astronaut.png").convert("RGB"))
    for crop in crops:
        crop = crop.resize((crop.width * 2, crop.height * 2)) if crop.width < 300 else crop
        base = face_at(detector, crop, (crop.width / 2, crop.height / 2))
        if base is None:
            continue
        reference = embed(align(crop, base[2]))
        centre = ((base[1][0] + base[1][2]) / 2, (base[1][1] + base[1][3]) / 2)
        for name, changed, move in variants(crop):
            face = face_at(detector, changed, move(centre))
            if face is not None:
                same.append((name, float(reference @ embed(align(changed, face[2])))))

    q = lambda xs, p: float(np.percentile(xs, p))
    print(json.dumps({
        "different_people": {"pairs": len(different), "max": max(different), "p99": q(different, 99),
                             "p50": q(different, 50), "min": min(different)},
        "same_person": {"pairs": len(same), "min": min(c for _, c in same), "p1": q([c for _, c in same], 1),
                        "p50": q([c for _, c in same], 50),
                        "min_by_change": {n: min(c for m, c in same if m == n) for n, _ in same}},
    }, indent=1))


if __name__ == "__main__":
    main()
