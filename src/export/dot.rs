//! Graphviz DOT output.
//!
//! The graph is undirected. Nodes are coloured and shaped by type (people: ellipses, countries:
//! boxes, agencies: hexagons, other types: octagons; discovered people dashed); edges get a pen
//! width that grows with the logarithm of their count, and a tooltip with the count. The layout
//! engine is set in the file (`neato` up to 100 nodes with curved edges, `sfdp` with straight
//! edges above), so `dot -Tsvg graph.dot` draws a readable network. [`DotOptions`] overrides the
//! engine and the edge style, and can give every node and edge a predictable SVG element id.
//! When filters cut the graph, the graph's `comment` says so (`filtered: top 2 links`, cut to
//! 300 characters), which Graphviz carries into the SVG it draws.
//!
//! The file is written directly, statement by statement, in the layout of graphviz-rust's
//! printer. Building graphviz-rust's syntax tree and printing it took about a sixth of a whole
//! build's instructions on a large graph (it formats and joins a string per attribute); the
//! tests parse the output back with graphviz-rust to check it. Every identifier and value is
//! quoted and escaped: `"` and `\` are backslash-escaped and line breaks become `\n`, so no
//! name or snippet can end a string early or inject DOT.

use std::fmt::Write as _;
use std::io::Write;

use super::Count;
use crate::graph::EntityGraph;

/// `s` as a quoted, escaped DOT string: `"` and `\\` are backslash-escaped, line breaks become
/// `\n`, carriage returns are dropped and other control characters become spaces.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    // Bytes that may start a character to escape: `"`, `\`, C0 controls, DEL, and 0xC2, the
    // lead byte of the C1 controls (U+0080..U+009F). A byte scan: names are mostly plain.
    let special = |b: &u8| matches!(*b, b'"' | b'\\' | 0..=0x1f | 0x7f | 0xc2);
    while let Some(i) = rest.as_bytes().iter().position(special) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("found a char");
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// The longest description of the filters that cut a graph, in characters, that the graph's
/// comment holds (`--types` may list many).
const COMMENT_CHARS: usize = 300;

/// One statement's attribute list, `[k="v" k="v"]`, appended to `out`.
fn push_attrs(out: &mut String, attrs: &[(&str, &str)]) {
    out.push('[');
    for (i, (k, v)) in attrs.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(k);
        out.push('=');
        push_quoted(out, v);
    }
    out.push(']');
}

fn style_of(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "person" => ("ellipse", "#a6cee3"),
        "country" => ("box", "#b2df8a"),
        "agency" => ("hexagon", "#fdbf6f"),
        _ => ("octagon", "#cab2d6"),
    }
}

/// Graphs with more nodes than this are laid out with `sfdp` and straight edges by default:
/// `neato` and curved splines get very slow past about this size.
pub const LARGE_GRAPH: usize = 100;

/// A Graphviz layout engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Hierarchical layers (for directed graphs; rarely right for co-occurrence networks).
    Dot,
    /// Spring model (stress majorisation); good up to about a hundred nodes.
    Neato,
    /// Multiscale force-directed; for large graphs.
    Sfdp,
    /// Force-directed (Fruchterman-Reingold).
    Fdp,
    /// Circular layout.
    Circo,
}

impl Engine {
    /// The engine chosen for a graph of `nodes` nodes: `neato` up to [`LARGE_GRAPH`], `sfdp` above.
    pub fn auto(nodes: usize) -> Engine {
        if nodes > LARGE_GRAPH {
            Engine::Sfdp
        } else {
            Engine::Neato
        }
    }

    /// The engine's name, as Graphviz's `layout` attribute and `-K` flag take it.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Dot => "dot",
            Engine::Neato => "neato",
            Engine::Sfdp => "sfdp",
            Engine::Fdp => "fdp",
            Engine::Circo => "circo",
        }
    }
}

/// Choices about how the DOT file draws; the default picks everything by graph size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DotOptions {
    /// Layout engine; `None` = [`Engine::auto`].
    pub engine: Option<Engine>,
    /// Curved (`true`) or straight (`false`) edges; `None` = straight above [`LARGE_GRAPH`] nodes.
    pub splines: Option<bool>,
    /// Give node `i` (in sorted order) the element id `eg-n{i}` and edge `j` the id `eg-e{j}`,
    /// so a page can find them in Graphviz's SVG output.
    pub element_ids: bool,
}

/// The element id given to the `i`-th node (sorted order) with [`DotOptions::element_ids`].
pub fn node_element_id(i: usize) -> String {
    format!("eg-n{i}")
}

/// The element id given to the `j`-th edge (sorted order) with [`DotOptions::element_ids`].
pub fn edge_element_id(j: usize) -> String {
    format!("eg-e{j}")
}

/// Writes the graph as DOT, everything chosen by graph size.
pub fn write(graph: &EntityGraph, w: impl Write) -> std::io::Result<()> {
    write_with(graph, &DotOptions::default(), w)
}

