//! Questions asked of a graph: who is linked to an entity, how two entities are connected, on
//! what evidence, which links and entities matter most, and summary statistics.
//!
//! Everything here is a pure function over an [`EntityGraph`]; results are plain serialisable
//! structs, sorted deterministically (ties broken by id). Names are resolved by
//! [`resolve`]: an entity id, label or alias, compared case-insensitively.

use std::collections::{BTreeMap, HashMap, VecDeque};

use petgraph::graph::NodeIndex;
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::cooccur::Evidence;
use crate::graph::{Edge, EntityGraph, Measures, Node};
use crate::text::spelling::typos;

/// How links are ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// Windows shared (n_ij).
    Count,
    /// Documents shared.
    Documents,
    /// Jaccard coefficient n_ij / (n_i + n_j - n_ij).
    Jaccard,
    /// Dice coefficient 2 n_ij / (n_i + n_j).
    Dice,
    /// Pointwise mutual information, log2(n_ij N / (n_i n_j)).
    Pmi,
    /// Normalised PMI, in [-1, 1].
    Npmi,
    /// Log-likelihood ratio G².
    G2,
}

impl Measure {
    /// The value of this measure for an edge between `a` and `b`.
    pub fn of(self, graph: &EntityGraph, a: &Node, b: &Node, e: &Edge) -> f64 {
        let m = || graph.edge_measures(a, b, e);
        match self {
            Measure::Count => e.count as f64,
            Measure::Documents => e.documents as f64,
            Measure::Jaccard => m().jaccard,
            Measure::Dice => m().dice,
            Measure::Pmi => m().pmi,
            Measure::Npmi => m().npmi,
            Measure::G2 => m().g2,
        }
    }
}

/// How entities are ranked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeRank {
    /// Mentions in all documents.
    Mentions,
    /// Documents the entity occurs in.
    Documents,
    /// Number of distinct entities linked to it.
    Degree,
    /// Sum of the counts of its links.
    WeightedDegree,
    /// Betweenness centrality, normalised as networkx does by default (see
    /// [`betweenness_normalized`]).
    Betweenness,
}

/// A name that did not resolve to exactly one entity.
#[derive(Debug, thiserror::Error)]
pub enum NameError {
    /// No entity has this id, label or alias.
    #[error("no entity is called {name:?}{}", hint(candidates))]
    Unknown {
        /// The name asked for.
        name: String,
        /// Entities whose id, label or alias contains the name or is spelled near it, as
        /// `id (label)`.
        candidates: Vec<String>,
    },
    /// Several entities have this label or alias.
    #[error("{name:?} is ambiguous: it may be {}; give the id", candidates.join(", "))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The entities it could be, as `id (label)`.
        candidates: Vec<String>,
    },
}

fn hint(candidates: &[String]) -> String {
    if candidates.is_empty() {
        "; `query GRAPH top --nodes` lists the entities".into()
    } else {
        format!("; did you mean {}?", candidates.join(", "))
    }
}

fn describe(n: &Node) -> String {
    format!("{} ({})", n.id, n.label)
}

/// Finds the entity a user means: by id, else by label, else by alias, ignoring case; else by
/// label or alias as the matcher reads names, without accents, in any Unicode form and with a
/// hyphen read as a space ("Gerhard Schroder" for "Gerhard Schröder", "Al Qaeda" for
/// "al-Qaeda"); else by a name the built-in gazetteers give an entity of the graph, where the
/// graph lists only the names its documents used ("Moscow" for Russia); else without a title
/// before it ("Mr Blair" as "Blair"). Several entities of one name are listed most mentioned
/// first.
pub fn resolve(graph: &EntityGraph, name: &str) -> Result<NodeIndex, NameError> {
    resolve_how(graph, name).map(|(ix, _)| ix)
}

/// How [`resolve`] found an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// By a name the graph holds: its id, label or an alias.
    InGraph,
    /// By a name the built-in gazetteers give it.
    Builtin,
    /// By the name without the title it opened with.
    WithoutTitle,
}

/// [`resolve`], and how the entity was found.
pub fn resolve_how(graph: &EntityGraph, name: &str) -> Result<(NodeIndex, Found), NameError> {
    let unknown = match resolve_in_graph(graph, name) {
        Err(e @ NameError::Unknown { .. }) => e,
        found => return found.map(|ix| (ix, Found::InGraph)),
    };
    match builtin_name_of(graph, name) {
        Err(NameError::Unknown { .. }) => {}
        found => return found.map(|ix| (ix, Found::Builtin)),
    }
    // Only a person: "Doctor Who" is not the WHO, nor "President Jordan" the country.
    match untitled(name).map(|bare| resolve(graph, bare)) {
        Some(Ok(ix)) if graph.graph[ix].kind == "person" => Ok((ix, Found::WithoutTitle)),
        Some(Err(NameError::Ambiguous { candidates, .. })) => Err(NameError::Ambiguous {
            name: name.to_string(),
            candidates,
        }),
        _ => Err(unknown),
    }
}

/// `name` without the title it opens with ("Mr", "President", "Prime Minister"), if it has one
/// and more after it.
pub fn untitled(name: &str) -> Option<&str> {
    use crate::text::normalize::{NormOptions, normalize_str};
    let words = crate::gazetteer::words::Words::builtin();
    let name = name.trim();
    // The longest title first: "Prime Minister Blair", not "Prime" alone.
    let cuts: Vec<usize> = name.match_indices(' ').map(|(i, _)| i).collect();
    cuts.iter().rev().find_map(|&i| {
        let (title, rest) = (name[..i].trim_end_matches('.'), name[i..].trim());
        (!rest.is_empty() && words.is_title_norm(&normalize_str(title, NormOptions::MATCH)))
            .then_some(rest)
    })
}

