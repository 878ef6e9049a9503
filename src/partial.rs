//! Partial graphs: co-occurrence statistics saved to a file, to be merged exactly later.
//!
//! `entigraph map` writes the [`Stats`] of part of a corpus as a partial graph; `entigraph
//! merge` adds partials together ([`Partial::merge`]) and writes the graph. `entigraph build`
//! writes one next to `graph.json` (`graph.part`) so that `build --append` can add documents
//! later. Because merging statistics is exact, any split of the documents into partials and any
//! merge order give the same statistics as one build of all documents.
//!
//! # File format
//!
//! A gzip stream (compression level 1, the fastest, no file name, modification time 0, so the same
//! statistics always give the same bytes) of UTF-8 JSON lines:
//!
//! 1. a header: `format` (`"entigraph-partial"`), `version`, `tool`, `options` and `gazetteer`
//!    (as in the graph.json manifest; `options.max_window_entities`, 0 for no limit, is read as
//!    0 from a partial written before it existed, which had none), `inputs` (name, documents,
//!    bytes, hash of every input), `skipped`, the totals `documents`, `windows`,
//!    `crowded_windows` (windows that named more entities than `options.max_window_entities`
//!    and added no pairs; 0 when absent), `mentions`, with `options.dedupe` the documents left
//!    out as `repeats` and those `recounted` (in two partials merged), and the number of
//!    `entities`, `pairs` and `texts` records that follow (`texts` is 0 when absent);
//! 2. one record per entity, sorted by `id`: `id`, `type`, `label` (as the graph shows it: see
//!    [`EntityStats::display_label`](crate::cooccur::EntityStats::display_label)),
//!    `discovered`, `mentions`, `windows`, `documents`, optional `first_seen`/`last_seen`,
//!    `surfaces` (every surface form with its count) and `attributes` (from the gazetteer, so a
//!    partial can be turned into a graph without the gazetteer);
//! 3. one record per pair, sorted by (`source`, `target`) with `source < target`: `windows`,
//!    `documents`, optional `first_seen`/`last_seen`, and `evidence` (at most the `evidence`
//!    option, smallest (document, start) first);
//! 4. with `options.dedupe`, the hash of every document's text ([`text_hash`]), as 32 hex
//!    digits, sorted, up to 1,024 to a record: `{"texts": ["…", …]}`; the header's `texts`
//!    counts the hashes.
//!
//! JSON lines rather than a binary encoding: no new dependency, `zcat graph.part | head` shows
//! what a partial holds, every record can be read and checked on its own (errors name the line),
//! and the evidence snippets that make up most of the size compress well with gzip. The header's
//! record counts and gzip's CRC-32 and length trailer catch truncated and corrupt files.
//!
//! `version` changes when a field changes meaning or is removed; a reader refuses other versions.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::Arc;

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cooccur::{EntityStats, Evidence, PairStats, Stats};
use crate::error::{Error, Result};
use crate::export::json::{
    self, BuildOptions, GazetteerInfo, GraphFile, InputInfo, Manifest, is_zero,
};
use crate::gazetteer::Gazetteer;
use crate::graph::EntityGraph;
#[cfg(doc)]
use crate::input::text_hash;

/// The value of the header's `format` field.
pub const FORMAT: &str = "entigraph-partial";
/// The current version of the partial format.
pub const VERSION: u32 = 1;

/// The largest count a partial may hold: 2^53, the largest whole number every JSON reader
/// keeps exactly, and far above any corpus. Merging up to 2^11 partials at the limit cannot
/// overflow the 64-bit sums, so counts read are checked against it (a hand-edited count near
/// 2^64 had wrapped to 0 in a merge).
pub const MAX_COUNT: u64 = 1 << 53;

/// Where a partial comes from: everything that must agree for two partials to merge, and what
/// goes into the graph's manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `entigraph VERSION` of the program that wrote it, with the fingerprint of its source
    /// ([`crate::VERSION`]): partials of other builds are not merged.
    pub tool: String,
    /// Build options.
    pub options: BuildOptions,
    /// Gazetteer.
    pub gazetteer: GazetteerInfo,
    /// Inputs, in the order they were read (merging concatenates them).
    pub inputs: Vec<InputInfo>,
    /// Documents or lines skipped because of errors.
    pub skipped: u64,
}

/// Statistics, with where they come from and the gazetteer attributes of their entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partial {
    /// Origin and options.
    pub header: Header,
    /// The statistics.
    pub stats: Stats,
    /// Gazetteer attributes of the entities in `stats`, by id (entities without attributes are
    /// left out).
    pub attributes: BTreeMap<String, BTreeMap<String, String>>,
}

/// Why two partials cannot be merged: the first field that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The field, as named in the header (`gazetteer.hash`, `options.window`, ...).
    pub field: String,
    /// Its value on the left.
    pub left: String,
    /// Its value on the right.
    pub right: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} differs: {} vs {}", self.field, self.left, self.right)
    }
}

