//! Search as you type: the word still being typed is matched as a prefix.

use tantivy::query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::schema;

/// Shortest partial word that is expanded as a prefix while the reader is still typing.
const MIN_PREFIX_CHARS: usize = 2;
/// Shortest stem tried when a partial word is cut back to a possible stem.
const MIN_STEM_CHARS: usize = 4;

/// Splits `text` into what comes before the last word and the last word, when the text
/// ends inside a plain word (the reader is still typing it). Words in quotes or after a
/// field name are left alone.
pub(crate) fn trailing_partial_word(text: &str) -> Option<(&str, &str)> {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    let (rest, word) = text.split_at(start);
    if rest.ends_with(['"', ':', '*', '~', '^']) || text.matches('"').count() % 2 == 1 {
        return None;
    }
    if matches!(word, "AND" | "OR" | "NOT") {
        return None;
    }
    Some((rest, word))
}

/// A word still being typed, as the index may hold it.
#[derive(Debug, Clone)]
pub(crate) struct Partial {
    /// The word as typed, lower-cased and folded: every indexed term starting with it
    /// matches ("privac" finds the stem "privaci").
    pub prefix: String,
    /// The word cut back by one or two letters, matched as whole terms, because a stem is
    /// often shorter than the word it came from ("nationa" finds "nation", the stem of
    /// "national").
    pub whole: Vec<String>,
}

impl Partial {
    /// The partial last word of `text`, if it ends inside one long enough to expand.
    pub fn of_query(text: &str) -> Option<Partial> {
        trailing_partial_word(text).and_then(|(_, partial)| Partial::of_word(partial))
    }

    /// Terms that a partial word may stand for in the stemmed index.
    pub fn of_word(partial: &str) -> Option<Partial> {
        let raw = schema::first_token(&mut schema::unstemmed_analyzer(), partial)?;
        let chars: Vec<char> = raw.chars().collect();
        if chars.len() < MIN_PREFIX_CHARS {
            return None;
        }
        let mut whole = Vec::new();
        for cut in 1..=2 {
            if chars.len() >= MIN_STEM_CHARS + cut {
                whole.push(chars[..chars.len() - cut].iter().collect());
            }
        }
        Some(Partial { prefix: raw, whole })
    }

    /// Whether an indexed term is one this partial word stands for.
    pub fn matches(&self, term: &str) -> bool {
        term.starts_with(self.prefix.as_str()) || self.whole.iter().any(|w| w == term)
    }

    /// Any of the terms in any of `fields`.
    pub fn query(&self, fields: &[Field]) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            fields
                .iter()
                .flat_map(|&field| {
                    let term = Term::from_field_text(field, &self.prefix);
                    let prefix: Box<dyn Query> =
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, false));
                    let whole = self.whole.iter().map(move |text| {
                        let term = Term::from_field_text(field, text);
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                        q
                    });
                    std::iter::once(prefix).chain(whole)
                })
                .map(|q| (Occur::Should, q))
                .collect(),
        ))
    }
}
