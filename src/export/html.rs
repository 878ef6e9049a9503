//! A self-contained HTML page to explore a graph in a browser.
//!
//! The page is one file that works offline: the graph drawn by Graphviz as inline SVG, the
//! graph's data as a JSON block, and a small script and style sheet of our own (from
//! `src/export/assets/`), with no external resource and a Content-Security-Policy that forbids
//! loading any. The script highlights a node's neighbours on hover, finds nodes by name or alias,
//! shows a clicked node's links with their evidence, zooms (wheel) and pans (drag), focuses the
//! node named in the address (`page.html#focus=country:cn`), and says how many windows added no
//! links for naming too many entities.
//!
//! The SVG must come from [`dot::write_with`](super::dot::write_with) with
//! [`element_ids`](super::dot::DotOptions::element_ids) set, so node `i` is the element `eg-n{i}`.
//!
//! Names and snippets are untrusted text, so everything taken from the graph is escaped: the
//! title with HTML entities, and the JSON block with `<`, `>`, `&`, U+2028 and U+2029 written as
//! `\uXXXX` escapes, so no string in it can close the `<script type="application/json">`
//! element. The script puts data on the page only through `textContent`, never as markup, and
//! makes a link (`href`) only of a document address that starts with `http://` or `https://`.
//!
//! The data block (`<script id="eg-data" type="application/json">`):
//!
//! ```json
//! {
//!   "title": "arctic-talks.txt",
//!   "documents": 1, "windows": 21, "crowded_windows": 0, "window": "sentence",
//!   "max_window_entities": 10, "filtered": "top 2 links",
//!   "nodes": [{"id": "country:cn", "label": "China", "type": "country", "source": "gazetteer",
//!              "mentions": 12, "documents": 1, "aliases": ["China"], "el": "eg-n0"}],
//!   "edges": [{"source": 0, "target": 3, "count": 5, "documents": 1, "el": "eg-e0",
//!              "evidence": [{"doc": "a1", "date": "2015-09-17", "title": "…", "url": "https://…",
//!                            "start": 0, "end": 120, "snippet": "…"}]}]
//! }
//! ```
//!
//! `source` and `target` are indexes into `nodes`; `el` is the element id in the SVG.
//! `crowded_windows` counts the windows that named more distinct entities than
//! `max_window_entities` (0: no limit) and so added no links, as in graph.json's manifest; when
//! there are any, a line in the page's header says so next to the graph's totals. `filtered`
//! (left out for a whole graph) gives the filters that cut the graph, in words, in the order
//! applied (`"top 2 links; then type person"`), and the header shows it (`filtered: ...`).

use std::io::Write;

use serde::Serialize;

use super::dot::{edge_element_id, node_element_id};
use super::json::GraphFile;
use crate::cooccur::Evidence;
use crate::graph::NodeSource;

const TEMPLATE: &str = include_str!("assets/explorer.html");
const STYLE: &str = include_str!("assets/explorer.css");
const SCRIPT: &str = include_str!("assets/explorer.js");

#[derive(Serialize)]
struct Data<'a> {
    title: &'a str,
    documents: u64,
    windows: u64,
    crowded_windows: u64,
    window: &'a str,
    max_window_entities: usize,
    /// The filters that cut the graph, in words; left out for a whole graph.
    #[serde(skip_serializing_if = "String::is_empty")]
    filtered: String,
    nodes: Vec<NodeData<'a>>,
    edges: Vec<EdgeData<'a>>,
}

#[derive(Serialize)]
struct NodeData<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    source: NodeSource,
    mentions: u64,
    documents: u64,
    aliases: &'a [String],
    el: String,
}

#[derive(Serialize)]
struct EdgeData<'a> {
    source: usize,
    target: usize,
    count: u64,
    documents: u64,
    el: String,
    evidence: &'a [Evidence],
}

/// The `<svg>` element of a Graphviz SVG document, without the XML declaration, doctype and
/// comments before it; `None` if there is no `<svg` element.
pub fn svg_element(svg: &str) -> Option<&str> {
    let start = svg.find("<svg")?;
    let end = svg.rfind("</svg>")? + "</svg>".len();
    (end > start).then(|| &svg[start..end])
}

