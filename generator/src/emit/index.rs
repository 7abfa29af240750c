//! Writing the tantivy search index next to the pages.

use std::path::Path;

use anyhow::{Context, Result};
use search_wasm::{AtlasSchema, StoredNotice};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::index::{IndexSortByField, Order};
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings};

use crate::derive::search::notice_docs;
use crate::emit::hex;
use crate::facts::Fact;
use crate::model::site::Site;

/// The stable pointer to the current index, for tools such as `atlas search`.
pub const POINTER_FILE: &str = "search/index.json";
/// Lists an index folder's files; lives inside the (content-hashed) folder.
pub const FILES_LIST: &str = "files.json";
/// The bundle of pages needed to open the index.
pub const HOT_FILE: &str = "hot.bin";
/// Memory the index writer may use before it flushes a segment (shared by its threads).
const WRITER_MEMORY: usize = 128 * 1024 * 1024;
/// Indexing threads: the stage runs alone, so both of a small machine's cores; the segments
/// they write are merged into one afterwards.
const INDEX_THREADS: usize = 2;

/// What the index folder holds, as the browser and `atlas search` read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexFiles {
    pub docs: u64,
    pub files: Vec<IndexFile>,
    /// The pages a reader needs to open the index (see `search_wasm::lazy`), in one file.
    pub hot: IndexFile,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexFile {
    pub name: String,
    pub size: u64,
}

/// Contents of `search/index.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexPointer {
    /// Site-relative folder of the index, e.g. `search/index-0123abcd/`.
    pub dir: String,
}

/// The index written by a build.
#[derive(Debug, Clone)]
pub struct IndexReport {
    /// Site-relative folder, e.g. `search/index-0123abcd/`.
    pub dir: String,
    pub docs: u64,
    pub bytes: u64,
}

/// Writes the index into `out/search/index-<hash>/` (one segment, no stored fields), each
/// notice's stored file into its `doc/` folder, and the pointer file; returns where it went.
pub fn write(site: &Site, facts: &[Fact], out: &Path) -> Result<IndexReport> {
    let search_dir = out.join("search");
    let work = search_dir.join(".index-work");
    let by_ord = work.join(".stored-by-ord");
    std::fs::create_dir_all(&by_ord)
        .with_context(|| format!("cannot create {}", by_ord.display()))?;
    let fields = AtlasSchema::build();
    // Documents sorted by their place in the site: whichever thread indexed a notice, the
    // merged segment holds the documents in the same order on every build.
    let settings = IndexSettings {
        docstore_compression: Compressor::Lz4,
        sort_by_field: Some(IndexSortByField {
            field: fields.schema.get_field_name(fields.ord).to_string(),
            order: Order::Asc,
        }),
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(fields.schema.clone())
        .settings(settings)
        .create_in_dir(&work)
        .context("cannot create the search index")?;
    search_wasm::schema::register_tokenizers(&index);
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(INDEX_THREADS, WRITER_MEMORY)
        .context("cannot open the search index writer")?;
    // Stored files are written under their place in the site's order, then renamed after
    // the document number the index gave them. Documents are made and stored files written
    // a batch at a time on every core.
    let mut digests: Vec<[u8; 32]> = Vec::new();
    let mut pending: Vec<(StoredNotice, Vec<(String, String)>)> = Vec::with_capacity(BATCH);
    let docs = notice_docs(site, facts, &mut |notice, facets| {
        pending.push((notice, facets));
        if pending.len() == BATCH {
            feed(&mut pending, &mut digests, &writer, &fields, &by_ord)?;
        }
        Ok(())
    })?;
    feed(&mut pending, &mut digests, &writer, &fields, &by_ord)?;
    writer.commit().context("cannot write the search index")?;
    // One segment: fewer files for the browser to fetch, and better compression.
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer
            .merge(&segments)
            .wait()
            .context("cannot merge the search index")?;
    }
    writer
        .wait_merging_threads()
        .context("cannot finish the search index")?;
    let gc_writer: tantivy::IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    gc_writer.garbage_collect_files().wait()?;
    drop(gc_writer);
    let ords = document_ords(&index, &fields)?;
    drop(index);
    name_segments_by_content(&work)?;
    let stored_dir = work.join(search_wasm::schema::STORED_DIR);
    std::fs::create_dir_all(&stored_dir)?;
    for (key, ord) in ords.iter().enumerate() {
        std::fs::rename(
            by_ord.join(format!("{ord}.json")),
            work.join(search_wasm::schema::stored_path(key as u32)),
        )
        .context("cannot name the stored notices")?;
    }
    std::fs::remove_dir(&by_ord).with_context(|| format!("cannot remove {}", by_ord.display()))?;

    // Keep the files a reader needs; name the folder after their content.
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&work)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            continue;
        }
        if name.starts_with('.') {
            std::fs::remove_file(entry.path())?;
            continue;
        }
        files.push(name);
    }
    files.sort();
    for name in &files {
        make_world_readable(&work.join(name))?;
    }
    let mut hasher = Sha256::new();
    let mut listed = Vec::new();
    let mut bytes = 0;
    for name in &files {
        let data = std::fs::read(work.join(name))?;
        hasher.update(name.as_bytes());
        hasher.update(&data);
        bytes += data.len() as u64;
        listed.push(IndexFile {
            name: name.clone(),
            size: data.len() as u64,
        });
    }
    for ord in &ords {
        hasher.update(digests[*ord as usize]);
    }
    let hash = hex(&hasher.finalize()[..5]);
    let dir_name = format!("index-{hash}");
    let hot = hot_bundle(&work, &listed)?;
    std::fs::write(work.join(HOT_FILE), &hot)?;
    let list = IndexFiles {
        docs,
        files: listed,
        hot: IndexFile {
            name: HOT_FILE.to_string(),
            size: hot.len() as u64,
        },
    };
    std::fs::write(work.join(FILES_LIST), serde_json::to_vec(&list)?)?;
    std::fs::rename(&work, search_dir.join(&dir_name))?;
    let dir = format!("search/{dir_name}/");
    std::fs::write(
        out.join(POINTER_FILE),
        serde_json::to_vec_pretty(&IndexPointer { dir: dir.clone() })?,
    )?;
    Ok(IndexReport { dir, docs, bytes })
}

