//! The comparison pages (`derive::compare` has the URL scheme): the overview `compare/`, one
//! paged, filtered list per element, the facet value pages under `facets/`, the side-by-side
//! picker and the page on how facts are found and corrected. Every page lists a bounded
//! number of organisations, so page weight does not grow with the site.

use anyhow::Result;
use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::derive::compare::listing::{self, Filters, Listing, PAGE_SIZE};
use crate::derive::compare::peers::report_url;
use crate::derive::compare::{
    element_url, facet_index, question, Comparison, ElementSummary, FactLink, FactView, OrgRef,
};
use crate::facts::Facet;
use crate::model::Date;
use crate::render::page::{to_value, RenderContext};

/// Values listed per organisation on an element page; the rest are counted.
const VALUES_PER_ROW: usize = 12;
/// Quotes per organisation on a facet value page; the rest are counted.
const QUOTES_PER_ORG: usize = 3;

/// The page on how facts are found and how maintainers correct them.
pub const ABOUT_FACTS_URL: &str = "compare/how-facts-are-found/";

/// An organisation's row on an element page.
#[derive(Serialize)]
struct ElementRow {
    org: OrgRef,
    peers_url: String,
    facts: Vec<FactLink>,
    more: usize,
}

/// An organisation's evidence on a facet value page.
#[derive(Serialize)]
struct ValueRow {
    org: OrgRef,
    facts: Vec<FactView>,
    more: usize,
}

/// How well the automatic reading did for one element on the labelled set: precision and
/// recall (fractions), the set's size and date (`facts::quality`); `None` for an element the
/// set does not measure.
fn quality(facet: Facet) -> Option<Value> {
    let q = crate::facts::quality_of(facet)?;
    let set = crate::facts::quality_set();
    let date = Date::parse(&set.set_date).map_or_else(|| set.set_date.clone(), Date::long);
    Some(context! {
        precision => q.precision,
        recall => q.recall,
        notices => q.notices,
        labels => q.labels,
        date => date,
    })
}

/// The labelled set the figures were measured on: its size and date.
fn quality_set_value() -> Value {
    let set = crate::facts::quality_set();
    context! {
        notices => set.notices,
        labels => set.labels,
        date => Date::parse(&set.set_date).map_or_else(|| set.set_date.clone(), Date::long),
    }
}

/// Every measured element's figures by facet id, for the overview's table.
fn quality_by_id() -> Value {
    let map: std::collections::BTreeMap<&str, Value> = Facet::ALL
        .iter()
        .filter_map(|f| quality(*f).map(|q| (f.id(), q)))
        .collect();
    Value::from(map)
}

