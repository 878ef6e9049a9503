//! Neo4j: CSVs for `neo4j-admin database import` and a `LOAD CSV` script for a running server.
//!
//! The directory gets three files.
//!
//! `nodes.csv`, with typed import headers:
//!
//! ```text
//! id:ID,label,type,source,mentions:long,documents:long,windows:long,first_seen,last_seen,aliases:string[],ATTRS...,:LABEL
//! country:cn,China,country,gazetteer,12,1,11,,,China;Chinese,CN,Entity;Country
//! ```
//!
//! `ATTRS` are the gazetteer attribute keys as property names of Unicode letters, digits and `_`
//! (`état` and `名前` stay as they are; other characters become `_`, and a name already taken by
//! a field or another key gets `attr_` in front, so no two keys share a column). Neo4j takes any
//! property name in backticks, and `neo4j-admin import` reads UTF-8 headers; `:` would start the
//! header's type. `:LABEL` is `Entity` plus the type with its first letter upper-cased and other
//! characters outside `[A-Za-z0-9_]` removed. `aliases` is an array joined with `;`,
//! `neo4j-admin import`'s default `--array-delimiter`, which has no escape: a `;` inside an
//! alias is written as `,`. Both changes are returned by [`write()`] ([`Changes`]), and
//! `entigraph export` warns of them, naming the keys and entities.
//!
//! `relationships.csv`:
//!
//! ```text
//! :START_ID,:END_ID,:TYPE,count:long,documents:long,jaccard:double,dice:double,pmi:double,npmi:double,g2:double,first_seen,last_seen,evidence_docs:string[],snippet
//! country:cn,country:us,CO_OCCURS_WITH,5,1,0.31,0.47,0.93,0.31,2.1,,,article.txt,…
//! ```
//!
//! `evidence_docs` are the documents of the kept evidence, each once, as an array joined with
//! `;` like `aliases` (a `;` inside a document id is written as `,`, and warned of); `snippet`
//! is the first evidence window's text.
//!
//! Import with
//! `neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j`.
//!
//! `load.cypher` loads the same files into a running database with `LOAD CSV` (copy the two CSVs
//! into Neo4j's `import/` directory, then `cypher-shell -f load.cypher`). Values always travel
//! through the CSV rows (`row.label`, ...), never pasted into Cypher text; the only names taken
//! from the data are the attribute column names and the type labels, which hold only letters,
//! digits and `_` and are quoted with backticks. Nodes get the same labels as with
//! `neo4j-admin import` (`Entity` and their type's).
//!
//! These files are meant for Neo4j, so cells are written exactly (no spreadsheet
//! neutralisation as in [`super::csv`]), quoted as RFC 4180 says (a quote inside a cell is
//! doubled). A running server's `LOAD CSV` also takes `\"` as a quote by default
//! (`dbms.import.csv.legacy_quote_escaping=true`), so a value with a backslash right before a
//! quote is misread there; `load.cypher` says how to turn that off.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use super::{commit_all, stage};
use crate::error::Result;
use crate::graph::{EntityGraph, NodeSource};

/// The relationship type.
pub const REL_TYPE: &str = "CO_OCCURS_WITH";

/// The columns `nodes.csv` begins with, before one per attribute key and `:LABEL`. Input
/// reading tells the file by them, to leave it out as entigraph's output rather than read it as
/// news.
pub(crate) const NODE_HEADER: [&str; 10] = [
    "id:ID",
    "label",
    "type",
    "source",
    "mentions:long",
    "documents:long",
    "windows:long",
    "first_seen",
    "last_seen",
    "aliases:string[]",
];

/// The columns of `relationships.csv` (told by input reading, as [`NODE_HEADER`] is).
pub(crate) const RELATIONSHIP_HEADER: [&str; 14] = [
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "count:long",
    "documents:long",
    "jaccard:double",
    "dice:double",
    "pmi:double",
    "npmi:double",
    "g2:double",
    "first_seen",
    "last_seen",
    "evidence_docs:string[]",
    "snippet",
];

/// The first line of `load.cypher` (told by input reading, as [`NODE_HEADER`] is).
pub(crate) const CYPHER_HEAD: &str =
    "// Loads nodes.csv and relationships.csv (written by entigraph export --format neo4j)";

