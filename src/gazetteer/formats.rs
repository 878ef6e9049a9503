//! Other tools' dictionaries: GATE gazetteer lists, spaCy EntityRuler patterns, CoreNLP RegexNER
//! mappings. Each is read into [`Entity`] rows so users can bring their lists as they are.
//!
//! - **GATE** (`lists.def` + `.lst` files): each `lists.def` line is
//!   `FILE.lst:majorType[:minorType[:language[:annotationType]]]`; each `.lst` line is an entry,
//!   optionally followed by features (`entry&key=value&key=value`, or tab-separated). Entries with
//!   the same `id` (or `inst`) feature are one entity; others are one entity each. The type comes
//!   from majorType/minorType: `person*` -> person, `location`+`country` or `country` -> country,
//!   `organization`/`organisation`/`government`/`agency` -> agency, anything else as written
//!   (lowercase). Features other than `id`/`inst` become attributes.
//! - **spaCy EntityRuler** (`.jsonl`): `{"label": "ORG", "pattern": "...", "id": "..."}`; a pattern
//!   is a string or a list of token dicts with one of `ORTH`, `TEXT`, `LOWER` (string values).
//!   Patterns with the same `id` (or, without one, the same label and text) are one entity. Labels:
//!   `PERSON`/`PER` -> person, `GPE`/`COUNTRY` -> country, `ORG` -> agency, others lowercase.
//!   Other token attributes (`POS`, `OP`, `REGEX`, ...) are reported as unsupported.
//! - **CoreNLP RegexNER** (tab-separated `pattern, type[, overwritable types[, priority]]`): only
//!   literal patterns are supported (tokens separated by spaces; `\.` and the like unescaped);
//!   patterns with regular-expression syntax are reported. Types map as for spaCy
//!   (`PERSON`, `COUNTRY`, `ORGANIZATION` -> agency); overwritable types and priority are ignored.
//!
//! Ids are `TYPE:slug-of-the-name` unless the source gives one.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{Alias, Entity, Form};
use crate::error::{Error, Result};

/// A gazetteer file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// entigraph's TSV.
    Tsv,
    /// GATE `lists.def` (with its `.lst` files) or a single `.lst`.
    Gate,
    /// spaCy EntityRuler JSONL.
    Spacy,
    /// CoreNLP RegexNER TSV.
    RegexNer,
}

impl Format {
    /// Guesses a format from a path: `FORMAT:path` prefixes win (`tsv:`, `gate:`, `spacy:`,
    /// `regexner:`), then the extension (`.def`/`.lst` GATE, `.jsonl` spaCy, `.regexner`/`.rules`
    /// RegexNER), else TSV. Returns the format and the path without prefix.
    pub fn detect(spec: &str) -> (Format, &str) {
        for (prefix, f) in [
            ("tsv:", Format::Tsv),
            ("gate:", Format::Gate),
            ("spacy:", Format::Spacy),
            ("regexner:", Format::RegexNer),
        ] {
            if let Some(rest) = spec.strip_prefix(prefix) {
                return (f, rest);
            }
        }
        let lower = spec.to_lowercase();
        let f = if lower.ends_with(".def") || lower.ends_with(".lst") {
            Format::Gate
        } else if lower.ends_with(".jsonl") {
            Format::Spacy
        } else if lower.ends_with(".regexner") || lower.ends_with(".rules") {
            Format::RegexNer
        } else {
            Format::Tsv
        };
        (f, spec)
    }
}

fn err(path: &str, line: usize, column: usize, message: impl Into<String>) -> Error {
    Error::Gazetteer {
        path: path.to_string(),
        line,
        column,
        message: message.into(),
    }
}

