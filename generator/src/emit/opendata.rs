//! Open data: `data/notices.json` and `data/facts.csv`, each beside its published schema,
//! and one small file per organisation, `data/orgs/<org>.json` (its values element by
//! element, the file the side-by-side page fetches for the bodies picked), listed in
//! `data/orgs.json`. All are ordered by the site model and carry no timestamps, so
//! the same content gives byte-identical files.

use std::path::Path;

use std::collections::HashMap;

use crate::cache::{digest, Key, KeyBuilder, Outputs, Store};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::derive::compare::{evidence_href, kind_name};
use crate::facts::{Facet, Fact};
use crate::model::content::Codes;
use crate::model::site::{Notice, Org, Site};
use crate::model::Date;

pub const NOTICES_SCHEMA: &str = include_str!("../../schemas/notices.schema.json");
pub const FACTS_SCHEMA: &str = include_str!("../../schemas/facts.schema.json");
pub const ORG_SCHEMA: &str = include_str!("../../schemas/org.schema.json");
pub const ORGS_SCHEMA: &str = include_str!("../../schemas/orgs.schema.json");
/// Columns of facts.csv, in order (documented in facts.schema.json).
pub const FACT_COLUMNS: [&str; 8] = [
    "org",
    "notice",
    "section_anchor",
    "facet",
    "value",
    "quote",
    "url",
    "origin",
];

#[derive(Serialize)]
struct NoticeRecord<'a> {
    org: &'a str,
    org_name: &'a str,
    org_kind: &'static str,
    region: &'a str,
    nhs_region: &'a str,
    codes: &'a Codes,
    notice: &'a str,
    title: &'a str,
    url: String,
    source_url: &'a str,
    retrieved: Date,
    last_updated: Option<Date>,
    sha256: &'a str,
    sections: Vec<SectionRecord<'a>>,
    facts: usize,
    /// Kept versions, then the notice itself; empty when none were kept.
    versions: Vec<VersionRecord<'a>>,
}

#[derive(Serialize)]
struct VersionRecord<'a> {
    retrieved: Date,
    last_updated: Option<Date>,
    sha256: &'a str,
    markdown_sha256: &'a str,
    current: bool,
    /// The "what changed" page; none for the first version.
    changes_url: Option<String>,
}

#[derive(Serialize)]
struct SectionRecord<'a> {
    anchor: &'a str,
    heading: String,
    url: String,
}

/// Writes `out/data/` with absolute URLs under `base_url`.
/// `shown` has each organisation's digest (`Comparison::records`: the organisation with its
/// notices and their rendered text, and its facts), which with `base_url` is all the files
/// are made from: a file whose key is that of the published one is kept without being made
/// again.
///
/// The two largest files, `notices.json` and `facts.csv`, are made of one piece per
/// organisation, each filed in `cache` under the organisation's digest: when one organisation
/// changes, its piece is made again and the others' bytes are copied.
pub fn write(
    site: &Site,
    facts: &[Fact],
    shown: &[Key],
    base_url: &str,
    out: &Path,
    outputs: &Outputs,
    cache: &Path,
) -> Result<()> {
    let dir = Files { out, outputs };
    let pieces = Pieces {
        store: Store::open(&cache.join("data")),
        base_url,
        shown,
    };
    let mut by_org: HashMap<&str, Vec<&Fact>> = HashMap::new();
    for f in facts {
        by_org.entry(&*f.org).or_default().push(f);
    }
    let of_org = |o: usize| {
        by_org
            .get(site.orgs[o].slug.as_str())
            .map_or(&[][..], Vec::as_slice)
    };
    let orgs = site.orgs.len();
    let make = |o: usize| notice_records(&site.orgs[o], of_org(o), base_url);
    pieces.put_file(&dir, "data/notices.json", NOTICES_PIECE, &make, |to| {
        write_notices_json(&pieces, orgs, &make, to)
    })?;
    dir.put("data/notices.schema.json", NOTICES_SCHEMA)?;
    let make = |o: usize| fact_rows(&site.orgs[o], of_org(o), base_url);
    pieces.put_file(&dir, "data/facts.csv", CSV_PIECE, &make, |to| {
        write_facts_csv(&pieces, orgs, &make, to)
    })?;
    pieces
        .store
        .sweep(&[NOTICES_PIECE, CSV_PIECE, NOTICES_DIGEST, CSV_DIGEST]);
    dir.put("data/facts.schema.json", FACTS_SCHEMA)?;
    write_org_files(site, &by_org, shown, base_url, &dir)?;
    dir.put("data/org.schema.json", ORG_SCHEMA)?;
    dir.put("data/orgs.schema.json", ORGS_SCHEMA)?;
    Ok(())
}

