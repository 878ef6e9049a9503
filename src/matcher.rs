//! The matcher: finds gazetteer aliases in a text, exactly and Unicode-correctly.
//!
//! Aliases and text are normalised the same way ([`crate::text::normalize()`]); an aho-corasick
//! automaton holds every normalised alias once. At each word start of the text the automaton is
//! run anchored, reporting every alias that starts there; of those that end at a word boundary
//! and pass their alias's case policy, the longest wins and the scan resumes after it. This is
//! leftmost-longest matching over words: a match can neither start nor end inside a word
//! ("Chinatown", "USAID"), and a long alias that fails its checks cannot hide a shorter one that
//! passes (which a plain leftmost-longest scan would do).
//!
//! Case policies, checked on the original text:
//! - abbreviations and aliases written in capitals ("US", "WHO", "U.N.") match only exactly as
//!   written (diacritics, quotes and spaces aside);
//! - other aliases match when written as a name: every word that is capitalised in the alias is
//!   capitalised in the text ("china plates" and "turkey dinner" are not mentions). Text in all
//!   capitals (headlines) passes.
//!
//! A possessive ("China's", "Xi’s") needs no rule: the apostrophe is already a word boundary.

use std::borrow::Cow;

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::gazetteer::{Alias, Form, Gazetteer, words::Words};
use crate::text::spelling::{initials_without_stops, umlauts_written_out};
use crate::text::{NormOptions, Normalized, is_word_char, normalize, normalize_str};

/// Which aliases are matched and how text is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchOptions {
    /// Link nationality words ("Chinese") to their country.
    pub demonyms: bool,
    /// Link capital cities ("Beijing") to their country.
    pub capitals: bool,
    /// Treat letters with and without diacritics as the same ("Erdogan" = "Erdoğan").
    pub fold_diacritics: bool,
}

impl Default for MatchOptions {
    fn default() -> MatchOptions {
        MatchOptions {
            demonyms: true,
            capitals: false,
            fold_diacritics: true,
        }
    }
}

/// One alias of one entity, as the matcher holds it.
#[derive(Clone, Debug)]
pub struct Target {
    /// Index of the entity in the gazetteer.
    pub entity: u32,
    /// The alias's form.
    pub form: Form,
    /// Whether the alias matches only as written (abbreviations, all-caps aliases).
    exact: bool,
    /// The alias normalised without folding case, for the case checks.
    alias: Box<str>,
    /// The number of words of the alias (split at spaces and hyphens).
    words: u32,
    /// Bit `i` set: word `i` of the alias is capitalised and not a function word, so the text
    /// must capitalise it too (words past the 64th are not checked).
    capitals: u64,
}

impl Target {
    fn new(entity: u32, form: Form, exact: bool, alias: String) -> Target {
        let (mut words, mut capitals) = (0u32, 0u64);
        for w in alias_words(&alias) {
            let capital =
                first_letter(w).is_some_and(|c| !c.is_lowercase() && !is_function_word(w));
            if capital && words < 64 {
                capitals |= 1 << words;
            }
            words += 1;
        }
        Target {
            entity,
            form,
            exact,
            alias: alias.into_boxed_str(),
            words,
            capitals,
        }
    }
}

/// The words of an alias or a surface, for the case checks.
fn alias_words(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', '-']).filter(|w| !w.is_empty())
}

/// An alias found in a text, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawMatch {
    /// Start byte in the original text.
    pub start: usize,
    /// End byte (exclusive) in the original text.
    pub end: usize,
    /// Start byte in the normalised text.
    pub norm_start: usize,
    /// End byte in the normalised text.
    pub norm_end: usize,
    /// Indexes (into [`Matcher::target`]) of the aliases that matched here and passed their checks.
    pub targets: Vec<u32>,
}

/// The compiled matcher for one gazetteer; build once, share between threads.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// Aliases that can only start with a capital (or a digit): searched only at word starts
    /// written that way, which are a small share of the words of running text.
    capital: Search,
    /// The few aliases that may start with a lower-case letter ("al-Qaeda", "dpa"): searched at
    /// every word start.
    any: Search,
    /// For each pattern, the range of its targets in `targets`.
    spans: Vec<(u32, u32)>,
    targets: Vec<Target>,
    norm: NormOptions,
}

