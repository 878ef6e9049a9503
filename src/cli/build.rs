//! `entigraph build`: text in, graph.json, graph.dot and graph.part out.
//!
//! Also holds what `map` and `merge` share with it: running the pipeline over the inputs into a
//! [`Partial`] (with a progress bar) and writing a graph directory.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use entigraph::export::Count;
use entigraph::export::json::{FileInfo, GazetteerInfo, GraphFile, InputInfo};
use entigraph::export::{Staged, commit_all, dot, json, stage, write_atomic};
use entigraph::filter::Filter;
use entigraph::graph::{Edge, Node};
use entigraph::input::{FileId, Reader};
use entigraph::partial::{Header, Partial};
use entigraph::{Builder, Config, Document, Gazetteer};
use indicatif::{ProgressBar, ProgressStyle};

use super::common::{
    CountArgs, InputArgs, Reads, check_output_directory, exit_code, refuse_nothing_read,
    refuse_output_as_input, stderr_is_terminal,
};
use super::filter::FilterArgs;

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The output directory gets graph.json (the graph), graph.dot (Graphviz) \
                        and graph.part (the statistics, for `build --append` and `merge`); \
                        --files chooses among them."
)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output directory (created if missing), or - to write graph.json to stdout [default:
    /// output, or the --append graph's directory].
    #[arg(long, short = 'o', value_name = "DIR")]
    output: Option<PathBuf>,
    #[command(flatten)]
    count: CountArgs,
    /// Add the inputs to an existing graph: a directory written by build or merge (its
    /// graph.part is read) or a partial file. The result is the graph one build of the old and
    /// the new documents gives; the gazetteer must be the same as before, and --window,
    /// --evidence, --max-window-entities and the matching switches (--no-discover, --capitals,
    /// --no-demonyms, --no-fold-diacritics) and --dedupe are the graph's unless given (with
    /// --dedupe, a document repeating a text the graph counted is left out). A file the
    /// graph counted, with the same file name and content, is left out with a note, inside a
    /// directory or named on its own, under any spelling of its path (`./`, absolute, from
    /// another directory) or moved: a directory appended again counts only its new files. A
    /// JSON lines, CSV or TSV file that grew at its end has only its new lines or rows read,
    /// under any spelling of its path, moved, or through a link of another file name. A last
    /// line or row still being written (no line end and no whole JSON, or a quoted cell open
    /// at the end) is left, with a warning, for the next run. With nothing new at all (a feed
    /// appended before anything arrived), the graph is left as it was and the exit code is 0
    /// (with -o elsewhere, it is written there as it is).
    #[arg(long, value_name = "GRAPH_DIR_OR_PART")]
    append: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    out: GraphDirArgs,
    #[command(flatten)]
    repeats: RepeatArgs,
}

/// Options of the commands that write a graph directory (`build`, `merge`).
#[derive(Debug, clap::Args)]
pub(super) struct GraphDirArgs {
    /// Files to write in the output directory (comma-separated; default all three): json
    /// (graph.json), dot (graph.dot), part (graph.part, which `build --append` and `merge`
    /// read). Once the new files are written, a file left out that an earlier run left there
    /// is removed, so that the directory does not pass an old file off as part of the new
    /// graph; removing the graph.part this run reads is refused.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "FILES")]
    files: Option<Vec<GraphFileArg>>,
}

impl GraphDirArgs {
    /// The files chosen.
    pub(super) fn files(&self) -> Vec<GraphFileArg> {
        self.files
            .clone()
            .unwrap_or_else(|| GraphFileArg::ALL.to_vec())
    }

    /// Refuses --files where no directory is written (`what` says why), and a choice without
    /// graph.part when `dir`'s graph.part is one of `reads` (it would be removed: the exact
    /// statistics of the graph, and the only way to append to it later).
    pub(super) fn check(
        &self,
        dir: Option<&Path>,
        reads: &[PathBuf],
        what: &str,
    ) -> anyhow::Result<()> {
        let Some(dir) = dir else {
            if self.files.is_some() {
                // (Options that do not go together: a usage error, exit 2.)
                return Err(super::Usage(format!(
                    "--files chooses the files of an output directory; {what}"
                ))
                .into());
            }
            return Ok(());
        };
        if self.files().contains(&GraphFileArg::Part) {
            return Ok(());
        }
        let part = dir.join(GraphFileArg::Part.file_name());
        let Ok(part) = part.canonicalize() else {
            return Ok(()); // nothing there to remove
        };
        for r in reads {
            if partial_file(r).canonicalize().is_ok_and(|f| f == part) {
                anyhow::bail!(
                    "{}: --files leaves out graph.part, which would remove the one this run \
                     reads: the exact statistics of the graph, needed to append to it or merge \
                     it later. Add part to --files, or write to another directory",
                    dir.join(GraphFileArg::Part.file_name()).display()
                );
            }
        }
        Ok(())
    }
}

/// The option of the commands that combine inputs (`build`, `map`, `merge`).
#[derive(Debug, clap::Args)]
pub(super) struct RepeatArgs {
    /// Count an input again when it is already counted: the same file named twice (under any
    /// path), a file inside a directory also named, a partial given twice (merge), or, with
    /// build --append, an input the graph counted with the same content (size and hash), as the
    /// same file under another name (a link), or under its name over dates that meet this run's
    /// without holding them (--since 2020 then, none now). By default that is refused and
    /// nothing is written, since it would double the counts of its documents. Inputs of other
    /// names (or standard input) with the same content are counted with a warning, which this
    /// option also silences. With it, build --append does not leave out the files the graph
    /// counted: a directory appended again, a feed file with nothing new, or one that grew, is
    /// read in full.
    #[arg(long)]
    pub(super) allow_duplicate_inputs: bool,
}

