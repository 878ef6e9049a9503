#!/usr/bin/env python3
"""Build an entigraph graph on a Dask cluster.

The corpus is cut into shards (one per file, and JSONL files optionally into ranges of lines),
`entigraph map` runs on every shard on the workers, the partial graphs are merged in a tree
(`entigraph merge --partial`, `--fan-in` partials per task) and the driver writes the final
graph with `entigraph merge -o OUT` (graph.json, graph.dot, graph.part).

Partials travel between tasks as bytes (they are compact gzip files), so workers need no shared
scratch space: only the inputs and the entigraph binary must be reachable from every worker at
the same path. Paths are passed to entigraph as given and run from the driver's working
directory, so document ids and the manifest's input names are the ones a single
`entigraph build` run in that directory would record.

Merging is exact and the tree keeps shards in order, so with file shards graph.json is byte for
byte the one `entigraph build FILE...` writes for the files in the order `list_shards` gives.
Line-range shards are read by the worker and fed to `entigraph map -` on stdin: the graph is the
same (every JSONL line must then carry an "id": a line without one is named after its position
in the stream, which differs from a single build), but the manifest lists one input named "-"
per shard instead of the file.

Usage:
    python3 entigraph_dask.py --scheduler tcp://HOST:8786 corpus/ news.jsonl -o graph \
        [--lines-per-shard 100000] [--fan-in 8] [--entigraph /opt/bin/entigraph] \
        [-- MAP OPTIONS such as --window paragraph -g /shared/extra.tsv]
    python3 entigraph_dask.py --local 4 corpus/ -o graph      # a LocalCluster on this machine
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence


@dataclass(frozen=True)
class Shard:
    """A piece of the corpus: a whole file, or `length` bytes of a JSONL file from `offset`."""

    path: str
    offset: int = 0
    length: Optional[int] = None
    first_line: int = 1

    def describe(self) -> str:
        if self.length is None:
            return self.path
        return f"{self.path}[bytes {self.offset}..{self.offset + self.length}]"


def _is_jsonl(path: str) -> bool:
    name = path.lower()
    return name.endswith(".jsonl") or name.endswith(".ndjson")


def _file_id(full: str) -> Optional[tuple]:
    """The identity of the file or directory at `full` (device and inode, following links, as
    entigraph compares them), or None when there is nothing there."""
    try:
        st = os.stat(full)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _walk(
    path: str,
    cwd: str,
    notes: List[str],
    set_aside: frozenset = frozenset(),
    ancestors: frozenset = frozenset(),
) -> Iterable[str]:
    """Files under `path` (relative to `cwd`, kept as given) in the order entigraph reads them:
    sorted, recursive, following symbolic links, hidden entries left out; a link back to a
    directory above it (a loop) is not followed, with a note, and entries whose identity is in
    `set_aside` (the run's own output) are left out, as entigraph does."""
    full = os.path.join(cwd, path)
    if not os.path.isdir(full):
        yield path
        return
    real = os.path.realpath(full)
    if real in ancestors:
        notes.append(
            f"entigraph: warning: {path}: symbolic link back to a directory above it (a loop); "
            "not followed\n"
        )
        return
    for name in sorted(os.listdir(full)):
        if name.startswith("."):
            continue
        child = os.path.join(path, name)
        if set_aside and _file_id(os.path.join(cwd, child)) in set_aside:
            continue
        yield from _walk(child, cwd, notes, set_aside, ancestors | {real})


def _line_ranges(path: str, lines_per_shard: int, cwd: str) -> List[Shard]:
    """Byte ranges of `path` holding `lines_per_shard` lines each (the last may hold fewer)."""
    shards = []
    start = 0
    pos = 0
    lines = 0
    first = 1
    with open(os.path.join(cwd, path), "rb") as f:
        for line in f:
            pos += len(line)
            lines += 1
            if lines == lines_per_shard:
                shards.append(Shard(path, start, pos - start, first))
                start, first, lines = pos, first + lines, 0
    if pos > start:
        shards.append(Shard(path, start, pos - start, first))
    return shards


def list_shards(
    inputs: Sequence[str],
    lines_per_shard: Optional[int] = None,
    cwd: Optional[str] = None,
    notes: Optional[List[str]] = None,
    set_aside: Sequence[str] = (),
) -> List[Shard]:
    """The shards of the inputs (paths relative to `cwd`, default the current directory), in
    corpus order: directories are walked like entigraph walks them; an uncompressed JSONL file
    is cut every `lines_per_shard` lines when that is given.

    As in `entigraph build`: two inputs that are the same file or directory (same device and
    inode: any spelling, a symbolic or hard link), or one inside the other, are refused
    (ValueError), since documents would be counted twice; a file reached again inside a
    directory (a symbolic link) is read once, with a note appended to `notes`; empty and missing files are left to entigraph (nothing to count twice;
    a missing file is reported and skipped). Paths in `set_aside` (the output directory) are
    not read when met inside a directory."""
    cwd = cwd or os.getcwd()
    notes = [] if notes is None else notes

    def identity(path: str) -> Optional[tuple]:
        full = os.path.join(cwd, path)
        if os.path.isfile(full) and os.path.getsize(full) == 0:
            return None
        return _file_id(full)

    named = {}
    for item in inputs:
        key = identity(item)
        if key is not None and key in named:
            raise ValueError(
                f"{item}: named twice (also as {named[key]}); its documents would be "
                "counted twice"
            )
        named.setdefault(key, item)
    # An input inside a directory also named (by their real paths).
    dirs = {
        os.path.realpath(os.path.join(cwd, i)): i
        for i in inputs
        if os.path.isdir(os.path.join(cwd, i))
    }
    for item in inputs:
        real = os.path.realpath(os.path.join(cwd, item))
        up = os.path.dirname(real)
        while dirs and up != os.path.dirname(up):
            if up in dirs and identity(item) is not None:
                raise ValueError(
                    f"{item}: inside {dirs[up]}, also named; its documents would be counted "
                    "twice"
                )
            up = os.path.dirname(up)
    aside = frozenset(
        k
        for p in set_aside
        for k in [_file_id(os.path.join(cwd, p))]
        + [_file_id(os.path.join(cwd, p, f)) for f in ("graph.json", "graph.dot", "graph.part")]
        if k is not None
    )
    shards: List[Shard] = []
    seen = {}
    for item in inputs:
        for path in _walk(item, cwd, notes, aside):
            key = identity(path)
            if key is not None and key in seen:
                notes.append(
                    f"entigraph: warning: {path}: the same file as {seen[key]}, already read; "
                    "read once\n"
                )
                continue
            if key is not None:
                seen[key] = path
            if lines_per_shard and _is_jsonl(path) and os.path.isfile(os.path.join(cwd, path)):
                shards.extend(_line_ranges(path, lines_per_shard, cwd))
            else:
                shards.append(Shard(path))
    return shards


# Shards are distinct by construction (list_shards refuses a file named twice), and two
# line-range shards that hold the same lines are counted twice, as one build counts them: the
# merges skip entigraph's check for inputs counted twice (and its warnings).
ALLOW_REPEATS = ["--allow-duplicate-inputs"]


def _run(cmd: List[str], cwd: str, stdin: Optional[bytes] = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True)
    # 3 means "completed, some input skipped": the partial is valid; the messages are kept.
    if proc.returncode not in (0, 3):
        raise RuntimeError(
            f"{' '.join(cmd)} failed with exit code {proc.returncode}: "
            f"{proc.stderr.decode(errors='replace').strip()}"
        )
    return proc


def map_shard(binary: str, shard: Shard, map_args: Sequence[str], cwd: str) -> dict:
    """Runs `entigraph map` on one shard (on a worker); returns the partial's bytes and any
    messages about skipped input."""
    with tempfile.TemporaryDirectory(prefix="entigraph-map-") as tmp:
        out = os.path.join(tmp, "shard.part")
        if shard.length is None:
            cmd = [binary, "map", "-q", *map_args, shard.path, "-o", out]
            proc = _run(cmd, cwd)
        else:
            with open(os.path.join(cwd, shard.path), "rb") as f:
                f.seek(shard.offset)
                data = f.read(shard.length)
            cmd = [binary, "map", "-q", "--input-format", "jsonl", *map_args, "-", "-o", out]
            proc = _run(cmd, cwd, stdin=data)
        with open(out, "rb") as f:
            part = f.read()
    messages = proc.stderr.decode(errors="replace")
    if shard.length is not None:
        # entigraph read the lines from stdin: name them by the file and its line numbers.
        messages = re.sub(
            r"^(entigraph: \w+: )-:(\d+):",
            lambda m: f"{m[1]}{shard.path}:{int(m[2]) + shard.first_line - 1}:",
            messages,
            flags=re.M,
        )
    return {
        "part": part,
        "messages": messages,
        "skipped": proc.returncode == 3,
    }


def merge_parts(binary: str, *results: dict) -> dict:
    """Merges the partials of consecutive shards, in order (on a worker)."""
    with tempfile.TemporaryDirectory(prefix="entigraph-merge-") as tmp:
        paths = []
        for i, r in enumerate(results):
            p = os.path.join(tmp, f"{i:06}.part")
            with open(p, "wb") as f:
                f.write(r["part"])
            paths.append(p)
        out = os.path.join(tmp, "merged.part")
        _run([binary, "merge", "-q", "--partial", *ALLOW_REPEATS, *paths, "-o", out], tmp)
        with open(out, "rb") as f:
            part = f.read()
    return {
        "part": part,
        "messages": "".join(r["messages"] for r in results),
        "skipped": any(r["skipped"] for r in results),
    }


def build(
    client,
    inputs: Sequence[str],
    out_dir: str,
    *,
    binary: str = "entigraph",
    map_args: Sequence[str] = (),
    lines_per_shard: Optional[int] = None,
    fan_in: int = 8,
    cwd: Optional[str] = None,
) -> dict:
    """Builds the graph of `inputs` on the Dask `client` and writes it to `out_dir`.

    Returns {"shards": number of shards, "levels": merge levels, "messages": what the map
    tasks reported on stderr, "skipped": whether any input was skipped}.
    """
    if fan_in < 2:
        raise ValueError("fan_in must be at least 2")
    cwd = os.path.abspath(cwd or os.getcwd())
    notes: List[str] = []
    shards = list_shards(inputs, lines_per_shard, cwd, notes, set_aside=[out_dir])
    if not shards:
        raise ValueError("no input files found")
    level = [
        client.submit(map_shard, binary, s, list(map_args), cwd, pure=False) for s in shards
    ]
    levels = 0
    while len(level) > 1:
        level = [
            client.submit(merge_parts, binary, *level[i : i + fan_in], pure=False)
            for i in range(0, len(level), fan_in)
        ]
        levels += 1
    root = level[0].result()
    with tempfile.TemporaryDirectory(prefix="entigraph-final-") as tmp:
        part = os.path.join(tmp, "root.part")
        with open(part, "wb") as f:
            f.write(root["part"])
        out = out_dir if os.path.isabs(out_dir) else os.path.join(cwd, out_dir)
        proc = _run([binary, "merge", "-q", *ALLOW_REPEATS, part, "-o", out], cwd)
    # With `-- --dedupe`, the last merge says how many stories two shards both counted (the
    # other merges' messages would say it again, in part).
    recounted = "".join(
        line + "\n"
        for line in proc.stderr.decode(errors="replace").splitlines()
        if line.startswith("entigraph: warning: ") and "(--dedupe" in line
    )
    return {
        "shards": len(shards),
        "levels": levels,
        "messages": "".join(notes) + root["messages"] + recounted,
        "skipped": root["skipped"],
    }


def main(argv: Optional[Sequence[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    map_args: List[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, map_args = argv[:i], argv[i + 1 :]
    ap = argparse.ArgumentParser(
        description="Build an entigraph graph on a Dask cluster (map on shards, tree merge).",
        epilog="Options after -- go to every `entigraph map` (window, gazetteers, matching).",
    )
    ap.add_argument("inputs", nargs="+", help="files, directories, JSONL files")
    ap.add_argument("-o", "--output", required=True, help="output directory")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", help="address of a running Dask scheduler")
    where.add_argument("--local", type=int, metavar="N", help="start a LocalCluster of N workers")
    ap.add_argument("--entigraph", default="entigraph", help="the entigraph binary on workers")
    ap.add_argument("--lines-per-shard", type=int, help="cut JSONL files every N lines")
    ap.add_argument("--fan-in", type=int, default=8, help="partials merged per task")
    args = ap.parse_args(argv)

    from distributed import Client, LocalCluster

    if args.local:
        cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True)
        client = Client(cluster)
    else:
        cluster = None
        client = Client(args.scheduler)
    try:
        result = build(
            client,
            args.inputs,
            args.output,
            binary=args.entigraph,
            map_args=map_args,
            lines_per_shard=args.lines_per_shard,
            fan_in=args.fan_in,
        )
    except (ValueError, RuntimeError) as e:
        sys.stderr.write(f"entigraph_dask: {e}\n")
        return 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    sys.stderr.write(result["messages"])
    print(
        f"{result['shards']} shards, {result['levels']} merge levels; wrote "
        f"{os.path.join(args.output, 'graph.json')}"
    )
    return 3 if result["skipped"] else 0


if __name__ == "__main__":
    sys.exit(main())
