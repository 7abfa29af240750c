//! The work a build keeps for each notice between runs (see [`crate::cache`]): its rendered
//! Markdown and the extractor's facts, filed under the notice's work key. A notice whose text,
//! title, slug and organisation are unchanged is neither rendered nor read by the extractor
//! again. Maintainers' reviewed facts are applied afresh on every build.
//!
//! The HTML is filed apart and not read back with the rest: a notice taken from the cache has
//! none in the site model ([`Notice::html`] is empty), and [`NoticeWork::html`] reads it only
//! for a notice page that is rendered. A build after an edit renders one or two notice pages,
//! so the site's HTML (hundreds of megabytes at national scale) is neither read nor held.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::CACHE_DIR;
use crate::cache::{Key, Store};
use crate::facts::{extract, Fact};
use crate::model::markdown::Section;
use crate::model::site::{Notice, Org, RenderedNotice, Site};

const KIND: &str = "notice";
const KIND_HTML: &str = "notice-html";

/// A cache entry as read back: all but the HTML.
#[derive(Deserialize)]
struct Entry {
    sections: Vec<Section>,
    words: usize,
    facts: Vec<Fact>,
}

/// A cache entry as written (the same fields, borrowed).
#[derive(Serialize)]
struct EntryRef<'a> {
    sections: &'a [Section],
    words: usize,
    facts: &'a [Fact],
}

/// One build's use of the notice cache.
pub struct NoticeWork {
    store: Store,
    /// Facts read back with the rendered notice, until the facts stage takes them.
    kept: Mutex<HashMap<Key, Vec<Fact>>>,
    /// Notices rendered in this build whose HTML is filed: the site model need not hold it.
    filed_html: Mutex<HashSet<Key>>,
    reused: AtomicUsize,
}

impl NoticeWork {
    pub fn open(cache: &Path) -> NoticeWork {
        NoticeWork {
            store: Store::open(&cache.join("notices")),
            kept: Mutex::new(HashMap::new()),
            filed_html: Mutex::new(HashSet::new()),
            reused: AtomicUsize::new(0),
        }
    }

    /// The notice as rendered by an earlier build, without its HTML (see [`Self::html`]),
    /// keeping its facts for [`Self::facts`].
    pub fn earlier(&self, key: &Key) -> Option<RenderedNotice> {
        if !self.store.has(KIND_HTML, key) {
            return None;
        }
        let entry: Entry = self.store.get(KIND, key)?;
        self.kept.lock().ok()?.insert(*key, entry.facts);
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(RenderedNotice {
            html: String::new(),
            sections: entry.sections,
            words: entry.words,
        })
    }

    /// The notice's HTML: rendered in this build, or read back from the cache.
    pub fn html(&self, notice: &Notice) -> Result<String> {
        if !notice.html.is_empty() {
            return Ok(notice.html.clone());
        }
        if let Some(html) = self.store.get(KIND_HTML, &notice.work_key) {
            return Ok(html);
        }
        if notice.sections.iter().all(|s| s.text.is_empty()) {
            // Nothing to render: the HTML is empty.
            return Ok(String::new());
        }
        Err(anyhow::anyhow!(
                "the rendered text of {} was removed from {} during the build\n  help: run the build again",
                notice.source_path.display(),
                CACHE_DIR
            ))
    }

    /// The extractor's facts for a notice: kept from an earlier build, or extracted now (the
    /// notice was rendered in this build, so its sections still have their blocks) and filed.
    pub fn facts(&self, org: &Org, notice: &Notice) -> Vec<Fact> {
        let kept = self
            .kept
            .lock()
            .ok()
            .and_then(|mut kept| kept.remove(&notice.work_key));
        if let Some(facts) = kept {
            return facts;
        }
        let facts = extract::notice_facts(org, notice);
        let entry = EntryRef {
            sections: &notice.sections,
            words: notice.words,
            facts: &facts,
        };
        if self.store.put(KIND_HTML, &notice.work_key, &notice.html) {
            if let Ok(mut filed) = self.filed_html.lock() {
                filed.insert(notice.work_key);
            }
        }
        self.store.put(KIND, &notice.work_key, &entry);
        facts
    }

    /// Drops from `site` the HTML of the notices rendered in this build and filed: like that
    /// of notices taken from the cache, it is read back for the notice pages rendered.
    pub fn drop_filed_html(&self, site: &mut Site) {
        let Ok(filed) = self.filed_html.lock() else {
            return;
        };
        for notice in site.orgs.iter_mut().flat_map(|o| o.notices.iter_mut()) {
            if filed.contains(&notice.work_key) {
                notice.html = String::new();
            }
        }
    }

    /// How many notices came from the cache.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Drops the entries of notices this build did not have (edited or removed since).
    pub fn sweep(&self) {
        self.store.sweep(&[KIND, KIND_HTML]);
    }
}
