//! Reading an index in pieces: the index files stay as they are on the static host and the
//! reader asks for the byte ranges a query needs (HTTP Range requests in the browser).
//!
//! tantivy reads synchronously, so the loop lives outside it:
//! 1. `LazyIndex::search` ranks the query; if a page is missing, it then warms what the query
//!    will read (the postings and positions of every term, the prefix expansions of a
//!    half-typed word, the field norms), each read on its own so that one pass records every
//!    missing page, not only the first (a query whose pages are all loaded is ranked once);
//! 2. if pages are missing it answers `Step::Need` with the byte ranges (page-aligned,
//!    adjacent ones merged), the caller fetches them and hands them over with `provide`, and
//!    asks again;
//! 3. once the ranking runs from memory, the stored notices of the top hits are asked for
//!    (`doc/<key>.json`, whole files, which the host may compress), then the results are
//!    made from them.
//!
//! Opening the index needs the footers, the term dictionaries and the doc store's skip index;
//! the build records those pages into a "hot" bundle (`hot.bin`) fetched in one request.
//! Given whole files instead (a small site), nothing is ever missing and no round is spent.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    FileHandle, OwnedBytes, RamDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Directory, HasLen, Index, Term};

use crate::engine::{Engine, SearchOptions, SearchResults};
use crate::error::{Error, Result};
use crate::query::{prefix_end, Spelling};
use crate::schema;
use crate::stored::{stored_key, NoticeStore, StoredNotice};

/// Unit in which bytes are fetched and cached.
pub const PAGE: usize = 4096;
/// Missing pages closer than this are fetched in one request with the gap.
const MERGE_GAP_PAGES: usize = 2;
/// Most prefix expansions warmed per field for a half-typed word.
const MAX_PREFIX_TERMS: usize = 64;

/// A byte range of one index file to fetch, or a whole file (a stored notice, which the
/// web server may send compressed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fetch {
    pub file: String,
    pub start: usize,
    pub end: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
}

/// Either a result, or the ranges to fetch before asking again.
#[derive(Debug)]
pub enum Step<T> {
    Done(T),
    Need(Vec<Fetch>),
}

struct LazyFile {
    name: String,
    len: usize,
    pages: RwLock<HashMap<usize, Page>>,
}

/// One loaded page: where its bytes lie in a chunk handed over by `provide`. Pages of one
/// chunk share it, so a read within one chunk is served without a copy.
#[derive(Clone)]
struct Page {
    chunk: Arc<[u8]>,
    /// Offset of the page's first byte in `chunk`.
    at: usize,
    len: usize,
}

impl Page {
    fn bytes(&self) -> &[u8] {
        &self.chunk[self.at..self.at + self.len]
    }
}

#[derive(Default)]
struct Shared {
    files: Vec<LazyFile>,
    by_path: HashMap<PathBuf, usize>,
    missing: Mutex<BTreeSet<(usize, usize)>>,
    /// Pages served so far, for recording the hot bundle.
    touched: Mutex<BTreeSet<(usize, usize)>>,
    /// Bytes handed over by `provide`.
    received: Mutex<u64>,
    /// Stored notices handed over, by key.
    notices: Mutex<HashMap<u32, Arc<StoredNotice>>>,
}

