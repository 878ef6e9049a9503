//! Paragraphs and sentences, with rules tuned for news.
//!
//! Paragraphs end at blank lines. Sentences end at `.`, `!`, `?` or `…` (with any closing quotes
//! or brackets after them) followed by white space and a capital, digit or opening quote. A period
//! after a title or month abbreviation ("Mr.", "Gen.", "Sep. 17") or an initial ("George W. Bush")
//! never ends a sentence; one after a dotted abbreviation or company suffix ("U.S.", "Inc.") ends
//! it only when the next word is one that usually starts a sentence ("... in the U.S. The talks")
//! or a known given name before another capitalised word ("... in the U.S. Vladimir Putin").
//! Which words are given names is not this module's to know: the caller passes the check in
//! (the pipeline asks its word lists), so the text layer reads no gazetteer data.
//! Decimals ("3.5") never end one, as no space follows their period. A blank line ends a
//! paragraph. A single line break ends a sentence before a capital, digit or opening quote when
//! the next line's first word would still have fitted on the line within the paragraph's widest
//! line: the break was meant (a headline over its story, a dateline, the rows of a table). In
//! hard-wrapped wire text every line ends because the next word did not fit, and its line breaks
//! end nothing. In a paragraph with a meant break, a line that starts with a digit or a bullet
//! (a table's or list's row) ends the one before it, however wide.

/// A sentence: a byte span of the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Start byte (inclusive).
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Index of the paragraph the sentence is in.
    pub paragraph: usize,
}

/// Abbreviations after which a period never ends a sentence.
const NEVER_END: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "gen", "gens", "sen", "sens", "rep", "reps", "gov", "lt",
    "col", "sgt", "capt", "adm", "maj", "brig", "cmdr", "cpl", "pvt", "prof", "rev", "hon", "st",
    "mt", "ft", "vs", "v", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "pres", "gov", "supt", "insp", "det", "fr", "msgr", "amb",
    // Initials of two letters or more: "Guðni Th. Jóhannesson", "Wm. Smith", "Chas. Dickens".
    "th", "wm", "chas", "jas", "thos",
];

/// Abbreviations that end a sentence only before a typical sentence opener.
const MAYBE_END: &[&str] = &[
    "inc", "corp", "ltd", "co", "jr", "sr", "bros", "plc", "llc", "etc", "am", "pm",
];

/// Words that usually open a sentence.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "However",
    "Meanwhile",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "As",
    "Officials",
    "Last",
    "Earlier",
    "Later",
    "Some",
    "Many",
    "No",
    "Asked",
    "According",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Then",
    "Now",
    "So",
    "Yet",
    "Still",
    "Also",
    "For",
    "With",
    "Since",
    "Although",
    "Though",
    "Despite",
    "During",
    "Once",
    "Both",
    "Each",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "Such",
    "Instead",
    "Separately",
    "Elsewhere",
    "Today",
    "Yesterday",
];

/// Splits `text` into sentences, in order. `given_name` says whether a capitalised word, as
/// written ("Vladimir"), is a known given name: after "U.S." such a name and another capitalised
/// word start a new sentence ("... to the U.S. Vladimir Putin stayed").
pub fn sentences(text: &str, given_name: &dyn Fn(&str) -> bool) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (paragraph, (ps, pe)) in paragraphs(text).into_iter().enumerate() {
        for (bs, be) in line_blocks(&text[ps..pe]) {
            split_paragraph(text, ps + bs, ps + be, paragraph, given_name, &mut out);
        }
    }
    out
}

