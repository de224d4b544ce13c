#!/usr/bin/env python3
"""aigate side of the embedding benchmark: `POST /v1/comprehension/embed` with one sentence per
request (bench/entities/sentences.txt), over HTTP with keep-alive connections.

Modes (embeddings per second):
  sequential   one request at a time
  concurrent32 32 client threads, each with its own connection, sending requests back to back
               (the server batches them: `embed_max_batch`, `embed_max_delay_ms`)

The client runs on the same machine and takes CPU from the server; with 2 cores the numbers
are a lower bound for aigate.

Usage: python3 bench/embed_client.py [--url http://127.0.0.1:8080] [--seconds 10]
"""

import argparse
import http.client
import json
import os
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = "/v1/comprehension/embed"


def client(url):
    parsed = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(parsed.hostname, parsed.port or 80, timeout=120)


def embed(connection, text):
    headers = {"Content-Type": "application/json"}
    if os.environ.get("AIGATE_API_KEY"):
        headers["Authorization"] = "Bearer " + os.environ["AIGATE_API_KEY"]
    connection.request("POST", PATH, json.dumps({"TextList": [text]}), headers)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{response.status}: {body[:200]!r}")
    return len(json.loads(body)["Embeddings"])


def run(url, sentences, threads, seconds):
    counts = [0] * threads
    stop = time.perf_counter() + seconds

    def worker(k):
        connection = client(url)
        i = k
        while time.perf_counter() < stop:
            counts[k] += embed(connection, sentences[i % len(sentences)])
            i += threads

    start = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sum(counts) / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with open(os.path.join(HERE, "entities", "sentences.txt")) as f:
        sentences = [line.strip() for line in f if line.strip()]
    embed(client(args.url), "warm-up")
    results = {"sequential": run(args.url, sentences, 1, args.seconds),
               "concurrent32": run(args.url, sentences, 32, args.seconds)}
    print(json.dumps({"engine": "aigate", **{k: round(v, 1) for k, v in results.items()}}))


if __name__ == "__main__":
    main()
