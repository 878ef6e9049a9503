//! National sports teams named by their country: "England beat Wales 24-10", "France coach
//! Bernard Laporte", "the win over Scotland". In a sports story, a country's name with such a cue
//! in its own sentence names the team, not the state: the mention is counted, and links to
//! nothing (rugby results had made England – Wales and France – England among the strongest
//! links of a year of general news).
//!
//! Two steps, both needed: outside sports stories the cues mislead ("Labour taking Britain
//! forward", "India's defence minister", "US duo in first spam conviction"), and inside them a
//! country is still often the state or the place ("the World Championships in Finland",
//! "Germany's Tommy Haas", "a Greek court"). Measured on 2,225 BBC stories (a hand-labelled
//! sample of 700 country mentions): about 97 % of the mentions marked are teams, and about 60 %
//! of the team mentions are marked.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// Whether a document is a sports story: a result ("won 2-1", "a 24-18 defeat"), a score in its
/// headline or a fixture ("Wales v England"), with a word of sport ([`TERMS`]); or three words
/// of sport. (A result alone is not enough: "the motion was defeated 25-20", "Labour's lead is
/// 38-33", "Mac v PC".)
pub(super) fn is_sport_story(text: &str) -> bool {
    let terms = TERMS.matches(text).iter().count();
    if terms >= 3 {
        return true;
    }
    if terms == 0 {
        return false;
    }
    // (The first line is a headline only if more follows.)
    let head = match text.split_once('\n') {
        Some((head, rest)) if !rest.trim().is_empty() => head,
        _ => "",
    };
    let score = |m: regex::Match<'_>| {
        let (s, e) = (m.start(), m.end());
        let before = &text[text.floor_char_boundary(s.saturating_sub(25))..s];
        let right = &text[e..text.floor_char_boundary((e + 40).min(text.len()))];
        text[s..e]
            .split('-')
            .all(|n| n.parse::<u32>().is_ok_and(|n| n <= 60))
            && !NOT_A_SCORE_AFTER.is_match(right)
            && !NOT_A_SCORE_BEFORE.is_match(before)
    };
    if SCORE.find_iter(head).any(score) || VERSUS.is_match(text) {
        return true;
    }
    SCORE.find_iter(text).any(|m| {
        let (s, e) = (m.start(), m.end());
        let left = &text[text.floor_char_boundary(s.saturating_sub(60))..s];
        let right = &text[e..text.floor_char_boundary((e + 40).min(text.len()))];
        score(m) && (RESULT_WORD.is_match(left) || RESULT_WORD.is_match(right))
    })
}

/// Whether the country named at `start..end` of `text`, in the sentence `sentence`, names its
/// national team; `text` is a sports story ([`is_sport_story`]).
pub(super) fn names_a_team(
    text: &str,
    sentence: std::ops::Range<usize>,
    start: usize,
    end: usize,
) -> bool {
    let left = &text[sentence.start.min(start)..start];
    let left = &left[left.floor_char_boundary(left.len().saturating_sub(120))..];
    let right = &text[end..sentence.end.max(end)];
    let right = &right[..right.floor_char_boundary(right.len().min(80))];
    // Most countries have no cue at all: two scans say so.
    if !CUES_AFTER.is_match(right) && !CUES_BEFORE.is_match(left) {
        return false;
    }
    // The place where something happens, the state's own bodies, a list in brackets.
    let role = ROLE.is_match(right) || POSSESSED_RESULT.is_match(right);
    if (PLACE_BEFORE.is_match(left) && !role)
        || STATE_AFTER.is_match(right)
        || left.trim_end().ends_with('(')
    {
        return false;
    }
    // "Germany's Tommy Haas", "Likhotseva of Russia 7-5": an athlete's nationality.
    let athlete = ATHLETE_AFTER.is_match(right) && !role;
    let of = OF_BEFORE.is_match(left);
    role || FIXTURE.is_match(right)
        || VERSUS_AFTER.is_match(right)
        || VERSUS_BEFORE.is_match(left)
        || (PLURAL_VERB.is_match(right) && !LINKED_BEFORE.is_match(left))
        || (!athlete && RESULT_VERB.is_match(right))
        || (!athlete && !of && (SCORE_AFTER.is_match(right) || SCORE_BEFORE.is_match(left)))
        || (!athlete && !of && OPPONENT_BEFORE.is_match(left))
}

