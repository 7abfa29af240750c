//! Writing the tantivy search index next to the pages.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use search_wasm::schema::StoredDirs;
use search_wasm::AtlasSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tantivy::index::{IndexSortByField, Order};
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings};

use crate::cache::{KeyBuilder, Outputs};
use crate::derive::search::{notice_docs, stored_notice, NoticeDoc};
use crate::facts::Fact;
use crate::files::hex;
use crate::model::site::Site;

/// The stable pointer to the current index, for tools such as `atlas search`.
pub const POINTER_FILE: &str = "search/index.json";
/// Lists an index folder's files; lives inside the (content-hashed) folder.
pub const FILES_LIST: &str = "files.json";
/// The bundle of pages needed to open the index.
pub const HOT_FILE: &str = "hot.bin";
/// Memory a group's index writer may use: enough for a group's notices in one segment.
const GROUP_WRITER_MEMORY: usize = 96 * 1024 * 1024;

/// What the index folder holds, as the browser and `atlas search` read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndexFiles {
    pub docs: u64,
    pub files: Vec<IndexFile>,
    /// The pages a reader needs to open the index (see `search_wasm::lazy`), in one file.
    pub hot: IndexFile,
    /// Where each notice's stored file is (`search/doc-<hash>/<key>.json`).
    pub stored: StoredDirs,
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

/// The search index's groups as the first half of the index stage leaves them: each indexed
/// (or found in the cache) and each group's stored notices written. [`merge`] makes the one
/// index the browser reads from them, and reads nothing of the site: the build runs it beside
/// the stages that do.
#[derive(Debug)]
pub struct Groups {
    /// Each group's index folder in the cache, in site order.
    dirs: Vec<PathBuf>,
    /// The folder of each group's stored notices (`doc-<hash>`), in site order.
    stored_dirs: Vec<String>,
    /// The cache's folder of groups.
    groups_dir: PathBuf,
    docs: u64,
}

/// Writes each notice's stored file into its `doc/` folder and indexes the notices a group at
/// a time: the first half of the index stage, the only one that reads the notices' text.
///
/// The documents are indexed a group at a time (`GROUP` notices in site order), each group
/// into an index of its own kept in `cache` under a key of its documents; [`merge`] then
/// merges the groups into the one segment the browser reads (tantivy merges without analysing
/// the text again). A build after an edit indexes only the edited notice's group; the merge
/// gives the same bytes however many groups came from the cache.
pub fn write_groups(
    site: &Site,
    facts: &[Fact],
    out: &Path,
    cache: &Path,
    outputs: &Outputs,
) -> Result<Groups> {
    let groups_dir = cache.join("index");
    let fields = AtlasSchema::build();
    let mut stored_dirs: Vec<String> = Vec::new();
    let mut groups: Vec<PathBuf> = Vec::new();
    let mut placed = 0u64;
    // Groups are indexed a few at a time, one per core (each writer is single-threaded).
    let at_once = rayon::current_num_threads().max(1);
    let mut batch: Vec<Group> = Vec::with_capacity(at_once);
    let mut pending: Group = Vec::with_capacity(GROUP);
    let mut run = |batch: &mut Vec<Group>| -> Result<()> {
        let places = Places {
            out,
            outputs,
            groups_dir: &groups_dir,
        };
        for (dir, stored) in index_groups(batch, placed, &fields, &places)? {
            groups.push(dir);
            stored_dirs.push(stored);
        }
        placed += batch.iter().map(|g| g.len() as u64).sum::<u64>();
        batch.clear();
        Ok(())
    };
    let docs = notice_docs(site, facts, &mut |doc| {
        pending.push(doc);
        if pending.len() == GROUP {
            batch.push(std::mem::replace(&mut pending, Vec::with_capacity(GROUP)));
            if batch.len() == at_once {
                run(&mut batch)?;
            }
        }
        Ok(())
    })?;
    if !pending.is_empty() || (docs == 0 && batch.is_empty()) {
        batch.push(pending);
    }
    run(&mut batch)?;
    Ok(Groups {
        dirs: groups,
        stored_dirs,
        groups_dir,
        docs,
    })
}

