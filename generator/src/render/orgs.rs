//! The organisation list with its filter pages, each organisation's page and each notice's
//! page: the bulk of the site, rendered in parallel.

use anyhow::Result;
use minijinja::context;
use rayon::prelude::*;

use crate::derive::browse;
use crate::derive::compare::Comparison;
use crate::model::Site;
use crate::render::page::{to_value, RenderContext};

/// Writes `organisations/` and its filter pages. Returns the number of pages written.
pub fn write_lists(cx: &RenderContext, site: &Site) -> Result<usize> {
    let mut pages = 0;
    for list in browse::list_pages(site) {
        cx.write(
            &list.url,
            "index.html",
            "orgs.html",
            context! {
                page => cx.page(&list.url, &list.title, &list.description),
                list => to_value(&list),
            },
        )?;
        pages += 1;
    }
    Ok(pages)
}

/// Writes `orgs/<org>/` and `orgs/<org>/<notice>/` for every organisation. Returns the number
/// of pages written.
pub fn write_orgs(cx: &RenderContext, site: &Site, comparison: &Comparison) -> Result<usize> {
    let counts: Vec<usize> = site
        .orgs
        .par_iter()
        .map(|org| -> Result<usize> {
            let org_value = to_value(org);
            let description = if org.description.is_empty() {
                format!("Privacy notices published by {}.", org.name)
            } else {
                org.description.clone()
            };
            cx.write(
                &org.url,
                "index.html",
                "org.html",
                context! {
                    page => cx.page(&org.url, &org.name, &description),
                    org => org_value.clone(),
                    org_facts => comparison.by_org.get(&org.slug).map(to_value),
                },
            )?;
            for notice in &org.notices {
                let title = format!("{} – {}", notice.title, org.name);
                cx.write(
                    &notice.url,
                    "index.html",
                    "notice.html",
                    context! {
                        page => cx.page(&notice.url, &title, &notice.summary),
                        org => org_value.clone(),
                        notice => to_value(notice),
                    },
                )?;
            }
            Ok(1 + org.notices.len())
        })
        .collect::<Result<_>>()?;
    Ok(counts.iter().sum())
}
