//! HTML pages (`.html`, `.htm`, `.xhtml`, or `--input-format html`): a saved news page is read
//! as the text a reader sees, not as its markup. What is never shown is left out (scripts,
//! styles, the head, elements marked `hidden` or `display: none`: a name in a script's string is
//! no mention), and so are the site's menus and footer. Blocks keep apart what the page keeps
//! apart: a paragraph, heading, list item, table row or `<div>` is a paragraph of its own (so
//! that a list of headlines is not one sentence linking everyone in it), the cells of a table
//! row one sentence, a `<br>` a line break and two a paragraph. Character references are the
//! characters they stand for. The page's title, date and address, where it gives them, become
//! the document's, as a JSON lines document's fields would.
//!
//! Parsing is html5ever's (through `scraper`), as browsers parse: any page, however malformed,
//! gives a text. XHTML (an XML declaration, or the XHTML namespace) is first made into the HTML
//! it means, so that a self-closed `<script/>` does not hide the rest of the page.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// What a page holds for entigraph: its text, and the title, date and address it gives.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Page {
    pub(super) text: String,
    pub(super) title: Option<String>,
    pub(super) date: Option<String>,
    pub(super) url: Option<String>,
    /// Where the page sends its reader on (`<meta http-equiv="refresh" content="0; url=...">`).
    pub(super) redirect: Option<String>,
}

/// Elements whose content is no text of the story: never shown (scripts, styles, the head,
/// whose title is the document's title), or the site's menus and footer, whose section names
/// ("World", "China", "US") would be linked to every story.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "noframes", "template", "head", "svg", "math", "iframe",
    "object", "canvas", "select", "button", "nav", "footer",
];

/// Elements whose end is a line break within a sentence: the cells of a table row, which a
/// reader reads across.
const CELLS: &[&str] = &["td", "th"];

/// Elements that make paragraphs of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "blockquote",
    "pre",
    "article",
    "section",
    "header",
    "aside",
    "main",
    "figure",
    "figcaption",
    "caption",
    "address",
    "form",
    "fieldset",
    "details",
    "summary",
    "body",
];

/// Inline elements whose text is not part of the word before it: "Merkel<sup>1</sup>" is
/// "Merkel" and a note.
const APART: &[&str] = &["sup", "sub"];

/// `<meta>` names, properties and `itemprop`s that give a page's date of publication, most
/// trusted first; a JSON-LD `datePublished` ranks as `datepublished`, a `<time datetime>` below
/// them all.
const DATE_META: &[&str] = &[
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "date",
];

/// A page's bytes as text, in the encoding the page declares: a byte order mark, else a
/// `charset` in its first 1024 bytes (`<meta charset="windows-1252">`, or in `http-equiv`'s
/// content), as browsers look for one; else UTF-8, and windows-1252 (the web's default for
/// pages not in UTF-8) when the bytes are not UTF-8. Says which encoding was used when it was not
/// the declared one, for a warning.
pub(super) fn decode_page(bytes: &[u8]) -> (String, Option<String>) {
    use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding.decode_with_bom_removal(bytes).0.into_owned(), None);
    }
    let declared = declared_charset(&bytes[..bytes.len().min(1024)])
        .and_then(Encoding::for_label)
        // A page that says UTF-16 but has no byte order mark is in an ASCII-compatible
        // encoding, as the standard reads it.
        .map(|e| e.output_encoding());
    match declared {
        Some(encoding) if encoding != UTF_8 => (encoding.decode(bytes).0.into_owned(), None),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(_) => {
                let why = if declared.is_some() {
                    "declares UTF-8, but is not"
                } else {
                    "is not UTF-8 and declares no charset"
                };
                (
                    WINDOWS_1252.decode(bytes).0.into_owned(),
                    Some(format!("{why}: read as windows-1252")),
                )
            }
        },
    }
}

