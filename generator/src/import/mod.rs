//! `atlas import`: a raw notice (plain text copied from a web page, or the page saved as
//! HTML) into a Markdown notice with front matter and provenance, for a maintainer to review
//! and curate.
//!
//! ```text
//! bytes ─ checks (size, binary, UTF-8) ─┬─ text.rs ─┐
//!                                       └─ html.rs ─┴─ blocks ─ clean.rs (leftovers,
//!                                           stated date) ─ title, heading levels ─ emit.rs
//! ```
//!
//! Nothing in the input is trusted: the Markdown writer escapes every character that could
//! make text into markup, and keeps only http, https, mailto and tel links.

mod clean;
mod emit;
pub mod fetch;
mod html;
mod model;
pub mod refresh;
mod text;
mod write;

use std::path::{Path, PathBuf};

pub use clean::{Dropped, StatedDate};
pub use emit::LinkCounts;
use model::{plain_text, Block, BlockKind};
pub use write::{body_sha256, NoticeFile};

use crate::error::Diagnostic;
use crate::model::content::{CONTENT_DIR, MAX_SLUG_LEN, NOTICES_DIR, ORG_FILE};
use crate::model::date::Date;
use crate::model::slug::{is_slug, slug_from_title};

/// Largest input taken. The longest seed notice is 21 KB; a saved page with its markup is
/// rarely over 1 MB.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// Why an input was refused.
#[derive(Debug)]
pub enum ImportError {
    /// A problem with the input file, with its place and what to do.
    File(Diagnostic),
    /// A command-line value that cannot be used (message and help).
    Usage(String),
    /// Reading or writing failed.
    Io {
        action: &'static str,
        path: String,
        source: std::io::Error,
    },
}

impl ImportError {
    fn empty(file: &str) -> ImportError {
        ImportError::File(
            Diagnostic::new(file, "the file is empty")
                .help("save the notice's text or page into the file first"),
        )
    }

    fn too_large(file: &str, size: u64, max: u64) -> ImportError {
        ImportError::File(
            Diagnostic::new(file, format!("the file is {size} bytes; notices over {max} bytes are refused"))
                .help("is this the right file? A notice page saved as HTML is rarely over 1 MB; save just the notice's text as .txt"),
        )
    }

    /// Over the limit as read (a device or pipe has no size to give beforehand).
    fn too_large_stream(file: &str, max: u64) -> ImportError {
        ImportError::File(
            Diagnostic::new(file, format!("the file is over {max} bytes; larger notices are refused (reading stopped there)"))
                .help("is this the right file? A notice page saved as HTML is rarely over 1 MB; save just the notice's text as .txt"),
        )
    }

    fn binary(file: &str, kind: &str) -> ImportError {
        ImportError::File(
            Diagnostic::new(file, format!("this looks like {kind}, not text or HTML"))
                .help("open the notice in a browser and save it as HTML, or copy its text into a .txt file"),
        )
    }

    fn not_utf8(file: &str, line: usize, column: usize) -> ImportError {
        ImportError::File(
            Diagnostic::new(file, "the file is not valid UTF-8")
                .at(line, column)
                .help(format!(
                    "convert it first, e.g. `iconv -f WINDOWS-1252 -t UTF-8 {file} > notice.txt`"
                )),
        )
    }

    fn too_deep(file: &str, line: usize, element: &str) -> ImportError {
        ImportError::File(
            Diagnostic::new(
                file,
                format!(
                    "elements are nested more than {} deep here (at this <{}>); deeper pages are refused",
                    html::MAX_NESTING,
                    crate::text::excerpt(element, 20)
                ),
            )
            .at_line(line)
            .help("a notice page nests 20 to 60 deep: this is likely unclosed tags; save just the notice's text as .txt, or fix the page"),
        )
    }

