//! Tests of `entigraph build`.

use serde::Deserialize;

use crate::util::{TestEnv, assert_exit, repo_file};

/// The parts of graph.json the tests look at, read through typed structs.
#[derive(Deserialize)]
pub struct GraphJson {
    pub format: String,
    pub version: u32,
    pub manifest: Manifest,
    pub nodes: Vec<NodeJson>,
    pub edges: Vec<EdgeJson>,
}

#[derive(Deserialize)]
pub struct Manifest {
    pub documents: u64,
    pub windows: u64,
    pub crowded_windows: u64,
    pub skipped: u64,
    pub gazetteer: GazetteerJson,
}

#[derive(Deserialize)]
pub struct GazetteerJson {
    pub hash: String,
    pub entities: usize,
}

#[derive(Deserialize)]
pub struct NodeJson {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub source: String,
    pub mentions: u64,
    pub documents: u64,
}

#[derive(Deserialize)]
pub struct EdgeJson {
    pub source: String,
    pub target: String,
    pub count: u64,
    pub documents: u64,
    pub evidence: Vec<EvidenceJson>,
}

#[derive(Deserialize)]
pub struct EvidenceJson {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub snippet: String,
}

pub fn read_graph(env: &TestEnv, path: &str) -> GraphJson {
    serde_json::from_str(&env.read(path)).expect("graph.json parses")
}

fn has_edge(g: &GraphJson, a: &str, b: &str) -> bool {
    g.edges
        .iter()
        .any(|e| (e.source == a && e.target == b) || (e.source == b && e.target == a))
}

/// The README's first command, run as a new user would (default output directory).
#[test]
fn readme_quick_start_builds_the_sample() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let cmd = "cargo run --release -- build samples/arctic-talks.txt";
    assert!(readme.contains(cmd), "README must show: {cmd}");
    let env = TestEnv::new();
    let sample = repo_file("samples/arctic-talks.txt");
    let r = env.run(&["build", sample.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("wrote output/graph.json"), "{}", r.stdout);
    let g = read_graph(&env, "output/graph.json");
    assert_eq!((g.format.as_str(), g.version), ("entigraph", 1));
    assert_eq!(g.manifest.documents, 1);
    for id in [
        "country:no",
        "country:ru",
        "country:us",
        "country:cn",
        "person:marco-rubio",
        "person:mark-rutte",
        "agency:nato",
        "agency:imo",
        "discovered:espen-barth-eide",
        "discovered:alexander-grushko",
    ] {
        assert!(g.nodes.iter().any(|n| n.id == id), "node {id} missing");
    }
    let eide = g
        .nodes
        .iter()
        .find(|n| n.id == "discovered:espen-barth-eide")
        .unwrap();
    assert_eq!(
        (
            eide.mentions,
            eide.documents,
            eide.source.as_str(),
            eide.kind.as_str()
        ),
        (3, 1, "discovered", "person")
    );
    assert!(has_edge(&g, "country:no", "country:ru"));
    assert!(has_edge(&g, "discovered:alexander-grushko", "country:ru"));
    let dot = env.read("output/graph.dot");
    assert!(dot.starts_with("graph \"entigraph\" {"));
}

