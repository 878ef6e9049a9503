//! The TSV gazetteer parser: never panics; what it accepts is well-formed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(entities) = entigraph::gazetteer::parse_tsv(&text, "fuzz.tsv") {
        for e in &entities {
            assert!(!e.id.is_empty() && !e.name.is_empty());
            assert!(!e.aliases.is_empty());
        }
        // Accepted entities build a matcher.
        let mut g = entigraph::Gazetteer::new();
        g.extend(entities);
        let _ = entigraph::Matcher::new(&g, entigraph::MatchOptions::default());
    }
});
