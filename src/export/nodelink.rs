//! Node-link JSON, as networkx's `node_link_data` writes it and D3's force layout reads it.
//!
//! ```json
//! {
//!   "directed": false,
//!   "multigraph": false,
//!   "graph": {"documents": 1, "windows": 16, "crowded_windows": 0, "mentions": 36,
//!             "window": "sentence", "max_window_entities": 10},
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
//! - `graph` holds graph.json's totals and the options they depend on: the `documents`,
//!   `windows` and `mentions` counted, the `window` kind, and `crowded_windows`, the windows
//!   that named more distinct entities than `max_window_entities` (0: no limit) and so added
//!   no links (lists, not relations: their entities are counted, their pairs are not).
//!   When filters cut the graph, `graph` ends with `filtered`, as in graph.json's manifest:
//!   one object per filter, in the order applied (`[{"top_edges": 2}]`); the totals stay the
//!   whole graph's.
//! - Gazetteer attributes are flattened into the node object; one whose name clashes with a
//!   field above is written as `attr_NAME`.
//! - `first_seen`/`last_seen` appear only when documents had dates.
//! - `weight` equals `count` (windows shared), for tools that look for `weight`.
//! - The edge list is called `edges` (networkx's default from 3.6); with `links_key` it is
//!   called `links`, as D3 examples and networkx before 3.6 expect by default.
//!
//! Load it in Python with `networkx.node_link_graph(data, edges="edges")` (networkx 3.4 and
//! later; from 3.6 the default key), or with the default key when written with `links`.

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::cooccur::WindowKind;
use crate::filter::Filter;
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

/// The whole document. Its fields are in the order a sorted map gave them before `graph` had
/// more than documents, windows, mentions and the window kind, and `graph` opens with
/// `documents`: `build` knows a node-link file left among the news by how it begins (see
/// `input::is_entigraph_output`), also one written by an earlier version.
#[derive(Serialize)]
struct NodeLink<'a> {
    directed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    edges: Option<&'a Value>,
    graph: GraphData<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<&'a Value>,
    multigraph: bool,
    nodes: Vec<Value>,
}

/// The `graph` object: graph.json's totals and the options they depend on, and the filters
/// that cut the graph (left out when none did, so a whole graph's file is as it was).
#[derive(Serialize)]
struct GraphData<'a> {
    documents: u64,
    windows: u64,
    crowded_windows: u64,
    mentions: u64,
    window: WindowKind,
    max_window_entities: usize,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    filtered: &'a [Filter],
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
    let edges = Value::Array(edges);
    let top = NodeLink {
        directed: false,
        edges: (!links_key).then_some(&edges),
        graph: GraphData {
            documents: graph.totals.documents,
            windows: graph.totals.windows,
            crowded_windows: graph.totals.crowded_windows,
            mentions: graph.totals.mentions,
            window: graph.totals.window,
            max_window_entities: graph.totals.max_window_entities,
            filtered: &graph.filtered,
        },
        links: links_key.then_some(&edges),
        multigraph: false,
        nodes,
    };
    // Small pieces are buffered where the writer's type is known (see `json::write`).
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut w);
    serde_json::to_writer_pretty(&mut buf, &top)?;
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

    /// The `graph` object says how many windows added no links, and past what limit.
    #[test]
    fn graph_object_counts_crowded_windows_with_the_limit() {
        let mut g = crate::filter::tests::sample();
        g.totals.crowded_windows = 2;
        g.totals.max_window_entities = 3;
        let mut out = Vec::new();
        write(&g, false, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v["graph"],
            json!({"documents": 3, "windows": 20, "crowded_windows": 2, "mentions": 20,
                   "window": "sentence", "max_window_entities": 3})
        );
    }

    /// A filtered graph's `graph` object said nothing of the filter: the file passed for the
    /// whole graph. It now ends with the filters, in the order applied; a whole graph's has no
    /// `filtered`.
    #[test]
    fn graph_object_lists_the_filters_that_cut_the_graph() {
        let g = crate::filter::tests::sample();
        let top = Filter {
            top_edges: Some(2),
            ..Default::default()
        };
        let people = Filter {
            types: vec!["person".into()],
            drop_isolated: true,
            ..Default::default()
        };
        let cut = people.apply(&top.apply(&g));
        let mut out = Vec::new();
        write(&cut, false, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v["graph"]["filtered"],
            json!([{"top_edges": 2}, {"types": ["person"], "drop_isolated": true}])
        );
        assert_eq!(v["graph"]["documents"], json!(3));
        let mut out = Vec::new();
        write(&g, false, &mut out).unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert!(v["graph"].get("filtered").is_none(), "{v}");
    }

    /// `build` leaves a node-link file found among the news out by how it begins (see the
    /// `NodeLink` struct): with the edge list called `links`, `graph` comes first and must open
    /// with `documents`.
    #[test]
    fn output_begins_as_it_did_before_graph_had_more_fields() {
        let g = crate::filter::tests::sample();
        let heads = [
            (false, "{\n  \"directed\": false,\n  \"edges\": ["),
            (
                true,
                "{\n  \"directed\": false,\n  \"graph\": {\n    \"documents\": ",
            ),
        ];
        for (links, head) in heads {
            let mut out = Vec::new();
            write(&g, links, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.starts_with(head), "{text}");
            let v: Value = serde_json::from_str(&text).unwrap();
            let key = if links { "links" } else { "edges" };
            let mut keys = vec!["directed", "graph", "multigraph", "nodes", key];
            keys.sort();
            assert!(v.as_object().unwrap().keys().eq(keys), "{text}");
        }
    }
}