#[derive(Serialize)]
struct OrgsIndex<'a> {
    schema: &'static str,
    orgs: Vec<OrgEntry<'a>>,
}

#[derive(Serialize)]
struct OrgEntry<'a> {
    org: &'a str,
    name: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    kind_name: &'static str,
    region: &'a str,
    /// `orgs/<org>.json`, relative to the list.
    file: String,
}

#[derive(Serialize)]
struct OrgFile<'a> {
    schema: &'static str,
    org: &'a str,
    name: &'a str,
    kind: &'static str,
    kind_label: &'static str,
    kind_name: &'static str,
    region: &'a str,
    url: String,
    path: &'a str,
    notices: usize,
    elements: Vec<OrgElement<'a>>,
}

#[derive(Serialize)]
struct OrgElement<'a> {
    facet: &'static str,
    label: &'static str,
    values: Vec<OrgValue<'a>>,
}

#[derive(Serialize)]
struct OrgValue<'a> {
    value: &'a str,
    label: &'a str,
    mentions: usize,
    notice: &'a str,
    notice_title: &'a str,
    section_anchor: &'a str,
    heading: &'a str,
    quote: &'a str,
    origin: &'static str,
    url: String,
    path: String,
}

/// `data/orgs/<org>.json` for every organisation, and the list of them, `data/orgs.json`.
fn write_org_files(
    site: &Site,
    by_org: &HashMap<&str, Vec<&Fact>>,
    shown: &[Key],
    base_url: &str,
    dir: &Files,
) -> Result<()> {
    use rayon::prelude::*;
    site.orgs
        .par_iter()
        .zip(shown.par_iter())
        .try_for_each(|(org, shown)| -> Result<()> {
            let key = KeyBuilder::new("org-json")
                .str(base_url)
                .key_part(shown)
                .finish();
            dir.put_keyed(&format!("data/orgs/{}.json", org.slug), &key, || {
                let notices: HashMap<&str, (&str, &str)> = org
                    .notices
                    .iter()
                    .map(|n| (n.slug.as_str(), (n.title.as_str(), n.url.as_str())))
                    .collect();
                let of_org = by_org.get(org.slug.as_str()).map_or(&[][..], Vec::as_slice);
                let elements = Facet::ALL
                    .iter()
                    .map(|&facet| {
                        let mut values: Vec<OrgValue> = Vec::new();
                        for f in of_org.iter().filter(|f| f.facet == facet) {
                            if let Some(v) = values.iter_mut().find(|v| *v.value == *f.value) {
                                v.mentions += 1;
                                continue;
                            }
                            let (title, notice_url) =
                                notices.get(&*f.notice).copied().unwrap_or(("", ""));
                            values.push(OrgValue {
                                value: &f.value,
                                label: &f.label,
                                mentions: 1,
                                notice: &f.notice,
                                notice_title: title,
                                section_anchor: &f.anchor,
                                heading: &f.heading,
                                quote: &f.quote,
                                origin: f.origin.id(),
                                url: section_url(base_url, notice_url, &f.anchor),
                                path: evidence_href(notice_url, &f.anchor, &f.quote),
                            });
                        }
                        OrgElement {
                            facet: facet.id(),
                            label: facet.label(),
                            values,
                        }
                    })
                    .collect();
                let file = OrgFile {
                    schema: "../org.schema.json",
                    org: &org.slug,
                    name: &org.name,
                    kind: org.kind.id(),
                    kind_label: org.kind.label(),
                    kind_name: kind_name(org.kind),
                    region: &org.region,
                    url: format!("{base_url}{}", org.url),
                    path: &org.url,
                    notices: org.notices.len(),
                    elements,
                };
                let mut json = serde_json::to_string(&file)?;
                json.push('\n');
                Ok(json)
            })
        })?;
    let mut entries: Vec<OrgEntry> = site
        .orgs
        .iter()
        .map(|o| OrgEntry {
            org: &o.slug,
            name: &o.name,
            kind: o.kind.id(),
            kind_label: o.kind.label(),
            kind_name: kind_name(o.kind),
            region: &o.region,
            file: format!("orgs/{}.json", o.slug),
        })
        .collect();
    entries.sort_by_key(|e| e.name.to_lowercase());
    let mut json = serde_json::to_string(&OrgsIndex {
        schema: "orgs.schema.json",
        orgs: entries,
    })?;
    json.push('\n');
    dir.put("data/orgs.json", &json)
}

