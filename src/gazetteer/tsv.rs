//! The TSV gazetteer format (documented in `gazetteers/README.md`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Alias, Entity, FastHash, Form};
use crate::error::{Error, Result};

/// Parses a TSV gazetteer. `source` names the file in errors and in each entity's origin.
///
/// The whole text is checked before anything is returned: a bad row is an error naming the
/// file, line and column (the first bad row of the file), and nothing is half-loaded. Large
/// files are parsed in parallel, in chunks of whole lines, on the current rayon pool.
pub fn parse_tsv(text: &str, source: &str) -> Result<Vec<Entity>> {
    parse_tsv_chunked(text, source, 1 << 20)
}

fn parse_tsv_chunked(text: &str, source: &str, chunk_bytes: usize) -> Result<Vec<Entity>> {
    let header = header_line(text);
    let chunks = line_chunks(text, chunk_bytes);
    let parsed: Vec<ParsedChunk> = chunks
        .into_par_iter()
        .map(|(first_line, chunk)| parse_rows(chunk, first_line, header, source))
        .collect();
    let mut out = Vec::with_capacity(parsed.iter().map(|(rows, _)| rows.len()).sum());
    let mut seen: HashMap<Arc<str>, usize, FastHash> = HashMap::default();
    seen.reserve(out.capacity());
    for (rows, error) in parsed {
        for (line_no, entity) in rows {
            if let Some(prev) = seen.insert(entity.id.clone(), line_no) {
                return Err(duplicate_id(source, line_no, &entity.id, prev));
            }
            out.push(entity);
        }
        if let Some(e) = error {
            return Err(e);
        }
    }
    Ok(out)
}

/// The error of an id defined again on `line` (first on `prev`).
fn duplicate_id(source: &str, line: usize, id: &str, prev: usize) -> Error {
    Error::Gazetteer {
        path: source.to_string(),
        line,
        column: 1,
        message: format!("duplicate id {id:?} (first defined on line {prev})"),
    }
}

/// Parses a TSV gazetteer as [`parse_tsv`] does, but reads on past bad rows, for `gazetteer
/// lint`: the entities of the good rows, and an error for every bad row and every repeated id
/// (the first definition is kept), in line order.
pub fn parse_tsv_all(text: &str, source: &str) -> (Vec<Entity>, Vec<Error>) {
    let header = header_line(text);
    let mut entities = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashMap<Arc<str>, usize, FastHash> = HashMap::default();
    let (mut rest, mut first_line) = (text, 1);
    loop {
        let (rows, error) = parse_rows(rest, first_line, header, source);
        for (line_no, entity) in rows {
            match seen.get(&entity.id) {
                Some(&prev) => errors.push(duplicate_id(source, line_no, &entity.id, prev)),
                None => {
                    seen.insert(entity.id.clone(), line_no);
                    entities.push(entity);
                }
            }
        }
        let Some(error) = error else { break };
        let Error::Gazetteer { line, .. } = error else {
            errors.push(error);
            break;
        };
        errors.push(error);
        // Go on after the bad row.
        match rest.match_indices('\n').nth(line - first_line) {
            Some((at, _)) => {
                rest = &rest[at + 1..];
                first_line = line + 1;
            }
            None => break,
        }
    }
    (entities, errors)
}

/// The line number of the header row (`id\ttype...`) if the first row that is not blank or a
/// comment is one.
fn header_line(text: &str) -> Option<usize> {
    for (i, raw) in text.lines().enumerate() {
        let line = raw
            .strip_prefix('\u{FEFF}')
            .filter(|_| i == 0)
            .unwrap_or(raw);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        return line.starts_with("id\t").then_some(i + 1);
    }
    None
}

/// Splits `text` into chunks of whole lines of about `size` bytes, each with the number of its
/// first line.
fn line_chunks(text: &str, size: usize) -> Vec<(usize, &str)> {
    let mut chunks = Vec::new();
    let (mut start, mut line) = (0, 1);
    while start < text.len() {
        let mut end = (start + size).min(text.len());
        while end < text.len() && text.as_bytes()[end - 1] != b'\n' {
            end += 1;
        }
        let chunk = &text[start..end];
        chunks.push((line, chunk));
        line += chunk.bytes().filter(|&b| b == b'\n').count();
        start = end;
    }
    chunks
}