impl Header {
    /// The first field that stops partials with these headers from being merged, if any: the
    /// tool version, the gazetteer (hash, entity count, built-ins) and every build option must
    /// be equal. Inputs, skips and the gazetteer's file names may differ.
    pub fn mismatch(&self, other: &Header) -> Option<Mismatch> {
        let (g, h) = (&self.gazetteer, &other.gazetteer);
        // The field that explains most comes first: the built-in gazetteers on or off, then
        // the number of entities, then the hash (any other difference in the gazetteers).
        let fixed = [
            ("tool", self.tool.clone(), other.tool.clone()),
            (
                "gazetteer.builtin",
                g.builtin.to_string(),
                h.builtin.to_string(),
            ),
            (
                "gazetteer.entities",
                g.entities.to_string(),
                h.entities.to_string(),
            ),
            ("gazetteer.hash", g.hash.clone(), h.hash.clone()),
        ];
        let found = fixed
            .into_iter()
            .find(|(_, l, r)| l != r)
            .map(|(field, left, right)| Mismatch {
                field: field.to_string(),
                left,
                right,
            });
        // Every build option, as the header writes it: an option added later is checked too.
        found.or_else(|| {
            let fields = |o: &BuildOptions| match serde_json::to_value(o) {
                Ok(serde_json::Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            };
            let text =
                |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let right = fields(&other.options);
            // The window first: the limit of entities per window follows it by default.
            let mut left: Vec<(String, serde_json::Value)> =
                fields(&self.options).into_iter().collect();
            left.sort_by_key(|(k, _)| k != "window");
            left.into_iter().find_map(|(k, l)| {
                let r = right.get(&k).cloned().unwrap_or_default();
                (l != r).then(|| Mismatch {
                    field: format!("options.{k}"),
                    left: text(&l),
                    right: text(&r),
                })
            })
        })
    }

    /// Every input with the same content (bytes read and hash) as an earlier one whose
    /// documents it may share ([`InputInfo::may_share_documents`]), as the positions of the
    /// earlier one and of the repeat in `inputs`; the earlier one is the first such input of
    /// the same name ([`InputInfo::same_name`]) when there is one, else the first such input.
    /// Counting the same documents twice doubles their counts, which is what merging a partial
    /// twice, appending a file already in the graph, or naming a file twice does. Empty inputs
    /// and inputs without documents are ignored.
    pub fn repeated_inputs(&self) -> Vec<(usize, usize)> {
        let mut seen: HashMap<(u64, &str), Vec<usize>> = HashMap::new();
        let mut repeats = Vec::new();
        for (at, i) in self.inputs.iter().enumerate() {
            if i.documents == 0 || i.bytes == 0 {
                continue;
            }
            match seen.entry((i.bytes, i.hash.as_str())) {
                Entry::Occupied(mut earlier) => {
                    let list = earlier.get_mut();
                    let shared = || {
                        list.iter()
                            .copied()
                            .filter(|&e| self.inputs[e].may_share_documents(i))
                    };
                    let first = shared()
                        .find(|&e| self.inputs[e].same_name(i))
                        .or_else(|| shared().next());
                    if let Some(first) = first {
                        repeats.push((first, at));
                    }
                    list.push(at);
                }
                Entry::Vacant(v) => {
                    v.insert(vec![at]);
                }
            }
        }
        repeats
    }
}

impl Partial {
    /// Wraps statistics built with `gazetteer`: labels and attributes of listed entities are
    /// taken from it, as [`EntityGraph::from_stats`] does, so the partial no longer needs it.
    pub fn new(header: Header, mut stats: Stats, gazetteer: &Gazetteer) -> Partial {
        let mut attributes = BTreeMap::new();
        for (id, e) in stats.entities.iter_mut() {
            if let Some(g) = gazetteer.get(id) {
                e.label.clone_from(&g.name);
                if !g.attributes.is_empty() {
                    attributes.insert(id.to_string(), g.attributes.clone());
                }
            }
        }
        Partial {
            header,
            stats,
            attributes,
        }
    }

    /// Adds `other` into this partial: statistics merge exactly, inputs are appended, skips add.
    /// Refuses (leaving `self` unchanged) when the headers do not agree ([`Header::mismatch`]).
    pub fn merge(&mut self, other: Partial) -> std::result::Result<(), Mismatch> {
        if let Some(m) = self.header.mismatch(&other.header) {
            return Err(m);
        }
        self.header.inputs.extend(other.header.inputs);
        self.header.skipped += other.header.skipped;
        self.stats.merge(other.stats);
        for (id, a) in other.attributes {
            self.attributes.entry(id).or_insert(a);
        }
        Ok(())
    }

    /// The manifest of the graph these statistics make (without the files read inside
    /// directory inputs, which only appending needs: they stay in the partial).
    pub fn manifest(&self) -> Manifest {
        let inputs = (self.header.inputs.iter())
            .map(|i| InputInfo {
                name: i.name.clone(),
                documents: i.documents,
                bytes: i.bytes,
                hash: i.hash.clone(),
                since: i.since.clone(),
                until: i.until.clone(),
                files: Vec::new(),
                grown_from: i.grown_from,
            })
            .collect();
        Manifest {
            tool: self.header.tool.clone(),
            options: self.header.options.clone(),
            gazetteer: self.header.gazetteer.clone(),
            inputs,
            documents: self.stats.documents,
            windows: self.stats.windows,
            crowded_windows: self.stats.crowded_windows,
            mentions: self.stats.mentions,
            skipped: self.header.skipped,
            repeats: self.stats.repeats,
            recounted: self.stats.recounted,
            filtered: Vec::new(),
        }
    }

    /// The graph these statistics make (the same as [`EntityGraph::from_stats`] with the
    /// gazetteer the partial was built with).
    pub fn graph(&self) -> EntityGraph {
        let mut graph = EntityGraph::from_stats(&self.stats, &Gazetteer::new());
        for n in graph.graph.node_weights_mut() {
            if let Some(a) = self.attributes.get(&n.id) {
                n.attributes.clone_from(a);
            }
        }
        graph
    }

    /// The graph with its manifest, ready for `graph.json`.
    pub fn graph_file(&self) -> GraphFile {
        GraphFile {
            manifest: self.manifest(),
            graph: self.graph(),
        }
    }

    /// Writes the partial (see the module documentation for the format).
    pub fn write(&self, w: impl Write) -> std::io::Result<()> {
        // serde_json writes in small pieces; the compressor wants large ones.
        let mut gz =
            std::io::BufWriter::with_capacity(1 << 16, GzEncoder::new(w, Compression::fast()));
        let mut entities: Vec<(&Arc<str>, &EntityStats)> = self.stats.entities.iter().collect();
        entities.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut pairs: Vec<_> = self.stats.pairs.iter().collect();
        pairs.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let header = HeaderLine {
            format: FORMAT.into(),
            version: VERSION,
            tool: self.header.tool.clone(),
            options: self.header.options.clone(),
            gazetteer: self.header.gazetteer.clone(),
            inputs: self.header.inputs.clone(),
            skipped: self.header.skipped,
            documents: self.stats.documents,
            windows: self.stats.windows,
            crowded_windows: self.stats.crowded_windows,
            mentions: self.stats.mentions,
            repeats: self.stats.repeats,
            recounted: self.stats.recounted,
            entities: entities.len() as u64,
            pairs: pairs.len() as u64,
            texts: self.stats.texts.len() as u64,
        };
        line(&mut gz, &header)?;
        let no_attributes = BTreeMap::new();
        for (id, e) in entities {
            let rec = EntityLine {
                id: Cow::Borrowed(id),
                kind: Cow::Borrowed(&e.kind),
                label: Cow::Borrowed(e.display_label()),
                discovered: e.discovered,
                mentions: e.mentions,
                windows: e.windows,
                documents: e.documents,
                first_seen: e.first_seen.as_deref().map(Cow::Borrowed),
                last_seen: e.last_seen.as_deref().map(Cow::Borrowed),
                surfaces: Cow::Borrowed(&e.surfaces),
                attributes: Cow::Borrowed(
                    self.attributes.get(id.as_ref()).unwrap_or(&no_attributes),
                ),
            };
            line(&mut gz, &rec)?;
        }
        for ((a, b), p) in pairs {
            let rec = PairLine {
                source: Cow::Borrowed(a),
                target: Cow::Borrowed(b),
                windows: p.windows,
                documents: p.documents,
                first_seen: p.first_seen.as_deref().map(Cow::Borrowed),
                last_seen: p.last_seen.as_deref().map(Cow::Borrowed),
                evidence: Cow::Borrowed(&p.evidence),
            };
            pair_line(&mut gz, &rec)?;
        }
        for chunk in self.stats.texts.chunks(TEXTS_PER_RECORD) {
            gz.write_all(b"{\"texts\":[")?;
            for (i, h) in chunk.iter().enumerate() {
                write!(gz, "{}\"{h:032x}\"", if i == 0 { "" } else { "," })?;
            }
            gz.write_all(b"]}\n")?;
        }
        gz.into_inner()
            .map_err(|e| e.into_error())?
            .finish()?
            .flush()
    }