impl Shared {
    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let f = &self.files[file];
        let first = range.start / PAGE;
        let last = (range.end - 1) / PAGE;
        let pages = f.pages.read().expect("page lock");
        let missing: Vec<usize> = (first..=last).filter(|p| !pages.contains_key(p)).collect();
        if !missing.is_empty() {
            let mut m = self.missing.lock().expect("missing lock");
            m.extend(missing.iter().map(|&p| (file, p)));
            return Err(io::Error::other(format!(
                "{}: bytes {}..{} not loaded yet",
                f.name, range.start, range.end
            )));
        }
        let mut touched = self.touched.lock().expect("touched lock");
        touched.extend((first..=last).map(|p| (file, p)));
        // Every page in one chunk, one after the other: a view of the chunk.
        let head = &pages[&first];
        let contiguous = (first + 1..=last).all(|p| {
            let page = &pages[&p];
            Arc::ptr_eq(&page.chunk, &head.chunk) && page.at == head.at + (p - first) * PAGE
        });
        if contiguous {
            let from = head.at + (range.start - first * PAGE);
            return Ok(OwnedBytes::new(head.chunk.clone()).slice(from..from + range.len()));
        }
        let mut out = Vec::with_capacity(range.len());
        for p in first..=last {
            let page = pages[&p].bytes();
            let page_start = p * PAGE;
            let from = range.start.max(page_start) - page_start;
            let to = range.end.min(page_start + page.len()) - page_start;
            out.extend_from_slice(&page[from..to]);
        }
        Ok(OwnedBytes::new(out))
    }

    fn has_missing(&self) -> bool {
        !self.missing.lock().expect("missing lock").is_empty()
    }

    fn take_missing(&self) -> Vec<Fetch> {
        let missing = std::mem::take(&mut *self.missing.lock().expect("missing lock"));
        let mut fetches: Vec<Fetch> = Vec::new();
        let mut last: Option<(usize, usize)> = None;
        for (file, page) in missing {
            let f = &self.files[file];
            let start = page * PAGE;
            let end = ((page + 1) * PAGE).min(f.len);
            match (last, fetches.last_mut()) {
                (Some((lf, lp)), Some(prev)) if lf == file && page <= lp + MERGE_GAP_PAGES => {
                    prev.end = end;
                }
                _ => fetches.push(Fetch {
                    file: f.name.clone(),
                    start,
                    end,
                    whole: false,
                }),
            }
            last = Some((file, page));
        }
        fetches
    }
}

#[derive(Debug)]
struct LazyHandle {
    shared: Arc<SharedRef>,
    file: usize,
    len: usize,
}

/// `Shared` behind a Debug-able wrapper (tantivy's handle trait requires Debug).
struct SharedRef(Shared);

impl std::fmt::Debug for SharedRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyFiles({} files)", self.0.files.len())
    }
}

impl HasLen for LazyHandle {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for LazyHandle {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        self.shared.0.read(self.file, range)
    }
}

/// A tantivy `Directory` over index files of known length whose pages arrive on demand.
/// Files tantivy writes itself (lock files) live in a scratch `RamDirectory`.
#[derive(Clone)]
pub struct LazyDirectory {
    shared: Arc<SharedRef>,
    scratch: RamDirectory,
}

impl std::fmt::Debug for LazyDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LazyDirectory({:?})", self.shared)
    }
}

impl LazyDirectory {
    /// A directory of the given files (name, length), none of their bytes loaded yet.
    pub fn new<I, S>(files: I) -> LazyDirectory
    where
        I: IntoIterator<Item = (S, usize)>,
        S: Into<String>,
    {
        let mut shared = Shared::default();
        for (name, len) in files {
            let name = name.into();
            shared
                .by_path
                .insert(PathBuf::from(&name), shared.files.len());
            shared.files.push(LazyFile {
                name,
                len,
                pages: RwLock::new(HashMap::new()),
            });
        }
        LazyDirectory {
            shared: Arc::new(SharedRef(shared)),
            scratch: RamDirectory::create(),
        }
    }

    fn shared(&self) -> &Shared {
        &self.shared.0
    }

    /// Hands over a stored notice file (`doc/<key>.json`, fetched whole). Fails when the
    /// file is not one, or not valid.
    pub fn provide_notice(&self, file: &str, bytes: &[u8]) -> Result<()> {
        let key = stored_key(file).ok_or_else(|| Error::NotANotice(file.to_string()))?;
        let notice = StoredNotice::from_json(file, bytes)?;
        let shared = self.shared();
        *shared.received.lock().expect("received lock") += bytes.len() as u64;
        shared
            .notices
            .lock()
            .expect("notices lock")
            .insert(key, Arc::new(notice));
        Ok(())
    }

