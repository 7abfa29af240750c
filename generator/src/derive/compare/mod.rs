//! Comparison view models built from the facts, sized for a national site (hundreds of
//! bodies, thousands of notices): every page lists a bounded number of organisations.
//!
//! ```text
//! compare/                                   every element: how many bodies state it, by kind
//! compare/<element>/[<kind>/][in/<region>/][page/<n>/]
//!                                            each body's values for one element, paged
//! compare/side-by-side/                      any two to four bodies (data/orgs/<org>.json)
//! facets/<element>/<value>/[<kind>/][in/<region>/][page/<n>/]
//!                                            who states a value, with their words, paged
//! orgs/<org>/peers/                          the body against bodies of its kind and region
//! orgs/<org>/compare/<peer>/                 the body and one peer side by side, no script
//! ```
//!
//! Every value links to its evidence: the notice section, with the quote carried in the URL
//! so that it is highlighted on arrival. `Comparison` indexes the facts once (references,
//! no copies); the page views are made while rendering, a page at a time (`listing`,
//! `peers`), so memory does not grow with the number of pages.

pub mod listing;
pub mod peers;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::cache::{Key, KeyBuilder};
use crate::facts::{Facet, Fact, Shared};
use crate::model::site::{Org, Site};
use crate::model::slug::value_slug;
use crate::model::OrgKind;

/// How many words of a long quote start and end a text fragment.
const FRAGMENT_WORDS: usize = 5;

/// Values listed per element on the overview and element pages; the rest are counted.
pub const VALUES_LISTED: usize = 40;

/// A fact as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub org: Shared,
    pub notice: Shared,
    pub notice_title: String,
    pub heading: Shared,
    pub facet: &'static str,
    pub value: Shared,
    pub label: Shared,
    pub quote: Box<str>,
    pub detail: Box<str>,
    pub origin: &'static str,
    /// Site-relative link to the evidence, quote included.
    pub href: String,
    /// Site-relative link to the facet value's page.
    pub value_url: String,
}

/// A fact as tables show it: its value, linked to the words that state it.
#[derive(Debug, Clone, Serialize)]
pub struct FactLink {
    pub label: Shared,
    pub href: String,
    pub origin: &'static str,
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
    /// The kind of one body: "Council", "Integrated care board", …
    pub kind_name: &'static str,
    /// The kind in running text, plural.
    pub kind_plural: &'static str,
    pub region: String,
}

/// The kind in running text, plural: "councils", "integrated care boards", "NHS trusts".
pub fn kind_plural(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Council => "councils",
        OrgKind::Icb => "integrated care boards",
        OrgKind::NhsTrust => "NHS trusts",
        OrgKind::Other => "other bodies",
    }
}

/// The kind of one body in plain words.
pub fn kind_name(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Council => "Council",
        OrgKind::Icb => "Integrated care board",
        OrgKind::NhsTrust => "NHS trust",
        OrgKind::Other => "Public body",
    }
}

impl OrgRef {
    pub fn new(o: &Org) -> OrgRef {
        OrgRef {
            slug: o.slug.clone(),
            name: o.name.clone(),
            url: o.url.clone(),
            kind: o.kind.id(),
            kind_label: o.kind.label(),
            kind_name: kind_name(o.kind),
            kind_plural: kind_plural(o.kind),
            region: o.region.clone(),
        }
    }
}

/// How many bodies of one kind state an element.
#[derive(Debug, Clone, Serialize)]
pub struct KindCount {
    pub kind: &'static str,
    pub label: &'static str,
    /// The kind in running text, plural.
    pub plural: &'static str,
    pub stated: usize,
    pub total: usize,
    /// The element's page filtered to this kind.
    pub url: String,
}

/// One element across the site: how many bodies state it, and its values.
#[derive(Debug, Clone, Serialize)]
pub struct ElementSummary {
    pub id: &'static str,
    pub slug: String,
    pub label: &'static str,
    pub url: String,
    pub stated: usize,
    pub total: usize,
    pub by_kind: Vec<KindCount>,
    /// The most stated values (at most `VALUES_LISTED`), most organisations first.
    pub values: Vec<ValueView>,
    /// How many more values there are.
    pub more_values: usize,
}

/// One organisation's values for one element: the first fact of each value, with how many
/// facts state that value.
pub type Stated<'a> = Vec<(&'a Fact, usize)>;

/// One facet value across the site: the organisations that state it (in name order), each
/// with every fact stating it.
pub struct ValueFacts<'a> {
    pub facet: Facet,
    pub value: &'a str,
    pub label: &'a str,
    pub url: String,
    pub orgs: OrgsWithFacts<'a>,
}

/// Organisations (indices into `site.orgs`), each with the facts stating one value.
type OrgsWithFacts<'a> = Vec<(usize, Vec<&'a Fact>)>;

