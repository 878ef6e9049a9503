#!/usr/bin/env python3
"""Merge rows that share an id across the built-in gazetteer files.

The first row (in the order the files are given) is kept; later rows with the same id are
removed and their aliases, roles and years folded into it (roles united, `from` = earliest,
`to` = latest, empty `to` = still current). Files are rewritten in place.

    python3 scripts/merge-duplicate-ids.py gazetteers/people-*.tsv
"""
import sys


def parse(line):
    cells = line.rstrip("\n").split("\t")
    attrs = {}
    for item in filter(None, cells[4].split("|")):
        k, _, v = item.partition("=")
        attrs[k] = v
    return cells, attrs


def main(paths):
    rows = {}  # id -> (path, index)
    files = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            files[path] = f.readlines()
    merged = 0
    for path in paths:
        lines = files[path]
        for i, line in enumerate(lines):
            if line.startswith("#") or line.startswith("id\t") or not line.strip():
                continue
            cells, attrs = parse(line)
            rid = cells[0]
            if rid not in rows:
                rows[rid] = (path, i)
                continue
            p0, i0 = rows[rid]
            c0, a0 = parse(files[p0][i0])
            aliases = [a for a in c0[3].split("|") if a]
            for a in filter(None, cells[3].split("|")):
                if a not in aliases:
                    aliases.append(a)
            if cells[2] != c0[2] and cells[2] not in aliases:
                aliases.append(cells[2])
            for k, v in attrs.items():
                if k == "role":
                    roles = [r for r in a0.get("role", "").split(",") if r]
                    roles += [r for r in v.split(",") if r and r not in roles]
                    a0["role"] = ",".join(roles)
                elif k == "from":
                    a0["from"] = min(a0.get("from", v), v)
                elif k == "to":
                    if "to" in a0 and a0["to"]:
                        a0["to"] = max(a0["to"], v)
                elif k not in a0:
                    a0[k] = v
            if "to" in a0 and "to" not in attrs:
                del a0["to"]  # the later row says: still current
            c0[3] = "|".join(aliases)
            c0[4] = "|".join(f"{k}={v}" for k, v in a0.items())
            files[p0][i0] = "\t".join(c0) + "\n"
            lines[i] = None
            merged += 1
    for path in paths:
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(l for l in files[path] if l is not None)
    print(f"merged {merged} duplicate rows", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
