//! `entigraph gazetteer`: lint and stats of gazetteers.

use std::collections::{BTreeMap, HashMap};
use std::process::ExitCode;

use entigraph::gazetteer::words::Words;
use entigraph::text::{NormOptions, normalize_str};
use entigraph::{Form, Gazetteer};

use super::common::GazetteerArgs;

/// Subcommands of `gazetteer`.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Report problems: bad rows, aliases shared by several entities, aliases that are common
    /// words. Exits 1 when a file cannot be loaded.
    Lint(GazetteerArgs),
    /// Count entities by type and aliases by form.
    Stats(GazetteerArgs),
}

pub(crate) fn run(cmd: Command) -> anyhow::Result<ExitCode> {
    match cmd {
        Command::Lint(args) => lint(&args.load()?),
        Command::Stats(args) => stats(&args.load()?),
    }
}

fn lint(g: &Gazetteer) -> anyhow::Result<ExitCode> {
    let words = Words::builtin();
    let mut by_alias: HashMap<String, Vec<(&str, Form)>> = HashMap::new();
    for e in g.entities() {
        for a in &e.aliases {
            by_alias
                .entry(normalize_str(&a.text, NormOptions::MATCH))
                .or_default()
                .push((&e.id, a.form));
        }
    }
    let mut shared: Vec<(&String, &Vec<(&str, Form)>)> = by_alias
        .iter()
        .filter(|(_, v)| {
            let direct: Vec<_> = v.iter().filter(|(_, f)| !f.is_partial()).collect();
            let mut ids: Vec<&str> = direct.iter().map(|(i, _)| *i).collect();
            ids.sort();
            ids.dedup();
            ids.len() > 1
        })
        .collect();
    shared.sort_by(|a, b| a.0.cmp(b.0));
    for (alias, v) in &shared {
        let ids: Vec<String> = v
            .iter()
            .filter(|(_, f)| !f.is_partial())
            .map(|(i, f)| format!("{i} ({f})"))
            .collect();
        println!(
            "warning: alias {alias:?} is shared by {} (reported as ambiguous unless the document decides)",
            ids.join(", ")
        );
    }
    let mut common = 0;
    for e in g.entities() {
        for a in &e.aliases {
            if !a.form.is_partial() && a.form != Form::Abbreviation && words.is_common(&a.text) {
                common += 1;
                println!(
                    "note: {}: alias {:?} of {} is a common word; it links only when capitalised",
                    e.origin, a.text, e.id
                );
            }
        }
    }
    println!(
        "{} entities, {} distinct aliases; {} shared aliases, {} common-word aliases; no errors",
        g.len(),
        by_alias.len(),
        shared.len(),
        common
    );
    Ok(ExitCode::SUCCESS)
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
    println!("entities: {}", g.len());
    for (t, n) in types {
        println!("  {t}: {n}");
    }
    println!("aliases by form:");
    for (f, n) in forms {
        println!("  {f}: {n}");
    }
    Ok(ExitCode::SUCCESS)
}
