//! American places named like countries. A country's name before ", STATE" is a town of that
//! state ("Lebanon, Pennsylvania", "Peru, Indiana"), and Georgia is also a state: "Atlanta,
//! Georgia", "Georgia Governor Brian Kemp", "Georgia officials", "the state of Georgia",
//! "Alabama and Georgia". A document that names the state so means the state by its other
//! mentions too (one sense per document), unless it names the country's capital.

use crate::text::normalize::Normalized;

/// The fifty states, normalised.
const STATES: &[&str] = &[
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "new hampshire",
    "new jersey",
    "new mexico",
    "new york",
    "north carolina",
    "north dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode island",
    "south carolina",
    "south dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "west virginia",
    "wisconsin",
    "wyoming",
];

/// The news agencies' abbreviations of the states' names (normalised, with their periods).
const ABBREVIATIONS: &[&str] = &[
    "ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.", "ill.", "ind.",
    "kan.", "ky.", "la.", "md.", "mass.", "mich.", "minn.", "miss.", "mo.", "mont.", "neb.",
    "nev.", "n.h.", "n.j.", "n.m.", "n.y.", "n.c.", "n.d.", "okla.", "ore.", "pa.", "r.i.", "s.c.",
    "s.d.", "tenn.", "vt.", "va.", "wash.", "w.va.", "wis.", "wyo.",
];

/// States that share a country's name, with their larger cities ("Atlanta, Georgia").
const SHARED: &[(&str, &[&str])] = &[(
    "georgia",
    &[
        "atlanta",
        "savannah",
        "augusta",
        "athens",
        "macon",
        "columbus",
        "albany",
        "marietta",
        "valdosta",
        "roswell",
        "decatur",
        "alpharetta",
        "dalton",
        "rome",
        "smyrna",
        "kennesaw",
        "warner robins",
        "sandy springs",
        "johns creek",
        "brunswick",
        "gainesville",
        "dunwoody",
    ],
)];

/// The capitals of the countries in [`SHARED`]: a document naming one means the country.
const CAPITALS: &[&str] = &["tbilisi"];

/// Places of the states in [`SHARED`] that no other place is named like (normalised): a document
/// naming one means the state by the shared name ("Fulton County District Attorney Fani Willis
/// ... overturn the result in Georgia"), unless it names the country's capital.
const STATE_PLACES: &[&str] = &[
    "atlanta",
    "fulton county",
    "dekalb county",
    "cobb county",
    "gwinnett county",
    "clayton county",
    "savannah, ga",
];

/// Words after a state's name that make it the state: its government, parties, universities.
const STATE_WORDS: &[&str] = &[
    "governor",
    "gov.",
    "lt.",
    "senate",
    "senator",
    "sen.",
    "legislature",
    "lawmakers",
    "house",
    "republicans",
    "republican",
    "democrats",
    "democratic",
    "state",
    "tech",
    "bulldogs",
    "runoff",
    "primary",
    "congressman",
    "congresswoman",
    "attorney",
];

/// Words that make a state of the name right before them, but not after its possessive: the
/// country's people are "Georgian officials", its voters "Georgia's voters" as often as the
/// state's.
const STATE_NOUN_WORDS: &[&str] = &[
    "officials",
    "voters",
    "residents",
    "prosecutors",
    "sheriff",
    "secretary",
];

/// The first word of `rest`: up to a space or a comma, semicolon or colon (a period may be an
/// abbreviation's, "Gov.").
fn first_word(rest: &str) -> &str {
    let n = rest.find([' ', ',', ';', ':']).unwrap_or(rest.len());
    &rest[..n]
}

/// The state named at the start of `rest`, as its length, ending where a word ends.
fn state_at(rest: &str) -> Option<usize> {
    let ends_word = |n: usize| {
        rest[n..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
    };
    // (The first byte rules out most states before a comparison of the rest.)
    let first = rest.as_bytes().first()?;
    STATES
        .iter()
        .chain(ABBREVIATIONS)
        .filter(|s| s.as_bytes()[0] == *first && rest.starts_with(**s) && ends_word(s.len()))
        .map(|s| s.len())
        .max()
}

/// Whether `text` ends with `word`, whole (not "westfield" for "field").
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        rest.chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The state named at the end of `before` (normalised), whole ("west virginia").
fn state_before(before: &str) -> Option<&'static str> {
    STATES.iter().copied().find(|s| ends_with_word(before, s))
}

