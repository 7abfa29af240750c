//! Lenient parsing: what the grammar cannot read is searched as plain words.

use tantivy::query::{Query, QueryParser};
use tantivy::query_grammar;
use tantivy::Index;

use super::phrase::phrases_as_pairs;
use super::Words;
use crate::schema::AtlasSchema;

/// Turns query text into a query over the searched fields, titles and headings weighing
/// more than the body.
pub(crate) struct Parser {
    parser: QueryParser,
    pairs: String,
}

impl Parser {
    pub fn new(index: &Index, fields: &AtlasSchema, words: Words) -> Parser {
        let mut parser = QueryParser::for_index(index, fields.searched().to_vec());
        if words == Words::All {
            parser.set_conjunction_by_default();
        }
        parser.set_field_boost(fields.heading, 2.0);
        parser.set_field_boost(fields.notice_title, 1.5);
        parser.set_field_boost(fields.org_name, 1.5);
        Parser {
            parser,
            pairs: index.schema().get_field_name(fields.pairs).to_string(),
        }
    }

    /// Parses leniently (what cannot be read is searched as words), phrases becoming word
    /// pairs.
    pub fn parse(&self, text: &str) -> Box<dyn Query> {
        let (ast, _errors) = query_grammar::parse_query_lenient(text);
        let (query, _errors) = self
            .parser
            .build_query_from_user_input_ast_lenient(phrases_as_pairs(ast, &self.pairs));
        query
    }
}
