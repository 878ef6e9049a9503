//! Options shared by several subcommands, and their resolution into library configuration.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::ValueEnum;
use entigraph::input::{FileId, InputFormat, InputTally, Item, Problem, Reader};
use entigraph::pipeline::chunk_full;
use entigraph::{Config, Document, Gazetteer, MatchOptions, Pipeline, WindowKind};

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
    /// By extension: .jsonl and .ndjson (also .gz) are JSON lines, others plain text.
    #[default]
    Auto,
    /// Each file (or stdin) is one plain-text document.
    Text,
    /// Each file (or stdin) holds one JSON object per line with "id" and "text".
    Jsonl,
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

/// Inputs and matching options.
#[derive(Debug, clap::Args)]
pub(crate) struct InputArgs {
    /// Text files, JSONL files (.jsonl, .jsonl.gz), directories (read recursively), or - for stdin.
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
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub(crate) threads: usize,
    /// Print no summary and no progress.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
}

impl InputArgs {
    /// A reader of the inputs in the chosen format.
    pub(crate) fn reader(&self) -> Reader {
        Reader::new(self.format())
    }

    pub(crate) fn config(&self, window: WindowKind, evidence: usize) -> Config {
        Config {
            matching: MatchOptions {
                demonyms: !self.no_demonyms,
                capitals: self.capitals,
                fold_diacritics: !self.no_fold_diacritics,
            },
            window,
            evidence,
            discover: !self.no_discover,
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
                    report(&p);
                }
            });
            if let Some(e) = failure.take() {
                return Err(e);
            }
            tallies.push(tally);
        }
        Ok((tallies, skipped))
    }
}

pub(crate) fn report(p: &Problem) {
    let what = if p.skipped { "skipped" } else { "warning" };
    eprintln!("entigraph: {what}: {p}");
}

/// Whether stderr is a terminal (progress is shown only then).
#[allow(dead_code)]
pub(crate) fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// The exit code after a run that completed.
pub(crate) fn exit_code(skipped: u64) -> ExitCode {
    if skipped > 0 {
        eprintln!("entigraph: {skipped} input item(s) skipped; see the messages above");
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

/// Refuses an output file that is the graph being read, under any spelling (`./g.json`, a link):
/// it would be replaced by the command's output.
pub(crate) fn refuse_overwriting_input(input: &Path, output: &Path) -> anyhow::Result<()> {
    let named = |p: &Path| p.as_os_str() != "-";
    if named(input)
        && named(output)
        && let (Some(i), Some(o)) = (FileId::of(input), FileId::of(output))
        && i == o
    {
        anyhow::bail!(
            "{}: the graph being read, named as the output: it would be replaced. Nothing was \
             written; give another -o",
            output.display()
        );
    }
    Ok(())
}
