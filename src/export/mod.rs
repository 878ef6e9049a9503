//! Writers (and the reader of the native format) for the graph's file formats.

pub mod csv;
pub mod cytoscape;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod neo4j;
pub mod nodelink;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::error::{Error, Result};

/// The temporary files of this process that exist now (staged outputs, probes), so that an
/// interrupted run can remove them ([`remove_temp_files`]): tempfile removes its files when they
/// are dropped, which a signal's default action never lets happen. Files are added as they are
/// created and taken out as they are renamed into place or removed, each under the lock, so the
/// set never misses a file that exists.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn live() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // (A panic while holding the lock leaves the set as good as before.)
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file's place in [`LIVE`], given up when dropped (the file is gone by then).
#[derive(Debug)]
struct Live(Option<PathBuf>);

impl Drop for Live {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            live().remove(&p);
        }
    }
}

/// Held from [`remove_temp_files`] until the process exits: no temporary file is created and
/// no file renamed into place after the cleanup.
#[derive(Debug)]
pub struct TempFilesRemoved(#[allow(dead_code)] MutexGuard<'static, BTreeSet<PathBuf>>);

/// Removes every temporary file this process is writing, for a run interrupted by a signal
/// (`entigraph` calls it on SIGINT and SIGTERM, then exits). Waits for files being renamed into
/// place together ([`commit_all`]) to be all in place, so an interrupted run leaves the old set
/// or the new one. Keep the value until the process exits: while it lives, no temporary file is
/// created and no rename begins.
pub fn remove_temp_files() -> TempFilesRemoved {
    let set = live();
    for p in set.iter() {
        let _ = std::fs::remove_file(p);
    }
    TempFilesRemoved(set)
}

/// Writes a file atomically: the content goes to a temporary file in the same directory, which
/// is renamed over `path` only when complete. A run killed at any moment leaves either the old
/// file or the new one, never a truncated file.
pub fn write_atomic(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    stage(path, f)?.commit()
}

/// A file written in full to a temporary file beside its destination, not yet in place:
/// [`Staged::commit`] renames it over the destination; dropped uncommitted, it is removed.
/// Files that belong together (a graph directory's, an export's) are all staged before any is
/// committed ([`commit_all`]), so a failure while writing them (a full disk) leaves every old
/// file in place rather than a new file beside an old one.
#[derive(Debug)]
pub struct Staged {
    // (Fields drop in order: the file is removed, then its place in `LIVE` given up.)
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    live: Live,
}

/// The directory a file at `path` goes in (`.` for a bare name).
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Creates a hidden temporary file in `dir` (`.entigraph-XXXXXX.tmp`), with the permissions any
/// new file gets, listed in [`LIVE`]. Errors name no temporary file (see [`without_temp_name`]).
fn temp_file_in(dir: &Path) -> std::io::Result<(tempfile::NamedTempFile, Live)> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".entigraph-").suffix(".tmp");
    // Temporary files are created private (0600); the output should get the permissions any new
    // file gets (0666 less the umask), or other users cannot read the graph.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Created and listed under the lock: a cleanup either sees it or runs before it exists.
    let mut set = live();
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| without_temp_name(dir, e))?;
    set.insert(tmp.path().to_path_buf());
    let listed = Live(Some(tmp.path().to_path_buf()));
    Ok((tmp, listed))
}

/// Whether a file can be created in `dir` (an existing directory): one is created and removed
/// at once. What no look at permissions tells as surely (a read-only mount, an ACL, root's
/// powers), a run checks before it reads anything, rather than after all its work.
pub fn check_writable(dir: &Path) -> std::io::Result<()> {
    let (tmp, _listed) = temp_file_in(dir)?;
    tmp.close()
}

/// Writes `path`'s content to a temporary file beside it (see [`Staged`]). Folders missing
/// above `path` are created.
pub fn stage(path: &Path, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<Staged> {
    let dir = directory_of(path);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (mut tmp, live) = temp_file_in(dir).map_err(|e| Error::io(dir, e))?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        f(&mut w).map_err(|e| Error::io(path, e))?;
        w.flush().map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
        live,
    })
}

impl Staged {
    /// Renames the file into place.
    pub fn commit(self) -> Result<()> {
        commit_all([self])
    }
}

impl Staged {
    /// Refuses what is known to make the rename fail: a directory where the file is to go (a
    /// file cannot replace it), a directory in which no file can be created any more (its mode
    /// changed during the run, say).
    fn check(&self) -> Result<()> {
        if std::fs::symlink_metadata(&self.path).is_ok_and(|m| m.is_dir()) {
            return Err(Error::io(
                &self.path,
                std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "is a directory, where a file is to go; no file was replaced",
                ),
            ));
        }
        let dir = directory_of(&self.path);
        check_writable(dir).map_err(|e| Error::io(dir, e))
    }
}

