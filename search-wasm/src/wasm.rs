//! The browser surface: the same `Engine` behind wasm-bindgen.

use wasm_bindgen::prelude::*;

use crate::engine::{Engine, Filter, SearchOptions};

/// A search index loaded into the module's memory.
#[wasm_bindgen]
pub struct AtlasIndex {
    engine: Engine,
}

#[wasm_bindgen]
impl AtlasIndex {
    /// Opens an index from its files: `names[i]` is the file name of `files[i]`.
    #[wasm_bindgen(constructor)]
    pub fn new(names: Vec<String>, files: Vec<js_sys::Uint8Array>) -> Result<AtlasIndex, JsError> {
        if names.len() != files.len() {
            return Err(JsError::new("names and files differ in length"));
        }
        let pairs = names.into_iter().zip(files.iter().map(|f| f.to_vec()));
        let engine = Engine::from_files(pairs).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(AtlasIndex { engine })
    }

    /// Number of indexed sections.
    #[wasm_bindgen(js_name = numDocs)]
    pub fn num_docs(&self) -> f64 {
        self.engine.num_docs() as f64
    }

    /// Runs a query and returns the results as JSON (see `SearchResults`). `filters` is a
    /// JSON array of `{"facet": …, "value": …}` (empty string for none). Never throws on
    /// the query's syntax.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
        filters: &str,
    ) -> Result<String, JsError> {
        let filters: Vec<Filter> = if filters.trim().is_empty() {
            Vec::new()
        } else {
            serde_json::from_str(filters).map_err(|e| JsError::new(&e.to_string()))?
        };
        let results = self
            .engine
            .search(
                query,
                SearchOptions {
                    limit,
                    offset,
                    filters,
                },
            )
            .map_err(|e| JsError::new(&e.to_string()))?;
        serde_json::to_string(&results).map_err(|e| JsError::new(&e.to_string()))
    }
}
