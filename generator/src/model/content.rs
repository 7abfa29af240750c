//! Discovering and reading `content/`: one folder per organisation with `org.toml` and
//! `notices/*.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::error::{toml_diagnostic, Diagnostic};
use crate::model::date::Date;
use crate::model::reference::OrgKind;
use crate::model::slug::is_slug;

pub const CONTENT_DIR: &str = "content";
pub const ORG_FILE: &str = "org.toml";
pub const NOTICES_DIR: &str = "notices";

/// Identifiers an organisation carries; empty where not established.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Codes {
    pub gss: String,
    pub ods: String,
    pub ico_registration: String,
}

/// `org.toml` as written by maintainers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgMeta {
    pub name: String,
    pub kind: OrgKind,
    pub website: String,
    pub region: String,
    #[serde(default)]
    pub nhs_region: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub codes: Codes,
}

/// Where a notice came from, as recorded by `atlas import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Provenance {
    /// Name of the raw file imported (the page's address is `source_url`).
    pub source_file: String,
    /// sha256 of the raw input, hex.
    pub sha256: String,
    /// When `atlas import` converted it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imported: Option<toml::value::Datetime>,
}

/// A notice's front matter as written (TOML between `+++` fences).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    source_url: String,
    retrieved: toml::value::Datetime,
    #[serde(default)]
    last_updated: Option<toml::value::Datetime>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    provenance: Provenance,
}

/// A notice, read and checked, its Markdown not yet rendered.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeSource {
    pub slug: String,
    pub title: String,
    pub source_url: String,
    pub retrieved: Date,
    /// When the notice states it.
    pub last_updated: Option<Date>,
    pub summary: String,
    pub provenance: Provenance,
    #[serde(skip)]
    pub path: PathBuf,
    #[serde(skip)]
    pub markdown: String,
    /// File line on which the Markdown body starts.
    #[serde(skip)]
    pub body_line: usize,
}

/// An organisation and its notices, sorted by slug.
#[derive(Debug, Clone, Serialize)]
pub struct OrgSource {
    pub slug: String,
    #[serde(flatten)]
    pub meta: OrgMeta,
    #[serde(skip)]
    pub dir: PathBuf,
    pub notices: Vec<NoticeSource>,
}

/// Everything under `content/`, organisations sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub orgs: Vec<OrgSource>,
}

/// Reads the whole content folder, reporting every problem found rather than the first.
pub fn load(content_dir: &Path) -> Result<Content, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    if !content_dir.is_dir() {
        return Err(vec![Diagnostic::new(
            content_dir,
            "content folder not found",
        )
        .help(
            "create content/<organisation>/org.toml and content/<organisation>/notices/<notice>.md",
        )]);
    }
    // Organisation folders and stray files at the top of content/.
    let org_dirs = org_dirs(content_dir, &mut problems);
    let mut orgs = Vec::new();
    for dir in org_dirs {
        if let Some(org) = load_org(&dir, &mut problems) {
            orgs.push(org);
        }
    }
    if problems.is_empty() {
        Ok(Content { orgs })
    } else {
        Err(problems)
    }
}

/// An organisation folder as far as it could be read: its `org.toml` if that parsed, and the
/// notices that parsed. `atlas check` runs its checks on this even when there were problems,
/// so that every problem is reported in one pass.
#[derive(Debug, Clone)]
pub struct PartialOrg {
    pub slug: String,
    pub dir: PathBuf,
    pub meta: Option<OrgMeta>,
    pub notices: Vec<NoticeSource>,
}

/// The organisation folders directly under `content_dir`, sorted; stray notices reported.
pub fn org_dirs(content_dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut org_dirs = Vec::new();
    for entry in sorted_entries(content_dir, problems) {
        let path = entry.path();
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() {
            org_dirs.push(path);
        } else if is_markdown(&path) {
            problems.push(
                Diagnostic::new(&path, "notice outside an organisation folder")
                    .help("move it to content/<organisation>/notices/ next to that organisation's org.toml"),
            );
        }
    }
    org_dirs
}

fn load_org(dir: &Path, problems: &mut Vec<Diagnostic>) -> Option<OrgSource> {
    let before = problems.len();
    let partial = read_org(dir, problems);
    if problems.len() > before {
        return None;
    }
    Some(OrgSource {
        slug: partial.slug,
        meta: partial.meta?,
        dir: partial.dir,
        notices: partial.notices,
    })
}

/// Reads one organisation folder, pushing every problem found.
pub fn read_org(dir: &Path, problems: &mut Vec<Diagnostic>) -> PartialOrg {
    let slug = file_name(dir);
    let org_file = dir.join(ORG_FILE);
    if !is_slug(&slug) {
        problems.push(
            Diagnostic::new(
                dir,
                format!("organisation folder name {slug:?} is not a valid slug"),
            )
            .help("use lower-case letters, digits and hyphens only, e.g. content/north-somerset/"),
        );
    }
    let meta = if org_file.is_file() {
        read_org_meta(&org_file, problems)
    } else {
        problems.push(
            Diagnostic::new(dir, "organisation folder has no org.toml")
                .help("add org.toml with name, kind, website and region (see README), or move this folder out of content/"),
        );
        None
    };
    // Notices: only content/<org>/notices/*.md; any other Markdown is misplaced.
    let mut notices = Vec::new();
    let notices_dir = dir.join(NOTICES_DIR);
    for entry in WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Diagnostic::new(dir, format!("cannot read folder: {e}")));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || !is_markdown(path) || is_hidden(path) {
            continue;
        }
        if path.parent() != Some(notices_dir.as_path()) {
            problems.push(
                Diagnostic::new(path, "notice outside an organisation's notices/ folder")
                    .help(format!("move it to {}/", notices_dir.display())),
            );
            continue;
        }
        if let Some(notice) = read_notice(path, problems) {
            notices.push(notice);
        }
    }
    // Two notices may not share a slug within one organisation.
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for notice in &notices {
        if let Some(first) = seen.get(&notice.slug) {
            problems.push(
                Diagnostic::new(&notice.path, format!("duplicate notice slug {:?}", notice.slug))
                    .at_line(1)
                    .help(format!(
                        "{} has the same slug; give one of them another file name or `slug` in its front matter",
                        first.display()
                    )),
            );
        } else {
            seen.insert(notice.slug.clone(), notice.path.clone());
        }
    }
    notices.sort_by(|a, b| a.slug.cmp(&b.slug));
    PartialOrg {
        slug,
        dir: dir.to_path_buf(),
        meta,
        notices,
    }
}

