//! Input: from paths on the command line to documents.
//!
//! - A text file is one document whose id is its path as given (or as found under a directory).
//! - A `.jsonl`/`.ndjson` file holds one JSON object per line: `id` (string, or number kept as
//!   written, whatever its size), `text` (string), optional `date`, `title`, `url` (other fields
//!   are skipped). A line without `id` gets `PATH:LINE`.
//! - Gzip is decompressed first, whatever the name (`.jsonl.gz`, `.txt.gz`, a gzip stream on
//!   standard input); a `.gz` file that is not gzip is reported and skipped. A UTF-8 byte order
//!   mark at the start is dropped.
//! - A directory is walked recursively in sorted order, following symbolic links; hidden entries
//!   are skipped, and so is a link back to a directory above it (a loop, reported).
//! - `-` is standard input, read as one text document (or as JSONL with `--input-format jsonl`).
//! - A file reached twice in one run (through a symbolic link, or named and also inside a named
//!   directory) is read once, with a warning ([`Reader`]).
//! - A file entigraph wrote (a graph.json, graph.dot or partial graph, an export, a rendered
//!   picture) is not news: told by how entigraph begins each, it is left out with a warning.
//!   So is a picture (PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC, AVIF, SVG), where a binary file
//!   would be skipped as unreadable.
//! - A JSONL `date` must be `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`, or a date and time such as
//!   `2019-06-05T10:30:00Z`): dates are compared as text, so another form would be ordered
//!   wrongly. A document with another date is counted without one, with a warning.
//!
//! Invalid UTF-8 is decoded lossily (each bad sequence becomes U+FFFD) and reported as a warning
//! naming the document and the byte offset of the first bad sequence. A file whose first 8 KiB
//! hold a NUL byte is taken as binary and skipped. A malformed JSONL line is reported with its
//! file and line and skipped; the rest of the file is read. A last line without its line end
//! that is no whole JSON, or a last CSV row whose quoted cell is still open, is still being
//! written (a feed read mid-write): it is left out, and out of the bytes and hash counted, with
//! a warning (exit code 0), so that `build --append` reads it next time, once it is finished, as
//! new; a whole last line or row without a line end is read. Documents larger than
//! [`MAX_DOCUMENT_BYTES`] are skipped; so is a CSV row that grows past it (a quoted cell left
//! open), with the rest of its file, which cannot be told into rows after it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

mod fields;
mod identity;
mod jsonl;
mod signatures;

pub use fields::{Fields, MAX_TITLE_CHARS, MAX_URL_BYTES};
use fields::{RepeatedIds, document_date, title_and_url};
pub use identity::{FileId, counted_as, name_key, shown_as};
use jsonl::read_jsonl;
use signatures::{OWN_OUTPUT_HEAD, is_entigraph_output, is_picture};

use crate::export::json::FileInfo;
use crate::gazetteer::Fnv;

/// The largest document processed (256 MiB); larger ones are reported and skipped. Peak memory
/// is about nine times the largest document (measured: 1.8 GB for a 200 MB one).
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// One document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable id: the JSONL or CSV id, else the file path (and line, for a JSONL line or CSV row).
    pub id: String,
    /// The text.
    pub text: String,
    /// Date (`YYYY-MM-DD...`), from JSONL or CSV.
    pub date: Option<String>,
    /// Title, from JSONL or CSV.
    pub title: Option<String>,
    /// Address (URL), from JSONL or CSV.
    pub url: Option<String>,
}

/// How a given input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension: `.jsonl`, `.ndjson` (optionally `.gz`) are JSONL, `.csv` and `.tsv`
    /// (optionally `.gz`) CSV, everything else text.
    #[default]
    Auto,
    /// Every file is one text document.
    Text,
    /// Every file is JSONL.
    Jsonl,
    /// Every file is CSV with a header row, one document per row.
    Csv,
}

/// Something worth telling the user about an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `file` or `file:line`.
    pub location: String,
    /// What happened.
    pub message: String,
    /// Whether input was skipped (otherwise it was processed with a warning).
    pub skipped: bool,
}

impl Problem {
    /// Input skipped at `location`, and why.
    pub fn skipped(location: String, message: String) -> Problem {
        Problem {
            location,
            message,
            skipped: true,
        }
    }

