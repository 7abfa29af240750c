//! The work a build keeps for each notice between runs (see [`crate::cache`]): its rendered
//! Markdown and the extractor's facts, filed under the notice's work key. A notice whose text,
//! title, slug and organisation are unchanged is neither rendered nor read by the extractor
//! again. Maintainers' reviewed facts are applied afresh on every build.
//!
//! The HTML is filed apart and not read back with the rest: a notice taken from the cache has
//! none in the site model ([`Notice::html`] is empty), and [`NoticeWork::html`] reads it only
//! for a notice page that is rendered. A build after an edit renders one or two notice pages,
//! so the site's HTML (hundreds of megabytes at national scale) is neither read nor held.
//!
//! A notice rendered in this build is handed over the moment it is made
//! ([`NoticeWork::rendered`]): its facts are extracted, its work filed, and its HTML and
//! blocks freed, so a cold build never holds more than the notices being rendered at that
//! moment in full.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::CACHE_DIR;
use crate::cache::{Key, Store};
use crate::facts::{extract, Fact, FactRef};
use crate::model::markdown::Section;
use crate::model::site::{Notice, Org, RenderedNotice};

const KIND: &str = "notice";
const KIND_HTML: &str = "notice-html";

/// A cache entry as read back: all but the HTML, the facts' strings borrowed from the
/// entry's bytes until they are made into facts.
#[derive(Deserialize)]
struct Entry<'a> {
    sections: Vec<Section>,
    words: usize,
    #[serde(borrow)]
    facts: Vec<FactRef<'a>>,
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
    /// Facts read back with the rendered notice, or extracted when it was rendered, until the
    /// facts stage takes them.
    kept: Mutex<HashMap<Key, Vec<Fact>>>,
    reused: AtomicUsize,
}

impl NoticeWork {
    pub fn open(cache: &Path) -> NoticeWork {
        NoticeWork {
            store: Store::open(&cache.join("notices")),
            kept: Mutex::new(HashMap::new()),
            reused: AtomicUsize::new(0),
        }
    }

    /// The notice as rendered by an earlier build, without its HTML (see [`Self::html`]),
    /// keeping its facts for [`Self::facts`].
    pub fn earlier(&self, key: &Key) -> Option<RenderedNotice> {
        if !self.store.has(KIND_HTML, key) {
            return None;
        }
        let bytes = self.store.get_raw(KIND, key)?;
        let entry: Entry = postcard::from_bytes(&bytes).ok()?;
        let facts = FactRef::to_facts(&entry.facts);
        self.kept.lock().ok()?.insert(*key, facts);
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
        if notice.words == 0 {
            // Nothing to render: the HTML is empty. (Not the sections' text, which the build
            // frees once the index is written, before any page is rendered.)
            return Ok(String::new());
        }
        Err(anyhow::anyhow!(
                "the rendered text of {} was removed from {} during the build\n  help: run the build again",
                notice.source_path.display(),
                CACHE_DIR
            ))
    }

    /// A notice rendered in this build (`org` its organisation's slug): extracts its facts
    /// and keeps them for [`Self::facts`], files its rendered text and facts, and frees what
    /// the site model no longer needs: the blocks, which only extraction reads, and the HTML
    /// once it is filed (it is read back for the notice page).
    pub fn rendered(&self, org: &str, notice: &mut Notice) {
        let facts = extract::notice_facts(org, notice);
        for section in &mut notice.sections {
            section.blocks = Vec::new();
        }
        let entry = EntryRef {
            sections: &notice.sections,
            words: notice.words,
            facts: &facts,
        };
        self.store.put(KIND, &notice.work_key, &entry);
        if self.store.put(KIND_HTML, &notice.work_key, &notice.html) {
            notice.html = String::new();
        }
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(notice.work_key, facts);
        }
    }

    /// The extractor's facts for a notice: kept from an earlier build or from when it was
    /// rendered in this one, else (a notice the cache could not take) extracted now.
    pub fn facts(&self, org: &Org, notice: &Notice) -> Vec<Fact> {
        let kept = self
            .kept
            .lock()
            .ok()
            .and_then(|mut kept| kept.remove(&notice.work_key));
        kept.unwrap_or_else(|| extract::notice_facts(&org.slug, notice))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::site::Site;

    /// A notice whose HTML has gone from the cache is an error naming it, even once the
    /// build has freed its text; only a notice with no words has no HTML.
    #[test]
    fn html_missing_from_the_cache_is_an_error_unless_the_notice_is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let content = crate::check::load_checked(&root, "/", crate::model::Date::today()).unwrap();
        let mut site = Site::from_content(content);
        site.drop_text();
        let cache = tempfile::tempdir().unwrap();
        let work = NoticeWork::open(cache.path());
        let mut notice = site.orgs[0].notices[0].clone();
        notice.html = String::new();
        assert!(notice.words > 0);
        let error = work.html(&notice).unwrap_err().to_string();
        assert!(error.contains("run the build again"), "{error}");
        notice.words = 0;
        assert_eq!(work.html(&notice).unwrap(), "");
    }
}
