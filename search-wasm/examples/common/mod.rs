//! What the measuring examples share: the query set of the benchmark and where a built
//! site's index is.

/// One term, two terms, a phrase, a half-typed word, misspelt words, a field (as
/// `tests/browser/bench-search.mjs` asks them).
pub const QUERIES: &[&str] = &[
    "safeguarding",
    "council tax",
    "\"national data opt-out\"",
    "safeguar",
    "polise records",
    "heading:rights",
];

/// Where the stored notices of the index in `dir` are (`files.json`'s `stored`).
pub fn stored_of(dir: &str) -> search_wasm::schema::StoredDirs {
    let listing: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{dir}/files.json")).expect("files.json"))
            .expect("listing");
    serde_json::from_value(listing["stored"].clone()).expect("stored")
}

/// A built site's index folder and its files (name, size), from `search/index.json` and
/// the folder's `files.json`.
pub fn index_of(site: &str) -> (String, Vec<(String, usize)>) {
    let pointer: serde_json::Value = serde_json::from_slice(
        &std::fs::read(format!("{site}/search/index.json")).expect("search/index.json"),
    )
    .expect("pointer");
    let dir = format!("{site}/{}", pointer["dir"].as_str().expect("dir"));
    let listing: serde_json::Value =
        serde_json::from_slice(&std::fs::read(format!("{dir}/files.json")).expect("files.json"))
            .expect("listing");
    let files = listing["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (
                f["name"].as_str().expect("name").to_string(),
                f["size"].as_u64().expect("size") as usize,
            )
        })
        .collect();
    (dir, files)
}