/// Refuses an output file that already exists inside a directory being read and that
/// entigraph did not write: the run would set it aside as its own output, unread, and then
/// replace it (`map news -o news/b.txt`). One that entigraph wrote (an earlier run's) is set
/// aside and replaced as before. Warns of files entigraph did not write in an output directory
/// inside an input, which is set aside whole.
fn refuse_replacing_news(input: &InputArgs, outputs: &[PathBuf]) -> anyhow::Result<()> {
    let dirs: Vec<PathBuf> = (input.inputs.iter())
        .filter(|p| p.as_os_str() != "-" && p.is_dir())
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    if dirs.is_empty() {
        return Ok(());
    }
    // An output directory inside an input is set aside whole: news files already in it are
    // not read, which is said (`build news -o news/graph` with articles in news/graph).
    for out in outputs.iter().filter(|o| o.is_dir()) {
        let Ok(real) = out.canonicalize() else {
            continue;
        };
        if !dirs.iter().any(|d| real.starts_with(d) && &real != d) {
            continue;
        }
        let news: Vec<PathBuf> = walkdir::WalkDir::new(out)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.')
            })
            .filter(|e| !entigraph::input::written_by_entigraph(e.path()).unwrap_or(true))
            .map(walkdir::DirEntry::into_path)
            .collect();
        if let Some(first) = news.first() {
            message!(
                "entigraph: warning: {}: the output directory, inside an input, is not read; {} \
                 in it that entigraph did not write {} left out ({}{})",
                out.display(),
                Count(news.len() as u64, "file", "files"),
                if news.len() == 1 { "is" } else { "are" },
                first.display(),
                if news.len() > 1 { ", ..." } else { "" }
            );
        }
    }
    for out in outputs.iter().filter(|o| o.is_file()) {
        let Ok(real) = out.canonicalize() else {
            continue;
        };
        let Some(dir) = dirs.iter().find(|d| real.starts_with(d)) else {
            continue;
        };
        if !entigraph::input::written_by_entigraph(out).unwrap_or(true) {
            let named = (input.inputs.iter())
                .find(|p| p.canonicalize().is_ok_and(|c| &c == dir))
                .unwrap_or(dir);
            anyhow::bail!(
                "{}: a file inside {}, an input, that entigraph did not write: it would be left \
                 out of the reading and then replaced. Nothing was read or written; give another \
                 -o",
                out.display(),
                named.display()
            );
        }
    }
    Ok(())
}

impl RepeatArgs {
    /// A reader of `input`'s inputs that sets `outputs` aside ([`Reader::set_aside`]) and, with
    /// `--allow-duplicate-inputs`, reads a file reached twice again.
    pub(super) fn reader(&self, input: &InputArgs, outputs: &[PathBuf]) -> Reader {
        let mut reader = input.reader();
        for o in outputs {
            reader.set_aside(o);
        }
        reader.read_again(self.allow_duplicate_inputs);
        reader
    }

    /// Refuses, before anything is read, inputs that would be read twice or read and then
    /// replaced: an output file named as an input; unless `--allow-duplicate-inputs`, two
    /// inputs that are the same file, one inside the other, or standard input twice.
    pub(super) fn check(&self, input: &InputArgs, outputs: &[PathBuf]) -> anyhow::Result<()> {
        input.check_fields()?;
        // An output file named as an input would be read, then replaced. (An output directory
        // may be an input: its graph files are set aside.)
        refuse_output_as_input(
            input.inputs.iter().map(PathBuf::as_path),
            outputs.iter().map(PathBuf::as_path).filter(|o| !o.is_dir()),
            Reads::Inputs,
        )?;
        refuse_replacing_news(input, outputs)?;
        if self.allow_duplicate_inputs {
            return Ok(());
        }
        if input.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            anyhow::bail!("-: standard input named twice; it can be read once. Nothing was read");
        }
        let mut named: HashMap<FileId, &Path> = HashMap::new();
        // (An empty file has no documents to count twice.)
        let empty = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() == 0);
        let inputs = || (input.inputs.iter()).filter(|p| p.as_os_str() != "-" && !empty(p));
        let twice = |p: &Path, what: String| {
            anyhow::anyhow!(
                "{}: {what}; counting it twice would double its counts. Nothing was read \
                 (--allow-duplicate-inputs counts it anyway)",
                p.display()
            )
        };
        for p in inputs() {
            if let Some(id) = FileId::of(p)
                && let Some(first) = named.insert(id, p)
            {
                let kind = if p.is_dir() { "directory" } else { "file" };
                return Err(twice(
                    p,
                    format!("the same {kind} as {}, named before", first.display()),
                ));
            }
        }
        // An input inside a directory also named (by their real paths).
        let dirs = inputs().any(|p| p.is_dir());
        for p in inputs().filter(|_| dirs) {
            let Ok(real) = p.canonicalize() else { continue };
            for up in real.ancestors().skip(1) {
                if let Some(dir) = FileId::of(up).and_then(|id| named.get(&id))
                    && dir.is_dir()
                {
                    return Err(twice(p, format!("inside {}, also named", dir.display())));
                }
            }
        }
        Ok(())
    }
}

/// A file of a graph directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum GraphFileArg {
    /// graph.json.
    Json,
    /// graph.dot.
    Dot,
    /// graph.part.
    Part,
}

impl GraphFileArg {
    /// All three, in the order they are written and listed.
    pub(crate) const ALL: [GraphFileArg; 3] =
        [GraphFileArg::Json, GraphFileArg::Dot, GraphFileArg::Part];

