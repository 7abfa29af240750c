//! What the search index is made of, as view models: each notice as a stored document with
//! its facet paths (kind, region, lawful bases, recipients), and the facet values the search
//! page offers as filters.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::Result;
use search_wasm::{StoredNotice, StoredSection};
use serde::Serialize;

use crate::facts::{Facet, Fact};
use crate::model::reference::OrgKind;
use crate::model::Site;

/// The index's facet groups that come from facts.
const FACT_GROUPS: [(&str, Facet); 2] = [
    ("lawful_basis", Facet::LawfulBasis),
    ("recipients", Facet::Recipients),
];

/// Each notice as the index and its stored file see it, in site order, with its facets: its
/// organisation's kind and region and its lawful bases and recipients. Each is handed to
/// `emit` as it is made, so the whole set never sits in memory at once.
pub fn notice_docs(
    site: &Site,
    facts: &[Fact],
    emit: &mut dyn FnMut(StoredNotice, Vec<(String, String)>) -> Result<()>,
) -> Result<u64> {
    // Each notice's facts, looked up once (facts come in site order).
    let mut of_notice: HashMap<(&str, &str), Vec<&Fact>> = HashMap::new();
    for f in facts {
        of_notice.entry((&*f.org, &*f.notice)).or_default().push(f);
    }
    let mut docs = 0;
    for org in &site.orgs {
        for notice in &org.notices {
            let mut facets = vec![
                ("kind".to_string(), org.kind.id().to_string()),
                ("region".to_string(), org.region.clone()),
            ];
            let notice_facts = of_notice
                .get(&(org.slug.as_str(), notice.slug.as_str()))
                .map(Vec::as_slice)
                .unwrap_or_default();
            for (group, facet) in FACT_GROUPS {
                let mut seen = BTreeSet::new();
                for f in notice_facts.iter().filter(|f| f.facet == facet) {
                    if seen.insert(&*f.value) {
                        facets.push((group.to_string(), f.value.to_string()));
                    }
                }
            }
            let sections = notice
                .sections
                .iter()
                .filter(|s| !s.text.is_empty() || !s.anchor.is_empty())
                .map(|s| StoredSection {
                    heading: if s.anchor.is_empty() {
                        String::new()
                    } else {
                        s.heading_path()
                    },
                    anchor: s.anchor.clone(),
                    text: s.text.clone(),
                })
                .collect();
            docs += 1;
            emit(
                StoredNotice {
                    org: org.slug.clone(),
                    org_name: org.name.clone(),
                    org_kind: org.kind.id().to_string(),
                    region: org.region.clone(),
                    notice: notice.slug.clone(),
                    notice_title: notice.title.clone(),
                    url: notice.url.clone(),
                    sections,
                },
                facets,
            )?;
        }
    }
    Ok(docs)
}

/// A facet group as the search page's filters show it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchFacet {
    pub id: &'static str,
    pub label: &'static str,
    pub values: Vec<FilterValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterValue {
    pub value: String,
    pub label: String,
}

/// Every value of every facet group in the index, with labels, for the search page.
pub fn search_facets(site: &Site, facts: &[Fact]) -> Vec<SearchFacet> {
    let mut groups = Vec::new();
    for group in search_wasm::schema::FACET_GROUPS {
        let mut values: Vec<FilterValue> = Vec::new();
        let mut seen = HashSet::new();
        let mut add = |value: &str, label: &str| {
            if seen.insert(value.to_string()) {
                values.push(FilterValue {
                    value: value.to_string(),
                    label: label.to_string(),
                });
            }
        };
        let label = match group {
            "kind" => {
                for kind in OrgKind::ALL {
                    if site.orgs.iter().any(|o| o.kind == kind) {
                        add(kind.id(), kind.label());
                    }
                }
                "Kind of body"
            }
            "region" => {
                let mut regions: Vec<&str> = site.orgs.iter().map(|o| o.region.as_str()).collect();
                regions.sort();
                for r in regions {
                    add(r, r);
                }
                "Region"
            }
            _ => {
                let facet = FACT_GROUPS
                    .iter()
                    .find(|(g, _)| *g == group)
                    .map(|(_, f)| *f)
                    .expect("every fact group is listed");
                let mut of_facet: Vec<&Fact> = facts.iter().filter(|f| f.facet == facet).collect();
                of_facet.sort_by(|a, b| a.value.cmp(&b.value));
                for f in of_facet {
                    add(&f.value, &f.label);
                }
                facet.label()
            }
        };
        groups.push(SearchFacet {
            id: group,
            label,
            values,
        });
    }
    groups
}
