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
//!   count.
//! - Time: when any node or edge has a date of the form `YYYY-MM-DD` (a longer ISO timestamp
//!   is cut to its day), the graph is `mode="dynamic"` with `timeformat="date"` and each dated
//!   node and edge gets `start` (first seen) and `end` (last seen), which Gephi's timeline
//!   plays. Undated elements carry no spell and are present throughout.
//! - Text is escaped, and characters XML 1.0 forbids (control characters) are removed.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{attribute_columns, xml_attr};
use crate::graph::EntityGraph;

/// The day of a date (`YYYY-MM-DD`, possibly followed by a time), or `None`.
pub(crate) fn day(date: Option<&String>) -> Option<&str> {
    let d = date?.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then_some(d)
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
    let dynamic = graph.nodes().any(|n| day(n.first_seen.as_ref()).is_some())
        || graph
            .edges()
            .any(|(_, _, e)| day(e.first_seen.as_ref()).is_some());

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
        if let Some(d) = day(n.first_seen.as_ref()) {
            attrs.push(xml_attr("start", d));
        }
        if let Some(d) = day(n.last_seen.as_ref()) {
            attrs.push(xml_attr("end", d));
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
            Some(n.aliases.join(" | ")),
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
        if let Some(d) = day(e.first_seen.as_ref()) {
            attrs.push(xml_attr("start", d));
        }
        if let Some(d) = day(e.last_seen.as_ref()) {
            attrs.push(xml_attr("end", d));
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
            (!docs.is_empty()).then(|| docs.join(" | ")),
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

    #[test]
    fn days_are_cut_from_iso_dates_only() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(day(s("2015-09-17").as_ref()), Some("2015-09-17"));
        assert_eq!(day(s("2015-09-17T10:00:00Z").as_ref()), Some("2015-09-17"));
        assert_eq!(day(s("17/09/2015").as_ref()), None);
        assert_eq!(day(s("2015").as_ref()), None);
        assert_eq!(day(None), None);
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