/// Kinds of the pieces filed in the cache.
const NOTICES_PIECE: &str = "notices-json";
const CSV_PIECE: &str = "facts-csv";
/// Where the digest of a piece of each kind is filed, under the piece's key.
const NOTICES_DIGEST: &str = "notices-json-digest";
const CSV_DIGEST: &str = "facts-csv-digest";

fn digest_kind(kind: &str) -> &'static str {
    if kind == NOTICES_PIECE {
        NOTICES_DIGEST
    } else {
        CSV_DIGEST
    }
}

/// Organisations whose pieces are made (or read back) at once: the files are written in
/// order, never held whole (`facts.csv` is hundreds of megabytes on a national site).
const PIECES_AT_ONCE: usize = 64;

/// The per-organisation pieces of the largest data files.
struct Pieces<'a> {
    store: Store,
    base_url: &'a str,
    shown: &'a [Key],
}

impl Pieces<'_> {
    fn key(&self, kind: &'static str, o: usize) -> Key {
        KeyBuilder::new(kind)
            .str(self.base_url)
            .key_part(&self.shown[o])
            .finish()
    }

    /// Hands each organisation's piece of `kind` to `put` in site order: read back from
    /// the cache, or made by `make` and filed.
    fn write(
        &self,
        kind: &'static str,
        orgs: usize,
        make: &(dyn Fn(usize) -> Vec<u8> + Sync),
        put: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        use rayon::prelude::*;
        let all: Vec<usize> = (0..orgs).collect();
        for batch in all.chunks(PIECES_AT_ONCE) {
            let made: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|&o| {
                    let key = self.key(kind, o);
                    self.store.get_raw(kind, &key).unwrap_or_else(|| {
                        let piece = make(o);
                        self.store.put_raw(kind, &key, &piece);
                        piece
                    })
                })
                .collect();
            for piece in &made {
                put(piece)?;
            }
        }
        Ok(())
    }

    /// The digest of each organisation's piece of `kind`, in site order: filed beside the
    /// piece, or taken from the piece (read back, or made by `make` and filed) when the
    /// organisation changed.
    fn digests(&self, kind: &'static str, make: &(dyn Fn(usize) -> Vec<u8> + Sync)) -> Vec<Key> {
        use rayon::prelude::*;
        let of_digest = digest_kind(kind);
        (0..self.shown.len())
            .into_par_iter()
            .map(|o| {
                let key = self.key(kind, o);
                let filed = self.store.get_raw(of_digest, &key);
                if let Some(bytes) = filed.and_then(|b| <[u8; 32]>::try_from(&b[..]).ok()) {
                    return Key(bytes);
                }
                let piece = self.store.get_raw(kind, &key).unwrap_or_else(|| {
                    let piece = make(o);
                    self.store.put_raw(kind, &key, &piece);
                    piece
                });
                let made = digest(&piece);
                self.store.put_raw(of_digest, &key, &made.0);
                made
            })
            .collect()
    }

    /// Writes the site-relative `path` from the pieces of `kind` (`write`; `make` makes an
    /// organisation's piece), unless the published file was made from pieces with the same
    /// bytes: it is then kept, and so are they. An edit that changes none of the file's
    /// records (a typo mended outside every quote) leaves it as it is, unwritten: on a
    /// national site `facts.csv` is hundreds of megabytes.
    fn put_file(
        &self,
        dir: &Files,
        path: &str,
        kind: &'static str,
        make: &(dyn Fn(usize) -> Vec<u8> + Sync),
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut key = KeyBuilder::new(kind);
        for d in self.digests(kind, make) {
            key = key.key_part(&d);
        }
        let key = key.finish();
        if !dir.outputs.keep(path, &key) {
            return dir.write_new(path, &key, write);
        }
        for o in 0..self.shown.len() {
            self.store.has(kind, &self.key(kind, o));
        }
        Ok(())
    }
}