/// The entities of a chunk with their line numbers, and the error that ended it, if any.
type ParsedChunk = (Vec<(usize, Entity)>, Option<Error>);

/// Parses the rows of one chunk: the entities with their line numbers, up to the first bad row
/// (returned as the error).
fn parse_rows(text: &str, first_line: usize, header: Option<usize>, source: &str) -> ParsedChunk {
    let mut out = Vec::new();
    match parse_rows_into(text, first_line, header, source, &mut out) {
        Ok(()) => (out, None),
        Err(e) => (out, Some(e)),
    }
}

fn parse_rows_into(
    text: &str,
    first_line: usize,
    header: Option<usize>,
    source: &str,
    out: &mut Vec<(usize, Entity)>,
) -> Result<()> {
    let mut last_kind: Option<Arc<str>> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = first_line + i;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = if line_no == 1 {
            line.strip_prefix('\u{FEFF}').unwrap_or(line)
        } else {
            line
        };
        if line.trim().is_empty() || line.starts_with('#') || header == Some(line_no) {
            continue;
        }
        let err = |col: usize, message: String| Error::Gazetteer {
            path: source.to_string(),
            line: line_no,
            column: col,
            message,
        };
        let cells: Vec<&str> = line.split('\t').collect();
        // Column (1-based, in characters) where cell `k` starts.
        let col_of = |k: usize| -> usize {
            cells[..k.min(cells.len())]
                .iter()
                .map(|c| c.chars().count() + 1)
                .sum::<usize>()
                + 1
        };
        if cells.len() != 5 {
            return Err(err(
                if cells.len() > 5 {
                    col_of(5)
                } else {
                    line.chars().count() + 1
                },
                format!(
                    "expected 5 tab-separated columns (id, type, name, aliases, attributes), found {}",
                    cells.len()
                ),
            ));
        }
        let id = cells[0].trim();
        if let Some(msg) = check_id(id) {
            return Err(err(1, msg));
        }
        let kind = cells[1].trim();
        if kind.is_empty()
            || !kind
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
        {
            return Err(err(
                col_of(1),
                format!(
                    "expected a type in lowercase letters (person, country, agency), found {kind:?}"
                ),
            ));
        }
        let name = cells[2].trim();
        if name.is_empty() {
            return Err(err(
                col_of(2),
                "expected a canonical name, found an empty cell".into(),
            ));
        }
        // (It is matched as an alias is, and such an alias is refused below: it never matches.)
        if !name.chars().any(|c| c.is_alphanumeric()) {
            return Err(err(
                col_of(2),
                format!("canonical name {name:?} has no letters or digits"),
            ));
        }
        let mut aliases = vec![Alias {
            text: name.to_string(),
            form: Form::Name,
        }];
        let mut col = col_of(3);
        for item in cells[3].split('|') {
            let item_col = col;
            col += item.chars().count() + 1;
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (form, text) = match item.split_once('=') {
                Some((f, t)) => match Form::parse(f.trim()) {
                    Some(form) => (form, t.trim()),
                    None => {
                        return Err(err(
                            item_col,
                            format!(
                                "unknown alias form {:?}; expected one of name, abbreviation, demonym, capital, surname, given",
                                f.trim()
                            ),
                        ));
                    }
                },
                None => (Form::Name, item),
            };
            if text.is_empty() {
                return Err(err(
                    item_col,
                    format!("empty alias after {:?}", form.as_str()),
                ));
            }
            if !text.chars().any(|c| c.is_alphanumeric()) {
                return Err(err(
                    item_col,
                    format!("alias {text:?} has no letters or digits"),
                ));
            }
            let alias = Alias {
                text: text.to_string(),
                form,
            };
            if !aliases.contains(&alias) {
                aliases.push(alias);
            }
        }
        let mut attributes = BTreeMap::new();
        let mut col = col_of(4);
        for item in cells[4].split('|') {
            let item_col = col;
            col += item.chars().count() + 1;
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let Some((k, v)) = item.split_once('=') else {
                return Err(err(item_col, format!("expected key=value, found {item:?}")));
            };
            let k = k.trim();
            if k.is_empty() {
                return Err(err(
                    item_col,
                    format!("attribute {item:?} has an empty key"),
                ));
            }
            attributes.insert(k.to_string(), v.trim().to_string());
        }
        // Rows of one type follow each other: share the type string.
        let kind = match &last_kind {
            Some(k) if **k == *kind => k.clone(),
            _ => last_kind.insert(Arc::from(kind)).clone(),
        };
        out.push((
            line_no,
            Entity {
                id: Arc::from(id),
                kind,
                name: name.to_string(),
                aliases,
                attributes,
                origin: format!("{source}:{line_no}"),
            },
        ));
    }
    Ok(())
}