/// The facts indexed once for every comparison page. Organisations are referred to by
/// their place in `site.orgs`.
pub struct Comparison<'a> {
    pub site: &'a Site,
    /// Organisation indices in name order (the order every list uses).
    pub by_name: Vec<usize>,
    /// Per organisation, per facet (in `Facet::ALL` order): its values.
    pub stated: Vec<Vec<Stated<'a>>>,
    pub elements: Vec<ElementSummary>,
    /// Every facet value, facet by facet, most stated first.
    pub values: Vec<ValueFacts<'a>>,
    /// Per organisation, a digest of all a comparison page may show of it: the organisation
    /// with its notices but not their rendered text ([`Org::compared_key`]), and its facts. A
    /// page's key takes these of the organisations it shows instead of the views it shows of
    /// them, which are only made when the page is rendered.
    pub shown: Vec<Key>,
    /// Per organisation, a digest of its records in the open data: the organisation with its
    /// notices and their rendered text ([`Org::key`]: the records list each notice's
    /// sections), and its facts.
    pub records: Vec<Key>,
    titles: HashMap<(&'a str, &'a str), (&'a str, &'a str)>,
}

/// A facet's place in `Facet::ALL`.
pub fn facet_index(facet: Facet) -> usize {
    Facet::ALL
        .iter()
        .position(|&f| f == facet)
        .unwrap_or_default()
}

/// One organisation's facts by facet (in `Facet::ALL` order), each facet's values in order of
/// first mention with their facts.
type PerValue<'f> = Vec<(&'f str, Vec<&'f Fact>)>;

/// The part of the comparison that reads every fact: the facts grouped by organisation, facet
/// and value, and each organisation's digests ([`Comparison::shown`], [`Comparison::records`]).
/// It borrows only the facts, so a build makes it beside the search index, which reads the
/// site's text.
pub struct Grouped<'f> {
    per_org: Vec<Vec<PerValue<'f>>>,
    shown: Vec<Key>,
    records: Vec<Key>,
}

impl<'f> Grouped<'f> {
    pub fn new(site: &Site, facts: &'f [Fact]) -> Grouped<'f> {
        let index_of: HashMap<&str, usize> = site
            .orgs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.slug.as_str(), i))
            .collect();
        // Per organisation and facet, per value in order of first mention: every fact.
        let mut per_org: Vec<Vec<PerValue>> =
            vec![vec![Vec::new(); Facet::ALL.len()]; site.orgs.len()];
        for f in facts {
            let Some(&o) = index_of.get(&*f.org) else {
                continue;
            };
            let values = &mut per_org[o][facet_index(f.facet)];
            match values.iter_mut().find(|(v, _)| **v == *f.value) {
                Some((_, list)) => list.push(f),
                None => values.push((&*f.value, vec![f])),
            }
        }
        let (shown, records): (Vec<Key>, Vec<Key>) = {
            use rayon::prelude::*;
            per_org
                .par_iter()
                .zip(site.orgs.par_iter())
                .map(|(facets, org)| {
                    let mut facts_key = KeyBuilder::new("org-facts");
                    for values in facets {
                        for (_, facts) in values {
                            facts_key = facts_key.value(facts);
                        }
                        facts_key = facts_key.str("/");
                    }
                    let facts_key = facts_key.finish();
                    let shown = KeyBuilder::new("org-shown")
                        .key_part(&org.compared_key())
                        .key_part(&facts_key);
                    let records = KeyBuilder::new("org-records")
                        .key_part(&org.key())
                        .key_part(&facts_key);
                    (shown.finish(), records.finish())
                })
                .unzip()
        };
        Grouped {
            per_org,
            shown,
            records,
        }
    }
}

impl<'a> Comparison<'a> {
    /// The comparison of `site`, from its facts as [`Grouped::new`] grouped them (for the same
    /// site: the organisations in the same order).
    pub fn from_grouped(site: &'a Site, grouped: Grouped<'a>) -> Comparison<'a> {
        let Grouped {
            per_org,
            shown,
            records,
        } = grouped;
        let titles: HashMap<(&str, &str), (&str, &str)> = site
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
        let mut by_name: Vec<usize> = (0..site.orgs.len()).collect();
        by_name.sort_by_cached_key(|&i| (site.orgs[i].name.to_lowercase(), i));

        let stated: Vec<Vec<Stated>> = per_org
            .iter()
            .map(|facets| {
                facets
                    .iter()
                    .map(|values| values.iter().map(|(_, l)| (l[0], l.len())).collect())
                    .collect()
            })
            .collect();