    /// The file's name in a graph directory.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            GraphFileArg::Json => "graph.json",
            GraphFileArg::Dot => "graph.dot",
            GraphFileArg::Part => "graph.part",
        }
    }
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let filter = args.filter.filter()?;
    let output = match (&args.output, &args.append) {
        (Some(o), _) => o.clone(),
        (None, Some(a)) if a.is_dir() => a.clone(),
        // DIR/graph.part stands for DIR, as a directory does for DIR/graph.part.
        (None, Some(a))
            if a.file_name()
                .is_some_and(|n| n == GraphFileArg::Part.file_name()) =>
        {
            directory_of(a)
        }
        (None, _) => PathBuf::from("output"),
    };
    let to_stdout = output.as_os_str() == "-";
    args.out.check(
        (!to_stdout).then_some(output.as_path()),
        args.append.as_slice(),
        "-o - writes graph.json alone",
    )?;
    if !to_stdout {
        check_output_directory(&output)?;
    }
    let base = match &args.append {
        None => None,
        Some(p) => Some(read_partial(p)?),
    };
    let earlier = base
        .as_ref()
        .map(|(b, file)| (0..b.header.inputs.len(), file.clone()));
    // The run's own output (should it be inside an input directory, or be one) is not read.
    let mut outputs = Vec::new();
    if !to_stdout {
        outputs.push(output.clone());
        outputs.extend(GraphFileArg::ALL.map(|f| output.join(f.file_name())));
    }
    outputs.extend(args.append.iter().cloned());
    args.repeats.check(&args.input, &outputs)?;
    let reader = || args.repeats.reader(&args.input, &outputs);
    // Files the graph counted, unchanged, are left out (a directory that grows: only its new
    // files are counted; a feed file named on its own with nothing new: nothing), when the graph
    // counted all this run would count of them.
    let mut run_reader = reader();
    if let Some((b, append_file)) = &base
        && !args.repeats.allow_duplicate_inputs
    {
        let now = InputInfo::unread(String::new(), filter.since.clone(), filter.until.clone());
        // A directory counted over a narrower range of dates: its files are read again in full.
        for e in (b.header.inputs.iter())
            .filter(|e| !e.files.is_empty() && !e.covers(&now) && e.may_share_documents(&now))
            .filter(|e| args.input.inputs.iter().any(|p| e.same_name_as(p)))
        {
            message!(
                "entigraph: warning: {} was counted before (in {}) with {} only: its files are read \
                 again in full, and their documents dated in that range are counted twice (append \
                 it with the same dates, or dates that do not meet these)",
                e.name,
                append_file.display(),
                date_range(e)
            );
        }
        for e in b.header.inputs.iter().filter(|e| e.covers(&now)) {
            for f in &e.files {
                run_reader.leave_out_counted(&f.name, f.documents, f.bytes, &f.hash);
            }
            // A file named on its own then, met now on its own or in a directory. (One grown
            // since an earlier count is recorded whole, with where its new part began: what it
            // held then is counted, whatever its new part held.)
            if e.files.is_empty() && e.name != "-" && (e.documents > 0 || e.grown_from.is_some()) {
                run_reader.leave_out_counted(&e.name, e.documents, e.bytes, &e.hash);
            }
        }
    }
    let repeats = |b: &Partial, file: &Path| {
        if args.repeats.allow_duplicate_inputs {
            return Ok(());
        }
        refuse_repeated_appends(b, file, &args.input, reader, &filter)
    };
    let collected = collect(
        &args.input,
        run_reader,
        Checks {
            refuse_empty: true,
            base: &repeats,
        },
        &args.count,
        base,
        &filter,
    );
    let (part, skipped) = match collected {
        // An append with nothing new (a feed before its next files or lines arrive): the graph
        // is up to date.
        Err(e) if e.is::<NothingNew>() => {
            if !args.input.quiet {
                message!("entigraph: note: {e}");
            }
            let skipped = e.downcast_ref::<NothingNew>().map_or(0, |n| n.skipped);
            // Written elsewhere (-o DIR, -o -), the graph is written there as it is, as any
            // build writes its output; in its own directory it is left as it was.
            // (Nothing new comes only of an append.)
            let Some(append) = &args.append else {
                return Ok(exit_code(skipped));
            };
            let own = directory_of(&partial_file(append)).canonicalize().ok();
            if to_stdout || own.is_none() || output.canonicalize().ok() != own {
                (read_partial(append)?.0, skipped)
            } else {
                return Ok(exit_code(skipped));
            }
        }
        c => c?,
    };
    refuse_repeated_inputs(&part, earlier.as_slice(), &args.repeats)?;
    // --since/--until chose the documents counted; the graph shows all that is counted (with
    // --append, the earlier periods too), so its view leaves dates out.
    let filter = Filter {
        since: None,
        until: None,
        ..filter
    };
    if to_stdout {
        let file = filtered_graph(&part, &filter);
        write_stdout("graph.json", |w| json::write(&file, w))?;
    } else {
        let parallel = args.input.threads != 1;
        write_graph_dir(
            &part,
            &output,
            &filter,
            &args.out.files(),
            args.input.quiet,
            parallel,
        )?;
    }
    // As in `write_graph_dir`: the process ends now, and freeing the statistics takes time.
    std::mem::forget(part);
    Ok(exit_code(skipped))
}

/// The partial file `path` stands for: itself, or `DIR/graph.part` for a directory.
pub(super) fn partial_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(GraphFileArg::Part.file_name())
    } else {
        path.to_path_buf()
    }
}

/// The partial at `path` ([`partial_file`]), and the file it was read from.
pub(super) fn read_partial(path: &Path) -> anyhow::Result<(Partial, PathBuf)> {
    let file = partial_file(path);
    if path.is_dir() && !file.exists() {
        anyhow::bail!(
            "{}: no graph.part in this directory: it holds the exact statistics that appending \
             and merging need (build writes it unless --files leaves it out)",
            path.display()
        );
    }
    let part = Partial::from_path(&file)?;
    Ok((part, file))
}

/// The header of a run with this configuration.
fn header(input: &InputArgs, config: &Config, g: &Gazetteer) -> Header {
    Header {
        tool: format!("entigraph {}", entigraph::VERSION),
        options: config.build_options(),
        gazetteer: GazetteerInfo {
            hash: g.hash_hex(),
            entities: g.len(),
            builtin: !input.gazetteer.no_builtin,
            files: input.gazetteer.files(),
        },
        inputs: Vec::new(),
        skipped: 0,
    }
}

/// How to give the build option `field` of a graph header (`options.window`, ...) the value
/// `value` on the command line (`--window paragraph`), for a refused append to say how to run
/// as the graph was built; `None` for a field that is not a build option.
fn options_given(field: &str, value: &str) -> Option<String> {
    let switch = |flag: &str, on: bool| {
        if on {
            flag.to_string()
        } else {
            format!("without {flag}")
        }
    };
    Some(match field.strip_prefix("options.")? {
        "window" => format!("--window {value}"),
        "evidence" => format!("--evidence {value}"),
        "max_window_entities" => format!("--max-window-entities {value}"),
        "demonyms" => switch("--no-demonyms", value == "false"),
        "capitals" => switch("--capitals", value == "true"),
        "fold_diacritics" => switch("--no-fold-diacritics", value == "false"),
        "discover" => switch("--no-discover", value == "false"),
        "dedupe" => switch("--dedupe", value == "true"),
        _ => return None,
    })
}

/// What [`collect`] checks besides the inputs themselves.
pub(super) struct Checks<'a> {
    /// A run that could open no input at all is an error (`build`, which would replace a graph
    /// with an empty one).
    pub(super) refuse_empty: bool,
    /// Checks the base and its file once it is known to match the run's gazetteer and options,
    /// before anything is read.
    pub(super) base: &'a dyn Fn(&Partial, &Path) -> anyhow::Result<()>,
}