/// The label after the first `charset` in `head` (`charset="iso-8859-1"`, `charset=utf-8;`).
fn declared_charset(head: &[u8]) -> Option<&[u8]> {
    let at = head
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"charset"))?;
    let rest = &head[at + 7..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

/// Reads a page: its text (blocks a blank line apart) and what it says of itself.
pub(super) fn read_page(source: &str) -> Page {
    let xml;
    let source = if is_xhtml(source) {
        xml = xhtml_as_html(source);
        &xml
    } else {
        source
    };
    let html = Html::parse_document(source);
    let mut text = String::with_capacity(source.len() / 2);
    let mut about = About::default();
    // Whether each element open on the walk hides what it holds; how many of them do; how deep
    // in `<pre>` and `<article>` the walk is.
    let mut hides: Vec<bool> = Vec::new();
    let mut hidden = 0usize;
    let (mut pre, mut article) = (0usize, 0usize);
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    let hide = HIDDEN.contains(&name) || not_shown(e);
                    hides.push(hide);
                    hidden += usize::from(hide);
                    pre += usize::from(name == "pre");
                    article += usize::from(name == "article");
                    about.element(node, e, hidden > 0, article > 0);
                    if hidden == 0 {
                        if BLOCKS.contains(&name) {
                            block_break(&mut text, 2);
                        } else if name == "br" {
                            line_break(&mut text);
                        } else if APART.contains(&name) {
                            push_text(&mut text, " ", false);
                        }
                    }
                }
                Node::Text(t) if hidden == 0 => push_text(&mut text, t, pre > 0),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    let hide = hides.pop().unwrap_or(false);
                    if hidden == 0 {
                        if BLOCKS.contains(&name) {
                            block_break(&mut text, 2);
                        } else if CELLS.contains(&name) {
                            block_break(&mut text, 1);
                        } else if APART.contains(&name) {
                            push_text(&mut text, " ", false);
                        }
                    }
                    hidden -= usize::from(hide);
                    pre = pre.saturating_sub(usize::from(name == "pre"));
                    article = article.saturating_sub(usize::from(name == "article"));
                }
            }
        }
    }
    Page {
        text: tidy(&text),
        title: about.title,
        date: about.date.map(|(_, d)| d).or(about.time),
        url: about.url.or(about.relative_url),
        redirect: about.redirect,
    }
}

/// Elements that never have content, whose `<br/>` HTML reads as XML does.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Whether a page is XHTML, written as XML: it begins with an XML declaration, or its `<html>`
/// names the XHTML namespace.
fn is_xhtml(source: &str) -> bool {
    let head = source[..source.floor_char_boundary(1024)].trim_start();
    head.starts_with("<?xml") || head.contains("http://www.w3.org/1999/xhtml")
}

