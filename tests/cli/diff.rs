//! Tests of `entigraph diff`.

use crate::util::{TestEnv, assert_exit, repo_file};

#[test]
fn diff_lists_links_that_appeared_and_changed() {
    let env = TestEnv::new();
    let input = repo_file("tests/data/export-news.jsonl");
    let input = input.to_str().unwrap();
    let r = env.run(&["build", input, "-o", "old", "-q", "--until", "2024-03-06"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["build", input, "-o", "new", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = env.run(&["diff", "old/graph.json", "new/graph.json", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let pairs = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}-{}:{}",
                    c["source"].as_str().unwrap(),
                    c["target"].as_str().unwrap(),
                    c["change"]
                )
            })
            .collect()
    };
    assert!(pairs("disappeared").is_empty());
    // Iceland and Norway are first named together on the 11th, and again on the 15th.
    assert_eq!(
        pairs("appeared"),
        [
            "country:is-country:no:2",
            "country:cn-country:is:1",
            "country:cn-country:no:1",
            "country:cn-country:us:1",
            "country:fi-country:is:1",
        ]
    );
    // Norway and Russia: twice on the 4th, once more on the 15th.
    assert_eq!(pairs("changed"), ["country:no-country:ru:1"]);
    assert_eq!(
        v["entities_added"],
        serde_json::json!(["country:cn", "country:us"])
    );

    let r = env.run(&["diff", "old/graph.json", "new/graph.json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .starts_with("5 links appeared, 0 disappeared, 1 changed, 10 unchanged"),
        "{}",
        r.stdout
    );
    // Who is new in the news, and whose mentions grew: China is named twice after the 6th.
    assert!(
        r.stdout.contains(
            "entities added (mentions):\nentity         type     old  new  change\n\
             China          country    0    2      +2\n\
             United States  country    0    1      +1\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.starts_with(
            "5 links appeared, 0 disappeared, 1 changed, 10 unchanged; 2 entities added, 0 \
             removed, 4 mentioned more or less often\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("entities whose mentions changed most:\n"),
        "{}",
        r.stdout
    );
    assert_eq!(v["entities_added_top"][0]["label"], "China");
    assert_eq!(v["entities_added_top"][0]["new_mentions"], 2);

    let r = env.run(&["diff", "old/graph.json", "nope.json"]);
    assert_exit(&r, 1, &["nope.json"]);
}

/// Regression: `diff - -` read standard input twice and failed on the second read's end of
/// file with a JSON error; it is a usage error.
#[test]
fn standard_input_is_read_once() {
    let env = TestEnv::new();
    let r = env.run(&["diff", "-", "-"]);
    assert_exit(&r, 2, &["standard input (-) can be read once"]);
}

#[test]
fn diff_warns_when_the_graphs_were_built_differently() {
    let env = TestEnv::new();
    let input = repo_file("tests/data/export-news.jsonl");
    let input = input.to_str().unwrap();
    for (dir, extra) in [("s", "--window=sentence"), ("d", "--window=document")] {
        let r = env.run(&["build", input, "-o", dir, "-q", extra]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = env.run(&["diff", "s/graph.json", "d/graph.json"]);
    assert_exit(&r, 0, &["different windows (old: sentence, new: document)"]);
    // Links left out of lists in one graph only would show as links that vanished.
    let r = env.run(&["build", input, "-o", "all", "-q", "--max-window-entities=0"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["diff", "all/graph.json", "s/graph.json"]);
    assert_exit(
        &r,
        0,
        &["different limit of entities per window (old: none, new: 10)"],
    );
    // Two builds with the same settings: no warning.
    let r = env.run(&["build", input, "-o", "s2", "-q", "--window=sentence"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["diff", "s/graph.json", "s2/graph.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

/// `render` read a graph directory as `build` writes it; `query`, `export` and `diff` took only
/// the graph.json inside and failed with "Is a directory".
#[test]
fn graph_directories_are_read_by_query_export_and_diff() {
    let env = TestEnv::new();
    env.write("week1/a.txt", "Kenya and Uganda signed a rail deal.\n");
    env.write("week2/b.txt", "Kenya and Tanzania opened a border post.\n");
    for (input, out) in [("week1", "g1"), ("week2", "g2")] {
        let r = env.run(&["build", input, "-o", out, "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = env.run(&["diff", "g1", "g2", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["appeared"][0]["target"], "country:tz");
    let r = env.run(&["query", "g2", "neighbors", "Kenya"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("country:tz"), "{}", r.stdout);
    let r = env.run(&["export", "g2", "-f", "dot", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"country:tz\""), "{}", r.stdout);
    // A directory without a graph.json names the file it looked for.
    std::fs::create_dir(env.path().join("empty")).unwrap();
    let r = env.run(&["query", "empty", "stats"]);
    assert_exit(&r, 1, &["empty/graph.json: cannot open graph"]);
}

/// `diff` took no filters: "what changed among people and agencies" or "among the links seen
/// at least twice" meant reading every link. A link over --min-count in one graph only is
/// listed with its real counts in both.
#[test]
fn diff_lists_only_what_the_filter_keeps_with_whole_counts() {
    let env = TestEnv::new();
    env.write(
        "w1/a.txt",
        "Interpol and Europol met. Cuba and Haiti talked. Cuba and Haiti agreed.\n",
    );
    env.write(
        "w2/a.txt",
        "Interpol and Europol met. Interpol and Europol agreed. Cuba and Haiti talked. \
         Cuba and Haiti agreed. Cuba and Haiti signed. Cuba and Jamaica talked.\n",
    );
    for (input, out) in [("w1", "g1"), ("w2", "g2")] {
        let r = env.run(&["build", input, "-o", out, "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let pairs = |args: &[&str]| -> (Vec<String>, Vec<String>, serde_json::Value) {
        let mut all = vec!["diff", "g1", "g2", "--json"];
        all.extend(args);
        let r = env.run(&all);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let list = |key: &str| -> Vec<String> {
            v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{}-{}:{}->{}",
                        c["source"], c["target"], c["old_count"], c["new_count"]
                    )
                })
                .map(|s| s.replace('"', ""))
                .collect()
        };
        (list("appeared"), list("changed"), v["counts"].clone())
    };
    let (appeared, changed, _) = pairs(&["--types", "agency"]);
    assert!(appeared.is_empty(), "{appeared:?}");
    assert_eq!(changed, ["agency:europol-agency:interpol:1->2"]);
    // Interpol-Europol passes --min-count 2 only in the second graph: it changed, from 1.
    let (appeared, changed, counts) = pairs(&["--min-count", "2"]);
    assert!(appeared.is_empty(), "{appeared:?}");
    assert_eq!(
        changed,
        [
            "agency:europol-agency:interpol:1->2",
            "country:cu-country:ht:2->3"
        ]
    );
    assert_eq!(counts["unchanged"], 0);
    let r = env.run(&["diff", "g1", "g2", "--types", "persn"]);
    assert_exit(&r, 2, &["no type is called \"persn\""]);
}
