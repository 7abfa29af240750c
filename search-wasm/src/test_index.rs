//! Small indexes built in memory for the crate's tests.

use std::sync::Arc;

use tantivy::Index;

use crate::engine::{Engine, SearchOptions, SearchResults};
use crate::error::Result;
use crate::facets::Filter;
use crate::schema::{self, AtlasSchema};
use crate::stored::{StoredNotice, StoredSection};

/// A notice with its facets, as the index writer receives it.
pub struct Doc {
    pub notice: StoredNotice,
    pub facets: Vec<(String, String)>,
}

/// A notice of one organisation with sections given as (heading, text).
pub fn notice(org: &str, sections: &[(&str, &str)]) -> Doc {
    Doc {
        notice: StoredNotice {
            org: org.to_string(),
            org_name: format!("{org} Council"),
            org_kind: "council".to_string(),
            region: "London".to_string(),
            notice: "privacy".to_string(),
            notice_title: "Privacy notice".to_string(),
            url: format!("orgs/{org}/privacy/"),
            sections: sections
                .iter()
                .map(|(heading, text)| StoredSection {
                    heading: heading.to_string(),
                    anchor: heading.to_lowercase().replace(' ', "-"),
                    text: text.to_string(),
                })
                .collect(),
        },
        facets: vec![
            ("kind".to_string(), "council".to_string()),
            ("region".to_string(), "London".to_string()),
        ],
    }
}

pub fn section(org: &str, heading: &str, body: &str) -> Doc {
    notice(org, &[(heading, body)])
}

pub fn with_facets(mut doc: Doc, facets: &[(&str, &str)]) -> Doc {
    doc.facets
        .extend(facets.iter().map(|(g, v)| (g.to_string(), v.to_string())));
    doc
}

/// An engine over notices held in memory.
pub struct TestIndex {
    pub engine: Engine,
    pub notices: Vec<Arc<StoredNotice>>,
}

impl TestIndex {
    pub fn search(&self, query: &str, options: SearchOptions) -> Result<SearchResults> {
        self.engine.search(query, options, &self.notices)
    }
}

pub fn filters(pairs: &[(&str, &str)]) -> SearchOptions {
    SearchOptions {
        filters: pairs
            .iter()
            .map(|(facet, value)| Filter {
                facet: facet.to_string(),
                value: value.to_string(),
            })
            .collect(),
        ..SearchOptions::default()
    }
}

pub fn engine(docs: &[Doc]) -> TestIndex {
    let fields = AtlasSchema::build();
    let index = Index::create_in_ram(fields.schema.clone());
    schema::register_tokenizers(&index);
    let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for (ord, d) in docs.iter().enumerate() {
        writer
            .add_document(fields.document(ord as u64, &d.notice, &d.facets))
            .unwrap();
    }
    writer.commit().unwrap();
    TestIndex {
        engine: Engine::open(index).unwrap(),
        notices: docs.iter().map(|d| Arc::new(d.notice.clone())).collect(),
    }
}

pub fn corpus() -> TestIndex {
    engine(&[
        section(
            "staffs",
            "National data opt-out",
            "The national data opt-out applies to confidential patient information.",
        ),
        section(
            "dudley",
            "Your rights",
            "You have the right to ask for a copy of your data. Data is kept safe.",
        ),
        section(
            "worcs",
            "Surveys",
            "We use Survey Monkey to run surveys <script>alert(1)</script> about privacy.",
        ),
    ])
}

pub fn orgs(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.org.as_str()).collect()
}
