//! Signatures of files that are not news: entigraph's own output (a graph, a partial graph, an
//! export, a rendered picture) and pictures, told by how they begin, so that a directory read
//! again, or a photo beside an article, is left out rather than read as documents.

/// Bytes enough to tell entigraph's output ([`is_entigraph_output`]).
pub(super) const OWN_OUTPUT_HEAD: usize = 1024;

/// Whether a file starting with `head` is something entigraph wrote, so not news: a graph.json
/// (also re-saved on one line, by `jq -c` or Python), graph.dot or partial graph (`partial`: a
/// file named `.part`, which is gzip; or any gzip file whose text starts as a partial's) left by
/// `build` or `map`, a file written by `export` (node-link JSON with either key for links,
/// Cytoscape JSON, GEXF, GraphML, DOT, the CSV and Neo4j files) or a picture written by `render`
/// (SVG and HTML; PNG is a picture, [`is_picture`]). Each is told by how entigraph begins it, so
/// another tool's GEXF or CSV is still read.
pub(super) fn is_entigraph_output(head: &[u8], partial: bool) -> bool {
    const PREFIXES: &[&[u8]] = &[
        b"{\n  \"format\": \"entigraph\",",
        b"graph \"entigraph\" {",
        b"{\"format\":\"entigraph\",",
        b"{\"format\": \"entigraph\",",
        b"{\"format\":\"entigraph-partial\",",
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
    PREFIXES.iter().any(|p| head.starts_with(p))
        || HEADERS.iter().any(|h| starts_with_row(head, h))
        || head.starts_with(neo4j::CYPHER_HEAD.as_bytes())
        || (head.starts_with(b"<") && MARKERS.iter().any(|m| has(m)))
        || partial && head.starts_with(&[0x1f, 0x8b])
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
}
