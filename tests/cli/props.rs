//! Property tests of the library's invariants on messy and arbitrary text: mention offsets slice
//! the original text, the normaliser's offset map is monotone and in bounds, sentences cover the
//! text in order, parsers never panic, and statistics merge associatively and commutatively.

use std::sync::LazyLock;

use entigraph::text::{NormOptions, normalize, normalize_str};
use entigraph::{Config, Document, Gazetteer, Pipeline, Stats};
use proptest::prelude::*;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::new(
        Gazetteer::builtin().expect("built-ins load"),
        Config::default(),
    )
    .expect("pipeline")
});

/// Pieces that news text is made of, with the awkward cases mixed in.
const PIECES: &[&str] = &[
    "China",
    "Russia's",
    "Xi Jinping",
    "President Xi Jinping",
    "Mr. Xi",
    "Barack Obama",
    "Obama",
    "Recep Tayyip Erdoğan",
    "Erdogan",
    "Erdog\u{306}an",
    "Marine Le Pen",
    "de",
    "van der",
    "Ex-",
    "U.S.",
    "Ｕ.Ｓ.",
    "UN",
    "NATO",
    "Chinese",
    "Washington",
    "Georgia",
    "Côte d’Ivoire",
    "Xi’s",
    "İstanbul",
    "Straße",
    "ﬁnance",
    "Roberto",
    "Duran",
    "Jos&#233;",
    "&amp;",
    "&#x",
    "&",
    "'",
    "said",
    "met",
    "and",
    "the",
    ".",
    ". ",
    "! ",
    "? ",
    "...",
    ",",
    "'s",
    "’",
    "‘",
    "“",
    "”",
    "\"",
    "-",
    "—",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{2003}",
    "\u{2028}",
    "\u{301}",
    "\u{308}",
    "\u{20dd}",
    "\u{200b}",
    "\u{200d}",
    "\u{feff}",
    "\u{ad}",
    "\u{0}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "é",
    "ß",
    "Ø",
    "ı",
    "\u{1F600}",
    "\u{FFFD}",
];

fn news_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "\\PC{0,6}",
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect::<String>()),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![news_text(), any::<String>()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mention_offsets_slice_the_original_text(text in news_text()) {
        let p = &*PIPELINE;
        let (norm, raw) = p.matcher().find(&text);
        for m in &raw {
            prop_assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            // The slice normalises to what the matcher matched.
            let matched = norm.as_str()[m.norm_start..m.norm_end].trim_matches(' ');
            let surface = normalize_str(&text[m.start..m.end], NormOptions::MATCH);
            prop_assert_eq!(surface.as_str(), matched, "raw match {:?} in {:?}", m, text);
        }
        let a = p.analyze(&text);
        for m in a.resolved.mentions.iter().map(|m| (m.start, m.end))
            .chain(a.resolved.unlinked.iter().map(|u| (u.start, u.end)))
        {
            let (s, e) = m;
            prop_assert!(s < e && e <= text.len(), "{s}..{e} in {text:?}");
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            let surface = &text[s..e];
            prop_assert!(surface.chars().next().is_some_and(|c| !c.is_whitespace()),
                "mention {surface:?} starts with white space");
            prop_assert!(surface.chars().last().is_some_and(|c| !c.is_whitespace()),
                "mention {surface:?} ends with white space");
        }
    }

    #[test]
    fn offset_map_is_monotone_and_in_bounds(text in any_text(), fold_case: bool, fold_diacritics: bool) {
        let n = normalize(&text, NormOptions { fold_case, fold_diacritics });
        let len = n.as_str().len();
        let (mut prev_start, mut prev_end) = (0, 0);
        for k in 0..=len {
            let (s, e) = (n.orig_start(k), n.orig_end(k));
            prop_assert!(s <= text.len() && e <= text.len(), "k={k}: {s}, {e} in {text:?}");
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "k={k}");
            prop_assert!(s >= prev_start, "orig_start goes back at {k} in {text:?}");
            prop_assert!(e >= prev_end, "orig_end goes back at {k} in {text:?}");
            if k < len {
                // Normalised byte k comes from a non-empty span of the original.
                prop_assert!(s < n.orig_end(k + 1), "k={k} in {text:?}");
            }
            (prev_start, prev_end) = (s, e);
        }
        prop_assert_eq!(n.orig_start(len), text.len());
    }

    #[test]
    fn sentences_cover_the_text_in_order(text in any_text()) {
        let ss = PIPELINE.sentences(&text);
        let mut pos = 0;
        let mut para = 0;
        for s in &ss {
            prop_assert!(s.start >= pos && s.start < s.end && s.end <= text.len(), "{s:?}");
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert!(text[pos..s.start].chars().all(char::is_whitespace),
                "text between sentences dropped: {:?}", &text[pos..s.start]);
            prop_assert!(s.paragraph >= para);
            para = s.paragraph;
            pos = s.end;
        }
        prop_assert!(text[pos..].chars().all(char::is_whitespace),
            "text after the last sentence dropped: {:?}", &text[pos..]);
    }

    #[test]
    fn analysis_never_panics(text in any_text()) {
        let a = PIPELINE.analyze(&text);
        for m in &a.resolved.mentions {
            prop_assert!(m.sentence < a.sentences.len().max(1));
        }
    }

    #[test]
    fn gazetteer_parser_never_panics(text in any_text(), tsv in tsv_like()) {
        for t in [&text, &tsv] {
            if let Ok(entities) = entigraph::gazetteer::parse_tsv(t, "p.tsv") {
                for e in entities {
                    prop_assert!(!e.id.is_empty() && !e.name.is_empty());
                }
            }
        }
    }

    #[test]
    fn graph_reader_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200), json in graph_like()) {
        let _ = entigraph::export::json::read(&bytes[..], "g.json");
        let _ = entigraph::export::json::read(json.as_bytes(), "g.json");
    }

    #[test]
    fn stats_merge_is_associative_and_commutative(
        parts in proptest::collection::vec(
            proptest::collection::vec((0u8..4, news_text()), 0..4), 3..=3),
        k in 0usize..3,
        // Small limits make crowded windows (0: no limit), whose count must merge too.
        limit in 0usize..4,
    ) {
        let p = &*PIPELINE;
        let stats: Vec<Stats> = parts.iter().map(|docs| {
            let mut s = Stats::new(entigraph::WindowKind::Sentence, k, limit);
            for (id, text) in docs {
                let doc = news_doc(*id, text);
                s.merge({
                    let mut one = Stats::new(entigraph::WindowKind::Sentence, k, limit);
                    p.add_to(&doc, &mut one);
                    one
                });
            }
            s
        }).collect();
        let merged = |a: &Stats, b: &Stats| { let mut x = a.clone(); x.merge(b.clone()); x };
        let (a, b, c) = (&stats[0], &stats[1], &stats[2]);
        prop_assert_eq!(merged(a, b), merged(b, a));
        prop_assert_eq!(merged(&merged(a, b), c), merged(a, &merged(b, c)));
        // Documents added one after another to one set (as a worker does) give the same as
        // merging them, in either order (ids repeat: two inputs may share one).
        let docs: Vec<Document> =
            parts.iter().flatten().map(|(id, text)| news_doc(*id, text)).collect();
        let added = |order: &mut dyn Iterator<Item = &Document>| {
            let mut s = Stats::new(entigraph::WindowKind::Sentence, k, limit);
            for d in order { p.add_to(d, &mut s); }
            s
        };
        let all = merged(&merged(a, b), c);
        prop_assert_eq!(&added(&mut docs.iter()), &all);
        prop_assert_eq!(&added(&mut docs.iter().rev()), &all);
    }
}