/// An XHTML page as HTML that means the same: a self-closed element (`<script src="a.js"/>`,
/// `<div/>`) is closed, where HTML's parser would read on into it and lose the rest of the page
/// inside a script; a CDATA section is the text it holds, which HTML drops. Comments, and the
/// text of scripts and styles, stay as they are.
fn xhtml_as_html(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 64);
    let mut rest = source;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<!--") {
            let end = rest[4..].find("-->").map_or(rest.len(), |e| 4 + e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let (inner, after) = body.split_once("]]>").unwrap_or((body, ""));
            for c in inner.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    c => out.push(c),
                }
            }
            rest = after;
            continue;
        }
        let Some(end) = tag_end(rest) else {
            break;
        };
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        let name_len = tag[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_')))
            .unwrap_or(tag.len() - 1);
        let name = tag[1..1 + name_len].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push_str(tag);
            continue;
        }
        let closed = tag.ends_with("/>");
        if closed && !VOID.contains(&name.as_str()) {
            out.push_str(&tag[..tag.len() - 2]);
            out.push_str("></");
            out.push_str(&name);
            out.push('>');
        } else {
            out.push_str(tag);
        }
        if !closed && matches!(name.as_str(), "script" | "style") {
            // Their text is not markup: up to their end tag as it is.
            let close = format!("</{name}");
            let end = find_ascii_ci(rest, &close).unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// Where the tag that `s` begins ends (its `>`, outside quoted attribute values).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// Where `needle` (ASCII) first occurs in `s`, in any case.
fn find_ascii_ci(s: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    s.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether an element is marked as not shown: the `hidden` attribute, or `display: none` in its
/// style. (`aria-hidden` text is shown, to readers who see.)
fn not_shown(e: &scraper::node::Element) -> bool {
    e.attr("hidden").is_some()
        || e.attr("style").is_some_and(|style| {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect();
            style.to_ascii_lowercase().contains("display:none")
        })
}

/// What a page says of itself, gathered on the walk.
#[derive(Default)]
struct About {
    title: Option<String>,
    /// The most trusted date of a `<meta>` or JSON-LD, with its rank in [`DATE_META`].
    date: Option<(usize, String)>,
    /// The date of a `<time datetime>`: the first in an `<article>`, else the first.
    time: Option<String>,
    time_in_article: bool,
    /// The canonical address, or `og:url`, when absolute (`http(s)://`).
    url: Option<String>,
    /// A relative one, when no absolute address is given.
    relative_url: Option<String>,
    /// The address a `refresh` sends the reader on to.
    redirect: Option<String>,
}

impl About {
    /// Takes what element `e` (at `node`) says of the page.
    fn element(
        &mut self,
        node: ego_tree::NodeRef<'_, Node>,
        e: &scraper::node::Element,
        hidden: bool,
        in_article: bool,
    ) {
        match e.name() {
            // The page's title is the head's (an icon's <title> in an <svg> is not).
            "title" if self.title.is_none() => {
                let in_head = node
                    .parent()
                    .and_then(|p| p.value().as_element().map(|p| p.name() == "head"))
                    .unwrap_or(false);
                if in_head {
                    let title: String = (node.children())
                        .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                        .collect();
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.title = (!title.is_empty())
                        .then(|| crate::text::cut_chars(&title, super::fields::MAX_TITLE_CHARS))
                        .map(|t| t.into_owned());
                }
            }
            "meta" => {
                if let (Some(how), Some(content)) = (e.attr("http-equiv"), e.attr("content"))
                    && how.trim().eq_ignore_ascii_case("refresh")
                    && self.redirect.is_none()
                {
                    self.redirect = refresh_target(content);
                }
                let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
                if let (Some(key), Some(content)) = (key, e.attr("content")) {
                    let key = key.trim().to_ascii_lowercase();
                    if key == "og:url" {
                        self.address(content);
                    }
                    if let Some(rank) = DATE_META.iter().position(|m| *m == key) {
                        self.dated(rank, content);
                    }
                }
            }
            "link"
                if e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                if let Some(href) = e.attr("href") {
                    self.address(href);
                }
            }
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let json: String = (node.children())
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                if let Some(date) = serde_json::from_str::<serde_json::Value>(&json)
                    .ok()
                    .as_ref()
                    .and_then(date_published)
                {
                    self.dated(1, &date);
                }
            }
            "time" if !hidden && (self.time.is_none() || (in_article && !self.time_in_article)) => {
                if let Some(date) = e.attr("datetime").and_then(page_date) {
                    self.time = Some(date);
                    self.time_in_article = in_article;
                }
            }
            _ => {}
        }
    }

    /// Keeps `content` as the page's date if it is one and none more trusted was given (the
    /// first of a rank stays).
    fn dated(&mut self, rank: usize, content: &str) {
        if self.date.as_ref().is_some_and(|(r, _)| *r <= rank) {
            return;
        }
        if let Some(date) = page_date(content) {
            self.date = Some((rank, date));
        }
    }

    /// Keeps an address of the page: the first absolute one, else the first relative one; none
    /// longer than an address has.
    fn address(&mut self, href: &str) {
        let href = href.trim();
        if href.is_empty() || href.len() > super::fields::MAX_URL_BYTES {
            return;
        }
        let lower = href.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            self.url.get_or_insert_with(|| href.to_string());
        } else {
            self.relative_url.get_or_insert_with(|| href.to_string());
        }
    }
}

/// The address in a `refresh`'s content (`5; url='/next'`), if it names one.
fn refresh_target(content: &str) -> Option<String> {
    let (_, target) = content
        .split_once(';')
        .or_else(|| content.split_once(','))?;
    let target = target.trim();
    let target = match target.get(..4) {
        Some(key) if key.eq_ignore_ascii_case("url=") => &target[4..],
        _ => target,
    };
    let target = target.trim().trim_matches(['"', '\'']).trim();
    (!target.is_empty()).then(|| crate::text::cut_chars(target, 200).into_owned())
}

/// The first `datePublished` in a JSON-LD value (an object, a list, or a `@graph`).
fn date_published(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => m
            .get("datePublished")
            .and_then(|d| d.as_str().map(str::to_string))
            .or_else(|| m.values().find_map(date_published)),
        serde_json::Value::Array(a) => a.iter().find_map(date_published),
        _ => None,
    }
}