/// Writes the graph as DOT with the given options.
///
/// The text is written statement by statement (a large graph is never held as one string), in
/// the layout graphviz-rust's printer uses; the tests parse it back with graphviz-rust.
pub fn write_with(
    graph: &EntityGraph,
    opts: &DotOptions,
    mut w: impl Write,
) -> std::io::Result<()> {
    let n = graph.graph.node_count();
    let large = n > LARGE_GRAPH;
    let engine = opts.engine.unwrap_or(Engine::auto(n));
    let splines = opts.splines.unwrap_or(!large);
    let mut line = String::with_capacity(256);
    line.push_str("graph ");
    push_quoted(&mut line, "entigraph");
    line.push_str(" {\n  graph");
    let mut graph_attrs = vec![
        ("layout", engine.as_str()),
        ("overlap", if large { "prism" } else { "false" }),
        ("splines", if splines { "true" } else { "false" }),
        ("outputorder", "edgesfirst"),
        ("fontname", "Helvetica"),
    ];
    // Graphviz carries a comment into the SVG it draws; a whole graph's file is as it was. The
    // comment comes before the SVG's title, by which a later build knows the drawing as
    // entigraph's (in the first KiB: see `input::is_entigraph_output`): cut to a line's length.
    let filtered = (!graph.filtered.is_empty()).then(|| {
        let words = crate::filter::describe(&graph.filtered);
        format!(
            "filtered: {}",
            crate::text::cut_chars(&words, COMMENT_CHARS)
        )
    });
    if let Some(f) = &filtered {
        graph_attrs.push(("comment", f));
    }
    push_attrs(&mut line, &graph_attrs);
    line.push_str("\n  node");
    push_attrs(
        &mut line,
        &[
            ("style", "filled"),
            ("fontname", "Helvetica"),
            ("fontsize", "11"),
        ],
    );
    line.push_str("\n  edge");
    push_attrs(&mut line, &[("color", "#00000066")]);
    line.push('\n');
    w.write_all(line.as_bytes())?;
    for (i, node) in graph.nodes().enumerate() {
        let (shape, color) = style_of(&node.kind);
        let tooltip = format!(
            "{} ({}), {}",
            node.label,
            node.kind,
            Count(node.mentions, "mention", "mentions")
        );
        let element_id = opts.element_ids.then(|| node_element_id(i));
        let mut attrs = vec![
            ("label", node.label.as_str()),
            ("shape", shape),
            ("fillcolor", color),
            ("tooltip", tooltip.as_str()),
        ];
        if node.source == crate::graph::NodeSource::Discovered {
            attrs.push(("style", "filled,dashed"));
        }
        if let Some(id) = &element_id {
            attrs.push(("id", id));
        }
        line.clear();
        line.push_str("  ");
        push_quoted(&mut line, &node.id);
        push_attrs(&mut line, &attrs);
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    let max = graph
        .edges()
        .map(|(_, _, e)| e.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    // Reused for every edge (a graph can have millions).
    let (mut width, mut weight, mut tooltip) = (String::new(), String::new(), String::new());
    for (j, (a, b, e)) in graph.edges().enumerate() {
        width.clear();
        weight.clear();
        tooltip.clear();
        let pen = 1.0 + 4.0 * ((e.count as f64).ln_1p() / max.ln_1p());
        // Writing to a String cannot fail.
        let _ = write!(width, "{pen:.2}");
        let _ = write!(weight, "{}", e.count);
        let _ = write!(
            tooltip,
            "{} – {}: {}, {}",
            a.label,
            b.label,
            Count(e.count, "window", "windows"),
            Count(e.documents, "document", "documents")
        );
        let element_id = opts.element_ids.then(|| edge_element_id(j));
        let attrs = [
            ("penwidth", width.as_str()),
            ("weight", weight.as_str()),
            ("tooltip", tooltip.as_str()),
            ("id", element_id.as_deref().unwrap_or_default()),
        ];
        // The id only when element ids are asked for.
        let attrs = &attrs[..3 + usize::from(element_id.is_some())];
        line.clear();
        line.push_str("  ");
        push_quoted(&mut line, &a.id);
        line.push_str(" -- ");
        push_quoted(&mut line, &b.id);
        line.push(' ');
        push_attrs(&mut line, attrs);
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    w.write_all(b"}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_everything_that_could_break_out() {
        assert_eq!(quote("a \"b\" \\ c\nd\r\t"), r#""a \"b\" \\ c\nd ""#);
        assert_eq!(quote("Erdoğan"), "\"Erdoğan\"");
        // C1 controls become spaces; other characters with the same lead byte stay.
        assert_eq!(quote("a\u{85}b\u{a0}c\u{9f}Âé"), "\"a b\u{a0}c Âé\"");
    }

    /// A filtered graph's DOT says so in the graph's comment, cut to a line's length so that
    /// the drawing's title stays in its first KiB; a whole graph's has no comment.
    #[test]
    fn the_graph_comment_names_the_filters() {
        let g = ring(4);
        let dot = |g: &EntityGraph| {
            let mut out = Vec::new();
            write(g, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert!(!dot(&g).contains("comment"));
        let top = crate::filter::Filter {
            top_edges: Some(2),
            ..Default::default()
        };
        let text = dot(&top.apply(&g));
        assert!(
            text.starts_with("graph \"entigraph\" {\n  graph[layout=\"neato\""),
            "{text}"
        );
        assert!(
            text.contains(" comment=\"filtered: top 2 links\"]\n"),
            "{text}"
        );
        let many = crate::filter::Filter {
            types: (0..200).map(|i| format!("type{i}")).collect(),
            ..Default::default()
        };
        let text = dot(&many.apply(&g));
        let comment = text.split("comment=\"").nth(1).unwrap();
        let comment = &comment[..comment.find('"').unwrap()];
        assert_eq!(comment.chars().count(), "filtered: ".len() + COMMENT_CHARS);
        assert!(comment.ends_with('…'), "{comment}");
    }

    fn ring(n: usize) -> EntityGraph {
        use crate::graph::{Edge, Node, NodeSource, Totals};
        let node = |i: usize| Node {
            id: format!("person:p{i:03}"),
            label: format!("Person {i}"),
            kind: "person".into(),
            source: NodeSource::Gazetteer,
            mentions: 1,
            documents: 1,
            windows: 1,
            first_seen: None,
            last_seen: None,
            attributes: Default::default(),
            aliases: vec![],
        };
        let edge = || Edge {
            count: 1,
            documents: 1,
            first_seen: None,
            last_seen: None,
            evidence: vec![],
        };
        EntityGraph::from_parts(
            (0..n).map(node),
            (0..n).map(|i| (node(i).id, node((i + 1) % n).id, edge())),
            Totals {
                documents: 1,
                windows: n as u64,
                crowded_windows: 0,
                mentions: n as u64,
                window: crate::cooccur::WindowKind::Sentence,
                max_window_entities: 0,
            },
        )
        .unwrap()
    }

    fn dot_text(g: &EntityGraph, opts: &DotOptions) -> String {
        let mut out = Vec::new();
        write_with(g, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// graphviz-rust parses what we write back into the graph we wrote: every node and edge,
    /// with every attribute value intact, whatever the names contain.
    #[test]
    fn graphviz_rust_reads_the_output_back() {
        use graphviz_rust::dot_structures::{Attribute, Edge, EdgeTy, Graph, Id, Stmt, Vertex};
        let mut g = ring(4);
        let hostile = [
            "a \"quoted\" name",
            "back\\slash",
            "line\nbreak",
            "Erdoğan – 習近平",
        ];
        for (i, name) in hostile.iter().enumerate() {
            let idx = g.graph.node_indices().nth(i).unwrap();
            g.graph[idx].label = name.to_string();
        }
        let text = dot_text(&g, &DotOptions::default());
        let Graph::Graph { id, stmts, .. } = graphviz_rust::parse(&text).unwrap() else {
            panic!("not an undirected graph: {text}")
        };
        assert_eq!(id, Id::Escaped("\"entigraph\"".into()));
        let value = |attrs: &[Attribute], key: &str| -> String {
            attrs
                .iter()
                .find(|Attribute(k, _)| *k == Id::Plain(key.into()))
                .map(|Attribute(_, v)| match v {
                    Id::Escaped(s) => s.clone(),
                    other => panic!("unquoted value {other:?}"),
                })
                .unwrap_or_else(|| panic!("no {key} in {attrs:?}"))
        };
        let mut nodes = Vec::new();
        let mut edges = 0;
        for stmt in &stmts {
            match stmt {
                Stmt::Node(n) => nodes.push(value(&n.attributes, "label")),
                Stmt::Edge(Edge {
                    ty: EdgeTy::Pair(Vertex::N(_), Vertex::N(_)),
                    attributes,
                }) => {
                    edges += 1;
                    assert!(value(attributes, "tooltip").contains("1 window, 1 document"));
                }
                Stmt::GAttribute(_) => {}
                other => panic!("unexpected statement {other:?}"),
            }
        }
        let want: Vec<String> = g.nodes().map(|n| quote(&n.label)).collect();
        assert_eq!(nodes, want);
        assert_eq!(edges, 4);
    }

    #[test]
    fn engine_and_splines_follow_graph_size() {
        let small = dot_text(&ring(LARGE_GRAPH), &DotOptions::default());
        assert!(small.contains(r#"layout="neato""#), "{small}");
        assert!(small.contains(r#"splines="true""#));
        let large = dot_text(&ring(LARGE_GRAPH + 1), &DotOptions::default());
        assert!(large.contains(r#"layout="sfdp""#));
        assert!(large.contains(r#"splines="false""#));
        assert!(!large.contains("eg-n0"));
    }

    #[test]
    fn options_override_engine_splines_and_add_element_ids() {
        let opts = DotOptions {
            engine: Some(Engine::Circo),
            splines: Some(false),
            element_ids: true,
        };
        let text = dot_text(&ring(3), &opts);
        assert!(text.contains(r#"layout="circo""#));
        assert!(text.contains(r#"splines="false""#));
        for id in ["eg-n0", "eg-n1", "eg-n2", "eg-e0", "eg-e1", "eg-e2"] {
            assert!(
                text.contains(&format!(r#"id="{id}""#)),
                "{id} missing in {text}"
            );
        }
        assert!(!text.contains("eg-n3"));
    }
}
