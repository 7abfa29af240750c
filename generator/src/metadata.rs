//! Files for crawlers and feed readers: `sitemap.xml`, `feed.xml` (Atom) and `robots.txt`,
//! rendered from the theme's templates of the same names, every URL absolute from `base_url`.

use std::path::Path;

use anyhow::{Context, Result};
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use crate::browse;
use crate::config::SiteConfig;
use crate::render::Templates;
use crate::site::Site;

/// A page in the sitemap.
#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    /// `YYYY-MM-DD`, when known.
    pub lastmod: Option<String>,
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
            lastmod: org
                .notices
                .iter()
                .filter_map(|n| n.last_updated.clone())
                .max(),
        });
        for notice in &org.notices {
            urls.push(SitemapUrl {
                loc: abs(&notice.url),
                lastmod: notice.last_updated.clone(),
            });
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
        let key = |n: &crate::site::Notice| (n.last_updated.is_some(), n.last_updated.clone());
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
                updated: rfc3339(n.last_updated.as_deref().unwrap_or(&n.retrieved)),
                stated: n.last_updated.is_some(),
                summary: n.summary.clone(),
            }
        })
        .collect()
}

fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// Renders `sitemap.xml`, `feed.xml` and `robots.txt` into `out`.
pub fn write(config: &SiteConfig, site: &Site, templates: &Templates, out: &Path) -> Result<()> {
    let entries = feed_entries(config, site);
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| rfc3339("1970-01-01"));
    let site_value = context! {
        title => &config.title,
        description => &config.description,
        base_url => &config.base_url,
        language => &config.language,
    };
    let files: [(&str, Value); 3] = [
        (
            "sitemap.xml",
            context! { site => site_value.clone(), urls => Value::from(Serde(sitemap_urls(config, site))) },
        ),
        (
            "feed.xml",
            context! { site => site_value.clone(), entries => Value::from(Serde(entries)), updated => updated },
        ),
        ("robots.txt", context! { site => site_value.clone() }),
    ];
    for (name, ctx) in files {
        let text = templates.render(name, ctx)?;
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
