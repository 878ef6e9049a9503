"""The Dask driver on a local cluster of worker processes gives the graph of one build.

Needs dask[distributed] and pytest (.ci/setup-scale.sh) and the entigraph binary: $ENTIGRAPH_BIN,
else target/release/entigraph, else target/debug/entigraph. Without them the tests are skipped
with a note, or fail when ENTIGRAPH_REQUIRE_TOOLS=1.
"""

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

REQUIRE = os.environ.get("ENTIGRAPH_REQUIRE_TOOLS") == "1"


def _missing(what):
    if REQUIRE:
        pytest.fail(f"{what} is missing and ENTIGRAPH_REQUIRE_TOOLS=1")
    pytest.skip(f"{what} is missing; skipping (run .ci/setup-scale.sh)")


def _binary():
    candidates = [
        os.environ.get("ENTIGRAPH_BIN"),
        os.path.join(ROOT, "target", "release", "entigraph"),
        os.path.join(ROOT, "target", "debug", "entigraph"),
    ]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    _missing("the entigraph binary (cargo build --release)")


try:
    from distributed import Client, LocalCluster
except ImportError:  # pragma: no cover - depends on the machine
    Client = LocalCluster = None

import entigraph_dask  # noqa: E402

ARTICLES = {
    "corpus/2015/arctic.txt": "Norway and Russia met in Tromso on Tuesday. Iceland joined "
    "the talks.\n\nThe United Nations welcomed the meeting between Norway and Russia.",
    "corpus/2015/summit.txt": "President Barack Obama met Xi Jinping in Washington. China and "
    "the United States agreed to talk again.",
    "corpus/2016/trade.txt": "Angela Merkel said Germany and France would answer China. "
    "The European Union backed Germany.",
    "corpus/2016/health.txt": "The WHO and the United Nations met Chinese officials in Geneva. "
    "China thanked the WHO.",
    "corpus/2017/ukraine.txt": "Vladimir Putin spoke with Angela Merkel about Ukraine. Russia "
    "and Ukraine disagreed.\n\nNATO said Russia must withdraw.",
    "corpus/2017/empty.txt": "Nothing of note happened in the rain.",
}

LINES = [
    {"id": "w1", "date": "2019-03-02", "text": "Xi Jinping and Vladimir Putin met in Moscow. "
     "China and Russia signed a deal."},
    {"id": "w2", "date": "2019-04-11", "text": "Barack Obama praised Angela Merkel. Germany and "
     "the United States agreed."},
    {"id": "w3", "date": "2020-02-01", "text": "The WHO warned China. The United Nations backed "
     "the WHO."},
    {"id": "w4", "date": "2020-05-20", "text": "Norway and Iceland met the European Union. "
     "Russia was not invited."},
    {"id": "w5", "date": "2021-01-07", "text": "France and Germany spoke with Ukraine. "
     "Vladimir Putin answered France."},
    {"id": "w6", "date": "2021-09-30", "text": "China and the United States met at the United "
     "Nations. Xi Jinping spoke."},
    {"id": "w7", "date": "2022-02-24", "text": "Russia attacked Ukraine. NATO and the European "
     "Union condemned Russia."},
]


