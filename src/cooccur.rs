//! Co-occurrence: windows, pair counting and evidence, kept as mergeable statistics.
//!
//! A document is cut into windows (sentences, paragraphs or the whole document). [`Stats`] holds
//! sufficient statistics: the number of windows and documents, per entity the windows, documents
//! and mentions it occurs in, per pair the windows and documents they share, first and last dates
//! seen, and up to K evidence windows per pair. Two `Stats` merge exactly by adding counts and
//! keeping the K smallest evidence keys (document id, then position), so the result does not
//! depend on how documents were split between workers or in what order they were merged.
//!
//! A window naming more distinct entities than [`Stats::max_window_entities`] is a list (a
//! directory, a table of delegates, a scraped index), not a relation: its entities are counted
//! as in any window, its pairs are not, and it is counted in [`Stats::crowded_windows`]. Pairs
//! grow with the square of the entities in a window, so one such list of a few thousand names
//! would otherwise make millions of links, each with evidence.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use crate::gazetteer::FastHash;

/// Hash maps keyed by entity ids, with [`FastHash`]: much faster than SipHash on these short
/// keys, and ids come from the gazetteer or from names in the text, not from an adversary
/// choosing collisions at scale (the per-document maps are small).
pub type IdMap<K, V> = HashMap<K, V, FastHash>;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::resolve::Mention;
use crate::text::Sentence;

/// What counts as "together".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowKind {
    /// The same sentence.
    Sentence,
    /// The same paragraph.
    Paragraph,
    /// The same document.
    Document,
}

impl WindowKind {
    /// The default of [`Stats::max_window_entities`] (`--max-window-entities`) for windows of
    /// this kind: a window naming more entities is a list, not a relation. A sentence of more
    /// than ten names is a team sheet, a list of nominees or a table flattened into one line
    /// (all of them in the BBC and CoNLL corpora, where prose names at most nine); a paragraph
    /// of more than twenty, such a list over several lines. A document names many in prose.
    pub fn default_max_entities(self) -> usize {
        match self {
            WindowKind::Sentence => 10,
            WindowKind::Paragraph => 20,
            WindowKind::Document => 100,
        }
    }

    /// The name used in options and manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            WindowKind::Sentence => "sentence",
            WindowKind::Paragraph => "paragraph",
            WindowKind::Document => "document",
        }
    }
}

/// Longest evidence snippet, in characters.
pub const SNIPPET_CHARS: usize = 300;

/// A window that supports an edge.
///
/// In JSON, the document's [`About`] fields that are known sit beside `doc`:
/// `{"doc": "d1", "date": "2024-05-01", "title": "…", "url": "…", "start": 0, "end": 9,
/// "snippet": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(from = "EvidenceFields")]
pub struct Evidence {
    /// Document id (shared by the evidence of one document).
    pub doc: Arc<str>,
    /// Start byte of the window in the document text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// The window's text, white space collapsed (shared by the pairs of one window); a window
    /// longer than [`SNIPPET_CHARS`] characters is shown around the pair's mentions
    /// ([`snippet_around`]).
    pub snippet: Arc<str>,
    /// The document's date, title and address, when it has any (shared by the evidence of one
    /// document).
    pub about: Option<Arc<About>>,
}

impl Evidence {
    /// The document's [`About`] fields, names and values (`None` where unknown).
    pub fn about_fields(&self) -> [(&'static str, Option<&str>); 3] {
        self.about.as_deref().unwrap_or(&About::EMPTY).fields()
    }
}

/// What a reader needs to find a document again, beyond its id: from JSONL or CSV fields.
/// It is written with [`Evidence`], its fields beside the document id ([`About::fields`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct About {
    /// Date (`YYYY-MM-DD...`).
    pub date: Option<String>,
    /// Headline or title.
    pub title: Option<String>,
    /// Address (URL) of the document.
    pub url: Option<String>,
}

impl About {
    /// Nothing known.
    pub const EMPTY: About = About {
        date: None,
        title: None,
        url: None,
    };

    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.title.is_none() && self.url.is_none()
    }

    /// Each field's JSON name and value, in the order written.
    pub fn fields(&self) -> [(&'static str, Option<&str>); 3] {
        [
            ("date", self.date.as_deref()),
            ("title", self.title.as_deref()),
            ("url", self.url.as_deref()),
        ]
    }

    /// Only a date.
    pub fn dated(date: &str) -> About {
        About {
            date: Some(date.to_string()),
            ..About::default()
        }
    }
}

/// [`Evidence`] as written: the [`About`] fields flat beside the document id.
#[derive(Deserialize)]
struct EvidenceFields {
    doc: Arc<str>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    start: usize,
    end: usize,
    snippet: Arc<str>,
}

impl From<EvidenceFields> for Evidence {
    fn from(f: EvidenceFields) -> Evidence {
        let about = About {
            date: f.date,
            title: f.title,
            url: f.url,
        };
        Evidence {
            doc: f.doc,
            start: f.start,
            end: f.end,
            snippet: f.snippet,
            about: (!about.is_empty()).then(|| Arc::new(about)),
        }
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = self.about_fields();
        let known = fields.iter().filter(|(_, v)| v.is_some()).count();
        let mut st = s.serialize_struct("Evidence", 4 + known)?;
        st.serialize_field("doc", &*self.doc)?;
        for (key, value) in fields {
            match value {
                Some(v) => st.serialize_field(key, v)?,
                None => st.skip_field(key)?,
            }
        }
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("snippet", &*self.snippet)?;
        st.end()
    }
}

/// Statistics of one entity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityStats {
    /// Type.
    pub kind: String,
    /// Canonical name.
    pub label: String,
    /// Discovered in the text rather than listed.
    pub discovered: bool,
    /// Mentions.
    pub mentions: u64,
    /// Windows it occurs in.
    pub windows: u64,
    /// Documents it occurs in.
    pub documents: u64,
    /// Earliest document date seen.
    pub first_seen: Option<String>,
    /// Latest document date seen.
    pub last_seen: Option<String>,
    /// Surface forms seen, with counts (all of them: the graph keeps the [`MAX_SURFACES`] most
    /// frequent, so the choice does not depend on the order documents were processed in).
    pub surfaces: BTreeMap<String, u64>,
}

impl EntityStats {
    /// The name to show: for a discovered person, the full name as most often written (a
    /// surname alone has no space, and a family name of several words, "Parker Bowles", ends
    /// another of the person's names, "Camilla Parker Bowles"; ties go to the first in byte
    /// order), else [`label`](Self::label). Surfaces are all kept, so the choice does not depend
    /// on the order documents were counted or statistics merged in; the graph and graph.part
    /// both name entities by it.
    pub fn display_label(&self) -> &str {
        if !self.discovered {
            return &self.label;
        }
        let names = || self.surfaces.iter().filter(|(s, _)| s.contains(' '));
        // (Compared as written: "PARKER BOWLES" of a headline ends no other name of one who is
        // written "Camilla Parker Bowles", and a surname in capitals is rarely the most frequent.)
        let ends_another = |s: &str| {
            names().any(|(o, _)| {
                o.strip_suffix(s)
                    .is_some_and(|before| before.ends_with(' '))
            })
        };
        names()
            .filter(|(s, _)| !ends_another(s))
            // The most frequent; among equals the first in byte order (`max_by` keeps the last
            // maximum, and the map iterates in byte order, hence the reversed tie-break).
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map_or(&self.label, |(s, _)| s)
    }

