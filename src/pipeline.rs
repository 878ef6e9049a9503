//! The pipeline: documents in, mentions and statistics out.
//!
//! [`Pipeline`] holds what is built once per run (gazetteer, matcher, options) and processes one
//! document at a time ([`Pipeline::analyze`]). [`Builder`] feeds documents to it in chunks, in
//! parallel on a rayon pool, merging per-worker [`Stats`]; since merging is exact, the result is
//! the same for any number of threads.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError, TryLockError};

use rayon::prelude::*;

use crate::cooccur::{About, Stats, WindowKind};
use crate::error::{Error, Result};
use crate::export::json::BuildOptions;
use crate::gazetteer::{FastHash, Gazetteer, words::Words};
use crate::input::Document;
use crate::matcher::{MatchOptions, Matcher};
use crate::resolve::{EntityRef, Kind, OwnedNames, Resolved, Resolver};
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
    /// A window naming more distinct entities than this adds no pairs (0: no limit; see
    /// [`Stats::max_window_entities`]). The default is the sentence window's,
    /// [`WindowKind::default_max_entities`]: set it with the window.
    pub max_window_entities: usize,
    /// Discover people not in the gazetteer.
    pub discover: bool,
    /// Leave out a document whose text repeats one counted before (by
    /// [`text_hash`](crate::input::text_hash)): a [`Builder`] keeps the first in the order
    /// documents are pushed, whatever the number of threads, and the statistics keep the hashes
    /// ([`Stats::texts`]) for a later append. A document with no text (empty, or white space)
    /// is counted and not hashed: it repeats no story.
    pub dedupe: bool,
}