/// The automata for one group of patterns, one per first byte.
///
/// The search is anchored at a word start whose first byte is known, so only the patterns
/// starting with that byte can match there: splitting by first byte gives small automata that
/// are built in parallel (a 1M-alias gazetteer builds several times faster than as one
/// automaton) and searched with better cache locality, and a word start whose byte no pattern
/// starts with costs one lookup.
#[derive(Clone, Debug)]
struct Search {
    shards: Vec<Option<Shard>>,
    /// Which words can start a pattern, by their first three bytes (see [`Prefixes`]).
    prefixes: Prefixes,
}

/// A filter in front of the automata: the first three bytes of every pattern of three bytes or
/// more, hashed into a bit set, and the patterns of one or two bytes as they are. A word start
/// whose bytes no pattern begins with is passed over without setting up a search (most
/// capitalised words of running text: "The", "In", "Prosecutors"). Hash collisions only let a
/// word through to the automaton, which decides.
#[derive(Clone, Debug)]
struct Prefixes {
    three: Vec<u64>,
    two: Vec<u64>,
    one: [bool; 256],
}

impl Prefixes {
    const BITS: u32 = 18;

    fn hash(b: &[u8]) -> usize {
        let k = u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16;
        (k.wrapping_mul(0x9E37_79B1) >> (32 - Self::BITS)) as usize
    }

    fn two(b: &[u8]) -> usize {
        usize::from(b[0]) | usize::from(b[1]) << 8
    }

    fn new<'a>(patterns: impl Iterator<Item = &'a [u8]>) -> Prefixes {
        let mut f = Prefixes {
            three: vec![0; 1 << (Self::BITS - 6)],
            two: vec![0; 1 << 10],
            one: [false; 256],
        };
        for p in patterns {
            match p.len() {
                0 => {}
                1 => f.one[usize::from(p[0])] = true,
                2 => set(&mut f.two, Self::two(p)),
                _ => set(&mut f.three, Self::hash(p)),
            }
        }
        f
    }

    /// Whether a pattern may start at the beginning of `b`.
    #[inline]
    fn may_start(&self, b: &[u8]) -> bool {
        if b.len() < 3 {
            return true;
        }
        get(&self.three, Self::hash(b))
            || get(&self.two, Self::two(b))
            || self.one[usize::from(b[0])]
    }
}

fn set(bits: &mut [u64], k: usize) {
    bits[k / 64] |= 1 << (k % 64);
}

fn get(bits: &[u64], k: usize) -> bool {
    bits[k / 64] & (1 << (k % 64)) != 0
}

/// One automaton and the global pattern ids of its patterns.
#[derive(Clone, Debug)]
struct Shard {
    ac: AhoCorasick,
    ids: Vec<u32>,
}

impl Search {
    /// Builds the automata for the patterns `ids` (indexes into `patterns`), in parallel on the
    /// current rayon pool. Patterns are numbered in sorted order, and inserting them in that
    /// order keeps the trie build cache-friendly (about twice as fast on a 1M-alias gazetteer
    /// as gazetteer order).
    fn build(patterns: &[String], ids: Vec<u32>) -> Result<Search> {
        let prefixes = Prefixes::new(ids.iter().map(|&i| patterns[i as usize].as_bytes()));
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); 256];
        for i in ids {
            if let Some(&b) = patterns[i as usize].as_bytes().first() {
                groups[b as usize].push(i);
            }
        }
        let shards = groups
            .into_par_iter()
            .map(|ids| {
                if ids.is_empty() {
                    return Ok(None);
                }
                let ac = AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .start_kind(StartKind::Anchored)
                    .build(ids.iter().map(|&i| &patterns[i as usize]))
                    .map_err(|e| Error::Option(format!("cannot build the matcher: {e}")))?;
                Ok(Some(Shard { ac, ids }))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Search { shards, prefixes })
    }

    /// The automaton for patterns starting with byte `b`.
    fn shard(&self, b: u8) -> Option<&Shard> {
        self.shards[b as usize].as_ref()
    }
}

