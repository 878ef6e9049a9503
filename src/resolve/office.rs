//! Which offices a title names, checked against a person's `role` attribute (see
//! `gazetteers/README.md`): "President Obama" may be resolved to the only Obama who was a head of
//! state, "Senator Obama" to the only Obama in public office; "Mr. Brown" or "chairman Claes"
//! names no office, and "Deputy Prime Minister Major" not the office of the Major who was prime
//! minister. A former holder fits the office: the `role` attribute records offices held at any
//! time, so "Former President Clinton" and "ex-President Clinton" are Bill Clinton.

/// Roles a title may name, by the words that make it that office. Checked in order: the first
/// row whose words all appear in the title decides.
const OFFICES: &[(&[&str], &[&str])] = &[
    (&["vice", "president"], &["vice_president"]),
    (&["chancellor", "exchequer"], &[]),
    (&["national", "security"], &["national_security_adviser"]),
    (&["foreign", "minister"], &["foreign_minister"]),
    (&["foreign", "secretary"], &["foreign_minister"]),
    (&["foreign", "affairs"], &["foreign_minister"]),
    (&["external", "affairs"], &["foreign_minister"]),
    (&["secretary", "of", "state"], &["foreign_minister"]),
    (&["defence"], &["defence_minister"]),
    (&["defense"], &["defence_minister"]),
    (&["secretary", "general"], &["head_of_organisation"]),
    (&["director", "general"], &["head_of_organisation"]),
    (&["managing", "director"], &["head_of_organisation"]),
    (&["prime", "minister"], &["head_of_government"]),
    (&["first", "minister"], &["head_of_government"]),
    (&["premier"], &["head_of_government"]),
    (&["chancellor"], &["head_of_government"]),
    (&["taoiseach"], &["head_of_government"]),
    (
        &["supreme", "leader"],
        &["supreme_leader", "religious_leader"],
    ),
    (&["ayatollah"], &["supreme_leader", "religious_leader"]),
    (&["crown", "prince"], &["crown_prince"]),
    (
        &["president"],
        &[
            "head_of_state",
            "head_of_government",
            "head_of_organisation",
            "paramount_leader",
        ],
    ),
    (&["king"], MONARCH),
    (&["queen"], MONARCH),
    (&["emperor"], MONARCH),
    (&["empress"], MONARCH),
    (&["sultan"], MONARCH),
    (&["emir"], MONARCH),
    (&["amir"], MONARCH),
    (&["prince"], MONARCH),
    (&["general"], MILITARY),
    (&["gen"], MILITARY),
    (&["marshal"], MILITARY),
    (&["commander"], MILITARY),
    (&["speaker"], &["speaker"]),
    (
        &["leader"],
        &[
            "party_leader",
            "militant_leader",
            "supreme_leader",
            "de_facto_leader",
            "paramount_leader",
        ],
    ),
    (
        &["chairman"],
        &["paramount_leader", "party_leader", "militant_leader"],
    ),
    (
        &["director"],
        &["head_of_intelligence", "head_of_law_enforcement"],
    ),
];

const MONARCH: &[&str] = &["monarch", "head_of_state", "crown_prince"];
const MILITARY: &[&str] = &[
    "military_commander",
    "head_of_state",
    "de_facto_leader",
    "militant_leader",
    "defence_minister",
    "head_of_intelligence",
    "national_security_adviser",
];

/// Offices the `role` attribute does not record (a senator, an ambassador, a minister of
/// another portfolio): such a title still says the person holds public office, as everyone in
/// the built-in gazetteers does, so a single candidate is taken.
const OTHER_OFFICES: &[&str] = &[
    "senator",
    "sen",
    "congressman",
    "congresswoman",
    "representative",
    "ambassador",
    "envoy",
    "governor",
    "gov",
    "mayor",
    "secretary",
    "minister",
    "commissioner",
    "chief",
];

/// Words that make a title someone's second or stand-in ("Deputy Prime Minister", "Shadow
/// Chancellor"): not the office itself. A vice president has a row of their own.
const SECOND: &[&str] = &[
    "deputy",
    "vice",
    "assistant",
    "shadow",
    "under",
    "junior",
    "associate",
    "lord",
];

