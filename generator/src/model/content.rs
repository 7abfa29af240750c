//! Discovering and reading `content/`: one folder per organisation with `org.toml` and
//! `notices/*.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::error::Diagnostic;
use crate::model::date::Date;
use crate::model::reference::OrgKind;
use crate::model::shape::{parse_toml, FRONT_MATTER_SHAPE, ORG_SHAPE};
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
    /// sha256 of the Markdown body as imported, hex: a body that no longer has it was
    /// edited by hand, and `atlas refresh` will not overwrite it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub markdown_sha256: String,
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
    /// Earlier versions kept by `atlas refresh` (`<slug>.versions/<date>.md`), oldest first.
    #[serde(skip)]
    pub versions: Vec<NoticeSource>,
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
        let kind = entry.file_type().ok();
        if kind.is_some_and(|k| k.is_symlink()) {
            problems.push(
                Diagnostic::new(&path, "a link in content/: not followed")
                    .help("an organisation is a real folder content/<org>/; move it here instead of linking to it"),
            );
        } else if kind.is_some_and(|k| k.is_dir()) {
            org_dirs.push(path);
        } else if kind.is_some_and(|k| !k.is_file()) {
            problems.push(
                Diagnostic::new(
                    &path,
                    "not a regular file (a named pipe, socket or device): skipped",
                )
                .help("remove it from content/"),
            );
        } else if markdown_name(&path).is_some() {
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
                format!(
                    "organisation folder name {:?} is not a valid slug",
                    crate::text::excerpt(&slug, 60)
                ),
            )
            .help("use lower-case letters, digits and hyphens only, e.g. content/north-somerset/"),
        );
    } else if slug.len() > MAX_SLUG_LEN {
        problems.push(
            Diagnostic::new(
                dir,
                format!(
                    "organisation folder name is {} characters long; at most {MAX_SLUG_LEN} are taken",
                    slug.len()
                ),
            )
            .help("give the folder a shorter name: it becomes a folder of the site and part of its addresses"),
        );
    }
    let meta = if org_file.symlink_metadata().is_ok_and(|m| m.is_file()) {
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
    let content_root = dir.parent().and_then(|p| p.canonicalize().ok());
    let mut walk = WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Diagnostic::new(
                    e.path().unwrap_or(dir),
                    format!("cannot read folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if is_hidden(path) {
            continue;
        }
        let name = markdown_name(path);
        let kind = entry.file_type();
        if kind.is_symlink() {
            // Links are never followed into folders; a link to a file is read only when the
            // file is inside content/.
            match link_target(path, content_root.as_deref()) {
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
                Ok(target) if target.is_dir() => {
                    problems.push(
                        Diagnostic::new(path, "a link to a folder: not followed")
                            .help("move the folder itself here, or remove the link"),
                    );
                    continue;
                }
                Ok(target) if !target.is_file() => {
                    problems.push(
                        Diagnostic::new(path, "a link to something that is not a file (a named pipe, socket or device): not read")
                            .help("notices are plain files; remove the link"),
                    );
                    continue;
                }
                Ok(_) => {}
            }
        } else if kind.is_dir() {
            // A notice's earlier versions are read with the notice.
            if path.parent() == Some(notices_dir.as_path()) {
                if let Some(problem) = crate::model::versions::orphan(path) {
                    problems.push(problem);
                }
                if crate::model::versions::is_versions_dir(path) {
                    walk.skip_current_dir();
                    continue;
                }
            }
            if name.is_some() {
                problems.push(
                    Diagnostic::new(path, "a folder named like a notice: skipped")
                        .help("a notice is a file content/<org>/notices/<slug>.md; rename or remove the folder"),
                );
            }
            continue;
        } else if !kind.is_file() {
            problems.push(
                Diagnostic::new(
                    path,
                    "not a regular file (a named pipe, socket or device): skipped",
                )
                .help("notices are plain files; remove it from content/"),
            );
            continue;
        }
        match name {
            None => continue,
            Some(MarkdownName::OtherCase) => {
                problems.push(
                    Diagnostic::new(path, "the file's extension is not lower case: skipped")
                        .help("name notice files <slug>.md, in lower case"),
                );
                continue;
            }
            Some(MarkdownName::Notice) => {}
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

/// Longest slug taken for an organisation folder or a notice: each becomes a folder name
/// of the site (file systems refuse names over 255 bytes) and part of its URLs.
pub const MAX_SLUG_LEN: usize = 100;

fn read_org_meta(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<OrgMeta> {
    let text = read_text(path, problems)?;
    match parse_toml::<OrgMeta>(
        path,
        &text,
        1,
        &ORG_SHAPE,
        "org.toml takes name, kind (council | icb | nhs-trust | other), website, region, nhs_region, description and a [codes] table (gss, ods, ico_registration)",
        problems,
    ) {
        Some(meta) => {
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
        None => None,
    }
}

/// Reads one notice file (a notice, or one of its kept versions), pushing every problem.
pub(crate) fn read_notice(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<NoticeSource> {
    let text = read_text(path, problems)?;
    let Some((front, body, body_line)) = split_front_matter(&text) else {
        problems.push(
            Diagnostic::new(path, "notice has no front matter")
                .at(1, 1)
                .help("start the file with a `+++` line, then title, retrieved and the other keys in TOML, then a closing `+++` line"),
        );
        return None;
    };
    let before = problems.len();
    let fm: FrontMatter = parse_toml(
        path,
        front,
        2,
        &FRONT_MATTER_SHAPE,
        "front matter takes title, slug, source_url, retrieved, last_updated, summary and a [provenance] table (source_file, sha256, imported)",
        problems,
    )?;
    let slug = fm.slug.clone().unwrap_or_else(|| file_stem(path));
    if !is_slug(&slug) {
        problems.push(
            Diagnostic::new(
                path,
                format!(
                    "notice slug {:?} is not a valid slug",
                    crate::text::excerpt(&slug, 60)
                ),
            )
            .at_line(fm.slug.as_ref().map_or(1, |_| key_line(front, "slug") + 1))
            .help("use lower-case letters, digits and hyphens only in the file name (or `slug`)"),
        );
    } else if slug.len() > MAX_SLUG_LEN {
        problems.push(
            Diagnostic::new(
                path,
                format!(
                    "notice slug is {} characters long; at most {MAX_SLUG_LEN} are taken",
                    slug.len()
                ),
            )
            .at_line(fm.slug.as_ref().map_or(1, |_| key_line(front, "slug") + 1))
            .help("give the notice a shorter file name (or `slug`): it becomes a folder of the site and part of its address"),
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
        versions: crate::model::versions::read(path, problems),
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

/// Largest content file read (a notice, org.toml): far above any real notice (the longest
/// seed is 21 KB), so that a wrong file cannot fill memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// At most `limit + 1` bytes of a file, whatever size it claims.
fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn read_text(path: &Path, problems: &mut Vec<Diagnostic>) -> Option<String> {
    match read_limited(path, MAX_FILE_BYTES) {
        Ok(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
            problems.push(
                Diagnostic::new(
                    path,
                    format!("file is over {MAX_FILE_BYTES} bytes; larger files are refused"),
                )
                .help("is this the right file? A notice is rarely over 100 KB"),
            );
            None
        }
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

/// How a file name reads as a notice's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkdownName {
    /// `.md` or `.markdown`.
    Notice,
    /// `.MD`, `.Md`, `.MARKDOWN`…: meant as a notice, but not read as one.
    OtherCase,
}

fn markdown_name(path: &Path) -> Option<MarkdownName> {
    let ext = path.extension()?.to_string_lossy();
    if is_markdown(path) {
        Some(MarkdownName::Notice)
    } else if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown") {
        Some(MarkdownName::OtherCase)
    } else {
        None
    }
}

/// Where a link in content/ leads, when that is inside content/ (`content_root`,
/// canonical): broken links, loops and links out of content/ are problems.
fn link_target(path: &Path, content_root: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let target = path.canonicalize().map_err(|e| {
        Diagnostic::new(
            path,
            format!("a link that leads nowhere (broken, or a loop of links): {e}"),
        )
        .help("remove the link, or put the file itself here")
    })?;
    match content_root {
        Some(root) if target.starts_with(root) => Ok(target),
        _ => Err(Diagnostic::new(
            path,
            format!(
                "a link to {}, outside content/: refused",
                crate::text::excerpt(&target.display().to_string(), 200)
            ),
        )
        .help("content/ holds the site's own files; copy the file here instead of linking to it")),
    }
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
