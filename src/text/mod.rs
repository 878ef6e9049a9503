//! Text handling: the normalised view used for matching and the segmentation into paragraphs and
//! sentences used for co-occurrence windows.

pub mod normalize;
pub mod segment;
pub mod spelling;

pub use normalize::{
    NormOptions, Normalized, decode_references, is_word_char, normalize, normalize_str,
};
pub use segment::{Sentence, paragraphs, sentences};

use std::borrow::Cow;

/// `s` cut to at most `n` characters, the last of them `…` where it was cut.
pub fn cut_chars(s: &str, n: usize) -> Cow<'_, str> {
    if s.char_indices().nth(n).is_none() {
        return Cow::Borrowed(s);
    }
    let end = s
        .char_indices()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    Cow::Owned(format!("{}…", &s[..end]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn cut_chars_counts_characters_and_marks_the_cut() {
        use super::cut_chars;
        assert_eq!(cut_chars("Oslo", 4), "Oslo");
        assert_eq!(cut_chars("Tromsø", 5), "Trom…");
        assert_eq!(cut_chars("ééé", 2), "é…");
        assert_eq!(cut_chars("", 0), "");
    }
}
