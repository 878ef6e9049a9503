//! The graph.json reader: never panics, and what it reads writes back stably.
#![no_main]

use entigraph::export::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = json::read(data, "fuzz.json") else {
        return;
    };
    let mut once = Vec::new();
    json::write(&file, &mut once).expect("write to memory");
    let again = json::read(&once[..], "once.json").expect("a written graph reads back");
    let mut twice = Vec::new();
    json::write(&again, &mut twice).expect("write to memory");
    assert!(once == twice, "graph.json does not round-trip");
    let mut dot = Vec::new();
    entigraph::export::dot::write(&again.graph, &mut dot).expect("dot to memory");
});
