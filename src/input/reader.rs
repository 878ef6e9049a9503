//! The reader of one run's inputs: files named or found in directories (walked in sorted
//! order), standard input; a file reached twice read once; the run's own output set aside; and
//! the bookkeeping of `build --append`: a file counted before left out when unchanged, or read
//! for what was added at its end.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::fields::Fields;
use super::identity::{FileId, counted_as, name_key, shown_as};
use super::signatures::{OWN_OUTPUT_HEAD, is_entigraph_output, is_extract_output, is_picture};
use super::{
    InputFormat, InputTally, Item, Kind, Problem, decompressed, io_message, not_utf8, peek,
    read_stream,
};
use crate::export::json::FileInfo;
use crate::gazetteer::Fnv;

/// Reads the inputs of one run, one after another, remembering the files read: a file reached
/// a second time (through a symbolic link, or named and also inside a named directory) is read
/// once, with a warning; paths [set aside](Reader::set_aside) (the run's own output) are not read
/// when met inside a directory.
#[derive(Debug, Default)]
pub struct Reader {
    format: InputFormat,
    fields: Fields,
    read: HashMap<FileId, String>,
    set_aside: HashSet<FileId>,
    read_again: bool,
    /// Files counted before ([`Reader::leave_out_counted`]).
    counted: Vec<Counted>,
    /// The same files by file name (the last component of their names): where in `counted`.
    counted_by_file_name: HashMap<OsString, Vec<usize>>,
    /// The same files by content: their names.
    counted_content: HashMap<(u64, String), Vec<String>>,
    /// Their sizes, to hash only the files that may be one of them.
    counted_sizes: HashSet<u64>,
    /// The same files by the file their names lead to from here (a link of another file name,
    /// `current.jsonl` for `data/feed-2024.jsonl`, is the same file): found when first needed.
    counted_by_file: Option<HashMap<FileId, Vec<usize>>>,
}

/// A file an earlier run counted: its name then (a path as given or found), and what was read
/// of it.
#[derive(Debug)]
struct Counted {
    name: String,
    /// Documents counted of it: none for a file skipped (binary, every line bad), which is
    /// read again.
    documents: u64,
    bytes: u64,
    /// The hash of the bytes read, as hex.
    hash: String,
}

impl Reader {
    /// A reader of inputs in this format.
    pub fn new(format: InputFormat) -> Reader {
        Reader {
            format,
            ..Reader::default()
        }
    }

    /// Leaves `path` (a file or a directory) out when it is met inside a directory being read:
    /// a run's own output, which would otherwise be read as news by the next run over the same
    /// directory. A path named as an input is still read. Nothing happens if it does not exist.
    pub fn set_aside(&mut self, path: &Path) {
        if let Some(id) = FileId::of(path) {
            self.set_aside.insert(id);
        }
    }

    /// Leaves out a file, met inside a directory or named on its own, when an earlier run
    /// counted it, unchanged (`build --append` of a directory that has grown, or of a feed file
    /// that has not): the file `name` (a path as found or given then) with the same content
    /// (`bytes` read, `hash` as hex), or a file of the same file name and content found under
    /// another path (named from elsewhere, or moved). It is counted in
    /// [`InputTally::unchanged`]. A JSON lines or CSV file of that file name that grew at its
    /// end since (its first `bytes` hash to `hash`, ending a line or row) has only what is new
    /// read, under whatever path it is met; counted several times as it grew, the most counted
    /// of it is left out. Inside a directory, a file that [may be the one counted](counted_as)
    /// with other content is read, with a warning that the documents it held then are counted
    /// twice; so is a file of other name with the same content (a copy, or a file renamed). (A
    /// file named on its own is read without these warnings: the caller knows what the graph
    /// counted it as.) A file of which no document was counted (`documents` 0: skipped as
    /// binary, or every line of it bad) is not left out unchanged: it is read again, without
    /// these warnings (unless it grew by nothing to count, a blank line, from a count that held
    /// documents); one that grew at its end since has only what is new read, as any.
    pub fn leave_out_counted(&mut self, name: &str, documents: u64, bytes: u64, hash: &str) {
        if let Some(file_name) = Path::new(name).file_name() {
            (self.counted_by_file_name.entry(file_name.to_owned()))
                .or_default()
                .push(self.counted.len());
        }
        self.counted.push(Counted {
            name: name.to_string(),
            documents,
            bytes,
            hash: hash.to_string(),
        });
        if documents > 0 {
            self.counted_content
                .entry((bytes, hash.to_string()))
                .or_default()
                .push(name.to_string());
        }
        self.counted_sizes.insert(bytes);
        self.counted_by_file = None;
    }