    /// Keeps one of the names a discovered person was found under, whatever the order documents
    /// are counted or statistics merged in: the one with fewer capitals, then the first in byte
    /// order. A fallback only, for a person never written with a space in the name
    /// ([`display_label`](Self::display_label)).
    fn offer_label(&mut self, label: &str) {
        let caps = |l: &str| l.chars().filter(|c| c.is_uppercase()).count();
        if label != self.label && (caps(label), label) < (caps(&self.label), self.label.as_str()) {
            self.label = label.to_string();
        }
    }
}

/// Most distinct surface forms shown per node.
pub const MAX_SURFACES: usize = 32;

/// Statistics of one pair of entities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairStats {
    /// Windows shared.
    pub windows: u64,
    /// Documents shared.
    pub documents: u64,
    /// Earliest document date seen together.
    pub first_seen: Option<String>,
    /// Latest.
    pub last_seen: Option<String>,
    /// Up to K supporting windows, smallest (document, start) first.
    pub evidence: Vec<Evidence>,
}

/// Mergeable co-occurrence statistics.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Window kind.
    pub window: WindowKind,
    /// Evidence kept per pair.
    pub evidence_k: usize,
    /// A window naming more distinct entities than this adds no pairs (0: no limit).
    #[serde(default)]
    pub max_window_entities: usize,
    /// Documents processed.
    pub documents: u64,
    /// Windows processed.
    pub windows: u64,
    /// Windows that named more than `max_window_entities` distinct entities: their entities
    /// are counted (mentions, windows, documents), their pairs are not.
    #[serde(default)]
    pub crowded_windows: u64,
    /// Mentions linked.
    pub mentions: u64,
    /// Per entity, by id.
    pub entities: IdMap<Arc<str>, EntityStats>,
    /// Per pair of ids (smaller id first).
    pub pairs: IdMap<(Arc<str>, Arc<str>), PairStats>,
    /// With `--dedupe` ([`Config::dedupe`](crate::pipeline::Config::dedupe)): the
    /// [`text_hash`](crate::input::text_hash) of every document counted (but those without
    /// text), sorted, so that a later append leaves out the texts counted here. Empty without
    /// it.
    #[serde(default)]
    pub texts: Vec<u128>,
    /// Documents left out because their text repeats one counted before (`--dedupe`).
    #[serde(default)]
    pub repeats: u64,
    /// Documents counted twice all the same: with the text of a document in other statistics
    /// merged with these (two partials that each counted the story). Merging cannot take one
    /// out again, so it is said.
    #[serde(default)]
    pub recounted: u64,
}

fn min_date(a: &mut Option<String>, b: Option<&str>) {
    if let Some(b) = b
        && a.as_deref().is_none_or(|a| b < a)
    {
        *a = Some(b.to_string());
    }
}

fn max_date(a: &mut Option<String>, b: Option<&str>) {
    if let Some(b) = b
        && a.as_deref().is_none_or(|a| b > a)
    {
        *a = Some(b.to_string());
    }
}

fn insert_evidence(list: &mut Vec<Evidence>, e: Evidence, k: usize) {
    if k == 0 {
        return;
    }
    let pos = list.binary_search(&e).unwrap_or_else(|p| p);
    if pos >= k || list.get(pos) == Some(&e) {
        return;
    }
    list.insert(pos, e);
    list.truncate(k);
}

/// Whether evidence with this key may be kept: a tie on (document, start), possible when two
/// inputs share a document id, is left to [`insert_evidence`]'s full order, as in a merge.
fn would_keep(list: &[Evidence], doc: &str, start: usize, k: usize) -> bool {
    list.len() < k
        || list
            .last()
            .is_some_and(|l| (doc, start) <= (&*l.doc, l.start))
}

/// Cuts a window's text into a snippet: white space collapsed, at most [`SNIPPET_CHARS`]
/// characters, with `…` where it was cut.
pub fn snippet(text: &str) -> String {
    if text.is_ascii() {
        return snippet_ascii(text.as_bytes());
    }
    let mut out = String::new();
    let mut n = 0;
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            n += 1;
        }
        out.push_str(w);
        n += w.chars().count();
        if n > SNIPPET_CHARS {
            break;
        }
    }
    if n > SNIPPET_CHARS {
        let cut: String = out.chars().take(SNIPPET_CHARS - 1).collect();
        return cut + "…";
    }
    out
}

/// Whether [`snippet`] shows `window` whole: at most [`SNIPPET_CHARS`] characters with its white
/// space collapsed.
fn shows_whole(window: &str) -> bool {
    if window.len() <= SNIPPET_CHARS {
        return true;
    }
    let mut n = 0;
    for w in window.split_whitespace() {
        n += usize::from(n > 0) + w.chars().count();
        if n > SNIPPET_CHARS {
            return false;
        }
    }
    true
}

/// The mentions of ranks `a` and `b` in window `w` that are closest together, as (start, end)
/// byte ranges; `at` is every mention's (window, rank, start, end), sorted. Both have one there.
/// One walk over the two lists, as in a merge: the next pair to try moves past the mention that
/// ends first (the mentions of one entity do not overlap).
fn closest(
    at: &[(usize, u32, usize, usize)],
    w: usize,
    a: u32,
    b: u32,
) -> ((usize, usize), (usize, usize)) {
    let of = |r: u32| {
        let lo = at.partition_point(|x| (x.0, x.1) < (w, r));
        let hi = at.partition_point(|x| (x.0, x.1) <= (w, r));
        &at[lo..hi]
    };
    let (xs, ys) = (of(a), of(b));
    let mut best = ((xs[0].2, xs[0].3), (ys[0].2, ys[0].3));
    let mut gap = usize::MAX;
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (xs.get(i), ys.get(j)) {
        let g = x.2.max(y.2).saturating_sub(x.3.min(y.3));
        if g < gap {
            gap = g;
            best = ((x.2, x.3), (y.2, y.3));
        }
        if x.3 <= y.3 {
            i += 1;
        } else {
            j += 1;
        }
    }
    best
}

/// Longest piece of a word in [`Words`], in characters: a longer word (a run of text without
/// spaces: a long address, or a script written without spaces between words) is cut into
/// pieces this long, so a snippet can still be cut close to a mention inside it.
const PIECE_CHARS: usize = 40;

/// A window's words, made once per window for [`snippet_around`] (a long window supports many
/// pairs): their byte ranges, whether each follows the one before without a space (a piece of a
/// long word), and the characters before each, so that the length of any run of words is one
/// subtraction.
pub struct Words {
    /// (start, end, glued to the word before) of each word, in bytes of the window.
    at: Vec<(usize, usize, bool)>,
    /// `before[i]`: the characters of the words before word `i`, with the spaces after each.
    before: Vec<usize>,
}