/// The cues after a name, in one set.
static CUES_AFTER: LazyLock<RegexSet> = LazyLock::new(|| {
    let all = [
        &ROLE,
        &POSSESSED_RESULT,
        &FIXTURE,
        &VERSUS_AFTER,
        &PLURAL_VERB,
        &RESULT_VERB,
        &SCORE_AFTER,
    ];
    RegexSet::new(all.iter().map(|r| r.as_str())).expect("valid patterns")
});

/// The cues before a name, in one set.
static CUES_BEFORE: LazyLock<RegexSet> = LazyLock::new(|| {
    let all = [&VERSUS_BEFORE, &SCORE_BEFORE, &OPPONENT_BEFORE];
    RegexSet::new(all.iter().map(|r| r.as_str())).expect("valid patterns")
});

/// Whether the nationality word ending at `end` of `text`, in the sentence `sentence`, names a
/// national team: before a word for a side ("the Welsh side", "a Scottish XV", "the Irish
/// pack"); `text` is a sports story. ("A Welsh striker", "Scottish rugby" are not.)
pub(super) fn demonym_of_a_team(text: &str, sentence: std::ops::Range<usize>, end: usize) -> bool {
    let right = &text[end..sentence.end.max(end)];
    let right = &right[..right.floor_char_boundary(right.len().min(40))];
    SIDE_AFTER.is_match(right)
}

/// A word for a side after a nationality word.
static SIDE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?:side|team|squad|XV|pack|forwards|backs|front row|back row|back line|midfield|defence|attack|line-up|selectors)\b",
    )
});

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid pattern")
}

/// A score: "24-10", "2-1".
static SCORE: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{1,2}-\d{1,2}\b"));

/// What makes a number pair no score: a share, money, a year or a date after it.
static NOT_A_SCORE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[\d%/-]|bn\b|m\b|\s*(?:favourite|favorite|year|per|%|January|February|March|April|May|June|July|August|September|October|November|December))",
    )
});

/// ... or a vote, an age or a range before it ("voted 8-1", "aged 11-16").
static NOT_A_SCORE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:[\d.,£$€/:-]|\b(?:from|aged|ages|odds of|at|decision|voted|passed|between|those|the|of|and|by a))\s*$",
    )
});

/// Words of a result near a score.
static RESULT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:won|win|wins|beat|beaten|lost|lose|loss|defeat|defeated|victory|draw|drew|lead|led|trail|trailing|thrash\w*|hammer\w*|triumph|score|scored|edged?)\b",
    )
});

/// A fixture: "Wales v England".
static VERSUS: LazyLock<Regex> = LazyLock::new(|| re(r"\b[A-Z][\w'.]+(?: [A-Z][\w'.]+)* v [A-Z]"));

/// Words of sport; a story with three of them is a sports story. (One scan finds them all.)
static TERMS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)\bcoach(?:es|ed|ing)?\b",
        r"(?i)\bstrikers?\b",
        r"(?i)\bmidfielders?\b",
        r"(?i)\bgoalkeepers?\b",
        r"(?i)\bwingers?\b",
        r"(?i)\b(?:fly|scrum)-half\b",
        r"(?i)\bflankers?\b",
        r"(?i)\bwickets?\b",
        r"(?i)\binnings\b",
        r"\bSix Nations\b",
        r"\bGrand Slam\b",
        r"(?i)\bkick-off\b",
        r"(?i)\bhalf-time\b",
        r"(?i)\b(?:semi|quarter)-finals?\b",
        r"\bPremiership\b",
        r"\bChampions League\b",
        r"\bDavis Cup\b",
        r"\bWorld Cup\b",
        r"(?i)\brugby\b",
        r"(?i)\bfootballers?\b",
        r"(?i)\btennis\b",
        r"(?i)\bathletics\b",
        r"(?i)\bsprint(?:er|ers)?\b",
        r"(?i)\bmarathon\b",
        r"(?i)\bolympics?\b",
        r"(?i)\bmedals?\b",
        r"(?i)\breferee\b",
        r"(?i)\bsquad\b",
        r"(?i)\bskipper\b",
        r"(?i)\btries\b",
        r"(?i)\bscrum\b",
        r"(?i)\bgoals?\b",
        r"(?i)\btournament\b",
        r"(?i)\bfixtures?\b",
        r"\b(?:Uefa|Fifa|IAAF|IRB)\b",
        r"(?i)\bleague\b",
        r"(?i)\bchampionships?\b",
        r"(?i)\bmatch(?:es)?\b",
        r"(?i)\bseason\b",
        r"(?i)\binjur(?:y|ed)\b",
        r"(?i)\bcaptain\b",
        r"(?i)\bteam-mates?\b",
    ])
    .expect("valid patterns")
});

