//! Native query latency over a built site's index: `cargo run --release -p search-wasm
//! --example query_latency -- SITE_DIR [REPEATS]`. Prints p50/p95 per query, the benchmark's
//! queries and "council tax " completed (no prefix expansion). Asserts nothing.

mod common;

use std::time::Instant;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
    let mut args = std::env::args().skip(1);
    let site = args
        .next()
        .expect("usage: query_latency SITE_DIR [REPEATS]");
    let repeats: usize = args
        .next()
        .map(|r| r.parse().expect("repeats"))
        .unwrap_or(30);
    let (dir, listed) = common::index_of(&site);
    let files = listed.into_iter().map(|(name, _)| {
        let bytes = std::fs::read(format!("{dir}/{name}")).expect("index file");
        (name, bytes)
    });
    let engine = Engine::from_files(files).expect("index");
    // Parsed notices are kept, as the browser keeps those it fetched: the figures are those
    // of a warm query.
    let notices = Cached {
        files: NoticeFiles { dir: dir.into() },
        parsed: Default::default(),
    };
    println!("{} notices", engine.num_docs());
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
}
