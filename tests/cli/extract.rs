//! Tests of `entigraph extract`.
