//! The organisation list and its filters (kind, region). Every combination of filters is a
//! page of its own, so the filters are plain links that work without JavaScript; the
//! theme's script applies the same filters in place, using the same URL scheme.
//!
//! ```text
//! organisations/                         every organisation
//! organisations/<kind>/                  one kind
//! organisations/in/<region>/             one region
//! organisations/<kind>/in/<region>/      both
//! ```

use serde::Serialize;

use crate::model::site::Site;
use crate::model::OrgKind;

/// The site-relative URL of the list with these filters.
pub fn list_url(kind: Option<&str>, region: Option<&str>) -> String {
    filtered_url("organisations/", kind, region)
}

/// `prefix` with the filters' segments: `<kind>/`, then `in/<region>/`. Every filtered list
/// of the site (organisations, comparison elements) uses this one scheme.
pub fn filtered_url(prefix: &str, kind: Option<&str>, region: Option<&str>) -> String {
    let mut url = prefix.to_string();
    if let Some(kind) = kind {
        url.push_str(kind);
        url.push('/');
    }
    if let Some(region) = region {
        url.push_str("in/");
        url.push_str(region);
        url.push('/');
    }
    url
}

/// A region organisations are in, with how many.
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    pub name: String,
    pub slug: String,
    pub count: usize,
    pub url: String,
}

/// A kind of organisation present on the site, with how many.
#[derive(Debug, Clone, Serialize)]
pub struct Kind {
    pub id: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub url: String,
}

/// Regions in name order, each once.
pub fn regions(site: &Site) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    for org in &site.orgs {
        if org.region_slug.is_empty() {
            continue;
        }
        match regions.iter_mut().find(|r| r.slug == org.region_slug) {
            Some(r) => r.count += 1,
            None => regions.push(Region {
                name: org.region.clone(),
                slug: org.region_slug.clone(),
                count: 1,
                url: list_url(None, Some(&org.region_slug)),
            }),
        }
    }
    regions.sort_by(|a, b| a.name.cmp(&b.name));
    regions
}

/// Kinds with at least one organisation, in the fixed order of kinds.
pub fn kinds(site: &Site) -> Vec<Kind> {
    OrgKind::ALL
        .iter()
        .map(|k| Kind {
            id: k.id(),
            label: k.label(),
            count: site.orgs.iter().filter(|o| o.kind == *k).count(),
            url: list_url(Some(k.id()), None),
        })
        .filter(|k| k.count > 0)
        .collect()
}

/// One filter link: an option of one filter, with the other filter kept as it is.
#[derive(Debug, Clone, Serialize)]
pub struct FilterLink {
    pub label: String,
    /// The option's value; empty for "all".
    pub value: String,
    pub url: String,
    /// Organisations the list would show after following the link.
    pub count: usize,
    pub current: bool,
}

/// An organisation in the list; `shown` is false when the filters leave it out (it is
/// still in the page, hidden, so the script can filter without loading anything).
#[derive(Debug, Clone, Serialize)]
pub struct ListedOrg {
    pub name: String,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub region: String,
    pub region_slug: String,
    pub notices: usize,
    pub shown: bool,
}

/// One page of the organisation list.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    pub url: String,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub region: String,
    pub kind_links: Vec<FilterLink>,
    pub region_links: Vec<FilterLink>,
    pub orgs: Vec<ListedOrg>,
    pub shown: usize,
}

/// Every page of the list: all organisations, then each kind, each region and each pair.
pub fn list_pages(site: &Site) -> Vec<ListPage> {
    let kinds = kinds(site);
    let regions = regions(site);
    let mut kind_options: Vec<Option<&Kind>> = vec![None];
    kind_options.extend(kinds.iter().map(Some));
    let mut region_options: Vec<Option<&Region>> = vec![None];
    region_options.extend(regions.iter().map(Some));

    let mut orgs: Vec<ListedOrg> = site
        .orgs
        .iter()
        .map(|o| ListedOrg {
            name: o.name.clone(),
            url: o.url.clone(),
            kind: o.kind.id(),
            kind_label: o.kind_label,
            region: o.region.clone(),
            region_slug: o.region_slug.clone(),
            notices: o.notices.len(),
            shown: true,
        })
        .collect();
    orgs.sort_by_key(|o| o.name.to_lowercase());
    let count = |kind: Option<&str>, region: Option<&str>| {
        orgs.iter().filter(|o| matches(o, kind, region)).count()
    };

    let mut pages = Vec::new();
    for kind in &kind_options {
        for region in &region_options {
            let k = kind.map(|k| k.id);
            let r = region.map(|r| r.slug.as_str());
            let kind_links = kind_options
                .iter()
                .map(|option| FilterLink {
                    label: option.map_or("All kinds", |o| o.label).to_string(),
                    value: option.map_or("", |o| o.id).to_string(),
                    url: list_url(option.map(|o| o.id), r),
                    count: count(option.map(|o| o.id), r),
                    current: option.map(|o| o.id) == k,
                })
                .collect();
            let region_links = region_options
                .iter()
                .map(|option| FilterLink {
                    label: option
                        .map_or("All regions", |o| o.name.as_str())
                        .to_string(),
                    value: option.map_or("", |o| o.slug.as_str()).to_string(),
                    url: list_url(k, option.map(|o| o.slug.as_str())),
                    count: count(k, option.map(|o| o.slug.as_str())),
                    current: option.map(|o| o.slug.as_str()) == r,
                })
                .collect();
            let listed: Vec<ListedOrg> = orgs
                .iter()
                .map(|o| ListedOrg {
                    shown: matches(o, k, r),
                    ..o.clone()
                })
                .collect();
            let shown = listed.iter().filter(|o| o.shown).count();
            let title = list_title(kind.map(|k| k.label), region.map(|r| r.name.as_str()));
            pages.push(ListPage {
                url: list_url(k, r),
                description: format!(
                    "{title} whose privacy notices you can read and compare here."
                ),
                title,
                kind: k.unwrap_or_default().to_string(),
                region: r.unwrap_or_default().to_string(),
                kind_links,
                region_links,
                orgs: listed,
                shown,
            });
        }
    }
    pages
}

fn matches(org: &ListedOrg, kind: Option<&str>, region: Option<&str>) -> bool {
    kind.is_none_or(|k| org.kind == k) && region.is_none_or(|r| org.region_slug == r)
}

/// "Organisations", "Councils", "Organisations in London", "Councils in London".
pub fn list_title(kind_label: Option<&str>, region: Option<&str>) -> String {
    let what = kind_label.unwrap_or("Organisations");
    match region {
        Some(region) => format!("{what} in {region}"),
        None => what.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::slug::region_slug;

    #[test]
    fn urls_follow_the_scheme_the_script_uses() {
        assert_eq!(list_url(None, None), "organisations/");
        assert_eq!(list_url(Some("icb"), None), "organisations/icb/");
        assert_eq!(list_url(None, Some("london")), "organisations/in/london/");
        assert_eq!(
            list_url(Some("council"), Some("west-midlands")),
            "organisations/council/in/west-midlands/"
        );
        assert_eq!(region_slug("West Midlands"), "west-midlands");
        assert_eq!(region_slug(" "), "");
    }

    #[test]
    fn titles() {
        assert_eq!(list_title(None, None), "Organisations");
        assert_eq!(
            list_title(Some("Councils"), Some("London")),
            "Councils in London"
        );
        assert_eq!(list_title(None, Some("London")), "Organisations in London");
    }
}
