//! Cytoscape.js elements JSON (also read by Cytoscape desktop's "cyjs" importer).
//!
//! ```json
//! {
//!   "elements": {
//!     "nodes": [{"data": {"id": "country:cn", "label": "China", "type": "country",
//!                         "origin": "gazetteer", "mentions": 12, "documents": 1,
//!                         "windows": 11, "degree": 4, "aliases": ["China"], "iso2": "CN"}}],
//!     "edges": [{"data": {"id": "e0", "source": "country:cn", "target": "country:us",
//!                         "weight": 5, "count": 5, "documents": 1, "jaccard": 0.31,
//!                         "dice": 0.47, "pmi": 0.93, "npmi": 0.31, "g2": 2.1,
//!                         "evidence": [{"doc": "a1", "date": "2015-09-17", "title": "…",
//!                                       "url": "https://…", "start": 0, "end": 9,
//!                                       "snippet": "…"}]}}]
//!   }
//! }
//! ```
//!
//! - Node `data` holds the same fields as node-link output, except that whether a node comes
//!   from a gazetteer or was discovered is called `origin` (Cytoscape.js treats `source` and
//!   `target` in data as edge endpoints). A gazetteer attribute called `parent` is written as
//!   `attr_parent`: in data, Cytoscape.js reads `parent` as the node a node is drawn inside.
//! - When filters cut the graph, a top-level `data` object (the graph's own data, for
//!   Cytoscape.js and Cytoscape's network table) follows `elements` with `filtered`: the
//!   filters in words, in the order applied (`"top 2 links; then type person"`). A whole
//!   graph's file has no `data`.
//! - Cytoscape.js needs every element id to be unique across nodes and edges. Edge ids are
//!   `e0`, `e1`, ... in edge order; when a node already has that id, underscores are appended
//!   until the id is free, so edge ids can never collide with node ids or with each other.

use std::collections::HashSet;
use std::io::Write;

use serde_json::{Map, Value, json};

use super::nodelink::{edge_fields, node_object};
use crate::graph::EntityGraph;

/// Edge ids `e0`, `e1`, ..., made unique against the node ids.
pub(crate) fn edge_ids(graph: &EntityGraph) -> Vec<String> {
    let nodes: HashSet<&str> = graph.nodes().map(|n| n.id.as_str()).collect();
    (0..graph.graph.edge_count())
        .map(|i| {
            let mut id = format!("e{i}");
            while nodes.contains(id.as_str()) {
                id.push('_');
            }
            id
        })
        .collect()
}

/// The document: `elements` first (`build` knows a Cytoscape file left among the news by how it
/// begins, see `input::is_entigraph_output`), then the graph's own `data` when it has any.
#[derive(serde::Serialize)]
struct Doc {
    elements: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Value>,
}

/// Writes Cytoscape.js elements JSON.
pub fn write(graph: &EntityGraph, mut w: impl Write) -> std::io::Result<()> {
    let columns = super::attribute_columns(graph);
    let nodes: Vec<Value> = graph
        .nodes()
        .map(|n| json!({ "data": Value::Object(node_object(graph, n, &columns, "origin")) }))
        .collect();
    let edges: Vec<Value> = graph
        .edges()
        .zip(edge_ids(graph))
        .map(|((a, b, e), id)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            m.insert("source".into(), json!(a.id));
            m.insert("target".into(), json!(b.id));
            edge_fields(graph, a, b, e, &mut m);
            json!({ "data": Value::Object(m) })
        })
        .collect();
    let doc = Doc {
        elements: json!({ "nodes": nodes, "edges": edges }),
        data: (!graph.filtered.is_empty())
            .then(|| json!({ "filtered": crate::filter::describe(&graph.filtered) })),
    };
    // Small pieces are buffered where the writer's type is known (see `json::write`).
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut w);
    serde_json::to_writer_pretty(&mut buf, &doc)?;
    buf.write_all(b"\n")?;
    buf.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::tests::{edge, node};
    use crate::graph::Totals;

    #[test]
    fn edge_ids_never_collide_with_node_ids() {
        let g = EntityGraph::from_parts(
            vec![
                node("e0", "person", None),
                node("e0_", "person", None),
                node("e1", "person", None),
            ],
            vec![
                ("e0".into(), "e0_".into(), edge(1, None)),
                ("e0".into(), "e1".into(), edge(2, None)),
            ],
            Totals {
                documents: 1,
                windows: 2,
                crowded_windows: 0,
                mentions: 3,
                window: crate::WindowKind::Sentence,
                max_window_entities: 0,
            },
        )
        .unwrap();
        assert_eq!(edge_ids(&g), vec!["e0__", "e1_"]);
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let mut ids: Vec<&str> = v["elements"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .chain(v["elements"]["edges"].as_array().unwrap())
            .map(|e| e["data"]["id"].as_str().unwrap())
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert_eq!(
            v["elements"]["nodes"][0]["data"]["origin"],
            json!("gazetteer")
        );
    }

    #[test]
    fn an_attribute_called_parent_does_not_nest_nodes() {
        let mut kim = node("person:kim", "person", None);
        kim.attributes.insert("parent".into(), "country:fr".into());
        let g = EntityGraph::from_parts(
            vec![kim, node("country:fr", "country", None)],
            vec![("person:kim".into(), "country:fr".into(), edge(1, None))],
            Totals {
                documents: 1,
                windows: 1,
                crowded_windows: 0,
                mentions: 2,
                window: crate::WindowKind::Sentence,
                max_window_entities: 0,
            },
        )
        .unwrap();
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let kim = v["elements"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["data"]["id"] == "person:kim")
            .unwrap();
        assert_eq!(kim["data"].get("parent"), None);
        assert_eq!(kim["data"]["attr_parent"], json!("country:fr"));
    }
}
