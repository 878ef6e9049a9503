//! Graph filters shared by build, export, query and render: the flags, turned into a
//! [`entigraph::filter::Filter`].

use entigraph::EntityGraph;
use entigraph::filter::Filter;

/// Filters applied to a graph before it is written or queried (in this order: types, dates,
/// min count, top per node, top edges, drop isolated).
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct FilterArgs {
    /// Keep only links seen together in at least N windows (1 or more).
    #[arg(long, value_name = "N", global = true, value_parser = windows_at_least)]
    pub(crate) min_count: Option<u64>,
    /// Keep only the K strongest links (by count; 1 or more).
    #[arg(long, value_name = "K", global = true, value_parser = links_to_keep)]
    pub(crate) top_edges: Option<usize>,
    /// Keep a link only if it is among the K strongest of one of its ends (1 or more).
    #[arg(long, value_name = "K", global = true, value_parser = links_to_keep)]
    pub(crate) top_per_node: Option<usize>,
    /// Keep only entities of these types (comma-separated, e.g. person,country).
    #[arg(long, value_name = "TYPES", value_delimiter = ',', global = true)]
    pub(crate) types: Vec<String>,
    /// Leave out an entity and its links: its id, label or alias, any case, accents aside, as
    /// questions name it (repeatable; for example a publisher its own stories name, `--exclude
    /// BBC`).
    #[arg(long, value_name = "ENTITY", global = true)]
    pub(crate) exclude: Vec<String>,
    /// Drop entities left without links.
    #[arg(long, global = true)]
    pub(crate) drop_isolated: bool,
    /// Keep what was seen on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD). On a built graph:
    /// what was last seen on or after it (a graph keeps a link's first and last dates only).
    #[arg(long, value_name = "DATE", global = true, value_parser = date)]
    pub(crate) since: Option<String>,
    /// Keep what was seen on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD; the whole period). On
    /// a built graph: what was first seen on or before it.
    #[arg(long, value_name = "DATE", global = true, value_parser = date)]
    pub(crate) until: Option<String>,
}

/// The filter flags that take a value: one, or a list (`--types`, `--exclude`).
const WITH_VALUE: [&str; 7] = [
    "--min-count",
    "--top-edges",
    "--top-per-node",
    "--since",
    "--until",
    "--types",
    "--exclude",
];

impl FilterArgs {
    /// For a command with subcommands (`query`), where the filters may stand before or after the
    /// subcommand and clap lets a later copy replace an earlier one silently: a flag of one value
    /// given twice (`query G --min-count 3 neighbors X --min-count 5`) is a usage error, and
    /// `--types` and `--exclude` keep the values of every copy, as they do given twice in one
    /// place. `argv` is the command line; what follows `--` is not read.
    pub(crate) fn reconcile(&mut self, argv: &[std::ffi::OsString]) -> anyhow::Result<()> {
        let mut seen: Vec<&str> = Vec::new();
        let mut types: Vec<String> = Vec::new();
        let mut exclude: Vec<String> = Vec::new();
        let mut args = argv.iter().map(|a| a.to_string_lossy());
        while let Some(arg) = args.next() {
            if arg == "--" {
                break;
            }
            let Some(&flag) = WITH_VALUE
                .iter()
                .find(|f| arg == **f || arg.starts_with(&format!("{f}=")))
            else {
                continue;
            };
            let value = match arg.split_once('=') {
                Some((_, v)) => Some(v.to_string()),
                None => args.next().map(|v| v.into_owned()),
            };
            match flag {
                "--types" => {
                    types.extend(value.iter().flat_map(|v| v.split(',')).map(str::to_string));
                }
                "--exclude" => exclude.extend(value),
                _ if seen.contains(&flag) => {
                    return Err(super::Usage(format!(
                        "{flag} is given twice (before and after the subcommand): give it once"
                    ))
                    .into());
                }
                _ => seen.push(flag),
            }
        }
        if types.len() > self.types.len() {
            self.types = types;
        }
        if exclude.len() > self.exclude.len() {
            self.exclude = exclude;
        }
        Ok(())
    }

    /// The validated filter.
    pub(crate) fn filter(&self) -> anyhow::Result<Filter> {
        let f = Filter {
            min_count: self.min_count,
            top_edges: self.top_edges,
            top_per_node: self.top_per_node,
            types: self
                .types
                .iter()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            exclude: (self.exclude.iter())
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
            drop_isolated: self.drop_isolated,
            since: self.since.clone(),
            until: self.until.clone(),
            named: Default::default(),
        };
        f.validate().map_err(|e| super::Usage(message(e)))?;
        Ok(f)
    }
}

/// Checks `filter` against a graph read from a file (by `query` and `export`): a type that is
/// neither the graph's nor a built-in one is a usage error, and date bounds get a note on
/// stderr, since the graph's counts cannot be cut down to a period. The entities `--exclude`
/// names become their ids ([`exclude_ids`]; a name of several entities is a usage error).
pub(crate) fn check_against(filter: &mut Filter, graph: &EntityGraph) -> anyhow::Result<()> {
    check_against_all(filter, &[graph])
}

