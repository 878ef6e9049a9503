//! GEXF 1.3, the format of Gephi.
//!
//! ```xml
//! <gexf xmlns="http://gexf.net/1.3" version="1.3">
//!   <meta><creator>entigraph 0.1.0</creator></meta>
//!   <graph defaultedgetype="undirected" mode="static">
//!     <attributes class="node">
//!       <attribute id="n0" title="type" type="string"/> ...
//!     </attributes>
//!     <attributes class="edge">
//!       <attribute id="e0" title="count" type="long"/> ...
//!     </attributes>
//!     <nodes>
//!       <node id="country:cn" label="China">
//!         <attvalues><attvalue for="n0" value="country"/> ...</attvalues>
//!       </node>
//!     </nodes>
//!     <edges>
//!       <edge id="0" source="country:cn" target="country:us" weight="5">
//!         <attvalues><attvalue for="e0" value="5"/> ...</attvalues>
//!       </edge>
//!     </edges>
//!   </graph>
//! </gexf>
//! ```
//!
//! - Node attributes: `type`, `source` (gazetteer or discovered), `mentions`, `documents`,
//!   `windows`, `degree` (longs), `aliases` (joined with `" | "`), `first_seen`, `last_seen`,
//!   and one string attribute per gazetteer attribute key (`attr_NAME` when the name clashes).
//! - Edge attributes: `count`, `documents` (longs), `jaccard`, `dice`, `pmi`, `npmi`, `g2`
//!   (doubles), `first_seen`, `last_seen`, `evidence_docs` (evidence documents, each once,
//!   joined with `" | "`) and `snippet` (the first evidence snippet). The edge `weight` is the
//!   count. A `|` inside an alias or a document id is written as `/`, so a joined value splits
//!   back at `" | "` into its items (`export` warns of it).
//! - Time: when any node or edge has a date, the graph is `mode="dynamic"` with
//!   `timeformat="date"` and each dated node and edge gets `start` (first seen) and `end` (last
//!   seen), which Gephi's timeline plays. A longer ISO timestamp is cut to its day; a month
//!   (`2024-07`) or a year (`2024`), as documents may be dated, stands for the whole period: it
//!   starts on its first day and ends on its last (first seen `2024-07` starts on 2024-07-01,
//!   last seen `2024-07` ends on 2024-07-31, `2024` spans 2024-01-01 to 2024-12-31), so that an
//!   element seen only in such periods is not taken for one present throughout. Undated
//!   elements carry no spell and are present throughout.
//! - When filters cut the graph, `meta` has a `description`: `filtered: ` and the filters in
//!   words, in the order applied (`filtered: top 2 links; then type person`).
//! - Text is escaped, and characters XML 1.0 forbids (control characters) are removed.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{attribute_columns, xml_attr};
use crate::graph::EntityGraph;

/// The first day of the period a date names: its day (`YYYY-MM-DD`, possibly followed by a
/// time), the first of its month (`YYYY-MM`) or of its year (`YYYY`); `None` for no date.
pub(crate) fn first_day(date: Option<&String>) -> Option<String> {
    let (year, month) = match period(date?)? {
        Period::Day(d) => return Some(d.to_string()),
        Period::Month(y, m) => (y, m),
        Period::Year(y) => (y, "01"),
    };
    Some(format!("{year}-{month}-01"))
}

/// The last day of the period a date names: its day, the last of its month (the 29th of a
/// leap February) or the 31st of December of its year; `None` for no date.
pub(crate) fn last_day(date: Option<&String>) -> Option<String> {
    let (year, month) = match period(date?)? {
        Period::Day(d) => return Some(d.to_string()),
        Period::Month(y, m) => (y, m),
        Period::Year(y) => (y, "12"),
    };
    let days = crate::filter::days_in_month(year.parse().ok()?, month.parse().ok()?)?;
    Some(format!("{year}-{month}-{days}"))
}

/// The period a document date names.
enum Period<'a> {
    /// `YYYY-MM-DD`.
    Day(&'a str),
    /// `YYYY-MM`: year and month.
    Month(&'a str, &'a str),
    /// `YYYY`.
    Year(&'a str),
}

/// The period of `date`: a date ([`crate::filter::is_date`]), or a day followed by a time
/// (cut to the day); `None` for anything else.
fn period(date: &str) -> Option<Period<'_>> {
    match date.len() {
        4 if crate::filter::is_date(date) => Some(Period::Year(date)),
        7 if crate::filter::is_date(date) => Some(Period::Month(&date[..4], &date[5..])),
        10.. => {
            let day = date.get(..10)?;
            crate::filter::is_date(day).then_some(Period::Day(day))
        }
        _ => None,
    }
}

fn start<'a>(name: &'a str, attrs: Vec<quick_xml::events::attributes::Attribute<'a>>) -> Event<'a> {
    Event::Start(BytesStart::new(name).with_attributes(attrs))
}

fn empty<'a>(name: &'a str, attrs: Vec<quick_xml::events::attributes::Attribute<'a>>) -> Event<'a> {
    Event::Empty(BytesStart::new(name).with_attributes(attrs))
}