/// tantivy names a segment with a random id, in its files' names and in `meta.json`. Renames
/// the segment after a hash of its files, so the same content always gives the same files.
fn name_segments_by_content(dir: &Path) -> Result<()> {
    let meta_path = dir.join("meta.json");
    let meta_text = std::fs::read_to_string(&meta_path)
        .with_context(|| format!("cannot read {}", meta_path.display()))?;
    let meta: serde_json::Value = serde_json::from_str(&meta_text)?;
    let ids: Vec<String> = meta["segments"]
        .as_array()
        .map(|segments| {
            segments
                .iter()
                .filter_map(|s| s["segment_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut new_meta = meta_text.clone();
    for id in ids {
        let simple = id.replace('-', "");
        let own: Vec<&String> = names.iter().filter(|n| n.starts_with(&simple)).collect();
        let mut hasher = Sha256::new();
        for name in &own {
            hasher.update(&name.as_bytes()[simple.len()..]);
            hasher.update(std::fs::read(dir.join(name))?);
        }
        let new_simple = hex(&hasher.finalize()[..16]);
        let new_hyphenated = format!(
            "{}-{}-{}-{}-{}",
            &new_simple[..8],
            &new_simple[8..12],
            &new_simple[12..16],
            &new_simple[16..20],
            &new_simple[20..]
        );
        for name in own {
            let renamed = format!("{new_simple}{}", &name[simple.len()..]);
            std::fs::rename(dir.join(name), dir.join(renamed))
                .context("cannot name the search index's segment")?;
        }
        let replacement = if id.contains('-') {
            new_hyphenated
        } else {
            new_simple
        };
        new_meta = new_meta.replace(&id, &replacement);
    }
    std::fs::write(&meta_path, new_meta)
        .with_context(|| format!("cannot write {}", meta_path.display()))?;
    Ok(())
}

/// Notices made into documents at once (on all cores) before they go to the writer.
const BATCH: usize = 128;

/// Makes the pending notices' documents and stored files in parallel, then hands the
/// documents to the writer in order.
fn feed(
    pending: &mut Vec<(StoredNotice, Vec<(String, String)>)>,
    digests: &mut Vec<[u8; 32]>,
    writer: &tantivy::IndexWriter,
    fields: &AtlasSchema,
    by_ord: &Path,
) -> Result<()> {
    use rayon::prelude::*;
    let base = digests.len() as u64;
    let made = pending
        .par_iter()
        .enumerate()
        .map(|(i, (notice, facets))| -> Result<_> {
            let ord = base + i as u64;
            let doc = fields.document(ord, notice, facets);
            let json = serde_json::to_vec(notice)?;
            let digest: [u8; 32] = Sha256::digest(&json).into();
            let path = by_ord.join(format!("{ord}.json"));
            std::fs::write(&path, json)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok((doc, digest))
        })
        .collect::<Result<Vec<_>>>()?;
    for (doc, digest) in made {
        writer.add_document(doc)?;
        crate::progress::tick(1);
        digests.push(digest);
    }
    pending.clear();
    Ok(())
}

/// The `ord` of every document, by document number across segments.
fn document_ords(index: &Index, fields: &AtlasSchema) -> Result<Vec<u64>> {
    let reader = index.reader().context("cannot reopen the search index")?;
    let searcher = reader.searcher();
    let name = fields.schema.get_field_name(fields.ord);
    let mut ords = Vec::new();
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(name)?;
        for doc in 0..segment.max_doc() {
            ords.push(
                column
                    .first(doc)
                    .context("a search document lost its place in the site")?,
            );
        }
    }
    Ok(ords)
}

/// Opens the written index the way the browser does, page by page, and bundles the pages
/// that opening needed: the browser fetches them in one request before its first query.
fn hot_bundle(dir: &Path, files: &[IndexFile]) -> Result<Vec<u8>> {
    use search_wasm::lazy::{LazyDirectory, LazyIndex, Step};
    let lazy_dir = LazyDirectory::new(files.iter().map(|f| (f.name.clone(), f.size as usize)));
    let mut lazy = LazyIndex::new(lazy_dir);
    for _ in 0..64 {
        match lazy
            .open_for_queries()
            .context("cannot reopen the written search index")?
        {
            Step::Done(()) => return Ok(lazy.directory().touched_bundle()),
            Step::Need(fetches) => {
                for f in fetches {
                    let bytes = read_range(&dir.join(&f.file), f.start, f.end)?;
                    lazy.directory().provide(&f.file, f.start, &bytes);
                }
            }
        }
    }
    anyhow::bail!("opening the search index needed more than 64 rounds of reads")
}

/// tantivy writes meta.json readable by its owner only; a web server needs to read it.
fn make_world_readable(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("cannot set permissions of {}", path.display()))?;
    }
    Ok(())
}

fn read_range(path: &Path, start: usize, end: usize) -> Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    file.seek(SeekFrom::Start(start as u64))?;
    let mut bytes = vec![0; end - start];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// The index of a built site, opened for native searching.
pub struct SiteIndex {
    pub engine: search_wasm::Engine,
    pub notices: search_wasm::NoticeFiles,
}

impl SiteIndex {
    pub fn search(
        &self,
        query: &str,
        options: search_wasm::SearchOptions,
        spelling: search_wasm::Spelling,
    ) -> Result<search_wasm::SearchResults> {
        Ok(self
            .engine
            .search_with(query, options, &self.notices, spelling)?)
    }
}

/// Opens the index of a built site for native searching.
pub fn open(site_dir: &Path) -> Result<SiteIndex> {
    let pointer_path = site_dir.join(POINTER_FILE);
    let pointer: IndexPointer =
        serde_json::from_slice(&std::fs::read(&pointer_path).with_context(|| {
            format!(
                "no search index at {}; build the site first with `atlas build`",
                pointer_path.display()
            )
        })?)
        .with_context(|| format!("{} is not a valid index pointer", pointer_path.display()))?;
    let dir = site_dir.join(&pointer.dir);
    let list: IndexFiles = serde_json::from_slice(
        &std::fs::read(dir.join(FILES_LIST))
            .with_context(|| format!("cannot read {}", dir.join(FILES_LIST).display()))?,
    )?;
    let mut files = Vec::new();
    for f in &list.files {
        let bytes = std::fs::read(dir.join(&f.name))
            .with_context(|| format!("cannot read {}", dir.join(&f.name).display()))?;
        files.push((f.name.clone(), bytes));
    }
    let engine = search_wasm::Engine::from_files(files)
        .with_context(|| format!("cannot open the search index in {}", dir.display()))?;
    Ok(SiteIndex {
        engine,
        notices: search_wasm::NoticeFiles { dir },
    })
}