/// Writes the comparison pages. Returns how many pages were written.
pub fn write(cx: &RenderContext, cmp: &Comparison) -> Result<usize> {
    let site = cmp.site;
    cx.write(
        "compare/",
        "index.html",
        "compare.html",
        context! {
            page => cx.page("compare/", "Compare organisations", "For each element a privacy notice must state, how many bodies' notices state it, by kind of body, with every answer linked to the words of the notice."),
            elements => to_value(&cmp.elements),
            quality => quality_by_id(),
            quality_set => quality_set_value(),
            orgs => site.orgs.len(),
            about_facts => ABOUT_FACTS_URL,
        },
    )?;
    cx.write(
        "compare/side-by-side/",
        "index.html",
        "side-by-side.html",
        context! {
            page => cx.page("compare/side-by-side/", "Side by side", "Any two to four organisations' privacy notices compared element by element."),
            facets => Facet::ALL.iter().map(|f| (f.id(), f.label())).collect::<Vec<_>>(),
            about_facts => ABOUT_FACTS_URL,
        },
    )?;
    cx.write(
        ABOUT_FACTS_URL,
        "index.html",
        "facts-about.html",
        context! {
            page => cx.page(ABOUT_FACTS_URL, "How facts are found", "The facts on these pages are read from the notices automatically; how a maintainer corrects them."),
            elements => to_value(&cmp.elements),
            quality => quality_by_id(),
            quality_set => quality_set_value(),
        },
    )?;

    let elements: usize = Facet::ALL
        .par_iter()
        .zip(cmp.elements.par_iter())
        .map(|(&facet, element)| write_element(cx, cmp, facet, element))
        .sum::<Result<usize>>()?;
    let values: usize = cmp
        .values
        .par_iter()
        .map(|v| -> Result<usize> {
            let items: Vec<usize> = v.orgs.iter().map(|(o, _)| *o).collect();
            // Filtered by kind only: by region as well would multiply the pages of every
            // value by the number of regions.
            let filters = if items.len() > PAGE_SIZE {
                Filters::Kind
            } else {
                Filters::None
            };
            let pages = listing::listings(&v.url, &site.orgs, &items, filters);
            let element = &cmp.elements[facet_index(v.facet)];
            let title = question(v.facet, v.label);
            for l in &pages {
                // Rows show the listed organisations' facts: their digests stand for them.
                let key = cx.keyed().then(|| {
                    let key = cx
                        .key("facet-value.html")
                        .json(l)
                        .str(v.facet.id())
                        .str(v.value)
                        .str(v.label)
                        .json(&[items.len(), site.orgs.len()]);
                    cmp.with_shown(key, l.items.iter().copied()).finish()
                });
                cx.write_keyed(&l.url, "index.html", "facet-value.html", key, || {
                    let rows: Vec<ValueRow> = l
                        .items
                        .iter()
                        .map(|&o| {
                            let facts = &v.orgs.iter().find(|(p, _)| *p == o).expect("listed").1;
                            ValueRow {
                                org: OrgRef::new(&site.orgs[o]),
                                facts: facts
                                    .iter()
                                    .take(QUOTES_PER_ORG)
                                    .map(|f| cmp.view(f))
                                    .collect(),
                                more: facts.len().saturating_sub(QUOTES_PER_ORG),
                            }
                        })
                        .collect();
                    let description = format!(
                        "{}: {} – which organisations state it, with their words.",
                        element.label, v.label
                    );
                    context! {
                        page => cx.page(&l.url, &page_title(&title, l), &description),
                        vp => context! {
                            facet => v.facet.id(),
                            facet_label => element.label,
                            facet_slug => v.facet.slug(),
                            element_url => element_url(v.facet),
                            value => v.value,
                            label => v.label,
                            question => &title,
                            url => &v.url,
                            orgs => items.len(),
                            total => site.orgs.len(),
                        },
                        listing => to_value(l),
                        rows => to_value(&rows),
                        about_facts => ABOUT_FACTS_URL,
                    }
                })?;
            }
            Ok(pages.len())
        })
        .sum::<Result<usize>>()?;
    Ok(3 + elements + values)
}

/// Every page of one element's list: each body's values, or that none was found.
fn write_element(
    cx: &RenderContext,
    cmp: &Comparison,
    facet: Facet,
    element: &ElementSummary,
) -> Result<usize> {
    let site = cmp.site;
    let fi = facet_index(facet);
    let pages = listing::listings(
        &element.url,
        &site.orgs,
        &cmp.by_name,
        Filters::KindAndRegion,
    );
    for l in &pages {
        // Rows show the listed organisations' facts: their digests stand for them.
        let key = cx.keyed().then(|| {
            let key = cx
                .key("compare-element.html")
                .json(l)
                .json(element)
                .str(facet.id());
            cmp.with_shown(key, l.items.iter().copied()).finish()
        });
        cx.write_keyed(&l.url, "index.html", "compare-element.html", key, || {
            let rows: Vec<ElementRow> = l
                .items
                .iter()
                .map(|&o| {
                    let stated = &cmp.stated[o][fi];
                    ElementRow {
                        org: OrgRef::new(&site.orgs[o]),
                        peers_url: report_url(&site.orgs[o].url),
                        facts: stated
                            .iter()
                            .take(VALUES_PER_ROW)
                            .map(|(f, _)| cmp.link(f))
                            .collect(),
                        more: stated.len().saturating_sub(VALUES_PER_ROW),
                    }
                })
                .collect();
            let stated = l.items.iter().filter(|&&o| cmp.states(o, fi)).count();
            let description = format!(
                "{}: what each organisation's privacy notices state, with their words.",
                element.label
            );
            context! {
                page => cx.page(&l.url, &page_title(element.label, l), &description),
                el => to_value(element),
                listing => to_value(l),
                rows => to_value(&rows),
                stated_here => stated,
                quality => quality(facet),
                about_facts => ABOUT_FACTS_URL,
            }
        })?;
    }
    Ok(pages.len())
}

/// "Lawful basis (Article 6): Councils in London, page 2 of 3".
fn page_title(what: &str, l: &Listing) -> String {
    let mut title = what.to_string();
    let who = crate::derive::browse::list_title(
        (!l.kind.is_empty()).then_some(l.kind_label.as_str()),
        (!l.region.is_empty()).then_some(l.region_name.as_str()),
    );
    if !l.kind.is_empty() || !l.region.is_empty() {
        title.push_str(&format!(": {who}"));
    }
    if l.pages > 1 {
        title.push_str(&format!(", page {} of {}", l.page, l.pages));
    }
    title
}
