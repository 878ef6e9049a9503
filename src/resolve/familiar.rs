//! Familiar forms of given names: "Bernie Ebbers" and "Bernard Ebbers" in one story are one
//! person, and so are "Jim Baker" and a listed "James Baker" the story names in full.
//!
//! Only within one document, only for the same family name, and only for a familiar form and a
//! formal name it stands for in the built-in table (`gazetteers/familiar-names.txt`): "Bill
//! Clinton" and "Hillary Clinton" stay two people, and so do "Steve Smith", "Steven Smith" and
//! "Stephen Smith" named in one story (which of the two is Steve, the text does not say). The
//! person keeps the formal name as canonical, whichever form the story uses first, so a node's id
//! does not depend on the order of the story's sentences.
//!
//! A familiar form is not joined where the story may mean someone else:
//! - two familiar forms of one formal name with the family name ("Bill Marsden", "Will Marsden"
//!   and "William Marsden"): which of the two is William, the text does not say, so neither is;
//! - a generational suffix after either name ("Ted Kennedy Jr." is not Edward Kennedy);
//! - a word for a relative just before either name ("her brother Alex Meyer", "their father
//!   William Marsden");
//! - a familiar form that is a common word opening a sentence ("Will Walsh's successor be
//!   named?");
//! - for a listed person known by a familiar form (Bill Clinton), another familiar form ("Will
//!   Clinton"): only the formal name ("William Clinton") is theirs.

use super::context::{self, Neighbour};
use super::discover::{Discovered, is_name_word};
use super::{ResolvedBy, Resolver, Work};
use crate::cooccur::IdMap;
use crate::gazetteer::{Form, words::Words};
use crate::text::{Normalized, Sentence, is_word_char};

/// Words for relatives: a familiar name right after one is a relative of the person named in
/// full, not that person ("her brother Alex Meyer", "his son Ted Kennedy").
const KIN: &[&str] = &[
    "brother",
    "sister",
    "son",
    "daughter",
    "father",
    "mother",
    "husband",
    "wife",
    "cousin",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
];

/// How many words before a given name a word for a relative is looked for ("her younger brother
/// Alex Meyer").
const KIN_WORDS: usize = 3;

/// Generational suffixes written after a family name ("Ted Kennedy Jr.", "Don Trump, Jr.").
pub(super) const GENERATIONS: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// The familiar form and the formal name of two normalised given names that may name one
/// person, in that order: ("bill", "william") for "bill" and "william" either way round. None
/// for the same name or unrelated names.
fn familiar_pair<'a>(words: &Words, a: &'a str, b: &'a str) -> Option<(&'a str, &'a str)> {
    if words.is_familiar_of_norm(a, b) {
        Some((a, b))
    } else if words.is_familiar_of_norm(b, a) {
        Some((b, a))
    } else {
        None
    }
}

/// The word right before normalised `at` when it may be a given name written with the name
/// there: one space before, in the same sentence and on the same line, not a possessive, written
/// as a name.
fn name_word_before(
    text: &str,
    norm: &Normalized,
    at: usize,
    sent: &Sentence,
) -> Option<Neighbour> {
    context::word_before(norm, at).filter(|nb| {
        !nb.possessive
            && nb.norm_end + 1 == at
            && !norm.from_line_break(nb.norm_end)
            && norm.orig_start(nb.norm_start) >= sent.start
            && is_name_word(text, norm, nb.norm_start, nb.norm_end)
    })
}

/// Endings of East Slavic patronymics, normalised: "Vladimirovich", "Sergeyevich",
/// "Oleksandrovych", "Vladimirovna", "Volodymyrivna", "Ilyinichna".
const PATRONYMIC_ENDINGS: &[&str] = &[
    "ovich", "evich", "ovych", "evych", "ovna", "evna", "ivna", "ichna",
];

/// Whether a normalised word is written as an East Slavic patronymic: one of
/// [`PATRONYMIC_ENDINGS`] after a stem of three letters or more.
fn is_patronymic(word: &str) -> bool {
    PATRONYMIC_ENDINGS.iter().any(|end| {
        word.strip_suffix(end)
            .is_some_and(|stem| stem.chars().count() >= 3 && stem.chars().all(char::is_alphabetic))
    })
}