/// A surface normalised without case folding, for the case checks. Printable ASCII with single
/// spaces inside (most surfaces) is its own normal form and is not copied.
fn cased_surface(surface: &str, opts: NormOptions) -> Cow<'_, str> {
    if crate::text::normalize::is_own_cased_form(surface) {
        Cow::Borrowed(surface)
    } else {
        Cow::Owned(normalize_str(surface, preserve(opts)))
    }
}

fn preserve(opts: NormOptions) -> NormOptions {
    NormOptions {
        fold_case: false,
        ..opts
    }
}

/// Whether an alias is written in capitals (at least two letters, none lower case).
fn is_all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Acronyms of the built-in gazetteers whose word is a place, a thing or a word of another
/// language the common-word list lacks ("Nara" in Japan, the Doge of Venice, the kuna, "nata").
const NOT_AS_WORDS: &[&str] = &[
    "arca", "asis", "cade", "doge", "hina", "kuna", "leta", "miga", "naja", "nara", "nata", "sama",
    "sapo", "sebi", "sica", "suna",
];

/// An acronym of four to six capitals as a word ("Uefa" of "UEFA", "Unicef" of "UNICEF"), as the
/// British press writes those it says as words; none when that word is an English word or a
/// given name ("CARE", "IRIS", "SANA"), which a capital at a sentence's start would make it.
fn acronym_as_word(alias: &str, words: &Words) -> Option<String> {
    if !(4..=6).contains(&alias.len()) || !alias.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let lower = alias.to_ascii_lowercase();
    if words.is_common(&lower)
        || words.is_given_norm(&lower)
        || words.is_not_person_norm(&lower)
        || NOT_AS_WORDS.contains(&lower.as_str())
    {
        return None;
    }
    Some(alias[..1].to_string() + &lower[1..])
}

/// Lower-case words inside names that need no capital ("Bank of England", "Côte d'Ivoire").
const FUNCTION_WORDS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "at", "to", "de", "del", "della", "di", "da", "das",
    "do", "dos", "du", "des", "la", "le", "les", "el", "al", "y", "e", "et", "und", "van", "von",
    "der", "den", "bin", "ibn", "bint", "ben", "d'", "l'",
];

