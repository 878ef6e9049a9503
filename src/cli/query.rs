//! `entigraph query`: neighbours, paths, evidence, top links and entities, statistics.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use entigraph::EntityGraph;
use entigraph::cooccur::{About, Evidence};
use entigraph::export::Count;
use entigraph::filter::Filter;
use entigraph::graph::Node;
use entigraph::query::{self, GraphStats, Measure, NameError, NodeRank};
use entigraph::text::cut_chars;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::Usage;
use super::export::read_graph;
use super::filter::{FilterArgs, check_against, links_to_keep};

/// Arguments of `query`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The entities a question names are kept whatever their type: --types \
                        chooses the others (`neighbors China --types person,agency` lists the \
                        people and agencies linked to China)."
)]
pub(crate) struct Args {
    /// The graph: a graph.json file, or a directory holding one (as `build` writes), or - for
    /// stdin.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(subcommand)]
    command: QueryCommand,
}

/// The questions.
#[derive(Debug, Subcommand)]
enum QueryCommand {
    /// Entities linked to NAME (an id, label or alias, any case), strongest first.
    Neighbors {
        /// The entity.
        name: String,
        /// Follow links this many steps out (at least 1).
        #[arg(long, default_value_t = 1, value_name = "N", value_parser = depth)]
        depth: usize,
        /// Keep the K strongest new links of each entity expanded.
        #[arg(long, value_name = "K", value_parser = links_to_keep)]
        top: Option<usize>,
        /// Rank links by this measure.
        #[arg(long, value_enum, default_value_t = Measure::Count)]
        by: Measure,
        /// With each link, its evidence: the first document and snippet in the table, all of it
        /// kept with --json (`explain A B` gives one link's in full).
        #[arg(long)]
        evidence: bool,
    },
    /// How A and B are connected: the fewest links (the strongest of such chains), or with
    /// --strongest the strongest chain of any length.
    Path {
        /// One entity.
        a: String,
        /// The other.
        b: String,
        /// Maximise the product of the links' Dice coefficients instead of counting links.
        #[arg(long)]
        strongest: bool,
    },
    /// The evidence linking A and B: counts, measures, documents and snippets.
    Explain {
        /// One entity.
        a: String,
        /// The other.
        b: String,
    },
    /// The highest links (default) or entities.
    Top {
        /// Rank entities.
        #[arg(long, conflicts_with = "edges")]
        nodes: bool,
        /// Rank links (the default).
        #[arg(long)]
        edges: bool,
        /// What to rank by (links: count by default; entities: degree by default).
        #[arg(long, value_enum)]
        by: Option<TopBy>,
        /// How many to show (1 or more).
        #[arg(
            long,
            short = 'n',
            default_value_t = 20,
            value_name = "N",
            value_parser = rows_to_show
        )]
        limit: usize,
    },
    /// Counts: entities, links, types, components, density, dates.
    Stats,
}

impl QueryCommand {
    /// The entities the question names.
    fn names(&self) -> Vec<&str> {
        match self {
            QueryCommand::Neighbors { name, .. } => vec![name],
            QueryCommand::Path { a, b, .. } | QueryCommand::Explain { a, b } => vec![a, b],
            QueryCommand::Top { .. } | QueryCommand::Stats => vec![],
        }
    }
}

/// What `top` ranks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TopBy {
    /// Links: windows shared.
    Count,
    /// Links: documents shared; entities: documents it occurs in.
    Documents,
    /// Links: Jaccard coefficient.
    Jaccard,
    /// Links: Dice coefficient.
    Dice,
    /// Links: pointwise mutual information.
    Pmi,
    /// Links: normalised PMI.
    Npmi,
    /// Links: log-likelihood ratio G².
    G2,
    /// Entities: mentions.
    Mentions,
    /// Entities: distinct entities linked.
    Degree,
    /// Entities: sum of link counts.
    WeightedDegree,
    /// Entities: betweenness centrality, normalised as networkx does by default: the share of
    /// the pairs of other entities whose shortest paths pass through it, 0 to 1 (unweighted
    /// shortest paths, Brandes).
    Betweenness,
}

/// A `--depth` value: a whole number of links, at least one (0 would show nothing).
fn depth(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("the depth counts links out from the entity: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a number of links (1 or more)")),
    }
}

/// A number of rows for `top -n`: 0 would print a header over nothing.
fn rows_to_show(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("0 would show nothing: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a number of rows (1 or more)")),
    }
}

/// The two entities a question about a pair names, refused when both names are one entity.
fn two_entities(
    view: &View<'_>,
    a: &str,
    b: &str,
    command: &str,
) -> anyhow::Result<(NodeIndex, NodeIndex)> {
    let (ia, ib) = (find(view, a)?, find(view, b)?);
    if ia == ib {
        let n = &view.graph.graph[ia];
        return Err(Usage(format!(
            "{a:?} and {b:?} are the same entity, {} ({}): {command} needs two",
            n.label, n.id
        ))
        .into());
    }
    Ok((ia, ib))
}