/// Whether a word for a relative is among the few words before normalised `at`, in its
/// sentence ("his brother, Alex Meyer"; "brother-in-law", "sons" too).
fn kin_before(norm: &Normalized, sent: &Sentence, at: usize) -> bool {
    let hay = norm.as_str();
    let mut at = at;
    for _ in 0..KIN_WORDS {
        let before = hay[..at].trim_end_matches(' ');
        if before.is_empty() {
            return false;
        }
        let start = before.rfind(' ').map_or(0, |i| i + 1);
        if norm.orig_start(start) < sent.start {
            return false;
        }
        let token = before[start..].trim_matches(|c: char| !is_word_char(c));
        let token = token.strip_suffix("'s").unwrap_or(token);
        let word = token.split('-').next().unwrap_or(token);
        if KIN.contains(&word) || word.strip_suffix('s').is_some_and(|w| KIN.contains(&w)) {
            return true;
        }
        at = start;
    }
    false
}

/// Whether a generational suffix, written as a name, follows normalised `end`, with or without
/// a comma: "Kennedy Jr.", "Trump, Jr.", "Walsh III".
fn generation_after(norm: &Normalized, end: usize) -> bool {
    generation_at(norm, end).is_some()
}

/// The generational suffix, written as a name, that follows normalised `end`, with or without a
/// comma ("jr" in "Kennedy Jr.", "Trump, Jr."; "iii" in "Walsh III"), as (suffix, normalised
/// start, normalised end).
pub(super) fn generation_at(norm: &Normalized, end: usize) -> Option<(&str, usize, usize)> {
    let hay = norm.as_str();
    let rest = &hay[end..];
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let rest = rest.strip_prefix(' ')?;
    let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
    let start = hay.len() - rest.len();
    let word = &rest[..len];
    (GENERATIONS.contains(&word) && norm.starts_upper(start)).then_some((word, start, start + len))
}

