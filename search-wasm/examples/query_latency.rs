//! Native query latency over a built site's index: `cargo run --release -p search-wasm
//! --example query_latency -- SITE_DIR [REPEATS]`. Prints p50/p95 per query, the benchmark's
//! queries and "council tax " completed (no prefix expansion), twice: through `Engine` as
//! `atlas search` runs them (ten results, facet counts), then through `LazyIndex` as the
//! browser does on a large index once the query's pages are loaded (five results, no
//! counts); `--browser` for the second only. Asserts nothing.

mod common;

use std::time::Instant;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use search_wasm::lazy::{LazyDirectory, LazyIndex, Step};
use search_wasm::{Engine, NoticeFiles, NoticeStore, SearchOptions, StoredNotice};

struct Cached {
    files: NoticeFiles,
    parsed: Mutex<HashMap<u32, Arc<StoredNotice>>>,
}

impl NoticeStore for Cached {
    fn notice(&self, key: u32) -> search_wasm::Result<Arc<StoredNotice>> {
        if let Some(n) = self.parsed.lock().unwrap().get(&key) {
            return Ok(n.clone());
        }
        let n = self.files.notice(key)?;
        self.parsed.lock().unwrap().insert(key, n.clone());
        Ok(n)
    }
}

fn main() {
    let browser_only = std::env::args().any(|a| a == "--browser");
    let mut args = std::env::args().skip(1).filter(|a| a != "--browser");
    let site = args
        .next()
        .expect("usage: query_latency SITE_DIR [REPEATS]");
    let repeats: usize = args
        .next()
        .map(|r| r.parse().expect("repeats"))
        .unwrap_or(30);
    let (dir, listed) = common::index_of(&site);
    let files: Vec<(String, Vec<u8>)> = listed
        .iter()
        .map(|(name, _)| {
            let bytes = std::fs::read(format!("{dir}/{name}")).expect("index file");
            (name.clone(), bytes)
        })
        .collect();
    if browser_only {
        browser(&dir, &listed, &files, repeats);
        return;
    }
    let engine = Engine::from_files(files.clone()).expect("index");
    // Parsed notices are kept, as the browser keeps those it fetched: the figures are those
    // of a warm query.
    let notices = Cached {
        files: NoticeFiles {
            dir: dir.clone().into(),
            stored: common::stored_of(&dir),
        },
        parsed: Default::default(),
    };
    println!("{} notices; Engine, as atlas search", engine.num_docs());
    for query in common::QUERIES.iter().chain(&["council tax "]) {
        let mut times = Vec::with_capacity(repeats);
        let mut total = 0;
        for _ in 0..repeats {
            let start = Instant::now();
            let results = engine
                .search(query, SearchOptions::default(), &notices)
                .expect("search");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            total = results.total;
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{query:<28} {total:>7} hits  p50 {:>7.2} ms  p95 {:>7.2} ms",
            times[repeats / 2],
            times[(repeats * 95 / 100).min(repeats - 1)]
        );
    }

    browser(&dir, &listed, &files, repeats);
}

/// The same queries through `LazyIndex`, every index file handed over whole and each hit's
/// notice once, as the browser has them after a first search.
fn browser(dir: &str, listed: &[(String, usize)], files: &[(String, Vec<u8>)], repeats: usize) {
    let mut lazy = LazyIndex::new(LazyDirectory::new(listed.iter().cloned()));
    let stored = common::stored_of(dir);
    for (name, bytes) in files {
        lazy.directory().provide(name, 0, bytes);
    }
    let options = || SearchOptions {
        limit: 5,
        counts: false,
        ..SearchOptions::default()
    };
    println!("LazyIndex, as the browser");
    for query in common::QUERIES.iter().chain(&["council tax "]) {
        let mut times = Vec::with_capacity(repeats);
        let mut total = 0;
        let mut rounds = 0;
        while times.len() < repeats {
            let start = Instant::now();
            let step = lazy.search(query, options()).expect("search");
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            match step {
                Step::Done(results) => {
                    times.push(ms);
                    total = results.total;
                }
                Step::Need(fetches) => {
                    rounds += 1;
                    assert!(rounds < 10, "{query}: no answer");
                    for f in fetches {
                        let file = stored.file_of(&f.file).expect("a stored notice");
                        let bytes = std::fs::read(format!("{dir}/{file}")).expect("file");
                        lazy.directory()
                            .provide_notice(&f.file, &bytes)
                            .expect("notice");
                    }
                }
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{query:<28} {total:>7} hits  p50 {:>7.2} ms  p95 {:>7.2} ms",
            times[repeats / 2],
            times[(repeats * 95 / 100).min(repeats - 1)]
        );
    }
}