/// A name as names are compared: as the matcher reads it, a hyphen as a space.
fn name_key(name: &str) -> String {
    use crate::text::normalize::{NormOptions, normalize_str};
    normalize_str(name.trim(), NormOptions::MATCH).replace('-', " ")
}

/// [`resolve`] among the names the graph itself holds.
pub fn resolve_in_graph(graph: &EntityGraph, name: &str) -> Result<NodeIndex, NameError> {
    let want = name.trim().to_lowercase();
    let folded = name_key(name);
    let fold = |x: &str| name_key(x) == folded;
    let tiers: [&dyn Fn(&Node) -> bool; 4] = [
        &|n| n.id.to_lowercase() == want,
        &|n| n.label.to_lowercase() == want,
        &|n| n.aliases.iter().any(|a| a.to_lowercase() == want),
        &|n| !folded.is_empty() && (fold(&n.label) || n.aliases.iter().any(|a| fold(a))),
    ];
    for matches in tiers {
        let hits: Vec<NodeIndex> = graph
            .graph
            .node_indices()
            .filter(|&ix| matches(&graph.graph[ix]))
            .collect();
        if let Some(found) = one_of(graph, name, hits) {
            return found;
        }
    }
    Err(NameError::Unknown {
        name: name.to_string(),
        candidates: candidates(graph, &want),
    })
}

/// The entity among `hits`, or the error naming them all; `None` when there are none.
fn one_of(
    graph: &EntityGraph,
    name: &str,
    mut hits: Vec<NodeIndex>,
) -> Option<Result<NodeIndex, NameError>> {
    match hits.len() {
        0 => None,
        1 => Some(Ok(hits[0])),
        _ => {
            let g = &graph.graph;
            hits.sort_by(|&a, &b| (g[b].mentions.cmp(&g[a].mentions)).then(g[a].id.cmp(&g[b].id)));
            Some(Err(NameError::Ambiguous {
                name: name.to_string(),
                candidates: hits.iter().map(|&ix| describe_counted(&g[ix])).collect(),
            }))
        }
    }
}

fn describe_counted(n: &Node) -> String {
    format!(
        "{} ({}, {} mention{})",
        n.id,
        n.label,
        n.mentions,
        if n.mentions == 1 { "" } else { "s" }
    )
}

/// The entity of the graph that the built-in gazetteers call `name` (by a full name, not a
/// family name alone), as [`resolve`] reads names.
fn builtin_name_of(graph: &EntityGraph, name: &str) -> Result<NodeIndex, NameError> {
    let hits = builtin_names()
        .get(&name_key(name))
        .into_iter()
        .flatten()
        .filter_map(|e| graph.node_index(&e.id))
        .collect();
    one_of(graph, name, hits).unwrap_or_else(|| {
        Err(NameError::Unknown {
            name: name.to_string(),
            candidates: Vec::new(),
        })
    })
}

/// A built-in entity, as the name table holds it.
struct BuiltinEntity {
    id: String,
    name: String,
    person: bool,
}

/// The built-in gazetteers' ids, names and aliases (family names alone aside), as
/// [`name_key`]s, with the entities each names; read on the first name a graph does not hold.
fn builtin_names() -> &'static HashMap<String, Vec<BuiltinEntity>> {
    static NAMES: std::sync::OnceLock<HashMap<String, Vec<BuiltinEntity>>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: HashMap<String, Vec<BuiltinEntity>> = HashMap::new();
        let Ok(gazetteer) = crate::Gazetteer::builtin() else {
            return names;
        };
        for e in gazetteer.entities() {
            let all = [&*e.id, e.name.as_str()].into_iter().chain(
                (e.aliases.iter())
                    .filter(|a| !a.form.is_partial())
                    .map(|a| a.text.as_str()),
            );
            for n in all {
                let entities = names.entry(name_key(n)).or_default();
                if !entities.iter().any(|x| *x.id == *e.id) {
                    entities.push(BuiltinEntity {
                        id: e.id.to_string(),
                        name: e.name.clone(),
                        person: &*e.kind == "person",
                    });
                }
            }
        }
        names
    })
}

/// The built-in entity `name` names (its id, name or an alias, as [`resolve`] reads names; a
/// person's also after a title: "President Xi Jinping"), as id and name, whether or not a graph
/// holds it.
pub fn builtin_entity(name: &str) -> Option<(&'static str, &'static str)> {
    let first = |name: &str, person: bool| {
        (builtin_names().get(&name_key(name)))
            .and_then(|all| all.iter().find(|e| e.person || !person))
    };
    let e = first(name, false).or_else(|| untitled(name).and_then(|bare| first(bare, true)))?;
    Some((&e.id, &e.name))
}

/// At most this many candidates are offered for an unknown name.
const MAX_CANDIDATES: usize = 8;

