//! Context checks: is a matched name really a mention, or part of a larger name?
//!
//! A country or agency name inside another proper name is not a mention of it: "Air France",
//! "Northern Ireland", "Hong Kong Open", "Panama City", "Iraqi National Congress", "Neil Jordan".
//! In running text (not a headline), a match that is directly preceded or followed by another
//! capitalised word is taken as part of a larger name, unless that word is a title ("Chinese
//! President"), a day or month, a function word, or (at the start of a sentence) a common word
//! ("In China"). In headlines (all capitals or title case) capitalisation says nothing, so only a
//! short list of words that extend place names ("CITY", "OPEN", "NORTHERN", ...) is used. A name
//! glued by a hyphen to an ordinary word ("France-registered", "Hong Kong-based") is an adjective,
//! not a mention. A demonym before an agency of another country ("Indonesian Democratic Party")
//! means the agency match is wrong. A country joined by "and" to one that starts an
//! organisation's name is part of that name too ("England and Wales Cricket Board"). In a line
//! written in capitals, "WHO" and "US" may be the words "who" and "us" ("WHO WILL LEAD THE
//! PARTY?", "LET US PRAY"): see [`word_in_capitals`] for when they are taken so. A country's
//! name opening a sentence may be a thing of the same name ("Turkey sandwiches"): see
//! [`thing_named_like_country`]. A person's name before "airport", "club" or "plc" names a
//! place, an institution or a company after the person ("Charles de Gaulle airport"): see
//! [`named_after_person`]; one after a ship's word or prefix names the ship ("the aircraft
//! carrier Carl Vinson", "USS Ronald Reagan"), and one after a word for a company the company
//! ("investment firm Grant Samuel"): see [`vessel_or_firm_before`].

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::gazetteer::FastHash;
use crate::gazetteer::words::Words;
use crate::text::{Normalized, Sentence, is_word_char};

/// Words after a name that make it part of a larger name, even in headlines.
const EXTEND_AFTER: &[&str] = &[
    "city",
    "open",
    "cup",
    "league",
    "masters",
    "classic",
    "championship",
    "championships",
    "grand",
    "airlines",
    "airways",
    "express",
    "standard",
    "times",
    "post",
    "daily",
    "herald",
    "telegraph",
    "tribune",
    "gulf",
    "sea",
    "ocean",
    "bay",
    "river",
    "valley",
    "street",
    "avenue",
    "square",
    "stadium",
    "university",
    "college",
    "club",
    "fc",
    "united",
    "rovers",
    "tour",
    "rally",
    "series",
    "trophy",
    "games",
    "bank",
    "airport",
    "province",
    "state",
    "county",
];

/// Words before a name that make it part of a larger name, even in headlines.
const EXTEND_BEFORE: &[&str] = &[
    "northern", "southern", "eastern", "western", "north", "south", "east", "west", "central",
    "upper", "lower", "greater", "new", "air", "media", "radio", "tour", "royal", "mexico",
    "latin",
];

/// Capitalised words after a country's name that name a part of its state, not a larger name
/// the country's is part of: "the Indian Government", "US TV", "a US Embassy spokesman" are the
/// country (where "US Airways" is not). A listed body of such a name ("French Navy") is the
/// longer match and wins.
const OF_THE_STATE: &[&str] = &[
    "government",
    "govt",
    "embassy",
    "embassies",
    "consulate",
    "army",
    "navy",
    "military",
    "troops",
    "soldiers",
    "forces",
    "police",
    "authorities",
    "officials",
    "diplomats",
    "ambassador",
    "envoy",
    "cabinet",
    "parliament",
    "tv",
    "television",
];

/// Whether a capitalised word after a country's name names a part of its state
/// ([`OF_THE_STATE`]).
pub(super) fn of_the_state(word_norm: &str) -> bool {
    OF_THE_STATE.contains(&word_norm)
}

/// Capitalised words that may stand next to a name without being part of it (with the names of
/// days and months, [`CALENDAR`]).
const NEUTRAL: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "of", "for", "to", "and", "or", "but", "by", "from",
    "with", "as", "if", "while", "after", "before", "since", "when", "where", "that", "this",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "i",
];

/// The longest word in [`NEUTRAL`] and [`CALENDAR`].
const NEUTRAL_MAX: usize = {
    let mut max = 0;
    let mut i = 0;
    while i < NEUTRAL.len() {
        if NEUTRAL[i].len() > max {
            max = NEUTRAL[i].len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < CALENDAR.len() {
        if CALENDAR[i].len() > max {
            max = CALENDAR[i].len();
        }
        i += 1;
    }
    max
};

/// Whether `w` is in [`NEUTRAL`] or [`CALENDAR`] (ignoring ASCII case if asked): one hash lookup instead of a
/// scan of the list, for every word of every sentence tested as a headline.
fn is_neutral_ascii(w: &[u8], ignore_case: bool) -> bool {
    type Set = HashSet<&'static [u8], FastHash>;
    static SET: LazyLock<Set> = LazyLock::new(|| {
        (NEUTRAL.iter().chain(CALENDAR))
            .map(|n| n.as_bytes())
            .collect()
    });
    // Per first letter, the lengths of the words starting with it: most words of a sentence
    // are ruled out by these two bytes, without hashing.
    static LENGTHS: LazyLock<[u16; 26]> = LazyLock::new(|| {
        let mut lengths = [0u16; 26];
        for n in NEUTRAL.iter().chain(CALENDAR) {
            lengths[usize::from(n.as_bytes()[0] - b'a')] |= 1 << n.len();
        }
        lengths
    });
    const _: () = assert!(NEUTRAL_MAX < 16, "LENGTHS holds lengths below 16");
    let Some(first) = w.first().map(u8::to_ascii_lowercase) else {
        return false;
    };
    if w.len() > NEUTRAL_MAX
        || !first.is_ascii_lowercase()
        || LENGTHS[usize::from(first - b'a')] & (1 << w.len()) == 0
    {
        return false;
    }
    if ignore_case {
        let mut lower = [0u8; NEUTRAL_MAX];
        lower[..w.len()].copy_from_slice(w);
        lower[..w.len()].make_ascii_lowercase();
        SET.contains(&lower[..w.len()])
    } else {
        SET.contains(w)
    }
}

/// Whether sentences are headlines (all capitals, or title case), worked out when first asked:
/// most sentences hold no match that needs it.
pub(super) struct Headlines<'a> {
    text: &'a str,
    sentences: &'a [Sentence],
    cache: Vec<std::cell::OnceCell<bool>>,
}

impl<'a> Headlines<'a> {
    pub(super) fn new(text: &'a str, sentences: &'a [Sentence]) -> Headlines<'a> {
        Headlines {
            text,
            sentences,
            cache: (0..sentences.len())
                .map(|_| std::cell::OnceCell::new())
                .collect(),
        }
    }

    /// Whether sentence `i` is a headline (a missing sentence counts as one: no guesses).
    pub(super) fn get(&self, i: usize) -> bool {
        match (self.cache.get(i), self.sentences.get(i)) {
            (Some(c), Some(s)) => *c.get_or_init(|| is_headline(&self.text[s.start..s.end])),
            _ => true,
        }
    }
}

