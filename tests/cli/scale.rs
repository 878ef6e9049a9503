//! Tests of `map`, `merge`, `build --append` and parallel builds: splitting the work never
//! changes the graph.

use crate::util::{CROWDED, TestEnv, assert_exit};

const A: &str = "President Barack Obama met Xi Jinping in Washington on Monday. China and the \
                 United States agreed to talk again.\n\nRussia said NATO was wrong.";
const B: &str = "Vladimir Putin spoke with Angela Merkel about Ukraine. Germany and Russia \
                 disagreed.\n\nThe United Nations called for calm in Ukraine.";
const C: &str = "{\"id\":\"c1\",\"text\":\"Xi Jinping and Vladimir Putin met in Moscow. China \
                 and Russia signed a deal.\",\"date\":\"2019-06-05\"}\n\
                 {\"id\":\"c2\",\"text\":\"The WHO and the United Nations met Chinese officials. \
                 Obama praised the WHO.\",\"date\":\"2020-02-01\"}\n\
                 {\"id\":\"c3\",\"text\":\"Angela Merkel visited France. Germany and France \
                 agreed.\",\"date\":\"2018-01-09\"}\n";

fn corpus() -> TestEnv {
    let env = TestEnv::new();
    env.write("a.txt", A);
    env.write("b.txt", B);
    env.write("c.jsonl", C);
    env
}

fn bytes(env: &TestEnv, name: &str) -> Vec<u8> {
    std::fs::read(env.path().join(name)).unwrap()
}

fn ok(env: &TestEnv, args: &[&str]) {
    let r = env.run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
}

/// graph.json without the manifest's inputs, which follow the merge order.
fn without_inputs(env: &TestEnv, name: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(&env.read(name)).unwrap();
    v["manifest"]["inputs"] = serde_json::Value::Null;
    v
}

/// The manifest (without its inputs), nodes and edges of a graph.json.
fn graph_of(
    env: &TestEnv,
    name: &str,
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let v = without_inputs(env, name);
    (
        v["manifest"].clone(),
        v["nodes"].clone(),
        v["edges"].clone(),
    )
}

