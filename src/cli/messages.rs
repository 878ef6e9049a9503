//! Messages to the user on stderr: warnings, notes, skips and the final error.
//!
//! `eprintln!` panics when stderr cannot be written (a pipe whose reader is gone, as in
//! `entigraph build news 2> >(head -c1)`): the run would end with exit code 101 in the middle of
//! its work, and `extract` before its buffered mentions are out. No message is worth the run, so
//! `message!` writes as `eprintln!` does and drops a failed write: the run completes, and its exit
//! code still says how it went (ripgrep:crates/core/messages.rs ignores such errors too).

/// Writes a line to stderr as `eprintln!` does, ignoring a write that fails.
macro_rules! message {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
