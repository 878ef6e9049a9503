//! A normalised view of a text for matching, with a map back to the original bytes.
//!
//! aho-corasick folds ASCII case only and knows nothing of Unicode, so both the text and the
//! gazetteer's aliases are put through the same normalisation before matching: Unicode
//! compatibility decomposition (NFKD), optional removal of diacritics ("Erdoğan" = "Erdogan"),
//! lower-casing, `’` `‘` `´` as `'`, every dash as `-` (an em dash, which sets words apart, as a
//! spaced hyphen), any run of whitespace or control characters as one space, and
//! zero-width characters dropped. Every byte of the normalised text remembers which bytes of the
//! original produced it, so a match found in the normalised text maps back to a span of the
//! original that a reader would see.
//!
//! The map is stored as segments: a run of bytes that map one-to-one (plain ASCII, the usual
//! case) is one segment, so memory stays small for long documents.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How a text is normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NormOptions {
    /// Lower-case everything (Unicode lower-casing).
    pub fold_case: bool,
    /// Remove diacritics after decomposition ("é" -> "e").
    pub fold_diacritics: bool,
}

impl NormOptions {
    /// The options used for matching: fold case and diacritics.
    pub const MATCH: NormOptions = NormOptions {
        fold_case: true,
        fold_diacritics: true,
    };
}

#[derive(Clone, Copy, Debug)]
struct Segment {
    /// Offset in the normalised text where the segment starts.
    norm: usize,
    /// Offset in the original text where it starts.
    orig: usize,
    /// For an atomic segment, where it ends in the original.
    orig_end: usize,
    /// An atomic segment maps all its bytes to the whole original span (a character that became
    /// several, or a run of whitespace that became one space).
    atomic: bool,
}

/// A normalised text and its map back to the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    segments: Vec<Segment>,
    orig_len: usize,
    /// One bit per normalised byte: set where an upper-case character of the original starts.
    /// Case is folded away in `text`; the matcher and the resolver ask for it often.
    upper: Vec<u64>,
    /// One bit per normalised byte: set on a space that stands for white space with a line break.
    breaks: Vec<u64>,
}

impl Normalized {
    /// Whether normalised byte `k` is a space standing for white space that held a line break.
    pub fn from_line_break(&self, k: usize) -> bool {
        self.breaks
            .get(k / 64)
            .is_some_and(|w| w & (1u64 << (k % 64)) != 0)
    }