/// Whether a sentence is written in capitals or in title case.
fn is_headline(t: &str) -> bool {
    if t.is_ascii() {
        is_headline_ascii(t.as_bytes())
    } else {
        is_headline_chars(t)
    }
}

fn is_headline_chars(t: &str) -> bool {
    if !t.chars().any(char::is_lowercase) {
        return t.chars().filter(|c| c.is_alphabetic()).count() >= 4;
    }
    // Title case: nearly every word of three letters or more after the first is capitalised
    // (function words aside).
    let (mut words, mut caps) = (0usize, 0usize);
    for w in t.split_whitespace().skip(1) {
        if w.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            continue;
        }
        if w.chars().next().is_some_and(char::is_uppercase) {
            // A capitalised function word ("The", "And") counts for neither side.
            if !is_neutral_ascii(w.as_bytes(), true) {
                words += 1;
                caps += 1;
            }
        } else if !is_neutral_ascii(w.as_bytes(), false) {
            words += 1;
            // Already too many lower-case words for title case.
            if words - caps > 3 && caps * 10 < words * 9 {
                return false;
            }
        }
    }
    // (Last: most sentences are ruled out by their lower-case words before.)
    words >= 3 && caps * 10 >= words * 9 && !is_table_row(t.split_whitespace().map(str::as_bytes))
}

/// [`is_headline`] for ASCII text (most sentences), on bytes.
fn is_headline_ascii(t: &[u8]) -> bool {
    if !t.iter().any(u8::is_ascii_lowercase) {
        return t.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 4;
    }
    // `char::is_whitespace` on ASCII (which includes the vertical tab).
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let (mut words, mut caps) = (0usize, 0usize);
    for w in t.split(space).filter(|w| !w.is_empty()).skip(1) {
        if w.iter().filter(|b| b.is_ascii_alphabetic()).count() < 3 {
            continue;
        }
        if w[0].is_ascii_uppercase() {
            if !is_neutral_ascii(w, true) {
                words += 1;
                caps += 1;
            }
        } else if !is_neutral_ascii(w, false) {
            words += 1;
            if words - caps > 3 && caps * 10 < words * 9 {
                return false;
            }
        }
    }
    words >= 3 && caps * 10 >= words * 9 && !is_table_row(t.split(space).filter(|w| !w.is_empty()))
}

/// Whether the words of a line in mixed case are a table's row, not a headline in title case:
/// two or more of them hold digits ("Guy Forget (France) beat Felix Mantilla (Spain) 6-4
/// 7-5", "291 Phillip Price 72 76 74 69"); its names are written as anywhere else.
fn is_table_row<'a>(words: impl Iterator<Item = &'a [u8]>) -> bool {
    words
        .filter(|w| w.iter().any(u8::is_ascii_digit))
        .nth(1)
        .is_some()
}

/// A word next to a match: its span in the normalised text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Neighbour {
    pub(super) norm_start: usize,
    pub(super) norm_end: usize,
    /// The word is a possessive ("Russia's"), which is never part of a larger name.
    pub(super) possessive: bool,
}

/// The word directly before normalised offset `at` (one space between), if it is not cut off by
/// punctuation.
pub(super) fn word_before(norm: &Normalized, at: usize) -> Option<Neighbour> {
    let hay = norm.as_str();
    let before = hay[..at].strip_suffix(' ')?;
    let start = before.rfind(' ').map_or(0, |i| i + 1);
    let token = &before[start..];
    let last = token.chars().next_back()?;
    if !(is_word_char(last) || last == '.') {
        return None;
    }
    let lead = token.len() - token.trim_start_matches(|c: char| !is_word_char(c)).len();
    if lead == token.len() {
        return None;
    }
    // A possessive ("Russia's Federal Security Service") ends before the apostrophe.
    let core = token
        .strip_suffix("'s")
        .or_else(|| token.strip_suffix('\''))
        .unwrap_or(token);
    if core.len() <= lead {
        return None; // "'s" on its own, as in tokenised text ("England 's")
    }
    Some(Neighbour {
        norm_start: start + lead,
        norm_end: start + core.len(),
        possessive: core.len() != token.len(),
    })
}

