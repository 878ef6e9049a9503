//! The entity graph: a petgraph graph of entities linked by co-occurrence, and the measures
//! computed from its statistics.
//!
//! [`EntityGraph`] is built from [`Stats`] and the gazetteer (for node
//! attributes). Nodes are sorted by id and edges by (source, target) so every export is
//! deterministic.

use std::collections::BTreeMap;
use std::collections::hash_map::Entry;

use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cooccur::{Evidence, IdMap, Stats, WindowKind};
use crate::gazetteer::Gazetteer;

/// Where a node comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeSource {
    /// Listed in a gazetteer.
    Gazetteer,
    /// Discovered in the text (a titled or given-name person not in any gazetteer).
    Discovered,
}

/// A node: one entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    pub id: String,
    /// Canonical name.
    pub label: String,
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Gazetteer or discovered.
    pub source: NodeSource,
    /// Mentions in all documents.
    pub mentions: u64,
    /// Documents it occurs in.
    pub documents: u64,
    /// Windows it occurs in.
    pub windows: u64,
    /// Earliest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Gazetteer attributes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Surface forms seen, most frequent first.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// An edge: two entities seen together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Windows shared (the edge's weight).
    pub count: u64,
    /// Documents shared.
    pub documents: u64,
    /// Earliest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Supporting windows.
    pub evidence: Vec<Evidence>,
}

/// Totals the measures need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Documents processed.
    pub documents: u64,
    /// Windows processed.
    pub windows: u64,
    /// Windows that named too many entities to add pairs (see [`Stats::crowded_windows`]).
    #[serde(default)]
    pub crowded_windows: u64,
    /// Mentions linked.
    pub mentions: u64,
    /// Window kind.
    pub window: WindowKind,
    /// The limit past which a window is crowded: the build option `max_window_entities` (0: no
    /// limit).
    #[serde(default)]
    pub max_window_entities: usize,
}

/// Why nodes and links given to [`EntityGraph::from_parts`] do not make one graph. Records are
/// numbered from 1 in the order given (a graph file's order, for [`crate::export::json::read`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartsError {
    /// Two nodes have the same id.
    #[error("node {node} (id {id:?}) lists the id of node {first} again")]
    DuplicateId {
        /// The node that repeats the id.
        node: usize,
        /// The node that has it first.
        first: usize,
        /// The id.
        id: String,
    },
    /// A link names an id that no node has.
    #[error("link {link}: {id:?} is not a node of the graph")]
    MissingNode {
        /// The link.
        link: usize,
        /// The missing id (the source's when both are missing).
        id: String,
    },
    /// A link from a node to itself.
    #[error("link {link}: links {id:?} to itself")]
    SelfLink {
        /// The link.
        link: usize,
        /// The node.
        id: String,
    },
    /// A second link between the same two nodes (in either direction).
    #[error("link {link}: links {a:?} and {b:?} again (link {first})")]
    DuplicateLink {
        /// The link that repeats the pair.
        link: usize,
        /// The link that has it first.
        first: usize,
        /// One end, as the repeating link gives it.
        a: String,
        /// The other end.
        b: String,
    },
}

/// The entity graph.
#[derive(Clone, Debug)]
pub struct EntityGraph {
    /// The petgraph graph; node and edge indexes follow the sorted order.
    pub graph: UnGraph<Node, Edge>,
    /// Totals.
    pub totals: Totals,
    /// The filters that cut this graph out of the one built, in the order applied (added by
    /// [`Filter::apply`](crate::filter::Filter::apply)); empty for a whole graph. The totals
    /// are still the whole graph's.
    pub filtered: Vec<crate::filter::Filter>,
    index: IdMap<String, NodeIndex>,
}

/// Association measures of an edge, from its counts.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// n_ij / (n_i + n_j - n_ij).
    pub jaccard: f64,
    /// 2 n_ij / (n_i + n_j).
    pub dice: f64,
    /// log2(n_ij N / (n_i n_j)).
    pub pmi: f64,
    /// pmi / -log2(n_ij / N), in [-1, 1].
    pub npmi: f64,
    /// Log-likelihood ratio G² of the 2x2 window table.
    pub g2: f64,
}

