//! Where a query's bytes go when the index is read by byte range, as the browser reads it:
//! `cargo run --release -p search-wasm --example query_bytes -- SITE_DIR [QUERY ...]`.
//! Opens the index from its hot bundle, then runs each query in turn (later queries reuse
//! what earlier ones fetched) and prints, per query, the bytes fetched per file kind and the
//! rounds. Ranges are counted as fetched (whole pages); stored notices as their size on
//! disk, uncompressed (the web server sends them compressed). Asserts nothing.

mod common;

use std::collections::BTreeMap;

use search_wasm::lazy::{LazyDirectory, LazyIndex, Step};
use search_wasm::SearchOptions;

fn kind(file: &str) -> String {
    if file.starts_with(search_wasm::schema::STORED_DIR) {
        return "stored notices".to_string();
    }
    file.rsplit('.').next().unwrap_or(file).to_string()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = args
        .next()
        .expect("usage: query_bytes SITE_DIR [QUERY ...]");
    let queries: Vec<String> = args.collect();
    let queries: Vec<String> = if queries.is_empty() {
        common::QUERIES.iter().map(|q| q.to_string()).collect()
    } else {
        queries
    };
    let (dir, files) = common::index_of(&site);
    let stored = common::stored_of(&dir);
    let mut lazy = LazyIndex::new(LazyDirectory::new(files.iter().cloned()));
    let hot = std::fs::read(format!("{dir}/hot.bin")).expect("hot.bin");
    lazy.directory().provide_bundle(&hot).expect("bundle");
    println!("hot bundle\t{} B", hot.len());
    for query in &queries {
        let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
        let mut rounds = 0;
        loop {
            match lazy
                .search(
                    query,
                    // As the search page asks: five hits, no facet counts.
                    SearchOptions {
                        limit: 5,
                        counts: false,
                        ..SearchOptions::default()
                    },
                )
                .expect("search")
            {
                Step::Done(results) => {
                    let total: usize = by_kind.values().sum();
                    let parts: Vec<String> =
                        by_kind.iter().map(|(k, b)| format!("{k} {b}")).collect();
                    println!(
                        "{query}\t{} hits\t{rounds} rounds\t{total} B\t({})",
                        results.total,
                        parts.join(", ")
                    );
                    break;
                }
                Step::Need(fetches) => {
                    rounds += 1;
                    for f in fetches {
                        let file = stored.file_of(&f.file).unwrap_or_else(|| f.file.clone());
                        let bytes = std::fs::read(format!("{dir}/{file}")).expect("file");
                        if f.whole {
                            *by_kind.entry(kind(&f.file)).or_default() += bytes.len();
                            lazy.directory()
                                .provide_notice(&f.file, &bytes)
                                .expect("notice");
                        } else {
                            *by_kind.entry(kind(&f.file)).or_default() += f.end - f.start;
                            lazy.directory()
                                .provide(&f.file, f.start, &bytes[f.start..f.end]);
                        }
                    }
                }
            }
        }
    }
}
