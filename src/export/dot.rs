//! Graphviz DOT output, built with graphviz-rust.
//!
//! The graph is undirected. Nodes are coloured and shaped by type (people: ellipses, countries:
//! boxes, agencies: hexagons, other types: octagons; discovered people dashed); edges get a pen
//! width that grows with the logarithm of their count, and a tooltip with the count. The layout
//! engine is set in the file (`neato` up to 100 nodes with curved edges, `sfdp` with straight
//! edges above), so `dot -Tsvg graph.dot` draws a readable network. [`DotOptions`] overrides the
//! engine and the edge style, and can give every node and edge a predictable SVG element id.
//!
//! graphviz-rust writes identifiers and attribute values as given, so every value is quoted and
//! escaped here: `"` and `\` are backslash-escaped and line breaks become `\n`, so no name or
//! snippet can end a string early or inject DOT.

use std::io::Write;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::graph::EntityGraph;

/// A quoted, escaped DOT string.
pub fn quote(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), quote(v))
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
pub fn write_with(
    graph: &EntityGraph,
    opts: &DotOptions,
    mut w: impl Write,
) -> std::io::Result<()> {
    let n = graph.graph.node_count();
    let large = n > LARGE_GRAPH;
    let engine = opts.engine.unwrap_or(Engine::auto(n));
    let splines = opts.splines.unwrap_or(!large);
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("layout", engine.as_str()),
            attr("overlap", if large { "prism" } else { "false" }),
            attr("splines", if splines { "true" } else { "false" }),
            attr("outputorder", "edgesfirst"),
            attr("fontname", "Helvetica"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![attr("color", "#00000066")])),
    ];
    for (i, node) in graph.nodes().enumerate() {
        let (shape, color) = style_of(&node.kind);
        let mut attrs = vec![
            attr("label", &node.label),
            attr("shape", shape),
            attr("fillcolor", color),
            attr(
                "tooltip",
                &format!("{} ({}), {} mentions", node.label, node.kind, node.mentions),
            ),
        ];
        if node.source == crate::graph::NodeSource::Discovered {
            attrs.push(attr("style", "filled,dashed"));
        }
        if opts.element_ids {
            attrs.push(attr("id", &node_element_id(i)));
        }
        stmts.push(Stmt::Node(DotNode::new(
            NodeId(quote(&node.id), None),
            attrs,
        )));
    }
    let max = graph
        .edges()
        .map(|(_, _, e)| e.count)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    for (j, (a, b, e)) in graph.edges().enumerate() {
        let width = 1.0 + 4.0 * ((e.count as f64).ln_1p() / max.ln_1p());
        let mut attributes = vec![
            attr("penwidth", &format!("{width:.2}")),
            attr("weight", &e.count.to_string()),
            attr(
                "tooltip",
                &format!(
                    "{} – {}: {} windows, {} documents",
                    a.label, b.label, e.count, e.documents
                ),
            ),
        ];
        if opts.element_ids {
            attributes.push(attr("id", &edge_element_id(j)));
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quote(&a.id), None)),
                Vertex::N(NodeId(quote(&b.id), None)),
            ),
            attributes,
        }));
    }
    let g = Graph::Graph {
        id: quote("entigraph"),
        strict: false,
        stmts,
    };
    let mut ctx = PrinterContext::default();
    let text = g.print(&mut ctx);
    w.write_all(text.as_bytes())?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_everything_that_could_break_out() {
        let Id::Escaped(s) = quote("a \"b\" \\ c\nd") else {
            panic!()
        };
        assert_eq!(s, r#""a \"b\" \\ c\nd""#);
        let Id::Escaped(s) = quote("Erdoğan") else {
            panic!()
        };
        assert_eq!(s, "\"Erdoğan\"");
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
                mentions: n as u64,
                window: crate::cooccur::WindowKind::Sentence,
            },
        )
    }

    fn dot_text(g: &EntityGraph, opts: &DotOptions) -> String {
        let mut out = Vec::new();
        write_with(g, opts, &mut out).unwrap();
        String::from_utf8(out).unwrap()
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