    /// Hands over `bytes` of `file` starting at byte `start` (a page boundary, or 0). Bytes
    /// past the file's end and unknown files are ignored.
    pub fn provide(&self, file: &str, start: usize, bytes: &[u8]) {
        let shared = self.shared();
        let Some(&i) = shared.by_path.get(Path::new(file)) else {
            return;
        };
        let f = &shared.files[i];
        if !start.is_multiple_of(PAGE) || start >= f.len {
            return;
        }
        let bytes = &bytes[..bytes.len().min(f.len - start)];
        *shared.received.lock().expect("received lock") += bytes.len() as u64;
        let chunk: Arc<[u8]> = Arc::from(bytes);
        let mut pages = f.pages.write().expect("page lock");
        for (k, piece) in bytes.chunks(PAGE).enumerate() {
            let page = start / PAGE + k;
            let full = piece.len() == PAGE || page * PAGE + piece.len() == f.len;
            if full {
                pages.entry(page).or_insert_with(|| Page {
                    chunk: chunk.clone(),
                    at: k * PAGE,
                    len: piece.len(),
                });
            }
        }
    }

    /// The missing ranges recorded since the last call.
    pub fn take_missing(&self) -> Vec<Fetch> {
        self.shared().take_missing()
    }

    /// Bytes handed over so far.
    pub fn received_bytes(&self) -> u64 {
        *self.shared().received.lock().expect("received lock")
    }

    /// The pages read so far, as a bundle that `provide_bundle` accepts.
    pub fn touched_bundle(&self) -> Vec<u8> {
        let shared = self.shared();
        let touched = shared.touched.lock().expect("touched lock").clone();
        let mut entries = Vec::new();
        let mut data = Vec::new();
        for (file, page) in touched {
            let f = &shared.files[file];
            let pages = f.pages.read().expect("page lock");
            let bytes = pages[&page].bytes();
            entries.push(BundleEntry {
                file: f.name.clone(),
                start: page * PAGE,
                len: bytes.len(),
            });
            data.extend_from_slice(bytes);
        }
        let header = serde_json::to_vec(&entries).expect("bundle header");
        let mut out = Vec::with_capacity(4 + header.len() + data.len());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&data);
        out
    }

    /// Hands over every page of a bundle written by `touched_bundle`.
    pub fn provide_bundle(&self, bundle: &[u8]) -> Result<()> {
        let len = bundle
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_le_bytes)
            .ok_or(Error::Bundle)? as usize;
        let header = bundle
            .get(4..4usize.saturating_add(len))
            .ok_or(Error::Bundle)?;
        let entries: Vec<BundleEntry> =
            serde_json::from_slice(header).map_err(|_| Error::Bundle)?;
        // Consecutive pages of one file are handed over together, as one chunk.
        let mut at = 4 + len;
        let mut run: Option<(String, usize, usize, usize)> = None; // file, start, from, to
        for e in entries {
            let end = at.checked_add(e.len).ok_or(Error::Bundle)?;
            bundle.get(at..end).ok_or(Error::Bundle)?;
            match &mut run {
                Some((file, start, from, to))
                    if *file == e.file && *start + (*to - *from) == e.start =>
                {
                    *to = end;
                }
                _ => {
                    if let Some((file, start, from, to)) = run.take() {
                        self.provide(&file, start, &bundle[from..to]);
                    }
                    run = Some((e.file, e.start, at, end));
                }
            }
            at = end;
        }
        if let Some((file, start, from, to)) = run {
            self.provide(&file, start, &bundle[from..to]);
        }
        Ok(())
    }
}

impl NoticeStore for LazyDirectory {
    fn notice(&self, key: u32) -> Result<Arc<StoredNotice>> {
        self.shared()
            .notices
            .lock()
            .expect("notices lock")
            .get(&key)
            .cloned()
            .ok_or(Error::NoticeMissing(key))
    }
}

#[derive(Serialize, Deserialize)]
struct BundleEntry {
    file: String,
    start: usize,
    len: usize,
}

impl Directory for LazyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.shared().by_path.get(path) {
            Some(&file) => Ok(Arc::new(LazyHandle {
                shared: self.shared.clone(),
                file,
                len: self.shared().files[file].len,
            })),
            None => self.scratch.get_file_handle(path),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.scratch.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.shared().by_path.contains_key(path) || self.scratch.exists(path)?)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.scratch.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.shared().by_path.get(path) {
            Some(&file) => {
                let len = self.shared().files[file].len;
                self.shared()
                    .read(file, 0..len)
                    .map(|b| b.as_slice().to_vec())
                    .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))
            }
            None => self.scratch.atomic_read(path),
        }
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.scratch.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.scratch.watch(watch_callback)
    }
}