/// The word directly after normalised offset `at` (one space between), if it starts with a
/// letter or digit.
pub(super) fn word_after(norm: &Normalized, at: usize) -> Option<Neighbour> {
    let hay = norm.as_str();
    let after = hay[at..].strip_prefix(' ')?;
    let first = after.chars().next()?;
    if !is_word_char(first) {
        return None;
    }
    let len = after
        .find(|c: char| !(is_word_char(c) || c == '\'' || c == '.'))
        .unwrap_or(after.len());
    let word = after[..len].trim_end_matches(['.', '\'']);
    Some(Neighbour {
        norm_start: at + 1,
        norm_end: at + 1 + word.len(),
        possessive: false,
    })
}

/// Whether the match is glued by a hyphen to a word before or after it; returns that word.
pub(super) fn hyphen_neighbour(norm: &Normalized, ns: usize, ne: usize) -> Option<Neighbour> {
    let hay = norm.as_str();
    if hay[ne..].starts_with('-') && hay[ne + 1..].chars().next().is_some_and(is_word_char) {
        let rest = &hay[ne + 1..];
        let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
        return Some(Neighbour {
            norm_start: ne + 1,
            norm_end: ne + 1 + len,
            possessive: false,
        });
    }
    if ns > 0 && hay[..ns].ends_with('-') {
        let before = &hay[..ns - 1];
        if before.chars().next_back().is_some_and(is_word_char) {
            let start = before.rfind(|c: char| !is_word_char(c)).map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
            return Some(Neighbour {
                norm_start: start,
                norm_end: ns - 1,
                possessive: false,
            });
        }
    }
    None
}

/// Prefixes joined by a hyphen before a name that leave it a mention: "pro-Russian separatists",
/// "anti-US protests", "the ex-UK envoy", "non-EU citizens".
const NAME_PREFIXES: &[&str] = &["pro", "anti", "ex", "non"];

/// Whether a word before a name and a hyphen leaves the name a mention ([`NAME_PREFIXES`]).
pub(super) fn keeps_name(word_norm: &str) -> bool {
    NAME_PREFIXES.contains(&word_norm)
}

/// Whether the original text of a neighbour starts with a capital letter.
pub(super) fn capitalised(_text: &str, norm: &Normalized, n: Neighbour) -> bool {
    norm.as_str()[n.norm_start..n.norm_end]
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .is_some_and(|(k, _)| norm.starts_upper(n.norm_start + k))
}

/// Whether a capitalised neighbour says nothing about the match (title, function word, date).
pub(super) fn neutral(words: &Words, word_norm: &str, at_sentence_start: bool) -> bool {
    let w = word_norm.trim_end_matches('.');
    is_neutral_ascii(w.as_bytes(), false)
        || title_start(words, word_norm).is_some()
        || (at_sentence_start && words.is_common_norm(w))
}

/// The prefix of an office held before, glued to the title: "ex-Prime Minister",
/// "Ex-President". Like the word "former" before a title, it is no part of the title, so the
/// title (the person's role, and the office it names) is read after it.
const EX: &str = "ex-";

/// Where a title starts in the normalised `s`: at 0 when `s` is a title, after [`EX`] when what
/// follows it is one ("ex-president"); `None` when `s` is no title.
pub(super) fn title_start(words: &Words, s: &str) -> Option<usize> {
    if words.is_title_norm(s) {
        return Some(0);
    }
    let rest = s.strip_prefix(EX)?;
    words.is_title_norm(rest).then_some(EX.len())
}

/// Whether a normalised word can end a title, after [`EX`] too ("ex-president").
pub(super) fn ends_title(words: &Words, word_norm: &str) -> bool {
    words.is_title_end_norm(word_norm)
        || word_norm
            .strip_prefix(EX)
            .is_some_and(|w| words.is_title_end_norm(w))
}

/// Whether a whole title starts at normalised offset `at` ("Assistant Foreign Minister Zheng").
pub(super) fn title_at(words: &Words, norm: &Normalized, at: usize) -> bool {
    let hay = norm.as_str();
    let mut end = at;
    for _ in 0..words.max_title_words() {
        let rest = &hay[end..];
        let len = rest.find(' ').unwrap_or(rest.len());
        end += len;
        let candidate = hay[at..end].trim_end_matches([',', ';', ':']);
        if title_start(words, candidate).is_some() {
            return true;
        }
        if end >= hay.len() {
            break;
        }
        end += 1;
    }
    false
}

/// Buildings and bodies: heads of names "X of COUNTRY" ("University of Chile", see
/// [`INSTITUTIONS`]) and words after a name that make it the name of something named after the
/// person ("the Nelson Mandela Foundation", see [`NAMED_AFTER`]).
const BUILDINGS_AND_BODIES: &[&str] = &[
    "university",
    "college",
    "school",
    "hall",
    "theatre",
    "theater",
    "cinema",
    "gallery",
    "hotel",
    "park",
    "institute",
    "foundation",
    "center",
    "centre",
    "tower",
    "organization",
    "organisation",
    "museum",
    "hospital",
    "club",
];

/// Heads of names "X of COUNTRY" besides [`BUILDINGS_AND_BODIES`]: institutions ("Bank of
/// America"), events ("Tour of Britain") and royal titles ("Prince of Wales"). The country in
/// such a name is where the institution is or what the title is of, not a mention. (Central
/// banks named so, such as "Bank of Canada", are agencies of their own, matched whole.)
const INSTITUTIONS: &[&str] = &[
    "bank",
    "academy",
    "church",
    "company",
    "corporation",
    "orchestra",
    "tour",
    "council",
    "society",
    "trust",
    "prince",
    "princess",
    "duke",
    "duchess",
];

/// Auxiliary and modal verbs: "WHO" before one is the question or relative word ("WHO WILL LEAD
/// THE PARTY?", "THE MAN WHO WOULD BE KING"), not the World Health Organization, which headlines
/// write with a main verb or "to" ("WHO WARNS", "WHO TO SEND").
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "can", "could", "should", "shall", "may", "might",
    "must", "do", "does", "did", "has", "have", "had",
];