fn check_id(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("expected an id, found an empty cell".into());
    }
    if id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '"')
    {
        return Some(format!(
            "id {id:?} contains white space, control characters or quotes"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_row() {
        let text = "# comment\nid\ttype\tname\taliases\tattributes\n\
            country:cn\tcountry\tChina\tabbreviation=PRC|demonym=Chinese|People's Republic of China\tiso2=CN\n";
        let e = parse_tsv(text, "t.tsv").unwrap();
        assert_eq!(e.len(), 1);
        assert_eq!(&*e[0].id, "country:cn");
        assert_eq!(e[0].aliases.len(), 4);
        assert_eq!(e[0].aliases[1].form, Form::Abbreviation);
        assert_eq!(e[0].aliases[3].form, Form::Name);
        assert_eq!(e[0].attributes["iso2"], "CN");
        assert_eq!(e[0].origin, "t.tsv:3");
    }

    /// Parsing in chunks of any size gives what one chunk gives: rows, origins, header and
    /// BOM handling, and the first error of the file (a bad row or a duplicate id).
    #[test]
    fn chunked_parsing_matches_whole_parsing() {
        let good = "\u{FEFF}# gazetteer\r\nid\ttype\tname\taliases\tattributes\r\n\
            a\tperson\tAnn Lee\tLee\tcountry=x\n\nb\tcountry\tBeta\tdemonym=Betan\t\n\
            # note\nc\tagency\tGamma Office\tGO\t\nd\tperson\tDee\t\t";
        let texts = [
            good.to_string(),
            format!("{good}\nb\tperson\tB again\t\t\n"),
            format!("{good}\ne\tperson\tE\t\n"),
            good.replace("c\tagency", "a\tagency")
                .replace("Dee\t\t", "Dee\t\n"),
            good.replace("Beta\t", "Beta\tnick=B\t"),
        ];
        for text in &texts {
            let whole = format!("{:?}", parse_tsv_chunked(text, "t", usize::MAX / 2));
            for size in 1..text.len() {
                let chunked = format!("{:?}", parse_tsv_chunked(text, "t", size));
                assert_eq!(chunked, whole, "chunk size {size} on {text:?}");
            }
        }
        assert_eq!(parse_tsv(&texts[0], "t").unwrap().len(), 4);
    }

    #[test]
    fn errors_name_line_and_column() {
        let rows = [
            ("a\tperson\tA\t\n", "t:1:12: expected 5"),
            (
                "a\tperson\tA\tnick=Al\t\n",
                "t:1:12: unknown alias form \"nick\"",
            ),
            ("a\tperson\tA\tAl\tcountry\n", "t:1:15: expected key=value"),
            ("a\tPerson\tA\t\t\n", "t:1:3: expected a type"),
            ("\tperson\tA\t\t\n", "t:1:1: expected an id"),
            ("a\tperson\t\t\t\n", "t:1:10: expected a canonical name"),
            (
                "a\tperson\t-\t\t\n",
                "t:1:10: canonical name \"-\" has no letters or digits",
            ),
            (
                "a\tperson\tA\t\t\na\tperson\tB\t\t\n",
                "t:2:1: duplicate id",
            ),
            ("a\tperson\tA\tdemonym=\t\n", "t:1:12: empty alias"),
        ];
        for (text, want) in rows {
            let got = parse_tsv(text, "t").unwrap_err().to_string();
            assert!(
                got.starts_with(want),
                "{text:?}: got {got:?}, want {want:?}"
            );
        }
    }
}
