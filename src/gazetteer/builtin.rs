//! The built-in gazetteers, compiled into the binary so that entigraph works anywhere.

/// (file name, contents) of each built-in TSV gazetteer, in load order.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "countries.tsv",
        include_str!("../../gazetteers/countries.tsv"),
    ),
    (
        "agencies-international.tsv",
        include_str!("../../gazetteers/agencies-international.tsv"),
    ),
    (
        "agencies-national.tsv",
        include_str!("../../gazetteers/agencies-national.tsv"),
    ),
    (
        "people-europe.tsv",
        include_str!("../../gazetteers/people-europe.tsv"),
    ),
    (
        "people-americas-asia.tsv",
        include_str!("../../gazetteers/people-americas-asia.tsv"),
    ),
    (
        "people-africa-mideast.tsv",
        include_str!("../../gazetteers/people-africa-mideast.tsv"),
    ),
];