/// [`check_against`] for a filter applied to several graphs (by `diff`): a type of any of
/// them is known, and an entity of any of them may be left out.
pub(crate) fn check_against_all(
    filter: &mut Filter,
    graphs: &[&EntityGraph],
) -> anyhow::Result<()> {
    filter
        .check_types_among(
            graphs
                .iter()
                .flat_map(|g| g.nodes())
                .map(|n| n.kind.as_str()),
        )
        .map_err(|e| super::Usage(message(e)))?;
    *filter = exclude_ids(filter, graphs, true)?;
    if filter.has_dates() {
        message!("entigraph: note: {}", date_note(graphs));
    }
    Ok(())
}

/// `filter` with the entities `--exclude` names in any of `graphs` as their ids, each once (a
/// name is read as `query` reads one: an id, label or alias, any case, accents aside). A name of
/// no entity leaves out nothing and is warned of (a graph written through the same
/// `--exclude` no longer holds it); a name of several is an error if `strict` (the ids tell
/// them apart), else warned of too.
pub(crate) fn exclude_ids(
    filter: &Filter,
    graphs: &[&EntityGraph],
    strict: bool,
) -> anyhow::Result<Filter> {
    use entigraph::query::NameError;
    if filter.exclude.is_empty() {
        return Ok(filter.clone());
    }
    let resolved: Vec<(Filter, Vec<NameError>)> =
        graphs.iter().map(|g| filter.resolve_exclude(g)).collect();
    let name_of = |e: &NameError| match e {
        NameError::Unknown { name, .. } | NameError::Ambiguous { name, .. } => name.clone(),
    };
    for name in &filter.exclude {
        let failed: Vec<&NameError> = (resolved.iter())
            .filter_map(|(_, errors)| errors.iter().find(|e| name_of(e) == *name))
            .collect();
        // A name of several entities in any graph, else of none in every graph.
        let ambiguous = (failed.iter()).find(|e| matches!(e, NameError::Ambiguous { .. }));
        let unknown = (failed.len() == graphs.len())
            .then(|| failed.first())
            .flatten();
        match ambiguous.or(unknown) {
            // (Exit code 1, as the same name asked about in a question.)
            Some(e) if strict && ambiguous.is_some() => anyhow::bail!("--exclude: {e}"),
            Some(e) => message!("entigraph: warning: --exclude {name:?} leaves out nothing: {e}"),
            // A name the graph does not hold ("London"): what it was taken as is said.
            None => {
                let how =
                    graphs
                        .iter()
                        .find_map(|g| match entigraph::query::resolve_how(g, name) {
                            Ok((ix, entigraph::query::Found::Builtin)) => {
                                Some((&g.graph[ix], "a name the built-in gazetteers give it"))
                            }
                            Ok((ix, entigraph::query::Found::WithoutTitle)) => {
                                Some((&g.graph[ix], "the name without its title"))
                            }
                            _ => None,
                        });
                if let Some((n, how)) = how {
                    message!(
                        "entigraph: note: --exclude {name:?} is taken as {} ({}): {how}",
                        n.label,
                        n.id
                    );
                }
            }
        }
    }
    let mut ids: Vec<String> = Vec::new();
    for id in resolved.into_iter().flat_map(|(f, _)| f.exclude) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(Filter {
        exclude: ids,
        ..filter.clone()
    })
}

/// What `--since`/`--until` do to a built graph: it keeps no per-document dates on its counts
/// (its evidence gives the dates of at most K documents), so a period keeps whole links, or
/// nothing when the graph has no dates.
fn date_note(graphs: &[&EntityGraph]) -> &'static str {
    let dated = graphs
        .iter()
        .flat_map(|g| g.nodes())
        .any(|n| n.first_seen.is_some() || n.last_seen.is_some());
    if dated {
        "--since/--until keep the links whose first and last dates span part of the period: \
         a graph keeps no other dates, so a link seen before and after the period but not in \
         it is kept too, and counts and evidence are totals over all documents (`build \
         --since/--until` counts only the period's documents)"
    } else {
        "the graph has no dates (its documents had none), so --since/--until keep nothing"
    }
}

/// A number of links to keep (`--top-edges`, `--top-per-node`, `query neighbors --top`),
/// checked as clap parses it: 0 would keep none, and an empty graph written or queried without
/// a word is taken for an empty corpus.
pub(crate) fn links_to_keep(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("0 would keep no link: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a number of links (1 or more)")),
    }
}

/// A `--min-count` value: 0 would filter nothing, yet be reported as a filter.
fn windows_at_least(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("every link is in at least 1 window: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a number of windows (1 or more)")),
    }
}

/// A `--since`/`--until` value, checked as clap parses it (a usage error otherwise).
fn date(s: &str) -> Result<String, String> {
    entigraph::filter::check_date(s)
        .map(|()| s.to_string())
        .map_err(message)
}

/// What is wrong with an option's value, without the "invalid option" that clap or the usage
/// error already says.
pub(crate) fn message(e: entigraph::Error) -> String {
    match e {
        entigraph::Error::Option(m) => m,
        e => e.to_string(),
    }
}
