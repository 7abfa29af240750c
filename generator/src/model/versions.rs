//! A notice's earlier versions, kept by `atlas refresh` beside it:
//!
//! ```text
//! content/<org>/notices/<slug>.md                          the notice as now published
//! content/<org>/notices/<slug>.versions/<date>.md          an earlier version, whole
//!                                                          (front matter and text) as it was
//! content/<org>/notices/<slug>.versions/<date>-2.md        a second one retrieved that day
//! content/<org>/notices/<slug>.versions/<date>.fetched.md  a fetched version waiting for review
//!                                                          (the notice was edited by hand)
//! ```
//!
//! `<date>` is the version's `retrieved` date. Versions are read with their notice, oldest
//! first; a fetched version waiting for review is not part of the site.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::model::content::NoticeSource;
use crate::model::date::Date;

/// The folder name's ending: `<slug>.versions`.
pub const VERSIONS_SUFFIX: &str = ".versions";
/// A fetched version waiting for review: `<date>.fetched.md`.
pub const REVIEW_SUFFIX: &str = ".fetched.md";

/// `notices/<slug>.versions/` for `notices/<slug>.md`.
pub fn versions_dir(notice_path: &Path) -> PathBuf {
    let stem = notice_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    notice_path.with_file_name(format!("{stem}{VERSIONS_SUFFIX}"))
}

pub fn is_versions_dir(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(VERSIONS_SUFFIX) && n.len() > VERSIONS_SUFFIX.len())
}

/// A versions folder whose notice is gone.
pub fn orphan(dir: &Path) -> Option<Diagnostic> {
    if !is_versions_dir(dir) {
        return None;
    }
    let name = dir.file_name()?.to_string_lossy().into_owned();
    let stem = name.strip_suffix(VERSIONS_SUFFIX)?;
    let notice = dir.with_file_name(format!("{stem}.md"));
    (!notice.is_file()).then(|| {
        Diagnostic::new(
            dir,
            format!("earlier versions of a notice that does not exist ({stem}.md)"),
        )
        .help("rename the folder after the notice it belongs to, or remove it")
    })
}

/// A version's file name read back: its date and the number of the version that day
/// (1 for `<date>.md`, n for `<date>-n.md`).
pub fn parse_name(name: &str) -> Option<(Date, u32)> {
    let stem = name.strip_suffix(".md")?;
    let (date, n) = match stem.get(10..) {
        Some("") => (stem, 1),
        Some(rest) => (stem.get(..10)?, rest.strip_prefix('-')?.parse().ok()?),
        None => return None,
    };
    if n < 1 || stem.get(10..).is_some_and(|r| r.starts_with("-0")) {
        return None;
    }
    Some((Date::parse(date)?, n))
}

/// The name for a version retrieved on `date` not yet taken in `dir`.
pub fn free_name(dir: &Path, date: Date) -> PathBuf {
    let first = dir.join(format!("{date}.md"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{date}-{n}.md")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Where a fetched version waiting for review goes.
pub fn review_path(notice_path: &Path, date: Date) -> PathBuf {
    versions_dir(notice_path).join(format!("{date}{REVIEW_SUFFIX}"))
}

/// The versions kept for the notice at `notice_path`, oldest first; problems pushed.
pub fn read(notice_path: &Path, problems: &mut Vec<Diagnostic>) -> Vec<NoticeSource> {
    let dir = versions_dir(notice_path);
    if !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Vec::new();
    }
    let entries = match std::fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push(Diagnostic::new(&dir, format!("cannot read folder: {e}")));
            return Vec::new();
        }
    };
    let mut found: Vec<((Date, u32), PathBuf)> = Vec::new();
    let mut names: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.ends_with(REVIEW_SUFFIX) {
            continue;
        }
        if !path.symlink_metadata().is_ok_and(|m| m.is_file()) {
            problems.push(
                Diagnostic::new(&path, "not a version file: skipped").help(
                    "a versions folder holds only <date>.md files written by `atlas refresh`",
                ),
            );
            continue;
        }
        match parse_name(&name) {
            Some(key) => found.push((key, path)),
            None => problems.push(
                Diagnostic::new(
                    &path,
                    format!(
                        "version file {:?} is not named by its date",
                        crate::text::excerpt(&name, 60)
                    ),
                )
                .help("name it by its `retrieved` date, e.g. 2024-05-31.md (2024-05-31-2.md for a second that day)"),
            ),
        }
    }
    found.sort();
    found
        .into_iter()
        .filter_map(|(_, path)| crate::model::content::read_notice(&path, problems))
        .collect()
}

/// One version of a notice as the site shows it: the kept versions oldest first, then the
/// notice as now published. Only notices with kept versions have a history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Version {
    /// Unique within the notice: the retrieved date, `-2`, `-3`… for later ones that day.
    pub id: String,
    pub retrieved: Date,
    pub last_updated: Option<Date>,
    /// sha256 of the fetched (or imported) page, as its provenance records it.
    pub sha256: String,
    /// sha256 of the version's Markdown body.
    pub markdown_sha256: String,
    /// The notice as now published (the last version).
    pub current: bool,
    /// Site-relative URL of the page showing what changed from the version before;
    /// empty for the first version.
    pub changes_url: String,
    #[serde(skip)]
    pub title: String,
    #[serde(skip)]
    pub markdown: String,
}

/// The history of `notice` (published at `notice_url`): empty when it has no kept versions.
pub fn history(notice_url: &str, notice: &NoticeSource) -> Vec<Version> {
    if notice.versions.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<Version> = Vec::with_capacity(notice.versions.len() + 1);
    let all = notice.versions.iter().chain(std::iter::once(notice));
    for (i, v) in all.enumerate() {
        let date = v.retrieved.to_string();
        let same_day = out.iter().filter(|o| o.retrieved == v.retrieved).count();
        let id = if same_day == 0 {
            date
        } else {
            format!("{date}-{}", same_day + 1)
        };
        out.push(Version {
            changes_url: if i == 0 {
                String::new()
            } else {
                format!("{notice_url}changes/{id}/")
            },
            id,
            retrieved: v.retrieved,
            last_updated: v.last_updated,
            sha256: v.provenance.sha256.clone(),
            markdown_sha256: crate::files::sha256_hex(v.markdown.as_bytes()),
            current: i == notice.versions.len(),
            title: v.title.clone(),
            markdown: v.markdown.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let d = Date::parse("2026-03-04").unwrap();
        assert_eq!(parse_name("2026-03-04.md"), Some((d, 1)));
        assert_eq!(parse_name("2026-03-04-3.md"), Some((d, 3)));
        assert_eq!(parse_name("2026-03-04-0.md"), None);
        assert_eq!(parse_name("2026-03-04-02.md"), None);
        assert_eq!(parse_name("2026-13-04.md"), None);
        assert_eq!(parse_name("notes.md"), None);
        assert_eq!(parse_name("2026-03-04.txt"), None);
        assert!(is_versions_dir(Path::new("a/b.versions")));
        assert!(!is_versions_dir(Path::new("a/.versions")));
        assert_eq!(
            versions_dir(Path::new("c/o/notices/n.md")),
            Path::new("c/o/notices/n.versions")
        );
    }
}