/// A role in a team after the name: "England coach", "France's new captain".
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:'s?|’s?)?\s+(?:(?:former|new|national|senior|assistant|head|interim|rugby|football|cricket|tennis)\s+)?(?:coach(?:es|ing)?|manager|boss|captain|skipper|vice-captain|squads?|side|team|XV|line-up|players?|internationals?|striker|forwards?|midfielder|defence|goalkeeper|keeper|winger|wing|centre|fly-half|scrum-half|full-back|flanker|prop|hooker|lock|back-row|pack|debut|caps?|team-mates?|selectors?|under-(?:19|20|21)s?|U(?:19|20|21)s?|sevens|kicker|batsman|bowler|spinner|opener|all-rounder|wicketkeeper|fans|supporters|dressing room|relay|quartet)\b",
    )
});

/// A result of the team's: "England's 2003 World Cup triumph", "Ireland's lead".
static POSSESSED_RESULT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:'s?|’s?)\s+(?:\d{1,2}-\d{1,2}\s+)?(?:(?:home|away|first|second|third|last|recent|opening|narrow|surprise|famous|stunning|\d{4}|Six Nations|World Cup|Davis Cup|Grand Slam|autumn)\s+)*(?:win|wins|victory|victories|defeat|defeats|loss|losses|lead|triumph|campaign|matches|results|hopes|tries|points|winning margin|scrum|line-out|lineout|backs|forwards|pack|midfield|attack)\b",
    )
});

/// A result after the name: "England beat Wales".
static RESULT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^\s+(?:beat|beats|beaten|defeated|thrashed|hammered|edged|crushed|routed|drew|lost|won|trail|trailed|led|scored|kicked|held out|hit back|bounced back|fought back|came back|clinched|sealed|dominated|equalised|levelled|conceded|qualified|reached the (?:final|semi-finals?|quarter-finals?))\b",
    )
});

/// A plural verb after a country's name, as British English writes of teams: "England are".
static PLURAL_VERB: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\s+(?:are|were|have|'ve|had been|have been)\b"));

/// ... except after a preposition or in a list: "people in England have", "Canada and Korea
/// are".
static LINKED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?:\b(?:in|from|to|of|at|with|and|or|for|by|on|into)|,)\s*(?:the\s+)?$")
});

/// A score after the name: "England 24-10", "France's 18-17 win".
static SCORE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:'s?|’s?)?\s+(?:\w+\s+)?\d{1,2}-\d{1,2}\b"));

/// A score before the name: "a 24-10 win over England".
static SCORE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b\d{1,2}-\d{1,2}\s+(?:(?:home\s+|away\s+)?(?:win|victory|defeat|loss|draw)\s+)?(?:over\s+|against\s+|to\s+|by\s+|with\s+)?(?:the\s+)?$",
    )
});

/// "England v Wales", "v England".
static VERSUS_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:v|vs|versus)\.?\s+[A-Z]"));
static VERSUS_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:v|vs|versus)\.?\s+(?:the\s+)?$"));

/// A game after the name: "the England game", "Wales match".
static FIXTURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:'s?)?\s*(?:game|games|match|matches|clash|fixture|Test|Tests|tie|encounter|showdown|friendly|qualifier)\b",
    )
});

/// An opponent or a side played for, before the name: "against Scotland", "the win over
/// Italy", "caps for Wales".
static OPPONENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:against|beat|beating|beaten by|defeat(?:ed)?|defeats?\s+(?:by|to)|lost to|lose to|losing to|loss to|runners-up to|victory over|victories over|win over|wins over|triumph over|draw with|drew with|play|plays|playing|played|face|faces|facing|faced|meet|meets|host|hosts|hosted|hosting|thrash(?:ed)?|hammer(?:ed)?|qualify for|eligible for|debut for|caps? for|capped by|appearances? for|play for|playing for|plays for|played for|selected for|picked for|call-up (?:to|for)|recalled (?:to|by)|represent|represented|representing|drawn against|home to|away to|coach|coached|coaching|captain|captained|captaining)\s+(?:the\s+)?$",
    )
});

