//! The fields of a JSON line or CSV row that hold a document ([`Fields`]), and what is checked
//! of their values, alike in both formats: a date written so that dates compare as text, a
//! title and an address of bounded size, and an id used again in one file.

use std::collections::HashSet;

use super::{Item, Problem, shorten};
use crate::gazetteer::Fnv;

/// The fields of a JSONL line, or the columns of a CSV file, that hold a document's id, text,
/// date, title and address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    /// The document's id (a string or a number); without it, the line's place.
    pub id: String,
    /// The document's text (a string); a line without it is skipped.
    pub text: String,
    /// The document's date (optional).
    pub date: String,
    /// The document's title (optional; `None`: not read).
    pub title: Option<String>,
    /// The document's address, a URL (optional; `None`: not read).
    pub url: Option<String>,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
            title: Some("title".into()),
            url: Some("url".into()),
        }
    }
}

/// The date of a document whose date field holds `raw` (`None`: a value that is no text, such
/// as a number): none for an empty field, else the checked date, or none with a warning that
/// shows the value as `shown` gives it.
pub(super) fn document_date(
    raw: Option<&str>,
    shown: impl FnOnce() -> String,
    loc: &str,
    fields: &Fields,
    f: &mut dyn FnMut(Item),
) -> Option<String> {
    if let Some(raw) = raw {
        if raw.trim().is_empty() {
            return None;
        }
        if let Some(date) = crate::filter::document_date(raw.trim()) {
            return Some(date);
        }
    }
    f(Item::Problem(Problem::warning(
        loc.to_string(),
        format!(
            "{:?} {} is not a day of the calendar written YYYY-MM-DD (or YYYY-MM, YYYY, or with \
             a time: 2019-06-05T10:30:00Z); counted without a date",
            fields.date,
            shown()
        ),
    )));
    None
}

/// The longest title kept, in characters: a title goes with every piece of evidence its document
/// gives, so a text taken for one by mistake must not be copied into every link.
pub const MAX_TITLE_CHARS: usize = 300;

/// The longest address (URL) kept, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// A document's title and address from their fields: trimmed, none when empty; a title cut to
/// [`MAX_TITLE_CHARS`] with `…`, an address longer than [`MAX_URL_BYTES`] left out with a
/// warning at `loc`.
pub(super) fn title_and_url(
    title: Option<&str>,
    url: Option<&str>,
    loc: &str,
    fields: &Fields,
    f: &mut dyn FnMut(Item),
) -> (Option<String>, Option<String>) {
    fn trimmed(s: Option<&str>) -> Option<&str> {
        s.map(str::trim).filter(|s| !s.is_empty())
    }
    let title = trimmed(title).map(|t| crate::text::cut_chars(t, MAX_TITLE_CHARS).into_owned());
    let url = trimmed(url).and_then(|u| {
        if u.len() <= MAX_URL_BYTES {
            return Some(u.to_string());
        }
        let field = fields.url.as_deref().unwrap_or_default();
        f(Item::Problem(Problem::warning(
            loc.to_string(),
            format!(
                "{field:?} is {} bytes long, more than an address has ({MAX_URL_BYTES}); left \
                 out",
                u.len()
            ),
        )));
        None
    });
    (title, url)
}

/// Document ids hashed (64 bits) and remembered per file, at most this many: memory stays
/// bounded however many documents a file holds (an id met after them is still checked).
const IDS_REMEMBERED: usize = 1 << 20;

/// The document ids met in one file, to tell of an id used again. Two documents of one id are
/// counted as two documents, but they are one name in evidence (its `doc`), `explain` and
/// `extract`'s mentions, so the user is told: once per file, at the first id used again, with
/// how many were. (Ids are remembered as 64-bit hashes, so an id taken for used again when it
/// was not is possible, but about as likely as one in thirty million for a file of a million
/// ids.)
#[derive(Default)]
pub(super) struct RepeatedIds {
    seen: HashSet<u64>,
    /// The first id used again, and where.
    first: Option<(String, String)>,
    /// Documents whose id was used before.
    again: u64,
}

impl RepeatedIds {
    /// Notes the id of a document counted at `loc`.
    pub(super) fn note(&mut self, id: &str, loc: &str) {
        let mut h = Fnv::new();
        h.write(id.as_bytes());
        let key = h.finish();
        if self.seen.contains(&key) {
            self.again += 1;
            self.first
                .get_or_insert_with(|| (id.to_string(), loc.to_string()));
        } else if self.seen.len() < IDS_REMEMBERED {
            self.seen.insert(key);
        }
    }

    /// Tells of the ids used again, if any.
    pub(super) fn report(self, f: &mut dyn FnMut(Item)) {
        let Some((id, loc)) = self.first else {
            return;
        };
        let id = serde_json::to_string(&shorten(&id)).unwrap_or_default();
        f(Item::Problem(Problem::warning(
            loc,
            format!(
                "id {id} already used in this file ({} with an id used before); each is counted \
                 as a document of its own, but evidence and extract's mentions name documents of \
                 one id alike",
                crate::export::Count(self.again, "document", "documents")
            ),
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::csv::read_csv;
    use crate::input::tests::collect;
    use crate::input::{InputTally, MAX_DOCUMENT_BYTES};

    /// Documents of one id in one file are each counted, with one warning at the first id used
    /// again and how many documents had an id used before; ids that differ make no warning.
    #[test]
    fn ids_used_again_in_a_file_are_told_once() {
        let want = "id \"a\" already used in this file (3 documents with an id used before); \
                    each is counted as a document of its own, but evidence and extract's mentions \
                    name documents of one id alike";
        let line = |id: &str| format!("{{\"id\":\"{id}\",\"text\":\"Oslo\"}}\n");
        let jsonl: String = ["a", "b", "a", "c", "b", "a"].map(line).concat();
        let (docs, problems) = collect(jsonl.as_bytes(), true);
        assert_eq!(docs.len(), 6);
        assert_eq!(problems, [Problem::warning("in:3".into(), want.into())]);
        let csv = "id,text\na,Oslo\nb,Oslo\n\"a\",\"Oslo\nBergen\"\nc,Oslo\nb,Oslo\n a ,Oslo\n";
        let (mut docs, mut problems) = (0, Vec::new());
        read_csv(
            Box::new(csv.as_bytes()),
            "in",
            &Fields::default(),
            false,
            b',',
            &mut InputTally::default(),
            MAX_DOCUMENT_BYTES,
            &mut |i| match i {
                Item::Document(_) => docs += 1,
                Item::Problem(p) => problems.push(p),
            },
        );
        assert_eq!(docs, 6);
        assert_eq!(problems, [Problem::warning("in:4".into(), want.into())]);
        let (_, problems) = collect(["a", "b", "in:3"].map(line).concat().as_bytes(), true);
        assert!(problems.is_empty(), "{problems:?}");
        let (_, problems) = collect(b"{\"text\":\"Oslo\"}\n{\"text\":\"Oslo\"}\n", true);
        assert!(problems.is_empty(), "ids from lines: {problems:?}");
    }
}