    fn no_text(file: &str, dropped: usize) -> ImportError {
        ImportError::File(
            Diagnostic::new(file, format!("no notice text found ({dropped} lines or blocks were dropped as page leftovers)"))
                .help("check that the file holds the notice itself, not only the page around it"),
        )
    }

    fn exists(path: &str) -> ImportError {
        ImportError::File(
            Diagnostic::new(path, "already exists")
                .help("pass --force to overwrite it (hand edits in it would be lost), or --slug to import under another name"),
        )
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::File(d) => write!(f, "{d}"),
            ImportError::Usage(message) => write!(f, "{message}"),
            ImportError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {path}: {source}"),
        }
    }
}

impl std::error::Error for ImportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImportError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The kind of input, detected from the name and the first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Text => "plain text",
            Format::Html => "HTML",
        }
    }
}

/// What to convert and how to describe it.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Name shown in messages and recorded as the source file.
    pub name: String,
    /// Where the notice was published; resolves relative links in HTML.
    pub url: Option<String>,
    /// The notice's title, when the input's own is not right.
    pub title: Option<String>,
    /// The kind of input when known (a fetched page's Content-Type); else detected.
    pub format: Option<Format>,
}

/// A heading, list or dropped block, with its input line where known, for review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub line: Option<usize>,
    pub text: String,
}

/// A converted notice and what the converter recognised on the way.
#[derive(Debug, Clone)]
pub struct Converted {
    pub format: Format,
    pub title: String,
    /// Where the title came from ("--title", "first heading", "<h1>", …).
    pub title_source: &'static str,
    /// The Markdown body.
    pub markdown: String,
    pub last_updated: Option<StatedDate>,
    /// Headings as `## text`, with lines.
    pub headings: Vec<Seen>,
    /// Lists as "N items", with lines.
    pub lists: Vec<Seen>,
    pub paragraphs: usize,
    pub tables: usize,
    pub dropped: Vec<Dropped>,
    pub links: LinkCounts,
    /// Links left as text: unsafe schemes, or relative with no --url.
    pub links_dropped: Vec<String>,
    /// HTML elements skipped, with counts.
    pub skipped: Vec<(String, usize)>,
    /// The HTML element the notice was taken from (`<main>`), the rest of the page ignored.
    pub content_root: Option<String>,
    /// sha256 of the raw input, hex.
    pub sha256: String,
}