    /// Input processed with a warning.
    pub fn warning(location: String, message: String) -> Problem {
        Problem {
            location,
            message,
            skipped: false,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// What one input produced (for the manifest).
#[derive(Clone, Debug, Default)]
pub struct InputTally {
    /// Documents read.
    pub documents: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Files (or standard inputs) opened and read, empty ones included.
    pub opened: u64,
    /// Files left out as entigraph's output: the run's own, met inside a directory
    /// ([`Reader::set_aside`]), or an earlier run's graph.json or graph.dot.
    pub set_aside: u64,
    /// Files found inside a directory, each with what was read from it (for `build --append`
    /// to leave out, next time, the files it counted: [`Reader::leave_out_counted`]).
    pub files: Vec<FileInfo>,
    /// Files left out as counted before, unchanged: inside a directory, or the input itself
    /// (a file named on its own).
    pub unchanged: u64,
    /// The first of them found under another path than it was counted by: (now, then).
    pub moved: Option<(String, String)>,
    /// A JSON lines or CSV file named on its own, counted before when it held this many bytes,
    /// and grown since at its end: only its lines or rows after them were read.
    pub grown_from: Option<u64>,
    hash: Option<Fnv>,
    /// The file being read inside a directory: its hash so far.
    file: Option<Fnv>,
    /// Where to take [`prefixes`](InputTally::prefixes): byte counts, ascending, none 0 (the
    /// sizes of the files an earlier run counted under this file's file name).
    prefix_at: Vec<u64>,
    /// For each of `prefix_at` reached: the bytes, the hash of that many first bytes, and
    /// whether they end a line or are followed by a line break (a last line written without
    /// its line end, counted so, and ended since by the next line's append).
    prefixes: Vec<(u64, u64, bool)>,
    /// Whether the last of `prefixes` ended the bytes added so far without a line end: the next
    /// byte tells whether a line break follows it.
    prefix_open: bool,
    /// Those of `prefix_at` where a CSV row (or the header) ends: the bytes before them do not
    /// end within a quoted cell.
    rows_end_at: Vec<u64>,
    /// The next JSONL or CSV stream's lines or rows that end at or before this many bytes read
    /// (in [`bytes`](InputTally::bytes)) are hashed, not read: counted before, in a file that has
    /// grown since.
    skip_before: u64,
}

impl InputTally {
    fn add_bytes(&mut self, b: &[u8]) {
        // The prefixes that end within these bytes (`prefix_at` is ascending: those reached
        // before are taken).
        let end = self.bytes + b.len() as u64;
        if let Some(&first) = b.first()
            && std::mem::take(&mut self.prefix_open)
            && matches!(first, b'\n' | b'\r')
            && let Some(last) = self.prefixes.last_mut()
        {
            last.2 = true;
        }
        let (mut h, mut hashed) = (self.hash.unwrap_or_default(), 0);
        while let Some(&at) = self.prefix_at.get(self.prefixes.len())
            && at <= end
        {
            // (Each is above the bytes before these: taken when they were added, or not 0.)
            let k = at.saturating_sub(self.bytes) as usize;
            h.write(&b[hashed.min(k)..k]);
            hashed = hashed.max(k);
            let ends_line = k > 0 && b[k - 1] == b'\n' || matches!(b.get(k), Some(b'\n' | b'\r'));
            self.prefix_open = !ends_line && k == b.len();
            self.prefixes.push((at, h.finish(), ends_line));
        }
        self.bytes += b.len() as u64;
        self.hash.get_or_insert_with(Fnv::new).write(b);
        if let Some(h) = &mut self.file {
            h.write(b);
        }
    }

    /// The hash of the bytes read, as hex.
    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash.unwrap_or_default().finish())
    }
}

/// Something produced while reading inputs.
pub enum Item {
    /// A document to process.
    Document(Document),
    /// A problem to report.
    Problem(Problem),
}

/// Reads one input (file, directory or `-`), calling `f` for every document and problem (a
/// [`Reader`] of its own: see there for reading several).
pub fn read_input(
    input: &Path,
    format: InputFormat,
    tally: &mut InputTally,
    f: &mut dyn FnMut(Item),
) {
    Reader::new(format).read(input, tally, f);
}

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
    /// counted it as.)
    pub fn leave_out_counted(&mut self, name: &str, bytes: u64, hash: &str) {
        if let Some(file_name) = Path::new(name).file_name() {
            (self.counted_by_file_name.entry(file_name.to_owned()))
                .or_default()
                .push(self.counted.len());
        }
        self.counted.push(Counted {
            name: name.to_string(),
            bytes,
            hash: hash.to_string(),
        });
        self.counted_content
            .entry((bytes, hash.to_string()))
            .or_default()
            .push(name.to_string());
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
                InputFormat::Csv => Kind::Csv(&self.fields, false),
                InputFormat::Auto | InputFormat::Text => Kind::Text,
            };
            tally.opened += 1;
            match decompressed(Box::new(stdin.lock()), None, tally) {
                Ok(reader) => read_stream(reader, "-", kind, tally, f),
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
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => files.push(e.into_path()),
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
            let mut indices: Vec<usize> = (path.file_name())
                .and_then(|n| self.counted_by_file_name.get(n))
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
                // Unchanged: the file of this name with this content, or one of this file name
                // found under another path. (Empty files all have the same content: only their
                // names tell them apart.)
                let unchanged = (same_file_name.iter())
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
                    .filter(|c| counted_as(&c.name, path))
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
            Kind::Csv(..) if seen.rows_end_at.binary_search(&old.bytes).is_ok() => "rows",
            Kind::Csv(..) | Kind::Text => return None,
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
        // UTF-16 (Excel's "Unicode text", some exports) would be read as binary: say what it is.
        if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
            f(Item::Problem(Problem::skipped(
                name,
                "UTF-16 text; skipped (convert it to UTF-8: iconv -f UTF-16 -t UTF-8)".into(),
            )));
            return;
        }
        let reader = Box::new(BufReader::with_capacity(1 << 16, rest));
        read_stream(reader, &name, self.kind(path), tally, f);
    }

    /// How the file at `path` holds its documents, by the format asked for or its name.
    fn kind(&self, path: &Path) -> Kind<'_> {
        match self.format {
            InputFormat::Auto if has_extension(path, &["jsonl", "ndjson"]) => {
                Kind::Jsonl(&self.fields)
            }
            InputFormat::Auto if has_extension(path, &["csv", "tsv"]) => {
                Kind::Csv(&self.fields, true)
            }
            InputFormat::Auto | InputFormat::Text => Kind::Text,
            InputFormat::Jsonl => Kind::Jsonl(&self.fields),
            InputFormat::Csv => Kind::Csv(&self.fields, false),
        }
    }
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

