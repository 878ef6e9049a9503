//! Discovery: people who are in no gazetteer, found where the text introduces them with a title
//! ("Assistant Foreign Minister Zheng Zeguang"), a known given name ("Phil Simmons") or an initial
//! ("T. Moody"), and their later surname mentions ("Mr. Zheng").
//!
//! A family name with a particle ("Marine Le Pen", "Robin van Persie", "Ana de la Cruz") is one
//! surname: the particles and the name word after them end the name, and a later "Le Pen" or
//! "van Persie" is one mention of the person. A particle joins only a capitalised name word to a
//! name already begun (or to a title: "President de Klerk"), so "de facto" or "a van" after a
//! name glue nothing. A given name that is a common word ("Marine", as in "Marine Corps") begins
//! a name only before such a family name.

use std::sync::Arc;

use super::{EntityRef, Mention, Resolved, ResolvedBy, Resolver, Unlinked, Unresolved, Work};
use super::{context, familiar, overlaps, sentence_of};
use crate::cooccur::IdMap;
use crate::gazetteer::{FastHash, FastSet, Form, words::Words};
use crate::text::spelling::umlauts_written_out;
use crate::text::{Normalized, Sentence, is_word_char};

/// What discovery reads of a document: its text and normalised view, the gazetteer's matches
/// (in text order), its sentences and which of them are headlines, and the words of the
/// normalised text.
#[derive(Clone, Copy)]
pub(super) struct DocView<'a> {
    pub(super) text: &'a str,
    pub(super) norm: &'a Normalized,
    pub(super) work: &'a [Work],
    pub(super) sentences: &'a [Sentence],
    pub(super) heads: &'a context::Headlines<'a>,
    pub(super) words: &'a [(usize, usize)],
}