impl Words {
    /// The words of `window`, split at white space; words longer than `PIECE_CHARS`
    /// characters in pieces.
    pub fn new(window: &str) -> Words {
        let mut at = Vec::new();
        let mut before = vec![0];
        let mut total = 0;
        for w in window.split_whitespace() {
            let base = w.as_ptr() as usize - window.as_ptr() as usize;
            let mut piece_start = 0;
            let mut n = 0;
            let mut glued = false;
            for (i, _) in w.char_indices() {
                if n == PIECE_CHARS {
                    total += n;
                    at.push((base + piece_start, base + i, glued));
                    before.push(total);
                    (piece_start, n, glued) = (i, 0, true);
                }
                n += 1;
            }
            // The space after the word.
            total += n + 1;
            at.push((base + piece_start, base + w.len(), glued));
            before.push(total);
        }
        Words { at, before }
    }

    fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether a space goes before word `i` in a run that starts before it.
    fn space_before(&self, i: usize) -> bool {
        !self.at[i].2
    }

    /// The characters of words `first..=last` joined as in the window, spaces collapsed.
    fn chars(&self, (first, last): (usize, usize)) -> usize {
        // `before` counts a space after every piece that ends a word, the last one's included.
        self.before[last + 1] - self.before[first] - usize::from(self.ends_word(last))
    }

    /// Whether word `i` ends a word of the window (it is not followed by another piece).
    fn ends_word(&self, i: usize) -> bool {
        self.at.get(i + 1).is_none_or(|w| !w.2)
    }
}

/// The snippet of a window too long for [`snippet`] to show whole, around the mentions of a
/// pair: `a` and `b` are byte ranges in `window`, and `words` its [`Words`]. Whole words, white
/// space collapsed, at most [`SNIPPET_CHARS`] characters, `…` where the window goes on: the
/// words from one mention to the other with as much of their context as fits, or, when the two
/// are too far apart, the context of each joined by " … ".
pub fn snippet_around(window: &str, words: &Words, a: (usize, usize), b: (usize, usize)) -> String {
    snippet_within(window, words, a, b, SNIPPET_CHARS)
}

/// [`snippet_around`] in at most `limit` characters (at least 8): for a table that shows a
/// shorter piece of a snippet around the pair it supports.
pub fn snippet_within(
    window: &str,
    words: &Words,
    a: (usize, usize),
    b: (usize, usize),
    limit: usize,
) -> String {
    let limit = limit.max(8);
    let n = words.len();
    if n == 0 {
        return String::new();
    }
    // The words a byte range touches (at least one).
    let span = |(s, e): (usize, usize)| {
        let first = words.at.partition_point(|w| w.1 <= s).min(n - 1);
        let last = words
            .at
            .partition_point(|w| w.0 < e)
            .saturating_sub(1)
            .max(first);
        (first, last)
    };
    // Grows a range of words by whole words on both sides, alternately, within `budget`
    // characters counting the "…" of each side that stays cut.
    let grow = |(mut first, mut last): (usize, usize), budget: usize| {
        let cost = |first: usize, last: usize| {
            words.chars((first, last)) + usize::from(first > 0) + usize::from(last + 1 < n)
        };
        loop {
            let left = first > 0 && cost(first - 1, last) <= budget;
            if left {
                first -= 1;
            }
            let right = last + 1 < n && cost(first, last + 1) <= budget;
            if right {
                last += 1;
            }
            if !left && !right {
                return (first, last);
            }
        }
    };
    // The words of a range joined as in the window, cut to `room` characters if need be (a
    // mention longer than the room), with whether it was cut (it then ends with "…").
    let body = |(first, last): (usize, usize), room: usize| -> (String, bool) {
        let mut out = String::new();
        for i in first..=last {
            if i > first && words.space_before(i) {
                out.push(' ');
            }
            let (s, e, _) = words.at[i];
            out.push_str(&window[s..e]);
        }
        match crate::text::cut_chars(&out, room) {
            Cow::Borrowed(_) => (out, false),
            Cow::Owned(cut) => (cut, true),
        }
    };
    let mark = |on: bool| if on { "…" } else { "" };
    let (sa, sb) = (span(a), span(b));
    let both = (sa.0.min(sb.0), sa.1.max(sb.1));
    if words.chars(both) + 2 <= limit || (sa.1 >= sb.0 && sb.1 >= sa.0) {
        // Near enough to show together (or one mention inside the other).
        let (first, last) = grow(both, limit);
        let (lead, trail) = (first > 0, last + 1 < n);
        let room = limit - usize::from(lead) - usize::from(trail);
        let (text, cut) = body((first, last), room);
        return format!("{}{text}{}", mark(lead), mark(trail && !cut));
    }
    // Too far apart: each mention with its context, in text order, joined by " … " (or as in
    // the window, when the two contexts meet).
    let (one, two) = if sa <= sb { (sa, sb) } else { (sb, sa) };
    let half = (limit - 3) / 2;
    let one = grow(one, half);
    let mut two = grow(two, half);
    two.0 = two.0.max(one.1 + 1).min(two.1);
    let (lead, trail) = (one.0 > 0, two.1 + 1 < n);
    let (left, left_cut) = body(one, half - usize::from(lead));
    let (right, right_cut) = body(two, half - usize::from(trail));
    let join = match (two.0 == one.1 + 1, left_cut) {
        (true, false) if words.space_before(two.0) => " ",
        (true, false) => "",
        (_, true) => " ",
        (false, false) => " … ",
    };
    format!(
        "{}{left}{join}{right}{}",
        mark(lead),
        mark(trail && !right_cut)
    )
}

/// [`snippet`] for ASCII text (most news text): the words are copied whole.
fn snippet_ascii(text: &[u8]) -> String {
    // `char::is_whitespace` on ASCII (which includes the vertical tab).
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut out = Vec::with_capacity(text.len().min(SNIPPET_CHARS + 3));
    for w in text.split(space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(b' ');
        }
        // One byte past the limit is enough to know the snippet was cut.
        let room = (SNIPPET_CHARS + 1).saturating_sub(out.len());
        out.extend_from_slice(&w[..w.len().min(room)]);
        if out.len() > SNIPPET_CHARS {
            break;
        }
    }
    if out.len() > SNIPPET_CHARS {
        out.truncate(SNIPPET_CHARS - 1);
        out.extend_from_slice("…".as_bytes());
    }
    String::from_utf8(out).expect("ASCII plus an ellipsis is UTF-8")
}

impl Stats {
    /// Empty statistics: `evidence_k` evidence windows kept per pair, and no pairs from a
    /// window that names more than `max_window_entities` distinct entities (0: no limit).
    pub fn new(window: WindowKind, evidence_k: usize, max_window_entities: usize) -> Stats {
        Stats {
            window,
            evidence_k,
            max_window_entities,
            documents: 0,
            windows: 0,
            crowded_windows: 0,
            mentions: 0,
            entities: IdMap::default(),
            pairs: IdMap::default(),
            texts: Vec::new(),
            repeats: 0,
            recounted: 0,
        }
    }