/// Words before "of us" that make "us" the pronoun ("ALL OF US").
const QUANTIFIERS: &[&str] = &[
    "all", "most", "many", "some", "none", "each", "both", "few", "any", "one", "two", "three",
];

/// Pronouns and nouns of people before "WHO" that make it the relative word ("THOSE WHO WAIT",
/// "ANYONE WHO CARES"): the agency is never written after them.
const BEFORE_RELATIVE_WHO: &[&str] = &[
    "those",
    "anyone",
    "anybody",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "he",
    "she",
    "they",
    "people",
    "man",
    "woman",
    "men",
    "women",
];

/// Nouns that the country "US" qualifies in headlines ("LET US FORCES STAY", "LET US TROOPS
/// GO"): after "US" they make it the country even where the pronoun could stand.
const US_NOUNS: &[&str] = &[
    "forces",
    "troops",
    "soldiers",
    "army",
    "navy",
    "military",
    "marines",
    "officials",
    "government",
    "envoy",
    "embassy",
    "firms",
    "companies",
    "banks",
    "stocks",
    "shares",
    "economy",
    "dollar",
    "bases",
    "jets",
    "aid",
    "talks",
    "election",
    "voters",
];

/// Whether the abbreviation "WHO" or "US" at normalised `ns..ne`, in a sentence written in
/// capitals, is the English word "who" or "us". A line in capitals does not tell an abbreviation
/// from a word, so only words around it that say so count (the rule is deliberately narrow;
/// any other "WHO" or "US" in capitals stays the agency or the country):
/// - "WHO" before an auxiliary or modal verb ("WHO WILL LEAD", "WHO IS TO BLAME"), after a
///   pronoun or a noun of people ("THOSE WHO WAIT"), or opening a sentence that ends with a
///   question mark ("WHO KILLED THE MAYOR?");
/// - "US" after "let" ("LET US PRAY") unless a noun it qualifies follows ("LET US FORCES
///   STAY"), or after "of" and a quantifier, ending its sentence or before an auxiliary ("UP TO
///   ALL OF US.", "ALL OF US MUST ACT").
pub(super) fn word_in_capitals(
    text: &str,
    norm: &Normalized,
    ns: usize,
    ne: usize,
    sent: &Sentence,
) -> bool {
    let hay = norm.as_str();
    let word = &hay[ns..ne];
    if !matches!(word, "who" | "us") {
        return false;
    }
    let line = &text[sent.start..sent.end];
    if line.chars().any(char::is_lowercase) {
        return false;
    }
    let inside = |nb: &Neighbour| {
        let at = norm.orig_start(nb.norm_start);
        at >= sent.start && at < sent.end
    };
    let text_of = |nb: Neighbour| &hay[nb.norm_start..nb.norm_end];
    let before = word_before(norm, ns).filter(inside);
    let after = word_after(norm, ne).filter(inside);
    if word == "who" {
        let opens = text
            .get(sent.start..norm.orig_start(ns))
            .is_some_and(|lead| !lead.chars().any(char::is_alphanumeric));
        let question = line
            .trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ' '])
            .ends_with('?');
        return after.is_some_and(|a| AUXILIARIES.contains(&text_of(a)))
            || before.is_some_and(|b| BEFORE_RELATIVE_WHO.contains(&text_of(b)))
            || (opens && question);
    }
    match before.map(text_of) {
        Some("let") => after.is_none_or(|a| !US_NOUNS.contains(&text_of(a))),
        Some("of") => {
            after.is_none_or(|a| AUXILIARIES.contains(&text_of(a)))
                && before
                    .and_then(|b| word_before(norm, b.norm_start))
                    .filter(inside)
                    .is_some_and(|q| QUANTIFIERS.contains(&text_of(q)))
        }
        _ => false,
    }
}

/// Names of countries that are also the names of things, with the words after them that make
/// them the thing ("turkey sandwiches", "china plates", "chile peppers"). The matcher leaves these
/// alone in lower case; where a capital says nothing (a sentence's first word, a headline), the
/// next word decides.
const THING_SENSES: &[(&str, &[&str])] = &[
    (
        "turkey",
        &[
            "sandwich",
            "sandwiches",
            "dinner",
            "dinners",
            "breast",
            "breasts",
            "burger",
            "burgers",
            "meat",
            "mince",
            "slices",
            "roast",
            "legs",
            "drumsticks",
            "twizzlers",
            "stuffing",
            "gravy",
            "sales",
            "farm",
            "farms",
            "farmer",
            "farmers",
            "flock",
            "flocks",
            "feathers",
        ],
    ),
    (
        "china",
        &[
            "plates", "plate", "cups", "teacups", "teapot", "teapots", "dolls",
        ],
    ),
    ("chile", &["pepper", "peppers", "powder", "sauce", "flakes"]),
];

/// Whether the country's name at normalised `ns..ne` is the thing of the same name ("Turkey
/// sandwiches were served", "TURKEY SALES SOAR"): it opens its sentence or stands in a headline
/// (`head`), and the next word is one that [`THING_SENSES`] lists for it. "Turkey's president"
/// and "Turkey said" stay the country.
pub(super) fn thing_named_like_country(
    text: &str,
    norm: &Normalized,
    ns: usize,
    ne: usize,
    sent: &Sentence,
    head: bool,
) -> bool {
    let hay = norm.as_str();
    let Some((_, nouns)) = THING_SENSES.iter().find(|(name, _)| *name == &hay[ns..ne]) else {
        return false;
    };
    let opens = text
        .get(sent.start..norm.orig_start(ns))
        .is_some_and(|lead| !lead.chars().any(char::is_alphanumeric));
    (opens || head)
        && word_after(norm, ne)
            .filter(|nb| norm.orig_start(nb.norm_start) < sent.end)
            .is_some_and(|nb| nouns.contains(&&hay[nb.norm_start..nb.norm_end]))
}