/// Converts raw input to a Markdown notice body, or says why it cannot.
pub fn convert(raw: &[u8], options: &ConvertOptions) -> Result<Converted, ImportError> {
    let file = options.name.clone();
    if raw.len() as u64 > MAX_INPUT_BYTES {
        return Err(ImportError::too_large(
            &file,
            raw.len() as u64,
            MAX_INPUT_BYTES,
        ));
    }
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::empty(&file));
    }
    if let Some(kind) = binary_kind(raw) {
        return Err(ImportError::binary(&file, kind));
    }
    let text = match std::str::from_utf8(raw) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&raw[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = crate::error::line_col(valid, valid.len());
            return Err(ImportError::not_utf8(&file, line, column));
        }
    };
    let base = match &options.url {
        Some(u) => Some(web_address(u)?),
        None => None,
    };
    let text = clean::strip_control(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let format = options
        .format
        .unwrap_or_else(|| detect_format(&options.name, &text));
    let (blocks, mut dropped, findings) = match format {
        Format::Text => {
            let (blocks, dropped) = text::read(&text);
            (blocks, dropped, html::HtmlFindings::default())
        }
        Format::Html => {
            if let Some((line, element)) = html::too_deep(&text) {
                return Err(ImportError::too_deep(&file, line, &element));
            }
            html::read(&text, base.as_ref())
        }
    };
    let (blocks, more) = clean::drop_leftovers(model::normalize_blocks(blocks));
    dropped.extend(more);
    let (blocks, last_updated) = take_stated_date(blocks, &mut dropped);
    dropped.sort_by_key(|d| d.line);

    // The title: given, else the page's own.
    let mut blocks = blocks;
    let first_heading = blocks.iter().position(|b| {
        matches!(&b.kind, BlockKind::Heading { level, .. } if format == Format::Text || *level == 1)
    });
    let leading_heading =
        first_heading.filter(|&i| format == Format::Html || blocks[..i].is_empty());
    let (title, title_source) = match (&options.title, leading_heading) {
        (Some(title), Some(i)) => {
            if same_words(&blocks[i].plain_text(), title) {
                blocks.remove(i);
            }
            (title.clone(), "--title")
        }
        (Some(title), None) => (title.clone(), "--title"),
        (None, Some(i)) => {
            let heading = blocks.remove(i).plain_text();
            (
                heading,
                if format == Format::Html {
                    "the page's <h1>"
                } else {
                    "the first heading"
                },
            )
        }
        (None, None) => match findings.page_title.clone().or(findings.h1.clone()) {
            Some(t) => (t, "the page's <title>"),
            None => ("Privacy notice".to_string(), "nothing found: give --title"),
        },
    };
    set_heading_levels(&mut blocks, format);
    if blocks.is_empty() {
        return Err(ImportError::no_text(&file, dropped.len()));
    }

    let (markdown, links) = emit::write(&blocks);
    let mut converted = Converted {
        format,
        title: model::collapse(&title),
        title_source,
        markdown,
        last_updated,
        headings: Vec::new(),
        lists: Vec::new(),
        paragraphs: 0,
        tables: 0,
        dropped,
        links,
        links_dropped: findings.links_dropped,
        skipped: findings.skipped,
        content_root: findings.content_root,
        sha256: crate::files::sha256_hex(raw),
    };
    for block in &blocks {
        match &block.kind {
            BlockKind::Heading { level, .. } => converted.headings.push(Seen {
                line: block.line,
                text: format!("{} {}", "#".repeat(*level as usize), block.plain_text()),
            }),
            BlockKind::List(items) => converted.lists.push(Seen {
                line: block.line,
                text: format!(
                    "{} item{}{}",
                    items.len(),
                    if items.len() == 1 { "" } else { "s" },
                    if items.iter().any(|i| i.depth > 0) {
                        ", nested"
                    } else {
                        ""
                    }
                ),
            }),
            BlockKind::Paragraph(_) => converted.paragraphs += 1,
            BlockKind::Table(_) => converted.tables += 1,
        }
    }
    Ok(converted)
}

/// `--url`: an absolute http or https address, nothing else (it becomes `source_url` and
/// resolves the page's relative links).
fn web_address(u: &str) -> Result<url::Url, ImportError> {
    let shown = crate::text::excerpt(u, 80);
    match url::Url::parse(u.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => Ok(url),
        Ok(url) => Err(ImportError::Usage(format!(
            "--url {shown:?} is a {}: address, not a web page's\n  help: give the http(s) address the notice was published at, e.g. --url https://www.example.gov.uk/privacy",
            crate::text::excerpt(url.scheme(), 20)
        ))),
        Err(e) => Err(ImportError::Usage(format!(
            "--url {shown:?} is not a URL ({e})\n  help: write it as https://www.example.gov.uk/privacy"
        ))),
    }
}

/// At most `limit + 1` bytes of a file, whatever size it claims (`/dev/zero` claims none),
/// so that one byte more than the limit shows the file is too large. Folders, named pipes
/// and sockets are refused.
pub fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    // Asked before opening: opening a named pipe waits for a writer, perhaps for ever.
    let kind = std::fs::metadata(path)?.file_type();
    if kind.is_dir() {
        return Err(std::io::Error::other("it is a folder, not a file"));
    }
    if kind.is_fifo() || kind.is_socket() {
        return Err(std::io::Error::other(
            "it is a named pipe or socket, not a file; save the notice to a file first",
        ));
    }
    let file = std::fs::File::open(path)?;
    let mut raw = Vec::new();
    file.take(limit + 1).read_to_end(&mut raw)?;
    Ok(raw)
}