impl Resolver<'_> {
    /// Gives a discovered name whose first word is a familiar form the id and label of the name
    /// with the formal given name and the same other words, found anywhere in the document
    /// ("Bernie Ebbers" -> "Bernard Ebbers"). Only one formal name may be there: with "Steven
    /// Smith" and "Stephen Smith" both named, "Steve Smith" stays apart. Nor where the story may
    /// mean someone else ([`Self::familiar_blocked`]).
    pub(super) fn join_familiar_forms(
        &self,
        norm: &Normalized,
        sentences: &[Sentence],
        found: &mut [Discovered],
    ) {
        // The familiar given name and the other words of a name.
        fn familiar<'d>(words: &Words, d: &'d Discovered) -> Option<(&'d str, &'d str)> {
            d.norm_name
                .split_once(' ')
                .filter(|(given, _)| !words.formal_names_norm(given).is_empty())
        }
        if !found.iter().any(|d| familiar(self.words, d).is_some()) {
            return;
        }
        // Each full name with its first person, in text order.
        let mut first_named: IdMap<&str, usize> = IdMap::default();
        for (k, d) in found.iter().enumerate() {
            first_named.entry(d.norm_name.as_str()).or_insert(k);
        }
        // Whether the person at `d` may be someone else than the other form's.
        let blocked = |d: &Discovered, pair: (&str, &str)| {
            let given = (
                d.norm_start,
                d.norm_start + d.norm_name.find(' ').unwrap_or(0),
            );
            sentences
                .get(d.sentence)
                .is_none_or(|sent| self.familiar_blocked(norm, sent, given, d.norm_end, pair))
        };
        let joins: Vec<(usize, usize)> = found
            .iter()
            .enumerate()
            .filter_map(|(k, d)| {
                let (given, rest) = familiar(self.words, d)?;
                let mut formal = self.words.formal_names_norm(given).iter().filter_map(|f| {
                    first_named
                        .get(format!("{f} {rest}").as_str())
                        .map(|&j| (j, f.as_str()))
                });
                let (Some((j, f)), None) = (formal.next(), formal.next()) else {
                    return None;
                };
                (!blocked(d, (given, f)) && !blocked(&found[j], (given, f))).then_some((k, j))
            })
            .collect();
        for (k, j) in joins {
            found[k].id = found[j].id.clone();
            found[k].label = found[j].label.clone();
        }
    }

    /// Whether a familiar form and a formal name of one given name (`pair`), one of them written
    /// at normalised `given` before the family name that ends at `end`, may name two people, so
    /// are not joined: the given name is a common word opening its sentence ("Will Walsh's
    /// successor be named?"), a word for a relative is just before it ("her brother Alex
    /// Meyer"), a generational suffix after it ("Ted Kennedy Jr."), or the story names the
    /// family name after another familiar form of the formal name ("Will Marsden" besides "Bill
    /// Marsden" and "William Marsden": which of the two is William, the text does not say).
    pub(super) fn familiar_blocked(
        &self,
        norm: &Normalized,
        sent: &Sentence,
        given: (usize, usize),
        end: usize,
        (familiar, formal): (&str, &str),
    ) -> bool {
        let hay = norm.as_str();
        let opening = norm.orig_start(given.0) == sent.start;
        if (opening && self.words.is_common_norm(&hay[given.0..given.1]))
            || kin_before(norm, sent, given.0)
            || generation_after(norm, end)
        {
            return true;
        }
        // " marsden": the family name, with the space before it.
        let family = &hay[given.1..end];
        self.words
            .familiar_forms_norm(formal)
            .iter()
            .filter(|g| *g != familiar)
            .any(|g| {
                let name = format!("{g}{family}");
                hay.match_indices(name.as_str()).any(|(k, _)| {
                    !hay[..k].ends_with(is_word_char)
                        && !hay[k + name.len()..].starts_with(is_word_char)
                        && norm.starts_upper(k)
                })
            })
    }

    /// Makes a listed person's surname after a familiar or formal form of their given name
    /// ("Jim Baker", listed as "James Baker") one mention of that person's full name, when the
    /// document names them in full: before (`earlier-mention`) or after (`context`). Without a
    /// full mention the name may be someone else's: it is left to discovery, as before.
    pub(super) fn join_familiar_listed(
        &self,
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        work: &mut Vec<Work>,
    ) {
        // Listed people named in full, unambiguously, with their first position.
        let mut full_at: IdMap<u32, usize> = IdMap::default();
        for w in work.iter() {
            if let [e] = w.direct[..] {
                full_at.entry(e).or_insert(w.start);
            }
        }
        if full_at.is_empty() {
            return;
        }
        // Matches of the given name, made part of the full name (indices into `work`, in order).
        let mut drop: Vec<usize> = Vec::new();
        for k in 0..work.len() {
            let w = &work[k];
            // (Most partial matches are of no one named in full: ruled out before any look at
            // the text.)
            if !w.direct.is_empty() || !w.partial.iter().any(|e| full_at.contains_key(e)) {
                continue;
            }
            let Some(sent) = sentences.get(w.sentence) else {
                continue;
            };
            let Some(nb) = name_word_before(text, norm, w.norm_start, sent) else {
                continue;
            };
            // No match of its own there, or only another listed person's given name ("Jim" of
            // some Jim listed), which becomes part of this name (work items are in text order
            // and do not overlap).
            let before = k
                .checked_sub(1)
                .filter(|&p| work[p].norm_end > nb.norm_start);
            if before.is_some_and(|p| {
                let x = &work[p];
                x.norm_start != nb.norm_start || x.norm_end != nb.norm_end || !x.direct.is_empty()
            }) {
                continue;
            }
            let mut fits = w.partial.iter().copied().filter(|&e| {
                full_at.contains_key(&e) && self.familiar_listed_fits(norm, sent, &nb, w, e)
            });
            let (Some(e), None) = (fits.next(), fits.next()) else {
                continue;
            };
            let start = norm.orig_start(nb.norm_start);
            let by = if full_at[&e] < start {
                ResolvedBy::EarlierMention
            } else {
                ResolvedBy::Context
            };
            let w = &mut work[k];
            w.start = start;
            w.norm_start = nb.norm_start;
            w.direct = vec![e];
            w.partial.clear();
            *w.form_of.entry_or_insert(e, Form::Name) = Form::Name;
            w.by = Some(by);
            drop.extend(before);
        }
        if !drop.is_empty() {
            let mut k = 0;
            work.retain(|_| {
                k += 1;
                drop.binary_search(&(k - 1)).is_err()
            });
        }
    }

    /// Makes a listed person's surname after their given name and a patronymic ("Vladimir
    /// Vladimirovich Putin", "Sergei Viktorovich Lavrov", listed as Vladimir Putin and Sergey
    /// Lavrov) one mention of that person's full name. An East Slavic middle name ending as
    /// patronymics do ([`is_patronymic`]) names the father, not another person of the family, so
    /// the name is the listed one's, as a reader takes it; without this it was discovered as a
    /// new person, and the story's later "Lavrov" went to that one. Only where the given name is
    /// one of exactly one of the surname's listed people's own (not a familiar form), with no
    /// match of its own between the given name and the surname but the given name's.
    pub(super) fn join_patronymic_listed(
        &self,
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        work: &mut Vec<Work>,
    ) {
        let hay = norm.as_str();
        // Matches of the given name, made part of the full name (indices into `work`, in order).
        let mut drop: Vec<usize> = Vec::new();
        for k in 0..work.len() {
            let w = &work[k];
            if !w.direct.is_empty() || w.partial.is_empty() {
                continue;
            }
            let Some(sent) = sentences.get(w.sentence) else {
                continue;
            };
            let Some(gb) = name_word_before(text, norm, w.norm_start, sent)
                .and_then(|pb| self.given_before_patronymic(text, norm, sent, &pb))
            else {
                continue;
            };
            let inside: Vec<usize> = (0..k)
                .rev()
                .take_while(|&p| work[p].norm_end > gb.norm_start)
                .collect();
            if !inside.iter().all(|&p| {
                let x = &work[p];
                x.norm_start == gb.norm_start && x.norm_end == gb.norm_end && x.direct.is_empty()
            }) {
                continue;
            }
            let given = &hay[gb.norm_start..gb.norm_end];
            let mut fits = w.partial.iter().copied().filter(|&e| {
                w.form_of.get(&e) == Some(&Form::Surname) && self.given_of_listed(e, given)
            });
            let (Some(e), None) = (fits.next(), fits.next()) else {
                continue;
            };
            work[k].widen_to_name(norm, gb.norm_start, e);
            drop.extend(inside);
        }
        super::remove_at(work, drop);
    }

    /// The word before `patronymic` when `patronymic` is written as one ([`is_patronymic`]) and
    /// the word before it may be a given name written with it ("Vladimir" of "Vladimir
    /// Vladimirovich").
    pub(super) fn given_before_patronymic(
        &self,
        text: &str,
        norm: &Normalized,
        sent: &Sentence,
        patronymic: &Neighbour,
    ) -> Option<Neighbour> {
        let hay = norm.as_str();
        if !is_patronymic(&hay[patronymic.norm_start..patronymic.norm_end]) {
            return None;
        }
        name_word_before(text, norm, patronymic.norm_start, sent)
    }

    /// Whether the word `nb` right before the surname match `w` is a patronymic after a given
    /// name of the listed person `e` ("Vladimir Vladimirovich Putin"), which makes the three one
    /// name of `e` (see [`join_patronymic_listed`](Self::join_patronymic_listed)).
    pub(super) fn patronymic_listed_fits(
        &self,
        text: &str,
        norm: &Normalized,
        sent: &Sentence,
        nb: &Neighbour,
        e: u32,
    ) -> bool {
        self.given_before_patronymic(text, norm, sent, nb)
            .is_some_and(|gb| self.given_of_listed(e, &norm.as_str()[gb.norm_start..gb.norm_end]))
    }

    /// Whether the normalised `given` is a given name of the listed person `e` as the gazetteer
    /// writes it: the first word of one of their names ("Sergei" of Sergey Lavrov, also listed
    /// as "Sergei Lavrov") or a `given` alias.
    fn given_of_listed(&self, e: u32, given: &str) -> bool {
        let ent = &self.gazetteer.entities()[e as usize];
        std::iter::once(ent.name.as_str())
            .chain(
                ent.aliases
                    .iter()
                    .filter(|a| matches!(a.form, Form::Name | Form::Given))
                    .map(|a| a.text.as_str()),
            )
            .filter_map(|n| n.split_whitespace().next())
            .any(|g| self.normalize_label(g) == given)
    }

    /// Whether the word `nb` right before the surname match `w` is a familiar or formal form of
    /// the listed person `e`'s given name that makes the two one name of `e` ("Jim Baker" for
    /// James Baker), where the story names `e` in full (the caller knows).
    pub(super) fn familiar_listed_fits(
        &self,
        norm: &Normalized,
        sent: &Sentence,
        nb: &Neighbour,
        w: &Work,
        e: u32,
    ) -> bool {
        let given = &norm.as_str()[nb.norm_start..nb.norm_end];
        w.form_of.get(&e) == Some(&Form::Surname)
            && self
                .familiar_of_listed(e, given)
                .is_some_and(|(familiar, formal)| {
                    let pair = (familiar.as_str(), formal.as_str());
                    let span = (nb.norm_start, nb.norm_end);
                    !self.familiar_blocked(norm, sent, span, w.norm_end, pair)
                })
    }

    /// The familiar form and the formal name (normalised) that the normalised `given` makes with
    /// a listed person's given name (the first word of their canonical name, or a `given`
    /// alias), not that name itself: ("jim", "james") for "jim" and James Baker, ("bill",
    /// "william") for "william" and Bill Clinton. A familiar form pairs with a formal given
    /// name only: "will" is not Bill Clinton, whose formal name William is also Will's.
    fn familiar_of_listed(&self, e: u32, given: &str) -> Option<(String, String)> {
        let ent = &self.gazetteer.entities()[e as usize];
        let first = ent.name.split_whitespace().next();
        let names: Vec<String> = first
            .into_iter()
            .chain(
                ent.aliases
                    .iter()
                    .filter(|a| a.form == Form::Given)
                    .map(|a| a.text.as_str()),
            )
            .map(|g| self.normalize_label(g))
            .collect();
        let is_familiar = |g: &str| !self.words.formal_names_norm(g).is_empty();
        if is_familiar(given) {
            if names.iter().any(|g| is_familiar(g)) {
                return None;
            }
            let formal = names
                .into_iter()
                .find(|g| self.words.is_familiar_of_norm(given, g))?;
            Some((given.to_string(), formal))
        } else {
            let familiar = names
                .into_iter()
                .find(|g| self.words.is_familiar_of_norm(g, given))?;
            Some((familiar, given.to_string()))
        }
    }

    /// Where a familiar or formal form of the given name of `d`, right before its surname at
    /// normalised `surname`, starts (normalised): "Bill" of "Bill Thompson" opening a sentence,
    /// where discovery does not take "Bill" for a name, after "William Thompson". Not a word
    /// already in a mention (`taken`, original offsets), nor where the story may mean someone
    /// else ([`Self::familiar_blocked`]).
    pub(super) fn familiar_before(
        &self,
        text: &str,
        norm: &Normalized,
        surname: (usize, usize),
        sent: Option<&Sentence>,
        d: &Discovered,
        taken: &[(usize, usize)],
    ) -> Option<usize> {
        let sent = sent?;
        let nb = name_word_before(text, norm, surname.0, sent)?;
        let given = &norm.as_str()[nb.norm_start..nb.norm_end];
        let first = d.norm_name.split(' ').next()?;
        let pair = familiar_pair(self.words, given, first)?;
        let span = (nb.norm_start, nb.norm_end);
        (!self.familiar_blocked(norm, sent, span, surname.1, pair)
            && !super::overlaps(
                taken,
                norm.orig_start(nb.norm_start),
                norm.orig_end(nb.norm_end),
            ))
        .then_some(nb.norm_start)
    }

    /// A familiar form of a given name written as a name right before normalised `at`, inside
    /// its sentence, where [`Self::given_before`] takes no common word ("his son Don Trump Jr.",
    /// "Then Will Clinton"): a given name, so the surname after it is that person's, not
    /// anyone's of the family. Opening a sentence it may be the word ("Will Walsh's successor be
    /// named?").
    pub(super) fn familiar_given_before(
        &self,
        text: &str,
        norm: &Normalized,
        at: usize,
        sent: &Sentence,
    ) -> Option<Neighbour> {
        name_word_before(text, norm, at, sent).filter(|nb| {
            norm.orig_start(nb.norm_start) != sent.start
                && !self
                    .words
                    .formal_names_norm(&norm.as_str()[nb.norm_start..nb.norm_end])
                    .is_empty()
        })
    }

    /// Whether the given name `nb` before a surname ending at normalised `end` makes a familiar
    /// form or formal name of the discovered `d`'s given name that may be theirs ("Bob Walsh"
    /// after "Robert Walsh"): see [`Self::familiar_blocked`].
    pub(super) fn familiar_of_discovered(
        &self,
        norm: &Normalized,
        sent: &Sentence,
        nb: &Neighbour,
        end: usize,
        d: &Discovered,
    ) -> bool {
        let given = &norm.as_str()[nb.norm_start..nb.norm_end];
        d.norm_name.split(' ').next().is_some_and(|first| {
            familiar_pair(self.words, given, first).is_some_and(|pair| {
                !self.familiar_blocked(norm, sent, (nb.norm_start, nb.norm_end), end, pair)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Gazetteer, Pipeline};

    fn pipeline(discover: bool) -> Pipeline {
        let config = Config {
            discover,
            ..Config::default()
        };
        Pipeline::new(Gazetteer::builtin().unwrap(), config).unwrap()
    }

    fn builtin() -> &'static Pipeline {
        static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| pipeline(true))
    }

    /// `id=surface (resolved_by)` of every mention.
    fn mentions(p: &Pipeline, text: &str) -> Vec<String> {
        p.analyze(text)
            .resolved
            .mentions
            .iter()
            .map(|m| {
                let by = m.resolved_by.map_or("", |r| r.as_str());
                format!("{}={} ({by})", m.entity.id, &text[m.start..m.end])
            })
            .collect()
    }

    fn check(p: &Pipeline, rows: &[(&str, &[&str])]) {
        for &(text, want) in rows {
            assert_eq!(mentions(p, text), want, "{text}");
        }
    }

    /// "Bernard Ebbers" and "Bernie Ebbers" in one story were two people, and the bare "Ebbers"
    /// after them was left unlinked as ambiguous between the two.
    #[test]
    fn a_familiar_form_is_the_person_named_in_full() {
        check(
            builtin(),
            &[
                (
                    "WorldCom founder Bernard Ebbers appeared in court. Bernie Ebbers, 63, \
                     denied the charges. Ebbers will appeal.",
                    &[
                        "discovered:bernard-ebbers=Bernard Ebbers (discovered)",
                        "discovered:bernard-ebbers=Bernie Ebbers (discovered)",
                        "discovered:bernard-ebbers=Ebbers (earlier-mention)",
                    ],
                ),
                // The other way round: the formal name is the canonical one all the same.
                (
                    "Bernie Ebbers was in court on Monday. Prosecutors say Bernard Ebbers hid \
                     the losses. Ebbers denied it.",
                    &[
                        "discovered:bernard-ebbers=Bernie Ebbers (discovered)",
                        "discovered:bernard-ebbers=Bernard Ebbers (discovered)",
                        "discovered:bernard-ebbers=Ebbers (earlier-mention)",
                    ],
                ),
                (
                    "The striker Tom Hartley scored twice. Coach Thomas Hartley was pleased.",
                    &[
                        "discovered:thomas-hartley=Tom Hartley (discovered)",
                        "discovered:thomas-hartley=Thomas Hartley (discovered)",
                    ],
                ),
                // "Bob Brown", discovered inside a sentence ("Bob" and "brown" may be words),
                // is the familiar form of "Robert Brown", with the surname after.
                (
                    "Robert Brown resigned. Then Bob Brown said he was tired. Brown stays.",
                    &[
                        "discovered:robert-brown=Robert Brown (discovered)",
                        "discovered:robert-brown=Bob Brown (discovered)",
                        "discovered:robert-brown=Brown (earlier-mention)",
                    ],
                ),
            ],
        );
    }

    #[test]
    fn other_given_names_are_other_people() {
        check(
            builtin(),
            &[
                // Not a familiar form of one another.
                (
                    "Tom Hartley scored. Tommy Hartley, his brother, missed.",
                    &[
                        "discovered:tom-hartley=Tom Hartley (discovered)",
                        "discovered:tommy-hartley=Tommy Hartley (discovered)",
                    ],
                ),
                (
                    "Later Bill Marsden spoke. Then Will Marsden replied.",
                    &[
                        "discovered:bill-marsden=Bill Marsden (discovered)",
                        "discovered:will-marsden=Will Marsden (discovered)",
                    ],
                ),
                // Steve is Steven or Stephen: with both named, the text does not say which.
                (
                    "Coach Steve Jenkins was pleased. Steven Jenkins and Stephen Jenkins scored.",
                    &[
                        "discovered:steve-jenkins=Steve Jenkins (discovered)",
                        "discovered:steven-jenkins=Steven Jenkins (discovered)",
                        "discovered:stephen-jenkins=Stephen Jenkins (discovered)",
                    ],
                ),
                // Another family name.
                (
                    "Bernard Ebbers met Bernie Sanders.",
                    &[
                        "discovered:bernard-ebbers=Bernard Ebbers (discovered)",
                        "discovered:bernie-sanders=Bernie Sanders (discovered)",
                    ],
                ),
                (
                    "Bill Clinton spoke. Hillary Clinton followed.",
                    &[
                        "person:bill-clinton=Bill Clinton ()",
                        "person:hillary-clinton=Hillary Clinton ()",
                    ],
                ),
            ],
        );
    }

    /// Joins a reviewer found wrong: "Bill Marsden", "Will Marsden" and "William Marsden" were
    /// one person, and so were Edward Kennedy and his son "Ted Kennedy Jr.", Bill Clinton and
    /// "Will Clinton" (through his `given=William`), Alexandra Meyer and her brother "Alex
    /// Meyer".
    #[test]
    fn familiar_forms_that_may_name_someone_else_are_not_joined() {
        check(
            builtin(),
            &[
                // Two familiar forms of one formal name: which is William, the text does not
                // say.
                (
                    "Later Bill Marsden spoke. Then Will Marsden replied. Chairman William \
                     Marsden watched.",
                    &[
                        "discovered:bill-marsden=Bill Marsden (discovered)",
                        "discovered:will-marsden=Will Marsden (discovered)",
                        "discovered:william-marsden=William Marsden (discovered)",
                    ],
                ),
                (
                    "The striker Tom Hartley scored. Tommy Hartley missed. Coach Thomas Hartley \
                     was pleased.",
                    &[
                        "discovered:tom-hartley=Tom Hartley (discovered)",
                        "discovered:tommy-hartley=Tommy Hartley (discovered)",
                        "discovered:thomas-hartley=Thomas Hartley (discovered)",
                    ],
                ),
                (
                    "Secretary of State James Baker spoke. Jim Baker met officials. Later Jimmy \
                     Baker arrived.",
                    &[
                        "person:james-baker=James Baker ()",
                        "discovered:jim-baker=Jim Baker (discovered)",
                        "discovered:jimmy-baker=Jimmy Baker (discovered)",
                    ],
                ),
                // A generational suffix, with or without a comma: the son, whose surname is
                // not his father's mention either.
                (
                    "Senator Edward Kennedy spoke. Ted Kennedy Jr. listened.",
                    &[
                        "discovered:edward-kennedy=Edward Kennedy (discovered)",
                        "discovered:ted-kennedy-jr=Ted Kennedy Jr. (discovered)",
                    ],
                ),
                (
                    "President Donald Trump spoke on Monday. Then Don Trump, Jr. addressed the \
                     rally.",
                    &[
                        "person:donald-trump=Donald Trump ()",
                        "discovered:don-trump-jr=Don Trump, Jr. (discovered)",
                    ],
                ),
                (
                    "Robert Brown resigned. Then Bob Brown III said he was tired.",
                    &[
                        "discovered:robert-brown=Robert Brown (discovered)",
                        "discovered:bob-brown-iii=Bob Brown III (discovered)",
                    ],
                ),
                // A word for a relative before the name.
                (
                    "President Donald Trump spoke on Monday. His son Don Trump also addressed \
                     the rally.",
                    &[
                        "person:donald-trump=Donald Trump ()",
                        "discovered:don-trump=Don Trump (discovered)",
                    ],
                ),
                (
                    "Alexandra Meyer won the race. Her brother Alex Meyer finished second.",
                    &[
                        "discovered:alexandra-meyer=Alexandra Meyer (discovered)",
                        "discovered:alex-meyer=Alex Meyer (discovered)",
                    ],
                ),
                (
                    "Robert Brown resigned. Then his son Bob Brown said he was tired.",
                    &[
                        "discovered:robert-brown=Robert Brown (discovered)",
                        "discovered:bob-brown=Bob Brown (discovered)",
                    ],
                ),
                (
                    "Secretary of State James Baker spoke. His son Jim Baker was there.",
                    &[
                        "person:james-baker=James Baker ()",
                        "discovered:jim-baker=Jim Baker (discovered)",
                    ],
                ),
                (
                    "Bernard Ebbers spoke. His younger brother, Bernie Ebbers, replied.",
                    &[
                        "discovered:bernard-ebbers=Bernard Ebbers (discovered)",
                        "discovered:bernie-ebbers=Bernie Ebbers (discovered)",
                    ],
                ),
                // A form given to women and men alike is in no pair.
                (
                    "Alexandra Meyer won the race. Alex Meyer finished second.",
                    &[
                        "discovered:alexandra-meyer=Alexandra Meyer (discovered)",
                        "discovered:alex-meyer=Alex Meyer (discovered)",
                    ],
                ),
                // Bill Clinton's formal name is William, not Will's too.
                (
                    "Bill Clinton spoke. Later Will Clinton, a distant cousin, listened.",
                    &[
                        "person:bill-clinton=Bill Clinton ()",
                        "discovered:will-clinton=Will Clinton (discovered)",
                    ],
                ),
                // A familiar form that is a common word, opening a sentence, is the word; the
                // surname is the person's as without the familiar forms.
                (
                    "Chairman William Walsh resigned. Will Walsh's successor be named soon?",
                    &[
                        "discovered:william-walsh=William Walsh (discovered)",
                        "discovered:william-walsh=Walsh (earlier-mention)",
                    ],
                ),
                (
                    "Bill Clinton spoke. Will Clinton win again?",
                    &[
                        "person:bill-clinton=Bill Clinton ()",
                        "person:bill-clinton=Clinton (earlier-mention)",
                    ],
                ),
            ],
        );
    }

    /// "Jim Baker" in a story naming the listed James Baker was discovered as someone else, and
    /// the bare "Baker" after both was left unlinked.
    #[test]
    fn a_listed_persons_familiar_name_is_them_where_the_story_names_them() {
        let rows: &[(&str, &[&str])] = &[
            (
                "Secretary of State James Baker arrived in Damascus. Jim Baker met officials. \
                 Baker left on Sunday.",
                &[
                    "person:james-baker=James Baker ()",
                    "person:james-baker=Jim Baker (earlier-mention)",
                    "person:james-baker=Baker (earlier-mention)",
                ],
            ),
            (
                "Jim Baker arrived in Damascus. Secretary of State James Baker met officials.",
                &[
                    "person:james-baker=Jim Baker (context)",
                    "person:james-baker=James Baker ()",
                ],
            ),
            // A listed person known by a familiar form, written in full.
            (
                "President Bill Clinton met reporters. William Clinton said he was happy.",
                &[
                    "person:bill-clinton=Bill Clinton ()",
                    "person:bill-clinton=William Clinton (earlier-mention)",
                ],
            ),
        ];
        check(builtin(), rows);
        check(&pipeline(false), rows);
        // Without the full name, someone else may be meant: the actor Phil Davis is no
        // candidate for the listed Philip Davis.
        let alone = pipeline(false).analyze("Critics praised Phil Davis on Sunday.");
        assert!(
            alone.resolved.mentions.is_empty() && alone.resolved.unlinked.is_empty(),
            "{:?}",
            alone.resolved
        );
        // Nor across a line break or a sentence's end.
        check(
            builtin(),
            &[
                (
                    "Jim Baker arrived in Damascus on Sunday.",
                    &["discovered:jim-baker=Jim Baker (discovered)"],
                ),
                (
                    "James Baker arrived. The visitors met Jim. Baker left.",
                    &[
                        "person:james-baker=James Baker ()",
                        "person:james-baker=Baker (earlier-mention)",
                    ],
                ),
                (
                    "James Baker arrived. The visitors met Jim\nBaker on Monday.",
                    &[
                        "person:james-baker=James Baker ()",
                        "person:james-baker=Baker (earlier-mention)",
                    ],
                ),
            ],
        );
    }

    /// "Sergei Viktorovich Lavrov" was discovered as a new person, and the story's later
    /// "Lavrov" went to that one instead of the listed Sergey Lavrov.
    #[test]
    fn a_patronymic_between_a_listed_given_name_and_surname_is_the_listed_person() {
        check(
            builtin(),
            &[
                (
                    "Foreign Minister Sergei Viktorovich Lavrov arrived on Monday. Lavrov smiled.",
                    &[
                        "person:sergey-lavrov=Sergei Viktorovich Lavrov ()",
                        "person:sergey-lavrov=Lavrov (earlier-mention)",
                    ],
                ),
                (
                    "Vladimir Vladimirovich Putin's aides met the press.",
                    &["person:vladimir-putin=Vladimir Vladimirovich Putin ()"],
                ),
                // Another given name than the listed one's, or a middle name that is no
                // patronymic, may be someone else: left to discovery as before.
                (
                    "Ivan Viktorovich Lavrov, a chemist, spoke.",
                    &["discovered:ivan-viktorovich-lavrov=Ivan Viktorovich Lavrov (discovered)"],
                ),
                (
                    "Sergei Borisov Lavrov, a chemist, spoke.",
                    &["discovered:sergei-borisov-lavrov=Sergei Borisov Lavrov (discovered)"],
                ),
            ],
        );
    }
}
