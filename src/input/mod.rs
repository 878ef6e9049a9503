//! Input: from paths on the command line to documents.
//!
//! - A text file is one document whose id is its path as given (or as found under a directory).
//! - A `.jsonl`/`.ndjson` file holds one JSON object per line: `id` (string, trimmed, or number
//!   kept as written, whatever its size), `text` (string), optional `date`, `title`, `url` (other
//!   fields are skipped). A line without `id` gets `PATH:LINE`. A field of another type is told
//!   with a warning and the document counted without it (an id: with `PATH:LINE`); only text
//!   that is no string skips its line.
//! - Gzip is decompressed first, whatever the name (`.jsonl.gz`, `.txt.gz`, a gzip stream on
//!   standard input); a `.gz` file that is not gzip is reported and skipped. A UTF-8 byte order
//!   mark at the start is dropped.
//! - A directory is walked recursively in sorted order, following symbolic links; hidden entries
//!   are skipped, and so is a link back to a directory above it (a loop, reported).
//! - `-` is standard input, read as one text document (or as JSONL with `--input-format jsonl`).
//! - A file reached twice in one run (through a symbolic link, or named and also inside a named
//!   directory) is read once, with a warning ([`Reader`]).
//! - A file entigraph wrote (a graph.json, graph.dot or partial graph, an export, a rendered
//!   picture, `extract`'s mentions) is not news: told by how entigraph begins each, it is left
//!   out with a warning.
//!   So is a picture (PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC, AVIF, SVG), where a binary file
//!   would be skipped as unreadable.
//! - A JSONL `date` must be `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`, or a date and time such as
//!   `2019-06-05T10:30:00Z`): dates are compared as text, so another form would be ordered
//!   wrongly. A document with another date is counted without one, with a warning.
//!
//! Invalid UTF-8 is decoded lossily (each bad sequence becomes U+FFFD) and reported as a warning
//! naming the document and the byte offset of the first bad sequence: in the file (in a JSONL
//! line, for JSONL), as the user's tools count it, a byte order mark included. A file whose first 8 KiB
//! hold a NUL byte is taken as binary and skipped. A malformed JSONL line is reported with its
//! file and line and skipped; the rest of the file is read. A last line without its line end
//! that is no whole JSON, or a last CSV row whose quoted cell is still open, is still being
//! written (a feed read mid-write): it is left out, and out of the bytes and hash counted, with
//! a warning (exit code 0), so that `build --append` reads it next time, once it is finished, as
//! new; a whole last line or row without a line end is read. Documents larger than
//! [`MAX_DOCUMENT_BYTES`] are skipped; so is a CSV row that grows past it (a quoted cell left
//! open), with the rest of its file, which cannot be told into rows after it.
//!
//! This module holds what a document, a problem and an input's tally are, and the reading of one
//! stream (gzip, text); [`Reader`] (`reader.rs`) reads the inputs of a run, `jsonl.rs` and
//! `csv.rs` the two formats of many documents, with the fields and checks they share in
//! `fields.rs`; `identity.rs` tells files apart and matches the names an earlier run recorded,
//! and `signatures.rs` tells the files that are not news.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

mod csv;
mod fields;
mod html;
mod identity;
mod jsonl;
mod reader;
mod signatures;

use self::csv::read_csv;
pub use fields::{Fields, MAX_TITLE_CHARS, MAX_URL_BYTES};
pub use identity::{FileId, counted_as, name_key, shown_as};
use jsonl::read_jsonl;
pub use reader::Reader;

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
    /// (optionally `.gz`) CSV, `.html`, `.htm` and `.xhtml` (optionally `.gz`) HTML, everything
    /// else text.
    #[default]
    Auto,
    /// Every file is one text document.
    Text,
    /// Every file is JSONL.
    Jsonl,
    /// Every file is CSV with a header row, one document per row.
    Csv,
    /// Every file is an HTML page, one document: the text its reader sees (no scripts, styles
    /// or menus), with the page's title, date and address.
    Html,
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
    /// [`bytes`](InputTally::bytes) where the stream being read began: byte offsets in messages
    /// count from there, so that a byte order mark dropped before reading is counted in them.
    stream_start: u64,
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

