//! Tests of `entigraph export`: every format from a built graph, each loaded by its real
//! consumer where one is installed, and hostile names written safely in every format.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use crate::util::{CROWDED, TestEnv, assert_exit, repo_file};

/// Whether an external tool is usable: `check` runs it. Missing tools fail the test when
/// ENTIGRAPH_REQUIRE_TOOLS=1, else the test skips with a note.
pub(crate) fn have_tool(name: &str, check: &mut Command) -> bool {
    let ok = check
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var("ENTIGRAPH_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!(
                "{name} is required (ENTIGRAPH_REQUIRE_TOOLS=1) but missing; run .ci/setup-export.sh"
            );
        }
        eprintln!("note: {name} not installed; skipping the part of this test that needs it");
    }
    ok
}

pub(crate) fn have_networkx() -> bool {
    have_tool(
        "python3 with networkx",
        Command::new("python3").args(["-c", "import networkx"]),
    )
}

fn have_dot() -> bool {
    have_tool("Graphviz dot", Command::new("dot").arg("-V"))
}

/// Loads a file with networkx and returns (sorted node ids, number of edges).
fn networkx_load(kind: &str, path: &Path) -> (Vec<String>, usize) {
    let script = r#"
import json, sys
import networkx as nx
kind, path = sys.argv[1], sys.argv[2]
if kind == "node-link":
    data = json.load(open(path, encoding="utf-8"))
    key = "links" if "links" in data else "edges"
    try:
        g = nx.node_link_graph(data, edges=key)
    except TypeError:
        g = nx.node_link_graph(data, link=key)
elif kind == "gexf":
    g = nx.read_gexf(path, version="1.3")
elif kind == "graphml":
    g = nx.read_graphml(path)
print(json.dumps({"nodes": sorted(g.nodes()), "edges": g.number_of_edges(),
                  "directed": g.is_directed()}))
"#;
    let out = Command::new("python3")
        .args(["-c", script, kind])
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "networkx could not read {kind} {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["directed"], false, "{kind} must load as undirected");
    let nodes = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    (nodes, v["edges"].as_u64().unwrap() as usize)
}