fn csv_err(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A property name made of Unicode letters, digits and `_`, other characters becoming `_`.
/// Neo4j takes any name in backticks, and `neo4j-admin import` reads UTF-8 headers; a `:` would
/// start the header's type, and punctuation is awkward to type in queries.
fn ident(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    if out.is_empty() { "_".into() } else { out }
}

/// The Neo4j label of a node type: `person` -> `Person`.
pub fn label_of(kind: &str) -> String {
    let clean: String = kind
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut cs = clean.chars();
    match cs.next() {
        Some(c) if c.is_ascii_digit() => format!("T{clean}"),
        Some(c) => c.to_ascii_uppercase().to_string() + cs.as_str(),
        None => String::new(),
    }
}

/// The node fields written before the attributes, whose names an attribute may not take.
const NODE_FIELDS: [&str; 10] = [
    "id",
    "label",
    "type",
    "source",
    "mentions",
    "documents",
    "windows",
    "first_seen",
    "last_seen",
    "aliases",
];

/// Gazetteer attribute keys with their Neo4j property names, sorted by key. A key that is
/// already a property name keeps it; the others are reduced by [`ident`], with `attr_` in front
/// while the name is taken (by a field, a key, or another reduced key sorting earlier), so
/// each key has a name of its own, the same whatever order the nodes come in.
fn columns(graph: &EntityGraph) -> Vec<(String, String)> {
    let keys: BTreeSet<&String> = graph.nodes().flat_map(|n| n.attributes.keys()).collect();
    let plain = |k: &str| ident(k) == k && !NODE_FIELDS.contains(&k);
    let mut taken: BTreeSet<String> = (NODE_FIELDS.iter().map(|s| s.to_string()))
        .chain(keys.iter().filter(|k| plain(k)).map(|k| k.to_string()))
        .collect();
    keys.into_iter()
        .map(|k| {
            if plain(k) {
                return (k.clone(), k.clone());
            }
            let mut col = ident(k);
            while taken.contains(&col) {
                col = format!("attr_{col}");
            }
            taken.insert(col.clone());
            (k.clone(), col)
        })
        .collect()
}

/// The array delimiter of the `aliases` and `evidence_docs` columns: `neo4j-admin import`'s default,
/// which has no escape, so a `;` inside an alias or a document id is written as `,`.
const ARRAY_DELIMITER: char = ';';

/// What the export had to change for Neo4j, for the user to be told (see [`Changes::warnings`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Changes {
    /// Attribute keys written under another property name: (key, property name).
    pub renamed_keys: Vec<(String, String)>,
    /// Aliases holding `;`, the array delimiter, written with `,` instead: (entity id, alias).
    pub aliases: Vec<(String, String)>,
    /// Evidence document ids holding `;`, written with `,` instead (each once).
    pub documents: Vec<String>,
}

impl Changes {
    /// Finds what [`write()`] changes in `graph`.
    pub fn of(graph: &EntityGraph) -> Changes {
        let renamed_keys = columns(graph).into_iter().filter(|(k, c)| k != c).collect();
        let (aliases, documents) = super::holding(graph, ARRAY_DELIMITER);
        Changes {
            renamed_keys,
            aliases,
            documents,
        }
    }

    /// One line per kind of change, naming every key renamed (a gazetteer has few) and the
    /// entities (the first few of many), as written.
    pub fn warnings(&self) -> Vec<String> {
        use super::listed;
        let mut out = Vec::new();
        if !self.renamed_keys.is_empty() {
            out.push(format!(
                "neo4j: attribute keys written as property names of letters, digits and _: {}",
                listed(&self.renamed_keys, usize::MAX, |(k, c)| format!(
                    "\"{k}\" as {c}"
                ))
            ));
        }
        if !self.aliases.is_empty() {
            out.push(format!(
                "neo4j: aliases holding ';', the array delimiter of nodes.csv, written with ',' \
                 instead: {}",
                listed(&self.aliases, 5, |(id, a)| format!("\"{a}\" of {id}"))
            ));
        }
        if !self.documents.is_empty() {
            out.push(format!(
                "neo4j: evidence document ids holding ';', the array delimiter of \
                 relationships.csv, written with ',' instead: {}",
                listed(&self.documents, 5, |d| format!("\"{d}\""))
            ));
        }
        out
    }
}