/// The parts of a paragraph that its line breaks set apart (see the module's notes), as byte
/// spans of `para`: the whole of it when it is one line or hard-wrapped.
fn line_blocks(para: &str) -> Vec<(usize, usize)> {
    if memchr::memchr2(b'\n', b'\r', para.as_bytes()).is_none() {
        return vec![(0, para.len())];
    }
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in lines_inclusive(para) {
        lines.push((at, line));
        at += line.len();
    }
    let width = |line: &str| line.trim_end().chars().count();
    let widest = lines.iter().map(|(_, l)| width(l)).max().unwrap_or(0);
    // Whether the next line's first word would have fitted on the line before it.
    let fits = |before: &str, next: &str| {
        let next = next.trim_start();
        let word = &next[..next.find(char::is_whitespace).unwrap_or(next.len())];
        width(before) + 1 + word.chars().count() <= widest
    };
    if !lines.windows(2).any(|pair| fits(pair[0].1, pair[1].1)) {
        return vec![(0, para.len())];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for pair in lines.windows(2) {
        let ((_, before), (at, next)) = (pair[0], pair[1]);
        let mut chars = next.trim_start().chars();
        let first = chars.next();
        let bullet = first
            .is_some_and(|c| matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2022}' | '*'))
            && chars.next().is_some_and(char::is_whitespace);
        // A row of a list or table ends the one before it, the widest too.
        let row = bullet || first.is_some_and(|c| c.is_ascii_digit());
        if row || (first.is_some_and(is_opener) && fits(before, next)) {
            out.push((start, at));
            start = at;
        }
    }
    out.push((start, para.len()));
    out
}

/// The lines of `text`, each with its line end: `\n`, `\r\n`, or a lone `\r` (old Mac files,
/// some exports), which would otherwise join two paragraphs into one.
fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let end = match memchr::memchr2(b'\n', b'\r', &b[start..]).map(|i| start + i) {
            Some(i) if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') => i + 2,
            Some(i) => i + 1,
            None => b.len(),
        };
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

/// The byte spans of the paragraphs of `text` (separated by blank lines), trimmed.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_content_end = 0;
    let mut pos = 0;
    for line in lines_inclusive(text) {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push((s, last_content_end));
            }
        } else {
            let lead = line.len() - line.trim_start().len();
            if start.is_none() {
                start = Some(pos + lead);
            }
            last_content_end = pos + line.trim_end().len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push((s, last_content_end));
    }
    out
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '}' | '.' | '!' | '?' | '…'
    )
}

fn is_opener(c: char) -> bool {
    c.is_uppercase()
        || c.is_numeric()
        || matches!(
            c,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '‹' | '¿' | '¡'
        )
}