/// `Zheng Zeguang` -> `zheng-zeguang` (ASCII letters and digits after folding diacritics).
pub(crate) fn slug(name: &str) -> String {
    let folded = crate::text::normalize_str(name, crate::text::NormOptions::MATCH);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn map_type(label: &str) -> String {
    match label.to_ascii_uppercase().as_str() {
        "PERSON" | "PER" | "PEOPLE" => "person".into(),
        "GPE" | "COUNTRY" | "STATE_OR_PROVINCE_COUNTRY" => "country".into(),
        "ORG" | "ORGANIZATION" | "ORGANISATION" | "AGENCY" | "GOVERNMENT" => "agency".into(),
        _ => label
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect(),
    }
}

/// Groups (key, type, name, attributes) rows into entities, the first name canonical.
fn group(rows: Vec<Row>) -> Vec<Entity> {
    let mut order: Vec<String> = Vec::new();
    let mut by_key: BTreeMap<String, Entity> = BTreeMap::new();
    for (key, kind, name, attrs, origin) in rows {
        match by_key.get_mut(&key) {
            Some(e) => {
                let alias = Alias {
                    text: name,
                    form: Form::Name,
                };
                if !e.aliases.contains(&alias) {
                    e.aliases.push(alias);
                }
                for (k, v) in attrs {
                    e.attributes.entry(k).or_insert(v);
                }
            }
            None => {
                order.push(key.clone());
                by_key.insert(
                    key.clone(),
                    Entity {
                        id: Arc::from(key.as_str()),
                        kind: Arc::from(kind.as_str()),
                        aliases: vec![Alias {
                            text: name.clone(),
                            form: Form::Name,
                        }],
                        name,
                        attributes: attrs,
                        origin,
                    },
                );
            }
        }
    }
    order
        .into_iter()
        .filter_map(|k| by_key.remove(&k))
        .collect()
}

fn entity_key(kind: &str, given_id: Option<&str>, name: &str) -> String {
    match given_id {
        Some(id) if id.contains(':') => id.to_string(),
        Some(id) => format!("{kind}:{}", slug(id)),
        None => format!("{kind}:{}", slug(name)),
    }
}

/// Reads a GATE `lists.def` (and the `.lst` files it names, relative to it) or one `.lst` file
/// (type from its name).
pub fn read_gate(path: &Path) -> Result<Vec<Entity>> {
    first_error(read_gate_all(path)?)
}

/// Reads a GATE gazetteer on past bad rows (as [`read_spacy_all`]): a `lists.def` line that
/// names no list or a list that cannot be read is an error at its line, and the other lines
/// are read. Fails only when the file itself cannot be read.
pub fn read_gate_all(path: &Path) -> Result<(Vec<Entity>, Vec<Error>)> {
    let name = path.display().to_string();
    let text = super::read_text(path)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    if name.to_lowercase().ends_with(".lst") {
        let stem = path
            .file_stem()
            .map_or("entry".into(), |s| s.to_string_lossy().to_string());
        read_lst(&text, &name, &stem, None, &mut rows, &mut errors);
        return Ok((group(rows), errors));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    for (i, line) in def_lines(&text) {
        let parts: Vec<&str> = line.split(':').collect();
        if parts.len() < 2 || parts[1].trim().is_empty() {
            errors.push(err(
                &name,
                i + 1,
                1,
                format!("expected FILE.lst:majorType[:minorType], found {line:?}"),
            ));
            continue;
        }
        let lst = dir.join(parts[0].trim());
        // A list that cannot be read is said at the line of lists.def that names it (its own
        // errors, such as bytes that are not UTF-8, keep their place in the list).
        let lst_text = match super::read_text(&lst) {
            Ok(t) => t,
            Err(Error::Io { source, .. }) => {
                errors.push(err(
                    &name,
                    i + 1,
                    1,
                    format!("cannot read {}: {}", lst.display(), source),
                ));
                continue;
            }
            Err(other) => {
                errors.push(other);
                continue;
            }
        };
        let minor = parts.get(2).map(|s| s.trim()).filter(|s| !s.is_empty());
        read_lst(
            &lst_text,
            &lst.display().to_string(),
            parts[1].trim(),
            minor,
            &mut rows,
            &mut errors,
        );
    }
    Ok((group(rows), errors))
}

/// The lines of a GATE `lists.def` that name a list, with their 0-based index: blank lines and
/// comments (`//`, `#`) left out.
fn def_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    (text.lines().enumerate())
        .map(|(i, line)| (i, line.trim()))
        .filter(|(_, line)| !(line.is_empty() || line.starts_with("//") || line.starts_with('#')))
}

/// The files reading a GATE gazetteer at `path` opens: the file itself and, for a `lists.def`,
/// the `.lst` files it names (none when it cannot be read: reading it will say why).
pub fn gate_files(path: &Path) -> Vec<std::path::PathBuf> {
    let mut files = vec![path.to_path_buf()];
    if path.to_string_lossy().to_lowercase().ends_with(".lst") {
        return files;
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Ok(text) = super::read_text(path) {
        files.extend(
            def_lines(&text)
                .filter_map(|(_, line)| line.split_once(':'))
                .map(|(lst, _)| dir.join(lst.trim())),
        );
    }
    files
}

fn gate_type(major: &str, minor: Option<&str>) -> String {
    let major_l = major.to_lowercase();
    let minor_l = minor.map(str::to_lowercase);
    if major_l.starts_with("person") {
        "person".into()
    } else if major_l == "country"
        || (major_l == "location" && minor_l.as_deref() == Some("country"))
    {
        "country".into()
    } else if matches!(
        major_l.as_str(),
        "organization" | "organisation" | "government" | "agency" | "org"
    ) {
        "agency".into()
    } else {
        map_type(major)
    }
}

/// (entity key, type, name, attributes, origin) of one source line.
type Row = (String, String, String, BTreeMap<String, String>, String);

fn read_lst(
    text: &str,
    path: &str,
    major: &str,
    minor: Option<&str>,
    rows: &mut Vec<Row>,
    errors: &mut Vec<Error>,
) {
    let kind = gate_type(major, minor);
    'rows: for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let sep = if line.contains('\t') { '\t' } else { '&' };
        let mut parts = line.split(sep);
        let entry = parts.next().unwrap_or("").trim();
        if entry.is_empty() {
            errors.push(err(path, i + 1, 1, "empty entry before the features"));
            continue;
        }
        let mut attrs = BTreeMap::new();
        attrs.insert("majorType".to_string(), major.to_string());
        if let Some(m) = minor {
            attrs.insert("minorType".to_string(), m.to_string());
        }
        let mut col = entry.chars().count() + 2;
        let mut given_id = None;
        for f in parts {
            let Some((k, v)) = f.split_once('=') else {
                errors.push(err(
                    path,
                    i + 1,
                    col,
                    format!("expected key=value, found {f:?}"),
                ));
                continue 'rows;
            };
            col += f.chars().count() + 1;
            let (k, v) = (k.trim(), v.trim());
            if k == "id" || k == "inst" {
                given_id = Some(v.to_string());
            } else {
                attrs.insert(k.to_string(), v.to_string());
            }
        }
        let key = entity_key(&kind, given_id.as_deref(), entry);
        rows.push((
            key,
            kind.clone(),
            entry.to_string(),
            attrs,
            format!("{path}:{}", i + 1),
        ));
    }
}

/// The entities, or the first error (the first bad row, in order).
fn first_error((entities, mut errors): (Vec<Entity>, Vec<Error>)) -> Result<Vec<Entity>> {
    if errors.is_empty() {
        Ok(entities)
    } else {
        Err(errors.swap_remove(0))
    }
}

/// Rows read, and the errors of the rows that could not be (each row read on its own).
fn rows_of(
    text: &str,
    mut row: impl FnMut(usize, &str) -> Result<Option<Row>>,
) -> (Vec<Row>, Vec<Error>) {
    let (mut rows, mut errors) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        match row(i, line) {
            Ok(Some(r)) => rows.push(r),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    (rows, errors)
}

/// Reads spaCy EntityRuler patterns (JSONL).
pub fn read_spacy(text: &str, path: &str) -> Result<Vec<Entity>> {
    first_error(read_spacy_all(text, path))
}

/// Reads spaCy EntityRuler patterns (JSONL) on past bad rows: the entities of the good rows,
/// and an error for each bad one (for `gazetteer lint`).
pub fn read_spacy_all(text: &str, path: &str) -> (Vec<Entity>, Vec<Error>) {
    let (rows, errors) = rows_of(text, |i, line| spacy_row(i, line, path));
    (group(rows), errors)
}

fn spacy_row(i: usize, line: &str, path: &str) -> Result<Option<Row>> {
    {
        let line = line.trim();
        if line.is_empty() {
            return Ok(None);
        }
        let e = |m: String| err(path, i + 1, 1, m);
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|x| e(format!("invalid JSON: {x}")))?;
        let label = v
            .get("label")
            .and_then(|l| l.as_str())
            .ok_or_else(|| e("expected a string \"label\"".into()))?;
        let pattern = v
            .get("pattern")
            .ok_or_else(|| e("expected a \"pattern\"".into()))?;
        let name = match pattern {
            serde_json::Value::String(s) => s.trim().to_string(),
            serde_json::Value::Array(tokens) => {
                let mut words = Vec::new();
                for t in tokens {
                    let obj = t
                        .as_object()
                        .ok_or_else(|| e("token patterns must be objects".into()))?;
                    let mut text = None;
                    for (k, val) in obj {
                        match (k.as_str(), val) {
                            ("ORTH" | "TEXT" | "LOWER", serde_json::Value::String(s)) => {
                                text = Some(s.to_string());
                            }
                            ("ORTH" | "TEXT" | "LOWER", other) => {
                                return Err(e(format!(
                                    "token attribute {k:?} is {other}, not a string: only \
                                     literal names can be imported (a REGEX, IN or FUZZY \
                                     pattern matches more than names; list the names it \
                                     means, one pattern each)"
                                )));
                            }
                            _ => {
                                return Err(e(format!(
                                    "token attribute {k:?} is not supported: only ORTH, TEXT or \
                                     LOWER with a string can be imported (names, not \
                                     grammar)"
                                )));
                            }
                        }
                    }
                    words.push(text.ok_or_else(|| e("empty token pattern".into()))?);
                }
                join_tokens(&words)
            }
            _ => return Err(e("\"pattern\" must be a string or a list of tokens".into())),
        };
        if name.is_empty() {
            return Err(e("empty pattern".into()));
        }
        let kind = map_type(label);
        let id = v.get("id").and_then(|x| x.as_str());
        let mut attrs = BTreeMap::new();
        attrs.insert("label".to_string(), label.to_string());
        let key = entity_key(&kind, id, &name);
        Ok(Some((key, kind, name, attrs, format!("{path}:{}", i + 1))))
    }
}

/// Joins tokens with spaces, but not before punctuation that tokenizers split off ("U.S", ".").
fn join_tokens(words: &[String]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        // Dotted abbreviations come as "u" "." "s" ".": keep them together.
        let dotted = i >= 2
            && words[i - 1] == "."
            && words[i - 2].chars().count() == 1
            && w.chars().count() == 1;
        let glue = dotted || w.starts_with(['.', ',', '\'', ')', '-']) || out.ends_with(['-', '(']);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Reads a CoreNLP RegexNER mapping file (literal patterns only).
pub fn read_regexner(text: &str, path: &str) -> Result<Vec<Entity>> {
    first_error(read_regexner_all(text, path))
}

/// Reads a CoreNLP RegexNER mapping file on past bad rows (as [`read_spacy_all`]).
pub fn read_regexner_all(text: &str, path: &str) -> (Vec<Entity>, Vec<Error>) {
    let (rows, errors) = rows_of(text, |i, line| regexner_row(i, line, path));
    (group(rows), errors)
}

fn regexner_row(i: usize, line: &str, path: &str) -> Result<Option<Row>> {
    {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            return Ok(None);
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 2 || cells[1].trim().is_empty() {
            return Err(err(
                path,
                i + 1,
                line.chars().count() + 1,
                "expected pattern<TAB>type[<TAB>overwritable types[<TAB>priority]]",
            ));
        }
        let pattern = cells[0].trim();
        let mut name = String::new();
        let mut chars = pattern.chars().peekable();
        let mut col = 0;
        while let Some(c) = chars.next() {
            col += 1;
            match c {
                '\\' => match chars.next() {
                    Some(n) => {
                        col += 1;
                        name.push(n)
                    }
                    None => return Err(err(path, i + 1, col, "pattern ends with a backslash")),
                },
                '(' | ')' | '[' | ']' | '|' | '*' | '+' | '?' | '{' | '}' | '^' | '$' => {
                    return Err(err(
                        path,
                        i + 1,
                        col,
                        format!(
                            "regular-expression syntax {c:?} is not supported; write one literal name per line"
                        ),
                    ));
                }
                _ => name.push(c),
            }
        }
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(err(path, i + 1, 1, "empty pattern"));
        }
        let label = cells[1].trim();
        let kind = map_type(label);
        let mut attrs = BTreeMap::new();
        attrs.insert("label".to_string(), label.to_string());
        let key = entity_key(&kind, None, &name);
        Ok(Some((key, kind, name, attrs, format!("{path}:{}", i + 1))))
    }
}

/// Writes entities as entigraph TSV.
pub fn write_tsv(entities: &[Entity], mut w: impl std::io::Write) -> std::io::Result<()> {
    writeln!(w, "id\ttype\tname\taliases\tattributes")?;
    let clean = |s: &str| s.replace(['\t', '\n', '\r', '|'], " ");
    for e in entities {
        let aliases: Vec<String> = e
            .aliases
            .iter()
            .skip(1)
            .map(|a| {
                if a.form == Form::Name {
                    clean(&a.text)
                } else {
                    format!("{}={}", a.form, clean(&a.text))
                }
            })
            .collect();
        let attrs: Vec<String> = e
            .attributes
            .iter()
            .map(|(k, v)| format!("{}={}", clean(k).replace('=', "_"), clean(v)))
            .collect();
        writeln!(
            w,
            "{}\t{}\t{}\t{}\t{}",
            e.id,
            e.kind,
            clean(&e.name),
            aliases.join("|"),
            attrs.join("|")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacy_patterns_group_by_id() {
        let text = r#"{"label": "ORG", "pattern": "Federal Bureau of Investigation", "id": "fbi"}
{"label": "ORG", "pattern": [{"ORTH": "FBI"}], "id": "fbi"}
{"label": "GPE", "pattern": [{"LOWER": "u"}, {"LOWER": "."}, {"LOWER": "s"}, {"LOWER": "."}]}
{"label": "PERSON", "pattern": "Xi Jinping"}
"#;
        let e = read_spacy(text, "p.jsonl").unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(&*e[0].id, "agency:fbi");
        assert_eq!(e[0].aliases.len(), 2);
        assert_eq!(e[1].name, "u.s.");
        assert_eq!(&*e[2].id, "person:xi-jinping");
        let bad = r#"{"label": "ORG", "pattern": [{"POS": "NOUN"}]}"#;
        let msg = read_spacy(bad, "p.jsonl").unwrap_err().to_string();
        assert!(
            msg.starts_with("p.jsonl:1:1: token attribute \"POS\" is not supported"),
            "{msg}"
        );
        // An attribute it knows with a pattern that is no literal says so, not that the
        // attribute is unknown.
        let bad = r#"{"label": "PERSON", "pattern": [{"TEXT": {"REGEX": "^Roon"}}]}"#;
        let msg = read_spacy(bad, "p.jsonl").unwrap_err().to_string();
        assert!(
            msg.starts_with(
                "p.jsonl:1:1: token attribute \"TEXT\" is {\"REGEX\":\"^Roon\"}, not a string"
            ),
            "{msg}"
        );
    }

    #[test]
    fn regexner_literal_patterns() {
        let text = "Xinhua News Agency\tORGANIZATION\tMISC\t1.0\nU\\.S\\.\tCOUNTRY\n";
        let e = read_regexner(text, "r.txt").unwrap();
        assert_eq!(e[0].name, "Xinhua News Agency");
        assert_eq!(&*e[0].kind, "agency");
        assert_eq!(e[1].name, "U.S.");
        let msg = read_regexner("Bachelor of (Arts|Science)\tDEGREE\n", "r.txt")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("r.txt:1:13: regular-expression syntax '('"),
            "{msg}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slug("U.S. Agency"), "u-s-agency");
    }
}
