//! `entigraph diff OLD NEW`: the links that appeared, disappeared or changed most between two
//! graphs (for example last week's build and this week's).
//!
//! Links are matched by their two entity ids. "Changed most" ranks the links present in both
//! by how much their count changed (absolute), then by ids.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use entigraph::EntityGraph;
use entigraph::export::Count;
use entigraph::export::json::Manifest;
use entigraph::filter::Filter;
use serde::Serialize;

use super::export::read_graph;
use super::filter::{FilterArgs, check_against_all};
use super::query::table;

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The filters choose the links and entities listed: those that pass in \
                        either graph, each with its counts in the whole graphs, so a link over \
                        --min-count only this week changed rather than appeared."
)]
pub(crate) struct Args {
    /// The older graph: a graph.json file, or a directory holding one.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The newer graph: a graph.json file, or a directory holding one.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Show at most N links or entities in each list.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    limit: usize,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    filter: FilterArgs,
}

/// One link in a diff.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct LinkChange {
    source: String,
    target: String,
    source_label: String,
    target_label: String,
    old_count: u64,
    new_count: u64,
    change: i64,
}

/// One entity in a diff: its mentions in either graph (0 where it is absent).
#[derive(Clone, Debug, PartialEq, Serialize)]
struct EntityChange {
    id: String,
    label: String,
    #[serde(rename = "type")]
    kind: String,
    old_mentions: u64,
    new_mentions: u64,
    change: i64,
}

/// The whole diff.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct Diff {
    /// Every entity only the new graph has, by id.
    entities_added: Vec<String>,
    /// Every entity only the old graph has, by id.
    entities_removed: Vec<String>,
    /// The entities added, most mentioned first, cut to the limit.
    entities_added_top: Vec<EntityChange>,
    /// The entities removed, most mentioned first, cut to the limit.
    entities_removed_top: Vec<EntityChange>,
    /// The entities in both whose mentions changed most, cut to the limit.
    entities_changed: Vec<EntityChange>,
    appeared: Vec<LinkChange>,
    disappeared: Vec<LinkChange>,
    changed: Vec<LinkChange>,
    /// Totals before the lists were cut to the limit.
    counts: BTreeMap<&'static str, usize>,
}

type Links = BTreeMap<(String, String), (String, String, u64)>;

fn links(g: &EntityGraph) -> Links {
    g.edges()
        .map(|(a, b, e)| {
            (
                (a.id.clone(), b.id.clone()),
                (a.label.clone(), b.label.clone(), e.count),
            )
        })
        .collect()
}

/// What a filter keeps of either graph: the links and entities a diff lists.
struct Kept {
    links: BTreeSet<(String, String)>,
    ids: BTreeSet<String>,
}

impl Kept {
    /// The links and entities `filter` keeps in `old` or in `new`.
    fn new(filter: &Filter, old: &EntityGraph, new: &EntityGraph) -> Kept {
        let (fo, fnew) = (filter.apply(old), filter.apply(new));
        Kept {
            links: (links(&fo).into_keys())
                .chain(links(&fnew).into_keys())
                .collect(),
            ids: (fo.nodes().chain(fnew.nodes()))
                .map(|n| n.id.clone())
                .collect(),
        }
    }
}

