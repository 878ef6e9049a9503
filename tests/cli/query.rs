//! Tests of `entigraph query` on the news fixture, whose links can be counted by hand.

use serde_json::Value;

use crate::export::build_news;
use crate::util::{TestEnv, assert_exit};

fn query_json(env: &TestEnv, graph: &str, args: &[&str]) -> Value {
    let mut all = vec!["query", graph, "--json"];
    all.extend(args);
    let r = env.run(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

/// (id, depth) of each entity `neighbors` lists, in order.
fn neighbor_depths(env: &TestEnv, graph: &str, args: &[&str]) -> Vec<(String, u64)> {
    query_json(env, graph, args)
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["depth"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn neighbors_strongest_first_with_any_case_and_aliases() {
    let env = TestEnv::new();
    let g = build_news(&env);
    // Norway: Russia (3 windows), Iceland (2), then NATO, China, Finland, Rutte (1 each).
    let v = query_json(&env, &g, &["neighbors", "NORWAY"]);
    assert_eq!(
        ids(&v, "id"),
        [
            "country:ru",
            "country:is",
            "agency:nato",
            "country:cn",
            "country:fi",
            "person:mark-rutte"
        ]
    );
    assert_eq!(v[0]["count"], 3);
    // "Rutte" is an alias seen in the text; the id works too.
    let by_alias = query_json(&env, &g, &["neighbors", "rutte"]);
    let by_id = query_json(&env, &g, &["neighbors", "person:mark-rutte"]);
    assert_eq!(by_alias, by_id);
    assert_eq!(by_alias.as_array().unwrap().len(), 5);
    // Two steps from the UN: Finland, then Finland's other links.
    let got = neighbor_depths(
        &env,
        &g,
        &["neighbors", "united nations", "--depth", "2", "--top", "2"],
    );
    assert_eq!(got[0], ("country:fi".to_string(), 1));
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got[1..].iter().all(|(_, d)| *d == 2));

    let r = env.run(&["query", &g, "neighbors", "Norway"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "neighbours of Norway (country:no):");
    assert!(lines[1].starts_with("depth  id"), "{}", r.stdout);
    assert!(lines[2].contains("country:ru") && lines[2].contains("Russia"));
}

#[test]
fn unknown_and_ambiguous_names_are_explained() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let r = env.run(&["query", &g, "neighbors", "Atlantis"]);
    assert_exit(&r, 1, &["no entity is called \"Atlantis\""]);
    // A near spelling is offered, as the README says.
    let r = env.run(&["query", &g, "neighbors", "Chinaa"]);
    assert_exit(
        &r,
        1,
        &["no entity is called \"Chinaa\"; did you mean country:cn (China)?"],
    );
    // A built-in entity the graph's documents never name is said to be one.
    let r = env.run(&["query", &g, "neighbors", "xi jinping"]);
    assert_exit(
        &r,
        1,
        &[
            "no entity is called \"xi jinping\" in this graph: Xi Jinping (person:xi-jinping) is \
           in the built-in gazetteers, but not in this graph (none of its documents names them",
        ],
    );
    // A built-in name of an entity the graph holds, which its documents never used, and a
    // title before a name: found, and said how (they had been "not in this graph").
    let r = env.run(&["query", &g, "neighbors", "Moscow"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("neighbours of Russia (country:ru)"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "entigraph: note: \"Moscow\" is taken as Russia (country:ru): a name the built-in \
         gazetteers give it\n"
    );
    let r = env.run(&[
        "query",
        &g,
        "--exclude",
        "Moscow",
        "--json",
        "neighbors",
        "Norway",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("country:ru"), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "note: --exclude \"Moscow\" is taken as Russia (country:ru): a name the built-in \
             gazetteers give it"
        ),
        "{}",
        r.stderr
    );
    let r = env.run(&["query", &g, "neighbors", "President Xi Jinping"]);
    assert!(
        r.stderr.contains("(person:xi-jinping) is in the built-in"),
        "{}",
        r.stderr
    );
    let r = env.run(&["query", &g, "neighbors", "land"]);
    assert!(r.stderr.contains("did you mean"), "{}", r.stderr);
    assert!(r.stderr.contains("country:fi (Finland)") && r.stderr.contains("country:is (Iceland)"));

    // Two entities sharing a label in a hand-written graph.
    let mut v: Value = serde_json::from_str(&env.read(&g)).unwrap();
    v["nodes"][0]["label"] = Value::from("Twin");
    v["nodes"][1]["label"] = Value::from("twin");
    env.write("twins.json", serde_json::to_string(&v).unwrap());
    let r = env.run(&["query", "twins.json", "neighbors", "TWIN"]);
    assert_exit(
        &r,
        1,
        &[
            "\"TWIN\" is ambiguous: it may be agency:nato (Twin, 1 mention), agency:un (twin, 1 \
             mention); give the id",
        ],
    );
    // The same name in --exclude is the same error, with the same exit code.
    let r = env.run(&["query", "twins.json", "top", "--exclude", "TWIN"]);
    assert_exit(
        &r,
        1,
        &["--exclude: \"TWIN\" is ambiguous: it may be agency:nato (Twin, 1 mention), agency:un"],
    );
    // Regression: a filter that kept one of them answered for it without a word, and one that
    // kept neither said no entity had the name.
    v["nodes"][0]["type"] = Value::from("person");
    env.write("twins2.json", serde_json::to_string(&v).unwrap());
    let r = env.run(&[
        "query",
        "twins2.json",
        "neighbors",
        "TWIN",
        "--types",
        "agency",
    ]);
    assert_exit(
        &r,
        0,
        &[
            "note: \"TWIN\" may be agency:nato (Twin, 1 mention), agency:un (twin, 1 mention); \
             the filter keeps only twin (agency:un)",
        ],
    );
    let r = env.run(&[
        "query",
        "twins2.json",
        "neighbors",
        "TWIN",
        "--types",
        "country",
    ]);
    assert_exit(
        &r,
        1,
        &[
            "\"TWIN\" may be agency:nato (Twin, 1 mention), agency:un (twin, 1 mention), and the \
             filter leaves out every one",
        ],
    );
}

#[test]
fn paths_explain_top_and_stats() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let v = query_json(&env, &g, &["path", "United Nations", "China"]);
    assert_eq!(
        v["nodes"].as_array().unwrap().len(),
        4,
        "UN - Finland - (Iceland|Norway) - China"
    );
    assert_eq!(v["nodes"][1]["id"], "country:fi");
    assert_eq!(v["connected"], true);
    let strong = query_json(
        &env,
        &g,
        &["path", "United Nations", "China", "--strongest"],
    );
    assert!(strong["strength"].as_f64().unwrap() >= v["strength"].as_f64().unwrap());

    let v = query_json(&env, &g, &["explain", "russia", "norway"]);
    assert_eq!(v["count"], 3);
    assert_eq!(v["documents"], 2);
    assert_eq!(v["first_seen"], "2024-03-04");
    assert_eq!(v["last_seen"], "2024-03-15");
    let r = env.run(&["query", &g, "explain", "russia", "norway"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in [
        "Russia – Norway: 3 windows in 2 documents",
        "seen together from 2024-03-04 to 2024-03-15 (in dated documents)",
    ] {
        assert!(r.stdout.contains(line), "{line}\n{}", r.stdout);
    }
    let docs: Vec<&str> = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["doc"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["wire-001", "wire-001", "wire-004"]);
    assert!(
        v["evidence"][0]["snippet"]
            .as_str()
            .unwrap()
            .contains("Norway and Russia")
    );

    // The same entity twice is a usage error, not a missing link.
    let r = env.run(&["query", &g, "explain", "China", "country:cn"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "entigraph: \"China\" and \"country:cn\" are the same entity, China (country:cn): \
         explain needs two\n"
    );
    let r = env.run(&["query", &g, "path", "China", "China"]);
    assert_exit(&r, 2, &["path needs two"]);
    // Regression: a filter that cut every path was reported as no connection at all.
    // No path is an answer (exit 0), and with --json one a script can read: it had printed
    // nothing.
    let r = env.run(&[
        "query",
        &g,
        "path",
        "United Nations",
        "China",
        "--min-count",
        "1000",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "agency:un and country:cn are connected in the graph, but not by the links the filter \
         keeps (links in at least 1000 windows)\n"
    );
    let cut = query_json(
        &env,
        &g,
        &["path", "United Nations", "China", "--min-count", "1000"],
    );
    assert_eq!(cut["connected"], false);
    assert_eq!(cut["connected_without_filter"], true);
    assert_eq!(cut["from"]["id"], "agency:un");
    assert_eq!(cut["to"]["id"], "country:cn");
    let r = env.run(&["query", &g, "neighbors", "China", "--top", "0"]);
    assert_eq!(r.code, 2, "{}", r.stderr);

    let r = env.run(&["query", &g, "explain", "China", "Russia"]);
    assert_exit(
        &r,
        1,
        &[
            "never appear together in one sentence (this graph's window), or only where one is \
             a news outlet credited as a source or a country named for its sports team, which \
             join no link; they are connected through China",
        ],
    );

    let v = query_json(&env, &g, &["top", "-n", "2"]);
    let pairs: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}-{}",
                e["source"]["id"].as_str().unwrap(),
                e["target"]["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(pairs, ["country:no-country:ru", "country:is-country:no"]);
    let v = query_json(&env, &g, &["top", "--nodes", "-n", "1"]);
    assert_eq!(v[0]["id"], "country:no");
    assert_eq!(v[0]["value"], 6.0);
    let v = query_json(
        &env,
        &g,
        &["top", "--nodes", "--by", "betweenness", "-n", "1"],
    );
    assert!(v[0]["value"].as_f64().unwrap() > 0.0);
    let r = env.run(&["query", &g, "top", "--nodes", "--by", "pmi"]);
    assert_exit(&r, 2, &["--by pmi ranks links"]);

    let v = query_json(&env, &g, &["stats"]);
    assert_eq!(
        (v["nodes"].as_u64(), v["edges"].as_u64()),
        (Some(9), Some(16))
    );
    assert_eq!(v["types"]["country"], 6);
    assert_eq!(v["components"], 1);
    // Filters apply to queries too.
    let v = query_json(
        &env,
        &g,
        &["stats", "--types", "country", "--min-count", "2"],
    );
    assert_eq!(
        (v["nodes"].as_u64(), v["edges"].as_u64()),
        (Some(6), Some(2))
    );
}

#[test]
fn neighbors_cut_by_top_keep_their_true_depth() {
    let env = TestEnv::new();
    let g = build_news(&env);
    // Russia: Norway (3), then Iceland and Rutte (1 each). With --top 1 only Norway is kept;
    // Iceland, a direct neighbour cut by --top, must not come back at depth 2 through Norway.
    let depths = |args: &[&str]| neighbor_depths(&env, &g, args);
    let got = depths(&["neighbors", "Russia", "--depth", "2", "--top", "1"]);
    assert_eq!(
        got,
        [
            ("country:no".to_string(), 1),
            ("agency:nato".to_string(), 2)
        ]
    );
    // Without --top, every entity shows at its shortest distance.
    let all = depths(&["neighbors", "Russia", "--depth", "3"]);
    for (id, depth) in &all {
        let direct = ["country:no", "country:is", "person:mark-rutte"].contains(&id.as_str());
        assert_eq!(*depth == 1, direct, "{id} at depth {depth}");
    }

    let r = env.run(&["query", &g, "neighbors", "Russia", "--depth", "0"]);
    assert_exit(&r, 2, &["give 1 or more"]);
}

/// The counts by type are counts of entities; they were printed under "links", as if they
/// broke the links down.
#[test]
fn stats_table_puts_the_counts_by_type_under_entities() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Peru and Chile met in Lima. Interpol said Peru was right.\n",
    );
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "g/graph.json", "stats"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().take(5).collect();
    assert_eq!(
        lines,
        [
            "statistic             value",
            "entities                  3",
            "  agency                  1",
            "  country                 2",
            "links                     2",
        ],
        "{}",
        r.stdout
    );
    // The build's limit of entities per window is shown with the crowded windows it made.
    assert!(
        r.stdout.contains("\nmax window entities      10\n"),
        "{}",
        r.stdout
    );
    let r = env.run(&[
        "build",
        "a.txt",
        "-o",
        "nolimit",
        "-q",
        "--max-window-entities",
        "0",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "nolimit/graph.json", "stats"]);
    assert!(
        r.stdout.contains("\nmax window entities  no limit\n"),
        "{}",
        r.stdout
    );
}

/// A `--by` that does not fit what `top` ranks is a usage error (exit 2, as `--help` says),
/// not a failure of the run (exit 1).
#[test]
fn top_by_a_measure_of_the_other_kind_is_a_usage_error() {
    let env = TestEnv::new();
    env.write("a.txt", "Peru and Chile met in Lima.\n");
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "g/graph.json", "top", "--nodes", "--by", "npmi"]);
    assert_exit(&r, 2, &["--by npmi ranks links; use it without --nodes"]);
    let r = env.run(&["query", "g/graph.json", "top", "--by", "betweenness"]);
    assert_exit(&r, 2, &["--by betweenness ranks entities; add --nodes"]);
}

/// "The people and agencies linked to China": --types used to drop the entity asked about
/// too, so the question could not be put without listing every country as well.
#[test]
fn types_choose_the_entities_around_the_ones_a_question_names() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Xi Jinping said China and Russia were friends. Interpol and China signed a pact. \
         Xi Jinping met Interpol chiefs. Interpol and Brazil agreed to share data.\n",
    );
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = query_json(
        &env,
        "g",
        &["neighbors", "China", "--types", "person,agency"],
    );
    assert_eq!(ids(&v, "id"), ["agency:interpol", "person:xi-jinping"]);
    // Both ends of a path are named: the links between may pass only through the types given.
    let v = query_json(
        &env,
        "g",
        &["path", "Xi Jinping", "Brazil", "--types", "agency"],
    );
    assert_eq!(
        ids(&v["nodes"], "id"),
        ["person:xi-jinping", "agency:interpol", "country:br"]
    );
    let r = env.run(&[
        "query", "g", "--types", "person", "explain", "China", "Russia",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Others of the type left out stay out.
    let r = env.run(&["query", "g", "--types", "person", "neighbors", "Xi Jinping"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("country:ru"), "{}", r.stdout);
}

/// An entity without links got a table header over no rows.
#[test]
fn neighbors_of_an_entity_without_links_says_so() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Nepal held an election. Bhutan and India signed a deal.\n",
    );
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["query", "g", "neighbors", "Nepal"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "Nepal (country:np) has no links\n");
    let r = env.run(&["query", "g", "--min-count", "2", "neighbors", "Bhutan"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "Bhutan (country:bt) has no links that pass the filter\n"
    );
    assert_eq!(
        query_json(&env, "g", &["neighbors", "Nepal"]),
        Value::Array(vec![])
    );
}

#[test]
fn evidence_names_its_documents_title_and_date() {
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        concat!(
            r#"{"id":"a1","date":"2024-03-02","title":"Arctic \"talks\" open","text":"Norway and Russia met in Oslo."}"#,
            "\n",
            r#"{"id":"a2","text":"Norway and Russia met again."}"#,
            "\n",
        ),
    );
    let r = env.run(&["build", "feed.jsonl", "-o", "g", "-q"]);
    assert_exit(&r, 0, &[""; 0]);
    let graph: Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    let edge = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "country:no" && e["target"] == "country:ru")
        .expect("Norway – Russia");
    let ev = edge["evidence"].as_array().unwrap();
    assert_eq!(ev[0]["doc"], "a1");
    assert_eq!(ev[0]["date"], "2024-03-02");
    assert_eq!(ev[0]["title"], "Arctic \"talks\" open");
    // A document without them has no such fields (not nulls).
    assert_eq!(ev[1]["doc"], "a2");
    let keys: Vec<&str> = ev[1]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["doc", "end", "snippet", "start"]);

    // The table gives them columns of their own; --json gives the fields.
    let r = env.run(&["query", "g", "explain", "Norway", "Russia"]);
    assert_exit(&r, 0, &[""; 0]);
    for text in [
        "document  date        title ",
        "Arctic \"talks\" open",
        "\na2 ",
    ] {
        assert!(r.stdout.contains(text), "{text}: {}", r.stdout);
    }
    let ex = query_json(&env, "g", &["explain", "Norway", "Russia"]);
    assert_eq!(ex["evidence"][0]["title"], "Arctic \"talks\" open");

    // They survive a partial graph and a merge, and the exports that carry evidence.
    let r = env.run(&["map", "feed.jsonl", "-o", "p.part", "-q"]);
    assert_exit(&r, 0, &[""; 0]);
    let r = env.run(&["merge", "p.part", "-o", "m", "-q"]);
    assert_exit(&r, 0, &[""; 0]);
    assert_eq!(env.read("m/graph.json"), env.read("g/graph.json"));
    let r = env.run(&[
        "export",
        "g",
        "-o",
        "d3.json",
        "--format",
        "node-link",
        "-q",
    ]);
    assert_exit(&r, 0, &[""; 0]);
    let d3: Value = serde_json::from_str(&env.read("d3.json")).unwrap();
    let titles: Vec<&Value> = d3["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["evidence"].as_array().unwrap())
        .map(|e| &e["title"])
        .collect();
    assert!(
        titles.contains(&&Value::from("Arctic \"talks\" open")),
        "{d3}"
    );

    // Without any, the table is as before.
    env.write("plain.txt", "Norway and Russia met in Oslo.");
    let r = env.run(&["build", "plain.txt", "-o", "p", "-q"]);
    assert_exit(&r, 0, &[""; 0]);
    let r = env.run(&["query", "p", "explain", "Norway", "Russia"]);
    assert_exit(&r, 0, &[""; 0]);
    assert!(r.stdout.contains("document   bytes"), "{}", r.stdout);
    assert!(!r.stdout.contains("title"), "{}", r.stdout);
}

/// "Who is linked to X, and on what evidence?" in one command: each neighbour with its link's
/// evidence (the first in the table, all of it in JSON, as `explain` gives it).
#[test]
fn neighbors_with_evidence_answer_who_and_on_what_evidence() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let r = env.run(&["query", &g, "neighbors", "Norway", "--evidence"]);
    assert_exit(&r, 0, &[""; 0]);
    let header = r.stdout.lines().nth(1).unwrap();
    assert!(
        header.ends_with("via         document  evidence"),
        "{}",
        r.stdout
    );
    let russia = r
        .stdout
        .lines()
        .find(|l| l.contains("country:ru "))
        .unwrap();
    assert!(
        russia.contains("wire-001  Talks between Norway and Russia on Arctic shipping lanes"),
        "{russia}"
    );
    assert!(russia.ends_with('…'), "{russia}");
    let with = query_json(&env, &g, &["neighbors", "Norway", "--evidence"]);
    let explained = query_json(&env, &g, &["explain", "Norway", "Russia"]);
    let ru = with
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "country:ru")
        .unwrap();
    assert_eq!(ru["evidence"], explained["evidence"]);
    // Without the flag, no evidence.
    let without = query_json(&env, &g, &["neighbors", "Norway"]);
    assert!(without[0].get("evidence").is_none(), "{without}");
}

