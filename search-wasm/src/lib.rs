//! Notice Atlas search: the one place that knows the index schema, the tokenizer and how a
//! query is run and turned into results with snippets.
//!
//! The generator links this crate natively to write the index and to answer `atlas search`;
//! the browser runs the very same code compiled to WebAssembly (see `wasm.rs`), so the writer
//! and both readers can never disagree on field names, tokenizers or ranking.
//!
//! The data flow, module by module: `schema` (fields and analyzers, shared with the writer)
//! → `query` (text to query) → `engine` (ranking, with `facets` for filters and counts) →
//! `stored` (the hits' notices) → `snippet` (the section and excerpt shown). `lazy` reads
//! the index by byte ranges; `wasm` is the browser's surface over it; `error` is what can
//! fail.

pub mod engine;
pub mod error;
pub mod facets;
pub mod lazy;
mod query;
pub mod schema;
mod snippet;
pub mod stored;
#[cfg(test)]
mod test_index;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use engine::{Engine, Hit, SearchOptions, SearchResults, SnippetPart};
pub use error::{Error, Result};
pub use facets::{FacetCount, Filter};
pub use query::Spelling;
pub use schema::AtlasSchema;
#[cfg(not(target_arch = "wasm32"))]
pub use stored::NoticeFiles;
pub use stored::{NoticeStore, StoredNotice, StoredSection};
