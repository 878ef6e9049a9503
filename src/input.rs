//! Input: from paths on the command line to documents.
//!
//! - A text file is one document whose id is its path as given (or as found under a directory).
//! - A `.jsonl`/`.ndjson` file holds one JSON object per line: `id` (string or number), `text`
//!   (string), optional `date`, `title`, `url`, `source`. A line without `id` gets `PATH:LINE`.
//! - A `.gz` file is decompressed first (`.jsonl.gz`, `.txt.gz`).
//! - A directory is walked recursively in sorted order; hidden entries are skipped.
//! - `-` is standard input, read as one text document (or as JSONL with `--input-format jsonl`).
//!
//! Invalid UTF-8 is decoded lossily (each bad sequence becomes U+FFFD) and reported as a warning
//! naming the document and the byte offset of the first bad sequence. A file whose first 8 KiB
//! hold a NUL byte is taken as binary and skipped. A malformed JSONL line is reported with its
//! file and line and skipped; the rest of the file is read. Documents larger than
//! [`MAX_DOCUMENT_BYTES`] are skipped.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::gazetteer::Fnv;

/// The largest document processed (256 MiB); larger ones are reported and skipped. Peak memory
/// is about nine times the largest document (measured: 1.8 GB for a 200 MB one).
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// One document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable id: the JSONL `id`, else the file path.
    pub id: String,
    /// The text.
    pub text: String,
    /// Date (`YYYY-MM-DD...`), from JSONL.
    pub date: Option<String>,
    /// Title, from JSONL.
    pub title: Option<String>,
}

/// How a given input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension: `.jsonl`, `.ndjson` (optionally `.gz`) are JSONL, everything else text.
    #[default]
    Auto,
    /// Every file is one text document.
    Text,
    /// Every file is JSONL.
    Jsonl,
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
    hash: Option<Fnv>,
}

