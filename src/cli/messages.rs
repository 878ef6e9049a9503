//! Messages to the user on stderr: warnings, notes, skips and the final error.
//!
//! `eprintln!` panics when stderr cannot be written (a pipe whose reader is gone, as in
//! `entigraph build news 2> >(head -c1)`): the run would end with exit code 101 in the middle of
//! its work, and `extract` before its buffered mentions are out. No message is worth the run, so
//! `message!` writes as `eprintln!` does and drops a failed write: the run completes, and its exit
//! code still says how it went (ripgrep:crates/core/messages.rs ignores such errors too).
//!
//! A message is one line that begins with what it is about (`FILE:LINE: ...`), and what it
//! quotes comes from the user's files: a file name may hold a line break or a terminal's escape
//! sequence (`touch $'a\nb.txt'`), a document id anything. Such characters are written escaped
//! ([`one_line`]), so that a name can neither split its message nor change what the terminal
//! shows.

use std::borrow::Cow;

/// Writes a line to stderr as `eprintln!` does, its control characters escaped ([`one_line`]),
/// ignoring a write that fails.
macro_rules! message {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", $crate::cli::messages::one_line(&text));
    }};
}

/// `text` with the characters that would break its line or change what a terminal shows escaped
/// as Rust writes them (`\n`, `\t`, `\u{1b}`): control characters, and the bidirectional
/// controls that reorder the text around them (U+202A-U+202E, U+2066-U+2069). Other text,
/// backslashes included, is left as it is.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    let escaped =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn control_and_bidi_characters_are_escaped_and_nothing_else() {
        let rows = [
            ("in/a.txt:3: binary file", "in/a.txt:3: binary file"),
            ("bad\nname.txt", "bad\\nname.txt"),
            ("tab\there\r", "tab\\there\\r"),
            ("\u{1b}[2Jcleared", "\\u{1b}[2Jcleared"),
            ("nul\0 del\u{7f} c1\u{85}", "nul\\u{0} del\\u{7f} c1\\u{85}"),
            ("evil\u{202e}txt.exe", "evil\\u{202e}txt.exe"),
            ("Erdoğan – 習近平 \\ \"q\"", "Erdoğan – 習近平 \\ \"q\""),
        ];
        for (text, want) in rows {
            assert_eq!(one_line(text), want, "{text:?}");
        }
    }
}