/// `top --nodes --by betweenness` showed raw sums (pairs of entities) in a column called
/// "value", and the same in `--json`: the scale was left to guess, and differed from what
/// networkx reports by default. Both now give networkx's default (normalised), and the table
/// names its column after what it ranks by.
#[test]
fn betweenness_is_normalised_as_networkx_does_and_its_column_says_so() {
    let env = TestEnv::new();
    env.write(
        "star.txt",
        "Norway and Russia met. Norway and China met. Norway and France met.\n",
    );
    let r = env.run(&["build", "star.txt", "-o", "s", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Norway is on the shortest path of each of the 3 pairs of other countries: raw 3, 1 of 1.
    let v = query_json(
        &env,
        "s",
        &["top", "--nodes", "--by", "betweenness", "-n", "2"],
    );
    assert_eq!(v[0]["id"], "country:no");
    assert_eq!(v[0]["value"], 1.0);
    assert_eq!(v[1]["value"], 0.0);
    let r = env.run(&[
        "query",
        "s",
        "top",
        "--nodes",
        "--by",
        "betweenness",
        "-n",
        "1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let header: Vec<&str> = lines[0].split("  ").filter(|c| !c.is_empty()).collect();
    let header: Vec<&str> = header.iter().map(|c| c.trim()).collect();
    assert_eq!(
        header,
        [
            "id",
            "label",
            "type",
            "betweenness (normalised)",
            "degree",
            "mentions"
        ],
        "{}",
        r.stdout
    );
    let row: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(row, ["country:no", "Norway", "country", "1.0000", "3", "3"]);
    // A column that would repeat the value goes: ranked by degree, degree shows once.
    let r = env.run(&["query", "s", "top", "--nodes", "-n", "1"]);
    assert!(
        r.stdout
            .starts_with("id          label   type     degree  mentions\n"),
        "{}",
        r.stdout
    );
    let r = env.run(&["query", "s", "top", "--by", "npmi", "-n", "1"]);
    assert!(
        r.stdout.starts_with("source  target    npmi  count"),
        "{}",
        r.stdout
    );

    // On the news graph, every entity's value is networkx's betweenness_centrality(G).
    let g = build_news(&env);
    if !crate::export::have_networkx() {
        return;
    }
    let r = env.run(&[
        "export",
        &g,
        "-f",
        "node-link",
        "-o",
        "g.nodelink.json",
        "-q",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let script = r#"
import json, sys
import networkx as nx
data = json.load(open(sys.argv[1], encoding="utf-8"))
g = nx.node_link_graph(data, edges="edges")
print(json.dumps(nx.betweenness_centrality(g)))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(env.path().join("g.nodelink.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nx: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = query_json(
        &env,
        &g,
        &["top", "--nodes", "--by", "betweenness", "-n", "1000"],
    );
    let ours = ours.as_array().unwrap();
    assert_eq!(ours.len(), nx.as_object().unwrap().len());
    assert!(ours[0]["value"].as_f64().unwrap() > 0.0);
    for n in ours {
        let id = n["id"].as_str().unwrap();
        let want = nx[id].as_f64().unwrap();
        let got = n["value"].as_f64().unwrap();
        assert!(
            (got - want).abs() < 1e-6,
            "{id}: ours {got}, networkx {want}"
        );
    }
}
