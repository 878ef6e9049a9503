//! JSON lines: one document per line, an object whose fields ([`Fields`]) are picked as the
//! line is parsed, the others skipped unread; a bad line reported and skipped, and a last line
//! still being written left for a later run.

use std::io::{BufRead, Read};

use serde::Deserialize;

use super::fields::{Fields, RepeatedIds, document_date, title_and_url};
use super::{Document, InputTally, Item, Problem, decode, io_message, shorten, shown_size};

/// The values of a JSONL line's [`Fields`]; the line's other fields are skipped unread.
#[derive(Default)]
struct JsonDoc {
    /// As written: a number's digits are kept whatever its size.
    id: Option<Box<serde_json::value::RawValue>>,
    text: Option<serde_json::Value>,
    date: Option<serde_json::Value>,
    title: Option<serde_json::Value>,
    url: Option<serde_json::Value>,
}

impl Fields {
    /// Reads a JSONL line's object, keeping the values of these fields.
    fn pick(&self, line: &str) -> serde_json::Result<JsonDoc> {
        use serde::de::DeserializeSeed;
        let mut de = serde_json::Deserializer::from_str(line);
        let doc = Pick(self).deserialize(&mut de)?;
        de.end()?;
        Ok(doc)
    }
}

/// Deserializes a JSON object into a [`JsonDoc`], by the field names of a [`Fields`].
struct Pick<'a>(&'a Fields);

impl<'de> serde::de::DeserializeSeed<'de> for Pick<'_> {
    type Value = JsonDoc;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<JsonDoc, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Pick<'_> {
    type Value = JsonDoc;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonDoc, A::Error> {
        let fields = self.0;
        let mut doc = JsonDoc::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            let slot = if key == fields.text {
                &mut doc.text
            } else if key == fields.id {
                if doc.id.is_some() {
                    return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}`")));
                }
                doc.id = Some(map.next_value()?);
                continue;
            } else if key == fields.date {
                &mut doc.date
            } else if fields.title.as_deref() == Some(&*key) {
                &mut doc.title
            } else if fields.url.as_deref() == Some(&*key) {
                &mut doc.url
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            if slot.is_some() {
                return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}`")));
            }
            *slot = Some(map.next_value()?);
        }
        Ok(doc)
    }
}

