//! `entigraph merge`: partial graphs in, one graph (or one partial) out.

use std::path::PathBuf;
use std::process::ExitCode;

use entigraph::export::{Count, json};
use entigraph::input::FileId;
use entigraph::partial::Partial;
use rayon::prelude::*;

use super::build::{
    GraphDirArgs, RepeatArgs, partial_file, partial_summary, read_partial, refuse_repeated_inputs,
    write_graph_dir, write_partial, write_stdout,
};
use super::common::{check_output_directory, check_output_file};

/// Arguments of `merge`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Merging is exact: counts add, first/last dates take the minimum and \
                        maximum, evidence keeps the K windows with the smallest (document id, \
                        start). The graph is the one a single build of all the documents gives; \
                        the manifest lists the partials' inputs in the order the partials are \
                        given, so giving them in input order reproduces the build's graph.json \
                        byte for byte. Partials built with a different gazetteer, options or \
                        entigraph version are refused."
)]
pub(crate) struct Args {
    /// Partial graphs from `map` (or `build`'s graph.part); a directory stands for
    /// DIR/graph.part.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Output directory for graph.json, graph.dot and graph.part; with --partial, the partial
    /// file to write. - writes graph.json (with --partial, the partial) to stdout.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: PathBuf,
    /// Write a merged partial instead of a graph (to merge again later, as in a tree).
    #[arg(long)]
    partial: bool,
    /// Print no summary.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    out: GraphDirArgs,
    #[command(flatten)]
    repeats: RepeatArgs,
}

/// A merged partial, and the ranges of its inputs that each partial file brought (the first
/// file is named in errors).
struct Acc {
    part: Partial,
    ranges: Vec<(std::ops::Range<usize>, PathBuf)>,
}

impl Acc {
    fn first(&self) -> &std::path::Path {
        &self.ranges[0].1
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output.as_os_str() == "-";
    args.out.check(
        (!args.partial && !to_stdout).then_some(args.output.as_path()),
        &args.parts,
        if to_stdout && args.partial {
            "-o - writes the partial alone"
        } else if to_stdout {
            "-o - writes graph.json alone"
        } else {
            "--partial writes one partial file"
        },
    )?;
    match (to_stdout, args.partial) {
        (true, _) => {}
        (false, true) => check_output_file(&args.output)?,
        (false, false) => check_output_directory(&args.output)?,
    }
    if !args.repeats.allow_duplicate_inputs {
        refuse_partials_given_twice(&args.parts)?;
    }
    // Consecutive partials are read and merged in parallel; rayon's reduce combines neighbours
    // only, so the inputs stay in command-line order.
    let merged = args
        .parts
        .par_iter()
        .map(|p| {
            read_partial(p).map(|(part, file)| {
                let ranges = vec![(0..part.header.inputs.len(), file)];
                Some(Acc { part, ranges })
            })
        })
        .try_reduce(|| None, merge)?;
    let Some(Acc { part, ranges, .. }) = merged else {
        anyhow::bail!("no partials given");
    };
    refuse_repeated_inputs(&part, &ranges, &args.repeats)?;
    if part.header.skipped > 0 {
        // Skipped when the partials were made (and reported then, with exit code 3); this run
        // skipped nothing, but the graph is short of those documents.
        message!(
            "entigraph: note: the partials record {} input item{} skipped when they were made \
             (\"skipped\" in the manifest)",
            part.header.skipped,
            if part.header.skipped == 1 { "" } else { "s" }
        );
    }
    if part.stats.crowded_windows > 0 && !args.quiet {
        // As `build` and `map` note their own (each partial's when it was made, unless -q).
        message!(
            "entigraph: note: the partials record {} that named more than {} (lists, not \
             relations): their entities are counted, their pairs are not \
             (--max-window-entities)",
            Count(part.stats.crowded_windows, "window", "windows"),
            Count(
                part.header.options.max_window_entities as u64,
                "entity",
                "entities"
            )
        );
    }
    if part.stats.recounted > 0 {
        // Each partial left out its own repeats (--dedupe); one story in two partials is in
        // both counts, and the sums cannot tell which.
        let n = part.stats.recounted;
        message!(
            "entigraph: warning: {} counted again: {} the text of a document counted in another \
             of the partials (--dedupe leaves out a repeat within one map or build, not across \
             partials); map the documents that may repeat each other together \
             (\"recounted\" in the manifest)",
            Count(n, "document was", "documents were"),
            if n == 1 { "it repeats" } else { "each repeats" },
        );
    }
    if to_stdout {
        if args.partial {
            write_stdout("the partial", |w| part.write(w))?;
        } else {
            write_stdout("graph.json", |w| json::write(&part.graph_file(), w))?;
        }
    } else if args.partial {
        write_partial(&part, &args.output)?;
        if !args.quiet {
            partial_summary(&part, &args.output)?;
        }
    } else {
        write_graph_dir(
            &part,
            &args.output,
            &entigraph::filter::Filter::default(),
            &args.out.files(),
            args.quiet,
            true,
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses a partial file given twice (under any spelling of its path, or a link): its documents would be
/// counted twice, whatever its inputs are called.
fn refuse_partials_given_twice(parts: &[PathBuf]) -> anyhow::Result<()> {
    let mut seen = std::collections::HashMap::new();
    for p in parts {
        let Some(id) = FileId::of(&partial_file(p)) else {
            continue; // reading it will say what is wrong
        };
        if let Some(first) = seen.insert(id, p) {
            anyhow::bail!(
                "{}: given twice (also as {}); its documents would be counted twice. Nothing was \
                 written (--allow-duplicate-inputs merges it anyway)",
                p.display(),
                first.display()
            );
        }
    }
    Ok(())
}

fn merge(a: Option<Acc>, b: Option<Acc>) -> anyhow::Result<Option<Acc>> {
    match (a, b) {
        (None, x) | (x, None) => Ok(x),
        (Some(mut a), Some(b)) => {
            if let Some(m) = a.part.header.mismatch(&b.part.header) {
                if m.field == "tool" {
                    anyhow::bail!(
                        "{b}: cannot be merged with {a}: it was written by {}, {a} by {}; what \
                         is found may differ between the two, so map both with one entigraph",
                        m.right,
                        m.left,
                        a = a.first().display(),
                        b = b.first().display(),
                    );
                }
                anyhow::bail!(
                    "{b}: cannot be merged with {a}: {} is {} in {b} but {} in {a}",
                    m.field,
                    m.right,
                    m.left,
                    a = a.first().display(),
                    b = b.first().display(),
                );
            }
            let shift = a.part.header.inputs.len();
            let Acc { part, ranges } = b;
            let b_first = ranges[0].1.display().to_string();
            a.part
                .merge(part)
                .map_err(|m| anyhow::anyhow!("{b_first}: {m}"))?;
            a.ranges.extend(
                ranges
                    .into_iter()
                    .map(|(r, f)| (r.start + shift..r.end + shift, f)),
            );
            Ok(Some(a))
        }
    }
}
