//! Lists of organisations in pages of a bounded size, filtered by kind of body and region,
//! every combination of filters and every page a page of its own, so that the filters and
//! the pager are plain links that work without JavaScript (the theme's script follows them
//! in place). The same scheme under any prefix:
//!
//! ```text
//! <prefix>                           every organisation, first page
//! <prefix><kind>/                    one kind
//! <prefix>in/<region>/               one region
//! <prefix><kind>/in/<region>/        both
//! ...page/<n>/                       the n-th page (n ≥ 2) of any of them
//! ```
//!
//! Only combinations with at least one organisation get a page, and the filters link only
//! to those.

use serde::Serialize;

use crate::derive::browse::FilterLink;
use crate::model::site::Org;
use crate::model::OrgKind;

/// Organisations per page.
pub const PAGE_SIZE: usize = 25;

/// The URL of one page of a list.
pub fn url(prefix: &str, kind: Option<&str>, region: Option<&str>, page: usize) -> String {
    let mut url = crate::derive::browse::filtered_url(prefix, kind, region);
    if page > 1 {
        url.push_str(&format!("page/{page}/"));
    }
    url
}

/// A link to one page of the list, or a gap in the pager.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// 0 for a gap ("…").
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// One page of a filtered list.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    pub url: String,
    /// Kind id and label, empty when not filtered by kind.
    pub kind: String,
    pub kind_label: String,
    /// The kind in running text, plural ("NHS trusts"); empty when not filtered by kind.
    pub kind_plural: String,
    /// Region slug and name, empty when not filtered by region.
    pub region: String,
    pub region_name: String,
    /// Whether filters are offered at all.
    pub filters: bool,
    /// Organisations matching the filters, on all pages.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    /// 1-based positions of the first and last organisation shown.
    pub first: usize,
    pub last: usize,
    pub kind_links: Vec<FilterLink>,
    pub region_links: Vec<FilterLink>,
    pub pager: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The organisations shown, as indices into `site.orgs`.
    #[serde(skip)]
    pub items: Vec<usize>,
}

/// Which filters a list offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filters {
    /// One unfiltered list (for lists that fit on a page).
    None,
    /// By kind of body only.
    Kind,
    /// By kind and by region, and both together.
    KindAndRegion,
}

/// Every page of the list of `items` (indices into `orgs`, in the order to show) under
/// `prefix`, with the filters asked for.
pub fn listings(prefix: &str, orgs: &[Org], items: &[usize], filters: Filters) -> Vec<Listing> {
    let kinds: Vec<OrgKind> = OrgKind::ALL
        .into_iter()
        .filter(|k| items.iter().any(|&o| orgs[o].kind == *k))
        .collect();
    let mut regions: Vec<(&str, &str)> = Vec::new();
    for &o in items {
        let org = &orgs[o];
        if !org.region_slug.is_empty() && !regions.iter().any(|(s, _)| *s == org.region_slug) {
            regions.push((&org.region_slug, &org.region));
        }
    }
    regions.sort_by(|a, b| a.1.cmp(b.1));
    let matching = |kind: Option<OrgKind>, region: Option<&str>| -> Vec<usize> {
        items
            .iter()
            .copied()
            .filter(|&o| {
                kind.is_none_or(|k| orgs[o].kind == k)
                    && region.is_none_or(|r| orgs[o].region_slug == r)
            })
            .collect()
    };

    let mut kind_options: Vec<Option<OrgKind>> = vec![None];
    let mut region_options: Vec<Option<(&str, &str)>> = vec![None];
    if filters != Filters::None {
        kind_options.extend(kinds.iter().copied().map(Some));
    }
    if filters == Filters::KindAndRegion {
        region_options.extend(regions.iter().copied().map(Some));
    }
    let mut pages = Vec::new();
    for &kind in &kind_options {
        for &region in &region_options {
            let k = kind.map(OrgKind::id);
            let r = region.map(|r| r.0);
            let shown = matching(kind, r);
            if shown.is_empty() {
                continue;
            }
            let link = |label: &str, value: &str, kind: Option<OrgKind>, region: Option<&str>| {
                let count = matching(kind, region).len();
                (count > 0).then(|| FilterLink {
                    label: label.to_string(),
                    value: value.to_string(),
                    url: url(prefix, kind.map(OrgKind::id), region, 1),
                    count,
                    current: kind.map(OrgKind::id) == k && region == r,
                })
            };
            let (kind_links, region_links) = if filters != Filters::None {
                (
                    kind_options
                        .iter()
                        .filter_map(|&option| {
                            link(
                                option.map_or("All kinds", OrgKind::label),
                                option.map_or("", OrgKind::id),
                                option,
                                r,
                            )
                        })
                        .collect(),
                    region_options
                        .iter()
                        .filter(|_| filters == Filters::KindAndRegion)
                        .filter_map(|&option| {
                            link(
                                option.map_or("All regions", |o| o.1),
                                option.map_or("", |o| o.0),
                                kind,
                                option.map(|o| o.0),
                            )
                        })
                        .collect(),
                )
            } else {
                (Vec::new(), Vec::new())
            };
            let count = shown.len().div_ceil(PAGE_SIZE);
            for (i, chunk) in shown.chunks(PAGE_SIZE).enumerate() {
                let page = i + 1;
                let page_url = |n: usize| url(prefix, k, r, n);
                pages.push(Listing {
                    url: page_url(page),
                    kind: k.unwrap_or_default().to_string(),
                    kind_label: kind.map_or("", OrgKind::label).to_string(),
                    kind_plural: kind
                        .map_or("", crate::derive::compare::kind_plural)
                        .to_string(),
                    region: r.unwrap_or_default().to_string(),
                    region_name: region.map_or("", |r| r.1).to_string(),
                    filters: filters != Filters::None,
                    total: shown.len(),
                    page,
                    pages: count,
                    first: i * PAGE_SIZE + 1,
                    last: i * PAGE_SIZE + chunk.len(),
                    kind_links: kind_links.clone(),
                    region_links: region_links.clone(),
                    pager: pager(page, count)
                        .into_iter()
                        .map(|n| PageLink {
                            number: n,
                            url: if n == 0 { String::new() } else { page_url(n) },
                            current: n == page,
                        })
                        .collect(),
                    prev: (page > 1).then(|| page_url(page - 1)),
                    next: (page < count).then(|| page_url(page + 1)),
                    items: chunk.to_vec(),
                });
            }
        }
    }
    pages
}