/// Runs `dot -Tsvg FILE` and returns the SVG.
fn dot_svg(path: &Path) -> String {
    let out = Command::new("dot").arg("-Tsvg").arg(path).output().unwrap();
    assert!(
        out.status.success(),
        "dot rejected {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()))
}

/// Builds the news fixture into ENV/g/graph.json.
pub(crate) fn build_news(env: &TestEnv) -> String {
    let input = repo_file("tests/data/export-news.jsonl");
    let r = env.run(&["build", input.to_str().unwrap(), "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    "g/graph.json".to_string()
}

fn export(env: &TestEnv, graph: &str, format: &str, out: &str, extra: &[&str]) {
    let mut args = vec!["export", graph, "--format", format, "-o", out];
    args.extend(extra);
    let r = env.run(&args);
    assert_eq!(r.code, 0, "export {format}: {}", r.stderr);
}

fn ids_of(graph: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let mut rows = vec![r.headers().unwrap().iter().map(String::from).collect()];
    for rec in r.records() {
        rows.push(rec.unwrap().iter().map(String::from).collect());
    }
    rows
}

#[test]
fn every_format_loads_in_its_consumer_with_the_right_counts() {
    let env = TestEnv::new();
    let graph = build_news(&env);
    let native = read_json(&env.path().join(&graph));
    let ids = ids_of(&native);
    let edges = native["edges"].as_array().unwrap().len();
    assert_eq!((ids.len(), edges), (9, 16), "fixture graph changed");

    for (format, file) in [
        ("json", "out.json"),
        ("node-link", "out.nodelink.json"),
        ("cytoscape", "out.cyjs"),
        ("gexf", "out.gexf"),
        ("graphml", "out.graphml"),
        ("dot", "out.dot"),
    ] {
        export(&env, &graph, format, file, &[]);
    }
    export(
        &env,
        &graph,
        "node-link",
        "out.links.json",
        &["--links-key"],
    );
    export(&env, &graph, "csv", "csv", &[]);
    export(&env, &graph, "neo4j", "neo4j", &[]);
    let p = |f: &str| env.path().join(f);

    // JSON formats, checked here whatever is installed.
    assert_eq!(
        read_json(&p("out.json")),
        native,
        "json export is the same graph"
    );
    let nl = read_json(&p("out.nodelink.json"));
    assert_eq!(ids_of(&nl), ids);
    assert_eq!(nl["edges"].as_array().unwrap().len(), edges);
    assert_eq!(nl["multigraph"], false);
    assert!(nl.get("links").is_none());
    let links = read_json(&p("out.links.json"));
    assert_eq!(links["links"].as_array().unwrap().len(), edges);
    let cy = read_json(&p("out.cyjs"));
    let cy_nodes = cy["elements"]["nodes"].as_array().unwrap();
    let cy_edges = cy["elements"]["edges"].as_array().unwrap();
    assert_eq!((cy_nodes.len(), cy_edges.len()), (ids.len(), edges));
    let all_ids: BTreeSet<&str> = cy_nodes
        .iter()
        .chain(cy_edges)
        .map(|e| e["data"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(all_ids.len(), ids.len() + edges, "element ids are unique");

    // Dated documents: GEXF has time spells.
    let gexf = env.read("out.gexf");
    assert!(gexf.contains(r#"mode="dynamic""#) && gexf.contains(r#"timeformat="date""#));
    assert!(gexf.contains(r#"start="2024-03-04""#), "{gexf}");

    // CSV and Neo4j files.
    let nodes = csv_rows(&p("csv/nodes.csv"));
    let edges_csv = csv_rows(&p("csv/edges.csv"));
    assert_eq!((nodes.len() - 1, edges_csv.len() - 1), (ids.len(), edges));
    assert_eq!(&nodes[0][..3], ["id", "label", "type"]);
    let neo_nodes = csv_rows(&p("neo4j/nodes.csv"));
    let neo_rels = csv_rows(&p("neo4j/relationships.csv"));
    assert_eq!(
        (neo_nodes.len() - 1, neo_rels.len() - 1),
        (ids.len(), edges)
    );
    assert_eq!(neo_nodes[0][0], "id:ID");
    assert_eq!(neo_nodes[0].last().unwrap(), ":LABEL");
    assert!(neo_nodes[0].contains(&"mentions:long".to_string()));
    assert_eq!(
        &neo_rels[0][..4],
        [":START_ID", ":END_ID", ":TYPE", "count:long"]
    );
    assert!(
        env.read("neo4j/load.cypher")
            .contains("LOAD CSV WITH HEADERS")
    );

    if have_networkx() {
        for (kind, file) in [
            ("node-link", "out.nodelink.json"),
            ("node-link", "out.links.json"),
            ("gexf", "out.gexf"),
            ("graphml", "out.graphml"),
        ] {
            let (got, m) = networkx_load(kind, &p(file));
            assert_eq!((got, m), (ids.clone(), edges), "{kind} {file}");
        }
    }
    if have_dot() {
        let svg = dot_svg(&p("out.dot"));
        assert_eq!(svg.matches("class=\"node\"").count(), ids.len());
        assert_eq!(svg.matches("class=\"edge\"").count(), edges);
    }
}

#[test]
fn filters_cut_the_export() {
    let env = TestEnv::new();
    let graph = build_news(&env);
    export(
        &env,
        &graph,
        "node-link",
        "strong.json",
        &["--min-count", "2", "--drop-isolated"],
    );
    let v = read_json(&env.path().join("strong.json"));
    assert_eq!(ids_of(&v), ["country:is", "country:no", "country:ru"]);
    assert_eq!(v["edges"].as_array().unwrap().len(), 2);

    export(
        &env,
        &graph,
        "node-link",
        "people.json",
        &["--types", "person,agency"],
    );
    let v = read_json(&env.path().join("people.json"));
    assert_eq!(
        ids_of(&v),
        ["agency:nato", "agency:un", "person:mark-rutte"]
    );
    assert_eq!(v["edges"].as_array().unwrap().len(), 1);

    // Links last seen before March 11 are cut; Iceland–Norway (4th and 15th) stays.
    export(
        &env,
        &graph,
        "node-link",
        "late.json",
        &["--since", "2024-03-11"],
    );
    let v = read_json(&env.path().join("late.json"));
    for e in v["edges"].as_array().unwrap() {
        assert!(e["last_seen"].as_str().unwrap() >= "2024-03-11", "{e}");
    }
    assert!(
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["source"] == "country:is" && e["target"] == "country:no")
    );

    export(&env, &graph, "csv", "top", &["--top-edges", "3"]);
    assert_eq!(csv_rows(&env.path().join("top/edges.csv")).len(), 4);
}

#[test]
fn build_since_until_counts_only_documents_in_range() {
    let env = TestEnv::new();
    let input = repo_file("tests/data/export-news.jsonl");
    let r = env.run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        "early",
        "-q",
        "--until",
        "2024-03-06",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = read_json(&env.path().join("early/graph.json"));
    assert_eq!(v["manifest"]["documents"], 2);
    let ids = ids_of(&v);
    assert!(
        !ids.contains(&"country:cn".to_string()),
        "China is first named on the 11th"
    );
    let no_ru = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "country:no" && e["target"] == "country:ru")
        .unwrap();
    assert_eq!(no_ru["count"], 2);
    // Dates that keep no document (an undated corpus, a range past it) replace no graph with
    // an empty one: an error, the graph as it was.
    let before = env.read("early/graph.json");
    let r = env.run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        "early",
        "-q",
        "--since",
        "2031-01-01",
    ]);
    assert_exit(
        &r,
        1,
        &[
            "no document read is dated within --since/--until (",
            "nothing was written",
        ],
    );
    assert_eq!(env.read("early/graph.json"), before);
}

#[test]
fn bad_input_gets_a_located_error() {
    let env = TestEnv::new();
    let r = env.run(&["export", "missing.json", "--format", "gexf"]);
    assert_exit(&r, 1, &["missing.json"]);

    env.write("broken.json", "{\"format\": \"entigraph\", ");
    let r = env.run(&["export", "broken.json", "--format", "gexf"]);
    assert_exit(
        &r,
        1,
        &["broken.json:1:24: not valid JSON: EOF while parsing"],
    );

    env.write("other.json", "{\"nodes\": []}");
    let r = env.run(&["export", "other.json", "--format", "dot"]);
    assert!(
        r.stderr.contains("other.json: not an entigraph graph"),
        "{}",
        r.stderr
    );

    let graph = build_news(&env);
    let r = env.run(&["export", &graph, "--format", "csv"]);
    // Usage errors.
    assert_exit(&r, 2, &["-o DIR"]);
    let r = env.run(&["export", &graph, "--format", "gexf", "--since", "March"]);
    assert_exit(&r, 2, &["\"March\""]);
    assert!(!env.path().join("out.gexf").exists());
}

#[test]
fn the_graph_read_is_never_replaced_nor_trusted_blindly() {
    let env = TestEnv::new();
    let graph = build_news(&env);
    let before = std::fs::read(env.path().join(&graph)).unwrap();
    // The input graph named as the output, under another spelling: refused, graph untouched.
    let other = format!("./{graph}");
    for args in [
        vec!["export", &graph, "-f", "gexf", "-o", &other],
        vec![
            "export",
            &graph,
            "-f",
            "json",
            "--min-count",
            "2",
            "-o",
            &graph,
        ],
        vec!["render", &graph, "-f", "html", "-o", &other],
    ] {
        let r = env.run(&args);
        assert_exit(
            &r,
            1,
            &[
                "the graph being read",
                ": it would be read, then replaced. Nothing was read or written",
            ],
        );
        assert_eq!(std::fs::read(env.path().join(&graph)).unwrap(), before);
    }
    // The statistics and the DOT file written with the graph are part of it: an export or a
    // picture over them is refused too (graph.part is the only way to append to the graph).
    let dir = std::path::Path::new(&graph)
        .parent()
        .unwrap()
        .display()
        .to_string();
    for f in ["graph.part", "graph.dot"] {
        let beside = format!("{dir}/{f}");
        let kept = std::fs::read(env.path().join(&beside)).unwrap();
        for args in [
            vec!["export", &graph, "-f", "dot", "-o", &beside],
            vec!["render", &dir, "-f", "svg", "-o", &beside],
        ] {
            let r = env.run(&args);
            assert_exit(
                &r,
                1,
                &["the graph being read", "Nothing was read or written"],
            );
            assert_eq!(
                std::fs::read(env.path().join(&beside)).unwrap(),
                kept,
                "{args:?}"
            );
        }
    }
    // Option mistakes are usage errors.
    let r = env.run(&["render", &graph, "-f", "svg", "-o", "map.png"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!env.path().join("map.png").exists());
    // Missing folders are created (as build creates its directory), and no temporary file is
    // left beside the export.
    let r = env.run(&["export", &graph, "-f", "gexf", "-o", "nodir/sub/g.gexf"]);
    assert_exit(&r, 0, &[""; 0]);
    let names: Vec<_> = std::fs::read_dir(env.path().join("nodir/sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["g.gexf"]);

    // A graph.json whose records do not make one graph gets a located error.
    let value: serde_json::Value = serde_json::from_slice(&before).unwrap();
    type Edit = fn(&mut serde_json::Value);
    let cases: [(&str, Edit, &str); 4] = [
        (
            "dupnode.json",
            |v| {
                let n = v["nodes"][0].clone();
                v["nodes"].as_array_mut().unwrap().push(n);
            },
            "lists the id of node 1 again",
        ),
        (
            "dupedge.json",
            |v| {
                let e = v["edges"][0].clone();
                v["edges"].as_array_mut().unwrap().push(e);
            },
            "again (link 1)",
        ),
        (
            "dangling.json",
            |v| v["edges"][0]["target"] = "nope:x".into(),
            "link 1: \"nope:x\" is not a node",
        ),
        (
            "loop.json",
            |v| v["edges"][0]["target"] = v["edges"][0]["source"].clone(),
            "to itself",
        ),
    ];
    for (name, edit, message) in cases {
        let mut v = value.clone();
        edit(&mut v);
        env.write(name, serde_json::to_vec(&v).unwrap());
        let r = env.run(&["export", name, "-f", "graphml", "-o", "g.graphml"]);
        assert_exit(&r, 1, &[message]);
        assert!(!env.path().join("g.graphml").exists());
    }
    let mut v = value.clone();
    v["version"] = 99.into();
    env.write("v99.json", serde_json::to_vec(&v).unwrap());
    let r = env.run(&["query", "v99.json", "stats"]);
    assert!(r.stderr.contains("graph version 99;"), "{}", r.stderr);
}

/// What the Neo4j export has to change (a key that is no property name, a `;` inside an alias
/// or an evidence document's id) is said on stderr with the entity or document, and letters
/// outside ASCII are kept. Each link lists its evidence documents.
#[test]
fn neo4j_export_says_what_it_changed() {
    let env = TestEnv::new();
    let graph = build_news(&env);
    let mut v = read_json(&env.path().join(&graph));
    let node = &mut v["nodes"][0];
    let id = node["id"].as_str().unwrap().to_string();
    node["aliases"]
        .as_array_mut()
        .unwrap()
        .push("Smith; Jones".into());
    node["attributes"] = serde_json::json!({"état": "x", "wiki-data": "y"});
    let edge = &mut v["edges"][0];
    let (source, target) = (edge["source"].clone(), edge["target"].clone());
    let evidence = edge["evidence"].as_array_mut().unwrap();
    evidence[0]["doc"] = "wire;007".into();
    let mut docs: Vec<String> = evidence
        .iter()
        .map(|e| e["doc"].as_str().unwrap().replace(';', ","))
        .collect();
    docs.dedup();
    env.write("g.json", serde_json::to_vec(&v).unwrap());
    let r = env.run(&["export", "g.json", "-f", "neo4j", "-o", "neo"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warnings: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        warnings,
        [
            "entigraph: warning: neo4j: attribute keys written as property names of letters, \
             digits and _: \"wiki-data\" as wiki_data"
                .to_string(),
            format!(
                "entigraph: warning: neo4j: aliases holding ';', the array delimiter of \
                 nodes.csv, written with ',' instead: \"Smith; Jones\" of {id}"
            ),
            "entigraph: warning: neo4j: evidence document ids holding ';', the array delimiter \
             of relationships.csv, written with ',' instead: \"wire;007\""
                .to_string(),
        ],
        "{}",
        r.stderr
    );
    let rows = csv_rows(&env.path().join("neo/nodes.csv"));
    assert!(rows[0].contains(&"état".to_string()), "{:?}", rows[0]);
    let row = rows.iter().find(|r| r[0] == id).unwrap();
    assert!(row[9].ends_with(";Smith, Jones"), "{row:?}");
    assert!(
        env.read("neo/load.cypher")
            .contains("so a ';'\n// inside an alias or a document id is written as ','")
    );
    let rels = csv_rows(&env.path().join("neo/relationships.csv"));
    let col = rels[0]
        .iter()
        .position(|c| c == "evidence_docs:string[]")
        .unwrap();
    let row = rels
        .iter()
        .find(|r| r[0] == source.as_str().unwrap() && r[1] == target.as_str().unwrap())
        .unwrap();
    assert_eq!(row[col], docs.join(";"), "{row:?}");
}

/// CSV, GraphML and GEXF join aliases and evidence documents with " | ": a `|` inside one is
/// written as `/` and said on stderr, so every value splits back into as many items as it was
/// made of. An attribute key opening a CSV header cell is neutralised like any cell.
#[test]
fn list_values_split_back_into_their_items() {
    let env = TestEnv::new();
    let graph = build_news(&env);
    let mut v = read_json(&env.path().join(&graph));
    let node = &mut v["nodes"][0];
    let id = node["id"].as_str().unwrap().to_string();
    node["aliases"].as_array_mut().unwrap().push("A | B".into());
    node["attributes"] = serde_json::json!({"+cmd": "1"});
    let edge = &mut v["edges"][0];
    let (source, target) = (edge["source"].clone(), edge["target"].clone());
    let evidence = edge["evidence"].as_array_mut().unwrap();
    evidence[0]["doc"] = "wire | 17".into();
    let mut docs: Vec<String> = evidence
        .iter()
        .map(|e| e["doc"].as_str().unwrap().replace('|', "/"))
        .collect();
    docs.dedup();
    env.write("g.json", serde_json::to_vec(&v).unwrap());
    for (format, out) in [("csv", "csv"), ("graphml", "g.graphml"), ("gexf", "g.gexf")] {
        let r = env.run(&["export", "g.json", "-f", format, "-o", out]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let warnings: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(
            warnings,
            [
                format!(
                    "entigraph: warning: {format}: aliases holding '|', which separates the \
                     aliases of a node, written with '/' instead: \"A | B\" of {id}"
                ),
                format!(
                    "entigraph: warning: {format}: evidence document ids holding '|', which \
                     separates the documents of a link, written with '/' instead: \"wire | 17\""
                ),
            ],
            "{}",
            r.stderr
        );
        if format != "csv" {
            let written = env.read(out);
            assert!(written.contains(&docs.join(" | ")), "{format}");
            assert!(!written.contains("wire | 17"), "{format}");
        }
    }
    let nodes = csv_rows(&env.path().join("csv/nodes.csv"));
    assert!(nodes[0].contains(&"'+cmd".to_string()), "{:?}", nodes[0]);
    assert!(!nodes[0].contains(&"+cmd".to_string()), "{:?}", nodes[0]);
    let row = nodes.iter().find(|r| r[0] == id).unwrap();
    assert!(row[10].ends_with(" | A / B"), "{row:?}");
    let edges = csv_rows(&env.path().join("csv/edges.csv"));
    let col = edges[0].iter().position(|c| c == "evidence_docs").unwrap();
    let row = edges
        .iter()
        .find(|r| r[0] == source.as_str().unwrap() && r[1] == target.as_str().unwrap())
        .unwrap();
    assert_eq!(row[col].split(" | ").count(), docs.len(), "{row:?}");
    assert_eq!(row[col], docs.join(" | "), "{row:?}");
}

#[test]
fn hostile_names_are_written_safely_in_every_format() {
    let env = TestEnv::new();
    let graph = repo_file("tests/data/export-hostile.json");
    let graph = graph.to_str().unwrap();
    let native = read_json(Path::new(graph));
    let ids = ids_of(&native);
    let p = |f: &str| env.path().join(f);
    for (format, file) in [
        ("json", "h.json"),
        ("node-link", "h.nodelink.json"),
        ("cytoscape", "h.cyjs"),
        ("gexf", "h.gexf"),
        ("graphml", "h.graphml"),
        ("dot", "h.dot"),
        ("csv", "hcsv"),
        ("neo4j", "hneo"),
    ] {
        export(&env, graph, format, file, &[]);
    }
    // JSON formats are valid and keep names exactly.
    assert_eq!(ids_of(&read_json(&p("h.json"))), ids);
    assert_eq!(ids_of(&read_json(&p("h.nodelink.json"))), ids);
    let cy = read_json(&p("h.cyjs"));
    let cy_ids: Vec<&str> = cy["elements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["data"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        cy_ids,
        ["e0_", "e1", "e2"],
        "edge e0 may not take node e0's id"
    );

    // XML: no markup from the data, no control characters.
    for file in ["h.gexf", "h.graphml"] {
        let xml = env.read(file);
        assert!(!xml.contains("<script>"), "{xml}");
        assert!(!xml.contains("<b>"), "{xml}");
        assert!(!xml.contains("<img"), "{xml}");
        assert!(
            !xml.chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        );
    }

    // CSV: formulas neutralised, ids still match between the two files.
    let nodes = csv_rows(&p("hcsv/nodes.csv"));
    let edges = csv_rows(&p("hcsv/edges.csv"));
    let node_ids: BTreeSet<&str> = nodes[1..].iter().map(|r| r[0].as_str()).collect();
    assert!(
        node_ids.contains("'=HYPERLINK(\"http://evil.example\")"),
        "{node_ids:?}"
    );
    for r in &edges[1..] {
        assert!(node_ids.contains(r[0].as_str()) && node_ids.contains(r[1].as_str()));
    }
    for row in nodes.iter().chain(&edges).skip(1) {
        for cell in row {
            if cell.parse::<f64>().is_err() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "unsafe cell {cell:?}"
                );
            }
        }
    }
    // Neo4j: exact ids, labels reduced to identifiers.
    let neo = csv_rows(&p("hneo/nodes.csv"));
    let mut neo_ids: Vec<&str> = neo[1..].iter().map(|r| r[0].as_str()).collect();
    neo_ids.sort();
    assert_eq!(neo_ids, ids);
    assert!(neo.iter().any(|r| r.last().unwrap() == "Entity;Abc"));

    if have_networkx() {
        for (kind, file) in [
            ("node-link", "h.nodelink.json"),
            ("gexf", "h.gexf"),
            ("graphml", "h.graphml"),
        ] {
            assert_eq!(networkx_load(kind, &p(file)), (ids.clone(), 3), "{kind}");
        }
    }
    if have_dot() {
        let svg = dot_svg(&p("h.dot"));
        assert_eq!(svg.matches("class=\"node\"").count(), 4);
        assert!(!svg.contains("<script>"));
    }
}

#[test]
fn export_to_a_file_says_what_it_wrote_unless_quiet() {
    let env = TestEnv::new();
    let graph = build_news(&env);
    let r = env.run(&["export", &graph, "-f", "gexf", "-o", "g.gexf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("wrote g.gexf (") && r.stdout.contains(" nodes, "),
        "{}",
        r.stdout
    );
    let r = env.run(&["export", &graph, "-f", "csv", "-o", "tables", "-q"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));
    // To standard output, the export is all there is.
    let r = env.run(&["export", &graph, "-f", "dot"]);
    assert!(
        r.stdout.starts_with("graph \"entigraph\" {"),
        "{}",
        r.stdout
    );
}

/// `export` needed --format even for `-o graph.gexf` (render tells its format from the
/// extension), and wrote GEXF into `x.graphml` without a word when told `-f gexf`.
#[test]
fn export_format_comes_from_the_extension_and_must_agree_with_it() {
    let env = TestEnv::new();
    env.write("a.txt", "Ghana and Togo opened a new port.\n");
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (file, start) in [
        ("x.gexf", "<gexf"),
        ("x.GraphML", "<graphml"),
        ("x.gv", "graph \"entigraph\""),
        ("x.cyjs", "\"elements\""),
    ] {
        let r = env.run(&["export", "g", "-o", file, "-q"]);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        assert!(env.read(file).contains(start), "{file}: {}", env.read(file));
    }
    let r = env.run(&["export", "g", "-f", "gexf", "-o", "y.graphml"]);
    assert_exit(
        &r,
        2,
        &["y.graphml: its extension names another format than --format gexf"],
    );
    assert!(!env.path().join("y.graphml").exists());
    let r = env.run(&["export", "g", "-o", "y.json"]);
    assert_exit(&r, 2, &["y.json: .json is the extension of three formats"]);
    let r = env.run(&["export", "g"]);
    assert_exit(&r, 2, &["writing to stdout needs --format"]);
    // An extension of no format is the user's choice.
    let r = env.run(&["export", "g", "-f", "graphml", "-o", "y.xml", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// An error in a graph.json said "... at line 7 column 12" after the file name instead of
/// leading with `file:line:column:`; news in JSON lines and a graph.part given by mistake got
/// serde's bare message.
#[test]
fn a_bad_graph_file_is_reported_at_its_line_and_column() {
    let env = TestEnv::new();
    env.write("a.txt", "Mali and Niger closed a border crossing.\n");
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = env.read("g/graph.json");
    let (no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("\"count\": 1,"))
        .expect("a link");
    let column = line.find("\"count\": 1,").unwrap() + "\"count\": \"one\"".len();
    env.write(
        "bad.json",
        text.replacen("\"count\": 1,", "\"count\": \"one\",", 1),
    );
    let r = env.run(&["query", "bad.json", "stats"]);
    assert_exit(
        &r,
        1,
        &[format!(
            "entigraph: bad.json:{}:{column}: invalid graph: invalid type: string \"one\", \
             expected u64\n",
            no + 1
        )],
    );
    env.write(
        "news.jsonl",
        "{\"id\": \"1\", \"text\": \"Mali\"}\n{\"id\": \"2\", \"text\": \"Niger\"}\n",
    );
    let r = env.run(&["export", "news.jsonl", "-f", "dot"]);
    assert_exit(
        &r,
        1,
        &["news.jsonl:2:1: not valid JSON: trailing characters (more than one JSON value"],
    );
    let r = env.run(&["render", "g/graph.part", "-o", "x.svg"]);
    assert_exit(
        &r,
        1,
        &["g/graph.part: gzip-compressed, not a graph.json: a partial graph"],
    );
}

/// Two evidence snippets from one article listed that article twice in `evidence_docs`
/// ("a.txt | a.txt"), as if the link were seen in two documents.
#[test]
fn evidence_docs_name_each_document_once() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Chad and Sudan shut the border. Chad and Sudan later reopened it.\n",
    );
    env.write("b.txt", "Sudan and Chad met again.\n");
    let r = env.run(&["build", "a.txt", "b.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["export", "g", "-f", "csv", "-o", "csv", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let edges = csv_rows(&env.path().join("csv/edges.csv"));
    assert_eq!(edges[1][2], "3", "{edges:?}");
    assert_eq!(edges[1][11], "a.txt | b.txt", "{edges:?}");
    for (format, file) in [("gexf", "g.gexf"), ("graphml", "g.graphml")] {
        let r = env.run(&["export", "g", "-f", format, "-o", file, "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let text = env.read(file);
        assert!(text.contains(">a.txt | b.txt<") || text.contains("\"a.txt | b.txt\""));
        assert!(!text.contains("a.txt | a.txt"), "{text}");
    }
}

/// The node-link `graph` object, read through typed structs.
#[derive(Debug, Deserialize)]
struct NodeLinkGraph {
    graph: NodeLinkTotals,
}

#[derive(Debug, PartialEq, Deserialize)]
struct NodeLinkTotals {
    documents: u64,
    windows: u64,
    crowded_windows: u64,
    mentions: u64,
    window: String,
    max_window_entities: usize,
}

/// The node-link `graph` object had the totals but not the windows that named more entities
/// than `--max-window-entities` and so added no links: a D3 page or a networkx script could
/// not tell that those windows' pairs were left out.
#[test]
fn node_link_counts_the_windows_that_named_too_many_entities() {
    let env = TestEnv::new();
    env.write("a.txt", CROWDED);
    for (limit, dir, crowded) in [("2", "two", 1), ("0", "all", 0)] {
        let r = env.run(&[
            "build",
            "-q",
            "a.txt",
            "--max-window-entities",
            limit,
            "-o",
            dir,
        ]);
        assert_exit(&r, 0, &[] as &[&str]);
        let out = format!("{dir}.nodelink.json");
        export(&env, dir, "node-link", &out, &[]);
        let nl: NodeLinkGraph = serde_json::from_str(&env.read(&out)).unwrap();
        assert_eq!(
            nl.graph,
            NodeLinkTotals {
                documents: 1,
                windows: 2,
                crowded_windows: crowded,
                mentions: 5,
                window: "sentence".into(),
                max_window_entities: limit.parse().unwrap(),
            }
        );
    }
}

/// `build` takes documents dated by month or year ("2024-07", "2024"), but GEXF wrote spells
/// for full dates only: a node first seen "2024-07" got an `end` and no `start` (in Gephi,
/// present since the beginning of time), and one seen only in "2024" no spell at all.
#[test]
fn gexf_spells_of_month_and_year_dates_span_their_period() {
    let env = TestEnv::new();
    env.write(
        "dated.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-07\", \"text\": \"Norway and Russia met.\"}\n\
         {\"id\": \"b\", \"date\": \"2024-08-15\", \"text\": \"Norway and Finland met.\"}\n\
         {\"id\": \"c\", \"date\": \"2024\", \"text\": \"Chile and Peru met.\"}\n\
         {\"id\": \"d\", \"date\": \"2020-02\", \"text\": \"Mali and Niger met.\"}\n",
    );
    let r = env.run(&["build", "dated.jsonl", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    export(&env, "g", "gexf", "out.gexf", &[]);
    let gexf = env.read("out.gexf");
    for want in [
        r#"<node id="country:no" label="Norway" start="2024-07-01" end="2024-08-15">"#,
        r#"<node id="country:ru" label="Russia" start="2024-07-01" end="2024-07-31">"#,
        r#"<node id="country:cl" label="Chile" start="2024-01-01" end="2024-12-31">"#,
        r#"<node id="country:ml" label="Mali" start="2020-02-01" end="2020-02-29">"#,
        r#"target="country:ru" weight="1" start="2024-07-01" end="2024-07-31">"#,
        r#"target="country:pe" weight="1" start="2024-01-01" end="2024-12-31">"#,
    ] {
        assert!(gexf.contains(want), "{want} in\n{gexf}");
    }
    // Every node and link has a spell: none is present throughout.
    let elements = gexf.matches("<node ").count() + gexf.matches("<edge ").count();
    assert_eq!(gexf.matches(" start=\"").count(), elements, "{gexf}");
    assert_eq!(gexf.matches(" end=\"").count(), elements, "{gexf}");
    if have_networkx() {
        let (nodes, edges) = networkx_load("gexf", &env.path().join("out.gexf"));
        assert_eq!((nodes.len(), edges), (7, 4));
    }
}
