//! `entigraph gazetteer`: lint, stats and convert gazetteers.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use entigraph::export::Count;
use entigraph::filter::BUILTIN_TYPES;
use entigraph::gazetteer::formats::write_tsv;
use entigraph::gazetteer::words::Words;
use entigraph::text::spelling::typos;
use entigraph::text::{NormOptions, normalize_str};
use entigraph::{Entity, Form, Gazetteer};

use super::common::{GazetteerArgs, Reads, check_output_file, refuse_output_as_input};

/// Subcommands of `gazetteer`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Report problems in gazetteer files (or the built-ins when none is given): rows that do not
    /// parse, duplicate ids, ids whose prefix names another type than the row's, types that look
    /// like a misspelt built-in type, aliases shared by several entities, aliases that are common words,
    /// aliases always swallowed by a longer alias of another entity, entities that can never be
    /// linked. Exits 1 when there are errors.
    Lint(LintArgs),
    /// Count entities by type and aliases by form.
    Stats(GazetteerArgs),
    /// Convert gazetteers (TSV, GATE lists.def/.lst, spaCy EntityRuler JSONL, CoreNLP RegexNER)
    /// into entigraph's TSV.
    Convert(ConvertArgs),
}

/// Arguments of `gazetteer lint`.
#[derive(Debug, clap::Args)]
pub(crate) struct LintArgs {
    /// Gazetteer files (any supported format; prefix with gate:, spacy:, regexner: or tsv: to
    /// force one). Without files, the built-in gazetteers are checked.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Also check the built-ins together with the files.
    #[arg(long)]
    builtin: bool,
    /// List every finding (by default long lists are cut after 20 entries).
    #[arg(long, short = 'v')]
    verbose: bool,
}

/// Arguments of `gazetteer convert`.
#[derive(Debug, clap::Args)]
pub(crate) struct ConvertArgs {
    /// Input gazetteers, in any supported format.
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// Output TSV file (- for stdout).
    #[arg(long, short = 'o', default_value = "-", value_name = "FILE")]
    output: PathBuf,
}

pub(crate) fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Lint(args) => lint(&args),
        Command::Stats(args) => stats(&args.load()?),
        Command::Convert(args) => convert(&args),
    }
}

/// Lint's findings, listed on stdout as they are found.
struct Report {
    out: std::io::StdoutLock<'static>,
    verbose: bool,
    errors: usize,
    warnings: usize,
}

impl Report {
    fn list(&mut self, level: &str, title: &str, items: &[String]) -> std::io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        if level == "error" {
            self.errors += items.len();
        } else if level == "warning" {
            self.warnings += items.len();
        }
        writeln!(self.out, "{level}: {title} ({})", items.len())?;
        let shown = if self.verbose {
            items.len()
        } else {
            items.len().min(20)
        };
        for item in &items[..shown] {
            writeln!(self.out, "  {item}")?;
        }
        if shown < items.len() {
            writeln!(
                self.out,
                "  ... and {} more (--verbose lists all)",
                items.len() - shown
            )?;
        }
        Ok(())
    }
}

