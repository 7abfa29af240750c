//! The organisation list with its filter pages, each organisation's page and each notice's
//! page, its peer report and its side-by-side pages with peers: the bulk of the site,
//! rendered in parallel.

use anyhow::Result;
use minijinja::context;
use rayon::prelude::*;

use crate::derive::browse;
use crate::derive::compare::Comparison;
use crate::facts::Facet;
use crate::model::Site;
use crate::render::compare::ABOUT_FACTS_URL;
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

/// Writes `orgs/<org>/` and `orgs/<org>/<notice>/` for every organisation, with its peer
/// report `orgs/<org>/peers/` and a side-by-side page with each of its first peers,
/// `orgs/<org>/compare/<peer>/`. Returns the number of pages written.
pub fn write_orgs(cx: &RenderContext, site: &Site, comparison: &Comparison) -> Result<usize> {
    let counts: Vec<usize> = site
        .orgs
        .par_iter()
        .enumerate()
        .map(|(o, org)| -> Result<usize> {
            let org_value = to_value(org);
            let description = if org.description.is_empty() {
                format!("Privacy notices published by {}.", org.name)
            } else {
                org.description.clone()
            };
            let report = comparison.peer_report(o);
            cx.write(
                &org.url,
                "index.html",
                "org.html",
                context! {
                    page => cx.page(&org.url, &org.name, &description),
                    org => org_value.clone(),
                    org_facts => to_value(comparison.org_facts(o)),
                    peers_url => &report.url,
                    about_facts => ABOUT_FACTS_URL,
                },
            )?;
            let title = format!("{} compared with its peers", org.name);
            let description = format!(
                "For each element a privacy notice must state: how many {} state it, whether {}'s notices do, and how its peers put it.",
                org.kind.label().to_lowercase(),
                org.name
            );
            cx.write(
                &report.url,
                "index.html",
                "peers.html",
                context! {
                    page => cx.page(&report.url, &title, &description),
                    org => org_value.clone(),
                    report => to_value(&report),
                    about_facts => ABOUT_FACTS_URL,
                },
            )?;
            let own = comparison.side_column(o);
            for peer in &report.peers {
                let Some(p) = site.orgs.iter().position(|x| x.slug == peer.org.slug) else {
                    continue;
                };
                let title = format!("{} and {} side by side", org.name, peer.org.name);
                let description = format!(
                    "What the privacy notices of {} and {} state, element by element.",
                    org.name, peer.org.name
                );
                cx.write(
                    &peer.url,
                    "index.html",
                    "pair.html",
                    context! {
                        page => cx.page(&peer.url, &title, &description),
                        org => org_value.clone(),
                        report_url => &report.url,
                        columns => to_value([&own, &comparison.side_column(p)]),
                        others => to_value(report.peers.iter().filter(|x| x.org.slug != peer.org.slug).collect::<Vec<_>>()),
                        facets => Facet::ALL.iter().map(|f| (f.id(), f.label())).collect::<Vec<_>>(),
                        about_facts => ABOUT_FACTS_URL,
                    },
                )?;
            }
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
            Ok(2 + report.peers.len() + org.notices.len())
        })
        .collect::<Result<_>>()?;
    Ok(counts.iter().sum())
}