    /// Reads a partial; `name` is used in errors, which give the line of the decompressed
    /// stream where a record is wrong.
    pub fn read(r: impl Read, name: &str) -> Result<Partial> {
        let mut r = BufReader::new(r);
        // Every gzip stream starts with these two bytes.
        let head = r.fill_buf().map_err(|e| Error::Graph {
            path: name.to_string(),
            message: format!("cannot read: {e}"),
        })?;
        if !head.starts_with(&[0x1f, 0x8b]) {
            return Err(Error::Graph {
                path: name.to_string(),
                message: "not an entigraph partial (not gzip-compressed; partials are the \
                          graph.part files written by `map` and `build`)"
                    .into(),
            });
        }
        Reader::new(r, name).read()
    }

    /// Reads a partial from a file.
    pub fn from_path(path: &Path) -> Result<Partial> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Partial::read(file, &path.display().to_string())
    }
}

fn line(w: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")
}

/// Writes a pair record as [`line`] would, field by field: pairs and their evidence snippets are
/// most of a partial, and [`json::string`] copies a string that needs no escape as it is.
fn pair_line(w: &mut impl Write, p: &PairLine<'_>) -> std::io::Result<()> {
    w.write_all(b"{\"source\":")?;
    json::string(w, &p.source)?;
    w.write_all(b",\"target\":")?;
    json::string(w, &p.target)?;
    write!(
        w,
        ",\"windows\":{},\"documents\":{}",
        p.windows, p.documents
    )?;
    for (key, value) in [("first_seen", &p.first_seen), ("last_seen", &p.last_seen)] {
        if let Some(v) = value {
            write!(w, ",\"{key}\":")?;
            json::string(w, v)?;
        }
    }
    w.write_all(b",\"evidence\":[")?;
    for (i, ev) in p.evidence.iter().enumerate() {
        w.write_all(if i == 0 { b"{\"doc\":" } else { b",{\"doc\":" })?;
        json::string(w, &ev.doc)?;
        json::write_about(w, ev, ",")?;
        write!(w, ",\"start\":{},\"end\":{},\"snippet\":", ev.start, ev.end)?;
        json::string(w, &ev.snippet)?;
        w.write_all(b"}")?;
    }
    w.write_all(b"]}\n")
}

#[derive(Serialize, Deserialize)]
struct HeaderLine {
    format: String,
    version: u32,
    tool: String,
    options: BuildOptions,
    gazetteer: GazetteerInfo,
    inputs: Vec<InputInfo>,
    skipped: u64,
    documents: u64,
    windows: u64,
    /// Absent from partials written before the limit of entities per window existed.
    #[serde(default)]
    crowded_windows: u64,
    mentions: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    repeats: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    recounted: u64,
    entities: u64,
    pairs: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    texts: u64,
}

/// Text hashes written to one record.
const TEXTS_PER_RECORD: usize = 1024;

/// A record of text hashes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextsLine {
    texts: Vec<String>,
}

/// An entity record: borrowed from the statistics when written, owned when read.
#[derive(Serialize, Deserialize)]
struct EntityLine<'a> {
    id: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: Cow<'a, str>,
    label: Cow<'a, str>,
    discovered: bool,
    mentions: u64,
    windows: u64,
    documents: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_seen: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_seen: Option<Cow<'a, str>>,
    surfaces: Cow<'a, BTreeMap<String, u64>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: Cow<'a, BTreeMap<String, String>>,
}

/// A pair record: borrowed from the statistics when written, owned when read.
#[derive(Serialize, Deserialize)]
struct PairLine<'a> {
    source: Cow<'a, str>,
    target: Cow<'a, str>,
    windows: u64,
    documents: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_seen: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_seen: Option<Cow<'a, str>>,
    evidence: Cow<'a, [Evidence]>,
}

struct Reader<R: Read> {
    input: BufReader<MultiGzDecoder<BufReader<R>>>,
    name: String,
    line_no: usize,
    buf: Vec<u8>,
}

impl<R: Read> Reader<R> {
    fn new(r: R, name: &str) -> Reader<R> {
        Reader {
            input: BufReader::new(MultiGzDecoder::new(BufReader::new(r))),
            name: name.to_string(),
            line_no: 0,
            buf: Vec::new(),
        }
    }

    fn err(&self, message: String) -> Error {
        Error::Graph {
            path: self.name.clone(),
            message,
        }
    }

    fn at(&self, message: String) -> Error {
        self.err(format!("line {}: {message}", self.line_no))
    }

    /// The next line, or `None` at the end of the stream.
    fn next_line(&mut self) -> Result<Option<&[u8]>> {
        self.buf.clear();
        let n = self.input.read_until(b'\n', &mut self.buf).map_err(|e| {
            if self.line_no == 0 {
                self.err(format!(
                    "cannot decompress the header ({e}): the file is truncated or corrupt"
                ))
            } else {
                self.err(format!(
                    "after line {}: cannot decompress ({e}): the file is truncated or corrupt",
                    self.line_no
                ))
            }
        })?;
        if n == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        Ok(Some(&self.buf))
    }

    /// Record `index` (from 0) of the `count` records of kind `what`.
    fn record<T: serde::de::DeserializeOwned>(
        &mut self,
        what: &str,
        index: u64,
        count: u64,
    ) -> Result<T> {
        match self.next_line()? {
            None => Err(self.err(format!(
                "truncated: the stream ends after line {}, after {index} of the {count} {what} \
                 records the header announces",
                self.line_no
            ))),
            Some(bytes) => serde_json::from_slice(bytes)
                .map_err(|e| self.at(format!("invalid {what} record: {e}"))),
        }
    }

