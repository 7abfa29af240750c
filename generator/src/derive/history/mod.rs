//! Notice history: for every notice with kept versions (`model::versions`), what changed
//! from each version to the next — the text sentence by sentence and word by word
//! (`diff.rs`), and the facts the extractor finds in one version and not the other
//! (`wording.rs`) — and the Atom entries announcing each change, site-wide and per
//! organisation.

pub mod diff;
pub mod wording;

use rayon::prelude::*;
use serde::Serialize;

use crate::facts::extract::notice_facts;
use crate::facts::Facet;
use crate::model::markdown;
use crate::model::versions::Version;
use crate::model::{Date, Notice, Org, Site, SiteConfig};

pub use diff::TextChanges;
pub use wording::FactChange;

/// A version as a change page names it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionRef {
    pub id: String,
    pub retrieved: Date,
    pub last_updated: Option<Date>,
    pub sha256: String,
    pub markdown_sha256: String,
}

impl From<&Version> for VersionRef {
    fn from(v: &Version) -> Self {
        VersionRef {
            id: v.id.clone(),
            retrieved: v.retrieved,
            last_updated: v.last_updated,
            sha256: v.sha256.clone(),
            markdown_sha256: v.markdown_sha256.clone(),
        }
    }
}

/// What changed in one notice from one version to the next.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub org: String,
    pub org_name: String,
    pub org_url: String,
    pub notice: String,
    pub notice_title: String,
    pub notice_url: String,
    /// Site-relative URL of the "what changed" page.
    pub url: String,
    pub from: VersionRef,
    pub to: VersionRef,
    /// The newer version is the notice as now published.
    pub to_current: bool,
    pub text: TextChanges,
    pub facts: Vec<FactChange>,
    /// One line: the counts, and the facts that changed.
    pub summary: String,
}

/// Every change of every notice, in site order, each notice's oldest first.
pub fn changes(site: &Site) -> Vec<Change> {
    site.orgs
        .par_iter()
        .flat_map_iter(|org| org.notices.iter().map(move |n| (org, n)))
        .filter(|(_, n)| n.history.len() > 1)
        .map(|(org, notice)| notice_changes(org, notice))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

fn notice_changes(org: &Org, notice: &Notice) -> Vec<Change> {
    let facts: Vec<Vec<(Facet, String)>> = notice
        .history
        .iter()
        .map(|v| version_facts(org, notice, v))
        .collect();
    notice
        .history
        .windows(2)
        .zip(facts.windows(2))
        .map(|(pair, facts)| {
            let (from, to) = (&pair[0], &pair[1]);
            let text = diff::diff(&from.markdown, &to.markdown);
            let facts = wording::fact_changes(&facts[0], &facts[1]);
            let summary = summary(&text, &facts);
            Change {
                org: org.slug.clone(),
                org_name: org.name.clone(),
                org_url: org.url.clone(),
                notice: notice.slug.clone(),
                notice_title: notice.title.clone(),
                notice_url: notice.url.clone(),
                url: to.changes_url.clone(),
                from: from.into(),
                to: to.into(),
                to_current: to.current,
                text,
                facts,
                summary,
            }
        })
        .collect()
}

/// The facts the extractor finds in one version's text (reviewed corrections apply to
/// the published version only, so none are applied here: both sides are read alike).
fn version_facts(org: &Org, notice: &Notice, version: &Version) -> Vec<(Facet, String)> {
    let rendered = markdown::render(&version.markdown);
    let as_notice = Notice {
        slug: notice.slug.clone(),
        title: version.title.clone(),
        summary: String::new(),
        source_url: String::new(),
        retrieved: version.retrieved,
        last_updated: version.last_updated,
        source_file: String::new(),
        sha256: String::new(),
        url: notice.url.clone(),
        html: rendered.html,
        sections: rendered.sections,
        words: 0,
        source_path: notice.source_path.clone(),
        history: Vec::new(),
        work_key: crate::cache::digest(version.markdown.as_bytes()),
    };
    let mut facts: Vec<(Facet, String)> = notice_facts(&org.slug, &as_notice)
        .into_iter()
        .map(|f| (f.facet, f.value.to_string()))
        .collect();
    facts.sort();
    facts.dedup();
    facts
}

fn summary(text: &TextChanges, facts: &[FactChange]) -> String {
    let count = |n: usize, what: &str| crate::text::count(n, what, &format!("{what}s"));
    let mut parts = Vec::new();
    if text.added > 0 {
        parts.push(format!("{} added", count(text.added, "sentence")));
    }
    if text.removed > 0 {
        parts.push(format!("{} removed", count(text.removed, "sentence")));
    }
    if text.reworded > 0 {
        parts.push(format!("{} reworded", count(text.reworded, "sentence")));
    }
    let mut out = if parts.is_empty() {
        "The text changed only in layout or punctuation.".to_string()
    } else {
        let mut s = parts.join(", ");
        s.push('.');
        upper_first(&s)
    };
    if !facts.is_empty() {
        for fact in facts {
            out.push(' ');
            out.push_str(&fact.sentence);
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An entry of a changes feed.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeEntry {
    pub id: String,
    pub title: String,
    pub org: String,
    pub link: String,
    pub updated: String,
    pub summary: String,
}

/// A changes feed: the site's (`org` None) or one organisation's.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeFeed {
    /// Site-relative folder the feed is written in (`""` or `orgs/<org>/`).
    pub dir: String,
    pub title: String,
    /// Absolute URL of the feed itself.
    pub self_link: String,
    /// Absolute URL of the page the feed is about.
    pub alternate: String,
    pub updated: String,
    pub entries: Vec<ChangeEntry>,
}

/// File name of a changes feed, in its folder.
pub const FEED_FILE: &str = "changes.xml";

/// The site's changes feed and one per organisation (every organisation gets one, empty
/// until its first change, so its address can be subscribed to at once). Entries newest
/// first, ties by URL.
pub fn feeds(config: &SiteConfig, site: &Site, changes: &[Change]) -> Vec<ChangeFeed> {
    let abs = |url: &str| format!("{}{url}", config.base_url);
    let entry = |c: &Change| ChangeEntry {
        id: abs(&c.url),
        title: format!(
            "{}: {} changed ({})",
            c.org_name,
            c.notice_title,
            c.to.retrieved.long()
        ),
        org: c.org_name.clone(),
        link: abs(&c.url),
        updated: c.to.retrieved.rfc3339(),
        summary: c.summary.clone(),
    };
    let feed = |dir: String, title: String, of: &dyn Fn(&Change) -> bool| {
        let mut picked: Vec<&Change> = changes.iter().filter(|c| of(c)).collect();
        picked.sort_by(|a, b| {
            b.to.retrieved
                .cmp(&a.to.retrieved)
                .then_with(|| a.url.cmp(&b.url))
        });
        let entries: Vec<ChangeEntry> = picked.into_iter().map(entry).collect();
        ChangeFeed {
            self_link: abs(&format!("{dir}{FEED_FILE}")),
            alternate: abs(&dir),
            updated: entries
                .first()
                .map(|e| e.updated.clone())
                .unwrap_or_else(|| Date::EPOCH.rfc3339()),
            title,
            dir,
            entries,
        }
    };
    let mut out = vec![feed(
        String::new(),
        format!("{}: changes to privacy notices", config.title),
        &|_| true,
    )];
    for org in &site.orgs {
        out.push(feed(
            org.url.clone(),
            format!("{}: changes to its privacy notices", org.name),
            &|c| c.org == org.slug,
        ));
    }
    out
}
