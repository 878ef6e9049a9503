//! Graphviz DOT output, built with graphviz-rust.
//!
//! The graph is undirected. Nodes are coloured and shaped by type (people: ellipses, countries:
//! boxes, agencies: hexagons, other types: octagons; discovered people dashed); edges get a pen
//! width that grows with the logarithm of their count, and a tooltip with the count. The layout
//! engine is set in the file (`neato` up to 100 nodes with curved edges, `sfdp` with straight
//! edges above), so `dot -Tsvg graph.dot` draws a readable network.
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

/// Writes the graph as DOT.
pub fn write(graph: &EntityGraph, mut w: impl Write) -> std::io::Result<()> {
    let n = graph.graph.node_count();
    let large = n > 100;
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("layout", if large { "sfdp" } else { "neato" }),
            attr("overlap", if large { "prism" } else { "false" }),
            attr("splines", if large { "false" } else { "true" }),
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
    for node in graph.nodes() {
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
    for (a, b, e) in graph.edges() {
        let width = 1.0 + 4.0 * ((e.count as f64).ln_1p() / max.ln_1p());
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quote(&a.id), None)),
                Vertex::N(NodeId(quote(&b.id), None)),
            ),
            attributes: vec![
                attr("penwidth", &format!("{width:.2}")),
                attr("weight", &e.count.to_string()),
                attr(
                    "tooltip",
                    &format!(
                        "{} – {}: {} windows, {} documents",
                        a.label, b.label, e.count, e.documents
                    ),
                ),
            ],
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
}
