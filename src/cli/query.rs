//! `entigraph query` (being written).

use std::process::ExitCode;

/// Arguments of `query`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'query' is not available yet")
}