/// Nationality words that are part of a fixed name of a thing, with the words after them that
/// make it one: "Spanish flu", "Russian roulette", "French fries" say nothing of Spain, Russia or
/// France.
const DEMONYM_IDIOMS: &[(&str, &[&str])] = &[
    ("american", &["football"]),
    ("belgian", &["waffle", "waffles"]),
    ("brazilian", &["wax"]),
    ("canadian", &["bacon"]),
    ("chinese", &["checkers", "whispers", "lantern", "lanterns"]),
    ("danish", &["pastry", "pastries"]),
    (
        "dutch",
        &["courage", "auction", "auctions", "oven", "uncle"],
    ),
    ("egyptian", &["cotton"]),
    ("english", &["breakfast", "muffin", "muffins", "mustard"]),
    (
        "french",
        &[
            "fries", "toast", "kiss", "kissing", "horn", "horns", "windows", "polish", "dressing",
            "manicure",
        ],
    ),
    ("german", &["measles", "shepherd", "shepherds"]),
    ("greek", &["yoghurt", "yogurt", "salad"]),
    ("indian", &["summer", "ink"]),
    ("irish", &["coffee", "stew"]),
    ("mexican", &["wave", "standoff"]),
    ("persian", &["cat", "cats", "rug", "rugs"]),
    ("russian", &["roulette", "doll", "dolls", "dressing"]),
    ("spanish", &["flu", "omelette", "omelettes", "omelet"]),
    ("swedish", &["massage"]),
    ("swiss", &["cheese", "roll", "chard"]),
    ("turkish", &["delight", "bath", "baths"]),
    ("welsh", &["rarebit"]),
];

/// Whether the nationality word at normalised `ns..ne` is part of a fixed name of a thing
/// ([`DEMONYM_IDIOMS`]): the next word, in its sentence (original end `sentence_end`), makes it
/// one, in any case ("SPANISH FLU" in a headline too).
pub(super) fn demonym_idiom(norm: &Normalized, ns: usize, ne: usize, sentence_end: usize) -> bool {
    let hay = norm.as_str();
    let Some((_, nouns)) = DEMONYM_IDIOMS.iter().find(|(d, _)| *d == &hay[ns..ne]) else {
        return false;
    };
    word_after(norm, ne)
        .filter(|nb| nb.norm_start == ne + 1 && norm.orig_start(nb.norm_start) < sentence_end)
        .is_some_and(|nb| nouns.contains(&&hay[nb.norm_start..nb.norm_end]))
}

/// Last words of organisations' names ("Cricket Board", "Football Association", "Trade Union"):
/// the names of countries before them ("England and Wales Cricket Board") are part of the name.
const ORGANISATIONS: &[&str] = &[
    "academy",
    "agency",
    "alliance",
    "association",
    "authority",
    "bank",
    "board",
    "chamber",
    "club",
    "college",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "federation",
    "foundation",
    "fund",
    "institute",
    "league",
    "office",
    "party",
    "service",
    "society",
    "trust",
    "union",
    "university",
];

/// Whether the words after normalised offset `at`, up to three capitalised words before the
/// sentence's end (original offset `sentence_end`), end an organisation's name: " Cricket Board"
/// after "Wales", " Football Association" after "Portugal".
pub(super) fn organisation_after(norm: &Normalized, at: usize, sentence_end: usize) -> bool {
    let hay = norm.as_str();
    let mut at = at;
    for _ in 0..3 {
        let Some(nb) = word_after(norm, at) else {
            return false;
        };
        if norm.orig_start(nb.norm_start) >= sentence_end || !norm.starts_upper(nb.norm_start) {
            return false;
        }
        if ORGANISATIONS.contains(&&hay[nb.norm_start..nb.norm_end]) {
            return true;
        }
        at = nb.norm_end;
    }
    false
}

/// Words after a person's name, besides [`BUILDINGS_AND_BODIES`], that make it the name of
/// something named after the person: a place or an institution ("Charles de Gaulle airport",
/// "Vasco da Gama club", "Nelson Mandela Square") or a company ("George Wimpey plc"). Not as the
/// first part of a compound in lower case: "the Angela Merkel centre-right bloc" ("the Soros
/// Foundation-Kazakhstan" is one).
const NAMED_AFTER: &[&str] = &[
    "airport",
    "stadium",
    "arena",
    "street",
    "avenue",
    "boulevard",
    "square",
    "bridge",
    "library",
    "prize",
    "trophy",
    "award",
    "awards",
    "lecture",
    "trust",
    "fund",
    "laboratory",
    "plc",
    "ltd",
    "limited",
    "inc",
    "corp",
    "llc",
    "gmbh",
];

/// Words between a name and a word of [`NAMED_AFTER`]: "John F. Kennedy International Airport",
/// "Ronald Reagan National Airport".
const NAMED_AFTER_MIDDLE: &[&str] = &["international", "national", "presidential", "memorial"];

/// Capitalised words after a name that make it a place, a sports club or a programme:
/// "Jefferson County", "Carson City", "Ross County", "Charlton Athletic", "Bolton Wanderers",
/// "The Jerry Springer Show", "The Joe Louis Story". Only capitalised: "Mandela's city" is no
/// place, and "the Tony Blair story" is about him. ("United" and "Town" are left out: "Mandela United the
/// nation" in a headline, "a Trump Town Hall".)
const PLACE_OR_CLUB_AFTER: &[&str] = &[
    "county",
    "city",
    "rovers",
    "wanderers",
    "athletic",
    "albion",
    "hotspur",
    "academical",
    "rangers",
    "theatre",
    "theater",
    "cinema",
    "hotel",
    "airport",
    "stadium",
    "university",
    "hospital",
    "museum",
    "road",
    "show",
    "story",
];

