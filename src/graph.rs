//! The entity graph: a petgraph graph of entities linked by co-occurrence, and the measures
//! computed from its statistics.
//!
//! [`EntityGraph`] is built from [`Stats`] and the gazetteer (for node
//! attributes). Nodes are sorted by id and edges by (source, target) so every export is
//! deterministic.

use std::collections::BTreeMap;

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
    /// Mentions linked.
    pub mentions: u64,
    /// Window kind.
    pub window: WindowKind,
}

/// The entity graph.
#[derive(Clone, Debug)]
pub struct EntityGraph {
    /// The petgraph graph; node and edge indexes follow the sorted order.
    pub graph: UnGraph<Node, Edge>,
    /// Totals.
    pub totals: Totals,
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
                mentions: stats.mentions,
                window: stats.window,
            },
            index,
        }
    }

    /// Builds the graph from nodes and (source id, target id, edge) triples; edges whose
    /// endpoints are missing are dropped.
    pub fn from_parts(
        nodes: impl IntoIterator<Item = Node>,
        edges: impl IntoIterator<Item = (String, String, Edge)>,
        totals: Totals,
    ) -> EntityGraph {
        let mut graph = UnGraph::default();
        let mut index = IdMap::default();
        for n in nodes {
            let id = n.id.clone();
            let ix = graph.add_node(n);
            index.insert(id, ix);
        }
        for (a, b, e) in edges {
            if let (Some(&x), Some(&y)) = (index.get(&a), index.get(&b)) {
                graph.add_edge(x, y, e);
            }
        }
        EntityGraph {
            graph,
            totals,
            index,
        }
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
}
