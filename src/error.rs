//! The library's error type.
//!
//! Every variant carries what a user needs to find and fix the problem: the file, the line and
//! column where one applies, and the value that was wrong.

use std::path::PathBuf;

/// A specialised `Result` for entigraph's library functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer row could not be parsed.
    #[error("{path}:{line}:{column}: {message}")]
    Gazetteer {
        /// The gazetteer file (or `<builtin>/NAME` for a built-in one).
        path: String,
        /// 1-based line number.
        line: usize,
        /// 1-based column (character) number where the problem starts.
        column: usize,
        /// What was wrong and what was expected.
        message: String,
    },
    /// A line of a JSONL input could not be used as a document.
    #[error("{path}:{line}: {message}")]
    Document {
        /// The input file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// A graph file could not be read.
    #[error("{path}: {message}")]
    Graph {
        /// The graph file.
        path: String,
        /// What was wrong.
        message: String,
    },
    /// A graph file is not valid JSON, or not a graph, at a place in it.
    #[error("{path}:{line}:{column}: {message}")]
    GraphAt {
        /// The graph file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// 1-based column (byte) number.
        column: usize,
        /// What was wrong.
        message: String,
    },
    /// An option had a value that cannot be used.
    #[error("invalid option: {0}")]
    Option(String),
    /// An I/O error on a named file. The message is the path; the reason is the error's
    /// `source()`, which `{:#}` in anyhow (or any error-chain printer) appends once.
    #[error("{}", path.display())]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the path it happened on.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
