//! The native graph file, `graph.json`.
//!
//! ```json
//! {
//!   "format": "entigraph",
//!   "version": 1,
//!   "manifest": {
//!     "tool": "entigraph 0.1.0",
//!     "options": {"window": "sentence", "evidence": 3, "demonyms": true, "capitals": false,
//!                 "fold_diacritics": true, "discover": true, "max_window_entities": 10},
//!     "gazetteer": {"hash": "9f0c…", "entities": 5230, "builtin": true, "files": []},
//!     "inputs": [{"name": "article.txt", "documents": 1, "bytes": 2890, "hash": "…"}],
//!     "documents": 1, "windows": 21, "crowded_windows": 0, "mentions": 48, "skipped": 0,
//!     "filtered": [{"top_edges": 2}]
//!   },
//!   "nodes": [
//!     {"id": "country:cn", "label": "China", "type": "country", "source": "gazetteer", "mentions": 12, "documents": 1, "windows": 11, "attributes": {"iso2": "CN"}, "aliases": ["China", "Chinese"]},
//!     …
//!   ],
//!   "edges": [
//!     {"source": "country:cn", "target": "country:us", "count": 5, "documents": 1, "jaccard": 0.31, "dice": 0.47, "pmi": 0.93, "npmi": 0.31, "g2": 2.1, "evidence": [{"doc": "article.txt", "start": 0, "end": 120, "snippet": "…"}]},
//!     …
//!   ]
//! }
//! ```
//!
//! - The manifest is pretty-printed; each node and each edge is one line, so the file can be
//!   searched and compared line by line.
//! - `format` is always `"entigraph"`; `version` changes when a field changes meaning or is
//!   removed (new fields may be added within a version).
//! - Nodes are sorted by `id`; edges by (`source`, `target`) with `source < target`.
//! - `count` is the number of windows in which both entities occur; `documents` the number of
//!   documents; `windows` on a node the number of windows it occurs in; the measures are
//!   computed from those counts and the manifest's `windows` (see [`crate::graph::measures`]).
//! - `crowded_windows` counts the windows that named more distinct entities than the option
//!   `max_window_entities` (0: no limit): lists, not relations. Their entities' mentions,
//!   windows and documents are counted, their pairs are not (no edge, no evidence). A file
//!   written before the option existed has neither field and was built with no limit: both read
//!   as 0.
//! - `filtered` (in the manifest) appears when filters cut the graph (`build --top-edges 2`,
//!   `export --types person -f json`): one object per filter, in the order applied, with the
//!   options given ([`Filter`]: `types`, `since`, `until`, `min_count`, `top_per_node`,
//!   `top_edges`, `drop_isolated`). The nodes and edges are then what the filters kept, while
//!   `documents`, `windows`, `mentions` and each node's counts stay those of the whole graph.
//!   A whole graph has no `filtered` field.
//! - `first_seen`/`last_seen` (nodes and edges) appear when documents had a `date`.
//! - Evidence `start`/`end` are UTF-8 byte offsets into the document's text, end exclusive;
//!   `date`, `title` and `url` follow `doc` when the document had them
//!   ([`crate::cooccur::About`]).

use std::borrow::Cow;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::cooccur::{Evidence, WindowKind};
use crate::error::{Error, Result};
use crate::filter::Filter;
use crate::graph::{Edge, EntityGraph, Node, Totals};

/// The value of the `format` field.
pub const FORMAT: &str = "entigraph";
/// The current schema version.
pub const VERSION: u32 = 1;

/// The options a graph was built with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildOptions {
    /// Window kind.
    pub window: WindowKind,
    /// Evidence windows kept per edge.
    pub evidence: usize,
    /// Demonyms linked.
    pub demonyms: bool,
    /// Capitals linked.
    pub capitals: bool,
    /// Diacritics folded.
    pub fold_diacritics: bool,
    /// People discovered.
    pub discover: bool,
    /// A window naming more distinct entities than this added no pairs (0: no limit, which is
    /// what a file written before the option existed was built with).
    #[serde(default)]
    pub max_window_entities: usize,
    /// Documents whose text repeated one counted before were left out (`--dedupe`; false in a
    /// file written before the option existed).
    #[serde(default)]
    pub dedupe: bool,
}

