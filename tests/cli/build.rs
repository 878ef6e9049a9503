//! Tests of `entigraph build`.