/// Computes the measures for a pair seen together in `nij` of `n` windows, apart in `ni`, `nj`.
pub fn measures(nij: u64, ni: u64, nj: u64, n: u64) -> Measures {
    let (nij, ni, nj, n) = (nij as f64, ni as f64, nj as f64, n.max(1) as f64);
    let jaccard = if ni + nj - nij > 0.0 {
        nij / (ni + nj - nij)
    } else {
        0.0
    };
    let dice = if ni + nj > 0.0 {
        2.0 * nij / (ni + nj)
    } else {
        0.0
    };
    let (pmi, npmi) = if nij > 0.0 && ni > 0.0 && nj > 0.0 {
        let pmi = (nij * n / (ni * nj)).log2();
        let h = -(nij / n).log2();
        (pmi, if h > 0.0 { pmi / h } else { 1.0 })
    } else {
        (0.0, -1.0)
    };
    // G² over the table [[nij, ni-nij], [nj-nij, n-ni-nj+nij]].
    let cells = [
        (nij, ni * nj / n),
        (ni - nij, ni * (n - nj) / n),
        (nj - nij, (n - ni) * nj / n),
        (n - ni - nj + nij, (n - ni) * (n - nj) / n),
    ];
    let g2 = 2.0
        * cells
            .iter()
            .filter(|(o, e)| *o > 0.0 && *e > 0.0)
            .map(|(o, e)| o * (o / e).ln())
            .sum::<f64>();
    let round = |x: f64| (x * 1e6).round() / 1e6;
    Measures {
        jaccard: round(jaccard),
        dice: round(dice),
        pmi: round(pmi),
        npmi: round(npmi),
        g2: round(g2.max(0.0)),
    }
}

impl EntityGraph {
    /// Builds the graph from statistics; node attributes come from the gazetteer.
    pub fn from_stats(stats: &Stats, gazetteer: &Gazetteer) -> EntityGraph {
        // One node for a person written with umlauts and with them written out.
        let joined = stats.umlaut_forms_joined();
        let stats = joined.as_ref().unwrap_or(stats);
        let mut ids: Vec<&std::sync::Arc<str>> = stats.entities.keys().collect();
        ids.par_sort_unstable();
        let nodes = ids.iter().map(|&id| {
            let s = &stats.entities[id];
            let mut aliases: Vec<(&String, &u64)> = s.surfaces.iter().collect();
            aliases.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let ent = gazetteer.get(id);
            Node {
                id: id.to_string(),
                label: match ent {
                    Some(e) => e.name.clone(),
                    None => s.display_label().to_string(),
                },
                kind: s.kind.clone(),
                source: if s.discovered {
                    NodeSource::Discovered
                } else {
                    NodeSource::Gazetteer
                },
                mentions: s.mentions,
                documents: s.documents,
                windows: s.windows,
                first_seen: s.first_seen.clone(),
                last_seen: s.last_seen.clone(),
                attributes: ent.map(|e| e.attributes.clone()).unwrap_or_default(),
                aliases: aliases
                    .into_iter()
                    .take(crate::cooccur::MAX_SURFACES)
                    .map(|(a, _)| a.clone())
                    .collect(),
            }
        });
        let mut pairs: Vec<(&(std::sync::Arc<str>, std::sync::Arc<str>), _)> =
            stats.pairs.iter().collect();
        pairs.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut graph = UnGraph::with_capacity(ids.len(), pairs.len());
        let mut index = IdMap::default();
        index.reserve(ids.len());
        for (id, node) in ids.iter().zip(nodes) {
            let ix = graph.add_node(node);
            index.insert(id.to_string(), ix);
        }
        for ((a, b), p) in pairs {
            if let (Some(&x), Some(&y)) = (index.get(&**a), index.get(&**b)) {
                let edge = Edge {
                    count: p.windows,
                    documents: p.documents,
                    first_seen: p.first_seen.clone(),
                    last_seen: p.last_seen.clone(),
                    evidence: p.evidence.clone(),
                };
                graph.add_edge(x, y, edge);
            }
        }
        EntityGraph {
            graph,
            totals: Totals {
                documents: stats.documents,
                windows: stats.windows,
                crowded_windows: stats.crowded_windows,
                mentions: stats.mentions,
                window: stats.window,
                max_window_entities: stats.max_window_entities,
            },
            filtered: Vec::new(),
            index,
        }
    }

