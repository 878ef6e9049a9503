//! `entigraph export`: graph.json in, another format out.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use entigraph::export::json::{self, GraphFile};
use entigraph::export::{self, Count, Format, write_atomic};

use super::Usage;
use super::common::{
    Reads, check_output_directory, check_output_file, graph_files, refuse_output_as_input,
    refuse_replacing_graph,
};
use super::filter::FilterArgs;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The graph: a graph.json file, or a directory holding one (as `build` writes), or - for
    /// stdin.
    #[arg(value_name = "GRAPH")]
    graph: PathBuf,
    /// Output format (default: from the output file's extension: .gexf, .graphml, .dot or
    /// .gv, .cyjs for Cytoscape).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Output file (- for stdout, the default), or directory for csv and neo4j.
    #[arg(long, short = 'o', value_name = "PATH")]
    output: Option<PathBuf>,
    /// node-link: name the edge list "links" (D3; networkx before 3.6 by default, before 3.4
    /// always) instead of "edges".
    #[arg(long)]
    links_key: bool,
    #[command(flatten)]
    filter: FilterArgs,
    /// Print nothing on success (a file written says so, as `render` does).
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// Reads a graph.json, the graph.json of a directory (as `build` writes one), or stdin for
/// `-`; errors name the file.
pub(crate) fn read_graph(path: &Path) -> anyhow::Result<GraphFile> {
    if path.as_os_str() == "-" {
        return Ok(json::read(std::io::stdin().lock(), "<stdin>")?);
    }
    let path = graph_path(path);
    let file = std::fs::File::open(&path)
        .with_context(|| format!("{}: cannot open graph", path.display()))?;
    Ok(json::read(file, &path.display().to_string())?)
}

/// The graph file a command's GRAPH argument names: a directory's graph.json, else the path
/// itself.
pub(crate) fn graph_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("graph.json")
    } else {
        path.to_path_buf()
    }
}

fn write_one(
    file: &GraphFile,
    format: Format,
    links_key: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let g = &file.graph;
    match format {
        Format::Json => json::write(file, w),
        Format::NodeLink => export::nodelink::write(g, links_key, w),
        Format::Cytoscape => export::cytoscape::write(g, w),
        Format::Gexf => export::gexf::write(g, w),
        Format::Graphml => export::graphml::write(g, w),
        Format::Dot => export::dot::write(g, w),
        Format::Csv | Format::Neo4j => Err(std::io::Error::other(
            "this format writes a directory, not a stream",
        )),
    }
}

/// The format an output file's extension names, when only one format has it (`.json` is the
/// extension of three).
fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "gexf" => Some(Format::Gexf),
        "graphml" => Some(Format::Graphml),
        "dot" | "gv" => Some(Format::Dot),
        "cyjs" => Some(Format::Cytoscape),
        _ => None,
    }
}

/// The format to write: `--format`, else the one the output's extension names. A `--format`
/// that the extension contradicts is refused, as `render` does, rather than writing, say, GEXF
/// into a file named .graphml that Gephi or yEd would then misread.
fn choose_format(format: Option<Format>, output: &Path) -> Result<Format, Usage> {
    let name = |f: Format| {
        f.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string())
    };
    let named = (output.as_os_str() != "-")
        .then(|| format_of(output))
        .flatten();
    match (format, named) {
        (Some(f), Some(n)) if f != n => Err(Usage(format!(
            "{}: its extension names another format than --format {}",
            output.display(),
            name(f)
        ))),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) if output.as_os_str() == "-" => Err(Usage(
            "writing to stdout needs --format (json, node-link, cytoscape, gexf, graphml, dot)"
                .into(),
        )),
        (None, None)
            if output
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json")) =>
        {
            Err(Usage(format!(
                "{}: .json is the extension of three formats; give --format json (graph.json), \
                 node-link or cytoscape",
                output.display()
            )))
        }
        (None, None) => Err(Usage(format!(
            "cannot tell the format of {} from its extension; give --format (json, node-link, \
             cytoscape, gexf, graphml, csv, neo4j, dot)",
            output.display()
        ))),
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut filter = args.filter.filter()?;
    let output = args.output.unwrap_or_else(|| PathBuf::from("-"));
    let to_stdout = output.as_os_str() == "-";
    let format = choose_format(args.format, &output)?;
    if args.links_key && format != Format::NodeLink {
        return Err(Usage("--links-key applies only to --format node-link".into()).into());
    }
    refuse_output_as_input(
        graph_files(&args.graph).iter().map(PathBuf::as_path),
        (!to_stdout).then_some(output.as_path()),
        Reads::Graph,
    )?;
    match (to_stdout, format.is_directory()) {
        (true, _) => {}
        (false, true) => check_output_directory(&output)?,
        (false, false) => {
            check_output_file(&output)?;
            // (The native format replaces a graph with a graph, as asked.)
            if format != Format::Json {
                refuse_replacing_graph(&output, "an export")?;
            }
        }
    }
    let mut file = read_graph(&args.graph)?;
    super::filter::check_against(&mut filter, &file.graph)?;
    if !filter.is_empty() {
        filter.apply_in_place(&mut file.graph);
    }
    if format.is_directory() {
        if to_stdout {
            return Err(Usage(format!(
                "--format {} writes several files: give a directory with -o DIR",
                if format == Format::Csv {
                    "csv"
                } else {
                    "neo4j"
                }
            ))
            .into());
        }
        match format {
            Format::Csv => export::csv::write(&file.graph, &output)?,
            _ => {
                let changes = export::neo4j::write(&file.graph, &output)?;
                for warning in changes.warnings() {
                    message!("entigraph: warning: {warning}");
                }
            }
        }
    } else if to_stdout {
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        let res = write_one(&file, format, args.links_key, &mut w).and_then(|()| w.flush());
        if let Err(e) = res {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).context("writing to stdout");
        }
    } else {
        write_atomic(&output, |w| write_one(&file, format, args.links_key, w))?;
    }
    let list_format = match format {
        Format::Csv => Some("csv"),
        Format::Gexf => Some("gexf"),
        Format::Graphml => Some("graphml"),
        _ => None,
    };
    if let Some(name) = list_format {
        for warning in export::list_warnings(&file.graph, name) {
            message!("entigraph: warning: {warning}");
        }
    }
    if !to_stdout && !args.quiet {
        writeln!(
            std::io::stdout(),
            "wrote {} ({}, {})",
            output.display(),
            Count(file.graph.graph.node_count() as u64, "node", "nodes"),
            Count(file.graph.graph.edge_count() as u64, "link", "links")
        )
        .context("writing to stdout")?;
    }
    Ok(ExitCode::SUCCESS)
}