/// Whether the country named at normalised `[.., end)` is a town of a state named after it
/// (", Pennsylvania", ", Ind."). A state that shares a country's name does not count there
/// ("Russia, Georgia and Ukraine" lists countries), nor does Washington, which names the
/// American government as often ("talks between China, Washington and Moscow").
pub(super) fn town_in_state(norm: &Normalized, end: usize) -> bool {
    let hay = norm.as_str();
    hay[end..].strip_prefix(", ").is_some_and(|rest| {
        state_at(rest).is_some_and(|n| {
            let state = &rest[..n];
            state != "washington" && !SHARED.iter().any(|(s, _)| *s == state)
        })
    })
}

/// Whether the match at normalised `[start, end)` names a state that shares a country's name
/// and its neighbours say it is the state.
pub(super) fn names_state(norm: &Normalized, start: usize, end: usize) -> bool {
    let hay = norm.as_str();
    let name = &hay[start..end];
    let Some((_, cities)) = SHARED.iter().find(|(s, _)| *s == name) else {
        return false;
    };
    let before = &hay[..start];
    let after = &hay[end..];
    // "Atlanta, Georgia"
    let city = before
        .strip_suffix(", ")
        .is_some_and(|b| cities.iter().any(|c| ends_with_word(b, c)));
    // "the state of Georgia"
    let state_of = before.ends_with("state of ");
    // "Georgia Governor Brian Kemp", "Georgia's governor", "Georgia Tech", "Georgia officials"
    // The nouns say less: not in a list ("Ukraine and Georgia officials"), nor in a document
    // naming the country's capital.
    let joiners = [", ", " and ", " or "];
    let in_list = joiners.iter().any(|j| before.ends_with(j));
    let nouns = || !in_list && one_sense(norm);
    let state_word = match after.strip_prefix("'s ") {
        // ("Georgia's Secretary of State Brad Raffensperger": a country's is its foreign
        // minister.)
        Some(rest) => {
            STATE_WORDS.contains(&first_word(rest)) || rest.starts_with("secretary of state")
        }
        None => after.strip_prefix(' ').map(first_word).is_some_and(|w| {
            STATE_WORDS.contains(&w)
                || (STATE_NOUN_WORDS.contains(&w.trim_end_matches('.')) && nouns())
        }),
    };
    // "Alabama and Georgia", "Georgia, Florida and Texas"
    let listed_after = joiners.iter().any(|j| {
        after
            .strip_prefix(j)
            .and_then(state_at)
            .is_some_and(|n| &after[j.len()..j.len() + n] != name)
    });
    let listed_before = joiners.iter().any(|j| {
        before
            .strip_suffix(j)
            .and_then(state_before)
            .is_some_and(|s| s != name)
    });
    city || state_of || state_word || listed_after || listed_before
}

/// Whether a document that names a state sharing a country's name may mean the state by all
/// its mentions of that name: not when it names the country's capital.
pub(super) fn one_sense(norm: &Normalized) -> bool {
    let hay = norm.as_str();
    !CAPITALS.iter().any(|c| hay.contains(c))
}

/// Whether a document names a place of a state that shares a country's name ([`STATE_PLACES`])
/// and not the country's capital: then it means the state by that name.
pub(super) fn state_story(norm: &Normalized) -> bool {
    let hay = norm.as_str();
    STATE_PLACES.iter().any(|p| {
        hay.match_indices(p).any(|(i, _)| {
            let before = hay[..i].chars().next_back();
            let after = hay[i + p.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    }) && one_sense(norm)
}

/// Whether `name` (normalised) is a state's name that a country shares.
pub(super) fn shared_name(name: &str) -> bool {
    SHARED.iter().any(|(s, _)| *s == name)
}
