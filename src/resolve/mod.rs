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

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;

mod context;

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
    /// A partial name with a title before it and a single candidate.
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

/// What resolution needs besides the document.
pub struct Resolver<'a> {
    /// The gazetteer the matcher was built from.
    pub gazetteer: &'a Gazetteer,
    /// Shared references to its entities, by index.
    pub refs: &'a [EntityRef],
    /// The matcher that produced the raw matches.
    pub matcher: &'a Matcher,
    /// Titles and given names.
    pub words: &'a Words,
    /// Whether to discover people not in the gazetteer.
    pub discover: bool,
}

struct Work {
    start: usize,
    end: usize,
    norm_start: usize,
    norm_end: usize,
    sentence: usize,
    direct: Vec<u32>,
    partial: Vec<u32>,
    form_of: HashMap<u32, Form>,
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
                let mut form_of = HashMap::new();
                for &t in &r.targets {
                    let target = self.matcher.target(t);
                    let e = target.entity;
                    let list = if target.form.is_partial() {
                        if &*self.refs[e as usize].kind != "person" {
                            continue;
                        }
                        &mut partial
                    } else {
                        &mut direct
                    };
                    if !list.contains(&e) {
                        list.push(e);
                    }
                    // A direct form wins over a partial one for the same entity.
                    let f = form_of.entry(e).or_insert(target.form);
                    if f.is_partial() && !target.form.is_partial() {
                        *f = target.form;
                    }
                }
                partial.retain(|e| !direct.contains(e));
                Work {
                    start: r.start,
                    end: r.end,
                    norm_start: r.norm_start,
                    norm_end: r.norm_end,
                    sentence: sentence_of(sentences, r.start),
                    direct,
                    partial,
                    form_of,
                }
            })
            .collect();
        let heads = context::Headlines::new(text, sentences);
        self.drop_embedded(text, norm, sentences, &heads, &mut work);
        let mut out = Resolved::default();
        // Entities mentioned unambiguously by a direct form, with their first position.
        let mut first_seen: HashMap<u32, usize> = HashMap::new();
        for w in &work {
            if w.direct.len() == 1 {
                first_seen.entry(w.direct[0]).or_insert(w.start);
            }
        }
        let mentioned_countries: BTreeSet<String> = first_seen
            .keys()
            .filter_map(|&e| {
                let ent = &self.gazetteer.entities()[e as usize];
                (&*ent.kind == "country").then(|| ent.id.to_string())
            })
            .collect();
        // Words of the normalised text, for discovery (computed once).
        let words = if self.discover {
            word_spans(norm.as_str())
        } else {
            Vec::new()
        };
        let discovered = if self.discover {
            self.discover_people(text, norm, &work, sentences, &heads, &words)
        } else {
            Vec::new()
        };
        // Each surname of a discovered person, with where it was first introduced (end, start).
        let mut surname_seen: HashMap<&str, (usize, usize)> = HashMap::new();
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
        if !surname_seen.is_empty() {
            for w in &mut work {
                let surface = &norm.as_str()[w.norm_start..w.norm_end];
                if surname_seen
                    .get(surface)
                    .is_some_and(|&(end, _)| end <= w.start)
                {
                    w.direct.clear();
                    w.partial.clear();
                }
            }
        }
        for w in &mut work {
            // Part of a discovered person's full name ("Naina Yeltsin" is not Boris Yeltsin).
            if w.direct.is_empty() && in_discovered(w.start, w.end) {
                continue;
            }
            // A partial candidate named in full earlier takes precedence.
            let earlier: Vec<u32> = w
                .partial
                .iter()
                .copied()
                .filter(|e| first_seen.get(e).is_some_and(|&p| p < w.start))
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
                    role: if &*r.kind == "person" {
                        role.as_ref().map(|(_, _, s)| s.clone())
                    } else {
                        None
                    },
                    resolved_by: by,
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
                    link(w.direct[0], None, &mut out);
                    continue;
                }
                0 => {}
                _ => {
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
                    } else {
                        unlinked(&w.direct, Unresolved::Ambiguous, &mut out);
                    }
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
            let surface_norm = &norm.as_str()[w.norm_start..w.norm_end];
            let competing = surname_seen
                .get(surface_norm)
                .is_some_and(|&(_, first)| first < w.start);
            if competing {
                continue; // handled with the discovered people below
            }
            let surname = w
                .form_of
                .get(&w.partial[0])
                .is_some_and(|f| *f == Form::Surname);
            if w.partial.len() == 1 && role.is_some() && surname {
                link(w.partial[0], Some(ResolvedBy::Title), &mut out);
            } else {
                let reason = if w.partial.len() > 1 {
                    Unresolved::Ambiguous
                } else {
                    Unresolved::PartialName
                };
                unlinked(&w.partial, reason, &mut out);
            }
        }
        self.link_discovered(text, norm, sentences, &work, &discovered, &words, &mut out);
        out.mentions.sort_by_key(|m| (m.start, m.end));
        out.unlinked.sort_by_key(|u| (u.start, u.end));
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
            let candidate = &before[s..];
            if self.words.is_title_norm(candidate) {
                let os = norm.orig_start(s);
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

    fn discover_people(
        &self,
        text: &str,
        norm: &Normalized,
        work: &[Work],
        sentences: &[Sentence],
        heads: &context::Headlines<'_>,
        words: &[(usize, usize)],
    ) -> Vec<Discovered> {
        let hay = norm.as_str();
        // Only direct matches block discovery: a surname or given name of some listed person
        // ("Zheng" in "Zheng Zeguang") may be part of an unlisted person's full name.
        let direct_spans: Vec<(usize, usize)> = work
            .iter()
            .filter(|w| !w.direct.is_empty())
            .map(|w| (w.norm_start, w.norm_end))
            .collect();
        let covered = |ns: usize, ne: usize| overlaps(&direct_spans, ns, ne);
        let mut found: Vec<Discovered> = Vec::new();
        // Words of the normalised text with their spans.
        // Two words belong to one name only with one space and no line break between them.
        let joined = |a: (usize, usize), b: (usize, usize)| {
            hay[a.1..b.0] == *" " && !text[norm.orig_end(a.1)..norm.orig_start(b.0)].contains('\n')
        };
        let initial = |(s, e): (usize, usize)| {
            let w = &hay[s..e];
            w.len() == 2
                && w.ends_with('.')
                && w.starts_with(|c: char| c.is_ascii_alphabetic())
                && text[norm.orig_start(s)..].starts_with(|c: char| c.is_uppercase())
        };
        // The word before `i` is part of a capitalised run ("San Diego Padres").
        let inside_run = |i: usize| {
            i > 0 && joined(words[i - 1], words[i]) && {
                let (ps, pe) = words[i - 1];
                let p = &hay[ps..pe];
                let cap = text[norm.orig_start(ps)..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                let at_start = sentences
                    .get(sentence_of(sentences, norm.orig_start(ps)))
                    .is_some_and(|s| s.start == norm.orig_start(ps));
                cap && !context::neutral(self.words, p, at_start)
            }
        };
        let at_sentence_start = |i: usize| {
            let os = norm.orig_start(words[i].0);
            sentences
                .get(sentence_of(sentences, os))
                .is_none_or(|s| s.start == os)
        };
        let mut i = 0;
        while i < words.len() {
            let (ws, we) = words[i];
            // Names start with capitals; titles may not ("economy minister Heizo Takenaka").
            // Most words are neither, and are skipped here cheaply.
            let ends_title = self.words.is_title_end_norm(&hay[ws..we]);
            if !ends_title
                && !text[norm.orig_start(ws)..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
            {
                i += 1;
                continue;
            }
            // Look for a title ending at word i.
            let mut title_len = 0;
            for k in (1..=self.words.max_title_words().min(i + 1))
                .rev()
                .filter(|_| ends_title)
            {
                let ts = words[i + 1 - k].0;
                if self.words.is_title_norm(&hay[ts..we]) && contiguous(hay, &words[i + 1 - k..=i])
                {
                    title_len = k;
                    break;
                }
            }
            let word = &hay[ws..we];
            let given_here = title_len == 0
                && !covered(ws, we)
                && !inside_run(i)
                && ((is_name_word(text, norm, ws, we)
                    && (self.words.is_given_norm(word)
                        || (AMBIGUOUS_GIVEN.contains(&word) && !at_sentence_start(i))))
                    || initial(words[i]));
            if title_len == 0 && !given_here {
                i += 1;
                continue;
            }
            let name_from = if title_len > 0 { i + 1 } else { i };
            // Collect up to 4 name words (initials allowed inside: "George W. Bush").
            let mut j = name_from;
            while j < words.len() && j < name_from + 4 {
                let (s, e) = words[j];
                if j > name_from && !joined(words[j - 1], words[j]) {
                    break;
                }
                let is_initial = initial(words[j]);
                if !(is_name_word(text, norm, s, e) || is_initial)
                    || covered(s, e)
                    || self.words.is_title_norm(&hay[s..e])
                {
                    break;
                }
                // A common word ends the name ("Minister Zheng Said"), except as a surname right
                // after a known given name in running text ("Neil Jordan", "Gordon Brown").
                if j > name_from && !is_initial && self.words.is_common_norm(&hay[s..e]) {
                    let after_given = title_len == 0
                        && j == name_from + 1
                        && self
                            .words
                            .is_given_norm(&hay[words[name_from].0..words[name_from].1]);
                    let head = heads.get(sentence_of(sentences, norm.orig_start(s)));
                    if !after_given || head {
                        break;
                    }
                    j += 1;
                    break;
                }
                j += 1;
            }
            while j > name_from && initial(words[j - 1]) {
                j -= 1;
            }
            let n = j - name_from;
            if n >= 2 {
                let (s, _) = words[name_from];
                let (_, e) = words[j - 1];
                let os = norm.orig_start(s);
                let oe = norm.orig_end(e);
                let sentence = sentence_of(sentences, os);
                let label: String = text[os..oe]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let slug = slugify(&hay[s..e]);
                // The last word is the family name in most names; in a two-word name whose
                // first word is not a known given name ("Zheng Zeguang") it may be the first.
                let mut surnames = vec![hay[words[j - 1].0..e].to_string()];
                let first = &hay[s..words[name_from].1];
                if n == 2 && !self.words.is_given_norm(first) && !initial(words[name_from]) {
                    surnames.push(first.to_string());
                }
                let title = (title_len > 0).then(|| {
                    let ts = norm.orig_start(words[i + 1 - title_len].0);
                    let te = norm.orig_end(we);
                    text[ts..te]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                if !slug.is_empty() {
                    found.push(Discovered {
                        id: Arc::from(format!("discovered:{slug}")),
                        label: Arc::from(label),
                        surnames,
                        first: os,
                        start: os,
                        end: oe,
                        sentence,
                        role: title,
                    });
                }
                i = j;
                continue;
            }
            i += 1;
        }
        found
    }

    #[allow(clippy::too_many_arguments)]
    fn link_discovered(
        &self,
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        work: &[Work],
        discovered: &[Discovered],
        words: &[(usize, usize)],
        out: &mut Resolved,
    ) {
        if discovered.is_empty() {
            return;
        }
        let hay = norm.as_str();
        // Surnames of listed people named in full in this document.
        let listed_surnames: HashMap<String, u32> = out
            .mentions
            .iter()
            .filter(|m| m.resolved_by.is_none() && &*m.entity.kind == "person")
            .filter_map(|m| {
                let label = normalize_label(&m.entity.label);
                label.rsplit(' ').next().map(|s| (s.to_string(), 0))
            })
            .collect();
        let refs_of = |d: &Discovered| EntityRef {
            id: d.id.clone(),
            kind: Arc::from("person"),
            label: d.label.clone(),
            discovered: true,
        };
        for d in discovered {
            out.mentions.push(Mention {
                entity: refs_of(d),
                start: d.start,
                end: d.end,
                form: Form::Name,
                sentence: d.sentence,
                role: d.role.clone(),
                resolved_by: Some(ResolvedBy::Discovered),
            });
        }
        // Later surname mentions.
        let mut taken: Vec<(usize, usize)> =
            out.mentions.iter().map(|m| (m.start, m.end)).collect();
        taken.sort_unstable();
        let mut by_surname: HashMap<&str, Vec<&Discovered>> = HashMap::new();
        for d in discovered {
            for sn in &d.surnames {
                by_surname.entry(sn.as_str()).or_default().push(d);
            }
        }
        for &(s, e) in words {
            let word = &hay[s..e];
            let os = norm.orig_start(s);
            let oe = norm.orig_end(e);
            let Some(named) = by_surname.get(word) else {
                continue;
            };
            if overlaps(&taken, os, oe) {
                continue;
            }
            if !is_name_word(text, norm, s, e) {
                continue;
            }
            let cands: Vec<&Discovered> = {
                let mut v: Vec<&Discovered> =
                    named.iter().copied().filter(|d| d.end <= os).collect();
                v.sort_by(|a, b| a.id.cmp(&b.id));
                v.dedup_by(|a, b| a.id == b.id);
                v
            };
            if cands.is_empty() {
                continue;
            }
            let sentence = sentence_of(sentences, os);
            // A raw match here (a listed person's surname) was left for this step.
            let listed: Vec<Arc<str>> = work
                .iter()
                .filter(|w| w.start == os && w.end == oe)
                .flat_map(|w| w.partial.iter().map(|&p| self.refs[p as usize].id.clone()))
                .collect();
            if cands.len() == 1 && !listed_surnames.contains_key(word) {
                let role = self
                    .title_before(text, norm, s, sentences.get(sentence))
                    .map(|t| t.2);
                out.mentions.push(Mention {
                    entity: refs_of(cands[0]),
                    start: os,
                    end: oe,
                    form: Form::Surname,
                    sentence,
                    role,
                    resolved_by: Some(ResolvedBy::EarlierMention),
                });
            } else {
                let mut c: Vec<Arc<str>> = cands.iter().map(|d| d.id.clone()).collect();
                c.extend(listed);
                c.sort();
                c.dedup();
                out.unlinked.push(Unlinked {
                    start: os,
                    end: oe,
                    sentence,
                    candidates: c,
                    reason: Unresolved::Ambiguous,
                });
            }
        }
    }
}

/// Whether the span `s..e` overlaps one of `spans` (sorted by start, not overlapping each other).
fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    let i = spans.partition_point(|&(_, end)| end <= s);
    spans.get(i).is_some_and(|&(start, _)| start < e)
}

/// Given names that are also common words ("Mark", "Guy"): they start a discovered name only
/// inside a sentence, where their capital shows they are names.
const AMBIGUOUS_GIVEN: &[&str] = &[
    "mark", "guy", "bill", "frank", "will", "jack", "dean", "ray", "don", "earl", "grant", "glen",
    "rich", "drew", "miles", "pat", "art", "rose", "grace", "hope", "joy", "victor", "chuck",
    "hank", "lance", "dale", "wade", "cliff", "ernest", "herb", "jean", "gene", "sandy",
];

struct Discovered {
    id: Arc<str>,
    label: Arc<str>,
    surnames: Vec<String>,
    first: usize,
    start: usize,
    end: usize,
    sentence: usize,
    role: Option<String>,
}

fn normalize_label(label: &str) -> String {
    crate::text::normalize_str(label, crate::text::NormOptions::MATCH)
}

/// Spans of the space-separated words of a normalised text, with leading and trailing
/// punctuation other than `.` trimmed (so "mr." stays whole and "(zheng" becomes "zheng").
fn word_spans(hay: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for w in hay.split(' ') {
        let s0 = pos;
        pos += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        // Most words are plain letters and digits: nothing to trim.
        if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
            out.push((s0, s0 + w.len()));
            continue;
        }
        let lead = w.len() - w.trim_start_matches(|c: char| !is_word_char(c)).len();
        let core = &w[lead..];
        let core = core.trim_end_matches(|c: char| !is_word_char(c) && c != '.');
        // Drop a possessive.
        let core = core
            .strip_suffix("'s")
            .or_else(|| core.strip_suffix('\''))
            .unwrap_or(core);
        // A trailing period belongs to a title abbreviation ("mr.") but not to a name.
        if core.is_empty() {
            continue;
        }
        out.push((s0 + lead, s0 + lead + core.len()));
    }
    out
}

/// Whether a run of words is separated by single spaces only.
fn contiguous(hay: &str, words: &[(usize, usize)]) -> bool {
    words.windows(2).all(|p| hay[p[0].1..p[1].0] == *" ")
}

/// A capitalised word with a lower-case letter (not an all-caps headline word), letters only
/// (plus `-` and `'`), not ending with a period.
fn is_name_word(text: &str, norm: &Normalized, s: usize, e: usize) -> bool {
    let os = norm.orig_start(s);
    let oe = norm.orig_end(e);
    let w = &text[os..oe];
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    if w.ends_with('.') {
        return false;
    }
    let mut has_lower = false;
    for c in w.chars() {
        if c.is_lowercase() {
            has_lower = true;
        } else if !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’' || is_word_char(c)) {
            return false;
        }
        if c.is_numeric() {
            return false;
        }
    }
    has_lower
}

/// `zheng zeguang` -> `zheng-zeguang` (ASCII letters and digits; others dropped).
fn slugify(norm: &str) -> String {
    let mut out = String::new();
    for c in norm.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if (c == ' ' || c == '-') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        } else if c.is_alphanumeric() {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Resolver<'_> {
    /// Clears the candidates of matches that are part of a larger name (see [`context`]).
    fn drop_embedded(
        &self,
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        heads: &context::Headlines<'_>,
        work: &mut [Work],
    ) {
        let flags: Vec<bool> = (0..work.len())
            .map(|i| self.embedded(i, work, text, norm, sentences, heads))
            .collect();
        for (w, drop) in work.iter_mut().zip(flags) {
            if drop {
                w.direct.clear();
                w.partial.clear();
            }
        }
    }

    fn kind_of(&self, e: u32) -> &str {
        &self.refs[e as usize].kind
    }

    fn embedded(
        &self,
        i: usize,
        work: &[Work],
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        heads: &context::Headlines<'_>,
    ) -> bool {
        let w = &work[i];
        let hay = norm.as_str();
        let has_direct = |x: &Work| !x.direct.is_empty() || !x.partial.is_empty();
        if let Some(nb) = context::hyphen_neighbour(norm, w.norm_start, w.norm_end) {
            // Work items are in text order and do not overlap.
            let at = work.partition_point(|x| x.norm_end <= nb.norm_start);
            let other = work
                .get(at)
                .filter(|x| has_direct(x) && x.norm_start < nb.norm_end);
            match other {
                None => return true,
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
        if w.direct.is_empty() || w.direct.iter().any(|&e| self.kind_of(e) == "person") {
            return false;
        }
        let Some(sent) = sentences.get(w.sentence) else {
            return false;
        };
        let head = heads.get(w.sentence);
        let demonym = w.form_of.values().all(|f| *f == Form::Demonym);
        if let Some(nb) = context::word_after(norm, w.norm_end) {
            let inside = norm.orig_start(nb.norm_start) < sent.end;
            let next = work
                .binary_search_by_key(&nb.norm_start, |x| x.norm_start)
                .ok()
                .map(|k| &work[k])
                .filter(|x| has_direct(x));
            // A surname after a country name is the rest of a person's name: "Chad Curtis".
            if next.is_some_and(|x| x.direct.is_empty()) {
                return true;
            }
            let item = next.is_some();
            let word = &hay[nb.norm_start..nb.norm_end];
            if let (true, Some(x)) = (demonym && inside, next) {
                // "Bosnian Serbs": two nationality words make one; "North Korean Red Cross",
                // "Indonesian Democratic Party": a demonym before an agency of another country
                // (or of none) is part of that organisation's name.
                let x_demonym =
                    !x.form_of.is_empty() && x.form_of.values().all(|f| *f == Form::Demonym);
                let agency_elsewhere = !x.direct.is_empty()
                    && x.direct.iter().all(|&e| {
                        self.kind_of(e) == "agency"
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
                if !head
                    && context::capitalised(text, norm, nb)
                    && !context::neutral(self.words, word, false)
                    && !context::title_at(self.words, norm, nb.norm_start)
                {
                    return true;
                }
            }
        }
        if let Some(nb) = context::word_before(norm, w.norm_start) {
            let p_orig = norm.orig_start(nb.norm_start);
            if p_orig >= sent.start {
                let word = &hay[nb.norm_start..nb.norm_end];
                match work
                    .binary_search_by_key(&nb.norm_end, |x| x.norm_end)
                    .ok()
                    .map(|k| &work[k])
                    .filter(|x| has_direct(x))
                {
                    // A given name or surname of someone right before: "Neil Jordan".
                    Some(x) if x.direct.is_empty() && !nb.possessive => return true,
                    Some(x) => {
                        // "Indonesian Democratic Party": a country, then an agency of another one.
                        if x.direct.len() == 1
                            && self.kind_of(x.direct[0]) == "country"
                            && w.direct.iter().all(|&e| self.kind_of(e) == "agency")
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
                        let at_start = p_orig <= sent.start;
                        if !head && cap && !context::neutral(self.words, word, at_start) {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
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

    #[test]
    fn names_inside_larger_names_are_not_mentions() {
        let p = builtin();
        let rows: &[(&str, &[&str])] = &[
            ("Air France workers protested.", &[]),
            ("He won the Hong Kong Open on Sunday.", &[]),
            ("They met in Panama City on Friday.", &[]),
            ("Shares of France-registered firms fell.", &[]),
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

    /// Regression: a tokenised possessive ("England 's") before a name panicked.
    #[test]
    fn tokenised_possessive_does_not_panic() {
        let p = builtin();
        p.analyze("in the English county championship . England 's captain Nasser Hussain");
        p.analyze("'s China");
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
}