/// Commits staged files in order (renames, which need no space on the disk). Every destination
/// is checked first (`Staged::check`), so that what can be seen to fail fails before the first
/// rename: the files that belong together are then all old. A rename can still fail after the
/// checks (the directory changed in between, an I/O error); the files renamed before it stay
/// new.
///
/// The renames are done under the lock of the list of live temporary files: a signal's cleanup
/// ([`remove_temp_files`]) waits for the last of them, so an interrupted run does not leave a
/// new file beside an old one.
pub fn commit_all(staged: impl IntoIterator<Item = Staged>) -> Result<()> {
    let staged: Vec<Staged> = staged.into_iter().collect();
    staged.iter().try_for_each(Staged::check)?;
    let mut rest = staged.into_iter();
    let mut set = live();
    let mut done = Ok(());
    for Staged {
        tmp,
        path,
        mut live,
    } in rest.by_ref()
    {
        if let Some(p) = live.0.take() {
            set.remove(&p);
        }
        if let Err(e) = tmp.persist(&path) {
            // (Dropping the file removes it.)
            done = Err(Error::io(&path, e.error));
            break;
        }
    }
    // The lock is let go before the files not renamed are dropped: each gives up its place.
    drop(set);
    drop(rest);
    done
}

/// tempfile names its temporary file in its errors ("... at path dir/.entigraph-x1Yz.tmp"), a
/// file the user never asked for: the error is said of the directory instead, as the OS gives it
/// for a directory that cannot be read (missing, say), or as the OS gave it for the file
/// ("Permission denied (os error 13)").
fn without_temp_name(dir: &Path, e: std::io::Error) -> std::io::Error {
    if let Err(m) = std::fs::metadata(dir) {
        return m;
    }
    if let Some(code) = e.raw_os_error() {
        return std::io::Error::from_raw_os_error(code);
    }
    // tempfile keeps the OS error private, and shows it as "REASON at path PATH".
    match e.to_string().split_once(" at path ") {
        Some((reason, _)) => std::io::Error::new(e.kind(), reason.to_string()),
        None => std::io::Error::from(e.kind()),
    }
}

/// The formats `entigraph export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The native graph.json (statistics, measures and evidence).
    Json,
    /// networkx / D3 node-link JSON.
    NodeLink,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// GEXF 1.3 for Gephi, with time spells when documents had dates.
    Gexf,
    /// GraphML with typed keys.
    Graphml,
    /// A directory with nodes.csv and edges.csv, safe to open in a spreadsheet.
    Csv,
    /// A directory with neo4j-admin import CSVs and a LOAD CSV script.
    Neo4j,
    /// Graphviz DOT.
    Dot,
}

impl Format {
    /// Whether the format is a directory of files rather than one file.
    pub fn is_directory(self) -> bool {
        matches!(self, Format::Csv | Format::Neo4j)
    }
}

/// Node fields every format writes, and the keys Cytoscape.js reads from an element's data
/// (`source`, `target`, and `parent`, which would nest one node in another); a gazetteer
/// attribute with one of these names is written as `attr_NAME` instead.
pub(crate) const NODE_FIELDS: &[&str] = &[
    "id",
    "label",
    "type",
    "source",
    "origin",
    "target",
    "parent",
    "mentions",
    "documents",
    "windows",
    "degree",
    "first_seen",
    "last_seen",
    "aliases",
];

/// A number with its noun, singular or plural as the number asks: `Count(1, "link", "links")`
/// shows "1 link", `Count(2, "link", "links")` "2 links".
pub struct Count<'a>(pub u64, pub &'a str, pub &'a str);

impl std::fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Count(n, one, many) = *self;
        write!(f, "{n} {}", if n == 1 { one } else { many })
    }
}

/// The gazetteer attribute keys present on any node, sorted, each with the column name it is
/// written under (see [`NODE_FIELDS`]).
pub(crate) fn attribute_columns(graph: &crate::graph::EntityGraph) -> Vec<(String, String)> {
    let keys: std::collections::BTreeSet<&String> =
        graph.nodes().flat_map(|n| n.attributes.keys()).collect();
    let mut taken: std::collections::BTreeSet<String> =
        NODE_FIELDS.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for k in keys {
        let mut col = k.clone();
        while taken.contains(&col) {
            col = format!("attr_{col}");
        }
        taken.insert(col.clone());
        out.push((k.clone(), col));
    }
    out
}

/// The documents of an edge's evidence, each once, in evidence order (by document id): two
/// snippets from one article name it once.
pub(crate) fn evidence_docs(e: &crate::graph::Edge) -> Vec<&str> {
    let mut docs: Vec<&str> = e.evidence.iter().map(|x| &*x.doc).collect();
    docs.dedup();
    docs
}

/// The separator of a list written in one cell of CSV, GraphML and GEXF (a node's aliases, a
/// link's evidence documents). It has no escape, so a `|` inside an item is written as `/`: the
/// cell always splits back at `" | "` into the items it was made of.
pub(crate) const LIST_SEPARATOR: &str = " | ";

