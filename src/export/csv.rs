//! Two CSV files, `nodes.csv` and `edges.csv`, for spreadsheets, pandas, R and Gephi's
//! spreadsheet importer.
//!
//! `nodes.csv` columns:
//! `id,label,type,source,mentions,documents,windows,degree,first_seen,last_seen,aliases`,
//! then one column per gazetteer attribute key (sorted; `attr_NAME` when the name clashes).
//! `aliases` are joined with `" | "` (a `|` inside an alias is written as `/`, so the cell
//! splits back into the aliases; `export` warns of it).
//!
//! `edges.csv` columns:
//! `source,target,count,documents,jaccard,dice,pmi,npmi,g2,first_seen,last_seen,evidence_docs,snippet`
//! (`evidence_docs`: the evidence documents, each once, joined with `" | "` as aliases are;
//! `snippet`: the first evidence snippet). Rows follow the graph's order (nodes by id, edges by source and target).
//!
//! Files are UTF-8 with a header row, comma-separated, quoted where needed (RFC 4180).
//! Text cells are made safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return (which Excel, LibreOffice and Google Sheets would run as a
//! formula) gets a leading `'`, header cells (attribute keys) too. The same rule is applied to ids in both files, so `source` and
//! `target` still match `id`. Number cells are written as numbers.

use std::io::Write;
use std::path::Path;

use super::{attribute_columns, commit_all, list_cell, stage};
use crate::error::Result;
use crate::graph::{EntityGraph, NodeSource};

/// The columns `nodes.csv` begins with, before one per attribute key. Input reading tells the
/// file by them, to leave it out as entigraph's output rather than read it as news.
pub(crate) const NODE_COLUMNS: [&str; 11] = [
    "id",
    "label",
    "type",
    "source",
    "mentions",
    "documents",
    "windows",
    "degree",
    "first_seen",
    "last_seen",
    "aliases",
];

/// The columns of `edges.csv` (told by input reading, as [`NODE_COLUMNS`] are).
pub(crate) const EDGE_COLUMNS: [&str; 13] = [
    "source",
    "target",
    "count",
    "documents",
    "jaccard",
    "dice",
    "pmi",
    "npmi",
    "g2",
    "first_seen",
    "last_seen",
    "evidence_docs",
    "snippet",
];

/// A text cell made safe for spreadsheets (see the module documentation).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

fn csv_err(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// Writes `nodes.csv`.
pub fn write_nodes(graph: &EntityGraph, w: impl Write) -> std::io::Result<()> {
    let columns = attribute_columns(graph);
    let mut out = ::csv::Writer::from_writer(w);
    let mut header: Vec<std::borrow::Cow<'_, str>> = NODE_COLUMNS.map(Into::into).to_vec();
    // (A header cell is opened by a spreadsheet like any other: attribute keys are neutralised.)
    header.extend(columns.iter().map(|(_, c)| neutralise(c)));
    out.write_record(header.iter().map(|c| c.as_bytes()))
        .map_err(csv_err)?;
    for ix in graph.graph.node_indices() {
        let n = &graph.graph[ix];
        let source = match n.source {
            NodeSource::Gazetteer => "gazetteer",
            NodeSource::Discovered => "discovered",
        };
        let mut row: Vec<String> = vec![
            neutralise(&n.id).into_owned(),
            neutralise(&n.label).into_owned(),
            neutralise(&n.kind).into_owned(),
            source.to_string(),
            n.mentions.to_string(),
            n.documents.to_string(),
            n.windows.to_string(),
            graph.graph.neighbors(ix).count().to_string(),
            neutralise(n.first_seen.as_deref().unwrap_or("")).into_owned(),
            neutralise(n.last_seen.as_deref().unwrap_or("")).into_owned(),
            neutralise(&list_cell(&n.aliases)).into_owned(),
        ];
        row.extend(
            columns.iter().map(|(k, _)| {
                neutralise(n.attributes.get(k).map_or("", String::as_str)).into_owned()
            }),
        );
        out.write_record(&row).map_err(csv_err)?;
    }
    out.flush()
}

/// Writes `edges.csv`.
pub fn write_edges(graph: &EntityGraph, w: impl Write) -> std::io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(EDGE_COLUMNS).map_err(csv_err)?;
    for (a, b, e) in graph.edges() {
        let m = graph.edge_measures(a, b, e);
        let docs = super::evidence_docs(e);
        out.write_record([
            neutralise(&a.id).into_owned(),
            neutralise(&b.id).into_owned(),
            e.count.to_string(),
            e.documents.to_string(),
            m.jaccard.to_string(),
            m.dice.to_string(),
            m.pmi.to_string(),
            m.npmi.to_string(),
            m.g2.to_string(),
            neutralise(e.first_seen.as_deref().unwrap_or("")).into_owned(),
            neutralise(e.last_seen.as_deref().unwrap_or("")).into_owned(),
            neutralise(&list_cell(&docs)).into_owned(),
            neutralise(e.evidence.first().map_or("", |x| &*x.snippet)).into_owned(),
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// Writes `DIR/nodes.csv` and `DIR/edges.csv`, creating `DIR` if needed: both are written in
/// full before either replaces an old file (see [`super::Staged`]).
pub fn write(graph: &EntityGraph, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io(dir, e))?;
    // Both staged before either is in place: a failure leaves the old pair.
    let nodes = stage(&dir.join("nodes.csv"), |w| write_nodes(graph, w))?;
    let edges = stage(&dir.join("edges.csv"), |w| write_edges(graph, w))?;
    commit_all([nodes, edges])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        let rows = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("China", "China"),
            ("", ""),
            ("a=b", "a=b"),
        ];
        for (input, want) in rows {
            assert_eq!(neutralise(input), want, "{input:?}");
        }
    }

    #[test]
    fn numbers_are_not_neutralised() {
        let mut g = crate::filter::tests::sample();
        // Make a negative PMI: a pair seen together less than chance.
        g.totals.windows = 2;
        let mut out = Vec::new();
        write_edges(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains(",-"), "{s}");
        assert!(!s.contains("'-"), "{s}");
        let mut out = Vec::new();
        write_nodes(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("id,label,type,source,mentions"));
        assert_eq!(s.lines().count(), 6);
    }
}