/// A page's date as a document date: ISO 8601 (`2024-03-05`, `2024-03-05T10:30:00Z`, the day of
/// `2024-03-05 10:30:00.000+0100`), or as e-mail and HTTP headers write it (`Tue, 05 Mar 2024
/// 10:30:00 GMT`: the day).
fn page_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = crate::filter::document_date(s) {
        return Some(d);
    }
    if let Some(day) = s.get(..10).filter(|d| crate::filter::is_date(d)) {
        return Some(day.to_string());
    }
    // "Tue, 05 Mar 2024 ..." or "05 Mar 2024".
    let rest = s.split_once(", ").map_or(s, |(_, r)| r);
    let mut parts = rest.split_whitespace();
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = MONTHS
        .iter()
        .position(|m| month.get(..3).is_some_and(|x| x.eq_ignore_ascii_case(m)))?;
    let date = format!("{year}-{:02}-{:0>2}", month + 1, day);
    crate::filter::is_date(&date).then_some(date)
}

/// Adds a text node as a browser shows it: white space, line breaks included, is one space
/// (in `<pre>` line breaks stay).
fn push_text(text: &mut String, t: &str, pre: bool) {
    for c in t.chars() {
        if pre && c == '\n' {
            text.push('\n');
        } else if c.is_whitespace() {
            if !text.ends_with([' ', '\n']) && !text.is_empty() {
                text.push(' ');
            }
        } else {
            text.push(c);
        }
    }
}