/// The diff of two graphs; with `kept`, of the links and entities it holds, with their counts
/// in the whole graphs (a link under `--min-count 3` in one week and over it in the next
/// changed; it did not appear).
fn diff(old: &EntityGraph, new: &EntityGraph, limit: usize, kept: Option<&Kept>) -> Diff {
    let (mut lo, mut ln) = (links(old), links(new));
    if let Some(k) = kept {
        lo.retain(|pair, _| k.links.contains(pair));
        ln.retain(|pair, _| k.links.contains(pair));
    }
    let change =
        |k: &(String, String), labels: &(String, String, u64), o: u64, n: u64| LinkChange {
            source: k.0.clone(),
            target: k.1.clone(),
            source_label: labels.0.clone(),
            target_label: labels.1.clone(),
            old_count: o,
            new_count: n,
            change: n as i64 - o as i64,
        };
    let rank = |v: &mut Vec<LinkChange>| {
        v.sort_by(|a, b| {
            b.change
                .unsigned_abs()
                .cmp(&a.change.unsigned_abs())
                .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
        })
    };
    let mut appeared: Vec<LinkChange> = ln
        .iter()
        .filter(|(k, _)| !lo.contains_key(*k))
        .map(|(k, v)| change(k, v, 0, v.2))
        .collect();
    let mut disappeared: Vec<LinkChange> = lo
        .iter()
        .filter(|(k, _)| !ln.contains_key(*k))
        .map(|(k, v)| change(k, v, v.2, 0))
        .collect();
    let mut changed: Vec<LinkChange> = ln
        .iter()
        .filter_map(|(k, v)| {
            let o = lo.get(k)?;
            (o.2 != v.2).then(|| change(k, v, o.2, v.2))
        })
        .collect();
    rank(&mut appeared);
    rank(&mut disappeared);
    rank(&mut changed);
    // id -> (label, type, mentions) of the entities listed.
    let entities = |g: &EntityGraph| -> BTreeMap<String, (String, String, u64)> {
        g.nodes()
            .filter(|n| kept.is_none_or(|k| k.ids.contains(&n.id)))
            .map(|n| (n.id.clone(), (n.label.clone(), n.kind.clone(), n.mentions)))
            .collect()
    };
    let (eo, en) = (entities(old), entities(new));
    let entity =
        |id: &String, (label, kind, _): &(String, String, u64), o: u64, n: u64| EntityChange {
            id: id.clone(),
            label: label.clone(),
            kind: kind.clone(),
            old_mentions: o,
            new_mentions: n,
            change: n as i64 - o as i64,
        };
    let rank_entities = |v: &mut Vec<EntityChange>| {
        v.sort_by(|a, b| {
            (b.change.unsigned_abs().cmp(&a.change.unsigned_abs())).then_with(|| a.id.cmp(&b.id))
        })
    };
    let mut added: Vec<EntityChange> = (en.iter())
        .filter(|(id, _)| !eo.contains_key(*id))
        .map(|(id, v)| entity(id, v, 0, v.2))
        .collect();
    let mut removed: Vec<EntityChange> = (eo.iter())
        .filter(|(id, _)| !en.contains_key(*id))
        .map(|(id, v)| entity(id, v, v.2, 0))
        .collect();
    let mut entities_changed: Vec<EntityChange> = (en.iter())
        .filter_map(|(id, v)| {
            let o = eo.get(id)?;
            (o.2 != v.2).then(|| entity(id, v, o.2, v.2))
        })
        .collect();
    let entities_added = added.iter().map(|e| e.id.clone()).collect();
    let entities_removed = removed.iter().map(|e| e.id.clone()).collect();
    rank_entities(&mut added);
    rank_entities(&mut removed);
    rank_entities(&mut entities_changed);
    let counts = BTreeMap::from([
        ("appeared", appeared.len()),
        ("disappeared", disappeared.len()),
        ("changed", changed.len()),
        (
            "unchanged",
            ln.iter()
                .filter(|(k, v)| lo.get(*k).is_some_and(|o| o.2 == v.2))
                .count(),
        ),
        ("entities_changed", entities_changed.len()),
    ]);
    appeared.truncate(limit);
    disappeared.truncate(limit);
    changed.truncate(limit);
    added.truncate(limit);
    removed.truncate(limit);
    entities_changed.truncate(limit);
    Diff {
        entities_added,
        entities_removed,
        entities_added_top: added,
        entities_removed_top: removed,
        entities_changed,
        appeared,
        disappeared,
        changed,
        counts,
    }
}

fn print(d: &Diff, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} appeared, {} disappeared, {} changed, {} unchanged; {} added, {} removed, {} \
         mentioned more or less often",
        Count(d.counts["appeared"] as u64, "link", "links"),
        d.counts["disappeared"],
        d.counts["changed"],
        d.counts["unchanged"],
        Count(d.entities_added.len() as u64, "entity", "entities"),
        d.entities_removed.len(),
        d.counts["entities_changed"]
    )?;
    for (title, list) in [
        ("appeared", &d.appeared),
        ("disappeared", &d.disappeared),
        ("changed most", &d.changed),
    ] {
        let rows = (list.iter()).map(|c| {
            let names = [c.source_label.clone(), c.target_label.clone()];
            names
                .into_iter()
                .chain(counts(c.old_count, c.new_count, c.change))
                .collect()
        });
        section(out, title, &["source", "target"], rows.collect())?;
    }
    for (title, list) in [
        ("entities added (mentions)", &d.entities_added_top),
        ("entities removed (mentions)", &d.entities_removed_top),
        ("entities whose mentions changed most", &d.entities_changed),
    ] {
        let rows = (list.iter()).map(|e| {
            let names = [e.label.clone(), e.kind.clone()];
            names
                .into_iter()
                .chain(counts(e.old_mentions, e.new_mentions, e.change))
                .collect()
        });
        section(out, title, &["entity", "type"], rows.collect())?;
    }
    Ok(())
}

