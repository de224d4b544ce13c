#!/usr/bin/env python3
"""Turn the JSON lines of the OCR benchmark into one markdown table per image.

Columns: engine, ms/page, CER, and python_ms/aigate_ms = that engine's ms/page
divided by aigate's ms/page on the same image (> 1 means aigate is faster).

Usage:  python3 bench/ocr_table.py results.jsonl [more.jsonl ...]   (or stdin)
"""

import fileinput
import json


def fmt(v, spec):
    return "n/a" if v is None else format(v, spec)


def main():
    recs = []
    for line in fileinput.input():
        line = line.strip()
        if line.startswith("{"):
            try:
                recs.append(json.loads(line))
            except ValueError:
                pass
    images = []
    for r in recs:
        if r["image"] not in images:
            images.append(r["image"])
    for img in images:
        rows = [r for r in recs if r["image"] == img]
        aigate = next((r for r in rows if r["engine"] == "aigate" and r.get("ms_per_page")), None)
        base = aigate["ms_per_page"] if aigate else None
        print(f"\n### {img}\n")
        print("| engine | ms/page | CER | python_ms/aigate_ms |")
        print("|---|---:|---:|---:|")
        for r in rows:
            ms = r.get("ms_per_page")
            if r["engine"] == "aigate":
                ratio = "1.00" if ms else "n/a"
            else:
                ratio = fmt(ms / base if (ms and base) else None, ".2f")
            note = f" ({r['error'][:60]})" if r.get("error") else ""
            print(f"| {r['engine']}{note} | {fmt(ms, '.1f')} | {fmt(r.get('cer'), '.4f')} | {ratio} |")


if __name__ == "__main__":
    main()
