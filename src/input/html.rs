//! HTML pages (`.html`, `.htm`, or `--input-format html`): a saved news page is read as the text
//! a reader sees, not as its markup. Scripts, styles and other parts never shown are left out
//! (a name in a script's string is no mention), blocks (paragraphs, headings, list items, table
//! rows, line breaks) are kept apart by line breaks, so that sentences and paragraphs end where
//! the page ends them, and character references are the characters they stand for. The page's
//! title, date and address, where its head gives them, become the document's, as a JSON lines
//! document's fields would.
//!
//! Parsing is html5ever's (through `scraper`), as browsers parse: any page, however malformed,
//! gives a text.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// What a page holds for entigraph: its text, and the title, date and address its head gives.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Page {
    pub(super) text: String,
    pub(super) title: Option<String>,
    pub(super) date: Option<String>,
    pub(super) url: Option<String>,
}

/// Elements whose content is no text of the story: never shown (scripts, styles, the head,
/// whose title is the document's title), or the site's menus and footer, whose section names
/// ("World", "China", "US") would be linked to every story.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "canvas",
    "select", "button", "nav", "footer",
];

/// Elements that make blocks of their own: the text before and after them is not one line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
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
    "td",
    "th",
    "table",
    "blockquote",
    "pre",
    "article",
    "section",
    "header",
    "footer",
    "nav",
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

/// `<meta>` names and properties that give a page's date of publication, in order of trust.
const DATE_META: &[&str] = &[
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dcterms.created",
    "og:published_time",
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

/// Reads a page: its text (blocks one line break apart, paragraphs a blank line) and what its
/// head says of it.
pub(super) fn read_page(source: &str) -> Page {
    let html = Html::parse_document(source);
    let mut page = Page::default();
    let mut text = String::with_capacity(source.len() / 2);
    // How deep inside hidden elements, and inside `<pre>`, the walk is.
    let mut hidden = 0usize;
    let mut pre = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if HIDDEN.contains(&name) {
                        hidden += 1;
                    }
                    if name == "pre" {
                        pre += 1;
                    }
                    if BLOCKS.contains(&name) && hidden == 0 {
                        block_break(&mut text, name);
                    }
                    match name {
                        "title" if page.title.is_none() => {
                            let title = node
                                .children()
                                .filter_map(|c| c.value().as_text().map(|t| &**t))
                                .collect::<String>();
                            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                            page.title = (!title.is_empty()).then_some(title);
                        }
                        "meta" => meta(&mut page, e.attr("name").or(e.attr("property")), e),
                        "link"
                            if e.attr("rel")
                                .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                        {
                            if let Some(href) = e.attr("href").filter(|h| !h.trim().is_empty()) {
                                page.url = Some(href.trim().to_string());
                            }
                        }
                        "time" if page.date.is_none() && hidden == 0 => {
                            page.date = e
                                .attr("datetime")
                                .and_then(|d| crate::filter::document_date(d.trim()));
                        }
                        _ => {}
                    }
                }
                Node::Text(t) if hidden == 0 => push_text(&mut text, t, pre > 0),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if name == "pre" {
                        pre = pre.saturating_sub(1);
                    }
                    if HIDDEN.contains(&name) {
                        hidden = hidden.saturating_sub(1);
                    } else if BLOCKS.contains(&name) && hidden == 0 {
                        block_break(&mut text, name);
                    }
                }
            }
        }
    }
    page.text = tidy(&text);
    page
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

/// Ends the line or paragraph being written, once however many blocks end there: a blank line
/// after a paragraph, heading, quotation or list, a line break after other blocks (a list item,
/// a table cell, a line break).
fn block_break(text: &mut String, name: &str) {
    let paragraph = matches!(
        name,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre" | "ul" | "ol"
    );
    while text.ends_with(' ') {
        text.pop();
    }
    if text.is_empty() {
        return;
    }
    let have = text.len() - text.trim_end_matches('\n').len();
    for _ in have..usize::from(paragraph) + 1 {
        text.push('\n');
    }
}

/// A `<meta>` element's date or address, if it gives one the page has not given yet.
fn meta(page: &mut Page, key: Option<&str>, e: &scraper::node::Element) {
    let (Some(key), Some(content)) = (key, e.attr("content")) else {
        return;
    };
    let key = key.trim().to_ascii_lowercase();
    let content = content.trim();
    if key == "og:url" && page.url.is_none() && !content.is_empty() {
        page.url = Some(content.to_string());
    }
    // A date of more trust replaces one of less (`<time>` in the body comes after the head).
    if let Some(rank) = DATE_META.iter().position(|m| *m == key)
        && let Some(date) = crate::filter::document_date(content).or_else(|| {
            // "2024-03-05T10:30:00.000Z" and the like: the day, at least.
            content
                .get(..10)
                .filter(|d| crate::filter::is_date(d))
                .map(str::to_string)
        })
    {
        let better = match &page.date {
            None => true,
            Some(_) => rank == 0,
        };
        if better {
            page.date = Some(date);
        }
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
             there.\n\nThey spoke of Russia.\n\nItem one\nItem two"
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
        assert_eq!(page.text, "One\nTwo items\n\nA para\n\nx y\nz\n\nOslo\n3");
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
        // A date of a <time> in the body, when the head gives none.
        let page = read_page("<p>Filed <time datetime=\"2024-03-05\">Tuesday</time></p>");
        assert_eq!(page.date.as_deref(), Some("2024-03-05"));
    }
}
