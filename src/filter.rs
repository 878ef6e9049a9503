//! Filters that cut a graph down before it is written or queried.
//!
//! [`Filter::apply`] returns a new graph; it never changes counts, only drops nodes and edges.
//! The steps run in a fixed order, so the result does not depend on how the filter was given:
//!
//! 1. `types`: keep only nodes of these types (and the edges between them), and the nodes
//!    `named` (the entities a query asks about), whatever their type; `exclude`: leave out
//!    the entities of these ids and their edges, such as a publisher its own stories name (the
//!    BBC in the BBC's news). Names given by a user become ids with
//!    [`Filter::resolve_exclude`].
//! 2. `since` / `until`: keep the nodes and edges whose `[first_seen, last_seen]` dates overlap
//!    the range (both ends inclusive). Dates are compared as ISO-8601 text; a bound may be a
//!    year (`2015`), a month (`2015-09`) or a day (`2015-09-17`), and `until` takes in the whole
//!    year, month or day it names. Nodes and edges without dates are dropped when a bound is
//!    given, because nothing shows they fall in the range. Counts stay totals over all
//!    documents (the graph keeps no per-date counts); to count only a period, build from that
//!    period (`build --since/--until` skips documents outside it).
//! 3. `min_count`: keep edges seen together in at least this many windows.
//! 4. `top_per_node`: keep an edge when it is among the K strongest (by count) of either end.
//! 5. `top_edges`: keep the K strongest edges overall.
//! 6. `drop_isolated`: drop nodes left without edges.
//!
//! Ties in 4 and 5 are broken by the (source, target) ids, so the cut is deterministic.
//!
//! A filtered graph says so: [`Filter::apply`] adds the filter, as given, to the graph's
//! [`filtered`](EntityGraph::filtered) list, which graph.json keeps in its manifest and the
//! exports that have a place for it carry (see [`describe`]), so that a part of a graph is not
//! taken for the whole. A graph filtered again lists both filters, in the order applied.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::graph::{Edge, EntityGraph, Node};

/// A graph filter; the default keeps everything.
///
/// As a record of how a graph was cut (in graph.json's manifest), it is a JSON object with the
/// options given, in the order the steps run, and nothing for an option not given:
/// `{"types": ["person"], "exclude": ["agency:bbc"], "since": "2024-03", "until": "2024-04", "min_count": 2,
/// "top_per_node": 3, "top_edges": 50, "drop_isolated": true}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// Keep only nodes of these types (empty: all types).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Leave out the entities of these ids, and their links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Keep what was seen on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Keep what was seen on or before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Least count an edge needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_count: Option<u64>,
    /// Keep an edge only if it is among the K strongest of one of its ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_per_node: Option<usize>,
    /// Keep only the K strongest edges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_edges: Option<usize>,
    /// Drop nodes without edges (after the other steps).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drop_isolated: bool,
    /// Ids of nodes that `types` keeps whatever their type: the entities a question names
    /// (`neighbors China --types person` asks for the people linked to China). On their own
    /// they keep everything. Not recorded: a question is not written to a file.
    #[serde(skip)]
    pub named: BTreeSet<String>,
}

/// The filters that cut a graph, in words, in the order applied ("top 2 links; then types
/// person"): for the places an export has for a line of text (GEXF's description, GraphML's
/// graph data, DOT's comment, the HTML page's header, `query stats`). Empty for none.
pub fn describe(filters: &[Filter]) -> String {
    filters
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; then ")
}

