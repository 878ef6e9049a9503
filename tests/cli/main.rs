//! Integration tests: the `entigraph` binary run as a user runs it.

// Helpers are shared between test modules of this one binary; `pub` here is crate-wide.
#![allow(unreachable_pub)]

mod build;
mod diff;
mod export;
mod extract;
mod filter;
mod gazetteer;
mod props;
mod query;
mod reliability;
mod render;
mod scale;
mod util;
