//! Options shared by several subcommands, and their resolution into library configuration.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use entigraph::export::Count;
use entigraph::export::json::BuildOptions;
use entigraph::input::{Fields, FileId, InputFormat, InputTally, Item, Problem, Reader};
use entigraph::pipeline::chunk_full;
use entigraph::{Config, Document, Gazetteer, MatchOptions, Pipeline, WindowKind};

use super::Usage;

/// Which gazetteers to use.
#[derive(Debug, clap::Args)]
pub(crate) struct GazetteerArgs {
    /// Add entities from a gazetteer file (TSV; see gazetteers/README.md). Repeatable; an id that
    /// already exists is replaced.
    #[arg(long = "gazetteer", short = 'g', value_name = "PATH")]
    pub(crate) gazetteers: Vec<PathBuf>,
    /// Leave out the built-in gazetteers.
    #[arg(long)]
    pub(crate) no_builtin: bool,
}

impl GazetteerArgs {
    pub(crate) fn load(&self) -> anyhow::Result<Gazetteer> {
        let mut g = if self.no_builtin {
            Gazetteer::new()
        } else {
            Gazetteer::builtin().context("loading the built-in gazetteers")?
        };
        for path in &self.gazetteers {
            let more = Gazetteer::from_path(path)
                .with_context(|| format!("reading gazetteer {}", path.display()))?;
            g.merge(more);
        }
        if g.is_empty() {
            anyhow::bail!("no gazetteer entries: give --gazetteer PATH or drop --no-builtin");
        }
        Ok(g)
    }

    pub(crate) fn files(&self) -> Vec<String> {
        self.gazetteers
            .iter()
            .map(|p| p.display().to_string())
            .collect()
    }
}

/// How input files are read.
#[derive(Clone, Copy, Debug, ValueEnum, Default)]
pub(crate) enum InputFormatArg {
    /// By extension: .jsonl and .ndjson (also .gz) are JSON lines, .csv and .tsv (also .gz) CSV,
    /// .html, .htm and .xhtml (also .gz) HTML pages; others, and stdin, JSON lines or an HTML
    /// page when they begin as one, else plain text.
    #[default]
    Auto,
    /// Each file (or stdin) is one plain-text document.
    Text,
    /// Each file (or stdin) holds one JSON object per line with "id" and "text".
    Jsonl,
    /// Each file (or stdin) is CSV with a header row, one document per row ("text" column).
    Csv,
    /// Each file (or stdin) is an HTML page, one document: the text a reader sees (no scripts,
    /// styles or menus), with the page's title, date and address.
    Html,
}

/// Window kinds on the command line.
#[derive(Clone, Copy, Debug, ValueEnum, Default)]
pub(crate) enum WindowArg {
    /// Entities in the same sentence are linked.
    #[default]
    Sentence,
    /// Entities in the same paragraph are linked.
    Paragraph,
    /// Entities in the same document are linked.
    Document,
}

/// What counts as together, and what is kept of it (`build`, `map`): options recorded in the
/// graph, which must agree for graphs to merge or be appended to. An option not given takes its
/// default, or with `build --append` the graph's ([`CountArgs::config`]).
#[derive(Debug, clap::Args)]
pub(crate) struct CountArgs {
    /// What counts as appearing together [default: sentence; on build --append, the graph's].
    #[arg(long, value_enum)]
    pub(crate) window: Option<WindowArg>,
    /// Evidence windows kept per edge [default: 3; on build --append, the graph's].
    #[arg(long, value_name = "K")]
    pub(crate) evidence: Option<usize>,
    /// A window naming more than N distinct entities adds no links: it is a list (a directory,
    /// a table of delegates, an index), not a relation, and its links would grow with the
    /// square of its names. Its entities are still counted; the manifest counts such windows
    /// (crowded_windows). 0: no limit [default: 10 with --window sentence, 20 with paragraph,
    /// 100 with document; on build --append, the graph's].
    #[arg(long, value_name = "N")]
    pub(crate) max_window_entities: Option<usize>,
    /// Leave out a document whose text repeats one counted before, word for word (the same wire
    /// story under two ids or addresses); the first in input order is kept, whatever the number
    /// of threads. A document without text repeats nothing. The graph keeps a hash of each text
    /// in graph.part (about 27 bytes a document; about 64 in memory), so that `build --append` leaves out
    /// repeats of what it counted too [on build --append, the graph's].
    #[arg(long)]
    pub(crate) dedupe: bool,
}

