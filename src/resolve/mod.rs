//! Resolution: from raw alias matches to linked mentions, within one document.
//!
//! - An alias that names one entity is linked to it.
//! - An alias that names several ("Georgia", "George Bush") is resolved from the document: if
//!   exactly one of the candidates is also mentioned unambiguously elsewhere in the document, or is
//!   the only one whose `country` is mentioned, it is that one (`resolved_by: context`); otherwise
//!   the mention is reported as ambiguous and left unlinked.
//! - A partial name (a surname or given name on its own: "Mr. Xi", "Xi's", "President Obama")
//!   resolves to the person named in full earlier in the document (`earlier-mention`). Before any
//!   full mention it resolves only when the gazetteer has exactly one candidate and a title comes
//!   right before it (`title`). Two people of the same surname named in full make the bare surname
//!   ambiguous.
//! - A title right before a person's name ("Chinese Assistant Foreign Minister", "Mr.") is
//!   recorded as the mention's `role`.
//! - People not in the gazetteer are discovered (unless turned off) when introduced with a title
//!   and a name of at least two capitalised words ("Assistant Foreign Minister Zheng Zeguang"), or
//!   as a known given name followed by a capitalised surname ("Phil Simmons"). They get the id
//!   `discovered:SLUG` derived from the name, so the same full name in two documents is the same
//!   node, and their later surname mentions ("Mr. Zheng") resolve to them.
//! - A familiar form of a given name with the same family name is the person named in full in the
//!   same document ("Bernie Ebbers" and "Bernard Ebbers"; "Jim Baker" and a listed "James
//!   Baker"), for the pairs in `gazetteers/familiar-names.txt`, unless the story may mean a
//!   relative or namesake (see `familiar.rs`).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Serialize;

mod context;
mod discover;
pub(crate) use discover::{is_particle, slugify};
mod familiar;
mod office;
mod owned;
mod places;
mod sport;

use discover::{MAX_PARTICLES, drop_sentence_periods, word_spans};
pub use owned::OwnedNames;

use crate::cooccur::IdMap;
use crate::gazetteer::{Form, Gazetteer, words::Words};
use crate::matcher::{Matcher, RawMatch};
use crate::text::{Normalized, Sentence, is_word_char};

/// An entity as mentions refer to it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    /// Stable id.
    pub id: Arc<str>,
    /// Type (`person`, `country`, ...).
    pub kind: Arc<str>,
    /// Canonical name.
    pub label: Arc<str>,
    /// Found in the text rather than listed in a gazetteer.
    pub discovered: bool,
}

/// How a mention that was not a full, unambiguous name was linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResolvedBy {
    /// A partial name matching a person named in full earlier in the document.
    EarlierMention,
    /// A partial name, before any full mention, after a title naming an office that only one
    /// candidate held ("President Obama").
    Title,
    /// A shared alias decided by other mentions in the document.
    Context,
    /// A person not in the gazetteer, introduced by a title or a known given name.
    Discovered,
}

impl ResolvedBy {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedBy::EarlierMention => "earlier-mention",
            ResolvedBy::Title => "title",
            ResolvedBy::Context => "context",
            ResolvedBy::Discovered => "discovered",
        }
    }
}

/// A linked mention of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The entity.
    pub entity: EntityRef,
    /// Start byte in the document text.
    pub start: usize,
    /// End byte (exclusive); `&text[start..end]` is the surface form.
    pub end: usize,
    /// How the alias names the entity.
    pub form: Form,
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// The title written before a person's name, as written.
    pub role: Option<String>,
    /// How the mention was linked, when it was not a full unambiguous name.
    pub resolved_by: Option<ResolvedBy>,
    /// A news outlet or agency credited as the source of what is reported ("told the BBC",
    /// "according to Reuters", "Reuters reported"): counted as a mention, linked to nothing.
    pub attribution: bool,
    /// A country named for its national sports team in a sports story ("England beat Wales
    /// 24-10", "France coach Bernard Laporte"): counted as a mention, linked to nothing.
    pub team: bool,
}

impl Mention {
    /// Whether the mention joins links: neither a credit to an outlet nor a team.
    pub fn links(&self) -> bool {
        !self.attribution && !self.team
    }
}

/// Why a match was left unlinked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unresolved {
    /// Several entities share the alias and the document does not decide.
    Ambiguous,
    /// A partial name with no full mention before it and no title to support it.
    PartialName,
}

/// A match that was not linked to an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlinked {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The candidate entities' ids.
    pub candidates: Vec<Arc<str>>,
    /// Why it was not linked.
    pub reason: Unresolved,
}

/// The outcome of resolving one document.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// Linked mentions, by position.
    pub mentions: Vec<Mention>,
    /// Matches left unlinked, by position.
    pub unlinked: Vec<Unlinked>,
}

/// The types of entity the resolver's rules tell apart; a gazetteer's types are open, and any
/// other is `Other`. (Kept one byte an entity, beside [`Resolver::refs`]: the rules test the type
/// of every candidate of a match, and a family name shared by hundreds of listed people has as
/// many candidates.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `person`.
    Person,
    /// `country`.
    Country,
    /// `agency`.
    Agency,
    /// Any other type.
    Other,
}

impl Kind {
    /// The kind of a gazetteer type.
    pub fn of(kind: &str) -> Kind {
        match kind {
            "person" => Kind::Person,
            "country" => Kind::Country,
            "agency" => Kind::Agency,
            _ => Kind::Other,
        }
    }
}

/// What resolution needs besides the document.
pub struct Resolver<'a> {
    /// The gazetteer the matcher was built from.
    pub gazetteer: &'a Gazetteer,
    /// Shared references to its entities, by index.
    pub refs: &'a [EntityRef],
    /// The [`Kind`] of each of its entities, by index.
    pub kinds: &'a [Kind],
    /// The matcher that produced the raw matches.
    pub matcher: &'a Matcher,
    /// Titles and given names.
    pub words: &'a Words,
    /// Whether to discover people not in the gazetteer.
    pub discover: bool,
    /// The gazetteer's bodies by the rest of their names after their countries'.
    pub owned: &'a OwnedNames,
}

struct Work {
    start: usize,
    end: usize,
    norm_start: usize,
    norm_end: usize,
    sentence: usize,
    direct: Vec<u32>,
    partial: Vec<u32>,
    /// The form each candidate entity was matched by (a handful of entries at most).
    form_of: FormOf,
    /// How a match made a full name was linked ("Jim Baker" for a listed James Baker).
    by: Option<ResolvedBy>,
}

impl Work {
    /// Makes the match one of entity `e`'s full name, widened back to `norm_start` (the given
    /// name before a surname: "Sergei Viktorovich Lavrov").
    fn widen_to_name(&mut self, norm: &Normalized, norm_start: usize, e: u32) {
        self.start = norm.orig_start(norm_start);
        self.norm_start = norm_start;
        self.direct = vec![e];
        self.partial.clear();
        *self.form_of.entry_or_insert(e, Form::Name) = Form::Name;
    }
}

/// Removes the items at `drop` (indices, in any order) from `work`, keeping the others' order.
fn remove_at(work: &mut Vec<Work>, mut drop: Vec<usize>) {
    if drop.is_empty() {
        return;
    }
    drop.sort_unstable();
    let mut k = 0;
    work.retain(|_| {
        k += 1;
        drop.binary_search(&(k - 1)).is_err()
    });
}

/// A map from entity to form, kept in a vector sorted by entity: most matches have one or a few
/// candidates, but a family name shared by hundreds of listed people ("Wagner" in a gazetteer
/// of 200,000 names) has as many, and a linear search made their matches quadratic.
#[derive(Default)]
struct FormOf(Vec<(u32, Form)>);

impl FormOf {
    fn get(&self, e: &u32) -> Option<&Form> {
        let i = self.0.binary_search_by_key(e, |&(k, _)| k).ok()?;
        Some(&self.0[i].1)
    }

    /// The form of `e`, inserted as `form` if absent. (A match's targets come in entity order,
    /// so the insertion is at the end.)
    fn entry_or_insert(&mut self, e: u32, form: Form) -> &mut Form {
        let i = match self.0.binary_search_by_key(&e, |&(k, _)| k) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (e, form));
                i
            }
        };
        &mut self.0[i].1
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn values(&self) -> impl Iterator<Item = &Form> {
        self.0.iter().map(|(_, f)| f)
    }
}

fn sentence_of(sentences: &[Sentence], pos: usize) -> usize {
    sentences
        .partition_point(|s| s.start <= pos)
        .saturating_sub(1)
}

impl Resolver<'_> {
    /// Resolves the raw matches of one document.
    pub fn resolve(
        &self,
        text: &str,
        norm: &Normalized,
        raw: &[RawMatch],
        sentences: &[Sentence],
    ) -> Resolved {
        let mut work: Vec<Work> = raw
            .iter()
            .map(|r| {
                let mut direct = Vec::new();
                let mut partial = Vec::new();
                let mut form_of = FormOf::default();
                for &t in &r.targets {
                    let target = self.matcher.target(t);
                    let e = target.entity;
                    let list = if target.form.is_partial() {
                        if self.kind_of(e) != Kind::Person {
                            continue;
                        }
                        &mut partial
                    } else {
                        &mut direct
                    };
                    // (Each entity once: sorted and deduplicated below.)
                    if list.last() != Some(&e) {
                        list.push(e);
                    }
                    // A direct form wins over a partial one for the same entity.
                    let f = form_of.entry_or_insert(e, target.form);
                    if f.is_partial() && !target.form.is_partial() {
                        *f = target.form;
                    }
                }
                // (The matcher gives a match's targets in entity order, so these sorts find
                // the lists sorted.)
                for list in [&mut direct, &mut partial] {
                    list.sort_unstable();
                    list.dedup();
                }
                partial.retain(|e| direct.binary_search(e).is_err());
                Work {
                    start: r.start,
                    end: r.end,
                    norm_start: r.norm_start,
                    norm_end: r.norm_end,
                    sentence: sentence_of(sentences, r.start),
                    direct,
                    partial,
                    form_of,
                    by: None,
                }
            })
            .collect();
        self.join_owned_bodies(norm, &mut work);
        self.join_owned_short_forms(norm, &mut work);
        let heads = context::Headlines::new(text, sentences);
        self.drop_embedded(text, norm, sentences, &heads, &mut work);
        self.drop_redefined_abbreviations(text, &mut work);
        self.join_familiar_listed(text, norm, sentences, &mut work);
        self.join_patronymic_listed(text, norm, sentences, &mut work);
        self.join_nicknamed_listed(text, norm, &mut work);
        let mut out = Resolved::default();
        // Entities mentioned unambiguously by a direct form, with their first position.
        let mut first_seen: IdMap<u32, usize> = IdMap::default();
        for w in &work {
            if w.direct.len() == 1 {
                first_seen.entry(w.direct[0]).or_insert(w.start);
            }
        }
        // The countries the document names, or names someone or something of (Narendra Modi,
        // the Bundestag): they decide a shared alias such as "Congress" (of the United States,
        // India, Brazil...).
        let mentioned_countries: BTreeSet<String> = first_seen
            .keys()
            .filter_map(|&e| {
                let ent = &self.gazetteer.entities()[e as usize];
                if self.kind_of(e) == Kind::Country {
                    Some(ent.id.to_string())
                } else if ent
                    .attributes
                    .get("kind")
                    .is_some_and(|k| k == "news_agency")
                {
                    // A news agency's country is where it is based, not what the story is
                    // about ("Mexico's Congress ..., AP reported").
                    None
                } else {
                    ent.attributes
                        .get("country")
                        .map(|c| format!("country:{c}"))
                }
            })
            .collect();
        // Words of the normalised text, for discovery (computed once).
        let words = if self.discover {
            let mut words = word_spans(norm.as_str());
            drop_sentence_periods(&mut words, text, norm, sentences);
            words
        } else {
            Vec::new()
        };
        let (discovered, not_people) = if self.discover {
            self.discover_people(&discover::DocView {
                text,
                norm,
                work: &work,
                sentences,
                heads: &heads,
                words: &words,
            })
        } else {
            Default::default()
        };
        // Each surname of a discovered person, with where it was first introduced (end, start).
        let mut surname_seen: IdMap<&str, (usize, usize)> = IdMap::default();
        for d in &discovered {
            for sn in &d.surnames {
                let e = surname_seen.entry(sn.as_str()).or_insert((d.end, d.first));
                *e = (e.0.min(d.end), e.1.min(d.first));
            }
        }
        // Discovered people's full-name spans, in order, for overlap checks.
        let discovered_spans: Vec<(usize, usize)> = {
            let mut v: Vec<(usize, usize)> = discovered.iter().map(|d| (d.start, d.end)).collect();
            v.sort_unstable();
            v
        };
        let in_discovered = |s: usize, e: usize| overlaps(&discovered_spans, s, e);
        // A name that a discovered person carries ("Neil Jordan ... Jordan said") is that person
        // from then on, not the country or agency of the same name.
        // For each match, where the discovered person it names was introduced (end, start).
        let surname_of: Vec<Option<(usize, usize)>> = if surname_seen.is_empty() {
            vec![None; work.len()]
        } else {
            work.iter()
                .map(|w| discovered_surname(norm, w.norm_start, w.norm_end, &surname_seen))
                .collect()
        };
        // Unless the name stands where a place does: "visited Jordan", "in Jordan", or joined by
        // "and" or "or" to another country ("Ireland and Scotland players").
        let hay = norm.as_str();
        let as_place: Vec<bool> = (0..work.len())
            .map(|i| {
                let w = &work[i];
                if surname_of[i].is_none() || !self.countries_only(w) {
                    return false;
                }
                let before = context::word_before(norm, w.norm_start)
                    .map(|nb| &hay[nb.norm_start..nb.norm_end]);
                // ("in Jordan's film": the person's.)
                let after = hay[w.norm_end..].trim_start_matches(' ');
                let possessive = after.starts_with("'s") || after.starts_with("' ");
                let place_word = !possessive
                    && matches!(
                        before,
                        Some("in" | "into" | "inside" | "across" | "throughout" | "visited")
                            | Some("visit" | "visiting" | "visits")
                    );
                // (The other a country too, not another person's surname: "Jordan and Israel
                // said" of Neil Jordan and Steve Israel.)
                let joined = |j: usize, between: Option<&str>| {
                    work.get(j)
                        .is_some_and(|x| self.countries_only(x) && surname_of[j].is_none())
                        && between.is_some_and(|b| matches!(b.trim(), "and" | "or"))
                };
                let before = i
                    .checked_sub(1)
                    .is_some_and(|j| joined(j, hay.get(work[j].norm_end..w.norm_start)));
                let after = joined(
                    i + 1,
                    work.get(i + 1)
                        .and_then(|n| hay.get(w.norm_end..n.norm_start)),
                );
                place_word || before || after
            })
            .collect();
        for ((w, sn), place) in work.iter_mut().zip(&surname_of).zip(as_place) {
            if sn.is_some_and(|(end, _)| end <= w.start) && !place {
                w.direct.clear();
                w.partial.clear();
            }
        }
        // For a shared alias, the country named right before it in the possessive: "Mexico's
        // Congress" is Mexico's, whatever other countries the story names.
        let owner: Vec<Option<&str>> = (0..work.len())
            .map(|i| {
                let w = &work[i];
                let prev = work[..i].last()?;
                if w.direct.len() < 2 || !self.countries_only(prev) || prev.direct.len() != 1 {
                    return None;
                }
                let between = text.get(prev.end..w.start)?;
                matches!(between, "'s " | "\u{2019}s " | "' " | "\u{2019} ")
                    .then(|| {
                        self.refs[prev.direct[0] as usize]
                            .id
                            .strip_prefix("country:")
                    })
                    .flatten()
            })
            .collect();
        // The listed entity named by each match, by where the match ends: the country or body
        // whose office a title after it names ("Russian President", "IMF Managing Director").
        let named_ending: IdMap<usize, u32> = (work.iter())
            .filter(|w| w.direct.len() == 1)
            .map(|w| (w.end, w.direct[0]))
            .collect();
        // People resolved by an office's title so far (work is in text order).
        let mut by_title: Vec<u32> = Vec::new();
        // Whether the story is about sport, worked out when a match first needs it.
        let mut sport_story: Option<bool> = None;
        for ((w, sn), owner) in work.iter_mut().zip(&surname_of).zip(&owner) {
            // Part of a discovered person's full name ("Naina Yeltsin" is not Boris Yeltsin).
            if w.direct.is_empty() && in_discovered(w.start, w.end) {
                continue;
            }
            // A partial candidate named in full earlier, or by an office's title ("Prime
            // Minister Major ... Major agreed"), takes precedence.
            let earlier: Vec<u32> = w
                .partial
                .iter()
                .copied()
                .filter(|e| first_seen.get(e).is_some_and(|&p| p < w.start) || by_title.contains(e))
                .collect();
            let role = self.title_before(text, norm, w.norm_start, sentences[..].get(w.sentence));
            let link = |e: u32, by: Option<ResolvedBy>, out: &mut Resolved| {
                let r = &self.refs[e as usize];
                let form = w.form_of.get(&e).copied().unwrap_or(Form::Name);
                out.mentions.push(Mention {
                    entity: r.clone(),
                    start: w.start,
                    end: w.end,
                    form,
                    sentence: w.sentence,
                    role: if self.kind_of(e) == Kind::Person {
                        role.as_ref().map(|(_, _, s)| s.clone())
                    } else {
                        None
                    },
                    resolved_by: by,
                    attribution: false,
                    team: false,
                });
            };
            let unlinked = |cands: &[u32], reason: Unresolved, out: &mut Resolved| {
                let mut c: Vec<Arc<str>> = cands
                    .iter()
                    .map(|&e| self.refs[e as usize].id.clone())
                    .collect();
                c.sort();
                out.unlinked.push(Unlinked {
                    start: w.start,
                    end: w.end,
                    sentence: w.sentence,
                    candidates: c,
                    reason,
                });
            };
            if earlier.len() == 1 {
                link(earlier[0], Some(ResolvedBy::EarlierMention), &mut out);
                continue;
            }
            if earlier.len() > 1 {
                unlinked(&earlier, Unresolved::Ambiguous, &mut out);
                continue;
            }
            match w.direct.len() {
                1 => {
                    link(w.direct[0], w.by, &mut out);
                    continue;
                }
                0 => {}
                _ => {
                    let owned: Vec<u32> = w
                        .direct
                        .iter()
                        .copied()
                        .filter(|&e| {
                            owner.is_some_and(|c| {
                                self.gazetteer.entities()[e as usize]
                                    .attributes
                                    .get("country")
                                    .is_some_and(|x| x == c)
                            })
                        })
                        .collect();
                    if owned.len() == 1 {
                        link(owned[0], Some(ResolvedBy::Context), &mut out);
                        continue;
                    }
                    let in_doc: Vec<u32> = w
                        .direct
                        .iter()
                        .copied()
                        .filter(|e| first_seen.contains_key(e))
                        .collect();
                    if in_doc.len() == 1 {
                        link(in_doc[0], Some(ResolvedBy::Context), &mut out);
                        continue;
                    }
                    let by_country: Vec<u32> = w
                        .direct
                        .iter()
                        .copied()
                        .filter(|&e| {
                            self.gazetteer.entities()[e as usize]
                                .attributes
                                .get("country")
                                .is_some_and(|c| {
                                    mentioned_countries.contains(&format!("country:{c}"))
                                })
                        })
                        .collect();
                    if by_country.len() == 1 {
                        link(by_country[0], Some(ResolvedBy::Context), &mut out);
                        continue;
                    }
                    // "The ICC fined the captain": a sporting body in a sports story, the other
                    // candidates elsewhere (the International Cricket Council, the International
                    // Criminal Court), when the alias names bodies of both kinds.
                    let is_sport = |e: u32| {
                        (self.gazetteer.entities()[e as usize]
                            .attributes
                            .get("field"))
                        .is_some_and(|f| f == "sport")
                    };
                    if w.direct.iter().any(|&e| is_sport(e))
                        && !w.direct.iter().all(|&e| is_sport(e))
                    {
                        let sport_story =
                            *sport_story.get_or_insert_with(|| sport::is_sport_story(text));
                        let fitting: Vec<u32> = (w.direct.iter().copied())
                            .filter(|&e| is_sport(e) == sport_story)
                            .collect();
                        if fitting.len() == 1 {
                            link(fitting[0], Some(ResolvedBy::Context), &mut out);
                            continue;
                        }
                    }
                    unlinked(&w.direct, Unresolved::Ambiguous, &mut out);
                    continue;
                }
            }
            // Partial names only, no full mention before.
            if w.partial.is_empty() {
                continue;
            }
            // Part of a discovered person's full name.
            if in_discovered(w.start, w.end) {
                continue;
            }
            // A discovered person of this surname, introduced earlier, also competes.
            let competing = sn.is_some_and(|(_, first)| first < w.start);
            if competing {
                continue; // handled with the discovered people below
            }
            // Before any full mention, a surname is the person whose office its title names
            // ("President Obama"), when only one candidate holds such an office.
            let office = role
                .as_ref()
                .map_or(office::Office::None, |(_, _, title)| office::office(title));
            let holder = match &role {
                Some((os, _, _)) if office != office::Office::None => {
                    self.office_of(text, sentences[..].get(w.sentence), *os, &named_ending)
                }
                _ => OfficeOf::Any,
            };
            let fitting: Vec<u32> = w
                .partial
                .iter()
                .copied()
                .filter(|_| office != office::Office::None)
                .filter(|e| w.form_of.get(e).is_some_and(|f| *f == Form::Surname))
                .filter(|&e| {
                    let attributes = &self.gazetteer.entities()[e as usize].attributes;
                    let country = attributes.get("country").map(String::as_str);
                    let held = office.held_by(attributes.get("role").map(String::as_str));
                    // An office no role records (a governor, a senator, a mayor) is held in a
                    // country the story names: "Gov. Abbott" of Texas is not Tony Abbott.
                    let public = office != office::Office::Public
                        || country
                            .is_some_and(|c| mentioned_countries.contains(&format!("country:{c}")));
                    held && public && self.holds_office_of(e, holder, office)
                })
                .collect();
            // Without an office, a candidate named in full later in the document ("Mr Brown said
            // no. ... Chancellor Gordon Brown spoke later"). An honorific or another title ("Mr.
            // Brown, a baker") says nothing of who is meant.
            if office == office::Office::None
                && let [e] = w
                    .partial
                    .iter()
                    .copied()
                    .filter(|e| first_seen.contains_key(e))
                    .collect::<Vec<u32>>()[..]
            {
                // Unless someone discovered of that family name is named in full first: the
                // story's Michael Howard, not John Howard at its end.
                if sn.is_some_and(|(_, first)| first < first_seen[&e]) {
                    continue;
                }
                link(e, Some(ResolvedBy::Context), &mut out);
                continue;
            }
            if let [e] = fitting[..] {
                link(e, Some(ResolvedBy::Title), &mut out);
                by_title.push(e);
            } else {
                let reason = if w.partial.len() > 1 {
                    Unresolved::Ambiguous
                } else {
                    Unresolved::PartialName
                };
                unlinked(&w.partial, reason, &mut out);
            }
        }
        self.link_discovered(
            text,
            norm,
            sentences,
            &heads,
            &work,
            &discovered,
            &words,
            &not_people,
            &mut out,
        );
        out.mentions.sort_by_key(|m| (m.start, m.end));
        out.unlinked.sort_by_key(|u| (u.start, u.end));
        for m in &mut out.mentions {
            m.attribution = &*m.entity.kind == "agency"
                && (self.gazetteer.get(&m.entity.id))
                    .and_then(|e| e.attributes.get("kind"))
                    .is_some_and(|k| k == "news_outlet" || k == "news_agency")
                && credited(
                    text,
                    sentences.get(m.sentence).map_or(0, |s| s.start),
                    m.start,
                    m.end,
                );
        }
        // National teams: only in sports stories, where the cues mean sport. (The cues first:
        // a story is read whole only when some country has one.)
        let cued: Vec<usize> = (out.mentions.iter().enumerate())
            .filter(|(_, m)| {
                let sentence =
                    (sentences.get(m.sentence)).map_or(0..text.len(), |s| s.start..s.end);
                &*m.entity.kind == "country"
                    && if m.form == Form::Demonym {
                        sport::demonym_of_a_team(text, sentence, m.end)
                    } else {
                        sport::names_a_team(text, sentence, m.start, m.end)
                    }
            })
            .map(|(i, _)| i)
            .collect();
        if !cued.is_empty() && sport::is_sport_story(text) {
            for i in cued {
                out.mentions[i].team = true;
            }
        }
        out
    }

    /// The title right before normalised offset `at`, within its sentence, as
    /// (original start, original end, text as written).
    fn title_before(
        &self,
        text: &str,
        norm: &Normalized,
        at: usize,
        sentence: Option<&Sentence>,
    ) -> Option<(usize, usize, String)> {
        let hay = norm.as_str();
        let before = hay[..at].trim_end_matches(' ');
        if before.len() == at {
            return None; // the name is glued to what precedes it
        }
        // Every title ends with a title's last word: one lookup rules most names out.
        let last = &before[before.rfind(' ').map_or(0, |i| i + 1)..];
        let last = &last[last.find(|c: char| is_word_char(c)).unwrap_or(last.len())..];
        if !context::ends_title(self.words, last) {
            return None;
        }
        let sentence_start = sentence.map_or(0, |s| s.start);
        let mut starts: Vec<usize> = Vec::new();
        let mut pos = before.len();
        for _ in 0..self.words.max_title_words() {
            let word_start = before[..pos].rfind(' ').map_or(0, |i| i + 1);
            starts.push(word_start);
            if word_start == 0 {
                break;
            }
            pos = word_start - 1;
        }
        for &s in starts.iter().rev() {
            let s = s + before[s..].find(|c: char| is_word_char(c)).unwrap_or(0);
            if let Some(k) = context::title_start(self.words, &before[s..]) {
                // "ex-Prime Minister": the title is what follows "ex-".
                let os = norm.orig_start(s + k);
                if os < sentence_start {
                    continue;
                }
                let oe = norm.orig_end(before.len());
                let written: String = text[os..oe]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some((os, oe, written));
            }
        }
        None
    }
}

