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

#[test]
fn date_filters_on_a_built_graph_say_counts_are_totals() {
    let env = TestEnv::new();
    let g = build_news(&env);
    let note = "entigraph: note: --since/--until keep the links seen in the period, with counts \
                and evidence totalled over all documents (`build --since/--until` counts only \
                the period's documents)\n";
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
