//! Notice Atlas search: the one place that knows the index schema, the tokenizer and how a
//! query is run and turned into results with snippets.
//!
//! The generator links this crate natively to write the index and to answer `atlas search`;
//! the browser runs the very same code compiled to WebAssembly (see `wasm.rs`), so the writer
//! and both readers can never disagree on field names, tokenizers or ranking.

pub mod engine;
pub mod lazy;
pub mod schema;

#[cfg(target_arch = "wasm32")]
mod wasm;

#[cfg(not(target_arch = "wasm32"))]
pub use engine::NoticeFiles;
pub use engine::{
    Engine, FacetCount, Filter, Hit, NoticeSource, SearchOptions, SearchResults, SnippetPart,
};
pub use schema::{AtlasSchema, StoredNotice, StoredSection};