/// Entities a name that matched none may have meant, as `id (label)`: first those whose id,
/// label or alias contains it (by id), then those with an id, label or alias spelled within a
/// typo or two of it (closest first, then by id). `want` is lowercase.
fn candidates(graph: &EntityGraph, want: &str) -> Vec<String> {
    if want.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &Node)> = graph
        .nodes()
        .filter_map(|n| {
            let names = || {
                std::iter::once(&n.id)
                    .chain(std::iter::once(&n.label))
                    .chain(&n.aliases)
                    .map(|x| x.to_lowercase())
            };
            if names().any(|x| x.contains(want)) {
                return Some((0, n));
            }
            names()
                .filter_map(|x| typos(want, &x))
                .min()
                .map(|d| (d, n))
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    scored
        .into_iter()
        .take(MAX_CANDIDATES)
        .map(|(_, n)| describe(n))
        .collect()
}

/// An entity, as results name it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// Id.
    pub id: String,
    /// Canonical name.
    pub label: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
}

impl Entity {
    /// The entity of a node.
    pub fn of(n: &Node) -> Entity {
        Entity {
            id: n.id.clone(),
            label: n.label.clone(),
            kind: n.kind.clone(),
        }
    }
}

/// An entity reached from the start of [`neighbors`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbor {
    /// The entity.
    #[serde(flatten)]
    pub entity: Entity,
    /// Links from the start (1 for direct neighbours).
    pub depth: usize,
    /// The id of the entity it was reached from (the start for depth 1).
    pub via: String,
    /// The measure of the link from `via`.
    pub value: f64,
    /// The count of that link.
    pub count: u64,
}

fn by_value_then_id(a: (f64, &str), b: (f64, &str)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// The entities within `depth` links of `start`, breadth first. Each entity appears at most
/// once, at its true distance from `start` (fewest links in the whole graph), reached through
/// its strongest link (by `by`) from an entity shown at the level before. `top` keeps only the
/// K strongest new links of each entity expanded, so `--depth 2 --top 5` is the five strongest
/// neighbours and the five strongest of each of theirs; an entity cut by `top` at its own level
/// is left out, never shown further out at a wrong depth. Results are ordered by depth, then by
/// value (highest first), then by id.
pub fn neighbors(
    graph: &EntityGraph,
    start: NodeIndex,
    depth: usize,
    top: Option<usize>,
    by: Measure,
) -> Vec<Neighbor> {
    let g = &graph.graph;
    let dist = distances(graph, start, depth);
    let mut frontier = vec![start];
    let mut out = Vec::new();
    for d in 1..=depth {
        let mut level: BTreeMap<NodeIndex, (f64, NodeIndex, u64)> = BTreeMap::new();
        for &u in &frontier {
            let at_d = |v: NodeIndex| dist.get(&v) == Some(&d);
            for (value, v, count) in strongest_links(graph, u, by, top, at_d) {
                let better = match level.get(&v) {
                    None => true,
                    Some(&(old, via, _)) => {
                        by_value_then_id((value, &g[u].id), (old, &g[via].id)).is_lt()
                    }
                };
                if better {
                    level.insert(v, (value, u, count));
                }
            }
        }
        let mut found: Vec<Neighbor> = level
            .iter()
            .map(|(&v, &(value, via, count))| Neighbor {
                entity: Entity::of(&g[v]),
                depth: d,
                via: g[via].id.clone(),
                value,
                count,
            })
            .collect();
        found.sort_by(|a, b| by_value_then_id((a.value, &a.entity.id), (b.value, &b.entity.id)));
        frontier = level.keys().copied().collect();
        frontier.sort_by(|a, b| g[*a].id.cmp(&g[*b].id));
        out.extend(found);
        if frontier.is_empty() {
            break;
        }
    }
    out
}

/// The distance (fewest links) from `start` of every entity at most `depth` links away,
/// `start` included at 0: plain breadth-first search over the whole graph, so that `--top`
/// cuts never make an entity look further away than it is.
fn distances(graph: &EntityGraph, start: NodeIndex, depth: usize) -> HashMap<NodeIndex, usize> {
    let g = &graph.graph;
    let mut dist = HashMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        let next = dist[&u] + 1;
        if next > depth {
            continue;
        }
        for v in g.neighbors(u) {
            if let std::collections::hash_map::Entry::Vacant(slot) = dist.entry(v) {
                slot.insert(next);
                queue.push_back(v);
            }
        }
    }
    dist
}

/// The links of `u` to entities that `wanted` accepts, as (value by `by`, entity, count),
/// strongest first (ties by id), cut to the `top` strongest.
fn strongest_links(
    graph: &EntityGraph,
    u: NodeIndex,
    by: Measure,
    top: Option<usize>,
    wanted: impl Fn(NodeIndex) -> bool,
) -> Vec<(f64, NodeIndex, u64)> {
    let g = &graph.graph;
    let mut links: Vec<(f64, NodeIndex, u64)> = g
        .edges(u)
        .filter(|e| wanted(e.target()))
        .map(|e| {
            let v = e.target();
            (by.of(graph, &g[u], &g[v], e.weight()), v, e.weight().count)
        })
        .collect();
    links.sort_by(|x, y| by_value_then_id((x.0, &g[x.1].id), (y.0, &g[y.1].id)));
    if let Some(k) = top {
        links.truncate(k);
    }
    links
}

/// A path between two entities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Path {
    /// The entities along the path, first and last included.
    pub nodes: Vec<Entity>,
    /// The count of each link along the path (one fewer than the nodes).
    pub counts: Vec<u64>,
    /// The Dice coefficient of each link.
    pub dice: Vec<f64>,
    /// The product of the Dice coefficients: the path's strength, in (0, 1].
    pub strength: f64,
}