    /// Whether normalised byte `k` starts a character that is upper case in the original.
    pub fn starts_upper(&self, k: usize) -> bool {
        self.upper
            .get(k / 64)
            .is_some_and(|w| w & (1u64 << (k % 64)) != 0)
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte offset where normalised byte `k` comes from (`k` may equal the length).
    pub fn orig_start(&self, k: usize) -> usize {
        if k >= self.text.len() {
            return self.orig_len;
        }
        let seg = &self.segments[self.segment_of(k)];
        if seg.atomic {
            seg.orig
        } else {
            seg.orig + (k - seg.norm)
        }
    }

    /// The original byte offset where a normalised span ending (exclusive) at `k` ends.
    pub fn orig_end(&self, k: usize) -> usize {
        if k == 0 {
            return self.segments.first().map_or(0, |s| s.orig);
        }
        let seg = &self.segments[self.segment_of(k - 1)];
        if seg.atomic {
            seg.orig_end
        } else {
            seg.orig + (k - seg.norm)
        }
    }

    fn segment_of(&self, k: usize) -> usize {
        self.segments
            .partition_point(|s| s.norm <= k)
            .saturating_sub(1)
    }
}

/// Normalises `text` for matching, keeping the offset map.
pub fn normalize(text: &str, opts: NormOptions) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut upper: Vec<u64> = Vec::with_capacity(text.len() / 64 + 1);
    let mut breaks: Vec<u64> = Vec::new();
    let mut segments: Vec<Segment> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    // Whether the current last segment is an identity run that can be extended.
    let mut identity_open = false;
    let push_identity = |segments: &mut Vec<Segment>, open: &mut bool, norm: usize, orig: usize| {
        if *open
            && segments
                .last()
                .is_some_and(|last| orig - last.orig == norm - last.norm)
        {
            return;
        }
        segments.push(Segment {
            norm,
            orig,
            orig_end: orig,
            atomic: false,
        });
        *open = true;
    };
    // A segment that maps as a whole (a folded character, a run of spaces, a dash): it closes
    // the identity run.
    let push_atomic = |segments: &mut Vec<Segment>,
                       open: &mut bool,
                       norm: usize,
                       orig: usize,
                       orig_end: usize| {
        segments.push(Segment {
            norm,
            orig,
            orig_end,
            atomic: true,
        });
        *open = false;
    };
    // Text with an ampersand may hold HTML character references ("Jos&#233;", "AT&amp;T"), as
    // text scraped from web pages does: each is read as the character it stands for.
    let has_amp = memchr::memchr(b'&', bytes).is_some();
    while i < bytes.len() {
        let b = bytes[i];
        let reference = if has_amp && b == b'&' {
            char_reference(&text[i..])
        } else {
            None
        };
        if is_plain(b) && reference.is_none() {
            // A run of plain ASCII (the common case) maps byte for byte: copy it whole. A single
            // space inside the run is kept as is. (A run stops at an ampersand, which may start
            // a reference.)
            let mut j = i + 1;
            while j < bytes.len() {
                if is_plain(bytes[j]) {
                    j += 1;
                } else if bytes[j] == b' ' && bytes.get(j + 1).copied().is_some_and(is_plain) {
                    j += 2;
                } else {
                    break;
                }
            }
            if has_amp && let Some(k) = memchr::memchr(b'&', &bytes[i + 1..j]) {
                j = i + 1 + k;
            }
            push_identity(&mut segments, &mut identity_open, out.len(), i);
            let run = &text[i..j];
            let from = out.len();
            for (k, c) in run.bytes().enumerate() {
                if c.is_ascii_uppercase() {
                    set_bit(&mut upper, from + k);
                }
            }
            if opts.fold_case {
                out.push_str(run);
                out[from..].make_ascii_lowercase();
            } else {
                out.push_str(run);
            }
            i = j;
            continue;
        }
        let (c, len) = reference.unwrap_or_else(|| {
            let c = text[i..].chars().next().expect("i is on a char boundary");
            (c, c.len_utf8())
        });
        if is_dash_break(c) {
            // Written as a spaced hyphen (" - "), as "KYIV - Ukrainian" is: a name before it
            // does not run on into the one after ("BEIJING — China said"), nor a word join the
            // next ("Obama—the president").
            let from = out.len();
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push('-');
            if text[i + len..]
                .chars()
                .next()
                .is_some_and(|n| !is_space(n) && !is_ignorable(n))
            {
                out.push(' ');
            }
            push_atomic(&mut segments, &mut identity_open, from, i, i + len);
            i += len;
            continue;
        }
        if is_space(c) {
            let mut end = i + len;
            while end < bytes.len() {
                let next = text[end..].chars().next().expect("char boundary");
                if is_space(next) || is_ignorable(next) {
                    end += next.len_utf8();
                } else {
                    break;
                }
            }
            if end == i + 1 {
                push_identity(&mut segments, &mut identity_open, out.len(), i);
            } else {
                push_atomic(&mut segments, &mut identity_open, out.len(), i, end);
            }
            if text[i..end].contains('\n') {
                set_bit(&mut breaks, out.len());
            }
            out.push(' ');
            i = end;
            continue;
        }
        let before = out.len();
        fold_char(c, opts, &mut out);
        if c.is_uppercase() && out.len() > before {
            set_bit(&mut upper, before);
        }
        if out.len() > before {
            push_atomic(&mut segments, &mut identity_open, before, i, i + len);
        }
        i += len;
    }
    Normalized {
        text: out,
        segments,
        orig_len: text.len(),
        upper,
        breaks,
    }
}

fn set_bit(bits: &mut Vec<u64>, k: usize) {
    if bits.len() <= k / 64 {
        bits.resize(k / 64 + 1, 0);
    }
    bits[k / 64] |= 1u64 << (k % 64);
}