/// Merges the groups into `out/search/index-<hash>/` (one segment, no stored fields) and writes
/// the pointer file; returns where the index went.
pub fn merge(groups: Groups, out: &Path) -> Result<IndexReport> {
    let Groups {
        dirs: groups,
        stored_dirs,
        groups_dir,
        docs,
    } = groups;
    let fields = AtlasSchema::build();
    let search_dir = out.join("search");
    let work = search_dir.join(".index-work");
    std::fs::create_dir_all(&work).with_context(|| format!("cannot create {}", work.display()))?;
    let indices = groups
        .iter()
        .map(|dir| Index::open_in_dir(dir).context("cannot open a group of the search index"))
        .collect::<Result<Vec<_>>>()?;
    let directory = tantivy::directory::MmapDirectory::open(&work)
        .context("cannot open the search index folder")?;
    // One segment: fewer files for the browser to fetch, and better compression. Documents
    // are sorted by their place in the site (the index's sort field).
    let index = tantivy::indexer::merge_indices(&indices, directory)
        .context("cannot merge the search index")?;
    drop(indices);
    remove_unused_groups(&groups_dir, &groups);
    // A notice's stored file is named by its place in the site: the index must hold the
    // documents in that order (its sort field), so that a document's number is its place.
    let ords = document_ords(&index, &fields)?;
    drop(index);
    if ords.iter().enumerate().any(|(key, ord)| key as u64 != *ord) {
        anyhow::bail!("the search index does not hold the notices in site order");
    }
    name_segments_by_content(&work)?;

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
    for dir in &stored_dirs {
        hasher.update(dir.as_bytes());
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
        stored: StoredDirs {
            per_dir: GROUP as u32,
            dirs: stored_dirs.iter().map(|d| format!("../{d}/")).collect(),
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
    // The merge notes its source segments' (random) ids in the payload: not kept.
    let mut meta: serde_json::Value = serde_json::from_str(&new_meta)?;
    if let Some(payload) = meta.get_mut("payload") {
        *payload = serde_json::Value::Null;
    }
    std::fs::write(&meta_path, serde_json::to_vec_pretty(&meta)?)
        .with_context(|| format!("cannot write {}", meta_path.display()))?;
    Ok(())
}

/// Notices indexed together into one group (in site order).
const GROUP: usize = 256;

/// The index settings every group and the merged index share: documents sorted by their
/// place in the site, so the merged segment holds them in the same order on every build.
fn settings(fields: &AtlasSchema) -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Lz4,
        sort_by_field: Some(IndexSortByField {
            field: fields.schema.get_field_name(fields.ord).to_string(),
            order: Order::Asc,
        }),
        ..IndexSettings::default()
    }
}

/// A group's notices with their facets, in site order.
type Group<'a> = Vec<NoticeDoc<'a>>;

/// Where a group's files go: the staged site (its stored notices, unless the published site
/// has them already) and the cache (its index).
struct Places<'a> {
    out: &'a Path,
    outputs: &'a Outputs,
    groups_dir: &'a Path,
}

/// Indexes `batch` (consecutive groups, the first starting at place `base`) in parallel.
/// Returns each group's index folder and the name of its stored notices' folder, in order.
fn index_groups(
    batch: &[Group],
    base: u64,
    fields: &AtlasSchema,
    places: &Places,
) -> Result<Vec<(PathBuf, String)>> {
    use rayon::prelude::*;
    let mut starts = Vec::with_capacity(batch.len());
    let mut next = base;
    for group in batch {
        starts.push(next);
        next += group.len() as u64;
    }
    batch
        .par_iter()
        .zip(starts)
        .map(|(group, start)| index_group(group, start, fields, places))
        .collect()
}

