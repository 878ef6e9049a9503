//! The partial graph reader: never panics, and what it reads writes back stably (after one
//! write, which may normalise a label, reading and writing change nothing). Inputs are
//! splices into a valid partial (with text hashes), so that the fuzzer reaches the records
//! rather than stopping at the header: the first two bytes say where, the rest replaces as
//! many bytes there. The result is compressed, as partials are.
#![no_main]

use std::io::{Read, Write};
use std::sync::LazyLock;

use entigraph::export::json::GazetteerInfo;
use entigraph::partial::{Header, Partial};
use entigraph::{Builder, Config, Document, Gazetteer, Pipeline};
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use libfuzzer_sys::fuzz_target;

/// A small partial built with --dedupe, as JSON lines.
static VALID: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let config = Config {
        dedupe: true,
        ..Config::default()
    };
    let p = Pipeline::new(Gazetteer::builtin().expect("built-ins"), config).expect("pipeline");
    let mut b = Builder::new(&p, 1).expect("builder");
    for (i, text) in [
        "Angela Merkel met Vladimir Putin in Moscow. Germany and Russia disagreed.",
        "The WHO and the United Nations met Chinese officials. China thanked the WHO.",
        "Angela Merkel met Vladimir Putin in Moscow. Germany and Russia disagreed.",
    ]
    .into_iter()
    .enumerate()
    {
        b.push(Document {
            id: format!("d{i}"),
            text: text.into(),
            date: Some(format!("2020-01-0{}", i + 1)),
            ..Default::default()
        });
    }
    let header = Header {
        tool: "entigraph fuzz".into(),
        options: p.config().build_options(),
        gazetteer: GazetteerInfo {
            hash: p.gazetteer().hash_hex(),
            entities: p.gazetteer().len(),
            builtin: true,
            files: Vec::new(),
        },
        inputs: Vec::new(),
        skipped: 0,
    };
    let part = Partial::new(header, b.finish(), p.gazetteer());
    let mut gz = Vec::new();
    part.write(&mut gz).expect("write to memory");
    let mut text = Vec::new();
    MultiGzDecoder::new(&gz[..])
        .read_to_end(&mut text)
        .expect("decompress");
    text
});

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(bytes).expect("compress to memory");
    gz.finish().expect("compress to memory")
}

fuzz_target!(|data: &[u8]| {
    let valid = &*VALID;
    let bytes = match data {
        [a, b, rest @ ..] => {
            let at = usize::from(u16::from_le_bytes([*a, *b])) % (valid.len() + 1);
            let end = (at + rest.len()).min(valid.len());
            [&valid[..at], rest, &valid[end..]].concat()
        }
        _ => valid.clone(),
    };
    let Ok(part) = Partial::read(&gzip(&bytes)[..], "fuzz.part") else {
        return;
    };
    // (Writing may normalise what was read: a discovered person's label is written as the
    // graph shows it. From then on nothing changes.)
    let mut once = Vec::new();
    part.write(&mut once).expect("write to memory");
    let again = Partial::read(&once[..], "once.part").expect("a written partial reads back");
    let mut twice = Vec::new();
    again.write(&mut twice).expect("write to memory");
    assert!(once == twice, "a partial does not write the same bytes twice");
    let third = Partial::read(&twice[..], "twice.part").expect("a written partial reads back");
    assert!(third == again, "a written partial does not read back as it was written");
    let _ = part.graph_file();
});