/// Runs the pipeline over the inputs (in parallel, with a progress bar on a terminal) and
/// returns their statistics, added to `base` when given, and the number of items skipped in
/// this run, after the [`Checks`].
pub(super) fn collect(
    input: &InputArgs,
    reader: Reader,
    checks: Checks<'_>,
    count: &CountArgs,
    base: Option<(Partial, PathBuf)>,
    filter: &entigraph::filter::Filter,
) -> anyhow::Result<(Partial, u64)> {
    // --since/--until count only the documents dated within the range.
    let (mut undated, mut out_of_range) = (0u64, 0u64);
    let mut keep = |doc: &Document| {
        let dated = doc.date.is_some();
        let keep = filter.keeps_document(doc.date.as_deref());
        undated += u64::from(!keep && !dated);
        out_of_range += u64::from(!keep && dated);
        keep
    };
    // An append goes on as the graph was built in what this run does not say.
    let config = count.config(input, base.as_ref().map(|(b, _)| &b.header.options));
    let gazetteer = input.load_gazetteer()?;
    // A misspelt --types ("persons") would keep nothing: said before the run.
    filter
        .check_types_among(gazetteer.entities().iter().map(|e| &*e.kind))
        .map_err(|e| super::Usage(super::filter::message(e)))?;
    let mut header = header(input, &config, &gazetteer);
    if let Some((b, path)) = &base
        && let Some(m) = b.header.mismatch(&header)
    {
        if m.field == "tool" {
            anyhow::bail!(
                "{}: cannot append: the graph was built by {}, this is {}; what is found may \
                 differ between the two, so build the graph again with this one",
                path.display(),
                m.left,
                m.right
            );
        }
        let hint =
            options_given(&m.field, &m.left).map_or_else(String::new, |given| format!(": {given}"));
        anyhow::bail!(
            "{}: cannot append: {} was {} there but is {} in this run (use the same \
                 gazetteer and options as the graph was built with{hint})",
            path.display(),
            m.field,
            m.left,
            m.right
        );
    }
    if let Some((b, path)) = &base {
        (checks.base)(b, path)?;
    }
    let max_window_entities = config.max_window_entities;
    let pipeline = input.pipeline(gazetteer, config)?;
    let mut builder = Builder::new(&pipeline, input.threads)?;
    if let Some((b, _)) = &base {
        builder.counted_before(&b.stats);
    }
    let mut progress = Progress::new(&input.inputs, input.quiet);
    let (tallies, skipped) = input.read_all_ahead(reader, |doc| {
        progress.add(&doc);
        if keep(&doc) {
            builder.push(doc);
        }
        Ok(())
    })?;
    let repeated = builder.repeated().to_vec();
    let stats = builder.finish();
    progress.finish();
    if !input.quiet {
        let also = if base.is_some() {
            " or in the graph"
        } else {
            ""
        };
        super::common::note_repeats(stats.repeats, &repeated, "counted", also);
    }
    // This run's lists (an appended graph's earlier ones were noted when they were counted).
    if stats.crowded_windows > 0 && !input.quiet {
        message!(
            "entigraph: note: {} named more than {} (lists, not relations): their entities \
             are counted, their pairs are not (--max-window-entities)",
            Count(stats.crowded_windows, "window", "windows"),
            Count(max_window_entities as u64, "entity", "entities")
        );
    }
    if undated > 0 {
        message!(
            "entigraph: note: {undated} document{} without a date not counted (--since/--until \
             count dated documents only)",
            if undated == 1 { "" } else { "s" }
        );
    }
    let unchanged: u64 = tallies.iter().map(|t| t.unchanged).sum();
    let nothing = tallies.iter().all(|t| t.documents == 0);
    if let Some((_, path)) = &base
        && nothing
        && unchanged > 0
    {
        return Err(NothingNew {
            unchanged,
            graph: path.clone(),
            skipped,
        }
        .into());
    }
    if let Some((_, path)) = &base
        && !input.quiet
    {
        for (p, t) in input
            .inputs
            .iter()
            .zip(&tallies)
            .filter(|(_, t)| t.unchanged > 0)
        {
            // A file named on its own is the one left out.
            if !p.is_dir() {
                let was = t.moved.as_ref().map(|(_, then)| then.as_str());
                let was = entigraph::input::shown_as(was);
                message!(
                    "entigraph: note: {}: counted before{was} (in {}), unchanged, left out",
                    p.display(),
                    path.display()
                );
                continue;
            }
            let moved = t.moved.as_ref().map_or_else(String::new, |(now, then)| {
                format!(" (found under another path, as {now} counted as {then})")
            });
            message!(
                "entigraph: note: {}: {} file{} counted before (in {}), unchanged, left out{moved}",
                p.display(),
                t.unchanged,
                if t.unchanged == 1 { "" } else { "s" },
                path.display()
            );
        }
    }
    // An empty graph in place of the old one would help no one. (`map` writes its empty
    // partial, with exit code 3: one shard of many may hold nothing readable.)
    if checks.refuse_empty {
        refuse_nothing_read(&tallies, skipped)?;
        // Documents read, none of them in the dates asked for: the same (an append keeps its
        // graph, whatever this run adds).
        let read: u64 = tallies.iter().map(|t| t.documents).sum();
        if base.is_none() && read > 0 && read == undated + out_of_range {
            anyhow::bail!(
                "no document read is dated within --since/--until ({} read: {undated} without a \
                 date, {out_of_range} dated outside); nothing was written",
                Count(read, "document", "documents")
            );
        }
    }
    header.inputs = input
        .inputs
        .iter()
        .zip(tallies)
        .map(|(p, t)| InputInfo {
            name: p.display().to_string(),
            documents: t.documents,
            bytes: t.bytes,
            hash: t.hash_hex(),
            since: filter.since.clone(),
            until: filter.until.clone(),
            files: t.files,
            grown_from: t.grown_from,
        })
        .collect();
    header.skipped = skipped;
    let new = Partial::new(header, stats, pipeline.gazetteer());
    // Freeing a large gazetteer and its automata takes most of a second for a 1M-alias
    // gazetteer, and the process ends soon after: leave it to the operating system.
    std::mem::forget(pipeline);
    let part = match base {
        None => new,
        Some((mut b, path)) => {
            b.merge(new)
                .map_err(|m| anyhow::anyhow!("{}: cannot append: {m}", path.display()))?;
            b
        }
    };
    Ok((part, skipped))
}

