//! `entigraph map` (being written).

use std::process::ExitCode;

/// Arguments of `map`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("'map' is not available yet")
}