    /// Adds one document's mentions; `about` is the document's date (for first and last seen),
    /// title and address (kept with its evidence).
    pub fn add_document(
        &mut self,
        doc_id: &str,
        about: &About,
        text: &str,
        sentences: &[Sentence],
        mentions: &[Mention],
    ) {
        let date = about.date.as_deref();
        self.documents += 1;
        // Window spans, and the window of each sentence.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut win_of_sentence: Vec<usize> = Vec::with_capacity(sentences.len());
        for (i, s) in sentences.iter().enumerate() {
            let new_window = match self.window {
                WindowKind::Sentence => true,
                WindowKind::Paragraph => i == 0 || sentences[i - 1].paragraph != s.paragraph,
                WindowKind::Document => i == 0,
            };
            if new_window {
                spans.push((s.start, s.end));
            } else if let Some(last) = spans.last_mut() {
                last.1 = s.end;
            }
            win_of_sentence.push(spans.len() - 1);
        }
        self.windows += spans.len() as u64;
        let window_of = |m: &Mention| win_of_sentence.get(m.sentence).copied().unwrap_or(0);
        // The document's entities (by first mention), then their ranks in id order: windows
        // and pairs are counted on ranks, and ids are touched once per entity and per pair.
        let mut local_of: IdMap<&str, u32> = IdMap::default();
        let mut local: Vec<&Mention> = Vec::new();
        let mut local_of_mention: Vec<u32> = Vec::with_capacity(mentions.len());
        for m in mentions {
            let next = local.len() as u32;
            let l = *local_of.entry(&m.entity.id).or_insert(next);
            if l == next {
                local.push(m);
            }
            local_of_mention.push(l);
        }
        let mut by_rank: Vec<u32> = (0..local.len() as u32).collect();
        by_rank.sort_unstable_by(|&a, &b| {
            local[a as usize]
                .entity
                .id
                .cmp(&local[b as usize].entity.id)
        });
        let mut rank = vec![0u32; local.len()];
        for (r, &l) in by_rank.iter().enumerate() {
            rank[l as usize] = r as u32;
        }
        // (window, rank) of every mention, once each: the entities of each window in id order.
        let mut in_window: Vec<(usize, u32)> = mentions
            .iter()
            .zip(&local_of_mention)
            .map(|(m, &l)| (window_of(m), rank[l as usize]))
            .collect();
        in_window.sort_unstable();
        in_window.dedup();
        let mut windows_of = vec![0u64; local.len()];
        for &(_, r) in &in_window {
            windows_of[r as usize] += 1;
        }
        self.mentions += mentions.len() as u64;
        // A news outlet credited as the source ("told the BBC"), or a country named for its
        // team, is in its window, but joins no pair there.
        let linked: Option<Vec<(usize, u32)>> = mentions.iter().any(|m| !m.links()).then(|| {
            let mut linked: Vec<(usize, u32)> = (mentions.iter().zip(&local_of_mention))
                .filter(|(m, _)| m.links())
                .map(|(m, &l)| (window_of(m), rank[l as usize]))
                .collect();
            linked.sort_unstable();
            linked.dedup();
            linked
        });
        // Every (pair of ranks, window) in this document, sorted: each pair's windows together,
        // in document order (the first K are its evidence). A sort of a few hundred triples
        // beats a hash map grown from empty in every document.
        let mut pair_windows: Vec<(u32, u32, usize)> = Vec::new();
        let limit = self.max_window_entities;
        let linked = linked.as_deref().unwrap_or(&in_window);
        for ranks in linked.chunk_by(|a, b| a.0 == b.0) {
            // (`ranks` holds each entity of the window once.)
            if limit > 0 && ranks.len() > limit {
                self.crowded_windows += 1;
                continue;
            }
            let w = ranks[0].0;
            for (i, &(_, a)) in ranks.iter().enumerate() {
                for &(_, b) in &ranks[i + 1..] {
                    pair_windows.push((a, b, w));
                }
            }
        }
        pair_windows.sort_unstable();
        // Mentions grouped by entity, in document order within each.
        let mut mention_order: Vec<u32> = (0..mentions.len() as u32).collect();
        mention_order.sort_by_key(|&i| local_of_mention[i as usize]);
        let mut surface = String::new();
        for group in mention_order
            .chunk_by(|&a, &b| local_of_mention[a as usize] == local_of_mention[b as usize])
        {
            let l = local_of_mention[group[0] as usize] as usize;
            let m = local[l];
            let e = self
                .entities
                .entry(m.entity.id.clone())
                .or_insert_with(|| EntityStats {
                    kind: m.entity.kind.to_string(),
                    label: m.entity.label.to_string(),
                    discovered: m.entity.discovered,
                    ..EntityStats::default()
                });
            if m.entity.discovered {
                e.offer_label(&m.entity.label);
            }
            e.mentions += group.len() as u64;
            e.windows += windows_of[rank[l] as usize];
            e.documents += 1;
            min_date(&mut e.first_seen, date);
            max_date(&mut e.last_seen, date);
            for &i in group {
                let m = &mentions[i as usize];
                // The surface with its white space collapsed; allocated only when new.
                surface.clear();
                let written = &text[m.start..m.end];
                // ("Pap&#233;" is shown as "Papé".)
                let references = written.as_bytes().contains(&b'&');
                for (i, w) in written.split_whitespace().enumerate() {
                    if i > 0 {
                        surface.push(' ');
                    }
                    if references {
                        surface.push_str(&crate::text::decode_references(w));
                    } else {
                        surface.push_str(w);
                    }
                }
                match e.surfaces.get_mut(surface.as_str()) {
                    Some(c) => *c += 1,
                    None => {
                        e.surfaces.insert(surface.clone(), 1);
                    }
                }
            }
        }
        // The document id and each window's snippet are made once and shared by the evidence
        // that needs them (a window with n entities supports n(n-1)/2 pairs).
        let doc: Arc<str> = Arc::from(doc_id);
        // Made once, for the first evidence kept (most documents keep none).
        let mut shared_about: Option<Arc<About>> = None;
        let mut snippets: Vec<Option<Arc<str>>> = vec![None; spans.len()];
        // (window, rank, start, end) of every mention, sorted; made when first needed.
        let mut at_of: Option<Vec<(usize, u32, usize, usize)>> = None;
        // The words of each window shown around a pair, made once per window.
        let mut words_of: IdMap<usize, Words> = IdMap::default();
        let id_of = |r: u32| &local[by_rank[r as usize] as usize].entity.id;
        for wins in pair_windows.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let (a, b) = (wins[0].0, wins[0].1);
            let key = (id_of(a).clone(), id_of(b).clone());
            let k = self.evidence_k;
            let p = self.pairs.entry(key).or_default();
            p.windows += wins.len() as u64;
            p.documents += 1;
            min_date(&mut p.first_seen, date);
            max_date(&mut p.last_seen, date);
            for &(_, _, w) in wins.iter().take(k) {
                let (s, e) = spans.get(w).copied().unwrap_or((0, 0));
                if !would_keep(&p.evidence, doc_id, s, k) {
                    break;
                }
                let window = &text[s..e];
                let snippet = if shows_whole(window) {
                    match snippets.get_mut(w) {
                        Some(cached) => cached
                            .get_or_insert_with(|| Arc::from(snippet(window)))
                            .clone(),
                        None => Arc::from(snippet(window)),
                    }
                } else {
                    // A window too long to show whole is shown around the pair's mentions.
                    let at = at_of.get_or_insert_with(|| {
                        let mut at: Vec<(usize, u32, usize, usize)> = mentions
                            .iter()
                            .zip(&local_of_mention)
                            .map(|(m, &l)| (window_of(m), rank[l as usize], m.start, m.end))
                            .collect();
                        at.sort_unstable();
                        at
                    });
                    let (ma, mb) = closest(at, w, a, b);
                    let words = words_of.entry(w).or_insert_with(|| Words::new(window));
                    Arc::from(snippet_around(
                        window,
                        words,
                        (ma.0.saturating_sub(s), ma.1.saturating_sub(s)),
                        (mb.0.saturating_sub(s), mb.1.saturating_sub(s)),
                    ))
                };
                insert_evidence(
                    &mut p.evidence,
                    Evidence {
                        doc: doc.clone(),
                        start: s,
                        end: e,
                        snippet,
                        about: (!about.is_empty()).then(|| {
                            shared_about
                                .get_or_insert_with(|| Arc::new(about.clone()))
                                .clone()
                        }),
                    },
                    k,
                );
            }
        }
    }

    /// Adds another set of statistics into this one (exact: counts add, dates take min/max,
    /// evidence keeps the K smallest keys). Both must have been made with the same options
    /// (window, evidence, limit of entities per window): [`crate::partial::Header::mismatch`]
    /// checks that for partials.
    pub fn merge(&mut self, other: Stats) {
        self.documents += other.documents;
        self.windows += other.windows;
        self.crowded_windows += other.crowded_windows;
        self.mentions += other.mentions;
        self.repeats += other.repeats;
        self.recounted += other.recounted;
        if !other.texts.is_empty() {
            let (texts, shared) = union_sorted(std::mem::take(&mut self.texts), other.texts);
            self.texts = texts;
            self.recounted += shared;
        }
        let k = self.evidence_k;
        // Entities and pairs are independent: merged side by side (on the current rayon pool).
        let (entities, pairs) = (&mut self.entities, &mut self.pairs);
        rayon::join(
            || merge_entities(entities, other.entities),
            || merge_pairs(pairs, other.pairs, k),
        );
    }
}