/// Checks for inputs counted twice ([`Header::repeated_inputs`]). The same name with the same
/// content is the same input again (a partial merged twice, a file appended again): refused
/// unless `--allow-duplicate-inputs`, since doubled counts cannot be told from real ones later.
/// Other names with the same content may be distinct documents that read alike (the same wire
/// story in two files), and so may two standard inputs (`-`, a feed that repeated itself):
/// counted, with a warning ([`InputInfo::same_name`]). (Runs over date ranges
/// that do not meet count different documents of the same input: not repeats at all.)
/// `earlier` are the ranges of inputs that come from partials read from disk, with their files:
/// a repeat within one of them was dealt with when it was made.
pub(super) fn refuse_repeated_inputs(
    part: &Partial,
    earlier: &[(std::ops::Range<usize>, PathBuf)],
    args: &RepeatArgs,
) -> anyhow::Result<()> {
    if args.allow_duplicate_inputs {
        return Ok(());
    }
    let inputs = &part.header.inputs;
    let file_of = |i: usize| earlier.iter().find(|(r, _)| r.contains(&i)).map(|(_, f)| f);
    let known = |a: usize, b: usize| {
        earlier
            .iter()
            .any(|(r, _)| r.contains(&a) && r.contains(&b))
    };
    // A directory this run read file by file, leaving out the files counted before: what it
    // read is new, whatever the sum of it equals (a copy of an earlier file was warned of).
    let read_by_file = |a: usize, b: usize| {
        file_of(b).is_none() && !inputs[b].files.is_empty() && !inputs[a].files.is_empty()
    };
    let repeats: Vec<(usize, usize)> = part
        .header
        .repeated_inputs()
        .into_iter()
        .filter(|&(a, b)| !known(a, b) && !read_by_file(a, b))
        .collect();
    // A file read inside a directory by two partials (a folder mapped before and after it
    // grew, then merged), over dates that meet. (With one partial, as in an append, there is
    // nothing to compare: its files were left out of this run's reading.)
    let mut files: HashMap<(Vec<std::ffi::OsString>, u64, &str), usize> = HashMap::new();
    let compared: &[InputInfo] = if earlier.len() > 1 { inputs } else { &[] };
    for (i, e) in compared.iter().enumerate() {
        for f in &e.files {
            let key = (
                entigraph::input::name_key(&f.name),
                f.bytes,
                f.hash.as_str(),
            );
            match files.get(&key) {
                Some(&j)
                    if !known(i, j) && file_of(i).is_some() && inputs[j].may_share_documents(e) =>
                {
                    let origin = |k: usize| {
                        file_of(k)
                            .map_or_else(|| "this run".to_string(), |p| p.display().to_string())
                    };
                    anyhow::bail!(
                        "{}: counted in {} and again in {}, with the same content ({} bytes, hash \
                         {}); counting it twice would double its counts. Nothing was written \
                         (--allow-duplicate-inputs counts it anyway)",
                        f.name,
                        origin(j),
                        origin(i),
                        f.bytes,
                        f.hash
                    );
                }
                Some(_) => {}
                None => {
                    files.insert(key, i);
                }
            }
        }
    }
    let same_name = |a: usize, b: usize| inputs[a].same_name(&inputs[b]);
    if let Some(&(first, again)) = repeats.iter().find(|&&(a, b)| same_name(a, b)) {
        // (A partial file given twice was refused before it was read.)
        let b = &inputs[again];
        let name = match file_of(again) {
            Some(g) => format!("{}: input {}", g.display(), b.name),
            None => b.name.clone(),
        };
        let from = file_of(first).map_or_else(String::new, |f| format!(" (in {})", f.display()));
        return Err(counted_again(&name, &from, b));
    }
    let shown = |n: &str| {
        if n == "-" {
            "standard input".to_string()
        } else {
            n.to_string()
        }
    };
    for (first, again) in repeats {
        let (a, b) = (&inputs[first], &inputs[again]);
        message!(
            "entigraph: warning: {} has the same content as {} ({}); both are counted",
            shown(&b.name),
            if a.name == "-" && b.name == "-" {
                "an earlier standard input".to_string()
            } else {
                shown(&a.name)
            },
            described(b)
        );
    }
    // A new input of a name already counted, with other content: a file that grew or was
    // mended since. It may also be a new file of a reused name (today.jsonl), so only a warning.
    let new = (0..inputs.len()).filter(|&i| file_of(i).is_none());
    for b in new {
        let input = &inputs[b];
        if input.documents == 0 {
            continue;
        }
        // A directory read file by file: its files counted before were left out, and each one
        // changed since was warned of as it was read (or, counted over other dates, before the
        // run).
        let by_file = (0..inputs.len()).any(|a| {
            let e = &inputs[a];
            file_of(a).is_some() && e.same_name(input) && !e.files.is_empty()
        });
        // A file that grew at its end since it was counted: only what is new was read (and the
        // reader said so).
        if by_file || input.grown_from.is_some() {
            continue;
        }
        // Counted under this name, or another path that may be this file's (`feed.jsonl` for
        // `/abs/feed.jsonl`, from another directory, or the same file by another name: a link).
        let path = Path::new(&input.name);
        let same_file = |name: &str| entigraph::input::counted_as(name, path);
        let named = |name: &str| {
            entigraph::input::name_key(name) == entigraph::input::name_key(&input.name)
        };
        let as_name = |name: &str| entigraph::input::shown_as((!named(name)).then_some(name));
        let other = |e: &InputInfo| {
            e.may_share_documents(input) && (e.bytes, &e.hash) != (input.bytes, &input.hash)
        };
        // Every count of this file the graph holds (a feed counted as it grew has each part in
        // an input of its own).
        let counts: Vec<usize> = (0..inputs.len())
            .filter(|&b| {
                let e = &inputs[b];
                file_of(b).is_some()
                    && e.name != "-"
                    && e.files.is_empty()
                    && e.may_share_documents(input)
                    && same_file(&e.name)
            })
            .collect();
        // (The one of this name, else the last counted. A file skipped then, binary or each of
        // its lines bad, held no documents to count twice.)
        let before = (counts.iter().copied())
            .filter(|&a| inputs[a].documents > 0 || inputs[a].grown_from.is_some())
            .filter(|&a| other(&inputs[a]))
            .max_by_key(|&a| (named(&inputs[a].name), a));
        if let Some(a) = before {
            let e = &inputs[a];
            // The documents counted twice are all of its counts', not the last part's.
            let counted: u64 = counts.iter().map(|&b| inputs[b].documents).sum();
            let all = if counted > e.documents {
                format!(
                    ", {} counted of it in all",
                    Count(counted, "document", "documents")
                )
            } else {
                String::new()
            };
            message!(
                "entigraph: warning: {} was counted before{} (in {}) with other content ({}{all}); \
                 if it is the same file grown or mended, the documents it held then are counted \
                 twice (append only what is new)",
                input.name,
                as_name(&e.name),
                file_of(a).map_or_else(String::new, |f| f.display().to_string()),
                described(e)
            );
            continue;
        }
        // Counted inside a directory.
        let inside = (0..inputs.len())
            .filter(|&a| file_of(a).is_some() && inputs[a].may_share_documents(input))
            .flat_map(|a| inputs[a].files.iter().map(move |f| (a, f)))
            .filter(|(_, f)| {
                f.documents > 0
                    && (f.bytes, &f.hash) != (input.bytes, &input.hash)
                    && Path::new(&f.name).file_name() == path.file_name()
                    && same_file(&f.name)
            })
            .max_by_key(|&(a, f)| (named(&f.name), a));
        if let Some((a, f)) = inside {
            message!(
                "entigraph: warning: {} was counted before{} (in {}, inside {}) with other \
                 content; if it is the same file grown or mended, the documents it held then are \
                 counted twice",
                input.name,
                as_name(&f.name),
                file_of(a).map_or_else(String::new, |f| f.display().to_string()),
                inputs[a].name
            );
        }
    }
    Ok(())
}

