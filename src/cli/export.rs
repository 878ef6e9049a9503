//! `entigraph export` (being written).

use std::process::ExitCode;

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'export' is not available yet")
}
