//! `entigraph extract`: the mentions found in text, as JSON lines.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use entigraph::Pipeline;
use rayon::prelude::*;
use serde::Serialize;

use super::common::{InputArgs, exit_code, refuse_nothing_read};

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Also print matches left unlinked (shared aliases the document does not decide, partial
    /// names with nothing to resolve them), with their candidates.
    #[arg(long)]
    ambiguous: bool,
    /// Leave out a document whose text repeats one read before, word for word (as `build
    /// --dedupe` does); the first in input order is kept.
    #[arg(long)]
    dedupe: bool,
}

/// One line of output: a mention. (A file of them saved among the news is told by its fields, in
/// this order: `input/signatures.rs`, `MENTION`; a field added here goes there too.)
#[derive(Serialize)]
struct MentionOut<'a> {
    doc: &'a str,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    surface: &'a str,
    start: usize,
    end: usize,
    sentence: usize,
    form: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolved_by: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    /// A news outlet credited as the source of what is reported: in no link.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    attribution: bool,
    /// A country named for its national sports team: in no link.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    team: bool,
}

/// One line of output: an unlinked match (with --ambiguous). (Told as `UNLINKED` is, as above.)
#[derive(Serialize)]
struct UnlinkedOut<'a> {
    doc: &'a str,
    surface: &'a str,
    start: usize,
    end: usize,
    sentence: usize,
    unlinked: &'static str,
    candidates: Vec<&'a str>,
}

const BATCH: usize = 1024;

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    args.input.check_fields()?;
    let pool = args.input.pool()?;
    let gazetteer = pool.install(|| args.input.gazetteer.load())?;
    let config = args.input.config();
    let pipeline = pool.install(|| Pipeline::new(gazetteer, config))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut batch = Vec::new();
    let flush = |batch: &mut Vec<entigraph::Document>, out: &mut dyn Write| -> anyhow::Result<()> {
        let lines: Vec<Vec<u8>> = pool.install(|| {
            batch
                .par_iter()
                .map(|doc| render(&pipeline, doc, args.ambiguous))
                .collect()
        });
        for l in lines {
            out.write_all(&l).context("writing mentions")?;
        }
        batch.clear();
        Ok(())
    };
    let mut repeats = args.dedupe.then(entigraph::pipeline::Repeats::new);
    let (tallies, skipped) = args.input.read_all(args.input.reader(), |doc| {
        if repeats.as_mut().is_some_and(|r| r.is_repeat(&doc)) {
            return Ok(());
        }
        batch.push(doc);
        if batch.len() >= BATCH {
            flush(&mut batch, &mut out)?;
        }
        Ok(())
    })?;
    flush(&mut batch, &mut out)?;
    out.flush().context("writing mentions")?;
    if let Some(r) = &repeats
        && !args.input.quiet
    {
        super::common::note_repeats(r.count(), r.first(), "read", "");
    }
    // As `build`: with no document read, the run printed nothing, which is an error (1), not
    // a run completed with some input skipped (3).
    refuse_nothing_read(&tallies, skipped)?;
    Ok(exit_code(skipped))
}

fn render(pipeline: &Pipeline, doc: &entigraph::Document, ambiguous: bool) -> Vec<u8> {
    let a = pipeline.analyze(&doc.text);
    let mut buf = Vec::new();
    let mut unlinked = a.resolved.unlinked.iter().peekable();
    for m in &a.resolved.mentions {
        if ambiguous {
            while let Some(u) = unlinked.next_if(|u| u.start < m.start) {
                write_unlinked(&mut buf, doc, u);
            }
        }
        let line = MentionOut {
            doc: &doc.id,
            id: &m.entity.id,
            kind: &m.entity.kind,
            name: &m.entity.label,
            surface: &doc.text[m.start..m.end],
            start: m.start,
            end: m.end,
            sentence: m.sentence,
            form: m.form.as_str(),
            role: m.role.as_deref(),
            resolved_by: m.resolved_by.map(|r| r.as_str()),
            source: m.entity.discovered.then_some("discovered"),
            attribution: m.attribution,
            team: m.team,
        };
        serde_json::to_writer(&mut buf, &line).expect("serialising to memory");
        buf.push(b'\n');
    }
    if ambiguous {
        for u in unlinked {
            write_unlinked(&mut buf, doc, u);
        }
    }
    buf
}

fn write_unlinked(buf: &mut Vec<u8>, doc: &entigraph::Document, u: &entigraph::resolve::Unlinked) {
    let line = UnlinkedOut {
        doc: &doc.id,
        surface: &doc.text[u.start..u.end],
        start: u.start,
        end: u.end,
        sentence: u.sentence,
        unlinked: match u.reason {
            entigraph::resolve::Unresolved::Ambiguous => "ambiguous",
            entigraph::resolve::Unresolved::PartialName => "partial-name",
        },
        candidates: u.candidates.iter().map(|c| &**c).collect(),
    };
    serde_json::to_writer(&mut *buf, &line).expect("serialising to memory");
    buf.push(b'\n');
}