/// An object key, borrowed from the line when it holds no escape.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// The names of a JSON object's fields, for a hint when the text's field is missing.
fn field_names(line: &str) -> Vec<String> {
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// Reads JSON lines, one document per line, calling `f` for each document and problem: a line
/// that is no JSON object, has no text or is past `max_line` bytes ([`MAX_DOCUMENT_BYTES`] but
/// in tests) is skipped and reported at its line. The rest of a line past the limit is read a
/// buffer at a time into the input's size and hash only, never held. A last line without its
/// line end that is no whole JSON is left for a later run (see below); lines counted before
/// (`build --append` of a file that grew) are hashed, not read.
///
/// [`MAX_DOCUMENT_BYTES`]: super::MAX_DOCUMENT_BYTES
pub(super) fn read_jsonl(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    fields: &Fields,
    tally: &mut InputTally,
    max_line: usize,
    f: &mut dyn FnMut(Item),
) {
    let mut line = Vec::new();
    let mut line_no = 0usize;
    // Lines counted before, in a file that grew since: hashed, not read.
    let skip_before = std::mem::take(&mut tally.skip_before);
    let mut ids = RepeatedIds::default();
    let documents_before = tally.documents;
    // Which of the fields an option named (id, date, title, url) some document line has, and
    // the fields of the first: a misspelt option is said once, at the end of the file.
    let mut seen = [false; 4];
    let mut first_fields: Option<Vec<String>> = None;
    loop {
        line.clear();
        let limit = max_line as u64 + 1;
        match reader.by_ref().take(limit).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                f(Item::Problem(Problem::skipped(
                    format!("{name}:{}", line_no + 1),
                    super::read_error(&e, tally.documents - documents_before),
                )));
                break;
            }
        }
        line_no += 1;
        // A last line without its line end that is no whole JSON is still being written (a
        // feed read mid-write): left out, and out of the bytes counted, so that the next run
        // reads it once it is finished and knows the bytes before it as counted. (A whole one
        // is read: many files end without a line end.) Standard input has no next run.
        if !line.ends_with(b"\n") && line.len() <= max_line && name != "-" {
            let t = line.trim_ascii();
            if t.is_empty() {
                break;
            }
            let t = String::from_utf8_lossy(t);
            if serde_json::from_str::<serde::de::IgnoredAny>(&t).is_err() {
                f(Item::Problem(Problem::warning(
                    format!("{name}:{line_no}"),
                    "the last line is not finished (no line end, and no whole JSON); left \
                     out, and out of the bytes counted, for a later run to read once it is"
                        .into(),
                )));
                break;
            }
        }
        // (A line counted before ends at `skip_before`, or just before the line break there.)
        let line_start = tally.bytes;
        if line.len() > max_line && !line.ends_with(b"\n") {
            // As the tally was before the line: a last line still being written is left out of
            // the bytes counted, as a short one is above.
            let before = (name != "-").then(|| tally.clone());
            tally.add_bytes(&line);
            let loc = format!("{name}:{line_no}");
            let too_long = format!("line longer than {}", shown_size(max_line));
            match skip_rest_of_line(&mut reader, tally) {
                Err(e) => {
                    f(Item::Problem(Problem::skipped(
                        loc,
                        format!(
                            "{too_long}; skipped, and reading stopped: read error: {}",
                            io_message(&e)
                        ),
                    )));
                    break;
                }
                Ok(false) if before.is_some() => {
                    *tally = before.unwrap_or_default();
                    f(Item::Problem(Problem::warning(
                        loc,
                        format!(
                            "the last line is not finished (no line end; {too_long} so far); \
                             left out, and out of the bytes counted, for a later run to read \
                             once it is"
                        ),
                    )));
                    break;
                }
                Ok(_) if line_start >= skip_before => {
                    f(Item::Problem(Problem::skipped(
                        loc,
                        format!("{too_long}; skipped"),
                    )));
                }
                Ok(_) => {}
            }
            continue;
        }
        tally.add_bytes(&line);
        if line_start < skip_before {
            continue;
        }
        let loc = format!("{name}:{line_no}");
        let raw = std::mem::take(&mut line);
        // Offsets are in the line as it is in the file: the first one's counts a byte order
        // mark dropped before it.
        let at = if line_no == 1 {
            line_start - tally.stream_start
        } else {
            0
        };
        let s = decode(raw, &loc, at, f);
        let t = s.trim();
        if t.is_empty() {
            line = s.into_bytes();
            continue;
        }
        let skip = |message: String, f: &mut dyn FnMut(Item)| {
            f(Item::Problem(Problem::skipped(loc.clone(), message)))
        };
        // A line that does not open an object is said to be none, before serde's detail.
        // (serde would take an array for the fields in order.)
        if !t.starts_with('{') {
            skip(format!("{}; line skipped", not_an_object(&s, t)), f);
            line = s.into_bytes();
            continue;
        }
        // A JSON writer that cut a character of four UTF-8 bytes in two (Python's
        // `ensure_ascii` writes one as a pair of escapes) leaves a lone surrogate escape,
        // which serde refuses: it is read as U+FFFD, with a warning, and the line kept.
        let picked = fields.pick(t).or_else(|e| match mend_surrogates(t) {
            Some((mended, n)) => {
                let doc = fields.pick(&mended).map_err(|_| e)?;
                f(Item::Problem(Problem::warning(
                    loc.clone(),
                    lone_surrogates(n),
                )));
                Ok(doc)
            }
            None => Err(e),
        });
        let doc = match picked {
            Ok(d) => d,
            Err(e) => {
                skip(format!("{}; line skipped", invalid_json(&s, t, &e)), f);
                line = s.into_bytes();
                continue;
            }
        };
        let text = match doc.text {
            Some(serde_json::Value::String(t)) => t,
            Some(v) => {
                let what = not_a_string(&fields.text, &shown(&v), "a string");
                skip(format!("{what}; line skipped"), f);
                line = s.into_bytes();
                continue;
            }
            None => {
                let names = field_names(t);
                let hint = if names.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (its fields: {}; --text-field names the text's)",
                        names.join(", ")
                    )
                };
                skip(format!("no {:?} field{hint}; line skipped", fields.text), f);
                line = s.into_bytes();
                continue;
            }
        };
        for (seen, has) in seen.iter_mut().zip([
            doc.id.is_some(),
            doc.date.is_some(),
            doc.title.is_some(),
            doc.url.is_some(),
        ]) {
            *seen |= has;
        }
        if first_fields.is_none() {
            first_fields = Some(field_names(t));
        }
        let raw = doc.id.as_deref().map(|r| r.get().trim());
        let id = match raw {
            // An empty id is no id: the line's place, as in CSV (where ids are trimmed, as
            // here: " 17 " and "17" are one id).
            None | Some("null") => loc.clone(),
            Some(r) if r.starts_with('"') => match serde_json::from_str::<String>(r) {
                Ok(s) if s.trim().is_empty() => loc.clone(),
                Ok(s) => s.trim().to_string(),
                // (Lone surrogates in the id: the rest of the line was read without them.)
                Err(_) => match mend_surrogates(r)
                    .and_then(|(m, n)| Some((serde_json::from_str::<String>(&m).ok()?, n)))
                {
                    Some((s, n)) if !s.trim().is_empty() => {
                        f(Item::Problem(Problem::warning(
                            loc.clone(),
                            lone_surrogates(n),
                        )));
                        s.trim().to_string()
                    }
                    _ => loc.clone(),
                },
            },
            // A number as written: 20-digit ids keep their digits.
            Some(r) if r.starts_with(|c: char| c == '-' || c.is_ascii_digit()) => r.to_string(),
            // A list or object (MongoDB's {"$oid": ...}) or true/false names no document; its
            // text is still counted, under the line's place as a line without an id is.
            Some(r) => {
                let what = not_a_string(&fields.id, &shorten(r), "a string or number");
                f(Item::Problem(Problem::warning(
                    loc.clone(),
                    format!("{what}; counted with the line's place, {loc}, as its id"),
                )));
                loc.clone()
            }
        };
        let date = match doc.date {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(d)) => {
                let shown = || serde_json::to_string(&shorten(&d)).unwrap_or_default();
                document_date(Some(&d), shown, &loc, fields, f)
            }
            Some(d) => document_date(None, || shown(&d), &loc, fields, f),
        };
        // A title or address of another type than a string is none, with a warning (a number
        // may be a title, "1984", but a JSON writer that wrote it so likely took a field of
        // numbers for the title's: the user is told, as for a date).
        let mut string =
            |value: Option<serde_json::Value>, field: Option<&str>, what: &str| match value {
                None | Some(serde_json::Value::Null) => None,
                Some(serde_json::Value::String(s)) => Some(s),
                Some(v) => {
                    let field = field.unwrap_or_default();
                    let message = not_a_string(field, &shown(&v), "a string");
                    f(Item::Problem(Problem::warning(
                        loc.clone(),
                        format!("{message}; counted without {what}"),
                    )));
                    None
                }
            };
        let title = string(doc.title, fields.title.as_deref(), "a title");
        let url = string(doc.url, fields.url.as_deref(), "an address");
        let (title, url) = title_and_url(title.as_deref(), url.as_deref(), &loc, fields, f);
        tally.documents += 1;
        ids.note(&id, &loc);
        f(Item::Document(Document {
            id,
            text,
            date,
            title,
            url,
        }));
        line = s.into_bytes();
    }
    if let Some(names) = first_fields {
        let defaults = Fields::default();
        let options = [
            ("--id-field", Some(&fields.id), Some(&defaults.id)),
            ("--date-field", Some(&fields.date), Some(&defaults.date)),
            (
                "--title-field",
                fields.title.as_ref(),
                defaults.title.as_ref(),
            ),
            ("--url-field", fields.url.as_ref(), defaults.url.as_ref()),
        ];
        for ((option, want, default), seen) in options.into_iter().zip(seen) {
            if let Some(want) = want.filter(|&w| !seen && Some(w) != default) {
                f(Item::Problem(Problem::warning(
                    name.to_string(),
                    format!(
                        "no line has a {want:?} field for {option} (the fields of its first \
                         document: {})",
                        names.join(", ")
                    ),
                )));
            }
        }
    }
    ids.report(f);
}

