//! Signatures of files that are not news: entigraph's own output (a graph, a partial graph, an
//! export, a rendered picture, the mentions `extract` prints) and pictures, told by how they
//! begin, so that a directory read again, or a photo beside an article, is left out rather than
//! read as documents.

/// Bytes enough to tell entigraph's output ([`is_entigraph_output`], [`is_extract_output`]):
/// the first line of `extract`'s output holds a document id, which may be a long path or URL.
pub(super) const OWN_OUTPUT_HEAD: usize = 4096;

/// Whether a file starting with `head` is something entigraph wrote, so not news: a graph.json
/// (also re-saved on one line, by `jq -c` or Python), graph.dot or partial graph (`partial`: a
/// file named `.part`, which is gzip; or any gzip file whose text starts as a partial's) left by
/// `build` or `map`, a file written by `export` (node-link JSON with either key for links,
/// Cytoscape JSON, GEXF, GraphML, DOT, the CSV and Neo4j files) or a picture written by `render`
/// (SVG and HTML; PNG is a picture, [`is_picture`]). Each is told by how entigraph begins it, so
/// another tool's GEXF or CSV is still read.
pub(super) fn is_entigraph_output(head: &[u8], partial: bool) -> bool {
    // (A graph.json or partial, in any spacing: [`is_graph`].)
    const PREFIXES: &[&[u8]] = &[
        b"graph \"entigraph\" {",
        b"{\n  \"directed\": false,\n  \"edges\": [",
        b"{\n  \"directed\": false,\n  \"graph\": {\n    \"documents\": ",
        b"{\n  \"elements\": {\n",
    ];
    // The CSV and Neo4j files, by the header rows their exporters write.
    use crate::export::{csv, neo4j};
    const HEADERS: [&[&str]; 4] = [
        &csv::NODE_COLUMNS,
        &csv::EDGE_COLUMNS,
        &neo4j::NODE_HEADER,
        &neo4j::RELATIONSHIP_HEADER,
    ];
    // Within the head: GEXF's creator, the comment entigraph's GraphML opens with, the page's
    // generator, and the title Graphviz gives an SVG of the graph named "entigraph".
    const MARKERS: &[&[u8]] = &[
        b"<creator>entigraph ",
        b"<!-- written by entigraph ",
        b"<meta name=\"generator\" content=\"entigraph",
        b"<!-- Title: entigraph Pages:",
    ];
    let has = |m: &[u8]| head.windows(m.len()).any(|w| w == m);
    is_graph(head)
        || PREFIXES.iter().any(|p| head.starts_with(p))
        || HEADERS.iter().any(|h| starts_with_row(head, h))
        || head.starts_with(neo4j::CYPHER_HEAD.as_bytes())
        || (head.starts_with(b"<") && MARKERS.iter().any(|m| has(m)))
        || partial && head.starts_with(&[0x1f, 0x8b])
}

/// Whether a file starting with `head` (decompressed) is a graph entigraph reads back: a
/// graph.json (as written, or re-saved on one line) or a partial graph.
/// Any spacing is read, as the graph reader reads it (`json.dump(indent=4)`, CRLF line ends).
pub(super) fn is_graph(head: &[u8]) -> bool {
    fn token<'a>(rest: &'a [u8], t: &[u8]) -> Option<&'a [u8]> {
        rest.trim_ascii_start().strip_prefix(t)
    }
    token(head, b"{")
        .and_then(|r| token(r, b"\"format\""))
        .and_then(|r| token(r, b":"))
        .and_then(|r| token(r, b"\"entigraph"))
        .and_then(|r| r.first())
        .is_some_and(|&b| b == b'"' || b == b'-')
}

/// The type of a field's value, as the shapes of `extract`'s lines give it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Value {
    /// A string.
    Str,
    /// A whole number, not negative.
    Count,
    /// A list of strings.
    Strs,
    /// Anything else.
    Other,
}