/// Writes `nodes.csv`.
pub fn write_nodes(graph: &EntityGraph, w: impl Write) -> std::io::Result<()> {
    let cols = columns(graph);
    let mut out = ::csv::Writer::from_writer(w);
    let mut header: Vec<String> = NODE_HEADER.iter().map(|s| s.to_string()).collect();
    header.extend(cols.iter().map(|(_, c)| c.clone()));
    header.push(":LABEL".into());
    out.write_record(&header).map_err(csv_err)?;
    for n in graph.nodes() {
        let source = match n.source {
            NodeSource::Gazetteer => "gazetteer",
            NodeSource::Discovered => "discovered",
        };
        let aliases: Vec<String> = (n.aliases.iter())
            .map(|a| a.replace(ARRAY_DELIMITER, ","))
            .collect();
        let mut row: Vec<String> = vec![
            n.id.clone(),
            n.label.clone(),
            n.kind.clone(),
            source.into(),
            n.mentions.to_string(),
            n.documents.to_string(),
            n.windows.to_string(),
            n.first_seen.clone().unwrap_or_default(),
            n.last_seen.clone().unwrap_or_default(),
            aliases.join(&ARRAY_DELIMITER.to_string()),
        ];
        row.extend(
            cols.iter()
                .map(|(k, _)| n.attributes.get(k).cloned().unwrap_or_default()),
        );
        let label = label_of(&n.kind);
        row.push(if label.is_empty() || label == "Entity" {
            "Entity".into()
        } else {
            format!("Entity;{label}")
        });
        out.write_record(&row).map_err(csv_err)?;
    }
    out.flush()
}

/// Writes `relationships.csv`.
pub fn write_relationships(graph: &EntityGraph, w: impl Write) -> std::io::Result<()> {
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(RELATIONSHIP_HEADER).map_err(csv_err)?;
    for (a, b, e) in graph.edges() {
        let m = graph.edge_measures(a, b, e);
        out.write_record([
            a.id.clone(),
            b.id.clone(),
            REL_TYPE.into(),
            e.count.to_string(),
            e.documents.to_string(),
            m.jaccard.to_string(),
            m.dice.to_string(),
            m.pmi.to_string(),
            m.npmi.to_string(),
            m.g2.to_string(),
            e.first_seen.clone().unwrap_or_default(),
            e.last_seen.clone().unwrap_or_default(),
            super::evidence_docs(e)
                .iter()
                .map(|d| d.replace(ARRAY_DELIMITER, ","))
                .collect::<Vec<_>>()
                .join(&ARRAY_DELIMITER.to_string()),
            e.evidence
                .first()
                .map(|x| x.snippet.to_string())
                .unwrap_or_default(),
        ])
        .map_err(csv_err)?;
    }
    out.flush()
}

