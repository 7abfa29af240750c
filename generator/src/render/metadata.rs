//! Files for crawlers and feed readers: `sitemap.xml`, `feed.xml` (Atom) and `robots.txt`,
//! rendered from the theme's templates of the same names, every URL absolute from `base_url`.

use anyhow::Result;
use minijinja::{context, Value};

use crate::derive::feed::{feed_entries, sitemap_urls};
use crate::model::date::Date;
use crate::model::Site;
use crate::render::page::{to_value, RenderContext};

/// Renders `sitemap.xml`, `feed.xml` and `robots.txt` into `out`.
pub fn write(cx: &RenderContext, site: &Site) -> Result<()> {
    let config = cx.config;
    let entries = feed_entries(config, site);
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| Date::EPOCH.rfc3339());
    let site_value = context! {
        title => &config.title,
        description => &config.description,
        base_url => &config.base_url,
        language => &config.language,
    };
    let files: [(&str, Value); 3] = [
        (
            "sitemap.xml",
            context! { site => site_value.clone(), urls => to_value(sitemap_urls(config, site)) },
        ),
        (
            "feed.xml",
            context! { site => site_value.clone(), entries => to_value(entries), updated => updated },
        ),
        ("robots.txt", context! { site => site_value.clone() }),
    ];
    for (name, ctx) in files {
        let key = cx.keyed().then(|| cx.key(name).json(&ctx).finish());
        cx.write_other_keyed("", name, key, || cx.templates.render(name, ctx))?;
    }
    Ok(())
}