        let mut elements = Vec::new();
        let mut values = Vec::new();
        for (fi, &facet) in Facet::ALL.iter().enumerate() {
            // value → (label, organisations in name order with their facts)
            let mut of_value: BTreeMap<&str, (&str, OrgsWithFacts)> = BTreeMap::new();
            for &o in &by_name {
                for (value, list) in &per_org[o][fi] {
                    of_value
                        .entry(value)
                        .or_insert((&*list[0].label, Vec::new()))
                        .1
                        .push((o, list.clone()));
                }
            }
            let mut facet_values: Vec<ValueFacts> = of_value
                .into_iter()
                .map(|(value, (label, orgs))| ValueFacts {
                    facet,
                    value,
                    label,
                    url: value_url(facet, value),
                    orgs,
                })
                .collect();
            facet_values.sort_by(|a, b| {
                b.orgs
                    .len()
                    .cmp(&a.orgs.len())
                    .then_with(|| a.value.cmp(b.value))
            });
            let states = |o: usize| !stated[o][fi].is_empty();
            let by_kind = OrgKind::ALL
                .iter()
                .filter_map(|&k| {
                    let of_kind: Vec<usize> = (0..site.orgs.len())
                        .filter(|&o| site.orgs[o].kind == k)
                        .collect();
                    (!of_kind.is_empty()).then(|| KindCount {
                        kind: k.id(),
                        label: k.label(),
                        plural: kind_plural(k),
                        stated: of_kind.iter().filter(|&&o| states(o)).count(),
                        total: of_kind.len(),
                        url: listing::url(&element_url(facet), Some(k.id()), None, 1),
                    })
                })
                .collect();
            elements.push(ElementSummary {
                id: facet.id(),
                slug: facet.slug(),
                label: facet.label(),
                url: element_url(facet),
                stated: (0..site.orgs.len()).filter(|&o| states(o)).count(),
                total: site.orgs.len(),
                by_kind,
                values: facet_values
                    .iter()
                    .take(VALUES_LISTED)
                    .map(|v| ValueView {
                        value: v.value.to_string(),
                        label: v.label.to_string(),
                        url: v.url.clone(),
                        orgs: v.orgs.len(),
                    })
                    .collect(),
                more_values: facet_values.len().saturating_sub(VALUES_LISTED),
            });
            values.extend(facet_values);
        }
        Comparison {
            site,
            by_name,
            stated,
            elements,
            values,
            shown,
            records,
            titles,
        }
    }

    /// Adds to `key` the digests of organisations `orgs` ([`Comparison::shown`]), in order: a
    /// page's key for what it shows of them.
    pub fn with_shown(
        &self,
        mut key: KeyBuilder,
        orgs: impl IntoIterator<Item = usize>,
    ) -> KeyBuilder {
        for o in orgs {
            key = key.key_part(&self.shown[o]);
        }
        key
    }

    /// A fact as pages show it, with its evidence link.
    pub fn view(&self, f: &Fact) -> FactView {
        let (title, url) = self
            .titles
            .get(&(&*f.org, &*f.notice))
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
    }

    /// A fact as tables show it.
    pub fn link(&self, f: &Fact) -> FactLink {
        let url = self.titles.get(&(&*f.org, &*f.notice)).map_or("", |t| t.1);
        FactLink {
            label: f.label.clone(),
            href: evidence_href(url, &f.anchor, &f.quote),
            origin: f.origin.id(),
        }
    }

    /// Whether organisation `o` states the element at `facet` (its index).
    pub fn states(&self, o: usize, facet: usize) -> bool {
        !self.stated[o][facet].is_empty()
    }

    /// One organisation's values for every element, at most `limit` each (one fact per
    /// value), with how many more.
    pub fn elements_of(&self, o: usize, limit: usize) -> Vec<ElementView> {
        Facet::ALL
            .iter()
            .enumerate()
            .map(|(fi, &facet)| {
                let stated = &self.stated[o][fi];
                ElementView {
                    id: facet.id(),
                    slug: facet.slug(),
                    label: facet.label(),
                    facts: stated
                        .iter()
                        .take(limit)
                        .map(|(f, _)| self.view(f))
                        .collect(),
                    more: stated.len().saturating_sub(limit),
                }
            })
            .collect()
    }

    /// The organisation page's facts: elements its notices state, and those they do not.
    pub fn org_facts(&self, o: usize) -> (Vec<ElementView>, Vec<ElementView>) {
        self.elements_of(o, usize::MAX)
            .into_iter()
            .partition(|e| !e.facts.is_empty())
    }
}

/// An organisation's values for one element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementView {
    pub id: &'static str,
    pub slug: String,
    pub label: &'static str,
    pub facts: Vec<FactView>,
    /// Values not listed.
    pub more: usize,
}

/// An organisation's values for one element, as links.
#[derive(Debug, Clone, Serialize)]
pub struct ElementLinks {
    pub slug: String,
    pub facts: Vec<FactLink>,
    /// Values not listed.
    pub more: usize,
}

/// One organisation in a side-by-side table: its values, element by element (in
/// `Facet::ALL` order).
#[derive(Debug, Clone, Serialize)]
pub struct SideColumn {
    pub org: OrgRef,
    pub elements: Vec<ElementLinks>,
}

/// The page of one element, e.g. `compare/lawful-basis/`.
pub fn element_url(facet: Facet) -> String {
    format!("compare/{}/", facet.slug())
}

/// The page of a facet value, e.g. `facets/special-category/ukgdpr-9-2-h/`.
pub fn value_url(facet: Facet, value: &str) -> String {
    format!("facets/{}/{}/", facet.slug(), value_slug(value))
}

/// "Who relies on Article 9(2)(h)?"
pub fn question(facet: Facet, label: &str) -> String {
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
        assert_eq!(element_url(Facet::LawfulBasis), "compare/lawful-basis/");
    }
}