/// `t` with each lone UTF-16 surrogate escape (`\ud83d` not followed by a low one, or a low one
/// alone) written as `\ufffd`, and how many there were; `None` when there is none.
fn mend_surrogates(t: &str) -> Option<(String, usize)> {
    let b = t.as_bytes();
    let escape = |i: usize| -> Option<u16> {
        if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = t.get(i + 2..i + 6)?;
        u16::from_str_radix(hex, 16).ok()
    };
    let (high, low) = (0xD800..0xDC00, 0xDC00..0xE000);
    let (mut out, mut copied, mut n, mut i) = (String::new(), 0, 0, 0);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(u) = escape(i) else {
            // Any other escape is two bytes ("\\", "\""); a bad one is serde's to report.
            i += 2;
            continue;
        };
        if high.contains(&u) && escape(i + 6).is_some_and(|v| low.contains(&v)) {
            i += 12;
            continue;
        }
        if high.contains(&u) || low.contains(&u) {
            out.push_str(&t[copied..i]);
            out.push_str("\\ufffd");
            copied = i + 6;
            n += 1;
        }
        i += 6;
    }
    (n > 0).then(|| {
        out.push_str(&t[copied..]);
        (out, n)
    })
}

fn lone_surrogates(n: usize) -> String {
    format!(
        "{} (half of a character a JSON writer cut in two) read as U+FFFD",
        crate::export::Count(n as u64, "lone surrogate escape", "lone surrogate escapes")
    )
}

