//! What can go wrong in the search crate. Callers match on the variant: a stored notice that
//! is not loaded yet is not the same thing as an index that cannot be read.

use std::io;

/// An error of the search crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index could not be opened or read (tantivy's own error).
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    /// The stored notice of a ranked document is not among the notices given.
    #[error("stored notice {} is missing", crate::schema::stored_path(*.0))]
    NoticeMissing(u32),
    /// A stored notice file could not be read.
    #[error("cannot read stored notice {path}: {source}")]
    NoticeUnreadable {
        path: String,
        #[source]
        source: io::Error,
    },
    /// A stored notice file is not valid JSON of a notice.
    #[error("{path} is not a valid stored notice ({source}); rebuild the site")]
    NoticeInvalid {
        path: String,
        #[source]
        source: serde_json::Error,
    },
    /// A file handed over as a stored notice is not named like one (`doc/<key>.json`).
    #[error("{0} is not a stored notice")]
    NotANotice(String),
    /// The hot bundle is shorter than its header says, or its header is not valid.
    #[error("the hot bundle is truncated or corrupt; rebuild the site")]
    Bundle,
}

/// A result of the search crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