/// The directory a file is in (`.` for a bare file name).
fn directory_of(file: &Path) -> PathBuf {
    file.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// An append that found nothing new to count: every file counted before, unchanged (inside
/// directories or named on its own), or holding no documents.
#[derive(Debug)]
pub(super) struct NothingNew {
    unchanged: u64,
    graph: PathBuf,
    /// Input items skipped meanwhile (reported as they were met): the exit code says so.
    skipped: u64,
}

impl std::fmt::Display for NothingNew {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "nothing new to count: {} file{} counted before (in {}), unchanged; the graph is left \
             as it was",
            self.unchanged,
            if self.unchanged == 1 {
                " was"
            } else {
                "s were"
            },
            self.graph.display()
        )
    }
}

impl std::error::Error for NothingNew {}

/// The `--since`/`--until` range an input was counted over, as options (`--since 2020`); empty
/// for none.
fn date_range(e: &InputInfo) -> String {
    let range: Vec<String> = [("--since", &e.since), ("--until", &e.until)]
        .into_iter()
        .filter_map(|(o, d)| d.as_ref().map(|d| format!("{o} {d}")))
        .collect();
    range.join(" ")
}

/// An input's content, as messages show it.
fn described(i: &InputInfo) -> String {
    format!(
        "{} document{}, {} bytes, hash {}",
        i.documents,
        if i.documents == 1 { "" } else { "s" },
        i.bytes,
        i.hash
    )
}

/// The refusal of an input counted again (`name`, already counted in `from`).
fn counted_again(name: &str, from: &str, input: &InputInfo) -> anyhow::Error {
    anyhow::anyhow!(
        "{name}: already counted{from}, with the same content ({}); counting it again would \
         double its counts. Nothing was written (--allow-duplicate-inputs counts it anyway)",
        described(input)
    )
}

/// Refuses, before any work, an input of `build --append` with the name and content of one
/// the graph already counted over dates that meet, as [`refuse_repeated_inputs`] would after
/// the run: hashing an input is far faster than processing it, so a refused append costs
/// seconds, not the whole run. Only inputs named as one the graph counted are read twice.
///
/// A file the graph counted over dates that hold this run's, under the same file name, is no
/// mistake to refuse: the run's reader leaves it out when it is unchanged (a feed file appended
/// before anything new arrived), or reads what is new in it ([`Reader::leave_out_counted`]). It
/// is not hashed here when nothing else could refuse it, so that the reader's is its one read.
fn refuse_repeated_appends(
    base: &Partial,
    file: &Path,
    input: &InputArgs,
    reader: impl Fn() -> Reader,
    dates: &Filter,
) -> anyhow::Result<()> {
    let info_of = |name: &Path| {
        InputInfo::unread(
            name.display().to_string(),
            dates.since.clone(),
            dates.until.clone(),
        )
    };
    // The content of the input at `p`, read as this run would read it.
    let hashed = |p: &Path| -> anyhow::Result<InputInfo> {
        let mut tally = entigraph::input::InputTally::default();
        reader().read(p, &mut tally, &mut |_| {});
        Ok(InputInfo {
            documents: tally.documents,
            bytes: tally.bytes,
            hash: tally.hash_hex(),
            ..info_of(p)
        })
    };
    let from = format!(" (in {})", file.display());
    let same = |a: &InputInfo, b: &InputInfo| {
        a.documents > 0 && a.bytes > 0 && (a.bytes, &a.hash) == (b.bytes, &b.hash)
    };
    // The graph's inputs by name, and by the file each names from here (an input given now
    // under another spelling, `/abs/a.txt` for `a.txt`, is the same file; found when first
    // needed).
    let inputs = &base.header.inputs;
    let mut by_name: HashMap<Vec<std::ffi::OsString>, Vec<usize>> = HashMap::new();
    for (i, e) in inputs.iter().enumerate() {
        if let Some(k) = e.name_key() {
            by_name.entry(k).or_default().push(i);
        }
    }
    let by_file: std::cell::OnceCell<HashMap<FileId, Vec<usize>>> = std::cell::OnceCell::new();
    let by_file = || {
        by_file.get_or_init(|| {
            let mut m: HashMap<FileId, Vec<usize>> = HashMap::new();
            for (i, e) in inputs.iter().enumerate().filter(|(_, e)| e.name != "-") {
                if let Some(id) = FileId::of(Path::new(&e.name)) {
                    m.entry(id).or_default().push(i);
                }
            }
            m
        })
    };
    for p in input.inputs.iter().filter(|p| p.as_os_str() != "-") {
        let new = info_of(p);
        let key = new.name_key().unwrap_or_default();
        let counted = |i: &usize| inputs[*i].may_share_documents(&new);
        // What the reader leaves out, unchanged: a file the graph counted (`name`, in `e`) over
        // dates that hold this run's, under the same file name (given the same way, or another:
        // `/abs/feed.jsonl` for `feed.jsonl`, `feed.jsonl` for `in/feed.jsonl`), as `run` told it.
        let is_file = p.is_file();
        let left_out = |e: &InputInfo, name: &str| {
            is_file && e.covers(&new) && Path::new(name).file_name() == p.file_name()
        };
        // The input itself, counted before under its name or another spelling of its path. (A
        // directory whose files the graph recorded is read file by file instead, each file
        // counted before left out; an input that counted no document has none to count twice.)
        let mut earlier: Vec<usize> = by_name.get(&key).cloned().unwrap_or_default();
        if let Some(id) = FileId::of(p) {
            earlier.extend(by_file().get(&id).into_iter().flatten());
        }
        earlier.retain(counted);
        earlier.retain(|&i| !p.is_dir() || inputs[i].files.is_empty());
        earlier.retain(|&i| inputs[i].documents > 0);
        let named_left_out = |i: usize| {
            let e = &inputs[i];
            e.files.is_empty() && e.name != "-" && left_out(e, &e.name)
        };
        let mut info = None;
        if earlier.iter().any(|&i| !named_left_out(i)) {
            let info = info.insert(hashed(p)?);
            let same_as = |i: &&usize| same(info, &inputs[**i]);
            if earlier.iter().filter(same_as).any(|&i| named_left_out(i)) {
                continue;
            }
            if let Some(&i) = earlier.iter().find(same_as) {
                let e = &inputs[i];
                let from = match date_range(e) {
                    range if range.is_empty() => from,
                    range => format!(" (in {}, with {range})", file.display()),
                };
                return Err(counted_again(&info.name, &from, info));
            }
        }
        if !is_file {
            continue;
        }
        // A file the graph counted inside a directory: the same file name and content, under
        // whatever path (`/abs/feed/a.txt` for `feed/a.txt`).
        let file_name = p.file_name();
        let recorded: Vec<(&InputInfo, &FileInfo)> = (inputs.iter())
            .filter(|e| e.may_share_documents(&new))
            .flat_map(|e| e.files.iter().map(move |f| (e, f)))
            .filter(|(_, f)| {
                Path::new(&f.name).file_name() == file_name
                    || entigraph::input::name_key(&f.name) == key
            })
            .collect();
        // (What the reader leaves out, or reads only the new part of, is not hashed here: one
        // changed otherwise is warned of after the run, in `refuse_repeated_inputs`, once the
        // reader has told which it is.)
        if !recorded.is_empty() {
            if recorded.iter().all(|(e, f)| left_out(e, &f.name)) {
                continue;
            }
            let info = match info {
                Some(info) => info,
                None => hashed(p)?,
            };
            // (An empty file has no documents to count twice.)
            if info.bytes == 0 {
                continue;
            }
            let same_file = |f: &&FileInfo| (f.bytes, &f.hash) == (info.bytes, &info.hash);
            let same_files = || recorded.iter().filter(|(_, f)| same_file(f));
            if same_files().any(|(e, f)| left_out(e, &f.name)) {
                continue;
            }
            // (A file skipped then, binary or each of its lines bad, counted no documents.)
            if let Some((_, f)) = same_files().find(|(_, f)| f.documents > 0) {
                let name = if entigraph::input::name_key(&f.name) == key {
                    info.name.clone()
                } else {
                    format!("{} (counted as {})", info.name, f.name)
                };
                return Err(counted_again(&name, &from, &info));
            }
            continue;
        }
        // A file inside a directory counted before whose files the graph did not record (an
        // older graph): it may have been there then.
        let dir = (1..key.len())
            .filter_map(|n| by_name.get(&key[..n]))
            .flatten()
            .copied()
            .filter(counted)
            .find(|&d| inputs[d].files.is_empty());
        if let Some(d) = dir {
            message!(
                "entigraph: warning: {} lies in {}, counted before{from}: if it was there \
                 then, its documents are counted twice",
                new.name,
                inputs[d].name
            );
        }
    }
    Ok(())
}

