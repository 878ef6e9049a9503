//! Command-line interface: clap definitions, one module per subcommand.

#[macro_use]
pub(crate) mod messages;

mod build;
mod common;
mod diff;
mod export;
mod extract;
mod filter;
mod gazetteer;
mod map;
mod merge;
mod query;
mod render;

#[cfg(unix)]
pub(crate) use render::kill_graphviz;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Turn news text into a graph of who is linked to whom.
///
/// entigraph finds people, countries and agencies in text with built-in gazetteers, links the
/// ones that appear together, and writes the graph with evidence for every link.
#[derive(Debug, Parser)]
#[command(
    name = "entigraph",
    version = entigraph::VERSION,
    after_help = "Exit codes: 0 success; 1 error (nothing written); 2 usage error; \
                  3 completed, but some input was skipped (each skip is reported on stderr)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a graph from text: writes DIR/graph.json, graph.dot and graph.part.
    Build(build::Args),
    /// Print the mentions found in text as JSON lines (the matcher on its own).
    Extract(extract::Args),
    /// Write a graph in another format (node-link, Cytoscape, GEXF, GraphML, CSV, Neo4j, DOT).
    Export(export::Args),
    /// Ask a graph questions: neighbours, paths, evidence, top links, statistics.
    Query(query::Args),
    /// Draw a graph: SVG or PNG through Graphviz, or a self-contained HTML explorer.
    Render(render::Args),
    /// List links that appeared, disappeared or changed most between two graphs.
    Diff(diff::Args),
    /// Build a partial graph from part of a corpus, to be combined with `merge`.
    Map(map::Args),
    /// Combine partial graphs (from `map`) exactly into one graph.
    Merge(merge::Args),
    /// Check, count or convert gazetteers.
    #[command(subcommand)]
    Gazetteer(gazetteer::Command),
}

/// A usage error found after parsing (options that cannot be used together): exit code 2, as
/// for the errors clap finds.
#[derive(Debug)]
pub(crate) struct Usage(pub(crate) String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Parses the command line and runs the subcommand.
pub(crate) fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Export(args) => export::run(args),
        Command::Query(args) => query::run(args),
        Command::Render(args) => render::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Map(args) => map::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Gazetteer(cmd) => gazetteer::run(cmd),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
