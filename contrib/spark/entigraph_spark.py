#!/usr/bin/env python3
"""Build an entigraph graph with PySpark (an example; not run in CI).

Same plan as contrib/dask/entigraph_dask.py: the corpus is cut into shards (one per file, or
JSONL ranges of lines), each Spark partition runs `entigraph map` on its shards and merges them
into one partial (`entigraph merge --partial`), `mapPartitionsWithIndex` tags every partial with
its partition so the driver can put them back in corpus order, and the driver merges them with
`entigraph merge -o OUT`. Merging is exact, so the graph equals one `entigraph build` of the
same files in the same order (see contrib/README.md for what differs with line-range shards).

The entigraph binary and the inputs must be at the same paths on every executor (a shared file
system, or ship the binary with `--files` and pass `--entigraph ./entigraph`).

    spark-submit contrib/spark/entigraph_spark.py --partitions 64 /shared/corpus -o /shared/graph
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dask"))
from entigraph_dask import ALLOW_REPEATS, list_shards, map_shard, merge_parts  # noqa: E402


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    map_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, map_args = argv[:i], argv[i + 1 :]
    ap = argparse.ArgumentParser(description="Build an entigraph graph with PySpark.")
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--entigraph", default="entigraph")
    ap.add_argument("--lines-per-shard", type=int)
    ap.add_argument("--partitions", type=int, default=0, help="default: one per shard")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("entigraph").getOrCreate()
    sc = spark.sparkContext
    cwd = os.getcwd()
    notes = []
    shards = list_shards(args.inputs, args.lines_per_shard, cwd, notes, set_aside=[args.output])
    sys.stderr.write("".join(notes))
    binary = args.entigraph

    def per_partition(index, shard_iter):
        results = [map_shard(binary, s, map_args, cwd) for s in shard_iter]
        if not results:
            return []
        merged = results[0] if len(results) == 1 else merge_parts(binary, *results)
        return [(index, merged)]

    # parallelize keeps the list's order: partition i holds a consecutive run of shards.
    n = args.partitions or len(shards)
    parts = sc.parallelize(shards, n).mapPartitionsWithIndex(per_partition).collect()
    parts.sort(key=lambda p: p[0])
    root = merge_parts(binary, *[p for _, p in parts]) if len(parts) > 1 else parts[0][1]
    with tempfile.TemporaryDirectory(prefix="entigraph-final-") as tmp:
        path = os.path.join(tmp, "root.part")
        with open(path, "wb") as f:
            f.write(root["part"])
        subprocess.run(
            [binary, "merge", "-q", *ALLOW_REPEATS, path, "-o", args.output], check=True
        )
    sys.stderr.write(root["messages"])
    print(f"{len(shards)} shards in {n} partitions; wrote {args.output}/graph.json")
    spark.stop()
    return 3 if root["skipped"] else 0


if __name__ == "__main__":
    sys.exit(main())