impl Config {
    /// The build options a graph counted with this configuration records (graph.json's
    /// manifest, a partial's header): what must agree for counts to be added.
    pub fn build_options(&self) -> BuildOptions {
        BuildOptions {
            window: self.window,
            evidence: self.evidence,
            demonyms: self.matching.demonyms,
            capitals: self.matching.capitals,
            fold_diacritics: self.matching.fold_diacritics,
            discover: self.discover,
            max_window_entities: self.max_window_entities,
            dedupe: self.dedupe,
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            matching: MatchOptions::default(),
            window: WindowKind::Sentence,
            evidence: 3,
            max_window_entities: WindowKind::Sentence.default_max_entities(),
            discover: true,
            dedupe: false,
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
    kinds: Vec<Kind>,
    /// The gazetteer's bodies by their names after their countries' ("Russia's Defence
    /// Ministry").
    owned: OwnedNames,
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
        let kinds: Vec<Kind> = gazetteer
            .entities()
            .iter()
            .map(|e| Kind::of(&e.kind))
            .collect();
        let owned = OwnedNames::new(&gazetteer, &kinds);
        Ok(Pipeline {
            gazetteer,
            matcher,
            refs,
            kinds,
            owned,
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

    /// The sentences of `text`, split with the given names of the built-in word lists (the text
    /// layer knows no names: "... to the U.S. Vladimir Putin stayed" is two sentences because
    /// "Vladimir" is a given name).
    pub fn sentences(&self, text: &str) -> Vec<Sentence> {
        let words = Words::builtin();
        sentences(text, &|w: &str| words.is_given_norm(&w.to_lowercase()))
    }

    /// Finds, resolves and places the mentions of one text.
    pub fn analyze(&self, text: &str) -> Analysis {
        let sentences = self.sentences(text);
        let (norm, raw) = self.matcher.find(text);
        let resolver = Resolver {
            gazetteer: &self.gazetteer,
            refs: &self.refs,
            kinds: &self.kinds,
            owned: &self.owned,
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
        let about = About {
            date: doc.date.clone(),
            title: doc.title.clone(),
            url: doc.url.clone(),
        };
        stats.add_document(
            &doc.id,
            &about,
            &doc.text,
            &a.sentences,
            &a.resolved.mentions,
        );
    }

    /// Empty statistics with this run's options.
    pub fn new_stats(&self) -> Stats {
        Stats::new(
            self.config.window,
            self.config.evidence,
            self.config.max_window_entities,
        )
    }
}

/// A worker's statistics, reached through `&mut` (no locking: no worker is running).
fn owned(m: &mut Mutex<Stats>) -> &mut Stats {
    m.get_mut().unwrap_or_else(PoisonError::into_inner)
}

/// Builds statistics from a stream of documents, in parallel chunks.
pub struct Builder<'p> {
    pipeline: &'p Pipeline,
    pool: rayon::ThreadPool,
    chunk: Vec<Document>,
    chunk_bytes: usize,
    /// One set of statistics per worker thread, kept across chunks and merged at the end
    /// (merging per chunk re-inserted every pair of every chunk: 7 % of a one-thread build).
    per_thread: Vec<Mutex<Stats>>,
    /// The workers' statistics folded together so far (see [`FOLD_RECORDS`]).
    folded: Option<Stats>,
    fold_records: usize,
    /// With [`Config::dedupe`], the texts seen.
    repeats: Option<Repeats>,
}

/// The texts of the documents seen, to tell a repeated story (`--dedupe`): the first in the
/// order documents are shown is new, a later one with the same words a repeat
/// ([`text_hash`](crate::input::text_hash)). A document without text (empty, or white space)
/// repeats no story.
#[derive(Debug, Default)]
pub struct Repeats {
    /// Texts seen: counted before (an appended graph's) and shown since.
    seen: HashSet<u128, FastHash>,
    /// The texts shown that were new, in the order met.
    new: Vec<u128>,
    /// Documents that were repeats, and the ids of the first few.
    repeats: u64,
    first: Vec<String>,
    /// Where texts are written to be hashed.
    buf: Vec<u8>,
}

/// How many ids of repeated documents [`Repeats::first`] keeps.
const REPEATED_IDS: usize = 3;

/// The largest buffer kept between documents for hashing their texts.
const HASH_BUF_KEPT: usize = 1 << 20;

impl Repeats {
    /// Nothing seen yet.
    pub fn new() -> Repeats {
        Repeats::default()
    }

    /// Takes texts counted before (hashes, as [`Stats::texts`] keeps them) as seen.
    pub fn seen_before(&mut self, texts: &[u128]) {
        self.seen.extend(texts.iter().copied());
    }

    /// Whether `doc` repeats a text seen before; if not, its text is seen from now on.
    pub fn is_repeat(&mut self, doc: &Document) -> bool {
        if doc.text.bytes().all(|b| b.is_ascii_whitespace()) {
            return false;
        }
        let hash = crate::input::text_hash_in(&mut self.buf, &doc.text);
        if self.buf.capacity() > HASH_BUF_KEPT {
            // (One very large document need not hold its size for the rest of the run.)
            self.buf = Vec::new();
        }
        if self.seen.insert(hash) {
            self.new.push(hash);
            return false;
        }
        self.repeats += 1;
        if self.first.len() < REPEATED_IDS {
            self.first.push(doc.id.clone());
        }
        true
    }

    /// The number of repeats.
    pub fn count(&self) -> u64 {
        self.repeats
    }

    /// The ids of the first few repeats.
    pub fn first(&self) -> &[String] {
        &self.first
    }

    /// The new texts, sorted (for [`Stats::texts`]).
    fn take_new(&mut self) -> Vec<u128> {
        let mut new = std::mem::take(&mut self.new);
        new.sort_unstable();
        new
    }
}

/// A pair or entity counted by several workers is held once by each. When the workers hold
/// this many pairs and entities beyond those of the largest of them, their statistics are
/// folded into one set after the chunk, so that memory does not grow with the number of cores.
/// Below it (always with one thread) they are merged only at the end.
pub const FOLD_RECORDS: usize = 1 << 21;

/// Documents are processed in chunks of about this many bytes (memory stays bounded)...
const CHUNK_BYTES: usize = 8 << 20;
/// ... or of this many documents, whichever comes first.
const CHUNK_DOCS: usize = 4096;

/// Whether a chunk of `docs` documents holding `bytes` bytes of text is full.
pub fn chunk_full(bytes: usize, docs: usize) -> bool {
    bytes >= CHUNK_BYTES || docs >= CHUNK_DOCS
}

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
            folded: None,
            fold_records: FOLD_RECORDS,
            repeats: pipeline.config.dedupe.then(Repeats::new),
        })
    }

