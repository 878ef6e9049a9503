//! Integration tests: the `entigraph` binary run as a user runs it.

// Test helpers are `pub` for the test modules; nothing here is exported.
#![allow(unreachable_pub)]

mod build;
mod extract;
mod gazetteer;
mod props;
mod reliability;
mod util;