    /// Refuses a count above [`MAX_COUNT`] on the line just read.
    fn counts(&self, counts: &[(&str, u64)]) -> Result<()> {
        match counts.iter().find(|(_, n)| *n > MAX_COUNT) {
            Some((what, n)) => Err(self.at(format!(
                "\"{what}\" is {n}, above 2^53: more than any corpus holds, and more than JSON \
                 readers keep exactly (the partial was edited or is corrupt)"
            ))),
            None => Ok(()),
        }
    }

    /// Refuses counts of the line just read that contradict each other: each `(field, n,
    /// bound, what)` of `record` says that `n` cannot be above `bound`, the count of `what`.
    /// (A window holds the entity's mention, a document its window; such a partial, edited by
    /// hand or corrupt, gave measures out of their range: a Dice coefficient of 500.)
    fn bounded(&self, record: &str, bounds: &[(&str, u64, u64, &str)]) -> Result<()> {
        match bounds.iter().find(|(_, n, bound, _)| n > bound) {
            Some((field, n, bound, what)) => Err(self.at(format!(
                "{record}: \"{field}\" is {n}, more than {what} ({bound}): counts that \
                 contradict each other (the partial was edited or is corrupt)"
            ))),
            None => Ok(()),
        }
    }

    /// The `count` text hashes that end a partial, checked: 32 hex digits each, in increasing
    /// order.
    fn texts(&mut self, count: u64) -> Result<Vec<u128>> {
        let mut texts: Vec<u128> = Vec::new();
        let records = count.div_ceil(TEXTS_PER_RECORD as u64);
        for i in 0..records {
            let line: TextsLine = self.record("text hash", i, records)?;
            let expected = (count - i * TEXTS_PER_RECORD as u64).min(TEXTS_PER_RECORD as u64);
            if line.texts.len() as u64 != expected {
                return Err(self.at(format!(
                    "{} text hashes where {expected} were expected (the header announces {count}, \
                     {TEXTS_PER_RECORD} to a record)",
                    line.texts.len()
                )));
            }
            for t in &line.texts {
                let hash = (t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| u128::from_str_radix(t, 16).ok())
                    .flatten()
                    .ok_or_else(|| {
                        self.at(format!("text hash {t:?} is not 32 hexadecimal digits"))
                    })?;
                if texts.last().is_some_and(|&last| hash <= last) {
                    return Err(self.at(format!(
                        "text hash {t} is out of order or repeated (hashes are sorted)"
                    )));
                }
                texts.push(hash);
            }
        }
        Ok(texts)
    }

