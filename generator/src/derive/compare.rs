//! Comparison pages built from the facts: the matrix (organisations × values, per facet),
//! side by side, one page per facet value, and each organisation's facts by element.
//! Every filled cell links to its evidence: the notice section, with the quote carried in the
//! URL so that it is highlighted on arrival.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::facts::{Facet, Fact};
use crate::model::site::{Org, Site};
use crate::model::slug::value_slug;

/// How many words of a long quote start and end a text fragment.
const FRAGMENT_WORDS: usize = 5;

/// A fact as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub org: String,
    pub notice: String,
    pub notice_title: String,
    pub heading: String,
    pub facet: &'static str,
    pub value: String,
    pub label: String,
    pub quote: String,
    pub detail: String,
    pub origin: &'static str,
    /// Site-relative link to the evidence, quote included.
    pub href: String,
    /// Site-relative link to the facet value's page.
    pub value_url: String,
}

/// A facet value and the page about it.
#[derive(Debug, Clone, Serialize)]
pub struct ValueView {
    pub value: String,
    pub label: String,
    pub url: String,
    /// How many organisations state it.
    pub orgs: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgRef {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
}

/// One facet's matrix: a row per organisation, a column per value.
#[derive(Debug, Clone, Serialize)]
pub struct FacetMatrix {
    pub id: &'static str,
    pub slug: String,
    pub label: &'static str,
    pub values: Vec<ValueView>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub org: OrgRef,
    /// One per value, in column order; `None` where the notices do not state it.
    pub cells: Vec<Option<FactView>>,
    /// False when the organisation's notices state nothing for this facet.
    pub stated: bool,
}

/// An organisation's facts for one element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementView {
    pub id: &'static str,
    pub label: &'static str,
    pub facts: Vec<FactView>,
}

/// One organisation in the side-by-side view: its facts per facet.
#[derive(Debug, Clone, Serialize)]
pub struct SideColumn {
    pub org: OrgRef,
    pub elements: Vec<ElementView>,
}

/// A facet value's page: who states it, with the evidence.
#[derive(Debug, Clone, Serialize)]
pub struct ValuePage {
    pub facet: &'static str,
    pub facet_label: &'static str,
    pub facet_slug: String,
    pub value: String,
    pub label: String,
    pub question: String,
    pub url: String,
    pub orgs: Vec<OrgEvidence>,
    /// Organisations whose notices do not state it.
    pub silent: Vec<OrgRef>,
}

/// One organisation's evidence for a facet value: its first quotes, and how many more.
#[derive(Debug, Clone, Serialize)]
pub struct OrgEvidence {
    pub org: OrgRef,
    pub facts: Vec<FactView>,
    pub more: usize,
}

/// An organisation's elements: those its notices state, and those they do not.
type StatedSilent = (Vec<ElementView>, Vec<ElementView>);

/// Quotes shown per organisation on a facet value page; the rest are counted.
const QUOTES_PER_ORG: usize = 3;

/// Everything the comparison pages need, computed once.
pub struct Comparison {
    pub matrix: Vec<FacetMatrix>,
    pub columns: Vec<SideColumn>,
    pub value_pages: Vec<ValuePage>,
    /// Organisation slug → (facts by element, elements not stated).
    pub by_org: BTreeMap<String, StatedSilent>,
}