fn lint(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let mut report = Report {
        out: std::io::stdout().lock(),
        verbose: args.verbose,
        errors: 0,
        warnings: 0,
    };
    // Load each source on its own, so one bad file does not hide the others.
    let mut sources: Vec<(String, Vec<Entity>)> = Vec::new();
    let mut parse_errors = Vec::new();
    if args.paths.is_empty() || args.builtin {
        match Gazetteer::builtin() {
            Ok(g) => sources.push(("<builtin>".into(), g.entities().to_vec())),
            Err(e) => parse_errors.push(with_causes(&e)),
        }
    }
    for p in &args.paths {
        match Gazetteer::from_path_all(p) {
            Ok((g, errors)) => {
                parse_errors.extend(errors.iter().map(ToString::to_string));
                sources.push((p.display().to_string(), g.entities().to_vec()));
            }
            Err(e) => parse_errors.push(with_causes(&e)),
        }
    }
    report.list("error", "rows that cannot be read", &parse_errors)?;

    let mut first: HashMap<String, String> = HashMap::new();
    let mut replaced = Vec::new();
    let mut merged = Gazetteer::new();
    for (name, entities) in &sources {
        for e in entities {
            if let Some(prev) = first.insert(e.id.to_string(), e.origin.clone()) {
                replaced.push(format!(
                    "{}: id {} was defined at {prev}; this row replaces it",
                    e.origin, e.id
                ));
            }
        }
        let _ = name;
        merged.extend(entities.iter().cloned());
    }
    report.list("warning", "ids defined more than once", &replaced)?;

    type_findings(&merged, &mut report)?;

    let words = Words::builtin();
    let key = |s: &str| normalize_str(s, NormOptions::MATCH);
    let mut by_alias: HashMap<String, Vec<(&Entity, Form)>> = HashMap::new();
    for e in merged.entities() {
        for a in &e.aliases {
            let k = key(&a.text);
            if k.is_empty() {
                continue;
            }
            by_alias.entry(k).or_default().push((e, a.form));
        }
    }
    let direct_ids = |v: &[(&Entity, Form)]| -> Vec<String> {
        let mut ids: Vec<String> = v
            .iter()
            .filter(|(_, f)| !f.is_partial())
            .map(|(e, _)| e.id.to_string())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    };
    let mut shared: Vec<String> = by_alias
        .iter()
        .filter_map(|(alias, v)| {
            let ids = direct_ids(v);
            (ids.len() > 1).then(|| format!("{alias:?}: {}", ids.join(", ")))
        })
        .collect();
    shared.sort();
    report.list(
        "warning",
        "aliases shared by several entities (linked only when the document decides)",
        &shared,
    )?;

    let mut empty = Vec::new();
    let mut common = Vec::new();
    let mut never = Vec::new();
    for e in merged.entities() {
        let mut linkable = false;
        for a in &e.aliases {
            let k = key(&a.text);
            if k.is_empty() {
                empty.push(format!(
                    "{}: alias {:?} of {} has no letters after normalisation",
                    e.origin, a.text, e.id
                ));
                continue;
            }
            if !a.form.is_partial() && a.form != Form::Abbreviation && words.is_common(&a.text) {
                common.push(format!(
                    "{}: {:?} ({}) links only when written as a name",
                    e.origin, a.text, e.id
                ));
            }
            if !a.form.is_partial() && direct_ids(&by_alias[&k]).len() == 1 {
                linkable = true;
            }
        }
        if !linkable {
            never.push(format!(
                "{}: {} has no alias of its own that links directly (all are partial names or shared)",
                e.origin, e.id
            ));
        }
    }
    report.list("error", "aliases that can never match", &empty)?;
    report.list(
        "warning",
        "entities that are never linked without context",
        &never,
    )?;
    report.list("note", "aliases that are common words", &common)?;

    // An alias that is the first words of a longer alias of another entity: in that longer
    // phrase the longer alias wins ("Security Council" inside "UN Security Council").
    let mut keys: Vec<(&String, Vec<String>)> = by_alias
        .iter()
        .map(|(k, v)| (k, direct_ids(v)))
        .filter(|(_, ids)| !ids.is_empty())
        .collect();
    keys.sort();
    let mut shadowed = Vec::new();
    for (i, (k, ids)) in keys.iter().enumerate() {
        let prefix = format!("{k} ");
        for (k2, ids2) in &keys[i + 1..] {
            if !k2.starts_with(&prefix) {
                break;
            }
            if ids2.iter().all(|x| !ids.contains(x)) {
                shadowed.push(format!(
                    "{k:?} ({}) inside {k2:?} ({})",
                    ids.join(", "),
                    ids2.join(", ")
                ));
                break;
            }
        }
    }
    report.list(
        "note",
        "aliases that a longer alias of another entity contains",
        &shadowed,
    )?;

    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    for e in merged.entities() {
        *types.entry(&e.kind).or_default() += 1;
    }
    let summary: Vec<String> = types.iter().map(|(t, n)| format!("{n} {t}")).collect();
    writeln!(
        report.out,
        "{} ({}), {}: {}, {}",
        Count(merged.len() as u64, "entity", "entities"),
        summary.join(", "),
        Count(by_alias.len() as u64, "distinct alias", "distinct aliases"),
        Count(report.errors as u64, "error", "errors"),
        Count(report.warnings as u64, "warning", "warnings")
    )?;
    Ok(if report.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Rows whose type is likely wrong, as warnings: an id whose prefix names another type
/// (`person:zorg-blat` of type `country`: the id or the type is wrong, and `--types person` or
/// `--types country` finds it where the other does not), and a type a typo or two away from a
/// built-in one (`persn`: types of one's own are allowed, so it loads as a type apart, drawn and
/// filtered as nothing the built-ins know). A type is listed once, at its first row.
fn type_findings(g: &Gazetteer, report: &mut Report) -> std::io::Result<()> {
    let types: BTreeSet<&str> = (g.entities().iter().map(|e| &*e.kind))
        .chain(BUILTIN_TYPES)
        .collect();
    let mut contradicted = Vec::new();
    // type -> (entities, first row, the built-in type it is near)
    let mut near: BTreeMap<&str, (usize, &str, &str)> = BTreeMap::new();
    for e in g.entities() {
        // Only a prefix that is a type says anything: `wd:Q42` is an id scheme, not a type.
        if let Some((prefix, _)) = e.id.split_once(':')
            && prefix != &*e.kind
            && types.contains(prefix)
        {
            contradicted.push(format!(
                "{}: id {} names the type {prefix}, but the row's type is {}",
                e.origin, e.id, e.kind
            ));
        }
        if BUILTIN_TYPES.contains(&&*e.kind) {
            continue;
        }
        if let Some(known) = BUILTIN_TYPES.iter().find(|k| typos(&e.kind, k).is_some()) {
            near.entry(&e.kind).or_insert((0, &e.origin, known)).0 += 1;
        }
    }
    report.list(
        "warning",
        "ids whose prefix names another type",
        &contradicted,
    )?;
    let near: Vec<String> = near
        .into_iter()
        .map(|(kind, (n, first, known))| {
            format!(
                "{first}: type {kind:?} ({}) is not a built-in type: {known} misspelt? (if it is \
                 a type of your own, ignore this)",
                Count(n as u64, "entity", "entities")
            )
        })
        .collect();
    report.list(
        "warning",
        "types that look like a misspelt built-in type",
        &near,
    )
}

fn stats(g: &Gazetteer) -> anyhow::Result<ExitCode> {
    let mut types: BTreeMap<&str, usize> = BTreeMap::new();
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    for e in g.entities() {
        *types.entry(&e.kind).or_default() += 1;
        for a in &e.aliases {
            *forms.entry(a.form.as_str()).or_default() += 1;
        }
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "entities: {}", g.len())?;
    for (t, n) in types {
        writeln!(out, "  {t}: {n}")?;
    }
    writeln!(out, "aliases by form:")?;
    for (f, n) in forms {
        writeln!(out, "  {f}: {n}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn convert(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let inputs: Vec<PathBuf> = args
        .inputs
        .iter()
        .flat_map(|p| Gazetteer::files(p))
        .collect();
    refuse_output_as_input(
        inputs.iter().map(PathBuf::as_path),
        (args.output.as_os_str() != "-").then_some(args.output.as_path()),
        Reads::Gazetteers,
    )?;
    if args.output.as_os_str() != "-" {
        check_output_file(&args.output)?;
    }
    let mut g = Gazetteer::new();
    for p in &args.inputs {
        let more = Gazetteer::from_path(p)
            .with_context(|| format!("reading gazetteer {}", p.display()))?;
        g.merge(more);
    }
    if args.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        write_tsv(g.entities(), &mut w).context("writing TSV to stdout")?;
        std::io::Write::flush(&mut w).context("writing TSV to stdout")?;
    } else {
        entigraph::export::write_atomic(&args.output, |w| write_tsv(g.entities(), w))?;
        message!("wrote {} entities to {}", g.len(), args.output.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// An error with its causes ("g.tsv: No such file or directory (os error 2)"): a file that
/// cannot be read is named by the error, and the reason is its source.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}