/// `map`'s summary counts in words that agree with the numbers ("1 documents, 1 pairs" was
/// printed), and calls links links, as `build`'s does.
#[test]
fn map_summary_says_one_document_and_one_link() {
    let env = TestEnv::new();
    env.write("one.txt", "France and Germany signed a treaty on Monday.");
    let r = env.run(&["map", "one.txt", "-o", "one.part"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("1 document, 2 entities, 1 link\nwrote "),
        "{}",
        r.stdout
    );
}

#[test]
fn map_then_merge_in_input_order_is_byte_identical_to_build() {
    let env = corpus();
    ok(
        &env,
        &["build", "-q", "a.txt", "b.txt", "c.jsonl", "-o", "one"],
    );
    ok(&env, &["map", "-q", "a.txt", "-o", "a.part"]);
    ok(&env, &["map", "-q", "b.txt", "c.jsonl", "-o", "bc.part"]);
    ok(&env, &["merge", "-q", "a.part", "bc.part", "-o", "merged"]);
    for f in ["graph.json", "graph.dot", "graph.part"] {
        assert_eq!(
            bytes(&env, &format!("one/{f}")),
            bytes(&env, &format!("merged/{f}")),
            "{f}"
        );
    }
    let json = env.read("one/graph.json");
    assert!(json.contains("\"count\""), "the corpus should make edges");
}

#[test]
fn tree_merge_of_partials_equals_build_and_order_only_moves_inputs() {
    let env = corpus();
    ok(
        &env,
        &["build", "-q", "a.txt", "b.txt", "c.jsonl", "-o", "one"],
    );
    for (input, part) in [
        ("a.txt", "a.part"),
        ("b.txt", "b.part"),
        ("c.jsonl", "c.part"),
    ] {
        ok(&env, &["map", "-q", input, "-o", part]);
    }
    ok(
        &env,
        &[
            "merge",
            "-q",
            "--partial",
            "a.part",
            "b.part",
            "-o",
            "ab.part",
        ],
    );
    ok(&env, &["merge", "-q", "ab.part", "c.part", "-o", "tree"]);
    assert_eq!(
        bytes(&env, "one/graph.json"),
        bytes(&env, "tree/graph.json")
    );
    ok(
        &env,
        &[
            "merge", "-q", "c.part", "a.part", "b.part", "-o", "shuffled",
        ],
    );
    assert_ne!(
        bytes(&env, "one/graph.json"),
        bytes(&env, "shuffled/graph.json")
    );
    assert_eq!(
        without_inputs(&env, "one/graph.json"),
        without_inputs(&env, "shuffled/graph.json")
    );
}

#[test]
fn an_unlisted_person_written_two_ways_is_named_the_same_in_any_order() {
    // One person, two spellings with one id (discovered:phil-murphy-jones): the label must not
    // depend on which document is read or merged first. The hyphenated form is the commoner.
    let env = TestEnv::new();
    env.write(
        "x.jsonl",
        "{\"id\":\"x1\",\"text\":\"Trade talks resumed. Phil Murphy Jones said China \
         would reply.\"}\n",
    );
    env.write(
        "y.jsonl",
        "{\"id\":\"y1\",\"text\":\"Talks opened on Monday. Phil Murphy-Jones met officials \
         from China.\"}\n{\"id\":\"y2\",\"text\":\"Phil Murphy-Jones left China on \
         Friday.\"}\n",
    );
    ok(&env, &["build", "-q", "x.jsonl", "y.jsonl", "-o", "xy"]);
    ok(&env, &["build", "-q", "y.jsonl", "x.jsonl", "-o", "yx"]);
    ok(&env, &["map", "-q", "x.jsonl", "-o", "x.part"]);
    ok(&env, &["map", "-q", "y.jsonl", "-o", "y.part"]);
    ok(&env, &["merge", "-q", "y.part", "x.part", "-o", "merged"]);
    let xy = without_inputs(&env, "xy/graph.json");
    assert_eq!(xy, without_inputs(&env, "yx/graph.json"));
    assert_eq!(xy, without_inputs(&env, "merged/graph.json"));
    let node = xy["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "discovered:phil-murphy-jones")
        .expect("the person is discovered");
    assert_eq!(node["label"], "Phil Murphy-Jones");
    // graph.part names the person as the graph does.
    for part in ["xy/graph.part", "merged/graph.part"] {
        let p = entigraph::partial::Partial::from_path(&env.path().join(part)).unwrap();
        let e = &p.stats.entities["discovered:phil-murphy-jones"];
        assert_eq!(e.label, "Phil Murphy-Jones", "{part}");
    }
}

#[test]
fn merge_refuses_different_options_naming_file_and_field() {
    let env = corpus();
    ok(&env, &["map", "-q", "a.txt", "-o", "a.part"]);
    ok(
        &env,
        &[
            "map",
            "-q",
            "--window",
            "paragraph",
            "b.txt",
            "-o",
            "b.part",
        ],
    );
    let r = env.run(&["merge", "a.part", "b.part", "-o", "out"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "entigraph: b.part: cannot be merged with a.part: options.window is paragraph in \
         b.part but sentence in a.part\n"
    );
    assert!(!env.path().join("out").exists());

    env.write("extra.tsv", "person:zz-test\tperson\tZora Zee\t\t\n");
    ok(
        &env,
        &["map", "-q", "-g", "extra.tsv", "b.txt", "-o", "g.part"],
    );
    let r = env.run(&["merge", "a.part", "g.part", "-o", "out"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("entigraph: g.part: cannot be merged with a.part: gazetteer.entities is "),
        "{}",
        r.stderr
    );
    // Built without the built-in gazetteers: the message says so first.
    ok(
        &env,
        &[
            "map",
            "-q",
            "--no-builtin",
            "-g",
            "extra.tsv",
            "b.txt",
            "-o",
            "n.part",
        ],
    );
    let r = env.run(&["merge", "a.part", "n.part", "-o", "out"]);
    assert!(
        r.stderr.starts_with(
            "entigraph: n.part: cannot be merged with a.part: gazetteer.builtin is false in \
             n.part but true in a.part"
        ),
        "{}",
        r.stderr
    );
}

/// Statistics of another build of entigraph are not added up with this one's: what is found
/// changes with the rules, while the version number may not. `diff` warns of it.
#[test]
fn partials_of_another_build_are_refused_and_diff_warns() {
    let env = corpus();
    let this = format!("entigraph {}", entigraph::VERSION);
    let r = env.run(&["--version"]);
    assert_eq!(r.stdout.trim_end(), this);
    let (number, source) = entigraph::VERSION.split_once(" (source ").unwrap();
    assert_eq!(number, env!("CARGO_PKG_VERSION"));
    let hex = source.strip_suffix(')').unwrap();
    assert!(
        hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        "{source}"
    );
    ok(&env, &["map", "-q", "a.txt", "-o", "a.part"]);
    ok(&env, &["build", "-q", "b.txt", "-o", "g"]);
    // The same partials, as another build wrote them.
    let other = "entigraph 0.1.0 (source 000000000000)";
    let rewrite = |path: &str| {
        let path = env.path().join(path);
        let mut p = entigraph::partial::Partial::from_path(&path).unwrap();
        assert_eq!(p.header.tool, this);
        p.header.tool = other.to_string();
        let mut bytes = Vec::new();
        p.write(&mut bytes).unwrap();
        std::fs::write(&path, bytes).unwrap();
    };
    ok(&env, &["map", "-q", "b.txt", "-o", "old.part"]);
    rewrite("old.part");
    let r = env.run(&["merge", "a.part", "old.part", "-o", "out"]);
    assert_exit(
        &r,
        1,
        &[format!(
            "entigraph: old.part: cannot be merged with a.part: it was written by {other}, \
             a.part by {this}; what is found may differ between the two, so map both with one \
             entigraph"
        )],
    );
    assert!(!env.path().join("out").exists());
    let before = env.read("g/graph.json");
    rewrite("g/graph.part");
    let r = env.run(&["build", "-q", "--append", "g", "a.txt"]);
    assert_exit(
        &r,
        1,
        &[format!(
            "entigraph: g/graph.part: cannot append: the graph was built by {other}, this is \
             {this}; what is found may differ between the two, so build the graph again with \
             this one"
        )],
    );
    assert_eq!(env.read("g/graph.json"), before);
    // diff compares graphs of any builds, and says when they differ.
    ok(&env, &["build", "-q", "a.txt", "-o", "h"]);
    let mut old: serde_json::Value = serde_json::from_str(&before).unwrap();
    old["manifest"]["tool"] = other.into();
    env.write("old.json", old.to_string());
    let r = env.run(&["diff", "old.json", "h/graph.json"]);
    assert_exit(
        &r,
        0,
        &[format!(
            "warning: the graphs were built with different versions of entigraph (old: {other}, \
             new: {this})"
        )],
    );
}

#[test]
fn corrupt_partials_are_reported_with_their_name() {
    let env = corpus();
    ok(&env, &["map", "-q", "a.txt", "b.txt", "-o", "a.part"]);
    let whole = bytes(&env, "a.part");
    env.write("cut.part", &whole[..whole.len() - 20]);
    let r = env.run(&["merge", "cut.part", "-o", "out"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("entigraph: cut.part: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("truncated or corrupt"), "{}", r.stderr);
    ok(&env, &["build", "-q", "a.txt", "-o", "g"]);
    let r = env.run(&["merge", "g/graph.json", "-o", "out"]);
    assert_exit(&r, 1, &["not an entigraph partial"]);
}

#[test]
fn append_gives_the_graph_of_one_build() {
    let env = corpus();
    ok(
        &env,
        &["build", "-q", "a.txt", "b.txt", "c.jsonl", "-o", "one"],
    );
    ok(&env, &["build", "-q", "a.txt", "-o", "g"]);
    ok(&env, &["build", "-q", "--append", "g", "b.txt", "c.jsonl"]);
    for f in ["graph.json", "graph.dot", "graph.part"] {
        assert_eq!(
            bytes(&env, &format!("one/{f}")),
            bytes(&env, &format!("g/{f}")),
            "{f}"
        );
    }
    // DIR/graph.part stands for DIR, the default output too.
    ok(&env, &["build", "-q", "a.txt", "-o", "g2"]);
    ok(
        &env,
        &[
            "build",
            "-q",
            "--append",
            "g2/graph.part",
            "b.txt",
            "c.jsonl",
        ],
    );
    assert_eq!(bytes(&env, "one/graph.json"), bytes(&env, "g2/graph.json"));
    assert!(!env.path().join("output").exists());
    // A partial file can be the base too, written elsewhere.
    ok(&env, &["map", "-q", "a.txt", "b.txt", "-o", "ab.part"]);
    ok(
        &env,
        &["build", "-q", "--append", "ab.part", "c.jsonl", "-o", "h"],
    );
    assert_eq!(bytes(&env, "one/graph.json"), bytes(&env, "h/graph.json"));

    let r = env.run(&["build", "--append", "g", "--evidence", "1", "a.txt"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "entigraph: g/graph.part: cannot append: options.evidence was 3 there but is 1"
        ),
        "{}",
        r.stderr
    );
}

/// An append counts as the graph was built in what the run does not say: window, evidence,
/// the limit of entities per window and the matching switches come from the graph (they were
/// the defaults, and an append to a graph built otherwise was refused until every option was
/// repeated). Given, an option must still agree.
#[test]
fn an_append_counts_as_the_graph_was_built() {
    let env = corpus();
    let options = [
        "--window",
        "paragraph",
        "--evidence",
        "1",
        "--max-window-entities",
        "5",
        "--no-discover",
        "--capitals",
    ];
    let mut one = vec!["build", "-q", "a.txt", "b.txt", "c.jsonl", "-o", "one"];
    one.extend(options);
    ok(&env, &one);
    let mut first = vec!["build", "-q", "a.txt", "-o", "g"];
    first.extend(options);
    ok(&env, &first);
    ok(&env, &["build", "-q", "--append", "g", "b.txt", "c.jsonl"]);
    assert_eq!(
        graph_of(&env, "one/graph.json"),
        graph_of(&env, "g/graph.json")
    );
    let v: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    let o = &v["manifest"]["options"];
    assert_eq!(
        (&o["window"], &o["evidence"], &o["max_window_entities"]),
        (
            &serde_json::json!("paragraph"),
            &serde_json::json!(1),
            &serde_json::json!(5)
        )
    );
    assert_eq!(
        (&o["discover"], &o["capitals"]),
        (&false.into(), &true.into())
    );
    let r = env.run(&["build", "--append", "g", "--window", "sentence", "a.txt"]);
    assert_exit(
        &r,
        1,
        &["cannot append: options.window was paragraph there but is sentence in this run"],
    );
    // A switch this run turns that the graph was built without is refused.
    ok(&env, &["build", "-q", "a.txt", "-o", "plain"]);
    let r = env.run(&["build", "--append", "plain", "--no-discover", "b.txt"]);
    assert_exit(
        &r,
        1,
        &["cannot append: options.discover was true there but is false in this run"],
    );
}

#[test]
fn one_and_two_threads_write_the_same_bytes() {
    let env = TestEnv::new();
    let sentences = [A, B, "Germany and France met the United Nations in Paris."];
    for i in 0..40 {
        let text = format!(
            "{} {}",
            sentences[i % 3],
            sentences[(i * 7 + 1) % 3].replace("Monday", "Friday")
        );
        env.write(&format!("docs/{i:03}.txt"), text);
    }
    ok(&env, &["build", "-q", "--threads", "1", "docs", "-o", "t1"]);
    ok(&env, &["build", "-q", "--threads", "2", "docs", "-o", "t2"]);
    for f in ["graph.json", "graph.dot", "graph.part"] {
        assert_eq!(
            bytes(&env, &format!("t1/{f}")),
            bytes(&env, &format!("t2/{f}")),
            "{f}"
        );
    }
    assert!(env.read("t1/graph.json").contains("\"documents\": 40"));
}

/// More documents than one processing chunk holds (4096): with two threads they are read a
/// chunk ahead on a thread of their own; the result must not change.
#[test]
fn many_chunks_read_ahead_give_the_same_bytes() {
    let env = TestEnv::new();
    let sentences = [A, B, "Germany and France met the United Nations in Paris."];
    let mut jsonl = String::new();
    for i in 0..9000 {
        let doc = serde_json::json!({"id": format!("d{i:05}"), "text": sentences[i % 3]});
        jsonl.push_str(&format!("{doc}\n"));
    }
    env.write("docs.jsonl", jsonl);
    ok(
        &env,
        &["build", "-q", "--threads", "1", "docs.jsonl", "-o", "t1"],
    );
    ok(
        &env,
        &["build", "-q", "--threads", "2", "docs.jsonl", "-o", "t2"],
    );
    for f in ["graph.json", "graph.dot", "graph.part"] {
        assert_eq!(
            bytes(&env, &format!("t1/{f}")),
            bytes(&env, &format!("t2/{f}")),
            "{f}"
        );
    }
    assert!(env.read("t2/graph.json").contains("\"documents\": 9000"));
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let env = corpus();
    let r = env.run(&["build", "a.txt", "b.txt", "-o", "out"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "");
    assert!(r.stdout.contains("wrote out/graph.part"));
    let r = env.run(&["map", "a.txt", "-o", "a.part"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

#[test]
fn an_input_counted_again_is_refused_and_nothing_is_written() {
    let env = corpus();
    ok(&env, &["build", "-q", "a.txt", "c.jsonl", "-o", "g"]);
    // Appending a file that is already in the graph, unchanged, would double its counts: it is
    // left out, the new file counted.
    let r = env.run(&["build", "--append", "g", "b.txt", "c.jsonl", "-o", "gb"]);
    assert_exit(
        &r,
        0,
        &["entigraph: note: c.jsonl: counted before (in g/graph.part), unchanged, left out\n"],
    );
    ok(
        &env,
        &["build", "-q", "a.txt", "c.jsonl", "b.txt", "-o", "abc"],
    );
    assert_eq!(
        without_inputs(&env, "gb/graph.json"),
        without_inputs(&env, "abc/graph.json")
    );
    // Named twice in one run, or one partial merged twice: refused, nothing written.
    let r = env.run(&["build", "a.txt", "a.txt", "-o", "twice"]);
    assert_exit(&r, 1, &["(--allow-duplicate-inputs counts it anyway)"]);
    assert!(!env.path().join("twice").exists());
    ok(&env, &["map", "-q", "b.txt", "-o", "b.part"]);
    ok(&env, &["map", "-q", "b.txt", "-o", "b2.part"]);
    let r = env.run(&["merge", "b.part", "g", "b2.part", "-o", "m"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("entigraph: b2.part: input b.txt: already counted (in b.part), "),
        "{}",
        r.stderr
    );
    assert!(!env.path().join("m").exists());
    // Asked for, it is counted again.
    ok(
        &env,
        &[
            "build",
            "-q",
            "--append",
            "g",
            "--allow-duplicate-inputs",
            "c.jsonl",
        ],
    );
    let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    assert_eq!(g["manifest"]["documents"], 7);
    // A graph that holds a repeat by choice can still be appended to without the option.
    ok(&env, &["build", "-q", "--append", "g", "b.txt"]);
    // map refuses too; a partial given twice is named as such.
    let r = env.run(&["map", "a.txt", "a.txt", "-o", "aa.part"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!env.path().join("aa.part").exists());
    let r = env.run(&["merge", "b.part", "./b.part", "-o", "m"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("entigraph: ./b.part: given twice (also as b.part); its documents would"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_repeat_is_refused_even_after_a_copy_of_another_name() {
    let env = corpus();
    env.write("copy.txt", A);
    let r = env.run(&["build", "copy.txt", "a.txt", "a.txt", "-o", "g"]);
    assert_exit(
        &r,
        1,
        &["entigraph: a.txt: the same file as a.txt, named before; counting it twice"],
    );
    // Also under another spelling of its path, or through a symbolic link.
    let abs = env.path().join("a.txt");
    let r = env.run(&["build", "a.txt", abs.to_str().unwrap(), "-o", "g"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!env.path().join("g").exists());
    ok(&env, &["build", "-q", "copy.txt", "a.txt", "-o", "g"]);
    // Appended, the same name, spelt with ./ or not, is the file the graph counted as a.txt
    // (not taken for its copy): unchanged, nothing new.
    for a in ["./a.txt", "a.txt"] {
        let r = env.run(&["build", "--append", "g", a]);
        assert_exit(
            &r,
            0,
            &[
                "entigraph: note: nothing new to count: 1 file was counted before (in \
               g/graph.part), unchanged",
            ],
        );
        assert!(!r.stderr.contains("copy.txt"), "{}", r.stderr);
    }
    // Named twice in the append: refused.
    let r = env.run(&["build", "--append", "g", "a.txt", "./a.txt"]);
    assert_exit(
        &r,
        1,
        &["entigraph: ./a.txt: the same file as a.txt, named before"],
    );
}

#[test]
fn repeats_that_may_be_other_documents_are_counted_with_a_warning() {
    let env = corpus();
    // Standard input has no name to tell two feeds apart.
    let r = env.run_stdin(&["map", "-q", "-", "-o", "s1.part"], Some(A.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run_stdin(&["map", "-q", "-", "-o", "s2.part"], Some(A.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["merge", "-q", "s1.part", "s2.part", "-o", "m"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "entigraph: warning: standard input has the same content as an earlier standard input"
        ),
        "{}",
        r.stderr
    );
    // One file split by date over two runs counts other documents each time: no repeat.
    ok(
        &env,
        &["build", "-q", "--until", "2019", "c.jsonl", "-o", "d"],
    );
    let r = env.run(&["build", "-q", "--append", "d", "--since", "2020", "c.jsonl"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    ok(&env, &["build", "-q", "c.jsonl", "-o", "whole"]);
    // --since chose the documents counted; the graph written shows all that is counted, the
    // earlier period too, as graph.part does.
    ok(&env, &["merge", "-q", "d", "-o", "d-all"]);
    for g in ["d/graph.json", "d-all/graph.json"] {
        assert_eq!(
            without_inputs(&env, g)["edges"],
            without_inputs(&env, "whole/graph.json")["edges"],
            "{g}"
        );
    }
    assert_eq!(env.read("d/graph.dot"), env.read("whole/graph.dot"));
    ok(
        &env,
        &["build", "-q", "--until", "2019", "c.jsonl", "-o", "y1"],
    );
    ok(
        &env,
        &["build", "-q", "--since", "2020", "c.jsonl", "-o", "y2"],
    );
    let r = env.run(&["merge", "-q", "y1", "y2", "-o", "y"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // Date ranges that meet may count the same documents again: refused.
    let r = env.run(&["build", "--append", "y2", "--since", "2019", "c.jsonl"]);
    assert_exit(
        &r,
        1,
        &[
            "entigraph: c.jsonl: already counted (in y2/graph.part, with --since 2020), with the \
           same content",
        ],
    );
    // A range within the one counted holds no document that was not counted: nothing new.
    let r = env.run(&["build", "--append", "whole", "--since", "2020", "c.jsonl"]);
    assert_exit(&r, 0, &["note: nothing new to count"]);
    let r = env.run(&["build", "--since", "2019", "c.jsonl", "c.jsonl", "-o", "t"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    // Empty files have no documents to count twice.
    env.write("e1.txt", "");
    env.write("e2.txt", "");
    let r = env.run(&["build", "-q", "e1.txt", "e2.txt", "e1.txt", "-o", "e"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            0,
            "entigraph: warning: no entity was found in 3 documents: the graph is empty\n"
        )
    );
}

#[test]
fn another_file_with_the_same_content_is_counted_with_a_warning() {
    let env = corpus();
    env.write("copy.txt", A);
    let r = env.run(&["build", "-q", "a.txt", "copy.txt", "-o", "g"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "entigraph: warning: copy.txt has the same content as a.txt (1 document, "
        ),
        "{}",
        r.stderr
    );
    let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    assert_eq!(g["manifest"]["documents"], 2);
    // Warned once: appending something else to that graph says nothing more.
    let r = env.run(&["build", "-q", "--append", "g", "b.txt"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

#[test]
fn files_chooses_what_the_directory_gets_and_removes_the_rest() {
    let env = corpus();
    ok(&env, &["build", "-q", "a.txt", "b.txt", "-o", "all"]);
    ok(&env, &["build", "-q", "a.txt", "-o", "g"]);
    let r = env.run(&["build", "--files", "json", "a.txt", "b.txt", "-o", "g"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("wrote g/graph.json\n"), "{}", r.stdout);
    assert!(!r.stdout.contains("wrote g/graph.dot"), "{}", r.stdout);
    // The old graph's files would be taken for the new graph's: they go.
    for f in ["graph.dot", "graph.part"] {
        assert!(
            r.stdout
                .contains(&format!("removed g/{f} (left from an earlier run)\n")),
            "{}",
            r.stdout
        );
        assert!(!env.path().join("g").join(f).exists(), "{f}");
    }
    assert_eq!(bytes(&env, "g/graph.json"), bytes(&env, "all/graph.json"));
    // merge takes the option too; graph.part alone is enough to append to later.
    ok(&env, &["map", "-q", "a.txt", "b.txt", "-o", "ab.part"]);
    ok(
        &env,
        &["merge", "-q", "--files", "part,dot", "ab.part", "-o", "m"],
    );
    assert_eq!(bytes(&env, "m/graph.dot"), bytes(&env, "all/graph.dot"));
    assert!(!env.path().join("m/graph.json").exists());
    ok(&env, &["build", "-q", "--append", "m", "c.jsonl"]);
    assert!(env.read("m/graph.json").contains("\"documents\": 5"));
    let r = env.run(&["build", "--files", "svg", "a.txt", "-o", "x"]);
    assert_eq!(r.code, 2);
}

#[test]
fn files_never_removes_the_statistics_the_run_reads_and_needs_a_directory() {
    let env = corpus();
    ok(&env, &["build", "-q", "a.txt", "-o", "g"]);
    let before = bytes(&env, "g/graph.part");
    let r = env.run(&["build", "--append", "g", "--files", "json", "b.txt"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "entigraph: g/graph.part: --files leaves out graph.part, which would remove the one \
             this run reads"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(bytes(&env, "g/graph.part"), before);
    let r = env.run(&["merge", "--files", "json,dot", "g", "-o", "g"]);
    assert_exit(&r, 1, &["which would remove the one this run reads"]);
    assert_eq!(bytes(&env, "g/graph.part"), before);
    // Written elsewhere, the old directory is not touched.
    ok(
        &env,
        &[
            "build", "-q", "--append", "g", "--files", "json", "b.txt", "-o", "h",
        ],
    );
    assert_eq!(bytes(&env, "g/graph.part"), before);
    // Where no directory is written, --files is a usage error rather than ignored.
    let r = env.run(&["build", "--files", "dot", "a.txt", "-o", "-"]);
    assert_exit(&r, 2, &["-o - writes graph.json alone"]);
    let r = env.run(&["merge", "--partial", "--files", "json", "g", "-o", "x.part"]);
    assert_exit(&r, 2, &["--partial writes one partial file"]);
    assert!(!env.path().join("x.part").exists());
}

#[test]
fn merge_writes_to_standard_output_and_says_what_the_partials_skipped() {
    let env = corpus();
    env.write(
        "bad.jsonl",
        "{\"id\":\"x\",\"text\":\"China and Russia met.\"}\nnot json\n",
    );
    ok(&env, &["map", "-q", "a.txt", "-o", "a.part"]);
    let r = env.run(&["map", "-q", "bad.jsonl", "-o", "bad.part"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    ok(&env, &["merge", "-q", "a.part", "bad.part", "-o", "dir"]);
    let r = env.run(&["merge", "a.part", "bad.part", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, env.read("dir/graph.json"));
    assert!(
        r.stderr
            .contains("note: the partials record 1 input item skipped when they were made"),
        "{}",
        r.stderr
    );
    assert!(!env.path().join("-").exists());
    let r = env.run(&["merge", "-q", "--partial", "a.part", "bad.part", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    env.write("stdout.part", r.stdout.as_bytes());
    let r = env.run(&[
        "merge",
        "-q",
        "--partial",
        "a.part",
        "bad.part",
        "-o",
        "m.part",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!env.path().join("-").exists());
    let r = env.run(&["merge", "--files", "json", "a.part", "-o", "-"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn appending_a_file_of_a_name_already_counted_with_other_content_warns() {
    let env = corpus();
    env.write("today.txt", A);
    ok(&env, &["build", "-q", "today.txt", "-o", "g"]);
    env.write("today.txt", B);
    let r = env.run(&["build", "-q", "--append", "g", "today.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "entigraph: warning: today.txt was counted before (in g/graph.part) with other \
             content (1 document, "
        ),
        "{}",
        r.stderr
    );
    // A directory without graph.part cannot be appended to, and the message says why.
    ok(
        &env,
        &["build", "-q", "a.txt", "--files", "json", "-o", "j"],
    );
    let r = env.run(&["build", "-q", "--append", "j", "b.txt"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("entigraph: j: no graph.part in this directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_append_already_counted_is_refused_before_the_run() {
    let env = corpus();
    env.write("feed.jsonl", format!("{C}not json\n"));
    // Counted over some dates: appended over dates that meet those (but go beyond them, so the
    // file is not simply "nothing new"), it would count some documents twice.
    let r = env.run(&["build", "-q", "--since", "2019", "feed.jsonl", "-o", "g"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let before = bytes(&env, "g/graph.part");
    // Refused from a hash of the input, before any document is processed: the bad line is not
    // reported again, since the run never starts.
    let r = env.run(&["build", "-q", "--append", "g", "a.txt", "feed.jsonl"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [format!(
            "entigraph: feed.jsonl: already counted (in {}, with --since 2019), with the same \
             content (3 documents, {} bytes, hash {}); counting it again would double its counts. \
             Nothing was written (--allow-duplicate-inputs counts it anyway)",
            std::path::Path::new("g").join("graph.part").display(),
            C.len() + "not json\n".len(),
            entigraph::partial::Partial::from_path(&env.path().join("g/graph.part"))
                .unwrap()
                .header
                .inputs[0]
                .hash
        )]
    );
    assert_eq!(bytes(&env, "g/graph.part"), before);
    // Under another spelling of its path too.
    let abs = env.path().join("feed.jsonl");
    let r = env.run(&["build", "-q", "--append", "g", abs.to_str().unwrap()]);
    assert_exit(&r, 1, &[": already counted (in g"]);
    assert_eq!(bytes(&env, "g/graph.part"), before);
    // Other dates of the same file are other documents: counted.
    ok(
        &env,
        &["build", "-q", "c.jsonl", "--until", "2019", "-o", "d"],
    );
    let r = env.run(&["build", "-q", "--append", "d", "--since", "2020", "c.jsonl"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// The same file under another file name (a symbolic link) is not the file the graph counted
/// under its name: the same content under another name, counted over dates that meet, refused.
#[cfg(unix)]
#[test]
fn a_link_to_a_file_counted_is_refused() {
    let env = corpus();
    ok(&env, &["build", "-q", "c.jsonl", "-o", "g"]);
    let before = bytes(&env, "g/graph.part");
    std::os::unix::fs::symlink("c.jsonl", env.path().join("link.jsonl")).unwrap();
    let r = env.run(&["build", "--append", "g", "link.jsonl"]);
    assert_exit(
        &r,
        1,
        &["entigraph: link.jsonl: already counted (in g/graph.part), with the same content"],
    );
    assert_eq!(bytes(&env, "g/graph.part"), before);
}

#[test]
fn an_append_that_overlaps_what_the_graph_counted_is_caught() {
    let env = corpus();
    env.write("in/a.txt", A);
    env.write("in/b.txt", B);
    // A file counted before, then its directory: the walk leaves the file out and counts the
    // rest.
    ok(&env, &["build", "-q", "in/a.txt", "-o", "g"]);
    let r = env.run(&["build", "--append", "g", "in"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "entigraph: note: in: 1 file counted before (in g/graph.part), unchanged, left out\n"
        ),
        "{}",
        r.stderr
    );
    ok(&env, &["build", "-q", "in", "-o", "one"]);
    assert_eq!(
        without_inputs(&env, "g/graph.json"),
        without_inputs(&env, "one/graph.json")
    );
    // A directory counted before, then a file in it: the graph recorded the directory's
    // files, so it knows the file was counted, unchanged (under any `./`, or another path to
    // it): left out.
    ok(&env, &["build", "-q", "in", "-o", "d"]);
    let part = bytes(&env, "d/graph.part");
    let r = env.run(&["build", "--append", "d", "./in/b.txt"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            0,
            "entigraph: note: nothing new to count: 1 file was counted before (in d/graph.part), \
             unchanged; the graph is left as it was\n"
        )
    );
    assert_eq!(bytes(&env, "d/graph.part"), part);
    env.write("new.txt", "Angela Merkel met Xi Jinping in Berlin.");
    let abs = env.path().join("in/b.txt");
    let r = env.run(&[
        "build",
        "--append",
        "d",
        abs.to_str().unwrap(),
        "new.txt",
        "-o",
        "e",
    ]);
    let note = format!(
        "entigraph: note: {}: counted before as in/b.txt (in d/graph.part), unchanged, left out",
        abs.display()
    );
    assert_exit(&r, 0, &[note]);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    // A file that was not there then is new: counted, no warning. One that changed since is
    // counted with a warning.
    env.write("in/c.txt", A);
    let r = env.run(&["build", "-q", "--append", "d", "in/c.txt"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    env.write("in/b.txt", format!("{B} {A}"));
    let r = env.run(&["build", "-q", "--append", "d", "in/b.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "entigraph: warning: in/b.txt was counted before (in d/graph.part, inside in) with \
             other content"
        ),
        "{}",
        r.stderr
    );
    // An empty file has no documents to count twice, whenever it is given.
    env.write("empty.txt", "");
    ok(&env, &["build", "-q", "empty.txt", "-o", "e"]);
    ok(&env, &["build", "-q", "empty.txt", "--append", "e"]);
}

#[test]
fn a_directory_that_grows_is_appended_by_its_new_files() {
    let env = corpus();
    env.write("feed/day1/a.txt", A);
    env.write("feed/day1/c.jsonl", C);
    ok(&env, &["build", "-q", "feed", "-o", "g"]);
    // The next day's files arrive: appending the directory counts only them.
    env.write("feed/day2/b.txt", B);
    let r = env.run(&["build", "--append", "g", "feed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "entigraph: note: feed: 2 files counted before (in g/graph.part), unchanged, left out"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    ok(&env, &["build", "-q", "feed", "-o", "one"]);
    assert_eq!(
        without_inputs(&env, "g/graph.json"),
        without_inputs(&env, "one/graph.json")
    );
    // Nothing new (a feed before its next files arrive): said, the graph left as it was, and
    // no error; -q says nothing.
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "./feed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "entigraph: note: nothing new to count: 3 files were counted before (in g/graph.part), \
         unchanged; the graph is left as it was\n"
    );
    assert_eq!(graph_files(&env, "g"), before);
    let r = env.run(&["build", "-q", "--append", "g", "feed"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // Run from elsewhere, or with the directory moved under another: its files are known by
    // their names and content.
    let elsewhere = env.path().join("archive");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::rename(env.path().join("feed"), elsewhere.join("feed")).unwrap();
    let r = env.run(&["build", "--append", "g", "archive"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "nothing new to count: 3 files were counted before (in g/graph.part), unchanged"
        ),
        "{}",
        r.stderr
    );
    std::fs::rename(elsewhere.join("feed"), env.path().join("feed")).unwrap();
    // A file renamed is counted again, with a warning naming the file it copies.
    std::fs::copy(
        env.path().join("feed/day2/b.txt"),
        env.path().join("feed/day2/b2.txt"),
    )
    .unwrap();
    let r = env.run(&["build", "-q", "--append", "g", "feed", "-o", "copy"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: feed/day2/b2.txt: the same content as feed/day2/b.txt, counted before; \
             counted again"
        ),
        "{}",
        r.stderr
    );
    std::fs::remove_file(env.path().join("feed/day2/b2.txt")).unwrap();
    // The directory named another way (an absolute path): its files are known all the same.
    env.write("feed/day3/c.txt", "Angela Merkel met Xi Jinping in Berlin.");
    let abs = env.path().join("feed");
    let r = env.run(&["build", "--append", "g", abs.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let note = format!(
        "entigraph: note: {}: 3 files counted before (in g/graph.part), unchanged, left out",
        abs.display()
    );
    assert!(r.stderr.contains(&note), "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    // (The counts of one build; the new file's document id is its path as given.)
    ok(&env, &["build", "-q", "feed", "-o", "one"]);
    let manifest = |f: &str| without_inputs(&env, f)["manifest"].clone();
    assert_eq!(manifest("g/graph.json"), manifest("one/graph.json"));
    // A file changed since is counted again, with a warning.
    env.write("feed/day1/a.txt", format!("{A} {B}"));
    let r = env.run(&["build", "-q", "--append", "g", "feed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "entigraph: warning: feed/day1/a.txt: counted before with other content; if it is the \
         same file grown or mended, the documents it held then are counted twice\n"
    );
    let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
    let one: serde_json::Value = serde_json::from_str(&env.read("one/graph.json")).unwrap();
    let docs = |v: &serde_json::Value| v["manifest"]["documents"].as_u64().unwrap();
    assert_eq!(docs(&g), docs(&one) + 1);
    // The graph.json manifest names the inputs, not every file read inside them.
    assert!(g["manifest"]["inputs"][0].get("files").is_none(), "{g}");
}

/// A file skipped (binary, or every line of it bad) counted no documents: appended again, it is
/// not "counted before, unchanged" (it had been, exit 0, its skip said no more), but read again
/// and skipped again, exit 3; changed, it is read without the warning that the documents it held
/// then are counted twice (it held none). A file that grew by nothing to count (a blank line) is
/// still counted before.
#[test]
fn a_file_skipped_is_read_again_on_append_not_counted_before() {
    let env = TestEnv::new();
    env.write("d/a.txt", "Russia and China met.\n");
    env.write("d/bin.txt", b"x\0");
    env.write("d/bad.jsonl", "not json\n");
    let skips = [
        "entigraph: skipped: d/bin.txt: binary file",
        "entigraph: skipped: d/bad.jsonl:1: ",
    ];
    let r = env.run(&["build", "-q", "d", "-o", "g"]);
    assert_exit(&r, 3, &skips);
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "d"]);
    assert_exit(
        &r,
        3,
        &[
            &skips[..],
            &["nothing new to count: 1 file was counted before (in g/graph.part), unchanged"],
        ]
        .concat(),
    );
    assert_eq!(graph_files(&env, "g"), before);
    // Still binary, changed: skipped again, no warning.
    env.write("d/bin.txt", b"x\0y\0");
    let r = env.run(&["build", "-q", "--append", "g", "d"]);
    assert_exit(&r, 3, &skips);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    // Mended: their documents counted, once, without a warning; the graph is that of one build.
    env.write("d/bin.txt", "Germany and France met.\n");
    env.write("d/bad.jsonl", "{\"text\":\"Chile and Peru met.\"}\n");
    let r = env.run(&["build", "-q", "--append", "g", "d"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    ok(&env, &["build", "-q", "d", "-o", "one"]);
    // (The skips of the earlier runs are the graph's.)
    let graph = |f: &str| {
        let mut v = without_inputs(&env, f);
        v["manifest"]["skipped"] = serde_json::Value::Null;
        v
    };
    assert_eq!(graph("g/graph.json"), graph("one/graph.json"));
    assert_eq!(graph("g/graph.json")["manifest"]["documents"], 3);
    // Named on its own, a file the directory skipped, mended since: no warning either.
    env.write("e/a.txt", "Russia and China met.\n");
    env.write("e/bin.txt", b"x\0");
    let r = env.run(&["build", "-q", "e", "-o", "h"]);
    assert_exit(&r, 3, &["entigraph: skipped: e/bin.txt: binary file"]);
    env.write("e/bin.txt", "Germany and France met.\n");
    let r = env.run(&["build", "-q", "--append", "h", "e/bin.txt"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // A file that grew by a blank line (no document) since it was counted is still counted
    // before: nothing new, however many times appended.
    env.write("f/feed.jsonl", "{\"text\":\"Russia and China met.\"}\n");
    ok(&env, &["build", "-q", "f", "-o", "k"]);
    env.write("f/feed.jsonl", "{\"text\":\"Russia and China met.\"}\n\n");
    env.write("f/b.txt", "Germany and France met.\n");
    ok(&env, &["build", "-q", "--append", "k", "f"]);
    let r = env.run(&["build", "--append", "k", "f"]);
    assert_exit(
        &r,
        0,
        &["nothing new to count: 2 files were counted before (in k/graph.part), unchanged"],
    );
}

/// A JSON lines file written line by line (a feed) grows at its end: appended again, its lines
/// counted before are left out and the new ones read, so the graph is the one build of the
/// whole file gives. A file changed otherwise is read again, with the warning.
#[test]
fn a_jsonl_file_that_grew_counts_only_its_new_lines() {
    let env = TestEnv::new();
    let line = |id: &str, text: &str| format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n");
    let first = line("a1", "Norway and Russia met.") + &line("a2", "China and Russia met.");
    env.write("feed/news.jsonl", &first);
    env.write("feed/old.txt", "Chile and Peru met.");
    ok(&env, &["build", "-q", "feed", "-o", "g"]);
    let grown = first.clone() + &line("a3", "Norway and Russia met again.");
    env.write("feed/news.jsonl", &grown);
    let r = env.run(&["build", "--append", "g", "feed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warning = format!(
        "warning: feed/news.jsonl: grew since it was counted: its first {} bytes are left out, \
         the lines after them read",
        first.len()
    );
    assert!(r.stderr.contains(&warning), "{}", r.stderr);
    ok(&env, &["build", "-q", "feed", "-o", "one"]);
    let graph = |f: &str| {
        let v = without_inputs(&env, f);
        (v["manifest"].clone(), v["edges"].clone())
    };
    assert_eq!(graph("g/graph.json"), graph("one/graph.json"));
    // Nothing new the next time.
    let r = env.run(&["build", "--append", "g", "feed"]);
    assert!(r.stderr.contains("nothing new to count"), "{}", r.stderr);
    // Changed, not grown: read again, with the warning.
    env.write("feed/news.jsonl", grown.replace("a1", "b1"));
    let r = env.run(&["build", "-q", "--append", "g", "feed"]);
    assert!(
        r.stderr
            .contains("feed/news.jsonl: counted before with other content"),
        "{}",
        r.stderr
    );
}

/// The same for a feed file named on its own (`build feed.jsonl --append g` after each batch
/// of lines): only what is new is read, the manifest says where the new part began, and the
/// graph is the one build of the whole file gives. Unchanged, it is nothing new; changed
/// otherwise, it is read again with the warning.
#[test]
fn a_feed_file_named_on_its_own_that_grew_counts_only_what_is_new() {
    let env = TestEnv::new();
    let line = |id: &str, text: &str| format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n");
    let row = |id: &str, text: &str| format!("{id},\"{text}\"\r\n");
    let first = line("a1", "Norway and Russia met.");
    let first_csv = "id,text\r\n".to_string() + &row("c1", "Chile and Peru met.");
    env.write("feed.jsonl", &first);
    env.write("feed.csv", &first_csv);
    ok(&env, &["build", "-q", "feed.jsonl", "feed.csv", "-o", "g"]);
    for (grown_by, grown_by_csv) in [
        (
            line("a2", "China and Russia met."),
            row("c2", "Peru and\nChile met."),
        ),
        (
            line("a3", "Norway and China met."),
            row("c3", "Chile and Norway met."),
        ),
    ] {
        let before = env.read("feed.jsonl").len();
        env.write("feed.jsonl", env.read("feed.jsonl") + &grown_by);
        env.write("feed.csv", env.read("feed.csv") + &grown_by_csv);
        let r = env.run(&["build", "--append", "g", "feed.jsonl", "feed.csv"]);
        assert_exit(
            &r,
            0,
            &[format!(
                "warning: feed.jsonl: grew since it was counted: its first {before} bytes are \
                 left out, the lines after them read"
            )],
        );
        assert!(
            r.stderr.contains("feed.csv: grew since it was counted"),
            "{}",
            r.stderr
        );
        assert!(!r.stderr.contains("counted twice"), "{}", r.stderr);
        let g: serde_json::Value = serde_json::from_str(&env.read("g/graph.json")).unwrap();
        let inputs = &g["manifest"]["inputs"];
        let last = &inputs[inputs.as_array().unwrap().len() - 2];
        assert_eq!(last["name"], "feed.jsonl");
        assert_eq!(last["documents"], 1);
        assert_eq!(last["grown_from"], before);
    }
    ok(
        &env,
        &["build", "-q", "feed.jsonl", "feed.csv", "-o", "one"],
    );
    let graph = |f: &str| graph_of(&env, f);
    assert_eq!(graph("g/graph.json"), graph("one/graph.json"));
    // Unchanged: nothing new, the graph left as it was (as a directory with nothing new).
    let before = bytes(&env, "g/graph.part");
    let r = env.run(&["build", "--append", "g", "feed.jsonl", "feed.csv"]);
    assert_exit(
        &r,
        0,
        &["note: nothing new to count: 2 files were counted before (in g/graph.part)"],
    );
    assert_eq!(bytes(&env, "g/graph.part"), before);
    // Changed, not grown: read again, with the warning.
    env.write("feed.jsonl", env.read("feed.jsonl").replace("a1", "b1"));
    let r = env.run(&["build", "-q", "--append", "g", "feed.jsonl"]);
    assert_exit(
        &r,
        0,
        &["feed.jsonl was counted before (in g/graph.part) with other content"],
    );
}

/// The bytes and modification time of each file of the graph directory `dir`: a graph left as
/// it was keeps both.
fn graph_files(env: &TestEnv, dir: &str) -> Vec<(Vec<u8>, std::time::SystemTime)> {
    ["graph.json", "graph.dot", "graph.part"]
        .into_iter()
        .map(|f| {
            let p = env.path().join(dir).join(f);
            let modified = std::fs::metadata(&p).unwrap().modified().unwrap();
            (std::fs::read(&p).unwrap(), modified)
        })
        .collect()
}

/// A feed file named on its own, appended on a schedule (`build feed.jsonl --append g` each
/// hour), often has nothing new: the graph counted it under that name with the same content.
/// That is a note and exit 0, the graph's files left as they were, as for a directory with
/// nothing new, not a refusal; the file is not processed again (its bad line is not reported
/// again). With a new file, the feed is left out with a note and the new file counted.
#[test]
fn an_unchanged_feed_file_appended_is_nothing_new() {
    let env = corpus();
    env.write("feed.jsonl", format!("{C}not json\n"));
    let r = env.run(&["build", "-q", "feed.jsonl", "-o", "g"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "feed.jsonl"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            0,
            "",
            "entigraph: note: nothing new to count: 1 file was counted before (in g/graph.part), \
             unchanged; the graph is left as it was\n"
        )
    );
    assert_eq!(graph_files(&env, "g"), before);
    // -q says nothing; under another spelling of its path, the same.
    let r = env.run(&["build", "-q", "--append", "g", "./feed.jsonl"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let abs = env.path().join("feed.jsonl");
    let r = env.run(&["build", "--append", "g", abs.to_str().unwrap()]);
    assert_exit(&r, 0, &["nothing new to count: 1 file was counted before"]);
    assert_eq!(graph_files(&env, "g"), before);
    // An input skipped meanwhile still sets the exit code.
    let r = env.run(&["build", "--append", "g", "feed.jsonl", "missing.txt"]);
    assert_exit(
        &r,
        3,
        &[
            "entigraph: skipped: missing.txt: ",
            "nothing new to count: 1 file was counted before",
        ],
    );
    assert_eq!(graph_files(&env, "g"), before);
    // With a new file: the graph of one build of both.
    let r = env.run(&["build", "--append", "g", "feed.jsonl", "a.txt"]);
    assert_exit(
        &r,
        0,
        &["entigraph: note: feed.jsonl: counted before (in g/graph.part), unchanged, left out\n"],
    );
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert!(!r.stderr.contains("feed.jsonl:4"), "{}", r.stderr);
    let r = env.run(&["build", "-q", "feed.jsonl", "a.txt", "-o", "one"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(
        without_inputs(&env, "g/graph.json"),
        without_inputs(&env, "one/graph.json")
    );
    // Both counted now: nothing new.
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "a.txt", "feed.jsonl"]);
    assert_exit(
        &r,
        0,
        &["nothing new to count: 2 files were counted before (in g/graph.part)"],
    );
    assert_eq!(graph_files(&env, "g"), before);
}

/// The graph.json of `dir` without its manifest's inputs, as (manifest, nodes, edges).
fn counts(env: &TestEnv, dir: &str) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let v = without_inputs(env, &format!("{dir}/graph.json"));
    (
        v["manifest"].clone(),
        v["nodes"].clone(),
        v["edges"].clone(),
    )
}

/// The last input of the graph.json manifest of `dir` but `back`.
fn input_from_end(env: &TestEnv, dir: &str, back: usize) -> serde_json::Value {
    let g: serde_json::Value =
        serde_json::from_str(&env.read(&format!("{dir}/graph.json"))).unwrap();
    let inputs = g["manifest"]["inputs"].as_array().unwrap();
    inputs[inputs.len() - 1 - back].clone()
}

/// A feed file appended under another spelling of its path than the graph counted it by (by
/// hand `build feed.jsonl` in its directory, then a cron job's `/abs/feed.jsonl`, `./feed.jsonl`,
/// `../data/feed.jsonl` from another directory) is the same feed: known by its file name and
/// the bytes counted of it, only its new lines or rows are read each time (after the most
/// counted of it, under whichever name), and the graph is the one build of the whole file
/// gives. (It was read in full with no warning: its documents counted twice, silently.)
/// Unchanged under any spelling, it is nothing new; changed otherwise, it is read in full with
/// the warning that its documents are counted twice.
#[test]
fn a_grown_feed_file_under_another_spelling_counts_only_what_is_new() {
    let env = TestEnv::new();
    let line = |id: &str, text: &str| format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n");
    let row = |id: &str, text: &str| format!("{id},{text}\r\n");
    env.write("data/feed.jsonl", line("a1", "Norway and Russia met."));
    env.write(
        "data/feed.csv",
        "id,text\r\n".to_string() + &row("c1", "Chile and Peru met."),
    );
    std::fs::create_dir(env.path().join("elsewhere")).unwrap();
    let r = env.run_in(
        "data",
        &["build", "-q", "feed.jsonl", "feed.csv", "-o", "../g"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let abs = |f: &str| env.path().join("data").join(f).display().to_string();
    let (abs_jsonl, abs_csv) = (abs("feed.jsonl"), abs("feed.csv"));
    // (where it is run, the feed files named from there, the graph from there)
    let rounds = [
        (".", [abs_jsonl.as_str(), abs_csv.as_str()], "g"),
        ("data", ["./feed.jsonl", "./feed.csv"], "../g"),
        (
            "elsewhere",
            ["../data/feed.jsonl", "../data/feed.csv"],
            "../g",
        ),
        (".", ["data/feed.jsonl", "data/feed.csv"], "g"),
    ];
    let mut counted_as = ["feed.jsonl", "feed.csv"];
    let texts = [
        "China and Russia met.",
        "Norway and China met.",
        "Chile and Norway met.",
        "Peru and China met.",
    ];
    for (n, ((dir, [jsonl, csv], g), text)) in rounds.iter().zip(texts).enumerate() {
        let before = [
            env.read("data/feed.jsonl").len(),
            env.read("data/feed.csv").len(),
        ];
        let id = format!("{}", n + 2);
        env.write(
            "data/feed.jsonl",
            env.read("data/feed.jsonl") + &line(&format!("a{id}"), text),
        );
        env.write(
            "data/feed.csv",
            env.read("data/feed.csv") + &row(&format!("c{id}"), text),
        );
        let r = env.run_in(dir, &["build", "--append", g, jsonl, csv]);
        assert_exit(
            &r,
            0,
            &[
                format!(
                    "entigraph: warning: {jsonl}: grew since it was counted as {}: its first {} \
                     bytes are left out, the lines after them read\n",
                    counted_as[0], before[0]
                ),
                format!(
                    "entigraph: warning: {csv}: grew since it was counted as {}: its first {} \
                     bytes are left out, the rows after them read\n",
                    counted_as[1], before[1]
                ),
            ],
        );
        assert!(!r.stderr.contains("counted twice"), "{}", r.stderr);
        // The manifest names each input as given, with where its new part began: what the
        // next append, under any spelling, leaves out.
        for (back, (name, from)) in [(1, (jsonl, before[0])), (0, (csv, before[1]))] {
            let input = input_from_end(&env, "g", back);
            assert_eq!(
                (&input["name"], &input["documents"], &input["grown_from"]),
                (
                    &serde_json::json!(name),
                    &serde_json::json!(1),
                    &serde_json::json!(from)
                ),
                "round {n}"
            );
        }
        counted_as = [jsonl, csv];
    }
    ok(
        &env,
        &[
            "build",
            "-q",
            "data/feed.jsonl",
            "data/feed.csv",
            "-o",
            "one",
        ],
    );
    assert_eq!(counts(&env, "g"), counts(&env, "one"));
    // Unchanged, from anywhere: nothing new, the graph left as it was.
    let before = graph_files(&env, "g");
    for (dir, [jsonl, csv], g) in rounds {
        let r = env.run_in(dir, &["build", "--append", g, jsonl, csv]);
        assert_exit(
            &r,
            0,
            &["note: nothing new to count: 2 files were counted before"],
        );
        assert_eq!(graph_files(&env, "g"), before);
    }
    // Changed otherwise (not grown at its end), under a spelling not used before: read in full,
    // with the warning (never silently).
    env.write(
        "data/feed.jsonl",
        env.read("data/feed.jsonl").replace("a1", "b1"),
    );
    let r = env.run(&[
        "build",
        "-q",
        "--append",
        "g",
        "elsewhere/../data/feed.jsonl",
    ]);
    assert_exit(
        &r,
        0,
        &[
            "entigraph: warning: elsewhere/../data/feed.jsonl was counted before as \
           data/feed.jsonl (in g/graph.part) with other content (1 document, ",
        ],
    );
    assert!(r.stderr.contains("counted twice"), "{}", r.stderr);
    assert!(!r.stderr.contains("grew"), "{}", r.stderr);
}

/// A feed file counted inside a directory (`build feeds`), then named on its own after it grew
/// (`build feeds/a.jsonl --append g`): only its new lines are read, and the messages say so,
/// with no warning that its documents are counted twice (there was one, before the run, though
/// they were not). The graph is the one build of all the files gives, and the rounds after
/// (the directory again, the file under another spelling) leave out all counted so far.
#[test]
fn a_file_counted_in_a_directory_then_named_after_it_grew_counts_only_what_is_new() {
    let env = TestEnv::new();
    let line = |id: &str, text: &str| format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n");
    env.write("feeds/a.jsonl", line("a1", "Norway and Russia met."));
    env.write("feeds/b.txt", "Chile and Peru met.");
    ok(&env, &["build", "-q", "feeds", "-o", "g"]);
    let abs = env.path().join("feeds/a.jsonl").display().to_string();
    // (the input, the message about it)
    let rounds = [
        ("feeds/a.jsonl", "feeds/a.jsonl: grew since it was counted:"),
        ("feeds", "feeds/a.jsonl: grew since it was counted:"),
        (
            abs.as_str(),
            &*format!("{abs}: grew since it was counted as feeds/a.jsonl:"),
        ),
    ];
    let texts = [
        "China and Russia met.",
        "Norway and China met.",
        "Chile and Norway met.",
    ];
    for (n, ((input, grew), text)) in rounds.into_iter().zip(texts).enumerate() {
        let before = env.read("feeds/a.jsonl").len();
        env.write(
            "feeds/a.jsonl",
            env.read("feeds/a.jsonl") + &line(&format!("a{}", n + 2), text),
        );
        let r = env.run(&["build", "--append", "g", input]);
        assert_exit(
            &r,
            0,
            &[format!(
                "entigraph: warning: {grew} its first {before} bytes are left out, the lines \
                 after them read\n"
            )],
        );
        assert!(!r.stderr.contains("counted twice"), "{}", r.stderr);
        assert!(!r.stderr.contains("other content"), "{}", r.stderr);
        let input = input_from_end(&env, "g", 0);
        assert_eq!(input["documents"], 1, "round {n}");
        ok(&env, &["build", "-q", "feeds", "-o", "one"]);
        assert_eq!(counts(&env, "g"), counts(&env, "one"), "round {n}");
    }
    let r = env.run(&["build", "--append", "g", "./feeds/a.jsonl"]);
    assert_exit(
        &r,
        0,
        &["note: nothing new to count: 1 file was counted before"],
    );
}

/// The same for CSV and TSV feeds: unchanged, nothing new; one grown, the other not, only the
/// new rows of the one read and the other left out with a note.
#[test]
fn unchanged_csv_and_tsv_feed_files_appended_are_left_out() {
    let env = TestEnv::new();
    let csv = "id,text\nc1,Chile and Peru met.\n";
    let tsv = "id\ttext\r\nt1\tNorway and Chile met.\r\n";
    env.write("feed.csv", csv);
    env.write("feed.tsv", tsv);
    ok(&env, &["build", "-q", "feed.csv", "feed.tsv", "-o", "g"]);
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "feed.csv", "feed.tsv"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            0,
            "entigraph: note: nothing new to count: 2 files were counted before (in \
             g/graph.part), unchanged; the graph is left as it was\n"
        )
    );
    assert_eq!(graph_files(&env, "g"), before);
    env.write("feed.csv", format!("{csv}c2,China and Russia met.\n"));
    let r = env.run(&["build", "--append", "g", "feed.csv", "feed.tsv"]);
    assert_exit(
        &r,
        0,
        &[
            format!(
                "entigraph: warning: feed.csv: grew since it was counted: its first {} bytes are \
                 left out, the rows after them read",
                csv.len()
            ),
            "entigraph: note: feed.tsv: counted before (in g/graph.part), unchanged, left out\n"
                .to_string(),
        ],
    );
    ok(&env, &["build", "-q", "feed.csv", "feed.tsv", "-o", "one"]);
    assert_eq!(
        without_inputs(&env, "g/graph.json"),
        without_inputs(&env, "one/graph.json")
    );
}

/// What is still a mistake in an append of a feed file: the same file named twice in one
/// command, refused before anything is read. `--allow-duplicate-inputs` counts a file counted
/// before again, and standard input, with no name to match, is counted with a warning.
#[test]
fn a_feed_file_named_twice_in_an_append_is_still_refused() {
    let env = corpus();
    ok(&env, &["build", "-q", "c.jsonl", "-o", "g"]);
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "c.jsonl", "./c.jsonl"]);
    assert_exit(
        &r,
        1,
        &[
            "entigraph: ./c.jsonl: the same file as c.jsonl, named before; counting it twice \
           would double its counts. Nothing was read (--allow-duplicate-inputs counts it anyway)",
        ],
    );
    assert_eq!(graph_files(&env, "g"), before);
    let r = env.run_stdin(
        &[
            "build",
            "--append",
            "g",
            "--input-format",
            "jsonl",
            "-",
            "-o",
            "s",
        ],
        Some(C.as_bytes()),
    );
    assert_exit(
        &r,
        0,
        &["entigraph: warning: standard input has the same content as c.jsonl"],
    );
    assert!(env.read("s/graph.json").contains("\"documents\": 6"));
    let r = env.run(&[
        "build",
        "-q",
        "--append",
        "g",
        "--allow-duplicate-inputs",
        "c.jsonl",
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(env.read("g/graph.json").contains("\"documents\": 6"));
}

/// A CSV or TSV file that grew at its end, appended again: its rows counted before are left
/// out (the header still read, for the new rows), so the graph is the one build of the whole
/// file gives, ids of rows without one (their line) included. A file changed otherwise, or whose
/// part counted before ends inside a quoted cell, is read again, with the warning.
#[test]
fn a_csv_file_that_grew_counts_only_its_new_rows() {
    let env = TestEnv::new();
    let csv = "id,text,date\n\
               a1,\"Norway and Russia met.\nChina was not there.\",2019-01-01\n\
               ,Chile and Peru met.,\n";
    let tsv = "id\ttext\r\nt1\tNorway and Chile met.\r\n";
    env.write("feed/news.csv", csv);
    env.write("feed/news.tsv", tsv);
    ok(&env, &["build", "-q", "feed", "-o", "g"]);
    let csv_grown = csv.to_string()
        + "a3,\"Norway and Russia met again.\",2019-01-03\n"
        + ",\"China and Russia met, \"\"again\"\".\",\n";
    let tsv_grown = tsv.to_string() + "t2\tPeru and Russia met.\r\n";
    env.write("feed/news.csv", &csv_grown);
    env.write("feed/news.tsv", &tsv_grown);
    let r = env.run(&["build", "--append", "g", "feed"]);
    let warning = |name: &str, bytes: usize| {
        format!(
            "warning: feed/{name}: grew since it was counted: its first {bytes} bytes are left \
             out, the rows after them read"
        )
    };
    assert_exit(
        &r,
        0,
        &[
            warning("news.csv", csv.len()),
            warning("news.tsv", tsv.len()),
        ],
    );
    ok(&env, &["build", "-q", "feed", "-o", "one"]);
    let graph = |f: &str| graph_of(&env, f);
    assert_eq!(graph("g/graph.json"), graph("one/graph.json"));
    assert!(
        env.read("one/graph.json").contains("feed/news.csv:6"),
        "the new row without an id is named by its line"
    );
    // Nothing new the next time.
    let r = env.run(&["build", "--append", "g", "feed"]);
    assert_exit(&r, 0, &["nothing new to count"]);
    // Changed, not grown: read again, with the warning.
    env.write("feed/news.csv", csv_grown.replace("a1", "b1"));
    let r = env.run(&["build", "-q", "--append", "g", "feed"]);
    assert_exit(&r, 0, &["feed/news.csv: counted before with other content"]);
    // Read while a quoted cell was open at its end (a line break in it): that row was not
    // finished, so not counted, nor its bytes; finished since, it is read as new.
    let open = "id,text\nb1,\"Norway and\n";
    env.write("feed2/open.csv", open);
    let r = env.run(&["build", "-q", "feed2", "-o", "g2"]);
    assert_exit(
        &r,
        0,
        &["warning: feed2/open.csv:2: the last row is not finished"],
    );
    env.write("feed2/open.csv", open.to_string() + "Russia met.\"\n");
    let r = env.run(&["build", "--append", "g2", "feed2"]);
    assert_exit(
        &r,
        0,
        &[warning("open.csv", "id,text\n".len()).replace("feed/", "feed2/")],
    );
    ok(&env, &["build", "-q", "feed2", "-o", "one2"]);
    assert_eq!(counts(&env, "g2"), counts(&env, "one2"));
}

/// A feed read while its last line or row was being written (`build feed.jsonl --append g` from
/// cron while the writer is mid-line) leaves that line or row out, and out of the bytes
/// counted, with a warning, exit 0; the next run, once it is finished and more has come, reads
/// only what is new. (The whole file was read again, the documents before it counted twice;
/// a CSV row with its quote open and one line break was counted cut short, silently.) A last
/// line or row that is whole without its line end is read, and a later append after it still
/// counts only what is new.
#[test]
fn a_feed_read_mid_write_leaves_its_last_line_for_the_next_run() {
    let env = TestEnv::new();
    let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Russia and China met.\"}}");
    let row = |id: &str| format!("{id},\"Russia and China met.\"");
    let whole = |ids: &[&str], f: &dyn Fn(&str) -> String| -> String {
        ids.iter().map(|id| f(id) + "\n").collect()
    };
    // (name, first content, what was counted of it, the rest of it as written then more)
    let cases = [
        (
            "cut.jsonl",
            whole(&["a", "b"], &line) + "{\"id\":\"c\",\"te",
            whole(&["a", "b"], &line),
            "xt\":\"Russia and China met.\"}\n".to_string() + &whole(&["d"], &line),
        ),
        (
            "no-line-end.jsonl",
            whole(&["a"], &line) + &line("b"),
            whole(&["a"], &line) + &line("b"),
            "\n".to_string() + &whole(&["c"], &line),
        ),
        (
            "cut.csv",
            "id,text\n".to_string() + &whole(&["1"], &row) + "2,\"Russia and",
            "id,text\n".to_string() + &whole(&["1"], &row),
            " China met.\"\n".to_string() + &whole(&["3"], &row),
        ),
        (
            "cut-lines.csv",
            "id,text\n".to_string() + &whole(&["1"], &row) + "2,\"Russia and\nChina",
            "id,text\n".to_string() + &whole(&["1"], &row),
            " met.\"\n".to_string() + &whole(&["3"], &row),
        ),
        (
            "no-line-end.csv",
            "id,text\n".to_string() + &whole(&["1"], &row) + &row("2"),
            "id,text\n".to_string() + &whole(&["1"], &row) + &row("2"),
            "\r\n".to_string() + &whole(&["3"], &row),
        ),
    ];
    for (name, first, counted, rest) in &cases {
        env.write(name, first);
        let g = format!("g-{name}");
        let r = env.run(&["build", name, "-o", &g]);
        let unfinished = counted != first;
        if unfinished {
            let what = if name.ends_with("csv") { "row" } else { "line" };
            assert_exit(&r, 0, &[format!(": the last {what} is not finished")]);
        } else {
            assert_exit(&r, 0, &[""; 0]);
            assert!(!r.stderr.contains("warning"), "{name}: {}", r.stderr);
        }
        let input = input_from_end(&env, &g, 0);
        assert_eq!(input["bytes"], counted.len(), "{name}");
        let documents = 2 - u64::from(unfinished && name.ends_with("csv"));
        assert_eq!(input["documents"], documents, "{name}");
        // Unchanged, still unfinished: nothing new.
        let r = env.run(&["build", "-q", name, "--append", &g]);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{name}");
        // Finished, and more written: only what is new is read.
        env.write(name, first.clone() + rest);
        let r = env.run(&["build", name, "--append", &g]);
        assert_exit(
            &r,
            0,
            &[format!(
                "warning: {name}: grew since it was counted: its first {} bytes are left out",
                counted.len()
            )],
        );
        assert!(!r.stderr.contains("counted twice"), "{name}: {}", r.stderr);
        let one = format!("one-{name}");
        ok(&env, &["build", "-q", name, "-o", &one]);
        assert_eq!(counts(&env, &g), counts(&env, &one), "{name}");
        assert_eq!(
            input_from_end(&env, &g, 0)["grown_from"],
            counted.len(),
            "{name}"
        );
    }
}

#[test]
fn partials_of_a_directory_before_and_after_it_grew_are_not_merged_twice() {
    let env = corpus();
    env.write("feed/a.txt", A);
    ok(&env, &["map", "-q", "feed", "-o", "d1.part"]);
    env.write("feed/b.txt", B);
    ok(&env, &["map", "-q", "feed", "-o", "d2.part"]);
    let r = env.run(&["merge", "-q", "d1.part", "d2.part", "-o", "m"]);
    assert_exit(
        &r,
        1,
        &["feed/a.txt: counted in d1.part and again in d2.part, with the same content"],
    );
    assert!(!env.path().join("m").exists());
    // Partials of the two halves merge.
    std::fs::remove_file(env.path().join("feed/a.txt")).unwrap();
    ok(&env, &["map", "-q", "feed", "-o", "d3.part"]);
    ok(&env, &["merge", "-q", "d1.part", "d3.part", "-o", "m"]);
}

#[test]
fn a_directory_counted_over_fewer_dates_is_read_again_with_a_warning() {
    let env = corpus();
    env.write("feed/c.jsonl", C);
    ok(&env, &["build", "-q", "feed", "--since", "2019", "-o", "g"]);
    env.write("feed/a.txt", A);
    let r = env.run(&["build", "-q", "--append", "g", "feed"]);
    assert_exit(
        &r,
        0,
        &[
            "warning: feed was counted before (in g/graph.part) with --since 2019 only: its files \
           are read again in full, and their documents dated in that range are counted twice",
        ],
    );
    assert!(!r.stderr.contains("with other content"), "{}", r.stderr);
    // The same dates again: the files counted are left out.
    env.write("feed/b.txt", B);
    let r = env.run(&["build", "--append", "g", "feed", "--since", "2019"]);
    assert_exit(
        &r,
        0,
        &["counted before (in g/graph.part), unchanged, left out"],
    );
}

#[test]
fn empty_files_in_a_growing_directory_are_no_copies_of_each_other() {
    let env = corpus();
    env.write("feed/a.txt", A);
    env.write("feed/empty.txt", "");
    ok(&env, &["build", "-q", "feed", "-o", "g"]);
    // Another empty file is not "the same content as feed/empty.txt".
    env.write("feed/empty2.txt", "");
    let r = env.run(&["build", "-q", "--append", "g", "feed"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    // An empty file named alone has no documents to count twice.
    let r = env.run(&["build", "-q", "--append", "g", "feed/empty.txt"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

/// A feed appended through a link of another file name (`current.jsonl ->
/// data/feed-2024.jsonl`, a symbolic or hard link, as cron jobs often name the current feed)
/// after it grew is the same file: only its new lines are read, and the graph is the one build
/// of the whole file gives. (It was read in full, its documents counted twice, with a warning.)
#[cfg(unix)]
#[test]
fn a_grown_feed_appended_through_a_link_counts_only_what_is_new() {
    let env = TestEnv::new();
    let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Russia and China met.\"}}\n");
    for (n, link) in ["current.jsonl", "hard.jsonl"].into_iter().enumerate() {
        let feed = format!("data/feed-{n}.jsonl");
        env.write(&feed, line("a") + &line("b"));
        let target = env.path().join(&feed);
        if n == 0 {
            std::os::unix::fs::symlink(&target, env.path().join(link)).unwrap();
        } else {
            std::fs::hard_link(&target, env.path().join(link)).unwrap();
        }
        let g = format!("g{n}");
        ok(&env, &["build", "-q", &feed, "-o", &g]);
        let before = env.read(&feed).len();
        // (Appended in place: a hard link stays the same file.)
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&target)
            .unwrap();
        file.write_all(line("c").as_bytes()).unwrap();
        drop(file);
        let r = env.run(&["build", "--append", &g, link]);
        assert_exit(
            &r,
            0,
            &[format!(
                "entigraph: warning: {link}: grew since it was counted as {feed}: its first \
                 {before} bytes are left out, the lines after them read\n"
            )],
        );
        assert!(!r.stderr.contains("counted twice"), "{link}: {}", r.stderr);
        assert_eq!(input_from_end(&env, &g, 0)["documents"], 1, "{link}");
        let one = format!("one{n}");
        ok(&env, &["build", "-q", &feed, "-o", &one]);
        assert_eq!(counts(&env, &g), counts(&env, &one), "{link}");
        // Changed otherwise: read in full, and the warning counts every document counted of
        // it, not the last part's.
        std::fs::write(&target, env.read(&feed).replace("\"a\"", "\"z\"")).unwrap();
        let r = env.run(&["build", "-q", "--append", &g, link]);
        assert_exit(
            &r,
            0,
            &[
                format!(
                    "warning: {link} was counted before (in {g}/graph.part) with other content (1 \
                 document, "
                )
                .as_str(),
                ", 3 documents counted of it in all); if it is the same file",
            ],
        );
    }
}

/// An append with nothing new and its output elsewhere (`-o DIR`, `-o -`) writes the graph
/// there as it is, as a build does; only the graph's own directory is left untouched. (It wrote
/// nothing: no DIR, empty standard output, exit 0.)
#[test]
fn nothing_new_written_elsewhere_writes_the_graph_there() {
    let env = corpus();
    ok(&env, &["build", "-q", "c.jsonl", "-o", "g"]);
    let before = graph_files(&env, "g");
    let r = env.run(&["build", "--append", "g", "c.jsonl", "-o", "h"]);
    assert_exit(&r, 0, &["note: nothing new to count"]);
    assert_eq!(env.read("h/graph.json"), env.read("g/graph.json"));
    assert_eq!(bytes(&env, "h/graph.part"), bytes(&env, "g/graph.part"));
    assert_eq!(graph_files(&env, "g"), before);
    let r = env.run(&["build", "-q", "--append", "g", "c.jsonl", "-o", "-"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(r.stdout, env.read("g/graph.json"));
    // Its own directory, named with -o under another spelling: left as it was.
    let r = env.run(&["build", "-q", "--append", "g", "c.jsonl", "-o", "./g/"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert_eq!(graph_files(&env, "g"), before);
}

/// A feed file named on its own and left out unchanged, appended with a new file, is recorded
/// with its size and hash (and no document), not the size and hash of nothing; the next append
/// still knows it. (It was `"bytes": 0, "hash": "cbf29ce484222325"`, the hash of no bytes.)
#[test]
fn a_named_file_left_out_unchanged_is_recorded_with_its_size_and_hash() {
    let env = corpus();
    let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Russia and China met.\"}}\n");
    env.write("feed.jsonl", line("a"));
    ok(&env, &["build", "-q", "feed.jsonl", "-o", "g"]);
    let first = input_from_end(&env, "g", 0);
    let r = env.run(&["build", "--append", "g", "feed.jsonl", "a.txt"]);
    assert_exit(
        &r,
        0,
        &["note: feed.jsonl: counted before (in g/graph.part), unchanged"],
    );
    let left_out = input_from_end(&env, "g", 1);
    assert_eq!(left_out["name"], "feed.jsonl");
    assert_eq!(left_out["documents"], 0);
    assert_eq!(left_out["bytes"], first["bytes"]);
    assert_eq!(left_out["hash"], first["hash"]);
    // Unchanged again: nothing new; grown: only its new line read.
    let r = env.run(&["build", "--append", "g", "feed.jsonl", "a.txt"]);
    assert_exit(
        &r,
        0,
        &["nothing new to count: 2 files were counted before"],
    );
    env.write("feed.jsonl", line("a") + &line("b"));
    let r = env.run(&["build", "--append", "g", "feed.jsonl"]);
    assert_exit(&r, 0, &["warning: feed.jsonl: grew since it was counted"]);
    assert_eq!(input_from_end(&env, "g", 0)["documents"], 1);
    ok(&env, &["build", "-q", "feed.jsonl", "a.txt", "-o", "one"]);
    assert_eq!(counts(&env, "g"), counts(&env, "one"));
}

/// A compressed feed that grew is told of in bytes of text, which is what was counted, not
/// bytes of the file.
#[test]
fn a_grown_compressed_feed_is_told_of_in_bytes_of_text() {
    use std::io::Write;
    let env = TestEnv::new();
    let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Russia and China met.\"}}\n");
    let gz = |text: &str| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    };
    let path = env.path().join("feed.jsonl.gz");
    std::fs::write(&path, gz(&line("a"))).unwrap();
    ok(&env, &["build", "-q", "feed.jsonl.gz", "-o", "g"]);
    std::fs::write(&path, gz(&(line("a") + &line("b")))).unwrap();
    let r = env.run(&["build", "--append", "g", "feed.jsonl.gz"]);
    assert_exit(
        &r,
        0,
        &[format!(
            "warning: feed.jsonl.gz: grew since it was counted: its first {} bytes of text are \
             left out, the lines after them read",
            line("a").len()
        )],
    );
}

/// `build` and `map` note the windows that named more entities than `--max-window-entities`
/// (lists: their entities counted, their pairs not); `merge` said nothing of those its
/// partials record, so the links missing from a merged graph went unexplained.
#[test]
fn merge_notes_the_windows_its_partials_left_out_of_the_links() {
    let env = TestEnv::new();
    env.write("a.txt", CROWDED);
    env.write(
        "b.txt",
        "Germany, Japan and India met. Germany and Japan agreed.\n",
    );
    env.write("c.txt", "China and Russia met.\n");
    for (input, part) in [
        ("a.txt", "a.part"),
        ("b.txt", "b.part"),
        ("c.txt", "c.part"),
    ] {
        ok(
            &env,
            &["map", "-q", input, "--max-window-entities", "2", "-o", part],
        );
    }
    let note = "entigraph: note: the partials record 2 windows that named more than 2 entities \
                (lists, not relations): their entities are counted, their pairs are not \
                (--max-window-entities)\n";
    for out in [
        &["-o", "m"][..],
        &["-o", "-"],
        &["--partial", "-o", "m.part"],
    ] {
        let r = env.run(&[&["merge", "a.part", "b.part", "c.part"][..], out].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stderr.contains(note), "{out:?}: {}", r.stderr);
        assert_eq!(r.stderr.matches("note:").count(), 1, "{}", r.stderr);
    }
    // -q prints no note; partials without such windows give none.
    let r = env.run(&["merge", "-q", "a.part", "b.part", "-o", "q"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = env.run(&["merge", "c.part", "-o", "c"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
}

/// Regression: a file whose name is not UTF-8, met inside a directory appended again, was not
/// known as the file counted (its name is recorded as text, with U+FFFD for the bytes that are
/// not UTF-8) and was counted twice.
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_known_on_append() {
    use std::os::unix::ffi::OsStrExt;
    let env = corpus();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::create_dir_all(env.path().join("feed")).unwrap();
    std::fs::write(env.path().join("feed").join(name), A).unwrap();
    ok(&env, &["build", "-q", "feed", "-o", "g"]);
    let r = env.run(&["build", "--append", "g", "feed"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("entigraph: note: nothing new to count: 1 file was counted before"),
        "{}",
        r.stderr
    );
    env.write("feed/b.txt", B);
    ok(&env, &["build", "-q", "--append", "g", "feed"]);
    ok(&env, &["build", "-q", "feed", "-o", "one"]);
    assert_eq!(
        without_inputs(&env, "g/graph.json"),
        without_inputs(&env, "one/graph.json")
    );
}

/// `--dedupe`: a story repeated under another id (or reflowed) is counted once, the first in
/// input order, for any number of threads; an append leaves out repeats of what the graph
/// counted; merging partials that each counted a story says so.
#[test]
fn dedupe_counts_a_repeated_story_once() {
    let env = corpus();
    // c.jsonl again under other ids, one text reflowed, with one new story.
    env.write(
        "again.jsonl",
        "{\"id\":\"w1\",\"text\":\"Xi Jinping and Vladimir Putin met in Moscow.\\n China and \
         Russia   signed a deal.\",\"date\":\"2019-06-05\"}\n\
         {\"id\":\"w3\",\"text\":\"Angela Merkel visited France. Germany and France agreed.\",\
         \"date\":\"2018-01-09\"}\n\
         {\"id\":\"w4\",\"text\":\"Angela Merkel visited Japan.\",\"date\":\"2018-01-10\"}\n",
    );
    env.write(
        "new.jsonl",
        "{\"id\":\"w4\",\"text\":\"Angela Merkel visited Japan.\"}\n",
    );
    let r = env.run(&["build", "--dedupe", "c.jsonl", "again.jsonl", "-o", "d"]);
    assert_exit(
        &r,
        0,
        &[
            "entigraph: note: 2 documents left out: the text of each repeats, word for word, one \
             counted before in this run (--dedupe); w1, w3",
        ],
    );
    assert!(r.stdout.starts_with("4 documents,"), "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&env.read("d/graph.json")).unwrap();
    let m = &v["manifest"];
    assert_eq!((&m["documents"], &m["repeats"]), (&4.into(), &2.into()));
    assert_eq!(m["options"]["dedupe"], true);
    // The first copies' evidence: c1 and c3, not w1 and w3.
    let json = env.read("d/graph.json");
    assert!(
        json.contains("\"doc\": \"c1\"") || json.contains("\"doc\":\"c1\""),
        "{json}"
    );
    assert!(
        !json.contains("\"w1\"") && !json.contains("\"w3\""),
        "{json}"
    );
    ok(
        &env,
        &[
            "build",
            "-q",
            "-j1",
            "--dedupe",
            "c.jsonl",
            "again.jsonl",
            "-o",
            "d1",
        ],
    );
    assert_eq!(bytes(&env, "d1/graph.json"), bytes(&env, "d/graph.json"));
    // extract prints the mentions of the first copies only.
    let r = env.run(&["extract", "--dedupe", "c.jsonl", "again.jsonl"]);
    assert_exit(
        &r,
        0,
        &[
            "note: 2 documents left out: the text of each repeats, word for word, one read before \
           in this run (--dedupe); w1, w3",
        ],
    );
    assert!(r.stdout.contains("\"doc\":\"c1\"") && r.stdout.contains("\"doc\":\"w4\""));
    assert!(!r.stdout.contains("\"doc\":\"w1\"") && !r.stdout.contains("\"doc\":\"w3\""));
    let r = env.run(&["extract", "c.jsonl", "again.jsonl"]);
    assert!(r.stdout.contains("\"doc\":\"w1\"") && r.stderr.is_empty());
    // Without it, both copies count.
    ok(
        &env,
        &["build", "-q", "c.jsonl", "again.jsonl", "-o", "plain"],
    );
    let v: serde_json::Value = serde_json::from_str(&env.read("plain/graph.json")).unwrap();
    assert_eq!(v["manifest"]["documents"], 6);
    assert!(v["manifest"].get("repeats").is_none());

    // An append built with --dedupe goes on with it, and leaves out what the graph counted.
    ok(&env, &["build", "-q", "--dedupe", "c.jsonl", "-o", "g"]);
    let r = env.run(&["build", "--append", "g", "again.jsonl"]);
    assert_exit(
        &r,
        0,
        &["one counted before in this run or in the graph (--dedupe)"],
    );
    assert_eq!(
        graph_of(&env, "g/graph.json"),
        graph_of(&env, "d/graph.json")
    );
    let r = env.run(&["build", "--append", "plain", "--dedupe", "new.jsonl"]);
    assert_exit(
        &r,
        1,
        &[
            "cannot append: options.dedupe was false there but is true in this run (use the \
           same gazetteer and options as the graph was built with: without --dedupe)",
        ],
    );

    // Partials that each counted a story: merged, the story counts twice, and it is said.
    ok(&env, &["map", "-q", "--dedupe", "c.jsonl", "-o", "c.part"]);
    ok(
        &env,
        &["map", "-q", "--dedupe", "again.jsonl", "-o", "again.part"],
    );
    let r = env.run(&["merge", "c.part", "again.part", "-o", "m"]);
    assert_exit(
        &r,
        0,
        &[
            "entigraph: warning: 2 documents were counted again: each repeats the text of a \
             document counted in another of the partials (--dedupe leaves out",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&env.read("m/graph.json")).unwrap();
    assert_eq!(
        (&v["manifest"]["documents"], &v["manifest"]["recounted"]),
        (&6.into(), &2.into())
    );
    // `query stats` says both.
    let r = env.run(&["query", "m", "stats"]);
    assert_exit(&r, 0, &[] as &[&str]);
    assert!(
        r.stdout.contains("\nrecounted            2\n"),
        "{}",
        r.stdout
    );
    let r = env.run(&["query", "d", "stats"]);
    assert!(
        r.stdout.contains("\nrepeats              2\n"),
        "{}",
        r.stdout
    );
    let r = env.run(&["query", "d", "stats", "--json", "--types", "person"]);
    let s: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(s["repeats"], 2);
    assert!(s.get("recounted").is_none());
    assert!(
        s["whole_graph"]
            .as_array()
            .unwrap()
            .contains(&"repeats".into())
    );
    let r = env.run(&["query", "plain", "stats"]);
    assert!(!r.stdout.contains("repeats"), "{}", r.stdout);
    // Built to leave out repeats, with none: said as 0.
    ok(&env, &["build", "-q", "--dedupe", "c.jsonl", "-o", "none"]);
    let r = env.run(&["query", "none", "stats"]);
    assert!(
        r.stdout.contains("\nrepeats              0\n"),
        "{}",
        r.stdout
    );
    // diff tells graphs built with and without it apart.
    let r = env.run(&["diff", "d", "plain"]);
    assert_exit(
        &r,
        0,
        &["different leaving out of repeated stories (--dedupe) (old: true, new: false)"],
    );
    // Documents without text repeat no story; one repeat is told in the singular.
    env.write(
        "blank.jsonl",
        "{\"id\":\"b1\",\"text\":\"\"}\n{\"id\":\"b2\",\"text\":\"  \\n \"}\n\
         {\"id\":\"b3\",\"text\":\"\"}\n",
    );
    let r = env.run(&[
        "build",
        "--dedupe",
        "blank.jsonl",
        "new.jsonl",
        "new.jsonl",
        "--allow-duplicate-inputs",
        "-o",
        "b",
    ]);
    assert_exit(
        &r,
        0,
        &[
            "note: 1 document left out: its text repeats, word for word, one counted before in \
           this run (--dedupe); w4\n",
        ],
    );
    assert!(r.stdout.starts_with("4 documents,"), "{}", r.stdout);
    ok(&env, &["map", "-q", "c.jsonl", "-o", "plain.part"]);
    let r = env.run(&["merge", "c.part", "plain.part", "-o", "m2"]);
    assert_exit(
        &r,
        1,
        &["options.dedupe is false in plain.part but true in c.part"],
    );
}

/// Regression: a partial whose counts contradict each other (edited by hand, or written so by
/// another tool: gzip's checksum holds) was merged into a graph whose measures were out of
/// their range (a link seen in 500 windows by two entities seen in 1, a Dice coefficient of
/// 500). It is refused with its line, and nothing is written.
#[test]
fn a_partial_whose_counts_contradict_each_other_is_refused() {
    use std::io::{Read, Write};
    let env = corpus();
    ok(&env, &["map", "-q", "a.txt", "-o", "a.part"]);
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(&bytes(&env, "a.part")[..])
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first = |key: &str| lines.iter().position(|l| l.starts_with(key)).unwrap();
    let (entity, pair) = (first("{\"id\""), first("{\"source\""));
    let rows = [
        (
            pair,
            "windows",
            500,
            "\"windows\" is 500, more than the windows of its source (",
        ),
        (
            pair,
            "evidence",
            0,
            "\"documents\" is 2, more than its windows (1)",
        ),
        (
            entity,
            "documents",
            90,
            "\"documents\" is 90, more than its windows (",
        ),
        (
            0,
            "crowded_windows",
            90,
            "the header: \"crowded_windows\" is 90, more than the windows (",
        ),
    ];
    for (line, field, value, want) in rows {
        let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let mut record: serde_json::Value = serde_json::from_str(&edited[line]).unwrap();
        if field == "evidence" {
            // One window in two documents.
            record["windows"] = 1.into();
            record["documents"] = 2.into();
            record["evidence"] = serde_json::json!([]);
        } else {
            record[field] = value.into();
        }
        edited[line] = record.to_string();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all((edited.join("\n") + "\n").as_bytes()).unwrap();
        env.write("bad.part", gz.finish().unwrap());
        let r = env.run(&["merge", "bad.part", "-o", "out"]);
        assert_exit(
            &r,
            1,
            &[
                format!("entigraph: bad.part: line {}: ", line + 1),
                want.to_string(),
                "(the partial was edited or is corrupt)\n".to_string(),
            ],
        );
        assert!(!env.path().join("out").exists(), "{field}");
    }
}