/// `notices.json` as serde_json's pretty printer writes `{ schema, notices: [...] }`, a
/// piece at a time (`make`: an organisation's records, by its place in the site, for the
/// `orgs` of the site).
fn write_notices_json(
    pieces: &Pieces,
    orgs: usize,
    make: &(dyn Fn(usize) -> Vec<u8> + Sync),
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    to.write_all(b"{\n  \"schema\": \"notices.schema.json\",\n  \"notices\": [")?;
    let mut first = true;
    pieces.write(NOTICES_PIECE, orgs, make, &mut |piece| {
        if piece.is_empty() {
            return Ok(());
        }
        // Each record follows ",\n": the site's first record, the newline only.
        let piece = if first { &piece[1..] } else { piece };
        first = false;
        to.write_all(piece)
    })?;
    to.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })
}

/// facts.csv: a header, then one row per fact, a piece at a time (`make`: an organisation's
/// rows, by its place in the site, for the `orgs` of the site).
fn write_facts_csv(
    pieces: &Pieces,
    orgs: usize,
    make: &(dyn Fn(usize) -> Vec<u8> + Sync),
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut header = String::new();
    push_row(&mut header, FACT_COLUMNS.iter().copied());
    to.write_all(header.as_bytes())?;
    pieces.write(CSV_PIECE, orgs, make, &mut |piece| to.write_all(piece))
}

/// One notice's record of `notices.json` (`facts`: how many it states).
fn notice_record<'a>(
    org: &'a Org,
    n: &'a Notice,
    facts: usize,
    base_url: &str,
) -> NoticeRecord<'a> {
    NoticeRecord {
        org: &org.slug,
        org_name: &org.name,
        org_kind: org.kind.id(),
        region: &org.region,
        nhs_region: &org.nhs_region,
        codes: &org.codes,
        notice: &n.slug,
        title: &n.title,
        url: format!("{base_url}{}", n.url),
        source_url: &n.source_url,
        retrieved: n.retrieved,
        last_updated: n.last_updated,
        sha256: &n.sha256,
        sections: n
            .sections
            .iter()
            .map(|s| SectionRecord {
                anchor: &s.anchor,
                heading: if s.anchor.is_empty() {
                    n.title.clone()
                } else {
                    s.heading_path()
                },
                url: section_url(base_url, &n.url, &s.anchor),
            })
            .collect(),
        facts,
        versions: n
            .history
            .iter()
            .map(|v| VersionRecord {
                retrieved: v.retrieved,
                last_updated: v.last_updated,
                sha256: &v.sha256,
                markdown_sha256: &v.markdown_sha256,
                current: v.current,
                changes_url: (!v.changes_url.is_empty())
                    .then(|| format!("{base_url}{}", v.changes_url)),
            })
            .collect(),
    }
}