/// Writes `what` to standard output, buffered (`-o -`).
pub(super) fn write_stdout(
    what: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    write(&mut w)
        .and_then(|()| w.flush())
        .with_context(|| format!("writing {what} to stdout"))
}

/// Writes a partial atomically.
pub(super) fn write_partial(part: &Partial, path: &Path) -> anyhow::Result<()> {
    write_atomic(path, |w| part.write(w))?;
    Ok(())
}

/// The summary `map` and `merge --partial` print after writing a partial.
pub(super) fn partial_summary(part: &Partial, path: &Path) -> anyhow::Result<()> {
    writeln!(
        std::io::stdout(),
        "{}, {}, {}\nwrote {}",
        Count(part.stats.documents, "document", "documents"),
        Count(part.stats.entities.len() as u64, "entity", "entities"),
        Count(part.stats.pairs.len() as u64, "link", "links"),
        path.display()
    )
    .context("writing to stdout")
}

/// The graph of `part` as `filter` cuts it. A name `--exclude` gives of no entity of the graph,
/// or of several, is warned of and leaves out nothing (the run's work is not thrown away for
/// it).
fn filtered_graph(part: &Partial, filter: &Filter) -> GraphFile {
    let mut file = part.graph_file();
    let filter = super::filter::exclude_ids(filter, &[&file.graph], false)
        .expect("not strict: names are warned of");
    filter.apply_in_place(&mut file.graph);
    file
}

/// Writes the chosen files of `DIR/graph.json`, `DIR/graph.dot` and `DIR/graph.part` (all
/// written in full before any replaces an old file), removes the others if an earlier run left them there, and, unless `quiet`,
/// prints a summary on stdout. The filter shapes graph.json and graph.dot; graph.part keeps
/// the whole statistics, so later appends and merges stay exact.
pub(super) fn write_graph_dir(
    part: &Partial,
    dir: &Path,
    filter: &Filter,
    files: &[GraphFileArg],
    quiet: bool,
    parallel: bool,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating output directory {}", dir.display()))?;
    let path = |f: GraphFileArg| dir.join(f.file_name());
    let wanted = |f: GraphFileArg| files.contains(&f);
    let graph_file = || filtered_graph(part, filter);
    // Each file is staged (written in full beside its place), and all are put in place only
    // once every one is written: a failure (a full disk) leaves the old files, all of them, and
    // an append that fails leaves no graph.part that has counted its inputs.
    let stage_json = |file: &GraphFile| -> anyhow::Result<Option<Staged>> {
        Ok(wanted(GraphFileArg::Json)
            .then(|| stage(&path(GraphFileArg::Json), |w| json::write(file, w)))
            .transpose()?)
    };
    let stage_dot = |file: &GraphFile| -> anyhow::Result<Option<Staged>> {
        Ok(wanted(GraphFileArg::Dot)
            .then(|| stage(&path(GraphFileArg::Dot), |w| dot::write(&file.graph, w)))
            .transpose()?)
    };
    let stage_part = || -> anyhow::Result<Option<Staged>> {
        Ok(wanted(GraphFileArg::Part)
            .then(|| stage(&path(GraphFileArg::Part), |w| part.write(w)))
            .transpose()?)
    };
    // The graph is built for graph.json, graph.dot and the summary; graph.part needs none.
    let needs_graph = wanted(GraphFileArg::Json) || wanted(GraphFileArg::Dot) || !quiet;
    let (file, staged) = if !needs_graph {
        (None, vec![stage_part()?])
    } else if parallel {
        // The three files are independent, and on a large graph writing them is a good part of
        // the run: write them side by side (graph.part needs no graph, so it starts first).
        let (file, staged) = std::thread::scope(|scope| -> anyhow::Result<_> {
            let part = scope.spawn(stage_part);
            let file = graph_file();
            let (j, d) = std::thread::scope(|inner| {
                let dot = inner.spawn(|| stage_dot(&file));
                let j = stage_json(&file);
                (
                    j,
                    dot.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                )
            });
            let p = part.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            let staged = vec![j?, d?, p?];
            Ok((file, staged))
        })?;
        (Some(file), staged)
    } else {
        let file = graph_file();
        let staged = vec![stage_json(&file)?, stage_dot(&file)?, stage_part()?];
        (Some(file), staged)
    };
    commit_all(staged.into_iter().flatten())?;
    // Only now that the new files are in place: a file of the old graph next to the new one
    // would be taken for part of it (an old graph.part would even be appended to).
    let mut removed = Vec::new();
    for f in GraphFileArg::ALL.into_iter().filter(|&f| !wanted(f)) {
        let p = path(f);
        match std::fs::remove_file(&p) {
            Ok(()) => removed.push(p),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("removing {} (left from an earlier run)", p.display())
                });
            }
        }
    }
    // An empty graph from empty input is said (even with --quiet), not left to be found later.
    if let Some(file) = &file {
        let (documents, mentions) = (file.manifest.documents, file.manifest.mentions);
        if documents == 0 {
            message!("entigraph: warning: no documents were read: the input is empty");
        } else if mentions == 0 {
            message!(
                "entigraph: warning: no entity was found in {}: the graph is empty",
                Count(documents, "document", "documents")
            );
        }
    }
    if let Some(file) = file.as_ref().filter(|_| !quiet) {
        let written: Vec<PathBuf> = (GraphFileArg::ALL.into_iter())
            .filter(|&f| wanted(f))
            .map(path)
            .collect();
        summary(file, &written, &removed)
            .context("writing the summary to stdout (the graph files were written)")?;
    }
    // The commands that write a graph directory end right after: freeing a large graph would
    // only delay the exit (a quarter of a second for 370k links).
    std::mem::forget(file);
    Ok(())
}