impl Stats {
    /// These statistics with each discovered person named with umlauts in some documents and
    /// with them written out in others ("Jürgen Klopp", "Juergen Klopp") counted once, under
    /// the id of the name with umlauts; `None` when no such pair is here (most corpora).
    ///
    /// A document that holds both forms already joins them (see `resolve`), so the forms are
    /// counted in different documents and their counts add up exactly. Made from the final
    /// statistics, the join does not depend on how documents were split or merged.
    pub fn umlaut_forms_joined(&self) -> Option<Stats> {
        let to_umlauts = self.written_out_umlaut_ids();
        if to_umlauts.is_empty() {
            return None;
        }
        let to = |id: &Arc<str>| to_umlauts.get(id).unwrap_or(id).clone();
        let mut entities = IdMap::default();
        merge_entities(
            &mut entities,
            self.entities.iter().map(|(id, e)| (to(id), e.clone())),
        );
        let mut pairs = IdMap::default();
        let renamed = self.pairs.iter().filter_map(|((a, b), p)| {
            let (a, b) = (to(a), to(b));
            match a.cmp(&b) {
                std::cmp::Ordering::Less => Some(((a, b), p.clone())),
                std::cmp::Ordering::Greater => Some(((b, a), p.clone())),
                // (The two forms never share a document, so never a window.)
                std::cmp::Ordering::Equal => None,
            }
        });
        merge_pairs(&mut pairs, renamed, self.evidence_k);
        Some(
            Stats {
                entities,
                pairs,
                ..Stats::new(self.window, self.evidence_k, self.max_window_entities)
            }
            .with_totals_of(self),
        )
    }

    /// The document, window and mention totals of `other`, and what it knows of repeats.
    fn with_totals_of(mut self, other: &Stats) -> Stats {
        self.documents = other.documents;
        self.windows = other.windows;
        self.crowded_windows = other.crowded_windows;
        self.mentions = other.mentions;
        self.texts.clone_from(&other.texts);
        self.repeats = other.repeats;
        self.recounted = other.recounted;
        self
    }

    /// Discovered ids of names written with their umlauts written out, each with the id of the
    /// name with umlauts found elsewhere (the smallest, should several names write out alike).
    fn written_out_umlaut_ids(&self) -> IdMap<Arc<str>, Arc<str>> {
        let opts = crate::text::NormOptions {
            fold_case: true,
            fold_diacritics: true,
        };
        let mut out: IdMap<Arc<str>, Arc<str>> = IdMap::default();
        for (id, e) in &self.entities {
            if !e.discovered || id.is_ascii() && e.surfaces.keys().all(|s| s.is_ascii()) {
                continue;
            }
            for name in e.surfaces.keys().filter(|s| s.contains(' ')) {
                let Some(written) = crate::text::spelling::umlauts_written_out(name) else {
                    continue;
                };
                let slug = crate::resolve::slugify(&crate::text::normalize_str(&written, opts));
                let Some((other, o)) = self.entities.get_key_value(&*format!("discovered:{slug}"))
                else {
                    continue;
                };
                if other == id || !o.discovered {
                    continue;
                }
                match out.entry(other.clone()) {
                    Entry::Occupied(mut x) => {
                        if id < x.get() {
                            x.insert(id.clone());
                        }
                    }
                    Entry::Vacant(v) => {
                        v.insert(id.clone());
                    }
                }
            }
        }
        // No chains: a name that is itself written out keeps its own id.
        let targets_renamed: Vec<Arc<str>> = out
            .iter()
            .filter(|(_, to)| out.contains_key(*to))
            .map(|(from, _)| from.clone())
            .collect();
        for from in targets_renamed {
            out.remove(&from);
        }
        out
    }
}