/// Writes `load.cypher`.
pub fn write_cypher(graph: &EntityGraph, mut w: impl Write) -> std::io::Result<()> {
    let quote = |s: &str| format!("`{}`", s.replace('`', "``"));
    let mut attr_sets = String::new();
    for (_, col) in columns(graph) {
        attr_sets.push_str(&format!(",\n    n.{} = row.{}", quote(&col), quote(&col)));
    }
    // The type label of each node, as neo4j-admin import gives it from `:LABEL`. A label cannot
    // come from a value in Cypher before Neo4j 5.26, so there is one line per label the graph
    // has; labels are plain identifiers ([`label_of`]).
    let labels: BTreeSet<String> = graph
        .nodes()
        .map(|n| label_of(&n.kind))
        .filter(|l| !l.is_empty() && l != "Entity")
        .collect();
    for label in labels {
        attr_sets.push_str(&format!(
            "\nFOREACH (ignored IN CASE row.`:LABEL` WHEN 'Entity;{label}' THEN [1] ELSE [] END | \
             SET n:{})",
            quote(&label)
        ));
    }
    write!(
        w,
        "{CYPHER_HEAD}
// into a running Neo4j 5. Copy both CSV files into the server's import/ directory, then run
//   cypher-shell -u neo4j -f load.cypher
// Every value comes from the CSV rows; nothing from the data is pasted into this script.
// The CSVs quote as RFC 4180 does (a quote doubled). If a name or snippet holds a backslash
// right before a quote, set dbms.import.csv.legacy_quote_escaping=false in neo4j.conf first:
// with the default (true), LOAD CSV reads a backslash and quote as an escaped quote.
// Attribute keys are property names of Unicode letters, digits and _ (other characters become
// _, and attr_ goes in front of a name already taken); aliases and evidence_docs are joined
// with ';', the default --array-delimiter of neo4j-admin import, which has no escape, so a ';'
// inside an alias or a document id is written as ','. entigraph export warns of these changes.

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
MERGE (n:Entity {{id: row.`id:ID`}})
SET n.label = row.label,
    n.type = row.type,
    n.source = row.source,
    n.mentions = toInteger(row.`mentions:long`),
    n.documents = toInteger(row.`documents:long`),
    n.windows = toInteger(row.`windows:long`),
    n.first_seen = CASE row.first_seen WHEN '' THEN null ELSE row.first_seen END,
    n.last_seen = CASE row.last_seen WHEN '' THEN null ELSE row.last_seen END,
    n.aliases = CASE row.`aliases:string[]` WHEN '' THEN [] ELSE split(row.`aliases:string[]`, ';') END{attr_sets};

LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
MATCH (a:Entity {{id: row.`:START_ID`}}), (b:Entity {{id: row.`:END_ID`}})
MERGE (a)-[r:{REL_TYPE}]-(b)
SET r.count = toInteger(row.`count:long`),
    r.documents = toInteger(row.`documents:long`),
    r.jaccard = toFloat(row.`jaccard:double`),
    r.dice = toFloat(row.`dice:double`),
    r.pmi = toFloat(row.`pmi:double`),
    r.npmi = toFloat(row.`npmi:double`),
    r.g2 = toFloat(row.`g2:double`),
    r.first_seen = CASE row.first_seen WHEN '' THEN null ELSE row.first_seen END,
    r.last_seen = CASE row.last_seen WHEN '' THEN null ELSE row.last_seen END,
    r.evidence_docs = CASE row.`evidence_docs:string[]` WHEN '' THEN [] ELSE split(row.`evidence_docs:string[]`, ';') END,
    r.snippet = row.snippet;
"
    )
}