/// A list in one cell (see [`LIST_SEPARATOR`]).
pub(crate) fn list_cell<S: AsRef<str>>(items: &[S]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(LIST_SEPARATOR);
        }
        let item = item.as_ref();
        if item.contains('|') {
            out.push_str(&item.replace('|', "/"));
        } else {
            out.push_str(item);
        }
    }
    out
}

/// The items that a list in one cell (CSV, GraphML, GEXF: see `LIST_SEPARATOR`) writes
/// otherwise in `graph`, as warnings for `format` (one line per kind, naming the first few):
/// aliases, then evidence documents holding `|`.
pub fn list_warnings(graph: &crate::graph::EntityGraph, format: &str) -> Vec<String> {
    let (aliases, documents) = holding(graph, '|');
    let mut out = Vec::new();
    if !aliases.is_empty() {
        out.push(format!(
            "{format}: aliases holding '|', which separates the aliases of a node, written \
             with '/' instead: {}",
            listed(&aliases, 5, |(id, a)| format!("\"{a}\" of {id}"))
        ));
    }
    if !documents.is_empty() {
        out.push(format!(
            "{format}: evidence document ids holding '|', which separates the documents of a \
             link, written with '/' instead: {}",
            listed(&documents, 5, |d| format!("\"{d}\""))
        ));
    }
    out
}

/// The aliases (with their entity's id) and the evidence documents (sorted, each once) that
/// hold `c`: what a format whose lists are joined with `c` has to write otherwise.
pub(crate) fn holding(
    graph: &crate::graph::EntityGraph,
    c: char,
) -> (Vec<(String, String)>, Vec<String>) {
    let aliases = graph
        .nodes()
        .flat_map(|n| {
            (n.aliases.iter())
                .filter(|a| a.contains(c))
                .map(|a| (n.id.clone(), a.clone()))
        })
        .collect();
    let documents: std::collections::BTreeSet<&str> = graph
        .edges()
        .flat_map(|(_, _, e)| evidence_docs(e))
        .filter(|d| d.contains(c))
        .collect();
    (aliases, documents.into_iter().map(str::to_string).collect())
}

/// The first `shown` items, then how many more there are.
pub(crate) fn listed<T>(items: &[T], shown: usize, show: impl Fn(&T) -> String) -> String {
    let mut out: Vec<String> = items.iter().take(shown).map(show).collect();
    if items.len() > shown {
        out.push(format!("and {} more", items.len() - shown));
    }
    out.join(", ")
}

/// Whether a character may appear in an XML 1.0 document.
pub(crate) fn xml_char_ok(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for an XML attribute value or element content. Characters XML 1.0 forbids
/// (most control characters) are dropped; line breaks and tabs become character references so
/// they survive attribute-value normalisation.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char_ok(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// An XML attribute whose value is escaped with [`xml_escape`].
pub(crate) fn xml_attr<'a>(
    key: &'a str,
    value: &str,
) -> quick_xml::events::attributes::Attribute<'a> {
    quick_xml::events::attributes::Attribute {
        key: quick_xml::name::QName(key),
        value: std::borrow::Cow::Owned(xml_escape(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_drops_invalid_characters_and_escapes_markup() {
        assert_eq!(
            xml_escape("a\u{1}<b>&\"'\n\u{FFFE}c"),
            "a&lt;b&gt;&amp;&quot;&apos;&#10;c"
        );
    }

    /// Files written together are put in place only when all are written: a failure while
    /// writing the second leaves the first file's old content, and no temporary file.
    #[test]
    fn a_failed_file_keeps_every_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::write(&b, "old b").unwrap();
        let write = |p: &Path, fail: bool| {
            stage(p, |w| {
                w.write_all(b"new")?;
                if fail {
                    Err(std::io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            })
        };
        let first = write(&a, false).unwrap();
        let err = write(&b, true).unwrap_err();
        assert!(format!("{err:?}").contains("disk full"), "{err:?}");
        drop(first);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "old b");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        commit_all([write(&a, false).unwrap(), write(&b, false).unwrap()]).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// Regression: a directory where the last of the files was to go (`out/graph.part`) failed
    /// its rename after the first files had replaced theirs: a new graph.json beside an old
    /// graph.part. Every destination is checked before the first rename.
    #[test]
    fn a_destination_that_cannot_be_replaced_keeps_every_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "old a").unwrap();
        std::fs::create_dir(&b).unwrap();
        let new = |p: &Path| stage(p, |w| w.write_all(b"new")).unwrap();
        let err = commit_all([new(&a), new(&b)]).unwrap_err();
        assert_eq!(
            format!("{}: {}", err, std::error::Error::source(&err).unwrap()),
            format!(
                "{}: is a directory, where a file is to go; no file was replaced",
                b.display()
            )
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(b.is_dir());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