/// The fields of a line of `extract`'s output that gives a mention, in the order it writes them
/// (`src/cli/extract.rs`, `MentionOut`), and those that follow where they apply.
const MENTION: [(&str, Value); 9] = [
    ("doc", Value::Str),
    ("id", Value::Str),
    ("type", Value::Str),
    ("name", Value::Str),
    ("surface", Value::Str),
    ("start", Value::Count),
    ("end", Value::Count),
    ("sentence", Value::Count),
    ("form", Value::Str),
];
const MENTION_MAY_END: [(&str, Value); 3] = [
    ("role", Value::Str),
    ("resolved_by", Value::Str),
    ("source", Value::Str),
];

/// The fields of a line of `extract --ambiguous` that gives a match left unlinked (`UnlinkedOut`).
const UNLINKED: [(&str, Value); 7] = [
    ("doc", Value::Str),
    ("surface", Value::Str),
    ("start", Value::Count),
    ("end", Value::Count),
    ("sentence", Value::Count),
    ("unlinked", Value::Str),
    ("candidates", Value::Strs),
];

/// Whether a file starting with `head` is the output of `entigraph extract` (JSON lines of
/// mentions): its first line holds exactly the fields of a mention, or of a match left unlinked,
/// in the order and of the types `extract` writes them, with no others. A user's own JSON lines
/// with a `doc` field are news: they have a text field besides, or other fields, or another
/// order. A first line longer than `head` (a document id of thousands of bytes) is told by the
/// fields it holds within `head`, three at least, all as `extract` writes them.
pub(super) fn is_extract_output(head: &[u8]) -> bool {
    // (Where the head ends without a line end before the file does, the line goes on.)
    let (line, whole) = match head.iter().position(|&b| b == b'\n') {
        Some(n) => (&head[..n], true),
        None => (head, head.len() < OWN_OUTPUT_HEAD),
    };
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if !line.starts_with(b"{\"doc\":") {
        return false;
    }
    let mut seen = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(line);
    let parsed = serde::de::DeserializeSeed::deserialize(Fields(&mut seen), &mut de)
        .and_then(|()| de.end())
        .is_ok();
    if whole && !parsed {
        return false;
    }
    [
        (&MENTION[..], &MENTION_MAY_END[..]),
        (&UNLINKED[..], &[][..]),
    ]
    .into_iter()
    .any(|(required, optional)| {
        let mut want =
            (required.iter().map(|f| (f, true))).chain(optional.iter().map(|f| (f, false)));
        let mut required_seen = 0;
        for (key, value) in &seen {
            // Fields that apply to some mentions only may be left out.
            let Some((&(_, wanted), required)) = want
                .find(|&((k, _), required)| k == key || required)
                .filter(|((k, _), _)| k == key)
            else {
                return false;
            };
            // (A value the head cuts is none.)
            if value.is_some_and(|v| v != wanted) {
                return false;
            }
            required_seen += usize::from(required);
        }
        if parsed {
            required_seen == required.len()
        } else {
            seen.len() >= 3
        }
    })
}

/// Collects the names of a JSON object's fields, in order, with the types of their values
/// (none for a value cut short): an error still leaves those read before it.
struct Fields<'a>(&'a mut Vec<(String, Option<Value>)>);

impl<'de> serde::de::DeserializeSeed<'de> for Fields<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Fields<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            self.0.push((key, None));
            let value = match map.next_value::<serde_json::Value>()? {
                serde_json::Value::String(_) => Value::Str,
                serde_json::Value::Number(n) if n.is_u64() => Value::Count,
                serde_json::Value::Array(a) if a.iter().all(|v| v.is_string()) => Value::Strs,
                _ => Value::Other,
            };
            if let Some(last) = self.0.last_mut() {
                last.1 = Some(value);
            }
        }
        Ok(())
    }
}

/// Whether `head` begins with a CSV row whose first cells are `cells` (unquoted), the row
/// going on or ending after them.
fn starts_with_row(head: &[u8], cells: &[&str]) -> bool {
    let row = cells.join(",");
    head.strip_prefix(row.as_bytes())
        .is_some_and(|rest| matches!(rest.first(), None | Some(b',' | b'\r' | b'\n')))
}