/// Writes `DIR/nodes.csv`, `DIR/relationships.csv` and `DIR/load.cypher`, creating `DIR` if
/// needed: all three are written in full before any replaces an old file (see
/// [`super::Staged`]). Returns what was changed to fit Neo4j, to warn of.
pub fn write(graph: &EntityGraph, dir: &Path) -> Result<Changes> {
    std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::io(dir, e))?;
    let staged = [
        stage(&dir.join("nodes.csv"), |w| write_nodes(graph, w))?,
        stage(&dir.join("relationships.csv"), |w| {
            write_relationships(graph, w)
        })?,
        stage(&dir.join("load.cypher"), |w| write_cypher(graph, w))?,
    ];
    commit_all(staged)?;
    Ok(Changes::of(graph))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_property_names_are_plain_identifiers() {
        assert_eq!(label_of("person"), "Person");
        assert_eq!(label_of("a;b`c"), "Abc");
        assert_eq!(label_of("9x"), "T9x");
        assert_eq!(label_of(";"), "");
        assert_eq!(
            ident("wiki`data) DETACH DELETE n //"),
            "wiki_data__DETACH_DELETE_n___"
        );
    }

    #[test]
    fn attribute_names_from_data_cannot_break_the_script() {
        let mut g = crate::filter::tests::sample();
        let ix = g.node_index("a").unwrap();
        g.graph[ix]
            .attributes
            .insert("x` = 1 MATCH (m) DETACH DELETE m //".into(), "v".into());
        g.graph[ix].attributes.insert("label".into(), "v".into());
        let mut out = Vec::new();
        write_cypher(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(!s.contains("DETACH DELETE m"), "{s}");
        assert!(s.contains("n.`attr_label` = row.`attr_label`"), "{s}");
        // Every type's label is set, as the :LABEL column gives it to neo4j-admin import.
        let kinds: BTreeSet<&str> = g.nodes().map(|n| n.kind.as_str()).collect();
        assert!(!kinds.is_empty());
        for kind in kinds {
            let label = label_of(kind);
            assert!(
                s.contains(&format!(
                    "FOREACH (ignored IN CASE row.`:LABEL` WHEN 'Entity;{label}' THEN [1] ELSE [] END \
                     | SET n:`{label}`)"
                )),
                "{s}"
            );
        }
        let mut out = Vec::new();
        write_nodes(&g, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.lines()
                .next()
                .unwrap()
                .ends_with(",attr_label,x____1_MATCH__m__DETACH_DELETE_m___,:LABEL"),
            "{s}"
        );
        assert!(s.contains(",Entity;Person\n"));
    }

    /// Regression: keys outside ASCII were reduced to `_` ("état" became "_tat"), and a key that
    /// was a plain name could lose it to another key reduced to the same name.
    #[test]
    fn attribute_keys_keep_their_letters_and_never_share_a_column() {
        let mut g = crate::filter::tests::sample();
        let (a, b) = (g.node_index("a").unwrap(), g.node_index("b").unwrap());
        for (ix, key) in [
            (a, "état"),
            (a, "etat"),
            (b, "名前"),
            (b, "wiki-data"),
            (a, "wiki_data"),
            (b, "label"),
            (a, "é t"),
        ] {
            g.graph[ix].attributes.insert(key.into(), "v".into());
        }
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(k, c)| (k.to_string(), c.to_string()))
                .collect()
        };
        assert_eq!(
            columns(&g),
            pairs(&[
                ("etat", "etat"),
                ("label", "attr_label"),
                ("wiki-data", "attr_wiki_data"),
                ("wiki_data", "wiki_data"),
                ("é t", "é_t"),
                ("état", "état"),
                ("名前", "名前"),
            ])
        );
        let changes = Changes::of(&g);
        assert_eq!(
            changes.renamed_keys,
            pairs(&[
                ("label", "attr_label"),
                ("wiki-data", "attr_wiki_data"),
                ("é t", "é_t"),
            ])
        );
        assert_eq!(
            changes.warnings(),
            [
                "neo4j: attribute keys written as property names of letters, digits and _: \
                 \"label\" as attr_label, \"wiki-data\" as attr_wiki_data, \"é t\" as é_t"
            ]
        );
        // Every renamed key is named (a collision hidden behind "and 2 more" went unseen), as
        // written, not escaped.
        for k in ["k-1", "k-2", "k-3", "k-4", "k-5", "e\u{301}-tat"] {
            g.graph[a].attributes.insert(k.into(), "v".into());
        }
        let warning = Changes::of(&g).warnings().remove(0);
        assert!(!warning.contains("more"), "{warning}");
        assert!(warning.contains("\"k-5\" as k_5"), "{warning}");
        assert!(warning.contains("\"e\u{301}-tat\""), "{warning}");
        for k in ["k-1", "k-2", "k-3", "k-4", "k-5", "e\u{301}-tat"] {
            g.graph[a].attributes.remove(k);
        }
        let mut out = Vec::new();
        write_nodes(&g, &mut out).unwrap();
        let header = String::from_utf8(out)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(
            header.ends_with(",etat,attr_label,attr_wiki_data,wiki_data,é_t,état,名前,:LABEL"),
            "{header}"
        );
        let mut out = Vec::new();
        write_cypher(&g, &mut out).unwrap();
        let script = String::from_utf8(out).unwrap();
        assert!(script.contains("n.`名前` = row.`名前`"), "{script}");
    }

    /// An alias holding `;` (the array delimiter, which neo4j-admin cannot escape) is written
    /// with `,`, and the change is reported with the entity, not made silently.
    #[test]
    fn an_alias_holding_the_array_delimiter_is_reported() {
        let mut g = crate::filter::tests::sample();
        let ix = g.node_index("c").unwrap();
        g.graph[ix].aliases = vec!["c".into(), "Smith; Jones".into()];
        let mut out = Vec::new();
        write_nodes(&g, &mut out).unwrap();
        let rows = String::from_utf8(out).unwrap();
        assert!(rows.contains("\nc,C,person,"), "{rows}");
        assert!(rows.contains(",\"c;Smith, Jones\","), "{rows}");
        let changes = Changes::of(&g);
        assert_eq!(
            changes.aliases,
            [("c".to_string(), "Smith; Jones".to_string())]
        );
        assert_eq!(
            changes.warnings(),
            [
                "neo4j: aliases holding ';', the array delimiter of nodes.csv, written with ',' \
                 instead: \"Smith; Jones\" of c"
            ]
        );
        assert_eq!(
            Changes::of(&crate::filter::tests::sample()).warnings(),
            [""; 0]
        );
    }
}
