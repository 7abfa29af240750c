//! Notice history pages: `orgs/<org>/<notice>/changes/<version>/` ("what changed" from the
//! version before), and the Atom feeds of changes, `changes.xml` for the site and
//! `orgs/<org>/changes.xml` for each organisation.

use anyhow::Result;
use minijinja::context;

use crate::derive::history::{self, Change, ChangeFeed, FEED_FILE};
use crate::model::Site;
use crate::render::page::{to_value, RenderContext};

/// Derives the site's changes and writes their pages and feeds; returns the pages written.
pub fn write(cx: &RenderContext, site: &Site) -> Result<usize> {
    let changes = history::changes(site);
    write_feeds(cx, &history::feeds(cx.config, site, &changes))?;
    write_changes(cx, &changes)
}

/// Writes every change page; returns how many.
pub fn write_changes(cx: &RenderContext, changes: &[Change]) -> Result<usize> {
    for change in changes {
        let title = format!(
            "What changed on {} – {} – {}",
            change.to.retrieved.long(),
            change.notice_title,
            change.org_name
        );
        let description = format!(
            "What changed in {}'s “{}” between {} and {}. {}",
            change.org_name,
            change.notice_title,
            change.from.retrieved.long(),
            change.to.retrieved.long(),
            change.summary
        );
        cx.write(
            &change.url,
            "index.html",
            "changes.html",
            context! {
                page => cx.page(&change.url, &title, &description),
                change => to_value(change),
            },
        )?;
    }
    Ok(changes.len())
}

/// Writes the site's and each organisation's changes feed.
pub fn write_feeds(cx: &RenderContext, feeds: &[ChangeFeed]) -> Result<()> {
    let site = context! {
        title => &cx.config.title,
        base_url => &cx.config.base_url,
        language => &cx.config.language,
    };
    for feed in feeds {
        let values = context! { site => site.clone(), feed => to_value(feed) };
        let key = cx.keyed().then(|| cx.key(FEED_FILE).json(&values).finish());
        cx.write_other_keyed(&feed.dir, FEED_FILE, key, || {
            cx.templates.render(FEED_FILE, values)
        })?;
    }
    Ok(())
}
