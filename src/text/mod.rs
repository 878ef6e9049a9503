//! Text handling: the normalised view used for matching and the segmentation into paragraphs and
//! sentences used for co-occurrence windows.

pub mod normalize;
pub mod segment;
pub mod spelling;

pub use normalize::{NormOptions, Normalized, is_word_char, normalize, normalize_str};
pub use segment::{Sentence, paragraphs, sentences};