/// The page numbers a pager shows: the first, the last, the current one and its
/// neighbours, 0 for each gap between them; nothing for a single page.
pub fn pager(current: usize, count: usize) -> Vec<usize> {
    if count < 2 {
        return Vec::new();
    }
    let mut numbers = Vec::new();
    for n in 1..=count {
        if n == 1 || n == count || n.abs_diff(current) <= 1 {
            if numbers
                .last()
                .is_some_and(|&last: &usize| last != 0 && n > last + 1)
            {
                numbers.push(0);
            }
            numbers.push(n);
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            url("compare/retention/", None, None, 1),
            "compare/retention/"
        );
        assert_eq!(
            url("compare/retention/", Some("icb"), Some("london"), 3),
            "compare/retention/icb/in/london/page/3/"
        );
        assert_eq!(
            url("f/v/", None, Some("london"), 2),
            "f/v/in/london/page/2/"
        );
    }

    #[test]
    fn pager_shows_ends_and_neighbours() {
        assert!(pager(1, 1).is_empty());
        assert_eq!(pager(1, 3), vec![1, 2, 3]);
        assert_eq!(pager(1, 10), vec![1, 2, 0, 10]);
        assert_eq!(pager(5, 10), vec![1, 0, 4, 5, 6, 0, 10]);
        assert_eq!(pager(10, 10), vec![1, 0, 9, 10]);
        assert_eq!(pager(3, 10), vec![1, 2, 3, 4, 0, 10]);
    }

    fn org(slug: &str, kind: OrgKind, region: &str) -> Org {
        Org {
            slug: slug.to_string(),
            name: slug.to_string(),
            kind,
            kind_label: kind.label(),
            website: String::new(),
            region: region.to_string(),
            region_slug: crate::model::slug::region_slug(region),
            nhs_region: String::new(),
            description: String::new(),
            codes: Default::default(),
            url: format!("orgs/{slug}/"),
            notices: Vec::new(),
        }
    }

    #[test]
    fn every_non_empty_combination_is_paged() {
        let mut orgs = Vec::new();
        for i in 0..60 {
            let kind = if i % 3 == 0 {
                OrgKind::Icb
            } else {
                OrgKind::Council
            };
            let region = if i < 30 { "London" } else { "North West" };
            orgs.push(org(&format!("o{i:02}"), kind, region));
        }
        let items: Vec<usize> = (0..orgs.len()).collect();
        let pages = listings("x/", &orgs, &items, Filters::KindAndRegion);
        let urls: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
        assert!(urls.contains(&"x/"));
        assert!(urls.contains(&"x/page/3/"));
        assert!(!urls.contains(&"x/page/4/"));
        assert!(urls.contains(&"x/icb/in/london/"));
        assert!(!urls.iter().any(|u| u.contains("nhs-trust")));
        for p in &pages {
            assert!(p.items.len() <= PAGE_SIZE);
            assert!(!p.items.is_empty());
            for l in p.kind_links.iter().chain(&p.region_links) {
                assert!(
                    urls.contains(&l.url.as_str()),
                    "{} links to {}",
                    p.url,
                    l.url
                );
            }
        }
        let icb_london = pages.iter().find(|p| p.url == "x/icb/in/london/").unwrap();
        assert_eq!(icb_london.total, 10);
        assert!(icb_london
            .items
            .iter()
            .all(|&o| orgs[o].kind == OrgKind::Icb && orgs[o].region == "London"));
        let unfiltered = listings("y/", &orgs, &items, Filters::None);
        assert_eq!(unfiltered.len(), 3);
        assert!(unfiltered[0].kind_links.is_empty());
        let by_kind = listings("z/", &orgs, &items, Filters::Kind);
        let urls: Vec<&str> = by_kind.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "z/",
                "z/page/2/",
                "z/page/3/",
                "z/council/",
                "z/council/page/2/",
                "z/icb/"
            ]
        );
        assert!(by_kind.iter().all(|p| p.region_links.is_empty()));
    }
}
