//! Node-link JSON, as networkx's `node_link_data` writes it and D3's force layout reads it.
//!
//! ```json
//! {
//!   "directed": false,
//!   "multigraph": false,
//!   "graph": {"documents": 1, "windows": 16, "mentions": 36, "window": "sentence"},
//!   "nodes": [{"id": "country:cn", "label": "China", "type": "country", "source": "gazetteer",
//!              "mentions": 12, "documents": 1, "windows": 11, "degree": 4,
//!              "first_seen": "2015-09-17", "last_seen": "2015-09-18",
//!              "aliases": ["China", "Chinese"], "iso2": "CN"}],
//!   "edges": [{"source": "country:cn", "target": "country:us", "weight": 5, "count": 5,
//!              "documents": 1, "jaccard": 0.31, "dice": 0.47, "pmi": 0.93, "npmi": 0.31,
//!              "g2": 2.1, "first_seen": "2015-09-17", "last_seen": "2015-09-17",
//!              "evidence": [{"doc": "a1", "date": "2015-09-17", "title": "…", "url": "https://…",
//!                            "start": 0, "end": 120, "snippet": "…"}]}]
//! }
//! ```
//!
//! - Gazetteer attributes are flattened into the node object; one whose name clashes with a
//!   field above is written as `attr_NAME`.
//! - `first_seen`/`last_seen` appear only when documents had dates.
//! - `weight` equals `count` (windows shared), for tools that look for `weight`.
//! - The edge list is called `edges` (networkx 3.4 and later); with `links_key` it is called
//!   `links`, as D3 examples and older networkx expect.
//!
//! Load it in Python with `networkx.node_link_graph(data, edges="edges")` (or with the default
//! key when written with `links`).

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::graph::{EntityGraph, Node};

/// The node object shared by node-link and Cytoscape output; `source_key` names the
/// gazetteer/discovered field.
pub(crate) fn node_object(
    graph: &EntityGraph,
    node: &Node,
    columns: &[(String, String)],
    source_key: &str,
) -> Map<String, Value> {
    let degree = graph
        .node_index(&node.id)
        .map_or(0, |ix| graph.graph.neighbors(ix).count());
    let mut m = Map::new();
    m.insert("id".into(), json!(node.id));
    m.insert("label".into(), json!(node.label));
    m.insert("type".into(), json!(node.kind));
    m.insert(source_key.into(), json!(node.source));
    m.insert("mentions".into(), json!(node.mentions));
    m.insert("documents".into(), json!(node.documents));
    m.insert("windows".into(), json!(node.windows));
    m.insert("degree".into(), json!(degree));
    if let Some(d) = &node.first_seen {
        m.insert("first_seen".into(), json!(d));
    }
    if let Some(d) = &node.last_seen {
        m.insert("last_seen".into(), json!(d));
    }
    m.insert("aliases".into(), json!(node.aliases));
    for (key, col) in columns {
        if let Some(v) = node.attributes.get(key) {
            m.insert(col.clone(), json!(v));
        }
    }
    m
}

/// The edge fields shared by node-link and Cytoscape output (without source and target).
pub(crate) fn edge_fields(
    graph: &EntityGraph,
    a: &Node,
    b: &Node,
    e: &crate::graph::Edge,
    m: &mut Map<String, Value>,
) {
    let ms = graph.edge_measures(a, b, e);
    m.insert("weight".into(), json!(e.count));
    m.insert("count".into(), json!(e.count));
    m.insert("documents".into(), json!(e.documents));
    m.insert("jaccard".into(), json!(ms.jaccard));
    m.insert("dice".into(), json!(ms.dice));
    m.insert("pmi".into(), json!(ms.pmi));
    m.insert("npmi".into(), json!(ms.npmi));
    m.insert("g2".into(), json!(ms.g2));
    if let Some(d) = &e.first_seen {
        m.insert("first_seen".into(), json!(d));
    }
    if let Some(d) = &e.last_seen {
        m.insert("last_seen".into(), json!(d));
    }
    m.insert("evidence".into(), json!(e.evidence));
}

/// Writes node-link JSON; `links_key` names the edge list `links` instead of `edges`.
pub fn write(graph: &EntityGraph, links_key: bool, mut w: impl Write) -> std::io::Result<()> {
    let columns = super::attribute_columns(graph);
    let nodes: Vec<Value> = graph
        .nodes()
        .map(|n| Value::Object(node_object(graph, n, &columns, "source")))
        .collect();
    let edges: Vec<Value> = graph
        .edges()
        .map(|(a, b, e)| {
            let mut m = Map::new();
            m.insert("source".into(), json!(a.id));
            m.insert("target".into(), json!(b.id));
            edge_fields(graph, a, b, e, &mut m);
            Value::Object(m)
        })
        .collect();
    let mut top = Map::new();
    top.insert("directed".into(), json!(false));
    top.insert("multigraph".into(), json!(false));
    top.insert(
        "graph".into(),
        json!({
            "documents": graph.totals.documents,
            "windows": graph.totals.windows,
            "mentions": graph.totals.mentions,
            "window": graph.totals.window,
        }),
    );
    top.insert("nodes".into(), Value::Array(nodes));
    top.insert(
        if links_key { "links" } else { "edges" }.into(),
        Value::Array(edges),
    );
    // Small pieces are buffered where the writer's type is known (see `json::write`).
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut w);
    serde_json::to_writer_pretty(&mut buf, &Value::Object(top))?;
    buf.write_all(b"\n")?;
    buf.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nodes_and_edges_under_the_chosen_key() {
        let g = crate::filter::tests::sample();
        for (links, key) in [(false, "edges"), (true, "links")] {
            let mut out = Vec::new();
            write(&g, links, &mut out).unwrap();
            let v: Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(v["directed"], json!(false));
            assert_eq!(v["nodes"].as_array().unwrap().len(), 5);
            let edges = v[key].as_array().unwrap();
            assert_eq!(edges.len(), 4);
            assert_eq!(edges[0]["source"], json!("a"));
            assert_eq!(edges[0]["target"], json!("b"));
            assert_eq!(edges[0]["weight"], json!(5));
            assert_eq!(v["nodes"][0]["degree"], json!(2));
        }
    }
}
