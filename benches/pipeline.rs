//! Criterion benchmarks of the matcher and the whole per-document pipeline.
//!
//! Everything is generated in this file, deterministically (a fixed-seed xorshift generator), so
//! runs are comparable across machines and commits:
//!
//! - synthetic gazetteers of people, agencies and places whose names are built from syllables
//!   ("Kavoru Zentapil"), so they are not English words; every entity has a canonical name and,
//!   for most, one or two aliases (surname, initial + surname, an acronym for agencies);
//! - a news-style corpus of documents (several sentences per paragraph, a few paragraphs per
//!   document) with mentions of those entities and of built-in countries, honorifics,
//!   abbreviations and filler words.
//!
//! Groups:
//! - `matcher/build/N`: [`Matcher::new`] over a gazetteer with about N aliases;
//! - `matcher/find/N`: [`Matcher::find`] over the corpus (throughput in bytes);
//! - `pipeline/analyze+stats`: [`Pipeline::analyze`] + [`Stats::add_document`] over the corpus
//!   (built-in gazetteers plus the 10k-alias synthetic one).
//!
//! N is 1k and 100k by default; the 1M case is slow to build (seconds per iteration) and runs only
//! with `ENTIGRAPH_BENCH_1M=1`. `ENTIGRAPH_BENCH_CORPUS_MB` changes the corpus size (default 2).
//!
//! ```sh
//! cargo bench --bench pipeline
//! ENTIGRAPH_BENCH_1M=1 cargo bench --bench pipeline -- matcher
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use entigraph::gazetteer::parse_tsv;
use entigraph::{About, Config, Gazetteer, MatchOptions, Matcher, Pipeline, Stats};

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// An index skewed towards 0 (roughly Zipf-like), below `n`.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        (((n as f64 + 1.0).powf(u) - 1.0) as usize).min(n - 1)
    }
}

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "tr",
    "zh", "sh",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ei"];
const CODAS: &[&str] = &["", "", "", "n", "r", "l", "s", "k"];

/// A capitalised made-up word of 2-4 syllables ("Kavorun").
fn made_up_word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(3);
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(rng.pick(ONSETS));
        w.push_str(rng.pick(VOWELS));
    }
    w.push_str(rng.pick(CODAS));
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => w,
    }
}

/// One synthetic entity: (type, canonical name, aliases).
fn synthetic_entity(rng: &mut Rng) -> (&'static str, String, Vec<String>) {
    match rng.below(10) {
        0..=6 => {
            let given = made_up_word(rng);
            let family = made_up_word(rng);
            let mut aliases = vec![format!("surname={family}")];
            if rng.below(2) == 0 {
                aliases.push(format!("{}. {family}", &given[..1]));
            }
            ("person", format!("{given} {family}"), aliases)
        }
        7..=8 => {
            let a = made_up_word(rng);
            let b = made_up_word(rng);
            let head = rng.pick(&["Agency", "Directorate", "Bureau", "Commission"]);
            let name = format!("{a} {b} {head}");
            let acronym: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
            ("agency", name, vec![format!("abbreviation={acronym}X")])
        }
        _ => ("place", made_up_word(rng), vec![]),
    }
}

/// A gazetteer TSV with about `aliases` matchable aliases (canonical names included).
fn synthetic_tsv(aliases: usize, seed: u64) -> (String, Vec<String>) {
    let mut rng = Rng(seed);
    let mut tsv = String::from("id\ttype\tname\taliases\tattributes\n");
    let mut names = Vec::new();
    let mut count = 0;
    let mut i = 0;
    while count < aliases {
        let (kind, name, extra) = synthetic_entity(&mut rng);
        count += 1 + extra.len();
        tsv.push_str(&format!(
            "{kind}:syn-{i}\t{kind}\t{name}\t{}\t\n",
            extra.join("|")
        ));
        names.push(name);
        i += 1;
    }
    (tsv, names)
}

fn synthetic_gazetteer(aliases: usize) -> (Gazetteer, Vec<String>) {
    let (tsv, names) = synthetic_tsv(aliases, 0x5eed_0000 + aliases as u64);
    let mut g = Gazetteer::new();
    g.extend(parse_tsv(&tsv, "<bench>").expect("the generated gazetteer parses"));
    (g, names)
}

const COUNTRIES: &[&str] = &[
    "China",
    "the United States",
    "Russia",
    "France",
    "Germany",
    "Japan",
    "India",
    "Brazil",
    "the U.S.",
    "Britain",
    "Iran",
    "Turkey",
    "Canada",
    "Mexico",
    "Chinese",
    "Russian",
];
const VERBS: &[&str] = &[
    "met",
    "criticised",
    "praised",
    "called",
    "warned",
    "thanked",
    "visited",
    "accused",
    "telephoned",
    "rejected",
];
const FILLER: &[&str] = &[
    "the ministry said on Tuesday that talks would resume",
    "officials declined to comment on the report",
    "the agreement covers trade, energy and security",
    "prices rose 3.4% in the third quarter",
    "a spokesman said the meeting had been constructive",
    "the proposal was delayed until next year",
    "critics said the plan went too far",
];
const HONORIFICS: &[&str] = &["Mr.", "Ms.", "Dr.", "Gen.", "Sen."];