/// What a title says of the office of the person named after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Office {
    /// No office: an honorific ("Mr.", "Lord") or another title ("judge", "Chief Economist").
    None,
    /// One of these `role` values ("President": a head of state or government, ...); empty for
    /// a second or stand-in ("Deputy Prime Minister") or an office no role records.
    Roles(&'static [&'static str]),
    /// A public office the `role` attribute does not record ("Senator", "U.N. Ambassador"): any
    /// person of the built-in gazetteers, all of whom held public office.
    Public,
}

/// The office `title` (as written: "Russian President", "Mr.") names.
pub(super) fn office(title: &str) -> Office {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &&str| words.contains(w);
    let row = OFFICES.iter().find(|(need, _)| need.iter().all(has));
    let second = SECOND.iter().any(has);
    match row {
        Some((need, _)) if need != &["vice", "president"] && second => Office::Roles(&[]),
        Some((_, roles)) => Office::Roles(roles),
        // The office is the title's last word: "Police Chief", not "Chief Economist".
        None if words.last().is_some_and(|w| OTHER_OFFICES.contains(w)) => {
            if second {
                Office::Roles(&[])
            } else {
                Office::Public
            }
        }
        None => Office::None,
    }
}

impl Office {
    /// Whether a person with the `role` attribute `roles` (offices separated by `,`) holds it.
    pub(super) fn held_by(self, roles: Option<&str>) -> bool {
        match self {
            Office::None => false,
            Office::Public => roles.is_some(),
            Office::Roles(offices) => {
                roles.is_some_and(|r| r.split(',').any(|r| offices.contains(&r.trim())))
            }
        }
    }
}

/// Whether `title` names an office among `roles` (see [`office`]).
#[cfg(test)]
fn fits(title: &str, roles: &str) -> bool {
    office(title).held_by(Some(roles))
}

#[cfg(test)]
mod tests {
    use super::fits;

    #[test]
    fn titles_name_offices() {
        let rows: &[(&str, &str, bool)] = &[
            ("President", "head_of_state", true),
            (
                "Russian President",
                "head_of_state,head_of_government",
                true,
            ),
            ("Former President", "head_of_state", true),
            ("Ex-President", "head_of_state", true),
            ("ex-Prime Minister", "head_of_government", true),
            ("President", "foreign_minister", false),
            ("Vice President", "vice_president", true),
            ("Vice President", "head_of_state", false),
            ("Prime Minister", "head_of_government", true),
            ("Deputy Prime Minister", "head_of_government", false),
            ("Chancellor", "head_of_government", true),
            ("Chancellor of the Exchequer", "head_of_government", false),
            ("Shadow Chancellor", "head_of_government", false),
            ("Foreign Minister", "foreign_minister", true),
            ("Assistant Foreign Minister", "foreign_minister", false),
            ("Secretary of State", "foreign_minister,head_of_state", true),
            ("Defense Secretary", "defence_minister", true),
            ("Secretary-General", "head_of_organisation", true),
            ("King", "head_of_state,monarch", true),
            ("Gen.", "head_of_state", true),
            ("Mr.", "head_of_government", false),
            ("Ms", "head_of_government", false),
            ("Dr.", "head_of_state", false),
            ("Lord Justice", "head_of_government", false),
            ("chairman", "head_of_organisation,foreign_minister", false),
            ("director", "head_of_state", false),
            ("Gen.", "head_of_intelligence", true),
            ("Senator", "head_of_state", true),
            ("U.N. Ambassador", "foreign_minister", true),
            ("Secretary", "foreign_minister", true),
            ("Deputy Mayor", "head_of_government", false),
            ("judge", "head_of_government", false),
            ("Lord", "head_of_government", false),
            ("Chief Economist", "head_of_government", false),
            ("Chief Executive", "head_of_government", false),
            ("Police Chief", "head_of_law_enforcement", true),
            ("Chief Minister", "head_of_government", true),
            ("CIA Director", "head_of_intelligence", true),
        ];
        for &(title, roles, want) in rows {
            assert_eq!(fits(title, roles), want, "{title} / {roles}");
        }
    }
}
