//! The pipeline: documents in, mentions and statistics out.
//!
//! [`Pipeline`] holds what is built once per run (gazetteer, matcher, options) and processes one
//! document at a time ([`Pipeline::analyze`]). [`Builder`] feeds documents to it in chunks, in
//! parallel on a rayon pool, merging per-worker [`Stats`]; since merging is exact, the result is
//! the same for any number of threads.

use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::cooccur::{Stats, WindowKind};
use crate::error::{Error, Result};
use crate::gazetteer::{Gazetteer, words::Words};
use crate::input::Document;
use crate::matcher::{MatchOptions, Matcher};
use crate::resolve::{EntityRef, Resolved, Resolver};
use crate::text::{Sentence, sentences};

/// Options of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Matching options.
    pub matching: MatchOptions,
    /// Window kind.
    pub window: WindowKind,
    /// Evidence windows kept per edge.
    pub evidence: usize,
    /// Discover people not in the gazetteer.
    pub discover: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            matching: MatchOptions::default(),
            window: WindowKind::Sentence,
            evidence: 3,
            discover: true,
        }
    }
}

/// One document, analysed.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// Its mentions and unlinked matches.
    pub resolved: Resolved,
}

/// Everything built once per run.
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: Gazetteer,
    matcher: Matcher,
    refs: Vec<EntityRef>,
    config: Config,
}

impl Pipeline {
    /// Compiles the matcher for `gazetteer`.
    pub fn new(gazetteer: Gazetteer, config: Config) -> Result<Pipeline> {
        let matcher = Matcher::new(&gazetteer, config.matching)?;
        let refs = gazetteer
            .entities()
            .iter()
            .map(|e| EntityRef {
                id: e.id.clone(),
                kind: e.kind.clone(),
                label: Arc::from(e.name.as_str()),
                discovered: false,
            })
            .collect();
        Ok(Pipeline {
            gazetteer,
            matcher,
            refs,
            config,
        })
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The options.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Finds, resolves and places the mentions of one text.
    pub fn analyze(&self, text: &str) -> Analysis {
        let sentences = sentences(text);
        let (norm, raw) = self.matcher.find(text);
        let resolver = Resolver {
            gazetteer: &self.gazetteer,
            refs: &self.refs,
            matcher: &self.matcher,
            words: Words::builtin(),
            discover: self.config.discover,
        };
        let resolved = resolver.resolve(text, &norm, &raw, &sentences);
        Analysis {
            sentences,
            resolved,
        }
    }

    /// Adds one document to `stats`.
    pub fn add_to(&self, doc: &Document, stats: &mut Stats) {
        let a = self.analyze(&doc.text);
        stats.add_document(
            &doc.id,
            doc.date.as_deref(),
            &doc.text,
            &a.sentences,
            &a.resolved.mentions,
        );
    }

    /// Empty statistics with this run's options.
    pub fn new_stats(&self) -> Stats {
        Stats::new(self.config.window, self.config.evidence)
    }
}

/// Builds statistics from a stream of documents, in parallel chunks.
pub struct Builder<'p> {
    pipeline: &'p Pipeline,
    pool: rayon::ThreadPool,
    chunk: Vec<Document>,
    chunk_bytes: usize,
    /// One set of statistics per worker thread, kept across chunks and merged once at the end
    /// (merging per chunk re-inserted every pair of every chunk: 7 % of a one-thread build).
    per_thread: Vec<Mutex<Stats>>,
}

/// Documents are processed in chunks of about this many bytes (memory stays bounded)...
pub const CHUNK_BYTES: usize = 8 << 20;
/// ... or of this many documents, whichever comes first.
pub const CHUNK_DOCS: usize = 4096;

impl<'p> Builder<'p> {
    /// A builder with `threads` worker threads (0 = all cores).
    pub fn new(pipeline: &'p Pipeline, threads: usize) -> Result<Builder<'p>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::Option(format!("cannot start worker threads: {e}")))?;
        let per_thread = (0..pool.current_num_threads())
            .map(|_| Mutex::new(pipeline.new_stats()))
            .collect();
        Ok(Builder {
            pipeline,
            pool,
            chunk: Vec::new(),
            chunk_bytes: 0,
            per_thread,
        })
    }

    /// Adds a document (processed when its chunk is full or at [`Builder::finish`]).
    pub fn push(&mut self, doc: Document) {
        self.chunk_bytes += doc.text.len();
        self.chunk.push(doc);
        if self.chunk_bytes >= CHUNK_BYTES || self.chunk.len() >= CHUNK_DOCS {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.chunk.is_empty() {
            return;
        }
        let chunk = std::mem::take(&mut self.chunk);
        self.chunk_bytes = 0;
        let (p, per_thread) = (self.pipeline, &self.per_thread);
        self.pool.install(|| {
            chunk.par_iter().for_each(|d| {
                // Each worker adds to its own statistics: the lock is never contended.
                let i = rayon::current_thread_index().unwrap_or(0) % per_thread.len();
                let mut stats = per_thread[i].lock().unwrap_or_else(PoisonError::into_inner);
                p.add_to(d, &mut stats);
            })
        });
    }

    /// Processes what is left and returns the statistics. Which worker counted which document
    /// does not matter: merging statistics is exact and independent of order.
    pub fn finish(mut self) -> Stats {
        self.flush();
        let mut parts: Vec<Stats> = std::mem::take(&mut self.per_thread)
            .into_iter()
            .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
            .collect();
        // The largest absorbs the others: fewer pairs to re-insert.
        parts.sort_by_key(|s| std::cmp::Reverse(s.pairs.len()));
        let mut parts = parts.into_iter();
        let mut stats = parts.next().unwrap_or_else(|| self.pipeline.new_stats());
        // On the worker pool: a merge works on entities and pairs side by side.
        self.pool.install(|| {
            for part in parts {
                stats.merge(part);
            }
        });
        stats
    }
}