/// The gazetteer a graph was built with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GazetteerInfo {
    /// Hash of the entities (see [`crate::Gazetteer::hash_hex`]).
    pub hash: String,
    /// Number of entities.
    pub entities: usize,
    /// Whether the built-ins were included.
    pub builtin: bool,
    /// User gazetteer files, as given.
    pub files: Vec<String>,
}

/// One input as given on the command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputInfo {
    /// The path as given (`-` for stdin).
    pub name: String,
    /// Documents read from it.
    pub documents: u64,
    /// Bytes read.
    pub bytes: u64,
    /// FNV-1a 64 hash of the bytes read, in file order.
    pub hash: String,
    /// With `build --since`, only its documents dated on or after this were counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// With `build --until`, only its documents dated within this period or before it were
    /// counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// For a directory, the files read inside it, so that `build --append` of the directory
    /// later leaves out the ones counted here, unchanged (kept in graph.part, left out of
    /// graph.json).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileInfo>,
    /// A JSON lines or CSV file named on its own that grew since an earlier run counted its
    /// first this many bytes (under this name or another path to it, or inside a directory):
    /// only the lines or rows after them were read (`bytes` and `hash` are the whole file's, so
    /// that the next `build --append` leaves all of them out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grown_from: Option<u64>,
}

/// One file read inside a directory input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    /// The path as found.
    pub name: String,
    /// Documents read from it.
    pub documents: u64,
    /// Bytes read.
    pub bytes: u64,
    /// FNV-1a 64 hash of the bytes read.
    pub hash: String,
}

impl InputInfo {
    /// An input of this name to be counted over these dates, nothing read from it yet.
    pub fn unread(name: String, since: Option<String>, until: Option<String>) -> InputInfo {
        InputInfo {
            name,
            documents: 0,
            bytes: 0,
            hash: String::new(),
            since,
            until,
            files: Vec::new(),
            grown_from: None,
        }
    }

    /// Whether the documents this input counted include all that `other` (of the same content)
    /// would count: its date range holds `other`'s.
    pub fn covers(&self, other: &InputInfo) -> bool {
        let since = match (self.since.as_deref(), other.since.as_deref()) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let until = match (self.until.as_deref(), other.until.as_deref()) {
            (None, _) => true,
            (Some(_), None) => false,
            // A bound as precise as this one, or more, within it (`--until 2019` holds
            // `--until 2019-06`, not the other way round).
            (Some(a), Some(b)) => b.len() >= a.len() && crate::filter::within_until(b, a),
        };
        since && until
    }

    /// Whether both name the same input: the same path as given, `./` aside. Standard input
    /// (`-`) has no name to compare: two are never the same.
    pub fn same_name(&self, other: &InputInfo) -> bool {
        self.name != "-"
            && crate::input::name_key(&self.name) == crate::input::name_key(&other.name)
    }

    /// Whether this input was given as `path` (`./` aside).
    pub fn same_name_as(&self, path: &std::path::Path) -> bool {
        self.name != "-"
            && crate::input::name_key(&self.name)
                == crate::input::name_key(&path.display().to_string())
    }

    /// The components of the name, `./` left out, for finding inputs of the same name
    /// ([`same_name`](Self::same_name)) or inside one (a key that starts with a directory's);
    /// none for standard input.
    pub fn name_key(&self) -> Option<Vec<std::ffi::OsString>> {
        (self.name != "-").then(|| crate::input::name_key(&self.name))
    }

    /// Whether the documents counted from this input and from `other` (of the same content)
    /// may be the same ones: not when their date ranges do not meet (`--until 2019` in one
    /// run, `--since 2020` in another), since a date bound leaves undated documents out.
    pub fn may_share_documents(&self, other: &InputInfo) -> bool {
        let Some(since) = self.since.as_deref().max(other.since.as_deref()) else {
            return true; // both reach back without a bound
        };
        [self.until.as_deref(), other.until.as_deref()]
            .into_iter()
            .flatten()
            .all(|until| crate::filter::within_until(since, until))
    }
}