impl Matcher {
    /// Compiles the aliases of `gazetteer` that `opts` enables.
    pub fn new(gazetteer: &Gazetteer, opts: MatchOptions) -> Result<Matcher> {
        let norm = NormOptions {
            fold_case: true,
            fold_diacritics: opts.fold_diacritics,
        };
        let words = Words::builtin();
        if u32::try_from(gazetteer.len()).is_err() {
            return Err(Error::Option(
                "gazetteer has more than 2^32 entities".into(),
            ));
        }
        // (normalised key, target) for every enabled alias, normalised in parallel.
        let mut keyed: Vec<(String, Target)> = gazetteer
            .entities()
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, entity)| {
                entity
                    .aliases
                    .iter()
                    .filter(move |alias| match alias.form {
                        Form::Demonym => opts.demonyms,
                        Form::Capital => opts.capitals,
                        _ => true,
                    })
                    .flat_map(move |alias| {
                        // A leading article is not part of the name ("The New York Times" is
                        // found as "New York Times", whether or not "the" comes before it).
                        let text = strip_article(&alias.text, words);
                        // "Schroeder" for "Schröder", as the English-language press writes it.
                        let written_out = umlauts_written_out(text);
                        // "George W Bush" for "George W. Bush": people's initials only ("S.
                        // Africa" as "S Africa" would match "FRANCE'S AFRICA POLICY").
                        let no_stops = (&*entity.kind == "person")
                            .then(|| initials_without_stops(text))
                            .flatten();
                        // "Uefa" for "UEFA", as the British press writes acronyms it says as
                        // words; matched in that case only.
                        let as_word = acronym_as_word(text, words);
                        // "Sheikh Tamim bin Hamad al-Thani" for "Sheikh Tamim" and "Tamim bin
                        // Hamad al-Thani".
                        let titled = if &*entity.kind == "person" {
                            titled_longer_names(&entity.aliases, text, norm, words)
                        } else {
                            Vec::new()
                        };
                        let exact = alias.form == Form::Abbreviation || is_all_caps(text);
                        std::iter::once(Cow::Borrowed(text))
                            .chain(written_out.map(Cow::Owned))
                            .chain(no_stops.map(Cow::Owned))
                            .chain(titled.into_iter().map(Cow::Owned))
                            .map(move |text| {
                                let exact = exact || is_all_caps(&text);
                                (text, exact)
                            })
                            .chain(as_word.map(|t| (Cow::Owned(t), true)))
                            .filter_map(move |(text, exact)| {
                                let key = normalize_str(&text, norm);
                                if key.is_empty() {
                                    return None;
                                }
                                let target = Target::new(
                                    i as u32,
                                    alias.form,
                                    exact,
                                    normalize_str(&text, preserve(norm)),
                                );
                                Some((key, target))
                            })
                    })
            })
            .collect();
        // Sorting by key groups the aliases of one pattern (patterns are numbered in key
        // order); within a pattern, targets are ordered by entity, form and alias.
        keyed.par_sort_unstable_by(|(ka, ta), (kb, tb)| {
            ka.cmp(kb)
                .then(ta.entity.cmp(&tb.entity))
                .then(ta.form.cmp(&tb.form))
                .then(ta.alias.cmp(&tb.alias))
        });
        keyed.dedup_by(|a, b| {
            a.0 == b.0 && a.1.entity == b.1.entity && a.1.form == b.1.form && a.1.alias == b.1.alias
        });
        let mut patterns: Vec<String> = Vec::new();
        let mut spans: Vec<(u32, u32)> = Vec::new();
        let mut targets = Vec::with_capacity(keyed.len());
        for (key, t) in keyed {
            let idx = targets.len() as u32;
            if patterns.last() == Some(&key) {
                spans.last_mut().expect("a span per pattern").1 = idx + 1;
            } else {
                patterns.push(key);
                spans.push((idx, idx + 1));
            }
            targets.push(t);
        }
        // Split the patterns by whether every alias behind them needs a capital first letter.
        let (mut cap_ids, mut any_ids) = (Vec::new(), Vec::new());
        for (p, &(lo, hi)) in spans.iter().enumerate() {
            let lower_ok = targets[lo as usize..hi as usize]
                .iter()
                .any(|t: &Target| may_start_lowercase(t));
            if lower_ok {
                any_ids.push(p as u32);
            } else {
                cap_ids.push(p as u32);
            }
        }
        let (capital, any) = rayon::join(
            || Search::build(&patterns, cap_ids),
            || Search::build(&patterns, any_ids),
        );
        let (capital, any) = (capital?, any?);
        drop(patterns);
        Ok(Matcher {
            capital,
            any,
            spans,
            targets,
            norm,
        })
    }

    /// The number of distinct normalised aliases.
    pub fn pattern_count(&self) -> usize {
        self.spans.len()
    }

    /// The alias behind a target index of a [`RawMatch`].
    pub fn target(&self, idx: u32) -> &Target {
        &self.targets[idx as usize]
    }

    /// The normalisation the matcher uses.
    pub fn norm_options(&self) -> NormOptions {
        self.norm
    }

    /// Normalises `text` and finds all matches in it, in order.
    pub fn find(&self, text: &str) -> (Normalized, Vec<RawMatch>) {
        let norm = normalize(text, self.norm);
        let matches = self.find_in(text, &norm);
        (norm, matches)
    }

    /// Finds all matches in `text`, given its normalised form.
    pub fn find_in(&self, text: &str, norm: &Normalized) -> Vec<RawMatch> {
        let hay = norm.as_str();
        let bytes = hay.as_bytes();
        let char_at = |i: usize, b: u8| word_char_at(hay, i, b);
        let mut out = Vec::new();
        let mut i = 0;
        // At `i`, the character before is not a word character, or a match ends there (which
        // then is followed by no word character, or ended with none).
        while i < bytes.len() {
            let (is_word, len) = char_at(i, bytes[i]);
            if !is_word {
                i += len;
                continue;
            }
            if let Some(m) = self.best_at(text, norm, i, starts_capital(norm, i)) {
                i = m.norm_end;
                out.push(m);
                continue;
            }
            // No match starts at this word: skip the rest of it.
            i += len;
            while let Some(&b) = bytes.get(i) {
                let (is_word, len) = char_at(i, b);
                if !is_word {
                    break;
                }
                i += len;
            }
        }
        out
    }

    /// The longest alias starting at normalised offset `at` that passes its checks.
    fn best_at(&self, text: &str, norm: &Normalized, at: usize, capital: bool) -> Option<RawMatch> {
        let mut best = None;
        if capital {
            self.best_in(&self.capital, text, norm, at, &mut best);
        }
        self.best_in(&self.any, text, norm, at, &mut best);
        best
    }

    fn best_in(
        &self,
        search: &Search,
        text: &str,
        norm: &Normalized,
        at: usize,
        best: &mut Option<RawMatch>,
    ) {
        let hay = norm.as_str();
        if !search.prefixes.may_start(&hay.as_bytes()[at..]) {
            return;
        }
        let Some(Shard { ac, ids }) = search.shard(hay.as_bytes()[at]) else {
            return;
        };
        let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
        // The overlapping iterator refuses anchored input; the stepwise API takes it. Matches
        // carried over from failure states can start later, hence the start check.
        let mut state = OverlappingState::start();
        loop {
            if ac.try_find_overlapping(input.clone(), &mut state).is_err() {
                break;
            }
            let Some(m) = state.get_match() else { break };
            if m.start() != at {
                continue;
            }
            let end = m.end();
            if best.as_ref().is_some_and(|b: &RawMatch| b.norm_end >= end) {
                continue;
            }
            let last = hay[..end].chars().next_back();
            let next = hay[end..].chars().next();
            if last.is_some_and(is_word_char) && next.is_some_and(is_word_char) {
                continue;
            }
            let start = norm.orig_start(at);
            let orig_end = norm.orig_end(end);
            let surface = &text[start..orig_end];
            let (lo, hi) = self.spans[ids[m.pattern().as_usize()] as usize];
            let mut cased: Option<Cow<'_, str>> = None;
            // The last case check of an alias that is not exact: the next target's check is the
            // same when its alias capitalises the same words of as many (the family name of
            // each of hundreds of listed people who share it).
            let mut last: Option<(u64, u32, bool)> = None;
            let targets: Vec<u32> = (lo..hi)
                .filter(|&t| {
                    let target = &self.targets[t as usize];
                    if let Some((capitals, words, ok)) = last
                        && !target.exact
                        && (capitals, words) == (target.capitals, target.words)
                    {
                        return ok;
                    }
                    let cased = cased.get_or_insert_with(|| cased_surface(surface, self.norm));
                    let ok = case_ok(target, cased);
                    if !target.exact {
                        last = Some((target.capitals, target.words, ok));
                    }
                    ok
                })
                .collect();
            if !targets.is_empty() {
                *best = Some(RawMatch {
                    start,
                    end: orig_end,
                    norm_start: at,
                    norm_end: end,
                    targets,
                });
            }
        }
    }
}