/// Words that end a place's name after a given name that is also a word: "Rose Garden", "Grant
/// Park", "Hope Street", "Hunter Valley", "Grace Church". Only there: after a plain given name
/// most are family names too ("Charlotte Church", "Nathan Lane", "Damon Hill").
const PLACE_AFTER_WORD: &[&str] = &[
    "street", "avenue", "lane", "garden", "gardens", "valley", "church", "park", "square", "hill",
    "hills", "bridge", "island", "lake", "river", "bay", "beach", "creek", "place", "drive",
    "court", "terrace", "crescent", "chapel", "college", "school", "house", "centre", "center",
    "hall", "station", "point", "springs", "mountain",
];

/// Whether a normalised word ends a place's name after a given name that is also a word (see
/// [`PLACE_AFTER_WORD`]).
pub(super) fn place_word(word_norm: &str) -> bool {
    PLACE_AFTER_WORD.contains(&word_norm) || PLACE_OR_CLUB_AFTER.contains(&word_norm)
}

/// Whether original offset `at` opens a quotation or a bracket: the character before it is an
/// opening mark, or a straight quote after a space or at the start ('"Will Labour win?" he
/// asked'). A word there starts a sentence of its own.
pub(super) fn opens_quotation(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        Some('“' | '‘' | '«' | '„' | '(' | '[') => true,
        Some('"' | '\'') => before.next().is_none_or(char::is_whitespace),
        _ => false,
    }
}

/// Words that end the names of firms: "Stan Lee Media", "Tony Smith Holdings".
const FIRM_WORDS: &[&str] = &[
    "media",
    "group",
    "holdings",
    "capital",
    "partners",
    "associates",
    "entertainment",
    "productions",
    "records",
    "films",
    "pictures",
    "studios",
    "enterprises",
    "industries",
    "ventures",
    "investments",
    "securities",
    "management",
    "communications",
    "consulting",
    "motors",
];

/// Whether a word (normalised) after a name makes the whole the name of a firm, a body, a
/// building, a place or a club ([`FIRM_WORDS`], [`NAMED_AFTER`], [`BUILDINGS_AND_BODIES`],
/// [`INSTITUTIONS`], [`PLACE_OR_CLUB_AFTER`]): no word of a person's name.
pub(super) fn names_no_person(word_norm: &str) -> bool {
    [
        FIRM_WORDS,
        NAMED_AFTER,
        BUILDINGS_AND_BODIES,
        INSTITUTIONS,
        PLACE_OR_CLUB_AFTER,
    ]
    .iter()
    .any(|list| list.contains(&word_norm))
}

/// Whether a name's last word (normalised) makes it a place's or a club's: "Ross County",
/// "Charlton Athletic" (see [`PLACE_OR_CLUB_AFTER`]).
pub(super) fn place_or_club_word(word_norm: &str) -> bool {
    PLACE_OR_CLUB_AFTER.contains(&word_norm)
}

/// What follows "&" after a name that makes it a firm's: "J. Smith & Sons", "David Rubin &
/// Partners"; "& Co" only after "at" ("an analyst at Edward D. Jones & Co"): "Boris Johnson & Co
/// have failed", "Messi & Co beat Spain" are the person and those around them.
const FIRM_AFTER_AMPERSAND: &[&str] = &[
    "sons",
    "son",
    "partners",
    "associates",
    "brothers",
    "bros",
    "cie",
];

/// Words right before a name that make it a ship's: "the tanker Exxon Valdez", "the liner Queen
/// Mary". ("Carrier" only after [`CARRIER_KINDS`]: a mail carrier, a ball carrier or a carrier of
/// a disease is a person.)
const VESSELS: &[&str] = &[
    "ship",
    "warship",
    "battleship",
    "flagship",
    "vessel",
    "frigate",
    "destroyer",
    "cruiser",
    "submarine",
    "tanker",
    "freighter",
    "liner",
    "ferry",
    "yacht",
    "icebreaker",
];

/// Words before "carrier" that make it a ship: "the aircraft carrier Carl Vinson".
const CARRIER_KINDS: &[&str] = &["aircraft", "helicopter", "escort", "fleet"];

/// Ships' prefixes, in capitals before a name: "USS Ronald Reagan", "HMS Queen Elizabeth". ("INS"
/// and "MS" are left out: an agency, and a title.)
const SHIP_PREFIXES: &[&str] = &["uss", "usns", "hms", "hmas", "hmcs", "hmnzs", "rms", "mv"];

/// Words for a company right before its name, after a word saying which: "investment firm Grant
/// Samuel", "fashion label Ralph Lauren", "polling company Mori". Not after a determiner: "the
/// company Bill Gates founded" names him; nor a possessive: "the firm's boss John Smith".
/// ("Publisher" and "agency" are left out: "publisher Kimberly Quinn" is a person, and so is
/// "the Child Support Agency Doug Smith".)
const FIRM_KINDS: &[&str] = &[
    "firm",
    "company",
    "carmaker",
    "automaker",
    "retailer",
    "label",
    "brand",
    "chain",
    "conglomerate",
    "insurer",
    "brokerage",
    "airline",
];

/// Verbs of a person's part in a firm, right after a name that follows a word for a firm: the
/// name is the person's ("the oil company Rex Tillerson ran", "the fund Warren Buffett runs").
const RUNS_FIRM: &[&str] = &[
    "ran",
    "runs",
    "run",
    "founded",
    "cofounded",
    "leads",
    "led",
    "heads",
    "headed",
    "owns",
    "owned",
    "built",
    "started",
    "chairs",
    "chaired",
    "bought",
    "created",
    "launched",
    "joined",
    "left",
    "manages",
    "managed",
    "controls",
    "controlled",
    "inherited",
    "took",
    "set",
    "sold",
    "advised",
    "advises",
    "works",
    "worked",
    "quit",
    "rescued",
];