/// A `<br>`: a line break, and a second one in a row a paragraph break.
fn line_break(text: &mut String) {
    while text.ends_with(' ') {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
}

/// Ends the line (`breaks` 1) or paragraph (2) being written, once however many blocks end
/// there.
fn block_break(text: &mut String, breaks: usize) {
    while text.ends_with(' ') {
        text.pop();
    }
    if text.is_empty() {
        return;
    }
    let have = text.len() - text.trim_end_matches('\n').len();
    for _ in have..breaks {
        text.push('\n');
    }
}

/// The text with white space inside lines collapsed, lines trimmed, and at most one blank line
/// between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0usize;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_read_as_its_reader_sees_it() {
        let page = read_page(
            "<!DOCTYPE html><html><head><title>Merkel  meets\n Macron</title>\
             <meta property=\"article:published_time\" content=\"2019-06-05T10:30:00Z\">\
             <link rel=\"canonical\" href=\"https://news.example/a1\">\
             <script>var x = \"Vladimir Putin\";</script><style>p{}</style></head>\
             <body><nav><a href=\"/\">Home</a></nav><h1>Merkel meets Macron</h1>\
             <p>Angela Merkel met <b>Emmanuel</b> Macron in Paris.<br>Jos&eacute; &amp; \
             Co were there.</p><p>They spoke of Russia.</p>\
             <ul><li>Item one</li><li>Item two</li></ul><noscript>Enable scripts</noscript>\
             </body></html>",
        );
        assert_eq!(
            page.text,
            "Merkel meets Macron\n\nAngela Merkel met Emmanuel Macron in Paris.\nJosé & Co were \
             there.\n\nThey spoke of Russia.\n\nItem one\n\nItem two"
        );
        assert_eq!(page.title.as_deref(), Some("Merkel meets Macron"));
        assert_eq!(page.date.as_deref(), Some("2019-06-05T10:30:00Z"));
        assert_eq!(page.url.as_deref(), Some("https://news.example/a1"));
    }

    #[test]
    fn malformed_and_bare_pages_give_their_text() {
        let page = read_page("<p>Oslo <b>and <i>Bergen</p> <div>Tromsø");
        assert_eq!(page.text, "Oslo and Bergen\n\nTromsø");
        assert_eq!(
            page,
            Page {
                text: page.text.clone(),
                ..Page::default()
            }
        );
        assert_eq!(read_page("").text, "");
        assert_eq!(
            read_page("<html><script>only code</script></html>").text,
            ""
        );
        // Line breaks of the source are spaces; blocks end lines; <pre> keeps its lines.
        let page = read_page(
            "<ul>\n  <li>One</li>\n  <li>Two\n   items</li>\n</ul>\n<p>A\n  para</p>\n\
             <pre>x  y\nz</pre><table><tr><td>Oslo</td><td>3</td></tr></table>",
        );
        assert_eq!(page.text, "One\n\nTwo items\n\nA para\n\nx y\nz\n\nOslo\n3");
        // Two <br> are a paragraph break; a note in <sup> is no part of the word before it.
        let page = read_page("<div>A<br>B<br><br>C Merkel<sup>1</sup> spoke</div>");
        assert_eq!(page.text, "A\nB\n\nC Merkel 1 spoke");
        // What is marked not shown is left out.
        let page = read_page(
            "<p>Shown</p><p hidden>Kim Jong Un</p><div style=\"color: red; DISPLAY : none\">\
             Narendra Modi</div><p aria-hidden=\"true\">Read</p>",
        );
        assert_eq!(page.text, "Shown\n\nRead");
        // The encoding the page declares; windows-1252 for bytes that are not UTF-8.
        let latin = b"<meta charset='ISO-8859-1'><p>Gerhard Schr\xf6der</p>";
        assert_eq!(
            decode_page(latin),
            (
                String::from_utf8_lossy(
                    b"<meta charset='ISO-8859-1'><p>Gerhard Schr\xc3\xb6der</p>"
                )
                .into_owned(),
                None
            )
        );
        let (text, why) = decode_page(b"<p>Jos\xe9</p>");
        assert_eq!(text, "<p>José</p>");
        assert_eq!(
            why.as_deref(),
            Some("is not UTF-8 and declares no charset: read as windows-1252")
        );
        let http =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xcf";
        assert!(decode_page(http).0.ends_with('\u{41f}'));
        assert_eq!(
            decode_page("<p>Tromsø</p>".as_bytes()),
            ("<p>Tromsø</p>".to_string(), None)
        );
        // Dates: the most trusted a page gives, JSON-LD and mail-style dates too; a <time> in the
        // article before one elsewhere; an absolute address before a relative one; the head's
        // title, not an icon's.
        let page = read_page(
            "<head><meta name=\"date\" content=\"2024-01-01\"><meta name=\"pubdate\" \
             content=\"Tue, 05 Mar 2024 10:30:00 GMT\"><link rel=\"canonical\" href=\"/a\">\
             <meta property=\"og:url\" content=\"https://news.example/a\"></head>\
             <body><svg><title>Share icon</title></svg></body>",
        );
        assert_eq!(page.date.as_deref(), Some("2024-03-05"));
        assert_eq!(page.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(page.title, None);
        let page = read_page(
            "<script type=\"application/ld+json\">{\"@graph\": [{\"@type\": \"NewsArticle\", \
             \"datePublished\": \"2024-03-05T10:30:00+01:00\"}]}</script><p>Text</p>",
        );
        assert_eq!(page.date.as_deref(), Some("2024-03-05T10:30:00+01:00"));
        let page = read_page(
            "<header>Today <time datetime=\"2024-06-01\">June 1</time></header><article>\
             <time datetime=\"2024-03-05\">5 March</time><p>Text</p></article>",
        );
        assert_eq!(page.date.as_deref(), Some("2024-03-05"));
        assert_eq!(page_date("5 March 2024"), Some("2024-03-05".into()));
        assert_eq!(page_date("Yesterday"), None);
        // XHTML: self-closed elements are closed, CDATA is text; void elements, comments and
        // scripts' text are as they were.
        assert_eq!(
            xhtml_as_html(
                "<?xml version=\"1.0\"?><p>A<br/><span class=\"x/>\"/>B<![CDATA[ <&> ]]>\
                 <!-- <div/> --><script>a<b;\"<p/>\"</script><DIV/>"
            ),
            "<?xml version=\"1.0\"?><p>A<br/><span class=\"x/>\"></span>B &lt;&amp;&gt; \
             <!-- <div/> --><script>a<b;\"<p/>\"</script><DIV></div>"
        );
        assert!(is_xhtml("<html xmlns=\"http://www.w3.org/1999/xhtml\">"));
        assert!(!is_xhtml("<!DOCTYPE html><html>"));
        // Where a page that refreshes sends its reader.
        let page = read_page("<meta http-equiv=\"Refresh\" content=\"5;URL=/next\">");
        assert_eq!(page.redirect.as_deref(), Some("/next"));
        assert_eq!(refresh_target("30"), None);
        // A date of a <time> in the body, when the head gives none.
        let page = read_page("<p>Filed <time datetime=\"2024-03-05\">Tuesday</time></p>");
        assert_eq!(page.date.as_deref(), Some("2024-03-05"));
    }
}