/// `s` with its HTML character references read as the characters they stand for
/// ("Pascal Pap&#233;" -> "Pascal Papé"), as [`normalize`] reads them: for names shown to
/// people, such as labels and aliases.
pub fn decode_references(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match char_reference(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The character an HTML character reference at the start of `s` stands for ("&#233;",
/// "&#xE9;", "&amp;", "&eacute;", "&rsquo;" and other named references to letters and
/// punctuation of news text), and the reference's length; `None` for anything else, and for
/// references to white space or control characters, which stay as written.
fn char_reference(s: &str) -> Option<(char, usize)> {
    let end = s.bytes().take(12).position(|b| b == b';')?;
    let name = s.get(1..end)?;
    let c = match name.strip_prefix('#') {
        Some(num) => {
            let (digits, radix) = match num.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (num, 10),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            char::from_u32(u32::from_str_radix(digits, radix).ok()?)?
        }
        None => match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201C}',
            "rdquo" => '\u{201D}',
            "ndash" => '\u{2013}',
            "hellip" => '\u{2026}',
            "szlig" => '\u{DF}',
            "aelig" => '\u{E6}',
            "AElig" => '\u{C6}',
            "oslash" => '\u{F8}',
            "Oslash" => '\u{D8}',
            "pound" => '\u{A3}',
            "euro" => '\u{20AC}',
            // A letter with an accent: "eacute", "Uuml", "ntilde", "ccedil", "aring".
            _ => accented(name)?,
        },
    };
    let shown = !is_space(c) && !is_ignorable(c) && !c.is_control();
    shown.then_some((c, end + 1))
}

/// The letter an HTML named reference to an accented letter stands for: a base letter and an
/// accent ("eacute" -> "é", "Ouml" -> "Ö"), composed as Unicode does.
fn accented(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let base = chars.next().filter(char::is_ascii_alphabetic)?;
    let mark = match chars.as_str() {
        "grave" => '\u{300}',
        "acute" => '\u{301}',
        "circ" => '\u{302}',
        "tilde" => '\u{303}',
        "uml" => '\u{308}',
        "ring" => '\u{30A}',
        "cedil" => '\u{327}',
        _ => return None,
    };
    unicode_normalization::char::compose(base, mark)
}

/// Normalises a short string (an alias, a title) without keeping a map.
pub fn normalize_str(s: &str, opts: NormOptions) -> String {
    // Most aliases are plain ASCII words (see `is_own_cased_form`): their normal form is
    // themselves, in lower case when case is folded, without building the offset map.
    if is_own_cased_form(s) {
        return if opts.fold_case {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        };
    }
    let n = normalize(s, opts);
    n.text.trim_matches(' ').to_string()
}

/// Whether `s` is its own normal form when case is kept ([`normalize_str`] without case
/// folding, whatever the other options): printable ASCII words with single spaces between
/// them, as most surfaces are, and no ampersand (which may start a character reference).
pub fn is_own_cased_form(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(|&c| is_plain(c))
        && b.last().is_some_and(|&c| is_plain(c))
        && b.iter().all(|&c| c == b' ' || is_plain(c))
        && !b.contains(&b'&')
        && !s.contains("  ")
}

/// Printable ASCII other than the space: ASCII that is neither white space nor a control.
fn is_plain(b: u8) -> bool {
    (0x21..=0x7e).contains(&b)
}

/// White space and control characters.
fn is_space(c: char) -> bool {
    c.is_whitespace() || (c.is_control() && !is_ignorable(c))
}

/// The em dash and the horizontal bar: they set words apart ("Obama—the president—met"), where
/// a hyphen or an en dash joins them.
fn is_dash_break(c: char) -> bool {
    matches!(c, '\u{2014}' | '\u{2015}')
}

/// Characters that are dropped: zero-width spaces and joiners, soft hyphens, byte-order marks.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn fold_char(c: char, opts: NormOptions, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' | '`' => {
            out.push('\'');
            return;
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
            out.push('-');
            return;
        }
        _ if is_ignorable(c) => return,
        _ => {}
    }
    for d in std::iter::once(c).nfkd() {
        if opts.fold_diacritics && is_combining_mark(d) {
            continue;
        }
        let d = if opts.fold_diacritics {
            match d {
                'ø' => 'o',
                'Ø' => 'O',
                'ł' => 'l',
                'Ł' => 'L',
                'đ' => 'd',
                'Đ' => 'D',
                'ħ' => 'h',
                'Ħ' => 'H',
                'ı' => 'i',
                _ => d,
            }
        } else {
            d
        };
        if opts.fold_case {
            match d {
                'ß' => out.push_str("ss"),
                _ => out.extend(d.to_lowercase()),
            }
        } else {
            out.push(d);
        }
    }
}

