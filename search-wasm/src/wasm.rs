//! The browser surface: the same `Engine`, over index files whose bytes arrive on demand
//! (see `lazy.rs`), behind wasm-bindgen.

use wasm_bindgen::prelude::*;

use crate::engine::{Filter, SearchOptions};
use crate::error::Error;
use crate::lazy::{LazyDirectory, LazyIndex, Step};
use crate::query::Spelling;

/// One index file as listed in `files.json`.
#[derive(serde::Deserialize)]
struct Listed {
    name: String,
    size: usize,
}

#[derive(serde::Deserialize)]
struct Listing {
    files: Vec<Listed>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "lowercase")]
enum Answer<'a> {
    Done(&'a crate::engine::SearchResults),
    Need(&'a [crate::lazy::Fetch]),
}

/// A search index whose files are fetched by the page script, whole or in ranges.
#[wasm_bindgen]
pub struct AtlasIndex {
    lazy: LazyIndex,
}

#[wasm_bindgen]
impl AtlasIndex {
    /// Takes the index's `files.json`; no bytes are loaded yet.
    #[wasm_bindgen(constructor)]
    pub fn new(listing_json: &str) -> Result<AtlasIndex, JsError> {
        let listing: Listing = serde_json::from_str(listing_json)
            .map_err(|e| JsError::new(&format!("files.json: {e}")))?;
        let dir = LazyDirectory::new(listing.files.into_iter().map(|f| (f.name, f.size)));
        Ok(AtlasIndex {
            lazy: LazyIndex::new(dir),
        })
    }

    /// Hands over `bytes` of `file` from byte `start` (0 for a whole file). A stored notice
    /// (a fetch marked `whole`) that is not valid is an error.
    pub fn provide(&self, file: &str, start: usize, bytes: &[u8]) -> Result<(), JsError> {
        if file.starts_with(crate::schema::STORED_DIR) {
            return self
                .lazy
                .directory()
                .provide_notice(file, bytes)
                .map_err(js_error);
        }
        self.lazy.directory().provide(file, start, bytes);
        Ok(())
    }

    /// Hands over the hot bundle (`hot.bin`).
    #[wasm_bindgen(js_name = provideBundle)]
    pub fn provide_bundle(&self, bundle: &[u8]) -> Result<(), JsError> {
        self.lazy
            .directory()
            .provide_bundle(bundle)
            .map_err(js_error)
    }

    /// Number of indexed notices (0 until the index could be opened).
    #[wasm_bindgen(js_name = numDocs)]
    pub fn num_docs(&self) -> f64 {
        self.lazy.num_docs() as f64
    }

    /// Bytes handed over so far.
    #[wasm_bindgen(js_name = receivedBytes)]
    pub fn received_bytes(&self) -> f64 {
        self.lazy.directory().received_bytes() as f64
    }

    /// Runs a query. `filters` is a JSON array of `{"facet": …, "value": …}` (empty string
    /// for none); `counts` asks for counts per facet value; `as_typed` searches the words as
    /// typed, never corrected. Answers JSON: `{"done": SearchResults}`, or `{"need": [{file,
    /// start, end}, ...]}` when byte ranges must be fetched and provided before asking
    /// again. Never throws on the query's syntax.
    pub fn search(
        &mut self,
        query: &str,
        limit: usize,
        offset: usize,
        filters: &str,
        counts: bool,
        as_typed: bool,
    ) -> Result<String, JsError> {
        let filters: Vec<Filter> = if filters.trim().is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(filters).map_err(|e| JsError::new(&e.to_string()))?
        };
        let options = SearchOptions {
            limit,
            offset,
            filters,
            counts,
        };
        let spelling = if as_typed {
            Spelling::AsTyped
        } else {
            Spelling::Correct
        };
        let step = self
            .lazy
            .search_with(query, options, spelling)
            .map_err(js_error)?;
        // Serialised straight from the structs (not through serde_json::Value, which would
        // widen the f32 scores), so the JSON is byte for byte what `atlas search` prints.
        let answer = match &step {
            Step::Done(results) => Answer::Done(results),
            Step::Need(fetches) => Answer::Need(fetches),
        };
        serde_json::to_string(&answer).map_err(|e| JsError::new(&e.to_string()))
    }
}

fn js_error(e: Error) -> JsError {
    JsError::new(&e.to_string())
}