/// Everything needed to reproduce or check a graph.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `entigraph VERSION`.
    pub tool: String,
    /// Build options.
    pub options: BuildOptions,
    /// Gazetteer.
    pub gazetteer: GazetteerInfo,
    /// Inputs.
    pub inputs: Vec<InputInfo>,
    /// Documents processed.
    pub documents: u64,
    /// Windows processed.
    pub windows: u64,
    /// Windows that named more distinct entities than [`BuildOptions::max_window_entities`]:
    /// counted in `windows`, their entities counted, their pairs not.
    #[serde(default)]
    pub crowded_windows: u64,
    /// Mentions linked.
    pub mentions: u64,
    /// Documents or lines skipped because of errors.
    pub skipped: u64,
    /// With `--dedupe`, documents left out because their text repeats one counted before (0,
    /// and left out of the file, otherwise).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub repeats: u64,
    /// With `--dedupe`, documents counted although their text repeats another's: each was
    /// counted in one of two partial graphs merged (merging cannot take it out again).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub recounted: u64,
    /// The filters that cut the graph out of the one built, in the order applied: empty (and
    /// left out of the file) for a whole graph. Read into, and written from, the graph's
    /// [`EntityGraph::filtered`], which [`Filter::apply`](crate::filter::Filter::apply) adds
    /// to: [`write()`] writes the graph's list, whatever this one holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filtered: Vec<Filter>,
}

/// Whether a count is 0 (for serde's `skip_serializing_if`).
pub(crate) fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// An edge record: borrowed from the graph when written, owned when read. The measures are
/// written for readers of the file; entigraph recomputes them from the counts when it reads.
#[derive(Serialize, Deserialize)]
struct EdgeLine<'a> {
    source: Cow<'a, str>,
    target: Cow<'a, str>,
    count: u64,
    documents: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_seen: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_seen: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jaccard: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dice: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pmi: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    npmi: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    g2: Option<f64>,
    evidence: Cow<'a, [Evidence]>,
}

#[derive(Serialize, Deserialize)]
struct FileOut {
    format: String,
    version: u32,
    manifest: Manifest,
    nodes: Vec<Node>,
    edges: Vec<EdgeLine<'static>>,
}

/// A graph with its manifest, as stored in `graph.json`.
#[derive(Clone, Debug)]
pub struct GraphFile {
    /// The manifest.
    pub manifest: Manifest,
    /// The graph.
    pub graph: EntityGraph,
}

/// Writes `graph.json` (deterministic): the manifest pretty-printed, then one node or edge
/// per line, so the file can be searched and compared line by line (`grep '"country:cn"'`).
pub fn write(file: &GraphFile, mut w: impl Write) -> std::io::Result<()> {
    let g = &file.graph;
    // serde_json writes many small pieces: buffer them here, where the writer's type is known,
    // so that each is a copy rather than a call through `w` (often a `&mut dyn Write`).
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, &mut w);
    // The graph knows how it was cut (a filter applied after reading adds to its list).
    let manifest = if file.manifest.filtered == g.filtered {
        serde_json::to_string_pretty(&file.manifest)?
    } else {
        serde_json::to_string_pretty(&Manifest {
            filtered: g.filtered.clone(),
            ..file.manifest.clone()
        })?
    };
    write!(
        buf,
        "{{\n  \"format\": {},\n  \"version\": {VERSION},\n  \"manifest\": {},\n  \"nodes\": [",
        serde_json::to_string(FORMAT)?,
        manifest.replace('\n', "\n  ")
    )?;
    records(&mut buf, g.nodes())?;
    buf.write_all(b"],\n  \"edges\": [")?;
    let mut first = true;
    for (a, b, e) in g.edges() {
        buf.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        let m = g.edge_measures(a, b, e);
        edge_line(
            &mut buf,
            &EdgeLine {
                source: Cow::Borrowed(&a.id),
                target: Cow::Borrowed(&b.id),
                count: e.count,
                documents: e.documents,
                first_seen: e.first_seen.as_deref().map(Cow::Borrowed),
                last_seen: e.last_seen.as_deref().map(Cow::Borrowed),
                jaccard: Some(m.jaccard),
                dice: Some(m.dice),
                pmi: Some(m.pmi),
                npmi: Some(m.npmi),
                g2: Some(m.g2),
                evidence: Cow::Borrowed(&e.evidence),
            },
        )?;
    }
    if !first {
        buf.write_all(b"\n  ")?;
    }
    buf.write_all(b"]\n}\n")?;
    buf.flush()
}