    /// Reads the id, text, date, title and address of JSONL lines and CSV rows from these fields
    /// (`--text-field`, ...).
    pub fn fields(&mut self, fields: Fields) {
        self.fields = fields;
    }

    /// Reads a file again when it is reached a second time (`--allow-duplicate-inputs`).
    pub fn read_again(&mut self, yes: bool) {
        self.read_again = yes;
    }

    /// Reads one input (file, directory or `-`), calling `f` for every document and problem.
    pub fn read(&mut self, input: &Path, tally: &mut InputTally, f: &mut dyn FnMut(Item)) {
        if input == Path::new("-") {
            let stdin = std::io::stdin();
            let kind = match self.format {
                InputFormat::Jsonl => Kind::Jsonl(&self.fields),
                InputFormat::Csv => Kind::Csv {
                    fields: &self.fields,
                    or_text: false,
                    tab: false,
                },
                InputFormat::Auto => Kind::TextOrPage(&self.fields),
                InputFormat::Text => Kind::Text,
                InputFormat::Html => Kind::Html,
            };
            tally.opened += 1;
            // (Four bytes: enough for a byte order mark, however the pipe delivers them.)
            let peeked = decompressed(Box::new(stdin.lock()), None, tally)
                .and_then(|r| peek(Box::new(r), 4));
            match peeked {
                Ok((head, rest)) => match not_utf8(&head, &kind) {
                    Some(why) => f(Item::Problem(Problem::skipped("-".into(), why))),
                    None => {
                        let reader = Box::new(BufReader::with_capacity(1 << 16, rest));
                        read_stream(reader, "-", kind, tally, f);
                    }
                },
                Err(e) => f(Item::Problem(Problem::skipped(
                    "-".into(),
                    format!("read error: {}", io_message(&e)),
                ))),
            }
            return;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                f(Item::Problem(Problem::skipped(
                    input.display().to_string(),
                    io_message(&e),
                )));
                return;
            }
        };
        if meta.is_dir() {
            let files = self.walk(input, f);
            for file in files {
                self.read_file(&file, true, tally, f);
            }
        } else {
            self.read_file(input, false, tally, f);
        }
    }

    /// The files under `dir`, in sorted order.
    fn walk(&self, dir: &Path, f: &mut dyn FnMut(Item)) -> Vec<PathBuf> {
        let hidden = |e: &walkdir::DirEntry| e.file_name().to_string_lossy().starts_with('.');
        let set_aside = |e: &walkdir::DirEntry| {
            !self.set_aside.is_empty()
                && e.file_type().is_dir()
                && e.metadata()
                    .ok()
                    .and_then(|m| FileId::from_metadata(&m, e.path()))
                    .is_some_and(|id| self.set_aside.contains(&id))
        };
        let mut files = Vec::new();
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !(hidden(e) || set_aside(e)));
        // A page saved "complete" keeps its scripts and styles beside it: no news text, and a
        // script's strings would be mentions. Left out, counted for a note.
        let asset = |p: &Path| has_extension(p, PAGE_ASSETS);
        let mut assets = 0usize;
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if e.file_type().is_file() && asset(e.path()) => assets += 1,
                Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
                // A FIFO would block the run until something writes to it, and a device such as
                // /dev/zero never ends: found in a directory, they are not news files. (Named on
                // the command line, a pipe is read: `build <(zcat news.gz)`.)
                Ok(e) => f(Item::Problem(Problem::warning(
                    e.path().display().to_string(),
                    "not a regular file (a pipe, socket or device); left out".into(),
                ))),
                Err(e) => {
                    let path = e.path().unwrap_or(dir).to_path_buf();
                    let location = path.display().to_string();
                    let problem = if let Some(up) = e.loop_ancestor() {
                        let why = format!(
                            "symbolic link back to {} (a loop); not followed",
                            up.display()
                        );
                        Problem::warning(location, why)
                    } else {
                        let why = e.io_error().map_or_else(|| e.to_string(), io_message);
                        if path.is_dir() {
                            Problem::skipped(location, format!("cannot read directory: {why}"))
                        } else {
                            Problem::skipped(location, why)
                        }
                    };
                    f(Item::Problem(problem));
                }
            }
        }
        if assets > 0 {
            f(Item::Problem(Problem::warning(
                dir.display().to_string(),
                format!(
                    "{} of web pages' scripts and styles ({}) left out: no news text",
                    crate::export::Count(assets as u64, "file", "files"),
                    PAGE_ASSETS
                        .iter()
                        .map(|e| format!(".{e}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )));
        }
        files
    }

    /// Reads one file; `walked` when it was found inside a directory.
    fn read_file(
        &mut self,
        path: &Path,
        walked: bool,
        tally: &mut InputTally,
        f: &mut dyn FnMut(Item),
    ) {
        let name = path.display().to_string();
        let skip = |f: &mut dyn FnMut(Item), e: std::io::Error| {
            f(Item::Problem(Problem::skipped(
                name.clone(),
                io_message(&e),
            )))
        };
        let opened = File::open(path).and_then(|file| {
            let meta = file.metadata()?;
            Ok((file, meta))
        });
        let (file, meta) = match opened {
            Ok(o) => o,
            Err(e) => return skip(f, e),
        };
        let file_id = FileId::from_metadata(&meta, path);
        if let Some(id) = file_id.clone() {
            if walked && self.set_aside.contains(&id) {
                tally.set_aside += 1;
                return;
            }
            // (An empty file has no documents to count twice.)
            if !self.read_again && meta.len() > 0 {
                if let Some(first) = self.read.get(&id) {
                    f(Item::Problem(Problem::warning(
                        name,
                        format!("the same file as {first}, already read; read once"),
                    )));
                    return;
                }
                self.read.insert(id, name.clone());
            }
        }
        // A file counted before (`build --append`), named on its own or met inside a directory:
        // left out when unchanged; a JSON lines or CSV file that grew at its end since (a feed
        // written line by line) has only what is new read. It is known by its file name and
        // content, whatever path it was counted under (`feed.jsonl`, now `/abs/feed.jsonl`,
        // `./feed.jsonl` or `../feed.jsonl` from another directory; a directory moved).
        if !self.counted.is_empty() {
            let key = name_key(&name);
            let same_name = |c: &Counted| name_key(&c.name) == key;
            let counted = &self.counted;
            let by_file = self.counted_by_file.get_or_insert_with(|| {
                let mut m: HashMap<FileId, Vec<usize>> = HashMap::new();
                for (i, c) in counted.iter().enumerate().filter(|(_, c)| c.name != "-") {
                    if let Some(id) = FileId::of(Path::new(&c.name)) {
                        m.entry(id).or_default().push(i);
                    }
                }
                m
            });
            // Those of this file name, and those whose names lead to this very file (a link of
            // another name).
            // (Recorded names are text: a file name that is not UTF-8 is looked up as written
            // there, its bytes that are not UTF-8 replaced.)
            let mut indices: Vec<usize> = (path.file_name())
                .and_then(|n| {
                    (self.counted_by_file_name).get(&OsString::from(&*n.to_string_lossy()))
                })
                .into_iter()
                .flatten()
                .chain(
                    file_id
                        .as_ref()
                        .and_then(|id| by_file.get(id))
                        .into_iter()
                        .flatten(),
                )
                .copied()
                .collect();
            indices.sort_unstable();
            indices.dedup();
            let same_file_name: Vec<&Counted> = indices.iter().map(|&i| &self.counted[i]).collect();
            // A file of another size cannot hold what was counted (the size of a compressed file
            // says nothing: it is hashed all the same).
            let gz = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
            if !same_file_name.is_empty() || gz || self.counted_sizes.contains(&meta.len()) {
                // Read it once to hash it, as the count would read it (far faster than
                // counting), and the parts of it counted before if it was shorter then.
                let mut prefix_at: Vec<u64> = (same_file_name.iter())
                    .map(|c| c.bytes)
                    .filter(|&b| b > 0)
                    .collect();
                prefix_at.sort_unstable();
                prefix_at.dedup();
                let mut seen = InputTally {
                    prefix_at,
                    ..InputTally::default()
                };
                self.read_content(path, file, &name, &mut seen, &mut |_| {});
                let content = (seen.bytes, seen.hash_hex());
                // What was counted of the file: a count of no document (a file skipped as
                // binary, or each of its lines bad) holds nothing to leave out or count twice,
                // unless it is the file counted before grown by nothing to count (a blank line):
                // it begins with a count of documents.
                let held = |c: &Counted| {
                    c.documents > 0
                        || (same_file_name.iter()).any(|o| {
                            o.documents > 0
                                && o.bytes < c.bytes
                                && self.grew(path, &seen, o).is_some()
                        })
                };
                // Unchanged: the file of this name with this content, or one of this file name
                // found under another path. (Empty files all have the same content: only their
                // names tell them apart.)
                let unchanged = (same_file_name.iter())
                    .filter(|c| held(c))
                    .filter(|c| (c.bytes, &c.hash) == (content.0, &content.1))
                    .filter(|c| content.0 > 0 || same_name(c))
                    .max_by_key(|c| same_name(c));
                if let Some(c) = unchanged {
                    tally.unchanged += 1;
                    // A file named on its own: its manifest entry says what it holds (no
                    // document counted), as a file read would, not the size and hash of nothing.
                    if !walked && tally.bytes == 0 {
                        tally.bytes = seen.bytes;
                        tally.hash = seen.hash;
                    }
                    if !same_name(c) {
                        (tally.moved).get_or_insert_with(|| (name.clone(), c.name.clone()));
                    }
                    return;
                }
                // Grown at its end: its lines or rows counted before are left out, the new ones
                // read. (Counted several times as it grew, under one spelling of its path or
                // several, the most counted of it is left out.)
                // (From any count of it: a feed counted while it held only its header, or a
                // line being written, has what came after read.)
                let longest = (same_file_name.iter())
                    .filter_map(|&c| Some((c, self.grew(path, &seen, c)?)))
                    .max_by_key(|(c, _)| (c.bytes, same_name(c)));
                if let Some((c, what)) = longest {
                    let Ok(again) = File::open(path) else {
                        return skip(f, std::io::Error::other("cannot open it again"));
                    };
                    let was = (!same_name(c)).then_some(c.name.as_str());
                    f(Item::Problem(grown(&name, was, c.bytes, what, gz)));
                    tally.skip_before = tally.bytes + c.bytes;
                    if !walked {
                        tally.grown_from = Some(c.bytes);
                    }
                    return self.read_counting(path, again, walked, &name, tally, f);
                }
                let same_content = (content.0 > 0)
                    .then(|| self.counted_content.get(&content))
                    .flatten();
                // (A file named on its own is warned of by the run, which knows what the graph
                // counted it as: `build`'s checks.)
                let why = if !walked {
                    String::new()
                } else if let Some(was) = same_content.and_then(|names| names.first()) {
                    format!(
                        "the same content as {was}, counted before; counted again (a copy, or \
                         a file renamed, is counted twice)"
                    )
                } else if let Some(c) = (same_file_name.iter())
                    .filter(|c| held(c) && counted_as(&c.name, path))
                    .max_by_key(|c| same_name(c))
                {
                    let was = shown_as((!same_name(c)).then_some(c.name.as_str()));
                    format!(
                        "counted before{was} with other content; if it is the same file grown \
                         or mended, the documents it held then are counted twice"
                    )
                } else {
                    String::new()
                };
                if !why.is_empty() {
                    f(Item::Problem(Problem::warning(name.clone(), why)));
                }
                let Ok(again) = File::open(path) else {
                    return skip(f, std::io::Error::other("cannot open it again"));
                };
                return self.read_counting(path, again, walked, &name, tally, f);
            }
        }
        self.read_counting(path, file, walked, &name, tally, f);
    }

    /// Whether the file at `path`, counted before as `old`, grew at its end since: its first
    /// bytes are those counted, and end a line (JSON lines) or a row (CSV). `seen` is its tally
    /// hashed whole with `prefix_at` at the bytes counted. Says what is read after them.
    fn grew(&self, path: &Path, seen: &InputTally, old: &Counted) -> Option<&'static str> {
        let what = match self.kind(path) {
            Kind::Jsonl(_) => "lines",
            // JSON lines under another name, known by their first line as they are read.
            Kind::TextOrPage(fields) if begins_as_jsonl_file(path, fields) => "lines",
            Kind::Csv { .. } if seen.rows_end_at.binary_search(&old.bytes).is_ok() => "rows",
            Kind::Csv { .. } | Kind::Text | Kind::Html | Kind::TextOrPage(_) => return None,
        };
        let at = (seen.prefixes)
            .binary_search_by_key(&old.bytes, |p| p.0)
            .ok()?;
        let &(_, prefix, ends_line) = seen.prefixes.get(at)?;
        (ends_line && seen.bytes > old.bytes && format!("{prefix:016x}") == old.hash)
            .then_some(what)
    }

    /// Reads an opened file into `tally`, with what was read from it in
    /// [`InputTally::files`] when it was found inside a directory (`walked`).
    fn read_counting(
        &self,
        path: &Path,
        file: File,
        walked: bool,
        name: &str,
        tally: &mut InputTally,
        f: &mut dyn FnMut(Item),
    ) {
        if !walked {
            self.read_content(path, file, name, tally, f);
            tally.skip_before = 0;
            return;
        }
        let (documents, bytes) = (tally.documents, tally.bytes);
        tally.file = Some(Fnv::new());
        self.read_content(path, file, name, tally, f);
        // (Left for a file not read as JSONL or CSV after all, it would cut the next file.)
        tally.skip_before = 0;
        let hash = tally.file.take().unwrap_or_default();
        if tally.bytes > bytes || tally.documents > documents {
            tally.files.push(FileInfo {
                name: name.to_string(),
                documents: tally.documents - documents,
                bytes: tally.bytes - bytes,
                hash: format!("{:016x}", hash.finish()),
            });
        }
    }

    /// Reads an opened file's documents: decompressed, entigraph's own output and pictures
    /// left out.
    fn read_content(
        &self,
        path: &Path,
        file: File,
        name: &str,
        tally: &mut InputTally,
        f: &mut dyn FnMut(Item),
    ) {
        let name = name.to_string();
        let skip = |f: &mut dyn FnMut(Item), e: std::io::Error| {
            f(Item::Problem(Problem::skipped(
                name.clone(),
                io_message(&e),
            )))
        };
        let gz_name = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        tally.opened += 1;
        let peeked = decompressed(Box::new(file), Some(gz_name), tally)
            .and_then(|r| peek(Box::new(r), OWN_OUTPUT_HEAD));
        let (head, rest) = match peeked {
            Ok(p) => p,
            Err(e) => return skip(f, e),
        };
        // An earlier run's graph.json or graph.dot left among the news (this run's own output
        // is set aside by path): entigraph's output, not news.
        let partial = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("part"));
        if is_entigraph_output(&head, partial) {
            tally.set_aside += 1;
            f(Item::Problem(Problem::warning(
                name,
                "written by entigraph (a graph, not news); left out".into(),
            )));
            return;
        }
        // `extract`'s mentions saved among the news (`entigraph extract news > news/m.jsonl`):
        // read, each line would be skipped for want of text, or, named otherwise, its names
        // counted again as mentions.
        if is_extract_output(&head) {
            tally.set_aside += 1;
            f(Item::Problem(Problem::warning(
                name,
                "written by entigraph (mentions from extract, not news); left out".into(),
            )));
            return;
        }
        // A picture (a rendered graph, an article's photo) is no text to read: left out rather
        // than skipped as a bad file.
        if is_picture(&head) {
            tally.set_aside += 1;
            f(Item::Problem(Problem::warning(
                name,
                "a picture, not news; left out".into(),
            )));
            return;
        }
        // UTF-16 (Excel's "Unicode text", some exports) or UTF-32 would be read as binary: say
        // what it is.
        let kind = self.kind(path);
        if let Some(why) = not_utf8(&head, &kind) {
            f(Item::Problem(Problem::skipped(name, why)));
            return;
        }
        let reader = Box::new(BufReader::with_capacity(1 << 16, rest));
        read_stream(reader, &name, kind, tally, f);
    }

    /// How the file at `path` holds its documents, by the format asked for or its name.
    fn kind(&self, path: &Path) -> Kind<'_> {
        let tab = has_extension(path, &["tsv"]);
        match self.format {
            InputFormat::Auto if has_extension(path, &["jsonl", "ndjson"]) => {
                Kind::Jsonl(&self.fields)
            }
            InputFormat::Auto if has_extension(path, &["csv", "tsv"]) => Kind::Csv {
                fields: &self.fields,
                or_text: true,
                tab,
            },
            InputFormat::Auto if has_extension(path, &["html", "htm", "xhtml"]) => Kind::Html,
            InputFormat::Auto => Kind::TextOrPage(&self.fields),
            InputFormat::Text => Kind::Text,
            InputFormat::Html => Kind::Html,
            InputFormat::Jsonl => Kind::Jsonl(&self.fields),
            InputFormat::Csv => Kind::Csv {
                fields: &self.fields,
                or_text: false,
                tab,
            },
        }
    }
}

/// Whether the (uncompressed) file at `path` begins as JSON lines of documents with these
/// fields, as [`read_stream`](super::read_stream) tells them.
fn begins_as_jsonl_file(path: &Path, fields: &Fields) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(super::JSONL_HEAD as u64).read_to_end(&mut head))
        .is_ok_and(|_| super::is_jsonl_head(&head, fields))
}

