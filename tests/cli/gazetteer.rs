//! Tests of `entigraph gazetteer`.

use crate::util::TestEnv;

#[test]
fn builtin_gazetteers_lint_without_errors() {
    let env = TestEnv::new();
    let r = env.run(&["gazetteer", "lint"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(" 0 errors"), "{}", r.stdout);
}

#[test]
fn stats_count_types_and_forms() {
    let env = TestEnv::new();
    env.write(
        "g.tsv",
        "country:xa\tcountry\tXanadu\tabbreviation=XA|demonym=Xanaduan\t\nperson:p\tperson\tPat Q\tsurname=Q\t\n",
    );
    let r = env.run(&["gazetteer", "stats", "-g", "g.tsv", "--no-builtin"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "entities: 2\n  country: 1\n  person: 1\naliases by form:\n  abbreviation: 1\n  demonym: 1\n  name: 2\n  surname: 1\n"
    );
    let r = env.run(&["gazetteer", "stats"]);
    let count = |kind: &str| -> usize {
        r.stdout
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{kind}: ")))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(count("country") >= 250);
    assert!(count("agency") >= 1500);
    assert!(count("person") >= 3000);
}

#[test]
fn lint_reports_errors_with_locations_and_exits_1() {
    let env = TestEnv::new();
    env.write(
        "ok.tsv",
        "agency:a\tagency\tAcme Board\t\t\nagency:b\tagency\tBolt Office\tAcme Board\t\n",
    );
    env.write("bad.tsv", "agency:c\tagency\tC\tnick=Cee\t\n");
    let r = env.run(&["gazetteer", "lint", "ok.tsv", "bad.tsv"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("bad.tsv:1:19: unknown alias form \"nick\""),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("\"acme board\": agency:a, agency:b"),
        "{}",
        r.stdout
    );
    let r = env.run(&["gazetteer", "lint", "ok.tsv"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("0 errors, 2 warnings"), "{}", r.stdout);
}

/// A gazetteer author fixes every row in one go: lint reads on past a bad row, and checks the
/// good rows after it as usual.
#[test]
fn lint_reports_every_bad_row_and_checks_the_rest() {
    let env = TestEnv::new();
    env.write(
        "g.tsv",
        "id\ttype\tname\taliases\tattributes\n\
         person:a\tperson\tAnna Berg\tBerg\t\n\
         person:a\tperson\tAnna Other\t\t\n\
         a row without tabs\n\
         person:c\tperson\tCarl Dahl\tcapitol=Dahl\t\n\
         person:d\tperson\tDora Eck\tThe\t\n\
         country:x\tcountry\tXland\t\t\n",
    );
    let r = env.run(&["gazetteer", "lint", "g.tsv"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    for expected in [
        "g.tsv:3:1: duplicate id \"person:a\" (first defined on line 2)",
        "g.tsv:4:19: expected 5 tab-separated columns",
        "g.tsv:5:27: unknown alias form \"capitol\"",
        "g.tsv:6: \"The\" (person:d)",
        "3 entities (1 country, 2 person)",
        "3 errors",
    ] {
        assert!(r.stdout.contains(expected), "{expected}\n{}", r.stdout);
    }
}

#[test]
fn other_tools_dictionaries_are_imported() {
    let env = TestEnv::new();
    let data = crate::util::repo_file("tests/data");
    let gate = data.join("gate/lists.def");
    let spacy = data.join("patterns.jsonl");
    let regexner = format!("regexner:{}", data.join("regexner.txt").display());
    let r = env.run(&["gazetteer", "convert", gate.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "id\ttype\tname\taliases\tattributes\n\
         person:solheim\tperson\tIngrid Solheim\tI. Solheim\tcountry=no|majorType=person|minorType=full\n\
         person:viktor-orlov\tperson\tViktor Orlov\t\tgender=male|majorType=person|minorType=full\n\
         agency:norwegian-coastal-administration\tagency\tNorwegian Coastal Administration\t\tcountry=no|majorType=organization|minorType=government\n\
         country:sj\tcountry\tSvalbard\t\tmajorType=location|minorType=country\n"
    );
    let r = env.run(&[
        "gazetteer",
        "convert",
        spacy.to_str().unwrap(),
        &regexner,
        "-o",
        "all.tsv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tsv = env.read("all.tsv");
    assert!(
        tsv.contains("agency:asc\tagency\tArctic Shipping Council\tASC\tlabel=ORG\n"),
        "{tsv}"
    );
    assert!(
        tsv.contains("person:ingrid-solheim\tperson\tingrid solheim\t"),
        "{tsv}"
    );
    assert!(
        tsv.contains("person:viktor-orlov\tperson\tViktor Orlov\t\tlabel=PERSON\n"),
        "{tsv}"
    );
    // The converted file is a valid gazetteer, and imports work directly in build.
    env.write("t.txt", "The ASC met Viktor Orlov near Svalbard.");
    let r = env.run(&[
        "extract",
        "t.txt",
        "--no-builtin",
        "-g",
        "all.tsv",
        "-g",
        gate.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["agency:asc", "person:viktor-orlov", "country:sj"]);
}
