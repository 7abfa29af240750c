//! Work filed by key: `<cache>/<kind>/<first two hex digits>/<key>.bin`, postcard-encoded.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Key;
use crate::files::{write_whole, Durability};

/// A folder of work filed by key. Reading or writing it never fails a build: an entry that
/// cannot be read is work done again, one that cannot be written is work done again next time.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// Entries this build read or wrote, by kind: what [`Store::sweep`] keeps.
    used: Mutex<HashSet<(&'static str, Key)>>,
}

impl Store {
    pub fn open(dir: &Path) -> Store {
        Store {
            dir: dir.to_path_buf(),
            used: Mutex::new(HashSet::new()),
        }
    }

    fn path(&self, kind: &str, key: &Key) -> PathBuf {
        let hex = key.hex();
        self.dir
            .join(kind)
            .join(&hex[..2])
            .join(format!("{hex}.bin"))
    }

    fn mark(&self, kind: &'static str, key: &Key) {
        if let Ok(mut used) = self.used.lock() {
            used.insert((kind, *key));
        }
    }

    /// The work filed under `key`, if there is any and it reads back whole.
    pub fn get<T: DeserializeOwned>(&self, kind: &'static str, key: &Key) -> Option<T> {
        let bytes = std::fs::read(self.path(kind, key)).ok()?;
        let value = postcard::from_bytes(&bytes).ok()?;
        self.mark(kind, key);
        Some(value)
    }

    /// Bytes filed under `key` with [`Store::put_raw`].
    pub fn get_raw(&self, kind: &'static str, key: &Key) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.path(kind, key)).ok()?;
        self.mark(kind, key);
        Some(bytes)
    }

    /// Files `bytes` as they are under `key` (written whole). Returns whether they were filed.
    pub fn put_raw(&self, kind: &'static str, key: &Key, bytes: &[u8]) -> bool {
        self.mark(kind, key);
        let path = self.path(kind, key);
        path.parent()
            .is_some_and(|parent| std::fs::create_dir_all(parent).is_ok())
            && write_whole(&path, bytes, Durability::Written).is_ok()
    }

    /// Whether work is filed under `key`, without reading it; it counts as used.
    pub fn has(&self, kind: &'static str, key: &Key) -> bool {
        let there = self.path(kind, key).is_file();
        if there {
            self.mark(kind, key);
        }
        there
    }

    /// Files `value` under `key` (written whole: never a half entry). Returns whether it was
    /// filed.
    pub fn put<T: Serialize>(&self, kind: &'static str, key: &Key, value: &T) -> bool {
        match postcard::to_stdvec(value) {
            Ok(bytes) => self.put_raw(kind, key, &bytes),
            Err(_) => {
                self.mark(kind, key);
                false
            }
        }
    }

    /// Removes the entries of `kinds` this build did not use (work for notices since edited or
    /// removed), so the cache holds about one site's worth.
    pub fn sweep(&self, kinds: &[&'static str]) {
        let Ok(used) = self.used.lock() else { return };
        for &kind in kinds {
            let Ok(shards) = std::fs::read_dir(self.dir.join(kind)) else {
                continue;
            };
            for shard in shards.flatten() {
                let Ok(entries) = std::fs::read_dir(shard.path()) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let name = entry.file_name();
                    let keep = name
                        .to_str()
                        .and_then(|n| n.strip_suffix(".bin"))
                        .and_then(parse_hex)
                        .is_some_and(|key| used.contains(&(kind, key)));
                    if !keep {
                        let _ = std::fs::remove_file(entry.path());
                    }
                }
            }
        }
    }
}

fn parse_hex(hex: &str) -> Option<Key> {
    if hex.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(Key(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::KeyBuilder;

    #[test]
    fn work_comes_back_and_unused_work_is_swept() {
        let dir = tempfile::tempdir().unwrap();
        let a = KeyBuilder::new("test").str("a").finish();
        let b = KeyBuilder::new("test").str("b").finish();
        let store = Store::open(dir.path());
        store.put("kind", &a, &vec!["one".to_string()]);
        store.put("kind", &b, &vec!["two".to_string()]);
        assert_eq!(
            store.get::<Vec<String>>("kind", &a),
            Some(vec!["one".to_string()])
        );

        // The next build uses only `a`: `b` goes.
        let next = Store::open(dir.path());
        assert!(next.get::<Vec<String>>("kind", &a).is_some());
        next.sweep(&["kind"]);
        let last = Store::open(dir.path());
        assert!(last.get::<Vec<String>>("kind", &a).is_some());
        assert!(last.get::<Vec<String>>("kind", &b).is_none());
    }

    #[test]
    fn a_damaged_entry_is_work_to_do_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path());
        let key = KeyBuilder::new("test").str("a").finish();
        store.put("kind", &key, &vec![1u32, 2, 3]);
        std::fs::write(store.path("kind", &key), [0xff, 0xff, 0xff]).unwrap();
        assert_eq!(store.get::<Vec<String>>("kind", &key), None);
    }
}