/// A JSON value, as a message shows it: as written, cut to 40 characters.
fn shown(v: &serde_json::Value) -> String {
    shorten(&v.to_string())
}

/// That `field` holds the value `shown`, which is not `wanted`.
fn not_a_string(field: &str, shown: &str, wanted: &str) -> String {
    format!("{field:?} is {shown}, not {wanted}")
}

/// What each line of a JSONL file must be, for messages about one that is not.
const ONE_OBJECT: &str = "each line of a JSONL file must be one {...} object";

/// What is wrong with a line (`t`, `line` trimmed) that does not open a JSON object: a plain
/// statement first, then what it is (valid JSON of another kind) or serde's detail.
fn not_an_object(line: &str, t: &str) -> String {
    match serde_json::from_str::<serde::de::IgnoredAny>(t) {
        Ok(_) => {
            let what = match t.as_bytes().first() {
                Some(b'"') => "a string",
                Some(b'[') => "a list",
                Some(b't' | b'f') => "true or false",
                Some(b'n') => "null",
                _ => "a number",
            };
            format!("not a JSON object ({ONE_OBJECT}; this one is {what})")
        }
        Err(e) => {
            let (what, column) = serde_detail(line, t, &e);
            format!("not a JSON object ({ONE_OBJECT}): {what} at column {column}")
        }
    }
}

/// What is wrong with a line (`t`, `line` trimmed) that opens a JSON object serde could not
/// read: a plain statement of the fault first (serde's terse words, "key must be a string",
/// "expected ident", mean little to a reader who did not write a parser), then serde's detail
/// and the column.
fn invalid_json(line: &str, t: &str, e: &serde_json::Error) -> String {
    let (what, column) = serde_detail(line, t, e);
    if e.classify() == serde_json::error::Category::Eof {
        return format!(
            "the object does not end on its line (each line of a JSONL file must be one whole \
             {{...}} object; JSON written over several lines is not JSONL): {what} at column \
             {column}"
        );
    }
    if let Some(name) = (what.strip_prefix(DUPLICATE)).and_then(|w| w.strip_suffix('`')) {
        return format!("the field {name:?} is given twice, at column {column}");
    }
    let hint = match what.as_str() {
        "key must be a string" => "a field name must be in double quotes",
        "trailing characters" => "more follows the object's closing brace",
        "trailing comma" => "a comma before a closing brace or bracket",
        "invalid escape" => "a backslash in a string must be doubled, as \\\\, unless it escapes",
        "expected value" => {
            "a value is missing or not JSON: strings take double quotes, and NaN or Infinity are \
             no JSON numbers"
        }
        "expected ident" => "a word other than true, false or null",
        "expected `,` or `}`" => "a comma missing between fields, or the closing brace",
        "expected `,` or `]`" => "a comma missing between values, or the closing bracket",
        "expected `:`" => "a colon missing after a field name",
        w if w.starts_with("control character") => {
            "a tab or other control character in a string must be written escaped, as \\t"
        }
        _ => return format!("invalid JSON: {what} at column {column}"),
    };
    format!("invalid JSON ({hint}): {what} at column {column}")
}

/// The start of the error a line gives that names a field twice.
const DUPLICATE: &str = "duplicate field `";