/// An athlete after the name: "Germany's Tommy Haas".
static ATHLETE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:'s?|’s?)\s+(?:[a-z-]+\s+)?[A-Z][a-z]"));

/// "of" before the name: "Likhotseva of Russia".
static OF_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"\bof\s+(?:the\s+)?(?:Republic of\s+)?$"));

/// Where something is, before the name: "in Finland", "born in Ireland", "the trip to New
/// Zealand".
static PLACE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:in|to|from|across|around|throughout|within|outside|inside|at|born in|based in|back in|travel to|travelled to|trip to|tour (?:to|of)|tours? to|visit to|move to|return to|returned to|home in|living in|lives in|settled in|citizenship of|of)\s+(?:the\s+)?(?:(?:north|south|east|west|northern|southern|eastern|western)\s+)?(?:of\s+)?$",
    )
});

/// The state's bodies and people after the name: "Iran's government", "Spain's anti-violence
/// commission".
static STATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:'s?|’s?)?\s+(?:[a-z]+\s+)?(?:government|authorities|federation|FA|Football Association|union|Rugby Union|tribunal|court|police|minister|ministry|league|championships?|Open|Grand Prix|Olympic Committee|anti-\w+|citizenship|passport|economy|president|prime minister|people|embassy|officials|media|press|newspaper)\b",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sports_stories_are_known_by_results_fixtures_or_words() {
        for (text, yes) in [
            ("Wales 24-10 England\n\nWales won the match.", true),
            ("England won 2-1 at home in the league.", true),
            (
                "Ireland v France kicks off at three in the Six Nations.",
                true,
            ),
            (
                "The coach said the squad had no injury worries for the match.",
                true,
            ),
            ("The Bank voted 8-1 to hold rates.", false),
            ("The pound fell as 11-16 year olds saved.\n", false),
            ("Mac vs PC\n\nJapan led the market.", false),
            ("Vote\n\nThe motion was defeated 25-20.", false),
            ("He is the 2-1 favourite to win the award.", false),
            ("Sales rose 12-15% in March.", false),
            ("The minister met the coach party.", false),
        ] {
            assert_eq!(is_sport_story(text), yes, "{text}");
        }
    }

    #[test]
    fn a_nationality_before_a_word_for_a_side_names_a_team() {
        for (text, yes) in [
            ("The Welsh side recovered well.", true),
            ("A Scottish XV beat them.", true),
            ("The Welsh striker has moved.", false),
            ("Scottish rugby is in trouble.", false),
        ] {
            let end = text.find("sh").unwrap() + 2;
            assert_eq!(demonym_of_a_team(text, 0..text.len(), end), yes, "{text}");
        }
    }

    #[test]
    fn a_country_with_a_cue_of_sport_names_its_team() {
        for (text, country, yes) in [
            ("England beat Wales 24-10 on Saturday.", "England", true),
            ("England beat Wales 24-10 on Saturday.", "Wales", true),
            ("France coach Bernard Laporte was pleased.", "France", true),
            ("It was a famous win over Scotland.", "Scotland", true),
            ("England are unbeaten this year.", "England", true),
            ("He won 20 caps for Ireland.", "Ireland", true),
            (
                "Ireland's 2004 Triple Crown lifted hopes.",
                "Ireland",
                false,
            ),
            ("Ireland's lead lasted ten minutes.", "Ireland", true),
            ("He beat Germany's Tommy Haas 7-5 6-4.", "Germany", false),
            (
                "The World Championships in Finland open soon.",
                "Finland",
                false,
            ),
            ("Iran's government gave him a reward.", "Iran", false),
            (
                "India's defence minister spoke of the match.",
                "India",
                false,
            ),
            ("People in England have paid more.", "England", false),
            ("The squad (Italy) was named.", "Italy", false),
        ] {
            let start = text.find(country).unwrap();
            let end = start + country.len();
            assert_eq!(
                names_a_team(text, 0..text.len(), start, end),
                yes,
                "{country} in {text}"
            );
        }
    }
}
