//! Integration tests: the `entigraph` binary run as a user runs it.

mod build;
mod extract;
mod gazetteer;
mod scale;
mod util;