fn path_of(graph: &EntityGraph, ixs: &[NodeIndex]) -> Path {
    let g = &graph.graph;
    let mut counts = Vec::new();
    let mut dice = Vec::new();
    for w in ixs.windows(2) {
        if let Some(e) = g.find_edge(w[0], w[1]) {
            counts.push(g[e].count);
            dice.push(graph.edge_measures(&g[w[0]], &g[w[1]], &g[e]).dice);
        }
    }
    Path {
        nodes: ixs.iter().map(|&ix| Entity::of(&g[ix])).collect(),
        strength: significant6(dice.iter().product()),
        counts,
        dice,
    }
}

/// The shortest path (fewest links) from `a` to `b`; of several with as few links, the
/// strongest (see [`strongest_path`]). By petgraph's A*, a link costing one hop, which outweighs
/// any sum of its weakness `-ln(dice)`.
pub fn shortest_path(graph: &EntityGraph, a: NodeIndex, b: NodeIndex) -> Option<Path> {
    const HOP: f64 = 1e6;
    let g = &graph.graph;
    let (_, ixs) = petgraph::algo::astar(
        g,
        a,
        |n| n == b,
        |e| HOP + weakness(graph, e.source(), e.target(), e.weight()).min(100.0),
        |_| 0.0,
    )?;
    Some(path_of(graph, &ixs))
}

/// A link's cost on the strongest path: `-ln(dice)`, 0 for the strongest links.
fn weakness(graph: &EntityGraph, a: NodeIndex, b: NodeIndex, e: &Edge) -> f64 {
    let g = &graph.graph;
    let d = graph.edge_measures(&g[a], &g[b], e).dice;
    if d > 0.0 { -d.ln().min(0.0) } else { 1e12 }
}

/// The strongest path from `a` to `b`: the one whose links' Dice coefficients have the largest
/// product, found as the shortest path under the cost `-ln(dice)` per link.
pub fn strongest_path(graph: &EntityGraph, a: NodeIndex, b: NodeIndex) -> Option<Path> {
    let (_, ixs) = petgraph::algo::astar(
        &graph.graph,
        a,
        |n| n == b,
        |e| weakness(graph, e.source(), e.target(), e.weight()),
        |_| 0.0,
    )?;
    Some(path_of(graph, &ixs))
}

/// Why two entities are linked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    /// One end.
    pub a: Entity,
    /// The other end.
    pub b: Entity,
    /// Windows shared.
    pub count: u64,
    /// Documents shared.
    pub documents: u64,
    /// First date seen together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Last date seen together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
    /// Association measures.
    pub measures: Measures,
    /// The supporting windows kept in the graph.
    pub evidence: Vec<Evidence>,
}

/// The evidence of the link between `a` and `b`, or `None` when they were never seen together.
pub fn explain(graph: &EntityGraph, a: NodeIndex, b: NodeIndex) -> Option<Explanation> {
    let g = &graph.graph;
    let e = &g[g.find_edge(a, b)?];
    Some(Explanation {
        a: Entity::of(&g[a]),
        b: Entity::of(&g[b]),
        count: e.count,
        documents: e.documents,
        first_seen: e.first_seen.clone(),
        last_seen: e.last_seen.clone(),
        measures: graph.edge_measures(&g[a], &g[b], e),
        evidence: e.evidence.clone(),
    })
}

/// A ranked link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedEdge {
    /// The end with the smaller id.
    pub source: Entity,
    /// The other end.
    pub target: Entity,
    /// The measure ranked by.
    pub value: f64,
    /// Windows shared.
    pub count: u64,
    /// Documents shared.
    pub documents: u64,
}

/// The `k` highest links by `by` (ties: by source then target id).
pub fn top_edges(graph: &EntityGraph, by: Measure, k: usize) -> Vec<RankedEdge> {
    let mut all: Vec<RankedEdge> = graph
        .edges()
        .map(|(a, b, e)| RankedEdge {
            source: Entity::of(a),
            target: Entity::of(b),
            value: by.of(graph, a, b, e),
            count: e.count,
            documents: e.documents,
        })
        .collect();
    all.sort_by(|x, y| {
        y.value
            .total_cmp(&x.value)
            .then_with(|| x.source.id.cmp(&y.source.id))
            .then_with(|| x.target.id.cmp(&y.target.id))
    });
    all.truncate(k);
    all
}

/// A ranked entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankedNode {
    /// The entity.
    #[serde(flatten)]
    pub entity: Entity,
    /// The rank value.
    pub value: f64,
    /// Its degree (distinct entities linked).
    pub degree: usize,
    /// Its mentions.
    pub mentions: u64,
}

/// Betweenness centrality of every node (Brandes' algorithm, unweighted: shortest paths count
/// links). For each unordered pair of other nodes, a node scores the share of the pair's
/// shortest paths that pass through it; the scores are not normalised (networkx's
/// `betweenness_centrality(G, normalized=False)`). Indexed like the graph's nodes. Takes
/// O(nodes × links) time.
pub fn betweenness(graph: &EntityGraph) -> Vec<f64> {
    betweenness_sums(graph).into_iter().map(round6).collect()
}

/// [`betweenness`] divided by the number of pairs of other nodes, (n-1)(n-2)/2, as networkx's
/// `betweenness_centrality` does by default (`normalized=True`): from 0 (on no shortest path)
/// to 1 (the centre of a star: every pair of others connects only through it), comparable
/// between graphs of different sizes, a graph and a filtered part of it among them. With fewer
/// than three nodes no node lies between two others: all are 0.
pub fn betweenness_normalized(graph: &EntityGraph) -> Vec<f64> {
    let n = graph.graph.node_count() as f64;
    let pairs = (n - 1.0) * (n - 2.0) / 2.0;
    betweenness_sums(graph)
        .into_iter()
        .map(|b| round6(if pairs > 0.0 { b / pairs } else { b }))
        .collect()
}

