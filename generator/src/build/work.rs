//! The work a build keeps for each notice between runs (see [`crate::cache`]): its rendered
//! Markdown and the extractor's facts, filed under the notice's work key. A notice whose text,
//! title, slug and organisation are unchanged is neither rendered nor read by the extractor
//! again. Maintainers' reviewed facts are applied afresh on every build.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::cache::{Key, Store};
use crate::facts::{extract, Fact};
use crate::model::markdown::Section;
use crate::model::site::{Notice, Org, RenderedNotice};

const KIND: &str = "notice";

/// A cache entry as read back.
#[derive(Deserialize)]
struct Entry {
    rendered: RenderedNotice,
    facts: Vec<Fact>,
}

/// A cache entry as written (the same fields, borrowed).
#[derive(Serialize)]
struct EntryRef<'a> {
    rendered: RenderedRef<'a>,
    facts: &'a [Fact],
}

#[derive(Serialize)]
struct RenderedRef<'a> {
    html: &'a str,
    sections: &'a [Section],
    words: usize,
}

/// One build's use of the notice cache.
pub struct NoticeWork {
    store: Store,
    /// Facts read back with the rendered notice, until the facts stage takes them.
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

    /// The notice as rendered by an earlier build, keeping its facts for [`Self::facts`].
    pub fn earlier(&self, key: &Key) -> Option<RenderedNotice> {
        let entry: Entry = self.store.get(KIND, key)?;
        self.kept.lock().ok()?.insert(*key, entry.facts);
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(entry.rendered)
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
            rendered: RenderedRef {
                html: &notice.html,
                sections: &notice.sections,
                words: notice.words,
            },
            facts: &facts,
        };
        self.store.put(KIND, &notice.work_key, &entry);
        facts
    }

    /// How many notices came from the cache.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Drops the entries of notices this build did not have (edited or removed since).
    pub fn sweep(&self) {
        self.store.sweep(&[KIND]);
    }
}