/// `r` buffered, decompressed if `gz` says it is gzip (`Some(true)`: an error if it is not) or
/// if `gz` leaves it open (`None`, for standard input) and it starts as gzip does; and without a
/// UTF-8 byte order mark (counted in `tally`'s bytes and hash all the same). (Files are told by
/// name: a gzip file not named `.gz` stays binary.)
fn decompressed<'a>(
    r: Box<dyn Read + 'a>,
    gz: Option<bool>,
    tally: &mut InputTally,
) -> std::io::Result<Box<dyn BufRead + 'a>> {
    const GZIP: &[u8] = &[0x1f, 0x8b];
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let (head, r) = peek(r, GZIP.len())?;
    let is_gzip = head == GZIP;
    let r: Box<dyn Read + 'a> = if gz.unwrap_or(is_gzip) && is_gzip {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(
            1 << 16,
            r,
        )))
    } else if gz == Some(true) && !head.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "named .gz but not gzip (no gzip header)",
        ));
    } else {
        r
    };
    let (head, mut r) = peek(r, BOM.len())?;
    if head == BOM {
        r.read_exact(&mut [0; BOM.len()])?;
        tally.add_bytes(BOM);
    }
    Ok(Box::new(BufReader::with_capacity(1 << 16, r)))
}

/// The first `n` bytes of `r` (fewer only at its end, however the bytes arrive), and a reader
/// of all of `r`, those bytes included.
fn peek<'a>(mut r: Box<dyn Read + 'a>, n: usize) -> std::io::Result<(Vec<u8>, Box<dyn Read + 'a>)> {
    let mut head = Vec::with_capacity(n);
    (&mut r).take(n as u64).read_to_end(&mut head)?;
    let again = std::io::Cursor::new(head.clone());
    Ok((head, Box::new(again.chain(r))))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Whether `path` ends with one of these extensions (any case), optionally followed by `.gz`.
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    extensions
        .iter()
        .any(|e| name.strip_suffix(e).is_some_and(|n| n.ends_with('.')))
}