/// Names a binary format from its first bytes, or a NUL byte early on.
fn binary_kind(raw: &[u8]) -> Option<&'static str> {
    let magic: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive or Office document"),
        (b"\xd0\xcf\x11\xe0", "an old Office document"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"\x1f\x8b", "a gzip file"),
        (b"\xff\xfe", "UTF-16 text (save it as UTF-8)"),
        (b"\xfe\xff", "UTF-16 text (save it as UTF-8)"),
        (b"\x7fELF", "a program"),
    ];
    for (prefix, kind) in magic {
        if raw.starts_with(prefix) {
            return Some(kind);
        }
    }
    raw.iter()
        .take(64 * 1024)
        .any(|&b| b == 0)
        .then_some("a binary file")
}

fn detect_format(name: &str, text: &str) -> Format {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return Format::Html;
    }
    if matches!(ext.as_deref(), Some("txt" | "text" | "md")) {
        return Format::Text;
    }
    let start: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_lowercase();
    if start.starts_with('<')
        && ["<!doctype html", "<html", "<head", "<body"]
            .iter()
            .any(|tag| start.contains(tag))
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// Takes the first stated update date; a block (or list item) that is only the date stamp
/// is dropped from the body.
fn take_stated_date(
    blocks: Vec<Block>,
    dropped: &mut Vec<Dropped>,
) -> (Vec<Block>, Option<StatedDate>) {
    let mut found: Option<StatedDate> = None;
    let mut kept = Vec::with_capacity(blocks.len());
    for mut block in blocks {
        if found.is_none() {
            match &mut block.kind {
                BlockKind::List(items) => {
                    if let Some((i, date)) = items.iter().enumerate().find_map(|(i, item)| {
                        clean::stated_date(&plain_text(&item.content)).map(|d| (i, d))
                    }) {
                        if date.whole {
                            let item = items.remove(i);
                            dropped.push(Dropped {
                                line: block.line,
                                text: plain_text(&item.content),
                                reason: "update date, moved to last_updated",
                            });
                        }
                        found = Some(date);
                        if items.is_empty() {
                            continue;
                        }
                    }
                }
                BlockKind::Table(_) => {}
                _ => {
                    if let Some(date) = clean::stated_date(&block.plain_text()) {
                        let whole = date.whole;
                        found = Some(date);
                        if whole {
                            dropped.push(Dropped {
                                line: block.line,
                                text: block.plain_text(),
                                reason: "update date, moved to last_updated",
                            });
                            continue;
                        }
                    }
                }
            }
        }
        kept.push(block);
    }
    (kept, found)
}

fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// Plain text: every heading is a section (`##`), except headings repeated three or more
/// times, which label parts of a repeated structure (`###`). HTML: the page's levels,
/// shifted so the shallowest is `##`.
fn set_heading_levels(blocks: &mut [Block], format: Format) {
    match format {
        Format::Text => {
            let mut repeats: std::collections::HashMap<String, usize> = Default::default();
            for b in blocks.iter() {
                if matches!(b.kind, BlockKind::Heading { .. }) {
                    *repeats.entry(b.plain_text().to_lowercase()).or_insert(0) += 1;
                }
            }
            for block in blocks.iter_mut() {
                if let BlockKind::Heading { level, content } = &mut block.kind {
                    let text = plain_text(content).to_lowercase();
                    let repeats = repeats.get(&text).copied().unwrap_or(0);
                    *level = if repeats >= 3 { 3 } else { 2 };
                }
            }
        }
        Format::Html => {
            let min = blocks
                .iter()
                .filter_map(|b| match b.kind {
                    BlockKind::Heading { level, .. } => Some(level),
                    _ => None,
                })
                .min()
                .unwrap_or(2);
            for block in blocks.iter_mut() {
                if let BlockKind::Heading { level, .. } = &mut block.kind {
                    *level = (*level + 2 - min).clamp(2, 6);
                }
            }
        }
    }
}

