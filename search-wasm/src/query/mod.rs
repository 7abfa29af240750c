//! From the text a reader typed to a tantivy query: lenient parsing (`parse`), phrases as
//! word pairs (`phrase`), and the word still being typed as a prefix (`prefix`).

mod bounds;
mod parse;
mod phrase;
mod prefix;
mod typo;

use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, Term};

use crate::schema::AtlasSchema;

pub(crate) use bounds::bounded;
pub(crate) use prefix::{prefix_end, Partial};
pub use typo::Spelling;
pub(crate) use typo::{corrected, Corrections};

/// Whether every word of a query must match, or any will do (the fallback when no notice
/// has them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Words {
    All,
    Any,
}

/// Builds the queries of one index.
pub(crate) struct QueryBuilder {
    fields: AtlasSchema,
    all_words: parse::Parser,
    any_word: parse::Parser,
}

impl QueryBuilder {
    pub fn new(index: &Index, fields: &AtlasSchema) -> QueryBuilder {
        QueryBuilder {
            fields: fields.clone(),
            all_words: parse::Parser::new(index, fields, Words::All),
            any_word: parse::Parser::new(index, fields, Words::Any),
        }
    }

    /// The parsed query, plus, while the last word is still being typed, the same query with
    /// that word taken as a prefix.
    pub fn build(&self, text: &str, words: Words) -> Box<dyn Query> {
        let parser = match words {
            Words::All => &self.all_words,
            Words::Any => &self.any_word,
        };
        let parsed = parser.parse(text);
        let Some((rest, partial)) = prefix::trailing_partial_word(text) else {
            return parsed;
        };
        let Some(partial) = Partial::of_word(partial) else {
            return parsed;
        };
        let prefix_query = partial.query(&self.fields.searched());
        let with_prefix: Box<dyn Query> = if rest.trim().is_empty() {
            prefix_query
        } else {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, parser.parse(rest)),
                (Occur::Must, prefix_query),
            ]))
        };
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, parsed),
            (Occur::Should, with_prefix),
        ]))
    }
}

/// A term of an indexed field: tantivy's `TermQuery`, minus its fallback for fields that are
/// only fast fields (a range scan over the field's column). Every term this crate searches
/// is in an indexed field, and that fallback would link range queries over every column
/// type into the browser module.
#[derive(Debug, Clone)]
pub(crate) struct IndexedTermQuery(TermQuery);

impl IndexedTermQuery {
    pub fn boxed(term: Term, option: IndexRecordOption) -> Box<dyn Query> {
        Box::new(IndexedTermQuery(TermQuery::new(term, option)))
    }
}

impl Query for IndexedTermQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.0.specialized_weight(scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}