impl CountArgs {
    /// The configuration of a run with these options and `input`'s matching options. An option
    /// not given, or a switch not turned, is the library's default, or with `built` (the
    /// options of a graph appended to) the graph's: a graph keeps being counted as it was built
    /// (one built before `--max-window-entities` existed goes on with no limit).
    pub(crate) fn config(&self, input: &InputArgs, built: Option<&BuildOptions>) -> Config {
        let mut c = input.config();
        c.window = self.window.map(window_kind).unwrap_or(c.window);
        c.evidence = self.evidence.unwrap_or(c.evidence);
        c.max_window_entities = self
            .max_window_entities
            .unwrap_or(c.window.default_max_entities());
        c.dedupe = self.dedupe;
        if let Some(b) = built {
            c.window = self.window.map_or(b.window, window_kind);
            c.evidence = self.evidence.unwrap_or(b.evidence);
            c.max_window_entities = self.max_window_entities.unwrap_or(b.max_window_entities);
            // A switch turns one way only (--no-discover, --capitals): not turned, the graph's.
            c.matching.demonyms &= b.demonyms;
            c.matching.capitals |= b.capitals;
            c.matching.fold_diacritics &= b.fold_diacritics;
            c.discover &= b.discover;
            c.dedupe |= b.dedupe;
        }
        c
    }
}

/// Inputs and matching options.
#[derive(Debug, clap::Args)]
pub(crate) struct InputArgs {
    /// Text files, JSONL files (.jsonl, .jsonl.gz), CSV files (.csv, .tsv, also .gz), HTML pages
    /// (.html, .htm, .xhtml, also .gz), directories (read recursively), or - for stdin (JSON
    /// lines, an HTML page or text, by how it begins; gzip too).
    #[arg(required = true, value_name = "INPUT")]
    pub(crate) inputs: Vec<PathBuf>,
    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub(crate) input_format: InputFormatArg,
    #[command(flatten)]
    pub(crate) gazetteer: GazetteerArgs,
    /// Link capital cities to their country ("Beijing said" -> China).
    #[arg(long)]
    pub(crate) capitals: bool,
    /// Do not link nationality words ("Chinese") to their country.
    #[arg(long)]
    pub(crate) no_demonyms: bool,
    /// Do not treat letters with and without diacritics as equal.
    #[arg(long)]
    pub(crate) no_fold_diacritics: bool,
    /// Do not discover people who are not in the gazetteers.
    #[arg(long)]
    pub(crate) no_discover: bool,
    /// Worker threads (0 = one per core); they also load large gazetteers. With more than one,
    /// inputs are read ahead on a thread of their own. Output is the same for any number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N", value_parser = threads)]
    pub(crate) threads: usize,
    /// Print no summary and no progress.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// JSONL and CSV: the field (column) holding a document's text (e.g. body, content).
    #[arg(long, value_name = "FIELD", default_value = "text")]
    pub(crate) text_field: String,
    /// JSONL and CSV: the field (column) holding a document's id (e.g. url); without one, the
    /// file and line.
    #[arg(long, value_name = "FIELD", default_value = "id")]
    pub(crate) id_field: String,
    /// JSONL and CSV: the field (column) holding a document's date (e.g. published).
    #[arg(long, value_name = "FIELD", default_value = "date")]
    pub(crate) date_field: String,
    /// JSONL and CSV: the field (column) holding a document's title (e.g. headline), shown with
    /// its evidence.
    #[arg(long, value_name = "FIELD", default_value = "title")]
    pub(crate) title_field: String,
    /// JSONL and CSV: the field (column) holding a document's address (e.g. link), shown with its
    /// evidence.
    #[arg(long, value_name = "FIELD", default_value = "url")]
    pub(crate) url_field: String,
}

/// The most worker threads `--threads` takes: each has its own statistics, and thousands of
/// threads would take minutes to start and stop for nothing (the work is bound by the cores).
const MAX_THREADS: usize = 256;

/// A number of worker threads, 0 for one per core.
fn threads(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > MAX_THREADS => Err(format!(
            "at most {MAX_THREADS} worker threads (0 = one per core, which is fastest)"
        )),
        Ok(n) => Ok(n),
        Err(_) => Err(format!(
            "{s:?} is not a number of threads (0 = one per core)"
        )),
    }
}

impl InputArgs {
    /// A reader of the inputs in the chosen format, with the JSONL fields asked for (checked
    /// by [`check_fields`](Self::check_fields) before).
    pub(crate) fn reader(&self) -> Reader {
        let mut reader = Reader::new(self.format());
        reader.fields(self.fields());
        reader
    }

