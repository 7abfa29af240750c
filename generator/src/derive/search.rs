//! What the search index is made of, as view models: each notice as a stored document with
//! its facet paths (kind, region, lawful bases, recipients), and the facet values the search
//! page offers as filters.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::Result;
use search_wasm::{StoredNotice, StoredSection};
use serde::Serialize;

use crate::cache::{Key, KeyBuilder};
use crate::facts::{Facet, Fact};
use crate::model::reference::OrgKind;
use crate::model::site::{Notice, Org};
use crate::model::Site;

/// The index's facet groups that come from facts.
const FACT_GROUPS: [(&str, Facet); 2] = [
    ("lawful_basis", Facet::LawfulBasis),
    ("recipients", Facet::Recipients),
];

/// A notice as the index sees it: where it is in the site, its facets (its organisation's
/// kind and region and its lawful bases and recipients), and the key of its stored file.
pub struct NoticeDoc<'a> {
    pub org: &'a Org,
    pub notice: &'a Notice,
    pub facets: Vec<(String, String)>,
    /// What its stored file ([`stored_notice`]) is made of: the notice's work key (its
    /// text, title and slug, which give its sections) and the fields of its organisation and
    /// itself that the file repeats. A notice whose key is unchanged has the same file, which
    /// a build keeps without making it again.
    pub key: Key,
}

/// Each notice as the index sees it, in site order, handed to `emit` one at a time.
pub fn notice_docs<'a>(
    site: &'a Site,
    facts: &[Fact],
    emit: &mut dyn FnMut(NoticeDoc<'a>) -> Result<()>,
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
            docs += 1;
            emit(NoticeDoc {
                org,
                notice,
                facets,
                key: stored_key(org, notice),
            })?;
        }
    }
    Ok(docs)
}

/// The key of a notice's stored file: see [`NoticeDoc::key`].
fn stored_key(org: &Org, notice: &Notice) -> Key {
    KeyBuilder::new("stored-notice")
        .key_part(&notice.work_key)
        .str(&org.slug)
        .str(&org.name)
        .str(org.kind.id())
        .str(&org.region)
        .str(&notice.slug)
        .str(&notice.title)
        .str(&notice.url)
        .finish()
}

/// A notice's stored file: what a search result shows of it, its sections' text included.
pub fn stored_notice(org: &Org, notice: &Notice) -> StoredNotice {
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
    StoredNotice {
        org: org.slug.clone(),
        org_name: org.name.clone(),
        org_kind: org.kind.id().to_string(),
        region: org.region.clone(),
        notice: notice.slug.clone(),
        notice_title: notice.title.clone(),
        url: notice.url.clone(),
        sections,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn seed() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let content = crate::check::load_checked(&root, "/", Date::today()).unwrap();
        Site::from_content(content)
    }

    /// The stored file's key reads everything the file is made of: a field added to the file
    /// must be added to the key (and here), or an edit to it would leave old files published.
    #[test]
    fn the_stored_files_key_follows_every_field_of_the_file() {
        let site = seed();
        let (org, notice) = (&site.orgs[0], &site.orgs[0].notices[0]);
        let file = serde_json::to_value(stored_notice(org, notice)).unwrap();
        let mut fields: Vec<&str> = file
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "notice",
                "notice_title",
                "org",
                "org_kind",
                "org_name",
                "region",
                "sections",
                "url"
            ]
        );
        let key = stored_key(org, notice);
        let changed = |change: &dyn Fn(&mut Org, &mut Notice)| {
            let (mut org, mut notice) = (org.clone(), notice.clone());
            change(&mut org, &mut notice);
            stored_key(&org, &notice)
        };
        type Change<'c> = &'c dyn Fn(&mut Org, &mut Notice);
        let changes: [Change; 8] = [
            &|o, _| o.slug.push('x'),
            &|o, _| o.name.push('x'),
            &|o, _| o.kind = OrgKind::ALL.into_iter().find(|&k| k != o.kind).unwrap(),
            &|o, _| o.region.push('x'),
            &|_, n| n.slug.push('x'),
            &|_, n| n.title.push('x'),
            &|_, n| n.url.push('x'),
            // The text, and so the sections: the work key stands for them.
            &|_, n| n.work_key = crate::cache::digest(b"other text"),
        ];
        for change in changes {
            assert_ne!(changed(change), key);
        }
        assert_eq!(changed(&|_, _| {}), key);
        // Every notice of the site has its own.
        let mut keys: Vec<Key> = site
            .orgs
            .iter()
            .flat_map(|o| o.notices.iter().map(move |n| stored_key(o, n)))
            .collect();
        let all = keys.len();
        keys.sort_by_key(|k| k.hex());
        keys.dedup();
        assert_eq!(keys.len(), all);
    }
}