/// serde_json's message without its place, and the column it gives, in characters of the whole
/// line (serde places it in `t` alone, "at line 1 column N", in bytes): where an editor shows it.
fn serde_detail(line: &str, t: &str, e: &serde_json::Error) -> (String, usize) {
    let message = e.to_string();
    let what = match message.rsplit_once(" at line ") {
        Some((what, _)) => what.to_string(),
        None => message,
    };
    let lead = line.len() - line.trim_start().len();
    // (serde's column is the byte at fault, counted from 1; bytes of a character after the
    // first are not another column.)
    let chars = t
        .char_indices()
        .take_while(|&(i, _)| i < e.column())
        .count();
    (what, line[..lead].chars().count() + chars.max(1))
}

/// Reads the rest of a line, through its line end, into the input's size and hash only, a
/// buffer at a time: a line past the limit is never held whole. Whether the line had its line
/// end (false: the input ended first).
fn skip_rest_of_line(reader: &mut dyn BufRead, tally: &mut InputTally) -> std::io::Result<bool> {
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(false);
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(k) => (k + 1, true),
            None => (buf.len(), false),
        };
        tally.add_bytes(&buf[..n]);
        reader.consume(n);
        if done {
            return Ok(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use super::{Fields, InputTally, Item, Problem, read_jsonl};
    use crate::input::tests::collect;

    /// Reads `input` 16 bytes at a time with lines of at most 64 bytes: the ids of the
    /// documents, the problems and the tally.
    fn read_small(input: &str) -> (Vec<String>, Vec<Problem>, InputTally) {
        let mut tally = InputTally::default();
        let (mut docs, mut problems) = (Vec::new(), Vec::new());
        read_jsonl(
            Box::new(BufReader::with_capacity(16, input.as_bytes())),
            "in",
            &Fields::default(),
            &mut tally,
            64,
            &mut |i| match i {
                Item::Document(d) => docs.push(d.id),
                Item::Problem(p) => problems.push(p),
            },
        );
        (docs, problems, tally)
    }

    /// A line past the limit is skipped and reported at its line; the rest of it is read into
    /// the input's size and hash (as the whole input would be), a buffer at a time, and the
    /// lines after it are read. (The rest was read into a buffer of its own, any size, and
    /// left out of the size and hash.)
    #[test]
    fn a_line_past_the_limit_is_skipped_and_counted_without_being_held() {
        let long = format!("{{\"id\":\"x\",\"text\":\"{}\"}}\n", "x".repeat(200));
        let input =
            format!("{{\"id\":\"a\",\"text\":\"A\"}}\n{long}{{\"id\":\"b\",\"text\":\"B\"}}\n");
        let (docs, problems, tally) = read_small(&input);
        assert_eq!(docs, ["a", "b"]);
        assert_eq!(
            problems,
            [Problem::skipped(
                "in:2".into(),
                "line longer than 64 bytes; skipped".into()
            )]
        );
        let mut whole = InputTally::default();
        whole.add_bytes(input.as_bytes());
        assert_eq!(
            (tally.bytes, tally.hash_hex()),
            (input.len() as u64, whole.hash_hex())
        );
    }

    /// A last line past the limit without its line end is still being written (a feed read
    /// mid-write): left out of the bytes counted, with a warning, so that a later run knows the
    /// bytes before it as counted. (It was counted to the end of the file, and the next run
    /// found the file changed within what was counted, and counted it all again.)
    #[test]
    fn an_unfinished_last_line_past_the_limit_is_left_for_later() {
        let first = "{\"id\":\"a\",\"text\":\"A\"}\n";
        let input = format!("{first}{{\"id\":\"x\",\"text\":\"{}", "x".repeat(200));
        let (docs, problems, tally) = read_small(&input);
        assert_eq!(docs, ["a"]);
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].skipped && problems[0].location == "in:2");
        assert!(
            problems[0]
                .message
                .starts_with("the last line is not finished"),
            "{}",
            problems[0].message
        );
        let mut counted = InputTally::default();
        counted.add_bytes(first.as_bytes());
        assert_eq!(
            (tally.bytes, tally.hash_hex()),
            (first.len() as u64, counted.hash_hex())
        );
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
    fn jsonl_ids_are_kept_as_written() {
        let input = concat!(
            "{\"id\":123456789012345678901234,\"text\":\"A\"}\n",
            "{\"id\": -7 ,\"text\":\"B\"}\n",
            "{\"id\":1e3,\"text\":\"C\"}\n",
            "{\"id\":\"x\\u0041\",\"text\":\"D\"}\n",
            "{\"id\":null,\"text\":\"E\"}\n",
            "{\"id\":[1],\"text\":\"F\"}\n",
            "{\"id\":1,\"id\":2,\"text\":\"G\"}\n",
            "{\"id\":\" h \",\"text\":\"H\"}\n",
        );
        let (docs, problems) = collect(input.as_bytes(), true);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "123456789012345678901234",
                "-7",
                "1e3",
                "xA",
                "in:5",
                "in:6",
                "h"
            ]
        );
        let shown: Vec<String> = problems.iter().map(Problem::to_string).collect();
        assert_eq!(
            shown,
            [
                "in:6: \"id\" is [1], not a string or number; counted with the line's place, \
                 in:6, as its id",
                "in:7: the field \"id\" is given twice, at column 12; line skipped",
            ]
        );
    }

    /// Regression: a lone UTF-16 surrogate escape (half of an emoji a writer cut) in the text
    /// or title skipped the line, and in the id made the line's place its id without a word.
    /// Each is read as U+FFFD, with a warning; a whole pair, or an escaped backslash before
    /// "ud800", is left alone.
    #[test]
    fn lone_surrogate_escapes_are_read_as_replacement_characters() {
        let input = concat!(
            "{\"id\":\"a\\ud800b\",\"text\":\"A\"}\n",
            "{\"id\":\"c\",\"title\":\"x\\udc00\\udc01\",\"text\":\"B\"}\n",
            "{\"id\":\"d\",\"text\":\"C \\ud83d\\ude00 \\\\ud800 \\ud83d\"}\n",
        );
        let (docs, problems) = collect(input.as_bytes(), true);
        let got: Vec<(&str, &str, Option<&str>)> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.text.as_str(), d.title.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("a\u{FFFD}b", "A", None),
                ("c", "B", Some("x\u{FFFD}\u{FFFD}")),
                ("d", "C \u{1F600} \\ud800 \u{FFFD}", None),
            ]
        );
        let shown: Vec<String> = problems.iter().map(Problem::to_string).collect();
        assert_eq!(
            shown,
            [
                "in:1: 1 lone surrogate escape (half of a character a JSON writer cut in two) \
                 read as U+FFFD",
                "in:2: 2 lone surrogate escapes (half of a character a JSON writer cut in two) \
                 read as U+FFFD",
                "in:3: 1 lone surrogate escape (half of a character a JSON writer cut in two) \
                 read as U+FFFD",
            ]
        );
    }

    /// Regression: a title or address that was no string (`"title": 5`) was dropped without a
    /// word, and a line whose id was a list or object was skipped whole. Each is now a warning
    /// naming the line and the field, the document counted without it (an id: with the line's
    /// place, as a line without one); text that is no string still skips its line. Rows: the
    /// fields of a line (text "Oslo" but where given), the document's (id, title, url), the
    /// messages.
    #[test]
    fn fields_that_are_not_strings_are_told_and_the_document_kept() {
        type Row<'a> = (
            &'a str,
            Option<(&'a str, Option<&'a str>, Option<&'a str>)>,
            &'a [&'a str],
        );
        let rows: [Row<'_>; 8] = [
            (r#""id":17,"title":"T""#, Some(("17", Some("T"), None)), &[]),
            (
                r#""title":null,"url":null,"date":null"#,
                Some(("in:1", None, None)),
                &[],
            ),
            (
                r#""title":5"#,
                Some(("in:1", None, None)),
                &[r#"in:1: "title" is 5, not a string; counted without a title"#],
            ),
            (
                r#""url":["https://a.org"],"title":" T ""#,
                Some(("in:1", Some("T"), None)),
                &[r#"in:1: "url" is ["https://a.org"], not a string; counted without an address"#],
            ),
            (
                r#""title":{"main":"A very long title indeed, longer than forty"}"#,
                Some(("in:1", None, None)),
                &[
                    r#"in:1: "title" is {"main":"A very long title indeed, longe…, not a string; counted without a title"#,
                ],
            ),
            (
                r#""id":{"$oid":"5f1a"},"url":"https://a.org""#,
                Some(("in:1", None, Some("https://a.org"))),
                &[
                    r#"in:1: "id" is {"$oid":"5f1a"}, not a string or number; counted with the line's place, in:1, as its id"#,
                ],
            ),
            (
                r#""id":true,"title":false"#,
                Some(("in:1", None, None)),
                &[
                    r#"in:1: "id" is true, not a string or number; counted with the line's place, in:1, as its id"#,
                    r#"in:1: "title" is false, not a string; counted without a title"#,
                ],
            ),
            (
                r#""text":["Oslo"]"#,
                None,
                &[r#"in:1: "text" is ["Oslo"], not a string; line skipped"#],
            ),
        ];
        for (fields, want, messages) in rows {
            let line = if fields.contains("\"text\"") {
                format!("{{{fields}}}\n")
            } else {
                format!("{{{fields},\"text\":\"Oslo\"}}\n")
            };
            let (docs, problems) = collect(line.as_bytes(), true);
            let got: Vec<(&str, Option<&str>, Option<&str>)> = docs
                .iter()
                .map(|d| (d.id.as_str(), d.title.as_deref(), d.url.as_deref()))
                .collect();
            assert_eq!(got, Vec::from_iter(want), "{line}");
            let shown: Vec<String> = problems.iter().map(Problem::to_string).collect();
            assert_eq!(shown, messages, "{line}");
        }
    }

    /// Regression: "this is not json" was told as `invalid JSON at column 2 (expected ident)`,
    /// serde's terse words alone. Each bad line is told in plain words first, serde's detail
    /// after, and the column in characters of the whole line (serde's is in bytes, from the
    /// first one after leading white space). Rows: a line, the message.
    #[test]
    fn bad_lines_are_told_in_plain_words_then_serde_s() {
        let rows = [
            (
                "this is not json",
                "not a JSON object (each line of a JSONL file must be one {...} object): \
                 expected ident at column 2",
            ),
            (
                "\"id\": \"b\",",
                "not a JSON object (each line of a JSONL file must be one {...} object): \
                 trailing characters at column 5",
            ),
            (
                "[{\"text\": \"Oslo\"}]",
                "not a JSON object (each line of a JSONL file must be one {...} object; this one \
                 is a list)",
            ),
            (
                "{",
                "the object does not end on its line (each line of a JSONL file must be one \
                 whole {...} object; JSON written over several lines is not JSONL): EOF while \
                 parsing an object at column 1",
            ),
            (
                "{'text': 'Oslo'}",
                "invalid JSON (a field name must be in double quotes): key must be a string at \
                 column 2",
            ),
            (
                "{\"text\": \"Oslo\"} x",
                "invalid JSON (more follows the object's closing brace): trailing characters at \
                 column 18",
            ),
            (
                "{\"text\": \"Oslo\",}",
                "invalid JSON (a comma before a closing brace or bracket): trailing comma at \
                 column 17",
            ),
            (
                "{\"text\": \"C:\\data\"}",
                "invalid JSON (a backslash in a string must be doubled, as \\\\, unless it \
                 escapes): invalid escape at column 14",
            ),
            (
                "{\"text\": \"a\tb\"}",
                "invalid JSON (a tab or other control character in a string must be written \
                 escaped, as \\t): control character (\\u0000-\\u001F) found while parsing a \
                 string at column 12",
            ),
            (
                "{\"text\": NaN}",
                "invalid JSON (a value is missing or not JSON: strings take double quotes, and \
                 NaN or Infinity are no JSON numbers): expected value at column 10",
            ),
            (
                "{\"text\" \"Oslo\"}",
                "invalid JSON (a colon missing after a field name): expected `:` at column 9",
            ),
            (
                "  {\"text\": \"Åland é\" x}",
                "invalid JSON (a comma missing between fields, or the closing brace): expected \
                 `,` or `}` at column 22",
            ),
            (
                "{\"text\": \"a\", \"text\": \"b\"}",
                "the field \"text\" is given twice, at column 20",
            ),
        ];
        for (line, want) in rows {
            let (docs, problems) = collect(format!("{line}\n").as_bytes(), true);
            assert!(docs.is_empty(), "{line}");
            assert_eq!(
                problems,
                [Problem::skipped(
                    "in:1".into(),
                    format!("{want}; line skipped")
                )],
                "{line}"
            );
        }
    }
}