impl Resolver<'_> {
    /// "Russia's Defence Ministry": after a country in the possessive, the rest of the name of
    /// one of its bodies is that body (see [`owned`]), as "Russia's Federal Security Service"
    /// names Russia and the FSB. It replaces what was matched there ("Congress", shared by
    /// several countries' bodies).
    fn join_owned_bodies(&self, norm: &Normalized, work: &mut Vec<Work>) {
        let hay = norm.as_str();
        let mut bodies: Vec<Work> = Vec::new();
        for w in work.iter() {
            if w.direct.len() != 1 || !self.countries_only(w) || w.norm_end <= w.norm_start {
                continue;
            }
            let Some(rest) = hay[w.norm_end..].strip_prefix("'s ") else {
                continue;
            };
            let Some((body, len)) = self.owned.find(w.direct[0], rest) else {
                continue;
            };
            let norm_start = w.norm_end + 3;
            let start = norm.orig_start(norm_start);
            bodies.push(Work {
                start,
                end: norm.orig_end(norm_start + len),
                norm_start,
                norm_end: norm_start + len,
                sentence: w.sentence,
                direct: vec![body],
                partial: Vec::new(),
                form_of: FormOf(vec![(body, Form::Name)]),
                by: None,
            });
        }
        if bodies.is_empty() {
            return;
        }
        // The matches the bodies' names cover go; the rest keep their order.
        work.retain(|w| {
            !bodies
                .iter()
                .any(|b| w.norm_start < b.norm_end && b.norm_start < w.norm_end)
        });
        work.extend(bodies);
        work.sort_by_key(|w| (w.start, w.end));
    }
}

impl Resolver<'_> {
    /// "South Korea's Joint Chiefs of Staff said ... The Joint Chiefs of Staff said": a later
    /// match that is the rest of the name of a country's body the story named before (see
    /// [`owned`]) is that body, as a reader takes it, not the body listed under the short name
    /// (the US Joint Chiefs of Staff). Not where the story names a body of the short name by
    /// another of its names ("the U.S. Joint Chiefs of Staff"): which of the two is meant, the
    /// text does not say.
    fn join_owned_short_forms(&self, norm: &Normalized, work: &mut [Work]) {
        let hay = norm.as_str();
        // Bodies of a country named so far, unambiguously.
        let mut named: Vec<u32> = Vec::new();
        let mut joins: Vec<(usize, u32)> = Vec::new();
        for (k, w) in work.iter().enumerate() {
            let Some(&first) = w.direct.first() else {
                continue;
            };
            if !w.partial.is_empty() || self.kind_of(first) != Kind::Agency {
                continue;
            }
            let surface = &hay[w.norm_start..w.norm_end];
            if let [b] = w.direct[..]
                && named.contains(&b)
            {
                continue;
            }
            // After a country's possessive, the body is that country's ("Russia's Defence
            // Ministry ... France's Defence Ministry").
            let owner_before = k.checked_sub(1).is_some_and(|p| {
                let x = &work[p];
                self.countries_only(x) && matches!(&hay[x.norm_end..w.norm_start], "'s " | "' ")
            });
            let mut fits = named.iter().copied().filter(|&b| {
                !owner_before && !w.direct.contains(&b) && self.owned.is_rest_of(b, surface)
            });
            if let (Some(b), None) = (fits.next(), fits.next()) {
                // Another name of a body this one names elsewhere in the story rules it out.
                let elsewhere = work.iter().any(|x| {
                    x.direct.iter().any(|e| w.direct.contains(e))
                        && hay[x.norm_start..x.norm_end] != *surface
                });
                if !elsewhere {
                    joins.push((k, b));
                }
                continue;
            }
            // A news outlet's name with its country's word is a name of its own: "Central News
            // Agency" after the "Korean Central News Agency" is Taiwan's.
            if let [b] = w.direct[..]
                && !self.gazetteer.entities()[b as usize]
                    .attributes
                    .get("kind")
                    .is_some_and(|k| k == "news_agency" || k == "news_outlet")
            {
                named.push(b);
            }
        }
        for (k, b) in joins {
            let w = &mut work[k];
            w.direct = vec![b];
            w.form_of = FormOf(vec![(b, Form::Name)]);
        }
    }
}

/// Whose office a title names, by the word before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OfficeOf {
    /// Nothing says ("President Obama", "under President Clinton", "Former President").
    Any,
    /// The listed country or body named right before the title ("Russian President", "Mexico's
    /// President", "IMF Managing Director").
    Named(u32),
    /// Something the gazetteers do not list: a club, a firm, a state ("Real Madrid president
    /// Perez", "Texas Governor Abbott", "the company president").
    Other,
}

/// Words for bodies that have presidents and chairmen of their own, in lower case: "the club
/// president", "company chairman".
const BODIES: &[&str] = &[
    "company",
    "club",
    "firm",
    "bank",
    "team",
    "league",
    "federation",
    "association",
    "university",
    "college",
    "school",
    "board",
    "corporation",
    "group",
    "network",
    "foundation",
    "charity",
    "airline",
    "studio",
    "museum",
    "hospital",
    "church",
    "society",
    "institute",
    "union",
    "council",
    "committee",
];

impl Resolver<'_> {
    /// Whose office the title starting at `title_start` of `text` names (see [`OfficeOf`]).
    fn office_of(
        &self,
        text: &str,
        sentence: Option<&Sentence>,
        title_start: usize,
        named_ending: &IdMap<usize, u32>,
    ) -> OfficeOf {
        let from = sentence.map_or(0, |s| s.start).min(title_start);
        let before = text[from..title_start].trim_end();
        let core = (before.strip_suffix("'s"))
            .or_else(|| before.strip_suffix("\u{2019}s"))
            .unwrap_or(before);
        if let Some(&e) = named_ending.get(&(from + core.len())) {
            return OfficeOf::Named(e);
        }
        // (Punctuation before the title, as in "ex-President" or "said: President", names no
        // one.)
        let word = &core[core
            .rfind(|c: char| !(is_word_char(c) || c == '.'))
            .map_or(0, |i| {
                i + core[i..].chars().next().map_or(1, char::len_utf8)
            })..];
        let word = word.trim_end_matches('.');
        let Some(first) = word.chars().next() else {
            return OfficeOf::Any;
        };
        let lower = word.to_lowercase();
        if BODIES.contains(&lower.as_str()) {
            return OfficeOf::Other;
        }
        if first.is_uppercase()
            && !self.words.is_common(&lower)
            && !self.words.is_title_norm(&lower)
        {
            return OfficeOf::Other;
        }
        OfficeOf::Any
    }

    /// Whether listed person `e` may hold `office` of `of`: a country's as its citizen, a body's
    /// as its head (the `org` attribute) or as a citizen of its country; an international body's
    /// ambassador or envoy is a country's, sent to it ("U.N. Ambassador Albright").
    fn holds_office_of(&self, e: u32, of: OfficeOf, office: office::Office) -> bool {
        let owner = match of {
            OfficeOf::Any => return true,
            OfficeOf::Other => return false,
            OfficeOf::Named(owner) => owner,
        };
        let attributes = &self.gazetteer.entities()[e as usize].attributes;
        let owner_entity = &self.gazetteer.entities()[owner as usize];
        let code = |id: &str| id.split_once(':').map_or("", |(_, c)| c).to_string();
        match self.kind_of(owner) {
            Kind::Country => attributes.get("country") == Some(&code(&owner_entity.id)),
            Kind::Agency
                if office == office::Office::Public
                    && !owner_entity.attributes.contains_key("country") =>
            {
                true
            }
            Kind::Agency => {
                let org = code(&owner_entity.id);
                (attributes.get("org")).is_some_and(|orgs| orgs.split(',').any(|o| o.trim() == org))
                    || (owner_entity.attributes.get("country"))
                        .is_some_and(|c| attributes.get("country") == Some(c))
            }
            _ => false,
        }
    }
}

/// Where the discovered person whose surname the match at normalised `ns..ne` is was first named
/// in full, as `surnames` holds it: the match with the particles before it ("de Silva" for a
/// match "Silva") or on its own ("Jordan").
fn discovered_surname(
    norm: &Normalized,
    ns: usize,
    ne: usize,
    surnames: &IdMap<&str, (usize, usize)>,
) -> Option<(usize, usize)> {
    let hay = norm.as_str();
    let mut start = ns;
    let mut found = None;
    for _ in 0..MAX_PARTICLES {
        let Some(nb) = context::word_before(norm, start) else {
            break;
        };
        if nb.possessive || !is_particle(&hay[nb.norm_start..nb.norm_end]) {
            break;
        }
        start = nb.norm_start;
        if let Some(&v) = surnames.get(&hay[start..ne]) {
            found = Some(v);
        }
    }
    found.or_else(|| surnames.get(&hay[ns..ne]).copied())
}

/// Whether the span `s..e` overlaps one of `spans` (sorted by start, not overlapping each other).
fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = spans.partition_point(|&(_, end)| end <= s);
    spans.get(i).is_some_and(|&(start, _)| start < e)
}