/// An organisation's records of `notices.json`, each after ",\n", indented as the pretty
/// printer indents an element of the file's `notices` list.
fn notice_records(org: &Org, facts: &[&Fact], base_url: &str) -> Vec<u8> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for f in facts {
        *counts.entry(&*f.notice).or_default() += 1;
    }
    let mut out = Vec::new();
    for n in &org.notices {
        let count = counts.get(n.slug.as_str()).copied().unwrap_or_default();
        let record = notice_record(org, n, count, base_url);
        let json = serde_json::to_string_pretty(&record).unwrap_or_default();
        out.extend_from_slice(b",\n");
        for (i, line) in json.split('\n').enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"    ");
            out.extend_from_slice(line.as_bytes());
        }
    }
    out
}

/// An organisation's rows of facts.csv.
fn fact_rows(org: &Org, facts: &[&Fact], base_url: &str) -> Vec<u8> {
    let urls: HashMap<&str, &str> = org
        .notices
        .iter()
        .map(|n| (n.slug.as_str(), n.url.as_str()))
        .collect();
    let mut csv = String::new();
    for f in facts {
        let notice_url = urls.get(&*f.notice).copied().unwrap_or_default();
        let url = section_url(base_url, notice_url, &f.anchor);
        push_row(
            &mut csv,
            [
                &*f.org,
                &*f.notice,
                &*f.anchor,
                f.facet.id(),
                &*f.value,
                &*f.quote,
                url.as_str(),
                f.origin.id(),
            ],
        );
    }
    csv.into_bytes()
}

fn section_url(base_url: &str, notice_url: &str, anchor: &str) -> String {
    if anchor.is_empty() {
        format!("{base_url}{notice_url}")
    } else {
        format!("{base_url}{notice_url}#{anchor}")
    }
}

/// One RFC 4180 row: fields with a comma, quote or line break are quoted, quotes doubled.
fn push_row<'a>(csv: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            csv.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            csv.push('"');
            csv.push_str(&field.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(field);
        }
    }
    csv.push_str("\r\n");
}

/// Where the data files go: the staged site, unless the published one has the same file.
struct Files<'a> {
    out: &'a Path,
    outputs: &'a Outputs,
}

