//! Query text to a tantivy query, leniently: tantivy's grammar reads the text into its AST
//! (what it cannot read becomes plain words), and this module turns that AST into a query
//! over the index's fields itself. tantivy's own `QueryParser` is not used: it would bring
//! range, regex and date code into the browser module that these queries never need.
//!
//! The query built is the one `QueryParser` would build for the same AST (the same
//! clauses, boosts and empty-clause trimming), so scores are those it would give.

use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, Query};
use tantivy::query_grammar::{
    self, Occur as GrammarOccur, UserInputAst, UserInputLeaf, UserInputLiteral,
};
use tantivy::schema::{Facet, Field, FieldType, IndexRecordOption};
use tantivy::{Index, Score, Term};

use super::phrase::phrases_as_pairs;
use super::{IndexedTermQuery, Words};
use crate::schema::AtlasSchema;

/// A query on its way from the grammar's AST to tantivy: clauses may still be empty.
enum Node {
    Clause(Vec<(Occur, Node)>),
    Boost(Box<Node>, Score),
    Leaf(Box<dyn Query>),
}

impl Node {
    fn empty() -> Node {
        Node::Clause(Vec::new())
    }

    fn boosted(self, boost: Score) -> Node {
        if (boost - 1.0).abs() < Score::EPSILON {
            self
        } else {
            Node::Boost(Box::new(self), boost)
        }
    }

    /// True when every clause excludes (a query that would match nothing to start from).
    fn all_negative(&self) -> bool {
        match self {
            Node::Leaf(_) => false,
            Node::Boost(child, _) => child.all_negative(),
            Node::Clause(children) => children
                .iter()
                .all(|(occur, child)| *occur == Occur::MustNot || child.all_negative()),
        }
    }

    /// Adds "every notice" to an all-negative clause (inside its boost, if boosted).
    fn include_all(&mut self) {
        match self {
            Node::Leaf(_) => {}
            Node::Boost(child, _) => child.include_all(),
            Node::Clause(children) => {
                children.push((Occur::Should, Node::Leaf(Box::new(AllQuery))))
            }
        }
    }

    /// Drops empty clauses, recursively; `None` when nothing is left.
    fn trimmed(self) -> Option<Node> {
        match self {
            Node::Clause(children) => {
                let kept: Vec<(Occur, Node)> = children
                    .into_iter()
                    .filter_map(|(occur, child)| child.trimmed().map(|c| (occur, c)))
                    .collect();
                (!kept.is_empty()).then_some(Node::Clause(kept))
            }
            other => Some(other),
        }
    }

    fn into_query(self) -> Box<dyn Query> {
        match self.trimmed() {
            Some(Node::Clause(children)) => Box::new(BooleanQuery::new(
                children
                    .into_iter()
                    .map(|(occur, child)| (occur, child.into_query()))
                    .collect(),
            )),
            Some(Node::Boost(child, boost)) => Box::new(BoostQuery::new(child.into_query(), boost)),
            Some(Node::Leaf(query)) => query,
            None => Box::new(EmptyQuery),
        }
    }
}

/// Turns query text into a query over the searched fields, titles and headings weighing
/// more than the body.
pub(crate) struct Parser {
    index: Index,
    fields: AtlasSchema,
    pairs: String,
    default_occur: Occur,
}

impl Parser {
    pub fn new(index: &Index, fields: &AtlasSchema, words: Words) -> Parser {
        Parser {
            index: index.clone(),
            fields: fields.clone(),
            pairs: index.schema().get_field_name(fields.pairs).to_string(),
            default_occur: match words {
                Words::All => Occur::Must,
                Words::Any => Occur::Should,
            },
        }
    }

    /// Parses leniently (what cannot be read is searched as words), phrases becoming word
    /// pairs.
    pub fn parse(&self, text: &str) -> Box<dyn Query> {
        let (ast, _errors) = query_grammar::parse_query_lenient(text);
        let ast = phrases_as_pairs(ast, &self.pairs);
        let mut node = self.node(ast);
        let empty = matches!(&node, Node::Clause(children) if children.is_empty());
        if !empty && node.all_negative() {
            // Only exclusions: exclude them from every notice.
            node.include_all();
        }
        node.into_query()
    }

    fn node(&self, ast: UserInputAst) -> Node {
        match ast {
            UserInputAst::Clause(clauses) => Node::Clause(
                clauses
                    .into_iter()
                    .map(|(occur, sub)| {
                        let occur = match occur {
                            Some(GrammarOccur::Must) => Occur::Must,
                            Some(GrammarOccur::MustNot) => Occur::MustNot,
                            Some(GrammarOccur::Should) => Occur::Should,
                            None => self.default_occur,
                        };
                        (occur, self.node(sub))
                    })
                    .collect(),
            ),
            UserInputAst::Boost(sub, boost) => self.node(*sub).boosted(boost.into_inner() as Score),
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(literal) => self.literal(&literal),
                UserInputLeaf::All => Node::Leaf(Box::new(AllQuery)),
                // Ranges, sets, regular expressions and `field:*` are not offered: searched
                // as nothing, like a field that does not exist.
                _ => Node::empty(),
            },
        }
    }

    /// A literal in each field it is aimed at (the searched fields when it names none).
    fn literal(&self, literal: &UserInputLiteral) -> Node {
        let fields: Vec<Field> = match &literal.field_name {
            None => self.fields.searched().to_vec(),
            Some(name) => match self.index.schema().get_field(name) {
                Ok(field) => vec![field],
                Err(_) => return Node::empty(),
            },
        };
        let mut leaves: Vec<Node> = fields
            .into_iter()
            .filter_map(|field| {
                let query = self.term_query(field, literal)?;
                Some(Node::Leaf(query).boosted(self.boost(field)))
            })
            .collect();
        if leaves.len() == 1 {
            leaves.pop().expect("one leaf")
        } else {
            Node::Clause(leaves.into_iter().map(|n| (Occur::Should, n)).collect())
        }
    }

    /// The literal as one term of `field`; `None` when it makes no term, or more than one
    /// (a phrase in a field without word positions: phrases were made word pairs before).
    fn term_query(&self, field: Field, literal: &UserInputLiteral) -> Option<Box<dyn Query>> {
        let entry = self.index.schema().get_field_entry(field).clone();
        if !entry.is_indexed() {
            return None;
        }
        let term = match entry.field_type() {
            FieldType::Str(_) => {
                let mut analyzer = self.index.tokenizer_for_field(field).ok()?;
                let mut terms = Vec::new();
                analyzer
                    .token_stream(&literal.phrase)
                    .process(&mut |token| terms.push(Term::from_field_text(field, &token.text)));
                if terms.len() != 1 || literal.prefix {
                    return None;
                }
                terms.pop()?
            }
            FieldType::Facet(_) => {
                Term::from_facet(field, &Facet::from_text(&literal.phrase).ok()?)
            }
            _ => return None,
        };
        Some(IndexedTermQuery::boxed(term, IndexRecordOption::WithFreqs))
    }

    fn boost(&self, field: Field) -> Score {
        if field == self.fields.heading {
            2.0
        } else if field == self.fields.notice_title || field == self.fields.org_name {
            1.5
        } else {
            1.0
        }
    }
}