/// Splits a README command line into words: double quotes group, `#` starts a comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let (mut word, mut quoted, mut any) = (String::new(), false, false);
    for c in line.chars() {
        match c {
            '"' => (quoted, any) = (!quoted, true),
            '#' if !quoted => break,
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// The README's "Explore, export, draw" commands run on the graph of the shipped sample, and
/// its graph.json example shows that graph's numbers.
#[test]
fn readme_explore_commands_and_example_hold_for_the_sample() {
    let readme = std::fs::read_to_string(repo_file("README.md")).unwrap();
    let env = TestEnv::new();
    std::fs::create_dir(env.path().join("samples")).unwrap();
    std::fs::copy(
        repo_file("samples/arctic-talks.txt"),
        env.path().join("samples/arctic-talks.txt"),
    )
    .unwrap();
    let r = env.run(&["build", "-q", "samples/arctic-talks.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let section = readme
        .split("## Explore, export, draw")
        .nth(1)
        .and_then(|s| s.split("```sh").nth(1))
        .and_then(|s| s.split("```").next())
        .expect("the README's Explore section has a shell block");
    let mut ran = 0;
    for line in section.lines() {
        let words = shell_words(line);
        let args: Vec<&str> = words.iter().skip(1).map(String::as_str).collect();
        // Pictures need Graphviz (tested with it elsewhere); diff needs two graphs.
        let picture = args.first() == Some(&"render") && !line.contains(".html");
        if words.first().map(String::as_str) != Some("entigraph")
            || picture
            || args.first() == Some(&"diff")
        {
            continue;
        }
        let r = env.run(&args);
        assert_eq!(r.code, 0, "README: {line}\n{}", r.stderr);
        ran += 1;
    }
    assert!(ran >= 12, "{ran} commands run");
    // The graph.json example.
    let g: serde_json::Value = serde_json::from_str(&env.read("output/graph.json")).unwrap();
    let m = &g["manifest"];
    let find = |list: &str, key: &str, value: &str| {
        g[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x[key] == value)
            .unwrap()
            .clone()
    };
    let norway = find("nodes", "id", "country:no");
    let edge = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "country:no" && e["target"] == "country:ru")
        .unwrap();
    for shown in [
        format!(
            "\"entities\": {}, \"builtin\": true",
            m["gazetteer"]["entities"]
        ),
        format!(
            "\"name\": \"samples/arctic-talks.txt\", \"documents\": 1, \"bytes\": {}",
            m["inputs"][0]["bytes"]
        ),
        format!(
            "\"documents\": 1, \"windows\": {}, \"crowded_windows\": {}, \"mentions\": {}",
            m["windows"], m["crowded_windows"], m["mentions"]
        ),
        format!(
            "\"mentions\": {}, \"documents\": 1, \"windows\": {},",
            norway["mentions"], norway["windows"]
        ),
        format!(
            "\"count\": {}, \"documents\": 1,\n     \"jaccard\": {}, \"dice\": {}, \"pmi\": {}, \
             \"npmi\": {}, \"g2\": {},",
            edge["count"], edge["jaccard"], edge["dice"], edge["pmi"], edge["npmi"], edge["g2"]
        ),
        format!(
            "\"start\": {}, \"end\": {},",
            edge["evidence"][0]["start"], edge["evidence"][0]["end"]
        ),
    ] {
        assert!(
            readme.contains(&shown),
            "README's graph.json example must show {shown}"
        );
    }
}

#[test]
fn evidence_spans_slice_the_document() {
    let env = TestEnv::new();
    let text = std::fs::read_to_string(repo_file("samples/arctic-talks.txt")).unwrap();
    env.write("a.txt", &text);
    let r = env.run(&["build", "a.txt", "-o", "out", "--evidence", "2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = read_graph(&env, "out/graph.json");
    assert!(!g.edges.is_empty());
    for e in &g.edges {
        assert!(e.source < e.target, "edges are ordered");
        assert!(!e.evidence.is_empty() && e.evidence.len() <= 2);
        assert!(e.evidence.len() as u64 <= e.count);
        for ev in &e.evidence {
            assert_eq!(ev.doc, "a.txt");
            let window: String = text[ev.start..ev.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                window.starts_with(ev.snippet.trim_end_matches('…')),
                "{window:?} / {:?}",
                ev.snippet
            );
        }
    }
}

#[test]
fn same_input_gives_the_same_bytes_with_any_thread_count() {
    let env = TestEnv::new();
    let sample = std::fs::read_to_string(repo_file("samples/arctic-talks.txt")).unwrap();
    let mut jsonl = String::new();
    for i in 0..40 {
        let doc = serde_json::json!({"id": format!("doc-{i:03}"), "text": sample});
        jsonl.push_str(&doc.to_string());
        jsonl.push('\n');
    }
    env.write("corpus.jsonl", &jsonl);
    for (dir, threads) in [("one", "1"), ("two", "2"), ("again", "2")] {
        let r = env.run(&[
            "build",
            "corpus.jsonl",
            "-o",
            dir,
            "--threads",
            threads,
            "-q",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.stdout, "", "--quiet prints nothing");
    }
    assert_eq!(env.read("one/graph.json"), env.read("two/graph.json"));
    assert_eq!(env.read("one/graph.json"), env.read("again/graph.json"));
    assert_eq!(env.read("one/graph.dot"), env.read("two/graph.dot"));
    let g = read_graph(&env, "one/graph.json");
    assert_eq!(g.manifest.documents, 40);
    let no_ru = g
        .edges
        .iter()
        .find(|e| e.source == "country:no" && e.target == "country:ru")
        .unwrap();
    assert_eq!(no_ru.documents, 40);
    // Evidence is chosen by document id, whatever the order of processing.
    assert_eq!(no_ru.evidence[0].doc, "doc-000");
}

#[test]
fn windows_change_what_counts_as_together() {
    let env = TestEnv::new();
    env.write(
        "t.txt",
        "Norway protested. Russia objected.\n\nChina stayed silent.\n",
    );
    let count = |window: &str| {
        let r = env.run(&["build", "t.txt", "-o", window, "--window", window, "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        read_graph(&env, &format!("{window}/graph.json"))
            .edges
            .len()
    };
    assert_eq!(count("sentence"), 0);
    assert_eq!(count("paragraph"), 1);
    assert_eq!(count("document"), 3);
}

#[test]
fn user_gazetteer_adds_and_overrides_entries() {
    let env = TestEnv::new();
    env.write(
        "mine.tsv",
        "id\ttype\tname\taliases\tattributes\n\
         agency:acme\tagency\tAcme Watch\tabbreviation=AWX\tcountry=no\n\
         country:no\tcountry\tKingdom of Norway\tNorway|demonym=Norwegian\tiso2=NO\n",
    );
    env.write("t.txt", "AWX said Norway agreed.");
    let r = env.run(&["build", "t.txt", "-g", "mine.tsv", "-o", "out", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = read_graph(&env, "out/graph.json");
    assert!(has_edge(&g, "agency:acme", "country:no"));
    let no = g.nodes.iter().find(|n| n.id == "country:no").unwrap();
    assert_eq!(no.label, "Kingdom of Norway");

    let r = env.run(&[
        "build",
        "t.txt",
        "-g",
        "mine.tsv",
        "--no-builtin",
        "-o",
        "only",
        "-q",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = read_graph(&env, "only/graph.json");
    assert_eq!(g.manifest.gazetteer.entities, 2);
    assert!(!g.manifest.gazetteer.hash.is_empty());
}

#[test]
fn a_bad_gazetteer_row_is_located_and_nothing_is_written() {
    let env = TestEnv::new();
    env.write("bad.tsv", "agency:x\tagency\tX\tnick=Y\t\n");
    env.write("t.txt", "Norway.");
    let r = env.run(&["build", "t.txt", "-g", "bad.tsv", "-o", "out"]);
    assert_exit(&r, 1, &["bad.tsv:1:19: unknown alias form \"nick\""]);
    assert!(!env.path().join("out").exists());
}

#[test]
fn jsonl_and_stdin_inputs() {
    let env = TestEnv::new();
    env.write(
        "c.jsonl",
        "{\"id\":\"a\",\"text\":\"Norway and Russia met.\",\"date\":\"2024-03-01\"}\n\
         not json\n\
         {\"id\":\"b\",\"text\":\"Russia and Norway met again.\",\"date\":\"2024-03-09\"}\n",
    );
    let r = env.run(&["build", "c.jsonl", "-o", "out", "-q"]);
    // A skipped line gives exit code 3; what is wrong is said in plain words before serde's.
    assert_exit(
        &r,
        3,
        &[
            "skipped: c.jsonl:2: not a JSON object (each line of a JSONL file must be one {...} \
           object): expected ident at column 2; line skipped",
        ],
    );
    let g = read_graph(&env, "out/graph.json");
    assert_eq!(g.manifest.skipped, 1);
    let e = &g.edges[0];
    assert_eq!((e.count, e.documents), (2, 2));
    let raw: serde_json::Value = serde_json::from_str(&env.read("out/graph.json")).unwrap();
    assert_eq!(raw["edges"][0]["first_seen"], "2024-03-01");
    assert_eq!(raw["edges"][0]["last_seen"], "2024-03-09");

    let r = env.run_stdin(&["build", "-", "-o", "-"], Some(b"China and Russia."));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g: GraphJson = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(g.edges.len(), 1);

    // JSON lines piped in, plain or gzipped, or saved under another name, are known by their
    // first line: one document a line, not one text whose articles all link.
    let lines = env.read("c.jsonl").replace("not json\n", "");
    let gz = {
        use std::io::Write;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(lines.as_bytes()).unwrap();
        z.finish().unwrap()
    };
    env.write("dump.txt", &lines);
    for (args, input) in [
        (&["build", "-", "-o", "-"][..], Some(lines.as_bytes())),
        (&["build", "-", "-o", "-"][..], Some(&gz[..])),
        (&["build", "dump.txt", "-o", "-"][..], None),
    ] {
        let r = env.run_stdin(args, input);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let g: GraphJson = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(g.manifest.documents, 2, "{args:?}");
        assert_eq!((g.edges[0].count, g.edges[0].documents), (2, 2), "{args:?}");
    }
    // Text that begins with a brace but is no JSON line of a document stays text.
    let r = env.run_stdin(
        &["build", "-", "-o", "-"],
        Some(b"{draft} China and Russia.\n{\"id\":1}"),
    );
    let g: GraphJson = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!((g.manifest.documents, g.edges.len()), (1, 1));
}

/// A JSONL export names its fields its own way (a news API's "url", "body", "published"): the
/// user names them, and a line without the text's field lists the fields it has.
#[test]
fn jsonl_fields_can_be_named() {
    let env = TestEnv::new();
    env.write(
        "api.jsonl",
        "{\"url\":\"https://n.example/1\",\"body\":\"Norway and Russia met.\",\"published\":\"2024-03-01\",\"headline\":\"Talks\"}\n\
         {\"url\":\"https://n.example/2\",\"body\":\"Russia and Norway met again.\",\"published\":\"2024-03-09\"}\n",
    );
    let r = env.run(&["build", "api.jsonl", "-o", "out", "-q"]);
    assert_exit(
        &r,
        1,
        &[
            "api.jsonl:1: no \"text\" field (its fields: body, headline, published, url; \
           --text-field names the text's); line skipped",
        ],
    );
    let r = env.run(&[
        "build",
        "api.jsonl",
        "-o",
        "out",
        "-q",
        "--text-field",
        "body",
        "--id-field",
        "url",
        "--date-field",
        "published",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = read_graph(&env, "out/graph.json");
    let e = &g.edges[0];
    assert_eq!((e.count, e.documents), (2, 2));
    let docs: Vec<&str> = e.evidence.iter().map(|x| x.doc.as_str()).collect();
    assert_eq!(docs, ["https://n.example/1", "https://n.example/2"]);
    let raw: serde_json::Value = serde_json::from_str(&env.read("out/graph.json")).unwrap();
    assert_eq!(raw["edges"][0]["first_seen"], "2024-03-01");
    assert_eq!(raw["edges"][0]["last_seen"], "2024-03-09");

    // An empty id is no id: the line's place, as for a CSV row.
    env.write(
        "blank-id.jsonl",
        "{\"id\":\" \",\"text\":\"Norway and Russia met.\"}\n",
    );
    let r = env.run(&["extract", "blank-id.jsonl"]);
    assert!(
        r.stdout.contains("\"doc\":\"blank-id.jsonl:1\""),
        "{}",
        r.stdout
    );

    let r = env.run(&["extract", "api.jsonl", "--text-field", "body"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"doc\":\"api.jsonl:1\""), "{}", r.stdout);

    let r = env.run(&[
        "build",
        "api.jsonl",
        "--text-field",
        "url",
        "--id-field",
        "url",
    ]);
    assert_exit(
        &r,
        2,
        &["--text-field and --id-field both name the field \"url\""],
    );
}

/// Titles and addresses go with the evidence, from the fields the user names; an optional field
/// another role takes ("--id-field url") is not read for its own role.
#[test]
fn titles_and_addresses_come_from_named_fields() {
    let env = TestEnv::new();
    env.write(
        "api.jsonl",
        "{\"url\":\"https://n.example/1\",\"body\":\"Norway and Russia met.\",\"headline\":\" Talks \"}\n\
         {\"url\":7,\"body\":\"Russia and Norway met again.\",\"headline\":\"\"}\n",
    );
    env.write(
        "feed.csv",
        "link,headline,text\nhttps://n.example/3,Arctic talks,Norway and Russia met.\n,,Norway and Russia met.\n",
    );
    let evidence = |graph: &str| -> Vec<serde_json::Value> {
        let g: serde_json::Value = serde_json::from_str(&env.read(graph)).unwrap();
        g["edges"][0]["evidence"].as_array().unwrap().clone()
    };
    let r = env.run(&[
        "build",
        "api.jsonl",
        "-o",
        "a",
        "-q",
        "--text-field",
        "body",
        "--title-field",
        "headline",
    ]);
    // An address that is not a string is none, with a warning (it was dropped silently).
    assert_exit(
        &r,
        0,
        &["warning: api.jsonl:2: \"url\" is 7, not a string; counted without an address"],
    );
    let ev = evidence("a/graph.json");
    assert_eq!(ev[0]["doc"], "api.jsonl:1");
    assert_eq!(ev[0]["url"], "https://n.example/1");
    assert_eq!(ev[0]["title"], "Talks");
    // Not a string, or empty: none.
    assert_eq!(ev[1].get("url"), None);
    assert_eq!(ev[1].get("title"), None);

    // The address as the id: no address field besides.
    let r = env.run(&[
        "build",
        "api.jsonl",
        "-o",
        "b",
        "-q",
        "--text-field",
        "body",
        "--id-field",
        "url",
    ]);
    assert_exit(&r, 0, &[""; 0]);
    let ev = evidence("b/graph.json");
    let docs: Vec<&serde_json::Value> = ev.iter().map(|e| &e["doc"]).collect();
    assert_eq!(docs, ["7", "https://n.example/1"]);
    assert!(ev.iter().all(|e| e.get("url").is_none()), "{ev:?}");
    // Named twice on purpose, it is still a usage error.
    let r = env.run(&[
        "build",
        "api.jsonl",
        "--text-field",
        "body",
        "--id-field",
        "url",
        "--url-field",
        "url",
        "--title-field",
        "url",
    ]);
    assert_exit(
        &r,
        2,
        &["--id-field and --title-field both name the field \"url\""],
    );

    let r = env.run(&[
        "build",
        "feed.csv",
        "-o",
        "c",
        "-q",
        "--url-field",
        "link",
        "--title-field",
        "headline",
    ]);
    assert_exit(&r, 0, &[""; 0]);
    let ev = evidence("c/graph.json");
    assert_eq!(ev[0]["doc"], "feed.csv:2");
    assert_eq!(ev[0]["url"], "https://n.example/3");
    assert_eq!(ev[0]["title"], "Arctic talks");
    assert_eq!(ev[1].get("url"), None);
    // Columns match in any case: a field another reads is not read twice.
    let r = env.run(&[
        "build",
        "feed.csv",
        "-o",
        "e",
        "-q",
        "--title-field",
        "TEXT",
    ]);
    assert_exit(
        &r,
        0,
        &[
            "feed.csv: --title-field names the column \"text\", which another field reads; not \
           read for --title-field",
        ],
    );
    assert!(
        evidence("e/graph.json")
            .iter()
            .all(|e| e.get("title").is_none())
    );
    // A title is cut; an address too long for one is left out, with a warning.
    env.write(
        "long.jsonl",
        format!(
            "{{\"title\":\"{}\",\"url\":\"https://n.example/{}\",\"text\":\"Norway and Russia met.\"}}\n",
            "é".repeat(400),
            "x".repeat(3000)
        ),
    );
    let r = env.run(&["build", "long.jsonl", "-o", "f", "-q"]);
    assert_exit(
        &r,
        0,
        &["long.jsonl:1: \"url\" is 3018 bytes long, more than an address has (2048); left out"],
    );
    let ev = evidence("f/graph.json");
    let title = ev[0]["title"].as_str().unwrap();
    assert_eq!(title.chars().count(), 300);
    assert!(title.ends_with("é…"), "{title}");
    assert_eq!(ev[0].get("url"), None);
    // A column named that is not there is warned of.
    let r = env.run(&[
        "build",
        "feed.csv",
        "-o",
        "d",
        "-q",
        "--url-field",
        "address",
    ]);
    assert_exit(
        &r,
        0,
        &["feed.csv: no \"address\" column for --url-field (its columns: link, headline, text)"],
    );
    // JSON in a .json file is read as one text document, as any file of another name, and
    // said to be.
    env.write(
        "articles.json",
        "[{\"id\": \"a\", \"text\": \"Norway and Russia met.\"}]\n",
    );
    let r = env.run(&["build", "articles.json", "-o", "j", "-q"]);
    assert_exit(
        &r,
        0,
        &[
            "warning: articles.json: JSON read as plain text, one document: for one article a \
           line, name it .jsonl or give --input-format jsonl",
        ],
    );
    // So is a JSONL field no line has (once per file; not the default names, often absent).
    env.write(
        "plain.jsonl",
        "{\"id\":\"a\",\"text\":\"Norway and Russia met.\"}\n{\"id\":\"b\",\"text\":\"Norway.\"}\n",
    );
    let r = env.run(&[
        "build",
        "plain.jsonl",
        "-o",
        "p",
        "-q",
        "--date-field",
        "published",
        "--url-field",
        "link",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "entigraph: warning: plain.jsonl: no line has a \"published\" field for \
             --date-field (the fields of its first document: id, text)",
            "entigraph: warning: plain.jsonl: no line has a \"link\" field for --url-field (the \
             fields of its first document: id, text)",
        ]
    );
    let r = env.run(&["build", "plain.jsonl", "-o", "p", "-q"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// Two stories of one id in a file (an export that repeats a story, or numbers its rows per
/// day) are each counted, as before, with one warning per file at the first id used again:
/// evidence would name them alike. The same id in two files is not told.
/// A JSONL id may be a number (kept as written) or a string (trimmed, as a CSV cell is); a
/// title that is no string, or an id that is neither (a list, an object, true), is told with
/// its line and field, and the document still counted: under the line's place for such an id.
#[test]
fn jsonl_fields_of_other_types_are_told_and_the_document_counted() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        "{\"id\":17,\"title\":5,\"text\":\"Norway and Russia met.\"}\n\
         {\"id\":\" 18 \",\"title\":\"Talks\",\"text\":\"Norway and Russia met.\"}\n\
         {\"id\":{\"$oid\":\"5f1a\"},\"text\":\"Norway and Russia met.\"}\n",
    );
    env.write("feed.csv", "id,title,text\n 19 ,5,Norway and Russia met.\n");
    let r = env.run(&["extract", "feed.jsonl", "feed.csv"]);
    assert_exit(
        &r,
        0,
        &[
            "warning: feed.jsonl:1: \"title\" is 5, not a string; counted without a title",
            "warning: feed.jsonl:3: \"id\" is {\"$oid\":\"5f1a\"}, not a string or number; \
             counted with the line's place, feed.jsonl:3, as its id",
        ],
    );
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
    let mut docs: Vec<String> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string())
        .collect();
    docs.dedup();
    assert_eq!(docs, ["\"17\"", "\"18\"", "\"feed.jsonl:3\"", "\"19\""]);
}

#[test]
fn ids_used_again_in_a_file_are_warned_of_once() {
    let env = TestEnv::new();
    let line = |id: u32, text: &str| format!("{{\"id\":{id},\"text\":\"{text}\"}}\n");
    let day: String = (1..=30)
        .map(|i| line(i % 3, "Norway and Russia met."))
        .collect();
    env.write("feed/a.jsonl", &day);
    env.write("feed/b.jsonl", line(1, "China and Russia met."));
    let r = env.run(&["build", "feed", "-o", "out"]);
    assert_exit(
        &r,
        0,
        &[
            "warning: feed/a.jsonl:4: id \"1\" already used in this file (27 documents with an id \
           used before); each is counted as a document of its own",
        ],
    );
    assert_eq!(r.stderr.matches("already used").count(), 1, "{}", r.stderr);
    let g = read_graph(&env, "out/graph.json");
    assert_eq!(g.manifest.documents, 31);
}

/// A spreadsheet of articles (a media monitoring export) is one document per row; a bad row is
/// located and skipped, and the rows after it are read.
#[test]
fn csv_rows_are_documents() {
    let env = TestEnv::new();
    env.write(
        "feed.csv",
        "\u{feff}url,published,headline,body\n\
         https://n.example/1,2024-03-01,Talks,\"Norway and Russia met, and talked.\"\n\
         https://n.example/2,2024-03-09\n\
         https://n.example/3,2024-03-11,Again,\"Russia and Norway met again.\n\nA second paragraph.\"\n\
         ,not a date,,Norway and Russia signed.\n",
    );
    let r = env.run(&[
        "build",
        "feed.csv",
        "-o",
        "out",
        "-q",
        "--text-field",
        "body",
        "--id-field",
        "url",
        "--date-field",
        "published",
    ]);
    assert_exit(
        &r,
        3,
        &[
            "feed.csv:3: 2 cells where the header has 4; row skipped",
            "feed.csv:7: \"published\" \"not a date\" is not a day of the calendar",
        ],
    );
    let g = read_graph(&env, "out/graph.json");
    assert_eq!((g.manifest.documents, g.manifest.skipped), (3, 1));
    let e = &g.edges[0];
    assert_eq!((e.count, e.documents), (3, 3));
    let docs: Vec<&str> = e.evidence.iter().map(|x| x.doc.as_str()).collect();
    assert_eq!(
        docs,
        ["feed.csv:7", "https://n.example/1", "https://n.example/3"]
    );

    // Without the text's column named, a file taken for CSV by its name may be any table: it
    // is read as text, with the columns it has. Read as CSV on purpose, it is skipped.
    let r = env.run(&["build", "feed.csv", "-o", "out2", "-q"]);
    assert_exit(
        &r,
        0,
        &[
            "feed.csv: no \"text\" column (its columns: url, published, headline, body; \
           --text-field names the text's); read as one text document",
        ],
    );
    assert_eq!(read_graph(&env, "out2/graph.json").manifest.documents, 1);
    let r = env.run(&[
        "build",
        "feed.csv",
        "-o",
        "out2",
        "-q",
        "--input-format",
        "csv",
    ]);
    assert_exit(&r, 1, &["feed.csv: no \"text\" column", "file skipped"]);
    // Spreadsheets in many locales export with semicolons (and Windows line ends).
    env.write(
        "semi.csv",
        "id;text\r\ns1;\"Norway; Russia and China met.\"\r\ns2;China and Norway met.\r\n",
    );
    let r = env.run(&["build", "semi.csv", "-o", "semi", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = read_graph(&env, "semi/graph.json");
    assert_eq!((g.manifest.documents, g.edges.len()), (2, 3));
    // As plain text, the file is one document.
    let r = env.run(&[
        "build",
        "feed.csv",
        "-o",
        "out3",
        "-q",
        "--input-format",
        "text",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(read_graph(&env, "out3/graph.json").manifest.documents, 1);
}

/// Notes and summaries agree in number with what they count: "more than 1 entity", "1 link"
/// (were "1 entities", "1 links").
#[test]
fn notes_and_summaries_agree_in_number() {
    let env = TestEnv::new();
    env.write("t.txt", "France and Germany met in June.");
    let r = env.run(&["build", "t.txt", "-o", "one", "--max-window-entities", "1"]);
    assert_exit(
        &r,
        0,
        &["note: 1 window named more than 1 entity (lists, not relations)"],
    );
    let r = env.run(&["build", "t.txt", "-o", "g", "-q"]);
    assert_exit(&r, 0, &[] as &[&str]);
    let r = env.run(&["export", "g", "-f", "node-link", "-o", "nl.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("(2 nodes, 1 link)"), "{}", r.stdout);
}

/// A `.tsv` of one column ("text") is split at tabs, so a comma in the text is no delimiter:
/// its rows were skipped as having two cells where the header has one.
#[test]
fn a_tsv_of_one_column_keeps_rows_with_commas() {
    let env = TestEnv::new();
    env.write(
        "one.tsv",
        "text\nNorway met Russia, then China.\nChile, Peru and Bolivia met.\n",
    );
    let r = env.run(&["build", "one.tsv", "-o", "out", "-q"]);
    assert_exit(&r, 0, &[] as &[&str]);
    let g = read_graph(&env, "out/graph.json");
    assert_eq!((g.manifest.documents, g.edges.len()), (2, 6));
    // A one-column .csv is still split at commas: the comma is a delimiter there.
    env.write(
        "one.csv",
        "text\nChile met Peru.\nNorway met Russia, then China.\n",
    );
    let r = env.run(&["build", "one.csv", "-o", "csv", "-q"]);
    assert_exit(
        &r,
        3,
        &["skipped: one.csv:3: 2 cells where the header has 1"],
    );
}

/// What spreadsheet programs and export tools write: Windows line ends (rows located on the
/// line they start on), a quoted cell left open, an empty export, a header cell with a line
/// break, column names in other case, Excel's "sep=" line, a misnamed column, a column named
/// twice, UTF-16.
#[test]
fn csv_as_spreadsheets_write_it() {
    let env = TestEnv::new();
    env.write(
        "crlf.csv",
        "id,text,date\r\n,\"Norway and\r\nRussia met.\",2024-13-45\r\nb,x,y,z\r\n",
    );
    let r = env.run(&["build", "crlf.csv", "-o", "crlf", "-q"]);
    assert_exit(
        &r,
        3,
        &[
            "warning: crlf.csv:2: \"date\" \"2024-13-45\" is not a day",
            "skipped: crlf.csv:4: 4 cells where the header has 3",
        ],
    );
    let g = read_graph(&env, "crlf/graph.json");
    assert_eq!(g.edges[0].evidence[0].doc, "crlf.csv:2");

    env.write(
        "open.csv",
        "id,text\nq1,\"Norway met Russia.\nq2,China met Russia.\nq3,Chile met Peru.\n",
    );
    // A quoted cell open at the end of the file: the last row is not finished (a feed read
    // mid-write), or a closing quote is missing; left for a later run, not skipped.
    let r = env.run(&["build", "open.csv", "-o", "open", "-q"]);
    assert_exit(
        &r,
        0,
        &[
            "warning: open.csv:2: the last row is not finished (a quoted cell is still open at the \
           end of the file; if the file is whole, a closing quote is missing",
        ],
    );
    assert_eq!(read_graph(&env, "open/graph.json").manifest.documents, 0);

    // A closing quote missing mid-file: the cell runs on to the next quote, which opened a later
    // row's cell, and takes in the rows between with the cell count right.
    env.write(
        "unclosed.csv",
        "id,text\nq1,\"Norway met Russia.\nq2,China met Russia.\nq3,\"Chile met Peru.\"\n\
         q4,India met Nepal.\n",
    );
    let r = env.run(&["build", "unclosed.csv", "-o", "unclosed", "-q"]);
    assert_exit(
        &r,
        3,
        &[
            "skipped: unclosed.csv:2: a quoted cell opened on this line is closed on line 4 and \
           goes on after its closing quote: a closing quote is probably missing",
        ],
    );
    let g = read_graph(&env, "unclosed/graph.json");
    assert_eq!(g.manifest.documents, 1);
    assert_eq!(g.edges.len(), 1, "India and Nepal only");

    env.write("empty.csv", "");
    let r = env.run(&[
        "build",
        "empty.csv",
        "-o",
        "empty",
        "-q",
        "--input-format",
        "csv",
    ]);
    assert_exit(&r, 0, &[""; 0]);
    assert_eq!(read_graph(&env, "empty/graph.json").manifest.documents, 0);

    env.write(
        "excel.csv",
        "sep=;\r\nID;\"Article\nText\";Text\r\nx1;a;Norway and Russia met.\r\n",
    );
    let r = env.run(&[
        "build",
        "excel.csv",
        "-o",
        "excel",
        "-q",
        "--id-field",
        "Id",
    ]);
    assert_exit(&r, 0, &[""; 0]);
    let g = read_graph(&env, "excel/graph.json");
    assert_eq!(g.edges[0].evidence[0].doc, "x1");
    // "sep=" and a tab: the tab is the delimiter, not white space to trim.
    env.write("tab.csv", "sep=\t\nid\ttext\nt1\tNorway and Russia met.\n");
    let r = env.run(&["build", "tab.csv", "-o", "tab", "-q"]);
    assert_exit(&r, 0, &[""; 0]);
    let g = read_graph(&env, "tab/graph.json");
    assert_eq!(g.edges[0].evidence[0].doc, "t1");

    env.write("named.csv", "url,body,body\nu1,Norway and Russia met.,x\n");
    let r = env.run(&[
        "build",
        "named.csv",
        "-o",
        "named",
        "-q",
        "--text-field",
        "body",
        "--id-field",
        "uri",
    ]);
    assert_exit(
        &r,
        0,
        &[
            "warning: named.csv: no \"uri\" column for --id-field (its columns: url, body, body)",
            "warning: named.csv: columns named twice: body; the first of each is read",
        ],
    );

    env.write("wide.csv", "text,".repeat(5000) + "\n");
    let r = env.run(&[
        "build",
        "wide.csv",
        "-o",
        "wide",
        "-q",
        "--text-field",
        "body",
    ]);
    assert!(r.stderr.len() < 600, "{}", r.stderr);
    assert!(r.stderr.contains("and 4991 more"), "{}", r.stderr);

    env.write("utf16.csv", b"\xff\xfei\0d\0,\0t\0e\0x\0t\0\n\0".as_slice());
    let r = env.run(&["build", "utf16.csv", "ok.csv", "-o", "u16", "-q"]);
    assert!(
        r.stderr.contains(
            "skipped: utf16.csv: UTF-16 text (byte order mark FF FE, little-endian); \
                       skipped (convert it to UTF-8: iconv -f UTF-16 -t UTF-8)"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn directories_are_read_recursively_in_order() {
    let env = TestEnv::new();
    env.write("in/b/2.txt", "China and Russia.");
    env.write("in/a.txt", "Norway and Russia.");
    env.write("in/.hidden.txt", "Norway and China.");
    let r = env.run(&["build", "in", "-o", "out", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = read_graph(&env, "out/graph.json");
    assert_eq!(g.manifest.documents, 2);
    assert!(
        !has_edge(&g, "country:cn", "country:no"),
        "hidden files are skipped"
    );
}

#[test]
fn dot_labels_are_quoted_and_escaped() {
    let env = TestEnv::new();
    env.write(
        "g.tsv",
        "person:q\tperson\tSam \"The Hammer\" O\\Neil\tSam Hammer\t\nagency:z\tagency\tZ-Ünïcode Agency\t\t\n",
    );
    env.write("t.txt", "Sam Hammer visited the Z-Ünïcode Agency.");
    let r = env.run(&[
        "build",
        "t.txt",
        "-g",
        "g.tsv",
        "--no-builtin",
        "-o",
        "out",
        "-q",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dot = env.read("out/graph.dot");
    assert!(
        dot.contains(r#"label="Sam \"The Hammer\" O\\Neil""#),
        "{dot}"
    );
    assert!(dot.contains("Z-Ünïcode Agency"));
}

/// A page that lists names (a directory, a table of delegates, a scraped index) names dozens of
/// entities in one window: a list, not a relation. Its pairs grow with the square of its names
/// (one sentence listing every gazetteer name made 21 million links and an 11.8 GB graph.json),
/// so past --max-window-entities (default 10 in a sentence, 20 in a paragraph, 100 in a
/// document) it adds no links, its entities still counted.
#[test]
fn a_window_listing_more_entities_than_the_limit_adds_no_links() {
    let env = TestEnv::new();
    // 120 invented countries, listed, and two that meet in a sentence of their own.
    let names: Vec<String> = [
        "Kor", "Mal", "Tes", "Vir", "Zan", "Lum", "Dra", "Fen", "Gol", "Hib", "Jor", "Nes",
    ]
    .iter()
    .flat_map(|a| {
        [
            "ovia", "esia", "abad", "istan", "onia", "aria", "uland", "ada", "ena", "ite",
        ]
        .iter()
        .map(move |b| format!("{a}{b}"))
    })
    .collect();
    assert_eq!(names.len(), 120);
    let mut tsv =
        String::from("country:aa\tcountry\tAlvania\t\t\ncountry:bb\tcountry\tBorduria\t\t\n");
    for (i, n) in names.iter().enumerate() {
        tsv.push_str(&format!("country:x{i:03}\tcountry\t{n}\t\t\n"));
    }
    env.write("list.tsv", tsv);
    let list = names.join(", ");
    env.write(
        "a.txt",
        format!("Officials said {list} met. Alvania and Borduria signed a deal."),
    );
    env.write(
        "b.txt",
        format!("Borduria thanked Alvania.\n\nDelegates: {list}."),
    );
    let build = |out: &str, more: &[&str]| {
        let mut args = vec![
            "build",
            "a.txt",
            "b.txt",
            "-g",
            "list.tsv",
            "--no-builtin",
            "-o",
            out,
        ];
        args.extend(more);
        let r = env.run(&args);
        assert_exit(&r, 0, &[] as &[&str]);
        r
    };
    let r = build("one", &[]);
    assert!(
        r.stderr.contains(
            "entigraph: note: 2 windows named more than 10 entities (lists, not relations): \
             their entities are counted, their pairs are not (--max-window-entities)"
        ),
        "{}",
        r.stderr
    );
    let g = read_graph(&env, "one/graph.json");
    let links: Vec<(&str, &str, u64)> = (g.edges.iter())
        .map(|e| (e.source.as_str(), e.target.as_str(), e.count))
        .collect();
    assert_eq!(links, [("country:aa", "country:bb", 2)]);
    assert_eq!((g.manifest.windows, g.manifest.crowded_windows), (4, 2));
    assert_eq!(g.nodes.len(), 122);
    let listed = g.nodes.iter().find(|n| n.id == "country:x000").unwrap();
    assert_eq!((listed.mentions, listed.documents), (2, 2));
    let v: serde_json::Value = serde_json::from_str(&env.read("one/graph.json")).unwrap();
    assert_eq!(v["manifest"]["options"]["max_window_entities"], 10);
    // `query stats` shows the count with the graph's other totals.
    let r = env.run(&["query", "one/graph.json", "stats"]);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("crowded windows ") && l.ends_with(" 2")),
        "{}",
        r.stdout
    );
    let r = env.run(&["query", "one/graph.json", "stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(stats["crowded_windows"], 2);

    // No limit: every pair of the lists (120 * 119 / 2) and the two that met; no note.
    let r = build("all", &["--max-window-entities", "0"]);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
    let all = read_graph(&env, "all/graph.json");
    assert_eq!(all.edges.len(), 120 * 119 / 2 + 1);
    assert_eq!(all.manifest.crowded_windows, 0);
    let pair = |a: &str, b: &str| all.edges.iter().find(|e| e.source == a && e.target == b);
    assert_eq!(
        pair("country:x000", "country:x119").map(|e| e.count),
        Some(2)
    );
    assert_eq!(pair("country:aa", "country:bb").map(|e| e.count), Some(2));
    // A limit the lists do not pass: the same graph.
    build("wide", &["--max-window-entities", "120"]);
    assert_eq!(
        read_graph(&env, "wide/graph.json").edges.len(),
        all.edges.len()
    );

    // Two halves mapped apart and merged, or one appended to the other: one build's bytes.
    for (half, part) in [("a.txt", "a.part"), ("b.txt", "b.part")] {
        let r = env.run(&[
            "map",
            "-q",
            half,
            "-g",
            "list.tsv",
            "--no-builtin",
            "-o",
            part,
        ]);
        assert_exit(&r, 0, &[] as &[&str]);
    }
    let r = env.run(&["merge", "-q", "a.part", "b.part", "-o", "merged"]);
    assert_exit(&r, 0, &[] as &[&str]);
    assert_eq!(env.read("merged/graph.json"), env.read("one/graph.json"));
    let gaz = ["-g", "list.tsv", "--no-builtin"];
    let r = env.run(&[&["build", "-q", "a.txt", "-o", "appended"][..], &gaz].concat());
    assert_exit(&r, 0, &[] as &[&str]);
    let r = env.run(&[&["build", "-q", "--append", "appended", "b.txt"][..], &gaz].concat());
    assert_exit(&r, 0, &[] as &[&str]);
    assert_eq!(env.read("appended/graph.json"), env.read("one/graph.json"));

    // Pairs counted under another limit are not the same pairs: refused, naming the option.
    env.write("c.txt", "Alvania and Borduria met again.");
    let r = env.run(
        &[
            &[
                "build",
                "--append",
                "one",
                "c.txt",
                "--max-window-entities",
                "0",
            ][..],
            &gaz,
        ]
        .concat(),
    );
    assert_exit(
        &r,
        1,
        &[
            "entigraph: one/graph.part: cannot append: options.max_window_entities was 10 \
           there but is 0 in this run (use the same gazetteer and options as the graph was \
           built with: --max-window-entities 10)",
        ],
    );
    let r = env.run(&[
        "map",
        "-q",
        "c.txt",
        "-g",
        "list.tsv",
        "--no-builtin",
        "--max-window-entities",
        "5",
        "-o",
        "c.part",
    ]);
    assert_exit(&r, 0, &[] as &[&str]);
    let r = env.run(&["merge", "a.part", "c.part", "-o", "refused"]);
    assert_exit(
        &r,
        1,
        &[
            "entigraph: c.part: cannot be merged with a.part: options.max_window_entities is 5 \
           in c.part but 10 in a.part",
        ],
    );

    // The default follows the window: a team sheet of twelve names in one sentence is a list,
    // and twelve in one paragraph or document are not.
    env.write("sheet.txt", format!("Squad: {}.", names[..12].join(", ")));
    for (window, limit, links) in [
        ("sentence", 10, 0),
        ("paragraph", 20, 66),
        ("document", 100, 66),
    ] {
        let out = format!("sheet-{window}");
        let r = env.run(
            &[
                &["build", "-q", "sheet.txt", "--window", window, "-o", &out][..],
                &gaz,
            ]
            .concat(),
        );
        assert_exit(&r, 0, &[] as &[&str]);
        let v: serde_json::Value =
            serde_json::from_str(&env.read(&format!("{out}/graph.json"))).unwrap();
        assert_eq!(v["manifest"]["options"]["max_window_entities"], limit);
        assert_eq!(
            read_graph(&env, &format!("{out}/graph.json")).edges.len(),
            links
        );
    }
}

#[test]
fn a_name_with_umlauts_and_written_out_is_one_node_across_documents() {
    let env = TestEnv::new();
    env.write(
        "a.jsonl",
        "{\"id\":\"a\",\"text\":\"Coach Jürgen Klopp met Angela Merkel on Monday. Klopp smiled.\"}\n\
         {\"id\":\"b\",\"text\":\"Coach Juergen Klopp met Angela Merkel on Tuesday.\"}\n",
    );
    env.write(
        "b.jsonl",
        "{\"id\":\"c\",\"text\":\"Coach Juergen Klopp and Angela Merkel spoke on Friday.\"}\n\
         {\"id\":\"d\",\"text\":\"Coach Joel Noel met Angela Merkel. Coach Joel Noel left.\"}\n",
    );
    let r = env.run(&["build", "-q", "a.jsonl", "b.jsonl", "-o", "one"]);
    assert_exit(&r, 0, &[] as &[&str]);
    let g = read_graph(&env, "one/graph.json");
    let klopp: Vec<_> = g.nodes.iter().filter(|n| n.id.contains("klopp")).collect();
    assert_eq!(klopp.len(), 1);
    assert_eq!(klopp[0].id, "discovered:jurgen-klopp");
    assert_eq!((klopp[0].mentions, klopp[0].documents), (4, 3));
    let link = g
        .edges
        .iter()
        .find(|e| e.source == "discovered:jurgen-klopp" && e.target == "person:angela-merkel")
        .expect("one link to Merkel");
    assert_eq!(link.documents, 3);
    // "oe" that is no umlaut stays as written.
    assert!(g.nodes.iter().any(|n| n.id == "discovered:joel-noel"));
    // The join is made on the whole statistics: parts mapped apart and merged agree.
    for (input, part) in [("a.jsonl", "a.part"), ("b.jsonl", "b.part")] {
        let r = env.run(&["map", "-q", input, "-o", part]);
        assert_exit(&r, 0, &[] as &[&str]);
    }
    let r = env.run(&["merge", "-q", "a.part", "b.part", "-o", "merged"]);
    assert_exit(&r, 0, &[] as &[&str]);
    assert_eq!(env.read("merged/graph.json"), env.read("one/graph.json"));
}

/// An HTML page (a saved news page) is read as the text its reader sees: no names from its
/// scripts or menus, blocks as lines, and the page's title, date and address on the evidence.
#[test]
fn html_pages_are_read_as_their_readers_see_them() {
    let env = TestEnv::new();
    env.write(
        "pages/story.html",
        "<!DOCTYPE html><html><head><title>Talks in Paris</title>\
         <meta property=\"article:published_time\" content=\"2024-03-05T09:00:00Z\">\
         <link rel=\"canonical\" href=\"https://news.example/talks\">\
         <script>var related = \"Vladimir Putin\";</script></head><body>\
         <nav><a href=\"/china\">China</a></nav>\
         <h1>Talks in Paris</h1>\n<p>Angela Merkel met\n   Emmanuel Macron in Paris on Monday.</p>\
         <p>Officials from Ukraine joined them.</p></body></html>",
    );
    let r = env.run(&["build", "pages", "-o", "g", "-q", "--window", "document"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    let mut ids: Vec<&str> = (g["nodes"].as_array().unwrap().iter())
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "country:ua",
            "person:angela-merkel",
            "person:emmanuel-macron"
        ]
    );
    let evidence = &g["edges"][0]["evidence"][0];
    assert_eq!(evidence["title"], "Talks in Paris");
    assert_eq!(evidence["date"], "2024-03-05T09:00:00Z");
    assert_eq!(evidence["url"], "https://news.example/talks");
    // Saved "complete": its scripts and styles beside it are left out, with a note; a page
    // saved without its extension is still read as a page.
    env.write(
        "pages/story_files/app.js",
        "var trending = [\"Vladimir Putin\", \"Xi Jinping\"];",
    );
    env.write(
        "pages/wget-story",
        "<!doctype html><html><script>var x = \"Joe Biden\";</script><p>Olaf Scholz spoke.</p>",
    );
    let r = env.run(&["extract", "pages"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("pages: 1 file of web pages' scripts and styles (.js,"),
        "{}",
        r.stderr
    );
    for (found, id) in [
        (true, "person:olaf-scholz"),
        (false, "person:joe-biden"),
        (false, "person:vladimir-putin"),
    ] {
        assert_eq!(r.stdout.contains(id), found, "{id}: {}", r.stdout);
    }
    // The same page from standard input, asked for as HTML.
    let page = env.read("pages/story.html");
    let r = env.run_stdin(
        &["extract", "-", "--input-format", "html"],
        Some(page.as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains("putin") && !r.stdout.contains("country:cn"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("person:angela-merkel"), "{}", r.stdout);
}

/// An XHTML page is read as XML writes it: a self-closed `<script/>` does not swallow the rest of
/// the page, and a CDATA section's text is text. A page that shows no text (a redirect, or one
/// its scripts fill) is counted with a warning that says so.
#[test]
fn xhtml_pages_and_pages_without_text() {
    let env = TestEnv::new();
    env.write(
        "pages/story.xhtml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Talks</title>\
         <script src=\"app.js\"/></head><body><p>Angela Merkel met \
         <![CDATA[Emmanuel Macron & aides]]> in Paris.</p><div/><p>Olaf Scholz spoke.</p>\
         <script>if (a<b) { x = \"<p/>Joe Biden\"; }</script></body></html>",
    );
    // Saved without an extension, found to be XHTML by its first bytes.
    env.write("pages/saved", env.read("pages/story.xhtml"));
    env.write(
        "pages/moved.html",
        "<html><head><meta http-equiv=\"refresh\" content=\"0; url='https://news.example/b'\">\
         </head><body></body></html>",
    );
    env.write(
        "pages/app.html",
        "<html><body><div id=\"app\"></div><script>render(\"Xi Jinping\")</script></body></html>",
    );
    let r = env.run(&["extract", "pages"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for file in ["pages/story.xhtml", "pages/saved"] {
        let ids: Vec<&str> = (r.stdout.lines())
            .filter(|l| l.contains(&format!("\"doc\":\"{file}\"")))
            .map(|l| string_field(l, "id"))
            .collect();
        assert_eq!(
            ids,
            [
                "person:angela-merkel",
                "person:emmanuel-macron",
                "person:olaf-scholz"
            ],
            "{file}: {}",
            r.stdout
        );
    }
    assert!(
        r.stderr.contains(
            "pages/moved.html: page shows no text: it sends its reader on to \
             https://news.example/b"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("pages/app.html: page shows no text (a page its scripts fill"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("xi-jinping"), "{}", r.stdout);
}

/// A news outlet credited as the source ("told the BBC", "according to Reuters") is counted as
/// a mention of it, marked so by `extract`, and linked to no one: in the BBC's own stories it
/// had been linked to 214 entities, most of them people quoted.
#[test]
fn an_outlet_credited_as_the_source_is_linked_to_no_one() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Tony Blair told the BBC that Russia would sign. According to Reuters, France agreed.\n\n\
         The BBC said it would cut jobs in Wales.",
    );
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    let mut links: Vec<String> = (g["edges"].as_array().unwrap().iter())
        .map(|e| {
            format!(
                "{}-{}",
                e["source"].as_str().unwrap(),
                e["target"].as_str().unwrap()
            )
        })
        .collect();
    links.sort();
    assert_eq!(
        links,
        ["agency:bbc-country:gb-wls", "country:ru-person:tony-blair"]
    );
    let bbc = (g["nodes"].as_array().unwrap().iter())
        .find(|n| n["id"] == "agency:bbc")
        .unwrap();
    assert_eq!(bbc["mentions"], 2);
    let r = env.run(&["extract", "a.txt"]);
    let marked: Vec<&str> = (r.stdout.lines())
        .filter(|l| l.contains("\"attribution\":true"))
        .map(|l| string_field(l, "surface"))
        .collect();
    assert_eq!(marked, ["BBC", "Reuters"]);
}

/// A country named for its national team in a sports story is counted, linked to no one, and
/// marked by `extract`; in other stories the same names are linked.
#[test]
fn national_teams_in_sports_stories_join_no_link() {
    let env = TestEnv::new();
    env.write(
        "news.jsonl",
        concat!(
            r#"{"id":"rugby-1","text":"Wales 24-10 England\n\nWales beat England 24-10 in the Six Nations match on Saturday. England coach Andy Robinson said his squad had let in two tries. Tony Blair watched the game."}"#,
            "\n",
            r#"{"id":"law-1","text":"Courts in England and Wales will sit longer hours, the Ministry of Justice said."}"#,
            "\n"
        ),
    );
    let r = env.run(&["build", "news.jsonl", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    let wales_england = (g["edges"].as_array().unwrap().iter())
        .find(|e| e["source"] == "country:gb-eng" && e["target"] == "country:gb-wls")
        .expect("England - Wales linked by the law story");
    // Only the law story: the rugby story's three sentences add nothing.
    assert_eq!(wales_england["count"], 1);
    assert_eq!(wales_england["documents"], 1);
    let england = (g["nodes"].as_array().unwrap().iter())
        .find(|n| n["id"] == "country:gb-eng")
        .unwrap();
    assert_eq!(england["mentions"], 4, "the teams are counted as mentions");
    let r = env.run(&["extract", "news.jsonl"]);
    let teams = r
        .stdout
        .lines()
        .filter(|l| l.contains("\"team\":true"))
        .count();
    assert_eq!(teams, 5, "{}", r.stdout);
}

/// The value of a string field of an `extract` line (no escapes in the tests' values).
fn string_field<'a>(line: &'a str, key: &str) -> &'a str {
    let from = line.split(&format!("\"{key}\":\"")).nth(1).unwrap();
    from.split('"').next().unwrap()
}