/// The character at byte `i` of `hay`, whose first byte is `b`: whether it is a word character,
/// and its length (ASCII, most of the text, without decoding). Inlined: it runs for every byte
/// of the text, and left as a call it costs the matcher a third more.
#[inline(always)]
fn word_char_at(hay: &str, i: usize, b: u8) -> (bool, usize) {
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = hay[i..].chars().next().expect("char boundary");
    (is_word_char(c), c.len_utf8())
}

/// Whether the word at normalised offset `at` starts with a capital or a non-letter in the
/// original text.
fn starts_capital(norm: &Normalized, at: usize) -> bool {
    norm.starts_upper(at)
        || !norm.as_str()[at..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
}

/// Whether text starting with a lower-case letter may pass this alias's case check.
fn may_start_lowercase(t: &Target) -> bool {
    let first_word = t.alias.split([' ', '-']).next().unwrap_or("");
    match first_word.chars().find(|c| c.is_alphanumeric()) {
        None => true,
        Some(c) if !c.is_alphabetic() => false,
        Some(c) if t.exact => c.is_lowercase(),
        Some(c) => c.is_lowercase() || is_function_word(first_word),
    }
}

/// A person's alias that begins with a title ("Sheikh Tamim", "Emir Tamim") written before each
/// longer name of theirs that goes on from the rest of it ("Tamim bin Hamad al-Thani"): "Sheikh
/// Tamim bin Hamad al-Thani". Matching is leftmost-first, so without these the titled alias,
/// found first, cut the full name short and left "bin Hamad al-Thani" to discovery as someone
/// else ("Hamad al-Thani"), or made the name, followed by "al-Maktoum", someone else's.
fn titled_longer_names(
    aliases: &[Alias],
    alias: &str,
    norm: NormOptions,
    words: &Words,
) -> Vec<String> {
    let mut found = Vec::new();
    // At each word break within a title's length: the longer names that go on from the rest,
    // then whether what comes before is a title (most aliases have no such longer name, and
    // are passed over without normalising anything). The longest title wins.
    for (k, (at, _)) in alias.match_indices(' ').enumerate() {
        if k >= words.max_title_words() {
            break;
        }
        let (head, rest) = (&alias[..at], &alias[at + 1..]);
        let longer = || {
            aliases.iter().filter(move |a| {
                a.form == Form::Name
                    && a.text
                        .strip_prefix(rest)
                        .is_some_and(|t| t.starts_with(' '))
            })
        };
        if longer().next().is_some() && words.is_title_norm(&normalize_str(head, norm)) {
            found = longer().map(|a| format!("{head} {}", a.text)).collect();
        }
    }
    found
}

/// `"The New York Times"` -> `"New York Times"`. The article stays when what is left is one
/// common word ("The Economist", "The Telegraph"), which would otherwise match the word.
fn strip_article<'a>(s: &'a str, words: &Words) -> &'a str {
    for article in ["The ", "the ", "THE "] {
        if let Some(rest) = s.strip_prefix(article) {
            let rest = rest.trim_start();
            let one_common_word = !rest.contains(' ') && words.is_common(rest);
            if rest.chars().any(char::is_alphanumeric) && !one_common_word {
                return rest;
            }
        }
    }
    s
}

