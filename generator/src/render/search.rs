//! The search page (its filters from the facets the index carries) and the 404 page.

use anyhow::Result;
use minijinja::context;

use crate::derive::search::SearchFacet;
use crate::render::page::{to_value, RenderContext};

/// Writes `search/index.html` and `404.html`. Returns the number of pages written.
pub fn write(cx: &RenderContext, facets: &[SearchFacet]) -> Result<usize> {
    cx.write(
        "search/",
        "index.html",
        "search.html",
        context! {
            page => cx.page("search/", "Search notices", "Search every organisation's privacy notices at once."),
            search_facets => to_value(facets),
            assets => cx.search_assets.clone(),
        },
    )?;
    cx.write(
        "",
        "404.html",
        "404.html",
        context! {
            page => cx.page("404.html", "Page not found", ""),
        },
    )?;
    Ok(2)
}
