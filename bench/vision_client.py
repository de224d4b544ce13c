#!/usr/bin/env python3
"""aigate client for the vision benchmark (stdlib only).

For each operation (DetectLabels, DetectFaces) and image: POSTs the raw image bytes to
$URL/v1/vision/detect-labels or detect-faces with its image/* content type, 1 warm-up request,
then `runs` timed ones. Prints one JSON line per (operation, image), like vision_reference.py:

    {"engine": "aigate", "operation": ..., "image": ..., "seconds": ..., "found": N}

`seconds` is the mean client-side wall time of a request (HTTP, decode, model, JSON) over one
kept-alive connection, so connection set-up is not counted.

Usage:  python3 bench/vision_client.py [--url http://127.0.0.1:8080] [--runs 5] IMAGE...
Env:    AIGATE_API_KEY  sent as "Authorization: Bearer ..." when set.
"""

import argparse
import http.client
import json
import os
import time
import urllib.parse

OPERATIONS = {"DetectLabels": ("/v1/vision/detect-labels", "Labels"),
              "DetectFaces": ("/v1/vision/detect-faces", "FaceDetails")}
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def call(connection, path, data, content_type):
    headers = {"Content-Type": content_type}
    if os.environ.get("AIGATE_API_KEY"):
        headers["Authorization"] = "Bearer " + os.environ["AIGATE_API_KEY"]
    connection.request("POST", path, body=data, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return json.loads(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=os.environ.get("AIGATE_URL", "http://127.0.0.1:8080"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("images", nargs="+")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=300)
    for operation, (path, key) in OPERATIONS.items():
        for image in args.images:
            data = open(image, "rb").read()
            content_type = CONTENT_TYPES.get(os.path.splitext(image)[1].lower(), "application/octet-stream")
            body = call(connection, path, data, content_type)  # warm-up
            started = time.perf_counter()
            for _ in range(args.runs):
                body = call(connection, path, data, content_type)
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
