//! The home page: search, browse by kind and region, the latest notices.

use anyhow::Result;
use minijinja::context;

use crate::derive::{browse, feed};
use crate::model::Site;
use crate::render::page::{to_value, RenderContext};

/// How many of the newest notices the home page lists.
const RECENT: usize = 5;

/// Writes `index.html`. Returns the number of pages written.
pub fn write(cx: &RenderContext, site: &Site) -> Result<usize> {
    let config = cx.config;
    let recent: Vec<_> = feed::feed_entries(config, site)
        .into_iter()
        .take(RECENT)
        .collect();
    cx.write(
        "",
        "index.html",
        "home.html",
        context! {
            page => cx.page("", &config.title, &config.description),
            groups => to_value(site.orgs_by_kind()),
            kinds => to_value(browse::kinds(site)),
            regions => to_value(browse::regions(site)),
            recent => to_value(recent),
            org_count => site.orgs.len(),
            notice_count => site.notice_count(),
        },
    )?;
    Ok(1)
}
