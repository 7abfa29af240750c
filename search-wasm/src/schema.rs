//! Index schema and text analysis shared by the index writer and every reader.

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

/// Name under which the analyzer below is registered on every index.
pub const TOKENIZER: &str = "atlas_en";

/// The analyzer for all searchable text: split on non-alphanumerics, drop absurdly long
/// tokens, lower-case, fold accents, then English stemming.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Lower-cased, accent-folded tokens without stemming: used to build prefix terms for
/// search-as-you-type, where the word is still being typed.
pub fn unstemmed_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers the analyzer on an index (writer or reader side).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}

/// The facet groups a search can filter by and count, in the order pages show them:
/// organisation kind and region, and the notice's lawful bases and recipients.
pub const FACET_GROUPS: [&str; 4] = ["kind", "region", "lawful_basis", "recipients"];

/// One indexed unit: a section of a notice (the text under one heading).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionDoc {
    pub org: String,
    pub org_name: String,
    pub org_kind: String,
    pub region: String,
    pub notice: String,
    pub notice_title: String,
    pub heading: String,
    pub anchor: String,
    /// Site-relative URL of the section, e.g. `orgs/dudley/public-health/#lawful-basis`.
    pub url: String,
    pub body: String,
    /// Facet values as (group, value), e.g. ("lawful_basis", "ukgdpr:6.1.e"); groups from
    /// `FACET_GROUPS`.
    pub facets: Vec<(String, String)>,
}

/// The schema and its fields, resolved once.
#[derive(Clone, Debug)]
pub struct AtlasSchema {
    pub schema: Schema,
    pub org: Field,
    pub org_name: Field,
    pub org_kind: Field,
    pub region: Field,
    pub notice: Field,
    pub notice_title: Field,
    pub heading: Field,
    pub anchor: Field,
    pub url: Field,
    pub body: Field,
    /// Hierarchical facets `/group/value`, for filters and counts.
    pub facets: Field,
}

impl AtlasSchema {
    /// Builds the schema used for every index the project writes.
    pub fn build() -> AtlasSchema {
        let mut builder = Schema::builder();
        // Field norms (one byte per document per field) let BM25 weigh a match in a short
        // text above one in a long text. They matter for section bodies, whose lengths vary
        // widely, and little for names, titles and headings, which are all short; and a
        // reader fetching the index by byte range must load a field's norms whole, so only
        // the body keeps them.
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let short_text = TextOptions::default()
            .set_indexing_options(indexing.clone().set_fieldnorms(false))
            .set_stored();
        let stored_text = TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored();
        let org = builder.add_text_field("org", STRING | STORED);
        let org_name = builder.add_text_field("org_name", short_text.clone());
        let org_kind = builder.add_text_field("org_kind", STRING | STORED);
        let region = builder.add_text_field("region", STRING | STORED);
        let notice = builder.add_text_field("notice", STRING | STORED);
        let notice_title = builder.add_text_field("notice_title", short_text.clone());
        let heading = builder.add_text_field("heading", short_text);
        let anchor = builder.add_text_field("anchor", STORED);
        let url = builder.add_text_field("url", STORED);
        let body = builder.add_text_field("body", stored_text);
        let facets = builder.add_facet_field("facets", FacetOptions::default());
        AtlasSchema {
            schema: builder.build(),
            org,
            org_name,
            org_kind,
            region,
            notice,
            notice_title,
            heading,
            anchor,
            url,
            body,
            facets,
        }
    }

    /// Resolves the fields of an opened index, checking that it was written with this schema.
    pub fn from_schema(schema: Schema) -> tantivy::Result<AtlasSchema> {
        let expected = AtlasSchema::build();
        if schema != expected.schema {
            return Err(tantivy::TantivyError::SchemaError(
                "the search index was written by a different version of Notice Atlas; rebuild the site"
                    .to_string(),
            ));
        }
        Ok(expected)
    }

    /// Turns a section into a tantivy document.
    pub fn document(&self, doc: &SectionDoc) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(self.org, &doc.org);
        d.add_text(self.org_name, &doc.org_name);
        d.add_text(self.org_kind, &doc.org_kind);
        d.add_text(self.region, &doc.region);
        d.add_text(self.notice, &doc.notice);
        d.add_text(self.notice_title, &doc.notice_title);
        d.add_text(self.heading, &doc.heading);
        d.add_text(self.anchor, &doc.anchor);
        d.add_text(self.url, &doc.url);
        d.add_text(self.body, &doc.body);
        for (group, value) in &doc.facets {
            d.add_facet(self.facets, facet(group, value));
        }
        d
    }
}

/// The facet path of a value: `/group/value` (a value may hold any character).
pub fn facet(group: &str, value: &str) -> Facet {
    Facet::from_path([group, value])
}