@pytest.fixture(scope="module")
def client():
    if Client is None:
        _missing("dask.distributed")
    cluster = LocalCluster(
        n_workers=3,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture()
def corpus(tmp_path):
    for name, text in ARTICLES.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    with open(tmp_path / "wire.jsonl", "w", encoding="utf-8") as f:
        for line in LINES:
            f.write(json.dumps(line) + "\n")
    return tmp_path


def _build(binary, cwd, inputs, out):
    subprocess.run([binary, "build", "-q", *inputs, "-o", out], cwd=cwd, check=True)


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def test_file_shards_give_a_byte_identical_graph(client, corpus):
    binary = _binary()
    inputs = ["corpus", "wire.jsonl"]
    result = entigraph_dask.build(
        client, inputs, "distributed", binary=binary, fan_in=2, cwd=str(corpus)
    )
    shards = entigraph_dask.list_shards(inputs, cwd=str(corpus))
    assert result["shards"] == len(ARTICLES) + 1 == len(shards)
    assert result["levels"] == 3
    # One build of the same files in the same order.
    _build(binary, corpus, [s.path for s in shards], "single")
    for f in ["graph.json", "graph.dot", "graph.part"]:
        assert _read(corpus / "distributed" / f) == _read(corpus / "single" / f), f
    graph = json.loads(_read(corpus / "single" / "graph.json"))
    assert graph["manifest"]["documents"] == len(ARTICLES) + len(LINES)
    assert len(graph["edges"]) > 10


def test_dedupe_within_shards_and_a_story_two_shards_hold_is_said(client, corpus):
    binary = _binary()
    # The summit story again, in another shard and within one shard.
    (corpus / "again").mkdir()
    summit = ARTICLES["corpus/2015/summit.txt"]
    (corpus / "again" / "copy.txt").write_text(summit.replace(". ", ".\n"), encoding="utf-8")
    (corpus / "again" / "copy2.jsonl").write_text(
        json.dumps({"id": "c1", "text": summit}) + "\n" + json.dumps({"id": "c2", "text": summit}) + "\n",
        encoding="utf-8",
    )
    result = entigraph_dask.build(
        client,
        ["corpus", "again"],
        "dd",
        binary=binary,
        map_args=["--dedupe"],
        fan_in=2,
        cwd=str(corpus),
    )
    graph = json.loads(_read(corpus / "dd" / "graph.json"))
    m = graph["manifest"]
    # copy2.jsonl left out its second line; copy.txt and c1 were counted in other shards.
    assert (m["options"]["dedupe"], m["repeats"], m["recounted"]) == (True, 1, 2)
    assert "warning: 2 documents were counted again" in result["messages"], result["messages"]


def test_line_range_shards_give_the_same_graph(client, corpus):
    binary = _binary()
    result = entigraph_dask.build(
        client,
        ["wire.jsonl", "corpus"],
        "distributed",
        binary=binary,
        lines_per_shard=2,
        fan_in=3,
        map_args=["--window", "paragraph"],
        cwd=str(corpus),
    )
    assert result["shards"] == 4 + len(ARTICLES)
    subprocess.run(
        [binary, "build", "-q", "--window", "paragraph", "wire.jsonl", "corpus", "-o", "single"],
        cwd=corpus,
        check=True,
    )
    dist = json.loads(_read(corpus / "distributed" / "graph.json"))
    single = json.loads(_read(corpus / "single" / "graph.json"))
    # Line shards are read from stdin, so the manifest names them "-"; all else is equal.
    assert [i["name"] for i in dist["manifest"]["inputs"]][:4] == ["-"] * 4
    assert sum(i["documents"] for i in dist["manifest"]["inputs"]) == len(ARTICLES) + len(LINES)
    for g in (dist, single):
        del g["manifest"]["inputs"]
    assert dist == single
    assert single["manifest"]["options"]["window"] == "paragraph"


def test_a_failing_shard_is_reported(client, corpus):
    binary = _binary()
    with pytest.raises(RuntimeError, match="exit code 1"):
        entigraph_dask.build(
            client,
            ["corpus"],
            "out",
            binary=binary,
            map_args=["--gazetteer", "no-such.tsv"],
            cwd=str(corpus),
        )


def test_repeated_line_ranges_are_counted_like_one_build(client, corpus):
    # Two shards with the same lines (a feed that repeats itself): one build counts both, and
    # so must the driver, although entigraph refuses the same input twice by default.
    binary = _binary()
    twice = "".join(json.dumps(line) + "\n" for line in LINES[:2]) * 2
    (corpus / "repeats.jsonl").write_text(twice, encoding="utf-8")
    entigraph_dask.build(
        client, ["repeats.jsonl"], "distributed", binary=binary, lines_per_shard=2,
        cwd=str(corpus),
    )
    _build(binary, corpus, ["repeats.jsonl"], "single")
    dist = json.loads(_read(corpus / "distributed" / "graph.json"))
    single = json.loads(_read(corpus / "single" / "graph.json"))
    assert dist["manifest"]["documents"] == 4
    for g in (dist, single):
        del g["manifest"]["inputs"]
    assert dist == single


def test_a_file_named_twice_is_refused(corpus):
    with pytest.raises(ValueError, match="named twice"):
        entigraph_dask.list_shards(["wire.jsonl", "./wire.jsonl"], cwd=str(corpus))


def test_a_file_reached_twice_is_read_once_and_a_loop_not_followed(tmp_path):
    # As entigraph build: a file named and also inside a named directory is refused; one
    # reached again through a symbolic link is one shard, with a note; a link back up is not
    # followed.
    for name, text in ARTICLES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    os.symlink("2015", tmp_path / "corpus" / "alias")
    os.symlink("..", tmp_path / "corpus" / "2017" / "up")
    with pytest.raises(ValueError, match="inside corpus, also named"):
        entigraph_dask.list_shards(["corpus", "corpus/2016/trade.txt"], cwd=str(tmp_path))
    notes = []
    shards = entigraph_dask.list_shards(["corpus"], cwd=str(tmp_path), notes=notes)
    paths = [s.path for s in shards]
    assert paths == [
        "corpus/2015/arctic.txt",
        "corpus/2015/summit.txt",
        "corpus/2016/health.txt",
        "corpus/2016/trade.txt",
        "corpus/2017/empty.txt",
        "corpus/2017/ukraine.txt",
    ], paths
    joined = "".join(notes)
    assert "corpus/alias/arctic.txt: the same file as corpus/2015/arctic.txt" in joined
    assert "corpus/2017/up: symbolic link back" in joined


def test_files_are_told_apart_as_build_does(tmp_path):
    binary = _binary()
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(ARTICLES["corpus/2015/arctic.txt"], encoding="utf-8")
    os.link(tmp_path / "news" / "a.txt", tmp_path / "hard.txt")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="named twice"):
        entigraph_dask.list_shards(["news/a.txt", "hard.txt"], cwd=str(tmp_path))
    # Empty and missing files are left to entigraph, as build leaves them.
    shards = entigraph_dask.list_shards(
        ["empty.txt", "empty.txt", "nosuch.jsonl", "nosuch.jsonl"], lines_per_shard=2,
        cwd=str(tmp_path),
    )
    assert [s.path for s in shards] == ["empty.txt", "empty.txt", "nosuch.jsonl", "nosuch.jsonl"]
    # The output directory inside an input directory is not read.
    _build(binary, tmp_path, ["news"], "news/out")
    shards = entigraph_dask.list_shards(["news"], cwd=str(tmp_path), set_aside=["news/out"])
    assert [s.path for s in shards] == ["news/a.txt"]
    # A shard with nothing readable is an empty partial, reported as skipped, not a failure.
    result = entigraph_dask.map_shard(
        binary, entigraph_dask.Shard("nosuch.txt"), [], str(tmp_path)
    )
    assert result["skipped"] and "nosuch.txt" in result["messages"]


def test_line_shard_messages_name_the_file_and_line(tmp_path):
    binary = _binary()
    lines = [json.dumps(line) for line in LINES[:4]]
    lines[2] = "not json"
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shards = entigraph_dask.list_shards(["wire.jsonl"], lines_per_shard=2, cwd=str(tmp_path))
    result = entigraph_dask.map_shard(binary, shards[1], [], str(tmp_path))
    assert result["skipped"]
    assert result["messages"].startswith("entigraph: skipped: wire.jsonl:3: not a JSON object"), (
        result["messages"]
    )