/// A link's evidence snippet cut to `limit` characters around the names of its two entities
/// (the start of the snippet can hold neither: "Mr Blair's appearance will be keenly watched
/// too, as…" for Tony Blair and Gordon Brown), or from its start when neither name is found.
fn pair_snippet(snippet: &str, a: &Node, b: &Node, limit: usize) -> String {
    if snippet.chars().count() <= limit {
        return snippet.to_string();
    }
    let (at_a, at_b) = (names_in(snippet, a), names_in(snippet, b));
    // The closest two mentions of the pair, apart ("Blair" inside "Cherie Blair" is not Tony
    // Blair beside her); one entity's alone when the other is not found.
    let closest = (at_a.iter())
        .flat_map(|&x| at_b.iter().map(move |&y| (x, y)))
        .filter(|(x, y)| x.1 <= y.0 || y.1 <= x.0)
        .min_by_key(|(x, y)| x.0.max(y.0) - x.1.min(y.1));
    let (x, y) = match (closest, at_a.first(), at_b.first()) {
        (Some(pair), _, _) => pair,
        (None, Some(&x), _) | (None, None, Some(&x)) => (x, x),
        (None, None, None) => return cut_chars(snippet, limit).into_owned(),
    };
    let words = entigraph::cooccur::Words::new(snippet);
    entigraph::cooccur::snippet_within(snippet, &words, x, y, limit)
}

/// Where `node` is named in `snippet`, as byte ranges in text order: the occurrences, as whole
/// words, of the longest of its label and the names it was found by that occurs (the full
/// name rather than a surname another person shares), in the case found ("US", not the
/// pronoun "us"), or in any case in ASCII text when no name occurs as found.
fn names_in(snippet: &str, node: &Node) -> Vec<(usize, usize)> {
    let mut names: Vec<&str> = std::iter::once(&node.label)
        .chain(&node.aliases)
        .map(String::as_str)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let occurrences = |hay: &str, name: &str| -> Vec<(usize, usize)> {
        (hay.match_indices(name))
            .map(|(at, _)| (at, at + name.len()))
            .filter(|&(at, end)| {
                !word_char(hay[..at].chars().next_back()) && !word_char(hay[end..].chars().next())
            })
            .collect()
    };
    let first_found = |hay: &str, fold: bool| {
        names.iter().find_map(|name| {
            let name = if fold {
                name.to_ascii_lowercase()
            } else {
                name.to_string()
            };
            Some(occurrences(hay, &name)).filter(|found| !found.is_empty())
        })
    };
    first_found(snippet, false)
        .or_else(|| {
            // (ASCII lower-casing keeps every byte where it was.)
            snippet
                .is_ascii()
                .then(|| first_found(&snippet.to_ascii_lowercase(), true))
                .flatten()
        })
        .unwrap_or_default()
}

/// The evidence of a link, one window a row, with the documents' date, title and address in
/// columns of their own when any document has them.
fn evidence_table(out: &mut dyn Write, evidence: &[Evidence]) -> std::io::Result<()> {
    /// Titles are cut to this many characters: the snippet is what matters.
    const TITLE_CHARS: usize = 60;
    // The fields some document has, by their place in `About::fields`.
    let names = About::EMPTY.fields().map(|(name, _)| name);
    let shown: Vec<usize> = (0..names.len())
        .filter(|&i| evidence.iter().any(|e| e.about_fields()[i].1.is_some()))
        .collect();
    let mut header = vec!["document"];
    header.extend(shown.iter().map(|&i| names[i]));
    header.extend(["bytes", "snippet"]);
    let rows: Vec<Vec<String>> = evidence
        .iter()
        .map(|e| {
            let mut row = vec![e.doc.to_string()];
            let fields = e.about_fields();
            for &i in &shown {
                let (name, value) = fields[i];
                let value = value.unwrap_or("");
                row.push(if name == "title" {
                    cut_chars(value, TITLE_CHARS).into_owned()
                } else {
                    value.to_string()
                });
            }
            row.push(format!("{}-{}", e.start, e.end));
            row.push(e.snippet.to_string());
            row
        })
        .collect();
    table(out, &header, &rows)
}

/// Leaves column `i` out of a table's header and rows: a column that repeats the ranked value.
fn drop_column(header: &mut Vec<&str>, rows: &mut [Vec<String>], i: Option<usize>) {
    if let Some(i) = i {
        header.remove(i);
        for r in rows {
            r.remove(i);
        }
    }
}