/// Writes the page: `svg` is Graphviz's SVG output for the graph (see the module docs), `title`
/// the page title.
pub fn write(file: &GraphFile, svg: &str, title: &str, mut w: impl Write) -> std::io::Result<()> {
    let svg = svg_element(svg).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the drawing has no <svg> element",
        )
    })?;
    let data = json_block(file, title)?;
    let title = escape_html(title);
    let mut rest = TEMPLATE;
    // One pass over the template: text substituted in is never scanned for placeholders.
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open..].find("}}") else {
            break;
        };
        w.write_all(&rest.as_bytes()[..open])?;
        let value = match &rest[open + 2..open + len] {
            "title" => title.as_str(),
            "style" => STYLE,
            "svg" => svg,
            "data" => data.as_str(),
            "script" => SCRIPT,
            other => {
                return Err(std::io::Error::other(format!(
                    "unknown placeholder {other:?} in the page template"
                )));
            }
        };
        w.write_all(value.as_bytes())?;
        rest = &rest[open + len + 2..];
    }
    w.write_all(rest.as_bytes())
}

fn json_block(file: &GraphFile, title: &str) -> std::io::Result<String> {
    let g = &file.graph;
    let data = Data {
        title,
        documents: file.manifest.documents,
        windows: file.manifest.windows,
        crowded_windows: file.manifest.crowded_windows,
        window: file.manifest.options.window.as_str(),
        max_window_entities: file.manifest.options.max_window_entities,
        filtered: crate::filter::describe(&g.filtered),
        nodes: g
            .nodes()
            .enumerate()
            .map(|(i, n)| NodeData {
                id: &n.id,
                label: &n.label,
                kind: &n.kind,
                source: n.source,
                mentions: n.mentions,
                documents: n.documents,
                aliases: &n.aliases,
                el: node_element_id(i),
            })
            .collect(),
        edges: g
            .graph
            .edge_indices()
            .enumerate()
            .filter_map(|(j, e)| {
                let (a, b) = g.graph.edge_endpoints(e)?;
                let edge = &g.graph[e];
                Some(EdgeData {
                    source: a.index(),
                    target: b.index(),
                    count: edge.count,
                    documents: edge.documents,
                    el: edge_element_id(j),
                    evidence: &edge.evidence,
                })
            })
            .collect(),
    };
    let json = serde_json::to_string(&data)?;
    Ok(escape_json_for_script(&json))
}

/// Makes JSON safe inside a `<script>` element. `<`, `>` and `&` only occur inside JSON strings,
/// where their `\u` escapes mean the same; U+2028/2029 are escaped for old JavaScript parsers.
fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_cannot_close_the_script_element() {
        let cases = [
            (r#"{"a":"</script><script>x</script>"}"#, "</"),
            ("{\"a\":\"<!-- \u{2028} \u{2029} & >\"}", "<!--"),
        ];
        for (json, bad) in cases {
            let out = escape_json_for_script(json);
            assert!(!out.contains(bad), "{out}");
            assert!(
                !out.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
                "{out}"
            );
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            let orig: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(back, orig);
        }
    }

    #[test]
    fn html_escaping() {
        assert_eq!(
            escape_html(r#""><script>alert('1')</script>&"#),
            "&quot;&gt;&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt;&amp;"
        );
    }

    #[test]
    fn svg_element_drops_the_prolog() {
        let doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- c -->\n<svg a=\"1\"><g/></svg>\n";
        assert_eq!(svg_element(doc), Some("<svg a=\"1\"><g/></svg>"));
        assert_eq!(svg_element("no drawing"), None);
    }

    #[test]
    fn template_has_only_known_placeholders() {
        let mut rest = TEMPLATE;
        let mut seen = Vec::new();
        while let Some(open) = rest.find("{{") {
            let len = rest[open..].find("}}").unwrap();
            seen.push(&rest[open + 2..open + len]);
            rest = &rest[open + len + 2..];
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen, ["data", "script", "style", "svg", "title"]);
    }

    /// The data block has the windows that added no links for naming more entities than the
    /// limit, with the limit, for the page to say so.
    #[test]
    fn data_block_counts_crowded_windows_with_the_limit() {
        let graph = r#"{"format": "entigraph", "version": 1, "manifest": {
            "tool": "entigraph 0.1.0",
            "options": {"window": "sentence", "evidence": 3, "demonyms": true,
                        "capitals": false, "fold_diacritics": true, "discover": true,
                        "max_window_entities": 2},
            "gazetteer": {"hash": "0", "entities": 3, "builtin": false, "files": []},
            "inputs": [], "documents": 1, "windows": 2, "crowded_windows": 1, "mentions": 5,
            "skipped": 0},
          "nodes": [], "edges": []}"#;
        let file = crate::export::json::read(graph.as_bytes(), "g.json").unwrap();
        let data: serde_json::Value =
            serde_json::from_str(&json_block(&file, "g").unwrap()).unwrap();
        assert_eq!(
            [
                &data["windows"],
                &data["crowded_windows"],
                &data["max_window_entities"]
            ],
            [2, 1, 2]
        );
    }
}
