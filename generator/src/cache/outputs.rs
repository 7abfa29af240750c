//! Which key each file of the published site was made from, so the next build can link an
//! unchanged file (and the `.gz`/`.br` copies beside it) from the published site into its
//! staging folder instead of making it again.
//!
//! The record is trusted only for the site it describes: it names the published site's marker
//! file (device, inode, size, modification time), which every build writes anew, and each
//! file's identity. A file changed or replaced by hand since, or a site published by a build
//! that did not write the record, is simply made again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::Key;
use crate::files::{write_whole, Durability};

/// Copies of a file the compression stage writes beside it.
const COMPRESSED: [&str; 2] = ["gz", "br"];

/// A file's identity on disk: a file rewritten or replaced since has another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct FileId {
    dev: u64,
    ino: u64,
    len: u64,
    modified_ns: u128,
}

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(FileId {
            dev,
            ino,
            len: meta.len(),
            modified_ns,
        })
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// The published site's marker file, as this build wrote it.
    marker: FileId,
    /// Site-relative path, key, and identity of each file made by key.
    files: Vec<(String, Key, FileId)>,
    /// Site-relative path, content digest and identity of each file compressed.
    compressed: Vec<(String, Key, FileId)>,
}

/// The record of the published site (read when a build starts) and of the site being staged.
#[derive(Debug)]
pub struct Outputs {
    record: PathBuf,
    published: PathBuf,
    staging: PathBuf,
    marker: &'static str,
    previous: HashMap<String, (Key, FileId)>,
    /// The published site's compressed files by content digest.
    previous_compressed: HashMap<Key, (String, FileId)>,
    made: Mutex<Vec<(String, Key)>>,
    compressed: Mutex<Vec<(String, Key)>>,
    reused: std::sync::atomic::AtomicUsize,
}

impl Outputs {
    /// Reads the record `record` of the site published at `published` (its marker file
    /// `marker`) for a build staged in `staging`. No record, or one of another site: nothing
    /// is reused.
    pub fn open(record: &Path, published: &Path, staging: &Path, marker: &'static str) -> Outputs {
        let (previous, previous_compressed) = std::fs::read(record)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<Record>(&bytes).ok())
            .filter(|r| FileId::of(&published.join(marker)) == Some(r.marker))
            .map(|r| {
                (
                    r.files
                        .into_iter()
                        .map(|(path, key, id)| (path, (key, id)))
                        .collect(),
                    r.compressed
                        .into_iter()
                        .map(|(path, digest, id)| (digest, (path, id)))
                        .collect(),
                )
            })
            .unwrap_or_default();
        Outputs {
            record: record.to_path_buf(),
            published: published.to_path_buf(),
            staging: staging.to_path_buf(),
            marker,
            previous,
            previous_compressed,
            made: Mutex::new(Vec::new()),
            compressed: Mutex::new(Vec::new()),
            reused: Default::default(),
        }
    }

    /// Links the published site's `path` and its compressed copies into the staging folder
    /// when it was made from `key` and has not been touched since. Returns whether it did.
    pub fn reuse(&self, path: &str, key: &Key) -> bool {
        let Some((old_key, old_id)) = self.previous.get(path) else {
            return false;
        };
        let old = self.published.join(path);
        if old_key != key || FileId::of(&old).as_ref() != Some(old_id) {
            return false;
        }
        let new = self.staging.join(path);
        if let Some(parent) = new.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return false;
            }
        }
        if link_or_copy(&old, &new).is_err() {
            return false;
        }
        // The copies were written from the file as it was then (compression runs last).
        if link_compressed(&old, &new).is_err() {
            let _ = std::fs::remove_file(&new);
            return false;
        }
        self.made_from(path, key);
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    /// Links the compressed copies of a published file with the same content (`digest`) beside
    /// the staged `path`, wherever that file was. Returns whether there were any to link.
    pub fn reuse_compressed(&self, path: &str, digest: &Key) -> bool {
        let Some((old_path, old_id)) = self.previous_compressed.get(digest) else {
            return false;
        };
        let old = self.published.join(old_path);
        if FileId::of(&old).as_ref() != Some(old_id) {
            return false;
        }
        let linked = link_compressed(&old, &self.staging.join(path)).unwrap_or(false);
        if linked {
            self.compressed_from(path, digest);
        }
        linked
    }

    /// Notes that the staged `path` (with content `digest`) has compressed copies beside it.
    pub fn compressed_from(&self, path: &str, digest: &Key) {
        if let Ok(mut compressed) = self.compressed.lock() {
            compressed.push((path.to_string(), *digest));
        }
    }

    /// Notes that the staged `path` was made from `key`.
    pub fn made_from(&self, path: &str, key: &Key) {
        if let Ok(mut made) = self.made.lock() {
            made.push((path.to_string(), *key));
        }
    }

    /// How many files were linked rather than made.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Writes the record of the staged site, once it is complete and before it is published
    /// (renaming keeps every file's identity). A record that cannot be written only costs the
    /// next build its reuse.
    pub fn save(self) {
        let Some(marker) = FileId::of(&self.staging.join(self.marker)) else {
            return;
        };
        let identified = |list: Mutex<Vec<(String, Key)>>| -> Vec<(String, Key, FileId)> {
            let mut list = list.into_inner().unwrap_or_default();
            list.sort();
            list.into_iter()
                .filter_map(|(path, key)| {
                    let id = FileId::of(&self.staging.join(&path))?;
                    Some((path, key, id))
                })
                .collect()
        };
        let record = Record {
            marker,
            files: identified(self.made),
            compressed: identified(self.compressed),
        };
        let Ok(bytes) = postcard::to_stdvec(&record) else {
            return;
        };
        if let Some(parent) = self.record.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = write_whole(&self.record, &bytes, Durability::Written);
    }
}