/// A progress bar on stderr (documents, MB/s, and an ETA when the input size is known); hidden
/// when stderr is not a terminal or with `--quiet`.
pub(super) struct Progress {
    bar: ProgressBar,
    documents: u64,
}

impl Progress {
    pub(super) fn new(inputs: &[PathBuf], quiet: bool) -> Progress {
        if quiet || !stderr_is_terminal() {
            return Progress {
                bar: ProgressBar::hidden(),
                documents: 0,
            };
        }
        // Positions count document text bytes, so the total is known only for uncompressed
        // files; JSON escapes make JSONL files a little larger than their texts, which only
        // makes the ETA a little pessimistic.
        let bar = match total_size(inputs) {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:30}] {decimal_bytes}/{decimal_total_bytes} \
                     {decimal_bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            ),
            None => ProgressBar::no_length().with_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} {decimal_bytes} {decimal_bytes_per_sec}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress { bar, documents: 0 }
    }

    pub(super) fn add(&mut self, doc: &Document) {
        self.documents += 1;
        let pos = self.bar.position() + doc.text.len() as u64;
        match self.bar.length() {
            Some(len) => self.bar.set_position(pos.min(len)),
            None => self.bar.set_position(pos),
        }
        self.bar
            .set_message(format!("{} documents", self.documents));
    }

    pub(super) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The total size of the inputs, when all are uncompressed files or directories of them.
fn total_size(inputs: &[PathBuf]) -> Option<u64> {
    fn add(path: &Path, total: &mut u64) -> Option<()> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).ok()? {
                let entry = entry.ok()?;
                if !entry.file_name().to_string_lossy().starts_with('.') {
                    add(&entry.path(), total)?;
                }
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
        {
            return None;
        } else {
            *total += meta.len();
        }
        Some(())
    }
    let mut total = 0;
    for p in inputs {
        if p.as_os_str() == "-" {
            return None;
        }
        add(p, &mut total)?;
    }
    Some(total)
}

fn summary(file: &GraphFile, written: &[PathBuf], removed: &[PathBuf]) -> anyhow::Result<()> {
    let g = &file.graph;
    let m = &file.manifest;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(
        out,
        "{}, {}, {}, {}",
        Count(m.documents, "document", "documents"),
        Count(m.mentions, "mention", "mentions"),
        Count(g.graph.node_count() as u64, "entity", "entities"),
        Count(g.graph.edge_count() as u64, "link", "links")
    )?;
    if !g.filtered.is_empty() {
        // The counts above are of what the filter kept (graph.part keeps everything counted).
        writeln!(
            out,
            "filtered: {}",
            entigraph::filter::describe(&g.filtered)
        )?;
    }
    let mut edges: Vec<_> = g.edges().collect();
    let strongest = |a: &(&Node, &Node, &Edge), b: &(&Node, &Node, &Edge)| {
        b.2.count
            .cmp(&a.2.count)
            .then_with(|| a.0.id.cmp(&b.0.id))
            .then_with(|| a.1.id.cmp(&b.1.id))
    };
    // The five strongest, without sorting every edge.
    if edges.len() > 5 {
        edges.select_nth_unstable_by(4, strongest);
        edges.truncate(5);
    }
    edges.sort_by(strongest);
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
    for p in removed {
        writeln!(out, "removed {} (left from an earlier run)", p.display())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use entigraph::export::json::BuildOptions;

    /// A refused append says how to run as the graph was built, for every build option (one
    /// added later without a way to give it fails here).
    #[test]
    fn every_build_option_is_named_as_given_on_the_command_line() {
        let options = BuildOptions {
            window: entigraph::WindowKind::Paragraph,
            evidence: 5,
            demonyms: false,
            capitals: true,
            fold_diacritics: false,
            discover: false,
            max_window_entities: 0,
            dedupe: true,
        };
        let serde_json::Value::Object(fields) = serde_json::to_value(&options).unwrap() else {
            panic!("options are an object");
        };
        let given: Vec<String> = fields
            .iter()
            .map(|(k, v)| {
                let value = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                options_given(&format!("options.{k}"), &value)
                    .unwrap_or_else(|| panic!("options.{k} has no command-line form"))
            })
            .collect();
        assert_eq!(
            given.join(" "),
            "--capitals --dedupe --no-demonyms --no-discover --evidence 5 --no-fold-diacritics \
             --max-window-entities 0 --window paragraph"
        );
        assert_eq!(
            options_given("options.capitals", "false").as_deref(),
            Some("without --capitals")
        );
        assert_eq!(options_given("gazetteer.hash", "0"), None);
    }
}
