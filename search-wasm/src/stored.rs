//! Stored notices: the text a result is shown from, kept beside the index, one file per
//! notice, and where a search finds them.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Folder, inside an index folder, of the stored notices: `doc/<key>.json`, where the key
/// is the notice's document number in the index.
pub const STORED_DIR: &str = "doc";

/// The path of a stored notice inside the index folder.
pub fn stored_path(key: u32) -> String {
    format!("{STORED_DIR}/{key}.json")
}

/// The key of a stored notice's path (`doc/<key>.json`), if it is one.
pub fn stored_key(path: &str) -> Option<u32> {
    path.strip_prefix(STORED_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_suffix(".json"))
        .and_then(|key| key.parse().ok())
}

/// Where the stored notices of an index are, as its `files.json` says (`stored`): in folders
/// of `per_dir` notices beside the index folder, each named after its notices' content, so
/// that a build keeps the folders of notices that did not change (and browsers what they
/// cached of them). The engine names a notice `doc/<key>.json` ([`stored_path`]); its file
/// is `<dirs[key / per_dir]><key>.json`, relative to the index folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredDirs {
    pub per_dir: u32,
    /// Each folder relative to the index folder, with a final `/` (`../doc-0123456789/`).
    pub dirs: Vec<String>,
}

impl StoredDirs {
    /// The file of notice `key`, relative to the index folder.
    pub fn file(&self, key: u32) -> Option<String> {
        let dir = self.dirs.get((key / self.per_dir.max(1)) as usize)?;
        Some(format!("{dir}{key}.json"))
    }

    /// The file of the notice the engine names `stored` (`doc/<key>.json`).
    pub fn file_of(&self, stored: &str) -> Option<String> {
        self.file(stored_key(stored)?)
    }
}

/// A notice as a result shows it: who published it, where it lives, and its sections' text.
///
/// The index ranks whole notices and stores none of their text; each notice's sections are
/// kept beside it in one small JSON file (`stored_path`). A query reads only its hits'
/// files, each fetched whole and compressed by the web server, and picks the section and
/// snippet to show from them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredNotice {
    pub org: String,
    pub org_name: String,
    pub org_kind: String,
    pub region: String,
    pub notice: String,
    pub notice_title: String,
    /// Site-relative URL of the notice, e.g. `orgs/dudley/public-health/`.
    pub url: String,
    pub sections: Vec<StoredSection>,
}

/// The text under one heading of a notice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoredSection {
    /// The heading with those of its enclosing sections, e.g. `Your rights › Access`; empty
    /// for the text before the first heading.
    pub heading: String,
    /// Element id of the heading on the notice page; empty for the introduction.
    pub anchor: String,
    pub text: String,
}

impl StoredNotice {
    /// Reads a stored notice from its JSON; `path` names it in the error.
    pub fn from_json(path: &str, bytes: &[u8]) -> Result<StoredNotice> {
        serde_json::from_slice(bytes).map_err(|source| Error::NoticeInvalid {
            path: path.to_string(),
            source,
        })
    }
}

/// Where the notices of ranked documents come from: files beside the index (`atlas
/// search`), pages fetched by the browser, or memory (tests).
pub trait NoticeStore {
    /// The stored notice of document `key` (see `Engine::keys`).
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>>;
}

/// Notices in memory, in index order.
impl NoticeStore for Vec<Arc<StoredNotice>> {
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>> {
        self.get(key as usize)
            .cloned()
            .ok_or(Error::NoticeMissing(key))
    }
}

/// Stored notices read from an index folder on disk (`atlas search`, benchmarks).
#[cfg(not(target_arch = "wasm32"))]
pub struct NoticeFiles {
    /// The index folder.
    pub dir: std::path::PathBuf,
    pub stored: StoredDirs,
}

#[cfg(not(target_arch = "wasm32"))]
impl NoticeStore for NoticeFiles {
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>> {
        let path = self
            .dir
            .join(self.stored.file(key).ok_or(Error::NoticeMissing(key))?);
        let bytes = std::fs::read(&path).map_err(|source| Error::NoticeUnreadable {
            path: path.display().to_string(),
            source,
        })?;
        StoredNotice::from_json(&path.display().to_string(), &bytes).map(Arc::new)
    }
}