    fn fields(&self) -> Fields {
        Fields {
            id: self.id_field.clone(),
            text: self.text_field.clone(),
            date: self.date_field.clone(),
            title: self.optional_field(&self.title_field, "title"),
            url: self.optional_field(&self.url_field, "url"),
        }
    }

    /// The field of an optional role (title, address), unless it was left at its `default` and
    /// another role was given that field ("--id-field url"): then the role is not read.
    fn optional_field(&self, field: &str, default: &str) -> Option<String> {
        let others = [
            (&self.id_field, "id"),
            (&self.text_field, "text"),
            (&self.date_field, "date"),
            (&self.title_field, "title"),
            (&self.url_field, "url"),
        ];
        let taken = others.iter().any(|&(f, d)| f != d && f == field);
        (field != default || !taken).then(|| field.to_string())
    }

    /// The JSONL fields (CSV columns) asked for; one field named for two roles is a usage error.
    pub(crate) fn check_fields(&self) -> anyhow::Result<Fields> {
        let fields = self.fields();
        let roles: Vec<(&str, &String)> = [
            ("--text-field", Some(&fields.text)),
            ("--id-field", Some(&fields.id)),
            ("--date-field", Some(&fields.date)),
            ("--title-field", fields.title.as_ref()),
            ("--url-field", fields.url.as_ref()),
        ]
        .into_iter()
        .filter_map(|(option, field)| Some((option, field?)))
        .collect();
        for (i, (a, x)) in roles.iter().enumerate() {
            if let Some((b, _)) = roles[i + 1..].iter().find(|(_, y)| y == x) {
                return Err(Usage(format!(
                    "{a} and {b} both name the field {x:?}; give each role its own field"
                ))
                .into());
            }
        }
        Ok(fields)
    }

    /// The matching options given (window and evidence options at their defaults: see
    /// [`CountArgs::config`] for the commands that count windows).
    pub(crate) fn config(&self) -> Config {
        Config {
            matching: MatchOptions {
                demonyms: !self.no_demonyms,
                capitals: self.capitals,
                fold_diacritics: !self.no_fold_diacritics,
            },
            discover: !self.no_discover,
            ..Config::default()
        }
    }

    /// A pool with `--threads` workers.
    pub(crate) fn pool(&self) -> anyhow::Result<rayon::ThreadPool> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .context("cannot start worker threads")
    }

    /// Loads the gazetteers, parsing large files with `--threads` workers.
    pub(crate) fn load_gazetteer(&self) -> anyhow::Result<Gazetteer> {
        self.pool()?.install(|| self.gazetteer.load())
    }

    /// Compiles the pipeline with `--threads` workers.
    pub(crate) fn pipeline(
        &self,
        gazetteer: Gazetteer,
        config: Config,
    ) -> anyhow::Result<Pipeline> {
        Ok(self.pool()?.install(|| Pipeline::new(gazetteer, config))?)
    }

    pub(crate) fn format(&self) -> InputFormat {
        match self.input_format {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Html => InputFormat::Html,
        }
    }

    /// Like [`InputArgs::read_all`], but with more than one worker thread the inputs are read on
    /// a thread of their own, a chunk ahead of the caller, so that reading and parsing overlap
    /// with processing. At most two chunks wait between the reader and the caller.
    pub(crate) fn read_all_ahead(
        &self,
        reader: Reader,
        mut on_doc: impl FnMut(Document) -> anyhow::Result<()>,
    ) -> anyhow::Result<(Vec<InputTally>, u64)> {
        if self.threads == 1 {
            return self.read_all(reader, on_doc);
        }
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Document>>(1);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || {
                let mut chunk = Vec::new();
                let mut bytes = 0;
                let read = self.read_all(reader, |doc| {
                    bytes += doc.text.len();
                    chunk.push(doc);
                    if chunk_full(bytes, chunk.len()) {
                        bytes = 0;
                        tx.send(std::mem::take(&mut chunk))
                            .map_err(|_| anyhow::anyhow!("reading stopped"))?;
                    }
                    Ok(())
                });
                if !chunk.is_empty() {
                    // A failed send means the caller stopped; its error is the one to report.
                    let _ = tx.send(chunk);
                }
                read
            });
            let mut failure = None;
            for chunk in rx.iter() {
                for doc in chunk {
                    if let Err(e) = on_doc(doc) {
                        failure = Some(e);
                        break;
                    }
                }
                if failure.is_some() {
                    break;
                }
            }
            // Dropping the receiver stops the reader at its next chunk.
            drop(rx);
            let read = reader
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            match failure {
                Some(e) => Err(e),
                None => read,
            }
        })
    }

    /// Reads every input, calling `on_doc` for each document; problems are reported on stderr.
    /// Returns the tallies per input and the number of skipped items.
    pub(crate) fn read_all(
        &self,
        mut reader: Reader,
        mut on_doc: impl FnMut(Document) -> anyhow::Result<()>,
    ) -> anyhow::Result<(Vec<InputTally>, u64)> {
        let mut tallies = Vec::new();
        let mut skipped = 0u64;
        let mut failure: Option<anyhow::Error> = None;
        for input in &self.inputs {
            let mut tally = InputTally::default();
            let mut shown = ShownProblems::default();
            reader.read(input, &mut tally, &mut |item| match item {
                Item::Document(d) => {
                    if failure.is_none()
                        && let Err(e) = on_doc(d)
                    {
                        failure = Some(e);
                    }
                }
                Item::Problem(p) => {
                    if p.skipped {
                        skipped += 1;
                    }
                    if shown.admit(&p) {
                        report(&p);
                    }
                }
            });
            shown.report_hidden();
            if let Some(e) = failure.take() {
                return Err(e);
            }
            tallies.push(tally);
        }
        Ok((tallies, skipped))
    }
}

