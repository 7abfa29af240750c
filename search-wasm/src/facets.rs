//! Facet filters and counts: organisation kind and region, lawful bases and recipients.

use serde::{Deserialize, Serialize};
use tantivy::collector::FacetCollector;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use crate::query::IndexedTermQuery;
use crate::schema;

/// One facet value to filter by, e.g. `lawful_basis` = `ukgdpr:6.1.e`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    pub facet: String,
    pub value: String,
}

/// How many matching sections carry a facet value. Counts for a group are taken with the
/// filters of the other groups applied but not its own, so choosing one value does not hide
/// its alternatives.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FacetCount {
    pub facet: String,
    pub value: String,
    pub count: u64,
}

/// `query` restricted by the filters on the facet field, leaving out those of group
/// `except`. Values of one group are alternatives; groups all apply.
pub(crate) fn filtered(
    facets: Field,
    query: Box<dyn Query>,
    filters: &[Filter],
    except: Option<&str>,
) -> Box<dyn Query> {
    let mut clauses = vec![(Occur::Must, query)];
    for group in schema::FACET_GROUPS {
        if except == Some(group) {
            continue;
        }
        let alternatives: Vec<(Occur, Box<dyn Query>)> = filters
            .iter()
            .filter(|f| f.facet == group)
            .map(|f| {
                let term = Term::from_facet(facets, &schema::facet(group, &f.value));
                let q = IndexedTermQuery::boxed(term, IndexRecordOption::Basic);
                (Occur::Should, q)
            })
            .collect();
        if !alternatives.is_empty() {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
    }
    if clauses.len() == 1 {
        return clauses.pop().expect("one clause").1;
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Sections per facet value, each group counted without its own filters; groups in
/// `FACET_GROUPS` order, values by count then name.
pub(crate) fn counts(
    searcher: &Searcher,
    facets: Field,
    query: &dyn Query,
    filters: &[Filter],
) -> tantivy::Result<Vec<FacetCount>> {
    let field_name = searcher.schema().get_field_name(facets).to_string();
    let mut out = Vec::new();
    for group in schema::FACET_GROUPS {
        let q = filtered(facets, query.box_clone(), filters, Some(group));
        let mut collector = FacetCollector::for_field(&field_name);
        collector.add_facet(Facet::from_path([group]));
        let counts = crate::engine::search(searcher, &*q, &collector)?;
        let mut values: Vec<FacetCount> = counts
            .get(Facet::from_path([group]))
            .map(|(facet, count)| FacetCount {
                facet: group.to_string(),
                value: facet
                    .to_path()
                    .last()
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                count,
            })
            .collect();
        values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        out.extend(values);
    }
    Ok(out)
}
