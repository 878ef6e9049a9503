//! File identity and recorded names: the file a path reaches, whatever path it is, and whether
//! the name an earlier run recorded for a file (a path as given or found then) may name the file
//! read now, for `build --append` to know the files it counted.

use std::ffi::OsString;
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;

/// The identity of a file on disk, whatever path reaches it: device and inode on Unix, the
/// canonical path elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] PathBuf);

impl FileId {
    /// The file or directory at `path` (following symbolic links), if it exists.
    pub fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::metadata(path).ok()?;
        FileId::from_metadata(&meta, path)
    }

    #[cfg(unix)]
    pub(super) fn from_metadata(meta: &std::fs::Metadata, _path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        Some(FileId((meta.dev(), meta.ino())))
    }

    #[cfg(not(unix))]
    pub(super) fn from_metadata(_meta: &std::fs::Metadata, path: &Path) -> Option<FileId> {
        std::fs::canonicalize(path).ok().map(FileId)
    }
}

/// ` as NAME` for a file counted under another name `was`, nothing for none: how messages say
/// under which name a file was counted.
pub fn shown_as(was: Option<&str>) -> String {
    was.map_or_else(String::new, |was| format!(" as {was}"))
}

/// Whether `recorded`, the name (a path as given or found) of a file an earlier run counted,
/// may name the file at `path` now: the same name (`./` aside); a path that leads, from here,
/// to this very file (`feed.jsonl` for `/abs/feed.jsonl`); or, when it leads to no file from
/// here (counted from another working directory, or moved since), a path whose last
/// components are the same, as far as both go (`feeds/a.jsonl` for `/srv/feeds/a.jsonl` or
/// `../feeds/a.jsonl`). A file of the same file name elsewhere (`2024-01/news.jsonl` for
/// `2024-03/news.jsonl`) is another file. Used to warn that a file counted before and changed
/// since (not only grown at its end) has its documents counted twice.
pub fn counted_as(recorded: &str, path: &Path) -> bool {
    if name_key(recorded) == name_key(&path.display().to_string()) {
        return true;
    }
    let recorded = Path::new(recorded);
    match FileId::of(recorded) {
        Some(then) => FileId::of(path) == Some(then),
        None => ends_alike(recorded, path),
    }
}

/// Whether the last components of `a` and `b` that are names (up to a `..`, the root or the
/// start) are the same, as far as both go, the file name at least.
fn ends_alike(a: &Path, b: &Path) -> bool {
    fn names(p: &Path) -> Vec<&std::ffi::OsStr> {
        p.components()
            .rev()
            .map_while(|c| match c {
                std::path::Component::Normal(n) => Some(n),
                _ => None,
            })
            .collect()
    }
    let (a, b) = (names(a), names(b));
    !a.is_empty() && !b.is_empty() && a.iter().zip(&b).all(|(x, y)| x == y)
}

/// The components of an input's name (a path as given or found), `./` left out: the key by
/// which inputs of the same name are found, whatever `./` they were given with.
pub fn name_key(name: &str) -> Vec<OsString> {
    Path::new(name)
        .components()
        .filter(|c| *c != std::path::Component::CurDir)
        .map(|c| c.as_os_str().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which names a file was counted under may be the file read now: the same name; a path
    /// that leads to it; one that leads nowhere from here and ends as its path does. Not a file
    /// of the same file name elsewhere.
    #[test]
    fn a_file_counted_under_another_name_is_told_by_where_its_name_leads() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        for f in [
            "feed.jsonl",
            "sub/feed.jsonl",
            "feeds/feed.jsonl",
            "2024-03/news.jsonl",
        ] {
            let p = dir.path().join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        // (counted as, read as) -> the same file
        let rows = [
            ("feed.jsonl".to_string(), "./feed.jsonl".to_string(), true),
            (
                format!("{d}/sub/../feed.jsonl"),
                format!("{d}/feed.jsonl"),
                true,
            ),
            (
                format!("{d}/sub/feed.jsonl"),
                format!("{d}/feed.jsonl"),
                false,
            ),
            // (Relative to the directory the tests run in, where none of these is.)
            (
                "feeds/feed.jsonl".into(),
                format!("{d}/feeds/feed.jsonl"),
                true,
            ),
            ("feed.jsonl".into(), format!("{d}/feeds/feed.jsonl"), true),
            (
                "../feeds/feed.jsonl".into(),
                format!("{d}/feeds/feed.jsonl"),
                true,
            ),
            (
                "2024-01/news.jsonl".into(),
                format!("{d}/2024-03/news.jsonl"),
                false,
            ),
            (
                format!("{d}/gone/feed.jsonl"),
                format!("{d}/feed.jsonl"),
                false,
            ),
            ("other.jsonl".into(), format!("{d}/feed.jsonl"), false),
        ];
        for (then, now, want) in rows {
            assert_eq!(counted_as(&then, Path::new(&now)), want, "{then} {now}");
        }
    }
}