impl std::fmt::Display for Filter {
    /// The options given, in the order the steps run: "types person, country, seen 2024-03 to
    /// 2024-04, links in at least 2 windows, top 3 links per entity, top 50 links, isolated
    /// entities dropped".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let links = |k: usize| if k == 1 { "link" } else { "links" };
        let mut parts = Vec::new();
        if !self.types.is_empty() {
            parts.push(format!(
                "{} {}",
                if self.types.len() == 1 {
                    "type"
                } else {
                    "types"
                },
                self.types.join(", ")
            ));
        }
        if !self.exclude.is_empty() {
            parts.push(format!("excluding {}", self.exclude.join(", ")));
        }
        match (&self.since, &self.until) {
            (Some(s), Some(u)) => parts.push(format!("seen {s} to {u}")),
            (Some(s), None) => parts.push(format!("seen since {s}")),
            (None, Some(u)) => parts.push(format!("seen until {u}")),
            (None, None) => {}
        }
        if let Some(m) = self.min_count {
            let windows = if m == 1 { "window" } else { "windows" };
            parts.push(format!("links in at least {m} {windows}"));
        }
        if let Some(k) = self.top_per_node {
            parts.push(format!("top {k} {} per entity", links(k)));
        }
        if let Some(k) = self.top_edges {
            parts.push(format!("top {k} {}", links(k)));
        }
        if self.drop_isolated {
            parts.push("isolated entities dropped".into());
        }
        f.write_str(&parts.join(", "))
    }
}

/// The entity types of the built-in gazetteers; gazetteers may add their own.
pub const BUILTIN_TYPES: [&str; 3] = ["person", "country", "agency"];

/// Checks that a date bound is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real day of the calendar.
pub fn check_date(s: &str) -> Result<()> {
    if is_date(s) {
        Ok(())
    } else {
        Err(Error::Option(format!(
            "date {s:?} is not YYYY, YYYY-MM or YYYY-MM-DD (a real month and day)"
        )))
    }
}

/// Whether `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a month of the year and a day of that
/// month (29 February only in leap years).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = match b.len() {
        4 => (num(0..4), Some(1), Some(1)),
        7 if b[4] == b'-' => (num(0..4), num(5..7), Some(1)),
        10 if b[4] == b'-' && b[7] == b'-' => (num(0..4), num(5..7), num(8..10)),
        _ => return false,
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return false;
    };
    days_in_month(year, month).is_some_and(|days| (1..=days).contains(&day))
}

/// The number of days of `month` (1 to 12) in `year` (29 for February of a leap year: every
/// fourth year, but not a century unless it divides by 400); `None` for no month of the year.
pub fn days_in_month(year: u32, month: u32) -> Option<u32> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// `s` as a document date, if it is one: a date ([`is_date`]), or a full date and a time
/// (`2019-06-05T10:30`, with optional seconds, fraction and zone: `10:30:00.5Z`, `10:30+02:00`),
/// with `T` or a space between them; the space becomes `T`, so that times of one day order
/// alike. Dates are compared as text, so other forms ("June 5, 2019", "yesterday") would be
/// ordered wrongly against `--since`/`--until` and each other.
pub fn document_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    match b.get(10) {
        None => is_date(s).then(|| s.to_string()),
        Some(b'T' | b' ') => {
            let two = |i: usize, max: u8| {
                b.get(i..i + 2).is_some_and(|d| {
                    d.iter().all(u8::is_ascii_digit) && (d[0] - b'0') * 10 + (d[1] - b'0') <= max
                })
            };
            // HH:MM, then optional :SS (60 for a leap second) and .fraction, then an optional
            // zone: Z, +HH:MM or +HHMM.
            let mut at = 16;
            let mut time = two(11, 23) && b.get(13) == Some(&b':') && two(14, 59);
            if time && b.get(at) == Some(&b':') {
                time = two(at + 1, 60);
                at += 3;
                if time && b.get(at) == Some(&b'.') {
                    let digits = b[at + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    time = digits > 0;
                    at += 1 + digits;
                }
            }
            let zone = match b.get(at) {
                None => true,
                Some(b'Z') => at + 1 == b.len(),
                Some(b'+' | b'-') => {
                    let colon = usize::from(b.get(at + 3) == Some(&b':'));
                    two(at + 1, 23) && two(at + 3 + colon, 59) && at + 5 + colon == b.len()
                }
                Some(_) => false,
            };
            (is_date(&s[..10]) && time && zone).then(|| format!("{}T{}", &s[..10], &s[11..]))
        }
        Some(_) => None,
    }
}