/// The `org.toml` written for a new organisation: every field present, to be filled in.
pub fn org_skeleton(website: &str) -> String {
    format!(
        r#"# Written by `atlas import`. Fill in every field, then run `atlas check` on this folder.
name = ""              # the body's proper name, e.g. "Dudley Metropolitan Borough Council"
kind = "other"         # council | icb | nhs-trust | other
website = {website}
region = ""            # ONS region, e.g. "West Midlands"
nhs_region = ""        # NHS England region, for NHS bodies
description = ""

[codes]                # leave a code empty rather than guess
gss = ""               # ONS GSS code, e.g. E08000027
ods = ""               # NHS ODS code, e.g. QGH
ico_registration = ""  # ICO register number, e.g. Z1234567
"#,
        website = toml::Value::String(website.to_string())
    )
}

/// `atlas import` as the command runs it.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Site root (holds content/).
    pub root: PathBuf,
    pub file: PathBuf,
    pub org: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub slug: Option<String>,
    /// `YYYY-MM-DD`; today when not given.
    pub retrieved: Option<String>,
    pub force: bool,
    /// `YYYY-MM-DD`.
    pub today: Date,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub converted: Converted,
    pub notice_path: PathBuf,
    pub org_created: Option<PathBuf>,
    pub replaced: bool,
    pub bytes: usize,
}

/// Reads FILE, converts it and writes `content/<org>/notices/<slug>.md`, creating the
/// organisation folder with an `org.toml` skeleton when it is new.
pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let retrieved = validate(options)?;
    let file_name = options
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = options.file.display().to_string();
    // A file's stated size refuses it without reading; devices state none, so the read
    // itself stops one byte past the limit.
    let size = std::fs::metadata(&options.file)
        .map_err(io_error("read", &options.file))?
        .len();
    if size > MAX_INPUT_BYTES {
        return Err(ImportError::too_large(&shown, size, MAX_INPUT_BYTES));
    }
    let raw =
        read_limited(&options.file, MAX_INPUT_BYTES).map_err(io_error("read", &options.file))?;
    if raw.len() as u64 > MAX_INPUT_BYTES {
        return Err(ImportError::too_large_stream(&shown, MAX_INPUT_BYTES));
    }
    let converted = convert(
        &raw,
        &ConvertOptions {
            name: shown,
            url: options.url.clone(),
            title: options.title.clone(),
            format: None,
        },
    )?;
    write_notice(options, converted, &file_name, retrieved, raw.len())
}