fn read_org_meta(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<OrgMeta> {
    let text = read_text(path, problems)?;
    match toml::from_str::<OrgMeta>(&text) {
        Ok(meta) => {
            for (key, value) in [
                ("name", &meta.name),
                ("website", &meta.website),
                ("region", &meta.region),
            ] {
                if value.trim().is_empty() {
                    problems.push(
                        Diagnostic::new(path, format!("`{key}` is empty"))
                            .at_line(key_line(&text, key))
                            .help(format!("give the organisation's {key}")),
                    );
                }
            }
            Some(meta)
        }
        Err(e) => {
            problems.push(toml_diagnostic(
                path,
                &text,
                1,
                &e,
                "org.toml takes name, kind (council | icb | nhs-trust | other), website, region, nhs_region, description and a [codes] table (gss, ods, ico_registration)",
            ));
            None
        }
    }
}

fn read_notice(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<NoticeSource> {
    let text = read_text(path, problems)?;
    let Some((front, body, body_line)) = split_front_matter(&text) else {
        problems.push(
            Diagnostic::new(path, "notice has no front matter")
                .at(1, 1)
                .help("start the file with a `+++` line, then title, retrieved and the other keys in TOML, then a closing `+++` line"),
        );
        return None;
    };
    let fm: FrontMatter = match toml::from_str(front) {
        Ok(fm) => fm,
        Err(e) => {
            problems.push(toml_diagnostic(
                path,
                front,
                2,
                &e,
                "front matter takes title, slug, source_url, retrieved, last_updated, summary and a [provenance] table (source_file, sha256, imported)",
            ));
            return None;
        }
    };
    let before = problems.len();
    let slug = fm.slug.clone().unwrap_or_else(|| file_stem(path));
    if !is_slug(&slug) {
        problems.push(
            Diagnostic::new(path, format!("notice slug {slug:?} is not a valid slug"))
                .at_line(1)
                .help(
                    "use lower-case letters, digits and hyphens only in the file name (or `slug`)",
                ),
        );
    }
    if fm.title.trim().is_empty() {
        problems.push(
            Diagnostic::new(path, "`title` is empty")
                .at_line(key_line(front, "title") + 1)
                .help("give the notice's title as the body publishes it"),
        );
    }
    let retrieved = date_only(path, front, "retrieved", &fm.retrieved, problems);
    let last_updated = fm
        .last_updated
        .as_ref()
        .and_then(|d| date_only(path, front, "last_updated", d, problems));
    if let Some(imported) = &fm.provenance.imported {
        date_only(path, front, "imported", imported, problems);
    }
    if problems.len() > before {
        return None;
    }
    Some(NoticeSource {
        slug,
        title: fm.title.trim().to_string(),
        source_url: fm.source_url,
        retrieved: retrieved?,
        last_updated,
        summary: fm.summary.trim().to_string(),
        provenance: fm.provenance,
        path: path.to_path_buf(),
        markdown: body.to_string(),
        body_line,
    })
}

/// Splits `+++`-fenced TOML front matter from the Markdown body. Returns the TOML, the body
/// and the file line the body starts on.
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = front.matches('\n').count() + 3;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    None
}

fn date_only(
    path: &Path,
    front: &str,
    key: &str,
    value: &toml::value::Datetime,
    problems: &mut Vec<Diagnostic>,
) -> Option<Date> {
    match Date::from_toml(value) {
        Some(date) => Some(date),
        None => {
            problems.push(
                Diagnostic::new(
                    path,
                    format!("`{key}` must be a date without a time, got {value}"),
                )
                .at_line(key_line(front, key) + 1)
                .help(format!("write it as {key} = 2024-05-31")),
            );
            None
        }
    }
}

/// The 1-based line on which `key = ` first appears (1 if absent).
pub fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

fn read_text(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
                let (line, column) = crate::error::line_col(valid, offset);
                problems.push(
                    Diagnostic::new(path, "file is not valid UTF-8")
                        .at(line, column)
                        .help("save the file as UTF-8"),
                );
                None
            }
        },
        Err(e) => {
            problems.push(Diagnostic::new(path, format!("cannot read file: {e}")));
            None
        }
    }
}

fn sorted_entries(dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<std::fs::DirEntry> {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
            entries.sort_by_key(|e| e.file_name());
            entries
        }
        Err(e) => {
            problems.push(Diagnostic::new(dir, format!("cannot read folder: {e}")));
            Vec::new()
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_with_body_line() {
        let text = "+++\ntitle = \"x\"\nretrieved = 2024-01-01\n+++\n\nBody\n";
        let (front, body, line) = split_front_matter(text).unwrap();
        assert_eq!(front, "title = \"x\"\nretrieved = 2024-01-01\n");
        assert_eq!(body, "\nBody\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("title = 1\n").is_none());
        assert!(split_front_matter("+++\ntitle = 1\n").is_none());
    }
}