impl Comparison {
    pub fn new(site: &Site, facts: &[Fact]) -> Comparison {
        let titles: BTreeMap<(&str, &str), (&str, &str)> = site
            .orgs
            .iter()
            .flat_map(|o| {
                o.notices.iter().map(move |n| {
                    (
                        (o.slug.as_str(), n.slug.as_str()),
                        (n.title.as_str(), n.url.as_str()),
                    )
                })
            })
            .collect();
        let view = |f: &Fact| {
            let (title, url) = titles
                .get(&(f.org.as_str(), f.notice.as_str()))
                .copied()
                .unwrap_or(("", ""));
            FactView {
                org: f.org.clone(),
                notice: f.notice.clone(),
                notice_title: title.to_string(),
                heading: f.heading.clone(),
                facet: f.facet.id(),
                value: f.value.clone(),
                label: f.label.clone(),
                quote: f.quote.clone(),
                detail: f.detail.clone(),
                origin: f.origin.id(),
                href: evidence_href(url, &f.anchor, &f.quote),
                value_url: value_url(f.facet, &f.value),
            }
        };
        let org_ref = |o: &Org| OrgRef {
            slug: o.slug.clone(),
            name: o.name.clone(),
            url: o.url.clone(),
            kind: o.kind.id(),
            kind_label: o.kind.label(),
        };

        // Facts indexed once by (facet, organisation, value), in site order: every lookup
        // below is a map access, so the work grows with the facts, not with their square.
        type Cells<'f> = HashMap<Facet, HashMap<&'f str, HashMap<&'f str, Vec<&'f Fact>>>>;
        let mut cells: Cells = HashMap::new();
        let mut of_facet: HashMap<Facet, Vec<&Fact>> = HashMap::new();
        for f in facts {
            cells
                .entry(f.facet)
                .or_default()
                .entry(f.org.as_str())
                .or_default()
                .entry(f.value.as_str())
                .or_default()
                .push(f);
            of_facet.entry(f.facet).or_default().push(f);
        }
        let empty = Vec::new();

        // Each facet on its own (in parallel), kept in facet order.
        let per_facet: Vec<(FacetMatrix, Vec<ValuePage>)> = Facet::ALL
            .par_iter()
            .map(|&facet| {
                let mut value_pages = Vec::new();
                let of_facet = of_facet.get(&facet).unwrap_or(&empty);
                // Columns: values in order of how many organisations state them, then by id.
                let mut values: BTreeMap<&str, (&str, BTreeSet<&str>)> = BTreeMap::new();
                for f in of_facet {
                    values
                        .entry(f.value.as_str())
                        .or_insert((f.label.as_str(), BTreeSet::new()))
                        .1
                        .insert(f.org.as_str());
                }
                let mut columns: Vec<ValueView> = values
                    .iter()
                    .map(|(value, (label, orgs))| ValueView {
                        value: value.to_string(),
                        label: label.to_string(),
                        url: value_url(facet, value),
                        orgs: orgs.len(),
                    })
                    .collect();
                columns.sort_by(|a, b| b.orgs.cmp(&a.orgs).then_with(|| a.value.cmp(&b.value)));
                let cells = &cells;
                fn cell<'c, 'f>(
                    cells: &'c Cells<'f>,
                    facet: Facet,
                    org: &str,
                    value: &str,
                ) -> Option<&'c Vec<&'f Fact>> {
                    cells.get(&facet)?.get(org)?.get(value)
                }
                let rows = site
                    .orgs
                    .iter()
                    .map(|o| {
                        let cells: Vec<Option<FactView>> = columns
                            .iter()
                            .map(|c| {
                                cell(cells, facet, &o.slug, &c.value)
                                    .and_then(|v| v.first())
                                    .map(|f| view(f))
                            })
                            .collect();
                        MatrixRow {
                            org: org_ref(o),
                            stated: cells.iter().any(Option::is_some),
                            cells,
                        }
                    })
                    .collect();
                for c in &columns {
                    let mut orgs = Vec::new();
                    let mut silent = Vec::new();
                    for o in &site.orgs {
                        match cell(cells, facet, &o.slug, &c.value) {
                            Some(evidence) => orgs.push(OrgEvidence {
                                org: org_ref(o),
                                facts: evidence
                                    .iter()
                                    .take(QUOTES_PER_ORG)
                                    .map(|f| view(f))
                                    .collect(),
                                more: evidence.len().saturating_sub(QUOTES_PER_ORG),
                            }),
                            None => silent.push(org_ref(o)),
                        }
                    }
                    value_pages.push(ValuePage {
                        facet: facet.id(),
                        facet_label: facet.label(),
                        facet_slug: facet.slug(),
                        value: c.value.clone(),
                        label: c.label.clone(),
                        question: question(facet, &c.label),
                        url: c.url.clone(),
                        orgs,
                        silent,
                    });
                }
                let matrix = FacetMatrix {
                    id: facet.id(),
                    slug: facet.slug(),
                    label: facet.label(),
                    values: columns,
                    rows,
                };
                (matrix, value_pages)
            })
            .collect();
        let mut matrix = Vec::new();
        let mut value_pages = Vec::new();
        for (m, pages) in per_facet {
            matrix.push(m);
            value_pages.extend(pages);
        }

        // Per organisation and element: one quote per value (the first), as on the
        // side-by-side page; the facet value pages hold the rest.
        let mut by_org_facet: HashMap<&str, HashMap<Facet, Vec<&Fact>>> = HashMap::new();
        for f in facts {
            by_org_facet
                .entry(f.org.as_str())
                .or_default()
                .entry(f.facet)
                .or_default()
                .push(f);
        }
        let per_org: Vec<(SideColumn, StatedSilent)> = site
            .orgs
            .par_iter()
            .map(|o| {
                let all: Vec<ElementView> = Facet::ALL
                    .iter()
                    .map(|&facet| ElementView {
                        id: facet.id(),
                        label: facet.label(),
                        facts: first_per_value(
                            by_org_facet
                                .get(o.slug.as_str())
                                .and_then(|m| m.get(&facet))
                                .unwrap_or(&empty),
                        )
                        .map(&view)
                        .collect(),
                    })
                    .collect();
                let split = all.iter().cloned().partition(|e| !e.facts.is_empty());
                let column = SideColumn {
                    org: org_ref(o),
                    elements: all,
                };
                (column, split)
            })
            .collect();
        let mut by_org = BTreeMap::new();
        let mut columns = Vec::new();
        for (column, split) in per_org {
            by_org.insert(column.org.slug.clone(), split);
            columns.push(column);
        }
        Comparison {
            matrix,
            columns,
            value_pages,
            by_org,
        }
    }

