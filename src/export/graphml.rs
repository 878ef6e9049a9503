//! GraphML, read by networkx, igraph, yEd, Gephi and Cytoscape.
//!
//! ```xml
//! <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
//!   <key id="n0" for="node" attr.name="label" attr.type="string"/> ...
//!   <key id="e0" for="edge" attr.name="weight" attr.type="long"/> ...
//!   <graph id="entigraph" edgedefault="undirected">
//!     <node id="country:cn"><data key="n0">China</data> ...</node>
//!     <edge id="e0" source="country:cn" target="country:us"><data key="e0">5</data> ...</edge>
//!   </graph>
//! </graphml>
//! ```
//!
//! Every key is declared with its `attr.name` and `attr.type`:
//!
//! - node keys `label`, `type`, `source` (gazetteer or discovered), `aliases` (joined with
//!   `" | "`), `first_seen`, `last_seen` (strings), `mentions`, `documents`, `windows`, `degree`
//!   (longs), then one string key per gazetteer attribute (`attr_NAME` when the name clashes);
//! - edge keys `weight` (= `count`), `count`, `documents` (longs), `jaccard`, `dice`, `pmi`,
//!   `npmi`, `g2` (doubles), `first_seen`, `last_seen`, `evidence_docs` (evidence documents,
//!   each once, joined with `" | "`) and `snippet` (the first evidence snippet). A `|` inside
//!   an alias or a document id is written as `/`, so a joined value splits back at `" | "`
//!   into its items (`export` warns of it).
//!
//! When filters cut the graph, a graph key `filtered` (string) holds them in words, in the order
//! applied (`top 2 links; then type person`; networkx reads it into `G.graph["filtered"]`); a
//! whole graph's file has no graph key.
//!
//! A `data` element is left out where a node or edge has no value. Text is escaped, and
//! characters XML 1.0 forbids (control characters) are removed.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{attribute_columns, xml_attr, xml_escape};
use crate::graph::EntityGraph;

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(
        BytesStart::new("data").with_attributes([xml_attr("key", key)]),
    ))?;
    w.write_event(Event::Text(BytesText::from_escaped(xml_escape(value))))?;
    w.write_event(Event::End(BytesEnd::new("data")))
}

fn keys<W: Write>(
    w: &mut Writer<W>,
    class: &str,
    prefix: &str,
    keys: &[(String, &str)],
) -> std::io::Result<()> {
    for (i, (name, ty)) in keys.iter().enumerate() {
        w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
            xml_attr("id", &format!("{prefix}{i}")),
            xml_attr("for", class),
            xml_attr("attr.name", name),
            xml_attr("attr.type", ty),
        ])))?;
    }
    Ok(())
}

fn values<W: Write>(
    w: &mut Writer<W>,
    prefix: &str,
    vals: &[Option<String>],
) -> std::io::Result<()> {
    for (i, v) in vals.iter().enumerate() {
        if let Some(v) = v {
            data(w, &format!("{prefix}{i}"), v)?;
        }
    }
    Ok(())
}

/// Writes GraphML.
pub fn write(graph: &EntityGraph, out: impl Write) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    let columns = attribute_columns(graph);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    // Tells a later build that this file is entigraph's, not news (see `input`).
    w.write_event(Event::Comment(BytesText::new(concat!(
        " written by entigraph ",
        env!("CARGO_PKG_VERSION"),
        " "
    ))))?;
    w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        xml_attr("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        xml_attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        xml_attr(
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ])))?;
    let mut node_keys: Vec<(String, &str)> = vec![
        ("label".into(), "string"),
        ("type".into(), "string"),
        ("source".into(), "string"),
        ("aliases".into(), "string"),
        ("first_seen".into(), "string"),
        ("last_seen".into(), "string"),
        ("mentions".into(), "long"),
        ("documents".into(), "long"),
        ("windows".into(), "long"),
        ("degree".into(), "long"),
    ];
    node_keys.extend(columns.iter().map(|(_, c)| (c.clone(), "string")));
    keys(&mut w, "node", "n", &node_keys)?;
    let edge_keys: Vec<(String, &str)> = vec![
        ("weight".into(), "long"),
        ("count".into(), "long"),
        ("documents".into(), "long"),
        ("jaccard".into(), "double"),
        ("dice".into(), "double"),
        ("pmi".into(), "double"),
        ("npmi".into(), "double"),
        ("g2".into(), "double"),
        ("first_seen".into(), "string"),
        ("last_seen".into(), "string"),
        ("evidence_docs".into(), "string"),
        ("snippet".into(), "string"),
    ];
    keys(&mut w, "edge", "e", &edge_keys)?;
    let filtered = crate::filter::describe(&graph.filtered);
    if !filtered.is_empty() {
        keys(&mut w, "graph", "g", &[("filtered".into(), "string")])?;
    }
    w.write_event(Event::Start(BytesStart::new("graph").with_attributes([
        xml_attr("id", "entigraph"),
        xml_attr("edgedefault", "undirected"),
    ])))?;
    if !filtered.is_empty() {
        data(&mut w, "g0", &filtered)?;
    }
    for ix in graph.graph.node_indices() {
        let n = &graph.graph[ix];
        w.write_event(Event::Start(
            BytesStart::new("node").with_attributes([xml_attr("id", &n.id)]),
        ))?;
        let source = match n.source {
            crate::graph::NodeSource::Gazetteer => "gazetteer",
            crate::graph::NodeSource::Discovered => "discovered",
        };
        let mut vals = vec![
            Some(n.label.clone()),
            Some(n.kind.clone()),
            Some(source.to_string()),
            Some(super::list_cell(&n.aliases)),
            n.first_seen.clone(),
            n.last_seen.clone(),
            Some(n.mentions.to_string()),
            Some(n.documents.to_string()),
            Some(n.windows.to_string()),
            Some(graph.graph.neighbors(ix).count().to_string()),
        ];
        vals.extend(columns.iter().map(|(k, _)| n.attributes.get(k).cloned()));
        values(&mut w, "n", &vals)?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    for (i, (a, b, e)) in graph.edges().enumerate() {
        let m = graph.edge_measures(a, b, e);
        w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
            xml_attr("id", &format!("e{i}")),
            xml_attr("source", &a.id),
            xml_attr("target", &b.id),
        ])))?;
        let docs = super::evidence_docs(e);
        let vals = vec![
            Some(e.count.to_string()),
            Some(e.count.to_string()),
            Some(e.documents.to_string()),
            Some(m.jaccard.to_string()),
            Some(m.dice.to_string()),
            Some(m.pmi.to_string()),
            Some(m.npmi.to_string()),
            Some(m.g2.to_string()),
            e.first_seen.clone(),
            e.last_seen.clone(),
            (!docs.is_empty()).then(|| super::list_cell(&docs)),
            e.evidence.first().map(|x| x.snippet.to_string()),
        ];
        values(&mut w, "e", &vals)?;
        w.write_event(Event::End(BytesEnd::new("edge")))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.into_inner().write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_typed_and_values_escaped() {
        let mut g = crate::filter::tests::sample();
        let ix = g.node_index("a").unwrap();
        g.graph[ix].label = "<b>&\u{7}".into();
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"<key id="e0" for="edge" attr.name="weight" attr.type="long"/>"#));
        assert!(s.contains(r#"<data key="n0">&lt;b&gt;&amp;</data>"#), "{s}");
        assert_eq!(s.matches("<edge ").count(), 4);
    }
}
