//! Phrases without word positions: a phrase becomes its neighbouring word pairs, each a term
//! of the `pairs` field (see `AtlasSchema::build`).

use tantivy::query_grammar::{
    Delimiter, Occur as GrammarOccur, UserInputAst, UserInputLeaf, UserInputLiteral,
};

use crate::schema;

/// Rewrites every phrase (quoted, or words joined by punctuation such as "opt-out") as
/// its neighbouring word pairs, all required, in the `pairs` field named `pairs`. A phrase
/// aimed at one field, or with a slop (`"a b"~2`), asks for all its words in that field
/// instead.
pub(crate) fn phrases_as_pairs(ast: UserInputAst, pairs: &str) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, phrases_as_pairs(sub, pairs)))
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => {
            UserInputAst::Boost(Box::new(phrases_as_pairs(*sub, pairs)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => literal_as_pairs(literal, pairs),
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

fn literal_as_pairs(literal: UserInputLiteral, pairs: &str) -> UserInputAst {
    let words = word_slices(&literal.phrase);
    if words.len() < 2 {
        return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
    }
    let leaf = |field: Option<String>, phrase: String| {
        (
            Some(GrammarOccur::Must),
            UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(UserInputLiteral {
                field_name: field,
                phrase,
                delimiter: Delimiter::None,
                slop: 0,
                prefix: false,
            }))),
        )
    };
    if literal.field_name.is_some() || literal.slop > 0 {
        return UserInputAst::Clause(
            words
                .iter()
                .map(|w| leaf(literal.field_name.clone(), w.to_string()))
                .collect(),
        );
    }
    UserInputAst::Clause(
        words
            .windows(2)
            .map(|w| {
                leaf(
                    Some(pairs.to_string()),
                    format!("{}{}{}", w[0], schema::PAIR_SEPARATOR, w[1]),
                )
            })
            .collect(),
    )
}

/// The words of a query phrase as typed (the pair analyzer stems them itself).
fn word_slices(phrase: &str) -> Vec<&str> {
    schema::words(&mut schema::unstemmed_analyzer(), phrase)
        .iter()
        .map(|t| &phrase[t.offset_from..t.offset_to])
        .collect()
}