/// Prints rows as an aligned table (numbers right-aligned).
pub(crate) fn table(
    out: &mut dyn Write,
    header: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    // Control characters in names must not move the cursor or break the table.
    let clean = |c: &str| -> String {
        c.chars()
            .map(|ch| if ch.is_control() { ' ' } else { ch })
            .collect()
    };
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| clean(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| {
            rows.iter().any(|r| !r[i].is_empty())
                && rows
                    .iter()
                    .all(|r| r[i].is_empty() || r[i].parse::<f64>().is_ok())
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i].saturating_sub(c.chars().count());
            if i > 0 {
                s.push_str("  ");
            }
            if numeric[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
        }
        s
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for r in &rows {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// A measure: four decimals, or three significant digits below what four decimals show (a
/// density of 1e-6 is not 0.0000).
pub(crate) fn measure(x: f64) -> String {
    if x != 0.0 && x.abs() < 5e-5 {
        format!("{x:.2e}")
    } else {
        format!("{x:.4}")
    }
}

/// How the values of a column are written: counts as whole numbers ([`num`]), other measures
/// each as a [`measure`] (an NPMI of 1 among 0.8123s is 1.0000).
fn column(counts: bool) -> fn(f64) -> String {
    if counts { num } else { measure }
}

/// A number as short text: integers without decimals.
pub(crate) fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.4}")
    }
}

/// The graph a query is answered from: the filtered graph, and the whole graph it was cut
/// from, to tell a name the filter left out from one that is not in the graph at all.
struct View<'a> {
    /// The graph after the filter.
    graph: &'a EntityGraph,
    /// The graph as read.
    whole: &'a EntityGraph,
    /// The filter (empty when none was given).
    filter: &'a Filter,
    /// The manifest of the graph read.
    manifest: &'a entigraph::export::json::Manifest,
}

/// The entity called `name` in the filtered graph; one the filter left out is said to be so.
fn find(view: &View<'_>, name: &str) -> anyhow::Result<NodeIndex> {
    match query::resolve(view.graph, name) {
        Err(unknown @ NameError::Unknown { .. }) => match query::resolve(view.whole, name) {
            Ok(ix) => {
                let n = &view.whole.graph[ix];
                anyhow::bail!(
                    "{} ({}) is left out by the filter: {}",
                    n.label,
                    n.id,
                    left_out(view.filter, n)
                )
            }
            // "Brown" with --types country: the names the filter left out are said.
            Err(NameError::Ambiguous { candidates, .. }) => anyhow::bail!(
                "{name:?} may be {}, and the filter leaves out every one",
                candidates.join(", ")
            ),
            Err(_) => Err(match query::builtin_entity(name) {
                // "Xi Jinping" asked of a BBC graph: known, but never named in it.
                Some((id, label)) => anyhow::anyhow!(
                    "no entity is called {name:?} in this graph: {label} ({id}) is in the \
                     built-in gazetteers, but not in this graph (none of its documents names \
                     them, or it was built without the built-in gazetteers)"
                ),
                None => unknown.into(),
            }),
        },
        Ok(ix) => {
            // A name the graph does not hold ("Moscow", "Mr Blair"): what it was taken as is said.
            let how = match query::resolve_how(view.whole, name) {
                Ok((_, query::Found::Builtin)) => "a name the built-in gazetteers give it",
                Ok((_, query::Found::WithoutTitle)) => "the name without its title",
                _ => "",
            };
            if !how.is_empty() {
                let n = &view.graph.graph[ix];
                message!(
                    "entigraph: note: {name:?} is taken as {} ({}): {how}",
                    n.label,
                    n.id
                );
            }
            // The filter chose among the names ("Blair" with --min-count 60): said, not silent.
            if let Err(NameError::Ambiguous { candidates, .. }) = query::resolve(view.whole, name) {
                let n = &view.graph.graph[ix];
                message!(
                    "entigraph: note: {name:?} may be {}; the filter keeps only {} ({})",
                    candidates.join(", "),
                    n.label,
                    n.id
                );
            }
            Ok(ix)
        }
        found => Ok(found?),
    }
}

/// Why `filter` leaves out the entity `n` of the whole graph (see the steps of
/// [`entigraph::filter`]: only `--exclude`, types, dates and `--drop-isolated` drop entities).
fn left_out(filter: &Filter, n: &Node) -> String {
    if filter.excludes(n) {
        "--exclude names it".into()
    } else if !filter.keeps_type(&n.kind) && !filter.named.contains(&n.id) {
        format!("its type, {}, is not in --types", n.kind)
    } else if n.first_seen.is_none() && n.last_seen.is_none() && filter.has_dates() {
        "it has no dates, and --since/--until keep only what is dated".into()
    } else if !filter.keeps_dates(n.first_seen.as_deref(), n.last_seen.as_deref()) {
        "it is not seen in the --since/--until period".into()
    } else {
        "no link of it passes the filter, and --drop-isolated drops it".into()
    }
}

