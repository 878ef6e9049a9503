//! Tests of the graph filters that `query` and `export` share (`--types`, `--since`, `--until`)
//! on a graph read from a file, and of `build --types`.

use serde_json::Value;

use crate::export::build_news;
use crate::util::{TestEnv, assert_exit};

#[test]
fn unknown_types_are_usage_errors_naming_the_types() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let want = "--types: no type is called \"persons\"; the types are agency, country, person";
    let r = env.run(&["query", &g, "--types", "persons", "stats"]);
    assert_exit(&r, 2, &[want]);
    assert!(r.stdout.is_empty(), "{}", r.stdout);

    let r = env.run(&[
        "export",
        &g,
        "--format",
        "node-link",
        "--types",
        "peple",
        "-o",
        "out.json",
    ]);
    assert_exit(&r, 2, &["no type is called \"peple\""]);
    assert!(!env.path().join("out.json").exists());

    // Known types, in any case, are fine, even a built-in type the graph has none of.
    let r = env.run(&["query", &g, "--types", "Person,country", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let only_countries = crate::util::repo_file("tests/data/export-news.jsonl");
    let r = env.run(&[
        "build",
        only_countries.to_str().unwrap(),
        "-q",
        "--types",
        "country",
        "-o",
        "c",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "c/graph.json", "--types", "agency", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // build says so before it reads anything, and writes nothing.
    let news = crate::util::repo_file("tests/data/export-news.jsonl");
    let r = env.run(&[
        "build",
        news.to_str().unwrap(),
        "--types",
        "peple",
        "-o",
        "b",
    ]);
    assert_exit(&r, 2, &["no type is called \"peple\""]);
    assert!(!env.path().join("b").exists());
}

#[test]
fn a_name_left_out_by_the_filter_is_not_called_unknown() {
    let env = TestEnv::new();
    let g = build_news(&env);
    // The entity a question names is kept whatever its type; links and isolation still count.
    let r = env.run(&[
        "query",
        &g,
        "--types",
        "person",
        "--min-count",
        "9",
        "--drop-isolated",
        "neighbors",
        "Norway",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "entigraph: Norway (country:no) is left out by the filter: no link of it passes the \
         filter, and --drop-isolated drops it\n"
    );
    // Rutte is seen on 2024-03-06 only.
    let r = env.run(&[
        "query",
        &g,
        "--since",
        "2024-03-10",
        "path",
        "Rutte",
        "Norway",
    ]);
    assert_exit(
        &r,
        1,
        &[
            "Mark Rutte (person:mark-rutte) is left out by the filter: it is not seen in the \
             --since/--until period",
        ],
    );
    // A name in no graph is still unknown.
    let r = env.run(&["query", &g, "--types", "person", "neighbors", "Atlantis"]);
    assert!(
        r.stderr.contains("no entity is called \"Atlantis\""),
        "{}",
        r.stderr
    );
}

/// `explain` of a link the filter cut says which step cut it, not that the two never appear
/// together.
#[test]
fn a_link_left_out_by_the_filter_is_said_to_be() {
    let env = TestEnv::new();
    env.write(
        "t.txt",
        "France and Germany met. France and Germany again. France and Spain met.\n",
    );
    let r = env.run(&["build", "t.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let link = "entigraph: the link country:fr – country:es (1 window in 1 document) is left out \
                by the filter: ";
    for (args, why) in [
        (&["--min-count", "2"][..], "--min-count 2"),
        (
            &["--top-edges", "1"][..],
            "stronger links fill --top-edges 1",
        ),
        (
            &["--top-per-node", "1", "--top-edges", "1"][..],
            "stronger links fill --top-per-node 1 and --top-edges 1",
        ),
    ] {
        let mut argv = vec!["query", "g"];
        argv.extend_from_slice(args);
        argv.extend(["explain", "France", "Spain"]);
        let r = env.run(&argv);
        assert_eq!(r.code, 1);
        assert_eq!(r.stderr, format!("{link}{why}\n"));
    }
    let r = env.run(&[
        "query",
        "g",
        "--top-edges",
        "1",
        "explain",
        "Germany",
        "Spain",
    ]);
    assert_eq!(
        r.stderr,
        "entigraph: country:de and country:es never appear together in one sentence (this \
         graph's window), or only where one is a news outlet credited as a source or a country \
         named for its sports team, which join no link\n"
    );
}

#[test]
fn date_filters_on_a_built_graph_say_counts_are_totals() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let note = "entigraph: note: --since/--until keep the links whose first and last dates \
                span part of the period: a graph keeps no other dates, so a link seen before \
                and after the period but not in it is kept too, and counts and evidence are \
                totals over all documents (`build --since/--until` counts only the period's \
                documents)\n";
    for args in [
        &["query", &g, "--since", "2024-03-10", "top"][..],
        &[
            "export",
            &g,
            "--format",
            "node-link",
            "--until",
            "2024-03-05",
        ],
    ] {
        let r = env.run(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr, note, "{args:?}");
    }
    // Without a date filter, no note.
    let r = env.run(&["query", &g, "--types", "country", "top"]);
    assert_eq!(r.stderr, "");

    // A graph built from text without dates: every date filter keeps nothing, and says why.
    env.write("undated.txt", "Norway and Russia met in Oslo.");
    let r = env.run(&["build", "undated.txt", "-o", "u", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "u/graph.json", "--since", "2015", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "entigraph: note: the graph has no dates (its documents had none), so --since/--until \
         keep nothing\n"
    );
}

#[test]
fn filtered_stats_label_the_whole_graph_totals() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let row = |out: &str, name: &str| -> String {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} row in\n{out}"))
            .to_string()
    };
    let r = env.run(&["query", &g, "stats"]);
    assert!(row(&r.stdout, "documents").ends_with(" 4"), "{}", r.stdout);
    assert!(!r.stdout.contains("whole graph"), "{}", r.stdout);
    assert!(row(&r.stdout, "dates").ends_with(" 2024-03-04 .. 2024-03-15"));
    // Kept entities seen before the period too: the dates are cut to it.
    for (filter, dates) in [
        (["--since", "2024-03-10"], " 2024-03-10 .. 2024-03-15"),
        (["--until", "2024-03-07"], " 2024-03-04 .. 2024-03-07"),
    ] {
        let r = env.run(&["query", &g, filter[0], filter[1], "stats"]);
        let dates_row = row(&r.stdout, "dates");
        assert!(
            dates_row.starts_with("dates (cut to the period) "),
            "{}",
            r.stdout
        );
        assert!(dates_row.ends_with(dates), "{}", r.stdout);
        let r = env.run(&["query", &g, filter[0], filter[1], "stats", "--json"]);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["period"][&filter[0][2..]], filter[1], "{v}");
    }
    // A period that cuts nothing says nothing of it.
    let r = env.run(&["query", &g, "--since", "2024-03-01", "stats"]);
    assert!(
        row(&r.stdout, "dates").starts_with("dates   "),
        "{}",
        r.stdout
    );
    for filter in [&["--types", "person"][..], &["--since", "2024-03-10"]] {
        let mut args = vec!["query", &g, "stats"];
        args.extend(filter);
        let r = env.run(&args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        for name in [
            "documents",
            "windows",
            "crowded windows",
            "max window entities",
            "mentions",
        ] {
            assert!(
                row(&r.stdout, name).starts_with(&format!("{name} (whole graph)")),
                "{filter:?}: {}",
                r.stdout
            );
        }
        args.push("--json");
        let r = env.run(&args);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(
            v["whole_graph"],
            serde_json::json!([
                "documents",
                "windows",
                "crowded_windows",
                "max_window_entities",
                "mentions"
            ])
        );
        assert_eq!(v["documents"], 4);
    }
    let r = env.run(&["query", &g, "stats", "--json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v.get("whole_graph").is_none(), "{v}");
}

/// `build --top-edges 0` wrote an empty graph without a word, while `query neighbors --top 0`
/// was a usage error: every number of links (or rows) to keep that keeps none is refused, on
/// every command, before anything is read or written.
#[test]
fn a_number_to_keep_that_keeps_nothing_is_a_usage_error() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let news = crate::util::repo_file("tests/data/export-news.jsonl");
    let news = news.to_str().unwrap();
    for option in ["--top-edges", "--top-per-node"] {
        let want =
            format!("invalid value '0' for '{option} <K>': 0 would keep no link: give 1 or more");
        for args in [
            &["build", news, option, "0", "-o", "zero"][..],
            &[
                "export",
                &g,
                "-f",
                "node-link",
                option,
                "0",
                "-o",
                "zero.json",
            ],
            &["query", &g, option, "0", "stats"],
            &["render", &g, option, "0", "-o", "zero.svg"],
            &["diff", &g, &g, option, "0"],
        ] {
            let r = env.run(args);
            assert_exit(&r, 2, &[&want]);
            assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        }
        assert!(!env.path().join("zero").exists());
        assert!(!env.path().join("zero.json").exists());
        // 1 keeps a link.
        let r = env.run(&["query", &g, option, "1", "stats", "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert!(v["edges"].as_u64().unwrap() >= 1, "{v}");
    }
    let r = env.run(&["query", &g, "neighbors", "Norway", "--top", "0"]);
    assert_exit(&r, 2, &["0 would keep no link: give 1 or more"]);
    let r = env.run(&["query", &g, "top", "-n", "0"]);
    assert_exit(&r, 2, &["0 would show nothing: give 1 or more"]);
}

/// The `filtered` list of a graph.json's manifest (`null` when absent).
fn manifest_filtered(env: &TestEnv, path: &str) -> Value {
    let v: Value = serde_json::from_str(&env.read(path)).unwrap();
    v["manifest"]
        .get("filtered")
        .cloned()
        .unwrap_or(Value::Null)
}

/// The news fixture's whole graph, built once into `g/`.
fn g_whole(env: &TestEnv) -> String {
    if !env.path().join("g/graph.json").exists() {
        crate::export::build_news(env);
    }
    "g/graph.json".to_string()
}

/// `build --top-edges 2` then `query stats` reported entities, links and density as if the
/// graph were complete, and neither graph.json's manifest nor node-link's `graph` object said
/// which filter cut it: a file shared from it passed for the whole graph. The filters are now
/// recorded as given, kept through a second filter (both listed), and shown by `query stats`.
#[test]
fn a_filtered_graph_says_which_filters_cut_it() {
    let env = TestEnv::new();
    let news = crate::util::repo_file("tests/data/export-news.jsonl");
    let news = news.to_str().unwrap();
    let r = env.run(&[
        "build",
        news,
        "--window",
        "document",
        "--top-edges",
        "2",
        "-o",
        "cut",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(", 2 links\nfiltered: top 2 links\n"),
        "{}",
        r.stdout
    );
    assert_eq!(
        manifest_filtered(&env, "cut/graph.json"),
        serde_json::json!([{"top_edges": 2}])
    );
    let r = env.run(&["query", "cut", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("filtered: top 2 links\nstatistic "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\ndocuments (whole graph) "),
        "{}",
        r.stdout
    );
    let r = env.run(&["query", "cut", "stats", "--json"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["filtered"], serde_json::json!([{"top_edges": 2}]));
    assert_eq!(v["edges"], 2);
    assert!(v["whole_graph"].is_array(), "{v}");

    // Filtered again: both filters, in the order applied, as given.
    let r = env.run(&[
        "export",
        "cut",
        "-f",
        "json",
        "--types",
        "Person,country",
        "--drop-isolated",
        "-o",
        "again.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let both = serde_json::json!([
        {"top_edges": 2},
        {"types": ["Person", "country"], "drop_isolated": true}
    ]);
    assert_eq!(manifest_filtered(&env, "again.json"), both);
    let r = env.run(&["query", "again.json", "--min-count", "1", "stats"]);
    assert!(
        r.stdout.starts_with(
            "filtered: top 2 links; then types Person, country, isolated entities dropped; \
             then links in at least 1 window\n"
        ),
        "{}",
        r.stdout
    );
    let r = env.run(&["export", "cut", "-f", "node-link", "--since", "2024-03-10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["graph"]["filtered"],
        serde_json::json!([{"top_edges": 2}, {"since": "2024-03-10"}])
    );
    // A period recorded in the file cuts the dates `stats` shows, as one given now does.
    let r = env.run(&[
        "export",
        &g_whole(&env),
        "-f",
        "json",
        "--since",
        "2024-03-10",
        "-o",
        "since.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "since.json", "stats"]);
    assert!(
        r.stdout
            .contains("\ndates (cut to the period)          2024-03-10 .. 2024-03-15\n"),
        "{}",
        r.stdout
    );
    // The node-link file of a filtered graph.json says so without a filter given now.
    let r = env.run(&["export", "cut", "-f", "node-link"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["graph"]["filtered"],
        serde_json::json!([{"top_edges": 2}])
    );
    assert_eq!(v["graph"]["documents"], 4);

    // build's --since/--until choose the documents counted (recorded with the inputs): they
    // are no cut of the graph written.
    let r = env.run(&["build", news, "--since", "2024-03-10", "-o", "period", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(manifest_filtered(&env, "period/graph.json"), Value::Null);

    // Nothing filtered, nothing said: the file is as it was, and export -f json writes it back
    // byte for byte.
    let g = g_whole(&env);
    assert_eq!(manifest_filtered(&env, &g), Value::Null);
    assert!(!env.read(&g).contains("filtered"));
    let r = env.run(&["export", &g, "-f", "json"]);
    assert_eq!(r.stdout, env.read(&g));
    let r = env.run(&["export", &g, "-f", "node-link"]);
    assert!(!r.stdout.contains("filtered"), "{}", r.stdout);
    let r = env.run(&["query", &g, "stats"]);
    assert!(r.stdout.starts_with("statistic "), "{}", r.stdout);
}

/// The formats with a place for a graph's own data carry the filters, in words: GEXF's meta
/// description, a GraphML graph key, Cytoscape's top-level data, DOT's comment; a whole graph's
/// files say nothing of filters.
#[test]
fn exports_with_a_place_for_it_carry_the_filters() {
    let env = TestEnv::new();
    let g = crate::export::build_news(&env);
    let filter = ["--top-edges", "2", "--types", "country"];
    let words = "top 2 links; then type country";
    let r = env.run(&[
        "export", &g, "-f", "json", "-o", "top.json", filter[0], filter[1],
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (format, file, want) in [
        (
            "gexf",
            "f.gexf",
            format!("<description>filtered: {words}</description>"),
        ),
        (
            "graphml",
            "f.graphml",
            format!("<data key=\"g0\">{words}</data>"),
        ),
        (
            "cytoscape",
            "f.cyjs",
            format!("\"data\": {{\n    \"filtered\": \"{words}\"\n  }}"),
        ),
        ("dot", "f.dot", format!("comment=\"filtered: {words}\"")),
    ] {
        let r = env.run(&[
            "export", "top.json", "-f", format, "-o", file, filter[2], filter[3],
        ]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        let text = env.read(file);
        assert!(text.contains(&want), "{format}: {want} in\n{text}");
        // Still known as entigraph's output by how it begins.
        if format == "cytoscape" {
            assert!(text.starts_with("{\n  \"elements\": {\n"), "{text}");
        }
        let r = env.run(&["export", &g, "-f", format, "-o", &format!("whole-{file}")]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        let whole = env.read(&format!("whole-{file}"));
        assert!(!whole.contains("filtered"), "{format}: {whole}");
    }
    let graphml = env.read("f.graphml");
    assert!(
        graphml.contains(r#"<key id="g0" for="graph" attr.name="filtered" attr.type="string"/>"#),
        "{graphml}"
    );
    if crate::export::have_networkx() {
        let script = r#"
import sys
import networkx as nx
print(nx.read_graphml(sys.argv[1]).graph["filtered"])
"#;
        let out = std::process::Command::new("python3")
            .args(["-c", script])
            .arg(env.path().join("f.graphml"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{words}\n"));
    }
}

/// `build --append` and `merge` read graph.part, which keeps all that was counted: a graph
/// written through a filter is not cut again by them, and the graph they write records only
/// the filter given to them.
#[test]
fn append_and_merge_start_from_the_whole_statistics() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Norway and Russia met. Norway and Finland met. Norway and Russia spoke.\n",
    );
    env.write("b.txt", "Chile and Peru met. Chile and Peru spoke.\n");
    let r = env.run(&["build", "a.txt", "--top-edges", "1", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        manifest_filtered(&env, "g/graph.json"),
        serde_json::json!([{"top_edges": 1}])
    );
    let r = env.run(&["build", "b.txt", "--append", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["build", "a.txt", "b.txt", "-o", "fresh", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let part = |path: &str, key: &str| -> Value {
        let v: Value = serde_json::from_str(&env.read(path)).unwrap();
        v[key].clone()
    };
    // All three links of both files, as one build of both gives, and no filter recorded.
    assert_eq!(part("g/graph.json", "edges").as_array().unwrap().len(), 3);
    assert_eq!(
        part("g/graph.json", "edges"),
        part("fresh/graph.json", "edges")
    );
    assert_eq!(
        part("g/graph.json", "nodes"),
        part("fresh/graph.json", "nodes")
    );
    assert_eq!(manifest_filtered(&env, "g/graph.json"), Value::Null);
    // An append with a filter records that filter alone.
    let r = env.run(&[
        "build",
        "b.txt",
        "--append",
        "fresh",
        "-o",
        "again",
        "--allow-duplicate-inputs",
        "--top-per-node",
        "1",
        "-q",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        manifest_filtered(&env, "again/graph.json"),
        serde_json::json!([{"top_per_node": 1}])
    );
    // merge of a partial written beside a filtered graph.json: the whole graph.
    let r = env.run(&["build", "a.txt", "--top-edges", "1", "-o", "ga", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["build", "b.txt", "--types", "person", "-o", "gb", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["merge", "ga", "gb", "-o", "merged", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        part("merged/graph.json", "edges"),
        part("fresh/graph.json", "edges")
    );
    assert_eq!(manifest_filtered(&env, "merged/graph.json"), Value::Null);

    // diff of graphs cut otherwise warns that links may differ by the filters.
    let r = env.run(&["diff", "ga/graph.json", "fresh/graph.json"]);
    assert_exit(
        &r,
        0,
        &[
            "entigraph: warning: the graphs were cut by different filters (old: top 1 link, \
           new: none): links may differ by the filters, not by the news\n",
        ],
    );
    let r = env.run(&["diff", "fresh/graph.json", "merged/graph.json"]);
    assert!(!r.stderr.contains("filters"), "{}", r.stderr);
}

/// Regression: `query` takes the filters before and after its subcommand, and a later copy
/// silently replaced an earlier one (`--min-count 30 neighbors X --min-count 5` kept 5, and
/// `--types country top --types agency` kept agencies alone).
#[test]
fn a_filter_given_before_and_after_the_subcommand() {
    let env = TestEnv::new();
    let g = build_news(&env);
    for args in [
        ["--min-count", "3", "top", "--min-count", "1"],
        ["--since=2024-03", "top", "--since", "2024-01", "--json"],
    ] {
        let r = env.run(&[&["query", g.as_str()], &args[..]].concat());
        assert_exit(
            &r,
            2,
            &[&format!(
                "{} is given twice",
                &args[0][..args[0].find('=').unwrap_or(args[0].len())]
            )],
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    // --types keeps the types of both places, as it does given twice in one.
    let types = |args: &[&str]| -> Vec<String> {
        let r = env.run(&[&["query", g.as_str()], args, &["--json"]].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        let mut kinds: Vec<String> = (v.as_array().unwrap().iter())
            .flat_map(|l| [&l["source"]["type"], &l["target"]["type"]])
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    };
    assert_eq!(
        types(&["--types", "country", "top", "--types", "agency"]),
        ["agency", "country"]
    );
    assert_eq!(
        types(&["top", "--types", "country", "--types", "agency"]),
        ["agency", "country"]
    );
    assert_eq!(types(&["--types=country", "top"]), ["country"]);
}

/// `--exclude` leaves an entity and its links out (a publisher its own stories name), named as
/// `query` reads names, on every command that filters; given before and after `query`'s
/// question both count; a name of no entity is warned of.
#[test]
fn excluded_entities_are_left_out_with_their_links() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let ids = |args: &[&str]| -> Vec<String> {
        let r = env.run(&[&["query", g.as_str()], args, &["--json"]].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        let mut ids: Vec<String> = (v.as_array().unwrap().iter())
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    let all = ids(&["top", "--nodes", "-n", "50"]);
    assert!(all.contains(&"country:no".to_string()), "{all:?}");
    let without = ids(&[
        "--exclude",
        "norway",
        "top",
        "--nodes",
        "-n",
        "50",
        "--exclude=agency:nato",
    ]);
    let expected: Vec<String> = (all.iter())
        .filter(|id| !["country:no", "agency:nato"].contains(&id.as_str()))
        .cloned()
        .collect();
    assert_eq!(without, expected);
    // Their links go with them: Norway's neighbours are not asked, Iceland's lose Norway.
    let r = env.run(&["query", &g, "neighbors", "Iceland", "--exclude", "Norway"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("Norway"), "{}", r.stdout);
    assert!(r.stdout.contains("Finland"), "{}", r.stdout);

    // A name of no entity leaves out nothing, with a warning (a graph written through the
    // same --exclude no longer holds it).
    let r = env.run(&["query", &g, "top", "--exclude", "Atlantis"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let nothing = "warning: --exclude \"Atlantis\" leaves out nothing: no entity is called";
    assert!(r.stderr.contains(nothing), "{}", r.stderr);
    // A question about an entity left out says why.
    let r = env.run(&[
        "query",
        &g,
        "neighbors",
        "Norway",
        "--exclude",
        "country:no",
    ]);
    assert_exit(
        &r,
        1,
        &["Norway (country:no) is left out by the filter: --exclude names it"],
    );
    // Recorded by id in what is written, each once.
    let r = env.run(&[
        "export",
        &g,
        "-f",
        "json",
        "-o",
        "cut.json",
        "--exclude",
        "NORWAY",
        "--exclude",
        "country:no",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        manifest_filtered(&env, "cut.json"),
        serde_json::json!([{"exclude": ["country:no"]}])
    );
    let input = crate::util::repo_file("tests/data/export-news.jsonl");
    let r = env.run(&[
        "build",
        input.to_str().unwrap(),
        "-o",
        "b",
        "-q",
        "--exclude",
        "Atlantis",
        "--exclude",
        "russia",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains(nothing), "{}", r.stderr);
    let graph: Value = serde_json::from_str(&env.read("b/graph.json")).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    assert!(nodes.iter().all(|n| n["id"] != "country:ru"), "{nodes:?}");
    assert!(nodes.iter().any(|n| n["id"] == "country:no"), "{nodes:?}");
    assert_eq!(
        graph["manifest"]["filtered"],
        serde_json::json!([{"exclude": ["country:ru"]}])
    );
}