/// How a stream holds its documents.
#[derive(Clone, Copy)]
enum Kind<'a> {
    /// One plain-text document.
    Text,
    /// One JSON object per line, with these fields.
    Jsonl(&'a Fields),
    /// CSV with a header row, one document per row, with these columns; or, when asked (a file
    /// named `.csv` read by extension), one text document if the header has no text column.
    Csv(&'a Fields, bool),
}

/// Reads one stream: JSON lines or CSV rows with these fields, or one plain-text document.
fn read_stream(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    kind: Kind<'_>,
    tally: &mut InputTally,
    f: &mut dyn FnMut(Item),
) {
    match kind {
        Kind::Jsonl(fields) => return read_jsonl(reader, name, fields, tally, f),
        Kind::Csv(fields, or_text) => {
            return read_csv(reader, name, fields, or_text, tally, MAX_DOCUMENT_BYTES, f);
        }
        Kind::Text => {}
    }
    let mut bytes = Vec::new();
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    if let Err(e) = reader.by_ref().take(limit).read_to_end(&mut bytes) {
        f(Item::Problem(Problem::skipped(
            name.to_string(),
            format!("read error: {}", io_message(&e)),
        )));
        return;
    }
    tally.add_bytes(&bytes);
    if bytes.len() > MAX_DOCUMENT_BYTES {
        f(Item::Problem(Problem::skipped(
            name.to_string(),
            format!(
                "document larger than {} MiB; skipped (split it into several documents)",
                MAX_DOCUMENT_BYTES >> 20
            ),
        )));
        return;
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        f(Item::Problem(Problem::skipped(
            name.to_string(),
            "binary file (NUL byte in the first 8 KiB); skipped".into(),
        )));
        return;
    }
    let text = decode(bytes, name, f);
    tally.documents += 1;
    f(Item::Document(Document {
        id: name.to_string(),
        text,
        date: None,
        title: None,
        url: None,
    }));
}

/// Decodes bytes as UTF-8, lossily, with a warning at the first bad sequence.
fn decode(bytes: Vec<u8>, location: &str, f: &mut dyn FnMut(Item)) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            f(Item::Problem(Problem::warning(
                location.to_string(),
                format!("invalid UTF-8 at byte {offset}; bad bytes replaced with U+FFFD"),
            )));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

/// Reads CSV with a header row, one document per row: its text, id, date, title and address from the
/// columns `fields` names (matched exactly, else ignoring case; the id is the row's place when
/// there is no id column or its cell is empty).
///
/// - A bad row (another number of cells than the header has) is skipped and located by the line
///   it starts on, and the rows after it are read.
/// - A quoted cell still open at the end of the file (a row being written when the file was
///   read, or a closing quote missing) leaves that last row out, with a warning, and out of the
///   bytes counted: a later run reads it once it is finished (standard input: skipped). A row (or
///   the header) that grows past `max_row` bytes ([`MAX_DOCUMENT_BYTES`] but in tests), as one
///   left open early in a large file does, is cut there and reported at the line it starts on;
///   the rest of the file is skipped, read only into the input's size and hash, so no more than
///   about twice `max_row` is held.
/// - In a file that grew since it was counted (`build --append`), the rows that end within what
///   was counted ([`InputTally::skip_before`]) are parsed but not read; the header still is.
/// - Excel's `sep=;` first line names the delimiter; otherwise it is taken from the header.
/// - A file without the text's column is skipped whole, with the columns it has, or read as one
///   text document with a warning (`or_text`: a file taken for CSV by its name, which may be any
///   table). An empty file holds no document.
fn read_csv(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    fields: &Fields,
    or_text: bool,
    tally: &mut InputTally,
    max_row: usize,
    f: &mut dyn FnMut(Item),
) {
    let skipped = |loc: String, message: String| Item::Problem(Problem::skipped(loc, message));
    let warning = |loc: String, message: String| Item::Problem(Problem::warning(loc, message));
    // The header row first, to know the columns before anything is counted: whole lines, until
    // its quotes are closed (a quoted header cell may hold a line break), at most `max_row` bytes
    // and one more.
    let read_row = |reader: &mut Box<dyn BufRead + '_>, row: &mut Vec<u8>| -> std::io::Result<()> {
        loop {
            let room = (max_row + 1).saturating_sub(row.len()) as u64;
            if reader.by_ref().take(room).read_until(b'\n', row)? == 0
                || row.iter().filter(|&&b| b == b'"').count() % 2 == 0
                || row.len() > max_row
            {
                return Ok(());
            }
        }
    };
    let too_large = |what: &str, then: &str| {
        format!(
            "{what} larger than {} (a quoted cell left open would hold every line after it); \
             {then}",
            shown_size(max_row)
        )
    };
    // Blank lines and Excel's "sep=;" line (the delimiter) may come before the header; a file
    // of nothing else holds no document.
    let mut head = Vec::new();
    let mut first_line = 1;
    let mut delimiter = None;
    loop {
        head.clear();
        if let Err(e) = read_row(&mut reader, &mut head) {
            f(skipped(
                name.to_string(),
                format!("read error: {}", io_message(&e)),
            ));
            return;
        }
        if head.is_empty() {
            return;
        }
        let line = head
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&head)
            .trim_ascii();
        if line.is_empty() {
            tally.add_bytes(&head);
            first_line += 1;
            continue;
        }
        if let Some(&[d]) = line.strip_prefix(b"sep=") {
            tally.add_bytes(&head);
            delimiter = Some(d);
            first_line += 1;
            continue;
        }
        break;
    }
    if head.len() > max_row {
        f(skipped(
            format!("{name}:{first_line}"),
            too_large("header row", "file skipped"),
        ));
        tally.add_bytes(&head);
        if let Err(e) = drain(&mut reader, tally) {
            f(skipped(
                name.to_string(),
                format!("read error: {}", io_message(&e)),
            ));
        }
        return;
    }
    let delimiter = delimiter.unwrap_or_else(|| csv_delimiter(&head));
    let header: Vec<String> = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(&head[..])
        .byte_headers()
        .map(|h| {
            h.iter()
                .map(|c| {
                    let c = String::from_utf8_lossy(c);
                    c.trim_start_matches('\u{feff}').trim().to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    let reader = std::io::Cursor::new(head).chain(reader);
    let columns = || shown_list(&header);
    // A column by name: exactly, else ignoring case when only one matches.
    let column = |want: &str| {
        header.iter().position(|c| c == want).or_else(|| {
            let mut same = header
                .iter()
                .enumerate()
                .filter(|(_, c)| c.to_lowercase() == want.to_lowercase());
            match (same.next(), same.next()) {
                (Some((i, _)), None) => Some(i),
                _ => None,
            }
        })
    };
    let Some(text_col) = column(&fields.text) else {
        let missing = format!(
            "no {:?} column (its columns: {}; --text-field names the text's)",
            fields.text,
            columns()
        );
        if or_text {
            f(warning(
                name.to_string(),
                format!("{missing}; read as one text document"),
            ));
            read_stream(Box::new(reader), name, Kind::Text, tally, f);
        } else {
            f(skipped(
                name.to_string(),
                format!("{missing}; file skipped"),
            ));
        }
        return;
    };
    let (mut id_col, mut date_col, mut title_col, mut url_col) = (
        column(&fields.id),
        column(&fields.date),
        fields.title.as_deref().and_then(column),
        fields.url.as_deref().and_then(column),
    );
    // A column the user named that is not there would silently give no ids or dates. Columns
    // match in any case, so two fields of other names may be one column ("--title-field Text"):
    // it is read for the first role only, with a warning when the other was asked for.
    let defaults = Fields::default();
    let mut taken = vec![text_col];
    for (option, want, default, col) in [
        (
            "--id-field",
            Some(&fields.id),
            Some(&defaults.id),
            &mut id_col,
        ),
        (
            "--date-field",
            Some(&fields.date),
            Some(&defaults.date),
            &mut date_col,
        ),
        (
            "--title-field",
            fields.title.as_ref(),
            defaults.title.as_ref(),
            &mut title_col,
        ),
        (
            "--url-field",
            fields.url.as_ref(),
            defaults.url.as_ref(),
            &mut url_col,
        ),
    ] {
        let asked = want.is_some() && want != default;
        match *col {
            None if asked => f(warning(
                name.to_string(),
                format!(
                    "no {:?} column for {option} (its columns: {})",
                    want.map_or("", String::as_str),
                    columns()
                ),
            )),
            None => {}
            Some(c) if taken.contains(&c) => {
                if asked {
                    f(warning(
                        name.to_string(),
                        format!(
                            "{option} names the column {:?}, which another field reads; not \
                             read for {option}",
                            header[c]
                        ),
                    ));
                }
                *col = None;
            }
            Some(c) => taken.push(c),
        }
    }
    let mut twice: Vec<&str> = Vec::new();
    for (i, c) in header.iter().enumerate() {
        if !c.is_empty() && header[..i].contains(c) && !twice.contains(&c.as_str()) {
            twice.push(c);
        }
    }
    if !twice.is_empty() {
        f(warning(
            name.to_string(),
            format!(
                "columns named twice: {}; the first of each is read",
                shown_list(&twice)
            ),
        ));
    }
    let mut documents = 0;
    let mut ids = RepeatedIds::default();
    // A row read (a document, or a problem with it), told once the next row starts.
    let mut count = |held: Result<(Document, String), Problem>, f: &mut dyn FnMut(Item)| match held
    {
        Ok((doc, loc)) => {
            documents += 1;
            ids.note(&doc.id, &loc);
            f(Item::Document(doc));
        }
        Err(p) => f(Item::Problem(p)),
    };
    // Rows counted before, in a file that grew since: parsed (to know where rows end), not read.
    let skip_before = std::mem::take(&mut tally.skip_before);
    // Where the CSV text starts in the tally's bytes, and where a row should end for what was
    // counted before to be whole rows ([`InputTally::rows_end_at`]).
    let start = tally.bytes;
    let prefix_at = tally.prefix_at.clone();
    let mut rows_end_at = Vec::new();
    // A row ends at `end` (the csv crate's position after it, which is before the "\n" of a
    // "\r\n"; the prefix ends a line), or before its line break (a last row counted without
    // one, ended since by the next row's append; the prefix is followed by a line break).
    let mut ends_prefix = |end: u64| {
        for at in [end.saturating_sub(1), end, end + 1] {
            if prefix_at.binary_search(&at).is_ok() {
                rows_end_at.push(at);
            }
        }
    };
    {
        let counting = Counting {
            inner: reader,
            tally: &mut *tally,
            pending: Vec::new(),
            pending_start: 0,
            committed: 0,
            lines_before: 0,
            row_start: 0,
            max_row,
        };
        let mut csv = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(counting);
        // (The header was read above, at most `max_row` bytes; this is where it ends.)
        if csv.byte_headers().is_ok() {
            let end = csv.position().byte();
            csv.get_mut().row_start = end;
            ends_prefix(start + end);
        }
        // The last row (or the problem with it) is held until the next one starts, to tell a
        // quoted cell left open (it runs to the end of the file) from a row that ends.
        let mut held: Option<Result<(Document, String), Problem>> = None;
        let mut record = ::csv::ByteRecord::new();
        loop {
            let read = csv.read_byte_record(&mut record);
            // The line a row starts on, counted here: the csv crate's line numbers are off
            // with Windows line ends.
            let at = match &read {
                Ok(true) => record.position().map(::csv::Position::byte),
                Err(e) => e.position().map(::csv::Position::byte),
                Ok(false) => None,
            };
            let line = at.map(|at| csv.get_mut().line_of(at) + first_line - 1);
            // A row (good or bad) starts here: the held one ended before it.
            if at.is_some()
                && let Some(held) = held.take()
            {
                count(held, f);
            }
            if let Some(at) = at {
                let end = csv.position().byte();
                csv.get_mut().row_start = end;
                ends_prefix(start + end);
                // A row counted before ends by `skip_before`, or just before the line break
                // there (a last row counted without one: it starts two bytes or more before
                // it; the csv crate places the row after a "\r\n" at its "\n").
                if start + end <= skip_before || start + at + 1 < skip_before {
                    continue;
                }
            }
            let loc = format!("{name}:{}", line.unwrap_or(0));
            match read {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    match e.kind() {
                        // A row that would not end (a quoted cell left open): cut, and the rest
                        // of the file only counted in the input's size and hash.
                        ::csv::ErrorKind::Io(io)
                            if io.get_ref().is_some_and(|e| e.is::<RowTooLarge>()) =>
                        {
                            let counting = csv.get_mut();
                            let line = counting.line_of(counting.row_start) + first_line - 1;
                            // The row before it ended where this one began.
                            if let Some(held) = held.take() {
                                count(held, f);
                            }
                            f(skipped(
                                format!("{name}:{line}"),
                                too_large("row", "it and the rest of the file skipped"),
                            ));
                            counting.commit(u64::MAX);
                            if let Err(e) = drain(&mut counting.inner, counting.tally) {
                                f(skipped(
                                    name.to_string(),
                                    format!("read error: {}", io_message(&e)),
                                ));
                            }
                            break;
                        }
                        ::csv::ErrorKind::Io(io) => {
                            f(skipped(loc, format!("read error: {}", io_message(io))));
                            break;
                        }
                        ::csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            held = Some(Err(Problem::skipped(
                                loc,
                                format!(
                                    "{} where the header has {expected_len}; row skipped",
                                    crate::export::Count(*len, "cell", "cells")
                                ),
                            )))
                        }
                        _ => held = Some(Err(Problem::skipped(loc, format!("{e}; row skipped")))),
                    }
                    continue;
                }
            }
            if record.as_slice().len() > max_row {
                f(skipped(
                    loc,
                    format!("row larger than {}; skipped", shown_size(max_row)),
                ));
                continue;
            }
            // Each cell read, as text: invalid UTF-8 is replaced, with a warning naming the
            // column and the byte in the cell.
            let cell = |col: Option<usize>, f: &mut dyn FnMut(Item)| {
                let c = col?;
                let bytes = record.get(c)?;
                Some(match std::str::from_utf8(bytes) {
                    Ok(s) => Cow::Borrowed(s),
                    Err(e) => {
                        f(warning(
                            loc.clone(),
                            format!(
                                "invalid UTF-8 in the {:?} cell at byte {}; bad bytes replaced \
                                 with U+FFFD",
                                header[c],
                                e.valid_up_to()
                            ),
                        ));
                        String::from_utf8_lossy(bytes)
                    }
                })
            };
            let text = cell(Some(text_col), f).unwrap_or_default().into_owned();
            let id = cell(id_col, f)
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| loc.clone());
            let date = cell(date_col, f).and_then(|d| {
                let shown = || serde_json::to_string(&shorten(&d)).unwrap_or_default();
                document_date(Some(&d), shown, &loc, fields, f)
            });
            let (title, url) = (cell(title_col, f), cell(url_col, f));
            let (title, url) = title_and_url(title.as_deref(), url.as_deref(), &loc, fields, f);
            held = Some(Ok((
                Document {
                    id,
                    text,
                    date,
                    title,
                    url,
                },
                loc,
            )));
        }
        // The last row: a quoted cell still open at the end of the file is a row still being
        // written (a feed read mid-write), or a closing quote missing (the cell took in every
        // line after it). Left out, and out of the bytes counted, so that the next run reads it
        // once it is finished and knows the rows before it as counted. (Standard input has no
        // next run: skipped.)
        let counting = csv.get_mut();
        if let Some(held) = held {
            let rest = counting.pending.as_slice();
            if ends_in_quotes(rest, delimiter) {
                let loc = match &held {
                    Ok((_, loc)) => loc.clone(),
                    Err(p) => p.location.clone(),
                };
                let breaks = rest.iter().filter(|&&b| b == b'\n').count();
                if name == "-" {
                    f(skipped(
                        loc,
                        "a quoted cell is not closed before the end of the input (it would \
                         hold every line after it); row skipped"
                            .into(),
                    ));
                    counting.commit(u64::MAX);
                } else {
                    let missing = if breaks > 1 {
                        "; if the file is whole, a closing quote is missing, and the cell \
                         takes in every line after it"
                    } else {
                        ""
                    };
                    f(warning(
                        loc,
                        format!(
                            "the last row is not finished (a quoted cell is still open at the \
                             end of the file{missing}); left out, and out of the bytes counted, \
                             for a later run to read once it is"
                        ),
                    ));
                }
            } else {
                count(held, f);
                counting.commit(u64::MAX);
            }
        } else {
            counting.commit(u64::MAX);
        }
    }
    tally.documents += documents;
    ids.report(f);
    tally.rows_end_at.extend(rows_end_at);
    tally.rows_end_at.sort_unstable();
    tally.rows_end_at.dedup();
}

