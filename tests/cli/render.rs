//! Tests of `entigraph render`: SVG, PNG and the HTML explorer, checked by parsing the output
//! and by opening the page in headless Chromium.
//!
//! Graphviz and Chromium are external: a test that needs one skips with a note when it is
//! missing, and fails instead when ENTIGRAPH_REQUIRE_TOOLS=1 (install: .ci/setup-render.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quick_xml::events::Event;

use crate::util::{CROWDED, TestEnv, assert_exit, repo_file};

/// Whether `program --version`-style probing works; skips (or fails, when tools are required).
fn have(program: &str, probe: &str) -> bool {
    let ok = Command::new(program)
        .arg(probe)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        if std::env::var("ENTIGRAPH_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!(
                "`{program}` is required (ENTIGRAPH_REQUIRE_TOOLS=1) but was not found; run .ci/setup-render.sh"
            );
        }
        eprintln!("note: skipping, `{program}` is not installed (see .ci/setup-render.sh)");
    }
    ok
}

fn have_graphviz() -> bool {
    have("dot", "-V")
}

fn have_chromium() -> bool {
    have_graphviz() && have("chromium", "--version")
}

/// Builds the sample article's graph into `out/graph.json`.
fn sample_graph(env: &TestEnv) -> PathBuf {
    let sample = repo_file("samples/arctic-talks.txt");
    let r = env.run(&["build", sample.to_str().unwrap(), "-o", "out", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    env.path().join("out/graph.json")
}

fn graph_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The `title` of every `<g class="node">` in a well-formed SVG, in document order.
fn svg_node_titles(svg: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut titles = Vec::new();
    let mut depth_in_node: Option<usize> = None;
    let mut depth = 0usize;
    let mut in_title = false;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == "g" {
                    let class = e
                        .try_get_attribute("class")
                        .unwrap()
                        .map(|a| a.value.into_owned());
                    if class.as_deref() == Some("node") {
                        depth_in_node = Some(depth);
                        titles.push(String::new());
                    }
                }
                in_title = depth_in_node.is_some() && e.name().as_ref() == "title";
            }
            Event::Text(t) if in_title => {
                let last = titles.last_mut().unwrap();
                last.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if in_title => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().unwrap().expect("known entity in SVG"),
                };
                titles.last_mut().unwrap().push(c);
            }
            Event::End(e) => {
                if e.name().as_ref() == "title" {
                    in_title = false;
                }
                if depth_in_node == Some(depth) {
                    depth_in_node = None;
                }
                depth -= 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced SVG");
    titles
}

#[test]
fn svg_is_well_formed_with_one_group_per_node() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    let graph = sample_graph(&env);
    let r = env.run(&["render", graph.to_str().unwrap(), "-o", "g.svg"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("neato"), "{}", r.stdout);
    let svg = env.read("g.svg");
    let mut titles = svg_node_titles(&svg);
    let mut ids: Vec<String> = graph_json(&graph)["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    ids.sort();
    assert!(ids.len() > 5);
    assert_eq!(titles, ids);
    assert_eq!(svg.matches(r#"class="node""#).count(), ids.len());
}

/// A link filter's picture draws the entities its links join, not the rest as dots (a BBC
/// graph's --top-edges 200 had drawn all 4,494 entities, for minutes); --keep-isolated draws
/// them.
#[test]
fn a_link_filter_draws_the_entities_of_its_links() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    let graph = sample_graph(&env);
    let g = graph.to_str().unwrap();
    let all = graph_json(&graph)["nodes"].as_array().unwrap().len();
    let r = env.run(&["render", g, "--top-edges", "1", "-o", "top.svg"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(svg_node_titles(&env.read("top.svg")).len(), 2);
    let note = format!(
        "note: {} entities the link filter leaves without links not drawn (--keep-isolated",
        all - 2
    );
    assert!(r.stderr.contains(&note), "{}", r.stderr);
    let r = env.run(&[
        "render",
        g,
        "--top-edges",
        "1",
        "--keep-isolated",
        "-o",
        "all.svg",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(svg_node_titles(&env.read("all.svg")).len(), all);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
}

#[test]
fn png_has_the_png_signature() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    sample_graph(&env);
    // A directory holding graph.json is accepted as the graph.
    let r = env.run(&["render", "out", "-o", "g.png"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let png = std::fs::read(env.path().join("g.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (w, h, colours) = png_stats(&png);
    assert!(w > 200 && h > 200, "{w}x{h}");
    assert!(colours > 10, "{colours} colours");
}

#[test]
fn pictures_left_among_the_news_are_not_read() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    let sample = repo_file("samples/arctic-talks.txt");
    env.write("news/a.txt", std::fs::read(sample).unwrap());
    let r = env.run(&["build", "news", "-o", "out", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for pic in ["news/g.svg", "news/g.html", "news/g.png"] {
        let r = env.run(&["render", "out", "-o", pic]);
        assert_eq!(r.code, 0, "{pic}: {}", r.stderr);
    }
    let r = env.run(&["build", "news", "-o", "again"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["g.svg", "g.html"] {
        let warning = format!("warning: news/{f}: written by entigraph (a graph, not news)");
        assert!(r.stderr.contains(&warning), "{f}: {}", r.stderr);
    }
    // A picture is left out as one, not skipped as an unreadable file.
    let png = "warning: news/g.png: a picture, not news; left out";
    assert!(r.stderr.contains(png), "{}", r.stderr);
    let built = graph_json(&env.path().join("again/graph.json"));
    assert_eq!(built["manifest"]["documents"], 1, "{}", r.stderr);
}

#[test]
fn format_flag_wins_and_stdout_needs_it() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    sample_graph(&env);
    let r = env.run(&["render", "out", "-o", "-"]);
    assert_exit(&r, 2, &["--format"]); // a usage error
    let r = env.run(&["render", "out", "-o", "-", "--format", "svg"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("<svg"));
    let r = env.run(&["render", "out", "-o", "drawing.out", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(env.read("drawing.out").starts_with("<!DOCTYPE html>"));
}

/// Regression: `render out -o out/graph.json` wrote the page over the graph it read, since the
/// check compared the directory named with the output, not the graph.json read from it.
#[test]
fn the_graph_read_from_a_directory_is_not_replaced() {
    let env = TestEnv::new();
    let graph = sample_graph(&env);
    let before = std::fs::read(&graph).unwrap();
    for output in ["out/graph.json", "./out/graph.json", "out"] {
        let r = env.run(&["render", "out", "-f", "html", "-o", output]);
        assert_exit(
            &r,
            1,
            &[format!("entigraph: {output}: the graph being read")],
        );
        assert_eq!(std::fs::read(&graph).unwrap(), before, "{output}");
    }
}

/// Regression: `render -o other/graph.json -f svg` replaced another graph with a picture, and
/// `export -f dot` did the same; the native format may replace a graph with a graph.
#[test]
fn another_graph_is_not_replaced_by_a_picture_or_an_export() {
    let env = TestEnv::new();
    sample_graph(&env);
    let sample = repo_file("samples/arctic-talks.txt");
    let r = env.run(&["build", sample.to_str().unwrap(), "-o", "other", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = env.read("other/graph.json");
    for (args, file) in [
        (&["render", "out", "-f", "svg"][..], "other/graph.json"),
        (&["render", "out", "-f", "html"][..], "other/graph.part"),
        (&["export", "out", "-f", "dot"][..], "other/graph.json"),
    ] {
        let r = env.run(&[args, &["-o", file]].concat());
        assert_exit(
            &r,
            2,
            &[format!("entigraph: {file}: holds a graph; writing")],
        );
    }
    assert_eq!(env.read("other/graph.json"), before);
    let part = entigraph::partial::Partial::from_path(&env.path().join("other/graph.part"));
    assert!(part.is_ok());
    let r = env.run(&["export", "out", "-f", "json", "-o", "other/graph.json"]);
    assert_exit(&r, 0, &[] as &[&str]);
}

#[test]
fn unknown_extension_is_a_clear_error() {
    let env = TestEnv::new();
    let r = env.run(&["render", "whatever.json", "-o", "g.pdf"]);
    assert_exit(&r, 2, &["g.pdf", "--format svg|png|html"]); // a usage error
}

#[test]
fn missing_graph_names_the_file() {
    let env = TestEnv::new();
    let r = env.run(&["render", "nope.json", "-o", "g.svg"]);
    assert_exit(&r, 1, &["nope.json"]);
}

#[test]
fn missing_graphviz_says_how_to_install_it() {
    let env = TestEnv::new();
    let graph = repo_file("tests/data/render-hostile.json");
    let empty = env.path().join("empty-bin");
    std::fs::create_dir(&empty).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entigraph"))
        .args(["render", graph.to_str().unwrap(), "-o", "g.svg"])
        .current_dir(env.path())
        .env("PATH", &empty)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Graphviz is not installed"), "{stderr}");
    assert!(stderr.contains("apt-get install graphviz"), "{stderr}");
    assert!(stderr.contains("brew install graphviz"), "{stderr}");
    assert!(
        stderr.contains("https://graphviz.org/download/"),
        "{stderr}"
    );
    assert!(!env.path().join("g.svg").exists());
}

/// Regression: `render` interrupted by a signal sent to it alone (`kill PID`, `timeout`; Ctrl-C
/// reaches the whole process group) left Graphviz running on, laying out a large graph for
/// minutes. A stand-in `dot` that sleeps plays Graphviz: it ends with the run, which exits
/// 143 (SIGTERM) or 130 (SIGINT) and leaves no file behind.
#[cfg(unix)]
#[test]
fn an_interrupted_render_ends_graphviz_too() {
    let env = TestEnv::new();
    let graph = repo_file("tests/data/render-hostile.json");
    let pid_file = env.path().join("dot.pid");
    // (`exec`: the process that sleeps has the pid written.)
    let dot = env.write(
        "bin/dot",
        "#!/bin/sh\necho $$ > \"$DOT_PID\"\nexec sleep 60\n",
    );
    std::fs::set_permissions(&dot, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        env.path().join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let alive = |pid: &str| {
        Command::new("kill")
            .args(["-0", pid])
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    };
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let _ = std::fs::remove_file(&pid_file);
        let mut child = Command::new(env!("CARGO_BIN_EXE_entigraph"))
            .args(["render", graph.to_str().unwrap(), "-o", "pic/g.svg"])
            .current_dir(env.path())
            .env("PATH", &path)
            .env("DOT_PID", &pid_file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let dot_pid = loop {
            match std::fs::read_to_string(&pid_file) {
                Ok(pid) if pid.ends_with('\n') => break pid.trim().to_string(),
                _ => {}
            }
            assert!(
                started.elapsed() < Duration::from_secs(60) && child.try_wait().unwrap().is_none(),
                "SIG{signal}: the stand-in dot was not started"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        let sent = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert_eq!(stderr, "", "SIG{signal}");
        // (Waited for by entigraph: no zombie is left for a container's init to reap.)
        let gone = Instant::now();
        while alive(&dot_pid) && gone.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            !alive(&dot_pid),
            "SIG{signal}: Graphviz ({dot_pid}) outlived the run"
        );
        let left: Vec<_> = std::fs::read_dir(env.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().starts_with(".entigraph-"))
            .collect();
        assert!(left.is_empty(), "SIG{signal}: {left:?}");
        assert!(!env.path().join("pic/g.svg").exists(), "SIG{signal}");
    }
}

/// A ring of `n` people, as graph.json.
fn ring_graph(n: usize) -> String {
    let nodes: Vec<_> = (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("person:p{i:03}"), "label": format!("Person {i}"),
                "type": "person", "source": "gazetteer", "mentions": 1, "documents": 1,
                "windows": 2, "aliases": []})
        })
        .collect();
    let edges: Vec<_> = (0..n)
        .map(|i| {
            let (a, b) = (i, (i + 1) % n);
            let (a, b) = (a.min(b), a.max(b));
            serde_json::json!({"source": format!("person:p{a:03}"),
                "target": format!("person:p{b:03}"), "count": 1, "documents": 1, "evidence": []})
        })
        .collect();
    serde_json::json!({
        "format": "entigraph", "version": 1,
        "manifest": {"tool": "entigraph 0.1.0",
            "options": {"window": "sentence", "evidence": 3, "demonyms": true, "capitals": false,
                        "fold_diacritics": true, "discover": true},
            "gazetteer": {"hash": "0", "entities": n, "builtin": false, "files": []},
            "inputs": [], "documents": 1, "windows": n, "mentions": n, "skipped": 0},
        "nodes": nodes, "edges": edges
    })
    .to_string()
}

#[test]
fn large_graph_uses_sfdp() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    env.write("ring.json", ring_graph(120));
    let r = env.run(&["render", "ring.json", "-o", "ring.svg"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("120 nodes, 120 links, sfdp"),
        "{}",
        r.stdout
    );
    assert_eq!(svg_node_titles(&env.read("ring.svg")).len(), 120);
    let r = env.run(&[
        "render",
        "ring.json",
        "-o",
        "ring2.svg",
        "--engine",
        "circo",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("circo"), "{}", r.stdout);
}

/// The text of the JSON data block, checking the page has exactly our two script elements.
fn data_block(page: &str) -> &str {
    let lower = page.to_ascii_lowercase();
    assert_eq!(lower.matches("<script").count(), 2, "script elements");
    assert_eq!(lower.matches("</script").count(), 2, "script end tags");
    let open = r#"<script id="eg-data" type="application/json">"#;
    let start = page.find(open).expect("data block") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    &page[start..end]
}

#[test]
fn html_escapes_hostile_names_and_snippets() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    let graph = repo_file("tests/data/render-hostile.json");
    let r = env.run(&["render", graph.to_str().unwrap(), "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = env.read("page.html");
    let block = data_block(&page);
    for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!block.contains(bad), "{bad:?} unescaped in the data block");
    }
    let data: serde_json::Value = serde_json::from_str(block).unwrap();
    let fixture = graph_json(&graph);
    let labels = |v: &serde_json::Value| -> Vec<String> {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(labels(&data), labels(&fixture));
    assert_eq!(
        data["edges"][1]["evidence"][0]["snippet"],
        fixture["edges"][1]["evidence"][0]["snippet"]
    );
    assert_eq!(data["nodes"][2]["aliases"][0], "Quill\u{2028}Line");
    // The title (the input's file name) is escaped as HTML.
    assert!(
        page.contains(
            "<title>&lt;b&gt;wire&lt;b&gt; &amp; &quot;feed&quot;.txt · entigraph</title>"
        )
    );
    assert!(!page.contains("<b>wire"));
    assert!(!page.contains("<img"));
    // Our own markup has no place where data is written as HTML.
    assert!(!page.contains("innerHTML"));
    // Nothing outside the data block loads anything from elsewhere.
    let lower = page.replace(block, "").to_ascii_lowercase();
    assert!(!lower.contains(" src=") && !lower.contains("<link"));
}

/// Runs Chromium headless on `url` with `extra` flags and returns its stdout; a hung browser
/// is killed after two minutes (a guard, not a timing assertion).
fn chromium(env: &TestEnv, url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .current_dir(env.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap().unwrap()
}

fn file_url(path: &Path, fragment: &str) -> String {
    format!(
        "file://{}#{fragment}",
        path.canonicalize().unwrap().display()
    )
}

/// The `class` of every element with an `eg-n*` id in a DOM dump, with the node it stands for
/// (from its `<title>`), as (title, class).
fn node_classes(dom: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(at) = rest.find(r#"<g id="eg-n"#) {
        rest = &rest[at..];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        let class = tag
            .split(r#"class=""#)
            .nth(1)
            .and_then(|c| c.split('"').next())
            .unwrap_or("")
            .to_string();
        let t0 = rest.find("<title>").unwrap() + "<title>".len();
        let t1 = rest[t0..].find("</title>").unwrap() + t0;
        out.push((rest[t0..t1].to_string(), class));
        rest = &rest[tag_end..];
    }
    out
}

#[test]
fn focus_link_highlights_the_node_in_chromium() {
    if !have_chromium() {
        return;
    }
    let env = TestEnv::new();
    let graph = graph_json(&sample_graph(&env));
    let r = env.run(&["render", "out", "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = file_url(&env.path().join("page.html"), "focus=country%3Ano");
    let dom = chromium(&env, &url, &["--dump-dom"]);
    let classes = node_classes(&dom);
    assert_eq!(
        classes.len(),
        graph["nodes"].as_array().unwrap().len(),
        "{dom}"
    );
    let focused: Vec<&str> = classes
        .iter()
        .filter(|(_, c)| c.split(' ').any(|c| c == "focused"))
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(focused, ["country:no"]);
    // Norway's neighbours are highlighted, the others are not.
    let lit: Vec<&str> = classes
        .iter()
        .filter(|(_, c)| c.split(' ').any(|c| c == "eg-hl"))
        .map(|(t, _)| t.as_str())
        .collect();
    assert!(
        lit.contains(&"country:ru") && lit.contains(&"country:no"),
        "{lit:?}"
    );
    assert!(!lit.contains(&"country:cn"), "{lit:?}");
    assert!(dom.contains(r#"<h2 id="eg-panel-title">Norway</h2>"#));
    assert!(!dom.contains(r#"<aside id="eg-panel" hidden"#));
    // The panel lists Russia first (4 windows) with its evidence.
    let links = &dom[dom.find(r#"<ol id="eg-links">"#).unwrap()..];
    assert!(links.find(">Russia<").unwrap() < links.find(">Iceland<").unwrap());
    assert!(links.contains("samples/arctic-talks.txt"));
}

/// Evidence shows its document's title, a link only to a web address; the date follows.
#[test]
fn evidence_titles_link_to_web_addresses_in_chromium() {
    if !have_chromium() {
        return;
    }
    let env = TestEnv::new();
    env.write(
        "feed.jsonl",
        concat!(
            r#"{"id":"a1","date":"2024-03-02","title":"Arctic talks","url":"https://n.example/1","text":"Norway and Russia met."}"#,
            "\n",
            r#"{"id":"a2","title":"Second round","url":"javascript:alert(1)","text":"Norway and Russia met again."}"#,
            "\n",
        ),
    );
    let r = env.run(&["build", "feed.jsonl", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["render", "g", "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = file_url(&env.path().join("page.html"), "focus=country%3Ano");
    let dom = chromium(&env, &url, &["--dump-dom"]);
    let links = &dom[dom.find(r#"<ol id="eg-links">"#).expect("links")..];
    assert!(
        links.contains(
            r#"<a href="https://n.example/1" rel="noopener noreferrer" target="_blank">Arctic talks</a> · a1 · 2024-03-02 ["#
        ),
        "{links}"
    );
    assert!(
        links.contains(r#"<span class="eg-doc">Second round · a2 ["#),
        "{links}"
    );
    assert!(
        !dom.to_ascii_lowercase().contains("href=\"javascript"),
        "{dom}"
    );
}

#[test]
fn hostile_names_stay_text_in_chromium() {
    if !have_chromium() {
        return;
    }
    let env = TestEnv::new();
    let graph = repo_file("tests/data/render-hostile.json");
    let r = env.run(&["render", graph.to_str().unwrap(), "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = file_url(
        &env.path().join("page.html"),
        "focus=person%3Aevil%22%3Cx%3E",
    );
    let dom = chromium(&env, &url, &["--dump-dom"]);
    let lower = dom.to_ascii_lowercase();
    // Only our two scripts exist in the live DOM; no image from an alias either.
    assert_eq!(lower.matches("<script").count(), 2, "{dom}");
    assert!(!lower.contains("<img"), "{dom}");
    assert!(
        dom.contains(r#"<h2 id="eg-panel-title">"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h2>"#),
        "{dom}"
    );
    assert!(dom.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    let focused: Vec<String> = node_classes(&dom)
        .into_iter()
        .filter(|(_, c)| c.contains("focused"))
        .map(|(t, _)| t)
        .collect();
    assert_eq!(focused, ["person:evil\"&lt;x&gt;"]);
}

/// Width, height and number of distinct colours of a PNG.
fn png_stats(bytes: &[u8]) -> (u32, u32, usize) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let samples = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut colours = std::collections::HashSet::new();
    for px in pixels.chunks_exact(samples) {
        colours.insert(px.to_vec());
        if colours.len() > 1000 {
            break;
        }
    }
    (info.width, info.height, colours.len())
}

/// Pixels close to the focus outline colour (#d62728).
fn focus_red_pixels(bytes: &[u8]) -> usize {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let samples = info.color_type.samples();
    assert!(samples >= 3, "colour screenshot expected");
    buf[..info.buffer_size()]
        .chunks_exact(samples)
        .filter(|p| {
            (p[0] as i32 - 0xd6).abs() < 24
                && (p[1] as i32 - 0x27).abs() < 24
                && (p[2] as i32 - 0x28).abs() < 24
        })
        .count()
}

#[test]
fn screenshot_of_the_page_shows_the_focused_graph() {
    if !have_chromium() {
        return;
    }
    let env = TestEnv::new();
    sample_graph(&env);
    let r = env.run(&["render", "out", "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shot = env.path().join("shot.png");
    let url = file_url(&env.path().join("page.html"), "focus=country%3Aru");
    chromium(
        &env,
        &url,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,800",
        ],
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.len() > 10_000, "{} bytes", png.len());
    let (w, h, colours) = png_stats(&png);
    assert_eq!((w, h), (1200, 800));
    assert!(colours > 50, "{colours} colours: blank page?");
    // The focused node's red outline is drawn.
    assert!(focus_red_pixels(&png) > 100);
    if let Ok(dir) = std::env::var("ENTIGRAPH_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, Path::new(&dir).join("render-screenshot.png")).unwrap();
    }
}

/// What `tests/data/render-interact.js` reports after driving the page.
#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct Interaction {
    error: Option<String>,
    start: serde_json::Value,
    zoom_in_ratio: f64,
    pan_dx: f64,
    reset_ratio: f64,
    hover: serde_json::Value,
    after_leave_dim: bool,
    search: serde_json::Value,
    search_alias: String,
    search_unaccented: String,
    search_missing: serde_json::Value,
    search_again: String,
    hashchange: serde_json::Value,
    click: serde_json::Value,
    first_link: String,
    after_link: String,
    escape: serde_json::Value,
}

#[test]
fn zoom_pan_hover_search_and_click_work_in_chromium() {
    if !have_chromium() {
        return;
    }
    let env = TestEnv::new();
    sample_graph(&env);
    let r = env.run(&["render", "out", "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = env.read("page.html");
    let driver = std::fs::read_to_string(repo_file("tests/data/render-interact.js")).unwrap();
    let page = page.replace("</body>", &format!("<script>{driver}</script>\n</body>"));
    env.write("driven.html", page);
    let dom = chromium(
        &env,
        &file_url(&env.path().join("driven.html"), ""),
        &["--dump-dom"],
    );
    let open = r#"<pre id="eg-test-result">"#;
    let start = dom.rfind(open).expect("driver ran") + open.len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let got: Interaction = serde_json::from_str(&text).unwrap();
    assert_eq!(got.error, None);
    assert_eq!(got.start["focused"], serde_json::Value::Null);
    assert_eq!(got.start["panelHidden"], true);
    // Wheel up zooms in around the cursor; a drag to the right moves the view left.
    assert!(got.zoom_in_ratio < 0.9, "{got:?}");
    assert!(got.pan_dx < -10.0, "{got:?}");
    assert_eq!(got.reset_ratio, 1.0);
    // eg-n0 is the first node by id: the Chinese foreign ministry, linked to China and the UN.
    assert_eq!(got.hover["dim"], true);
    assert_eq!(
        got.hover["lit"],
        serde_json::json!(["agency:cn-mfa", "agency:un", "country:cn"])
    );
    assert!(!got.after_leave_dim);
    assert_eq!(got.search["focused"], "discovered:alexander-grushko");
    assert_eq!(got.search["panel"], "Alexander Grushko");
    assert_eq!(got.search["hash"], "#focus=discovered%3Aalexander-grushko");
    // The status line keeps the graph's totals after a search (it was emptied), and gets them
    // back after a failed one.
    let totals = got.start["status"].as_str().unwrap_or_default().to_string();
    assert!(totals.contains(" entities, "), "{got:?}");
    assert_eq!(got.search["status"], totals.as_str());
    assert_eq!(got.search_again, totals);
    assert_eq!(
        got.search_alias, "country:no",
        "found by the alias Norwegian"
    );
    assert_eq!(
        got.search_unaccented, "person:kristrun-frostadottir",
        "found without its accents"
    );
    assert_eq!(got.search_missing["focused"], "country:no");
    assert!(
        got.search_missing["status"]
            .as_str()
            .unwrap()
            .contains("Atlantis")
    );
    assert_eq!(got.hashchange["focused"], "country:cn");
    assert_eq!(got.hashchange["panel"], "China");
    assert_eq!(got.click["focused"], "agency:imo");
    assert_eq!(got.click["hash"], "#focus=agency:imo");
    assert_eq!(got.first_link, "Espen Barth Eide");
    assert_eq!(got.after_link, "discovered:espen-barth-eide");
    assert_eq!(got.escape["focused"], serde_json::Value::Null);
    assert_eq!(got.escape["panelHidden"], true);
    assert_eq!(got.escape["dim"], false);
}

/// `render` took no filters, so a large graph could only be drawn whole (or exported, filtered
/// and read back); it takes the same ones as `export` and `query`.
#[test]
fn render_draws_the_filtered_graph() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "Jacinda Ardern met Interpol in Wellington. Interpol and Fiji signed a pact.\n",
    );
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A misspelt type is a usage error before Graphviz is needed.
    let r = env.run(&["render", "g", "-o", "x.svg", "--types", "persn"]);
    assert_exit(&r, 2, &["no type is called \"persn\""]);
    if !have_graphviz() {
        return;
    }
    let r = env.run(&[
        "render",
        "g",
        "-o",
        "x.svg",
        "--types",
        "agency,country",
        "--drop-isolated",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("(2 nodes, 1 link,"), "{}", r.stdout);
    let svg = env.read("x.svg");
    assert!(svg.contains("Fiji") && !svg.contains("Ardern"), "{svg}");
}

/// Builds [`CROWDED`] into `g/` with at most two entities per window (one crowded window) and
/// renders it to `page.html`.
fn crowded_page(env: &TestEnv) {
    env.write("a.txt", CROWDED);
    let r = env.run(&[
        "build",
        "-q",
        "a.txt",
        "--max-window-entities",
        "2",
        "-o",
        "g",
    ]);
    assert_exit(&r, 0, &[] as &[&str]);
    let r = env.run(&["render", "g", "-o", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The page's data had the graph's documents and windows but not the windows that named more
/// entities than `--max-window-entities` and so added no links.
#[test]
fn html_data_counts_the_windows_that_named_too_many_entities() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    crowded_page(&env);
    let data: serde_json::Value = serde_json::from_str(data_block(&env.read("page.html"))).unwrap();
    assert_eq!(
        (
            &data["documents"],
            &data["windows"],
            &data["crowded_windows"],
            &data["max_window_entities"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(2)
        )
    );
}

/// The note of the page's header with the id `id` (`eg-crowded`: windows were left out of the
/// links; `eg-filtered`: filters cut the graph), if the DOM has it: (whether it is hidden, its
/// text).
fn note_line(dom: &str, id: &str) -> Option<(bool, String)> {
    let at = dom.find(&format!(r#"<span id="{id}""#))?;
    let rest = &dom[at..];
    let tag_end = rest.find('>').unwrap();
    let text_end = rest.find("</span>").unwrap();
    let hidden = rest[..tag_end].contains(" hidden");
    Some((hidden, rest[tag_end + 1..text_end].to_string()))
}

/// A reader of the page could not tell that some windows' pairs were left out of the links;
/// a line in the header says so, and only when there are such windows.
#[test]
fn html_page_shows_the_windows_that_added_no_links_in_chromium() {
    if !have_chromium() {
        return;
    }
    let env = TestEnv::new();
    crowded_page(&env);
    let dom = chromium(
        &env,
        &file_url(&env.path().join("page.html"), ""),
        &["--dump-dom"],
    );
    assert_eq!(
        note_line(&dom, "eg-crowded"),
        Some((
            false,
            "1 window named more than 2 entities (a list, not a relation): its entities are \
             counted, not linked"
                .to_string()
        )),
        "{dom}"
    );
    sample_graph(&env);
    let r = env.run(&["render", "out", "-o", "sample.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dom = chromium(
        &env,
        &file_url(&env.path().join("sample.html"), ""),
        &["--dump-dom"],
    );
    assert_eq!(
        note_line(&dom, "eg-crowded"),
        Some((true, String::new())),
        "{dom}"
    );
}

/// A page drawn from a filtered graph (filtered when rendered, or written filtered) showed a
/// part of the graph as if it were all of it: its data and its header now say which filters
/// cut it; a whole graph's page says nothing of filters.
#[test]
fn html_page_says_which_filters_cut_the_graph() {
    if !have_graphviz() {
        return;
    }
    let env = TestEnv::new();
    sample_graph(&env);
    let r = env.run(&[
        "export",
        "out",
        "-f",
        "json",
        "--top-edges",
        "3",
        "-o",
        "top.json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&[
        "render",
        "top.json",
        "--types",
        "country",
        "-o",
        "page.html",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = env.read("page.html");
    let data: serde_json::Value = serde_json::from_str(data_block(&page)).unwrap();
    assert_eq!(data["filtered"], "top 3 links; then type country");
    // An SVG drawing has the filters in a comment (Graphviz carries DOT's), and is still known
    // as entigraph's by a later build.
    let r = env.run(&[
        "render",
        "top.json",
        "--types",
        "country",
        "-o",
        "drawing.svg",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let svg = env.read("drawing.svg");
    assert!(
        svg.contains("<!-- filtered: top 3 links; then type country -->"),
        "{svg}"
    );
    env.write("news/a.txt", "Norway and Russia met.");
    std::fs::copy(
        env.path().join("drawing.svg"),
        env.path().join("news/drawing.svg"),
    )
    .unwrap();
    let r = env.run(&["build", "news", "-o", "g2"]);
    assert_exit(
        &r,
        0,
        &["drawing.svg: written by entigraph (a graph, not news); left out"],
    );
    let r = env.run(&["render", "out", "-o", "whole.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let whole = env.read("whole.html");
    let data: serde_json::Value = serde_json::from_str(data_block(&whole)).unwrap();
    assert!(data.get("filtered").is_none(), "{data}");
    if !have_chromium() {
        return;
    }
    let dom = chromium(
        &env,
        &file_url(&env.path().join("page.html"), ""),
        &["--dump-dom"],
    );
    assert_eq!(
        note_line(&dom, "eg-filtered"),
        Some((
            false,
            "filtered: top 3 links; then type country".to_string()
        )),
        "{dom}"
    );
    let dom = chromium(
        &env,
        &file_url(&env.path().join("whole.html"), ""),
        &["--dump-dom"],
    );
    assert_eq!(
        note_line(&dom, "eg-filtered"),
        Some((true, String::new())),
        "{dom}"
    );
}