/// Imports a page fetched from `fetched.url` (`atlas import URL`): converted as a saved page
/// is, its address recorded as `source_url` (and as the source file), links resolved
/// against the address it ended at.
pub fn import_fetched(
    options: &ImportOptions,
    fetched: &fetch::Fetched,
) -> Result<ImportReport, ImportError> {
    let retrieved = validate(options)?;
    let converted = convert(
        &fetched.bytes,
        &ConvertOptions {
            name: fetched.url.clone(),
            url: Some(fetched.final_url.clone()),
            title: options.title.clone(),
            format: Some(fetched.format),
        },
    )?;
    let mut options = options.clone();
    options.url = Some(fetched.url.clone());
    write_notice(
        &options,
        converted,
        &fetched.url,
        retrieved,
        fetched.bytes.len(),
    )
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> ImportError {
    let path = path.display().to_string();
    move |source| ImportError::Io {
        action,
        path,
        source,
    }
}

/// Checks the command line's slugs and date; returns the retrieval date.
fn validate(options: &ImportOptions) -> Result<Date, ImportError> {
    if !is_slug(&options.org) {
        return Err(ImportError::Usage(format!(
            "--org {:?} is not a valid organisation slug\n  help: use lower-case letters, digits and hyphens, e.g. --org north-somerset",
            crate::text::excerpt(&options.org, 60)
        )));
    }
    if options.org.len() > MAX_SLUG_LEN {
        return Err(ImportError::Usage(format!(
            "--org is {} characters long; at most {MAX_SLUG_LEN} are taken\n  help: use the organisation's short name, e.g. --org north-somerset",
            options.org.len()
        )));
    }
    if let Some(slug) = &options.slug {
        if slug.len() > MAX_SLUG_LEN {
            return Err(ImportError::Usage(format!(
                "--slug is {} characters long; at most {MAX_SLUG_LEN} are taken\n  help: a few words name a notice, e.g. --slug corporate-privacy-notice",
                slug.len()
            )));
        }
        if !is_slug(slug) {
            return Err(ImportError::Usage(format!(
                "--slug {:?} is not a valid notice slug\n  help: use lower-case letters, digits and hyphens, e.g. --slug corporate-privacy-notice",
                crate::text::excerpt(slug, 60)
            )));
        }
    }
    let retrieved = match &options.retrieved {
        None => Ok(options.today),
        Some(text) => match Date::parse(text).filter(|d| clean::plausible_year(d.year())) {
            Some(date) => Ok(date),
            None => Err(ImportError::Usage(format!(
                "--retrieved {:?} is not a date\n  help: write it as 2024-05-31",
                crate::text::excerpt(text, 40)
            ))),
        },
    };
    retrieved
}

/// Writes the converted notice (and the organisation's skeleton when new).
fn write_notice(
    options: &ImportOptions,
    converted: Converted,
    file_name: &str,
    retrieved: Date,
    bytes: usize,
) -> Result<ImportReport, ImportError> {
    let io = io_error;
    let org_dir = options.root.join(CONTENT_DIR).join(&options.org);
    let notices = org_dir.join(NOTICES_DIR);
    let slug = options
        .slug
        .clone()
        .unwrap_or_else(|| slug_from_title(&converted.title));
    let notice_path = notices.join(format!("{slug}.md"));
    let replaced = notice_path.exists();
    if replaced && !options.force {
        return Err(ImportError::exists(&notice_path.display().to_string()));
    }
    std::fs::create_dir_all(&notices).map_err(io("create", &notices))?;
    let org_file = org_dir.join(ORG_FILE);
    let org_created = if org_file.exists() {
        None
    } else {
        let website = options
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok())
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o.starts_with("http"))
            .unwrap_or_default();
        std::fs::write(&org_file, org_skeleton(&website)).map_err(io("write", &org_file))?;
        Some(org_file)
    };
    let text = NoticeFile {
        converted: &converted,
        source_file: file_name,
        source_url: options.url.as_deref(),
        retrieved,
        imported: options.today,
        summary: None,
    }
    .render();
    crate::files::write_whole(
        &notice_path,
        text.as_bytes(),
        crate::files::Durability::Synced,
    )
    .map_err(io("write", &notice_path))?;
    Ok(ImportReport {
        converted,
        notice_path,
        org_created,
        replaced,
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals() {
        let opts = ConvertOptions {
            name: "x.txt".into(),
            ..Default::default()
        };
        let problem = |raw: &[u8]| match convert(raw, &opts) {
            Err(ImportError::File(d)) => d,
            other => panic!("{other:?}"),
        };
        assert_eq!(problem(b"").message, "the file is empty");
        assert_eq!(problem(b"  \n\n").message, "the file is empty");
        assert!(problem(b"%PDF-1.7 ...")
            .message
            .contains("not text or HTML"));
        assert!(problem(b"abc\0def").message.contains("not text or HTML"));
        let d = problem(b"line one\nline \xe9two\n");
        assert_eq!((d.line, d.column), (Some(2), Some(6)));
        assert_eq!(d.path, std::path::PathBuf::from("x.txt"));
        assert!(problem(b"Accept cookies\n}\nPrivacy settings\n")
            .message
            .starts_with("no notice text found"));
    }
}