/// Whether `c` is part of a word (letters, digits, marks).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for plain ASCII strings gives what the full normaliser gives.
        #[test]
        fn normalize_str_shortcut_agrees(s in "[ a-zA-Z.'`&#;0-9\t\n\x00\x7f-]{0,14}|\\PC{0,8}") {
            for fold_case in [false, true] {
                for fold_diacritics in [false, true] {
                    let opts = NormOptions { fold_case, fold_diacritics };
                    let full = normalize(&s, opts);
                    prop_assert_eq!(normalize_str(&s, opts), full.as_str().trim_matches(' '));
                }
            }
        }
    }

    #[test]
    fn plain_bytes_are_ascii_neither_space_nor_control() {
        for b in 0..=255u8 {
            let want = b.is_ascii() && !b.is_ascii_whitespace() && !b.is_ascii_control();
            assert_eq!(is_plain(b), want, "{b:#x}");
        }
    }

    fn check(text: &str, want: &str) {
        let n = normalize(text, NormOptions::MATCH);
        assert_eq!(n.as_str(), want, "normalised form of {text:?}");
    }

    #[test]
    fn folds() {
        check("China", "china");
        check("Erdoğan", "erdogan");
        check("Xi’s", "xi's");
        check("Barack\n  Obama", "barack obama");
        check("U.S.—China", "u.s. - china");
        check("Obama — the", "obama - the");
        check("BEIJING \u{2015} China", "beijing - china");
        check("U.S.–China", "u.s.-china");
        check("Ｕ.Ｓ.", "u.s.");
        check("Stra\u{00DF}e", "strasse");
        check("İstanbul", "istanbul");
        check("Zhe\u{200B}ng", "zheng");
        check("a\u{0000}b", "a b");
        check("Łódź", "lodz");
    }

    #[test]
    fn offsets_slice_original() {
        let text = "Mr.  Erdoğan’s\n\nvisit to Ｕ.Ｓ. and ﬁnance";
        let n = normalize(text, NormOptions::MATCH);
        let find = |pat: &str| {
            let s = n.as_str().find(pat).unwrap();
            let e = s + pat.len();
            &text[n.orig_start(s)..n.orig_end(e)]
        };
        assert_eq!(find("erdogan"), "Erdoğan");
        assert_eq!(find("erdogan's"), "Erdoğan’s");
        assert_eq!(find("mr. erdogan"), "Mr.  Erdoğan");
        assert_eq!(find("u.s."), "Ｕ.Ｓ.");
        assert_eq!(find("finance"), "ﬁnance");
        assert_eq!(find("visit"), "visit");
        assert_eq!(n.orig_start(n.as_str().len()), text.len());
    }

    #[test]
    fn html_character_references_are_their_characters() {
        check("Jos&#233; and Fran&#xE7;ois", "jose and francois");
        check(
            "AT&amp;T &lt;b&gt; &quot;x&quot; &apos;",
            "at&t <b> \"x\" '",
        );
        check(
            "Fran&ccedil;ois J&Uuml;RGEN Pe&ntilde;a &rsquo;s &ndash;",
            "francois jurgen pena 's -",
        );
        // Not references, or references to white space or controls: as written.
        check("&xacute; &eacutex; &e;", "&xacute; &eacutex; &e;");
        check(
            "R&D &#; &#x; &foo; &#65 &#0; &#32; &#12a;",
            "r&d &#; &#x; &foo; &#65 &#0; &#32; &#12a;",
        );
        let text = "EC head Jos&#201; Barroso";
        let n = normalize(text, NormOptions::MATCH);
        let s = n.as_str().find("jose").unwrap();
        let e = s + "jose barroso".len();
        assert_eq!(&text[n.orig_start(s)..n.orig_end(e)], "Jos&#201; Barroso");
        assert!(n.starts_upper(s) && n.starts_upper(s + 3));
        assert_eq!(
            decode_references("Pap&#233; &amp; R&D &#0;"),
            "Papé & R&D &#0;"
        );
        // A surface with an ampersand is not taken as its own normal form.
        assert!(!is_own_cased_form("AT&amp;T") && is_own_cased_form("AT and T"));
    }

    #[test]
    fn upper_case_is_remembered() {
        let n = normalize("Ünited staTes", NormOptions::MATCH);
        let ups: Vec<usize> = (0..n.as_str().len())
            .filter(|&k| n.starts_upper(k))
            .collect();
        assert_eq!(ups, [0, 10]);
    }

    #[test]
    fn case_preserving() {
        let o = NormOptions {
            fold_case: false,
            fold_diacritics: true,
        };
        assert_eq!(normalize_str(" Erdoğan’s ", o), "Erdogan's");
    }
}
