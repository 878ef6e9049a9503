//! `entigraph build`: text in, graph.json and graph.dot out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use entigraph::export::json::{BuildOptions, GazetteerInfo, GraphFile, InputInfo, Manifest};
use entigraph::export::{dot, json, write_atomic};
use entigraph::{Builder, EntityGraph, Pipeline};

use super::common::{InputArgs, WindowArg, exit_code, window_kind};
use super::filter::FilterArgs;

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output directory (created if missing), or - to write graph.json to stdout.
    #[arg(long, short = 'o', default_value = "output", value_name = "DIR")]
    output: PathBuf,
    /// What counts as appearing together.
    #[arg(long, value_enum, default_value_t = WindowArg::Sentence)]
    window: WindowArg,
    /// Evidence windows kept per edge.
    #[arg(long, default_value_t = 3, value_name = "K")]
    evidence: usize,
    #[command(flatten)]
    filter: FilterArgs,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = args.filter.filter()?;
    let gazetteer = args.input.gazetteer.load()?;
    let gaz_info = GazetteerInfo {
        hash: gazetteer.hash_hex(),
        entities: gazetteer.len(),
        builtin: !args.input.gazetteer.no_builtin,
        files: args.input.gazetteer.files(),
    };
    let window = window_kind(args.window);
    let config = args.input.config(window, args.evidence);
    let pipeline = Pipeline::new(gazetteer, config)?;
    let mut builder = Builder::new(&pipeline, args.input.threads)?;
    let (tallies, skipped) = args.input.read_all(|doc| {
        // --since/--until count only the documents dated within the range.
        if filter.keeps_dates(doc.date.as_deref(), doc.date.as_deref()) {
            builder.push(doc);
        }
        Ok(())
    })?;
    let stats = builder.finish();
    let graph = filter.apply(&EntityGraph::from_stats(&stats, pipeline.gazetteer()));
    let manifest = Manifest {
        tool: format!("entigraph {}", env!("CARGO_PKG_VERSION")),
        options: BuildOptions {
            window,
            evidence: args.evidence,
            demonyms: config.matching.demonyms,
            capitals: config.matching.capitals,
            fold_diacritics: config.matching.fold_diacritics,
            discover: config.discover,
        },
        gazetteer: gaz_info,
        inputs: args
            .input
            .inputs
            .iter()
            .zip(&tallies)
            .map(|(p, t)| InputInfo {
                name: p.display().to_string(),
                documents: t.documents,
                bytes: t.bytes,
                hash: t.hash_hex(),
            })
            .collect(),
        documents: stats.documents,
        windows: stats.windows,
        mentions: stats.mentions,
        skipped,
    };
    let file = GraphFile { manifest, graph };
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout {
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        json::write(&file, &mut w).context("writing graph.json to stdout")?;
        w.flush().context("writing graph.json to stdout")?;
    } else {
        std::fs::create_dir_all(&args.output)
            .with_context(|| format!("creating output directory {}", args.output.display()))?;
        let json_path = args.output.join("graph.json");
        let dot_path = args.output.join("graph.dot");
        write_atomic(&json_path, |w| json::write(&file, w))?;
        write_atomic(&dot_path, |w| dot::write(&file.graph, w))?;
        if !args.input.quiet {
            summary(&file, &[json_path, dot_path])?;
        }
    }
    Ok(exit_code(skipped))
}

fn summary(file: &GraphFile, written: &[PathBuf]) -> anyhow::Result<()> {
    let g = &file.graph;
    let m = &file.manifest;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{} documents, {} mentions, {} entities, {} links",
        m.documents,
        m.mentions,
        g.graph.node_count(),
        g.graph.edge_count()
    )?;
    let mut edges: Vec<_> = g.edges().collect();
    edges.sort_by(|a, b| {
        b.2.count
            .cmp(&a.2.count)
            .then_with(|| a.0.id.cmp(&b.0.id))
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    if !edges.is_empty() {
        writeln!(out, "strongest links:")?;
        for (a, b, e) in edges.iter().take(5) {
            writeln!(
                out,
                "  {} – {}: {} window{}, {} document{}",
                a.label,
                b.label,
                e.count,
                if e.count == 1 { "" } else { "s" },
                e.documents,
                if e.documents == 1 { "" } else { "s" }
            )?;
        }
    }
    for p in written {
        writeln!(out, "wrote {}", p.display())?;
    }
    Ok(())
}
