//! The normaliser and its offset map: in bounds, on character boundaries, monotone.
#![no_main]

use entigraph::text::{NormOptions, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let opts = NormOptions {
        fold_case: flags & 1 != 0,
        fold_diacritics: flags & 2 != 0,
    };
    let n = normalize(&text, opts);
    let len = n.as_str().len();
    let (mut ps, mut pe) = (0, 0);
    for k in 0..=len {
        let (s, e) = (n.orig_start(k), n.orig_end(k));
        assert!(s <= text.len() && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(s >= ps && e >= pe, "map goes back at {k}");
        if k < len {
            assert!(s < n.orig_end(k + 1));
        }
        (ps, pe) = (s, e);
    }
    assert_eq!(n.orig_start(len), text.len());
});
