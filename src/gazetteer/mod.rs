//! Gazetteers: the entities entigraph knows, with their names, aliases and attributes.
//!
//! A [`Gazetteer`] is a list of [`Entity`] rows keyed by a stable id. Rows come from the built-in
//! lists compiled into the binary ([`Gazetteer::builtin`]) and from user files in the TSV format
//! documented in `gazetteers/README.md` ([`Gazetteer::from_path`]). A later row with an id that is
//! already present replaces the earlier one, so a user file can correct a built-in entry.

mod builtin;
pub mod formats;
mod tsv;
pub mod words;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

pub use tsv::{parse_tsv, parse_tsv_all};

/// How an alias names its entity; decides when it is linked (see `gazetteers/README.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// A full or short name.
    Name,
    /// An acronym or abbreviation, matched case-sensitively.
    Abbreviation,
    /// A nationality adjective or noun.
    Demonym,
    /// A capital city standing for its country's government.
    Capital,
    /// A person's family name on its own.
    Surname,
    /// A person's given name on its own.
    Given,
}

impl Form {
    /// All forms, in the order they are documented.
    pub const ALL: [Form; 6] = [
        Form::Name,
        Form::Abbreviation,
        Form::Demonym,
        Form::Capital,
        Form::Surname,
        Form::Given,
    ];

    /// The name of the form as written in gazetteers and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Name => "name",
            Form::Abbreviation => "abbreviation",
            Form::Demonym => "demonym",
            Form::Capital => "capital",
            Form::Surname => "surname",
            Form::Given => "given",
        }
    }

    /// Parses a form name.
    pub fn parse(s: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Whether a mention of this form names only part of a person and needs resolution.
    pub fn is_partial(self) -> bool {
        matches!(self, Form::Surname | Form::Given)
    }
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One way of writing an entity's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The alias as written in the gazetteer.
    pub text: String,
    /// How it names the entity.
    pub form: Form,
}

/// One entity: a person, country, agency or user-defined type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable identifier (`country:cn`).
    pub id: Arc<str>,
    /// The entity type (`person`, `country`, `agency`, ...).
    pub kind: Arc<str>,
    /// The canonical name.
    pub name: String,
    /// All names that are matched, the canonical name first.
    pub aliases: Vec<Alias>,
    /// Attributes such as `country=us`.
    pub attributes: BTreeMap<String, String>,
    /// Where the row came from, as `file:line`.
    pub origin: String,
}

/// A set of entities keyed by id.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    index: HashMap<Arc<str>, usize, FastHash>,
}

/// Gives each person of a user's gazetteer who has no `surname` alias the family name their
/// name ends with ([`family_name`]), as every built-in row gives its own: without it, a later
/// "Mr Howard" or "Howard said" of a listed Michael Howard would be no mention of him, though
/// the same name found by discovery has them all. (The built-in rows without one, "Hassan II",
/// "Saif al-Adel", go without on purpose, and so does a row that lists the family name as a
/// name of its own.)
fn with_family_names(entities: &mut [Entity]) {
    for e in entities.iter_mut().filter(|e| &*e.kind == "person") {
        if e.aliases.iter().any(|a| a.form == Form::Surname) {
            continue;
        }
        // (A row that lists the family name as a name of its own, "Biden", says it stands
        // alone: it is left so.)
        if let Some(family) = family_name(&e.name)
            && !e.aliases.iter().any(|a| a.text == family)
        {
            e.aliases.push(Alias {
                text: family,
                form: Form::Surname,
            });
        }
    }
}

/// The family name a person's name ends with: its last word, or the words from a particle on
/// ("van Persie" of "Robin van Persie", "al-Assad" of "Bashar al-Assad"), after a suffix
/// ("Jr.", "III") is set aside. None for one word ("Madonna"), a name after a title ("Prince
/// Charles") or one that begins with a particle ("De Gaulle"), a family name that does not begin
/// with a capital or a particle, or one of fewer than three letters ("Kim Jong Un", "Wen
/// Jiabao": the press writes those family names first, and a gazetteer row says so with
/// `surname=`).
pub(crate) fn family_name(name: &str) -> Option<String> {
    let mut words: Vec<&str> = name.split_whitespace().collect();
    let suffix = |w: &str| {
        let w = w.trim_end_matches(['.', ',']);
        matches!(w, "Jr" | "Sr" | "jr" | "sr")
            || (!w.is_empty() && w.chars().all(|c| "IVX".contains(c)))
    };
    while words.len() > 1 && words.last().is_some_and(|w| suffix(w)) {
        words.pop();
    }
    // "Pope John Paul II", "Prince Charles": a title before the name, and the name after it
    // is a given name or names, no family's.
    let titles = words::Words::builtin();
    if words.len() > 1 && titles.is_title_norm(&words[0].to_lowercase()) {
        return None;
    }
    // "De Gaulle": a particle first makes the whole name the family's.
    if words.len() < 2 || crate::resolve::is_particle(&words[0].to_lowercase()) {
        return None;
    }
    let last = words.len() - 1;
    let from = (1..last)
        .find(|&i| crate::resolve::is_particle(&words[i].to_lowercase()))
        .unwrap_or(last);
    let family = words[from..].join(" ");
    let capital = words[last]
        .rsplit('-')
        .next()
        .is_some_and(|w| w.starts_with(char::is_uppercase));
    (capital && family.chars().filter(|c| c.is_alphabetic()).count() >= 3).then_some(family)
}

