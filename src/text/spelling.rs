//! Near spellings: how many typos apart two names are, within a budget that grows with length.

/// How many typos a name of `len` characters may hold and still be taken for another: none in
/// very short names (any three letters are a typo or two from many others), then one, then two.
pub fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The edits (insert, delete or replace a character, or swap two adjacent ones: the optimal
/// string alignment distance) that turn `a` into `b`, when at most the budget for `a`'s length;
/// `None` beyond it.
pub fn typos(a: &str, b: &str) -> Option<usize> {
    let budget = typo_budget(a.chars().count());
    if budget == 0 || a.chars().count().abs_diff(b.chars().count()) > budget {
        return None;
    }
    let d = strsim::osa_distance(a, b);
    (d <= budget).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::typos;

    #[test]
    fn typos_count_edits_and_swaps_within_a_budget() {
        for (a, b, want) in [
            ("chinaa", "china", Some(1)),
            ("chian", "china", Some(1)),
            ("netanyhu", "netanyahu", Some(1)),
            ("merkle", "merkel", Some(1)),
            ("china", "china", Some(0)),
            ("chile", "china", None),
            ("abc", "abd", None),
            ("yassir", "yasser", Some(1)),
        ] {
            assert_eq!(typos(a, b), want, "{a} -> {b}");
        }
    }
}
