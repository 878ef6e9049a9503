//! Graph filters shared by build, export and query (being written).

/// Filters applied to a graph before it is written or queried.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct FilterArgs {}