impl Resolver<'_> {
    /// "Drink Or Die (DOD)", "the Mobile Entertainment Forum (MEF)": a story that defines an
    /// abbreviation as a name that shares no word with the listed agency's names means another
    /// body by it throughout, so its matches in the story are dropped (not the US Department of
    /// Defense, nor Italy's finance ministry). A definition in other words ("the Office of
    /// National Statistics (ONS)", "Securities Exchange Commission (SEC)") keeps them, as do
    /// countries after a name ("Philip Roth (US)").
    fn drop_redefined_abbreviations(&self, text: &str, work: &mut [Work]) {
        let abbreviation = |w: &Work| {
            !w.direct.is_empty()
                && w.partial.is_empty()
                && w.form_of.values().all(|f| *f == Form::Abbreviation)
                && w.direct.iter().all(|&e| self.kind_of(e) != Kind::Country)
        };
        // Words of four letters or more, by their first five (lower case): "Organisation" and
        // "Organization", "Markets" and "Market" are one. The words of any body's name say
        // nothing ("Official UK Charts Company" shares "Office" with "Office of the Comptroller
        // of the Currency").
        const ANY_BODY: &[&str] = &[
            "offic", "commi", "counc", "natio", "agenc", "organ", "depar", "minis", "compa",
            "autho", "burea", "servi", "insti", "inter", "feder", "unite", "gener", "centr",
        ];
        fn stems(s: &str) -> impl Iterator<Item = String> + '_ {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 4)
                .map(|w| {
                    w.chars()
                        .take(5)
                        .flat_map(char::to_lowercase)
                        .collect::<String>()
                })
                .filter(|stem| !ANY_BODY.contains(&stem.as_str()))
        }
        let mut redefined: Vec<&str> = Vec::new();
        for (i, w) in work.iter().enumerate() {
            if !abbreviation(w) || !text[w.end..].starts_with(')') {
                continue;
            }
            let Some(name) = text[..w.start].strip_suffix('(').map(str::trim_end) else {
                continue;
            };
            // Defined as a name listed for it ("the United Nations (UN)").
            let as_listed = i.checked_sub(1).is_some_and(|j| {
                let p = &work[j];
                p.end == name.len() && p.direct.iter().any(|e| w.direct.contains(e))
            });
            if as_listed {
                continue;
            }
            // The name defined: capitalised words whose initials hold the abbreviation's letters
            // in order, the last word's last ("Drink Or Die (DOD)", "Official UK Charts
            // Company (OCC)"); not a person's name with their party or employer ("Mark
            // Ralston (AFP)").
            let words: Vec<&str> = name.rsplit(' ').take(8).collect();
            let initials: Vec<char> = words
                .iter()
                .rev()
                .filter_map(|word| word.chars().next().filter(|c| c.is_uppercase()))
                .collect();
            let letters: Vec<char> = text[w.start..w.end]
                .chars()
                .filter(|c| c.is_alphabetic())
                .flat_map(char::to_uppercase)
                .collect();
            let mut rest = initials.iter();
            let spelled = letters.iter().all(|l| rest.any(|i| i == l))
                && rest.next().is_none()
                && words
                    .first()
                    .is_some_and(|w| w.starts_with(char::is_uppercase));
            if !spelled {
                continue;
            }
            let defined: Vec<String> = words.iter().flat_map(|w| stems(w)).collect();
            let shares_a_word = w.direct.iter().any(|&e| {
                let ent = &self.gazetteer.entities()[e as usize];
                std::iter::once(ent.name.as_str())
                    .chain(ent.aliases.iter().map(|a| a.text.as_str()))
                    .flat_map(stems)
                    .any(|stem| defined.contains(&stem))
            });
            if !shares_a_word {
                redefined.push(&text[w.start..w.end]);
            }
        }
        if redefined.is_empty() {
            return;
        }
        for w in work.iter_mut() {
            if abbreviation(w) && redefined.contains(&&text[w.start..w.end]) {
                w.direct.clear();
                w.form_of = FormOf::default();
            }
        }
    }

    /// Clears the candidates of matches that are part of a larger name (see [`context`]).
    fn drop_embedded(
        &self,
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        heads: &context::Headlines<'_>,
        work: &mut [Work],
    ) {
        // Listed people named in full, unambiguously (sorted): a familiar form of their given
        // name before their surname may be them (see familiar.rs).
        let mut named_in_full: Vec<u32> = work
            .iter()
            .filter_map(|w| match w.direct[..] {
                [e] => Some(e),
                _ => None,
            })
            .collect();
        named_in_full.sort_unstable();
        named_in_full.dedup();
        let mut flags: Vec<bool> = (0..work.len())
            .map(|i| self.embedded(i, work, text, norm, sentences, heads, &named_in_full))
            .collect();
        // American places named like countries ("Lebanon, Pennsylvania", "Atlanta, Georgia"):
        // see [`places`].
        let mut state = false;
        for (i, w) in work.iter().enumerate() {
            if flags[i] || !self.countries_only(w) {
                continue;
            }
            if places::town_in_state(norm, w.norm_end) {
                flags[i] = true;
            } else if places::names_state(norm, w.norm_start, w.norm_end) {
                flags[i] = true;
                state = true;
            }
        }
        // (Only a document that names a shared name needs the scan for the state's places.)
        let shared_named = || {
            let hay = norm.as_str();
            work.iter().enumerate().any(|(i, w)| {
                !flags[i]
                    && self.countries_only(w)
                    && places::shared_name(&hay[w.norm_start..w.norm_end])
            })
        };
        if (state && places::one_sense(norm)) || (shared_named() && places::state_story(norm)) {
            let hay = norm.as_str();
            for (i, w) in work.iter().enumerate() {
                if self.countries_only(w) && places::shared_name(&hay[w.norm_start..w.norm_end]) {
                    flags[i] = true;
                }
            }
        }
        // "England and Wales Cricket Board": a country joined by "and" to one that starts an
        // organisation's name is part of that name too. Back to front, for "A and B and C ...":
        // `joined[k]`, the match at k was dropped so, joined to the organisation.
        let mut joined = vec![false; work.len()];
        for i in (0..work.len()).rev() {
            if flags[i] || !self.countries_only(&work[i]) {
                continue;
            }
            let w = &work[i];
            let Some(and) = context::word_after(norm, w.norm_end)
                .filter(|nb| &norm.as_str()[nb.norm_start..nb.norm_end] == "and")
            else {
                continue;
            };
            let k = i + 1;
            if let Some(x) = work.get(k)
                && flags[k]
                && x.sentence == w.sentence
                && x.norm_start == and.norm_end + 1
                && self.countries_only(x)
                && (joined[k]
                    || sentences.get(x.sentence).is_some_and(|sent| {
                        context::organisation_after(norm, x.norm_end, sent.end)
                    }))
            {
                flags[i] = true;
                joined[i] = true;
            }
        }
        for (w, drop) in work.iter_mut().zip(flags) {
            if drop {
                w.direct.clear();
                w.partial.clear();
            }
        }
    }

    /// The word right before a surname at normalised offset `at`, when it is a name of its own
    /// ("Chelsea" in "Chelsea Clinton"): capitalised, in the same sentence, neither a match nor
    /// a title, function or common word, not an initial, and not a description ("the
    /// Oscar-nominated Owen", "London-based Levy").
    fn given_before(
        &self,
        text: &str,
        norm: &Normalized,
        at: usize,
        sent: &Sentence,
        work: &[Work],
    ) -> Option<context::Neighbour> {
        let nb = context::word_before(norm, at)?;
        let start = norm.orig_start(nb.norm_start);
        let word = &norm.as_str()[nb.norm_start..nb.norm_end];
        let described = context::word_before(norm, nb.norm_start).is_some_and(|d| {
            matches!(&norm.as_str()[d.norm_start..d.norm_end], "the" | "a" | "an")
        });
        let given = !nb.possessive
            && start >= sent.start
            && discover::is_name_word(text, norm, nb.norm_start, nb.norm_end)
            && !word
                .match_indices('-')
                .any(|(k, _)| !norm.starts_upper(nb.norm_start + k + 1))
            && !described
            && !context::neutral(self.words, word, start == sent.start)
            // "his son Hunter Biden": a given name that is also a word is one inside a sentence.
            && (!self.words.is_common_norm(word)
                || (discover::AMBIGUOUS_GIVEN.contains(&word) && start > sent.start))
            && !context::describes(word)
            && work
                .binary_search_by_key(&nb.norm_end, |x| x.norm_end)
                .is_err();
        given.then_some(nb)
    }

    fn kind_of(&self, e: u32) -> Kind {
        self.kinds[e as usize]
    }

    /// Whether a match names countries only (one or several candidates).
    fn countries_only(&self, w: &Work) -> bool {
        w.partial.is_empty()
            && !w.direct.is_empty()
            && w.direct.iter().all(|&e| self.kind_of(e) == Kind::Country)
    }

    #[allow(clippy::too_many_arguments)]
    fn embedded(
        &self,
        i: usize,
        work: &[Work],
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        heads: &context::Headlines<'_>,
        named_in_full: &[u32],
    ) -> bool {
        let w = &work[i];
        let hay = norm.as_str();
        let has_direct = |x: &Work| !x.direct.is_empty() || !x.partial.is_empty();
        // "pro-Russian", "anti-US", "ex-UK": a prefix of stance or time keeps the name a
        // mention.
        let prefix = |nb: &context::Neighbour| {
            nb.norm_end < w.norm_start && context::keeps_name(&hay[nb.norm_start..nb.norm_end])
        };
        if let Some(nb) =
            context::hyphen_neighbour(norm, w.norm_start, w.norm_end).filter(|nb| !prefix(nb))
        {
            // Work items are in text order and do not overlap.
            let at = work.partition_point(|x| x.norm_end <= nb.norm_start);
            let other = work
                .get(at)
                .filter(|x| has_direct(x) && x.norm_start < nb.norm_end);
            match other {
                // "Israel-Gaza war", "Gaza-Israel border": a name joined to another proper name
                // is one side of a pair, still a mention; joined to a common word it is part of an
                // adjective ("France-registered", "Hong Kong-based"). Headlines capitalise every
                // word, and people's names joined by a hyphen are one double-barrelled name.
                None => {
                    let pair = !heads.get(w.sentence)
                        && context::capitalised(text, norm, nb)
                        && !context::institution(&hay[nb.norm_start..nb.norm_end])
                        && w.partial.is_empty()
                        && w.direct.iter().all(|&e| self.kind_of(e) != Kind::Person)
                        && w.form_of.values().all(|f| *f != Form::Demonym);
                    if !pair {
                        return true;
                    }
                }
                // "German-Israeli relations": a compound adjective, not two mentions.
                Some(x) => {
                    let demonyms = |y: &Work| {
                        !y.form_of.is_empty() && y.form_of.values().all(|f| *f == Form::Demonym)
                    };
                    if demonyms(w) && demonyms(x) {
                        return true;
                    }
                }
            }
        }
        let Some(sent) = sentences.get(w.sentence) else {
            return false;
        };
        let head = heads.get(w.sentence);
        // "Labour costs rose": an agency's name that is also a word ("labour"), opening a
        // sentence where any word is capitalised, is the word, unless the story names it within
        // a sentence too. (Countries have rules of their own: "Turkey sandwiches".)
        let opens_sentence = |x: &Work| {
            sentences.get(x.sentence).is_some_and(|s| {
                text.get(s.start..x.start)
                    .is_some_and(|t| t.chars().all(|c| !c.is_alphanumeric()))
            })
        };
        let surface = &hay[w.norm_start..w.norm_end];
        if !w.direct.is_empty()
            && w.direct.iter().all(|&e| self.kind_of(e) == Kind::Agency)
            && w.form_of.values().all(|f| *f == Form::Name)
            && !surface.contains([' ', '-'])
            && self.words.is_common_norm(surface)
            && opens_sentence(w)
            && !work
                .iter()
                .any(|x| x.direct == w.direct && !opens_sentence(x))
        {
            return true;
        }
        // "Indira Gandhi International Airport", "Mandela Square": named after the person.
        let person = |e: &u32| self.kind_of(*e) == Kind::Person;
        let names_person = w.direct.iter().any(person) || w.partial.iter().any(person);
        // "Donald Trump Jr.", "Walsh III": a son or grandson of the name, whom discovery finds,
        // unless the alias holds the suffix ("Joseph R. Biden Jr."). "Sr." names the elder, who
        // may be the person listed ("Ferdinand Marcos Sr.").
        // "Marcos Jr." names a listed "Ferdinand Marcos Jr.": a candidate whose name holds the
        // suffix keeps the match.
        // Whether a candidate's name holds the word ("jr" in "Joseph R. Biden Jr.", "ii").
        let label_holds = |word: &str| {
            w.direct.iter().chain(&w.partial).any(|&e| {
                self.normalize_label(&self.refs[e as usize].label)
                    .split(' ')
                    .any(|x| x.trim_end_matches(['.', ',']) == word)
            })
        };
        if names_person
            && familiar::generation_at(norm, w.norm_end)
                .is_some_and(|(g, _, _)| g != "sr" && !label_holds(g))
        {
            return true;
        }
        // "Queen Elizabeth I", "Henry VIII": another holder of the name, by regnal number.
        if names_person && let Some(nb) = context::word_after(norm, w.norm_end) {
            let numeral = &hay[nb.norm_start..nb.norm_end];
            let regnal = numeral.len() <= 4
                && numeral.bytes().all(|b| matches!(b, b'i' | b'v' | b'x'))
                && norm.starts_upper(nb.norm_start)
                && norm.orig_start(nb.norm_start) < sent.end;
            if regnal && !label_holds(numeral) {
                return true;
            }
        }
        // "Mohammed Mustafa Hamdan", "Mohammed Mustafa al-Jibouri": a listed person's full
        // name followed by more of a name is part of another person's longer name (discovery
        // may find it). Not in headlines, where every word is capitalised.
        if !head
            && !w.direct.is_empty()
            && w.direct.iter().all(person)
            && hay[w.norm_start..w.norm_end].contains(' ')
            && let Some(nb) = context::word_after(norm, w.norm_end)
            && norm.orig_start(nb.norm_start) < sent.end
        {
            let next = &hay[nb.norm_start..nb.norm_end];
            let particle = matches!(next, "al" | "el")
                && hay[nb.norm_end..].starts_with('-')
                && norm.starts_upper(nb.norm_end + 1);
            let more_name = discover::is_name_word(text, norm, nb.norm_start, nb.norm_end)
                && !hay[nb.norm_end..].starts_with('\'')
                && !context::neutral(self.words, next, false)
                && !self.words.is_common_norm(next)
                && !self.words.is_title_norm(next)
                && work
                    .binary_search_by_key(&nb.norm_start, |x| x.norm_start)
                    .is_err();
            if particle || more_name {
                return true;
            }
        }
        if names_person
            && (context::named_after_person(norm, w.norm_start, w.norm_end, sent.end)
                || context::vessel_or_firm_before(self.words, norm, w.norm_start, w.norm_end))
        {
            return true;
        }
        // "Johnson & Johnson", "Marks & Spencer": a firm ("Serbia & Montenegro" stays a
        // country, though Montenegro is someone's family name). Two people named in full
        // before are still the people: "Trump & Putin".
        if w.direct.iter().chain(&w.partial).all(person)
            && let Some(other) =
                context::joined_by_ampersand(norm, w.norm_start, w.norm_end, sent.end)
        {
            let named = |x: &Work| -> Vec<u32> {
                x.direct
                    .iter()
                    .chain(&x.partial)
                    .copied()
                    .filter(|e| named_in_full.binary_search(e).is_ok())
                    .collect()
            };
            let at = work.partition_point(|x| x.norm_end <= other.0);
            let two_people = work
                .get(at)
                .filter(|x| x.norm_start == other.0 && x.norm_end == other.1)
                .is_some_and(|x| {
                    let (mine, theirs) = (named(w), named(x));
                    !mine.is_empty() && !theirs.is_empty() && mine != theirs
                });
            if !two_people {
                return true;
            }
        }
        if w.direct.is_empty() {
            // "The vote is in May": a month, not Theresa May.
            if context::calendar_date(norm, w.norm_start, w.norm_end) {
                return true;
            }
            // A surname that is also a title, before a name, is the title: "King Abdullah" is
            // not Tom King.
            // A title's abbreviation ends with its period ("Gen. Petraeus").
            let dotted = hay[w.norm_end..].starts_with('.');
            let title_end = w.norm_end + usize::from(dotted);
            // "Major John Smith": a rank too common a word to list as a title ("a major step")
            // before a known given name is the rank, not John Major; so is "Major" before
            // another title ("Major General"), and "Major League" is baseball's.
            let rank_before_given = || {
                &hay[w.norm_start..w.norm_end] == "major"
                    && context::word_after(norm, w.norm_end).is_some_and(|nb| {
                        let next = &hay[nb.norm_start..nb.norm_end];
                        norm.orig_start(nb.norm_start) < sent.end
                            && context::capitalised(text, norm, nb)
                            && (self.words.is_given_norm(next)
                                || self.words.is_title_norm(next)
                                || matches!(next, "league" | "leagues"))
                    })
            };
            if !head && rank_before_given() {
                return true;
            }
            if self.words.is_title_norm(&hay[w.norm_start..title_end])
                && !head
                && let Some(nb) = context::word_after(norm, title_end)
                && norm.orig_start(nb.norm_start) < sent.end
                && context::capitalised(text, norm, nb)
                && !context::neutral(self.words, &hay[nb.norm_start..nb.norm_end], false)
            {
                return true;
            }
            // A surname after a given name the gazetteers do not know is someone else of that
            // family: "Chelsea Clinton", "Naina Yeltsin" are not Hillary or Boris. A familiar
            // form of the given name ("Jim Baker" for James Baker) is someone else too, unless
            // the document names the person in full (see familiar.rs).
            return !head
                && w.partial
                    .iter()
                    .all(|e| w.form_of.get(e) == Some(&Form::Surname))
                && self
                    .given_before(text, norm, w.norm_start, sent, work)
                    .or_else(|| self.familiar_given_before(text, norm, w.norm_start, sent))
                    .is_some_and(|nb| {
                        let given = &hay[nb.norm_start..nb.norm_end];
                        !w.partial.iter().any(|&e| {
                            let name = self.normalize_label(&self.refs[e as usize].label);
                            discover::names_word(&name, given)
                                || self.patronymic_listed_fits(text, norm, sent, &nb, e)
                                || (named_in_full.binary_search(&e).is_ok()
                                    && self.familiar_listed_fits(norm, sent, &nb, w, e))
                        })
                    });
        }
        if w.direct.iter().any(|&e| self.kind_of(e) == Kind::Person) {
            return false;
        }
        // "WHO WILL LEAD THE PARTY?", "LET US PRAY": in capitals, the words "who" and "us".
        if context::word_in_capitals(text, norm, w.norm_start, w.norm_end, sent) {
            return true;
        }
        // "Turkey sandwiches were served": the food, not the country.
        if context::thing_named_like_country(text, norm, w.norm_start, w.norm_end, sent, head) {
            return true;
        }
        let demonym = w.form_of.values().all(|f| *f == Form::Demonym);
        // "Spanish flu", "Russian roulette": a thing's name, not the country.
        if demonym && context::demonym_idiom(norm, w.norm_start, w.norm_end, sent.end) {
            return true;
        }
        if let Some(nb) = context::word_after(norm, w.norm_end) {
            let inside = norm.orig_start(nb.norm_start) < sent.end;
            let next = work
                .binary_search_by_key(&nb.norm_start, |x| x.norm_start)
                .ok()
                .map(|k| &work[k])
                .filter(|x| has_direct(x));
            let word = &hay[nb.norm_start..nb.norm_end];
            // "Kenyan Bernard Lagat": a nationality, then a person's given name.
            let nationality_of = demonym && self.words.is_given_norm(word);
            // A surname after a country name is the rest of a person's name: "Chad Curtis".
            if next.is_some_and(|x| x.direct.is_empty()) && !nationality_of {
                return true;
            }
            let item = next.is_some();
            if let (true, Some(x)) = (demonym && inside, next) {
                // "Bosnian Serbs": two nationality words make one; "North Korean Red Cross",
                // "Indonesian Democratic Party": a demonym before an agency of another country
                // (or of none) is part of that organisation's name.
                let x_demonym =
                    !x.form_of.is_empty() && x.form_of.values().all(|f| *f == Form::Demonym);
                // (One body: "Parliament", of several countries, after "Greek" is no
                // organisation's name but Greece's parliament, which the story decides.)
                let agency_elsewhere = x.direct.len() == 1
                    && x.direct.iter().all(|&e| {
                        self.kind_of(e) == Kind::Agency
                            && self.gazetteer.entities()[e as usize]
                                .attributes
                                .get("country")
                                .is_none_or(|c| {
                                    let id = format!("country:{c}");
                                    w.direct.iter().all(|&d| *self.refs[d as usize].id != *id)
                                })
                    });
                if x_demonym || agency_elsewhere {
                    return true;
                }
            }
            if inside && !item {
                if context::extends(word, true) && (head || context::capitalised(text, norm, nb)) {
                    return true;
                }
                // "the Indian Government": a part of the country's state; "Swiss Army Knife":
                // a longer name still.
                let part_of_the_state = context::of_the_state(word)
                    && context::word_after(norm, nb.norm_end).is_none_or(|n2| {
                        let w2 = &hay[n2.norm_start..n2.norm_end];
                        !context::capitalised(text, norm, n2)
                            || context::neutral(self.words, w2, false)
                    });
                if !head
                    && context::capitalised(text, norm, nb)
                    && !context::neutral(self.words, word, false)
                    && !context::title_at(self.words, norm, nb.norm_start)
                    && !part_of_the_state
                    && !nationality_of
                {
                    return true;
                }
            }
        }
        if let Some(nb) = context::word_before(norm, w.norm_start) {
            let p_orig = norm.orig_start(nb.norm_start);
            if p_orig >= sent.start {
                let word = &hay[nb.norm_start..nb.norm_end];
                // "told Sarah El Salvador would join", "Julia Le Monde editor": a name that opens
                // with a particle is no family name after a given name (discovery finds a family
                // name with a particle whole: "Marine Le Pen").
                let after_given = self.words.is_given_norm(word)
                    && hay[w.norm_start..w.norm_end]
                        .split_once(' ')
                        .is_some_and(|(first, _)| is_particle(first));
                match work
                    .binary_search_by_key(&nb.norm_end, |x| x.norm_end)
                    .ok()
                    .map(|k| &work[k])
                    .filter(|x| has_direct(x))
                {
                    // A given name or surname of someone right before: "Neil Jordan".
                    Some(x) if x.direct.is_empty() && !nb.possessive && !after_given => {
                        return true;
                    }
                    Some(x) => {
                        // "Indonesian Democratic Party": a country, then an agency of another one.
                        if x.direct.len() == 1
                            && self.kind_of(x.direct[0]) == Kind::Country
                            && w.direct.iter().all(|&e| self.kind_of(e) == Kind::Agency)
                        {
                            let cc = self.refs[x.direct[0] as usize]
                                .id
                                .strip_prefix("country:")
                                .unwrap_or("")
                                .to_string();
                            let other_country = w.direct.iter().all(|&e| {
                                self.gazetteer.entities()[e as usize]
                                    .attributes
                                    .get("country")
                                    .is_none_or(|c| *c != cc)
                            });
                            if other_country {
                                return true;
                            }
                        }
                    }
                    None if nb.possessive => {}
                    None => {
                        let cap = context::capitalised(text, norm, nb);
                        if context::extends(word, false) && (head || cap) {
                            return true;
                        }
                        // "Bank of America", "University of Chile": the country names where an
                        // institution is, inside the institution's name; so in names in other
                        // languages ("Tour de France", "Banco de Chile").
                        let of = word == "of";
                        let foreign_of = matches!(word, "de" | "du" | "des" | "del" | "di" | "da");
                        if (of || foreign_of)
                            && let Some(inst) = context::word_before(norm, nb.norm_start)
                            && !inst.possessive
                            && norm.orig_start(inst.norm_start) >= sent.start
                            && (head || context::capitalised(text, norm, inst))
                            && (foreign_of
                                || context::institution(&hay[inst.norm_start..inst.norm_end]))
                        {
                            return true;
                        }
                        let at_start = p_orig <= sent.start;
                        if !head
                            && cap
                            && !after_given
                            && !context::neutral(self.words, word, at_start)
                        {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

/// Words before a news outlet's name that credit it as the source of what is reported ("he
/// told the BBC", "according to Reuters"), in lower case.
const CREDITED_AFTER: &[&str] = &[
    "told",
    "tells",
    "telling",
    "according to",
    "speaking to",
    "talking to",
    "interview with",
    "quoted by",
    "reported by",
    "confirmed to",
    "statement to",
    "writing in",
    "wrote in",
];

/// Words after a news outlet's name that credit it so ("Reuters reported.", "the BBC
/// understands"), in lower case; "reported" and "reports" only before a stop or a word of
/// time or "that" ([`REPORTED_THEN`]): "the BBC reported a loss" is the BBC acting.
const CREDITED_BEFORE: &[&str] = &[
    "reported",
    "reports",
    "understands",
    "has learned",
    "has learnt",
];

/// Words after "reported" that keep it a credit ("Reuters reported on Monday", "reported
/// that").
const REPORTED_THEN: &[&str] = &[
    "that",
    "on",
    "in",
    "last",
    "earlier",
    "late",
    "this",
    "yesterday",
    "today",
    "citing",
];

/// Whether the outlet named at `start..end` of `text` (its sentence begins at `sentence_start`)
/// is credited as the source of what is reported, not an actor in it: the BBC in "Simon
/// Wheatley told the BBC" is linked to no one (the BBC had been the fourth most linked entity
/// of the BBC's own stories), where in "the BBC cut 3,000 jobs" it is.
fn credited(text: &str, sentence_start: usize, start: usize, end: usize) -> bool {
    if wire_credit(text, start, end) {
        return true;
    }
    let before = text
        .get(sentence_start.min(start)..start)
        .unwrap_or("")
        .trim_end();
    let before = (before
        .strip_suffix("the")
        .or_else(|| before.strip_suffix("The")))
    .filter(|b| b.is_empty() || b.ends_with(char::is_whitespace))
    .unwrap_or(before)
    .trim_end();
    let from = before.floor_char_boundary(before.len().saturating_sub(20));
    let tail = before[from..].to_lowercase();
    let credits = |cue: &&str| {
        (tail.strip_suffix(*cue))
            .is_some_and(|b| b.is_empty() || b.ends_with(|c: char| !is_word_char(c)))
    };
    // ("Ofcom told the BBC to apologise" is an order, not a credit.)
    let rest = text.get(end..).unwrap_or("").trim_start();
    let order =
        rest.starts_with("to ") || rest.starts_with("it must") || rest.starts_with("it should");
    if !order && CREDITED_AFTER.iter().any(credits) {
        return true;
    }
    // "says the BBC's Louisa Lim": a credit to one of its journalists (not "said the BBC's
    // coverage was biased").
    let said = ["says", "said", "writes", "wrote", "reports"];
    let named_after = text[end..]
        .trim_start_matches(['\'', '\u{2019}', 's'])
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()));
    if text[end..].starts_with(['\'', '\u{2019}'])
        && named_after
        && said
            .iter()
            .any(|cue| (tail.strip_suffix(cue)).is_some_and(|b| b.is_empty() || b.ends_with(' ')))
    {
        return true;
    }
    if staff_credit(&text[end..]) {
        return true;
    }
    let after = text.get(end..).unwrap_or("");
    let after = (after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("\u{2019}s")))
    .unwrap_or(after)
    .trim_start();
    let after = after.strip_prefix("News ").unwrap_or(after);
    let to = after.floor_char_boundary(after.len().min(20));
    let head = after[..to].to_lowercase();
    CREDITED_BEFORE.iter().any(|cue| {
        (head.strip_prefix(cue)).is_some_and(|a| {
            let next = a.trim_start();
            let word = &next[..next.find(|c: char| !is_word_char(c)).unwrap_or(next.len())];
            a.is_empty()
                || (a.starts_with(|c: char| !is_word_char(c))
                    && (!cue.starts_with("report")
                        || !next.starts_with(is_word_char)
                        || REPORTED_THEN.contains(&word)))
        })
    })
}

/// Whether the outlet at `start..end` of `text` is a wire service's credit in brackets: the
/// dateline of "WASHINGTON (AP) - President Biden met" or "KYIV, March 3 (Reuters) — ", a photo's
/// "(AP Photo/Jane Roe)". (Linked, the agency became a hub joined to everyone its stories
/// name.)
fn wire_credit(text: &str, start: usize, end: usize) -> bool {
    if !text[..start].ends_with('(') {
        return false;
    }
    let after = &text[end..];
    if after.starts_with('/') || after.starts_with(" Photo") {
        return true;
    }
    after.strip_prefix(')').is_some_and(|a| {
        a.trim_start_matches([' ', '\u{a0}'])
            .starts_with(['-', '\u{2013}', '\u{2014}', ':'])
    })
}

/// Words for an outlet's journalists, in lower case.
const STAFF: &[&str] = &[
    "correspondent",
    "correspondents",
    "editor",
    "editors",
    "reporter",
    "reporters",
    "journalist",
    "journalists",
    "presenter",
    "analyst",
    "commentator",
    "columnist",
    "interviewer",
];

/// Words between an outlet's name and a journalist's role that make it no credit: "the BBC
/// sacked its political editor, who said".
const NOT_BEFORE_STAFF: &[&str] = &[
    "its",
    "his",
    "her",
    "their",
    "the",
    "a",
    "an",
    "who",
    "which",
    "that",
    "to",
    "and",
    "or",
    "but",
    "has",
    "had",
    "was",
    "is",
    "sacked",
    "fired",
    "hired",
    "appointed",
    "named",
    "with",
];

/// Words by which a journalist credits what follows, in lower case.
const STAFF_SAID: &[&str] = &[
    "said",
    "says",
    "reported",
    "reports",
    "wrote",
    "writes",
    "understands",
    "learned",
    "learnt",
    "added",
    "asked",
];

/// Whether `after`, what follows an outlet's name, credits one of its journalists with what is
/// reported: "BBC political correspondent Vicky Young said", "BBC Scotland's political editor
/// has learned", "BBC correspondents said"; or an interview with it ("a BBC interview"). Not:
/// "Reuters reporters were detained".
fn staff_credit(after: &str) -> bool {
    let clause = &after[..after
        .find(['.', '!', '?', ';', ':', '\n'])
        .unwrap_or(after.len())];
    let words: Vec<String> = clause
        .split_whitespace()
        .take(14)
        .map(|w| {
            let w = w.trim_matches(|c: char| !is_word_char(c));
            let w = (w.strip_suffix("'s").or_else(|| w.strip_suffix("\u{2019}s"))).unwrap_or(w);
            w.to_lowercase()
        })
        .collect();
    if words.first().is_some_and(|w| w == "interview") {
        return true;
    }
    // A role within the next five words, then a word of saying within five more.
    let Some(role) = words
        .iter()
        .take(5)
        .position(|w| STAFF.contains(&w.as_str()))
    else {
        return false;
    };
    // The words before the role name which of its journalists ("political", "Scotland", "News
    // 24"), not what it did to one ("sacked its political editor").
    if words[..role]
        .iter()
        .any(|w| NOT_BEFORE_STAFF.contains(&w.as_str()))
    {
        return false;
    }
    (words.iter().skip(role + 1).take(5)).any(|w| STAFF_SAID.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::parse_tsv;
    use crate::{Config, Gazetteer, Pipeline};

    fn builtin() -> &'static Pipeline {
        static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        P.get_or_init(|| Pipeline::new(Gazetteer::builtin().unwrap(), Config::default()).unwrap())
    }

    /// (id, surface, resolved_by or "") of every mention.
    fn mentions(p: &Pipeline, text: &str) -> Vec<(String, String, &'static str)> {
        p.analyze(text)
            .resolved
            .mentions
            .iter()
            .map(|m| {
                (
                    m.entity.id.to_string(),
                    text[m.start..m.end].to_string(),
                    m.resolved_by.map_or("", |r| r.as_str()),
                )
            })
            .collect()
    }

    fn ids(p: &Pipeline, text: &str) -> Vec<String> {
        mentions(p, text)
            .into_iter()
            .map(|m| format!("{}={}", m.0, m.1))
            .collect()
    }

    #[test]
    fn partial_names_resolve_within_the_document() {
        let p = builtin();
        let text = "Chinese President Xi Jinping arrived. Mr. Xi said Xi’s visit mattered.";
        let got = mentions(p, text);
        let xi: Vec<_> = got.iter().filter(|m| m.0 == "person:xi-jinping").collect();
        assert_eq!(xi.len(), 3, "{got:?}");
        assert_eq!(xi[1].2, "earlier-mention");
        // Before any full mention: only with a title.
        assert_eq!(mentions(p, "President Obama spoke.")[0].2, "title");
        assert!(mentions(p, "Obama spoke.").is_empty());
        let a = p.analyze("Obama spoke.");
        assert_eq!(a.resolved.unlinked.len(), 1);
    }

    #[test]
    fn cases_a_reader_would_catch() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            // A name ending its sentence keeps the period out of the name.
            (
                "He met Mayor Sadiq Khan.",
                &["discovered:sadiq-khan=Sadiq Khan"],
            ),
            (
                "Phil Simmons spoke. Later we met Simmons.",
                &[
                    "discovered:phil-simmons=Phil Simmons",
                    "discovered:phil-simmons=Simmons",
                ],
            ),
            // A family name of two words is the person's, not a new person's, when its first
            // word is no given name; of two people, either's; after a given name, maybe
            // someone else's (a father, a mother, a cousin).
            (
                "Camilla Parker Bowles arrived. Later Mrs Parker Bowles said she was pleased.",
                &[
                    "discovered:camilla-parker-bowles=Camilla Parker Bowles",
                    "discovered:camilla-parker-bowles=Parker Bowles",
                ],
            ),
            (
                "Gabriel Garcia Marquez wrote. Garcia Marquez said the letter was private.",
                &[
                    "discovered:gabriel-garcia-marquez=Gabriel Garcia Marquez",
                    "discovered:gabriel-garcia-marquez=Garcia Marquez",
                ],
            ),
            (
                "Gabriel Garcia Marquez wrote. His son Rodrigo Garcia Marquez replied. Garcia \
                 Marquez said the letter was private.",
                &[
                    "discovered:gabriel-garcia-marquez=Gabriel Garcia Marquez",
                    "discovered:rodrigo-garcia-marquez=Rodrigo Garcia Marquez",
                ],
            ),
            (
                "The victim was named as Ahmed Mohamed Hassan, 24. His father, Mohamed Hassan, \
                 spoke.",
                &[
                    "discovered:ahmed-mohamed-hassan=Ahmed Mohamed Hassan",
                    "discovered:mohamed-hassan=Mohamed Hassan",
                ],
            ),
            // A name in quotes is a work's and gives no family name.
            (
                "The film \"Billy Bob Jones\" opened on Friday. Its director, Mr Bob Jones, said \
                 he was pleased.",
                &["discovered:bob-jones=Bob Jones"],
            ),
            // Headline abbreviations of divided countries are the countries, not people with an
            // initial ("N. Korea" was discovered as a person).
            (
                "N. Korea urges S. Korea to talk. S. African shares rose.",
                &[
                    "country:kp=N. Korea",
                    "country:kr=S. Korea",
                    "country:za=S. African",
                ],
            ),
            // Occupations written before a name introduce it as titles do: sport and the arts.
            (
                "France lost under coach Aime Jacquet. Actress Ruby Dee spoke.",
                &[
                    "country:fr=France",
                    "discovered:aime-jacquet=Aime Jacquet",
                    "discovered:ruby-dee=Ruby Dee",
                ],
            ),
            // A nationality before a given name starts no run of capitalised words: the person
            // is found ("American Dennis Mitchell"), and so is the nationality; "leader"
            // introduces a name as a title does.
            (
                "He beat American Dennis Mitchell. Rebel leader Aslan Maskhadov agreed.",
                &[
                    "country:us=American",
                    "discovered:dennis-mitchell=Dennis Mitchell",
                    "discovered:aslan-maskhadov=Aslan Maskhadov",
                ],
            ),
            // A second given name that is also a word, then the family name; a nationality of
            // two words is no part of a name, one of one word may be.
            (
                "He beat Miguel Angel Jimenez. Then S. African Afrikaners protested. Critic \
                 Philip French wrote.",
                &[
                    "discovered:miguel-angel-jimenez=Miguel Angel Jimenez",
                    "discovered:philip-french=Philip French",
                ],
            ),
            // Given names that are also words start a name inside a sentence ("Bob", "Rob");
            // "Gen" without its period is a title, as the BBC writes it.
            (
                "Crowds cheered as Bob Geldof spoke. Noureddine Morceli won. Gen Pinochet left.",
                &[
                    "discovered:bob-geldof=Bob Geldof",
                    "discovered:noureddine-morceli=Noureddine Morceli",
                    "person:augusto-pinochet=Pinochet",
                ],
            ),
            // A given name that is also a word, inside a sentence, before a listed person's
            // family name is another of the family, not the person named before; a brand named
            // after its founder is no person; spellings the press uses are the listed ones.
            (
                "Joe Biden pardoned his son Hunter Biden. Jack Daniel's sales rose. Vladimir \
                 Zelensky visited Saint Kitts.",
                &[
                    "person:joe-biden=Joe Biden",
                    "discovered:hunter-biden=Hunter Biden",
                    "person:volodymyr-zelenskyy=Vladimir Zelensky",
                    "country:kn=Saint Kitts",
                ],
            ),
            // A nationality word in a fixed name of a thing is no mention of the country.
            (
                "The Spanish flu killed millions. Spanish officials played Russian roulette with \
                 American football and French fries.",
                &["country:es=Spanish"],
            ),
            // One word joined to another by "&" is a firm ("Serbia & Montenegro" still names
            // countries, and full names joined by "&" people); a foundation, a centre or a
            // tower named after someone is no mention, and no word of it is one of a person
            // discovered before.
            (
                "Boris Johnson met Johnson & Johnson and Marks & Spencer. Matt Lucas & David \
                 Walliams won in Serbia & Montenegro. Critic Anna Marshall praised the James \
                 Marshall Hendrix Foundation. Bill Clinton spoke at the Clinton Foundation.",
                &[
                    "person:boris-johnson=Boris Johnson",
                    "discovered:matt-lucas=Matt Lucas",
                    "discovered:david-walliams=David Walliams",
                    "country:rs=Serbia",
                    "country:me=Montenegro",
                    "discovered:anna-marshall=Anna Marshall",
                    "person:bill-clinton=Bill Clinton",
                ],
            ),
            // A given name that is also a word starts a name inside a sentence, also before a
            // family name that is a word ("Bill Gates", "Will Young"), and names no one else
            // before another name ("Ray Lankford" after "Ray Knight" is his own). A company
            // after a word for one ("investment firm Grant Samuel"), a theatre, a ground: no
            // people.
            (
                "He met Bill Gates on Monday. Gates said no. Pop star Will Young sang. Manager \
                 Ray Knight spoke. Ray Lankford hit two. A report from investment firm Grant \
                 Samuel valued it. The firm's boss John Smith quit at the Prince Edward Theatre \
                 on Grace Road.",
                &[
                    "discovered:bill-gates=Bill Gates",
                    "discovered:bill-gates=Gates",
                    "discovered:will-young=Will Young",
                    "discovered:ray-knight=Ray Knight",
                    "discovered:ray-lankford=Ray Lankford",
                    "discovered:john-smith=John Smith",
                ],
            ),
            // A given name that is also a word, before a word for a place, is the place's name;
            // a quotation starts a sentence ("Will" opening it is the word). After a space, a
            // quote closes one: "Will Smith" after it is inside the sentence.
            (
                "They met in the Rose Garden. Crowds filled Grant Park and Hope Street, past \
                 Grace Church. Wine from the Hunter Valley sold. He asked: \"Will Labour win?\" \
                 \"Yes,\" Will Smith said.",
                &["discovered:will-smith=Will Smith"],
            ),
            // The longest title before a name, and a family name that is a word after a given
            // name there; "Major" before a title or "League" is no John Major.
            (
                "Troops moved. Brigadier General John Smith led them. He had played in Major \
                 League Baseball. Major General Anna Berg agreed.",
                &[
                    "discovered:john-smith=John Smith",
                    "discovered:anna-berg=Anna Berg",
                ],
            ),
            // Such a given name opening a sentence or a quotation starts a name before a word
            // that is only a name's; "Will" opens a question.
            (
                "Hunter Biden spoke. \"Bob Dylan's old sofa\" sold. Will Tory cuts work? Grant \
                 Park opened.",
                &[
                    "discovered:hunter-biden=Hunter Biden",
                    "discovered:bob-dylan=Bob Dylan",
                ],
            ),
            // ... and before a family name that is a word too, when a verb of saying follows;
            // not before other verbs, nor "Will".
            (
                "Bill Gates said vaccines work. Mark Price told us. Frank Talk helps. Will                  Power said no.",
                &[
                    "discovered:bill-gates=Bill Gates",
                    "discovered:mark-price=Mark Price",
                ],
            ),
            // A nickname in quotes between a given and a family name is part of the mention,
            // not of the name; the family name alone then names the person. A quote is not a
            // nickname across a sentence, nor a quote of two common words.
            (
                "Roberto \"Hands of Stone\" Duran won. Duran wept. Hector 'Macho' Camacho \
                 lost. Joaquín “El Chapo” Guzmán fled. Anna \"Mac\". Later Anna \"Mac\" Ortiz \
                 sang. He told Mary \"Yes\" Then left.",
                &[
                    "discovered:roberto-duran=Roberto \"Hands of Stone\" Duran",
                    "discovered:roberto-duran=Duran",
                    "discovered:hector-camacho=Hector 'Macho' Camacho",
                    "discovered:joaquin-guzman=Joaquín “El Chapo” Guzmán",
                    "discovered:anna-ortiz=Anna \"Mac\" Ortiz",
                ],
            ),
            // A name alone in quotes is the title of a work, not a person; a nickname in
            // quotes is inside a name.
            (
                "He prefers \"Michael Collins\" to “Erin Brockovich”. Later Erin Brockovich \
                 and Arthur \"Bud\" Collins spoke.",
                &[
                    "discovered:erin-brockovich=Erin Brockovich",
                    "discovered:arthur-collins=Arthur \"Bud\" Collins",
                ],
            ),
            // A listed person with a nickname is the listed person; another given name before
            // the nickname is someone else, and a match inside the quotes stays one (the given
            // name alone is the person named before).
            (
                "Vladimir “The Tsar” Putin spoke. Lyudmila 'Tsar' Putin wept. Vladimir \
                 \"Russia\" Putin left.",
                &[
                    "person:vladimir-putin=Vladimir “The Tsar” Putin",
                    "discovered:lyudmila-putin=Lyudmila 'Tsar' Putin",
                    "person:vladimir-putin=Vladimir",
                    "country:ru=Russia",
                ],
            ),
            // A story's title names its people before the text does, in capitals too; a title
            // word that is a common word only if the person is mentioned again.
            (
                "BOXING - MILLER BEATS ROBERTO DURAN .\nDUBLIN 1996-08-31\nAmerican Nate Miller \
                 beat Roberto Duran. Miller was pleased.",
                &[
                    "discovered:nate-miller=MILLER",
                    "discovered:roberto-duran=ROBERTO DURAN",
                    "country:us=American",
                    "discovered:nate-miller=Nate Miller",
                    "discovered:roberto-duran=Roberto Duran",
                    "discovered:nate-miller=Miller",
                ],
            ),
            (
                "LITTLE CHANGE FOR TARANGO\n\nWalter Little and Jeff Tarango played.",
                &[
                    "discovered:jeff-tarango=TARANGO",
                    "discovered:walter-little=Walter Little",
                    "discovered:jeff-tarango=Jeff Tarango",
                ],
            ),
            // The name of a company named after a family, alone, is the company's.
            (
                "Founder Robert Bosch died in 1942. Bosch has stopped production. Mr Bosch was \
                 remembered.",
                &[
                    "discovered:robert-bosch=Robert Bosch",
                    "discovered:robert-bosch=Bosch",
                ],
            ),
            // A rank too common a word to be a title, before a given name, is the rank.
            (
                "Major John Smith met John Major. Major said no.",
                &[
                    "discovered:john-smith=John Smith",
                    "person:john-major=John Major",
                    "person:john-major=Major",
                ],
            ),
            // A generational suffix is part of a name: a listed name with one its aliases do
            // not hold is a son ("Donald Trump Jr."), a discovered name keeps it, and the family
            // name before it resolves later mentions; "Sr." may be the listed elder.
            (
                "Donald Trump met Donald Trump Jr. in Ohio. Ted Smithers Jr. spoke. Smithers \
                 left. Joseph R. Biden Jr. and Ferdinand Marcos Sr. were named. He met Ken \
                 Griffey Jr.",
                &[
                    "person:donald-trump=Donald Trump",
                    "discovered:donald-trump-jr=Donald Trump Jr.",
                    "discovered:ted-smithers-jr=Ted Smithers Jr.",
                    "discovered:ted-smithers-jr=Smithers",
                    "person:joe-biden=Joseph R. Biden Jr.",
                    "person:ferdinand-marcos=Ferdinand Marcos Sr.",
                    "discovered:ken-griffey-jr=Ken Griffey Jr.",
                ],
            ),
            // A family name with the suffix of a listed name that holds it is that person.
            (
                "Ferdinand Marcos Jr. won in the Philippines. Marcos Jr. promised growth.",
                &[
                    "person:ferdinand-marcos-jr=Ferdinand Marcos Jr.",
                    "country:ph=Philippines",
                    "person:ferdinand-marcos-jr=Marcos",
                ],
            ),
            // Hyphenated given names made of given names, one of which may be a word ("Frank");
            // umlauts written out ("Juergen"). Not a firm of two words that are no given names.
            (
                "Karl-Heinz Rummenigge spoke. So did Frank-Juergen Weise. Rolls-Royce Trent \
                 engines failed.",
                &[
                    "discovered:karl-heinz-rummenigge=Karl-Heinz Rummenigge",
                    "discovered:frank-juergen-weise=Frank-Juergen Weise",
                ],
            ),
            // A discovered name with its umlauts written out is the one with them.
            (
                "Coach Jürgen Klopp praised the squad. Later, Juergen Klopp said no. Klopp left.",
                &[
                    "discovered:jurgen-klopp=Jürgen Klopp",
                    "discovered:jurgen-klopp=Juergen Klopp",
                    "discovered:jurgen-klopp=Klopp",
                ],
            ),
            // A results table: a name of two or three words with its country in brackets, also
            // after a given name that is a word at the start of a line ("Frank"). Not a club
            // ("Red Star" is two common words; "Sparta Prague" holds a capital).
            (
                "1. Halvard Brekke ( Norway ) 10.12 2. Odalys Ferrer ( Cuba ) 10.20 3. Oskari \
                 Valtteri Lehmus ( Finland ) 10.31\n4. Frank Ostrander ( U.S. ) 10.40\nRed Star ( \
                 Yugoslavia ) 2 Sparta Prague ( Czech Republic ) 1",
                &[
                    "discovered:halvard-brekke=Halvard Brekke",
                    "country:no=Norway",
                    "discovered:odalys-ferrer=Odalys Ferrer",
                    "country:cu=Cuba",
                    "discovered:oskari-valtteri-lehmus=Oskari Valtteri Lehmus",
                    "country:fi=Finland",
                    "discovered:frank-ostrander=Frank Ostrander",
                    "country:us=U.S.",
                    "country:yu=Yugoslavia",
                    "country:cz=Czech Republic",
                ],
            ),
            // The family name may be a listed person's: the given name before it says this is
            // someone else.
            (
                "1. Magali Faure ( France ) 35.888\n2. Odile Martinez ( Spain ) 36.102\n3. Bob \
                 Kennedy ( U.S. ) 13:06.12",
                &[
                    "discovered:magali-faure=Magali Faure",
                    "country:fr=France",
                    "discovered:odile-martinez=Odile Martinez",
                    "country:es=Spain",
                    "discovered:bob-kennedy=Bob Kennedy",
                    "country:us=U.S.",
                ],
            ),
            // Not a place: its first word is a place's, and may come before a listed name.
            (
                "1. San Luis ( Mexico ) 3\n2. Sao Paulo ( Brazil ) 1\n3. Santa Cruz ( Bolivia ) 0",
                &[
                    "country:mx=Mexico",
                    "country:br=Brazil",
                    "country:bo=Bolivia",
                ],
            ),
            // A scorer's minute or a player's record in brackets after a name, in results;
            // not a thing after an article, nor the family name of someone already found.
            (
                "Scorers: Romania - Vasilian Velcescu ( 31st minute ) , Ovidel Costache ( 75th , \
                 80th ) . Peter Van Dommel pitched. Later Van Dommel ( 2-3 ) lost. The Zenith \
                 Portaphone ( 25th ) came last. Call Pressdesk Montreal ( 613 ) 235-6745.",
                &[
                    "country:ro=Romania",
                    "discovered:vasilian-velcescu=Vasilian Velcescu",
                    "discovered:ovidel-costache=Ovidel Costache",
                    "discovered:peter-van-dommel=Peter Van Dommel",
                    "discovered:peter-van-dommel=Van Dommel",
                ],
            ),
            // Not in running text: a company with its country or rank in brackets.
            (
                "Shares of Tata Motors (India) rose.\nSamsung Electronics ( South Korea ) \
                 reported profit.\nHonda Civic (2nd) sales fell.",
                &["country:in=India", "country:kr=South Korea"],
            ),
            // A name that is a work's or a company's is a person's after a title.
            (
                "Archduke Franz Ferdinand was shot. Detective Chief Inspector Harvey Nichols spoke.",
                &[
                    "discovered:franz-ferdinand=Franz Ferdinand",
                    "discovered:harvey-nichols=Harvey Nichols",
                ],
            ),
            // Occupations in business, the press and sport introduce names; "producer" does
            // not ("the power producer, National Thermal Power").
            (
                "Businessman Tomasz Wielgosz bought it. The largest power producer, National \
                 Caldera Power Corp, agreed. Golfer Anneli Vesterlund won.",
                &[
                    "discovered:tomasz-wielgosz=Tomasz Wielgosz",
                    "discovered:anneli-vesterlund=Anneli Vesterlund",
                ],
            ),
            // A title does not reach across the end of its sentence.
            (
                "Ask the judge. The British Phonographic Industry agreed.",
                &[],
            ),
            // An honorific is not an office: Mr. Brown is not Gordon Brown.
            ("Mr. Brown, a baker in Ohio, said so.", &[]),
            // An office decides between candidates and carries forward.
            (
                "President Clinton met Prime Minister Major. Later Major agreed.",
                &[
                    "person:bill-clinton=Clinton",
                    "person:john-major=Major",
                    "person:john-major=Major",
                ],
            ),
            ("Deputy Prime Minister Major spoke.", &[]),
            // An office decides before a later full mention of another candidate.
            (
                "President Clinton spoke. Later Hillary Clinton replied.",
                &[
                    "person:bill-clinton=Clinton",
                    "person:hillary-clinton=Hillary Clinton",
                ],
            ),
            // A title that is no public office ("Chief Economist") resolves no one.
            ("Chief Economist Brown said growth would slow.", &[]),
            // A later full mention decides; a party or trade before a surname is no given name.
            (
                "Mr Brown said no. Chancellor Gordon Brown spoke. Tory Brown agreed.",
                &[
                    "person:gordon-brown=Brown",
                    "person:gordon-brown=Gordon Brown",
                    "person:gordon-brown=Brown",
                ],
            ),
            // A discovered person's full name again is one mention.
            (
                "Analyst Bill Thompson spoke.\n\nBill Thompson is a commentator.",
                &[
                    "discovered:bill-thompson=Bill Thompson",
                    "discovered:bill-thompson=Bill Thompson",
                ],
            ),
            // A given name spelled another way is still the person's.
            (
                "Yasser Arafat spoke. Later Yassir Arafat left.",
                &[
                    "person:yasser-arafat=Yasser Arafat",
                    "person:yasser-arafat=Arafat",
                ],
            ),
            // Movements and the countries of the United Kingdom are in the gazetteers.
            (
                "Hezbollah, Hamas and al-Qaeda were named in Wales.",
                &[
                    "agency:lb-hezbollah=Hezbollah",
                    "agency:ps-hamas=Hamas",
                    "agency:al-qaeda=al-Qaeda",
                    "country:gb-wls=Wales",
                ],
            ),
            // A month or day written as a date is no surname.
            (
                "Theresa May spoke. The vote is in May, or May 2019.",
                &["person:theresa-may=Theresa May"],
            ),
            (
                "Mike Friday spoke. The match is on Friday.",
                &["discovered:mike-friday=Mike Friday"],
            ),
            // ... but words that stand as often before a name do not make a date.
            (
                "Theresa May spoke. Later Merkel and May met, a blow to May.",
                &[
                    "person:theresa-may=Theresa May",
                    "person:theresa-may=May",
                    "person:theresa-may=May",
                ],
            ),
            // A surname that is a title, before a name, is the title.
            ("King Abdullah met Tom King.", &["person:tom-king=Tom King"]),
            // Another given name is another person of the family.
            (
                "Hillary Clinton spoke. Chelsea Clinton laughed.",
                &["person:hillary-clinton=Hillary Clinton"],
            ),
            (
                "Ali Smith spoke. Zadie Smith and Ali Smith laughed. Smith left.",
                &[
                    "discovered:ali-smith=Ali Smith",
                    "discovered:ali-smith=Ali Smith",
                    "discovered:ali-smith=Smith",
                ],
            ),
            // A dotted abbreviation ends its sentence before a typical opener.
            (
                "Angela Merkel flew to the U.S. Then she left.",
                &["person:angela-merkel=Angela Merkel", "country:us=U.S."],
            ),
            // An em dash sets words apart; a hyphen joins them.
            (
                "Barack Obama\u{2014}the president\u{2014}spoke.",
                &["person:barack-obama=Barack Obama"],
            ),
            // A name before an em dash does not run on into the one after: a dateline, an
            // aside.
            (
                "BEIJING \u{2014} China said it would retaliate. Merz met Macron \u{2014} France \
                 and Germany agreed.",
                &[
                    "country:cn=China",
                    "country:fr=France",
                    "country:de=Germany",
                ],
            ),
            (
                "AMSTERDAM\u{2014}Pieter van der Berg's party won. Van der Berg said so.",
                &[
                    "discovered:pieter-van-der-berg=Pieter van der Berg",
                    "discovered:pieter-van-der-berg=Van der Berg",
                ],
            ),
            // The place of an institution named after it is not a mention.
            (
                "Bank of America and the University of Chile met the President of France.",
                &["country:fr=France"],
            ),
            ("American Express paid.", &[]),
            // A part of its state after a country's name is the country; a name after that is
            // a longer name still.
            (
                "The Indian Government said a US Embassy spokesman was on US TV.",
                &["country:in=Indian", "country:us=US", "country:us=US"],
            ),
            ("He bought a Swiss Army Knife.", &[]),
            // A nationality before a person's given name is the person's country.
            (
                "Kenyan Bernard Lagat beat fellow Briton Tony Blair.",
                &[
                    "country:ke=Kenyan",
                    "discovered:bernard-lagat=Bernard Lagat",
                    "country:gb=Briton",
                    "person:tony-blair=Tony Blair",
                ],
            ),
            // A parliament or treasury named bare is the one of the country the story names;
            // a nationality before it is that country.
            (
                "Tony Blair told the Commons the Treasury agreed.",
                &[
                    "person:tony-blair=Tony Blair",
                    "agency:gb-commons=Commons",
                    "agency:gb-treasury=Treasury",
                ],
            ),
            ("The Greek Parliament voted.", &["country:gr=Greek"]),
            // A surname before the full names is not the listed person named last when someone
            // discovered of that name is named first.
            (
                "Howard's plan\n\nMichael Howard spoke in Leeds. Later John Howard agreed.",
                &[
                    "discovered:michael-howard=Michael Howard",
                    "person:john-howard=John Howard",
                ],
            ),
            // An acronym written as a word, as the British press writes some: in that case only.
            (
                "A complaint to Uefa reached Fifa; uefa is no word.",
                &["agency:uefa=Uefa", "agency:fifa=Fifa"],
            ),
            (
                "The Tour de France and the Soros Foundation-Kazakhstan.",
                &[],
            ),
            // A name joined to another proper name is one side of a pair; joined to a common
            // word it is part of an adjective.
            (
                "The Israel-Gaza war; a France-registered ship.",
                &["country:il=Israel"],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
        // A title's abbreviation is no partial name either ("Gen" is someone's name).
        let a = p.analyze("Gen. Petraeus left.");
        assert_eq!(a.resolved.mentions.len(), 1);
        assert!(a.resolved.unlinked.is_empty(), "{:?}", a.resolved.unlinked);
        let a = p.analyze("She flew to the U.S. Vladimir Putin stayed.");
        let sentences: Vec<usize> = a.resolved.mentions.iter().map(|m| m.sentence).collect();
        assert_eq!(sentences, [0, 1]);
    }

    #[test]
    fn a_full_name_again_is_one_mention_without_folding_diacritics() {
        let mut config = Config::default();
        config.matching.fold_diacritics = false;
        let p = Pipeline::new(Gazetteer::builtin().unwrap(), config).unwrap();
        let text = "Minister José Álvarez spoke.\n\nLater José Álvarez left.";
        assert_eq!(
            ids(&p, text),
            [
                "discovered:jose-alvarez=José Álvarez",
                "discovered:jose-alvarez=José Álvarez"
            ]
        );
    }

    #[test]
    fn roles_come_from_titles() {
        let p = builtin();
        let a =
            p.analyze("Chinese Assistant Foreign Minister Zheng Zeguang said so. Mr. Zheng left.");
        let zheng: Vec<_> = a
            .resolved
            .mentions
            .iter()
            .filter(|m| &*m.entity.id == "discovered:zheng-zeguang")
            .collect();
        assert_eq!(zheng.len(), 2);
        assert_eq!(zheng[0].role.as_deref(), Some("Assistant Foreign Minister"));
        assert_eq!(zheng[1].role.as_deref(), Some("Mr."));
        assert!(zheng[0].entity.discovered);
    }

    /// Regression (a reader's review): a title before a surname alone took any listed person of
    /// that surname who held such an office somewhere: "Gov. Abbott" was Tony Abbott, "Real
    /// Madrid president Perez" Carlos Andres Perez.
    #[test]
    fn a_title_names_the_office_of_whoever_is_named_before_it() {
        let p = builtin();
        for (text, want) in [
            // A body the gazetteers do not list, or a word for one.
            ("Real Madrid president Perez denied the report.", ""),
            ("The company president Johnson announced job cuts.", ""),
            ("Chelsea chairman Johnson resigned.", ""),
            // An office no role records, held in a country the story does not name.
            ("Gov. Abbott signed the bill.", ""),
            ("Sen. Graham spoke to U.S. reporters.", ""),
            ("Mayor Adams opened the park.", ""),
            ("Former NI minister Scott dies.", ""),
            // The country or body named before the title, or none.
            ("Russian President Putin spoke.", "person:vladimir-putin"),
            ("Russia's President Putin spoke.", "person:vladimir-putin"),
            ("French President Putin spoke.", ""),
            (
                "IMF Managing Director Lagarde warned.",
                "person:christine-lagarde",
            ),
            // An ambassador to an international body is a country's.
            (
                "U.N. Ambassador Albright arrives in Chile. The U.S. envoy met Chile's leaders.",
                "person:madeleine-albright",
            ),
            ("He met President Putin.", "person:vladimir-putin"),
            ("Ex-President Putin spoke.", "person:vladimir-putin"),
            // A minister of a country the story names.
            (
                "Canada's parliament met. Minister Graham spoke.",
                "person:bill-graham-canada",
            ),
        ] {
            let got: Vec<String> = mentions(p, text)
                .into_iter()
                .filter(|m| m.0.starts_with("person:"))
                .map(|m| m.0)
                .collect();
            let want: Vec<&str> = [want].into_iter().filter(|w| !w.is_empty()).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    /// Regression (a reader's review): "Russia's Defence Ministry", "China's Foreign Ministry",
    /// "Turkey's central bank" were the countries alone, the bodies missed.
    #[test]
    fn a_body_after_its_countrys_possessive_is_the_body() {
        let p = builtin();
        let text = "Russia's Defence Ministry said so. China's Foreign Ministry and Turkey's \
                    central bank agreed. India's Supreme Court ruled. Russia's Ministry of \
                    Defence spoke. Russia's tanks moved. France's Defence Ministry, he said.";
        assert_eq!(
            ids(p, text),
            [
                "country:ru=Russia",
                "agency:ru-mod=Defence Ministry",
                "country:cn=China",
                "agency:cn-mfa=Foreign Ministry",
                "country:tr=Turkey",
                "agency:tr-cbrt=central bank",
                "country:in=India",
                "agency:in-supreme-court=Supreme Court",
                "country:ru=Russia",
                "agency:ru-mod=Ministry of Defence",
                "country:ru=Russia",
                "country:fr=France",
                "agency:fr-armed-forces-ministry=Defence Ministry",
            ]
        );
    }

    /// Regression (a reader's review): after "South Korea's Joint Chiefs of Staff", the story's
    /// "The Joint Chiefs of Staff said" was the US body.
    #[test]
    fn a_later_short_form_of_a_countrys_body_is_that_body() {
        let p = builtin();
        let text = "North Korea fired a missile, South Korea's Joint Chiefs of Staff said. The \
                    Joint Chiefs of Staff said it flew far.";
        assert_eq!(
            ids(p, text),
            [
                "country:kp=North Korea",
                "agency:kr-jcs=South Korea's Joint Chiefs of Staff",
                "agency:kr-jcs=Joint Chiefs of Staff",
            ]
        );
        // Named in full under either name, the short form may be either: left as it was.
        let text = "South Korea's Joint Chiefs of Staff called the U.S. Joint Chiefs of Staff. \
                    The Joint Chiefs of Staff agreed.";
        assert_eq!(
            ids(p, text),
            [
                "agency:kr-jcs=South Korea's Joint Chiefs of Staff",
                "agency:us-jcs=U.S. Joint Chiefs of Staff",
                "agency:us-jcs=Joint Chiefs of Staff",
            ]
        );
        // A news outlet's name with its country's word is a name of its own.
        let text = "The Korean Central News Agency said so. The Central News Agency denied it.";
        assert_eq!(
            ids(p, text),
            [
                "agency:kcna=Korean Central News Agency",
                "agency:cna-tw=Central News Agency",
            ]
        );
    }

    #[test]
    fn a_listed_surname_with_its_particle_is_the_person_named_before() {
        let p = builtin();
        let text =
            "Luiz Inácio Lula da Silva went to Lima. Da Silva met officials. Mr. da Silva left.";
        let lula: Vec<_> = mentions(p, text)
            .into_iter()
            .filter(|m| m.0 == "person:luiz-inacio-lula-da-silva")
            .map(|m| m.2)
            .collect();
        assert_eq!(lula, ["", "earlier-mention", "earlier-mention"], "{text}");
    }

    #[test]
    fn a_family_name_written_first_resolves_later_mentions() {
        let p = builtin();
        let text = "Tycoon Dr Khoo Kay Peng bought the stake. Dr Khoo said the deal was fair. \
                    Khoo gave no price.";
        let got = mentions(p, text);
        let khoo: Vec<_> = got
            .iter()
            .filter(|m| m.0 == "discovered:khoo-kay-peng")
            .collect();
        assert_eq!(khoo.len(), 3, "{got:?}");
        assert_eq!(khoo[1].2, "earlier-mention");
        // A first word that is a known given name is not taken for a family name.
        let text = "Singer Mary Ann Weston arrived. Mary left early.";
        assert_eq!(
            ids(p, text),
            ["discovered:mary-ann-weston=Mary Ann Weston"],
            "{text}"
        );
    }

    #[test]
    fn a_listed_family_name_written_first_starts_another_persons_name() {
        let p = builtin();
        // Wang Yi is listed, family name first: "Wang Donghai" is another Wang, and the later
        // "Wang" is he (it was unlinked, ambiguous between listed Wangs).
        let text = "Police detained Wang Donghai on Friday. Officials told Wang's family.";
        assert_eq!(
            ids(p, text),
            [
                "discovered:wang-donghai=Wang Donghai",
                "discovered:wang-donghai=Wang"
            ],
            "{text}"
        );
        // Not before a common word, a title or a match, nor in a headline, nor a family name
        // that is a common word ("Sun Microsystems"; Sun is a listed family name).
        for text in [
            "Wang Says Talks Will Resume",
            "Officials said Wang Monday would travel.",
            "Sun Microsystems shares rose on Monday.",
            "Wang Yi met Wang Qishan.",
        ] {
            assert!(
                ids(p, text).iter().all(|m| !m.starts_with("discovered:")),
                "{text}: {:?}",
                ids(p, text)
            );
        }
    }

    #[test]
    fn names_inside_larger_names_are_not_mentions() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            ("Air France workers protested.", &[]),
            ("He won the Hong Kong Open on Sunday.", &[]),
            ("They met in Panama City on Friday.", &[]),
            ("Shares of France-registered firms fell.", &[]),
            // A prefix of stance or time keeps the name a mention.
            (
                "pro-Russian separatists and anti-US protesters met the ex-UK envoy.",
                &["country:ru=Russian", "country:us=US", "country:gb=UK"],
            ),
            ("Non-EU citizens queued.", &["agency:eu=EU"]),
            ("The suit of the Indonesian Democratic Party failed.", &[]),
            ("It was a blow to German-Israeli relations.", &[]),
            (
                "U.S.-China ties improved.",
                &["country:us=U.S.", "country:cn=China"],
            ),
            (
                "Russia's Federal Security Service objected.",
                &[
                    "country:ru=Russia",
                    "agency:ru-fsb=Federal Security Service",
                ],
            ),
            ("In China, officials agreed.", &["country:cn=China"]),
            (
                "U.S. President Barack Obama spoke.",
                &["country:us=U.S.", "person:barack-obama=Barack Obama"],
            ),
            ("a turkey dinner with china plates", &[]),
        ];
        for (text, want) in rows {
            assert_eq!(&ids(p, text), want, "mentions in {text:?}");
        }
    }

    /// Regression: in lines written in capitals the question word "WHO" was the World Health
    /// Organization and the pronoun in "LET US PRAY" the United States.
    #[test]
    fn who_and_us_in_capitals_may_be_the_words() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            // "WHO" before an auxiliary or modal verb, or opening a question, is the word.
            ("WHO WILL LEAD THE PARTY?", &[]),
            ("WHO KILLED THE MAYOR?", &[]),
            ("BUSH ALLIES ASK: WHO IS TO BLAME", &[]),
            // Otherwise "WHO" in capitals stays the agency.
            ("WHO WARNS OF NEW FLU STRAIN", &["agency:who=WHO"]),
            (
                "WHO TO SEND EXPERTS TO KENYA",
                &["agency:who=WHO", "country:ke=KENYA"],
            ),
            // A question it does not open says nothing.
            (
                "IS WHO READY FOR FLU IN KENYA?",
                &["agency:who=WHO", "country:ke=KENYA"],
            ),
            // "US" after "let", or ending "all of us", is the pronoun.
            ("LET US PRAY FOR PEACE", &[]),
            ("IT IS UP TO ALL OF US.", &[]),
            ("ALL OF US MUST ACT NOW", &[]),
            // "WHO" after a pronoun is the relative word.
            ("THOSE WHO WAIT WILL LOSE", &[]),
            ("ANYONE WHO CARES SHOULD VOTE", &[]),
            // A noun after "LET US" makes "US" the country that it qualifies.
            ("LET US FORCES STAY", &["country:us=US"]),
            (
                "LET US TROOPS LEAVE IRAQ",
                &["country:us=US", "country:iq=IRAQ"],
            ),
            // Otherwise "US" in capitals stays the United States.
            ("US TROOPS LEAVE BASE", &["country:us=US"]),
            (
                "CHINA WARNS US OVER TAIWAN",
                &["country:cn=CHINA", "country:us=US", "country:tw=TAIWAN"],
            ),
            (
                "MOST OF US TROOPS LEAVE IRAQ",
                &["country:us=US", "country:iq=IRAQ"],
            ),
            // Outside a line in capitals, "WHO" is written so for the agency.
            (
                "The WHO will lead the response, and WHO experts flew in.",
                &["agency:who=WHO", "agency:who=WHO"],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: a known given name before a name that opens with a particle made one person
    /// of both ("Sarah El Salvador"), and the country or outlet was lost.
    #[test]
    fn a_given_name_does_not_take_a_particle_name_after_it() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            (
                "He told Sarah El Salvador would join the talks.",
                &["country:sv=El Salvador"],
            ),
            (
                "Julia Le Monde editor resigned on Monday.",
                &["agency:le-monde=Le Monde"],
            ),
            // A family name with a particle is still found whole.
            (
                "Analyst Julia de Vries met officials from El Salvador.",
                &[
                    "discovered:julia-de-vries=Julia de Vries",
                    "country:sv=El Salvador",
                ],
            ),
            // Another capitalised word before the name still makes it part of a larger name.
            ("The Banco El Salvador branch closed.", &[]),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: places and companies named after people were mentions of the people
    /// ("Charles de Gaulle airport" linked a person to the others in its sentence).
    #[test]
    fn places_named_after_people_are_not_the_people() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            ("He landed at Charles de Gaulle airport on Monday.", &[]),
            (
                "He played for the Vasco da Gama club in Brazil.",
                &["country:br=Brazil"],
            ),
            (
                "She flew into John F. Kennedy International Airport from Russia.",
                &["country:ru=Russia"],
            ),
            (
                "Crowds filled Nelson Mandela Square and Indira Gandhi International Airport.",
                &[],
            ),
            (
                "Shares in George Wimpey plc rose in Spain.",
                &["country:es=Spain"],
            ),
            // Awards, lectures, trusts, laboratories and (capitalised) programmes too; "the
            // Tony Blair story" is about him.
            (
                "She won the Jesse Owens Award, gave the Adam Smith Lecture, backed the Steve \
                 Redgrave Trust at Lawrence Livermore National Laboratory and watched The Jerry \
                 Springer Show. He told the Tony Blair story.",
                &["person:tony-blair=Tony Blair"],
            ),
            // The person, and the place named after them later.
            (
                "In 1958 Charles de Gaulle said France would stay. De Gaulle airport came later.",
                &[
                    "discovered:charles-de-gaulle=Charles de Gaulle",
                    "country:fr=France",
                ],
            ),
            (
                "Nelson Mandela met Kenyan leaders. Mandela Square was full.",
                &["person:nelson-mandela=Nelson Mandela", "country:ke=Kenyan"],
            ),
            // No word names a place as the first part of a compound in lower case.
            (
                "Voters backed the Angela Merkel centre-right bloc. Donald Trump stayed at \
                 Trump Tower, not the Donald Trump hotel.",
                &[
                    "person:angela-merkel=Angela Merkel",
                    "person:donald-trump=Donald Trump",
                ],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: works, characters and companies named like people ("Harry Potter", "George
    /// Wimpey") were discovered as people.
    #[test]
    fn works_and_companies_named_like_people_are_not_people() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            (
                "Daniel Radcliffe returns as Harry Potter in a film shot in Scotland.",
                &[
                    "discovered:daniel-radcliffe=Daniel Radcliffe",
                    "country:gb-sct=Scotland",
                ],
            ),
            (
                "Mary Poppins opened in France on Friday.",
                &["country:fr=France"],
            ),
            (
                "Profits at housebuilder George Wimpey rose. Wimpey said Spain was weak.",
                &["country:es=Spain"],
            ),
            // Other people of those given names are still found.
            (
                "Harry Kane and Mary Robinson met in Ireland.",
                &[
                    "discovered:harry-kane=Harry Kane",
                    "person:mary-robinson=Mary Robinson",
                    "country:ie=Ireland",
                ],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: a title that is also a family name cut the name short or lost it: "Billie
    /// Jean King" was "Billie Jean", "Martin Luther King" was Martin Luther, "Stephen King" and
    /// "David Bishop" were no one.
    #[test]
    fn titles_that_are_family_names_end_a_name() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            (
                "U.S. captain Billie Jean King said France was ready. King won.",
                &[
                    "country:us=U.S.",
                    "discovered:billie-jean-king=Billie Jean King",
                    "country:fr=France",
                    "discovered:billie-jean-king=King",
                ],
            ),
            (
                "The death of Martin Luther King Jr. shook India.",
                &[
                    "discovered:martin-luther-king-jr=Martin Luther King Jr.",
                    "country:in=India",
                ],
            ),
            (
                "Stephen King's novel sold in Canada. David Bishop arrived in Kenya.",
                &[
                    "discovered:stephen-king=Stephen King",
                    "country:ca=Canada",
                    "discovered:david-bishop=David Bishop",
                    "country:ke=Kenya",
                ],
            ),
            // Before another name or "of", still a title.
            (
                "Harry Smith met Harry King Abdullah in Jordan.",
                &["discovered:harry-smith=Harry Smith", "country:jo=Jordan"],
            ),
            (
                "Sir Peter Judge of Appeal Smith sat in Ireland.",
                &["country:ie=Ireland"],
            ),
            // After a name that is not all given names, a title; after a title, a family name.
            (
                "Boris Johnson appointed Kwasi Kwarteng Chancellor in Britain.",
                &[
                    "person:boris-johnson=Boris Johnson",
                    "discovered:kwasi-kwarteng=Kwasi Kwarteng",
                    "country:gb=Britain",
                ],
            ),
            (
                "Bank of England governor Mervyn King spoke in Japan.",
                &[
                    "agency:gb-boe=Bank of England",
                    "discovered:mervyn-king=Mervyn King",
                    "country:jp=Japan",
                ],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: ships, firms, places and clubs named like people were people: "the aircraft
    /// carrier Carl Vinson", "HMS Queen Elizabeth", "Edward D. Jones & Co", "Ross County".
    #[test]
    fn ships_firms_places_and_clubs_named_like_people_are_not_people() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            (
                "Jets from the aircraft carrier Carl Vinson struck Iraq on Monday.",
                &["country:iq=Iraq"],
            ),
            (
                "The USS Ronald Reagan sailed to Japan. HMS Queen Elizabeth stayed in port.",
                &["country:jp=Japan"],
            ),
            (
                "Anna Berg, an analyst at Edward D. Jones & Co, said Brazil was cheap.",
                &["discovered:anna-berg=Anna Berg", "country:br=Brazil"],
            ),
            (
                "Jefferson County and Carson City voted, as Mexico had.",
                &["country:mx=Mexico"],
            ),
            (
                "Ross County beat Charlton Athletic in Spain.",
                &["country:es=Spain"],
            ),
            // The person is still found: with a title, after a ship's word that is not before
            // the name, before a lower-case "city", and where "&" joins two people.
            (
                "President Ronald Reagan met the ship's captain Tom Hanks in Japan.",
                &[
                    "person:ronald-reagan=Ronald Reagan",
                    "discovered:tom-hanks=Tom Hanks",
                    "country:jp=Japan",
                ],
            ),
            // A title after a ship's word is a person's; a carrier of mail or of a disease is a
            // person; "& Co" is a person's circle but after "at".
            (
                "The ferry captain Tom Walsh met Donald Trump aboard the carrier in Japan. \
                 Aboard the carrier President Donald Trump addressed sailors.",
                &[
                    "discovered:tom-walsh=Tom Walsh",
                    "person:donald-trump=Donald Trump",
                    "country:jp=Japan",
                    "person:donald-trump=Donald Trump",
                ],
            ),
            (
                "The mail carrier Tom Smith was bitten in Chile.",
                &["discovered:tom-smith=Tom Smith", "country:cl=Chile"],
            ),
            // A verb of running a firm after the name: the person ("the oil company Rex
            // Tillerson ran"); a firm's name without one is the firm's.
            (
                "Rex Tillerson left in 2017. He went back to the oil company Rex Tillerson ran. \
                 The investment firm Anna Berg runs grew. The polling company Mori said no.",
                &[
                    "person:rex-tillerson=Rex Tillerson",
                    "person:rex-tillerson=Rex Tillerson",
                    "discovered:anna-berg=Anna Berg",
                ],
            ),
            // Two people named in full before, joined by "&", are the two.
            (
                "Donald Trump met Vladimir Putin. Later, Trump & Putin spoke. Johnson & Johnson \
                 fell.",
                &[
                    "person:donald-trump=Donald Trump",
                    "person:vladimir-putin=Vladimir Putin",
                    "person:donald-trump=Trump",
                    "person:vladimir-putin=Putin",
                ],
            ),
            (
                "Boris Johnson & Co have failed Britain.",
                &["person:boris-johnson=Boris Johnson", "country:gb=Britain"],
            ),
            (
                "Jack Charlton & Anna Berg toured Ireland; Ronald Reagan city aides followed.",
                &[
                    "discovered:jack-charlton=Jack Charlton",
                    "discovered:anna-berg=Anna Berg",
                    "country:ie=Ireland",
                    "person:ronald-reagan=Ronald Reagan",
                ],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// A news outlet credited as the source of what is reported is a mention in no link; one
    /// that acts is linked.
    #[test]
    fn an_outlet_credited_as_the_source_is_in_no_link() {
        let p = builtin();
        let a = p.analyze("Tony Blair told the BBC he would stay. The BBC cut jobs in Russia.");
        let found: Vec<(&str, bool)> = (a.resolved.mentions.iter())
            .map(|m| (&*m.entity.id, m.attribution))
            .collect();
        assert_eq!(
            found,
            [
                ("person:tony-blair", false),
                ("agency:bbc", true),
                ("agency:bbc", false),
                ("country:ru", false)
            ]
        );
        // A wire service's dateline credit links it to no one of the story.
        let a = p.analyze(
            "WASHINGTON (AP) - President Joe Biden met Chinese President Xi Jinping on Monday.",
        );
        let ap: Vec<bool> = (a.resolved.mentions.iter())
            .filter(|m| &*m.entity.id == "agency:ap")
            .map(|m| m.attribution)
            .collect();
        assert_eq!(ap, [true]);
        for (text, yes) in [
            ("prices rose, according to Reuters.", true),
            ("prices rose, Reuters reported.", true),
            ("he told the BBC News website.", true),
            ("Reuters reported on Monday.", true),
            ("China has blocked the BBC News website.", false),
            ("Ofcom told the BBC to apologise.", false),
            ("The BBC reported a loss.", false),
            ("He Told Reuters.", true),
            ("Reuters cut jobs.", false),
            ("the untold Reuters story", false),
            ("Reuters reporters left.", false),
            (
                "BBC political correspondent Vicky Young said it would pass.",
                true,
            ),
            (
                "BBC Scotland political correspondent Glenn Campbell said so.",
                true,
            ),
            ("the BBC's political editor has learned.", true),
            ("BBC correspondents said the talks moved.", true),
            ("in a wide-ranging BBC interview covering Iraq", true),
            ("China grew, says the BBC's Louisa Lim in Beijing.", true),
            ("Reuters reporters were detained in Iraq.", false),
            ("The BBC's director general resigned.", false),
            ("BBC editors met. Reporters said no.", false),
            ("Tony Blair said the BBC's coverage was biased.", false),
            (
                "The BBC sacked its political editor, who said he would appeal.",
                false,
            ),
            ("BBC cuts jobs\n\nEditors said the plan was set.", false),
        ] {
            let at = text.find(['R', 'B']).unwrap();
            let end = at + if text[at..].starts_with("BBC") { 3 } else { 7 };
            assert_eq!(super::credited(text, 0, at, end), yes, "{text}");
        }
        // A wire service's credit in brackets: a dateline, a photo.
        for (text, outlet, yes) in [
            ("WASHINGTON (AP) - President Biden met Mr Xi.", "AP", true),
            (
                "KYIV, March 3 (Reuters) \u{2014} Ukraine said.",
                "Reuters",
                true,
            ),
            ("PARIS (AFP)\u{2013}France said.", "AFP", true),
            ("Mr Biden waves. (AP Photo/Jane Roe)", "AP", true),
            ("The agency (Reuters) cut jobs.", "Reuters", false),
            ("a report (Reuters, 2020) said", "Reuters", false),
        ] {
            let at = text.find(outlet).unwrap();
            let end = at + outlet.len();
            assert_eq!(super::credited(text, 0, at, end), yes, "{text}");
        }
    }

    /// Regression: "Turkey sandwiches" opening a sentence was the country.
    #[test]
    fn things_named_like_countries_are_not_the_countries() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            ("Turkey sandwiches were served at noon.", &[]),
            ("Turkey sales rose before Christmas.", &[]),
            ("\"Turkey breast is cheaper,\" she said.", &[]),
            ("TURKEY SALES SOAR AT CHRISTMAS", &[]),
            ("China plates were sold at auction.", &[]),
            // The next word makes it the country.
            ("Turkey's president spoke.", &["country:tr=Turkey"]),
            ("Turkey said it would act.", &["country:tr=Turkey"]),
            // Inside a sentence a capital says it is the country.
            (
                "Exports to Turkey sales offices fell.",
                &["country:tr=Turkey"],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: in "England and Wales Cricket Board" Wales was left out as part of the
    /// board's name, but England was linked.
    #[test]
    fn american_places_named_like_countries_are_not_the_countries() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            // A town of a state: "Lebanon, Pennsylvania", "Peru, Ind."
            ("He grew up in Lebanon, Pennsylvania, and Peru, Ind.", &[]),
            // The state of Georgia, by a city, a state word, "state of" or a list of states;
            // then its other mentions in the document too.
            (
                "Voters in Atlanta, Georgia, lined up early. Georgia is close.",
                &[],
            ),
            (
                "Georgia Governor Brian Kemp spoke. Georgia will count again.",
                &["discovered:brian-kemp=Brian Kemp"],
            ),
            ("Storms hit Alabama and Georgia on Monday.", &[]),
            ("Floods reached Georgia, Florida and Texas.", &[]),
            ("Taxes rose in the state of Georgia.", &[]),
            // A place of the state elsewhere in the story; the state's secretary of state.
            (
                "Fulton County District Attorney Fani Willis charged him over the result in \
                 Georgia.",
                &["discovered:fani-willis=Fani Willis"],
            ),
            ("Georgia's Secretary of State spoke.", &[]),
            // "Georgia officials" are the state's; the country's are "Georgian officials".
            ("Mr. Smith met Georgia officials.", &[]),
            (
                "Ballots reached Georgia voters. Russia sent no observers.",
                &["country:ru=Russia"],
            ),
            // Not in a list of countries, nor in a document naming Tbilisi.
            (
                "Ukraine and Georgia officials met Russia.",
                &[
                    "country:ua=Ukraine",
                    "country:ge=Georgia",
                    "country:ru=Russia",
                ],
            ),
            (
                "Russia accused Georgia officials. Tbilisi denied it.",
                &["country:ru=Russia", "country:ge=Georgia"],
            ),
            (
                "Georgian officials met Georgia's voters.",
                &["country:ge=Georgian", "country:ge=Georgia"],
            ),
            // The country: listed with countries, or a document naming its capital.
            (
                "Russia, Georgia and Ukraine met in Minsk.",
                &[
                    "country:ru=Russia",
                    "country:ge=Georgia",
                    "country:ua=Ukraine",
                ],
            ),
            (
                "Georgia and Russia fought in 2008. Officials in Tbilisi and Atlanta, Georgia, \
                 signed a trade deal.",
                &["country:ge=Georgia", "country:ru=Russia"],
            ),
            // Washington names the American government as often: "China, Washington" stays.
            (
                "Talks between China, Washington and Moscow resumed.",
                &["country:cn=China"],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// "ICC" is the International Cricket Council in a sports story and the International
    /// Criminal Court elsewhere, unless the story names one of them in full.
    #[test]
    fn a_sporting_body_shares_its_abbreviation_by_the_kind_of_story() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            (
                "The spinner took four wickets in the second innings and the opener scored 52 \
                 runs before lunch. The ICC match referee fined the bowler.",
                &["agency:icc-cricket=ICC"],
            ),
            (
                "The ICC issued an arrest warrant for the former president on Friday.",
                &["agency:icc=ICC"],
            ),
            (
                "The International Cricket Council met in Dubai. The ICC said revenue rose.",
                &[
                    "agency:icc-cricket=International Cricket Council",
                    "agency:icc-cricket=ICC",
                ],
            ),
            (
                "The bowler took four wickets and scored 30 runs. He had testified at the \
                 International Criminal Court, and the ICC thanked him.",
                &["agency:icc=International Criminal Court", "agency:icc=ICC"],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    #[test]
    fn countries_joined_by_and_in_an_organisation_name_are_not_mentions() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            ("The England and Wales Cricket Board met on Tuesday.", &[]),
            ("A Spain and Portugal Football Association bid failed.", &[]),
            (
                "Delegates of Chile and Peru and Bolivia Trade Union branches met.",
                &[],
            ),
            // Both are mentions when nothing after them makes an organisation's name.
            (
                "England and Wales drew 1-1 on Saturday.",
                &["country:gb-eng=England", "country:gb-wls=Wales"],
            ),
            (
                "He thanked England and Wales. Cricket Board members agreed.",
                &["country:gb-eng=England", "country:gb-wls=Wales"],
            ),
            (
                "England and Wales Cricket fans cheered.",
                &["country:gb-eng=England"],
            ),
            // Only a name joined by "and" goes with the organisation.
            (
                "England beat the Wales Cricket Board side.",
                &["country:gb-eng=England"],
            ),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
    }

    /// Regression: a family name with a particle was cut at the particle ("Marine Le" was
    /// discovered, and "Le" alone linked later), a lower-case particle ended a name before its
    /// surname ("Robin van Persie" was not found), and "De Silva" later left "Silva" unlinked.
    #[test]
    fn name_particles_belong_to_the_surname() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            (
                "Opposition Leader Marine Le Pen spoke on Monday. Later Le Pen said she would run.",
                &[
                    "discovered:marine-le-pen=Marine Le Pen",
                    "discovered:marine-le-pen=Le Pen",
                ],
            ),
            (
                "Captain Roshan de Silva scored a century. De Silva was out soon after, and de \
                 Silva left the ground.",
                &[
                    "discovered:roshan-de-silva=Roshan de Silva",
                    "discovered:roshan-de-silva=De Silva",
                    "discovered:roshan-de-silva=de Silva",
                ],
            ),
            (
                "Jean-Pierre Van Poppel won the stage. Van Poppel thanked his team.",
                &[
                    "discovered:jean-pierre-van-poppel=Jean-Pierre Van Poppel",
                    "discovered:jean-pierre-van-poppel=Van Poppel",
                ],
            ),
            (
                "Robin van Persie scored twice. Van Persie celebrated with van Persie's son.",
                &[
                    "discovered:robin-van-persie=Robin van Persie",
                    "discovered:robin-van-persie=Van Persie",
                    "discovered:robin-van-persie=van Persie",
                ],
            ),
            (
                "Pieter van den Berg signed the deal. Van den Berg said it was fair.",
                &[
                    "discovered:pieter-van-den-berg=Pieter van den Berg",
                    "discovered:pieter-van-den-berg=Van den Berg",
                ],
            ),
            (
                "Senator Ana de la Cruz spoke. De la Cruz left.",
                &[
                    "discovered:ana-de-la-cruz=Ana de la Cruz",
                    "discovered:ana-de-la-cruz=De la Cruz",
                ],
            ),
            (
                "Minister Tariq bin Saleh arrived. Bin Saleh met reporters.",
                &[
                    "discovered:tariq-bin-saleh=Tariq bin Saleh",
                    "discovered:tariq-bin-saleh=Bin Saleh",
                ],
            ),
            (
                "Coach Mark ten Cate spoke. Ten Cate left.",
                &[
                    "discovered:mark-ten-cate=Mark ten Cate",
                    "discovered:mark-ten-cate=Ten Cate",
                ],
            ),
            // A title before the surname alone names the person named before, or the listed
            // person of that surname; no new person "Van Poppel" or "De Klerk".
            (
                "Director Jean-Pierre Van Poppel spoke. Later Mr Van Poppel left.",
                &[
                    "discovered:jean-pierre-van-poppel=Jean-Pierre Van Poppel",
                    "discovered:jean-pierre-van-poppel=Van Poppel",
                ],
            ),
            (
                "President De Klerk spoke. Mr de Klerk left.",
                &[
                    "person:f-w-de-klerk=De Klerk",
                    "person:f-w-de-klerk=de Klerk",
                ],
            ),
            // Listed people keep their listed surnames.
            (
                "Ursula von der Leyen arrived. Von der Leyen met officials, and von der Leyen left.",
                &[
                    "person:ursula-von-der-leyen=Ursula von der Leyen",
                    "person:ursula-von-der-leyen=Von der Leyen",
                    "person:ursula-von-der-leyen=von der Leyen",
                ],
            ),
            // "Marine" is a given name only before a family name with a particle.
            (
                "Marine Le Pen said she would run. Le Pen won the vote.",
                &[
                    "discovered:marine-le-pen=Marine Le Pen",
                    "discovered:marine-le-pen=Le Pen",
                ],
            ),
            (
                "The Marine Corps sent a Marine unit to the Le Mans race under Marine de facto rules.",
                &[],
            ),
            // The surname's last word alone is still the person, unless it is a common word.
            (
                "Jean-Pierre Van Poppel won. Poppel thanked his team.",
                &[
                    "discovered:jean-pierre-van-poppel=Jean-Pierre Van Poppel",
                    "discovered:jean-pierre-van-poppel=Poppel",
                ],
            ),
            (
                "Opposition Leader Marine Le Pen spoke. Pen and paper were banned.",
                &["discovered:marine-le-pen=Marine Le Pen"],
            ),
            // A particle glues nothing that is not a name after a name.
            (
                "Analyst Bill Thompson said the rule applied de facto in Wales.",
                &[
                    "discovered:bill-thompson=Bill Thompson",
                    "country:gb-wls=Wales",
                ],
            ),
            (
                "Phil Simmons drove a van to Wales. Le Monde wrote that De Beers agreed.",
                &[
                    "discovered:phil-simmons=Phil Simmons",
                    "country:gb-wls=Wales",
                    "agency:le-monde=Le Monde",
                ],
            ),
            ("The Tour de France reached Rio de Janeiro.", &[]),
        ];
        for &(text, want) in rows {
            assert_eq!(ids(p, text), want, "{text}");
        }
        // No piece of the name is left over as an unlinked partial name ("Silva").
        let a = p.analyze("Captain Roshan de Silva scored. De Silva left.");
        assert!(a.resolved.unlinked.is_empty(), "{:?}", a.resolved.unlinked);
        assert_eq!(a.resolved.mentions[1].form, crate::Form::Surname);
    }

    /// Regression: "Ex-Prime Minister" was read as the title "Minister" (another office), and
    /// "Ex-President" before a surname as someone's given name, which hid the surname.
    #[test]
    fn ex_before_a_title_is_read_like_former() {
        let p = builtin();
        let roles = |text: &str| -> Vec<(String, Option<String>)> {
            p.analyze(text)
                .resolved
                .mentions
                .iter()
                .map(|m| (m.entity.id.to_string(), m.role.clone()))
                .collect()
        };
        // The title after "ex-" is the role, as it is after "former".
        for text in [
            "Ex-Prime Minister Tony Blair spoke on Friday.",
            "The ex-Prime Minister Tony Blair spoke on Friday.",
            "Former Prime Minister Tony Blair spoke on Friday.",
        ] {
            assert_eq!(
                roles(text),
                [("person:tony-blair".into(), Some("Prime Minister".into()))],
                "{text}"
            );
        }
        // The office decides between people of one surname as "Former President" does: Bill
        // Clinton was a head of state, Hillary Clinton was not.
        for text in [
            "Ex-President Clinton spoke in Arkansas.",
            "The ex-President Clinton spoke in Arkansas.",
            "Former President Clinton spoke in Arkansas.",
        ] {
            assert_eq!(
                mentions(p, text),
                [("person:bill-clinton".into(), "Clinton".into(), "title")],
                "{text}"
            );
        }
        // Two Bushes were presidents: ambiguous either way, not dropped.
        for text in [
            "Ex-President Bush spoke in Texas.",
            "Former President Bush spoke in Texas.",
        ] {
            let a = p.analyze(text);
            assert!(a.resolved.mentions.is_empty(), "{text}");
            assert_eq!(a.resolved.unlinked.len(), 1, "{text}");
            assert_eq!(a.resolved.unlinked[0].candidates.len(), 2, "{text}");
        }
        // A title after "ex-" introduces a person the gazetteers do not list.
        let a = p.analyze("Ex-Minister Tomas Verhoeven spoke. Verhoeven left.");
        let got: Vec<_> = a
            .resolved
            .mentions
            .iter()
            .map(|m| (&*m.entity.id, m.role.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("discovered:tomas-verhoeven", Some("Minister")),
                ("discovered:tomas-verhoeven", None)
            ]
        );
    }

    #[test]
    fn a_discovered_surname_wins_over_a_country() {
        let p = builtin();
        let got = ids(
            p,
            "Director Neil Jordan spoke. Jordan said the film was done.",
        );
        assert_eq!(
            got,
            [
                "discovered:neil-jordan=Neil Jordan",
                "discovered:neil-jordan=Jordan"
            ]
        );
    }

    /// Regression: "Drink Or Die (DOD)" was the US Department of Defense throughout the story
    /// (BBC tech-354, 8 mentions); defined as the listed name, the abbreviation stays.
    #[test]
    fn an_abbreviation_the_story_defines_otherwise_is_not_the_listed_one() {
        let p = builtin();
        let got = ids(
            p,
            "Police raided the Drink Or Die (DOD) group. DOD members were held. The Department \
             of Defense (DOD) said the NSA helped. The Official UK Charts Company (OCC) \
             agreed, said the OCC. The United Nations (UN) did not.",
        );
        assert_eq!(
            got,
            [
                "agency:us-dod=Department of Defense",
                "agency:us-nsa=NSA",
                "agency:un=United Nations",
                "agency:un=UN"
            ]
        );
        let got = ids(
            p,
            "The Department of Defense (DOD) said so. DOD staff agreed. Philip Roth (US) and \
             the Food and Agriculture Organisation (FAO) spoke. Photograph: Mark Ralston (AFP). \
             AFP reported it.",
        );
        assert_eq!(
            got,
            [
                "agency:us-dod=Department of Defense",
                "agency:us-dod=DOD",
                "agency:us-dod=DOD",
                "discovered:philip-roth=Philip Roth",
                "country:us=US",
                "agency:fao=FAO",
                "discovered:mark-ralston=Mark Ralston",
                "agency:afp=AFP",
                "agency:afp=AFP",
            ]
        );
    }

    /// Regression (BBC): "Queen Elizabeth I" was Elizabeth II, and "Trade Minister Mohammed
    /// Mustafa al-Jibouri" the listed Palestinian prime minister Mohammad Mustafa.
    #[test]
    fn a_listed_name_with_more_after_it_is_someone_else() {
        let p = builtin();
        let got = ids(
            p,
            "A film about Queen Elizabeth I opened. Pope John Paul II prayed. Minister Mohammed \
             Mustafa Hamdan spoke. Tony Blair's aide and Tony Blair Monday agreed.",
        );
        assert_eq!(
            got,
            [
                "person:john-paul-ii=Pope John Paul II",
                "discovered:mohammed-mustafa-hamdan=Mohammed Mustafa Hamdan",
                "person:tony-blair=Tony Blair",
                "person:tony-blair=Tony Blair",
            ]
        );
        // (Discovery reads the name without its "al-" part: a name of its own, not the listed
        // one.)
        let got = ids(p, "Trade Minister Mohammed Mustafa al-Jibouri spoke.");
        assert!(
            !got.iter().any(|m| m.starts_with("person:mohammad-mustafa")),
            "{got:?}"
        );
    }

    /// UK parties by the names the press gives them: "Labour", "Tory", "Conservatives" (in
    /// Canada, the Conservative Party of Canada's); "Labour" opening a sentence is the word
    /// unless the story names the party within a sentence too.
    #[test]
    fn parties_by_their_short_names() {
        let p = builtin();
        let got = ids(
            p,
            "Labour costs rose. Tony Blair told the Conservatives and Tory leaders in Britain so.",
        );
        assert_eq!(
            got,
            [
                "person:tony-blair=Tony Blair",
                "agency:gb-conservative-party=Conservatives",
                "agency:gb-conservative-party=Tory",
                "country:gb=Britain"
            ]
        );
        let got = ids(
            p,
            "Labour won. Tony Blair thanked Labour members in Britain.",
        );
        assert_eq!(
            got,
            [
                "agency:gb-labour-party=Labour",
                "person:tony-blair=Tony Blair",
                "agency:gb-labour-party=Labour",
                "country:gb=Britain"
            ]
        );
        let got = ids(p, "In Ottawa, the Conservatives won. Stephen Harper spoke.");
        assert_eq!(
            got,
            [
                "agency:ca-conservative-party=Conservatives",
                "person:stephen-harper=Stephen Harper"
            ]
        );
    }

    /// Given names an accuracy review found missing (BBC: "Lleyton Hewitt" 21 times, "Nick" 31),
    /// and "Nick" and "Mats" also words: names within a sentence, not at its start.
    #[test]
    fn given_names_added_from_the_bbc_review_discover_people() {
        let p = builtin();
        let got = ids(
            p,
            "Tennis star Lleyton Hewitt lost, said Nick Ross. Then Mats Wilander won. Nick \
             Ross spoke. The mats were laid out.",
        );
        assert_eq!(
            got,
            [
                "discovered:lleyton-hewitt=Lleyton Hewitt",
                "discovered:nick-ross=Nick Ross",
                "discovered:mats-wilander=Mats Wilander",
                "discovered:nick-ross=Nick Ross",
            ]
        );
    }

    /// Regression: "George Bush-style" was discovered as a person; a name glued to a word that
    /// makes an adjective of it is no name. Korean given names join lower-case syllables.
    #[test]
    fn a_name_made_an_adjective_is_not_discovered() {
        let p = builtin();
        let got = ids(
            p,
            "It was a reckless, George Bush-style tax cut. The Tunisian-born Abdellatif Kechiche \
             won. Envoy Li In-mo and Sarah Smith-Jones met.",
        );
        assert_eq!(
            got,
            [
                "discovered:li-in-mo=Li In-mo",
                "discovered:sarah-smith-jones=Sarah Smith-Jones"
            ]
        );
    }

    /// Regression: "Iain Duncan Smith" was discovered as "Iain Duncan": a family name ending in
    /// a common word ("smith") after given names is part of the name, and "Mr Duncan Smith" is
    /// him; not a word of a firm's name, nor before another name.
    #[test]
    fn a_family_name_ending_in_a_word_after_given_names() {
        let p = builtin();
        let got = ids(
            p,
            "Former leader Iain Duncan Smith spoke. Mr Duncan Smith said no. Duncan Smith left. \
             Shares in Stan Lee Media fell. Striker Michael Owen Real Madrid signed stayed. Fans \
             of the Elton John Band and Paul Simon Live cheered; Elton John Tuesday said so.",
        );
        assert_eq!(
            got,
            [
                "discovered:iain-duncan-smith=Iain Duncan Smith",
                "discovered:iain-duncan-smith=Duncan Smith",
                "discovered:iain-duncan-smith=Duncan Smith",
                "discovered:stan-lee=Stan Lee",
                "discovered:michael-owen=Michael Owen",
                "discovered:elton-john=Elton John",
                "discovered:paul-simon=Paul Simon",
                "discovered:elton-john=Elton John",
            ]
        );
    }

    /// Regression: "Tony Award", "Fabian Society" and "Nelson College" were people: a common
    /// word after a given name is a family name ("Neil Jordan"), but not one that names a thing
    /// after someone, unless it is a family name too ("Wayne Bridge", "Lee Hall").
    #[test]
    fn things_named_after_a_given_name_are_no_people() {
        let p = builtin();
        let got = ids(
            p,
            "She won a Tony Award nomination. The Fabian Society met. Nelson College lost. \
             Defender Wayne Bridge played. Playwright Lee Hall spoke.",
        );
        assert_eq!(
            got,
            [
                "discovered:wayne-bridge=Wayne Bridge",
                "discovered:lee-hall=Lee Hall"
            ]
        );
    }

    /// Regression: "Mohammed Mustafa al-Jibouri" was discovered as "Mohammed Mustafa": a family
    /// name after an Arabic article in lower case is part of the name, and a later
    /// "al-Jibouri" is him. A lower-case word that is no such name still ends a name.
    #[test]
    fn a_family_name_after_an_arabic_article_in_lower_case() {
        let p = builtin();
        let got = ids(
            p,
            "Official Ahmed Hassan al-Jibouri said talks failed. Later al-Jibouri left. \
             Reporter Ghazi al-Gosaibi wrote. Director Ahmed Hassan al-qaeda-style spoke.",
        );
        assert_eq!(
            got,
            [
                "discovered:ahmed-hassan-al-jibouri=Ahmed Hassan al-Jibouri",
                "discovered:ahmed-hassan-al-jibouri=al-Jibouri",
                "discovered:ghazi-al-gosaibi=Ghazi al-Gosaibi",
                "discovered:ahmed-hassan=Ahmed Hassan",
            ]
        );
    }

    /// A discovered person's surname that is a country's name is the country where a place
    /// stands: after "in" or "visited", or joined by "and" to another country.
    #[test]
    fn a_surname_that_names_a_country_is_the_country_where_a_place_stands() {
        let p = builtin();
        let got = ids(
            p,
            "Director Neil Jordan spoke. He visited Jordan and Syria. Jordan said it was done. \
             She starred in Jordan's film. Asked why, Jordan, Ireland's best-known director, \
             smiled. Congressman Steve Israel came; Jordan and Israel agreed. \
             Lock James Ireland stayed. Most Ireland and Scotland players rested.",
        );
        assert_eq!(
            got,
            [
                "discovered:neil-jordan=Neil Jordan",
                "country:jo=Jordan",
                "country:sy=Syria",
                "discovered:neil-jordan=Jordan",
                "discovered:neil-jordan=Jordan",
                "discovered:neil-jordan=Jordan",
                "country:ie=Ireland",
                "discovered:steve-israel=Steve Israel",
                "discovered:neil-jordan=Jordan",
                "discovered:steve-israel=Israel",
                "discovered:james-ireland=James Ireland",
                "country:ie=Ireland",
                "country:gb-sct=Scotland",
            ]
        );
    }

    /// Regression: a tokenised possessive ("England 's") before a name panicked.
    #[test]
    fn tokenised_possessive_does_not_panic() {
        let p = builtin();
        p.analyze("in the English county championship . England 's captain Nasser Hussain");
        p.analyze("'s China");
        // Regression: an initial opening a sentence, then no name: no name word to read.
        p.analyze("S. African Afrikaners still seek own territory .");
    }

    #[test]
    fn shared_aliases_are_ambiguous_unless_the_document_decides() {
        let gaz = "\
country:ge\tcountry\tGeorgia\tdemonym=Georgian\t
place:us-ga\tplace\tGeorgia\tname=State of Georgia\tcountry=us
country:us\tcountry\tUnited States\tabbreviation=U.S.\t
";
        let mut g = Gazetteer::new();
        g.extend(parse_tsv(gaz, "t").unwrap());
        let p = Pipeline::new(g, Config::default()).unwrap();
        assert!(ids(&p, "Georgia voted.").is_empty());
        assert_eq!(
            p.analyze("Georgia voted.").resolved.unlinked[0]
                .candidates
                .len(),
            2
        );
        // Another, unambiguous mention of one candidate decides.
        assert_eq!(
            mentions(&p, "Georgian troops left. Georgia voted.")[1],
            ("country:ge".into(), "Georgia".into(), "context")
        );
        // So does a mention of a candidate's country.
        assert_eq!(
            mentions(&p, "In the U.S. election, Georgia voted.")[1],
            ("place:us-ga".into(), "Georgia".into(), "context")
        );
    }

    /// A family name that hundreds of listed people share (a gazetteer of every member of a
    /// parliament, of a national register) stands for each of them: an earlier full mention
    /// decides among all of them, a title among those who hold the office, and otherwise the
    /// name is left unlinked with every one of them as a candidate, in the order of their ids.
    #[test]
    fn a_family_name_shared_by_hundreds_of_listed_people() {
        let initials = ["B", "D", "K", "L", "M", "N", "R", "S", "T", "V"];
        let middles = [
            "al", "en", "ir", "os", "ul", "ar", "em", "ik", "on", "us", "ad", "eb", "ig", "ot",
            "um", "az", "ed", "if", "ob", "uv", "ag", "ev", "il", "or", "ut", "ap", "es", "it",
            "oz", "ud",
        ];
        let mut gaz = String::new();
        // Rows in the reverse order of their ids: a match's candidates come in the order of
        // the rows, its unlinked candidates in the order of the ids.
        for i in (0..300).rev() {
            let given = format!("{}{}o", initials[i % 10], middles[i / 10]);
            let role = if i == 123 { "role=head_of_state" } else { "" };
            gaz += &format!("person:w{i:03}\tperson\t{given} Wagner\tsurname=Wagner\t{role}\n");
        }
        let mut g = Gazetteer::new();
        g.extend(parse_tsv(&gaz, "t").unwrap());
        let p = Pipeline::new(g, Config::default()).unwrap();
        // (Person 57 is "Saro Wagner", 123 is "Ligo Wagner".)
        assert_eq!(
            mentions(&p, "Saro Wagner arrived. Wagner said no."),
            [
                ("person:w057".into(), "Saro Wagner".into(), ""),
                ("person:w057".into(), "Wagner".into(), "earlier-mention"),
            ]
        );
        assert_eq!(
            mentions(&p, "President Wagner said no."),
            [("person:w123".into(), "Wagner".into(), "title")]
        );
        let a = p.analyze("Wagner said no.");
        assert!(a.resolved.mentions.is_empty());
        let [u] = &a.resolved.unlinked[..] else {
            panic!("{:?}", a.resolved.unlinked)
        };
        let want: Vec<String> = (0..300).map(|i| format!("person:w{i:03}")).collect();
        assert_eq!(
            u.candidates
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>(),
            want
        );
        assert_eq!(u.reason, super::Unresolved::Ambiguous);
    }

    /// "Congress" is the legislature of the United States, Brazil, Argentina, Mexico or Spain,
    /// or India's Congress party: the country the story names decides, or the country of a
    /// person or body it names.
    #[test]
    fn congress_is_the_congress_of_the_country_named() {
        let p = builtin();
        let congress = |text: &str| {
            mentions(p, text)
                .into_iter()
                .find(|m| m.1 == "Congress")
                .map(|m| m.0)
        };
        assert_eq!(
            congress("Congress passed the bill, President Joe Biden said.").as_deref(),
            Some("agency:us-congress")
        );
        assert_eq!(
            congress("Brazil's Congress approved the reform.").as_deref(),
            Some("agency:br-congress")
        );
        assert_eq!(
            congress("Congress leader Rahul Gandhi attacked Narendra Modi.").as_deref(),
            Some("agency:in-inc")
        );
        // A news agency's home is no country of the story; the possessive decides among
        // several named.
        assert_eq!(
            congress("Mexico's Congress passed the budget, AP reported.").as_deref(),
            Some("agency:mx-congress")
        );
        assert_eq!(
            congress("Brazil and the United States watched Mexico's Congress vote.").as_deref(),
            Some("agency:mx-congress")
        );
        // Nothing decides: no mention.
        assert_eq!(congress("Congress passed the bill on Tuesday."), None);
        assert_eq!(
            congress("Brazil and the United States watched Congress vote.").as_deref(),
            None
        );
    }
}
