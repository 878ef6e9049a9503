//! Bodies named after their country's possessive: "Russia's Defence Ministry" is the listed
//! "Russian Defence Ministry", "China's Foreign Ministry" the "Chinese Foreign Ministry",
//! "Turkey's central bank" the "Turkish central bank". News writes a body so as often as by its
//! listed names, and a gazetteer cannot list every country's name, adjective and possessive
//! before every body. A body's aliases that begin with a name of its country ("Russian ...",
//! "Russia ...") or end with one ("... of Russia") give the rest of the alias, looked up after
//! "COUNTRY's" in the text.

use std::collections::HashMap;

use crate::gazetteer::{FastHash, Form, Gazetteer};
use crate::text::is_word_char;
use crate::text::normalize::{NormOptions, normalize};

use super::Kind;

/// For each listed country (by entity index), the rest of its bodies' aliases after its name,
/// normalised, and the bodies so named.
#[derive(Debug, Default)]
pub struct OwnedNames {
    by_country: HashMap<u32, HashMap<String, Vec<u32>, FastHash>, FastHash>,
    /// The country of each body that has a rest.
    country_of: HashMap<u32, u32, FastHash>,
    /// The most words of a rest.
    max_words: usize,
}

impl OwnedNames {
    /// The names of `gazetteer`'s bodies after their countries' names; `kinds` is each entity's.
    pub fn new(gazetteer: &Gazetteer, kinds: &[Kind]) -> OwnedNames {
        let norm = |s: &str| normalize(s, NormOptions::MATCH).as_str().to_string();
        let entities = gazetteer.entities();
        // Each country's names and adjectives, normalised, by its code ("ru").
        let mut names_of: HashMap<&str, (u32, Vec<String>), FastHash> = HashMap::default();
        for (i, e) in entities.iter().enumerate() {
            if kinds[i] != Kind::Country {
                continue;
            }
            let Some(code) = e.id.strip_prefix("country:") else {
                continue;
            };
            let names = (e.aliases.iter())
                .filter(|a| matches!(a.form, Form::Name | Form::Abbreviation | Form::Demonym))
                .map(|a| norm(&a.text))
                .filter(|n| !n.is_empty())
                .collect();
            names_of.insert(code, (i as u32, names));
        }
        let mut out = OwnedNames::default();
        for (i, e) in entities.iter().enumerate() {
            if kinds[i] != Kind::Agency {
                continue;
            }
            let Some((country, names)) = e
                .attributes
                .get("country")
                .and_then(|c| names_of.get(c.as_str()))
            else {
                continue;
            };
            for alias in e.aliases.iter().filter(|a| a.form == Form::Name) {
                let alias = norm(&alias.text);
                for name in names {
                    let rest = (alias.strip_prefix(name.as_str()))
                        .and_then(|r| r.strip_prefix(' '))
                        .or_else(|| {
                            let r = alias.strip_suffix(name.as_str())?;
                            (r.strip_suffix(" of the ")).or_else(|| r.strip_suffix(" of "))
                        });
                    let Some(rest) = rest.filter(|r| r.starts_with(is_word_char)) else {
                        continue;
                    };
                    // (A possessive rest, "'s Joint Chiefs of Staff", is the alias's own.)
                    let bodies = (out.by_country.entry(*country).or_default())
                        .entry(rest.to_string())
                        .or_default();
                    if !bodies.contains(&(i as u32)) {
                        bodies.push(i as u32);
                    }
                    out.country_of.insert(i as u32, *country);
                    out.max_words = out.max_words.max(rest.split(' ').count());
                }
            }
        }
        out
    }

    /// Whether normalised `rest`, whole, is the rest of one of `body`'s names after its
    /// country's name, and names no other body of that country: "joint chiefs of staff" of
    /// "South Korea's Joint Chiefs of Staff".
    pub fn is_rest_of(&self, body: u32, rest: &str) -> bool {
        self.country_of
            .get(&body)
            .and_then(|c| self.by_country.get(c)?.get(rest))
            .is_some_and(|bodies| bodies[..] == [body])
    }

    /// The body named at the start of `rest` (normalised text after "COUNTRY's ") as a body of
    /// `country`: the longest rest of one of its aliases, whole words, that names one body only;
    /// its length in `rest`.
    pub fn find(&self, country: u32, rest: &str) -> Option<(u32, usize)> {
        let names = self.by_country.get(&country)?;
        // The ends of the first words of `rest`, up to punctuation.
        let mut ends = Vec::new();
        let mut at = 0;
        for token in rest.split(' ').take(self.max_words) {
            let core = token.trim_end_matches(|c: char| !is_word_char(c));
            if core.is_empty() || !core.starts_with(is_word_char) {
                break;
            }
            ends.push(at + core.len());
            if core.len() < token.len() {
                break; // "Defence Ministry," ends the name
            }
            at += token.len() + 1;
        }
        ends.iter()
            .rev()
            .find_map(|&end| match names.get(&rest[..end])?.as_slice() {
                [body] => Some((*body, end)),
                _ => None,
            })
    }
}