/// Why `filter` leaves out a link of the whole graph between two entities it keeps (see the
/// steps of [`entigraph::filter`]).
fn link_left_out(filter: &Filter, e: &entigraph::graph::Edge) -> String {
    if !filter.keeps_dates(e.first_seen.as_deref(), e.last_seen.as_deref()) {
        if e.first_seen.is_none() && e.last_seen.is_none() {
            "it has no dates, and --since/--until keep only what is dated".into()
        } else {
            "it is not seen in the --since/--until period".into()
        }
    } else if let Some(m) = filter.min_count.filter(|&m| e.count < m) {
        format!("--min-count {m}")
    } else {
        let mut top = Vec::new();
        if let Some(k) = filter.top_per_node {
            top.push(format!("--top-per-node {k}"));
        }
        if let Some(k) = filter.top_edges {
            top.push(format!("--top-edges {k}"));
        }
        format!("stronger links fill {}", top.join(" and "))
    }
}

fn json_out(out: &mut dyn Write, v: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v)?;
    writeln!(out)?;
    Ok(())
}

pub(crate) fn run(mut args: Args) -> anyhow::Result<ExitCode> {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    args.filter.reconcile(&argv)?;
    let mut filter = args.filter.filter()?;
    let file = read_graph(&args.graph)?;
    check_against(&mut filter, &file.graph)?;
    // --types chooses the entities around the ones a question names, which stay whatever
    // their type; a name the graph does not hold is reported when the question is answered.
    filter.named = args
        .command
        .names()
        .into_iter()
        .filter_map(|name| query::resolve(&file.graph, name).ok())
        .map(|ix| file.graph.graph[ix].id.clone())
        .collect();
    let filtered = (!filter.is_empty()).then(|| filter.apply(&file.graph));
    let view = View {
        graph: filtered.as_ref().unwrap_or(&file.graph),
        whole: &file.graph,
        filter: &filter,
        manifest: &file.manifest,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let res = answer(&view, args.command, args.json, &mut out).and_then(|()| Ok(out.flush()?));
    match res {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(e),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}

fn answer(
    view: &View<'_>,
    cmd: QueryCommand,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let g = view.graph;
    match cmd {
        QueryCommand::Neighbors {
            name,
            depth,
            top,
            by,
            evidence,
        } => {
            let ix = find(view, &name)?;
            let found = query::neighbors(g, ix, depth, top, by);
            // The evidence of the link each was reached by.
            let evidence_of = |n: &query::Neighbor| -> &[Evidence] {
                let link = g
                    .node_index(&n.via)
                    .zip(g.node_index(&n.entity.id))
                    .and_then(|(a, b)| g.graph.find_edge(a, b));
                link.map_or(&[], |e| &g.graph[e].evidence)
            };
            if json {
                if evidence {
                    let with: Vec<NeighborEvidence<'_>> = found
                        .iter()
                        .map(|n| NeighborEvidence {
                            neighbor: n,
                            evidence: evidence_of(n),
                        })
                        .collect();
                    return json_out(out, &with);
                }
                return json_out(out, &found);
            }
            let by_name = by
                .to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default();
            let value = column(matches!(by, Measure::Count | Measure::Documents));
            let mut rows: Vec<Vec<String>> = found
                .iter()
                .map(|n| {
                    vec![
                        n.depth.to_string(),
                        n.entity.id.clone(),
                        n.entity.label.clone(),
                        n.entity.kind.clone(),
                        value(n.value),
                        n.count.to_string(),
                        n.via.clone(),
                    ]
                })
                .collect::<Vec<_>>();
            let mut header = vec!["depth", "id", "label", "type", &by_name, "count", "via"];
            if by == Measure::Count {
                // The measure is the count: one column is enough.
                header.remove(5);
                rows.iter_mut().for_each(|r| {
                    r.remove(5);
                });
            }
            if evidence {
                /// Snippets are cut to this many characters in the table.
                const SNIPPET_SHOWN: usize = 80;
                header.extend(["document", "evidence"]);
                for (row, n) in rows.iter_mut().zip(&found) {
                    let first = evidence_of(n).first();
                    row.push(first.map_or_else(String::new, |e| e.doc.to_string()));
                    let node = |id: &str| g.node_index(id).map(|v| &g.graph[v]);
                    row.push(first.map_or_else(String::new, |e| {
                        match (node(&n.via), node(&n.entity.id)) {
                            (Some(a), Some(b)) => pair_snippet(&e.snippet, a, b, SNIPPET_SHOWN),
                            _ => cut_chars(&e.snippet, SNIPPET_SHOWN).into_owned(),
                        }
                    }));
                }
            }
            if rows.is_empty() {
                // A header over no rows reads as a failure to answer.
                writeln!(
                    out,
                    "{} ({}) has no links{}",
                    g.graph[ix].label,
                    g.graph[ix].id,
                    if view.filter.is_empty() {
                        ""
                    } else {
                        " that pass the filter"
                    }
                )?;
                return Ok(());
            }
            writeln!(
                out,
                "neighbours of {} ({}):",
                g.graph[ix].label, g.graph[ix].id
            )?;
            table(out, &header, &rows)?;
        }
        QueryCommand::Path { a, b, strongest } => {
            let (ia, ib) = two_entities(view, &a, &b, "path")?;
            let path = if strongest {
                query::strongest_path(g, ia, ib)
            } else {
                query::shortest_path(g, ia, ib)
            };
            let Some(path) = path else {
                // No path is an answer, not an error: said on stdout (as JSON with --json, for
                // scripts), exit 0, as `neighbors` says an entity has no links.
                let (a, b) = (&g.graph[ia].id, &g.graph[ib].id);
                // Connected in the graph as read: the filter cut every path.
                let whole = view.whole;
                let joined = !view.filter.is_empty()
                    && whole
                        .node_index(a)
                        .zip(whole.node_index(b))
                        .is_some_and(|(wa, wb)| query::shortest_path(whole, wa, wb).is_some());
                let why = if joined {
                    format!(
                        "{a} and {b} are connected in the graph, but not by the links the filter \
                         keeps ({})",
                        entigraph::filter::describe(std::slice::from_ref(view.filter))
                    )
                } else {
                    format!("{a} and {b} are not connected in this graph")
                };
                if json {
                    #[derive(serde::Serialize)]
                    struct NotFound {
                        connected: bool,
                        connected_without_filter: bool,
                        from: query::Entity,
                        to: query::Entity,
                        message: String,
                    }
                    return json_out(
                        out,
                        &NotFound {
                            connected: false,
                            connected_without_filter: joined,
                            from: query::Entity::of(&g.graph[ia]),
                            to: query::Entity::of(&g.graph[ib]),
                            message: why,
                        },
                    );
                }
                writeln!(out, "{why}")?;
                return Ok(());
            };
            if json {
                #[derive(serde::Serialize)]
                struct Found<'a> {
                    connected: bool,
                    #[serde(flatten)]
                    path: &'a query::Path,
                }
                return json_out(
                    out,
                    &Found {
                        connected: true,
                        path: &path,
                    },
                );
            }
            let rows: Vec<Vec<String>> = path
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let link = |v: Option<String>| v.unwrap_or_default();
                    vec![
                        i.to_string(),
                        n.id.clone(),
                        n.label.clone(),
                        link(
                            i.checked_sub(1)
                                .and_then(|j| path.counts.get(j))
                                .map(u64::to_string),
                        ),
                        link(
                            i.checked_sub(1)
                                .and_then(|j| path.dice.get(j))
                                .map(|d| measure(*d)),
                        ),
                    ]
                })
                .collect();
            writeln!(
                out,
                "{}, strength {} (product of Dice coefficients):",
                Count(path.counts.len() as u64, "link", "links"),
                // (A weak chain's strength is far below the table's 4 decimals.)
                if path.strength > 0.0 && path.strength < 1e-3 {
                    format!("{:.3e}", path.strength)
                } else {
                    num(path.strength)
                }
            )?;
            table(out, &["step", "id", "label", "count", "dice"], &rows)?;
        }
        QueryCommand::Explain { a, b } => {
            let (ia, ib) = two_entities(view, &a, &b, "explain")?;
            let Some(ex) = query::explain(g, ia, ib) else {
                // A link the filter cut is said to be so, with the step that cut it.
                let (ida, idb) = (&g.graph[ia].id, &g.graph[ib].id);
                if let (Some(wa), Some(wb)) =
                    (view.whole.node_index(ida), view.whole.node_index(idb))
                    && let Some(e) = view.whole.graph.find_edge(wa, wb)
                {
                    let e = &view.whole.graph[e];
                    anyhow::bail!(
                        "the link {ida} – {idb} ({} in {}) is left out by the filter: {}",
                        Count(e.count, "window", "windows"),
                        Count(e.documents, "document", "documents"),
                        link_left_out(view.filter, e)
                    );
                }
                let via = query::shortest_path(g, ia, ib).map(|p| {
                    p.nodes
                        .iter()
                        .map(|n| n.label.clone())
                        .collect::<Vec<_>>()
                        .join(" – ")
                });
                // In which window: two entities of the same stories may never share a sentence.
                let t = &g.totals;
                let window = match t.window {
                    entigraph::WindowKind::Sentence => "sentence",
                    entigraph::WindowKind::Paragraph => "paragraph",
                    entigraph::WindowKind::Document => "document",
                };
                let crowded = if t.crowded_windows > 0 {
                    format!(
                        "; the {} that name more than {} entities, lists, add no links",
                        Count(t.crowded_windows, window, &format!("{window}s")),
                        t.max_window_entities
                    )
                } else {
                    String::new()
                };
                // (A credited outlet or a country named for its team is in no link.)
                let unlinked = [ia, ib]
                    .iter()
                    .any(|&ix| matches!(g.graph[ix].kind.as_str(), "agency" | "country"));
                let or_only = if unlinked {
                    ", or only where one is a news outlet credited as a source or a country \
                     named for its sports team, which join no link"
                } else {
                    ""
                };
                anyhow::bail!(
                    "{} and {} never appear together in one {window} (this graph's \
                     window{crowded}){or_only}{}",
                    g.graph[ia].id,
                    g.graph[ib].id,
                    via.map_or(String::new(), |v| format!(
                        "; they are connected through {v}"
                    ))
                );
            };
            if json {
                return json_out(out, &ex);
            }
            writeln!(
                out,
                "{} – {}: {} in {}",
                ex.a.label,
                ex.b.label,
                Count(ex.count, "window", "windows"),
                Count(ex.documents, "document", "documents")
            )?;
            if let (Some(f), Some(l)) = (&ex.first_seen, &ex.last_seen) {
                // Undated documents have no place in the range; say so, since some of the
                // documents counted above may be among them.
                writeln!(out, "seen together from {f} to {l} (in dated documents)")?;
            }
            let m = &ex.measures;
            writeln!(
                out,
                "jaccard {}  dice {}  pmi {}  npmi {}  g2 {}",
                measure(m.jaccard),
                measure(m.dice),
                measure(m.pmi),
                measure(m.npmi),
                measure(m.g2)
            )?;
            writeln!(
                out,
                "evidence ({} of {} kept):",
                ex.evidence.len(),
                Count(ex.count, "window", "windows")
            )?;
            evidence_table(out, &ex.evidence)?;
        }
        QueryCommand::Top {
            nodes,
            edges: _,
            by,
            limit,
        } => {
            if nodes {
                let rank = match by.unwrap_or(TopBy::Degree) {
                    TopBy::Mentions => NodeRank::Mentions,
                    TopBy::Documents => NodeRank::Documents,
                    TopBy::Degree => NodeRank::Degree,
                    TopBy::WeightedDegree => NodeRank::WeightedDegree,
                    TopBy::Betweenness => NodeRank::Betweenness,
                    other => {
                        return Err(Usage(format!(
                            "--by {} ranks links; use it without --nodes",
                            other
                                .to_possible_value()
                                .map(|v| v.get_name().to_string())
                                .unwrap_or_default()
                        ))
                        .into());
                    }
                };
                let found = query::top_nodes(g, rank, limit);
                if json {
                    return json_out(out, &found);
                }
                let value = column(rank != NodeRank::Betweenness);
                let mut rows: Vec<Vec<String>> = found
                    .iter()
                    .map(|n| {
                        vec![
                            n.entity.id.clone(),
                            n.entity.label.clone(),
                            n.entity.kind.clone(),
                            value(n.value),
                            n.degree.to_string(),
                            n.mentions.to_string(),
                        ]
                    })
                    .collect();
                // The value column is named after what it holds (a bare "value" left the
                // scale of betweenness to guess); one that repeats it goes.
                let mut header = vec!["id", "label", "type", rank_column(rank), "degree"];
                header.push("mentions");
                let repeated = match rank {
                    NodeRank::Degree => Some(4),
                    NodeRank::Mentions => Some(5),
                    _ => None,
                };
                drop_column(&mut header, &mut rows, repeated);
                table(out, &header, &rows)?;
            } else {
                let measure = match by.unwrap_or(TopBy::Count) {
                    TopBy::Count => Measure::Count,
                    TopBy::Documents => Measure::Documents,
                    TopBy::Jaccard => Measure::Jaccard,
                    TopBy::Dice => Measure::Dice,
                    TopBy::Pmi => Measure::Pmi,
                    TopBy::Npmi => Measure::Npmi,
                    TopBy::G2 => Measure::G2,
                    other => {
                        return Err(Usage(format!(
                            "--by {} ranks entities; add --nodes",
                            other
                                .to_possible_value()
                                .map(|v| v.get_name().to_string())
                                .unwrap_or_default()
                        ))
                        .into());
                    }
                };
                let found = query::top_edges(g, measure, limit);
                if json {
                    return json_out(out, &found);
                }
                let value = column(matches!(measure, Measure::Count | Measure::Documents));
                let mut rows: Vec<Vec<String>> = found
                    .iter()
                    .map(|e| {
                        vec![
                            e.source.label.clone(),
                            e.target.label.clone(),
                            value(e.value),
                            e.count.to_string(),
                            e.documents.to_string(),
                        ]
                    })
                    .collect();
                let name = measure
                    .to_possible_value()
                    .map(|v| v.get_name().to_string())
                    .unwrap_or_default();
                let mut header = vec!["source", "target", &name, "count", "documents"];
                let repeated = match measure {
                    Measure::Count => Some(3),
                    Measure::Documents => Some(4),
                    _ => None,
                };
                drop_column(&mut header, &mut rows, repeated);
                table(out, &header, &rows)?;
            }
        }
        QueryCommand::Stats => {
            let mut s = query::stats(g);
            // The filters that cut the graph: those it was written with (graph.json's
            // manifest), then this command's.
            let filtered = &g.filtered;
            let (since, until) = period_of(filtered);
            // Kept entities may have been seen outside the period too: their dates are cut to it
            // (the bound then shows, as given, where no date seen may be).
            let mut cut = false;
            if let (Some(first), Some(since)) = (&mut s.first_seen, since)
                && first.as_str() < since
            {
                *first = since.to_string();
                cut = true;
            }
            if let (Some(last), Some(until)) = (&mut s.last_seen, until)
                && !entigraph::filter::within_until(last, until)
            {
                *last = until.to_string();
                cut = true;
            }
            let period = (since.is_some() || until.is_some()).then_some(Period { since, until });
            // The graph keeps these only as totals, which no filter can cut down.
            // With --dedupe: the stories left out, and any two partials both counted.
            let m = view.manifest;
            // (Repeats: 0 too, when the graph was built to leave them out.)
            let dedupe = [
                ("repeats", m.options.dedupe.then_some(m.repeats)),
                ("recounted", (m.recounted > 0).then_some(m.recounted)),
            ];
            let mut whole: Vec<&str> = Vec::new();
            if !filtered.is_empty() {
                whole.extend(WHOLE_GRAPH_STATS);
                whole.extend(
                    dedupe
                        .iter()
                        .filter(|(_, n)| n.is_some())
                        .map(|(name, _)| *name),
                );
            }
            let whole = &whole[..];
            if json {
                return json_out(
                    out,
                    &StatsJson {
                        stats: &s,
                        whole_graph: whole,
                        period,
                        filtered,
                        repeats: dedupe[0].1,
                        recounted: m.recounted,
                    },
                );
            }
            if !filtered.is_empty() {
                // Said first: the entities, links and measures below are of a part of the graph.
                writeln!(out, "filtered: {}", entigraph::filter::describe(filtered))?;
            }
            // (A row is named as its JSON field, `_` shown as a space.)
            let label = |name: &str| {
                let shown = name.replace('_', " ");
                if whole.contains(&name) {
                    format!("{shown} (whole graph)")
                } else {
                    shown
                }
            };
            // The counts by type break down the entities, so they come right under them.
            let mut rows = vec![vec!["entities".to_string(), s.nodes.to_string()]];
            for (t, n) in &s.types {
                rows.push(vec![format!("  {t}"), n.to_string()]);
            }
            rows.extend([
                vec!["links".into(), s.edges.to_string()],
                vec!["isolated".into(), s.isolated.to_string()],
                vec!["components".into(), s.components.to_string()],
                vec!["largest component".into(), s.largest_component.to_string()],
                vec!["density".into(), measure(s.density)],
                vec!["mean degree".into(), measure(s.mean_degree)],
                vec![label("documents"), s.documents.to_string()],
                vec![label("windows"), s.windows.to_string()],
                vec![label("crowded_windows"), s.crowded_windows.to_string()],
                vec![
                    label("max_window_entities"),
                    match s.max_window_entities {
                        0 => "no limit".to_string(),
                        n => n.to_string(),
                    },
                ],
                vec![label("mentions"), s.mentions.to_string()],
            ]);
            for (name, n) in dedupe {
                if let Some(n) = n {
                    rows.push(vec![label(name), n.to_string()]);
                }
            }
            if let (Some(f), Some(l)) = (&s.first_seen, &s.last_seen) {
                let name = if cut {
                    "dates (cut to the period)"
                } else {
                    "dates"
                };
                rows.push(vec![name.into(), format!("{f} .. {l}")]);
            }
            table(out, &["statistic", "value"], &rows)?;
        }
    }
    Ok(())
}