/// Writes an edge as [`one_line`] would, field by field. Edges and their evidence snippets are
/// most of a graph.json, and serde_json escapes a string a byte at a time; [`string`] writes
/// a string that needs no escape (nearly every one) as it is.
fn edge_line(w: &mut impl Write, e: &EdgeLine<'_>) -> std::io::Result<()> {
    w.write_all(b"{\"source\": ")?;
    string(w, &e.source)?;
    w.write_all(b", \"target\": ")?;
    string(w, &e.target)?;
    write!(
        w,
        ", \"count\": {}, \"documents\": {}",
        e.count, e.documents
    )?;
    for (key, value) in [("first_seen", &e.first_seen), ("last_seen", &e.last_seen)] {
        if let Some(v) = value {
            write!(w, ", \"{key}\": ")?;
            string(w, v)?;
        }
    }
    let measures = [
        ("jaccard", e.jaccard),
        ("dice", e.dice),
        ("pmi", e.pmi),
        ("npmi", e.npmi),
        ("g2", e.g2),
    ];
    for (key, value) in measures {
        if let Some(v) = value {
            write!(w, ", \"{key}\": ")?;
            one_line(w, &v)?;
        }
    }
    w.write_all(b", \"evidence\": [")?;
    for (i, ev) in e.evidence.iter().enumerate() {
        w.write_all(if i == 0 {
            b"{\"doc\": "
        } else {
            b", {\"doc\": "
        })?;
        string(w, &ev.doc)?;
        write_about(w, ev, ", ")?;
        write!(
            w,
            ", \"start\": {}, \"end\": {}, \"snippet\": ",
            ev.start, ev.end
        )?;
        string(w, &ev.snippet)?;
        w.write_all(b"}")?;
    }
    w.write_all(b"]}")
}

/// Writes the known fields of the document of `ev` ([`About`](crate::cooccur::About)) as serde_json writes them, each
/// after `sep` (`", "` in graph.json's pretty lines, `","` in compact ones).
pub(crate) fn write_about(w: &mut impl Write, ev: &Evidence, sep: &str) -> std::io::Result<()> {
    for (key, value) in ev.about_fields() {
        if let Some(v) = value {
            write!(w, "{sep}\"{key}\":")?;
            if sep.ends_with(' ') {
                w.write_all(b" ")?;
            }
            string(w, v)?;
        }
    }
    Ok(())
}