/// One sentence mentioning two or three entities.
fn sentence(rng: &mut Rng, names: &[String]) -> String {
    let mut person = || names[rng.skewed(names.len())].clone();
    let a = person();
    let b = person();
    let c = COUNTRIES[rng.below(COUNTRIES.len())];
    match rng.below(6) {
        0 => format!(
            "{a} {} {b} in {c} on Monday, and {}.",
            VERBS[rng.below(VERBS.len())],
            FILLER[rng.below(FILLER.len())]
        ),
        1 => {
            let last = a.rsplit(' ').next().unwrap_or(&a).to_string();
            format!(
                "{} {last} said {c} was ready, {}.",
                HONORIFICS[rng.below(HONORIFICS.len())],
                FILLER[rng.below(FILLER.len())]
            )
        }
        2 => format!("\"We will not accept this,\" {a} told reporters in {c}."),
        3 => format!(
            "According to {b}, {} and {c}'s envoy {} the plan.",
            FILLER[rng.below(FILLER.len())],
            VERBS[rng.below(VERBS.len())]
        ),
        4 => format!("{}, {a} said.", capitalise(FILLER[rng.below(FILLER.len())])),
        _ => format!(
            "Talks between {c} and {a} ended on Jan. {} without a deal.",
            1 + rng.below(28)
        ),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Documents of 3-8 paragraphs of 2-5 sentences, about `bytes` in total.
fn corpus(names: &[String], bytes: usize) -> Vec<String> {
    let mut rng = Rng(0xc0ff_ee00);
    let mut docs = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut doc = String::new();
        for p in 0..3 + rng.below(6) {
            if p > 0 {
                doc.push_str("\n\n");
            }
            for s in 0..2 + rng.below(4) {
                if s > 0 {
                    doc.push(' ');
                }
                doc.push_str(&sentence(&mut rng, names));
            }
        }
        total += doc.len();
        docs.push(doc);
    }
    docs
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

fn corpus_bytes() -> usize {
    let mb: f64 = std::env::var("ENTIGRAPH_BENCH_CORPUS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2.0);
    (mb * 1_000_000.0) as usize
}

fn sizes() -> Vec<(usize, &'static str)> {
    let mut v = vec![(1_000, "1k"), (100_000, "100k")];
    if env_flag("ENTIGRAPH_BENCH_1M") {
        v.push((1_000_000, "1M"));
    }
    v
}

fn matcher_benches(c: &mut Criterion) {
    let bytes = corpus_bytes();
    let mut group = c.benchmark_group("matcher");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (n, label) in sizes() {
        let (gazetteer, names) = synthetic_gazetteer(n);
        let opts = MatchOptions::default();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(BenchmarkId::new("build", label), |b| {
            b.iter(|| Matcher::new(black_box(&gazetteer), opts).expect("matcher builds"))
        });
        let matcher = Matcher::new(&gazetteer, opts).expect("matcher builds");
        let docs = corpus(&names, bytes);
        let total: usize = docs.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(total as u64));
        group.bench_function(BenchmarkId::new("find", label), |b| {
            b.iter(|| {
                let mut found = 0;
                for d in &docs {
                    found += matcher.find(black_box(d)).1.len();
                }
                found
            })
        });
    }
    group.finish();
}

fn pipeline_benches(c: &mut Criterion) {
    let (synthetic, names) = synthetic_gazetteer(10_000);
    let mut gazetteer = Gazetteer::builtin().expect("built-in gazetteers load");
    gazetteer.merge(synthetic);
    let pipeline = Pipeline::new(gazetteer, Config::default()).expect("pipeline builds");
    let docs = corpus(&names, corpus_bytes());
    let total: usize = docs.iter().map(String::len).sum();
    let ids: Vec<String> = (0..docs.len()).map(|i| format!("doc-{i:06}")).collect();
    let mut group = c.benchmark_group("pipeline");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(total as u64));
    group.bench_function("analyze+stats", |b| {
        b.iter(|| {
            let mut stats: Stats = pipeline.new_stats();
            for (id, d) in ids.iter().zip(&docs) {
                let a = pipeline.analyze(black_box(d));
                stats.add_document(id, &About::default(), d, &a.sentences, &a.resolved.mentions);
            }
            stats
        })
    });
    group.finish();
}

criterion_group!(benches, matcher_benches, pipeline_benches);
criterion_main!(benches);
