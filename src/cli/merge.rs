//! `entigraph merge` (being written).

use std::process::ExitCode;

/// Arguments of `merge`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'merge' is not available yet")
}