    /// With [`Config::dedupe`], takes the texts of `counted` (statistics this run's will be
    /// added to: an appended graph's) as seen, so that their repeats are left out too.
    pub fn counted_before(&mut self, counted: &Stats) {
        if let Some(r) = &mut self.repeats {
            r.seen_before(&counted.texts);
        }
    }

    /// The ids of the first few documents left out as repeats (with [`Config::dedupe`]).
    pub fn repeated(&self) -> &[String] {
        self.repeats.as_ref().map_or(&[], Repeats::first)
    }

    /// Sets the fold threshold ([`FOLD_RECORDS`]), for tests.
    #[cfg(test)]
    fn fold_after(mut self, records: usize) -> Builder<'p> {
        self.fold_records = records;
        self
    }

    /// Adds a document (processed when its chunk is full or at [`Builder::finish`]); with
    /// [`Config::dedupe`], leaves it out when its text repeats one seen before, and says so
    /// (`false`).
    pub fn push(&mut self, doc: Document) -> bool {
        if self.repeats.as_mut().is_some_and(|r| r.is_repeat(&doc)) {
            return false;
        }
        self.chunk_bytes += doc.text.len();
        self.chunk.push(doc);
        if chunk_full(self.chunk_bytes, self.chunk.len()) {
            self.flush();
        }
        true
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
                // Nothing in `add_to` runs on the pool, so a worker never re-enters its own
                // lock; if that changed, this fails loudly instead of deadlocking.
                let mut stats = match per_thread[i].try_lock() {
                    Ok(s) => s,
                    Err(TryLockError::Poisoned(e)) => e.into_inner(),
                    Err(TryLockError::WouldBlock) => panic!("worker statistics re-entered"),
                };
                p.add_to(d, &mut stats);
            })
        });
        let sizes: Vec<usize> = self
            .per_thread
            .iter_mut()
            .map(|m| {
                let s = owned(m);
                s.pairs.len() + s.entities.len()
            })
            .collect();
        let largest = sizes.iter().copied().max().unwrap_or(0);
        if sizes.iter().sum::<usize>() - largest > self.fold_records {
            let parts = self.take_parts();
            self.folded = Some(self.merge_all(parts));
        }
    }

    /// The workers' statistics and what was folded before, leaving the workers empty ones.
    fn take_parts(&mut self) -> Vec<Stats> {
        let p = self.pipeline;
        let mut parts: Vec<Stats> = self
            .per_thread
            .iter_mut()
            .map(|m| std::mem::replace(owned(m), p.new_stats()))
            .collect();
        parts.extend(self.folded.take());
        parts
    }

    /// Merges statistics into the largest of them (fewest pairs to re-insert), on the worker
    /// pool: a merge works on entities and pairs side by side. Which worker counted which
    /// document does not matter: merging is exact and independent of order.
    fn merge_all(&self, mut parts: Vec<Stats>) -> Stats {
        parts.sort_by_key(|s| std::cmp::Reverse(s.pairs.len()));
        let mut parts = parts.into_iter();
        let mut stats = parts.next().unwrap_or_else(|| self.pipeline.new_stats());
        self.pool.install(|| {
            for part in parts {
                stats.merge(part);
            }
        });
        stats
    }

    /// Processes what is left and returns the statistics.
    pub fn finish(mut self) -> Stats {
        self.flush();
        let parts = self.take_parts();
        let mut stats = self.merge_all(parts);
        if let Some(r) = &mut self.repeats {
            stats.texts = r.take_new();
            stats.repeats = r.count();
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 9,000 short documents (three chunks), with many pairs, some of them rare.
    fn docs() -> Vec<Document> {
        let names = [
            "China",
            "Russia",
            "France",
            "Germany",
            "Japan",
            "India",
            "Brazil",
            "Canada",
            "Kenya",
            "Chile",
            "NATO",
            "the United Nations",
            "Xi Jinping",
            "Vladimir Putin",
        ];
        (0..9000)
            .map(|i| {
                let a = names[i % names.len()];
                let b = names[(i * 7 + i / 13) % names.len()];
                let c = names[(i * 11 + 3) % names.len()];
                Document {
                    id: format!("d{i:05}"),
                    text: format!("{a} and {b} met on day {i}. {c} said {a} was wrong."),
                    date: Some(format!("2020-01-{:02}", 1 + i % 28)),
                    ..Default::default()
                }
            })
            .collect()
    }

    fn build(threads: usize, fold_after: usize) -> Stats {
        let pipeline = Pipeline::new(Gazetteer::builtin().unwrap(), Config::default()).unwrap();
        let mut b = Builder::new(&pipeline, threads)
            .unwrap()
            .fold_after(fold_after);
        for d in docs() {
            b.push(d);
        }
        b.finish()
    }

    #[test]
    fn folding_the_workers_statistics_changes_nothing() {
        let one = build(1, FOLD_RECORDS);
        assert!(one.pairs.len() > 50, "the documents should make many pairs");
        // Folded after every chunk (threshold 0) or only at the end: the same statistics.
        assert_eq!(build(2, 0), one);
        assert_eq!(build(3, FOLD_RECORDS), one);
    }

    fn deduped(
        threads: usize,
        docs: Vec<Document>,
        before: Option<&Stats>,
    ) -> (Stats, Vec<String>) {
        let config = Config {
            dedupe: true,
            ..Config::default()
        };
        let pipeline = Pipeline::new(Gazetteer::builtin().unwrap(), config).unwrap();
        let mut b = Builder::new(&pipeline, threads).unwrap();
        if let Some(s) = before {
            b.counted_before(s);
        }
        for d in docs {
            b.push(d);
        }
        let repeated = b.repeated().to_vec();
        (b.finish(), repeated)
    }

    #[test]
    fn dedupe_keeps_the_first_of_repeated_texts_whatever_the_threads() {
        let original = docs();
        // Copies later in the stream, one with its lines reflowed and another title: the
        // story again. A text that differs by one word is another story.
        let copy = |i: usize, text: String| Document {
            id: format!("copy{i}"),
            text,
            title: Some("Another headline".into()),
            ..original[i].clone()
        };
        let other = copy(8, original[8].text.replace("said", "says"));
        let mut all = original.clone();
        all.push(copy(3, original[3].text.clone()));
        all.push(copy(5, original[5].text.replace(' ', "\n  ")));
        all.push(other.clone());
        all.push(copy(3, original[3].text.clone()));
        let (one, repeated) = deduped(1, all.clone(), None);
        assert_eq!(one.repeats, 3);
        assert_eq!(repeated, ["copy3", "copy5", "copy3"]);
        assert_eq!(one.documents, 9001);
        assert_eq!(one.texts.len(), 9001);
        assert!(one.texts.is_sorted());
        // The first copies' evidence and counts: as if the repeats had never been there.
        let (plain, _) = deduped(1, original.iter().cloned().chain([other]).collect(), None);
        assert_eq!(one.pairs, plain.pairs);
        assert_eq!(one.entities, plain.entities);
        for threads in [2, 3] {
            assert_eq!(deduped(threads, all.clone(), None).0, one);
        }
    }

    #[test]
    fn dedupe_leaves_out_what_an_appended_graph_counted() {
        let all = docs();
        let (first, _) = deduped(1, all[..4000].to_vec(), None);
        // The second run reads the last of the first run's documents again, then new ones.
        let (mut second, repeated) = deduped(2, all[3990..].to_vec(), Some(&first));
        assert_eq!(second.repeats, 10);
        assert_eq!(repeated, ["d03990", "d03991", "d03992"]);
        second.merge(first);
        assert_eq!(second.recounted, 0);
        let (whole, _) = deduped(1, all, None);
        assert_eq!(
            second,
            Stats {
                repeats: 10,
                ..whole
            }
        );
    }

    #[test]
    fn without_dedupe_repeats_are_counted_and_no_hash_is_kept() {
        let pipeline = Pipeline::new(Gazetteer::builtin().unwrap(), Config::default()).unwrap();
        let mut b = Builder::new(&pipeline, 1).unwrap();
        let d = docs().remove(0);
        assert!(b.push(d.clone()));
        assert!(b.push(d));
        let s = b.finish();
        assert_eq!((s.documents, s.repeats, s.texts.len()), (2, 0, 0));
    }
}