/// The union of two sorted lists without repeats, and how many values both held.
fn union_sorted(a: Vec<u128>, b: Vec<u128>) -> (Vec<u128>, u64) {
    if a.is_empty() {
        return (b, 0);
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut shared = 0;
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    (out, shared)
}

fn merge_entities(
    into: &mut IdMap<Arc<str>, EntityStats>,
    from: impl IntoIterator<Item = (Arc<str>, EntityStats)>,
) {
    for (id, o) in from {
        match into.entry(id) {
            Entry::Vacant(v) => {
                v.insert(o);
            }
            Entry::Occupied(mut e) => {
                let e = e.get_mut();
                if e.discovered {
                    e.offer_label(&o.label);
                }
                e.mentions += o.mentions;
                e.windows += o.windows;
                e.documents += o.documents;
                min_date(&mut e.first_seen, o.first_seen.as_deref());
                max_date(&mut e.last_seen, o.last_seen.as_deref());
                for (s, c) in o.surfaces {
                    *e.surfaces.entry(s).or_insert(0) += c;
                }
            }
        }
    }
}

fn merge_pairs(
    into: &mut IdMap<(Arc<str>, Arc<str>), PairStats>,
    from: impl IntoIterator<Item = ((Arc<str>, Arc<str>), PairStats)>,
    k: usize,
) {
    for (key, o) in from {
        match into.entry(key) {
            Entry::Vacant(v) => {
                v.insert(o);
            }
            Entry::Occupied(mut p) => {
                let p = p.get_mut();
                p.windows += o.windows;
                p.documents += o.documents;
                min_date(&mut p.first_seen, o.first_seen.as_deref());
                max_date(&mut p.last_seen, o.last_seen.as_deref());
                for e in o.evidence {
                    insert_evidence(&mut p.evidence, e, k);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Form;
    use crate::resolve::EntityRef;

    fn mention(id: &str, start: usize, end: usize, sentence: usize) -> Mention {
        Mention {
            entity: EntityRef {
                id: Arc::from(id),
                kind: Arc::from("country"),
                label: Arc::from(id),
                discovered: false,
            },
            start,
            end,
            form: Form::Name,
            sentence,
            role: None,
            resolved_by: None,
            attribution: false,
            team: false,
        }
    }

    #[test]
    fn evidence_of_documents_sharing_an_id_does_not_depend_on_order() {
        // Two inputs may both hold a document "1": the window kept must not be the first seen.
        let (a, b) = ("Aa Bb met.", "Aa Bb met today.");
        let stats_of = |texts: &[&str]| {
            let mut s = Stats::new(WindowKind::Sentence, 1, 0);
            for t in texts {
                let ms = [mention("Aa", 0, 2, 0), mention("Bb", 3, 5, 0)];
                s.add_document(
                    "1",
                    &About::default(),
                    t,
                    &crate::text::sentences(t, &|_| false),
                    &ms,
                );
            }
            s
        };
        let (ab, ba) = (stats_of(&[a, b]), stats_of(&[b, a]));
        assert_eq!(ab, ba);
        let mut merged = stats_of(&[b]);
        merged.merge(stats_of(&[a]));
        assert_eq!(merged, ab);
    }

    #[test]
    fn a_discovered_label_does_not_depend_on_order() {
        let text = "Phil Murphy-Jones. PHIL MURPHY JONES. Phil Murphy Jones.";
        let sentences = crate::text::sentences(text, &|_| false);
        let stats_of = |labels: &[&str]| {
            let mut s = Stats::new(WindowKind::Sentence, 1, 0);
            for (i, l) in labels.iter().enumerate() {
                let mut m = mention("discovered:phil-murphy-jones", 0, 17, 0);
                m.entity.label = Arc::from(*l);
                m.entity.discovered = true;
                s.add_document(&format!("d{i}"), &About::default(), text, &sentences, &[m]);
            }
            s
        };
        let (a, b, c) = (
            "Phil Murphy-Jones",
            "PHIL MURPHY JONES",
            "Phil Murphy Jones",
        );
        let one = stats_of(&[a, b, c]);
        assert_eq!(one.entities["discovered:phil-murphy-jones"].label, c);
        assert_eq!(one, stats_of(&[b, c, a]));
        let mut merged = stats_of(&[b]);
        merged.merge(stats_of(&[a, c]));
        let mut other = stats_of(&[a, c]);
        other.merge(stats_of(&[b]));
        assert_eq!(merged, other);
    }

    #[test]
    fn a_discovered_person_is_shown_under_the_full_name_most_often_written() {
        let mut e = EntityStats {
            label: "Murphy".into(),
            discovered: true,
            ..EntityStats::default()
        };
        assert_eq!(
            e.display_label(),
            "Murphy",
            "no full name seen: the fallback"
        );
        for (s, n) in [
            ("Murphy", 9),
            ("Phil Murphy", 2),
            ("PHIL MURPHY", 2),
            ("P. Murphy", 1),
        ] {
            e.surfaces.insert(s.into(), n);
        }
        // A surname alone is never the label; a tie goes to the first in byte order.
        assert_eq!(e.display_label(), "PHIL MURPHY");
        *e.surfaces.get_mut("Phil Murphy").unwrap() += 1;
        assert_eq!(e.display_label(), "Phil Murphy");
        // Nor is a family name of two words, which ends a full name ("Mrs Parker Bowles").
        let mut c = EntityStats {
            label: "Camilla Parker Bowles".into(),
            discovered: true,
            ..EntityStats::default()
        };
        for (s, n) in [
            ("Parker Bowles", 6),
            ("Camilla Parker Bowles", 3),
            ("Bowles", 1),
        ] {
            c.surfaces.insert(s.into(), n);
        }
        assert_eq!(c.display_label(), "Camilla Parker Bowles");
        e.discovered = false;
        assert_eq!(
            e.display_label(),
            "Murphy",
            "a listed entity keeps its name"
        );
    }

    #[test]
    fn counts_each_window_once() {
        let text = "Aa Bb Aa. Bb Cc.\n\nAa Cc.";
        let sentences = crate::text::sentences(text, &|_| false);
        assert_eq!(sentences.len(), 3);
        let at = |id: &str, nth: usize, sentence: usize| {
            let s = text.match_indices(&id[..1]).nth(nth).unwrap().0;
            mention(id, s, s + 2, sentence)
        };
        let ms = vec![
            at("Aa", 0, 0),
            at("Bb", 0, 0),
            at("Aa", 1, 0),
            at("Bb", 1, 1),
            at("Cc", 0, 1),
            at("Aa", 2, 2),
            at("Cc", 1, 2),
        ];
        let key = |a: &str, b: &str| (Arc::<str>::from(a), Arc::<str>::from(b));
        let mut s = Stats::new(WindowKind::Sentence, 3, 0);
        s.add_document("d1", &About::default(), text, &sentences, &ms);
        assert_eq!(s.windows, 3);
        let ab = &s.pairs[&key("Aa", "Bb")];
        assert_eq!((ab.windows, ab.documents), (1, 1));
        assert_eq!(&*ab.evidence[0].snippet, "Aa Bb Aa.");
        let a = &s.entities[&Arc::<str>::from("Aa")];
        assert_eq!((a.mentions, a.windows, a.documents), (3, 2, 1));

        let mut p = Stats::new(WindowKind::Paragraph, 3, 0);
        p.add_document("d1", &About::default(), text, &sentences, &ms);
        assert_eq!(p.windows, 2);
        assert_eq!(p.pairs[&key("Bb", "Cc")].windows, 1);
        assert_eq!(p.pairs[&key("Aa", "Cc")].windows, 2);
        assert_eq!(
            &*p.pairs[&key("Aa", "Cc")].evidence[0].snippet,
            "Aa Bb Aa. Bb Cc."
        );

        let mut d = Stats::new(WindowKind::Document, 3, 0);
        d.add_document("d1", &About::default(), text, &sentences, &ms);
        assert_eq!(d.windows, 1);
        assert_eq!(d.pairs.len(), 3);
    }

    #[test]
    fn merge_equals_one_pass() {
        let text = "Aa Bb. Aa Cc.";
        let sentences = crate::text::sentences(text, &|_| false);
        let ms = vec![
            mention("Aa", 0, 2, 0),
            mention("Bb", 3, 5, 0),
            mention("Aa", 7, 9, 1),
            mention("Cc", 10, 12, 1),
        ];
        let mut one = Stats::new(WindowKind::Sentence, 1, 0);
        for d in ["d1", "d2", "d3"] {
            one.add_document(d, &About::dated("2020-01-01"), text, &sentences, &ms);
        }
        let mut parts: Vec<Stats> = ["d3", "d1", "d2"]
            .iter()
            .map(|d| {
                let mut s = Stats::new(WindowKind::Sentence, 1, 0);
                s.add_document(d, &About::dated("2020-01-01"), text, &sentences, &ms);
                s
            })
            .collect();
        let mut merged = parts.remove(0);
        for p in parts {
            merged.merge(p);
        }
        assert_eq!(merged, one);
        let ab = &merged.pairs[&(Arc::<str>::from("Aa"), Arc::<str>::from("Bb"))];
        assert_eq!(ab.evidence.len(), 1);
        assert_eq!(&*ab.evidence[0].doc, "d1");
    }

    /// A window naming more entities than the limit is a list: its entities are counted as in
    /// any window, its pairs are not (one such list of 6,554 names made 21 million links).
    #[test]
    fn a_window_naming_more_entities_than_the_limit_adds_no_pairs() {
        // Sentence 0 names four entities, sentence 1 three (Aa twice), sentence 2 two.
        let text = "Aa Bb Cc Dd. Aa Bb Cc Aa. Dd Ee.";
        let sentences = crate::text::sentences(text, &|_| false);
        assert_eq!(sentences.len(), 3);
        let ms: Vec<Mention> = text
            .match_indices(|c: char| c.is_ascii_uppercase())
            .map(|(start, _)| {
                let id = &text[start..start + 2];
                let sentence = sentences.iter().position(|s| s.end > start).unwrap();
                mention(id, start, start + 2, sentence)
            })
            .collect();
        let key = |a: &str, b: &str| (Arc::<str>::from(a), Arc::<str>::from(b));
        let stats_of = |limit: usize, docs: &[&str]| {
            let mut s = Stats::new(WindowKind::Sentence, 3, limit);
            for d in docs {
                s.add_document(d, &About::default(), text, &sentences, &ms);
            }
            s
        };
        let s = stats_of(3, &["d1"]);
        assert_eq!((s.windows, s.crowded_windows), (3, 1));
        // Four in sentence 0: no pair of it; three in sentence 1: every pair.
        assert!(!s.pairs.contains_key(&key("Aa", "Dd")));
        assert!(!s.pairs.contains_key(&key("Cc", "Dd")));
        let mut pairs: Vec<_> = s.pairs.keys().map(|(a, b)| format!("{a}-{b}")).collect();
        pairs.sort();
        assert_eq!(pairs, ["Aa-Bb", "Aa-Cc", "Bb-Cc", "Dd-Ee"]);
        let ab = &s.pairs[&key("Aa", "Bb")];
        assert_eq!((ab.windows, ab.evidence.len()), (1, 1));
        assert_eq!(&*ab.evidence[0].snippet, "Aa Bb Cc Aa.");
        // The crowded window's entities are counted all the same.
        let a = &s.entities[&Arc::<str>::from("Aa")];
        assert_eq!((a.mentions, a.windows, a.documents), (3, 2, 1));
        let d = &s.entities[&Arc::<str>::from("Dd")];
        assert_eq!((d.mentions, d.windows, d.documents), (2, 2, 1));
        assert_eq!(s.mentions, 10);
        // No limit (0), or one the list does not pass: every pair, no crowded window.
        for limit in [0, 4] {
            let all = stats_of(limit, &["d1"]);
            assert_eq!(all.crowded_windows, 0, "limit {limit}");
            assert_eq!(all.pairs.len(), 7, "limit {limit}");
            assert_eq!(all.pairs[&key("Aa", "Bb")].windows, 2, "limit {limit}");
            assert_eq!(all.entities, s.entities, "limit {limit}");
        }
        // Merging adds the crowded windows: two documents counted apart, then merged, are
        // counted as one pass over both.
        let mut merged = stats_of(3, &["d1"]);
        merged.merge(stats_of(3, &["d2"]));
        assert_eq!(merged.crowded_windows, 2);
        assert_eq!(merged, stats_of(3, &["d1", "d2"]));
    }

    /// The ASCII path gives what the general one gives.
    #[test]
    fn ascii_snippets_match_the_general_rule() {
        let general = |t: &str| {
            let joined = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if joined.chars().count() > SNIPPET_CHARS {
                joined.chars().take(SNIPPET_CHARS - 1).collect::<String>() + "…"
            } else {
                joined
            }
        };
        let long = "word \t".repeat(120);
        for t in [
            "",
            "  a \n\n b\x0b c\r\n",
            long.as_str(),
            &long[..SNIPPET_CHARS + 40],
            &"x".repeat(SNIPPET_CHARS),
            &"x".repeat(SNIPPET_CHARS + 1),
            &format!("{} y", "x".repeat(SNIPPET_CHARS - 2)),
        ] {
            assert_eq!(snippet(t), general(t), "{t:?}");
        }
    }

    #[test]
    fn long_windows_are_shown_around_the_pair() {
        let filler = "The weather was mild on Monday. ".repeat(15);
        let text = format!("{filler}Later, Aa Bb called Cc Dd about trade. {filler}");
        let at = |name: &str| {
            let s = text.find(name).unwrap();
            (s, s + name.len())
        };
        let near = snippet_around(&text, &Words::new(&text), at("Aa Bb"), at("Cc Dd"));
        assert!(
            near.contains("Later, Aa Bb called Cc Dd about trade."),
            "{near}"
        );
        assert!(near.starts_with('…') && near.ends_with('…'), "{near}");
        assert!(near.chars().count() <= SNIPPET_CHARS);
        // Whole words only: the cut is at a space.
        let inner = near.trim_matches('…');
        assert!(text.contains(&format!(" {inner} ")), "{near}");
        let text = format!("Aa Bb spoke. {filler}Then Cc Dd answered. The end.");
        let far = snippet_around(
            &text,
            &Words::new(&text),
            at_in(&text, "Aa Bb"),
            at_in(&text, "Cc Dd"),
        );
        assert!(far.starts_with("Aa Bb spoke. The weather"), "{far}");
        assert!(far.contains(" … "), "{far}");
        assert!(far.ends_with("Then Cc Dd answered. The end."), "{far}");
        assert!(far.chars().count() <= SNIPPET_CHARS, "{far}");
        // In the statistics: the evidence of a paragraph too long to show names the pair.
        let text = format!("{filler}Later, Aa Bb called Cc Dd. {filler}");
        let sentences = crate::text::sentences(&text, &|_| false);
        let ms = [at_in(&text, "Aa Bb"), at_in(&text, "Cc Dd")];
        let sentence = sentence_at(&sentences, ms[0].0);
        let ms = vec![
            mention("Aa", ms[0].0, ms[0].1, sentence),
            mention("Cc", ms[1].0, ms[1].1, sentence),
        ];
        for window in [WindowKind::Paragraph, WindowKind::Document] {
            let mut st = Stats::new(window, 3, 0);
            st.add_document("d1", &About::default(), &text, &sentences, &ms);
            let p = &st.pairs[&(Arc::<str>::from("Aa"), Arc::<str>::from("Cc"))];
            assert!(p.evidence[0].snippet.contains("Aa Bb called Cc Dd."));
            assert_eq!(
                (p.evidence[0].start, p.evidence[0].end),
                (0, text.len() - 1)
            );
        }
    }

    fn at_in(text: &str, name: &str) -> (usize, usize) {
        let s = text.find(name).unwrap();
        (s, s + name.len())
    }

    fn sentence_at(sentences: &[crate::text::Sentence], pos: usize) -> usize {
        sentences
            .iter()
            .position(|s| s.start <= pos && pos < s.end)
            .unwrap()
    }

    #[test]
    fn long_runs_without_spaces_are_cut_near_the_mention() {
        // A script written without spaces, or a long address: the snippet is still cut close to
        // each mention, shows each once, and marks each cut with one "…".
        let run = "漢".repeat(400);
        let text = format!("{run}Aa Bb{run}Cc Dd{run}");
        let near = |name: &str| at_in(&text, name);
        let got = snippet_around(&text, &Words::new(&text), near("Aa Bb"), near("Cc Dd"));
        assert!(got.chars().count() <= SNIPPET_CHARS, "{got}");
        assert_eq!(got.matches("Aa Bb").count(), 1, "{got}");
        assert_eq!(got.matches("Cc Dd").count(), 1, "{got}");
        assert!(!got.contains("……"), "{got}");
        assert!(got.starts_with('…') && got.ends_with('…') && got.contains(" … "));
        // Both inside one token.
        let text = format!(
            "{}Aa{}Cc{}",
            "x".repeat(500),
            "y".repeat(20),
            "z".repeat(500)
        );
        let got = snippet_around(
            &text,
            &Words::new(&text),
            at_in(&text, "Aa"),
            at_in(&text, "Cc"),
        );
        assert!(got.contains(&format!("Aa{}Cc", "y".repeat(20))), "{got}");
        assert_eq!(got.matches('…').count(), 2, "{got}");
        assert!(got.chars().count() <= SNIPPET_CHARS, "{got}");
        // A mention longer than a snippet: cut once, one "…" at the end.
        let long = "Q".repeat(SNIPPET_CHARS * 2);
        let text = format!("Aa met {long} there.");
        let got = snippet_around(
            &text,
            &Words::new(&text),
            at_in(&text, "Aa"),
            at_in(&text, &long),
        );
        assert!(got.chars().count() <= SNIPPET_CHARS, "{got}");
        assert!(
            got.starts_with("Aa met QQQ") && got.ends_with("Q…"),
            "{got}"
        );
        assert_eq!(got.matches('…').count(), 1, "{got}");
    }

    proptest::proptest! {
        /// The closest mentions found by one walk are as close as any pair.
        #[test]
        fn closest_is_the_closest_pair(
            xs in proptest::collection::btree_set(0usize..400, 1..20),
            ys in proptest::collection::btree_set(0usize..400, 1..20),
        ) {
            // Mentions of width 3 at distinct starts 4 apart: no two of one entity overlap.
            let mut at: Vec<(usize, u32, usize, usize)> = xs
                .iter()
                .map(|&x| (0, 0, x * 4, x * 4 + 3))
                .chain(ys.iter().map(|&y| (0, 1, y * 4 + 1, y * 4 + 4)))
                .collect();
            at.sort_unstable();
            let gap = |p: (usize, usize), q: (usize, usize)| {
                p.0.max(q.0).saturating_sub(p.1.min(q.1))
            };
            let (p, q) = closest(&at, 0, 0, 1);
            let x_at = |x: usize| (x * 4, x * 4 + 3);
            let y_at = |y: usize| (y * 4 + 1, y * 4 + 4);
            let best = xs
                .iter()
                .flat_map(|&x| ys.iter().map(move |&y| gap(x_at(x), y_at(y))))
                .min()
                .unwrap();
            proptest::prop_assert_eq!(gap(p, q), best);
        }

        /// Any two mentions of a long window: at most SNIPPET_CHARS characters, both shown.
        #[test]
        fn pair_snippets_are_bounded_and_show_both(
            words in proptest::collection::vec("[a-z]{1,12}|[a-z]{41,130}", 60..200),
            i in 0usize..60,
            j in 0usize..60,
            spread in 0usize..150,
        ) {
            let text = words.join(" ");
            let offsets: Vec<(usize, usize)> = text
                .split(' ')
                .scan(0, |pos, w| {
                    let at = (*pos, *pos + w.len());
                    *pos += w.len() + 1;
                    Some(at)
                })
                .collect();
            let (a, b) = (offsets[i], offsets[(j + spread).min(offsets.len() - 1)]);
            let got = snippet_around(&text, &Words::new(&text), a, b);
            proptest::prop_assert!(got.chars().count() <= SNIPPET_CHARS, "{}", got);
            for (s, e) in [a, b] {
                let word = &text[s..e];
                proptest::prop_assert!(
                    got.split([' ', '…']).any(|w| w == word),
                    "{} not in {}", word, got
                );
                proptest::prop_assert!(!got.contains("……"), "{}", got);
            }
        }

        #[test]
        fn ascii_snippets_match_the_general_rule_on_any_text(
            t in "[a-z \t\n\x0b\x0c\r]{0,700}|([a-z]{0,320}[ \n]{0,3}){0,4}",
        ) {
            let joined = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let general = if joined.chars().count() > SNIPPET_CHARS {
                joined.chars().take(SNIPPET_CHARS - 1).collect::<String>() + "…"
            } else {
                joined
            };
            proptest::prop_assert_eq!(snippet(&t), general);
        }
    }

    #[test]
    fn snippets_are_bounded() {
        let long = "word ".repeat(200);
        let s = snippet(&long);
        assert_eq!(s.chars().count(), SNIPPET_CHARS);
        assert!(s.ends_with('…'));
        assert_eq!(snippet("a\n  b"), "a b");
    }
}