/// Problems shown per file: a file whose every line is wrong in the same way (a JSONL export
/// whose text field has another name) would otherwise print a message per line.
const PROBLEMS_SHOWN_PER_FILE: usize = 20;

/// The problems of the file being read: a file's problems come together, as files are read one
/// after another, so only the current file is tracked, whatever the number of files.
#[derive(Default)]
struct ShownProblems {
    /// The file, its problems so far, and the skipped items among those held back.
    file: String,
    met: usize,
    skipped: u64,
}

impl ShownProblems {
    /// Whether to show `p`: the first [`PROBLEMS_SHOWN_PER_FILE`] of each file are shown.
    fn admit(&mut self, p: &Problem) -> bool {
        // "FILE:LINE" for a line of a file, "FILE" for the file.
        let file = match p.location.rsplit_once(':') {
            Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
                file
            }
            _ => p.location.as_str(),
        };
        if file != self.file {
            self.report_hidden();
            *self = ShownProblems {
                file: file.to_string(),
                ..ShownProblems::default()
            };
        }
        self.met += 1;
        if self.met > PROBLEMS_SHOWN_PER_FILE {
            self.skipped += u64::from(p.skipped);
            return false;
        }
        true
    }

    /// Says how many problems of the current file were held back.
    fn report_hidden(&self) {
        let hidden = self.met.saturating_sub(PROBLEMS_SHOWN_PER_FILE);
        if hidden > 0 {
            message!(
                "entigraph: {}: {} not shown, {} of them skipping what they concern (the first \
                 {PROBLEMS_SHOWN_PER_FILE} are above)",
                self.file,
                Count(hidden as u64, "more problem", "more problems"),
                self.skipped,
            );
        }
    }
}

pub(crate) fn report(p: &Problem) {
    let what = if p.skipped { "skipped" } else { "warning" };
    message!("entigraph: {what}: {p}");
}

