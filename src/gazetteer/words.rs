//! Built-in word lists: common English words, titles that come before names, given names, their
//! familiar forms, and names that are not people's.
//!
//! Common words flag aliases that are ordinary words ("Turkey", "Chad"), so the lint can report
//! them. Titles give a mention its `role` ("Assistant Foreign Minister") and support resolving a
//! surname on its own ("Mr. Xi"). Given names let unknown people be discovered ("Phil Simmons"),
//! except under the names of works, characters and companies ("Harry Potter", "George Wimpey").
//! Familiar forms tie "Bernie Ebbers" to the "Bernard Ebbers" of the same story.

use std::sync::OnceLock;

use super::FastHash;
use super::FastSet as HashSet;
use crate::text::spelling::umlauts_written_out;
use crate::text::{NormOptions, normalize_str};

const COMMON: &str = include_str!("../../gazetteers/common-words.txt");
const TITLES: &str = include_str!("../../gazetteers/titles.txt");
const GIVEN: &str = include_str!("../../gazetteers/given-names.txt");
const NOT_PEOPLE: &str = include_str!("../../gazetteers/not-people.txt");
const FAMILIAR: &str = include_str!("../../gazetteers/familiar-names.txt");

/// Normalised familiar form -> the normalised formal names it stands for.
type FamiliarMap = std::collections::HashMap<String, Vec<String>, FastHash>;

/// The built-in word lists, normalised for lookup.
#[derive(Debug)]
pub struct Words {
    common: HashSet,
    titles: HashSet,
    title_starts: HashSet,
    title_ends: HashSet,
    /// For each first byte, the lengths (bit `min(len, 31)`) of the title ends starting with it:
    /// most words are told apart from every title end here, without hashing.
    title_end_shapes: [u32; 256],
    max_title_words: usize,
    given: HashSet,
    not_people: HashSet,
    capitals: HashSet,
    familiar: FamiliarMap,
    /// The other way round: normalised formal name -> its familiar forms.
    familiar_forms: FamiliarMap,
}

/// The capitals of the built-in country list (its `capital=` aliases), whether or not the
/// gazetteer in use matches them.
fn capitals() -> impl Iterator<Item = &'static str> {
    super::builtin::FILES
        .iter()
        .filter(|(name, _)| *name == "countries.tsv")
        .flat_map(|(_, text)| entries(text))
        .filter_map(|row| row.split('\t').nth(3))
        .flat_map(|aliases| aliases.split('|'))
        .filter_map(|alias| alias.strip_prefix("capital="))
}

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A word's length as a bit of [`Words::title_end_shapes`] (31 for 31 bytes and more).
fn shape_bit(word: &str) -> u32 {
    1 << word.len().min(31)
}