/// A search engine over a `LazyDirectory`: each call either answers or says what to fetch.
pub struct LazyIndex {
    dir: LazyDirectory,
    engine: Option<Engine>,
}

impl LazyIndex {
    pub fn new(dir: LazyDirectory) -> LazyIndex {
        LazyIndex { dir, engine: None }
    }

    pub fn directory(&self) -> &LazyDirectory {
        &self.dir
    }

    /// Opens the index once its footers and dictionaries are loaded.
    pub fn open(&mut self) -> Result<Step<()>> {
        if self.engine.is_some() {
            return Ok(Step::Done(()));
        }
        let opened = Index::open(self.dir.clone())
            .map_err(Error::from)
            .and_then(Engine::open);
        match opened {
            Ok(engine) => {
                self.engine = Some(engine);
                Ok(Step::Done(()))
            }
            Err(e) => self.need_or(e),
        }
    }

    /// Opens the index and loads what every query reads whatever its words: the term
    /// dictionaries and the body's field norms. The build records the pages this needs as
    /// the hot bundle.
    pub fn open_for_queries(&mut self) -> Result<Step<()>> {
        if let Step::Need(fetches) = self.open()? {
            return Ok(Step::Need(fetches));
        }
        warm_fixed(self.engine.as_ref().expect("opened above"));
        let missing = self.dir.take_missing();
        if missing.is_empty() {
            Ok(Step::Done(()))
        } else {
            Ok(Step::Need(missing))
        }
    }

    /// Number of indexed sections, once open.
    pub fn num_docs(&self) -> u64 {
        self.engine.as_ref().map(Engine::num_docs).unwrap_or(0)
    }

    /// Runs a query, or returns the ranges it still needs.
    pub fn search(&mut self, query: &str, options: SearchOptions) -> Result<Step<SearchResults>> {
        self.search_with(query, options, Spelling::Correct)
    }

    /// `search`, saying whether words no notice contains may be corrected.
    pub fn search_with(
        &mut self,
        query: &str,
        options: SearchOptions,
        spelling: Spelling,
    ) -> Result<Step<SearchResults>> {
        if let Step::Need(fetches) = self.open()? {
            return Ok(Step::Need(fetches));
        }
        // Misses recorded by an earlier call that failed for another reason are stale.
        self.dir.take_missing();
        let engine = self.engine.as_ref().expect("opened above");
        let searcher = engine.searcher();
        // A query whose pages are all here (one asked before, or any on an index loaded
        // whole) ranks at once, reading everything once. Otherwise the first missing page
        // stops the ranking, and everything the query reads is touched, each piece on its
        // own, so that one round fetches all of it. A ranking that succeeded although a read
        // failed (an error some code path ignored) is not trusted either.
        let ranked = engine.rank(&searcher, query, &options, spelling);
        let ranked = match ranked {
            Ok(ranked) if !self.dir.shared().has_missing() => ranked,
            Err(e) if !self.dir.shared().has_missing() => return Err(e),
            _ => {
                // Whether a word needs correcting reads its dictionary block, found in the
                // same pass as the query's postings; the letters' blocks a correction
                // compares with come the next round.
                let searched = engine.correction(&searcher, query, spelling).ok().flatten();
                warm_query(engine, searched.as_deref().unwrap_or(query), options.counts);
                return Ok(Step::Need(self.dir.take_missing()));
            }
        };
        // The hits' stored notices, each a whole file.
        let keys = engine.keys(&searcher, &ranked.docs);
        let missing: Vec<Fetch> = {
            let have = self.dir.shared().notices.lock().expect("notices lock");
            keys.iter()
                .filter(|k| !have.contains_key(k))
                .map(|&k| Fetch {
                    file: schema::stored_path(k),
                    start: 0,
                    end: 0,
                    whole: true,
                })
                .collect()
        };
        if !missing.is_empty() {
            return Ok(Step::Need(missing));
        }
        let notices = keys
            .into_iter()
            .map(|k| self.dir.notice(k))
            .collect::<Result<Vec<_>>>()?;
        Ok(Step::Done(engine.finish(query, ranked, &notices)))
    }