/// The hash `--dedupe` tells repeated documents by: XXH3, 128 bits, of the document's words
/// (split at ASCII white space) joined by single spaces, so that copies of a story that differ
/// only in line breaks and spacing (a feed's reflowed copy) count as one. Titles, dates and ids
/// are not part of it: the same text under another headline is the same story. Stable across
/// runs and machines (kept in partial graphs, for `build --append`).
pub fn text_hash(text: &str) -> u128 {
    text_hash_in(&mut Vec::new(), text)
}

/// [`text_hash`], with `buf` to write the words into (kept between documents: one allocation
/// per run rather than per document).
pub fn text_hash_in(buf: &mut Vec<u8>, text: &str) -> u128 {
    buf.clear();
    buf.reserve(text.len());
    for word in text.as_bytes().split(u8::is_ascii_whitespace) {
        if word.is_empty() {
            continue;
        }
        if !buf.is_empty() {
            buf.push(b' ');
        }
        buf.extend_from_slice(word);
    }
    xxhash_rust::xxh3::xxh3_128(buf)
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

/// Whether the file at `path` is something entigraph wrote (a graph, a partial, an export, a
/// picture, `extract`'s mentions), told by how it begins, as a directory being read tells it.
/// A command that would replace a file it did not write refuses (see `map -o`).
pub fn written_by_entigraph(path: &Path) -> std::io::Result<bool> {
    let file = std::fs::File::open(path)?;
    let partial = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("part"));
    // (Gzip by its header, whatever the name: `map -o` may have been given any.)
    let r = decompressed(Box::new(file), None, &mut InputTally::default())?;
    let (head, _) = peek(Box::new(r), signatures::OWN_OUTPUT_HEAD)?;
    Ok(signatures::is_entigraph_output(&head, partial) || signatures::is_extract_output(&head))
}

/// Whether the file at `path` holds a graph entigraph reads back (a graph.json or a partial,
/// gzip or not): a picture or an export written over it would lose the graph.
pub fn holds_a_graph(path: &Path) -> std::io::Result<bool> {
    let file = std::fs::File::open(path)?;
    let r = decompressed(Box::new(file), None, &mut InputTally::default())?;
    let (head, _) = peek(Box::new(r), 512)?;
    Ok(signatures::is_graph(&head))
}

/// `r` buffered, decompressed if `gz` says it is gzip (`Some(true)`: an error if it is not) or
/// if `gz` leaves it open (`None`, for standard input) and it starts as gzip does; and without a
/// UTF-8 byte order mark (counted in `tally`'s bytes and hash all the same, and in the byte
/// offsets messages give: [`InputTally::stream_start`]). (Files are told by name: a gzip file
/// not named `.gz` stays binary.)
fn decompressed<'a>(
    r: Box<dyn Read + 'a>,
    gz: Option<bool>,
    tally: &mut InputTally,
) -> std::io::Result<Box<dyn BufRead + 'a>> {
    const GZIP: &[u8] = &[0x1f, 0x8b];
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    tally.stream_start = tally.bytes;
    let (head, r) = peek(r, GZIP.len())?;
    let is_gzip = head == GZIP;
    let r: Box<dyn Read + 'a> = if gz.unwrap_or(is_gzip) && is_gzip {
        Box::new(GzMembers::new(BufReader::with_capacity(1 << 16, r)))
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

/// The members of a gzip file, one after another (as `gzip -d` reads them), and then nothing
/// but zero bytes, which `gzip` accepts after the last member ("trailing zero bytes ignored":
/// padding to a block size); other bytes there are an error, as a member that does not
/// begin with gzip's header is. (flate2's `MultiGzDecoder` takes the padding for a member.)
struct GzMembers<R: BufRead> {
    member: Option<flate2::bufread::GzDecoder<R>>,
}

impl<R: BufRead> GzMembers<R> {
    fn new(r: R) -> GzMembers<R> {
        GzMembers {
            member: Some(flate2::bufread::GzDecoder::new(r)),
        }
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let Some(member) = &mut self.member else {
                return Ok(0);
            };
            let n = member.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // The member ended (its data and trailer read): what follows?
            let mut rest = self.member.take().expect("a member").into_inner();
            let next = rest.fill_buf()?;
            if next.is_empty() {
                return Ok(0);
            }
            if next[0] != 0 {
                self.member = Some(flate2::bufread::GzDecoder::new(rest));
                continue;
            }
            loop {
                let padding = rest.fill_buf()?;
                if padding.is_empty() {
                    return Ok(0);
                }
                if padding.iter().any(|&b| b != 0) {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "bytes other than zeros after the zero bytes that end the gzip data",
                    ));
                }
                let len = padding.len();
                rest.consume(len);
            }
        }
    }
}

