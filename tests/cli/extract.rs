//! Tests of `entigraph extract`.

use serde::Deserialize;

use crate::util::{TestEnv, assert_exit, repo_file};

#[derive(Deserialize, Debug)]
struct MentionJson {
    doc: String,
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    surface: String,
    start: usize,
    end: usize,
    sentence: usize,
    form: String,
    role: Option<String>,
    resolved_by: Option<String>,
}

fn mentions(stdout: &str) -> Vec<MentionJson> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn every_mention_slices_its_surface_out_of_the_text() {
    let env = TestEnv::new();
    let sample = repo_file("samples/arctic-talks.txt");
    let text = std::fs::read_to_string(&sample).unwrap();
    let r = env.run(&["extract", sample.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ms = mentions(&r.stdout);
    assert!(ms.len() > 30);
    for m in &ms {
        assert_eq!(&text[m.start..m.end], m.surface, "{m:?}");
        assert!(!m.doc.is_empty() && !m.name.is_empty() && !m.kind.is_empty());
    }
    let grushko: Vec<&MentionJson> = ms
        .iter()
        .filter(|m| m.id == "discovered:alexander-grushko")
        .collect();
    assert_eq!(grushko.len(), 2);
    assert_eq!(grushko[0].role.as_deref(), Some("Deputy Foreign Minister"));
    assert_eq!(grushko[1].surface, "Grushko");
    assert_eq!(grushko[1].resolved_by.as_deref(), Some("earlier-mention"));
    assert_eq!(grushko[1].form, "surname");
    assert!(grushko[1].sentence > grushko[0].sentence);
}

#[test]
fn unicode_text_keeps_exact_offsets() {
    let env = TestEnv::new();
    let text = "Türkiye’s president\u{00A0}Recep Tayyip Erdogan met\nthe Prime\n   Minister of Iceland. Erdoğan’s aides said Chinatown and USAID were not discussed, nor was the WHO.";
    env.write("u.txt", text);
    let r = env.run(&["extract", "u.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ms = mentions(&r.stdout);
    let got: Vec<(&str, &str)> = ms
        .iter()
        .map(|m| (m.id.as_str(), m.surface.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("country:tr", "Türkiye"),
            ("person:recep-tayyip-erdogan", "Recep Tayyip Erdogan"),
            ("country:is", "Iceland"),
            ("person:recep-tayyip-erdogan", "Erdoğan"),
            ("agency:us-usaid", "USAID"),
            ("agency:who", "WHO"),
        ]
    );
    for m in &ms {
        assert_eq!(&text[m.start..m.end], m.surface);
    }
}

#[test]
fn ambiguous_and_unresolved_matches_are_shown_on_request() {
    let env = TestEnv::new();
    env.write("t.txt", "Obama spoke.");
    let r = env.run(&["extract", "t.txt"]);
    assert_eq!(r.stdout, "");
    let r = env.run(&["extract", "t.txt", "--ambiguous"]);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["unlinked"], "partial-name");
    assert_eq!(v["candidates"][0], "person:barack-obama");
}

#[test]
fn forms_can_be_switched() {
    let env = TestEnv::new();
    env.write("t.txt", "Beijing said Chinese officials agreed.");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["extract", "t.txt"];
        a.extend_from_slice(args);
        mentions(&env.run(&a).stdout)
            .into_iter()
            .map(|m| m.surface)
            .collect()
    };
    assert_eq!(ids(&[]), ["Chinese"]);
    assert_eq!(ids(&["--capitals"]), ["Beijing", "Chinese"]);
    assert_eq!(ids(&["--capitals", "--no-demonyms"]), ["Beijing"]);
}

#[test]
fn missing_input_is_reported_and_the_rest_processed() {
    let env = TestEnv::new();
    env.write("ok.txt", "Norway.");
    let r = env.run(&["extract", "nope.txt", "ok.txt"]);
    assert_exit(&r, 3, &["nope.txt: no such file or directory"]);
    assert_eq!(mentions(&r.stdout).len(), 1);
}

/// `extract nonexist` exited 3 ("completed, but some input was skipped") where `build` with
/// nothing readable exits 1: with no document read there is nothing to show, an error as the
/// README's exit codes say (1: error, nothing written).
#[test]
fn no_readable_input_is_an_error_as_for_build() {
    let env = TestEnv::new();
    env.write(
        "bin.txt",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0 China Russia",
    );
    for args in [
        &["extract", "nonexist"][..],
        &["extract", "nonexist", "other-missing.txt"],
        &["extract", "bin.txt"],
    ] {
        let r = env.run(args);
        assert_exit(
            &r,
            1,
            &[
                "entigraph: no document could be read (",
                "see above); nothing was written\n",
            ],
        );
        assert_eq!(r.stdout, "", "{args:?}");
        // The same inputs are refused by build alike.
        let mut build = vec!["build", "-o", "out", "-q"];
        build.extend(&args[1..]);
        assert_exit(&env.run(&build), 1, &["no document could be read ("]);
    }
    let r = env.run(&["extract", "nonexist"]);
    assert!(
        r.stderr
            .starts_with("entigraph: skipped: nonexist: no such file or directory\n"),
        "{}",
        r.stderr
    );
    // Only entigraph's own output to read: nothing read either.
    env.write("a.txt", "Norway and Russia met.");
    let r = env.run(&["build", "a.txt", "-o", "g", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(&["extract", "g/graph.json"]);
    assert_exit(
        &r,
        1,
        &["nothing to read: the inputs hold only entigraph's output"],
    );
    // An empty file is read: no mention, no error.
    env.write("empty.txt", "");
    let r = env.run(&["extract", "empty.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
}

/// "Bernie Ebbers" and "Bernard Ebbers" in one story were two people; so were a listed James
/// Baker and the story's "Jim Baker"; and the bare surname after them was left unlinked.
#[test]
fn a_familiar_form_of_a_given_name_is_the_person_named_in_full() {
    let env = TestEnv::new();
    env.write(
        "a.txt",
        "WorldCom founder Bernard Ebbers appeared in court on Monday. Bernie Ebbers, 63, \
         denied the charges. Ebbers said he would appeal.\n",
    );
    env.write(
        "b.txt",
        "Bernie Ebbers Faces Jury\n\nFormer WorldCom chief Bernard Ebbers went on trial in \
         New York. Ebbers denies the charges.\n",
    );
    env.write(
        "c.txt",
        "Secretary of State James Baker arrived in Damascus on Sunday. Jim Baker met \
         President Hafez al-Assad. Baker flew home to Washington. Bill Clinton and Hillary \
         Clinton were not there.\n",
    );
    let r = env.run(&["extract", "a.txt", "b.txt", "c.txt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got: Vec<String> = mentions(&r.stdout)
        .iter()
        .filter(|m| m.kind == "person")
        .map(|m| {
            let by = m.resolved_by.as_deref().unwrap_or("-");
            format!("{} {}: {} = {} ({by})", m.doc, m.surface, m.id, m.name)
        })
        .collect();
    assert_eq!(
        got,
        [
            "a.txt Bernard Ebbers: discovered:bernard-ebbers = Bernard Ebbers (discovered)",
            "a.txt Bernie Ebbers: discovered:bernard-ebbers = Bernard Ebbers (discovered)",
            "a.txt Ebbers: discovered:bernard-ebbers = Bernard Ebbers (earlier-mention)",
            "b.txt Bernie Ebbers: discovered:bernard-ebbers = Bernard Ebbers (discovered)",
            "b.txt Bernard Ebbers: discovered:bernard-ebbers = Bernard Ebbers (discovered)",
            "b.txt Ebbers: discovered:bernard-ebbers = Bernard Ebbers (earlier-mention)",
            "c.txt James Baker: person:james-baker = James Baker (-)",
            "c.txt Jim Baker: person:james-baker = James Baker (earlier-mention)",
            "c.txt Hafez al-Assad: person:hafez-al-assad = Hafez al-Assad (-)",
            "c.txt Baker: person:james-baker = James Baker (earlier-mention)",
            "c.txt Bill Clinton: person:bill-clinton = Bill Clinton (-)",
            "c.txt Hillary Clinton: person:hillary-clinton = Hillary Clinton (-)",
        ],
        "{}",
        r.stdout
    );
}
