//! Tests of `entigraph gazetteer`.

use crate::util::{TestEnv, assert_exit};

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
    // A file that cannot be read says why; bytes that are not UTF-8 are located, for lint and
    // for build.
    env.write(
        "latin1.tsv",
        b"agency:d\tagency\tD\xe9partement\t\t\n".as_slice(),
    );
    let r = env.run(&["gazetteer", "lint", "missing.tsv", "latin1.tsv"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    for text in [
        "missing.tsv: No such file or directory",
        "latin1.tsv:1:18: not valid UTF-8 (byte 0xE9); save the file as UTF-8",
    ] {
        assert!(r.stdout.contains(text), "{text}: {}", r.stdout);
    }
    env.write("a.txt", "Acme Board met.\n");
    let r = env.run(&["build", "a.txt", "-g", "latin1.tsv", "-o", "out"]);
    assert_exit(
        &r,
        1,
        &["latin1.tsv:1:18: not valid UTF-8 (byte 0xE9); save the file as UTF-8"],
    );
    // Saved as "Unicode" (UTF-16, a byte order mark first): the encoding is named, not its
    // first byte.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(
            "agency:d\tagency\tDépartement\t\t\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    env.write("utf16.tsv", utf16);
    let r = env.run(&["build", "a.txt", "-g", "utf16.tsv", "-o", "out"]);
    assert_exit(
        &r,
        1,
        &[
            "utf16.tsv:1:1: UTF-16 text (byte order mark FF FE, little-endian), not UTF-8; save \
           the file as UTF-8 (iconv -f UTF-16 -t UTF-8)\n",
        ],
    );
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
         person:solheim\tperson\tIngrid Solheim\tI. Solheim|surname=Solheim\tcountry=no|majorType=person|minorType=full\n\
         person:viktor-orlov\tperson\tViktor Orlov\tsurname=Orlov\tgender=male|majorType=person|minorType=full\n\
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
        tsv.contains("person:viktor-orlov\tperson\tViktor Orlov\tsurname=Orlov\tlabel=PERSON\n"),
        "{tsv}"
    );
    // A list lists.def names that cannot be read is said at the line naming it.
    env.write(
        "gate/lists.def",
        "// lists\npeople.lst:person\nmissing.lst:person\n",
    );
    env.write("gate/people.lst", "Ingrid Solheim\n");
    let r = env.run(&["gazetteer", "convert", "gate/lists.def"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("gate/lists.def:3:1: cannot read gate/missing.lst: No such file"),
        "{}",
        r.stderr
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

/// A row whose id says person and whose type says country, and a type `persn`, passed lint with
/// 0 warnings: the first is left out by `--types` for either, the second loads as a type of its
/// own that nothing asks for. Both are warned of; a type of one's own is not.
#[test]
fn lint_warns_of_types_the_id_contradicts_or_that_look_misspelt() {
    let env = TestEnv::new();
    env.write(
        "g.tsv",
        "person:zorg-blat\tcountry\tZorg Blat\t\t\n\
         person:foo-bar\tpersn\tFoo Bar\t\t\n\
         persn:qux-quux\tpersn\tQux Quux\t\t\n\
         agency:acme\tagncy\tAcme Weather Board\t\t\n\
         city:oslo\tcity\tOslo Town\t\t\n\
         wd:Q42\tperson\tDouglas Adams\t\t\n",
    );
    let r = env.run(&["gazetteer", "lint", "g.tsv"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let section = |title: &str| -> Vec<String> {
        let mut lines = r.stdout.lines().skip_while(|l| !l.contains(title));
        assert!(lines.next().is_some(), "no {title:?} in\n{}", r.stdout);
        lines
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.trim().to_string())
            .collect()
    };
    assert_eq!(
        section("warning: ids whose prefix names another type (3)"),
        [
            "g.tsv:1: id person:zorg-blat names the type person, but the row's type is country",
            "g.tsv:2: id person:foo-bar names the type person, but the row's type is persn",
            "g.tsv:4: id agency:acme names the type agency, but the row's type is agncy",
        ]
    );
    assert_eq!(
        section("warning: types that look like a misspelt built-in type (2)"),
        [
            "g.tsv:4: type \"agncy\" (1 entity) is not a built-in type: agency misspelt? (if it \
             is a type of your own, ignore this)",
            "g.tsv:2: type \"persn\" (2 entities) is not a built-in type: person misspelt? (if it \
             is a type of your own, ignore this)",
        ]
    );
    assert!(r.stdout.contains("0 errors, 5 warnings"), "{}", r.stdout);
    // A type of one's own far from the built-ins, an id scheme that is no type: nothing to say.
    env.write(
        "own.tsv",
        "city:oslo\tcity\tOslo Town\t\t\nwd:Q42\tperson\tDouglas Adams\t\t\n",
    );
    let r = env.run(&["gazetteer", "lint", "own.tsv"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("0 errors, 0 warnings"), "{}", r.stdout);
}

/// A person of one's own gazetteer written without `surname=` is known by the family name their
/// name ends with, as a built-in person is: "Mr Howard" and "Howard said" after "Michael Howard"
/// are him (they had been no mention, so adding him lost more than half his mentions).
#[test]
fn own_people_without_a_surname_are_known_by_their_family_name() {
    let env = TestEnv::new();
    env.write(
        "mine.tsv",
        "person:michael-howard\tperson\tMichael Howard\t\tcountry=gb\n\
         person:kim-jong-un\tperson\tKim Jong Un\t\t\n\
         person:robin-van-persie\tperson\tRobin van Persie\t\t\n",
    );
    env.write(
        "t.txt",
        "Michael Howard spoke in Leeds. Later Mr Howard met Robin van Persie, and van Persie \
         said Howard was right. Kim Jong Un was not there; the UN was.",
    );
    let r = env.run(&["extract", "t.txt", "--no-builtin", "-g", "mine.tsv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let found: Vec<(String, String)> = (r.stdout.lines())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().into(),
                v["surface"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("person:michael-howard", "Michael Howard"),
        ("person:michael-howard", "Howard"),
        ("person:robin-van-persie", "Robin van Persie"),
        ("person:robin-van-persie", "van Persie"),
        ("person:michael-howard", "Howard"),
        ("person:kim-jong-un", "Kim Jong Un"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(found, want);
}

/// Regression: `gazetteer convert g.tsv -o g.tsv` replaced its input with the converted rows, and
/// `convert lists.def -o people.lst` one of the lists lists.def names. Refused as other commands
/// refuse an output named as an input, before anything is read or written.
#[test]
fn convert_refuses_an_output_that_is_one_of_its_inputs() {
    let env = TestEnv::new();
    let tsv = "person:a\tperson\tAnna Berg\t\t\n";
    env.write("g.tsv", tsv);
    env.write("gate/lists.def", "// lists\npeople.lst:person\n");
    env.write("gate/people.lst", "Ingrid Solheim\n");
    let tail = "it would be read, then replaced. Nothing was read or written; give another -o";
    for (args, message) in [
        (
            &["gazetteer", "convert", "g.tsv", "-o", "g.tsv"][..],
            format!("entigraph: g.tsv: a gazetteer being read, named as the output: {tail}\n"),
        ),
        (
            &["gazetteer", "convert", "tsv:g.tsv", "-o", "./g.tsv"],
            format!(
                "entigraph: ./g.tsv: a gazetteer being read (g.tsv), named as the output: {tail}\n"
            ),
        ),
        (
            &[
                "gazetteer",
                "convert",
                "gate/lists.def",
                "-o",
                "gate/people.lst",
            ],
            format!(
                "entigraph: gate/people.lst: a gazetteer being read, named as the output: {tail}\n"
            ),
        ),
    ] {
        let r = env.run(args);
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (1, message.as_str()),
            "{args:?}"
        );
    }
    assert_eq!(env.read("g.tsv"), tsv);
    assert_eq!(env.read("gate/people.lst"), "Ingrid Solheim\n");
    assert_eq!(
        std::fs::read_dir(env.path().join("gate")).unwrap().count(),
        2
    );
}

/// `gazetteer lint` listed every bad row of a TSV file but stopped at the first of a GATE,
/// spaCy or RegexNER file: fixing a file took a run per row. Every bad row is listed, and the
/// good rows are checked as usual.
#[test]
fn lint_lists_every_bad_row_of_other_tools_files() {
    let env = TestEnv::new();
    env.write(
        "gate/lists.def",
        "people.lst:person\nnocolon\nmissing.lst:person\nmore.lst:person\n",
    );
    env.write(
        "gate/people.lst",
        "Ingrid Solheim\n&id=x\nViktor Orlov&nokey\n",
    );
    env.write("gate/more.lst", "Anna Berg\n");
    env.write(
        "p.jsonl",
        "{\"label\":\"ORG\",\"pattern\":\"Arctic Shipping Council\"}\n\
         {\"pattern\":\"No Label\"}\n\
         not json\n\
         {\"label\":\"PERSON\",\"pattern\":[{\"POS\":\"NOUN\"}]}\n",
    );
    env.write(
        "r.regexner",
        "Ingrid Solheim\tPERSON\n(Arts|Science)\tDEGREE\nno type\nOslo Board\tORGANIZATION\n",
    );
    let r = env.run(&[
        "gazetteer",
        "lint",
        "gate/lists.def",
        "p.jsonl",
        "r.regexner",
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    for expected in [
        "error: rows that cannot be read (9)",
        "gate/people.lst:2:1: empty entry before the features",
        "gate/people.lst:3:14: expected key=value, found \"nokey\"",
        "gate/lists.def:2:1: expected FILE.lst:majorType[:minorType], found \"nocolon\"",
        "gate/lists.def:3:1: cannot read gate/missing.lst",
        "p.jsonl:2:1: expected a string \"label\"",
        "p.jsonl:3:1: invalid JSON",
        "p.jsonl:4:1: token attribute \"POS\" is not supported",
        "r.regexner:2:1: regular-expression syntax '(' is not supported",
        "r.regexner:3:8: expected pattern<TAB>type",
        "4 entities (2 agency, 2 person)",
    ] {
        assert!(r.stdout.contains(expected), "{expected}\n{}", r.stdout);
    }
}