/// A reader that fails once with the error it holds, then ends: a read error met while
/// peeking, passed on to be met again where the bytes before it have been read.
struct Failed(Option<std::io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

/// The first `n` bytes of `r` (fewer only at its end, however the bytes arrive), and a reader
/// of all of `r`, those bytes included. A read error (a gzip file cut short) is not returned
/// here but by the reader, after the bytes before it: whoever reads them knows the line it
/// was met at.
fn peek<'a>(mut r: Box<dyn Read + 'a>, n: usize) -> std::io::Result<(Vec<u8>, Box<dyn Read + 'a>)> {
    let mut head = Vec::with_capacity(n);
    let read = (&mut r).take(n as u64).read_to_end(&mut head);
    let again = std::io::Cursor::new(head.clone());
    match read {
        Ok(_) => Ok((head, Box::new(again.chain(r)))),
        Err(e) => Ok((head, Box::new(again.chain(Failed(Some(e)))))),
    }
}

/// Why a stream of this kind whose first bytes are a UTF-16 or UTF-32 byte order mark is not
/// read: which encoding they name, and how to convert it (read as UTF-8, its NUL bytes would
/// have it skipped as a binary file, leaving the user to guess why). A web page in UTF-16 is
/// read: it is decoded as browsers decode it ([`html::decode_page`]).
fn not_utf8(head: &[u8], kind: &Kind<'_>) -> Option<String> {
    let (encoding, mark) = unicode_mark(head)?;
    if matches!(kind, Kind::Html) && encoding == "UTF-16" {
        return None;
    }
    Some(format!(
        "{encoding} text (byte order mark {mark}); skipped (convert it to UTF-8: iconv -f \
         {encoding} -t UTF-8)"
    ))
}

/// The encoding (`UTF-16`, `UTF-32`, as iconv names them) whose byte order mark `head` begins
/// with, and the mark with its byte order (`FF FE, little-endian`). UTF-32LE's mark begins as
/// UTF-16LE's does, so the longer marks are looked at first.
pub(crate) fn unicode_mark(head: &[u8]) -> Option<(&'static str, &'static str)> {
    const MARKS: [(&[u8], &str, &str); 4] = [
        (&[0, 0, 0xfe, 0xff], "UTF-32", "00 00 FE FF, big-endian"),
        (&[0xff, 0xfe, 0, 0], "UTF-32", "FF FE 00 00, little-endian"),
        (&[0xfe, 0xff], "UTF-16", "FE FF, big-endian"),
        (&[0xff, 0xfe], "UTF-16", "FF FE, little-endian"),
    ];
    let (_, encoding, mark) = MARKS.iter().find(|(m, _, _)| head.starts_with(m))?;
    Some((encoding, mark))
}

/// Whether `head`, bytes with a NUL among them, look like UTF-16 without a byte order mark
/// (`iconv -t UTF-16LE` writes none), and which byte order: text in a Latin script has a NUL
/// high byte in most of its code units and a NUL low byte in almost none. Only a hint in the
/// message of a file skipped as binary: a table of small 16-bit numbers looks the same.
fn utf16_without_mark(head: &[u8]) -> Option<&'static str> {
    let units = head.len() / 2;
    let (mut even, mut odd) = (0, 0);
    for unit in head.chunks_exact(2) {
        even += usize::from(unit[0] == 0);
        odd += usize::from(unit[1] == 0);
    }
    let mostly = |n: usize| units >= 4 && n * 10 >= units * 7;
    let rarely = |n: usize| n * 20 <= units;
    if mostly(odd) && rarely(even) {
        Some("UTF-16LE")
    } else if mostly(even) && rarely(odd) {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// A size for a message: in MiB when it is a whole number of them, else in bytes.
pub(super) fn shown_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if is_link_loop(e) => "a symbolic link that leads back to itself (a loop)".into(),
        _ => e.to_string(),
    }
}

