//! What a build keeps for the next one, in the site's cache folder (`<root>/.atlas-cache/`):
//!
//! - [`Store`]: each notice's rendered Markdown and extracted facts, filed under a [`Key`] of
//!   everything they are made from (the notice's text, its place, the build of atlas that
//!   made them), so a notice that has not changed is neither rendered nor read again;
//! - [`Outputs`]: the key every page of the last published site was rendered from, so a page
//!   whose key has not changed is linked from the last site (with its compressed copies)
//!   instead of rendered, written and compressed again.
//!
//! Nothing here is needed for a correct build: with the folder removed, damaged, or written by
//! another build of atlas, the next build is a cold build with the same output, byte for byte.
//! This module knows nothing of notices or pages; the stages decide what goes into a key.

mod outputs;
mod store;

use std::sync::OnceLock;

use serde::Serialize;

pub use outputs::Outputs;
pub use store::Store;

/// What a piece of work was made from, hashed (BLAKE3).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub struct Key(pub [u8; 32]);

impl Key {
    /// Lower-case hex, for file names.
    pub fn hex(&self) -> String {
        crate::files::hex(&self.0)
    }
}

/// Builds a [`Key`] from the parts a piece of work depends on. Every key starts with the
/// build of atlas that computes it, so a new atlas never trusts an old one's work.
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    /// A key for work of `kind` (e.g. `"markdown"`, `"page"`): equal parts of two kinds of
    /// work never give the same key.
    pub fn new(kind: &str) -> KeyBuilder {
        let mut hasher = blake3::Hasher::new();
        hasher.update(tool_id());
        KeyBuilder(hasher).str(kind)
    }

    /// Adds bytes (length first, so parts never run into each other).
    pub fn bytes(mut self, bytes: &[u8]) -> KeyBuilder {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn str(self, text: &str) -> KeyBuilder {
        self.bytes(text.as_bytes())
    }

    pub fn key_part(self, key: &Key) -> KeyBuilder {
        self.bytes(&key.0)
    }

    /// Adds a value as its JSON (followed by a byte no JSON text holds, 0xFF).
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> KeyBuilder {
        // Buffered: serde_json writes a token at a time, and the hasher is fastest on
        // large blocks.
        let mut writer = std::io::BufWriter::with_capacity(64 * 1024, &mut self.0);
        let written = serde_json::to_writer(&mut writer, value);
        drop(writer);
        self.0.update(&[0xff]);
        if written.is_err() {
            self.poison();
        }
        self
    }

    /// Adds a value in postcard's compact encoding: faster than JSON for large values (text
    /// is taken as it is, not escaped), for values whose sequences and maps know their
    /// length (derived `Serialize`); anything else is taken as JSON.
    pub fn value<T: Serialize + ?Sized>(mut self, value: &T) -> KeyBuilder {
        self.0.update(b"postcard");
        let mut writer = std::io::BufWriter::with_capacity(64 * 1024, &mut self.0);
        let written = postcard::to_io(value, &mut writer).is_ok();
        drop(writer);
        if written {
            self
        } else {
            self.str("json").json(value)
        }
    }

    /// A value that could not be written out: the key must match no other, ever.
    fn poison(&mut self) {
        static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.0.update(b"unwritable");
        self.0.update(&n.to_le_bytes());
        self.0.update(&std::process::id().to_le_bytes());
        self.0
            .update(format!("{:?}", std::time::SystemTime::now()).as_bytes());
    }

    pub fn finish(&self) -> Key {
        Key(*self.0.finalize().as_bytes())
    }
}

/// BLAKE3 of some bytes: a notice's text, a file.
pub fn digest(bytes: &[u8]) -> Key {
    Key(*blake3::hash(bytes).as_bytes())
}

/// Names this build of atlas: its version and the executable's size and modification time,
/// so a rebuilt atlas (other extraction rules, other templates) starts from an empty cache.
fn tool_id() -> &'static [u8; 32] {
    static ID: OnceLock<[u8; 32]> = OnceLock::new();
    ID.get_or_init(|| {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        match std::env::current_exe().and_then(std::fs::metadata) {
            Ok(meta) => {
                hasher.update(&meta.len().to_le_bytes());
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                hasher.update(&modified.to_le_bytes());
            }
            // Not knowing which build this is: a key no other process computes.
            Err(_) => {
                hasher.update(&std::process::id().to_le_bytes());
                hasher.update(&format!("{:?}", std::time::SystemTime::now()).into_bytes());
            }
        }
        *hasher.finalize().as_bytes()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_do_not_run_into_each_other() {
        let a = KeyBuilder::new("t").str("ab").str("c").finish();
        let b = KeyBuilder::new("t").str("a").str("bc").finish();
        assert_ne!(a, b);
        let c = KeyBuilder::new("t").str("ab").str("c").finish();
        assert_eq!(a, c);
        assert_ne!(a, KeyBuilder::new("u").str("ab").str("c").finish());
    }

    #[test]
    fn compact_parts_follow_the_value_and_fall_back_to_json() {
        #[derive(Serialize)]
        struct Org {
            name: String,
            notices: Vec<String>,
        }
        let org = |n: &str| Org {
            name: "Dudley".into(),
            notices: vec![n.into()],
        };
        let a = KeyBuilder::new("t").value(&org("a")).finish();
        assert_eq!(a, KeyBuilder::new("t").value(&org("a")).finish());
        assert_ne!(a, KeyBuilder::new("t").value(&org("b")).finish());
        // A map of unknown length cannot be written compactly: JSON, still by value.
        let map = |v: &str| minijinja::context! { x => v.to_string() };
        let m = KeyBuilder::new("t").value(&map("1")).finish();
        assert_eq!(m, KeyBuilder::new("t").value(&map("1")).finish());
        assert_ne!(m, KeyBuilder::new("t").value(&map("2")).finish());
    }

    #[test]
    fn a_value_that_cannot_be_written_never_matches() {
        struct Broken;
        impl Serialize for Broken {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        let a = KeyBuilder::new("t").json(&Broken).finish();
        let b = KeyBuilder::new("t").json(&Broken).finish();
        assert_ne!(a, b);
    }

    #[test]
    fn json_parts_follow_the_value() {
        let a = KeyBuilder::new("t").json(&vec!["x", "y"]).finish();
        let b = KeyBuilder::new("t").json(&vec!["x", "z"]).finish();
        assert_ne!(a, b);
        assert_eq!(a, KeyBuilder::new("t").json(&["x", "y"]).finish());
        assert_eq!(a.hex().len(), 64);
    }
}
