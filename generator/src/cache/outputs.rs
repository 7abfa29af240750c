//! Which key each file of the published site was made from, so the next build can keep an
//! unchanged file (and the `.gz`/`.br` copies beside it) where it is in the published site
//! instead of making it again, and every file the site holds, so that the build knows which
//! of them to remove (see `emit::publish`).
//!
//! The record is trusted only for the site it describes: it names the published site's marker
//! file (device, inode, size, modification time), which every build writes anew, and each
//! file's identity. A file changed or replaced by hand since, or a site published by a build
//! that did not write the record, is simply made again.

use std::collections::{BTreeSet, HashMap, HashSet};
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
    /// Every file of the site, site-relative, sorted.
    site: Vec<String>,
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
    /// Every file of the published site.
    previous_site: HashSet<String>,
    made: Mutex<Vec<(String, Key)>>,
    /// Published files this build keeps as they are, with their key and identity.
    kept: Mutex<Vec<(String, Key, FileId)>>,
    compressed: Mutex<Vec<(String, Key)>>,
    reused: std::sync::atomic::AtomicUsize,
}

impl Outputs {
    /// Reads the record `record` of the site published at `published` (its marker file
    /// `marker`) for a build staged in `staging`. No record, or one of another site: nothing
    /// is reused.
    pub fn open(record: &Path, published: &Path, staging: &Path, marker: &'static str) -> Outputs {
        let (previous, previous_compressed, previous_site) = std::fs::read(record)
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
                    r.site.into_iter().collect(),
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
            previous_site,
            made: Mutex::new(Vec::new()),
            kept: Mutex::new(Vec::new()),
            compressed: Mutex::new(Vec::new()),
            reused: Default::default(),
        }
    }

    /// Keeps the published site's page `path` (and its compressed copies) as it is when it
    /// was made from `key` and has not been touched since: nothing is written for it, and it
    /// counts as a page reused. Returns whether it is kept.
    pub fn reuse(&self, path: &str, key: &Key) -> bool {
        let kept = self.keep(path, key);
        if kept {
            self.reused
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        kept
    }

    /// [`Outputs::reuse`] for a file that is not a page (a stored search notice).
    pub fn keep(&self, path: &str, key: &Key) -> bool {
        let Some((old_key, old_id)) = self.previous.get(path) else {
            return false;
        };
        if old_key != key || FileId::of(&self.published.join(path)).as_ref() != Some(old_id) {
            return false;
        }
        match self.kept.lock() {
            Ok(mut kept) => {
                kept.push((path.to_string(), *key, *old_id));
                true
            }
            Err(_) => false,
        }
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

    /// Whether any published file is kept: then the staging folder holds only what changed,
    /// and publishing moves it into the published site rather than replacing the site.
    pub fn keeps_any(&self) -> bool {
        self.kept.lock().is_ok_and(|kept| !kept.is_empty())
    }

    /// The files of the site once `staged` (every file in the staging folder, site-relative)
    /// is published: the staged ones, and the kept ones with their compressed copies.
    pub fn site_after(&self, staged: &BTreeSet<String>) -> BTreeSet<String> {
        let mut site = staged.clone();
        if let Ok(kept) = self.kept.lock() {
            for (path, _, _) in kept.iter() {
                site.insert(path.clone());
                for ext in COMPRESSED {
                    let copy = format!("{path}.{ext}");
                    if self.previous_site.contains(&copy) {
                        site.insert(copy);
                    }
                }
            }
        }
        site
    }

    /// The published site's files that `site` no longer has, sorted.
    pub fn removed(&self, site: &BTreeSet<String>) -> Vec<String> {
        let mut removed: Vec<String> = self
            .previous_site
            .iter()
            .filter(|path| !site.contains(*path))
            .cloned()
            .collect();
        removed.sort();
        removed
    }

    /// Writes the record of the site as it will be once published (`site`: every file), from
    /// the staged files (renaming keeps their identity) and the kept ones, before it is
    /// published. A record that cannot be written only costs the next build its reuse.
    pub fn save(self, site: &BTreeSet<String>) {
        let Some(marker) = FileId::of(&self.staging.join(self.marker)) else {
            return;
        };
        let staged = |list: Mutex<Vec<(String, Key)>>| -> Vec<(String, Key, FileId)> {
            list.into_inner()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(path, key)| {
                    let id = FileId::of(&self.staging.join(&path))?;
                    Some((path, key, id))
                })
                .collect()
        };
        let kept = self.kept.into_inner().unwrap_or_default();
        let kept_paths: HashSet<&str> = kept.iter().map(|(p, _, _)| p.as_str()).collect();
        let mut files = staged(self.made);
        let mut compressed = staged(self.compressed);
        // The compressed copies of kept files stay where they are.
        compressed.extend(
            self.previous_compressed
                .iter()
                .filter(|(_, (path, _))| kept_paths.contains(path.as_str()))
                .map(|(digest, (path, id))| (path.clone(), *digest, *id)),
        );
        files.extend(kept.iter().cloned());
        files.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        compressed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let record = Record {
            marker,
            files,
            compressed,
            site: site.iter().cloned().collect(),
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

    /// Every file under `dir`, as a build's staging folder is listed.
    fn listed(dir: &Path) -> BTreeSet<String> {
        walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn an_unchanged_file_is_kept_with_its_compressed_copies_and_a_gone_one_removed() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("cache/outputs.bin");
        let key = KeyBuilder::new("test").str("page").finish();
        let gone = KeyBuilder::new("test").str("gone").finish();

        // First build: nothing to reuse; it makes two pages, one compressed, and publishes.
        let first = site(dir.path(), "stage1");
        let outputs = Outputs::open(&record, &dir.path().join("public"), &first, MARKER);
        assert!(!outputs.reuse("a/index.html", &key));
        assert!(!outputs.keeps_any());
        std::fs::write(first.join("a/index.html"), "page").unwrap();
        std::fs::write(first.join("a/index.html.gz"), "zipped").unwrap();
        std::fs::write(first.join("a/old.html"), "old").unwrap();
        outputs.made_from("a/index.html", &key);
        outputs.made_from("a/old.html", &gone);
        let staged = listed(&first);
        assert_eq!(outputs.site_after(&staged), staged);
        outputs.save(&staged);
        std::fs::rename(&first, dir.path().join("public")).unwrap();

        // Second build: the same key → kept, nothing staged for it; another key → not; the
        // page it no longer makes is to be removed.
        let second = site(dir.path(), "stage2");
        let outputs = Outputs::open(&record, &dir.path().join("public"), &second, MARKER);
        let other = KeyBuilder::new("test").str("other").finish();
        assert!(!outputs.reuse("a/index.html", &other));
        assert!(outputs.reuse("a/index.html", &key));
        assert!(outputs.keeps_any());
        assert!(!second.join("a/index.html").exists());
        assert_eq!(outputs.reused(), 1);
        let staged = listed(&second);
        let after = outputs.site_after(&staged);
        let expected: BTreeSet<String> = [MARKER, "a/index.html", "a/index.html.gz"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(after, expected);
        assert_eq!(outputs.removed(&after), ["a/old.html"]);
        outputs.save(&after);

        // The record now names the kept page, so a third build keeps it again.
        std::fs::remove_file(dir.path().join("public").join(MARKER)).unwrap();
        std::fs::rename(second.join(MARKER), dir.path().join("public").join(MARKER)).unwrap();
        let third = site(dir.path(), "stage3");
        let outputs = Outputs::open(&record, &dir.path().join("public"), &third, MARKER);
        assert!(outputs.reuse("a/index.html", &key));
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
        outputs.save(&listed(&first));
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