/// Whether a file starting with `head` is a picture: PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC or
/// AVIF by its signature, or SVG (an XML document whose first element is `svg`).
pub(super) fn is_picture(head: &[u8]) -> bool {
    const BRANDS: [&[u8]; 5] = [b"heic", b"heix", b"mif1", b"msf1", b"avif"];
    let iso_brand =
        head.get(4..8) == Some(b"ftyp") && head.get(8..12).is_some_and(|b| BRANDS.contains(&b));
    head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(&[0xff, 0xd8, 0xff])
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP")
        || head.starts_with(b"BM") && head.get(6..10) == Some(&[0, 0, 0, 0])
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || iso_brand
        || is_svg(head)
}

/// Whether `head` begins an SVG document: markup (a declaration, comments, a doctype) up to a
/// first element named `svg`.
fn is_svg(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            let Some(end) = r.find("?>") else {
                return false;
            };
            rest = r[end + 2..].trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            let Some(end) = r.find("-->") else {
                return false;
            };
            rest = r[end + 3..].trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            let Some(end) = r.find('>') else { return false };
            rest = r[end + 1..].trim_start();
        } else {
            return rest.starts_with("<svg")
                && rest[4..].starts_with(|c: char| c.is_whitespace() || c == '>');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphs_are_told_whatever_their_spacing() {
        for head in [
            &b"{\n  \"format\": \"entigraph\",\n"[..],
            b"{\"format\":\"entigraph\",",
            b"{\r\n    \"format\" : \"entigraph\",",
            b"{\"format\":\"entigraph-partial\",",
        ] {
            assert!(is_graph(head), "{}", String::from_utf8_lossy(head));
        }
        for head in [
            &b"{\"format\":\"entigraphs\""[..],
            b"[{\"format\":\"entigraph\"",
            b"{}",
        ] {
            assert!(!is_graph(head), "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn pictures_are_told_by_their_signatures() {
        let pictures: [&[u8]; 9] = [
            b"\x89PNG\r\n\x1a\n\0\0",
            b"\xff\xd8\xff\xe0\0\x10JFIF",
            b"GIF89a\x01\0",
            b"RIFF\x10\0\0\0WEBPVP8 ",
            b"BM\x36\x10\0\0\0\0\0\0\x36\0",
            b"II*\0\x08\0\0\0",
            b"\0\0\0\x18ftypheic\0\0",
            b"<?xml version=\"1.0\"?>\n<!-- a chart -->\n<!DOCTYPE svg>\n<svg width=\"10\">",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\">",
        ];
        for p in pictures {
            assert!(is_picture(p), "{:?}", String::from_utf8_lossy(p));
        }
        let news: [&[u8]; 5] = [
            b"BMW said on Monday that sales rose.",
            b"MM. Macron et Scholz ont parle.",
            b"<p>The <svg> tag was discussed.</p>",
            b"<?xml version=\"1.0\"?><article>Text</article>",
            b"IIRC the vote was close.",
        ];
        for n in news {
            assert!(!is_picture(n), "{:?}", String::from_utf8_lossy(n));
        }
    }

    /// The detector and the exporters share the header constants; this checks that every file
    /// the CSV and Neo4j exports write is told, with and without attribute columns.
    #[test]
    fn every_csv_and_neo4j_export_is_told_as_entigraph_output() {
        use crate::export::{csv, neo4j};
        type Writer = fn(&crate::graph::EntityGraph, &mut Vec<u8>) -> std::io::Result<()>;
        let writers: [(&str, Writer); 5] = [
            ("nodes.csv", |g, w| csv::write_nodes(g, w)),
            ("edges.csv", |g, w| csv::write_edges(g, w)),
            ("neo4j nodes.csv", |g, w| neo4j::write_nodes(g, w)),
            ("relationships.csv", |g, w| neo4j::write_relationships(g, w)),
            ("load.cypher", |g, w| neo4j::write_cypher(g, w)),
        ];
        let plain = crate::filter::tests::sample();
        let mut with_attributes = plain.clone();
        for n in with_attributes.graph.node_weights_mut() {
            n.attributes.insert("wikidata".into(), "Q1".into());
        }
        let mut empty = plain.clone();
        empty.graph.clear();
        for (g, which) in [
            (&plain, "plain"),
            (&with_attributes, "attributes"),
            (&empty, "empty"),
        ] {
            for (what, write) in writers {
                let mut out = Vec::new();
                write(g, &mut out).unwrap();
                let head = &out[..out.len().min(OWN_OUTPUT_HEAD)];
                assert!(
                    is_entigraph_output(head, false),
                    "{what} ({which}): {}",
                    String::from_utf8_lossy(head)
                );
            }
        }
        // Another tool's CSV with a column more in the middle is news.
        assert!(!is_entigraph_output(
            b"id,label,type,sources,mentions\n",
            false
        ));
    }

    /// Regression: `entigraph extract news > news/mentions.jsonl`, then `build news`, skipped
    /// every line of the mentions for want of a "text" field (exit 3); named otherwise, its
    /// names would have been counted again. Rows: a head, whether it is `extract`'s output.
    #[test]
    fn extract_output_is_told_by_its_first_line_and_a_user_s_jsonl_is_not() {
        let mention = r#"{"doc":"news/a.txt","id":"country:no","type":"country","name":"Norway","surface":"Norwegian","start":208,"end":217,"sentence":1,"form":"demonym"}"#;
        let person = r#"{"doc":"a","id":"discovered:a-b","type":"person","name":"A B","surface":"B","start":9,"end":10,"sentence":1,"form":"surname","resolved_by":"earlier-mention","source":"discovered"}"#;
        let titled = r#"{"doc":"a","id":"person:x","type":"person","name":"X","surface":"X","start":9,"end":10,"sentence":1,"form":"name","role":"President"}"#;
        let unlinked = r#"{"doc":"a","surface":"Smith","start":47,"end":52,"sentence":2,"unlinked":"partial-name","candidates":["person:s1","person:s2"]}"#;
        let long_doc = "d".repeat(OWN_OUTPUT_HEAD - 100);
        let long_mention = mention.replace("news/a.txt", &long_doc);
        let cut = |line: &str| line.as_bytes()[..OWN_OUTPUT_HEAD].to_vec();
        let rows: Vec<(&str, Vec<u8>, bool)> = vec![
            (
                "a mention",
                format!("{mention}\n{person}\n").into_bytes(),
                true,
            ),
            ("a mention, the file's only line", mention.into(), true),
            (
                "a mention, CRLF",
                format!("{mention}\r\n").into_bytes(),
                true,
            ),
            (
                "a discovered person",
                format!("{person}\n").into_bytes(),
                true,
            ),
            ("a role", format!("{titled}\n").into_bytes(), true),
            (
                "unlinked",
                format!("{unlinked}\n{mention}\n").into_bytes(),
                true,
            ),
            (
                "a document id the head cuts after it",
                cut(&format!("{long_mention}\n")),
                true,
            ),
            (
                "a user's JSONL with a doc field",
                b"{\"doc\":\"a\",\"text\":\"Norway and Russia met.\"}\n".to_vec(),
                false,
            ),
            (
                "a mention with text besides",
                format!("{},\"text\":\"Norway\"}}\n", &mention[..mention.len() - 1]).into_bytes(),
                false,
            ),
            (
                "fields in another order",
                mention
                    .replace(
                        r#""type":"country","name":"Norway""#,
                        r#""name":"Norway","type":"country""#,
                    )
                    .into_bytes(),
                false,
            ),
            (
                "an offset as a string",
                mention
                    .replace(r#""start":208"#, r#""start":"208""#)
                    .into_bytes(),
                false,
            ),
            (
                "a mention cut short, whole file",
                mention[..60].into(),
                false,
            ),
            (
                "a user's line the head cuts",
                cut(&format!(
                    "{{\"doc\":\"{long_doc}\",\"text\":\"{long_doc}\"}}\n"
                )),
                false,
            ),
            // (A document id past the head leaves too little to tell.)
            (
                "a document id longer than the head",
                cut(&mention.replace("news/a.txt", &"d".repeat(OWN_OUTPUT_HEAD))),
                false,
            ),
            ("nothing", Vec::new(), false),
        ];
        for (what, head, want) in rows {
            let head = &head[..head.len().min(OWN_OUTPUT_HEAD)];
            assert_eq!(is_extract_output(head), want, "{what}");
            assert!(!is_entigraph_output(head, false), "{what}");
        }
    }
}
