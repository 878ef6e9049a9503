//! entigraph turns news text into a graph of who is linked to whom.
//!
//! It finds people, countries and agencies with gazetteers (lists of names and aliases), links
//! the entities that appear together in a sentence, paragraph or document into a weighted graph
//! with evidence for every link, and writes the graph for the tools analysts use.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! input -> documents -> text (normalised view + offset map; sentences, paragraphs)
//!       -> matcher (aliases found) -> resolve (ambiguity, titles, partial names, discovery)
//!       -> cooccur (windows, mergeable statistics, evidence) -> graph (EntityGraph)
//!       -> filter (cut the graph) -> export (graph.json, DOT, GEXF, GraphML, ...) / query
//! ```
//!
//! ```
//! use entigraph::{Config, EntityGraph, Gazetteer, Pipeline};
//!
//! let gazetteer = Gazetteer::builtin()?;
//! let pipeline = Pipeline::new(gazetteer, Config::default())?;
//! let text = "Chinese President Xi Jinping met Barack Obama in Washington. Mr. Xi said China \
//!             wants to cooperate.";
//! let analysis = pipeline.analyze(text);
//! let people: Vec<&str> = analysis
//!     .resolved
//!     .mentions
//!     .iter()
//!     .map(|m| &text[m.start..m.end])
//!     .collect();
//! assert!(people.contains(&"Xi Jinping") && people.contains(&"Xi"));
//!
//! let mut stats = pipeline.new_stats();
//! pipeline.add_to(&entigraph::Document { id: "d1".into(), text: text.into(), ..Default::default() }, &mut stats);
//! let graph = EntityGraph::from_stats(&stats, pipeline.gazetteer());
//! assert!(graph.node_index("country:cn").is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cooccur;
pub mod error;
pub mod export;
pub mod filter;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod matcher;
pub mod partial;
pub mod pipeline;
pub mod query;
pub mod resolve;
pub mod text;

pub use cooccur::{About, Stats, WindowKind};
pub use error::{Error, Result};
pub use gazetteer::{Entity, Form, Gazetteer};
pub use graph::EntityGraph;
pub use input::Document;
pub use matcher::{MatchOptions, Matcher};
pub use pipeline::{Analysis, Builder, Config, Pipeline};
pub use resolve::{Mention, ResolvedBy};

/// The version, with a fingerprint of the source (code and built-in lists) it was built from:
/// "0.1.0 (source 3fa2c41b09de)". What is found changes with the rules while the version number
/// may not, so graphs and partials carry this, and statistics of two builds are merged or
/// appended to only when it is the same.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (source ",
    env!("ENTIGRAPH_SOURCE"),
    ")"
);