/// The warning that a file counted before (`as` another name, if it was) grew: its first
/// `bytes` are left out, the `what` (lines, rows) after them read; bytes of text, not of the
/// file, when it is compressed (`gz`).
fn grown(name: &str, was: Option<&str>, bytes: u64, what: &str, gz: bool) -> Problem {
    let of_text = if gz { " of text" } else { "" };
    Problem::warning(
        name.to_string(),
        format!(
            "grew since it was counted{}: its first {}{of_text} are left out, the {what} after \
             them read",
            shown_as(was),
            crate::export::Count(bytes, "byte", "bytes")
        ),
    )
}

/// Extensions of the scripts, styles and fonts a saved web page keeps beside it, which a
/// directory's walk leaves out.
const PAGE_ASSETS: &[&str] = &["js", "mjs", "css", "map", "woff", "woff2", "ttf", "eot"];

/// Whether `path` ends with one of these extensions (any case), optionally followed by `.gz`.
pub(super) fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    extensions
        .iter()
        .any(|e| name.strip_suffix(e).is_some_and(|n| n.ends_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file named on its own that an earlier run counted (`build --append` of a feed file):
    /// left out unchanged, only its new lines read when it grew at its end (JSON lines), read
    /// whole otherwise.
    #[test]
    fn a_named_file_counted_before_is_left_out_or_read_for_what_is_new() {
        let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Oslo\"}}\n");
        let then = line("a") + &line("b");
        let text = "Oslo and Bergen\n".to_string();
        // (file, content then, content now) -> (documents read, files left out unchanged,
        // grown from)
        let rows = [
            ("feed.jsonl", &then, then.clone(), (0, 1, None)),
            (
                "feed.jsonl",
                &then,
                then.clone() + &line("c"),
                (1, 0, Some(then.len() as u64)),
            ),
            ("feed.jsonl", &then, then.replace('a', "z"), (2, 0, None)),
            // JSON lines under another name grow as a .jsonl file does.
            (
                "feed",
                &then,
                then.clone() + &line("c"),
                (1, 0, Some(then.len() as u64)),
            ),
            ("feed.txt", &text, text.clone(), (0, 1, None)),
            ("feed.txt", &text, text.clone() + "Oslo", (1, 0, None)),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (name, then, now, want) in rows {
            let path = dir.path().join(name);
            std::fs::write(&path, then).unwrap();
            let mut counted = InputTally::default();
            Reader::new(InputFormat::Auto).read(&path, &mut counted, &mut |_| {});
            std::fs::write(&path, &now).unwrap();
            let mut reader = Reader::new(InputFormat::Auto);
            let hash = counted.hash_hex();
            let shown = path.display().to_string();
            reader.leave_out_counted(&shown, counted.documents, counted.bytes, &hash);
            let mut tally = InputTally::default();
            reader.read(&path, &mut tally, &mut |_| {});
            let got = (tally.documents, tally.unchanged, tally.grown_from);
            assert_eq!(got, want, "{name}: {now:?}");
        }
    }

    /// A file that grew at its end is known by its file name and the bytes counted of it,
    /// whatever path it was counted under; counted several times as it grew (under several
    /// spellings of its path), the most counted of it is left out. A file of another file name
    /// with the same beginning is another file.
    #[test]
    fn a_grown_file_is_known_under_any_path_by_the_most_counted_of_it() {
        let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Oslo\"}}\n");
        let row = |id: &str| format!("{id},Oslo\r\n");
        let jsonl = |n: usize| (1..=n).map(|i| line(&format!("a{i}"))).collect::<String>();
        let csv = |n: usize| {
            "id,text\r\n".to_string() + &(1..=n).map(|i| row(&i.to_string())).collect::<String>()
        };
        let dir = tempfile::tempdir().unwrap();
        let scratch = dir.path().join("scratch");
        // What a run counted of `content`, under `name`.
        let counted = |name: &str, content: &str| {
            let ext = Path::new(name).extension().unwrap();
            let scratch = scratch.with_extension(ext);
            std::fs::write(&scratch, content).unwrap();
            let mut tally = InputTally::default();
            Reader::new(InputFormat::Auto).read(&scratch, &mut tally, &mut |_| {});
            (
                name.to_string(),
                tally.documents,
                tally.bytes,
                tally.hash_hex(),
            )
        };
        // (file read, content now, counted before) -> (documents read, left out, grown from)
        let rows = [
            (
                "feed.jsonl",
                jsonl(3),
                vec![("feed.jsonl", jsonl(1))],
                (2, 0, Some(1)),
            ),
            (
                "feed.jsonl",
                jsonl(3),
                vec![("feed.jsonl", jsonl(1)), ("/srv/data/feed.jsonl", jsonl(2))],
                (1, 0, Some(2)),
            ),
            (
                "feed.jsonl",
                jsonl(3),
                vec![
                    ("/srv/data/feed.jsonl", jsonl(2)),
                    ("../feed.jsonl", jsonl(1)),
                ],
                (1, 0, Some(2)),
            ),
            (
                "feed.jsonl",
                jsonl(3),
                vec![("other.jsonl", jsonl(2))],
                (3, 0, None),
            ),
            (
                "feed.jsonl",
                jsonl(3),
                vec![("feeds/feed.jsonl", jsonl(3))],
                (0, 1, None),
            ),
            (
                "feed.jsonl",
                jsonl(3),
                vec![("feed.jsonl", jsonl(1).replace("a1", "z1"))],
                (3, 0, None),
            ),
            (
                "feed.csv",
                csv(3),
                vec![("a/feed.csv", csv(1)), ("/srv/feed.csv", csv(2))],
                (1, 0, Some(2)),
            ),
        ];
        for (name, now, before, want) in rows {
            let before: Vec<_> = before.iter().map(|(n, c)| counted(n, c)).collect();
            let path = dir.path().join(name);
            std::fs::write(&path, &now).unwrap();
            let mut reader = Reader::new(InputFormat::Auto);
            for (n, documents, bytes, hash) in &before {
                reader.leave_out_counted(n, *documents, *bytes, hash);
            }
            let mut tally = InputTally::default();
            reader.read(&path, &mut tally, &mut |_| {});
            // (Grown from the end of that many lines or rows.)
            let lines = |bytes: u64| {
                let head = &now.as_bytes()[..bytes as usize];
                let rows = head.iter().filter(|&&b| b == b'\n').count();
                rows - usize::from(name.ends_with(".csv"))
            };
            let got = (
                tally.documents,
                tally.unchanged,
                tally.grown_from.map(lines),
            );
            assert_eq!(got, want, "{name}: {before:?}");
        }
    }
}