fn first_letter(s: &str) -> Option<char> {
    s.chars().find(|c| c.is_alphabetic())
}

/// Checks a target's case policy against the surface text (normalised without case folding).
fn case_ok(target: &Target, surface: &str) -> bool {
    if target.exact {
        return surface == &*target.alias;
    }
    let mut n = 0u32;
    for (i, w) in alias_words(surface).enumerate() {
        if i < 64
            && target.capitals & (1 << i) != 0
            && !first_letter(w).is_some_and(char::is_uppercase)
        {
            return false;
        }
        n += 1;
    }
    n == target.words
}

/// A word of at most five ASCII bytes in lower case, and its length, packed in one number.
const fn word_key(word: &[u8]) -> u64 {
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() && i < 7 {
        key |= (word[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

/// [`FUNCTION_WORDS`] as [`word_key`]s.
const FUNCTION_KEYS: [u64; FUNCTION_WORDS.len()] = {
    let mut keys = [0; FUNCTION_WORDS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(FUNCTION_WORDS[i].as_bytes());
        i += 1;
    }
    keys
};

/// Whether `word` (any case) is one of [`FUNCTION_WORDS`].
fn is_function_word(word: &str) -> bool {
    // (The longest is five bytes; most words are longer.)
    if word.len() > 5 {
        return false;
    }
    if word.is_ascii() {
        // Each word as one number, compared with all of the list's at once.
        let key = word_key(word.as_bytes());
        FUNCTION_KEYS
            .iter()
            .fold(false, |found, &k| found | (k == key))
    } else {
        FUNCTION_WORDS.contains(&word.to_lowercase().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::parse_tsv;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for plain ASCII surfaces agrees with the normaliser on any text.
        #[test]
        fn cased_surface_is_the_normal_form(s in "[ a-zA-Z.'`&#;0-9\t\n\x00\x7f-]{0,12}|\\PC{0,8}") {
            for opts in [NormOptions::MATCH, NormOptions { fold_case: true, fold_diacritics: false }] {
                prop_assert_eq!(cased_surface(&s, opts), normalize_str(&s, preserve(opts)));
            }
        }

        /// The prefix filter lets through every text that begins with a pattern, whatever
        /// follows, and passes over most that begin with none.
        #[test]
        fn prefixes_pass_every_pattern(
            patterns in prop::collection::vec("[a-e]{1,5}", 1..20),
            pick in any::<prop::sample::Index>(),
            rest in "[a-e ]{0,4}",
        ) {
            let f = Prefixes::new(patterns.iter().map(|p| p.as_bytes()));
            let text = format!("{}{rest}", pick.get(&patterns));
            prop_assert!(f.may_start(text.as_bytes()));
        }
    }

    #[test]
    fn function_words_are_short_enough_for_the_length_check() {
        assert!(FUNCTION_WORDS.iter().all(|w| w.len() <= 5 && w.is_ascii()));
        assert!(
            is_function_word("Della") && is_function_word("VON") && !is_function_word("dellas")
        );
        // Every word of the list in any case, and no word that only begins or ends like one.
        for w in FUNCTION_WORDS {
            assert!(
                is_function_word(w) && is_function_word(&w.to_uppercase()),
                "{w}"
            );
            for near in [format!("{w}s"), format!("a{w}"), w[1..].to_string()] {
                assert_eq!(
                    is_function_word(&near),
                    FUNCTION_WORDS.contains(&&*near),
                    "{near}"
                );
            }
        }
        assert!(!is_function_word("") && !is_function_word("o") && !is_function_word("tho"));
    }

    #[test]
    fn prefixes_pass_over_words_no_pattern_starts() {
        let f = Prefixes::new(["united states", "us", "x"].iter().map(|p| p.as_bytes()));
        for text in ["united kingdom", "us ", "usa", "x-ray", "un"] {
            assert!(f.may_start(text.as_bytes()), "{text}");
        }
        for text in ["the", "prosecutors", "in 1995", "uk "] {
            assert!(!f.may_start(text.as_bytes()), "{text}");
        }
    }

    const GAZ: &str = "\
country:us\tcountry\tUnited States\tabbreviation=U.S.|abbreviation=US|abbreviation=USA|America|demonym=American|capital=Washington\t
country:cn\tcountry\tChina\tPeople's Republic of China|demonym=Chinese|capital=Beijing\t
country:tr\tcountry\tTurkey\tTürkiye|demonym=Turkish\t
agency:who\tagency\tWorld Health Organization\tabbreviation=WHO\t
agency:usaid\tagency\tU.S. Agency for International Development\tabbreviation=USAID\t
person:xi-jinping\tperson\tXi Jinping\tsurname=Xi\t
person:erdogan\tperson\tRecep Tayyip Erdoğan\tsurname=Erdoğan\t
agency:boe\tagency\tThe Bank of England\t\t
person:schroder\tperson\tGerhard Schröder\tsurname=Schröder\t
person:gwb\tperson\tGeorge W. Bush\t\t
country:za\tcountry\tSouth Africa\tS. Africa\t
person:tamim\tperson\tTamim bin Hamad Al Thani\tSheikh Tamim|Tamim bin Hamad al-Thani\t
";

    fn run(text: &str, opts: MatchOptions) -> Vec<(String, &str)> {
        let g = {
            let mut g = Gazetteer::new();
            g.extend(parse_tsv(GAZ, "t").unwrap());
            g
        };
        let m = Matcher::new(&g, opts).unwrap();
        let (_, found) = m.find(text);
        found
            .iter()
            .map(|r| {
                let ids: Vec<&str> = r
                    .targets
                    .iter()
                    .map(|&t| &*g.entities()[m.target(t).entity as usize].id)
                    .collect();
                (ids.join("+"), &text[r.start..r.end])
            })
            .collect()
    }

    /// Rows of (text, [(entity ids, surface)]).
    #[test]
    fn matching_rules() {
        let rows: &[(&str, &[(&str, &str)])] = &[
            (
                "China and the U.S. met",
                &[("country:cn", "China"), ("country:us", "U.S.")],
            ),
            ("let us talk", &[]),
            ("US and us", &[("country:us", "US")]),
            ("who said it?", &[]),
            ("the WHO said", &[("agency:who", "WHO")]),
            ("Who knows", &[]),
            ("Chinatown", &[]),
            ("USAID funds", &[("agency:usaid", "USAID")]),
            ("a turkey dinner", &[]),
            (
                "Turkey and Türkiye",
                &[("country:tr", "Turkey"), ("country:tr", "Türkiye")],
            ),
            ("china plates", &[]),
            ("CHINA TALKS", &[("country:cn", "CHINA")]),
            (
                "China's and Xi’s",
                &[("country:cn", "China"), ("person:xi-jinping", "Xi")],
            ),
            (
                "Xi\n  Jinping spoke",
                &[("person:xi-jinping", "Xi\n  Jinping")],
            ),
            (
                "Erdogan and Erdoğan",
                &[("person:erdogan", "Erdogan"), ("person:erdogan", "Erdoğan")],
            ),
            (
                "the People's Republic of China",
                &[("country:cn", "People's Republic of China")],
            ),
            (
                "the People’s Republic of China",
                &[("country:cn", "People’s Republic of China")],
            ),
            ("Bank of England", &[("agency:boe", "Bank of England")]),
            ("bank of England", &[]),
            ("Chinese officials", &[("country:cn", "Chinese")]),
            ("Beijing said", &[]),
            ("anti-American", &[("country:us", "American")]),
            (
                "U.S.-China ties",
                &[("country:us", "U.S."), ("country:cn", "China")],
            ),
            ("USA", &[("country:us", "USA")]),
            ("Usa", &[]),
            ("xi", &[]),
            ("the Bank of England", &[("agency:boe", "Bank of England")]),
            ("The Bank of England", &[("agency:boe", "Bank of England")]),
            // Umlauts written out, as the English-language press writes German names.
            (
                "Gerhard Schroeder, Gerhard Schröder, Gerhard Schroder",
                &[
                    ("person:schroder", "Gerhard Schroeder"),
                    ("person:schroder", "Gerhard Schröder"),
                    ("person:schroder", "Gerhard Schroder"),
                ],
            ),
            ("SCHROEDER", &[("person:schroder", "SCHROEDER")]),
            ("Schroeders", &[]),
            // An initial's full stop may be left out, as many papers do.
            (
                "George W. Bush and George W Bush",
                &[
                    ("person:gwb", "George W. Bush"),
                    ("person:gwb", "George W Bush"),
                ],
            ),
            ("George Bush", &[]),
            ("FRANCE'S AFRICA", &[]),
            ("S. Africa", &[("country:za", "S. Africa")]),
        ];
        for (text, want) in rows {
            let got = run(text, MatchOptions::default());
            let want: Vec<(String, &str)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "matches in {text:?}");
        }
    }

    #[test]
    fn written_out_umlauts_match_without_folding_diacritics() {
        let opts = MatchOptions {
            fold_diacritics: false,
            ..MatchOptions::default()
        };
        assert_eq!(
            run("Schröder, Schroeder, Schroder", opts),
            vec![
                ("person:schroder".to_string(), "Schröder"),
                ("person:schroder".to_string(), "Schroeder"),
            ]
        );
    }

    #[test]
    fn forms_are_switchable() {
        let opts = MatchOptions {
            capitals: true,
            demonyms: false,
            ..MatchOptions::default()
        };
        assert_eq!(
            run("Beijing and Chinese", opts),
            vec![("country:cn".to_string(), "Beijing")]
        );
    }

    /// Regression (a reader's review): "Sheikh Tamim bin Hamad al-Thani" was matched as
    /// "Sheikh Tamim", and "Hamad al-Thani" after it was discovered as someone else.
    #[test]
    fn a_titled_alias_goes_on_into_a_longer_name_of_the_person() {
        assert_eq!(
            run(
                "Sheikh Tamim bin Hamad al-Thani spoke. Sheikh Tamim left.",
                MatchOptions::default()
            ),
            vec![
                (
                    "person:tamim".to_string(),
                    "Sheikh Tamim bin Hamad al-Thani"
                ),
                ("person:tamim".to_string(), "Sheikh Tamim"),
            ]
        );
    }
}
