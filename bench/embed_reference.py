#!/usr/bin/env python3
"""Python reference for the embedding benchmark: onnxruntime + tokenizers, the same int8
all-MiniLM-L6-v2 file and tokenizer.json aigate serves (var/models/comprehension), the same
settings (truncation at 256 tokens, padding to the longest text in a batch, mask-weighted mean
pooling, L2 normalisation), 2 intra-op threads.

Modes (embeddings per second, over the sentences of bench/entities/sentences.txt):
  sequential   one sentence per session.run, one after the other
  threads32    32 threads, each running one sentence per session.run (what a simple Python
               server does with 32 concurrent requests; onnxruntime releases the GIL)
  batch32      the sentences 32 at a time per session.run (offline batching, no server)

Usage: python3 bench/embed_reference.py [--models var/models/comprehension] [--seconds 10]
"""

import argparse
import concurrent.futures
import json
import os
import time

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))


def load(models):
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(os.path.join(models, "minilm_l6_v2_int8.onnx"), options,
                                           providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(os.path.join(models, "minilm_tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    return session, tokenizer


def embed(session, tokenizer, texts):
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    types = np.array([e.type_ids for e in encodings], dtype=np.int64)
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
    m = mask[:, :, None].astype(np.float32)
    pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def rate(seconds, step):
    """Runs `step` (which returns how many texts it embedded) for `seconds`; texts per second."""
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += step()
    return done / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", default="var/models/comprehension")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with open(os.path.join(HERE, "entities", "sentences.txt")) as f:
        sentences = [line.strip() for line in f if line.strip()]
    session, tokenizer = load(args.models)
    embed(session, tokenizer, sentences[:4])  # warm-up
    cursor = [0]

    def next_texts(n):
        start = cursor[0]
        cursor[0] = (start + n) % len(sentences)
        return [sentences[(start + k) % len(sentences)] for k in range(n)]

    results = {"sequential": rate(args.seconds, lambda: len(embed(session, tokenizer, next_texts(1))))}
    with concurrent.futures.ThreadPoolExecutor(32) as pool:
        def wave():
            jobs = [pool.submit(embed, session, tokenizer, [t]) for t in next_texts(32)]
            return sum(len(j.result()) for j in jobs)
        results["threads32"] = rate(args.seconds, wave)
    results["batch32"] = rate(args.seconds, lambda: len(embed(session, tokenizer, next_texts(32))))
    print(json.dumps({"engine": "python-onnxruntime", **{k: round(v, 1) for k, v in results.items()}}))


if __name__ == "__main__":
    main()