/// Whether stderr is a terminal (progress is shown only then).
#[allow(dead_code)]
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Refuses a run that read no document although it was given something to read: every input
/// skipped (missing, unreadable, binary or malformed: the messages are above), or nothing but
/// entigraph's own output found. Such a run has nothing to show (`build` would replace a graph
/// with an empty one, `extract` print nothing), so it is an error (exit code 1, "nothing
/// written"), not a run completed with some input skipped (3).
pub(crate) fn refuse_nothing_read(tallies: &[InputTally], skipped: u64) -> anyhow::Result<()> {
    if tallies.iter().any(|t| t.documents > 0) {
        return Ok(());
    }
    let set_aside: u64 = tallies.iter().map(|t| t.set_aside).sum();
    if skipped > 0 {
        anyhow::bail!(
            "no document could be read ({skipped} item{} skipped, see above); nothing was \
             written",
            if skipped == 1 { "" } else { "s" }
        );
    }
    if set_aside > 0 {
        anyhow::bail!(
            "nothing to read: the inputs hold only entigraph's output ({set_aside} file{} set \
             aside); nothing was written",
            if set_aside == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// The exit code after a run that completed.
pub(crate) fn exit_code(skipped: u64) -> ExitCode {
    if skipped > 0 {
        message!(
            "entigraph: {} skipped; see the messages above",
            Count(skipped, "input item", "input items")
        );
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

pub(crate) fn window_kind(w: WindowArg) -> WindowKind {
    match w {
        WindowArg::Sentence => WindowKind::Sentence,
        WindowArg::Paragraph => WindowKind::Paragraph,
        WindowArg::Document => WindowKind::Document,
    }
}

/// How a command names what it reads, in [`refuse_output_as_input`]'s message.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Reads {
    /// One graph (`export`, `render`): the message leads with the output, the path to change.
    Graph,
    /// Gazetteers (`gazetteer convert`): as for a graph, the output leads.
    Gazetteers,
    /// Inputs to count (`build`, `map`): the message leads with the input, since the outputs
    /// are often files in the output directory rather than paths given.
    Inputs,
}

/// Refuses an output directory (`build`, `merge`, `export -f csv|neo4j`) that cannot be one: a
/// file there, or a file where a folder above it should be. Checked before anything is read or
/// written: a long build ended on it, with the system's words ("creating output directory
/// afile: File exists"), where `export` said what to do.
pub(crate) fn check_output_directory(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!("{}: is a file; give a directory", dir.display());
    }
    no_file_above(dir)?;
    can_create_files(dir, dir)
}

/// Refuses an output file (`map`, `merge --partial`, `export`, `render`) that is a directory (a
/// usage error, as `export` has it), or under a file. Checked before anything is read or
/// written.
pub(crate) fn check_output_file(path: &Path) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(super::Usage(format!(
            "{}: is a directory; give a file name",
            path.display()
        ))
        .into());
    }
    no_file_above(path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    can_create_files(path, dir)
}

/// Refuses an output (`output`, going in directory `dir`) where no file can be created: a
/// directory without write permission, a read-only mount. Tried in `dir`, or when folders are
/// missing (they are created when the output is written), in the nearest folder above that
/// exists. A long run ended on it, after all its work, with the system's words alone
/// ("nodir: Permission denied").
fn can_create_files(output: &Path, dir: &Path) -> anyhow::Result<()> {
    let Some(existing) = dir
        .ancestors()
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .find(|a| a.is_dir())
    else {
        return Ok(()); // (Nothing above exists: the system will say so when writing.)
    };
    entigraph::export::check_writable(existing).map_err(|e| {
        if existing == output {
            anyhow::anyhow!(
                "{}: cannot create files in this directory: {e}",
                output.display()
            )
        } else {
            anyhow::anyhow!(
                "{}: cannot create files in {}: {e}",
                output.display(),
                existing.display()
            )
        }
    })
}

/// Refuses to write `what` (a picture, an export) over a file holding a graph (`render -o
/// other/graph.json`): the graph would be lost.
pub(crate) fn refuse_replacing_graph(path: &Path, what: &str) -> anyhow::Result<()> {
    if path.is_file() && entigraph::input::holds_a_graph(path).unwrap_or(false) {
        return Err(super::Usage(format!(
            "{}: holds a graph; writing {what} there would replace it (give another file name)",
            path.display()
        ))
        .into());
    }
    Ok(())
}

/// Refuses a path with a file where a folder should be (`-o notes.txt/out`), naming that file:
/// the system names only the whole path ("Not a directory").
fn no_file_above(path: &Path) -> anyhow::Result<()> {
    for above in path.ancestors().skip(1) {
        if above.as_os_str().is_empty() {
            break;
        }
        match std::fs::metadata(above) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => anyhow::bail!(
                "{}: {} is a file, not a directory",
                path.display(),
                above.display()
            ),
            // (Missing: to be created, or the folder above it is at fault.)
            Err(_) => {}
        }
    }
    Ok(())
}

/// Refuses a run that would read a file and then write over it: an output file that is one of
/// the inputs, under any spelling (`./g.json`, an absolute path, a symbolic or hard link), as
/// file identity tells. Standard input (`-`) is no file; `outputs` are the files the run writes
/// (standard output left out by the caller). Checked before anything is read or written.
pub(crate) fn refuse_output_as_input<'a>(
    inputs: impl IntoIterator<Item = &'a Path>,
    outputs: impl IntoIterator<Item = &'a Path>,
    reads: Reads,
) -> anyhow::Result<()> {
    let outputs: Vec<(FileId, &Path)> = (outputs.into_iter())
        .filter_map(|o| Some((FileId::of(o)?, o)))
        .collect();
    if outputs.is_empty() {
        return Ok(());
    }
    for input in inputs.into_iter().filter(|p| p.as_os_str() != "-") {
        let Some(id) = FileId::of(input) else {
            continue;
        };
        let Some(&(_, output)) = outputs.iter().find(|(o, _)| *o == id) else {
            continue;
        };
        let (lead, other, what, role) = match reads {
            Reads::Graph => (output, input, "the graph being read", "the output"),
            Reads::Gazetteers => (output, input, "a gazetteer being read", "the output"),
            Reads::Inputs => (input, output, "this run's own output", "an input"),
        };
        let other = if other.as_os_str() == lead.as_os_str() {
            String::new()
        } else {
            format!(" ({})", other.display())
        };
        anyhow::bail!(
            "{}: {what}{other}, named as {role}: it would be read, then replaced. Nothing was \
             read or written; give another -o",
            lead.display()
        );
    }
    Ok(())
}

