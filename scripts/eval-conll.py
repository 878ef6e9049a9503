#!/usr/bin/env python3
"""Precision and recall of entigraph's mentions against CoNLL-2003-style gold annotations.

Usage:
    python3 scripts/eval-conll.py DATA_DIR [--bin target/release/entigraph] [--errors N] [-- EXTRA ARGS]

DATA_DIR holds `valid.docs.jsonl` ({"id","text"} per line) and `valid.gold.jsonl`
(doc_id, type PER/LOC/ORG/MISC, byte_start, byte_end). A mention counts as correct when a gold
mention has exactly the same byte span and the matching label:

    person  -> PER      country name/abbreviation -> LOC      demonym -> MISC      agency -> ORG

Country recall is measured on the gold LOC mentions whose text is a country name or abbreviation
in entigraph's own gazetteer (the others are cities and regions, which entigraph does not look
for); person recall on all PER mentions. EXTRA ARGS go to `entigraph extract` (e.g. --no-discover).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.lower().replace("\u2019", "'").split())


def country_names(binary):
    """Normalised name/abbreviation aliases of country entities, from the built-in TSV files."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "gazetteers", "countries.tsv")
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            names.add(norm(cells[2]))
            for a in filter(None, cells[3].split("|")):
                form, _, text = a.partition("=")
                if not text:
                    form, text = "name", form
                if form in ("name", "abbreviation"):
                    names.add(norm(text))
    return names


def label_of(m):
    t = m.get("type")
    if t == "person":
        return "PER"
    if t == "country":
        return "MISC" if m.get("form") == "demonym" else (None if m.get("form") == "capital" else "LOC")
    if t == "agency":
        return "ORG"
    return None


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--bin", default="target/release/entigraph")
    ap.add_argument("--errors", type=int, default=0, help="print N false positives and misses per class")
    args = ap.parse_args(argv)
    docs = os.path.join(args.data, "valid.docs.jsonl")
    gold_path = os.path.join(args.data, "valid.gold.jsonl")
    texts = {}
    with open(docs, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts[d["id"]] = d["text"]
    gold = collections.defaultdict(dict)  # doc -> (start,end) -> type
    with open(gold_path, encoding="utf-8") as f:
        for line in f:
            g = json.loads(line)
            gold[g["doc_id"]][(g["byte_start"], g["byte_end"])] = g["type"]
    out = subprocess.run(
        [args.bin, "extract", "--input-format", "jsonl", docs, *extra],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    countries = country_names(args.bin)
    tp = collections.Counter()
    fp = collections.Counter()
    errors = collections.defaultdict(list)
    found_spans = collections.defaultdict(set)
    for line in out.splitlines():
        m = json.loads(line)
        label = label_of(m)
        if label is None:
            continue
        key = {"PER": "person", "LOC": "country", "MISC": "demonym", "ORG": "agency"}[label]
        span = (m["start"], m["end"])
        found_spans[m["doc"]].add((span, label))
        if gold[m["doc"]].get(span) == label:
            tp[key] += 1
        else:
            fp[key] += 1
            over = [
                f"{gl} {texts[m['doc']][a:b]!r}"
                for (a, b), gl in gold[m["doc"]].items()
                if a < span[1] and span[0] < b
            ]
            ctx = texts[m["doc"]][max(0, span[0] - 30) : span[1] + 30].replace("\n", " ")
            errors["fp-" + key].append(
                f'{m["doc"]} {m["surface"]!r} -> {m["id"]} (gold: {", ".join(over) or "none"}) ..{ctx}..'
            )
    # Recall.
    rec = {}
    for key, label, pred in [
        ("person", "PER", lambda t: True),
        ("country", "LOC", lambda t: norm(t) in countries),
    ]:
        total = hit = 0
        for doc, spans in gold.items():
            for span, gl in spans.items():
                if gl != label:
                    continue
                text = texts[doc][span[0] : span[1]]
                if not pred(text):
                    continue
                total += 1
                if (span, label) in found_spans[doc]:
                    hit += 1
                else:
                    errors["miss-" + key].append(f"{doc} {text!r}")
        rec[key] = (hit, total)
    print(f"{'class':<10}{'found':>7}{'correct':>9}{'precision':>11}{'recall':>9}  (recall base)")
    for key in ["person", "country", "demonym", "agency"]:
        n = tp[key] + fp[key]
        p = tp[key] / n if n else float("nan")
        r = ""
        base = ""
        if key in rec:
            h, t = rec[key]
            r = f"{h / t:.3f}" if t else "n/a"
            base = f"  ({h}/{t} gold {'PER' if key == 'person' else 'country-name LOC'})"
        print(f"{key:<10}{n:>7}{tp[key]:>9}{p:>11.3f}{r:>9}{base}")
    if args.errors:
        for k in sorted(errors):
            print(f"\n## {k} ({len(errors[k])})")
            for e in errors[k][: args.errors]:
                print("  " + e)


if __name__ == "__main__":
    main()
