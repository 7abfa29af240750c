//! The organisation list with its filter pages, each organisation's page and each notice's
//! page, its peer report and its side-by-side pages with peers: the bulk of the site,
//! rendered in parallel.

use anyhow::Result;
use minijinja::{context, Value};
use rayon::prelude::*;

use crate::cache::KeyBuilder;
use crate::derive::browse;
use crate::derive::compare::peers::report_url;
use crate::derive::compare::Comparison;
use crate::facts::Facet;
use crate::model::Site;
use crate::render::compare::ABOUT_FACTS_URL;
use crate::render::page::{to_value, RenderContext};

/// A notice as its own page shows it: with its HTML.
#[derive(serde::Serialize)]
struct NoticePage<'a> {
    #[serde(flatten)]
    notice: &'a crate::model::site::Notice,
    html: String,
}

/// Writes `organisations/` and its filter pages. Returns the number of pages written.
pub fn write_lists(cx: &RenderContext, site: &Site) -> Result<usize> {
    let lists = browse::list_pages(site);
    lists.par_iter().try_for_each(|list| {
        cx.write(
            &list.url,
            "index.html",
            "orgs.html",
            context! {
                page => cx.page(&list.url, &list.title, &list.description),
                list => to_value(list),
            },
        )
    })?;
    Ok(lists.len())
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
            // Every page below shows this organisation: its key covers the whole of it
            // (notices included), made once; each page adds what else it shows. Its template
            // value is made only if a page is rendered.
            let org_key = cx.keyed().then(|| org.key());
            let org_cell = std::cell::OnceCell::new();
            let org_value = || org_cell.get_or_init(|| to_value(org)).clone();
            // A page showing the organisation, keyed on it, its page value and `more` (what
            // else the page is made from); its other values are made only if it is rendered.
            let write = |url: &str,
                         template: &str,
                         page: &Value,
                         more: &dyn Fn(KeyBuilder) -> KeyBuilder,
                         rest: &dyn Fn() -> Result<Value>| {
                let key = org_key.map(|k| more(cx.key(template).key_part(&k).json(page)).finish());
                cx.try_write_keyed(url, "index.html", template, key, || {
                    Ok(context! { org => org_value(), page => page.clone(), ..rest()? })
                })
            };
            let description = if org.description.is_empty() {
                format!("Privacy notices published by {}.", org.name)
            } else {
                org.description.clone()
            };
            let report_url = report_url(&org.url);
            let page = cx.page(&org.url, &org.name, &description);
            write(
                &org.url,
                "org.html",
                &page,
                &|k| k.key_part(&comparison.shown[o]).str(&report_url),
                &|| {
                    Ok(context! {
                        org_facts => to_value(comparison.org_facts(o)),
                        peers_url => &report_url,
                        about_facts => ABOUT_FACTS_URL,
                    })
                },
            )?;
            let title = format!("{} compared with its peers", org.name);
            let description = format!(
                "For each element a privacy notice must state: how many {} state it, whether {}'s notices do, and how its peers put it.",
                org.kind.label().to_lowercase(),
                org.name
            );
            let page = cx.page(&report_url, &title, &description);
            write(
                &report_url,
                "peers.html",
                &page,
                &|k| comparison.peer_report_key(o, k),
                &|| {
                    Ok(context! {
                        report => to_value(comparison.peer_report(o)),
                        about_facts => ABOUT_FACTS_URL,
                    })
                },
            )?;
            let peers = comparison.listed_peers(o);
            for peer in &peers {
                let Some(p) = site.orgs.iter().position(|x| x.slug == peer.org.slug) else {
                    continue;
                };
                let title = format!("{} and {} side by side", org.name, peer.org.name);
                let description = format!(
                    "What the privacy notices of {} and {} state, element by element.",
                    org.name, peer.org.name
                );
                let page = cx.page(&peer.url, &title, &description);
                write(
                    &peer.url,
                    "pair.html",
                    &page,
                    &|k| {
                        let k = k
                            .key_part(&comparison.shown[o])
                            .key_part(&comparison.shown[p])
                            .str(&report_url);
                        comparison.listed_peers_key(o, k)
                    },
                    &|| {
                        Ok(context! {
                            report_url => &report_url,
                            columns => to_value([&comparison.side_column(o), &comparison.side_column(p)]),
                            others => to_value(peers.iter().filter(|x| x.org.slug != peer.org.slug).collect::<Vec<_>>()),
                            facets => Facet::ALL.iter().map(|f| (f.id(), f.label())).collect::<Vec<_>>(),
                            about_facts => ABOUT_FACTS_URL,
                        })
                    },
                )?;
            }
            for (n, notice) in org.notices.iter().enumerate() {
                let title = format!("{} – {}", notice.title, org.name);
                let page = cx.page(&notice.url, &title, &notice.summary);
                // The notice itself is in the organisation's key: its place names it.
                write(
                    &notice.url,
                    "notice.html",
                    &page,
                    &|k| k.json(&n),
                    &|| {
                        // The notice with its HTML, read back if the cache gave the rest.
                        let notice = NoticePage {
                            notice,
                            html: cx.notice_html(notice)?,
                        };
                        Ok(context! { notice => to_value(&notice) })
                    },
                )?;
            }
            Ok(2 + peers.len() + org.notices.len())
        })
        .collect::<Result<_>>()?;
    Ok(counts.iter().sum())
}