    /// Builds the graph from nodes and (source id, target id, edge) triples, kept in the order
    /// given. They must make one graph: every id once, every link between two of the nodes, no
    /// node linked to itself, each pair linked once. Otherwise the error names the first record
    /// at fault by its number (from 1, in the order given); nothing is dropped.
    pub fn from_parts(
        nodes: impl IntoIterator<Item = Node>,
        edges: impl IntoIterator<Item = (String, String, Edge)>,
        totals: Totals,
    ) -> Result<EntityGraph, PartsError> {
        let nodes = nodes.into_iter();
        let mut graph = UnGraph::with_capacity(nodes.size_hint().0, 0);
        let mut index: IdMap<String, NodeIndex> = IdMap::default();
        for n in nodes {
            match index.entry(n.id.clone()) {
                Entry::Occupied(first) => {
                    return Err(PartsError::DuplicateId {
                        node: graph.node_count() + 1,
                        first: first.get().index() + 1,
                        id: n.id,
                    });
                }
                Entry::Vacant(slot) => {
                    slot.insert(graph.add_node(n));
                }
            }
        }
        // The link number of each pair of nodes, smaller index first.
        let mut pairs: IdMap<(NodeIndex, NodeIndex), usize> = IdMap::default();
        for (i, (a, b, e)) in edges.into_iter().enumerate() {
            let link = i + 1;
            let end = |id: &String| {
                index
                    .get(id)
                    .copied()
                    .ok_or_else(|| PartsError::MissingNode {
                        link,
                        id: id.clone(),
                    })
            };
            let (x, y) = (end(&a)?, end(&b)?);
            if x == y {
                return Err(PartsError::SelfLink { link, id: a });
            }
            if let Some(first) = pairs.insert((x.min(y), x.max(y)), link) {
                return Err(PartsError::DuplicateLink { link, first, a, b });
            }
            graph.add_edge(x, y, e);
        }
        Ok(EntityGraph {
            graph,
            totals,
            filtered: Vec::new(),
            index,
        })
    }

    /// The node index of an id.
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Nodes in order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.graph.node_weights()
    }

    /// Edges in order as (source node, target node, edge), the smaller id first.
    pub fn edges(&self) -> impl Iterator<Item = (&Node, &Node, &Edge)> {
        self.graph.edge_indices().map(move |e| {
            let (a, b) = self.graph.edge_endpoints(e).expect("edge exists");
            let (na, nb) = (&self.graph[a], &self.graph[b]);
            let (na, nb) = if na.id <= nb.id { (na, nb) } else { (nb, na) };
            (na, nb, &self.graph[e])
        })
    }

    /// The measures of an edge between two nodes.
    pub fn edge_measures(&self, a: &Node, b: &Node, e: &Edge) -> Measures {
        measures(e.count, a.windows, b.windows, self.totals.windows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_values() {
        let m = measures(10, 10, 10, 100);
        assert_eq!(m.jaccard, 1.0);
        assert_eq!(m.dice, 1.0);
        assert_eq!(m.npmi, 1.0);
        assert!((m.pmi - (10.0f64).log2()).abs() < 1e-6);
        assert!(m.g2 > 0.0);
        let ind = measures(1, 10, 10, 100);
        assert_eq!(ind.pmi, 0.0);
        assert_eq!(ind.g2, 0.0);
        assert_eq!(measures(0, 0, 0, 0).npmi, -1.0);
    }

    /// Every record that would not fit one graph is an error naming it; none is dropped (a
    /// dangling link used to vanish without a word).
    #[test]
    fn from_parts_refuses_records_that_make_no_graph() {
        use crate::filter::tests::{edge, node};
        let totals = Totals {
            documents: 1,
            windows: 10,
            crowded_windows: 0,
            mentions: 10,
            window: WindowKind::Sentence,
            max_window_entities: 0,
        };
        let build = |ids: &[&str], links: &[(&str, &str)]| {
            EntityGraph::from_parts(
                ids.iter().map(|id| node(id, "person", None)),
                links
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string(), edge(1, None))),
                totals,
            )
        };
        let abc = ["a", "b", "c"];
        // Node ids, links, the error.
        type Row<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
        let rows: [Row; 6] = [
            (
                &["a", "b", "a"],
                &[],
                r#"node 3 (id "a") lists the id of node 1 again"#,
            ),
            (
                &abc,
                &[("a", "b"), ("b", "x")],
                r#"link 2: "x" is not a node of the graph"#,
            ),
            (
                &abc,
                &[("x", "y")],
                r#"link 1: "x" is not a node of the graph"#,
            ),
            (
                &abc,
                &[("a", "b"), ("c", "c")],
                r#"link 2: links "c" to itself"#,
            ),
            (
                &abc,
                &[("a", "b"), ("b", "c"), ("b", "a")],
                r#"link 3: links "b" and "a" again (link 1)"#,
            ),
            (
                &abc,
                &[("c", "a"), ("a", "c")],
                r#"link 2: links "a" and "c" again (link 1)"#,
            ),
        ];
        for (ids, links, message) in rows {
            let got = build(ids, links).map(|g| g.graph.edge_count());
            assert_eq!(
                got.map_err(|e| e.to_string()),
                Err(message.to_string()),
                "{ids:?} {links:?}"
            );
        }
        let g = build(&abc, &[("b", "a"), ("c", "a")]).unwrap();
        let edges: Vec<(&str, &str)> = g.edges().map(|(a, b, _)| (&*a.id, &*b.id)).collect();
        assert_eq!(edges, [("a", "b"), ("a", "c")]);
        assert_eq!(g.node_index("c").map(|i| i.index()), Some(2));
    }
}