/// Links the compressed copies beside `old` (those there are) beside `new`. Returns whether
/// there were any.
fn link_compressed(old: &Path, new: &Path) -> std::io::Result<bool> {
    let mut linked = false;
    for ext in COMPRESSED {
        let copy = with_suffix(old, ext);
        if copy.is_file() {
            link_or_copy(&copy, &with_suffix(new, ext))?;
            linked = true;
        }
    }
    Ok(linked)
}

fn with_suffix(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// A hard link (the two sites share the file until the old one is removed), or a copy where
/// the file system has no links.
fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => std::fs::copy(from, to).map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::KeyBuilder;

    const MARKER: &str = ".marker";

    fn site(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.join("a")).unwrap();
        std::fs::write(path.join(MARKER), "m").unwrap();
        path
    }

    #[test]
    fn an_unchanged_file_is_linked_with_its_compressed_copies() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("cache/outputs.bin");
        let key = KeyBuilder::new("test").str("page").finish();

        // First build: nothing to reuse; it makes a/index.html and publishes.
        let first = site(dir.path(), "stage1");
        let outputs = Outputs::open(&record, &dir.path().join("public"), &first, MARKER);
        assert!(!outputs.reuse("a/index.html", &key));
        std::fs::write(first.join("a/index.html"), "page").unwrap();
        std::fs::write(first.join("a/index.html.gz"), "zipped").unwrap();
        outputs.made_from("a/index.html", &key);
        outputs.save();
        std::fs::rename(&first, dir.path().join("public")).unwrap();

        // Second build: same key → linked; other key → not.
        let second = site(dir.path(), "stage2");
        let outputs = Outputs::open(&record, &dir.path().join("public"), &second, MARKER);
        let other = KeyBuilder::new("test").str("other").finish();
        assert!(!outputs.reuse("a/index.html", &other));
        assert!(outputs.reuse("a/index.html", &key));
        assert_eq!(
            std::fs::read_to_string(second.join("a/index.html")).unwrap(),
            "page"
        );
        assert_eq!(
            std::fs::read_to_string(second.join("a/index.html.gz")).unwrap(),
            "zipped"
        );
        assert_eq!(outputs.reused(), 1);
    }

    #[test]
    fn a_file_edited_by_hand_or_another_site_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("outputs.bin");
        let key = KeyBuilder::new("test").str("page").finish();
        let first = site(dir.path(), "stage1");
        let outputs = Outputs::open(&record, &dir.path().join("public"), &first, MARKER);
        std::fs::write(first.join("a/index.html"), "page").unwrap();
        outputs.made_from("a/index.html", &key);
        outputs.save();
        std::fs::rename(&first, dir.path().join("public")).unwrap();

        // Edited by hand (a new file in its place).
        let published = dir.path().join("public");
        std::fs::remove_file(published.join("a/index.html")).unwrap();
        std::fs::write(published.join("a/index.html"), "page").unwrap();
        let second = site(dir.path(), "stage2");
        let outputs = Outputs::open(&record, &published, &second, MARKER);
        assert!(!outputs.reuse("a/index.html", &key));

        // A site whose marker is not the recorded one: nothing is trusted.
        std::fs::remove_file(published.join(MARKER)).unwrap();
        std::fs::write(published.join(MARKER), "m").unwrap();
        let outputs = Outputs::open(&record, &published, &second, MARKER);
        assert!(outputs.previous.is_empty());
    }
}