/// Whether the word before normalised offset `at` names a ship or a firm, so that the name
/// starting at `at` is the ship's or the firm's: "the aircraft carrier Carl Vinson", "the tanker
/// Exxon Valdez", "USS Ronald Reagan", "investment firm Grant Samuel" ([`FIRM_KINDS`]), and "HMS
/// Queen Elizabeth" through a title after a ship's prefix only (a title after a ship's word is a
/// person's: "the ferry captain Tom Walsh", "aboard the carrier President Trump").
///
/// A firm's word is no sign when a verb of running a firm follows the name, ending
/// at normalised `end`: "the oil company Rex Tillerson ran", "the software firm Bill Gates
/// founded" ([`RUNS_FIRM`]).
pub(super) fn vessel_or_firm_before(
    words: &Words,
    norm: &Normalized,
    at: usize,
    end: usize,
) -> bool {
    let hay = norm.as_str();
    let word_of = |nb: &Neighbour| &hay[nb.norm_start..nb.norm_end];
    let prefix = |nb: &Neighbour| {
        SHIP_PREFIXES.contains(&word_of(nb))
            && (nb.norm_start..nb.norm_end).all(|k| norm.starts_upper(k))
    };
    let Some(nb) = word_before(norm, at) else {
        return false;
    };
    let word = word_of(&nb);
    if nb.possessive {
        return false;
    }
    if VESSELS.contains(&word) || prefix(&nb) {
        return true;
    }
    if FIRM_KINDS.contains(&word) {
        let runs = word_after(norm, end)
            .is_some_and(|v| RUNS_FIRM.contains(&&hay[v.norm_start..v.norm_end]));
        return !runs
            && word_before(norm, nb.norm_start).is_some_and(|kind| {
                !kind.possessive
                    && !matches!(
                        word_of(&kind),
                        "the"
                            | "a"
                            | "an"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "our"
                            | "my"
                            | "your"
                            | "this"
                            | "that"
                    )
            });
    }
    if word == "carrier" {
        return word_before(norm, nb.norm_start)
            .is_some_and(|kind| CARRIER_KINDS.contains(&word_of(&kind)));
    }
    title_start(words, word).is_some()
        && word_before(norm, nb.norm_start).is_some_and(|p| !p.possessive && prefix(&p))
}

/// Whether the words after a person's name ending at normalised `at` make it the name of a place,
/// an institution or a company named after the person (see [`NAMED_AFTER`]): then it is no
/// mention of the person. In any case ("Charles de Gaulle airport", "Kennedy Airport"), within
/// the sentence (original offset `sentence_end`). The name starts at `name_start`.
pub(super) fn named_after_person(
    norm: &Normalized,
    name_start: usize,
    at: usize,
    sentence_end: usize,
) -> bool {
    let hay = norm.as_str();
    let after_at =
        || word_before(norm, name_start).is_some_and(|nb| &hay[nb.norm_start..nb.norm_end] == "at");
    let next = |at: usize| {
        word_after(norm, at)
            .filter(|nb| norm.orig_start(nb.norm_start) < sentence_end)
            .map(|nb| (nb.norm_end, &hay[nb.norm_start..nb.norm_end]))
    };
    // "David Rubin & Partners", "at Edward D. Jones & Co": a firm.
    if hay[at..].starts_with(" & ")
        && next(at + 2).is_some_and(|(_, w)| {
            FIRM_AFTER_AMPERSAND.contains(&w) || (matches!(w, "co" | "company") && after_at())
        })
    {
        return true;
    }
    // A word of a place or an institution, not the first part of a compound ("centre-right").
    let names_place = |(end, w): (usize, &str)| {
        let compound = hay[end..]
            .strip_prefix('-')
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_alphabetic)
            && !norm.starts_upper(end + 1);
        (NAMED_AFTER.contains(&w) || BUILDINGS_AND_BODIES.contains(&w)) && !compound
    };
    match next(at) {
        Some(word) if names_place(word) => true,
        Some((end, w)) if NAMED_AFTER_MIDDLE.contains(&w) => next(end).is_some_and(names_place),
        Some((end, w)) if PLACE_OR_CLUB_AFTER.contains(&w) => norm.starts_upper(end - w.len()),
        _ => false,
    }
}

/// Whether the one word from normalised `name_start` to `at` is joined by "&" to a capitalised
/// word, either side, within the sentence (original offset `sentence_end`): a firm's name,
/// "Johnson & Johnson", "Marks & Spencer", "Ernst & Young". People are joined by "and", and a
/// full name by "&" is still a person ("Matt Lucas & David Walliams"); "Boris Johnson & Co" is
/// he and his team (see [`named_after_person`]).
///
/// Gives the word on the other side, as a normalised range, so that the caller can keep two
/// people named before in the story ("Trump & Putin").
pub(super) fn joined_by_ampersand(
    norm: &Normalized,
    name_start: usize,
    at: usize,
    sentence_end: usize,
) -> Option<(usize, usize)> {
    let hay = norm.as_str();
    if hay[name_start..at].contains(' ') {
        return None;
    }
    let after = || {
        if !hay[at..].starts_with(" & ") {
            return None;
        }
        word_after(norm, at + 2).filter(|nb| {
            norm.orig_start(nb.norm_start) < sentence_end
                && norm.starts_upper(nb.norm_start)
                && !matches!(&hay[nb.norm_start..nb.norm_end], "co" | "company")
        })
    };
    let before = || {
        if !hay[..name_start].ends_with(" & ") {
            return None;
        }
        word_before(norm, name_start - 2)
            .filter(|nb| nb.norm_end == name_start - 3 && norm.starts_upper(nb.norm_start))
    };
    after()
        .or_else(before)
        .map(|nb| (nb.norm_start, nb.norm_end))
}