/// The old and new counts and the change, as a row of a diff's table ends.
fn counts(old: u64, new: u64, change: i64) -> [String; 3] {
    [old.to_string(), new.to_string(), format!("{change:+}")]
}

/// One list of a diff as a table under its title, its columns `names` then old, new and change;
/// nothing for an empty list.
fn section(
    out: &mut dyn Write,
    title: &str,
    names: &[&str],
    rows: Vec<Vec<String>>,
) -> std::io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}:")?;
    let header: Vec<&str> = names
        .iter()
        .copied()
        .chain(["old", "new", "change"])
        .collect();
    table(out, &header, &rows)
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Options first, as every command checks them before reading anything.
    args.filter.filter()?;
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        return Err(super::Usage(
            "standard input (-) can be read once: give at most one graph as -".into(),
        )
        .into());
    }
    let old = read_graph(&args.old)?;
    let new = read_graph(&args.new)?;
    for setting in settings_apart(&old.manifest, &new.manifest) {
        message!(
            "entigraph: warning: the graphs were built with {setting}: links may differ by the \
             settings, not by the news"
        );
    }
    // A graph written through a filter (graph.json's manifest says which) lacks what the filter
    // cut: compared with a graph cut otherwise, those links would show as appeared or vanished.
    if old.manifest.filtered != new.manifest.filtered {
        let shown = |f: &[entigraph::filter::Filter]| {
            if f.is_empty() {
                "none".to_string()
            } else {
                entigraph::filter::describe(f)
            }
        };
        message!(
            "entigraph: warning: the graphs were cut by different filters (old: {}, new: {}): \
             links may differ by the filters, not by the news",
            shown(&old.manifest.filtered),
            shown(&new.manifest.filtered)
        );
    }
    let mut filter = args.filter.filter()?;
    check_against_all(&mut filter, &[&old.graph, &new.graph])?;
    let kept = (!filter.is_empty()).then(|| Kept::new(&filter, &old.graph, &new.graph));
    let d = diff(&old.graph, &new.graph, args.limit, kept.as_ref());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let res = if args.json {
        serde_json::to_writer_pretty(&mut out, &d)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print(&d, &mut out)
    }
    .and_then(|()| out.flush());
    match res {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

/// The build settings that differ between two graphs and change what is counted (the number of
/// evidence snippets kept does not), each as "different X (old: a, new: b)".
fn settings_apart(old: &Manifest, new: &Manifest) -> Vec<String> {
    let (a, b) = (&old.options, &new.options);
    let mut out = Vec::new();
    let mut differ = |what: &str, x: String, y: String| {
        if x != y {
            out.push(format!("different {what} (old: {x}, new: {y})"));
        }
    };
    differ(
        "windows",
        a.window.as_str().into(),
        b.window.as_str().into(),
    );
    differ("demonyms", a.demonyms.to_string(), b.demonyms.to_string());
    differ("capitals", a.capitals.to_string(), b.capitals.to_string());
    differ(
        "diacritic folding",
        a.fold_diacritics.to_string(),
        b.fold_diacritics.to_string(),
    );
    differ("discovery", a.discover.to_string(), b.discover.to_string());
    differ(
        "leaving out of repeated stories (--dedupe)",
        a.dedupe.to_string(),
        b.dedupe.to_string(),
    );
    let limit = |n: usize| {
        if n == 0 {
            "none".to_string()
        } else {
            n.to_string()
        }
    };
    differ(
        "limit of entities per window",
        limit(a.max_window_entities),
        limit(b.max_window_entities),
    );
    differ(
        "gazetteers",
        old.gazetteer.hash.clone(),
        new.gazetteer.hash.clone(),
    );
    differ("versions of entigraph", old.tool.clone(), new.tool.clone());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use entigraph::graph::{Edge, Node, NodeSource, Totals};

    fn graph(edges: &[(&str, &str, u64)]) -> EntityGraph {
        graph_mentioned(edges, &[])
    }

    /// A graph of `edges` whose entities are mentioned once, or as often as `mentions` says.
    fn graph_mentioned(edges: &[(&str, &str, u64)], mentions: &[(&str, u64)]) -> EntityGraph {
        let mut ids: Vec<&str> = edges.iter().flat_map(|e| [e.0, e.1]).collect();
        ids.sort();
        ids.dedup();
        EntityGraph::from_parts(
            ids.iter().map(|id| Node {
                id: id.to_string(),
                label: id.to_uppercase(),
                kind: "person".into(),
                source: NodeSource::Gazetteer,
                mentions: mentions.iter().find(|m| m.0 == *id).map_or(1, |m| m.1),
                documents: 1,
                windows: 1,
                first_seen: None,
                last_seen: None,
                attributes: Default::default(),
                aliases: vec![],
            }),
            edges.iter().map(|(a, b, c)| {
                (
                    a.to_string(),
                    b.to_string(),
                    Edge {
                        count: *c,
                        documents: 1,
                        first_seen: None,
                        last_seen: None,
                        evidence: vec![],
                    },
                )
            }),
            Totals {
                documents: 1,
                windows: 10,
                crowded_windows: 0,
                mentions: 1,
                window: entigraph::WindowKind::Sentence,
                max_window_entities: 0,
            },
        )
        .unwrap()
    }

    #[test]
    fn appeared_disappeared_and_changed() {
        let old = graph(&[("a", "b", 3), ("a", "c", 1), ("b", "c", 2), ("c", "d", 5)]);
        let new = graph(&[("a", "b", 4), ("a", "c", 1), ("c", "d", 1), ("a", "e", 2)]);
        let d = diff(&old, &new, 10, None);
        let pairs = |v: &[LinkChange]| {
            v.iter()
                .map(|c| format!("{}-{}:{}", c.source, c.target, c.change))
                .collect::<Vec<_>>()
        };
        assert_eq!(pairs(&d.appeared), ["a-e:2"]);
        assert_eq!(pairs(&d.disappeared), ["b-c:-2"]);
        assert_eq!(pairs(&d.changed), ["c-d:-4", "a-b:1"]);
        assert_eq!(d.entities_added, ["e"]);
        assert!(d.entities_removed.is_empty());
        assert_eq!(d.counts["unchanged"], 1);
        let d = diff(&old, &new, 1, None);
        assert_eq!(pairs(&d.changed), ["c-d:-4"]);
        assert_eq!(d.counts["changed"], 2);
    }

    #[test]
    fn entities_added_removed_and_changed_are_ranked_by_mentions() {
        let old = graph_mentioned(
            &[("a", "b", 1), ("b", "c", 1), ("b", "d", 1)],
            &[("a", 5), ("b", 2), ("c", 4), ("d", 9)],
        );
        let new = graph_mentioned(
            &[("a", "b", 1), ("a", "e", 1), ("a", "f", 1)],
            &[("a", 1), ("b", 9), ("e", 3), ("f", 7)],
        );
        let d = diff(&old, &new, 10, None);
        let listed = |v: &[EntityChange]| {
            v.iter()
                .map(|e| {
                    format!(
                        "{}:{}:{}:{}",
                        e.id, e.old_mentions, e.new_mentions, e.change
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(listed(&d.entities_added_top), ["f:0:7:7", "e:0:3:3"]);
        assert_eq!(listed(&d.entities_removed_top), ["d:9:0:-9", "c:4:0:-4"]);
        assert_eq!(listed(&d.entities_changed), ["b:2:9:7", "a:5:1:-4"]);
        // The full lists of ids stay in id order.
        assert_eq!(d.entities_added, ["e", "f"]);
        assert_eq!(d.entities_removed, ["c", "d"]);
        let d = diff(&old, &new, 1, None);
        assert_eq!(listed(&d.entities_added_top), ["f:0:7:7"]);
        assert_eq!(listed(&d.entities_changed), ["b:2:9:7"]);
        assert_eq!(d.entities_added.len(), 2);
        assert_eq!(d.counts["entities_changed"], 2);
        let mut text = Vec::new();
        print(&d, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("entities added (mentions):\nentity  type    old  new  change\nF       person    0    7      +7\n"), "{text}");
        assert!(text.contains("entities removed (mentions):\n"), "{text}");
        assert!(
            text.contains("entities whose mentions changed most:\n"),
            "{text}"
        );
    }
}