impl InputTally {
    fn add_bytes(&mut self, b: &[u8]) {
        self.bytes += b.len() as u64;
        self.hash.get_or_insert_with(Fnv::new).write(b);
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

/// Reads one input (file, directory or `-`), calling `f` for every document and problem.
pub fn read_input(
    input: &Path,
    format: InputFormat,
    tally: &mut InputTally,
    f: &mut dyn FnMut(Item),
) {
    if input == Path::new("-") {
        let stdin = std::io::stdin();
        let lock = stdin.lock();
        let jsonl = format == InputFormat::Jsonl;
        read_stream(Box::new(lock), "-", jsonl, tally, f);
        return;
    }
    let meta = match std::fs::metadata(input) {
        Ok(m) => m,
        Err(e) => {
            f(Item::Problem(Problem {
                location: input.display().to_string(),
                message: io_message(&e),
                skipped: true,
            }));
            return;
        }
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        walk(input, &mut files, f);
        for file in files {
            read_file(&file, format, tally, f);
        }
    } else {
        read_file(input, format, tally, f);
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, f: &mut dyn FnMut(Item)) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            f(Item::Problem(Problem {
                location: dir.display().to_string(),
                message: format!("cannot read directory: {}", io_message(&e)),
                skipped: true,
            }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out, f);
        } else {
            out.push(p);
        }
    }
}

fn is_jsonl(path: &Path) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

fn read_file(path: &Path, format: InputFormat, tally: &mut InputTally, f: &mut dyn FnMut(Item)) {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            f(Item::Problem(Problem {
                location: name,
                message: io_message(&e),
                skipped: true,
            }));
            return;
        }
    };
    let gz = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let reader: Box<dyn BufRead> = if gz {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(BufReader::new(file)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let jsonl = match format {
        InputFormat::Auto => is_jsonl(path),
        InputFormat::Text => false,
        InputFormat::Jsonl => true,
    };
    read_stream(reader, &name, jsonl, tally, f);
}

fn read_stream(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    jsonl: bool,
    tally: &mut InputTally,
    f: &mut dyn FnMut(Item),
) {
    if jsonl {
        read_jsonl(reader, name, tally, f);
        return;
    }
    let mut bytes = Vec::new();
    let limit = MAX_DOCUMENT_BYTES as u64 + 1;
    if let Err(e) = reader.by_ref().take(limit).read_to_end(&mut bytes) {
        f(Item::Problem(Problem {
            location: name.to_string(),
            message: format!("read error: {}", io_message(&e)),
            skipped: true,
        }));
        return;
    }
    tally.add_bytes(&bytes);
    if bytes.len() > MAX_DOCUMENT_BYTES {
        f(Item::Problem(Problem {
            location: name.to_string(),
            message: format!(
                "document larger than {} MiB; skipped (split it into several documents)",
                MAX_DOCUMENT_BYTES >> 20
            ),
            skipped: true,
        }));
        return;
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        f(Item::Problem(Problem {
            location: name.to_string(),
            message: "binary file (NUL byte in the first 8 KiB); skipped".into(),
            skipped: true,
        }));
        return;
    }
    let text = decode(bytes, name, f);
    tally.documents += 1;
    f(Item::Document(Document {
        id: name.to_string(),
        text,
        date: None,
        title: None,
    }));
}

/// Decodes bytes as UTF-8, lossily, with a warning at the first bad sequence.
fn decode(bytes: Vec<u8>, location: &str, f: &mut dyn FnMut(Item)) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            f(Item::Problem(Problem {
                location: location.to_string(),
                message: format!("invalid UTF-8 at byte {offset}; bad bytes replaced with U+FFFD"),
                skipped: false,
            }));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

#[derive(Deserialize)]
struct JsonDoc {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<serde_json::Value>,
}

fn read_jsonl(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    tally: &mut InputTally,
    f: &mut dyn FnMut(Item),
) {
    let mut line = Vec::new();
    let mut line_no = 0usize;
    loop {
        line.clear();
        let limit = MAX_DOCUMENT_BYTES as u64 + 1;
        match reader.by_ref().take(limit).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                f(Item::Problem(Problem {
                    location: format!("{name}:{}", line_no + 1),
                    message: format!("read error: {}", io_message(&e)),
                    skipped: true,
                }));
                break;
            }
        }
        line_no += 1;
        tally.add_bytes(&line);
        let loc = format!("{name}:{line_no}");
        if line.len() > MAX_DOCUMENT_BYTES && !line.ends_with(b"\n") {
            f(Item::Problem(Problem {
                location: loc,
                message: format!("line longer than {} MiB; skipped", MAX_DOCUMENT_BYTES >> 20),
                skipped: true,
            }));
            // Skip the rest of the line.
            let mut sink = Vec::new();
            let _ = reader.read_until(b'\n', &mut sink);
            continue;
        }
        let raw = std::mem::take(&mut line);
        let s = decode(raw, &loc, f);
        let t = s.trim();
        if t.is_empty() {
            line = s.into_bytes();
            continue;
        }
        let skip = |message: String, f: &mut dyn FnMut(Item)| {
            f(Item::Problem(Problem {
                location: loc.clone(),
                message,
                skipped: true,
            }))
        };
        let doc: JsonDoc = match serde_json::from_str(t) {
            Ok(d) => d,
            Err(e) => {
                skip(format!("invalid JSON ({e}); line skipped"), f);
                line = s.into_bytes();
                continue;
            }
        };
        let text = match doc.text {
            Some(serde_json::Value::String(t)) => t,
            Some(_) => {
                skip("\"text\" is not a string; line skipped".into(), f);
                line = s.into_bytes();
                continue;
            }
            None => {
                skip("no \"text\" field; line skipped".into(), f);
                line = s.into_bytes();
                continue;
            }
        };
        let id = match doc.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None | Some(serde_json::Value::Null) => loc.clone(),
            Some(_) => {
                skip("\"id\" is not a string or number; line skipped".into(), f);
                line = s.into_bytes();
                continue;
            }
        };
        let as_string = |v: Option<serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        tally.documents += 1;
        f(Item::Document(Document {
            id,
            text,
            date: as_string(doc.date),
            title: as_string(doc.title),
        }));
        line = s.into_bytes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8], jsonl: bool) -> (Vec<Document>, Vec<Problem>) {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        let mut tally = InputTally::default();
        read_stream(Box::new(bytes), "in", jsonl, &mut tally, &mut |i| match i {
            Item::Document(d) => docs.push(d),
            Item::Problem(p) => problems.push(p),
        });
        (docs, problems)
    }

    #[test]
    fn jsonl_skips_bad_lines_and_keeps_the_rest() {
        let input = b"{\"id\":\"a\",\"text\":\"A\"}\nnot json\n\n{\"id\":7,\"text\":\"B\",\"date\":\"2015-09-17\"}\n{\"id\":\"c\"}\n{\"text\":\"D\"}\n";
        let (docs, problems) = collect(input, true);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "7", "in:6"]);
        assert_eq!(docs[1].date.as_deref(), Some("2015-09-17"));
        let locs: Vec<&str> = problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(locs, ["in:2", "in:5"]);
        assert!(problems.iter().all(|p| p.skipped));
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
    fn binary_is_skipped() {
        let (docs, problems) = collect(b"\x7fELF\0\0\x01", false);
        assert!(docs.is_empty());
        assert!(problems[0].skipped);
    }
}