/// Companies named after a family whose name alone is nearly always the company's in the news:
/// "Bosch has stopped production", "Boeing said" are not Robert Bosch's or a Boeing's in a story
/// that names one. (Left out where the name alone is often the person's too: Ford, whom a
/// story may call Harrison Ford; Disney, Versace, Armani, Hilton, Mittal.)
const FAMILY_FIRMS: &[&str] = &[
    "dell",
    "porsche",
    "peugeot",
    "renault",
    "citroen",
    "ferrari",
    "honda",
    "heinz",
    "kellogg",
    "boeing",
    "siemens",
    "philips",
    "bosch",
    "cadbury",
    "sainsbury",
    "marriott",
    "hewlett",
    "packard",
    "walmart",
    "barclays",
    "lloyds",
];

/// Whether a normalised family name alone is that of a company named after the family
/// ([`FAMILY_FIRMS`]).
pub(super) fn family_firm(word: &str) -> bool {
    FAMILY_FIRMS.contains(&word)
}

/// Words that describe the person named after them ("Democrat Clinton", "striker Keane"): not a
/// given name of another person.
const DESCRIBERS: &[&str] = &[
    "democrat",
    "republican",
    "tory",
    "labour",
    "conservative",
    "liberal",
    "socialist",
    "communist",
    "gaullist",
    "nationalist",
    "unionist",
    "hardliner",
    "reformist",
    "moderate",
    "veteran",
    "rookie",
    "frontrunner",
    "challenger",
    "incumbent",
    "comic",
    "comedian",
    "rapper",
    "singer",
    "novelist",
    "author",
    "actor",
    "actress",
    "striker",
    "skipper",
    "goalkeeper",
    "keeper",
    "midfielder",
    "defender",
    "winger",
    "captain",
    "coach",
    "manager",
    "matchwinner",
    "billionaire",
    "tycoon",
    "magnate",
    "scot",
    "welshman",
    "englishman",
    "irishman",
    "texan",
    "supt",
    "insp",
    "det",
];

/// Day and month names, days first (some are surnames: "May", "March", "August", "Friday").
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Words before a month or day that make it a date: "in May", "since March", "late August".
/// Words that stand as often before a name ("and", "to", "by", "of") are not among them.
const BEFORE_DATE: &[&str] = &[
    "in", "since", "until", "till", "during", "through", "last", "next", "early", "late", "mid",
    "this",
];

/// Whether the word at normalised `ns..ne` is a month or day written as a date ("in May", "May
/// 2019", "on Friday"), not a surname.
pub(super) fn calendar_date(norm: &Normalized, ns: usize, ne: usize) -> bool {
    let hay = norm.as_str();
    let Some(k) = CALENDAR.iter().position(|c| *c == &hay[ns..ne]) else {
        return false;
    };
    let weekday = k < 7;
    let before = word_before(norm, ns).is_some_and(|b| {
        let w = &hay[b.norm_start..b.norm_end];
        BEFORE_DATE.contains(&w) || (weekday && w == "on")
    });
    let number_after = hay[ne..]
        .strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    before || number_after || hay[..ns].ends_with("mid-")
}

/// Whether a word (normalised) describes the person named after it.
pub(super) fn describes(word_norm: &str) -> bool {
    DESCRIBERS.contains(&word_norm)
}

/// Whether a word (normalised) names an institution "of" a place.
pub(super) fn institution(word_norm: &str) -> bool {
    INSTITUTIONS.contains(&word_norm) || BUILDINGS_AND_BODIES.contains(&word_norm)
}

/// Whether a neighbour word extends a name even in a headline.
pub(super) fn extends(word_norm: &str, after: bool) -> bool {
    if after {
        EXTEND_AFTER.contains(&word_norm)
    } else {
        EXTEND_BEFORE.contains(&word_norm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every word [`is_neutral_ascii`] knows.
    fn listed() -> impl Iterator<Item = &'static str> {
        NEUTRAL.iter().chain(CALENDAR).copied()
    }

    #[test]
    fn headlines_are_capitals_or_title_case() {
        for (t, want) in [
            ("CHINA AND RUSSIA SIGN PACT", true),
            ("China And Russia Sign Arctic Pact In Moscow", true),
            ("China and Russia signed a pact in Moscow on Monday.", false),
            ("Xi Meets Putin For Arctic Talks", true),
            ("UN", false),
        ] {
            assert_eq!(is_headline(t), want, "{t:?}");
            assert_eq!(is_headline_chars(t), want, "{t:?}");
        }
        for n in listed() {
            assert!(is_neutral_ascii(n.as_bytes(), false), "{n}");
            assert!(is_neutral_ascii(n.to_uppercase().as_bytes(), true), "{n}");
        }
    }

    proptest! {
        #[test]
        fn ascii_path_agrees(t in "([A-Za-z]{1,6}|the|of|and|The|SEPTEMBER|Monday|while|[ \t\n\x0b,.]){0,16}") {
            prop_assert_eq!(is_headline_ascii(t.as_bytes()), is_headline_chars(&t));
        }

        #[test]
        fn neutral_lookup_is_the_list(w in "[a-zA-Z]{0,11}", pick in 0usize..NEUTRAL.len() + CALENDAR.len(), upper: bool) {
            let words: Vec<&str> = listed().collect();
            let listed = words[pick];
            let cased = if upper { listed.to_uppercase() } else { listed.to_string() };
            prop_assert!(is_neutral_ascii(cased.as_bytes(), true));
            prop_assert_eq!(is_neutral_ascii(cased.as_bytes(), false), !upper || listed == cased);
            prop_assert_eq!(is_neutral_ascii(w.as_bytes(), false), words.contains(&w.as_str()));
            let folded = words.iter().any(|n| n.eq_ignore_ascii_case(&w));
            prop_assert_eq!(is_neutral_ascii(w.as_bytes(), true), folded);
        }
    }
}
