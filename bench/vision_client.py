#!/usr/bin/env python3
"""aigate client for the vision benchmark (stdlib only).

For each operation (DetectLabels, DetectFaces) and image: POSTs the raw image bytes to
$URL/v1/vision/detect-labels or detect-faces with its image/* content type, 1 warm-up request,
then `runs` timed ones. Prints one JSON line per (operation, image), like vision_reference.py:

    {"engine": "aigate", "operation": ..., "image": ..., "seconds": ..., "found": N}

`seconds` is the mean client-side wall time of a request (HTTP, decode, model, JSON).

Usage:  python3 bench/vision_client.py [--url http://127.0.0.1:8080] [--runs 5] IMAGE...
Env:    AIGATE_API_KEY  sent as "Authorization: Bearer ..." when set.
"""

import argparse
import json
import os
import time
import urllib.request

OPERATIONS = {"DetectLabels": ("/v1/vision/detect-labels", "Labels"),
              "DetectFaces": ("/v1/vision/detect-faces", "FaceDetails")}
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def call(url, data, content_type):
    request = urllib.request.Request(url, data=data, method="POST")
    request.add_header("Content-Type", content_type)
    if os.environ.get("AIGATE_API_KEY"):
        request.add_header("Authorization", "Bearer " + os.environ["AIGATE_API_KEY"])
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("AIGATE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    for operation, (path, key) in OPERATIONS.items():
        for image in args.images:
            data = open(image, "rb").read()
            content_type = CONTENT_TYPES.get(os.path.splitext(image)[1].lower(), "application/octet-stream")
            body = call(args.url + path, data, content_type)  # warm-up
            started = time.perf_counter()
            for _ in range(args.runs):
                body = call(args.url + path, data, content_type)
            seconds = (time.perf_counter() - started) / args.runs
            found = body[key]
            if operation == "DetectLabels":
                found = sum(len(label["Instances"]) for label in found)
            else:
                found = len(found)
            print(json.dumps({"engine": "aigate", "operation": operation, "image": image,
                              "seconds": seconds, "found": found}), flush=True)


if __name__ == "__main__":
    main()
