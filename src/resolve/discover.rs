//! Discovery: people who are in no gazetteer, found where the text introduces them with a title
//! ("Assistant Foreign Minister Zheng Zeguang"), a known given name ("Phil Simmons") or an initial
//! ("T. Moody"), and their later surname mentions ("Mr. Zheng").

use std::sync::Arc;

use super::{EntityRef, Mention, Resolved, ResolvedBy, Resolver, Unlinked, Unresolved, Work};
use super::{context, overlaps, sentence_of};
use crate::cooccur::IdMap;
use crate::gazetteer::{FnvSet, Form};
use crate::text::{Normalized, Sentence, is_word_char};

impl Resolver<'_> {
    pub(super) fn discover_people(
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
            hay[a.1..b.0] == *" " && !norm.from_line_break(a.1)
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
            let ends_title = context::ends_title(self.words, &hay[ws..we]);
            if !ends_title && !norm.starts_upper(ws) {
                i += 1;
                continue;
            }
            // Look for a title ending at word i (and where it starts in its first word: after
            // "ex-" in "ex-Prime Minister").
            let mut title_len = 0;
            let mut title_skip = 0;
            for k in (1..=self.words.max_title_words().min(i + 1))
                .rev()
                .filter(|_| ends_title)
            {
                let ts = words[i + 1 - k].0;
                if let Some(skip) = context::title_start(self.words, &hay[ts..we])
                    && contiguous(hay, &words[i + 1 - k..=i])
                {
                    title_len = k;
                    title_skip = skip;
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
            // A title introduces the name after it ("director, Kalusha Bwalya"), but not across
            // the end of its sentence ("the sentencing judge. The British ...") or its possessive
            // ("the Queen's Lancashire Regiment").
            if title_len > 0
                && words.get(i + 1).is_none_or(|&(next, _)| {
                    let gap = &hay[we..next];
                    gap.contains('.') || gap.starts_with('\'')
                })
            {
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
                    || context::title_start(self.words, &hay[s..e]).is_some()
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
                    let ts = norm.orig_start(words[i + 1 - title_len].0 + title_skip);
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
                        norm_name: hay[s..e].to_string(),
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
    pub(super) fn link_discovered(
        &self,
        text: &str,
        norm: &Normalized,
        sentences: &[Sentence],
        heads: &context::Headlines<'_>,
        work: &[Work],
        discovered: &[Discovered],
        words: &[(usize, usize)],
        out: &mut Resolved,
    ) {
        if discovered.is_empty() {
            return;
        }
        let hay = norm.as_str();
        // Surnames of listed people named in full in this document (made when first needed).
        let listed_surnames = std::cell::OnceCell::<FnvSet>::new();
        let listed_of = |out: &Resolved| -> FnvSet {
            out.mentions
                .iter()
                .filter(|m| m.resolved_by.is_none() && &*m.entity.kind == "person")
                .filter_map(|m| {
                    let label = self.normalize_label(&m.entity.label);
                    label.rsplit(' ').next().map(str::to_string)
                })
                .collect()
        };
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
        // Per surname, each distinct person once, with the end of their first full mention (a
        // person named in full many times must not make this quadratic).
        let mut by_surname: IdMap<&str, Vec<&Discovered>> = IdMap::default();
        for d in discovered {
            for sn in &d.surnames {
                let v = by_surname.entry(sn.as_str()).or_default();
                match v.iter_mut().find(|x| x.id == d.id) {
                    Some(x) if x.end <= d.end => {}
                    Some(x) => *x = d,
                    None => v.push(d),
                }
            }
        }
        // The end of the last full name linked in the loop below: its words are not linked again.
        let mut full_end = 0;
        for &(s, e) in words {
            // A surname mention is a name word, so it starts with a capital (one bit to test).
            if !norm.starts_upper(s) || s < full_end {
                continue;
            }
            let word = &hay[s..e];
            let Some(named) = by_surname.get(word) else {
                continue;
            };
            let os = norm.orig_start(s);
            let oe = norm.orig_end(e);
            if overlaps(&taken, os, oe) {
                continue;
            }
            if !is_name_word(text, norm, s, e) || context::calendar_date(norm, s, e) {
                continue;
            }
            let sentence = sentence_of(sentences, os);
            // The full name again, where discovery did not take it ("Bill Thompson" opening a
            // sentence, where "Bill" may be a word): one mention, not one per word.
            let full = named.iter().find_map(|d| {
                let rest = hay[s..].strip_prefix(d.norm_name.as_str())?;
                let ends = !rest.starts_with(is_word_char) && d.end <= os;
                ends.then_some((d, s + d.norm_name.len()))
            });
            if let Some((d, end)) = full {
                full_end = end;
                out.mentions.push(Mention {
                    entity: refs_of(d),
                    start: os,
                    end: norm.orig_end(end),
                    form: Form::Name,
                    sentence,
                    role: self
                        .title_before(text, norm, s, sentences.get(sentence))
                        .map(|t| t.2),
                    resolved_by: Some(ResolvedBy::EarlierMention),
                });
                continue;
            }
            // After a given name of its own, only a person of that name ("Toshiyuki Shiga"), not
            // someone else of the family ("Zadie Smith" after "Ali Smith"). Not in headlines,
            // whose every word is capitalised.
            let given = sentences
                .get(sentence)
                .filter(|_| !heads.get(sentence))
                .and_then(|sent| self.given_before(text, norm, s, sent, work));
            let cands: Vec<&Discovered> = {
                let mut v: Vec<&Discovered> = named
                    .iter()
                    .copied()
                    .filter(|d| d.end <= os && given.is_none_or(|g| names_word(&d.norm_name, g)))
                    .collect();
                v.sort_by(|a, b| a.id.cmp(&b.id));
                v.dedup_by(|a, b| a.id == b.id);
                v
            };
            if cands.is_empty() {
                continue;
            }
            // A raw match here (a listed person's surname) was left for this step.
            // Work items are in text order: find the one here by binary search.
            let listed: Vec<Arc<str>> = work
                .binary_search_by_key(&os, |w| w.start)
                .ok()
                .map(|k| &work[k])
                .filter(|w| w.end == oe)
                .map(|w| {
                    w.partial
                        .iter()
                        .map(|&p| self.refs[p as usize].id.clone())
                        .collect()
                })
                .unwrap_or_default();
            if cands.len() == 1
                && !listed_surnames
                    .get_or_init(|| listed_of(out))
                    .contains(word)
            {
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

/// Given names that are also common words ("Mark", "Guy"): they start a discovered name only
/// inside a sentence, where their capital shows they are names.
const AMBIGUOUS_GIVEN: &[&str] = &[
    "mark", "guy", "bill", "frank", "will", "jack", "dean", "ray", "don", "earl", "grant", "glen",
    "rich", "drew", "miles", "pat", "art", "rose", "grace", "hope", "joy", "victor", "chuck",
    "hank", "lance", "dale", "wade", "cliff", "ernest", "herb", "jean", "gene", "sandy",
];

pub(super) struct Discovered {
    pub(super) id: Arc<str>,
    pub(super) label: Arc<str>,
    /// The full name as the normalised text has it, words one space apart.
    pub(super) norm_name: String,
    pub(super) surnames: Vec<String>,
    pub(super) first: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) sentence: usize,
    pub(super) role: Option<String>,
}

/// Whether `word` is one of the words of the name `name` (both normalised), or its first word
/// spelled another way ("Yassir" for "Yasser", "Yitzak" for "Yitzhak": transliterations vary).
pub(super) fn names_word(name: &str, word: &str) -> bool {
    let mut words = name.split(' ');
    let first = words.next().unwrap_or("");
    first == word
        || words.any(|w| w == word)
        || (first.chars().next() == word.chars().next()
            && crate::text::spelling::typos(word, first).is_some())
}

impl Resolver<'_> {
    /// A name normalised as the document is, for comparing with its words.
    pub(super) fn normalize_label(&self, label: &str) -> String {
        crate::text::normalize_str(label, self.matcher.norm_options())
    }
}

/// Spans of the space-separated words of a normalised text, with leading and trailing
/// punctuation other than `.` trimmed (so "mr." stays whole and "(zheng" becomes "zheng").
pub(super) fn word_spans(hay: &str) -> Vec<(usize, usize)> {
    let bytes = hay.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6);
    let mut s0 = 0;
    while s0 <= bytes.len() {
        // One pass finds the end of the word and whether it is plain letters and digits (most
        // words are: nothing to trim).
        let mut end = s0;
        let mut plain = true;
        while end < bytes.len() && bytes[end] != b' ' {
            plain &= bytes[end].is_ascii_alphanumeric();
            end += 1;
        }
        let w = &hay[s0..end];
        let start = s0;
        s0 = end + 1;
        if w.is_empty() {
            continue;
        }
        if plain {
            out.push((start, end));
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
        out.push((start + lead, start + lead + core.len()));
    }
    out
}

/// Drops the period from words that end a sentence with it ("... met Mayor Sadiq Khan."): there
/// it is the sentence's, not the word's, so the word can be a name. [`word_spans`] keeps a
/// trailing period for abbreviations ("mr.", "u.s."); the segmenter has already told the two
/// apart, since a title's or an initial's period does not end a sentence.
pub(super) fn drop_sentence_periods(
    words: &mut [(usize, usize)],
    text: &str,
    norm: &Normalized,
    sentences: &[Sentence],
) {
    let hay = norm.as_str();
    for w in words.iter_mut() {
        let (s, e) = *w;
        let word = &hay[s..e];
        // An initial ("m.") keeps its period, and so do dotted abbreviations ("u.s.").
        if !word.ends_with('.') || word.len() <= 2 || word[..word.len() - 1].contains('.') {
            continue;
        }
        let after = norm.orig_end(e);
        let ends = sentences
            .get(sentence_of(sentences, after - 1))
            .is_some_and(|sent| {
                sent.end <= after
                    || text[after..sent.end]
                        .chars()
                        .all(|c| matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']'))
            });
        if ends {
            w.1 = e - 1;
        }
    }
}

/// Whether a run of words is separated by single spaces only.
fn contiguous(hay: &str, words: &[(usize, usize)]) -> bool {
    words.windows(2).all(|p| hay[p[0].1..p[1].0] == *" ")
}

/// A capitalised word with a lower-case letter (not an all-caps headline word), letters only
/// (plus `-` and `'`), not ending with a period.
pub(super) fn is_name_word(_text: &str, norm: &Normalized, s: usize, e: usize) -> bool {
    // Worked out on the normalised text and its record of capitals: no offset lookups.
    let w = &norm.as_str()[s..e];
    if !norm.starts_upper(s) || w.ends_with('.') || w.is_empty() {
        return false;
    }
    let mut has_lower = false;
    for (k, c) in w.char_indices() {
        if c.is_numeric() {
            return false;
        }
        if c.is_alphabetic() {
            if !norm.starts_upper(s + k) {
                has_lower = true;
            }
        } else if !(c == '-' || c == '\'' || is_word_char(c)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain definition: split at spaces, then trim each word.
    fn reference(hay: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        for w in hay.split(' ') {
            let s0 = pos;
            pos += w.len() + 1;
            let lead = w.len() - w.trim_start_matches(|c: char| !is_word_char(c)).len();
            let core = w[lead..].trim_end_matches(|c: char| !is_word_char(c) && c != '.');
            let core = core
                .strip_suffix("'s")
                .or_else(|| core.strip_suffix('\''))
                .unwrap_or(core);
            if !core.is_empty() {
                out.push((s0 + lead, s0 + lead + core.len()));
            }
        }
        out
    }

    #[test]
    fn words_are_trimmed() {
        let hay = "mr. (zheng said  china's ties' -- a1 é.";
        let words: Vec<&str> = word_spans(hay).iter().map(|&(s, e)| &hay[s..e]).collect();
        assert_eq!(words, ["mr.", "zheng", "said", "china", "ties", "a1", "é."]);
    }

    proptest! {
        #[test]
        fn word_spans_match_the_plain_definition(hay in "[a-z0-9 .,'()é-]{0,40}") {
            prop_assert_eq!(word_spans(&hay), reference(&hay));
        }
    }
}
