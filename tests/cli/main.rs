//! Integration tests: the `entigraph` binary run as a user runs it.

mod build;
mod diff;
mod export;
mod extract;
mod gazetteer;
mod query;
mod util;