/// Writes `s` as a JSON string, exactly as serde_json does: as it is, in quotes, unless it holds
/// a byte serde_json escapes (`"`, `\\` or a control character below U+0020).
pub(crate) fn string(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    // No early exit: the fold over a short string compiles to a few vector compares.
    let escape = s.bytes().fold(false, |acc, b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if escape {
        return one_line(w, &s);
    }
    w.write_all(b"\"")?;
    w.write_all(s.as_bytes())?;
    w.write_all(b"\"")
}

/// Writes the records of a list, one per line, indented inside the brackets.
fn records<T: Serialize>(
    w: &mut impl Write,
    items: impl Iterator<Item = T>,
) -> std::io::Result<()> {
    let mut first = true;
    for item in items {
        w.write_all(if first { b"\n    " } else { b",\n    " })?;
        one_line(w, &item)?;
        first = false;
    }
    if !first {
        w.write_all(b"\n  ")?;
    }
    Ok(())
}

/// Writes `value` as JSON on one line, with a space after each `:` and `,`.
fn one_line(w: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *w, OneLine);
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// serde_json's compact output with a space after `:` and `,`.
struct OneLine;

impl serde_json::ser::Formatter for OneLine {
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
}

/// A JSON error of the graph file `name` as `name:line:column: what: serde's message`, the
/// place taken out of serde's message ("... at line 3 column 5") to lead the error.
fn located(name: &str, what: &str, e: &serde_json::Error, hint: &str) -> Error {
    let text = e.to_string();
    if e.line() == 0 {
        return Error::Graph {
            path: name.to_string(),
            message: format!("{what}: {text}{hint}"),
        };
    }
    let place = format!(" at line {} column {}", e.line(), e.column());
    Error::GraphAt {
        path: name.to_string(),
        line: e.line(),
        column: e.column(),
        message: format!(
            "{what}: {}{hint}",
            text.strip_suffix(&place).unwrap_or(&text)
        ),
    }
}

/// Reads a `graph.json`; `name` is used in errors.
pub fn read(r: impl Read, name: &str) -> Result<GraphFile> {
    let err = |message: String| Error::Graph {
        path: name.to_string(),
        message,
    };
    let mut bytes = Vec::new();
    let mut r = r;
    r.read_to_end(&mut bytes)
        .map_err(|e| err(format!("cannot read: {e}")))?;
    // A byte order mark, which Windows editors put in front of a file saved as UTF-8, is no
    // part of the JSON (as in news inputs and gazetteers).
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(err(
            "gzip-compressed, not a graph.json: a partial graph (graph.part) is read by merge \
             and build --append"
                .into(),
        ));
    }
    // A graph is one JSON object: a list ("[1, 2]") is no graph, though serde would read one
    // as a struct's fields in order (and name the struct in its error).
    if let Some(&b) = bytes.trim_ascii_start().first()
        && b != b'{'
    {
        return Err(err(
            "not an entigraph graph (a graph.json is one JSON object, {...}; this file does not \
             begin with one)"
                .into(),
        ));
    }
    // The format and version first (the rest skipped), so that another file is named as such
    // rather than by the first field it lacks; then the graph, parsed from the text so that an
    // error says where.
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let head: Head = match serde_json::from_slice(&bytes) {
        Ok(head) => head,
        Err(e) if e.is_data() => Head {
            format: None,
            version: None,
        },
        Err(e) => {
            // A JSON lines file (news input, say) has a second value on line 2.
            let hint = if e.to_string().starts_with("trailing characters") {
                " (more than one JSON value: a JSON lines file? this reads the graph.json \
                 that build writes)"
            } else {
                ""
            };
            return Err(located(name, "not valid JSON", &e, hint));
        }
    };
    if head.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(err(
            "not an entigraph graph (expected \"format\": \"entigraph\")".into(),
        ));
    }
    let version = head.version.as_ref().and_then(|v| v.as_u64());
    if version != Some(u64::from(VERSION)) {
        let found = version.map_or_else(
            || "no graph version".to_string(),
            |v| format!("graph version {v}"),
        );
        return Err(err(format!(
            "{found}; this entigraph reads graph version {VERSION}"
        )));
    }
    let file: FileOut =
        serde_json::from_slice(&bytes).map_err(|e| located(name, "invalid graph", &e, ""))?;
    drop(bytes);
    let totals = Totals {
        documents: file.manifest.documents,
        windows: file.manifest.windows,
        crowded_windows: file.manifest.crowded_windows,
        mentions: file.manifest.mentions,
        window: file.manifest.options.window,
        max_window_entities: file.manifest.options.max_window_entities,
    };
    let mut graph = EntityGraph::from_parts(
        file.nodes,
        file.edges.into_iter().map(|e| {
            (
                e.source.into_owned(),
                e.target.into_owned(),
                Edge {
                    count: e.count,
                    documents: e.documents,
                    first_seen: e.first_seen.map(Cow::into_owned),
                    last_seen: e.last_seen.map(Cow::into_owned),
                    evidence: e.evidence.into_owned(),
                },
            )
        }),
        totals,
    )
    // A file edited by hand or made by another tool may hold records that make no graph.
    .map_err(|e| err(e.to_string()))?;
    graph.filtered.clone_from(&file.manifest.filtered);
    Ok(GraphFile {
        manifest: file.manifest,
        graph,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use crate::cooccur::About;

    use super::*;
    use proptest::prelude::*;

    /// Evidence lists with any document ids and snippets (quotes, backslashes and control
    /// characters among them), for the tests of hand-written JSON lines.
    pub(crate) fn evidence_lists() -> impl Strategy<Value = Vec<Evidence>> {
        proptest::collection::vec(
            (
                "\\PC{0,5}",
                any::<usize>(),
                any::<usize>(),
                "\\PC{0,30}|[ -~\t\n\r\x00\x1b]{0,30}",
                proptest::option::of(abouts()),
            ),
            0..4,
        )
        .prop_map(|list| {
            list.into_iter()
                .map(|(doc, start, end, snippet, about)| Evidence {
                    doc: doc.into(),
                    start,
                    end,
                    snippet: snippet.into(),
                    about: about.map(Arc::new),
                })
                .collect()
        })
    }

    /// A document's date, title and address, each there or not, with characters JSON escapes.
    fn abouts() -> impl Strategy<Value = About> {
        let text = || proptest::option::of("\\PC{0,8}|[ -~\t\n\"\\\\]{0,8}");
        (text(), text(), text())
            .prop_filter("something known", |(d, t, u)| {
                d.is_some() || t.is_some() || u.is_some()
            })
            .prop_map(|(date, title, url)| About { date, title, url })
    }

    /// A graph.json written before the limit of entities per window existed has neither the
    /// option nor the count of crowded windows: it reads as built with no limit (0), and is
    /// written again with both.
    #[test]
    fn a_graph_from_before_the_limit_reads_as_built_with_none() {
        let old = r#"{"format": "entigraph", "version": 1, "manifest": {
            "tool": "entigraph 0.1.0",
            "options": {"window": "sentence", "evidence": 3, "demonyms": true,
                        "capitals": false, "fold_diacritics": true, "discover": true},
            "gazetteer": {"hash": "0", "entities": 2, "builtin": false, "files": []},
            "inputs": [], "documents": 1, "windows": 4, "mentions": 2, "skipped": 0},
          "nodes": [
            {"id": "a", "label": "A", "type": "country", "source": "gazetteer",
             "mentions": 1, "documents": 1, "windows": 1},
            {"id": "b", "label": "B", "type": "country", "source": "gazetteer",
             "mentions": 1, "documents": 1, "windows": 1}],
          "edges": [{"source": "a", "target": "b", "count": 1, "documents": 1,
                     "evidence": []}]}"#;
        let file = read(old.as_bytes(), "old.json").unwrap();
        // A list is no graph, whatever it holds (serde would read it as the fields in order).
        for list in ["[1, 2, 3]", "[\"entigraph\", 1]", "  \"text\""] {
            let e = read(list.as_bytes(), "l.json").unwrap_err().to_string();
            assert!(
                e.starts_with("l.json: not an entigraph graph (a graph.json is one JSON object"),
                "{e}"
            );
        }
        // Saved by an editor that puts a byte order mark in front: the same graph.
        let bom = read(format!("\u{feff}{old}").as_bytes(), "bom.json").unwrap();
        assert_eq!(bom.graph.graph.node_count(), file.graph.graph.node_count());
        assert_eq!(file.manifest.options.max_window_entities, 0);
        assert_eq!(file.manifest.crowded_windows, 0);
        assert_eq!(file.graph.totals.crowded_windows, 0);
        let mut out = Vec::new();
        write(&file, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\"max_window_entities\": 0"), "{text}");
        assert!(
            text.contains("\"windows\": 4,\n    \"crowded_windows\": 0,"),
            "{text}"
        );
        assert_eq!(file.graph.totals.max_window_entities, 0);
        // The count and the limit are the graph's totals, as the window kind is.
        let new = old
            .replace("\"windows\": 4,", "\"windows\": 4, \"crowded_windows\": 3,")
            .replace(
                "\"discover\": true}",
                "\"discover\": true, \"max_window_entities\": 5}",
            );
        let file = read(new.as_bytes(), "new.json").unwrap();
        assert_eq!(
            (
                file.graph.totals.crowded_windows,
                file.graph.totals.max_window_entities
            ),
            (3, 5)
        );
    }

    /// A filtered graph's file said nothing of the filter. The manifest lists the graph's
    /// filters (a filter applied after reading included), they are read back into the graph,
    /// and a whole graph's file has no such field.
    #[test]
    fn the_manifest_lists_the_filters_that_cut_the_graph() {
        let whole = r#"{"format": "entigraph", "version": 1, "manifest": {
            "tool": "entigraph 0.1.0",
            "options": {"window": "sentence", "evidence": 3, "demonyms": true,
                        "capitals": false, "fold_diacritics": true, "discover": true,
                        "max_window_entities": 0},
            "gazetteer": {"hash": "0", "entities": 2, "builtin": false, "files": []},
            "inputs": [], "documents": 1, "windows": 4, "crowded_windows": 0, "mentions": 2,
            "skipped": 0},
          "nodes": [
            {"id": "a", "label": "A", "type": "country", "source": "gazetteer",
             "mentions": 1, "documents": 1, "windows": 1},
            {"id": "b", "label": "B", "type": "person", "source": "gazetteer",
             "mentions": 1, "documents": 1, "windows": 1}],
          "edges": [{"source": "a", "target": "b", "count": 1, "documents": 1,
                     "evidence": []}]}"#;
        let text = |file: &GraphFile| {
            let mut out = Vec::new();
            write(file, &mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        let mut file = read(whole.as_bytes(), "whole.json").unwrap();
        assert!(file.graph.filtered.is_empty());
        let plain = text(&file);
        assert!(!plain.contains("filtered"), "{plain}");
        let top = Filter {
            top_edges: Some(1),
            ..Default::default()
        };
        top.apply_in_place(&mut file.graph);
        let once = text(&file);
        assert!(
            once.contains(
                "\"skipped\": 0,\n    \"filtered\": [\n      {\n        \"top_edges\": 1\n      }\n    ]\n  },"
            ),
            "{once}"
        );
        let mut again = read(once.as_bytes(), "once.json").unwrap();
        assert_eq!(again.graph.filtered, std::slice::from_ref(&top));
        assert_eq!(again.manifest.filtered, std::slice::from_ref(&top));
        assert_eq!(text(&again), once);
        let people = Filter {
            types: vec!["person".into()],
            ..Default::default()
        };
        people.apply_in_place(&mut again.graph);
        let twice = read(text(&again).as_bytes(), "twice.json").unwrap();
        assert_eq!(twice.graph.filtered, [top, people]);
        // A bad record is an error of the graph file, at its place.
        let bad = once.replace("\"top_edges\": 1", "\"top_edges\": \"all\"");
        let err = read(bad.as_bytes(), "bad.json").unwrap_err().to_string();
        assert!(err.starts_with("bad.json:"), "{err}");
        assert!(err.contains("invalid type: string \"all\""), "{err}");
    }

    fn by_serde(e: &EdgeLine<'_>) -> String {
        let mut out = Vec::new();
        one_line(&mut out, e).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn by_hand(e: &EdgeLine<'_>) -> String {
        let mut out = Vec::new();
        edge_line(&mut out, e).unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #[test]
        fn edge_lines_are_written_as_serde_json_writes_them(
            ids in ("\\PC{0,6}|[\"\\\\\x00-\x1f\x7f]{0,3}", "[a-z:]{1,8}"),
            dates in (proptest::option::of("[0-9-]{0,10}|\"x\\\\"), proptest::option::of("\\PC{0,4}")),
            counts in (any::<u64>(), any::<u64>()),
            measures in proptest::collection::vec(proptest::option::of(any::<f64>()), 5),
            evidence in evidence_lists(),
        ) {
            let e = EdgeLine {
                source: Cow::Owned(ids.0),
                target: Cow::Owned(ids.1),
                count: counts.0,
                documents: counts.1,
                first_seen: dates.0.map(Cow::Owned),
                last_seen: dates.1.map(Cow::Owned),
                jaccard: measures[0],
                dice: measures[1],
                pmi: measures[2],
                npmi: measures[3],
                g2: measures[4],
                evidence: Cow::Owned(evidence),
            };
            prop_assert_eq!(by_hand(&e), by_serde(&e));
        }
    }
}