impl Words {
    /// The built-in lists (loaded once).
    pub fn builtin() -> &'static Words {
        static WORDS: OnceLock<Words> = OnceLock::new();
        WORDS.get_or_init(|| {
            let norm = |s: &str| normalize_str(s, NormOptions::MATCH);
            let titles: HashSet = entries(TITLES).map(norm).collect();
            let max_title_words = titles
                .iter()
                .map(|t| t.split(' ').count())
                .max()
                .unwrap_or(1);
            let title_starts = titles
                .iter()
                .filter_map(|t| t.split(' ').next().map(str::to_string))
                .collect();
            let title_ends: HashSet = titles
                .iter()
                .filter_map(|t| t.rsplit(' ').next().map(str::to_string))
                .collect();
            let mut title_end_shapes = [0u32; 256];
            for end in &title_ends {
                if let Some(&b) = end.as_bytes().first() {
                    title_end_shapes[usize::from(b)] |= shape_bit(end);
                }
            }
            let familiar: FamiliarMap = entries(FAMILIAR)
                .filter_map(|line| {
                    let mut names = line.split_whitespace().map(norm);
                    Some((names.next()?, names.collect()))
                })
                .collect();
            Words {
                common: entries(COMMON).map(norm).collect(),
                title_starts,
                title_ends,
                title_end_shapes,
                titles,
                max_title_words,
                // "Juergen" is "Jürgen" written out, as the English-language press does.
                given: entries(GIVEN)
                    .flat_map(|g| {
                        std::iter::once(norm(g)).chain(umlauts_written_out(g).map(|w| norm(&w)))
                    })
                    .collect(),
                not_people: entries(NOT_PEOPLE).map(norm).collect(),
                capitals: capitals().map(norm).collect(),
                familiar_forms: {
                    let mut forms = FamiliarMap::default();
                    for (familiar, formal) in &familiar {
                        for f in formal {
                            forms.entry(f.clone()).or_default().push(familiar.clone());
                        }
                    }
                    forms.values_mut().for_each(|v| v.sort_unstable());
                    forms
                },
                familiar,
            }
        })
    }

    /// Whether `word` (any case) is a common English word.
    pub fn is_common(&self, word: &str) -> bool {
        self.common
            .contains(&normalize_str(word, NormOptions::MATCH))
    }

    /// Whether a normalised string is a title.
    pub fn is_title_norm(&self, norm: &str) -> bool {
        self.titles.contains(norm)
    }

    /// Whether a normalised word is the first word of some title ("foreign" of "foreign minister").
    pub fn is_title_start_norm(&self, norm: &str) -> bool {
        self.title_starts.contains(norm)
    }

    /// Whether a normalised word is the last word of some title ("minister").
    pub fn is_title_end_norm(&self, norm: &str) -> bool {
        norm.as_bytes()
            .first()
            .is_some_and(|&b| self.title_end_shapes[usize::from(b)] & shape_bit(norm) != 0)
            && self.title_ends.contains(norm)
    }

    /// The largest number of words in a title.
    pub fn max_title_words(&self) -> usize {
        self.max_title_words
    }

    /// Whether a normalised word is a known given name.
    /// So is a hyphenated name whose parts all are ("Karl-Heinz", "Hans-Peter", "Mary-Kate").
    pub fn is_given_norm(&self, norm: &str) -> bool {
        self.given.contains(norm)
            || (norm.contains('-') && norm.split('-').all(|part| self.given.contains(part)))
    }

    /// Whether a normalised full name ("harry potter") names a work, a character or a company,
    /// not a person.
    pub fn is_not_person_norm(&self, norm: &str) -> bool {
        self.not_people.contains(norm)
    }

    /// Whether two normalised given names may name one person: the same name, or a familiar
    /// form and a formal name it stands for ("bernie", "bernard"), in either order. Two familiar
    /// forms of one name ("bill", "will") are not paired: nor, here, are they the same name.
    pub fn same_given_norm(&self, a: &str, b: &str) -> bool {
        a == b || self.is_familiar_of_norm(a, b) || self.is_familiar_of_norm(b, a)
    }

    /// Whether the normalised `familiar` is a familiar form of the normalised `formal` ("bill",
    /// "william").
    pub fn is_familiar_of_norm(&self, familiar: &str, formal: &str) -> bool {
        self.formal_names_norm(familiar).iter().any(|x| x == formal)
    }

    /// The normalised formal names a normalised familiar form stands for ("steve" -> "steven",
    /// "stephen"); none for a word that is no familiar form.
    pub fn formal_names_norm(&self, familiar: &str) -> &[String] {
        self.familiar.get(familiar).map_or(&[], Vec::as_slice)
    }

    /// The normalised familiar forms of a normalised formal name ("william" -> "bill", "billy",
    /// "will", "willie"); none for a name with no familiar form listed.
    pub fn familiar_forms_norm(&self, formal: &str) -> &[String] {
        self.familiar_forms.get(formal).map_or(&[], Vec::as_slice)
    }

    /// Whether a normalised word is a common English word.
    pub fn is_common_norm(&self, norm: &str) -> bool {
        self.common.contains(norm)
    }

    /// Whether a normalised name is a country's capital ("prague", "kuala lumpur").
    pub fn is_capital_norm(&self, norm: &str) -> bool {
        self.capitals.contains(norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_hold_what_the_matcher_relies_on() {
        let w = Words::builtin();
        assert!(w.is_common("turkey") && w.is_common("Who") && w.is_common("said"));
        assert!(w.is_title_norm("mr.") && w.is_title_norm("president"));
        assert!(w.is_title_norm("assistant foreign minister"));
        assert!(w.is_given_norm("phil"));
        assert!(w.is_given_norm("gunter") && w.is_given_norm("guenter"));
        assert!(w.is_given_norm("karl-heinz") && w.is_given_norm("hans-juergen"));
        assert!(!w.is_given_norm("karl-") && !w.is_given_norm("rolls-royce"));
        assert!(w.is_not_person_norm("harry potter") && !w.is_not_person_norm("harry"));
        assert!(w.is_capital_norm("prague") && w.is_capital_norm("kuala lumpur"));
        assert!(!w.is_capital_norm("czech republic"));
        assert!(
            !w.is_given_norm("jordan"),
            "given names must exclude place names"
        );
    }

    #[test]
    fn familiar_forms_pair_with_their_formal_names_only() {
        let w = Words::builtin();
        for (a, b, same) in [
            ("bernie", "bernard", true),
            ("bernard", "bernie", true),
            ("bill", "william", true),
            ("steve", "stephen", true),
            ("steve", "steven", true),
            ("william", "william", true),
            // Two familiar forms, two formal names, unrelated names.
            ("bill", "will", false),
            ("steven", "stephen", false),
            ("bill", "hillary", false),
            ("tom", "tim", false),
        ] {
            assert_eq!(w.same_given_norm(a, b), same, "{a} / {b}");
        }
        assert!(w.is_familiar_of_norm("jim", "james") && !w.is_familiar_of_norm("james", "jim"));
        assert_eq!(
            w.familiar_forms_norm("william"),
            ["bill", "billy", "will", "willie"]
        );
        assert!(w.familiar_forms_norm("bill").is_empty());
    }

    #[test]
    fn familiar_names_file_is_well_formed() {
        let w = Words::builtin();
        let mut seen = HashSet::default();
        for line in entries(FAMILIAR) {
            let names: Vec<&str> = line.split_whitespace().collect();
            assert!(
                names.len() >= 2,
                "{line:?}: a familiar form and its formal names"
            );
            assert!(seen.insert(names[0].to_string()), "{line:?}: listed twice");
            assert!(
                names[1..]
                    .iter()
                    .all(|f| !w.familiar.contains_key(&norm_test(f))),
                "{line:?}: a formal name that is itself listed as familiar"
            );
        }
    }

    fn norm_test(s: &str) -> String {
        normalize_str(s, NormOptions::MATCH)
    }
}
