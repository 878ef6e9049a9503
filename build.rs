//! Fingerprints the source entigraph is built from, so that graphs and partials say which rules
//! found their mentions: `merge` and `build --append` refuse to add up statistics of builds from
//! different sources (what is found changes with the rules, while the version number may not),
//! and `diff` warns that links may differ by the tool, not by the news.
//!
//! The fingerprint is FNV-1a (64 bits) over the paths and contents of the files that go into
//! the binary: the code and pages under `src/` (`.rs`, `.html`, `.css`, `.js`), the lists under
//! `gazetteers/` (`.tsv`, `.txt`; not its README), and `Cargo.lock`, whose crate versions
//! (the matcher's, the Unicode tables') may change what is found. In path order, with carriage
//! returns left out so that a checkout with Windows line endings gives the same value; an
//! editor's backup or any other stray file does not count. The compiler's version does not
//! either: it does not change the rules, and a cluster's machines may differ in it. It is in
//! `ENTIGRAPH_SOURCE` at compile time.

use std::path::{Path, PathBuf};

/// The files under `dir` whose names end in one of `kinds`, at any depth.
fn files(dir: &Path, kinds: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, kinds, out);
        } else if path
            .extension()
            .is_some_and(|e| kinds.iter().any(|k| e == *k))
        {
            out.push(path);
        }
    }
}

fn main() {
    println!("cargo::rerun-if-changed=src");
    println!("cargo::rerun-if-changed=gazetteers");
    println!("cargo::rerun-if-changed=Cargo.lock");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut all = vec![root.join("Cargo.lock")];
    files(&root.join("src"), &["rs", "html", "css", "js"], &mut all);
    files(&root.join("gazetteers"), &["tsv", "txt"], &mut all);
    // Relative paths with '/' separators, so that the checkout's place and system do not count.
    let mut named: Vec<(String, PathBuf)> = all
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap_or(&p);
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (name.join("/"), p)
        })
        .collect();
    named.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &b in bytes.iter().filter(|&&b| b != b'\r') {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for (name, path) in &named {
        let contents = std::fs::read(path).unwrap_or_default();
        add(name.as_bytes());
        add(&[0]);
        add(&contents);
        add(&[0]);
    }
    println!("cargo::rustc-env=ENTIGRAPH_SOURCE={:012x}", hash >> 16);
}
