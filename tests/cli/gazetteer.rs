//! Tests of `entigraph gazetteer`.