/// A dated document; some have a title or an address, which can differ between two documents of one id (two
/// inputs sharing an id), so evidence must be chosen by more than the id.
fn news_doc(id: u8, text: &str) -> Document {
    Document {
        id: format!("d{id}"),
        text: text.to_string(),
        date: Some(format!("2020-01-0{id}")),
        title: id
            .is_multiple_of(2)
            .then(|| format!("Title {}", text.len() % 3)),
        url: (id == 1).then(|| format!("https://n.example/{}", text.len() % 2)),
    }
}

/// Strings that look like gazetteer TSV rows, with the separators the parser splits on.
fn tsv_like() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        Just(String::new()),
        "[a-z:]{1,6}",
        "[A-Za-z ]{1,8}",
        proptest::sample::select(
            &[
                "person",
                "country",
                "Person",
                "=",
                "|",
                "name=",
                "x=y",
                "abbreviation=U.S.",
                "nick=Al",
                " = ",
                "\u{FEFF}",
                "#",
                "id",
                "\r",
                "\u{301}"
            ][..]
        )
        .prop_map(str::to_string),
        "\\PC{0,4}",
    ];
    let row = proptest::collection::vec(cell, 0..7).prop_map(|cells| cells.join("\t"));
    proptest::collection::vec(row, 0..5).prop_map(|rows| rows.join("\n"))
}

/// JSON documents shaped like graph.json with odd values in the fields.
fn graph_like() -> impl Strategy<Value = String> {
    let num = prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1e400".to_string()),
        Just("18446744073709551616".to_string()),
        Just("null".to_string()),
        Just("\"x\"".to_string()),
        any::<u32>().prop_map(|n| n.to_string()),
    ];
    (num.clone(), num.clone(), num, "\\PC{0,5}").prop_map(|(a, b, c, s)| {
        let s = serde_json::to_string(&s).unwrap();
        format!(
            r#"{{"format":"entigraph","version":1,"manifest":{{"tool":{s},"options":{{"window":"sentence","evidence":{a},"demonyms":true,"capitals":false,"fold_diacritics":true,"discover":true}},"gazetteer":{{"hash":"0","entities":{b},"builtin":true,"files":[]}},"inputs":[],"documents":{a},"windows":{b},"mentions":{c},"skipped":0}},"nodes":[{{"id":{s},"label":"A","type":"person","source":"gazetteer","mentions":{a},"documents":1,"windows":{c},"aliases":[]}},{{"id":"b","label":"B","type":"x","source":"discovered","mentions":1,"documents":1,"windows":{b}}}],"edges":[{{"source":{s},"target":"b","count":{c},"documents":{a},"evidence":[{{"doc":{s},"start":{b},"end":{a},"snippet":{s}}}]}},{{"source":"b","target":"b","count":1,"documents":1,"evidence":[]}}]}}"#
        )
    })
}