impl Files<'_> {
    /// Writes `text` to the site-relative `path`, or keeps the published file when it has the
    /// same bytes (most data files do not change with an edit, and the largest are hundreds
    /// of megabytes on a national site).
    fn put(&self, path: &str, text: &str) -> Result<()> {
        let key = KeyBuilder::new("data-file")
            .key_part(&digest(text.as_bytes()))
            .finish();
        self.put_written(path, &key, |to| to.write_all(text.as_bytes()))
    }

    /// Writes what `make` returns to the site-relative `path`, or keeps the published file
    /// made from the same `key` without calling `make`.
    fn put_keyed(
        &self,
        path: &str,
        key: &Key,
        make: impl FnOnce() -> Result<String>,
    ) -> Result<()> {
        if self.outputs.keep(path, key) {
            return Ok(());
        }
        let text = make()?;
        self.write_new(path, key, |to| to.write_all(text.as_bytes()))
    }

    /// [`Files::put_keyed`] for a file written as it is made, by `write`.
    fn put_written(
        &self,
        path: &str,
        key: &Key,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        if self.outputs.keep(path, key) {
            return Ok(());
        }
        self.write_new(path, key, write)
    }

    /// Writes the staged `path`, made from `key`.
    fn write_new(
        &self,
        path: &str,
        key: &Key,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let file = self.out.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let written = std::fs::File::create(&file).and_then(|f| {
            let mut to = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut to)?;
            std::io::Write::flush(&mut to)
        });
        written.with_context(|| format!("cannot write {}", file.display()))?;
        self.outputs.made_from(path, key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        let mut csv = String::new();
        push_row(&mut csv, ["plain", "a, b", "say \"hi\"", ""]);
        assert_eq!(csv, "plain,\"a, b\",\"say \"\"hi\"\"\",\r\n");
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        schema: &'static str,
        notices: Vec<NoticeRecord<'a>>,
    }

    /// The seed site, its facts by organisation, and a cache of pieces.
    fn seed() -> (Site, Vec<Fact>) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let content = crate::check::load_checked(&root, "/", Date::today()).unwrap();
        let site = Site::from_content(content);
        let facts = crate::facts::collect(&site).unwrap();
        (site, facts)
    }

    fn by_org<'a>(site: &Site, facts: &'a [Fact]) -> Vec<Vec<&'a Fact>> {
        site.orgs
            .iter()
            .map(|o| facts.iter().filter(|f| *f.org == *o.slug).collect())
            .collect()
    }

    /// Made of cached pieces or afresh, notices.json is what the pretty printer writes for
    /// the whole list, and facts.csv a row per fact in site order.
    #[test]
    fn the_largest_files_made_of_pieces_are_the_whole_files() {
        let (site, facts) = seed();
        let grouped = by_org(&site, &facts);
        let of_org = |o: usize| grouped[o].as_slice();
        let base_url = "https://example.org/";
        let mut whole = Whole {
            schema: "notices.schema.json",
            notices: Vec::new(),
        };
        let mut csv = String::new();
        push_row(&mut csv, FACT_COLUMNS.iter().copied());
        for (o, org) in site.orgs.iter().enumerate() {
            for n in &org.notices {
                let count = grouped[o].iter().filter(|f| *f.notice == *n.slug).count();
                whole.notices.push(notice_record(org, n, count, base_url));
            }
            let rows = fact_rows(org, &grouped[o], base_url);
            csv.push_str(std::str::from_utf8(&rows).unwrap());
        }
        assert!(whole.notices.len() >= site.orgs.len() && csv.lines().count() > 50);
        let json = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        let cache = tempfile::tempdir().unwrap();
        let mut shown: Vec<Key> = site.orgs.iter().map(|o| o.key()).collect();
        for pass in ["made", "read back", "one organisation changed"] {
            if pass == "one organisation changed" {
                shown[1] = crate::cache::digest(b"changed");
            }
            let pieces = Pieces {
                store: Store::open(cache.path()),
                base_url,
                shown: &shown,
            };
            let orgs = site.orgs.len();
            let records = |o: usize| notice_records(&site.orgs[o], of_org(o), base_url);
            let rows = |o: usize| fact_rows(&site.orgs[o], of_org(o), base_url);
            let mut out = Vec::new();
            write_notices_json(&pieces, orgs, &records, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), json, "{pass}");
            let mut out = Vec::new();
            write_facts_csv(&pieces, orgs, &rows, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), csv, "{pass}");
            pieces.store.sweep(&[NOTICES_PIECE, CSV_PIECE]);
        }
        // One piece of each kind per organisation is left: the changed one's old pieces went.
        let filed = walkdir::WalkDir::new(cache.path())
            .into_iter()
            .filter(|e| e.as_ref().unwrap().file_type().is_file())
            .count();
        assert_eq!(filed, 2 * site.orgs.len());
    }

    #[test]
    fn an_empty_site_has_an_empty_list_of_notices() {
        let site = Site::default();
        let cache = tempfile::tempdir().unwrap();
        let pieces = Pieces {
            store: Store::open(cache.path()),
            base_url: "/",
            shown: &[],
        };
        let mut out = Vec::new();
        write_notices_json(&pieces, site.orgs.len(), &|_| Vec::new(), &mut out).unwrap();
        let whole = Whole {
            schema: "notices.schema.json",
            notices: Vec::new(),
        };
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn schemas_are_json() {
        let notices: serde_json::Value = serde_json::from_str(NOTICES_SCHEMA).unwrap();
        assert_eq!(notices["$id"], "notices.schema.json");
        let facts: serde_json::Value = serde_json::from_str(FACTS_SCHEMA).unwrap();
        let names: Vec<&str> = facts["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, FACT_COLUMNS);
        let org: serde_json::Value = serde_json::from_str(ORG_SCHEMA).unwrap();
        assert_eq!(org["$id"], "org.schema.json");
        let orgs: serde_json::Value = serde_json::from_str(ORGS_SCHEMA).unwrap();
        assert_eq!(orgs["$id"], "orgs.schema.json");
    }
}
