//! Tests of `entigraph gazetteer`.

use crate::util::TestEnv;

#[test]
fn builtin_gazetteers_lint_without_errors() {
    let env = TestEnv::new();
    let r = env.run(&["gazetteer", "lint"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("no errors"), "{}", r.stdout);
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