fn end(name: &str) -> Event<'_> {
    Event::End(BytesEnd::new(name))
}

fn declare<W: Write>(
    w: &mut Writer<W>,
    class: &str,
    prefix: &str,
    attrs: &[(String, &str)],
) -> std::io::Result<()> {
    w.write_event(start("attributes", vec![xml_attr("class", class)]))?;
    for (i, (title, ty)) in attrs.iter().enumerate() {
        w.write_event(empty(
            "attribute",
            vec![
                xml_attr("id", &format!("{prefix}{i}")),
                xml_attr("title", title),
                xml_attr("type", ty),
            ],
        ))?;
    }
    w.write_event(end("attributes"))
}

fn values<W: Write>(
    w: &mut Writer<W>,
    prefix: &str,
    values: &[Option<String>],
) -> std::io::Result<()> {
    if values.iter().all(Option::is_none) {
        return Ok(());
    }
    w.write_event(start("attvalues", vec![]))?;
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            w.write_event(empty(
                "attvalue",
                vec![
                    xml_attr("for", &format!("{prefix}{i}")),
                    xml_attr("value", v),
                ],
            ))?;
        }
    }
    w.write_event(end("attvalues"))
}

/// Writes GEXF 1.3.
pub fn write(graph: &EntityGraph, out: impl Write) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    let columns = attribute_columns(graph);
    let dated = |first: Option<&String>, last: Option<&String>| {
        first_day(first).is_some() || last_day(last).is_some()
    };
    let dynamic = graph
        .nodes()
        .any(|n| dated(n.first_seen.as_ref(), n.last_seen.as_ref()))
        || graph
            .edges()
            .any(|(_, _, e)| dated(e.first_seen.as_ref(), e.last_seen.as_ref()));

    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(start(
        "gexf",
        vec![
            xml_attr("xmlns", "http://gexf.net/1.3"),
            xml_attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            xml_attr(
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            xml_attr("version", "1.3"),
        ],
    ))?;
    w.write_event(start("meta", vec![]))?;
    w.write_event(start("creator", vec![]))?;
    w.write_event(Event::Text(BytesText::new(concat!(
        "entigraph ",
        env!("CARGO_PKG_VERSION")
    ))))?;
    w.write_event(end("creator"))?;
    if !graph.filtered.is_empty() {
        // Shown by Gephi with the graph; a file that lists every link is unchanged.
        let text = format!("filtered: {}", crate::filter::describe(&graph.filtered));
        w.write_event(start("description", vec![]))?;
        w.write_event(Event::Text(BytesText::new(&text)))?;
        w.write_event(end("description"))?;
    }
    w.write_event(end("meta"))?;
    let mut gattrs = vec![
        xml_attr("defaultedgetype", "undirected"),
        xml_attr("mode", if dynamic { "dynamic" } else { "static" }),
    ];
    if dynamic {
        gattrs.push(xml_attr("timeformat", "date"));
    }
    w.write_event(start("graph", gattrs))?;

    let mut node_attrs: Vec<(String, &str)> = vec![
        ("type".into(), "string"),
        ("source".into(), "string"),
        ("mentions".into(), "long"),
        ("documents".into(), "long"),
        ("windows".into(), "long"),
        ("degree".into(), "long"),
        ("aliases".into(), "string"),
        ("first_seen".into(), "string"),
        ("last_seen".into(), "string"),
    ];
    node_attrs.extend(columns.iter().map(|(_, c)| (c.clone(), "string")));
    declare(&mut w, "node", "n", &node_attrs)?;
    let edge_attrs: Vec<(String, &str)> = vec![
        ("count".into(), "long"),
        ("documents".into(), "long"),
        ("jaccard".into(), "double"),
        ("dice".into(), "double"),
        ("pmi".into(), "double"),
        ("npmi".into(), "double"),
        ("g2".into(), "double"),
        ("first_seen".into(), "string"),
        ("last_seen".into(), "string"),
        ("evidence_docs".into(), "string"),
        ("snippet".into(), "string"),
    ];
    declare(&mut w, "edge", "e", &edge_attrs)?;

    w.write_event(start("nodes", vec![]))?;
    for (ix, n) in graph.graph.node_indices().map(|ix| (ix, &graph.graph[ix])) {
        let mut attrs = vec![xml_attr("id", &n.id), xml_attr("label", &n.label)];
        if let Some(d) = first_day(n.first_seen.as_ref()) {
            attrs.push(xml_attr("start", &d));
        }
        if let Some(d) = last_day(n.last_seen.as_ref()) {
            attrs.push(xml_attr("end", &d));
        }
        w.write_event(start("node", attrs))?;
        let source = match n.source {
            crate::graph::NodeSource::Gazetteer => "gazetteer",
            crate::graph::NodeSource::Discovered => "discovered",
        };
        let mut vals = vec![
            Some(n.kind.clone()),
            Some(source.to_string()),
            Some(n.mentions.to_string()),
            Some(n.documents.to_string()),
            Some(n.windows.to_string()),
            Some(graph.graph.neighbors(ix).count().to_string()),
            Some(super::list_cell(&n.aliases)),
            n.first_seen.clone(),
            n.last_seen.clone(),
        ];
        vals.extend(columns.iter().map(|(k, _)| n.attributes.get(k).cloned()));
        values(&mut w, "n", &vals)?;
        w.write_event(end("node"))?;
    }
    w.write_event(end("nodes"))?;

    w.write_event(start("edges", vec![]))?;
    for (i, (a, b, e)) in graph.edges().enumerate() {
        let m = graph.edge_measures(a, b, e);
        let mut attrs = vec![
            xml_attr("id", &i.to_string()),
            xml_attr("source", &a.id),
            xml_attr("target", &b.id),
            xml_attr("weight", &e.count.to_string()),
        ];
        if let Some(d) = first_day(e.first_seen.as_ref()) {
            attrs.push(xml_attr("start", &d));
        }
        if let Some(d) = last_day(e.last_seen.as_ref()) {
            attrs.push(xml_attr("end", &d));
        }
        w.write_event(start("edge", attrs))?;
        let docs = super::evidence_docs(e);
        let vals = vec![
            Some(e.count.to_string()),
            Some(e.documents.to_string()),
            Some(m.jaccard.to_string()),
            Some(m.dice.to_string()),
            Some(m.pmi.to_string()),
            Some(m.npmi.to_string()),
            Some(m.g2.to_string()),
            e.first_seen.clone(),
            e.last_seen.clone(),
            (!docs.is_empty()).then(|| super::list_cell(&docs)),
            e.evidence.first().map(|x| x.snippet.to_string()),
        ];
        values(&mut w, "e", &vals)?;
        w.write_event(end("edge"))?;
    }
    w.write_event(end("edges"))?;
    w.write_event(end("graph"))?;
    w.write_event(end("gexf"))?;
    w.into_inner().write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A node first seen "2024-07" got no `start` (Gephi showed it from the beginning of time)
    /// and one seen only in "2024" no spell at all: a month or a year spans its days.
    #[test]
    fn spells_span_the_periods_dates_name() {
        let s = |x: &str| Some(x.to_string());
        let rows = [
            ("2015-09-17", Some(("2015-09-17", "2015-09-17"))),
            ("2015-09-17T10:00:00Z", Some(("2015-09-17", "2015-09-17"))),
            ("2015-09-17 10:00", Some(("2015-09-17", "2015-09-17"))),
            ("2024-07", Some(("2024-07-01", "2024-07-31"))),
            ("2024-06", Some(("2024-06-01", "2024-06-30"))),
            ("2024-02", Some(("2024-02-01", "2024-02-29"))),
            ("2023-02", Some(("2023-02-01", "2023-02-28"))),
            ("1900-02", Some(("1900-02-01", "1900-02-28"))),
            ("2000-02", Some(("2000-02-01", "2000-02-29"))),
            ("2024", Some(("2024-01-01", "2024-12-31"))),
            ("17/09/2015", None),
            ("2015-13", None),
            ("2015-02-30", None),
            ("15", None),
            ("", None),
        ];
        for (date, want) in rows {
            let got = first_day(s(date).as_ref()).zip(last_day(s(date).as_ref()));
            let got = got.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            assert_eq!(got, want, "{date}");
        }
        assert_eq!((first_day(None), last_day(None)), (None, None));
    }

    #[test]
    fn partial_dates_get_the_spell_of_their_period() {
        let mut g = crate::filter::tests::sample();
        let ix = g.node_index("a").unwrap();
        g.graph[ix].first_seen = Some("2024-07".into());
        g.graph[ix].last_seen = Some("2024-08-15".into());
        let ix = g.node_index("e").unwrap();
        g.graph[ix].first_seen = Some("2024".into());
        g.graph[ix].last_seen = Some("2024".into());
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.contains(r#"<node id="a" label="A" start="2024-07-01" end="2024-08-15">"#),
            "{s}"
        );
        assert!(
            s.contains(r#"<node id="e" label="E" start="2024-01-01" end="2024-12-31">"#),
            "{s}"
        );
        // A graph dated only by months and years is dynamic too.
        let mut g = crate::filter::tests::sample();
        for n in g.graph.node_weights_mut() {
            n.first_seen = n.first_seen.as_ref().map(|_| "2015-03".into());
            n.last_seen = n.last_seen.as_ref().map(|_| "2016".into());
        }
        for e in g.graph.edge_weights_mut() {
            e.first_seen = None;
            e.last_seen = None;
        }
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"mode="dynamic" timeformat="date""#), "{s}");
        assert!(
            s.contains(r#"<node id="a" label="A" start="2015-03-01" end="2016-12-31">"#),
            "{s}"
        );
    }

    #[test]
    fn dated_graphs_are_dynamic_with_spells() {
        let g = crate::filter::tests::sample();
        let mut out = Vec::new();
        write(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(r#"mode="dynamic""#), "{s}");
        assert!(s.contains(r#"<node id="a" label="A" start="2015-01-10" end="2015-03-01">"#));
        assert!(s.contains(r#"<node id="e" label="E">"#));
        assert!(s.contains(r#"weight="5" start="2015-01-10" end="2015-03-01""#));
    }
}