/// The header of the column of the value entities are ranked by (`top --nodes`).
fn rank_column(rank: NodeRank) -> &'static str {
    match rank {
        NodeRank::Mentions => "mentions",
        NodeRank::Documents => "documents",
        NodeRank::Degree => "degree",
        NodeRank::WeightedDegree => "weighted degree",
        NodeRank::Betweenness => "betweenness (normalised)",
    }
}

/// The `stats` that describe the whole graph even under a filter.
const WHOLE_GRAPH_STATS: [&str; 5] = [
    "documents",
    "windows",
    "crowded_windows",
    "max_window_entities",
    "mentions",
];

/// A neighbour with the evidence of the link it was reached by (`neighbors --evidence --json`).
#[derive(Serialize)]
struct NeighborEvidence<'a> {
    #[serde(flatten)]
    neighbor: &'a query::Neighbor,
    evidence: &'a [Evidence],
}

/// `stats` as JSON: under a filter (given now, or recorded in the graph read), `whole_graph`
/// names the fields that still describe the whole graph rather than the filtered one, and
/// `filtered` lists the filters as graph.json's manifest does.
#[derive(Serialize)]
struct StatsJson<'a> {
    #[serde(flatten)]
    stats: &'a GraphStats,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    whole_graph: &'a [&'a str],
    /// Under --since/--until, the period: `first_seen`/`last_seen` are cut to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<Period<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    filtered: &'a [Filter],
    /// With --dedupe, the documents left out as repeats (absent without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    repeats: Option<u64>,
    /// With --dedupe, the documents two merged partials both counted (absent when 0).
    #[serde(skip_serializing_if = "is_zero")]
    recounted: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The period that `filters`, applied one after the other, keep: the latest `since` and the
/// tightest `until` (of two that hold each other, `2024` and `2024-03`, the more precise).
fn period_of(filters: &[Filter]) -> (Option<&str>, Option<&str>) {
    let since = filters.iter().filter_map(|f| f.since.as_deref()).max();
    let until = filters
        .iter()
        .filter_map(|f| f.until.as_deref())
        .reduce(|best, u| {
            let within = entigraph::filter::within_until;
            let tighter = within(u, best) && (!within(best, u) || u.len() > best.len());
            if tighter { u } else { best }
        });
    (since, until)
}

/// The --since/--until period of a filter.
#[derive(Serialize)]
struct Period<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_right_align_numbers() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["China".to_string(), "12".to_string()],
            vec!["Oslo\nX".to_string(), "3".to_string()],
        ];
        table(&mut out, &["name", "n"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name     n\nChina   12\nOslo X   3\n"
        );
    }

    fn node(label: &str, aliases: &[&str]) -> Node {
        Node {
            id: format!("person:{}", label.to_lowercase().replace(' ', "-")),
            label: label.into(),
            kind: "person".into(),
            source: entigraph::graph::NodeSource::Gazetteer,
            mentions: 1,
            documents: 1,
            windows: 1,
            first_seen: None,
            last_seen: None,
            attributes: Default::default(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn evidence_in_the_table_is_cut_around_the_pair() {
        let blair = node("Tony Blair", &["Blair", "Tony Blair"]);
        let brown = node("Gordon Brown", &["Brown", "Gordon Brown"]);
        let snippet = "Mr Blair's appearance will be keenly watched too, as political observers \
                       in the party look for signs of tension with his rival, Chancellor Gordon \
                       Brown, who speaks on Tuesday.";
        let got = pair_snippet(snippet, &blair, &brown, 80);
        assert!(got.chars().count() <= 80, "{got}");
        assert!(
            got.contains("Blair") && got.contains("Gordon Brown"),
            "{got}"
        );
        // Any case; a name inside a word is not the name ("Brownfield").
        let got = pair_snippet(
            "Brownfield sites were raised again and again by the opposition in the chamber \
             today, long before GORDON BROWN answered MR BLAIR on the matter of housing.",
            &blair,
            &brown,
            40,
        );
        assert!(got.contains("GORDON BROWN answered MR BLAIR"), "{got}");
        assert_eq!(names_in("Brownfield Brown", &brown), [(11, 16)]);
        // The full name before a surname another shares; a name as found before any case
        // ("US", not "us"); pairs apart.
        let cherie = node("Cherie Blair", &["Blair", "Cherie Blair"]);
        let got = pair_snippet(
            "Philippe Sands QC, a member of Cherie Blair's Matrix Chambers, says Lord Goldsmith \
             told Tony Blair on 7 March 2003 that the Iraq war could be illegal without a \
             second resolution.",
            &cherie,
            &blair,
            80,
        );
        assert!(
            got.contains("Cherie Blair") && got.contains("Tony Blair"),
            "{got}"
        );
        let us = node("United States", &["US", "United States"]);
        let france = node("France", &["France"]);
        let got = pair_snippet(
            "Officials from the United States were at the long talks held in the capital on \
             Monday which, as one aide told us, left France with little to show.",
            &us,
            &france,
            80,
        );
        assert!(
            got.contains("United States") && got.contains("France"),
            "{got}"
        );
        // Neither found: the start of the snippet; short snippets whole.
        let other = node("Ali Khan", &[]);
        let long = "a ".repeat(60);
        assert_eq!(pair_snippet(&long, &other, &other, 10).chars().count(), 10);
        assert_eq!(
            pair_snippet("Blair met Brown.", &blair, &brown, 12),
            "Bla… Bro…"
        );
        assert_eq!(pair_snippet("Short one.", &blair, &brown, 80), "Short one.");
    }
}
