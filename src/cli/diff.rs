//! `entigraph diff` (being written).

use std::process::ExitCode;

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'diff' is not available yet")
}
