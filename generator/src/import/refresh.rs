//! `atlas refresh`: fetches every notice that records a `source_url`, converts it as
//! `atlas import` does, and compares it with the notice as last imported.
//!
//! - the same text: nothing is written;
//! - changed: the notice file as it was is kept whole in `<slug>.versions/<retrieved>.md`
//!   and the new text becomes the notice (its title and summary kept, new `retrieved` and
//!   provenance);
//! - changed, but the notice was edited by hand since its import (its body no longer has
//!   the `markdown_sha256` recorded then, or none was recorded): the notice is left alone
//!   and the fetched version written to `<slug>.versions/<today>.fetched.md` for review;
//! - failed: the reason, with the URL; nothing written for that notice.
//!
//! Every file is written to a temporary file and renamed into place.

use std::path::{Path, PathBuf};

use super::fetch::{FetchError, Fetcher};
use super::{body_sha256, convert, ConvertOptions, NoticeFile};
use crate::error::Diagnostic;
use crate::files::{sha256_hex, write_whole, Durability};
use crate::model::content::{self, NoticeSource, CONTENT_DIR, ORG_FILE};
use crate::model::date::Date;
use crate::model::versions;

/// What happened to one notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The fetched text is the notice's: nothing written.
    Unchanged,
    /// The notice was replaced; the version before it kept at `kept`.
    Changed { kept: PathBuf },
    /// Changed, but the notice had been edited by hand: the fetched version is at `review`.
    KeptForReview { review: PathBuf, why: String },
    /// Could not be fetched or converted: nothing written.
    Failed { reason: String, help: String },
}

/// One notice's result.
#[derive(Debug, Clone)]
pub struct NoticeResult {
    pub notice: PathBuf,
    pub url: String,
    pub outcome: Outcome,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub unchanged: usize,
    pub changed: usize,
    pub review: usize,
    pub failed: usize,
    /// Notices with no `source_url`: nothing to fetch.
    pub skipped: usize,
}

impl Summary {
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Changed { .. } => self.changed += 1,
            Outcome::KeptForReview { .. } => self.review += 1,
            Outcome::Failed { .. } => self.failed += 1,
        }
    }
}

/// The notice files `path` names: the site root (or its `content/`), one organisation
/// folder, or one notice file. Problems reading them are returned beside them.
pub fn notices_in(path: &Path) -> Result<(Vec<NoticeSource>, Vec<Diagnostic>), Diagnostic> {
    let mut problems = Vec::new();
    let org_dirs: Vec<PathBuf> = if path.is_file() {
        let org = path
            .parent()
            .and_then(Path::parent)
            .filter(|o| o.join(ORG_FILE).is_file())
            .ok_or_else(|| {
                Diagnostic::new(path, "not a notice file in content/<org>/notices/")
                    .help("give the site root, an organisation folder or a notice file")
            })?;
        let org = content::read_org(org, &mut problems);
        let notices = org
            .notices
            .into_iter()
            .filter(|n| same_file(&n.path, path))
            .collect::<Vec<_>>();
        if notices.is_empty() && problems.is_empty() {
            return Err(Diagnostic::new(path, "not a notice of its organisation")
                .help("give a file content/<org>/notices/<slug>.md"));
        }
        return Ok((notices, problems));
    } else if path.join(ORG_FILE).is_file() {
        vec![path.to_path_buf()]
    } else if path.join(CONTENT_DIR).is_dir() {
        content::org_dirs(&path.join(CONTENT_DIR), &mut problems)
    } else if path.file_name().is_some_and(|n| n == CONTENT_DIR) && path.is_dir() {
        content::org_dirs(path, &mut problems)
    } else {
        return Err(
            Diagnostic::new(path, "not a site, organisation folder or notice file")
                .help("give the site root (holding content/), content/<org>/ or a notice file"),
        );
    };
    let notices = org_dirs
        .iter()
        .flat_map(|dir| content::read_org(dir, &mut problems).notices)
        .collect();
    Ok((notices, problems))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Fetches and compares one notice, writing what the outcome calls for.
pub fn refresh_notice(notice: &NoticeSource, fetcher: &mut Fetcher, today: Date) -> Outcome {
    let failed = |reason: String, help: &str| Outcome::Failed {
        reason,
        help: help.to_string(),
    };
    let fetched = match fetcher.fetch(&notice.source_url) {
        Ok(f) => f,
        Err(FetchError { reason, help, .. }) => return failed(reason, help),
    };
    // Converted as `atlas import URL` converts it (the page's own heading taken as the
    // title, not left in the text), then titled as the maintainer titled the notice.
    let converted = match convert(
        &fetched.bytes,
        &ConvertOptions {
            name: notice.source_url.clone(),
            url: Some(fetched.final_url.clone()),
            title: None,
            format: Some(fetched.format),
        },
    ) {
        Ok(mut c) => {
            c.title = notice.title.clone();
            c
        }
        Err(super::ImportError::File(d)) => {
            return failed(d.message, d.help.as_deref().unwrap_or(""))
        }
        Err(e) => return failed(e.to_string(), ""),
    };
    let text = NoticeFile {
        converted: &converted,
        source_file: &notice.source_url,
        source_url: Some(&notice.source_url),
        retrieved: today,
        imported: today,
        summary: Some(&notice.summary),
    }
    .render();
    let new_body_hash = body_sha256(&text).unwrap_or_default();
    let current_hash = sha256_hex(notice.markdown.as_bytes());
    let imported_hash = &notice.provenance.markdown_sha256;
    if new_body_hash == current_hash
        || new_body_hash == *imported_hash
        || fetched_bytes_unchanged(&notice.provenance.sha256, &converted.sha256)
    {
        return Outcome::Unchanged;
    }
    let write = |path: &Path, bytes: &[u8]| -> Result<(), Outcome> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                failed(
                    format!("cannot create {}: {e}", dir.display()),
                    "check the folder's permissions",
                )
            })?;
        }
        write_whole(path, bytes, Durability::Synced).map_err(|e| {
            failed(
                format!("cannot write {}: {e}", path.display()),
                "check the folder's permissions and free space",
            )
        })
    };
    let edited_why = if imported_hash.is_empty() {
        Some("no record of the text as imported (provenance has no markdown_sha256), so hand edits cannot be told apart".to_string())
    } else if *imported_hash != current_hash {
        Some("edited by hand since its import".to_string())
    } else {
        None
    };
    if let Some(why) = edited_why {
        let review = versions::review_path(&notice.path, today);
        return match write(&review, text.as_bytes()) {
            Ok(()) => Outcome::KeptForReview { review, why },
            Err(outcome) => outcome,
        };
    }
    let current = match std::fs::read(&notice.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return failed(
                format!("cannot read {}: {e}", notice.path.display()),
                "check the file's permissions",
            )
        }
    };
    let kept = versions::free_name(&versions::versions_dir(&notice.path), notice.retrieved);
    if let Err(outcome) = write(&kept, &current) {
        return outcome;
    }
    if let Err(outcome) = write(&notice.path, text.as_bytes()) {
        let _ = std::fs::remove_file(&kept);
        return outcome;
    }
    Outcome::Changed { kept }
}

/// The same raw bytes as imported: the page has not changed at all.
fn fetched_bytes_unchanged(recorded: &str, fetched: &str) -> bool {
    !recorded.is_empty() && recorded == fetched
}