impl Filter {
    /// Whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        // `named` only keeps nodes that another option would drop.
        self.min_count.is_none()
            && self.top_edges.is_none()
            && self.top_per_node.is_none()
            && self.types.is_empty()
            && self.exclude.is_empty()
            && !self.drop_isolated
            && !self.has_dates()
    }

    /// Checks the options (dates well formed, range not empty, a number of links to keep
    /// that keeps some).
    pub fn validate(&self) -> Result<()> {
        for (option, k) in [
            ("--top-edges", self.top_edges),
            ("--top-per-node", self.top_per_node),
        ] {
            if k == Some(0) {
                return Err(Error::Option(format!(
                    "{option} 0 would keep no link: give 1 or more"
                )));
            }
        }
        for d in self.since.iter().chain(&self.until) {
            check_date(d)?;
        }
        if let (Some(s), Some(u)) = (&self.since, &self.until)
            && s.as_str() > u.as_str()
            && !s.starts_with(u.as_str())
        {
            return Err(Error::Option(format!(
                "--since {s} is after --until {u}: the range is empty"
            )));
        }
        Ok(())
    }

    /// Whether the filter has a `since` or `until` bound.
    pub fn has_dates(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether the filter keeps entities of type `kind` (case is ignored).
    pub fn keeps_type(&self, kind: &str) -> bool {
        // Compared char by char, lower-cased: nothing allocated per node and edge.
        self.types.is_empty() || self.types.iter().any(|t| same_folded(t, kind))
    }

    /// Whether the filter leaves out entity `n` by its id (`exclude`).
    pub fn excludes(&self, n: &Node) -> bool {
        self.exclude.contains(&n.id)
    }

    /// The filter with the entities `exclude` names in `graph` (an id, label or alias, any case,
    /// accents aside, as [`crate::query::resolve`] reads names) as their ids, each once, and
    /// the names that name no entity or several, which leave out none.
    pub fn resolve_exclude(&self, graph: &EntityGraph) -> (Filter, Vec<crate::query::NameError>) {
        let mut ids: Vec<String> = Vec::new();
        let mut failed = Vec::new();
        for name in &self.exclude {
            match crate::query::resolve(graph, name) {
                Ok(ix) => ids.push(graph.graph[ix].id.clone()),
                Err(e) => failed.push(e),
            }
        }
        let mut seen = BTreeSet::new();
        ids.retain(|id| seen.insert(id.clone()));
        (
            Filter {
                exclude: ids,
                ..self.clone()
            },
            failed,
        )
    }

    /// Checks that every type in `types` is one of `graph`'s types or a built-in one, so that a
    /// misspelt type ("persons") is reported instead of silently keeping nothing.
    pub fn check_types(&self, graph: &EntityGraph) -> Result<()> {
        self.check_types_among(graph.nodes().map(|n| n.kind.as_str()))
    }

    /// Checks that every type in `types` is one of `kinds` (a gazetteer's types, before a build)
    /// or a built-in one.
    pub fn check_types_among<'k>(&self, kinds: impl IntoIterator<Item = &'k str>) -> Result<()> {
        if self.types.is_empty() {
            return Ok(());
        }
        let known: BTreeSet<String> = kinds
            .into_iter()
            .map(str::to_lowercase)
            .chain(BUILTIN_TYPES.map(String::from))
            .collect();
        match self
            .types
            .iter()
            .find(|t| !known.contains(&t.to_lowercase()))
        {
            None => Ok(()),
            Some(t) => Err(Error::Option(format!(
                "--types: no type is called {t:?}; the types are {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// Whether a date range `[first, last]` overlaps the filter's `since`/`until` range. With
    /// no bound everything is kept; with a bound, a missing date is not kept.
    pub fn keeps_dates(&self, first: Option<&str>, last: Option<&str>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (Some(first), Some(last)) = (first.or(last), last.or(first)) else {
            return false;
        };
        if let Some(since) = &self.since
            && !within_since(last, since)
        {
            return false;
        }
        if let Some(until) = &self.until
            && !within_until(first, until)
        {
            return false;
        }
        true
    }

    /// Whether a document dated `date` is counted by `build --since/--until`: dated on or after
    /// `since` (a date of a year or a month before a `since` within it is not), on or before
    /// `until` (its whole period). Unlike [`Filter::keeps_dates`], periods that follow each
    /// other (`--until 2005-06`, then `--since 2005-07`) share no document, so appending one to
    /// the other counts each once.
    pub fn keeps_document(&self, date: Option<&str>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(date) = date else {
            return false;
        };
        self.since.as_deref().is_none_or(|since| date >= since)
            && self
                .until
                .as_deref()
                .is_none_or(|until| within_until(date, until))
    }

    /// Filters `graph` in place; a filter that keeps everything leaves it untouched.
    pub fn apply_in_place(&self, graph: &mut EntityGraph) {
        if !self.is_empty() {
            *graph = self.apply(graph);
        }
    }

    /// The filter as recorded in a graph it cut: the options given, without the entities a
    /// question named.
    pub fn recorded(&self) -> Filter {
        Filter {
            named: BTreeSet::new(),
            ..self.clone()
        }
    }

    /// Returns the filtered graph (see the module documentation for the steps), with this
    /// filter added to its [`filtered`](EntityGraph::filtered) list unless it keeps
    /// everything.
    pub fn apply(&self, graph: &EntityGraph) -> EntityGraph {
        let node_ok = |n: &Node| {
            (self.keeps_type(&n.kind) || self.named.contains(&n.id))
                && !self.excludes(n)
                && self.keeps_dates(n.first_seen.as_deref(), n.last_seen.as_deref())
        };
        let mut edges: Vec<(&Node, &Node, &Edge)> = graph
            .edges()
            .filter(|(a, b, e)| {
                node_ok(a)
                    && node_ok(b)
                    && self.keeps_dates(e.first_seen.as_deref(), e.last_seen.as_deref())
                    && self.min_count.is_none_or(|m| e.count >= m)
            })
            .collect();
        // Strongest first; ties by ids.
        let strength = |x: &(&Node, &Node, &Edge), y: &(&Node, &Node, &Edge)| {
            y.2.count
                .cmp(&x.2.count)
                .then_with(|| x.0.id.cmp(&y.0.id))
                .then_with(|| x.1.id.cmp(&y.1.id))
        };
        if let Some(k) = self.top_per_node {
            let mut sorted = edges.clone();
            sorted.sort_by(strength);
            let mut taken: HashMap<&str, usize> = HashMap::new();
            let mut keep: BTreeSet<(&str, &str)> = BTreeSet::new();
            for (a, b, _) in &sorted {
                let ta = taken.entry(a.id.as_str()).or_default();
                let a_ok = *ta < k;
                *ta += 1;
                let tb = taken.entry(b.id.as_str()).or_default();
                let b_ok = *tb < k;
                *tb += 1;
                if a_ok || b_ok {
                    keep.insert((a.id.as_str(), b.id.as_str()));
                }
            }
            edges.retain(|(a, b, _)| keep.contains(&(a.id.as_str(), b.id.as_str())));
        }
        if let Some(k) = self.top_edges {
            edges.sort_by(strength);
            edges.truncate(k);
        }
        let linked: BTreeSet<&str> = edges
            .iter()
            .flat_map(|(a, b, _)| [a.id.as_str(), b.id.as_str()])
            .collect();
        let nodes: Vec<Node> = graph
            .nodes()
            .filter(|n| node_ok(n) && (!self.drop_isolated || linked.contains(n.id.as_str())))
            .cloned()
            .collect();
        let mut out: Vec<(String, String, Edge)> = edges
            .into_iter()
            .map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.clone()))
            .collect();
        out.sort_by(|x, y| (&x.0, &x.1).cmp(&(&y.0, &y.1)));
        // Links kept join kept nodes (a node is kept when its links are), and the graph read
        // had each id and each pair once: what is kept of it is a graph too.
        let mut kept = EntityGraph::from_parts(nodes, out, graph.totals)
            .expect("the kept part of a graph is a graph");
        kept.filtered.clone_from(&graph.filtered);
        if !self.is_empty() {
            kept.filtered.push(self.recorded());
        }
        kept
    }
}

/// Whether `date` is on or before the upper bound `until`, which takes in its whole period:
/// only as many characters as the bound has are compared, so `until 2015-09` keeps
/// `2015-09-30` and `until 2015-09-17` keeps `2015-09-17T23:00`.
pub fn within_until(date: &str, until: &str) -> bool {
    date.get(..until.len()).unwrap_or(date) <= until
}

/// Whether `date`, which may name a whole year or month, reaches the lower bound `since`: a
/// document dated `2005-06` may be from the 15th, so `since 2005-06-15` keeps it, as
/// `until 2005-06-15` does ([`within_until`]); `since 2005-07` does not.
pub fn within_since(date: &str, since: &str) -> bool {
    since.get(..date.len()).unwrap_or(since) <= date
}

/// Whether `a` and `b` are the same when lower-cased (compared char by char, nothing allocated).
fn same_folded(a: &str, b: &str) -> bool {
    (a.chars().flat_map(char::to_lowercase)).eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::WindowKind;
    use crate::graph::{NodeSource, Totals};

    pub(crate) fn node(id: &str, kind: &str, dates: Option<(&str, &str)>) -> Node {
        Node {
            id: id.into(),
            label: id.to_uppercase(),
            kind: kind.into(),
            source: NodeSource::Gazetteer,
            mentions: 10,
            documents: 2,
            windows: 10,
            first_seen: dates.map(|d| d.0.into()),
            last_seen: dates.map(|d| d.1.into()),
            attributes: Default::default(),
            aliases: vec![id.to_string()],
        }
    }

    pub(crate) fn edge(count: u64, dates: Option<(&str, &str)>) -> Edge {
        Edge {
            count,
            documents: 1,
            first_seen: dates.map(|d| d.0.into()),
            last_seen: dates.map(|d| d.1.into()),
            evidence: vec![],
        }
    }

    /// a-b 5, a-c 3, b-c 1, c-d 2 (d a country), e isolated.
    pub(crate) fn sample() -> EntityGraph {
        let d1 = Some(("2015-01-10", "2015-03-01"));
        let d2 = Some(("2016-05-01", "2016-05-02"));
        EntityGraph::from_parts(
            vec![
                node("a", "person", d1),
                node("b", "person", d1),
                node("c", "person", Some(("2015-01-10", "2016-05-02"))),
                node("d", "country", d2),
                node("e", "agency", None),
            ],
            vec![
                ("a".into(), "b".into(), edge(5, d1)),
                ("a".into(), "c".into(), edge(3, d1)),
                ("b".into(), "c".into(), edge(1, d1)),
                ("c".into(), "d".into(), edge(2, d2)),
            ],
            Totals {
                documents: 3,
                windows: 20,
                crowded_windows: 0,
                mentions: 20,
                window: WindowKind::Sentence,
                max_window_entities: 0,
            },
        )
        .unwrap()
    }

    fn shape(g: &EntityGraph) -> (Vec<String>, Vec<String>) {
        (
            g.nodes().map(|n| n.id.clone()).collect(),
            g.edges()
                .map(|(a, b, _)| format!("{}-{}", a.id, b.id))
                .collect(),
        )
    }

    /// Regression: a document or link dated by its month only ("2005-06") was dropped by
    /// `--since 2005-06-15` though kept by `--until 2005-06-15`: a month reaches any day in it.
    #[test]
    fn a_date_of_a_month_or_a_year_reaches_a_day_within_it() {
        let f = |since: &str| Filter {
            since: Some(since.into()),
            ..Filter::default()
        };
        for (date, since, kept) in [
            ("2005-06", "2005-06-15", true),
            ("2005", "2005-06-15", true),
            ("2005-06-15", "2005-06", true),
            ("2005-06-15T10:00", "2005-06-15", true),
            ("2005-05", "2005-06-15", false),
            ("2005-06-14", "2005-06-15", false),
            ("2004", "2005", false),
        ] {
            assert_eq!(
                f(since).keeps_dates(Some(date), Some(date)),
                kept,
                "{date} {since}"
            );
        }
        // A document's date: periods that follow each other share none.
        let until = Filter {
            until: Some("2005-06".into()),
            ..Filter::default()
        };
        for date in ["2005", "2005-06", "2005-06-30", "2005-07", "2005-07-01"] {
            let before = until.keeps_document(Some(date));
            let after = f("2005-07").keeps_document(Some(date));
            assert!(
                before != after,
                "{date}: counted in both periods or in neither"
            );
        }
    }

    #[test]
    fn filters_cut_as_documented() {
        let g = sample();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let rows: Vec<(Filter, Vec<&str>, Vec<&str>)> = vec![
            (
                Filter::default(),
                vec!["a", "b", "c", "d", "e"],
                vec!["a-b", "a-c", "b-c", "c-d"],
            ),
            (
                Filter {
                    min_count: Some(3),
                    drop_isolated: true,
                    ..Default::default()
                },
                vec!["a", "b", "c"],
                vec!["a-b", "a-c"],
            ),
            (
                Filter {
                    top_edges: Some(2),
                    ..Default::default()
                },
                vec!["a", "b", "c", "d", "e"],
                vec!["a-b", "a-c"],
            ),
            (
                Filter {
                    top_per_node: Some(1),
                    ..Default::default()
                },
                vec!["a", "b", "c", "d", "e"],
                vec!["a-b", "a-c", "c-d"],
            ),
            (
                Filter {
                    types: vec!["Person".into()],
                    ..Default::default()
                },
                vec!["a", "b", "c"],
                vec!["a-b", "a-c", "b-c"],
            ),
            (
                Filter {
                    since: Some("2016".into()),
                    ..Default::default()
                },
                vec!["c", "d"],
                vec!["c-d"],
            ),
            (
                Filter {
                    until: Some("2015-03".into()),
                    ..Default::default()
                },
                vec!["a", "b", "c"],
                vec!["a-b", "a-c", "b-c"],
            ),
            (
                Filter {
                    until: Some("2015-01-09".into()),
                    ..Default::default()
                },
                vec![],
                vec![],
            ),
            (
                Filter {
                    types: vec!["person".into()],
                    named: BTreeSet::from(["d".to_string()]),
                    ..Default::default()
                },
                vec!["a", "b", "c", "d"],
                vec!["a-b", "a-c", "b-c", "c-d"],
            ),
            (
                // Named entities alone keep everything.
                Filter {
                    named: BTreeSet::from(["d".to_string()]),
                    ..Default::default()
                },
                vec!["a", "b", "c", "d", "e"],
                vec!["a-b", "a-c", "b-c", "c-d"],
            ),
        ];
        for (f, nodes, edges) in rows {
            assert_eq!(shape(&f.apply(&g)), (s(&nodes), s(&edges)), "{f:?}");
            let mut h = g.clone();
            f.apply_in_place(&mut h);
            assert_eq!(shape(&h), (s(&nodes), s(&edges)), "{f:?} in place");
        }
    }

    #[test]
    fn unknown_types_are_reported_with_the_known_ones() {
        let mut g = sample();
        let ix = g.node_index("e").unwrap();
        g.graph[ix].kind = "ministry".into();
        let f = |t: &[&str]| Filter {
            types: t.iter().map(|x| x.to_string()).collect(),
            ..Default::default()
        };
        for ok in [&[][..], &["Person"], &["ministry", "country"], &["agency"]] {
            assert!(f(ok).check_types(&g).is_ok(), "{ok:?}");
        }
        let err = f(&["person", "persons"]).check_types(&g).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid option: --types: no type is called \"persons\"; the types are agency, \
             country, ministry, person"
        );
    }

    /// A filtered graph did not say so: it passed for the whole graph. Each filter applied
    /// (and not one that keeps everything) is added to the graph's list, as given, without the
    /// entities a question names.
    #[test]
    fn a_filtered_graph_lists_its_filters_in_the_order_applied() {
        let g = sample();
        assert!(g.filtered.is_empty());
        let top = Filter {
            top_edges: Some(2),
            ..Default::default()
        };
        let people = Filter {
            types: vec!["person".into()],
            named: BTreeSet::from(["d".to_string()]),
            ..Default::default()
        };
        let once = top.apply(&g);
        assert_eq!(once.filtered, std::slice::from_ref(&top));
        let mut twice = once.clone();
        people.apply_in_place(&mut twice);
        assert_eq!(twice.filtered, [top.clone(), people.recorded()]);
        assert!(twice.filtered[1].named.is_empty());
        // Keeping everything records nothing, in place or not.
        let named_only = Filter {
            named: BTreeSet::from(["d".to_string()]),
            ..Default::default()
        };
        assert!(named_only.apply(&g).filtered.is_empty());
        let mut same = once.clone();
        Filter::default().apply_in_place(&mut same);
        assert_eq!(same.filtered, [top]);
    }

    /// The record in graph.json: the options given, in the order the steps run, and in words
    /// for the exports that take a line of text.
    #[test]
    fn filters_are_recorded_as_given_and_described_in_words() {
        let all = Filter {
            min_count: Some(2),
            top_edges: Some(50),
            top_per_node: Some(1),
            types: vec!["person".into(), "country".into()],
            exclude: vec!["agency:bbc".into()],
            drop_isolated: true,
            since: Some("2024-03".into()),
            until: Some("2024-04".into()),
            named: BTreeSet::from(["x".to_string()]),
        };
        assert_eq!(
            serde_json::to_string(&all).unwrap(),
            r#"{"types":["person","country"],"exclude":["agency:bbc"],"since":"2024-03","until":"2024-04","min_count":2,"top_per_node":1,"top_edges":50,"drop_isolated":true}"#
        );
        assert_eq!(
            all.to_string(),
            "types person, country, excluding agency:bbc, seen 2024-03 to 2024-04, links in at \
             least 2 windows, top 1 link per entity, top 50 links, isolated entities dropped"
        );
        let read: Filter = serde_json::from_str(r#"{"top_edges": 2}"#).unwrap();
        assert_eq!(
            read,
            Filter {
                top_edges: Some(2),
                ..Default::default()
            }
        );
        assert_eq!(serde_json::to_string(&read).unwrap(), r#"{"top_edges":2}"#);
        let rows: [(Filter, &str); 4] = [
            (
                Filter {
                    types: vec!["person".into()],
                    ..Default::default()
                },
                "type person",
            ),
            (
                Filter {
                    since: Some("2015".into()),
                    min_count: Some(1),
                    ..Default::default()
                },
                "seen since 2015, links in at least 1 window",
            ),
            (
                Filter {
                    until: Some("2015-09-17".into()),
                    top_edges: Some(1),
                    ..Default::default()
                },
                "seen until 2015-09-17, top 1 link",
            ),
            (
                Filter {
                    top_per_node: Some(3),
                    ..Default::default()
                },
                "top 3 links per entity",
            ),
        ];
        for (f, words) in &rows {
            assert_eq!(f.to_string(), *words);
        }
        assert_eq!(
            describe(&[rows[3].0.clone(), rows[0].0.clone()]),
            "top 3 links per entity; then type person"
        );
        assert_eq!(describe(&[]), "");
    }

    /// `exclude` leaves out entities by id, with their links, before the links are ranked;
    /// names become ids as `query` reads them, and a name of none or of several is returned.
    #[test]
    fn excluded_entities_leave_with_their_links() {
        let g = sample();
        let f = Filter {
            exclude: vec!["a".into(), "c".into()],
            ..Default::default()
        };
        assert!(!f.is_empty());
        assert_eq!(
            shape(&f.apply(&g)),
            (
                vec!["b".to_string(), "d".to_string(), "e".to_string()],
                vec![]
            )
        );
        // Ranked after: the strongest link left is c-d (2) once a and its a-b (5) are out.
        let f = Filter {
            exclude: vec!["a".into()],
            top_edges: Some(1),
            ..Default::default()
        };
        assert_eq!(shape(&f.apply(&g)).1, ["c-d"]);
        // Labels ("A" here) in any case, aliases and ids; each id once.
        let f = Filter {
            exclude: vec!["a".into(), "b".into(), "A".into(), "zz".into()],
            ..Default::default()
        };
        let (resolved, failed) = f.resolve_exclude(&g);
        assert_eq!(resolved.exclude, ["a", "b"]);
        assert_eq!(failed.len(), 1);
        assert!(failed[0].to_string().contains("no entity is called \"zz\""));
    }

    /// `--top-edges 0` wrote an empty graph without a word, where `neighbors --top 0` was
    /// refused: a number of links to keep must keep some.
    #[test]
    fn a_filter_that_keeps_no_link_is_refused() {
        for (f, option) in [
            (
                Filter {
                    top_edges: Some(0),
                    ..Default::default()
                },
                "--top-edges",
            ),
            (
                Filter {
                    top_per_node: Some(0),
                    ..Default::default()
                },
                "--top-per-node",
            ),
        ] {
            assert_eq!(
                f.validate().unwrap_err().to_string(),
                format!("invalid option: {option} 0 would keep no link: give 1 or more")
            );
        }
        let one = Filter {
            top_edges: Some(1),
            top_per_node: Some(1),
            ..Default::default()
        };
        assert!(one.validate().is_ok());
    }

    #[test]
    fn dates_are_checked() {
        for ok in [
            "2015",
            "2015-09",
            "2015-09-17",
            "2016-02-29",
            "2000-02-29",
            "2015-12-31",
        ] {
            assert!(check_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "15",
            "2015-9",
            "2015/09/17",
            "yesterday",
            "2015-09-17T00",
            "2020-13",
            "2020-00",
            "2020-02-30",
            "2015-02-29",
            "1900-02-29",
            "2015-04-31",
            "2015-09-00",
            "+015-09-17",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
        for (given, kept) in [
            ("2015-09-17T10:30:00Z", "2015-09-17T10:30:00Z"),
            ("2015-09-17 10:30", "2015-09-17T10:30"),
            (
                "2015-09-17T23:59:59.123+02:00",
                "2015-09-17T23:59:59.123+02:00",
            ),
            ("2015-09-17T23:59:60Z", "2015-09-17T23:59:60Z"),
            ("2015-09-17T10:30-0500", "2015-09-17T10:30-0500"),
            ("2015-09-17T10:30:05", "2015-09-17T10:30:05"),
            ("2015-09", "2015-09"),
            ("2015", "2015"),
        ] {
            assert_eq!(document_date(given).as_deref(), Some(kept), "{given}");
        }
        for bad in [
            "June 15, 2019",
            "",
            "2015-09-17x",
            "2015-09T10:00",
            "2015-09-31T10:00",
            "2015-09-17T",
            "2015-09-17 garbage",
            "2015-09-17T24:00",
            "2015-09-17T10:60",
            "2015-09-17T10:30 Monday",
            "2015-09-17T1é:30",
            "2015-09-17T10:30:61",
            "2015-09-17T10:30:5",
            "2015-09-17T10:30+99:99",
            "2015-09-17T10:30:00ZZ",
            "2015-09-17T10:30:00-",
            "2015-09-17T10:30:00.Z",
            "2015-09-17T10:30+02:0",
        ] {
            assert_eq!(document_date(bad), None, "{bad}");
        }
        let f = Filter {
            since: Some("2016".into()),
            until: Some("2015".into()),
            ..Default::default()
        };
        assert!(f.validate().is_err());
        let f = Filter {
            since: Some("2015-09-17".into()),
            until: Some("2015-09".into()),
            ..Default::default()
        };
        assert!(f.validate().is_ok());
        assert!(f.keeps_dates(Some("2015-09-17T10:00"), Some("2015-09-17T10:00")));
    }
}