/// A score rounded to 6 decimals, as the measures are, so that outputs do not show the noise of
/// summing shares in another order.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A product of scores to 6 significant digits: a long weak path's strength is far below the
/// 6 decimals the measures keep (4.57e-5 would be 0.000046, and 1e-9 nothing at all).
fn significant6(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{x:.5e}").parse().unwrap_or(x)
}

/// The unrounded, unnormalised betweenness of every node (see [`betweenness`]).
///
/// Brandes' algorithm from every source, the sources shared among threads in fixed runs of
/// [`SOURCES_PER_RUN`]: each run sums its sources in order and the runs are added in order, so
/// the scores do not depend on the number of threads. One source's search touches only its
/// component, and clears only what it touched.
fn betweenness_sums(graph: &EntityGraph) -> Vec<f64> {
    use rayon::prelude::*;
    let g = &graph.graph;
    let n = g.node_count();
    // The neighbours of v are adj[start[v]..start[v + 1]], in petgraph's order.
    let mut start = Vec::with_capacity(n + 1);
    let mut adj: Vec<u32> = Vec::with_capacity(2 * g.edge_count());
    start.push(0usize);
    for v in g.node_indices() {
        adj.extend(g.neighbors(v).map(|w| w.index() as u32));
        start.push(adj.len());
    }
    let csr = Csr { start, adj };
    // An isolated node lies between no pair, and its search adds nothing.
    let sources: Vec<u32> = (0..n as u32).filter(|&s| csr.degree(s) > 0).collect();
    let mut cb = vec![0.0f64; n];
    // A batch of runs at a time, so that memory stays a few score vectors per thread.
    let batch = SOURCES_PER_RUN * 4 * rayon::current_num_threads().max(1);
    for sources in sources.chunks(batch) {
        let runs: Vec<Vec<f64>> = sources
            .par_chunks(SOURCES_PER_RUN)
            .map(|run| {
                let mut b = Brandes::new(n);
                let mut sums = vec![0.0f64; n];
                for &s in run {
                    b.add_from(&csr, s, &mut sums);
                }
                sums
            })
            .collect();
        for sums in runs {
            for (c, x) in cb.iter_mut().zip(sums) {
                *c += x;
            }
        }
    }
    // Each unordered pair was counted from both ends.
    cb.iter().map(|x| x / 2.0).collect()
}

/// Sources summed together by one thread in [`betweenness_sums`].
const SOURCES_PER_RUN: usize = 64;

/// A graph's adjacency in two flat arrays.
struct Csr {
    start: Vec<usize>,
    adj: Vec<u32>,
}

impl Csr {
    fn neighbors(&self, v: u32) -> &[u32] {
        &self.adj[self.start[v as usize]..self.start[v as usize + 1]]
    }

    fn degree(&self, v: u32) -> usize {
        self.neighbors(v).len()
    }
}

/// The buffers of one thread's single-source searches, kept between sources.
struct Brandes {
    /// Nodes in the order the search reached them.
    order: Vec<u32>,
    sigma: Vec<f64>,
    dist: Vec<i64>,
    delta: Vec<f64>,
}

impl Brandes {
    fn new(n: usize) -> Brandes {
        Brandes {
            order: Vec::with_capacity(n),
            sigma: vec![0.0; n],
            dist: vec![-1; n],
            delta: vec![0.0; n],
        }
    }