/// Whether a CSV row (`row`, from its start to the end of the input) ends within a quoted cell,
/// as the csv crate reads it: a quote opens a cell only at its start, `""` within one is a
/// quote, and a quote elsewhere is text.
fn ends_in_quotes(row: &[u8], delimiter: u8) -> bool {
    #[derive(PartialEq)]
    enum At {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut at = At::CellStart;
    for &b in row {
        let ends_cell = b == delimiter || b == b'\n' || b == b'\r';
        at = match at {
            At::CellStart if b == b'"' => At::Quoted,
            At::Quoted if b == b'"' => At::QuoteInQuoted,
            At::Quoted => At::Quoted,
            At::QuoteInQuoted if b == b'"' => At::Quoted,
            At::CellStart | At::Unquoted | At::QuoteInQuoted if ends_cell => At::CellStart,
            At::CellStart | At::Unquoted | At::QuoteInQuoted => At::Unquoted,
        };
    }
    at == At::Quoted
}

/// A size for a message: in MiB when it is a whole number of them, else in bytes.
fn shown_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads the rest of `r` into `tally` (its size and hash), keeping nothing: the rest of a file
/// whose reading was cut.
fn drain(r: &mut impl Read, tally: &mut InputTally) -> std::io::Result<()> {
    let mut buf = vec![0; 1 << 16];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => tally.add_bytes(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The error a [`Counting`] reader gives when the row being read grows past its limit.
#[derive(Debug)]
struct RowTooLarge;

impl std::fmt::Display for RowTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("row too large")
    }
}

impl std::error::Error for RowTooLarge {}

/// A list of names for a message: quoted where needed, at most ten, each cut to 40 characters.
fn shown_list<S: AsRef<str>>(names: &[S]) -> String {
    let mut out: Vec<String> = names.iter().take(10).map(|n| shorten(n.as_ref())).collect();
    if names.len() > 10 {
        out.push(format!("and {} more", names.len() - 10));
    }
    out.join(", ")
}

/// `s` cut to 40 characters, with `…` where it was cut, and control characters as `?`: a
/// message quotes it.
fn shorten(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// The delimiter of a CSV file, from its header row: the comma, or the semicolon or tab when the
/// header holds more of them outside quotes (spreadsheets in many European locales export with
/// `;`).
fn csv_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A reader that adds what it reads to the input's tally (its size and hash), for a parser
/// that reads the stream itself, and keeps the bytes from the last row asked about
/// ([`line_of`](Counting::line_of)) on, to number lines. Bytes are added to the tally as the
/// rows they belong to are asked about, or [committed](Counting::commit): a last row left
/// unfinished at the end of the file is not counted. It gives an error ([`RowTooLarge`])
/// rather than read on when the row being read is past `max_row` bytes: a quoted cell left open
/// would otherwise take the rest of the file into memory, in the parser's record and here.
struct Counting<'a, R> {
    inner: R,
    tally: &'a mut InputTally,
    /// Bytes read from `pending_start` on.
    pending: Vec<u8>,
    pending_start: u64,
    /// Bytes added to the tally (from the start of the stream).
    committed: u64,
    /// Line breaks before `pending_start`.
    lines_before: u64,
    /// Where the row being read starts (set by the parser's caller after each row).
    row_start: u64,
    /// The most bytes a row may take.
    max_row: usize,
}

impl<R> Counting<'_, R> {
    /// Adds the bytes read up to `upto` (from the start of the stream; at most those read) to
    /// the tally.
    fn commit(&mut self, upto: u64) {
        let from = self.committed.saturating_sub(self.pending_start) as usize;
        let to = (upto.saturating_sub(self.pending_start) as usize).min(self.pending.len());
        if from < to {
            self.tally.add_bytes(&self.pending[from..to]);
            self.committed = self.pending_start + to as u64;
        }
    }

    /// The line (from 1) that byte offset `at` is on; offsets are asked in order. A line ends
    /// with `\n`, `\r\n` or a lone `\r`.
    fn line_of(&mut self, at: u64) -> u64 {
        let mut upto = (at.saturating_sub(self.pending_start) as usize).min(self.pending.len());
        let bytes = &self.pending;
        // The csv crate places a row that follows "\r\n" at the "\n", which ends the line before.
        if upto > 0 && bytes[upto - 1] == b'\r' && bytes.get(upto) == Some(&b'\n') {
            upto += 1;
        }
        let breaks = (0..upto)
            .filter(|&i| {
                bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .count() as u64;
        self.lines_before += breaks;
        self.commit(self.pending_start + upto as u64);
        self.pending.drain(..upto);
        self.pending_start += upto as u64;
        self.lines_before + 1
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.pending_start + self.pending.len() as u64;
        if read.saturating_sub(self.row_start) > self.max_row as u64 {
            return Err(std::io::Error::other(RowTooLarge));
        }
        let n = self.inner.read(buf)?;
        self.pending.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn collect(bytes: &[u8], jsonl: bool) -> (Vec<Document>, Vec<Problem>) {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        let mut tally = InputTally::default();
        let fields = Fields::default();
        read_stream(
            Box::new(bytes),
            "in",
            if jsonl {
                Kind::Jsonl(&fields)
            } else {
                Kind::Text
            },
            &mut tally,
            &mut |i| match i {
                Item::Document(d) => docs.push(d),
                Item::Problem(p) => problems.push(p),
            },
        );
        (docs, problems)
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_warning() {
        let (docs, problems) = collect(b"ab\xffcd", false);
        assert_eq!(docs[0].text, "ab\u{FFFD}cd");
        assert_eq!(
            problems[0].message,
            "invalid UTF-8 at byte 2; bad bytes replaced with U+FFFD"
        );
        assert!(!problems[0].skipped);
    }

    #[test]
    fn gzip_and_byte_order_marks_are_seen_through() {
        let read = |bytes: &[u8], gz: Option<bool>| -> std::io::Result<Vec<u8>> {
            let mut out = Vec::new();
            decompressed(Box::new(bytes), gz, &mut InputTally::default())?.read_to_end(&mut out)?;
            Ok(out)
        };
        let text = "\u{feff}{\"id\":\"a\",\"text\":\"Oslo\"}\n".as_bytes();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, text).unwrap();
        let gz = gz.finish().unwrap();
        let plain = &text[3..];
        assert_eq!(read(text, None).unwrap(), plain);
        assert_eq!(read(text, Some(false)).unwrap(), plain);
        assert_eq!(
            read(&gz, None).unwrap(),
            plain,
            "gzip on a stream is found by its header"
        );
        assert_eq!(read(&gz, Some(true)).unwrap(), plain);
        assert_eq!(
            read(&gz, Some(false)).unwrap(),
            gz,
            "a file not named .gz is left as is"
        );
        assert!(read(text, Some(true)).is_err(), "named .gz but not gzip");
        // A pipe may deliver a byte at a time: the headers are still seen.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let Some((&b, rest)) = self.0.split_first().filter(|_| !buf.is_empty()) else {
                    return Ok(0);
                };
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
        }
        for bytes in [text, &gz[..]] {
            let mut out = Vec::new();
            decompressed(Box::new(Trickle(bytes)), None, &mut InputTally::default())
                .unwrap()
                .read_to_end(&mut out)
                .unwrap();
            assert_eq!(out, plain);
        }
        assert_eq!(read(b"", Some(true)).unwrap(), b"");
        let (docs, problems) = collect(b"[1, 2, 3]\n\"text\"\n", true);
        assert!(docs.is_empty());
        assert_eq!(problems[0].message, "not a JSON object; line skipped");
        assert_eq!(problems[1].message, "not a JSON object; line skipped");
    }

    /// A quoted cell left open early in a large CSV file would take every line after it into one
    /// row: the row is cut at the limit and reported at the line it starts on, the rows before it
    /// are read and the rest of the file is skipped (but counted in the input's size and hash),
    /// without holding more than about twice the limit. The same for a header left open.
    #[test]
    fn a_csv_row_left_open_is_cut_at_the_limit() {
        use std::cell::Cell;
        use std::rc::Rc;
        /// A source that counts the bytes taken from it.
        struct Metered(std::io::Cursor<Vec<u8>>, Rc<Cell<usize>>);
        impl Read for Metered {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.read(buf)?;
                self.1.set(self.1.get() + n);
                Ok(n)
            }
        }
        let limit = 4096;
        let rows: [(&[u8], &[&str], &str, &str); 3] = [
            (
                b"id,text\na,Oslo\nb,\"Bergen\n",
                &["a"],
                "in:3",
                "row larger than 4096 bytes (a quoted cell left open would hold every line after \
                 it); it and the rest of the file skipped",
            ),
            (
                b"id,text\r\n\"b\",\"Bergen\r\n",
                &[],
                "in:2",
                "row larger than 4096 bytes (a quoted cell left open would hold every line after \
                 it); it and the rest of the file skipped",
            ),
            (
                b"\n\nid,\"text\n",
                &[],
                "in:3",
                "header row larger than 4096 bytes (a quoted cell left open would hold every \
                 line after it); file skipped",
            ),
        ];
        for (start, want_ids, want_at, want) in rows {
            let mut input = start.to_vec();
            while input.len() < 256 << 10 {
                input.extend_from_slice(b"c,Trondheim and Tromso\n");
            }
            let taken = Rc::new(Cell::new(0));
            let source = Metered(std::io::Cursor::new(input.clone()), taken.clone());
            let (mut docs, mut problems) = (Vec::new(), Vec::new());
            let mut tally = InputTally::default();
            read_csv(
                Box::new(BufReader::with_capacity(1024, source)),
                "in",
                &Fields::default(),
                false,
                &mut tally,
                limit,
                &mut |i| match i {
                    Item::Document(d) => docs.push(d.id),
                    Item::Problem(p) => problems.push((p, taken.get())),
                },
            );
            let at = String::from_utf8_lossy(start);
            assert_eq!(docs, want_ids, "{at}");
            assert_eq!(problems.len(), 1, "{at}: {problems:?}");
            let (p, taken_then) = &problems[0];
            assert_eq!(
                (p.location.as_str(), p.message.as_str()),
                (want_at, want),
                "{at}"
            );
            assert!(p.skipped);
            assert!(
                *taken_then < 3 * limit + (16 << 10),
                "{at}: {taken_then} bytes read before the row was cut"
            );
            if !want_ids.is_empty() {
                assert_eq!(tally.bytes, input.len() as u64, "{at}: the rest is hashed");
            }
        }
    }

    /// A file named on its own that an earlier run counted (`build --append` of a feed file):
    /// left out unchanged, only its new lines read when it grew at its end (JSON lines), read
    /// whole otherwise.
    #[test]
    fn a_named_file_counted_before_is_left_out_or_read_for_what_is_new() {
        let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Oslo\"}}\n");
        let then = line("a") + &line("b");
        // (file, content now) -> (documents read, files left out unchanged, grown from)
        let rows = [
            ("feed.jsonl", then.clone(), (0, 1, None)),
            (
                "feed.jsonl",
                then.clone() + &line("c"),
                (1, 0, Some(then.len() as u64)),
            ),
            ("feed.jsonl", then.replace('a', "z"), (2, 0, None)),
            ("feed.txt", then.clone(), (0, 1, None)),
            ("feed.txt", then.clone() + "Oslo", (1, 0, None)),
        ];
        let dir = tempfile::tempdir().unwrap();
        for (name, now, want) in rows {
            let path = dir.path().join(name);
            std::fs::write(&path, &then).unwrap();
            let mut counted = InputTally::default();
            Reader::new(InputFormat::Auto).read(&path, &mut counted, &mut |_| {});
            std::fs::write(&path, &now).unwrap();
            let mut reader = Reader::new(InputFormat::Auto);
            let hash = counted.hash_hex();
            reader.leave_out_counted(&path.display().to_string(), counted.bytes, &hash);
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
            (name.to_string(), tally.bytes, tally.hash_hex())
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
            for (n, bytes, hash) in &before {
                reader.leave_out_counted(n, *bytes, hash);
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

    #[test]
    fn binary_is_skipped() {
        let (docs, problems) = collect(b"\x7fELF\0\0\x01", false);
        assert!(docs.is_empty());
        assert!(problems[0].skipped);
    }
}
