//! Familiar forms of given names: "Bernie Ebbers" and "Bernard Ebbers" in one story are one
//! person, and so are "Jim Baker" and a listed "James Baker" the story names in full.
//!
//! Only within one document, only for the same family name, and only for a familiar form and a
//! formal name it stands for in the built-in table (`gazetteers/familiar-names.txt`): "Bill
//! Clinton" and "Hillary Clinton" stay two people, and so do "Steve Smith", "Steven Smith" and
//! "Stephen Smith" named in one story (which of the two is Steve, the text does not say). The
//! person keeps the formal name as canonical, whichever form the story uses first, so a node's id
//! does not depend on the order of the story's sentences.

use super::discover::{Discovered, is_name_word};
use super::{ResolvedBy, Resolver, Work, context, overlaps};
use crate::cooccur::IdMap;
use crate::gazetteer::{Form, words::Words};
use crate::text::{Normalized, Sentence};

impl Resolver<'_> {
    /// Gives a discovered name whose first word is a familiar form the id and label of the name
    /// with the formal given name and the same other words, found anywhere in the document
    /// ("Bernie Ebbers" -> "Bernard Ebbers"). Only one formal name may be there: with "Steven
    /// Smith" and "Stephen Smith" both named, "Steve Smith" stays apart.
    pub(super) fn join_familiar_forms(&self, found: &mut [Discovered]) {
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
        let joins: Vec<(usize, usize)> = found
            .iter()
            .enumerate()
            .filter_map(|(k, d)| {
                let (given, rest) = familiar(self.words, d)?;
                let mut formal = self
                    .words
                    .formal_names_norm(given)
                    .iter()
                    .filter_map(|f| first_named.get(format!("{f} {rest}").as_str()));
                match (formal.next(), formal.next()) {
                    (Some(&j), None) => Some((k, j)),
                    _ => None,
                }
            })
            .collect();
        for (k, j) in joins {
            found[k].id = found[j].id.clone();
            found[k].label = found[j].label.clone();
        }
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
        let hay = norm.as_str();
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
            if !w.direct.is_empty() || w.partial.is_empty() {
                continue;
            }
            let Some(sent) = sentences.get(w.sentence) else {
                continue;
            };
            // The given name right before, in the same sentence and on the same line, written as
            // a name.
            let Some(nb) = context::word_before(norm, w.norm_start).filter(|nb| {
                !nb.possessive
                    && nb.norm_end + 1 == w.norm_start
                    && !norm.from_line_break(nb.norm_end)
                    && norm.orig_start(nb.norm_start) >= sent.start
                    && is_name_word(text, norm, nb.norm_start, nb.norm_end)
            }) else {
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
            let given = &hay[nb.norm_start..nb.norm_end];
            let mut fits = w.partial.iter().copied().filter(|&e| {
                w.form_of.get(&e) == Some(&Form::Surname)
                    && full_at.contains_key(&e)
                    && self.familiar_of_listed(e, given)
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

    /// Whether the normalised `given` is a familiar or formal form of a listed person's given
    /// name (the first word of their canonical name, or a `given` alias), not that name itself:
    /// "jim" for James Baker, "william" for Bill Clinton.
    pub(super) fn familiar_of_listed(&self, e: u32, given: &str) -> bool {
        let ent = &self.gazetteer.entities()[e as usize];
        let first = ent.name.split_whitespace().next();
        first
            .into_iter()
            .chain(
                ent.aliases
                    .iter()
                    .filter(|a| a.form == Form::Given)
                    .map(|a| a.text.as_str()),
            )
            .map(|g| self.normalize_label(g))
            .any(|g| g != given && self.words.same_given_norm(given, &g))
    }

    /// Where a familiar or formal form of the given name of `d`, right before its surname at
    /// normalised `s`, starts (normalised): "Bill" of "Bill Thompson" opening a sentence, where
    /// discovery does not take "Bill" for a name, after "William Thompson". Not a word already
    /// in a mention (`taken`, original offsets).
    pub(super) fn familiar_before(
        &self,
        text: &str,
        norm: &Normalized,
        s: usize,
        sent: Option<&Sentence>,
        d: &Discovered,
        taken: &[(usize, usize)],
    ) -> Option<usize> {
        let nb = context::word_before(norm, s)?;
        let given = &norm.as_str()[nb.norm_start..nb.norm_end];
        let first = d.norm_name.split(' ').next()?;
        let os = norm.orig_start(nb.norm_start);
        (!nb.possessive
            && nb.norm_end + 1 == s
            && !norm.from_line_break(nb.norm_end)
            && sent.is_some_and(|sent| os >= sent.start)
            && given != first
            && self.words.same_given_norm(given, first)
            && is_name_word(text, norm, nb.norm_start, nb.norm_end)
            && !overlaps(taken, os, norm.orig_end(nb.norm_end)))
        .then_some(nb.norm_start)
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
                // "Bob" opening a sentence is not taken for a name by discovery (it may be a
                // word); after "Robert Walsh" it is his, with the surname.
                (
                    "Chairman Robert Walsh resigned. Bob Walsh said he was tired. Walsh stays.",
                    &[
                        "discovered:robert-walsh=Robert Walsh (discovered)",
                        "discovered:robert-walsh=Bob Walsh (earlier-mention)",
                        "discovered:robert-walsh=Walsh (earlier-mention)",
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
}