fn split_paragraph(
    text: &str,
    ps: usize,
    pe: usize,
    paragraph: usize,
    given_name: &dyn Fn(&str) -> bool,
    out: &mut Vec<Sentence>,
) {
    let para = &text[ps..pe];
    let bytes = para.as_bytes();
    let mut sent_start = 0;
    let mut pos = 0;
    // Terminators by a byte scan: `.`, `!` and `?`, and 0xE2, the lead byte of `…` (a lead byte
    // is always on a character boundary).
    while let Some(off) = bytes[pos..]
        .iter()
        .position(|b| matches!(b, b'.' | b'!' | b'?' | 0xe2))
    {
        let i = pos + off;
        let c = para[i..].chars().next().expect("a lead byte starts a char");
        pos = i + c.len_utf8();
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Swallow further terminators and closing quotes.
        for d in para[pos..].chars() {
            if !is_closer(d) {
                break;
            }
            pos += d.len_utf8();
        }
        let j = pos;
        let rest = &para[j..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() {
            // No white space after: "3.5", "U.S.-led", or the paragraph's end.
            continue;
        }
        let next = match trimmed.chars().next() {
            Some(n) => n,
            None => continue,
        };
        if !is_opener(next) {
            continue;
        }
        if c == '.' && !period_ends(&para[sent_start..i], trimmed, given_name) {
            continue;
        }
        let end = j;
        push(out, ps, para, sent_start, end, paragraph);
        sent_start = j + (rest.len() - trimmed.len());
    }
    push(out, ps, para, sent_start, para.len(), paragraph);
}

fn push(out: &mut Vec<Sentence>, ps: usize, para: &str, s: usize, e: usize, paragraph: usize) {
    let chunk = &para[s..e];
    let lead = chunk.len() - chunk.trim_start().len();
    let s2 = s + lead;
    let e2 = s + chunk.trim_end().len();
    if e2 > s2 {
        out.push(Sentence {
            start: ps + s2,
            end: ps + e2,
            paragraph,
        });
    }
}

/// Decides whether a period ends the sentence, given the text before it and the text after.
fn period_ends(before: &str, after: &str, given_name: &dyn Fn(&str) -> bool) -> bool {
    let token = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if token.is_empty() {
        // A period on its own (" ." in tokenised text) ends the sentence.
        return true;
    }
    // A list's or table's number opening the sentence: "1. Donovan Bailey (Canada)".
    if before.trim_start() == token
        && (1..=3).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    // An initial: one capital letter ("W."), or dotted initials without a known end ("J.R.").
    if letters == 1 && token.chars().all(|c| c.is_uppercase() || c == '.') {
        return false;
    }
    let lower = token.to_lowercase();
    if NEVER_END.contains(&lower.as_str()) {
        return false;
    }
    // "No. 10", "Nos. 3 and 4": the abbreviation of "number" is followed by one; "he said no."
    // ends its sentence.
    if matches!(lower.as_str(), "no" | "nos") {
        return !after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    }
    let dotted = token.contains('.');
    if dotted || MAYBE_END.contains(&lower.as_str()) {
        let word = after
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let word = word.trim_end_matches([',', ';', ':']);
        return OPENERS.contains(&word) || starts_person(after, given_name);
    }
    true
}

/// Whether `after` opens with a person's name: a known given name, capitalised, then another
/// capitalised word ("... to the U.S. Vladimir Putin stayed"). After a dotted abbreviation that
/// starts a new sentence: "U.S. President" goes on, but no name follows "U.S." in one sentence.
fn starts_person(after: &str, given_name: &dyn Fn(&str) -> bool) -> bool {
    let mut words = after.split_whitespace();
    let (Some(given), Some(next)) = (words.next(), words.next()) else {
        return false;
    };
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    capital(given)
        && capital(next)
        && given.chars().skip(1).all(char::is_lowercase)
        && given_name(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the pipeline's list of given names.
    fn given(word: &str) -> bool {
        matches!(word, "Vladimir" | "Barack")
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &given)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn news_rules() {
        let rows: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "U.S. President Barack Obama spoke. Mr. Xi said so.",
                &["U.S. President Barack Obama spoke.", "Mr. Xi said so."],
            ),
            (
                "On Sep. 17 they met. Then left.",
                &["On Sep. 17 they met.", "Then left."],
            ),
            ("George W. Bush left.", &["George W. Bush left."]),
            (
                "Guðni Th. Jóhannesson met Norway. Wm. Smith left.",
                &["Guðni Th. Jóhannesson met Norway.", "Wm. Smith left."],
            ),
            (
                "She flew to the U.S. Then she met him.",
                &["She flew to the U.S.", "Then she met him."],
            ),
            (
                "She flew to the U.S. Vladimir Putin stayed.",
                &["She flew to the U.S.", "Vladimir Putin stayed."],
            ),
            (
                "The U.S. Vice President spoke. U.S. Navy ships sailed.",
                &["The U.S. Vice President spoke.", "U.S. Navy ships sailed."],
            ),
            (
                "It rose 3.5 percent. Good.",
                &["It rose 3.5 percent.", "Good."],
            ),
            (
                "He said \"we will.\" Then he left.",
                &["He said \"we will.\"", "Then he left."],
            ),
            (
                "They met in the U.S. The talks failed.",
                &["They met in the U.S.", "The talks failed."],
            ),
            ("Wait... what? Yes!", &["Wait... what?", "Yes!"]),
            ("He said... and went.", &["He said... and went."]),
            (
                "Gen. Smith and Sen.\nJones met.",
                &["Gen. Smith and Sen.\nJones met."],
            ),
            ("VICTORY .\nLONDON 1996", &["VICTORY .", "LONDON 1996"]),
            // A line break ends a sentence where the next word would have fitted on its line:
            // a headline, a table's rows, a list; not in hard-wrapped text.
            (
                "Bank of England holds rates\nLONDON - Keir Starmer met Micheal Martin on Monday.",
                &[
                    "Bank of England holds rates",
                    "LONDON - Keir Starmer met Micheal Martin on Monday.",
                ],
            ),
            (
                "66 Rory McIlroy (Northern Ireland)\n67 Ludvig Aberg (Sweden)\n68 Adrian Meronk (Poland)",
                &[
                    "66 Rory McIlroy (Northern Ireland)",
                    "67 Ludvig Aberg (Sweden)",
                    "68 Adrian Meronk (Poland)",
                ],
            ),
            (
                "The winners were:\n - Best actor - Tom Hardy\n - Best actress - Clare Higgins",
                &[
                    "The winners were:",
                    "- Best actor - Tom Hardy",
                    "- Best actress - Clare Higgins",
                ],
            ),
            (
                "Men's relay\n1. Donovan Bailey (Canada), Michael Johnson (U.S.), Frankie\n\
                 Fredericks (Namibia), Linford Christie (Britain) 38.87 seconds\n\
                 2. Michael Green (Jamaica)",
                &[
                    "Men's relay",
                    "1. Donovan Bailey (Canada), Michael Johnson (U.S.), Frankie\nFredericks \
                     (Namibia), Linford Christie (Britain) 38.87 seconds",
                    "2. Michael Green (Jamaica)",
                ],
            ),
            (
                "Prime Minister Keir Starmer met the Irish\nTaoiseach in London on Monday to discuss\n\
                 Trade and the border.",
                &[
                    "Prime Minister Keir Starmer met the Irish\nTaoiseach in London on Monday to \
                   discuss\nTrade and the border.",
                ],
            ),
            (
                "He said no. Emmanuel Macron laughed. No. 10 said no. The vote was No. Then \
                 Nos. 3 and 4.",
                &[
                    "He said no.",
                    "Emmanuel Macron laughed.",
                    "No. 10 said no.",
                    "The vote was No.",
                    "Then Nos. 3 and 4.",
                ],
            ),
            ("", &[]),
        ];
        for (text, want) in rows {
            assert_eq!(&split(text), want, "sentences of {text:?}");
        }
    }

    #[test]
    fn given_names_come_from_the_caller() {
        // The name after "U.S." starts a sentence only if the caller knows it as a given name,
        // and the caller is asked about the word as written.
        let text = "She flew to the U.S. Vladimir Putin stayed.";
        let asked = std::cell::RefCell::new(Vec::new());
        let record = |w: &str| {
            asked.borrow_mut().push(w.to_string());
            given(w)
        };
        assert_eq!(sentences(text, &record).len(), 2);
        assert_eq!(asked.into_inner(), ["Vladimir"]);
        assert_eq!(sentences(text, &|_| false).len(), 1);
    }

    /// The splitter as first written, on characters: the byte scan must agree with it.
    fn reference(text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        let blocks = paragraphs(text)
            .into_iter()
            .enumerate()
            .flat_map(|(p, (ps, pe))| {
                (line_blocks(&text[ps..pe]).into_iter())
                    .map(move |(bs, be)| (p, (ps + bs, ps + be)))
            });
        for (paragraph, (ps, pe)) in blocks {
            let para = &text[ps..pe];
            let mut sent_start = 0;
            let mut iter = para.char_indices().peekable();
            while let Some((i, c)) = iter.next() {
                if !matches!(c, '.' | '!' | '?' | '…') {
                    continue;
                }
                let mut j = i + c.len_utf8();
                while let Some(&(k, d)) = iter.peek() {
                    if is_closer(d) {
                        j = k + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                let rest = &para[j..];
                let trimmed = rest.trim_start();
                if trimmed.len() == rest.len() {
                    continue;
                }
                let Some(next) = trimmed.chars().next() else {
                    continue;
                };
                if !is_opener(next)
                    || (c == '.' && !period_ends(&para[sent_start..i], trimmed, &given))
                {
                    continue;
                }
                push(&mut out, ps, para, sent_start, j, paragraph);
                sent_start = j + (rest.len() - trimmed.len());
            }
            push(&mut out, ps, para, sent_start, para.len(), paragraph);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_agrees_with_the_char_scan(
            text in "([A-Za-z]{1,5}|Mr|U\\.S|[.!?…\"”’)'] ?|[ \n]|\u{2028}|\u{e2}|\u{2030}|“){0,30}"
        ) {
            proptest::prop_assert_eq!(sentences(&text, &given), reference(&text));
        }
    }

    #[test]
    fn paragraphs_at_blank_lines() {
        let text = "First para\nstill first.\n\n  \nSecond. Two.\n";
        let s = sentences(text, &given);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].paragraph, 0);
        assert_eq!(s[1].paragraph, 1);
        assert_eq!(s[2].paragraph, 1);
        assert_eq!(&text[s[0].start..s[0].end], "First para\nstill first.");
        // Lines that end in CR alone, or in CR LF, break paragraphs alike.
        for (text, first) in [
            (
                "First para\rstill first.\r\rSecond. Two.\r",
                "First para\rstill first.",
            ),
            (
                "First para\r\nstill first.\r\n\r\nSecond. Two.\r\n",
                "First para\r\nstill first.",
            ),
        ] {
            let s = sentences(text, &given);
            let paras: Vec<usize> = s.iter().map(|s| s.paragraph).collect();
            assert_eq!(paras, [0, 1, 1], "{text:?}");
            assert_eq!(&text[s[0].start..s[0].end], first);
        }
        assert_eq!(
            lines_inclusive("a\r\nb\rc\n\nd").collect::<Vec<_>>(),
            ["a\r\n", "b\r", "c\n", "\n", "d"]
        );
    }
}