    fn read(mut self) -> Result<Partial> {
        let first = match self.next_line()? {
            None => return Err(self.err("empty partial (no header)".into())),
            Some(b) => b,
        };
        let value: serde_json::Value =
            serde_json::from_slice(first).map_err(|e| self.at(format!("invalid header: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(self.at(format!(
                "not an entigraph partial (expected \"format\": \"{FORMAT}\")"
            )));
        }
        let version = value.get("version").and_then(|v| v.as_u64());
        if version != Some(u64::from(VERSION)) {
            return Err(self.at(format!(
                "unsupported partial version {}; this entigraph reads version {VERSION}",
                version.map_or_else(|| "(missing)".to_string(), |v| v.to_string())
            )));
        }
        let h: HeaderLine =
            serde_json::from_value(value).map_err(|e| self.at(format!("invalid header: {e}")))?;
        let mut stats = Stats::new(
            h.options.window,
            h.options.evidence,
            h.options.max_window_entities,
        );
        stats.documents = h.documents;
        stats.windows = h.windows;
        stats.crowded_windows = h.crowded_windows;
        stats.mentions = h.mentions;
        stats.repeats = h.repeats;
        stats.recounted = h.recounted;
        let mut attributes = BTreeMap::new();
        let mut ids: Vec<Arc<str>> = Vec::new();
        self.counts(&[
            ("documents", h.documents),
            ("windows", h.windows),
            ("crowded_windows", h.crowded_windows),
            ("mentions", h.mentions),
            ("repeats", h.repeats),
            ("recounted", h.recounted),
            ("texts", h.texts),
        ])?;
        // Every document counted with --dedupe has its text's hash, but those without text
        // and those counted again by a merge.
        if !h.options.dedupe && h.texts + h.repeats + h.recounted > 0 {
            return Err(self.at(
                "text hashes or repeats in a partial built without --dedupe (options.dedupe is \
                 false): the partial was edited or is corrupt"
                    .into(),
            ));
        }
        self.bounded(
            "the header",
            &[(
                "crowded_windows",
                h.crowded_windows,
                h.windows,
                "the windows",
            )],
        )?;
        if h.texts + h.recounted > h.documents {
            return Err(self.at(format!(
                "{} text hashes and {} documents counted again, more than the documents counted \
                 ({}): the partial was edited or is corrupt",
                h.texts, h.recounted, h.documents
            )));
        }
        for i in 0..h.entities {
            let e: EntityLine = self.record("entity", i, h.entities)?;
            self.counts(&[
                ("mentions", e.mentions),
                ("windows", e.windows),
                ("documents", e.documents),
            ])?;
            self.bounded(
                &format!("entity {:?}", e.id),
                &[
                    ("windows", e.windows, e.mentions, "its mentions"),
                    ("documents", e.documents, e.windows, "its windows"),
                    (
                        "windows",
                        e.windows,
                        h.windows,
                        "the windows of the partial",
                    ),
                    (
                        "documents",
                        e.documents,
                        h.documents,
                        "the documents of the partial",
                    ),
                ],
            )?;
            if ids.last().is_some_and(|last| *e.id <= **last) {
                return Err(self.at(format!(
                    "entity {:?} is out of order or repeated (records are sorted by id)",
                    e.id
                )));
            }
            let id: Arc<str> = Arc::from(&*e.id);
            ids.push(id.clone());
            if !e.attributes.is_empty() {
                attributes.insert(e.id.into_owned(), e.attributes.into_owned());
            }
            stats.entities.insert(
                id,
                EntityStats {
                    kind: e.kind.into_owned(),
                    label: e.label.into_owned(),
                    discovered: e.discovered,
                    mentions: e.mentions,
                    windows: e.windows,
                    documents: e.documents,
                    first_seen: e.first_seen.map(Cow::into_owned),
                    last_seen: e.last_seen.map(Cow::into_owned),
                    surfaces: e.surfaces.into_owned(),
                },
            );
        }
        let mut last: Option<(Arc<str>, Arc<str>)> = None;
        for i in 0..h.pairs {
            let p: PairLine = self.record("pair", i, h.pairs)?;
            self.counts(&[("windows", p.windows), ("documents", p.documents)])?;
            let find = |id: &str| {
                ids.binary_search_by(|x| x.as_ref().cmp(id))
                    .ok()
                    .map(|i| ids[i].clone())
            };
            let (Some(a), Some(b)) = (find(&p.source), find(&p.target)) else {
                return Err(self.at(format!(
                    "pair {:?}–{:?} names an entity that has no entity record",
                    p.source, p.target
                )));
            };
            if a >= b {
                return Err(self.at(format!(
                    "pair {:?}–{:?}: source must sort before target",
                    p.source, p.target
                )));
            }
            let key = (a, b);
            if last.as_ref().is_some_and(|l| &key <= l) {
                return Err(self.at(format!(
                    "pair {:?}–{:?} is out of order or repeated (records are sorted by source, target)",
                    p.source, p.target
                )));
            }
            if p.evidence.len() > h.options.evidence || !p.evidence.is_sorted() {
                return Err(self.at(format!(
                    "pair {:?}–{:?}: evidence must be at most {} windows, sorted by (doc, start)",
                    p.source, p.target, h.options.evidence
                )));
            }
            if let (Some(sa), Some(sb)) = (stats.entities.get(&key.0), stats.entities.get(&key.1)) {
                self.bounded(
                    &format!("pair {:?}–{:?}", p.source, p.target),
                    &[
                        ("documents", p.documents, p.windows, "its windows"),
                        (
                            "windows",
                            p.windows,
                            sa.windows,
                            "the windows of its source",
                        ),
                        (
                            "windows",
                            p.windows,
                            sb.windows,
                            "the windows of its target",
                        ),
                        (
                            "documents",
                            p.documents,
                            sa.documents,
                            "the documents of its source",
                        ),
                        (
                            "documents",
                            p.documents,
                            sb.documents,
                            "the documents of its target",
                        ),
                        (
                            "evidence",
                            p.evidence.len() as u64,
                            p.windows,
                            "its windows",
                        ),
                    ],
                )?;
            }
            last = Some(key.clone());
            stats.pairs.insert(
                key,
                PairStats {
                    windows: p.windows,
                    documents: p.documents,
                    first_seen: p.first_seen.map(Cow::into_owned),
                    last_seen: p.last_seen.map(Cow::into_owned),
                    evidence: p.evidence.into_owned(),
                },
            );
        }
        stats.texts = self.texts(h.texts)?;
        if self.next_line()?.is_some() {
            return Err(self.at(format!(
                "unexpected data after the {} entity and {} pair records and {} text hashes the \
                 header announces",
                h.entities, h.pairs, h.texts
            )));
        }
        Ok(Partial {
            header: Header {
                tool: h.tool,
                options: h.options,
                gazetteer: h.gazetteer,
                inputs: h.inputs,
                skipped: h.skipped,
            },
            stats,
            attributes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cooccur::WindowKind;
    use crate::gazetteer::parse_tsv;
    use crate::input::Document;
    use crate::pipeline::{Config, Pipeline};
    use proptest::prelude::*;

    const GAZETTEER: &str = "country:aa\tcountry\tAlvania\tdemonym=Alvanian\tiso2=AA\n\
                             country:bb\tcountry\tBorduria\tdemonym=Bordurian\tiso2=BB\n\
                             person:cc\tperson\tCarla Vost\tVost\trole=minister\n\
                             agency:dd\tagency\tDelta Agency\tabbreviation=DA\t\n";

    proptest! {
        #[test]
        fn pair_lines_are_written_as_serde_json_writes_them(
            ids in ("\\PC{0,6}|[\"\\\\\x00-\x1f\x7f]{0,3}", "[a-z:]{1,8}"),
            dates in (proptest::option::of("[0-9-]{0,10}|\"x\\\\"), proptest::option::of("\\PC{0,4}")),
            counts in (any::<u64>(), any::<u64>()),
            evidence in crate::export::json::tests::evidence_lists(),
        ) {
            let p = PairLine {
                source: Cow::Owned(ids.0),
                target: Cow::Owned(ids.1),
                windows: counts.0,
                documents: counts.1,
                first_seen: dates.0.map(Cow::Owned),
                last_seen: dates.1.map(Cow::Owned),
                evidence: Cow::Owned(evidence),
            };
            let (mut by_hand, mut by_serde) = (Vec::new(), Vec::new());
            pair_line(&mut by_hand, &p).unwrap();
            line(&mut by_serde, &p).unwrap();
            prop_assert_eq!(String::from_utf8(by_hand).unwrap(), String::from_utf8(by_serde).unwrap());
        }
    }

    /// Sentences the random corpora are made of.
    const SENTENCES: [&str; 6] = [
        "Alvania and Borduria signed a deal.",
        "Minister Carla Vost visited Borduria on Monday.",
        "The DA said Alvanian officials agreed.",
        "Vost met the Bordurian envoy.",
        "Nothing happened in the rain.",
        "Borduria, Alvania and the DA disagreed with Vost.",
    ];

    fn pipeline() -> Pipeline {
        pipeline_with(Config::default().max_window_entities)
    }

    /// The pipeline with a limit of entities per window (0: none).
    fn pipeline_with(max_window_entities: usize) -> Pipeline {
        let mut g = Gazetteer::new();
        g.extend(parse_tsv(GAZETTEER, "test.tsv").unwrap());
        let config = Config {
            max_window_entities,
            ..Config::default()
        };
        Pipeline::new(g, config).unwrap()
    }

    fn header(p: &Pipeline, inputs: Vec<InputInfo>) -> Header {
        Header {
            tool: "entigraph test".into(),
            options: p.config().build_options(),
            gazetteer: GazetteerInfo {
                hash: p.gazetteer().hash_hex(),
                entities: p.gazetteer().len(),
                builtin: false,
                files: vec!["test.tsv".into()],
            },
            inputs,
            skipped: 0,
        }
    }

    fn input(doc: &Document) -> InputInfo {
        InputInfo {
            name: doc.id.clone(),
            documents: 1,
            bytes: doc.text.len() as u64,
            hash: format!("{:016x}", doc.text.len()),
            since: None,
            until: None,
            files: Vec::new(),
            grown_from: None,
        }
    }

    /// The partial of some documents, through a file round trip.
    fn partial_of(p: &Pipeline, docs: &[Document]) -> Partial {
        let mut stats = p.new_stats();
        for d in docs {
            p.add_to(d, &mut stats);
        }
        let part = Partial::new(
            header(p, docs.iter().map(input).collect()),
            stats,
            p.gazetteer(),
        );
        let mut bytes = Vec::new();
        part.write(&mut bytes).unwrap();
        let back = Partial::read(&bytes[..], "part").unwrap();
        assert_eq!(back, part);
        back
    }

    fn graph_json(p: &Partial) -> Vec<u8> {
        let mut out = Vec::new();
        json::write(&p.graph_file(), &mut out).unwrap();
        out
    }

    fn docs(texts: &[Vec<usize>], dates: &[u8]) -> Vec<Document> {
        texts
            .iter()
            .enumerate()
            .map(|(i, sentences)| Document {
                id: format!("doc{i:02}"),
                text: sentences
                    .iter()
                    .map(|&s| SENTENCES[s])
                    .collect::<Vec<_>>()
                    .join(" "),
                date: Some(format!("2020-01-{:02}", 1 + dates[i % dates.len()] % 28)),
                title: None,
                url: None,
            })
            .collect()
    }

    #[test]
    fn graph_matches_from_stats_with_the_gazetteer() {
        let p = pipeline();
        let d = docs(&[vec![0, 1, 2, 5]], &[3]);
        let part = partial_of(&p, &d);
        let direct = EntityGraph::from_stats(&part.stats, p.gazetteer());
        let via = part.graph();
        assert!(direct.graph.node_count() >= 4);
        assert_eq!(
            direct.nodes().cloned().collect::<Vec<_>>(),
            via.nodes().cloned().collect::<Vec<_>>()
        );
        let cc = via.nodes().find(|n| n.id == "person:cc").unwrap();
        assert_eq!(cc.attributes["role"], "minister");
    }

    #[test]
    fn same_statistics_give_the_same_bytes() {
        let p = pipeline();
        let d = docs(&[vec![0, 1], vec![2, 3, 5]], &[1, 2]);
        let mut a = Vec::new();
        let mut b = Vec::new();
        partial_of(&p, &d).write(&mut a).unwrap();
        partial_of(&p, &d).write(&mut b).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn refuses_different_options_naming_the_field() {
        let p = pipeline();
        let d = docs(&[vec![0]], &[1]);
        let mut a = partial_of(&p, &d);
        let mut b = a.clone();
        b.header.options.window = WindowKind::Paragraph;
        let m = a.clone().merge(b).unwrap_err();
        assert_eq!(
            m.to_string(),
            "options.window differs: sentence vs paragraph"
        );
        let mut c = a.clone();
        c.header.gazetteer.hash = "0000000000000000".into();
        assert_eq!(a.clone().merge(c).unwrap_err().field, "gazetteer.hash");
        // Pairs counted under another limit of entities per window are not the same pairs.
        let mut d = a.clone();
        d.header.options.max_window_entities = 0;
        assert_eq!(
            a.merge(d).unwrap_err().to_string(),
            "options.max_window_entities differs: 10 vs 0"
        );
    }

    /// A partial written before the limit of entities per window existed has no limit and no
    /// count of crowded windows in its header: it reads as built with no limit (0), which is
    /// what it was, so that appending to it needs `--max-window-entities 0`.
    #[test]
    fn a_partial_from_before_the_limit_reads_as_built_with_none() {
        let p = pipeline();
        let part = partial_of(&p, &docs(&[vec![0, 5]], &[1]));
        let mut bytes = Vec::new();
        part.write(&mut bytes).unwrap();
        let mut text = String::new();
        MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let old = text
            .replacen(",\"max_window_entities\":10", "", 1)
            .replacen(",\"crowded_windows\":0", "", 1);
        assert_eq!(old.len() + 45, text.len(), "both fields taken out");
        let back = Partial::read(&gzip(&old)[..], "old.part").unwrap();
        assert_eq!(back.header.options.max_window_entities, 0);
        assert_eq!(
            (back.stats.max_window_entities, back.stats.crowded_windows),
            (0, 0)
        );
        assert_eq!(back.stats.pairs, part.stats.pairs);
        let m = back.header.mismatch(&part.header).unwrap();
        assert_eq!(
            m.to_string(),
            "options.max_window_entities differs: 0 vs 10"
        );
    }

    #[test]
    fn repeated_input_is_found_by_content_not_name() {
        let info = |name: &str, documents: u64, bytes: u64, hash: &str| InputInfo {
            name: name.into(),
            documents,
            bytes,
            hash: hash.into(),
            since: None,
            until: None,
            files: Vec::new(),
            grown_from: None,
        };
        let p = pipeline();
        let mut h = header(
            &p,
            vec![
                info("a.txt", 1, 10, "00000000000000aa"),
                info("empty.txt", 1, 0, "cbf29ce484222325"),
                info("b.txt", 1, 10, "00000000000000bb"),
                info("other-empty.txt", 1, 0, "cbf29ce484222325"),
                info("c.txt", 1, 11, "00000000000000aa"),
                info("no-docs.jsonl", 0, 5, "00000000000000cc"),
                info("no-docs-either.jsonl", 0, 5, "00000000000000cc"),
            ],
        );
        // Same hash but another size, empty inputs, inputs without documents: not repeats.
        assert_eq!(h.repeated_inputs(), []);
        h.inputs.push(info("./b.txt", 1, 10, "00000000000000bb"));
        h.inputs.push(info("a.txt", 1, 10, "00000000000000aa"));
        // Paired with the earlier input of the same name (./ aside), not the first of the same
        // content; standard input has no name.
        h.inputs.push(info("b.txt", 1, 10, "00000000000000bb"));
        h.inputs
            .push(info("copy-of-b.txt", 1, 10, "00000000000000bb"));
        h.inputs.push(info("-", 1, 10, "00000000000000bb"));
        h.inputs.push(info("-", 1, 10, "00000000000000bb"));
        h.inputs.push(info("w.txt", 1, 12, "00000000000000ee"));
        h.inputs.push(info("v.txt", 1, 12, "00000000000000ee"));
        h.inputs.push(info("./v.txt", 1, 12, "00000000000000ee"));
        assert_eq!(
            h.repeated_inputs(),
            [
                (2, 7),
                (0, 8),
                (2, 9),
                (2, 10),
                (2, 11),
                (2, 12),
                (13, 14),
                (14, 15)
            ]
        );
    }

    #[test]
    fn inputs_counted_over_dates_that_do_not_meet_share_no_documents() {
        let dated = |since: Option<&str>, until: Option<&str>| InputInfo {
            name: "feed.jsonl".into(),
            documents: 2,
            bytes: 10,
            hash: "00000000000000aa".into(),
            since: since.map(String::from),
            until: until.map(String::from),
            files: Vec::new(),
            grown_from: None,
        };
        let all = dated(None, None);
        let to_2019 = dated(None, Some("2019"));
        let from_2020 = dated(Some("2020"), None);
        let march = dated(Some("2020-03"), Some("2020-03"));
        assert!(!to_2019.may_share_documents(&from_2020));
        assert!(!from_2020.may_share_documents(&to_2019));
        assert!(all.may_share_documents(&from_2020));
        assert!(from_2020.may_share_documents(&from_2020));
        assert!(to_2019.may_share_documents(&to_2019));
        // "until 2020-03" takes in the whole month.
        assert!(march.may_share_documents(&dated(Some("2020-03-31"), None)));
        assert!(!march.may_share_documents(&dated(Some("2020-04"), None)));
        assert!(!march.may_share_documents(&dated(None, Some("2020-02-29"))));
        // What an earlier run counted of a file holds all this run would count of it only when
        // its date range holds this run's: only then is an unchanged file left out.
        assert!(all.covers(&to_2019) && all.covers(&from_2020) && all.covers(&march));
        assert!(!to_2019.covers(&all) && !from_2020.covers(&all));
        assert!(from_2020.covers(&march) && !march.covers(&from_2020));
        assert!(to_2019.covers(&dated(None, Some("2019-06"))));
        assert!(!dated(None, Some("2019-06")).covers(&to_2019));
        assert!(!to_2019.covers(&dated(None, Some("2020-01"))));
        let p = pipeline();
        let h = header(&p, vec![to_2019.clone(), from_2020.clone(), all, from_2020]);
        assert_eq!(h.repeated_inputs(), [(0, 2), (1, 3)]);
    }

    fn error_of(bytes: &[u8]) -> String {
        Partial::read(bytes, "p.part").unwrap_err().to_string()
    }

    fn gzip(text: &str) -> Vec<u8> {
        let mut gz = GzEncoder::new(Vec::new(), Compression::new(6));
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn corrupt_and_truncated_files_get_located_errors() {
        let p = pipeline();
        let part = partial_of(&p, &docs(&[vec![0, 1, 2, 5]], &[1]));
        let mut bytes = Vec::new();
        part.write(&mut bytes).unwrap();
        // Cut inside the compressed stream.
        let cut = error_of(&bytes[..bytes.len() / 2]);
        assert!(cut.starts_with("p.part: after line "), "{cut}");
        assert!(cut.contains("truncated or corrupt"), "{cut}");
        // A flipped byte in the checksum (the trailer's first four bytes) fails it.
        let mut flipped = bytes.clone();
        let i = flipped.len() - 8;
        flipped[i] ^= 0x55;
        let e = error_of(&flipped);
        assert!(e.contains("truncated or corrupt"), "{e}");
        // One in the compressed data fails the deflate stream, the checksum, or the record it
        // lands in: an error either way, never a graph.
        let mut flipped = bytes.clone();
        let i = flipped.len() - 12;
        flipped[i] ^= 0x55;
        let e = error_of(&flipped);
        assert!(e.starts_with("p.part: "), "{e}");
        assert!(error_of(b"{\"format\":\"entigraph\"}").contains("not gzip-compressed"));

        let text = {
            let mut d = MultiGzDecoder::new(&bytes[..]);
            let mut s = String::new();
            d.read_to_string(&mut s).unwrap();
            s
        };
        let lines: Vec<&str> = text.lines().collect();
        // Whole records missing at the end.
        let short = lines[..lines.len() - 1].join("\n") + "\n";
        let e = error_of(&gzip(&short));
        let n = lines.len() - 1;
        assert!(
            e.starts_with(&format!(
                "p.part: truncated: the stream ends after line {n}, after "
            )),
            "{e}"
        );
        // The header and one entity record only: the record read is counted.
        let e = error_of(&gzip(&(lines[..2].join("\n") + "\n")));
        assert!(
            e.starts_with("p.part: truncated: the stream ends after line 2, after 1 of the "),
            "{e}"
        );
        // A count above 2^53 (hand-edited): refused, before a merge could wrap it to 0.
        let huge: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 1 {
                    let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["windows"] = u64::MAX.into();
                    v.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect();
        let e = error_of(&gzip(&(huge.join("\n") + "\n")));
        assert_eq!(
            e,
            format!(
                "p.part: line 2: \"windows\" is {}, above 2^53: more than any corpus holds, and \
                 more than JSON readers keep exactly (the partial was edited or is corrupt)",
                u64::MAX
            )
        );
        // A bad record.
        let mut bad: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        bad[2] = "{\"id\": 5}".into();
        let e = error_of(&gzip(&(bad.join("\n") + "\n")));
        assert!(
            e.starts_with("p.part: line 3: invalid entity record: "),
            "{e}"
        );
        // Records out of order.
        let mut swapped: Vec<&str> = lines.clone();
        swapped.swap(1, 2);
        let e = error_of(&gzip(&(swapped.join("\n") + "\n")));
        assert!(e.starts_with("p.part: line 3: entity "), "{e}");
        // Another version.
        let v2 = text.replacen("\"version\":1", "\"version\":2", 1);
        assert_eq!(
            error_of(&gzip(&v2)),
            "p.part: line 1: unsupported partial version 2; this entigraph reads version 1"
        );
        assert_eq!(error_of(&gzip("")), "p.part: empty partial (no header)");
    }

    /// A partial built with `--dedupe` holding these text hashes and repeat counts, through a
    /// file round trip.
    fn with_texts(texts: Vec<u128>, repeats: u64) -> Partial {
        let p = pipeline();
        let mut part = partial_of(&p, &docs(&[vec![0, 1]], &[1]));
        part.header.options.dedupe = true;
        // (One document more than hashes: one without text.)
        part.stats.documents = texts.len() as u64 + 1;
        part.stats.texts = texts;
        part.stats.repeats = repeats;
        let mut bytes = Vec::new();
        part.write(&mut bytes).unwrap();
        let back = Partial::read(&bytes[..], "part").unwrap();
        assert_eq!(back, part);
        back
    }

    fn decompressed(part: &Partial) -> String {
        let mut bytes = Vec::new();
        part.write(&mut bytes).unwrap();
        let mut s = String::new();
        MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn text_hashes_are_kept_in_records_of_1024_and_checked() {
        // 2,500 hashes: two full records and a short one, the largest value included.
        let texts: Vec<u128> = (0..2500u128).map(|i| i * (u128::MAX / 2499)).collect();
        let part = with_texts(texts.clone(), 7);
        assert_eq!(part.stats.texts, texts);
        assert_eq!(part.manifest().repeats, 7);
        let text = decompressed(&part);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].contains("\"repeats\":7"), "{}", lines[0]);
        assert!(lines[0].contains("\"texts\":2500"), "{}", lines[0]);
        let n = lines.len();
        let last = format!("{:032x}", texts[2499]);
        assert!(last.starts_with("ffff"), "{last}");
        assert!(lines[n - 1].ends_with(&format!("\"{last}\"]}}")));
        assert!(lines[n - 1].len() < lines[n - 2].len());
        let edited = |line: usize, from: &str, to: &str| {
            let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            assert!(l[line].contains(from), "{from}");
            l[line] = l[line].replacen(from, to, 1);
            error_of(&gzip(&(l.join("\n") + "\n")))
        };
        let first = format!("{:032x}", texts[0]);
        let second = format!("{:032x}", texts[1]);
        assert_eq!(
            edited(n - 3, &second, &first),
            format!(
                "p.part: line {}: text hash {first} is out of order or repeated (hashes are \
                 sorted)",
                n - 2
            )
        );
        assert_eq!(
            edited(n - 3, &first, "12g4"),
            format!(
                "p.part: line {}: text hash \"12g4\" is not 32 hexadecimal digits",
                n - 2
            )
        );
        assert_eq!(
            edited(0, "\"texts\":2500", "\"texts\":2501"),
            format!(
                "p.part: line {n}: 452 text hashes where 453 were expected (the header announces \
                 2501, 1024 to a record)"
            )
        );
        let e = error_of(&gzip(&(lines[..n - 1].join("\n") + "\n")));
        assert!(
            e.starts_with(&format!("p.part: truncated: the stream ends after line {}, after 2 of the 3 text hash records", n - 1)),
            "{e}"
        );
        let e = edited(0, "\"texts\":2500", "\"texts\":1024");
        assert!(e.contains("unexpected data after"), "{e}");
        // Hashes for more documents than were counted, or without the option.
        assert_eq!(
            edited(0, "\"documents\":2501", "\"documents\":2499"),
            "p.part: line 1: 2500 text hashes and 0 documents counted again, more than the \
             documents counted (2499): the partial was edited or is corrupt"
        );
        assert_eq!(
            edited(0, "\"dedupe\":true", "\"dedupe\":false"),
            "p.part: line 1: text hashes or repeats in a partial built without --dedupe \
             (options.dedupe is false): the partial was edited or is corrupt"
        );
        // Without --dedupe, nothing of it is written.
        let plain = partial_of(&pipeline(), &docs(&[vec![0, 1]], &[1]));
        let text = decompressed(&plain);
        assert!(
            !text.contains("texts") && !text.contains("repeats"),
            "{text}"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Text hashes merged in any order: their union, and every text counted in two
        /// partials counted as recounted once per extra partial.
        #[test]
        fn merged_text_hashes_count_each_story_counted_twice(
            sets in proptest::collection::vec(proptest::collection::btree_set(0u128..40, 0..12), 1..6),
            order in Just(()).prop_perturb(|_, mut rng| {
                let mut v: Vec<usize> = (0..6).collect();
                for i in (1..v.len()).rev() {
                    let j = (rng.next_u32() as usize) % (i + 1);
                    v.swap(i, j);
                }
                v
            }),
        ) {
            let parts: Vec<Partial> = sets
                .iter()
                .map(|s| with_texts(s.iter().copied().collect(), 1))
                .collect();
            let union: std::collections::BTreeSet<u128> = sets.iter().flatten().copied().collect();
            let total: usize = sets.iter().map(|s| s.len()).sum();
            let mut shuffled = order.iter().filter_map(|&i| parts.get(i).cloned());
            let mut merged = shuffled.next().unwrap();
            for p in shuffled {
                merged.merge(p).unwrap();
            }
            prop_assert_eq!(&merged.stats.texts, &union.into_iter().collect::<Vec<_>>());
            prop_assert_eq!(merged.stats.recounted as usize, total - merged.stats.texts.len());
            prop_assert_eq!(merged.stats.repeats as usize, sets.len());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any split of the documents into partials, merged in any order, gives the statistics
        /// and the graph of one build; merged in input order, the same graph.json bytes.
        #[test]
        fn any_split_and_merge_order_gives_one_build(
            texts in proptest::collection::vec(proptest::collection::vec(0usize..6, 0..5), 1..9),
            dates in proptest::collection::vec(0u8..28, 1..4),
            cuts in proptest::collection::vec(any::<bool>(), 8),
            // Limits of entities per window that leave out some sentences' pairs (the last of
            // SENTENCES names four), and none (0).
            limit in 0usize..5,
            order in Just(()).prop_perturb(|_, mut rng| {
                let mut v: Vec<usize> = (0..9).collect();
                for i in (1..v.len()).rev() {
                    let j = (rng.next_u32() as usize) % (i + 1);
                    v.swap(i, j);
                }
                v
            }),
        ) {
            let p = pipeline_with(limit);
            let all = docs(&texts, &dates);
            let one = partial_of(&p, &all);
            // Split at the positions where `cuts` says so.
            let mut groups: Vec<Vec<Document>> = vec![Vec::new()];
            for (i, d) in all.iter().enumerate() {
                if i > 0 && cuts[i - 1] {
                    groups.push(Vec::new());
                }
                groups.last_mut().unwrap().push(d.clone());
            }
            let parts: Vec<Partial> = groups.iter().map(|g| partial_of(&p, g)).collect();
            // In input order: byte-identical graph.json.
            let mut in_order = parts[0].clone();
            for part in &parts[1..] {
                in_order.merge(part.clone()).unwrap();
            }
            prop_assert_eq!(graph_json(&in_order), graph_json(&one));
            // In a shuffled order, as a tree: the same statistics and graph; only the order of
            // the manifest's inputs follows the merge order.
            let mut shuffled: Vec<Partial> = order
                .iter()
                .filter_map(|&i| parts.get(i).cloned())
                .collect();
            while shuffled.len() > 1 {
                let mut next = Vec::new();
                let mut it = shuffled.into_iter();
                while let Some(mut a) = it.next() {
                    if let Some(b) = it.next() {
                        a.merge(b).unwrap();
                    }
                    next.push(a);
                }
                shuffled = next;
            }
            let mut merged = shuffled.pop().unwrap();
            prop_assert_eq!(&merged.stats, &one.stats);
            merged.header.inputs.sort_by(|a, b| a.name.cmp(&b.name));
            prop_assert_eq!(graph_json(&merged), graph_json(&one));
        }
    }
}
