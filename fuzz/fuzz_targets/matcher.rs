//! Matcher, resolver and segmenter on the built-in gazetteer: mentions slice the text,
//! sentences cover it in order.
#![no_main]

use std::sync::LazyLock;

use entigraph::text::{NormOptions, normalize_str};
use entigraph::{Config, Gazetteer, Pipeline};
use libfuzzer_sys::fuzz_target;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    Pipeline::new(Gazetteer::builtin().expect("built-ins"), Config::default()).expect("pipeline")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let p = &*PIPELINE;
    let (norm, raw) = p.matcher().find(&text);
    for m in &raw {
        let surface = normalize_str(&text[m.start..m.end], NormOptions::MATCH);
        assert_eq!(surface, norm.as_str()[m.norm_start..m.norm_end].trim_matches(' '));
    }
    let a = p.analyze(&text);
    let mut pos = 0;
    for s in &a.sentences {
        assert!(s.start >= pos && s.start < s.end && s.end <= text.len());
        assert!(text[pos..s.start].chars().all(char::is_whitespace));
        pos = s.end;
    }
    assert!(text[pos..].chars().all(char::is_whitespace));
    for m in &a.resolved.mentions {
        assert!(m.start < m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert!(m.sentence < a.sentences.len());
    }
    let mut stats = p.new_stats();
    let doc = entigraph::Document {
        id: "fuzz".into(),
        text: text.into_owned(),
        ..Default::default()
    };
    p.add_to(&doc, &mut stats);
});
