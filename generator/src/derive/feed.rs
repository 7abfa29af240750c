//! What the sitemap and the Atom feed list: every page worth indexing, and the notices
//! newest first, every URL absolute from `base_url`.

use serde::Serialize;

use crate::derive::browse;
use crate::model::{Date, Notice, Site, SiteConfig};

/// A page in the sitemap.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// When known.
    pub lastmod: Option<Date>,
}

/// A notice in the feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub org: String,
    pub link: String,
    /// RFC 3339: the notice's `last_updated`, or when it was retrieved if it states none.
    pub updated: String,
    /// Whether `updated` is the notice's own `last_updated` (not the retrieval date).
    pub stated: bool,
    pub summary: String,
}

/// Every page worth indexing: home, the organisation lists by kind and by region, each
/// organisation and notice, and the search page.
pub fn sitemap_urls(config: &SiteConfig, site: &Site) -> Vec<SitemapUrl> {
    let abs = |url: &str| format!("{}{url}", config.base_url);
    let mut urls = vec![SitemapUrl {
        loc: abs(""),
        lastmod: None,
    }];
    urls.push(SitemapUrl {
        loc: abs(&browse::list_url(None, None)),
        lastmod: None,
    });
    for kind in browse::kinds(site) {
        urls.push(SitemapUrl {
            loc: abs(&kind.url),
            lastmod: None,
        });
    }
    for region in browse::regions(site) {
        urls.push(SitemapUrl {
            loc: abs(&region.url),
            lastmod: None,
        });
    }
    for org in &site.orgs {
        urls.push(SitemapUrl {
            loc: abs(&org.url),
            lastmod: org.notices.iter().filter_map(|n| n.last_updated).max(),
        });
        for notice in &org.notices {
            urls.push(SitemapUrl {
                loc: abs(&notice.url),
                lastmod: notice.last_updated,
            });
            // Its "what changed" pages (notices with kept versions).
            for version in notice.history.iter().filter(|v| !v.changes_url.is_empty()) {
                urls.push(SitemapUrl {
                    loc: abs(&version.changes_url),
                    lastmod: Some(version.retrieved),
                });
            }
        }
    }
    urls.push(SitemapUrl {
        loc: abs("search/"),
        lastmod: None,
    });
    urls
}

/// Notices newest first: by `last_updated`, those that state none after them by when they
/// were retrieved; ties by URL so the order never changes between builds.
pub fn feed_entries(config: &SiteConfig, site: &Site) -> Vec<FeedEntry> {
    let mut notices: Vec<_> = site
        .orgs
        .iter()
        .flat_map(|o| o.notices.iter().map(move |n| (o, n)))
        .collect();
    notices.sort_by(|(_, a), (_, b)| {
        let key = |n: &Notice| (n.last_updated.is_some(), n.last_updated);
        key(b)
            .cmp(&key(a))
            .then_with(|| b.retrieved.cmp(&a.retrieved))
            .then_with(|| a.url.cmp(&b.url))
    });
    notices
        .into_iter()
        .map(|(org, n)| {
            let link = format!("{}{}", config.base_url, n.url);
            FeedEntry {
                id: link.clone(),
                title: n.title.clone(),
                org: org.name.clone(),
                link,
                updated: n.last_updated.unwrap_or(n.retrieved).rfc3339(),
                stated: n.last_updated.is_some(),
                summary: n.summary.clone(),
            }
        })
        .collect()
}
