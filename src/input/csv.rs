//! CSV and TSV: a header row, then one document per row, its text, id, date, title and address
//! from the columns [`Fields`] names; the delimiter told from the header, a bad row reported
//! and skipped, and a last row still being written (a quoted cell open at the end) left for a
//! later run.

use std::borrow::Cow;
use std::io::{BufRead, Read};

use super::fields::{Fields, RepeatedIds, document_date, title_and_url};
use super::{
    Document, InputTally, Item, Kind, Problem, io_message, read_stream, shorten, shown_size,
};

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
/// - Excel's `sep=;` first line names the delimiter; otherwise it is taken from the header, and
///   on a tie (a header of one column) it is `preferred` (the tab for a file named `.tsv`).
/// - A file without the text's column is skipped whole, with the columns it has, or read as one
///   text document with a warning (`or_text`: a file taken for CSV by its name, which may be any
///   table). An empty file holds no document.
///
/// [`MAX_DOCUMENT_BYTES`]: super::MAX_DOCUMENT_BYTES
#[allow(clippy::too_many_arguments)]
pub(super) fn read_csv(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    fields: &Fields,
    or_text: bool,
    preferred: u8,
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
        let raw = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
        // ("sep=" and the delimiter, which may be a tab: only the line's end is cut off.)
        let unended = raw.strip_suffix(b"\n").unwrap_or(raw);
        let unended = unended.strip_suffix(b"\r").unwrap_or(unended);
        if let Some(&[d]) = unended.strip_prefix(b"sep=") {
            tally.add_bytes(&head);
            delimiter = Some(d);
            first_line += 1;
            continue;
        }
        if raw.trim_ascii().is_empty() {
            tally.add_bytes(&head);
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
    let delimiter = delimiter.unwrap_or_else(|| csv_delimiter(&head, preferred));
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
    // (A cell: the rows counted are also said with a read error after them.)
    let documents = std::cell::Cell::new(0u64);
    let mut ids = RepeatedIds::default();
    // A row read (a document, or a problem with it), told once the next row starts.
    let mut count = |held: Result<(Document, String), Problem>, f: &mut dyn FnMut(Item)| match held
    {
        Ok((doc, loc)) => {
            documents.set(documents.get() + 1);
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
            // The row's own bytes, from where it starts (which `line_of` kept) to its end.
            let mut raw = 0..0;
            if let Some(at) = at {
                let end = csv.position().byte();
                let pending_start = csv.get_mut().pending_start;
                raw = at.saturating_sub(pending_start) as usize
                    ..end.saturating_sub(pending_start) as usize;
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
                Ok(true) => {
                    let pending = &csv.get_mut().pending;
                    let raw = pending.get(raw).unwrap_or_default();
                    if let Some(lines) = closed_inside_a_later_line(raw, delimiter) {
                        let closed = line.unwrap_or(0) + lines;
                        held = Some(Err(Problem::skipped(
                            loc,
                            format!(
                                "a quoted cell opened on this line is closed on line {closed} \
                                 and goes on after its closing quote: a closing quote is \
                                 probably missing, and the cell took in the lines between; row \
                                 skipped"
                            ),
                        )));
                        continue;
                    }
                }
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
                            // (The csv crate gives no position with a read error: the line is
                            // that of the row being read.)
                            let counting = csv.get_mut();
                            let line = counting.line_of(counting.row_start) + first_line - 1;
                            f(skipped(
                                format!("{name}:{line}"),
                                super::read_error(io, documents.get()),
                            ));
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
    tally.documents += documents.get();
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

/// Whether a row's raw bytes hold a quoted cell that runs over a line break and goes on after
/// its closing quote (`"Norway met⏎q2,China met⏎q3,"Chile met"`): the csv crate takes the text
/// after a closing quote into the cell, so a closing quote left out makes one cell of the rows
/// after it up to the next quote, without an error when the cell count comes out right. That
/// quote most likely opened a later row's cell. Returns how many line breaks come before the
/// closing quote.
fn closed_inside_a_later_line(row: &[u8], delimiter: u8) -> Option<u64> {
    let (mut cell_start, mut quoted, mut breaks, mut breaks_in_cell) = (true, false, 0u64, false);
    let mut i = 0;
    while i < row.len() {
        let b = row[i];
        if quoted {
            if b == b'"' {
                if row.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                    // (Spaces after a closing quote are the cell's end too: `"a⏎b" ,x`.)
                    let next = row[i + 1..]
                        .iter()
                        .copied()
                        .find(|&c| c != b' ' && c != b'\t');
                    let ends = next.is_none_or(|n| n == delimiter || n == b'\n' || n == b'\r');
                    if breaks_in_cell && !ends {
                        return Some(breaks);
                    }
                }
            } else if b == b'\n' || (b == b'\r' && row.get(i + 1) != Some(&b'\n')) {
                breaks += 1;
                breaks_in_cell = true;
            }
        } else if b == b'"' && cell_start {
            quoted = true;
            breaks_in_cell = false;
        }
        cell_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    None
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

/// The delimiter of a CSV file, from its header row: the one of comma, semicolon and tab the
/// header holds most of outside quotes (spreadsheets in many European locales export with `;`),
/// or on a tie (a header of one column holds none) the `preferred` one: the tab for a file named
/// `.tsv`, else the comma.
fn csv_delimiter(header: &[u8], preferred: u8) -> u8 {
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
    let delimiters = [b',', b';', b'\t'];
    let best = (0..3)
        .max_by_key(|&i| (counts[i], delimiters[i] == preferred, i == 0))
        .unwrap_or(0);
    delimiters[best]
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
    use std::io::BufReader;

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
                b',',
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

    /// The delimiter is the one the header holds most of; on a tie (one column: none) the
    /// preferred one, the tab for a `.tsv`.
    #[test]
    fn a_quoted_cell_closed_inside_a_later_line_is_found() {
        let found = |row: &str| closed_inside_a_later_line(row.as_bytes(), b',');
        assert_eq!(found("q1,\"Norway\nq2,China\nq3,\"Chile\"\n"), Some(2));
        assert_eq!(found("q1,\"Norway\r\nq3,\"Chile\"\r\n"), Some(1));
        // A cell over two lines that ends where a cell ends; quotes doubled inside one; a quote
        // with text after it on one line (sloppy, but nothing taken in).
        assert_eq!(found("q1,\"Norway\nmet \"\"Russia\"\"\",x\n"), None);
        assert_eq!(found("q1,\"Norway\nmet\"\n"), None);
        assert_eq!(found("q1,\"Norway\" said,x\n"), None);
        assert_eq!(found("q1,a\"b\nq2\n"), None);
        assert_eq!(found("q1,\"Norway met\nChina\" ,x\n"), None);
    }

    #[test]
    fn the_delimiter_is_guessed_from_the_header() {
        let rows: &[(&str, u8, u8)] = &[
            ("id,text", b',', b','),
            ("id;text;date", b',', b';'),
            ("id\ttext", b',', b'\t'),
            ("\"a,b\";text;date", b',', b';'),
            ("text", b',', b','),
            ("text", b'\t', b'\t'),
            ("id,text", b'\t', b','),
            ("id;text", b'\t', b';'),
        ];
        for &(header, preferred, want) in rows {
            assert_eq!(
                csv_delimiter(header.as_bytes(), preferred),
                want,
                "{header:?} {preferred}"
            );
        }
    }
}