/// The files of the graph read from `graph` (a graph.json, or a directory holding one): the
/// path itself, and the graph.json, graph.dot and graph.part of its directory, which `build`
/// wrote together. An export or picture written over one of them would lose part of the graph
/// (graph.part is the only way to append to it).
pub(crate) fn graph_files(graph: &Path) -> Vec<PathBuf> {
    if graph.as_os_str() == "-" {
        return Vec::new();
    }
    let dir = if graph.is_dir() {
        Some(graph)
    } else if graph.file_name().is_some_and(|n| n == "graph.json") {
        graph.parent()
    } else {
        None
    };
    let mut files = vec![graph.to_path_buf()];
    if let Some(dir) = dir {
        files.extend(["graph.json", "graph.dot", "graph.part"].map(|f| dir.join(f)));
    }
    files
}

/// Says how many documents `--dedupe` left out (`n`, the first few `first`): each repeats a
/// document `done` (counted, read) before in this run`also`.
pub(crate) fn note_repeats(n: u64, first: &[String], done: &str, also: &str) {
    if n == 0 {
        return;
    }
    message!(
        "entigraph: note: {} left out: {} repeats, word for word, one {done} before in this \
         run{also} (--dedupe); {}{}",
        Count(n, "document", "documents"),
        if n == 1 {
            "its text"
        } else {
            "the text of each"
        },
        if n as usize > first.len() {
            "first "
        } else {
            ""
        },
        first.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One message shape for both kinds of command, naming the path to change first and the
    /// other spelling in brackets when it differs.
    #[test]
    fn an_output_that_is_an_input_is_refused_under_any_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let g = dir.path().join("g.json");
        std::fs::write(&g, "{}").unwrap();
        let dotted = dir.path().join(".").join("g.json");
        let other = dir.path().join("other.json");
        std::fs::write(&other, "{}").unwrap();
        let refused = |inputs: &[&Path], outputs: &[&Path], reads| {
            refuse_output_as_input(inputs.iter().copied(), outputs.iter().copied(), reads)
                .map_err(|e| e.to_string())
        };
        let tail = "it would be read, then replaced. Nothing was read or written; give another -o";
        assert_eq!(
            refused(&[&g], &[&dotted], Reads::Graph),
            Err(format!(
                "{}: the graph being read ({}), named as the output: {tail}",
                dotted.display(),
                g.display()
            ))
        );
        assert_eq!(
            refused(&[&other, &g], &[&g], Reads::Inputs),
            Err(format!(
                "{}: this run's own output, named as an input: {tail}",
                g.display()
            ))
        );
        #[cfg(unix)]
        {
            let link = dir.path().join("link.json");
            std::os::unix::fs::symlink(&g, &link).unwrap();
            assert!(refused(&[&link], &[&g], Reads::Inputs).is_err());
        }
        let hard = dir.path().join("hard.json");
        std::fs::hard_link(&g, &hard).unwrap();
        assert!(refused(&[&g], &[&hard], Reads::Graph).is_err());
        // Other files, standard input and outputs not yet written are fine.
        assert_eq!(refused(&[&other], &[&g], Reads::Graph), Ok(()));
        assert_eq!(refused(&[Path::new("-")], &[&g], Reads::Inputs), Ok(()));
        let new = dir.path().join("new.json");
        assert_eq!(refused(&[&g], &[&new], Reads::Graph), Ok(()));
    }
}