/// Writes a group's stored notices into `search/doc-<hash>/` (a folder named after their
/// keys, kept as it is when the published site has it), and returns the folder of the
/// group's index (from the cache when a build indexed the same documents before, else
/// written now) with the stored notices' folder name. A group whose notices and index are
/// all kept is neither serialised nor indexed: its text is not read.
fn index_group(
    pending: &[NoticeDoc],
    base: u64,
    fields: &AtlasSchema,
    places: &Places,
) -> Result<(PathBuf, String)> {
    use rayon::prelude::*;
    let groups_dir = places.groups_dir;
    let mut folder = KeyBuilder::new("stored-folder");
    for (i, doc) in pending.iter().enumerate() {
        folder = folder
            .bytes(&(base + i as u64).to_le_bytes())
            .key_part(&doc.key);
    }
    let folder = format!("doc-{}", &folder.finish().hex()[..10]);
    pending
        .par_iter()
        .enumerate()
        .try_for_each(|(i, doc)| -> Result<()> {
            let relative = format!("search/{folder}/{}.json", base + i as u64);
            if places.outputs.keep(&relative, &doc.key) {
                return Ok(());
            }
            let json = serde_json::to_vec(&stored_notice(doc.org, doc.notice))?;
            let path = places.out.join(&relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::write(&path, json)
                .with_context(|| format!("cannot write {}", path.display()))?;
            places.outputs.made_from(&relative, &doc.key);
            Ok(())
        })?;
    let mut key = KeyBuilder::new("index-group").json(&settings(fields));
    for (i, doc) in pending.iter().enumerate() {
        key = key
            .bytes(&(base + i as u64).to_le_bytes())
            .key_part(&doc.key)
            .json(&doc.facets);
    }
    let dir = groups_dir.join(key.finish().hex());
    if !dir.join("meta.json").is_file() {
        let partial = groups_dir.join(format!(".partial-{}-{base}", std::process::id()));
        let _ = std::fs::remove_dir_all(&partial);
        std::fs::create_dir_all(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        let index = Index::builder()
            .schema(fields.schema.clone())
            .settings(settings(fields))
            .create_in_dir(&partial)
            .context("cannot create the search index")?;
        search_wasm::schema::register_tokenizers(&index);
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, GROUP_WRITER_MEMORY)
            .context("cannot open the search index writer")?;
        for (i, doc) in pending.iter().enumerate() {
            let notice = stored_notice(doc.org, doc.notice);
            writer.add_document(fields.document(base + i as u64, &notice, &doc.facets))?;
            crate::progress::tick(1);
        }
        writer.commit().context("cannot write the search index")?;
        writer
            .wait_merging_threads()
            .context("cannot finish the search index")?;
        if let Err(e) = std::fs::rename(&partial, &dir) {
            // Another build of the same site (into another folder) kept the same group first.
            let _ = std::fs::remove_dir_all(&partial);
            if !dir.join("meta.json").is_file() {
                return Err(e).with_context(|| {
                    format!("cannot keep the search index group in {}", dir.display())
                });
            }
        }
    } else {
        crate::progress::tick(pending.len() as u64);
    }
    Ok((dir, folder))
}

/// Removes the cached groups this build did not use.
fn remove_unused_groups(groups_dir: &Path, used: &[PathBuf]) {
    let Ok(entries) = std::fs::read_dir(groups_dir) else {
        return;
    };
    for entry in entries.flatten() {
        if !used.contains(&entry.path()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The `ord` of every document, by document number across segments.
fn document_ords(index: &Index, fields: &AtlasSchema) -> Result<Vec<u64>> {
    // Manual reloads: the default policy starts a thread that watches (and locks) the
    // index folder, which could leave its lock file in the folder being published.
    let reader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .context("cannot reopen the search index")?;
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
        notices: search_wasm::NoticeFiles {
            dir,
            stored: list.stored,
        },
    })
}