    /// Adds to `sums` each node's share of the shortest paths from `s`.
    fn add_from(&mut self, g: &Csr, s: u32, sums: &mut [f64]) {
        let Brandes {
            order,
            sigma,
            dist,
            delta,
        } = self;
        order.clear();
        sigma[s as usize] = 1.0;
        dist[s as usize] = 0;
        order.push(s);
        // Breadth first: `order` is its own queue.
        let mut next = 0;
        while let Some(&v) = order.get(next) {
            next += 1;
            let (v, dv) = (v as usize, dist[v as usize]);
            for &w in g.neighbors(v as u32) {
                let w = w as usize;
                if dist[w] < 0 {
                    dist[w] = dv + 1;
                    order.push(w as u32);
                }
                if dist[w] == dv + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        // Farthest first; a node's predecessors are its neighbours one step nearer.
        for &w in order.iter().rev() {
            let w = w as usize;
            let dw = dist[w];
            let share = (1.0 + delta[w]) / sigma[w];
            for &v in g.neighbors(w as u32) {
                let v = v as usize;
                if dist[v] == dw - 1 {
                    delta[v] += sigma[v] * share;
                }
            }
            if w != s as usize {
                sums[w] += delta[w];
            }
        }
        for &v in order.iter() {
            let v = v as usize;
            sigma[v] = 0.0;
            dist[v] = -1;
            delta[v] = 0.0;
        }
    }
}

/// The `k` highest entities by `by` (ties: by id).
pub fn top_nodes(graph: &EntityGraph, by: NodeRank, k: usize) -> Vec<RankedNode> {
    let g = &graph.graph;
    let bc = (by == NodeRank::Betweenness).then(|| betweenness_normalized(graph));
    let mut all: Vec<RankedNode> = g
        .node_indices()
        .map(|ix| {
            let n = &g[ix];
            let degree = g.neighbors(ix).count();
            let value = match by {
                NodeRank::Mentions => n.mentions as f64,
                NodeRank::Documents => n.documents as f64,
                NodeRank::Degree => degree as f64,
                NodeRank::WeightedDegree => g.edges(ix).map(|e| e.weight().count as f64).sum(),
                NodeRank::Betweenness => bc.as_ref().map_or(0.0, |b| b[ix.index()]),
            };
            RankedNode {
                entity: Entity::of(n),
                value,
                degree,
                mentions: n.mentions,
            }
        })
        .collect();
    all.sort_by(|a, b| by_value_then_id((a.value, &a.entity.id), (b.value, &b.entity.id)));
    all.truncate(k);
    all
}

/// Summary statistics of a graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphStats {
    /// Entities.
    pub nodes: usize,
    /// Links.
    pub edges: usize,
    /// Entities per type.
    pub types: BTreeMap<String, usize>,
    /// Entities without links.
    pub isolated: usize,
    /// Connected components (isolated entities included).
    pub components: usize,
    /// Entities in the largest component.
    pub largest_component: usize,
    /// Links / possible links.
    pub density: f64,
    /// Mean links per entity.
    pub mean_degree: f64,
    /// Documents the graph was built from.
    pub documents: u64,
    /// Windows the graph was built from.
    pub windows: u64,
    /// Of those, the windows that named too many entities to add links (lists: see
    /// [`crate::cooccur::Stats::crowded_windows`]).
    pub crowded_windows: u64,
    /// The build's limit past which a window is crowded (`--max-window-entities`; 0: none).
    pub max_window_entities: usize,
    /// Mentions linked.
    pub mentions: u64,
    /// Earliest date seen (when documents had dates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Latest date seen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
}

/// Computes [`GraphStats`].
pub fn stats(graph: &EntityGraph) -> GraphStats {
    let g = &graph.graph;
    let (n, m) = (g.node_count(), g.edge_count());
    let mut types = BTreeMap::new();
    for node in graph.nodes() {
        *types.entry(node.kind.clone()).or_insert(0) += 1;
    }
    let mut uf = UnionFind::<usize>::new(n);
    for e in g.edge_indices() {
        if let Some((a, b)) = g.edge_endpoints(e) {
            uf.union(a.index(), b.index());
        }
    }
    let mut sizes: HashMap<usize, usize> = HashMap::new();
    for i in 0..n {
        *sizes.entry(uf.find(i)).or_insert(0) += 1;
    }
    let round = |x: f64| (x * 1e6).round() / 1e6;
    GraphStats {
        nodes: n,
        edges: m,
        types,
        isolated: g
            .node_indices()
            .filter(|&ix| g.neighbors(ix).next().is_none())
            .count(),
        components: sizes.len(),
        largest_component: sizes.values().copied().max().unwrap_or(0),
        density: if n > 1 {
            round(2.0 * m as f64 / (n as f64 * (n as f64 - 1.0)))
        } else {
            0.0
        },
        mean_degree: if n > 0 {
            round(2.0 * m as f64 / n as f64)
        } else {
            0.0
        },
        documents: graph.totals.documents,
        windows: graph.totals.windows,
        crowded_windows: graph.totals.crowded_windows,
        max_window_entities: graph.totals.max_window_entities,
        mentions: graph.totals.mentions,
        first_seen: graph.nodes().filter_map(|n| n.first_seen.clone()).min(),
        last_seen: graph.nodes().filter_map(|n| n.last_seen.clone()).max(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::tests::sample;

    #[test]
    fn names_resolve_by_id_label_or_alias_in_any_case() {
        let mut g = sample();
        let ix = g.node_index("b").unwrap();
        g.graph[ix].aliases.push("Bee".into());
        g.graph[ix].label = "Same".into();
        let iy = g.node_index("c").unwrap();
        g.graph[iy].label = "same".into();
        assert_eq!(resolve(&g, "A").unwrap(), g.node_index("a").unwrap());
        assert_eq!(resolve(&g, "bEE").unwrap(), ix);
        let err = resolve(&g, "Same").unwrap_err().to_string();
        assert_eq!(
            err,
            "\"Same\" is ambiguous: it may be b (Same, 10 mentions), c (same, 10 mentions); give \
             the id"
        );
        let err = resolve(&g, "zz").unwrap_err().to_string();
        assert!(
            err.starts_with("no entity is called \"zz\"; `query"),
            "{err}"
        );
        let err = resolve(&g, "ee").unwrap_err().to_string();
        assert_eq!(err, "no entity is called \"ee\"; did you mean b (Same)?");
        // Without accents, or with a combining one (NFD), as the matcher reads names.
        let iz = g.node_index("d").unwrap();
        g.graph[iz].label = "Gerhard Schröder".into();
        g.graph[iz].aliases.push("Kristrún Frostadóttir".into());
        for name in [
            "Gerhard Schroder",
            "gerhard schro\u{308}der",
            "Kristrun Frostadottir",
        ] {
            assert_eq!(resolve(&g, name).unwrap(), iz, "{name}");
        }
    }

    /// Of two paths of as few links, the strongest: it had been whichever the search met first.
    #[test]
    fn the_fewest_links_and_of_those_the_strongest() {
        use crate::filter::tests::{edge, node};
        for (weak, strong) in [("b", "c"), ("c", "b")] {
            let nodes: Vec<_> = ["a", "b", "c", "d", "e"]
                .iter()
                .map(|id| node(id, "person", None))
                .collect();
            let mut edges = vec![
                ("a".into(), weak.into(), edge(1, None)),
                (weak.into(), "d".into(), edge(1, None)),
                ("a".into(), strong.into(), edge(9, None)),
                (strong.into(), "d".into(), edge(9, None)),
                // A stronger but longer way.
                ("a".into(), "e".into(), edge(10, None)),
                ("e".into(), "c".into(), edge(10, None)),
            ];
            for _ in 0..2 {
                edges.reverse();
                let g =
                    EntityGraph::from_parts(nodes.clone(), edges.clone(), sample().totals).unwrap();
                let (a, d) = (g.node_index("a").unwrap(), g.node_index("d").unwrap());
                let p = shortest_path(&g, a, d).unwrap();
                let ids: Vec<&str> = p.nodes.iter().map(|n| n.id.as_str()).collect();
                assert_eq!(ids, ["a", strong, "d"]);
            }
        }
    }

    #[test]
    fn names_the_graph_does_not_hold() {
        let mut g = sample();
        // Hyphens read as spaces.
        let ia = g.node_index("a").unwrap();
        g.graph[ia].aliases.push("al-Qaeda".into());
        assert_eq!(resolve_how(&g, "Al Qaeda").unwrap(), (ia, Found::InGraph));
        // A title before a name the graph holds.
        let ib = g.node_index("b").unwrap();
        g.graph[ib].aliases.push("Blair".into());
        assert_eq!(
            resolve_how(&g, "Mr Blair").unwrap(),
            (ib, Found::WithoutTitle)
        );
        assert_eq!(
            resolve_how(&g, "Prime Minister Blair").unwrap(),
            (ib, Found::WithoutTitle)
        );
        assert!(resolve(&g, "Mr Nobody").is_err());
        // The most mentioned first among several of one name.
        let ic = g.node_index("c").unwrap();
        g.graph[ic].aliases.push("Blair".into());
        g.graph[ic].mentions = 99;
        let err = resolve(&g, "Mr Blair").unwrap_err().to_string();
        assert!(
            err.contains("it may be c (C, 99 mentions), b (B, 10 mentions)"),
            "{err}"
        );
        // A built-in entity's name the graph's documents never used.
        let mut g = sample();
        let id = g.node_index("d").unwrap();
        g.graph[id].id = "country:ru".into();
        let g = EntityGraph::from_parts(
            g.nodes().cloned().collect::<Vec<_>>(),
            g.edges()
                .map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.clone()))
                .collect::<Vec<_>>(),
            g.totals,
        )
        .unwrap();
        let ru = g.node_index("country:ru").unwrap();
        assert_eq!(resolve_how(&g, "moscow").unwrap(), (ru, Found::Builtin));
        assert!(resolve(&g, "Beijing").is_err(), "China is not in the graph");
    }

    #[test]
    fn unknown_names_suggest_near_spellings() {
        let mut g = sample();
        let ix = g.node_index("d").unwrap();
        g.graph[ix].label = "China".into();
        let err = resolve(&g, "Chinaa").unwrap_err().to_string();
        assert_eq!(
            err,
            "no entity is called \"Chinaa\"; did you mean d (China)?"
        );
        // Too short for a typo: found as part of a name, or else the entities are listed.
        let err = resolve(&g, "Chi").unwrap_err().to_string();
        assert!(err.ends_with("did you mean d (China)?"), "{err}");
        let err = resolve(&g, "Xyz").unwrap_err().to_string();
        assert!(err.ends_with("lists the entities"), "{err}");
    }

    #[test]
    fn weak_path_strengths_keep_six_significant_digits() {
        assert_eq!(significant6(4.570_536_100_000_000_5e-5), 4.570_54e-5);
        assert_eq!(significant6(1e-9), 1e-9);
        assert_eq!(significant6(0.25), 0.25);
        assert_eq!(significant6(0.0), 0.0);
    }

    #[test]
    fn neighbors_by_depth_and_strength() {
        let g = sample();
        let a = g.node_index("a").unwrap();
        let got: Vec<(String, usize, String, u64)> = neighbors(&g, a, 2, None, Measure::Count)
            .into_iter()
            .map(|n| (n.entity.id, n.depth, n.via, n.count))
            .collect();
        let want = vec![
            ("b".to_string(), 1, "a".to_string(), 5),
            ("c".to_string(), 1, "a".to_string(), 3),
            ("d".to_string(), 2, "c".to_string(), 2),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn neighbors_cut_by_top_are_not_shown_deeper() {
        // a-b 5, a-c 3, b-c 1, c-d 2. With one link per entity expanded, a keeps b; c is a
        // direct neighbour of a cut by --top, so it must not come back at depth 2 through b,
        // and d (only reached through c) is left out too.
        let g = sample();
        let a = g.node_index("a").unwrap();
        for depth in [2, 3] {
            let got: Vec<(String, usize, String)> =
                neighbors(&g, a, depth, Some(1), Measure::Count)
                    .into_iter()
                    .map(|n| (n.entity.id, n.depth, n.via))
                    .collect();
            assert_eq!(got, [("b".into(), 1, "a".into())], "depth {depth}");
        }
        // With two, c is kept at depth 1 and d follows at its true depth, 2.
        let got: Vec<(String, usize)> = neighbors(&g, a, 3, Some(2), Measure::Count)
            .into_iter()
            .map(|n| (n.entity.id, n.depth))
            .collect();
        assert_eq!(got, [("b".into(), 1), ("c".into(), 1), ("d".into(), 2)]);
    }

    #[test]
    fn paths_shortest_and_strongest() {
        let g = sample();
        let (b, d) = (g.node_index("b").unwrap(), g.node_index("d").unwrap());
        let ids = |p: Path| p.nodes.into_iter().map(|e| e.id).collect::<Vec<_>>();
        assert_eq!(ids(shortest_path(&g, b, d).unwrap()), ["b", "c", "d"]);
        // b-c is weak (1), b-a-c is strong (5, 3): the strongest path goes round.
        assert_eq!(ids(strongest_path(&g, b, d).unwrap()), ["b", "a", "c", "d"]);
        assert!(shortest_path(&g, b, g.node_index("e").unwrap()).is_none());
    }

    /// The centre of a star lies on every path between two others: 1 once normalised, as
    /// networkx's `betweenness_centrality(nx.star_graph(3))` gives; two nodes have nothing
    /// between them.
    #[test]
    fn normalised_betweenness_is_the_share_of_pairs_of_others() {
        use crate::filter::tests::{edge, node};
        let star = |leaves: &[&str]| {
            let mut nodes = vec![node("hub", "country", None)];
            nodes.extend(leaves.iter().map(|l| node(l, "person", None)));
            let edges = leaves
                .iter()
                .map(|l| ("hub".to_string(), l.to_string(), edge(1, None)));
            EntityGraph::from_parts(nodes, edges, sample().totals).unwrap()
        };
        let g = star(&["x", "y", "z"]);
        let hub = g.node_index("hub").unwrap().index();
        assert_eq!(betweenness(&g)[hub], 3.0);
        assert_eq!(betweenness_normalized(&g)[hub], 1.0);
        let g = star(&["x"]);
        assert_eq!(betweenness_normalized(&g), [0.0, 0.0]);
    }

    /// Brandes as the textbook writes it, one source after another: what the threaded runs
    /// must give.
    fn betweenness_by_the_book(graph: &EntityGraph) -> Vec<f64> {
        let g = &graph.graph;
        let n = g.node_count();
        let mut cb = vec![0.0f64; n];
        for s in g.node_indices() {
            let mut stack = Vec::new();
            let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut sigma = vec![0.0f64; n];
            let mut dist = vec![-1i64; n];
            sigma[s.index()] = 1.0;
            dist[s.index()] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                stack.push(v);
                for w in g.neighbors(v) {
                    if dist[w.index()] < 0 {
                        dist[w.index()] = dist[v.index()] + 1;
                        queue.push_back(w);
                    }
                    if dist[w.index()] == dist[v.index()] + 1 {
                        sigma[w.index()] += sigma[v.index()];
                        preds[w.index()].push(v.index());
                    }
                }
            }
            let mut delta = vec![0.0f64; n];
            while let Some(w) = stack.pop() {
                let w = w.index();
                for &v in &preds[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != s.index() {
                    cb[w] += delta[w];
                }
            }
        }
        cb.iter().map(|x| round6(x / 2.0)).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Graphs of several runs of sources, with isolated nodes and small components.
        #[test]
        fn threaded_betweenness_is_the_textbook_one(
            n in 2usize..200,
            links in proptest::collection::vec((0usize..200, 0usize..200), 0..600),
        ) {
            let ids: Vec<String> = (0..n).map(|i| format!("n{i:03}")).collect();
            let mut seen = std::collections::BTreeSet::new();
            let edges: Vec<(String, String, Edge)> = links
                .into_iter()
                .map(|(a, b)| (a % n, b % n))
                .filter(|&(a, b)| a != b)
                .map(|(a, b)| (a.min(b), a.max(b)))
                .filter(|p| seen.insert(*p))
                .map(|(a, b)| (ids[a].clone(), ids[b].clone(), crate::filter::tests::edge(1, None)))
                .collect();
            let nodes: Vec<_> = ids
                .iter()
                .map(|id| crate::filter::tests::node(id, "person", None))
                .collect();
            let g = EntityGraph::from_parts(nodes, edges, sample().totals).unwrap();
            let want = betweenness_by_the_book(&g);
            let got = betweenness(&g);
            for (i, (w, x)) in want.iter().zip(&got).enumerate() {
                proptest::prop_assert!((w - x).abs() <= 1e-6, "node {i}: {x}, by the book {w}");
            }
        }
    }

    #[test]
    fn betweenness_matches_a_hand_count() {
        // a-b, a-c, b-c, c-d: every path to d passes c (from a, b): c = 2; others 0.
        let g = sample();
        let bc = betweenness(&g);
        let c = g.node_index("c").unwrap().index();
        assert_eq!(bc[c], 2.0);
        assert_eq!(bc.iter().sum::<f64>(), 2.0);
        // networkx's default divides by the pairs of other nodes, (5-1)(5-2)/2 = 6:
        // betweenness_centrality(G)["c"] == 0.3333333333333333.
        let normalized = betweenness_normalized(&g);
        assert_eq!(normalized[c], 0.333333);
        let top = top_nodes(&g, NodeRank::Betweenness, 1);
        assert_eq!((top[0].entity.id.as_str(), top[0].value), ("c", 0.333333));
        let top = top_nodes(&g, NodeRank::WeightedDegree, 2);
        assert_eq!(top[0].entity.id, "a");
        assert_eq!(top[0].value, 8.0);
    }

    #[test]
    fn stats_count_components() {
        let s = stats(&sample());
        assert_eq!(
            (
                s.nodes,
                s.edges,
                s.isolated,
                s.components,
                s.largest_component
            ),
            (5, 4, 1, 2, 4)
        );
        assert_eq!(s.types["person"], 3);
        assert_eq!(s.first_seen.as_deref(), Some("2015-01-10"));
    }
}