    /// An error caused by bytes not loaded yet becomes a `Need`; any other stays an error.
    fn need_or<T>(&self, e: Error) -> Result<Step<T>> {
        let missing = self.dir.take_missing();
        if missing.is_empty() {
            Err(e)
        } else {
            Ok(Step::Need(missing))
        }
    }
}

/// Touches what every query reads: each searched field's term dictionary and field norms.
fn warm_fixed(engine: &Engine) {
    let searcher = engine.searcher();
    for segment in searcher.segment_readers() {
        for field in engine.searched_fields() {
            let _ = segment.get_fieldnorms_reader(field);
            if let Ok(inverted) = segment.inverted_index(field) {
                let _ = inverted.total_num_tokens();
            }
        }
    }
}

/// Touches everything the query's ranking will read, each piece on its own so that every
/// missing page is recorded in one pass.
fn warm_query(engine: &Engine, text: &str, counts: bool) {
    let searcher = engine.searcher();
    let (queries, prefix) = engine.plan(text);
    let mut terms: Vec<(Term, bool)> = Vec::new();
    for q in &queries {
        q.query_terms(&mut |term, positions| terms.push((term.clone(), positions)));
    }
    warm_fixed(engine);
    let facets = engine.facets_field_name();
    for segment in searcher.segment_readers() {
        // Counting facet values reads the facet column whole and its dictionary.
        if counts {
            if let Ok(reader) = segment.facet_reader(&facets) {
                if let Ok(mut stream) = reader.facet_dict().stream() {
                    while stream.advance() {}
                }
            }
        }
        for field in engine.searched_fields() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            if let Some(prefix) = &prefix {
                // Bounded above: a range open at its end reads the dictionary to its end.
                let mut range = inverted.terms().range().ge(prefix.as_bytes());
                if let Some(end) = prefix_end(prefix.as_bytes()) {
                    range = range.lt(end);
                }
                let mut stream = match range.into_stream() {
                    Ok(stream) => stream,
                    Err(_) => continue,
                };
                let mut n = 0;
                while n < MAX_PREFIX_TERMS && stream.advance() {
                    if !stream.key().starts_with(prefix.as_bytes()) {
                        break;
                    }
                    let _ = inverted
                        .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs);
                    n += 1;
                }
            }
        }
        for (term, positions) in &terms {
            let Ok(inverted) = segment.inverted_index(term.field()) else {
                continue;
            };
            if let Ok(Some(info)) = inverted.get_term_info(term) {
                let option = if *positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                };
                let _ = inverted.read_postings_from_terminfo(&info, option);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{self, AtlasSchema, StoredSection};

    /// Builds a small index in memory and returns its files, stored notices included.
    fn index_files(notices: usize) -> Vec<(String, Vec<u8>)> {
        let fields = AtlasSchema::build();
        let dir = RamDirectory::create();
        let index = Index::create(dir.clone(), fields.schema.clone(), Default::default()).unwrap();
        schema::register_tokenizers(&index);
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let words = [
            "council",
            "tax",
            "health",
            "data",
            "opt",
            "out",
            "retention",
            "police",
            "survey",
            "monkey",
            "rights",
            "consent",
        ];
        let mut stored = Vec::new();
        for i in 0..notices {
            let body: Vec<&str> = (0..60)
                .map(|k| words[(i * 7 + k * k) % words.len()])
                .collect();
            let notice = StoredNotice {
                org: format!("org-{}", i % 13),
                org_name: format!("Org {} Council", i % 13),
                org_kind: "council".into(),
                region: "London".into(),
                notice: format!("n{i}"),
                notice_title: "Privacy notice".into(),
                url: format!("orgs/org-{}/n{i}/", i % 13),
                sections: vec![
                    StoredSection {
                        heading: String::new(),
                        anchor: String::new(),
                        text: format!("Notice {i} of the council."),
                    },
                    StoredSection {
                        heading: format!("Section {}", words[i % words.len()]),
                        anchor: format!("s{i}"),
                        text: format!("{} number{i}", body.join(" ")),
                    },
                ],
            };
            let facets = vec![
                ("kind".to_string(), "council".to_string()),
                (
                    "region".to_string(),
                    ["london", "north-east"][i % 2].to_string(),
                ),
            ];
            writer
                .add_document(fields.document(i as u64, &notice, &facets))
                .unwrap();
            stored.push((
                schema::stored_path(i as u32),
                serde_json::to_vec(&notice).unwrap(),
            ));
        }
        writer.commit().unwrap();
        drop(writer);
        let managed: Vec<String> =
            serde_json::from_slice(&dir.atomic_read(Path::new(".managed.json")).unwrap()).unwrap();
        let mut names: Vec<String> = managed
            .into_iter()
            .filter(|n| {
                !n.starts_with('.') && n != "meta.json" && dir.exists(Path::new(n)).unwrap()
            })
            .collect();
        names.push("meta.json".into());
        let mut files: Vec<(String, Vec<u8>)> = names
            .into_iter()
            .map(|n| {
                let bytes = dir
                    .open_read(Path::new(&n))
                    .unwrap()
                    .read_bytes()
                    .unwrap()
                    .to_vec();
                (n, bytes)
            })
            .collect();
        files.extend(stored);
        files
    }

    fn is_stored(name: &str) -> bool {
        name.starts_with(schema::STORED_DIR)
    }

    /// The index files, without the stored notices.
    fn index_only(files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
        files
            .iter()
            .filter(|(n, _)| !is_stored(n))
            .cloned()
            .collect()
    }

    /// The stored notices, in key order.
    fn notices_of(files: &[(String, Vec<u8>)]) -> Vec<Arc<StoredNotice>> {
        (0u32..)
            .map_while(|k| {
                let path = schema::stored_path(k);
                files
                    .iter()
                    .find(|(n, _)| *n == path)
                    .map(|(_, b)| Arc::new(serde_json::from_slice(b).unwrap()))
            })
            .collect()
    }

    /// Answers every `Need` from `files`; counts rounds and bytes.
    fn drive<T>(
        lazy: &mut LazyIndex,
        files: &[(String, Vec<u8>)],
        mut step: impl FnMut(&mut LazyIndex) -> Result<Step<T>>,
    ) -> (T, usize) {
        for round in 0..50 {
            match step(lazy).unwrap() {
                Step::Done(value) => return (value, round),
                Step::Need(fetches) => {
                    assert!(!fetches.is_empty());
                    for f in fetches {
                        let bytes = &files.iter().find(|(n, _)| *n == f.file).unwrap().1;
                        if f.whole {
                            lazy.directory().provide_notice(&f.file, bytes).unwrap();
                            continue;
                        }
                        assert_eq!(f.start % PAGE, 0);
                        lazy.directory()
                            .provide(&f.file, f.start, &bytes[f.start..f.end]);
                    }
                }
            }
        }
        panic!("no answer after 50 rounds");
    }

    fn lazy_over(files: &[(String, Vec<u8>)]) -> LazyIndex {
        LazyIndex::new(LazyDirectory::new(
            files
                .iter()
                .filter(|(n, _)| !is_stored(n))
                .map(|(n, b)| (n.clone(), b.len())),
        ))
    }

    #[test]
    fn answers_match_the_whole_index_and_rounds_stay_few() {
        let files = index_files(3000);
        let full = Engine::from_files(index_only(&files)).unwrap();
        let notices = notices_of(&files);
        let mut lazy = lazy_over(&files);
        let (_, open_rounds) = drive(&mut lazy, &files, |l| l.open_for_queries());
        assert!(open_rounds <= 12, "{open_rounds} rounds to open");
        let total: usize = index_only(&files).iter().map(|(_, b)| b.len()).sum();
        for query in [
            "council tax",
            "\"opt out\"",
            "survey monk",
            "police -consent",
            "number1234",
            "rights OR retention",
            "zzz",
        ] {
            let expected = full
                .search(query, SearchOptions::default(), &notices)
                .unwrap();
            let (got, rounds) = drive(&mut lazy, &files, |l| {
                l.search(query, SearchOptions::default())
            });
            assert_eq!(got, expected, "query {query:?}");
            assert!(rounds <= 3, "{rounds} rounds for {query:?}");
        }
        // A misspelt word: its dictionary block first, then the blocks of its first letter
        // to find the closest word, then that word's postings, then the notices.
        for query in ["counsil tax", "retension"] {
            let expected = full
                .search(query, SearchOptions::default(), &notices)
                .unwrap();
            assert!(expected.searched.is_some() && expected.total > 0, "{query}");
            let (got, rounds) = drive(&mut lazy, &files, |l| {
                l.search(query, SearchOptions::default())
            });
            assert_eq!(got, expected, "query {query:?}");
            assert!(rounds <= 5, "{rounds} rounds for {query:?}");
        }
        let received = lazy.directory().received_bytes() as usize;
        assert!(
            received < total,
            "fetched {received} of {total} bytes: nothing saved"
        );
        // Asked again, a query needs nothing more.
        let before = lazy.directory().received_bytes();
        let (_, rounds) = drive(&mut lazy, &files, |l| {
            l.search("council tax", SearchOptions::default())
        });
        assert_eq!(rounds, 0);
        assert_eq!(lazy.directory().received_bytes(), before);
    }

    #[test]
    fn a_hot_bundle_opens_the_index_without_rounds() {
        let files = index_files(500);
        let mut recorder = lazy_over(&files);
        drive(&mut recorder, &files, |l| l.open_for_queries());
        let bundle = recorder.directory().touched_bundle();
        let header_len = u32::from_le_bytes(bundle[..4].try_into().unwrap()) as usize;
        let entries: Vec<BundleEntry> = serde_json::from_slice(&bundle[4..4 + header_len]).unwrap();
        let norms: usize = entries
            .iter()
            .filter(|e| e.file.ends_with(".fieldnorm"))
            .map(|e| e.len)
            .sum();
        let terms: usize = entries
            .iter()
            .filter(|e| e.file.ends_with(".term"))
            .map(|e| e.len)
            .sum();
        // The body's norms (one byte per notice) and the dictionaries are in it.
        assert!(norms >= 500, "{norms} bytes of field norms");
        assert!(terms > 0);
        let mut lazy = lazy_over(&files);
        lazy.directory().provide_bundle(&bundle).unwrap();
        let (_, rounds) = drive(&mut lazy, &files, |l| l.open_for_queries());
        assert_eq!(rounds, 0);
        // With the dictionaries in the bundle, a query fetches its postings and its
        // documents: one round each at most.
        let (_, rounds) = drive(&mut lazy, &files, |l| {
            l.search("council tax", SearchOptions::default())
        });
        assert!(rounds <= 3, "{rounds} rounds");
        assert!(lazy
            .directory()
            .provide_bundle(&bundle[..bundle.len() / 2])
            .is_err());
    }

    #[test]
    fn reads_across_pages_and_chunks_give_the_bytes_handed_over() {
        let bytes: Vec<u8> = (0..5 * PAGE + 100).map(|i| (i % 251) as u8).collect();
        let dir = LazyDirectory::new([("f", bytes.len())]);
        // Pages 0-2 in one chunk, 3-5 (the last one short) in another.
        dir.provide("f", 0, &bytes[..3 * PAGE]);
        dir.provide("f", 3 * PAGE, &bytes[3 * PAGE..]);
        let handle = dir.get_file_handle(Path::new("f")).unwrap();
        for range in [
            0..10,
            PAGE - 3..2 * PAGE + 7,
            2 * PAGE + 1..4 * PAGE,
            0..bytes.len(),
            5 * PAGE..bytes.len(),
            7..7,
        ] {
            let read = handle.read_bytes(range.clone()).unwrap();
            assert_eq!(read.as_slice(), &bytes[range.clone()], "{range:?}");
        }
        assert_eq!(dir.received_bytes(), bytes.len() as u64);
    }

    #[test]
    fn whole_files_need_no_rounds() {
        let files = index_files(200);
        let mut lazy = lazy_over(&files);
        for (name, bytes) in index_only(&files) {
            lazy.directory().provide(&name, 0, &bytes);
        }
        let (results, rounds) = drive(&mut lazy, &files, |l| {
            l.search("health data", SearchOptions::default())
        });
        // Only the hits' stored notices are fetched.
        assert_eq!(rounds, 1);
        assert!(results.total > 0);
    }
}
