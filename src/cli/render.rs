//! `entigraph render` (being written).

use std::process::ExitCode;

/// Arguments of `render`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'render' is not available yet")
}