impl Resolver<'_> {
    /// People the gazetteers do not list, and the spans of names written like people's that
    /// name something else.
    pub(super) fn discover_people(
        &self,
        doc: &DocView<'_>,
    ) -> (Vec<Discovered>, Vec<(usize, usize)>) {
        let DocView {
            text,
            norm,
            work,
            sentences,
            heads,
            words,
        } = *doc;
        let hay = norm.as_str();
        // Names written like people's that name something else ("the James Marshall Hendrix
        // Foundation", "Harry Potter", "USS Carl Vinson"), as normalised spans in text order:
        // none of their words is a later mention of someone discovered.
        let mut not_people: Vec<(usize, usize)> = Vec::new();
        // Only direct matches block discovery: a surname or given name of some listed person
        // ("Zheng" in "Zheng Zeguang") may be part of an unlisted person's full name.
        let direct_spans: Vec<(usize, usize)> = work
            .iter()
            .filter(|w| !w.direct.is_empty())
            .map(|w| (w.norm_start, w.norm_end))
            .collect();
        let covered = |ns: usize, ne: usize| overlaps(&direct_spans, ns, ne);
        // The match that starts at normalised offset `ns`, if any: work items are in text order.
        let work_at = |ns: usize| {
            let k = work.partition_point(|w| w.norm_start < ns);
            work.get(k).filter(|w| w.norm_start == ns)
        };
        // A listed person's name in part, exactly: a surname ("de Klerk", "da Silva") or a
        // given name.
        let listed_part = |ns: usize, ne: usize| {
            work_at(ns).is_some_and(|w| w.norm_end == ne && !w.partial.is_empty())
        };
        let mut found: Vec<Discovered> = Vec::new();
        // The surnames and the names of the people found so far.
        let mut found_surnames = FastSet::default();
        let mut found_names: std::collections::HashSet<&str, FastHash> = Default::default();
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
        // A nationality written before a name ("American Dennis Mitchell") starts no run (a
        // match, whether or not it was kept as a mention: before a capitalised word it is taken
        // for part of a name, as in "American Express").
        let demonym_from = |s: usize| {
            work_at(s)
                .filter(|w| {
                    !w.form_of.is_empty() && w.form_of.values().all(|f| *f == Form::Demonym)
                })
                .map(|w| w.norm_end)
        };
        // A word that may be part of a name right after another: capitalised, and no common
        // word or title ("Wang Donghai", "Miguel Angel Martin").
        let plain_name = |s: usize, e: usize| {
            is_name_word(text, norm, s, e)
                && !self.words.is_common_norm(&hay[s..e])
                && context::title_start(self.words, &hay[s..e]).is_none()
        };
        let demonym_at = |(s, e): (usize, usize)| demonym_from(s) == Some(e);
        // A country's name or abbreviation in brackets right after normalised offset `e`
        // ("parnevik ( sweden )").
        let has_brackets = hay.contains('(');
        // ... or a scorer's minute or a player's record ("( 31st )", "( 6-1 )"): where the
        // bracket closes (normalised offset after it).
        let country_in_brackets = |e: usize| -> Option<usize> {
            let inner = hay[e..].trim_start_matches(' ').strip_prefix('(')?;
            let inner = inner.trim_start_matches(' ');
            let at = hay.len() - inner.len();
            let country = work_at(at).filter(|w| {
                w.direct.iter().any(|&c| {
                    self.kind_of(c) == super::Kind::Country
                        && matches!(w.form_of.get(&c), Some(Form::Name | Form::Abbreviation))
                })
            });
            let close = match country {
                Some(w) => {
                    let rest = hay[w.norm_end..].trim_start_matches(' ');
                    rest.starts_with(')').then(|| hay.len() - rest.len())
                }
                None => is_result_in_brackets(inner)
                    .then(|| inner.find(')').map(|k| at + k))
                    .flatten(),
            };
            close.map(|k| k + 1)
        };
        // The word before `i` is part of a capitalised run ("San Diego Padres").
        let inside_run = |i: usize| {
            i > 0
                && joined(words[i - 1], words[i])
                && {
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
                && !demonym_at(words[i - 1])
        };
        // Before a word that can only be a name's ("Bob Dylan", "Hunter Biden"; not "Will
        // Labour", "Grant Park"), joined to it and no listed name. Not "Will", which opens a
        // question more often than a name ("Will Tory tax cuts lift spirits?").
        let before_plain_name = |i: usize| {
            &hay[words[i].0..words[i].1] != "will"
                && words.get(i + 1).is_some_and(|&(ns, ne)| {
                    joined(words[i], (ns, ne)) && plain_name(ns, ne) && !covered(ns, ne)
                })
        };
        // At a sentence's start, before a capitalised word and a verb of saying: someone
        // speaking, whose family name is a word too ("Bill Gates said", "Mark Price told").
        let before_speaker = |i: usize| {
            &hay[words[i].0..words[i].1] != "will"
                && match (words.get(i + 1), words.get(i + 2)) {
                    (Some(&(ns, ne)), Some(&(vs, ve))) => {
                        joined(words[i], (ns, ne))
                            && joined((ns, ne), (vs, ve))
                            && is_name_word(text, norm, ns, ne)
                            && !covered(ns, ne)
                            && context::title_start(self.words, &hay[ns..ne]).is_none()
                            && SPEECH_VERBS.contains(&&hay[vs..ve])
                    }
                    _ => false,
                }
        };
        // At a sentence's start, or a quotation's: '"Will Labour win?" he asked'.
        let at_sentence_start = |i: usize| {
            let os = norm.orig_start(words[i].0);
            context::opens_quotation(text, os)
                || sentences
                    .get(sentence_of(sentences, os))
                    .is_none_or(|s| s.start == os)
        };
        // The word after the particles starting at word `k` ("de la" of "de la Cruz"), when
        // it is a name word joined to them: the end of a surname with a particle.
        let particle_surname = |k: usize| -> Option<usize> {
            let mut m = k;
            while m < words.len()
                && m < k + MAX_PARTICLES
                && is_particle(&hay[words[m].0..words[m].1])
                && (m == k || joined(words[m - 1], words[m]))
                && !covered(words[m].0, words[m].1)
            {
                m += 1;
            }
            let (s, e) = *words.get(m)?;
            (m > k
                && joined(words[m - 1], words[m])
                && is_name_word(text, norm, s, e)
                && !covered(s, e)
                && context::title_start(self.words, &hay[s..e]).is_none())
            .then_some(m + 1)
        };
        let mut i = 0;
        while i < words.len() {
            let (ws, we) = words[i];
            // Names start with capitals; titles may not ("economy minister Heizo Takenaka").
            // Most words are neither, and are skipped here cheaply. A title matters only before a
            // name: a capitalised word, or a particle ("President de Klerk").
            let before_name = words.get(i + 1).is_some_and(|&(ns, ne)| {
                norm.starts_upper(ns) || (ne - ns <= 5 && is_particle(&hay[ns..ne]))
            });
            let ends_title = before_name && context::ends_title(self.words, &hay[ws..we]);
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
            // The longest title: "Brigadier" is one, but "Brigadier General John Smith" names
            // John Smith, not General John.
            if title_len > 0
                && words.get(i + 1).is_some_and(|&(ns, ne)| {
                    joined(words[i], (ns, ne))
                        && context::title_start(
                            self.words,
                            &hay[words[i + 1 - title_len].0 + title_skip..ne],
                        )
                        .is_some()
                })
            {
                i += 1;
                continue;
            }
            let word = &hay[ws..we];
            // "Marine Le Pen": a given name that is listed nowhere, being a common word, before
            // a family name with a particle.
            let before_particle = |i: usize| {
                PARTICLE_GIVEN.contains(&word)
                    && words.get(i + 1).is_some_and(|&next| joined(words[i], next))
                    && particle_surname(i + 1).is_some()
            };
            // "Wang Donghai": the family name of a listed person who writes it first ("Wang Yi"),
            // before a capitalised word that is no common word, title or match, in running text,
            // starts the name of another person of that family. Not a family name that is also a
            // common word ("Sun Microsystems", "Park Avenue").
            let family_first = |i: usize| {
                // (Most capitalised words are not followed by another: ruled out first.)
                if !words.get(i + 1).is_some_and(|&(s, _)| norm.starts_upper(s)) {
                    return false;
                }
                let family = work_at(ws).is_some_and(|w| {
                    w.norm_end == we
                        && w.direct.is_empty()
                        && !self.words.is_common_norm(word)
                        && w.partial.iter().any(|&e| {
                            w.form_of.get(&e) == Some(&Form::Surname)
                                && self
                                    .normalize_label(&self.refs[e as usize].label)
                                    .split(' ')
                                    .next()
                                    == Some(word)
                        })
                });
                family
                    && words.get(i + 1).is_some_and(|&(s, e)| {
                        joined(words[i], (s, e)) && plain_name(s, e) && work_at(s).is_none()
                    })
                    && !heads.get(sentence_of(sentences, norm.orig_start(ws)))
            };
            // "Jesper Parnevik ( Sweden ) 66": in a results table each competitor's country
            // follows in brackets. Two or three name words that are no common word, title,
            // match or capital city: "Red Star ( Yugoslavia )" and "Sparta Prague ( Czech
            // Republic )" are clubs. Only in a table's place: at the start of a line (after a
            // rank), or after a list's separator ("Scorers : Romania - Cosmin Contra ( 31st )");
            // in running text a company is written so as often ("shares of Tata Motors (India)").
            let before_country = |i: usize| {
                // (Most capitalised words are not one or two words before a bracket: ruled out
                // first, by bytes.)
                let bracket_after = |k: usize| {
                    words
                        .get(k)
                        .is_some_and(|&(_, e)| hay[e..].trim_start_matches(' ').starts_with('('))
                };
                if !has_brackets || !(bracket_after(i + 1) || bracket_after(i + 2)) {
                    return false;
                }
                // The first word: no common word or match, or a given name that is one ("Mark
                // Crear ( U.S. )", at the start of its line; "Frank", also a listed person's);
                // not the first word of a place ("San Luis ( Mexico )", "Santa Cruz").
                let first = ((!self.words.is_common_norm(word) && work_at(ws).is_none())
                    || AMBIGUOUS_GIVEN.contains(&word))
                    && !PLACE_FIRST_WORDS.contains(&word);
                if !first || !in_table_place(text, norm.orig_start(ws)) {
                    return false;
                }
                let mut k = i;
                for _ in 0..2 {
                    match words.get(k + 1) {
                        // The family name may be a listed person's name in part ("Bob Kennedy ( U.S.
                        // )"): the given name before it says this is someone else.
                        Some(&(s, e))
                            if joined(words[k], (s, e))
                                && plain_name(s, e)
                                && work_at(s)
                                    .is_none_or(|w| listed_part(s, e) && w.direct.is_empty()) =>
                        {
                            k += 1;
                        }
                        _ => break,
                    }
                    if let Some(close) = country_in_brackets(words[k].1) {
                        let city = (i..=k).any(|a| {
                            (a..=k)
                                .any(|b| self.words.is_capital_norm(&hay[words[a].0..words[b].1]))
                        });
                        // The family name of someone found before ("Van Poppel ( 2-3 )" after
                        // "Todd Van Poppel") is that person's mention, not a new person.
                        let known = found_surnames.contains(&hay[ws..words[k].1]);
                        return !city && !known && ends_table_row(&text[norm.orig_end(close)..]);
                    }
                }
                false
            };
            let given_here = title_len == 0
                && !covered(ws, we)
                && !inside_run(i)
                && ((is_name_word(text, norm, ws, we)
                    && (self.words.is_given_norm(word)
                        || compound_given(self.words, word)
                        || (AMBIGUOUS_GIVEN.contains(&word)
                            && (!at_sentence_start(i)
                                || before_plain_name(i)
                                || before_speaker(i)))
                        || before_particle(i)
                        || family_first(i)
                        || before_country(i)))
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
                // A surname with a particle ends the name: "Marine Le Pen" (even with a common
                // word after the particle), "Robin van Persie". Right after a title the name may
                // start with it in lower case ("President de Klerk"); a capitalised particle
                // there is read as a name word ("Minister Le Hong Anh").
                let lower = !norm.starts_upper(s);
                if (j > name_from || lower)
                    && let Some(end) = particle_surname(j)
                {
                    j = end;
                    break;
                }
                // A generational suffix ends the name; it is added to it below.
                if j > name_from
                    && familiar::GENERATIONS.contains(&hay[s..e].trim_end_matches('.'))
                    && norm.starts_upper(s)
                {
                    break;
                }
                // "Ahmed Hassan al-Jibouri": a family name after an Arabic article in lower
                // case ends the name.
                if j > name_from && is_article_name(norm, s, e) && !covered(s, e) {
                    j += 1;
                    break;
                }
                let is_initial = initial(words[j]);
                // A nationality of several words is no part of a name, kept as a mention or not
                // ("S. African Afrikaners"); one of one word may be ("Philip French", "German
                // Gref").
                if !(is_name_word(text, norm, s, e) || is_initial)
                    || covered(s, e)
                    || demonym_from(s).is_some_and(|end| end > e)
                {
                    break;
                }
                if context::title_start(self.words, &hay[s..e]).is_some() {
                    // A title that is also a family name ends a name of given names, or one
                    // after a title, before no other name: "Billie Jean King said", "Martin
                    // Luther King Jr.", "governor Mervyn King"; not "Prince William Duke of
                    // Cambridge", "Harry King Abdullah", nor "appointed Kwasi Kwarteng
                    // Chancellor".
                    let family = j > name_from
                        && SURNAME_TITLES.contains(&&hay[s..e])
                        && (title_len > 0
                            || words[name_from..j].iter().all(|&(gs, ge)| {
                                initial((gs, ge)) || self.words.is_given_norm(&hay[gs..ge])
                            }))
                        && !heads.get(sentence_of(sentences, norm.orig_start(s)))
                        && words.get(j + 1).is_none_or(|&(ns, ne)| {
                            let next = &hay[ns..ne];
                            !joined((s, e), (ns, ne))
                                || matches!(next.trim_end_matches('.'), "jr" | "sr")
                                || !(norm.starts_upper(ns) || next == "of")
                        });
                    if family {
                        j += 1;
                    }
                    break;
                }
                // A common word ends the name ("Minister Zheng Said"), except as a surname right
                // after a known given name in running text ("Neil Jordan", "Gordon Brown").
                if j > name_from && !is_initial && self.words.is_common_norm(&hay[s..e]) {
                    // ("Bill Gates" inside a sentence: a given name that is also a word.)
                    let first = &hay[words[name_from].0..words[name_from].1];
                    // (After a title too: "Lieutenant General John Smith".)
                    let after_given = j == name_from + 1
                        && (self.words.is_given_norm(first)
                            || (title_len == 0
                                && AMBIGUOUS_GIVEN.contains(&first)
                                && (!at_sentence_start(name_from) || before_speaker(name_from))));
                    let head = heads.get(sentence_of(sentences, norm.orig_start(s)));
                    // A family name of two words, the second a word that is a common family
                    // name, after given names ("Iain Duncan Smith"), where the name ends: not
                    // before another name ("Michael Owen Bell Street"), nor another word ("Elton
                    // John Band", "Paul Simon Live", "George Michael April").
                    let after_given_names = j >= name_from + 2
                        && SURNAME_WORDS.contains(&&hay[s..e])
                        && !context::names_no_person(&hay[s..e])
                        && words[name_from..j]
                            .iter()
                            .all(|&(gs, ge)| self.words.is_given_norm(&hay[gs..ge]))
                        && words.get(j + 1).is_none_or(|&(ns, ne)| {
                            !joined((s, e), (ns, ne)) || !norm.starts_upper(ns)
                        });
                    if after_given_names && !head {
                        j += 1;
                        break;
                    }
                    // ("Tony Award", "Fabian Society", "Nelson College": a thing named after
                    // someone, no family name; but "Wayne Bridge", "Lee Hall".)
                    let thing = context::names_no_person(&hay[s..e])
                        && !FAMILY_NAMES_OF_THINGS.contains(&&hay[s..e]);
                    if !after_given || head || thing {
                        break;
                    }
                    j += 1;
                    // A second given name that is also a word ("Miguel Angel Martin", "Mary
                    // Rose Smith"): the family name follows.
                    let second = &hay[s..e];
                    let second_given = (self.words.is_given_norm(second)
                        || AMBIGUOUS_GIVEN.contains(&second))
                        && words.get(j).is_some_and(|&(ns, ne)| {
                            joined((s, e), (ns, ne)) && plain_name(ns, ne) && !covered(ns, ne)
                        });
                    if second_given {
                        j += 1;
                    }
                    break;
                }
                j += 1;
            }
            while j > name_from && initial(words[j - 1]) {
                j -= 1;
            }
            let n = j - name_from;
            // A title before a surname alone ("President de Klerk", "Mr Van Poppel") names no new
            // person when it is the surname of a listed person or of one discovered before, and
            // a family name of two words of someone discovered before needs no title ("Iain
            // Duncan Smith ... Duncan Smith said"): the surname is resolved as such.
            let surname_only = n >= 2 && {
                let (s, e) = (words[name_from].0, words[j - 1].1);
                (title_len > 0 && listed_part(s, e)) || found_surnames.contains(&hay[s..e])
            };
            // "Charles de Gaulle airport", "Vasco da Gama club": named after someone, not them.
            let named_after = n >= 2 && {
                let os = norm.orig_start(words[name_from].0);
                let sentence_end = sentences
                    .get(sentence_of(sentences, os))
                    .map_or(text.len(), |sent| sent.end);
                context::named_after_person(norm, words[name_from].0, words[j - 1].1, sentence_end)
            };
            // "Harry Potter", "George Wimpey": a work, a character or a company; not after a
            // title ("Archduke Franz Ferdinand", "Detective Chief Inspector Harvey Nichols").
            let not_person = n >= 2
                && title_len == 0
                && self
                    .words
                    .is_not_person_norm(&hay[words[name_from].0..words[j - 1].1]);
            // "Grant Park", "Hope Street": a place.
            let place = || {
                let first = &hay[words[name_from].0..words[name_from].1];
                let last = &hay[words[j - 1].0..words[j - 1].1];
                AMBIGUOUS_GIVEN.contains(&first) && context::place_word(last)
            };
            // "the aircraft carrier Carl Vinson", "USS Harry S. Truman": a ship. "Ross County",
            // "Charlton Athletic": a place, a club.
            let ship_or_club = n >= 2
                && ((n == 2 && place())
                    || context::vessel_or_firm_before(
                        self.words,
                        norm,
                        words[name_from].0,
                        words[j - 1].1,
                    )
                    || context::place_or_club_word(&hay[words[j - 1].0..words[j - 1].1]));
            if named_after || not_person || ship_or_club {
                not_people.push((words[name_from].0, words[j - 1].1));
            }
            if surname_only || named_after || not_person || ship_or_club {
                i = j;
                continue;
            }
            if n >= 2 {
                let (s, _) = words[name_from];
                let (_, e) = words[j - 1];
                let os = norm.orig_start(s);
                // A generational suffix is part of the name: "Ted Kennedy Jr." is not his
                // father (the family name stays the word before it).
                let full_end = familiar::generation_at(norm, e)
                    .filter(|&(_, gs, _)| norm.orig_start(gs) < text.len())
                    .map_or(e, |(_, _, ge)| ge);
                let mut oe = norm.orig_end(full_end);
                if full_end > e && text[oe..].starts_with('.') {
                    oe += 1;
                }
                let sentence = sentence_of(sentences, os);
                let label: String = text[os..oe]
                    .split_whitespace()
                    .map(crate::text::decode_references)
                    .collect::<Vec<_>>()
                    .join(" ");
                let slug = slugify(&hay[s..full_end]);
                // The last word is the family name in most names, with the particles before it
                // ("le pen", "van den berg"); the last word alone too ("Van Poppel" is also
                // "Poppel"), unless it is a common word ("Pen"). In a name of two or three words
                // whose first word is not a known given name ("Zheng Zeguang", "Khoo Kay Peng",
                // "Kim Dae Jung") the first may be the family name.
                let last = &hay[words[j - 1].0..e];
                let mut family = j - 1;
                while family > name_from
                    && is_particle(&hay[words[family - 1].0..words[family - 1].1])
                {
                    family -= 1;
                }
                let mut surnames = Vec::with_capacity(2);
                if family < j - 1 {
                    surnames.push(hay[words[family].0..e].to_string());
                    if !self.words.is_common_norm(last) {
                        surnames.push(last.to_string());
                    }
                } else {
                    surnames.push(last.to_string());
                    // "Duncan Smith" of "Iain Duncan Smith": a family name ending in a word
                    // ("Mr Duncan Smith"); "Parker Bowles" of "Camilla Parker Bowles", "Garcia
                    // Marquez" of "Gabriel Garcia Marquez": a family name of two words, the first
                    // no given name, common word or initial ("Mrs Parker Bowles said" is not a
                    // new person). A given name first may be someone else's: "Ahmed Mohamed
                    // Hassan ... his father, Mohamed Hassan", "Ana Maria Lopez ... her mother,
                    // Maria Lopez"; so is a person found before under those two words.
                    let second_last = &hay[words[j - 2].0..words[j - 2].1];
                    let two_words = &hay[words[j - 2].0..e];
                    if n >= 3
                        && (self.words.is_common_norm(last)
                            || (!self.words.is_given_norm(second_last)
                                && !self.words.is_common_norm(second_last)
                                && !initial(words[j - 2])))
                        && !found_names.contains(two_words)
                    {
                        surnames.push(hay[words[j - 2].0..e].to_string());
                    }
                    let first = &hay[s..words[name_from].1];
                    if (2..=3).contains(&n)
                        && !self.words.is_given_norm(first)
                        // ("Will" capitalised is mostly the verb: "Love Will Tear Us Apart".)
                        && first != "will"
                        && !initial(words[name_from])
                    {
                        surnames.push(first.to_string());
                    }
                }
                let title = (title_len > 0).then(|| {
                    let ts = norm.orig_start(words[i + 1 - title_len].0 + title_skip);
                    let te = norm.orig_end(we);
                    text[ts..te]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                // A name alone in quotes is the title of a work (a film "over \"Michael
                // Collins\"", a ship, a song), not a person, nor are its words later, and it
                // gives no surname (after the film "Billy Bob Jones", "Mr Bob Jones" is someone).
                if !slug.is_empty() && quoted_alone(text, os, oe) {
                    not_people.push((s, full_end));
                } else if !slug.is_empty() {
                    found_surnames.extend(surnames.iter().cloned());
                    found_names.insert(&hay[s..full_end]);
                    found.push(Discovered {
                        id: Arc::from(format!("discovered:{slug}")),
                        label: Arc::from(label),
                        norm_name: hay[s..full_end].to_string(),
                        norm_start: s,
                        norm_end: full_end,
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
        if !not_people.is_sorted() {
            not_people.sort_unstable();
        }
        self.find_nicknamed(doc, &mut found);
        self.join_familiar_forms(norm, sentences, &mut found);
        self.join_written_out_umlauts(&mut found);
        (found, not_people)
    }

    /// People named with a nickname in quotes between their given and family names ('Roberto
    /// "Hands of Stone" Duran', "Hector 'Macho' Camacho", "Joaquin \"El Chapo\" Guzman"): a
    /// known given name, a capitalised nickname of one to four words in a pair of quotes, and a
    /// capitalised family name, all in one sentence. The mention spans all of it; the person is
    /// named without the nickname, and their family name alone names them later ("Duran told
    /// Reuters").
    fn find_nicknamed(&self, doc: &DocView<'_>, found: &mut Vec<Discovered>) {
        let (text, norm, words) = (doc.text, doc.norm, doc.words);
        let hay = norm.as_str();
        // The quote that opens (or closes) a nickname: the gap between two words, spaces aside.
        let quote = |gap: &str, opening: bool| -> Option<char> {
            let mut cs = gap.trim_matches(' ').chars();
            let q = cs.next()?;
            let ok = cs.next().is_none()
                && match q {
                    '"' | '\'' => true,
                    '\u{201C}' => opening,
                    '\u{201D}' => !opening,
                    _ => false,
                };
            ok.then_some(q)
        };
        let taken = |s: usize, e: usize| found.iter().any(|d| d.norm_start < e && s < d.norm_end);
        let mut added = Vec::new();
        // Each quote after a space may open a nickname: the word before it is the given name.
        // (0xE2 starts a curly quote, among other characters.)
        let bytes = hay.as_bytes();
        for q in memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes) {
            if q == 0 || bytes[q - 1] != b' ' {
                continue;
            }
            let i = words.partition_point(|&(s, _)| s < q);
            let (Some(i), Some(nick)) = (i.checked_sub(1), words.get(i..)) else {
                continue;
            };
            let (gs, ge) = words[i];
            let Some(&(ns, _)) = nick.first() else {
                continue;
            };
            let Some(open) = quote(&hay[ge..ns], true) else {
                continue;
            };
            if !norm.starts_upper(ns)
                || !is_name_word(text, norm, gs, ge)
                || !self.words.is_given_norm(&hay[gs..ge])
            {
                continue;
            }
            // The nickname is `nick[..=k]`: words with single spaces between them, a closing
            // quote after the last, and then the family name.
            let closing = |q: char| q == open || (open == '\u{201C}' && q == '\u{201D}');
            let mut family = None;
            let mut nick_end = ns;
            for k in 0..4 {
                let (Some(&(_, ke)), Some(&next)) = (nick.get(k), nick.get(k + 1)) else {
                    break;
                };
                let gap = &hay[ke..next.0];
                if let Some(q) = quote(gap, false) {
                    family = closing(q).then_some(next);
                    nick_end = ke;
                    break;
                }
                if gap != " " {
                    break;
                }
            }
            let Some((fs, fe)) = family else {
                continue;
            };
            // After a known given name and a nickname, a word can be a family name ("John
            // \"Johnny\" Smith"), but not a title; and a nickname and a family name that are
            // both words are more likely a quote ("told Mary \"Yes\" Then").
            let common_nick = hay[ns..nick_end].split(' ').all(|w| {
                self.words
                    .is_common_norm(w.trim_matches(|c: char| !is_word_char(c)))
            });
            let family_name = is_name_word(text, norm, fs, fe)
                && context::title_start(self.words, &hay[fs..fe]).is_none()
                && !(common_nick && self.words.is_common_norm(&hay[fs..fe]));
            // A gazetteer's match inside is left to the resolver: a country in the nickname, a
            // listed person with the given name and this surname ("Vladimir \"The Tsar\" Putin").
            let k = doc.work.partition_point(|w| w.norm_end <= gs);
            let given_norm = &hay[gs..ge];
            let listed = doc.work[k..]
                .iter()
                .take_while(|w| w.norm_start < fe)
                .any(|w| {
                    !w.direct.is_empty()
                        || (w.norm_start == fs
                            && w.partial.iter().any(|&e| {
                                let name = &self.gazetteer.entities()[e as usize].name;
                                names_word(&self.normalize_label(name), given_norm)
                            }))
                });
            if !family_name || listed || taken(gs, fe) {
                continue;
            }
            let os = norm.orig_start(gs);
            let sentence = sentence_of(doc.sentences, os);
            if doc.heads.get(sentence)
                || sentence_of(doc.sentences, norm.orig_start(fs)) != sentence
            {
                continue;
            }
            let given = crate::text::decode_references(&text[os..norm.orig_end(ge)]);
            let family =
                crate::text::decode_references(&text[norm.orig_start(fs)..norm.orig_end(fe)]);
            let norm_name = format!("{} {}", &hay[gs..ge], &hay[fs..fe]);
            added.push(Discovered {
                id: Arc::from(format!("discovered:{}", slugify(&norm_name))),
                label: Arc::from(format!("{given} {family}")),
                norm_name,
                norm_start: gs,
                norm_end: fe,
                surnames: vec![hay[fs..fe].to_string()],
                first: os,
                start: os,
                end: norm.orig_end(fe),
                sentence,
                role: None,
            });
        }
        if !added.is_empty() {
            found.extend(added);
            found.sort_by_key(|d| d.norm_start);
        }
    }

    /// Makes a listed person's surname after their given name and a nickname in quotes
    /// ('Vladimir "The Tsar" Putin') one mention of that person, spanning the nickname, as
    /// [`find_nicknamed`](Self::find_nicknamed) does for people not listed. Only where the given
    /// name is the name of exactly one of the surname's listed people, and nothing inside the
    /// quotes is a match of its own.
    pub(super) fn join_nicknamed_listed(
        &self,
        text: &str,
        norm: &Normalized,
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
            // Backwards from the surname: a closing quote, the nickname, an opening quote after
            // a space, and the given name.
            let head = hay[..w.norm_start].trim_end_matches(' ');
            let Some(close) = head.chars().next_back() else {
                continue;
            };
            let open_of = |c: char| match c {
                '"' => Some(['"', '"']),
                '\'' => Some(['\'', '\'']),
                '\u{201D}' => Some(['\u{201C}', '"']),
                _ => None,
            };
            let Some(opens) = open_of(close) else {
                continue;
            };
            let inner_end = head.len() - close.len_utf8();
            let Some(open_at) = hay[..inner_end].rfind(opens) else {
                continue;
            };
            let open_len = hay[open_at..].chars().next().map_or(1, char::len_utf8);
            let nick_start = open_at + open_len;
            let nickname = &hay[nick_start..inner_end];
            let words = nickname.split(' ').count();
            let plain = !nickname.is_empty()
                && (1..=4).contains(&words)
                && nickname
                    .split(' ')
                    .all(|x| !x.is_empty() && x.chars().all(|c| is_word_char(c) || c == '-'))
                && norm.starts_upper(nick_start);
            let Some(before) = hay[..open_at].strip_suffix(' ') else {
                continue;
            };
            if !plain {
                continue;
            }
            let gs = before.rfind(' ').map_or(0, |i| i + 1);
            let ge = before.len();
            if gs >= ge || !is_name_word(text, norm, gs, ge) {
                continue;
            }
            let given = &hay[gs..ge];
            let mut fits = w.partial.iter().copied().filter(|&e| {
                let name = &self.gazetteer.entities()[e as usize].name;
                let name = self.normalize_label(name);
                name.split(' ').next() == Some(given)
            });
            let (Some(e), None) = (fits.next(), fits.next()) else {
                continue;
            };
            // The given name's own match (a partial one) becomes part of this; any other match
            // from the given name to the surname rules the join out.
            let inside: Vec<usize> = (0..k)
                .rev()
                .take_while(|&p| work[p].norm_end > gs)
                .collect();
            let given_match = |p: usize| {
                let x = &work[p];
                x.norm_start == gs && x.norm_end == ge && x.direct.is_empty()
            };
            if !inside.iter().all(|&p| given_match(p)) {
                continue;
            }
            work[k].widen_to_name(norm, gs, e);
            drop.extend(inside);
        }
        super::remove_at(work, drop);
    }

    /// Gives a discovered name written with its umlauts written out ("Juergen Klopp") the id
    /// and label of the same name with them ("Jürgen Klopp") found in the document, as the
    /// matcher does for listed names.
    fn join_written_out_umlauts(&self, found: &mut [Discovered]) {
        if found.iter().all(|d| d.label.is_ascii()) {
            return;
        }
        let joins: Vec<(usize, usize)> = found
            .iter()
            .enumerate()
            .filter_map(|(j, d)| {
                let written = umlauts_written_out(&d.label)?;
                Some((self.normalize_label(&written), j))
            })
            .flat_map(|(written, j)| {
                found
                    .iter()
                    .enumerate()
                    .filter(move |(k, o)| *k != j && o.norm_name == written)
                    .map(move |(k, _)| (k, j))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (k, j) in joins {
            found[k].id = found[j].id.clone();
            found[k].label = found[j].label.clone();
        }
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
        not_people: &[(usize, usize)],
        out: &mut Resolved,
    ) {
        if discovered.is_empty() {
            return;
        }
        let hay = norm.as_str();
        // Surnames of listed people named in full in this document (made when first needed).
        let listed_surnames = std::cell::OnceCell::<FastSet>::new();
        let listed_of = |out: &Resolved| -> FastSet {
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
                attribution: false,
                team: false,
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
        // Surnames of several words, with a particle ("le pen", "van den berg") or not ("duncan
        // smith"): found where their first word is, which may be written in lower case if a
        // particle ("de Silva"), the longest that the text spells there. Kept as the longest
        // surname each first word begins: the text is then looked up at each end of a word
        // within that length, so that a long text naming thousands of people "de Something"
        // costs a few lookups at each "de", not a pass over all of them.
        let mut particled: IdMap<&str, usize> = IdMap::default();
        for sn in by_surname.keys().filter(|sn| sn.contains(' ')) {
            let first = sn.split(' ').next().unwrap_or(sn);
            let longest = particled.entry(first).or_default();
            *longest = (*longest).max(sn.len());
        }
        // The end of the last name linked in the loop below: its words are not linked again.
        let mut full_end = 0;
        // A story's title (its first line, when written as a headline) names its people before
        // the text introduces them: "MILLER DEFENDS TITLE" over a story about Nate Miller.
        let title_end = text.find('\n').unwrap_or(text.len());
        // Title words that are common words too ("HILL", "LITTLE"): linked only if the person
        // is mentioned again in the text, as the subject of a story is.
        let mut pending: Vec<Mention> = Vec::new();
        for &(s, e) in words {
            if s < full_end || overlaps(not_people, s, e) {
                continue;
            }
            let with_particle =
                if !particled.is_empty() && (norm.starts_upper(s) || is_particle(&hay[s..e])) {
                    particled.get(&hay[s..e]).and_then(|&longest| {
                        // Each end within `longest` bytes that no word character follows.
                        let rest = &hay[s..];
                        rest.char_indices()
                            .skip(1)
                            .take_while(|&(k, _)| k <= longest)
                            .filter(|&(_, c)| !is_word_char(c))
                            .map(|(k, _)| k)
                            .chain((rest.len() <= longest).then_some(rest.len()))
                            // (Of several words: a first word alone is not looked up here.)
                            .filter(|&k| rest[..k].contains(' '))
                            .filter_map(|k| by_surname.get(&rest[..k]).map(|named| (k, named)))
                            .last()
                    })
                } else {
                    None
                };
            let (e, named) = match with_particle {
                Some((len, named)) => (s + len, named),
                // Otherwise a surname mention is a name word, so it starts with a capital (one
                // bit to test).
                None if !norm.starts_upper(s) && !is_article_name(norm, s, e) => continue,
                None => match by_surname.get(&hay[s..e]) {
                    Some(named) => (e, named),
                    None => continue,
                },
            };
            let word = &hay[s..e];
            let os = norm.orig_start(s);
            let oe = norm.orig_end(e);
            if overlaps(&taken, os, oe) {
                continue;
            }
            let sentence = sentence_of(sentences, os);
            let in_title = os < title_end && heads.get(sentence);
            // The name word is the last ("Pen" of "Le Pen"); a title may be in capitals.
            let last = word.rfind(' ').map_or(s, |k| s + k + 1);
            let name_word = is_name_word(text, norm, last, e)
                || is_article_name(norm, last, e)
                || (in_title && is_capitals_word(norm, last, e));
            if !name_word || context::calendar_date(norm, s, e) {
                continue;
            }
            // "De Gaulle airport", named after the person.
            let sentence_end = sentences.get(sentence).map_or(text.len(), |sent| sent.end);
            if context::named_after_person(norm, s, e, sentence_end) {
                continue;
            }
            // The full name again, where discovery did not take it ("Bill Thompson" opening a
            // sentence, where "Bill" may be a word): one mention, not one per word.
            let full = named
                .iter()
                .find_map(|d| {
                    let rest = hay[s..].strip_prefix(d.norm_name.as_str())?;
                    let ends = !rest.starts_with(is_word_char) && (d.end <= os || in_title);
                    ends.then_some((d, s, s + d.norm_name.len()))
                })
                .or_else(|| {
                    // In a title, the full name that ends here ("ROBERTO DURAN"), whose given
                    // name is no surname to stop at.
                    if !in_title {
                        return None;
                    }
                    named.iter().find_map(|d| {
                        let from = e.checked_sub(d.norm_name.len())?;
                        let here = from >= full_end
                            && hay.get(from..e)? == d.norm_name
                            && !hay[..from].ends_with(is_word_char)
                            && !overlaps(&taken, norm.orig_start(from), oe);
                        here.then_some((d, from, e))
                    })
                });
            let by = |d: &Discovered| {
                if d.end <= os {
                    ResolvedBy::EarlierMention
                } else {
                    ResolvedBy::Context
                }
            };
            if let Some((d, from, end)) = full {
                full_end = end;
                out.mentions.push(Mention {
                    entity: refs_of(d),
                    start: norm.orig_start(from),
                    end: norm.orig_end(end),
                    form: Form::Name,
                    sentence,
                    role: self
                        .title_before(text, norm, from, sentences.get(sentence))
                        .map(|t| t.2),
                    resolved_by: Some(by(d)),
                    attribution: false,
                    team: false,
                });
                continue;
            }
            // "Bosch has stopped production" in a story that names Robert Bosch: the company his
            // family's name names, unless a title makes it the person ("Mr Bosch").
            if context::family_firm(word)
                && self
                    .title_before(text, norm, s, sentences.get(sentence))
                    .is_none()
            {
                continue;
            }
            // A given name that is also a word ("Ray", "Bob"), kept as the family name of a name
            // whose first word is no known given name ("Bob was..." after "Bob Marley"), before
            // another capitalised name is someone else's given name: "Ray Lankford" after "Ray
            // Knight".
            if AMBIGUOUS_GIVEN.contains(&word)
                && context::word_after(norm, e).is_some_and(|nb| {
                    nb.norm_start == e + 1
                        && is_name_word(text, norm, nb.norm_start, nb.norm_end)
                        && !self.words.is_common_norm(&hay[nb.norm_start..nb.norm_end])
                })
            {
                continue;
            }
            // After a given name of its own, only a person of that name ("Toshiyuki Shiga"), not
            // someone else of the family ("Zadie Smith" after "Ali Smith"). Not in headlines,
            // whose every word is capitalised.
            let sent = sentences.get(sentence);
            let given = sent.filter(|_| !heads.get(sentence)).and_then(|sent| {
                self.given_before(text, norm, s, sent, work)
                    .or_else(|| self.familiar_given_before(text, norm, s, sent))
            });
            let cands: Vec<&Discovered> = {
                let mut v: Vec<&Discovered> = named
                    .iter()
                    .copied()
                    // A familiar form of the given name is the person too ("Bob Walsh" after
                    // "Robert Walsh"): `named` holds people named in full in this document.
                    .filter(|d| {
                        (d.end <= os || in_title)
                            && given.is_none_or(|nb| {
                                names_word(&d.norm_name, &hay[nb.norm_start..nb.norm_end])
                                    || sent.is_some_and(|sent| {
                                        self.familiar_of_discovered(norm, sent, &nb, e, d)
                                    })
                            })
                    })
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
                // "Bill Thompson" opening a sentence, after "William Thompson": the full name.
                let familiar = self
                    .familiar_before(text, norm, (s, e), sent, cands[0], &taken)
                    .filter(|&from| from >= full_end);
                let from = familiar.unwrap_or(s);
                if familiar.is_some() {
                    // The given name's own match ("Bill" of some listed Bill) is part of this.
                    let start = norm.orig_start(from);
                    out.unlinked.retain(|u| u.end <= start || oe <= u.start);
                }
                let role = self
                    .title_before(text, norm, from, sentences.get(sentence))
                    .map(|t| t.2);
                let mention = Mention {
                    entity: refs_of(cands[0]),
                    start: norm.orig_start(from),
                    end: oe,
                    form: if familiar.is_some() {
                        Form::Name
                    } else {
                        Form::Surname
                    },
                    sentence,
                    role,
                    resolved_by: Some(by(cands[0])),
                    attribution: false,
                    team: false,
                };
                if cands[0].end > os && self.words.is_common_norm(word) {
                    pending.push(mention);
                } else {
                    out.mentions.push(mention);
                }
                full_end = e;
            } else {
                full_end = e;
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
        for m in pending {
            let again = out
                .mentions
                .iter()
                .filter(|x| x.entity.id == m.entity.id)
                .count()
                >= 2;
            if again {
                out.mentions.push(m);
            }
        }
    }
}

/// Common words that are common family names: after given names they end a name ("Iain Duncan
/// Smith", "Alexander Graham Bell"), where another word after a name that is all given names
/// ("Elton John Band", "Paul Simon Live") is no part of it.
const SURNAME_WORDS: &[&str] = &[
    "smith", "brown", "bell", "young", "cook", "baker", "taylor", "wood", "woods", "hill", "green",
    "white", "black", "rose", "price", "long", "short", "swift", "stone", "fox", "hunt", "field",
    "fields", "moore", "lee", "hall", "ward", "walker", "parker", "turner", "carter", "cooper",
    "mason", "hunter", "bush", "marsh", "reed", "rice", "webb", "page", "lamb", "nash", "burns",
    "mills", "banks", "wells", "west", "little", "love", "gray", "grey", "bird", "hart", "sharp",
    "moss", "silk", "palmer", "fisher", "miller", "butler", "porter", "potter", "shepherd",
    "archer", "knight", "brooks", "lane", "ford", "bond", "noble", "steel", "crane", "drake",
    "wolf", "barber", "chambers", "dean", "marshall", "hardy", "waters", "frost", "snow", "cross",
    "power", "strong", "wise", "best", "gates", "jones", "webber", "cox", "hood", "bishop", "king",
];

/// Words that end the names of things named after people ("George Street") and are family
/// names too ("Wayne Bridge", "Lee Hall", "Charlotte Church"): after a given name, a person.
const FAMILY_NAMES_OF_THINGS: &[&str] = &[
    "hall", "park", "bridge", "street", "tower", "church", "bank", "banks", "trust", "fund",
];

/// Given names that are also common words ("Mark", "Guy"): they start a discovered name only
/// inside a sentence, where their capital shows they are names.
pub(super) const AMBIGUOUS_GIVEN: &[&str] = &[
    "mark", "guy", "bill", "frank", "will", "jack", "dean", "ray", "don", "earl", "grant", "glen",
    "rich", "drew", "miles", "pat", "art", "rose", "grace", "hope", "joy", "victor", "chuck",
    "hank", "lance", "dale", "wade", "cliff", "ernest", "herb", "jean", "gene", "sandy", "angel",
    "bob", "rob", "sue", "warren", "hunter", "nick", "mats",
];

/// Verbs of saying: after a name at a sentence's start they show that it names a person.
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "wrote", "argued", "warned", "insisted", "replied",
];

/// Whether a hyphenated word is a given name made of given names, one of which may also be a
/// common word ("Frank-Jürgen", "Jean-Marc": joined to a name, "frank" is no word).
fn compound_given(words: &Words, word: &str) -> bool {
    word.contains('-')
        && word
            .split('-')
            .all(|part| words.is_given_norm(part) || AMBIGUOUS_GIVEN.contains(&part))
        && word.split('-').any(|part| words.is_given_norm(part))
}

/// Given names that are common words more often than names ("Marine Corps"), so in no list of
/// given names: they start a name only before a family name with a particle ("Marine Le Pen").
const PARTICLE_GIVEN: &[&str] = &["marine"];

/// Particles of family names, in lower case or capitalised: "Le Pen", "de Silva", "van der
/// Vaart", "bin Saleh", "ten Cate". ("do" and "y" are left out: English and Spanish words more
/// often than particles.)
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "den", "der", "des", "di", "dos", "du", "el", "ibn",
    "la", "le", "ten", "ter", "van", "von",
];

/// The most particles in a row in a family name ("van der", "de la", "van de la").
pub(super) const MAX_PARTICLES: usize = 3;

/// Whether a name starting at byte `at` of `text` stands where a results table puts a competitor:
/// first on its line, after a rank ("1.", "12)", "6="), after a list's separator ("," ";" ":"
/// "-" "–" "|"), or after the bracket of the row before ("Doris Lessing (UK) Ian McEwan (UK)",
/// "Monica Seles ( U.S. ) beat Dally Randriantefy"). An initial may come first ("A Lo Cicero").
fn in_table_place(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
    let mut before = text[line_start..at].trim_end();
    if let Some((rest, last)) = before.rsplit_once(' ')
        && matches!(last.len(), 1 | 2)
        && last.starts_with(|c: char| c.is_ascii_uppercase())
        && last[1..].chars().all(|c| c == '.')
    {
        before = rest.trim_end();
    }
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    // (The whole last word: "Kiev" does not end in "v" here.)
    let after_row = if matches!(last, "beat" | "bt" | "v" | "vs" | "vs.") {
        before[..before.len() - last.len()].trim_end()
    } else {
        before
    };
    let rank = last
        .trim_start_matches('=')
        .trim_end_matches(['.', ')', '=']);
    before.is_empty()
        || before.ends_with([',', ';', ':', '-', '\u{2013}', '|'])
        || after_row.ends_with(')')
        || ((1..=3).contains(&rank.len()) && rank.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `rest`, the text after a competitor's bracket, goes on as a results table's row does:
/// the line ends, or a result, a list separator, the next competitor or "beat" follows ("66",
/// "6-0", ", Linford Christie", "Ian McEwan (UK)", "beat Jim Courier"), where running text goes
/// on with a verb ("Tata Motors ( India ) bought Jaguar").
fn ends_table_row(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or("");
    let next = line.trim_start();
    let word = next.split_whitespace().next().unwrap_or("");
    next.is_empty()
        || next.starts_with(|c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | '|'))
        || matches!(word, "." | "beat" | "bt" | "bat" | "v" | "vs" | "vs.")
        || word.starts_with(|c: char| c.is_uppercase())
}

/// Whether the text inside a bracket (from its first character) is a scorer's minute or a
/// player's record, as results tables write them after a name: "31st )", "11th , 61st )",
/// "60th minute )", "15-7 )". Not a bare number ("( 613 ) 235-6745" is a telephone number).
fn is_result_in_brackets(inner: &str) -> bool {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n = digits(inner);
    if n == 0 || n > 3 {
        return false;
    }
    let rest = &inner[n..];
    let ordinal = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| rest.strip_prefix(suffix));
    let after = match ordinal {
        Some(after) => after.strip_prefix(" minute").unwrap_or(after),
        None => match rest.strip_prefix('-') {
            Some(record) if (1..=3).contains(&digits(record)) => &record[digits(record)..],
            _ => return false,
        },
    };
    let after = after.trim_start_matches(' ');
    after.starts_with(')') || (ordinal.is_some() && after.starts_with(','))
}

/// First words of place names written like people's ("San Luis", "Santa Cruz", "Sao Paulo",
/// "Port Louis", "Fort Worth"): never a competitor's given name in a results table.
const PLACE_FIRST_WORDS: &[&str] = &[
    "san", "santa", "santo", "sao", "saint", "st", "st.", "puerto", "porto", "port", "fort",
    "mount", "cape", "lake", "new",
];

/// Titles that are also family names ("Billie Jean King", "Mary Pope", "David Bishop"): after
/// given names, or a name after a title, and before no other name, the family name.
const SURNAME_TITLES: &[&str] = &[
    "king",
    "pope",
    "bishop",
    "judge",
    "baron",
    "marshal",
    "deacon",
    "chancellor",
];

/// Whether a normalised word is a particle of a family name ([`PARTICLES`]).
pub(crate) fn is_particle(word_norm: &str) -> bool {
    PARTICLES.contains(&word_norm)
}

pub(super) struct Discovered {
    pub(super) id: Arc<str>,
    pub(super) label: Arc<str>,
    /// The full name as the normalised text has it, words one space apart.
    pub(super) norm_name: String,
    /// Where the name is in the normalised text.
    pub(super) norm_start: usize,
    pub(super) norm_end: usize,
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
/// [`BYTE_CLASS`] of the space.
const SPACE: u8 = 2;
/// [`BYTE_CLASS`] of ASCII letters and digits.
const ALNUM: u8 = 1;
/// The class of each byte for [`word_spans`]: a table lookup instead of range tests.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = ALNUM;
        }
        b += 1;
    }
    table[b' ' as usize] = SPACE;
    table
};

pub(super) fn word_spans(hay: &str) -> Vec<(usize, usize)> {
    let bytes = hay.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 6);
    let mut s0 = 0;
    while s0 <= bytes.len() {
        // One pass finds the end of the word and whether it is plain letters and digits (most
        // words are: nothing to trim).
        let mut end = s0;
        let mut plain = true;
        while let Some(&b) = bytes.get(end) {
            let class = BYTE_CLASS[usize::from(b)];
            if class == SPACE {
                break;
            }
            plain &= class == ALNUM;
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
    // "Bush-style", "Tunisian-born", "James-inspired": a name glued to a word that makes it an
    // adjective. (Korean given names join lower-case syllables: "Kim Jong-un", "Li In-mo".)
    if w.rsplit_once('-')
        .is_some_and(|(_, last)| ADJECTIVE_SUFFIXES.contains(&last))
    {
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

/// Arabic articles written in lower case and glued by a hyphen to a family name: "al-Jibouri",
/// "el-Sisi", "ad-Din", "ash-Shami", "az-Zubaidi" (normalised: lower case).
const ARTICLES_GLUED: &[&str] = &["al", "el", "ad", "ash", "az"];

/// Whether normalised `s..e` is a family name after an Arabic article glued by a hyphen, the
/// article in lower case ("al-Jibouri"); a name word in any other case is [`is_name_word`].
#[inline]
pub(super) fn is_article_name(norm: &Normalized, s: usize, e: usize) -> bool {
    // (Asked of every word in lower case: most are ruled out by their first bytes, here.)
    let b = &norm.as_str().as_bytes()[s..e];
    b.len() >= 4
        && matches!(b[0], b'a' | b'e')
        && (b[2] == b'-' || b[3] == b'-')
        && article_name(norm, s, e)
}

/// [`is_article_name`] past its first bytes.
fn article_name(norm: &Normalized, s: usize, e: usize) -> bool {
    let w = &norm.as_str()[s..e];
    w.split_once('-').is_some_and(|(article, rest)| {
        ARTICLES_GLUED.contains(&article)
            && !rest.is_empty()
            && !norm.starts_upper(s)
            && is_name_word("", norm, s + article.len() + 1, e)
    })
}

/// Words that, glued by a hyphen to a name, make an adjective of it ("a George Bush-style tax
/// cut", "the Tunisian-born director"): no name word (normalised: lower case).
const ADJECTIVE_SUFFIXES: &[&str] = &[
    "style",
    "born",
    "based",
    "led",
    "era",
    "inspired",
    "backed",
    "owned",
    "run",
    "funded",
    "made",
    "type",
    "like",
    "esque",
    "minded",
    "linked",
    "controlled",
    "allied",
    "appointed",
    "sponsored",
    "supported",
    "friendly",
    "related",
    "bound",
    "built",
    "designed",
    "trained",
    "leaning",
    "bred",
    "raised",
    "educated",
    "registered",
    "flagged",
    "listed",
    "focused",
    "centred",
    "centered",
    "dominated",
    "brokered",
    "mediated",
    "sanctioned",
    "approved",
];

/// Whether `text[start..end]` is all there is between a pair of quotes, spaces aside.
fn quoted_alone(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches(' ').chars().next_back();
    let after = text[end..].trim_start_matches(' ').chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('\u{201C}'), Some('\u{201D}'))
            | (Some('\''), Some('\''))
            | (Some('\u{2018}'), Some('\u{2019}'))
    )
}

/// A word in capitals, as in a headline ("MILLER", "O'BRIEN"): two letters or more, all
/// capitals, and otherwise only `-` and `'`.
fn is_capitals_word(norm: &Normalized, s: usize, e: usize) -> bool {
    let w = &norm.as_str()[s..e];
    let mut letters = 0;
    for (k, c) in w.char_indices() {
        if c.is_alphabetic() {
            if !norm.starts_upper(s + k) {
                return false;
            }
            letters += 1;
        } else if !(c == '-' || c == '\'') {
            return false;
        }
    }
    letters >= 2
}

/// `zheng zeguang` -> `zheng-zeguang` (ASCII letters and digits; others dropped).
pub(crate) fn slugify(norm: &str) -> String {
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

    #[test]
    fn a_table_place_is_a_line_start_a_rank_a_separator_or_the_row_before() {
        let rows = [
            ("", true),
            ("Men's 100 metres\n", true),
            ("1. ", true),
            ("6= ", true),
            ("Scorers : Romania - ", true),
            ("Doris Lessing (UK) ", true),
            ("Monica Seles ( U.S. ) beat ", true),
            ("(Wales); A ", true),
            ("Shares of ", false),
            ("delegates from (the) Kiev ", false),
            ("in 1995 ", false),
        ];
        for (before, want) in rows {
            assert_eq!(in_table_place(before, before.len()), want, "{before:?}");
        }
    }

    #[test]
    fn results_in_brackets_are_minutes_and_records() {
        let rows = [
            ("31st )", true),
            ("11th , 61st )", true),
            ("60th minute ) Scorers", true),
            ("15-7 ) gave up", true),
            ("2nd)", true),
            ("613 ) 235-6745", false),
            ("1995 )", false),
            ("31st century", false),
            ("15-7 and", false),
            ("captain )", false),
        ];
        for (inner, want) in rows {
            assert_eq!(is_result_in_brackets(inner), want, "{inner:?}");
        }
    }

    proptest! {
        #[test]
        fn word_spans_match_the_plain_definition(hay in "[a-z0-9 .,'()é-]{0,40}") {
            prop_assert_eq!(word_spans(&hay), reference(&hay));
        }
    }
}