    /// The pair shown side by side before the reader picks: the first two organisations of
    /// different kinds where there are two kinds, else the first two.
    pub fn default_pair(&self) -> Vec<String> {
        let Some(first) = self.columns.first() else {
            return Vec::new();
        };
        let second = self
            .columns
            .iter()
            .find(|c| c.org.kind != first.org.kind)
            .or_else(|| self.columns.get(1));
        std::iter::once(first)
            .chain(second)
            .map(|c| c.org.slug.clone())
            .collect()
    }
}

/// One fact per value (the first), for compact cells.
fn first_per_value<'a, 'f>(facts: &'a [&'f Fact]) -> impl Iterator<Item = &'f Fact> + 'a {
    let mut seen = std::collections::HashSet::new();
    facts
        .iter()
        .copied()
        .filter(move |f| seen.insert(f.value.as_str()))
}

/// The page of a facet value, e.g. `facets/special-category/ukgdpr-9-2-h/`.
pub fn value_url(facet: Facet, value: &str) -> String {
    format!("facets/{}/{}/", facet.slug(), value_slug(value))
}

fn question(facet: Facet, label: &str) -> String {
    match facet {
        Facet::LawfulBasis | Facet::SpecialCategory => format!("Who relies on {label}?"),
        Facet::Gateways => format!("Who cites {label}?"),
        Facet::Recipients => format!("Who shares data with {label}?"),
        Facet::Sources => format!("Who gets data from {label}?"),
        Facet::Processors => format!("Who uses {label}?"),
        Facet::Retention => format!("Who keeps data for {label}?"),
        _ => format!("{}: {label}", facet.label()),
    }
}

/// The link to a quote: the section anchor, the quote as a `quote` parameter (read by the
/// evidence script, which marks it) and as a text fragment (which Chromium highlights itself).
pub fn evidence_href(notice_url: &str, anchor: &str, quote: &str) -> String {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let directive = if words.len() > FRAGMENT_WORDS * 2 + 2 {
        format!(
            "{},{}",
            fragment_encode(&words[..FRAGMENT_WORDS].join(" ")),
            fragment_encode(&words[words.len() - FRAGMENT_WORDS..].join(" "))
        )
    } else {
        fragment_encode(&words.join(" "))
    };
    format!(
        "{notice_url}?quote={}#{anchor}:~:text={directive}",
        fragment_encode(&words.join(" "))
    )
}

/// Percent-encodes all but ASCII letters and digits (text fragments give `-`, `,` and `&`
/// meanings of their own).
fn fragment_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 2);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_links_carry_the_quote() {
        let href = evidence_href("orgs/a/n/", "lawful-basis", "Article 6(1)(e) - public task");
        assert_eq!(
            href,
            "orgs/a/n/?quote=Article%206%281%29%28e%29%20%2D%20public%20task#lawful-basis:~:text=Article%206%281%29%28e%29%20%2D%20public%20task"
        );
        let long = "one two three four five six seven eight nine ten eleven twelve thirteen";
        let href = evidence_href("n/", "", long);
        assert!(
            href.ends_with(
                "#:~:text=one%20two%20three%20four%20five,nine%20ten%20eleven%20twelve%20thirteen"
            ),
            "{href}"
        );
    }

    #[test]
    fn value_urls_are_slugs() {
        assert_eq!(
            value_url(Facet::SpecialCategory, "ukgdpr:9.2.h"),
            "facets/special-category/ukgdpr-9-2-h/"
        );
    }
}