/// A gazetteer file's text. Bytes that are not UTF-8 are an error at their line and column
/// (the first such byte), which says how to fix it.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        // (The bytes before `at` are valid UTF-8: its characters are counted.)
        let column =
            std::str::from_utf8(&before[line_start..]).map_or(1, |s| s.chars().count() + 1);
        Error::Gazetteer {
            path: path.display().to_string(),
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column,
            // (A list saved as "Unicode" by a Windows editor is UTF-16.)
            message: match crate::input::unicode_mark(bytes) {
                Some((encoding, mark)) => format!(
                    "{encoding} text (byte order mark {mark}), not UTF-8; save the file as \
                     UTF-8 (iconv -f {encoding} -t UTF-8)"
                ),
                None => format!(
                    "not valid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                    bytes[at]
                ),
            },
        }
    })
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// The built-in gazetteers compiled into the binary.
    pub fn builtin() -> Result<Gazetteer> {
        let mut g = Gazetteer::new();
        for (name, text) in builtin::FILES {
            g.extend(parse_tsv(text, &format!("<builtin>/{name}"))?);
        }
        Ok(g)
    }

    /// Reads a gazetteer file. The format is chosen by extension; see `gazetteers/README.md`.
    ///
    /// `spec` is a path, optionally prefixed with its format (`gate:`, `spacy:`, `regexner:`,
    /// `tsv:`); without a prefix the extension decides (see [`formats::Format::detect`]).
    pub fn from_path(spec: &Path) -> Result<Gazetteer> {
        let spec_str = spec.to_string_lossy();
        let (format, path) = formats::Format::detect(&spec_str);
        let path = Path::new(path);
        let name = path.display().to_string();
        let read = || read_text(path);
        let entities = match format {
            formats::Format::Tsv => parse_tsv(&read()?, &name)?,
            formats::Format::Gate => formats::read_gate(path)?,
            formats::Format::Spacy => formats::read_spacy(&read()?, &name)?,
            formats::Format::RegexNer => formats::read_regexner(&read()?, &name)?,
        };
        let mut entities = entities;
        with_family_names(&mut entities);
        let mut g = Gazetteer::new();
        g.extend(entities);
        Ok(g)
    }

    /// The files that reading `spec` (as [`from_path`](Self::from_path) takes it) opens: the
    /// file, and for a GATE `lists.def` the lists it names. For refusing to write over an input.
    pub fn files(spec: &Path) -> Vec<std::path::PathBuf> {
        let spec_str = spec.to_string_lossy();
        match formats::Format::detect(&spec_str) {
            (formats::Format::Gate, path) => formats::gate_files(Path::new(path)),
            (_, path) => vec![Path::new(path).to_path_buf()],
        }
    }

    /// Loads a gazetteer file as [`from_path`](Self::from_path) does, but read on past its bad
    /// rows (see [`parse_tsv_all`], [`formats::read_gate_all`], ...): the gazetteer of the
    /// good rows, and the errors of the bad ones. For `gazetteer lint`, which reports every
    /// problem at once.
    pub fn from_path_all(spec: &Path) -> Result<(Gazetteer, Vec<Error>)> {
        let spec_str = spec.to_string_lossy();
        let (format, path) = formats::Format::detect(&spec_str);
        let path = Path::new(path);
        let name = path.display().to_string();
        let (mut entities, errors) = match format {
            formats::Format::Tsv => tsv::parse_tsv_all(&read_text(path)?, &name),
            formats::Format::Gate => formats::read_gate_all(path)?,
            formats::Format::Spacy => formats::read_spacy_all(&read_text(path)?, &name),
            formats::Format::RegexNer => formats::read_regexner_all(&read_text(path)?, &name),
        };
        with_family_names(&mut entities);
        let mut g = Gazetteer::new();
        g.extend(entities);
        Ok((g, errors))
    }

    /// Adds entities; one whose id is already present replaces the earlier entity.
    pub fn extend(&mut self, entities: impl IntoIterator<Item = Entity>) {
        let entities = entities.into_iter();
        self.index.reserve(entities.size_hint().0);
        self.entities.reserve(entities.size_hint().0);
        for e in entities {
            match self.index.get(&e.id) {
                Some(&i) => self.entities[i] = e,
                None => {
                    self.index.insert(e.id.clone(), self.entities.len());
                    self.entities.push(e);
                }
            }
        }
    }

    /// Adds all entities of another gazetteer (they replace entities with the same id).
    pub fn merge(&mut self, other: Gazetteer) {
        if self.is_empty() {
            *self = other;
            return;
        }
        self.extend(other.entities);
    }

    /// The entities, in the order they were first added.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.index.get(id).map(|&i| &self.entities[i])
    }

    /// The number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// Whether there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// A stable 64-bit hash (FNV-1a) of the gazetteer's contents, written as 16 hex digits; two
    /// gazetteers with the same entities in the same order have the same hash.
    pub fn hash_hex(&self) -> String {
        let mut h = Fnv::new();
        for e in &self.entities {
            h.write(e.id.as_bytes());
            h.write(b"\t");
            h.write(e.kind.as_bytes());
            h.write(b"\t");
            for a in &e.aliases {
                h.write(a.form.as_str().as_bytes());
                h.write(b"=");
                h.write(a.text.as_bytes());
                h.write(b"|");
            }
            h.write(b"\t");
            for (k, v) in &e.attributes {
                h.write(k.as_bytes());
                h.write(b"=");
                h.write(v.as_bytes());
                h.write(b"|");
            }
            h.write(b"\n");
        }
        format!("{:016x}", h.finish())
    }
}