/// Whether `e` is ELOOP: too many symbolic links met on the way to a file (links that lead to
/// each other). (`ErrorKind::FilesystemLoop` is not stable, so the code is compared.)
fn is_link_loop(e: &std::io::Error) -> bool {
    let eloop = if cfg!(any(target_os = "linux", target_os = "android")) {
        Some(40)
    } else if cfg!(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    )) {
        Some(62)
    } else {
        None
    };
    eloop.is_some() && e.raw_os_error() == eloop
}

/// A read error inside a file that documents were read from before it. Corrupt compressed data
/// (a gzip checksum that fails, a bad deflate block) is known only when it is reached, or at
/// the file's end: the documents read before it are counted and may hold garbled text, which
/// the message says. (A file cut short gives what it holds before the cut.)
fn read_error(e: &std::io::Error, read_before: u64) -> String {
    let message = format!("read error: {}", io_message(e));
    let corrupt = matches!(
        e.kind(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData
    );
    if corrupt && read_before > 0 {
        format!(
            "{message}; the file is corrupt: the {} read from it before were counted and may \
             hold garbled text (gzip -t tells; rebuild without the file)",
            crate::export::Count(read_before, "document", "documents")
        )
    } else {
        message
    }
}

/// How a stream holds its documents.
#[derive(Clone, Copy)]
enum Kind<'a> {
    /// One plain-text document.
    Text,
    /// One HTML page, read as the text its reader sees.
    Html,
    /// One document: an HTML page if it begins as one (`<!DOCTYPE html`, `<html`: a page saved
    /// without its extension, as `wget` saves one), else plain text; or JSON lines with these
    /// fields, if its first line is an object with the text's field (a corpus piped in, or
    /// saved under another name), which read as one text would link all its articles.
    TextOrPage(&'a Fields),
    /// One JSON object per line, with these fields.
    Jsonl(&'a Fields),
    /// CSV with a header row, one document per row, with these columns; or, when asked
    /// (`or_text`: a file named `.csv` read by extension), one text document if the header has
    /// no text column. `tab`: the file is named `.tsv`, so a header with no delimiter (one
    /// column) or as many tabs as other delimiters is split at tabs.
    Csv {
        fields: &'a Fields,
        or_text: bool,
        tab: bool,
    },
}

/// Reads one stream: JSON lines or CSV rows with these fields, or one plain-text document.
fn read_stream(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    kind: Kind<'_>,
    tally: &mut InputTally,
    f: &mut dyn FnMut(Item),
) {
    let kind = match kind {
        Kind::TextOrPage(fields) => {
            let (head, rest) = match peek(reader, JSONL_HEAD) {
                Ok(peeked) => peeked,
                Err(e) => {
                    f(Item::Problem(Problem::skipped(
                        name.to_string(),
                        format!("read error: {}", io_message(&e)),
                    )));
                    return;
                }
            };
            reader = Box::new(BufReader::with_capacity(1 << 16, rest));
            if is_jsonl_head(&head, fields) {
                Kind::Jsonl(fields)
            } else {
                // A `.json` file is read as one plain-text document (JSON has no one way to
                // hold articles); one holding JSON (an array of articles) is said to be read
                // so: its articles would otherwise be linked to each other without a word.
                if reader::has_extension(Path::new(name), &["json"])
                    && matches!(head.trim_ascii_start().first(), Some(b'{' | b'['))
                {
                    f(Item::Problem(Problem::warning(
                        name.to_string(),
                        "JSON read as plain text, one document: for one article a line, name \
                         it .jsonl or give --input-format jsonl (jq -c '.[]' turns an array of \
                         articles into lines)"
                            .into(),
                    )));
                }
                kind
            }
        }
        kind => kind,
    };
    match kind {
        Kind::Jsonl(fields) => {
            return read_jsonl(reader, name, fields, tally, MAX_DOCUMENT_BYTES, f);
        }
        Kind::Csv {
            fields,
            or_text,
            tab,
        } => {
            let preferred = if tab { b'\t' } else { b',' };
            return read_csv(
                reader,
                name,
                fields,
                or_text,
                preferred,
                tally,
                MAX_DOCUMENT_BYTES,
                f,
            );
        }
        Kind::Text | Kind::Html | Kind::TextOrPage(_) => {}
    }
    let mut bytes = Vec::new();
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    if let Err(e) = reader.by_ref().take(limit).read_to_end(&mut bytes) {
        // (At the line reached: the bytes read before the error are in `bytes`.)
        let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        f(Item::Problem(Problem::skipped(
            format!("{name}:{line}"),
            read_error(&e, 0),
        )));
        return;
    }
    // (Where the document begins in the file: after a byte order mark, or the lines before a
    // CSV header read as text.)
    let at = tally.bytes - tally.stream_start;
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
    // (A web page in UTF-16 has NUL bytes: it is decoded below.)
    let utf16_page = matches!(kind, Kind::Html) && not_utf8(&bytes, &kind).is_none();
    if bytes[..bytes.len().min(8192)].contains(&0) && !utf16_page {
        f(Item::Problem(Problem::skipped(
            name.to_string(),
            match utf16_without_mark(&bytes[..bytes.len().min(8192)]) {
                Some(encoding) => format!(
                    "binary file (NUL byte in the first 8 KiB); skipped (if it is text, it looks \
                     like {encoding} without a byte order mark: iconv -f {encoding} -t UTF-8 \
                     converts it)"
                ),
                None => "binary file (NUL byte in the first 8 KiB); skipped".into(),
            },
        )));
        return;
    }
    if matches!(kind, Kind::Html) || (matches!(kind, Kind::TextOrPage(_)) && begins_as_page(&bytes))
    {
        let (text, why) = html::decode_page(&bytes);
        if let Some(why) = why {
            f(Item::Problem(Problem::warning(name.to_string(), why)));
        }
        tally.documents += 1;
        let page = html::read_page(&text);
        if page.text.is_empty() {
            let why = match &page.redirect {
                Some(to) => format!("page shows no text: it sends its reader on to {to}"),
                None => "page shows no text (a page its scripts fill, which entigraph does not \
                         run, or an empty one)"
                    .to_string(),
            };
            f(Item::Problem(Problem::warning(name.to_string(), why)));
        }
        f(Item::Document(Document {
            id: name.to_string(),
            text: page.text,
            date: page.date,
            title: page.title,
            url: page.url,
        }));
        return;
    }
    let text = decode(bytes, name, at, f);
    tally.documents += 1;
    f(Item::Document(Document {
        id: name.to_string(),
        text,
        date: None,
        title: None,
        url: None,
    }));
}

/// How much of a stream of unknown format is looked at to tell JSON lines.
const JSONL_HEAD: usize = 1 << 16;

/// Whether `head`, a stream's first bytes, begin JSON lines of documents with these fields: the
/// first line, whole within `head`, is an object whose text field is a string. (A first line
/// longer than `head` is read as text, as before: a key seen in part of a line may be nested.)
fn is_jsonl_head(head: &[u8], fields: &Fields) -> bool {
    let head = head.trim_ascii_start();
    if !head.starts_with(b"{") {
        return false;
    }
    // (A stream of one line without its line break is that line, if it is whole.)
    let end = memchr::memchr(b'\n', head).unwrap_or(head.len());
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&head[..end])
        .is_ok_and(|object| object.get(&fields.text).is_some_and(|t| t.is_string()))
}

/// Whether a file begins as an HTML page: `<!DOCTYPE html` or `<html`, in any case, after white
/// space (a page's first bytes), or as XHTML (an XML declaration, then the XHTML namespace).
fn begins_as_page(bytes: &[u8]) -> bool {
    let head = bytes[..bytes.len().min(512)].trim_ascii_start();
    let starts = |p: &[u8]| {
        head.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    starts(b"<!doctype html")
        || starts(b"<html")
        || (starts(b"<?xml")
            && memchr::memmem::find(head, b"http://www.w3.org/1999/xhtml").is_some())
}

/// Decodes bytes as UTF-8, lossily, with a warning at the first bad sequence, placed by its
/// offset in what `location` names (the bytes begin `at` bytes into it: after a byte order mark
/// dropped, say, which the user's tools count).
fn decode(bytes: Vec<u8>, location: &str, at: u64, f: &mut dyn FnMut(Item)) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = at + e.utf8_error().valid_up_to() as u64;
            f(Item::Problem(Problem::warning(
                location.to_string(),
                format!("invalid UTF-8 at byte {offset}; bad bytes replaced with U+FFFD"),
            )));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_hash_reads_words_not_spacing() {
        let h = text_hash("Talks resumed in Oslo. Both sides spoke.");
        assert_eq!(
            h,
            text_hash("  Talks resumed in Oslo.\r\n\r\nBoth\tsides  spoke.\n")
        );
        assert_eq!(
            h,
            xxhash_rust::xxh3::xxh3_128(b"Talks resumed in Oslo. Both sides spoke.")
        );
        assert_ne!(h, text_hash("Talks resumed in Oslo. Both sides spoke"));
        assert_ne!(h, text_hash("Talks resumed in Oslo.Both sides spoke."));
        assert_eq!(text_hash(""), text_hash(" \n "));
        // Partials keep these: the value must not change with the crate's version.
        assert_eq!(
            format!("{:032x}", text_hash("a b")),
            format!("{:032x}", TEXT_HASH_OF_A_B)
        );
    }

    /// `text_hash("a b")` when partials first kept text hashes.
    const TEXT_HASH_OF_A_B: u128 = 0xe932d71afddc92588044f8a624582c4c;

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

    /// Regression: after a byte order mark the offset of invalid UTF-8 was counted from the
    /// mark's end, 3 bytes short of where the bad byte is in the file. Rows: the bytes of a
    /// file, how it is read, and the offset told. (In a JSONL file only the first line holds
    /// the mark; a CSV file without a text column is read as text from its header on, after
    /// the blank lines before it.)
    #[test]
    fn offsets_of_invalid_utf8_count_a_byte_order_mark() {
        let fields = Fields::default();
        let csv = Kind::Csv {
            fields: &fields,
            or_text: true,
            tab: false,
        };
        let gz = |bytes: &[u8]| {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut gz, bytes).unwrap();
            gz.finish().unwrap()
        };
        let rows: [(&str, Vec<u8>, Kind<'_>, &str); 7] = [
            (
                "text",
                b"ab\xffcd".to_vec(),
                Kind::Text,
                "in: invalid UTF-8 at byte 2",
            ),
            (
                "text, BOM",
                b"\xef\xbb\xbfab\xffcd".to_vec(),
                Kind::Text,
                "in: invalid UTF-8 at byte 5",
            ),
            (
                "gzip, BOM",
                gz(b"\xef\xbb\xbfab\xffcd"),
                Kind::Text,
                "in: invalid UTF-8 at byte 5",
            ),
            (
                "JSONL line 1, BOM",
                b"\xef\xbb\xbf{\"text\":\"a\xff\"}\n".to_vec(),
                Kind::Jsonl(&fields),
                "in:1: invalid UTF-8 at byte 13",
            ),
            (
                "JSONL line 2, BOM",
                b"\xef\xbb\xbf{\"text\":\"a\"}\n{\"text\":\"a\xff\"}\n".to_vec(),
                Kind::Jsonl(&fields),
                "in:2: invalid UTF-8 at byte 10",
            ),
            (
                "CSV read as text, BOM",
                b"\xef\xbb\xbfwhen,who\n2024,\xff\n".to_vec(),
                csv,
                "in: invalid UTF-8 at byte 17",
            ),
            (
                "CSV read as text, BOM and a blank line",
                b"\xef\xbb\xbf\nwhen,who\n2024,\xff\n".to_vec(),
                csv,
                "in: invalid UTF-8 at byte 18",
            ),
        ];
        for (what, bytes, kind, want) in rows {
            let mut tally = InputTally::default();
            let mut problems = Vec::new();
            let reader = decompressed(Box::new(&bytes[..]), None, &mut tally).unwrap();
            read_stream(reader, "in", kind, &mut tally, &mut |i| {
                if let Item::Problem(p) = i {
                    problems.push(p.to_string());
                }
            });
            let invalid: Vec<&String> = problems.iter().filter(|p| p.contains("UTF-8")).collect();
            assert_eq!(invalid.len(), 1, "{what}: {problems:?}");
            assert!(invalid[0].starts_with(want), "{what}: {problems:?}");
        }
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
        assert!(problems[0].message.starts_with("not a JSON object ("));
        assert!(problems[1].message.starts_with("not a JSON object ("));
    }

    #[test]
    fn binary_is_skipped() {
        let (docs, problems) = collect(b"\x7fELF\0\0\x01", false);
        assert!(docs.is_empty());
        assert!(problems[0].skipped);
    }
}