/// FNV-1a, 64 bits: a small, stable, dependency-free hash for manifests (not for security).
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv::new()
    }
}

/// The hasher of the in-memory maps and sets (statistics by id, word lists, the gazetteer's
/// index): foldhash's fast hash with its fixed seed. It reads eight bytes at a time where
/// [`Fnv`] reads one, and it is the same from run to run. std's SipHash resists keys chosen to
/// collide; these maps are private to one run and were FNV-hashed before, no stronger.
pub type FastHash = foldhash::fast::FixedState;

/// A hash set of strings using [`FastHash`].
pub(crate) type FastSet = std::collections::HashSet<String, FastHash>;

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_name_is_where_the_name_ends() {
        for (name, family) in [
            ("Michael Howard", Some("Howard")),
            ("Robert Kilroy-Silk", Some("Kilroy-Silk")),
            ("Robin van Persie", Some("van Persie")),
            ("Ana de la Cruz", Some("de la Cruz")),
            ("Bashar al-Assad", Some("al-Assad")),
            ("Martin Luther King Jr.", Some("King")),
            ("Hassan II", None),
            ("Madonna", None),
            ("Kim Jong Un", None),
            ("ingrid solheim", None),
            ("Pope John Paul II", None),
            ("Prince Charles", None),
            ("De Gaulle", None),
        ] {
            assert_eq!(family_name(name).as_deref(), family, "{name}");
        }
        let mut people = parse_tsv(
            "p:a\tperson\tTony Blair\tsurname=Blair\t\np:b\tperson\tGordon Brown\t\t\n\
             a:c\tagency\tBank of England\t\t\np:d\tperson\tJoe Biden\tBiden\t\n",
            "t",
        )
        .unwrap();
        with_family_names(&mut people);
        let surnames: Vec<Vec<&str>> = (people.iter())
            .map(|e| {
                (e.aliases.iter())
                    .filter(|a| a.form == Form::Surname)
                    .map(|a| a.text.as_str())
                    .collect()
            })
            .collect();
        assert_eq!(surnames, [vec!["Blair"], vec!["Brown"], vec![], vec![]]);
    }

    #[test]
    fn later_rows_replace_earlier_ones() {
        let mut g = Gazetteer::new();
        g.extend(parse_tsv("x:a\tperson\tA\t\t\n", "one").unwrap());
        g.extend(parse_tsv("x:a\tperson\tAlpha\t\t\nx:b\tperson\tB\t\t\n", "two").unwrap());
        assert_eq!(g.len(), 2);
        assert_eq!(g.get("x:a").unwrap().name, "Alpha");
    }

    #[test]
    fn builtin_loads_without_duplicate_ids() {
        let mut seen = std::collections::HashSet::new();
        for (name, text) in builtin::FILES {
            for e in parse_tsv(text, name).unwrap() {
                assert!(seen.insert(e.id.clone()), "duplicate id {} in {name}", e.id);
            }
        }
        let g = Gazetteer::builtin().unwrap();
        for id in ["country:cn", "country:us", "country:ru"] {
            assert!(g.get(id).is_some(), "{id} missing from the built-ins");
        }
    }
}
